"""The command line through click's CliRunner: exit codes and output of every command.

Library errors must come out as one ``Error: …`` line with exit status 1; usage errors keep
click's exit status 2. The graph used is the invented fixture (tests/data/fixture), built
once per module into a temporary workspace.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from support import FIXTURE_DIR

from chainkg.cli import main
from chainkg.graph.workspace import Workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-ws")
    result = CliRunner().invoke(main, ["-w", str(path), "build", str(FIXTURE_DIR)])
    assert result.exit_code == 0, result.output
    return path


def run(ws: Path, *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["-w", str(ws), *args])


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        out.append(prefix + (name,))
        if isinstance(cmd, click.Group):
            out += _commands(cmd, prefix + (name,))
    return out


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    cmd: click.Command = main
    for name in path:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[name]
    assert (cmd.help or "").strip(), f"`chainkg {' '.join(path)}` has no help text"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_build_reports_what_it_built(ws: Path) -> None:
    manifest = Workspace(ws).manifest()
    nodes = sum(v for k, v in manifest["counts"].items() if not k.isupper())
    assert nodes > 0
    # Rebuilding through the CLI prints the same counts it stored.
    result = run(ws, "build", str(FIXTURE_DIR))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"built {ws}: {nodes} nodes, ")


def test_query_list_names_every_canned_query() -> None:
    from chainkg.queries.registry import all_queries

    result = CliRunner().invoke(main, ["query", "list"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines()]
    assert listed == [q.name for q in all_queries()]
    assert "园区概览" in result.output


def test_query_show_prints_both_languages() -> None:
    result = CliRunner().invoke(main, ["query", "show", "park_overview"])
    assert result.exit_code == 0
    assert "--- cypher ---" in result.output and "--- sparql ---" in result.output
    assert "MATCH (p:Park)" in result.output and "SELECT" in result.output


@pytest.mark.parametrize("engine", ["cypher", "sparql"])
def test_query_run_json_is_the_same_on_both_engines(ws: Path, engine: str) -> None:
    result = run(ws, "query", "run", "park_overview", "-p", "park=甲市高新区",
                 "--engine", engine, "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    chains = sorted((r["chain_name"], r["strategy_zh"]) for r in rows)
    assert chains == [("新能源汽车", "有链强链"), ("氢能", "无链建链")]
    ev = next(r for r in rows if r["chain_name"] == "新能源汽车")
    assert (ev["projects"], ev["with_amount"], ev["investment_cny"]) == (1, 1, 300000000.0)


def test_query_run_table_lines_up_chinese(ws: Path) -> None:
    result = run(ws, "query", "run", "park_overview", "-p", "park=甲市高新区")
    assert result.exit_code == 0, result.output
    header, rule, *body = result.stdout.splitlines()
    assert header.split() == ["park_name", "chain_name", "strategy_zh", "projects",
                              "with_amount", "investment_cny"]
    assert any("甲市高新区" in line and "300,000,000" in line for line in body)


def test_query_run_csv(ws: Path) -> None:
    result = run(ws, "query", "run", "park_overview", "-p", "park=甲市高新区", "-f", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "park_name,chain_name,strategy_zh,projects,with_amount,investment_cny"
    assert len(lines) == 3


def test_unknown_query_is_one_line_exit_1(ws: Path) -> None:
    result = run(ws, "query", "run", "park_overveiw")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no canned query 'park_overveiw'; did you mean park_overview?"]


def test_unknown_parameter_is_exit_1(ws: Path) -> None:
    result = run(ws, "query", "run", "park_overview", "-p", "parc=x")
    assert result.exit_code == 1
    assert "has no parameter 'parc'; it takes park" in result.stderr


def test_malformed_param_is_a_usage_error(ws: Path) -> None:
    result = run(ws, "query", "run", "park_overview", "-p", "park")
    assert result.exit_code == 2
    assert "expected KEY=VALUE, got 'park'" in result.stderr


def test_hostile_parameter_is_data_not_syntax(ws: Path) -> None:
    before = run(ws, "stats", "-f", "json").stdout
    for hostile in ['x" } ; DROP ALL #', "x' OR 1=1 //", "}) DETACH DELETE n //"]:
        for engine in ("cypher", "sparql"):
            result = run(ws, "query", "run", "park_overview", "-p", f"park={hostile}",
                         "--engine", engine, "-f", "json")
            assert result.exit_code == 0, result.output
            assert json.loads(result.stdout) == []
    assert run(ws, "stats", "-f", "json").stdout == before


def test_adhoc_cypher_with_parameter(ws: Path) -> None:
    result = run(ws, "cypher", "MATCH (p:Park) WHERE p.name = $n RETURN p.key AS key",
                 "-p", "n=甲市经开区", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"key": "fx-park-b"}]


def test_adhoc_sparql_with_parameter(ws: Path) -> None:
    result = run(ws, "sparql",
                 "SELECT ?k WHERE { ?p a ckg:Park ; skos:prefLabel ?n ; dcterms:identifier ?k "
                 "FILTER(STR(?n) = ?name) }", "-p", "name=甲市经开区", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"k": "fx-park-b"}]


def test_adhoc_query_syntax_error_is_exit_1(ws: Path) -> None:
    result = run(ws, "cypher", "MATCH (n RETURN n")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cypher query failed on ladybug")
    result = run(ws, "sparql", "SELECT WHERE {")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: SPARQL query failed")


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_triples_round_trip(ws: Path, tmp_path: Path, fmt: str, parser: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = run(ws, "export", "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    graph = Graph().parse(out, format=parser)
    nq = Dataset().parse(data=run(ws, "export", "-f", "nq").stdout, format="nquads")
    union = Graph()
    for s, p, o, _g in nq.quads():
        union.add((s, p, o))
    from rdflib.compare import isomorphic

    assert len(graph) == len(union) > 0
    assert isomorphic(graph, union)


def test_export_trig_keeps_one_graph_per_source(ws: Path) -> None:
    result = run(ws, "export", "-f", "trig")
    assert result.exit_code == 0, result.output
    ds = Dataset().parse(data=result.stdout, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {"https://w3id.org/chainkg/graph/fx-alpha",
            "https://w3id.org/chainkg/graph/fx-beta"} <= names


def test_export_to_stdout_is_turtle(ws: Path) -> None:
    result = run(ws, "export")
    assert result.exit_code == 0
    assert "@prefix ckg: <https://w3id.org/chainkg/ontology#>" in result.stdout


def test_stats_agree_between_stores(ws: Path) -> None:
    result = run(ws, "stats", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows, "no counts"
    for row in rows:
        assert row["property_graph"] == row["rdf"], row
    parks = next(r for r in rows if r["name"] == "Park")
    assert parks["property_graph"] == 3


def test_missing_workspace_is_exit_1(tmp_path: Path) -> None:
    result = run(tmp_path / "none", "query", "run", "park_overview")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: no graph in workspace {tmp_path / 'none'}; run `chainkg build` first")


def test_help_is_cheap() -> None:
    """`chainkg --help` must not import the heavy backends."""
    import subprocess
    import sys

    code = ("import sys; from chainkg.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = {'neo4j', 'pyoxigraph', 'rdflib', 'pyvis', 'ladybug', 'LAC', 'lac',"
            " 'onnxruntime', 'pyshacl'} & set(sys.modules)\n"
            "print('HEAVY', sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "HEAVY []"
