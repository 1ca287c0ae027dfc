"""Investment totals say how many projects they rest on: a total of 0 over projects that
state no amount is not "no investment"."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from chainkg.queries.registry import get

ENGINES = ("ladybug", "neo4j", "sparql")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("graph", ["fixture", "seed"])
def test_chain_across_parks_counts_projects_with_amounts(engines: Any, engine: str,
                                                         graph: str) -> None:
    facts, stores = engines(graph)
    chains = Counter(j.chain for j in facts.projects.values() if j.chain and j.park)
    chain = chains.most_common(1)[0][0]
    rows = get("chain_across_parks").run(stores[engine], {"chain": chain}).dicts()
    names = {k: p.name for k, p in facts.parks.items()}
    projects = Counter(names[j.park] for j in facts.projects.values()
                       if j.chain == chain and j.park)
    stated = Counter(names[j.park] for j in facts.projects.values()
                     if j.chain == chain and j.park and j.amount_cny is not None)
    assert rows, f"{graph}: no park has {chain}"
    for r in rows:
        assert r["projects"] == projects[r["park_name"]], r
        assert r["with_amount"] == stated[r["park_name"]], r
        if r["with_amount"] == 0:
            assert r["investment_cny"] == 0
