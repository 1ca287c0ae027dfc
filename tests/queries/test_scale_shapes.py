"""The scale-shaped SPARQL texts of five canned queries give the Cypher rows on a graph
with many rows per park, chain and segment.

chains_by_strategy, stance_check, park_competition, segment_enterprises and
chain_across_parks are shaped for Oxigraph at 100k enterprises (see the comment at the top
of each queries/sparql/*.rq): scans hash-joined in sub-SELECTs, sort keys computed in
memory ("~" + name, an integer rank of the (strategy, chain) pair), the investors of each
project counted per segment. The fixture and seed graphs have a handful of rows per park
(tests/queries/test_parity.py covers them); here a small synthetic graph
(benchmarks/generate.py) has hundreds of projects per park with long names sharing their
first characters, enterprises placed on segments, investors and leaders, so that long
sort keys sharing their first characters, projects on several chains and segments, and
large base-enterprise counts really occur.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from support import embedded_stores, rounded, synthetic_facts

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import STRATEGIES, Facts
from chainkg.graph.rdf_store import RdfStore
from chainkg.queries.registry import get

# The ORDER BY of each query, as column positions of its result rows: rows must come in
# the same order of these keys on both engines (rows tied on all of them may come in any
# order, so the full rows are compared as multisets).
ORDER_KEYS = {
    "chains_by_strategy": (0, 1, 2),
    "stance_check": (0, 1, 5, 2, 4),
    "park_competition": (2, 0, 3),
    "segment_enterprises": (2, 0, 3),
    "chain_across_parks": (1, 2),
}
# Rows the busiest values must give at least, or the graph is too small for the test:
# one row per project, enterprise or placed project; per (segment, park); per park.
ENOUGH = {"chains_by_strategy": 100, "stance_check": 100, "segment_enterprises": 50,
          "park_competition": 12, "chain_across_parks": 5}


@pytest.fixture(scope="module")
def graph() -> Iterator[tuple[Facts, LadybugStore, RdfStore]]:
    facts = synthetic_facts(3000, 11)
    with embedded_stores(facts) as (ladybug, rdf):
        yield facts, ladybug, rdf


def _busiest(facts: Facts) -> tuple[list[str], list[str]]:
    """The two parks with the most located things and the two chains with the most
    projects (keys), then the quietest of each."""
    parks = Counter(r.target for r in facts.located_in.values())
    chains = Counter(j.chain for j in facts.projects.values() if j.chain)
    park_keys = [k for k, _ in parks.most_common()]
    chain_keys = [k for k, _ in chains.most_common()]
    return park_keys[:2] + park_keys[-1:], chain_keys[:2] + chain_keys[-1:]


def _param_sets(name: str, facts: Facts) -> list[dict[str, Any]]:
    parks, chains = _busiest(facts)
    if name == "chains_by_strategy":
        return [{"park": p, "strategy": s} for p in parks for s in ("", *STRATEGIES)]
    if name in ("park_competition", "chain_across_parks"):
        return [{"chain": c} for c in chains]
    both = [{"park": p, "chain": c} for p in parks for c in chains]
    # stance_check also runs unfiltered (its defaults): every park and chain at once
    return [{}, *both] if name == "stance_check" else both


def _key(row: tuple[Any, ...], positions: tuple[int, ...]) -> tuple[Any, ...]:
    return tuple(row[i] for i in positions)


@pytest.mark.parametrize("name", sorted(ORDER_KEYS))
def test_sparql_gives_the_cypher_rows_at_scale(graph: Any, name: str) -> None:
    facts, ladybug, rdf = graph
    q = get(name)
    keys = ORDER_KEYS[name]
    busy = 0
    for params in _param_sets(name, facts):
        expected = rounded(q.run(ladybug, params).rows)
        got = rounded(q.run(rdf, params).rows)
        assert [_key(r, keys) for r in got] == [_key(r, keys) for r in expected], (
            f"{name} {params}: rows come in another order")
        assert Counter(got) == Counter(expected), f"{name} {params}: other rows"
        busy = max(busy, len(expected))
    # the point of this graph: many rows for the busiest values, not a handful
    assert busy >= ENOUGH[name], f"{name}: at most {busy} rows; too few to test the shape"

