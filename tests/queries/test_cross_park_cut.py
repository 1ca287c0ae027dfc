"""cross_park_supply's SPARQL text cuts early (see the comment at the top of
queries/sparql/cross_park_supply.rq): it keeps only the supplier parks that the first
`limit` rows can come from, and it picks one of two strategies by how many enterprises the
chain ties. Both must give exactly the rows of the plain Cypher text, at every limit, also
where the limit ends on a park boundary, so each strategy is also run on its own here.

The graph is a small synthetic one (benchmarks/generate.py) with several parks and a few
thousand supply links, where the cut really drops parks; the fixture and seed graphs have
too few rows per park for that (tests/queries/test_parity.py covers them).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from support import embedded_stores, synthetic_facts

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Facts
from chainkg.graph.rdf_store import RdfStore
from chainkg.queries.registry import CannedQuery, get

NAME = "cross_park_supply"


@pytest.fixture(scope="module")
def graph() -> Iterator[tuple[Facts, LadybugStore, RdfStore]]:
    facts = synthetic_facts(3000, 7)
    with embedded_stores(facts) as (ladybug, rdf):
        yield facts, ladybug, rdf


def _strategy(query: CannedQuery, which: str) -> CannedQuery:
    """The query with its SPARQL text forced onto one strategy: the tie-count threshold
    made unreachable one way or the other (the result must not depend on it)."""
    text = query.text("sparql")
    dense, sparse = ("0", "0") if which == "parks" else ("1000000000", "1000000000")
    text, n_ge = re.subn(r"\?ties >= \d+", f"?ties >= {dense}", text)
    text, n_lt = re.subn(r"\?ties < \d+", f"?ties < {sparse}", text)
    assert n_ge == 1 and n_lt == 1, "the strategy switch in cross_park_supply.rq moved"
    return dataclasses.replace(query, texts={**query.texts, "sparql": text})


def _chains(facts: Facts) -> list[str]:
    """No chain, the chain that ties the most enterprises, and the one that ties the
    fewest (placed in a segment or leading it)."""
    ties: Counter[str] = Counter({key: 0 for key in facts.chains})
    segment_chain = {s.key: s.chain for s in facts.segments.values()}
    for _, _, segment in facts.in_segment:  # keys: (type, enterprise, segment)
        ties[segment_chain[segment]] += 1
    for key in facts.leads:  # keys: (type, leader, chain, ...)
        ties[key[2]] += 1
    ranked = [key for key, _ in ties.most_common()]
    return ["", ranked[0], ranked[-1]]


@pytest.mark.parametrize("strategy", ["as written", "parks", "ties"])
def test_every_limit_gives_the_cypher_rows(graph: Any, strategy: str) -> None:
    facts, ladybug, rdf = graph
    plain = get(NAME)
    query = plain if strategy == "as written" else _strategy(plain, strategy)
    for chain in _chains(facts):
        everything = plain.run(ladybug, {"chain": chain, "limit": 0}).rows
        first_park = sum(1 for r in everything if r[1] == everything[0][1]) if everything else 0
        if chain == "":
            # the cut must have parks to drop, or this test proves nothing
            assert len({r[1] for r in everything}) >= 3, "too few supplier parks"
            assert first_park < len(everything)
        # 0 is "all"; first_park and first_park + 1 end on / just past a park boundary
        for limit in sorted({0, 1, 5, 37, first_park, first_park + 1}):
            expected = plain.run(ladybug, {"chain": chain, "limit": limit}).rows
            got = query.run(rdf, {"chain": chain, "limit": limit}).rows
            assert got == expected, (
                f"{strategy}: chain={chain!r} limit={limit}: {len(got)} rows, "
                f"ladybug {len(expected)}")
            if limit:
                assert expected == everything[:limit]
