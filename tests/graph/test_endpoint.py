"""Pushing to real servers: a SPARQL 1.1 endpoint (`oxigraph serve`) and a Bolt server
(FalkorDB standing in for Neo4j), through the library and through the CLI."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner
from paramcases import canonical, cases, is_ordered
from servers import free_port

from chainkg.cli import main
from chainkg.graph.model import Facts
from chainkg.graph.rdf_store import RdfStore
from chainkg.graph.sparql_endpoint import SparqlEndpoint
from chainkg.graph.workspace import Workspace
from chainkg.queries.registry import all_queries

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def pushed(sparql_server: str, fixture_facts: Facts) -> SparqlEndpoint:
    endpoint = SparqlEndpoint(sparql_server)
    endpoint.load(fixture_facts)
    return endpoint


@pytest.mark.endpoint
def test_every_canned_query_matches_the_embedded_store(pushed: SparqlEndpoint,
                                                       fixture_facts: Facts) -> None:
    with RdfStore() as embedded:
        embedded.load(fixture_facts)
        nonempty = 0
        for q in all_queries():
            for params in cases(q, fixture_facts):
                want = canonical(q.run(embedded, params).rows, is_ordered(q))
                got = canonical(q.run(pushed, params).rows, is_ordered(q))
                assert got == want, f"{q.name} {params}"
                nonempty += bool(want)
        assert nonempty > len(all_queries())
        assert pushed.counts() == embedded.counts()


@pytest.mark.endpoint
def test_pushing_twice_keeps_one_copy(pushed: SparqlEndpoint, fixture_facts: Facts) -> None:
    before = pushed.query(COUNT).rows[0][0]
    pushed.load(fixture_facts)
    assert pushed.query(COUNT).rows[0][0] == before > 300


@pytest.mark.endpoint
def test_cli_push_sparql(sparql_server: str, fixture_ws: Workspace) -> None:
    result = CliRunner().invoke(main, ["-w", str(fixture_ws.path), "push", "sparql",
                                       sparql_server])
    assert result.exit_code == 0, result.output
    m = re.search(rf"pushed to {re.escape(sparql_server)}: (\d+) triples", result.output)
    assert m and int(m[1]) > 300, result.output


def test_cli_push_sparql_to_a_closed_port_fails_in_one_line(fixture_ws: Workspace) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["-w", str(fixture_ws.path), "push", "sparql", url])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and url in lines[0], lines


# -- Neo4j over Bolt (FalkorDB) ------------------------------------------------------------
@pytest.mark.bolt
def test_cli_push_neo4j_and_query(bolt_servers: Any, fixture_ws: Workspace,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from chainkg.graph.neo4j_store import Neo4jStore

    uri = bolt_servers("cli").uri
    for var in ("NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    runner = CliRunner()
    ws = ["-w", str(fixture_ws.path)]
    # --no-schema: FalkorDB cannot create constraints over Bolt (schema text is unit-tested)
    for _ in range(2):  # a second push must change nothing
        result = runner.invoke(main, [*ws, "push", "neo4j", "--uri", uri, "--no-schema",
                                      "--batch-size", "10"])  # small: see FALKORDB_SAFE
        assert result.exit_code == 0, result.output
        assert f"pushed to {uri}: " in result.output
    with Neo4jStore(uri=uri) as remote, fixture_ws.property_graph() as embedded:
        assert remote.counts() == embedded.counts()

    monkeypatch.setenv("NEO4J_URI", uri)
    out = {}
    for engine in ("neo4j", "cypher"):
        result = runner.invoke(main, [*ws, "query", "run", "park_overview", "-p",
                                      "park=甲市高新区", "--engine", engine, "-f", "json"])
        assert result.exit_code == 0, result.output
        out[engine] = json.loads(result.output)
    assert out["neo4j"] == out["cypher"] and len(out["cypher"]) >= 2


def test_cli_push_neo4j_to_a_closed_port_fails_in_one_line(fixture_ws: Workspace) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["-w", str(fixture_ws.path), "push", "neo4j",
                                       "--uri", uri, "--no-schema"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and uri in lines[0], lines
