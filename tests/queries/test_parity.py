"""Every canned query returns the same rows on every engine.

Engines: the embedded ladybug store, the Neo4j backend against a real FalkorDB server
over Bolt, and the embedded RDF store (SPARQL). Graphs: the invented fixture graph and the
bundled seed graph. Each query runs with its default parameters and with values taken from
the graph under test (every park, chain, enterprise ... the parameter names), so queries
added later are covered without editing this file.
"""

from __future__ import annotations

from typing import Any

import pytest
from paramcases import canonical, cases, is_ordered

from chainkg.queries.registry import all_queries

QUERIES = [q.name for q in all_queries()]
GRAPHS = ["fixture", "seed"]


@pytest.mark.bolt
@pytest.mark.parametrize("graph", GRAPHS)
@pytest.mark.parametrize("name", QUERIES)
def test_engines_agree(engines: Any, graph: str, name: str) -> None:
    from chainkg.queries.registry import get

    q = get(name)
    facts, stores = engines(graph)
    ordered = is_ordered(q)
    nonempty = 0
    for params in cases(q, facts):
        results = {engine: canonical(q.run(store, params).rows, ordered)
                   for engine, store in stores.items()}
        reference = results["ladybug"]
        for engine, rows in results.items():
            assert rows == reference, (
                f"{name} {params} on the {graph} graph: {engine} differs from ladybug\n"
                f"  ladybug: {reference}\n  {engine}: {rows}")
        nonempty += bool(reference)
    if graph == "fixture":
        # the fixture graph is built so that every query finds something for some value
        assert nonempty, f"{name} returned no rows for any parameter value on the fixture"


@pytest.mark.bolt
@pytest.mark.parametrize("name", QUERIES)
def test_columns_agree(engines: Any, name: str) -> None:
    from chainkg.queries.registry import get

    q = get(name)
    _, stores = engines("fixture")
    columns = {engine: q.run(store).columns for engine, store in stores.items()}
    assert len({tuple(c) for c in columns.values()}) == 1, columns
