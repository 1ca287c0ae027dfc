"""The three query engines, each loaded with the fixture or the seed graph (built once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from servers import FALKORDB_SAFE
from support import need

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Facts
from chainkg.graph.rdf_store import RdfStore
from chainkg.loaders import SEED_DIR

Engines = Callable[[str], tuple[Facts, dict[str, Any]]]


@pytest.fixture(scope="session")
def engines(request: pytest.FixtureRequest, bolt_servers: Any) -> Iterator[Engines]:
    """``engines(graph)`` -> (facts, {"ladybug": …, "neo4j": …, "sparql": …}) for graph
    ``"fixture"`` or ``"seed"``; the Neo4j store talks to its own FalkorDB server."""
    from chainkg.graph.neo4j_store import Neo4jStore

    opened: dict[str, tuple[Facts, dict[str, Any]]] = {}

    def get(graph: str) -> tuple[Facts, dict[str, Any]]:
        if graph not in opened:
            if graph == "seed":
                need(SEED_DIR.is_dir() and any(SEED_DIR.glob("*.yaml")),
                     f"no seed graph yet in {SEED_DIR}")
            facts: Facts = request.getfixturevalue(f"{graph}_facts")
            neo = Neo4jStore(uri=bolt_servers(f"engines-{graph}").uri, **FALKORDB_SAFE)
            neo.clear()
            stores = {"ladybug": LadybugStore(), "neo4j": neo, "sparql": RdfStore()}
            for store in stores.values():
                store.load(facts)
            opened[graph] = facts, stores
        return opened[graph]

    yield get
    for _, stores in opened.values():
        for store in stores.values():
            store.close()
