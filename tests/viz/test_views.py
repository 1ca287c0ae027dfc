"""The network views in a real headless Chromium, offline.

Each view of the fixture graph is written to a file, opened from file:// in a browser
whose every network request fails, and checked: it lays out (window.__chainkg.ready),
its vis DataSets hold as many nodes and edges as the graph has (counted here by Cypher on
the embedded ladybug store, or from the query's rows, not by the view code), the console
has no error, and nothing was fetched. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from chainkg.cli import main
from chainkg.graph.model import (
    Enterprise,
    Facts,
    HasChain,
    IndustryChain,
    LocatedIn,
    Park,
    Project,
    Supplies,
)
from chainkg.graph.workspace import Workspace
from chainkg.queries.registry import get
from chainkg.viz.views import render_chain, render_overview, render_park, render_query

pytestmark = pytest.mark.browser
PROJECT_CHAIN = "IN_CHAIN|STRENGTHENS|BUILDS|EXTENDS|FILLS_GAP"


def _keys(store: Any, text: str, **params: Any) -> set[Any]:
    rows = store.query(text, params).rows
    return {r[0] if len(r) == 1 else tuple(r) for r in rows}


def _count(store: Any, text: str, **params: Any) -> int:
    return int(store.query(text, params).rows[0][0])


def expected_park(ws: Workspace, park: str) -> tuple[int, int]:
    """Nodes and edges of the park view, counted on the property graph."""
    with ws.property_graph() as pg:
        chains = _keys(pg, "MATCH (p:Park {key: $k})-[:HAS_CHAIN]->(c) RETURN c.key", k=park)
        chains |= _keys(pg, f"MATCH (p:Park {{key: $k}})<-[:LOCATED_IN]-(:Project)"
                            f"-[:{PROJECT_CHAIN}]->(c) RETURN c.key", k=park)
        chains |= _keys(pg, "MATCH ()-[r:LEADS]->(c) WHERE r.park = $k RETURN c.key", k=park)
        leaders = _keys(pg, "MATCH (l)-[r:LEADS]->() WHERE r.park = $k RETURN l.key", k=park)
        lead_ents = _keys(pg, "MATCH (l:Enterprise)-[r:LEADS]->() WHERE r.park = $k "
                              "RETURN l.key", k=park)
        posts = _keys(pg, "MATCH (o:Post)-[:POST_IN]->(p:Park {key: $k}) RETURN o.key", k=park)
        located = _keys(pg, "MATCH (e:Enterprise)-[:LOCATED_IN]->(p:Park {key: $k}) "
                            "RETURN e.key", k=park)
        projects = _keys(pg, "MATCH (j:Project)-[:LOCATED_IN]->(p:Park {key: $k}) "
                             "RETURN j.key", k=park)
        invest = _keys(pg, "MATCH (e:Enterprise)-[:INVESTS_IN]->(j:Project)-[:LOCATED_IN]->"
                           "(p:Park {key: $k}) RETURN e.key, j.key", k=park)
        supplies = _keys(pg, "MATCH (a:Enterprise)-[:SUPPLIES]->(b:Enterprise) "
                             "RETURN a.key, b.key")
        has_chain = _count(pg, "MATCH (p:Park {key: $k})-[r:HAS_CHAIN]->() RETURN count(r)",
                           k=park)
        leads = _count(pg, "MATCH ()-[r:LEADS]->() WHERE r.park = $k RETURN count(r)", k=park)
    enterprises = located | lead_ents | {e for e, _ in invest}
    links = {(a, b) for a, b in supplies if a in enterprises or b in enterprises}
    nodes = ({park} | chains | leaders | posts | enterprises | projects
             | {x for pair in links for x in pair})
    # Each project has one edge: to its chain, or to the park when it has none.
    edges = (has_chain + leads + len(posts) + len(located) + len(projects) + len(invest)
             + len(links))
    return len(nodes), edges


def expected_chain(ws: Workspace, chain: str) -> tuple[int, int]:
    """Nodes and edges of the chain view, counted on the property graph."""
    with ws.property_graph() as pg:
        segs = _keys(pg, "MATCH (s:ChainSegment)-[:SEGMENT_OF]->(c {key: $k}) RETURN s.key",
                     k=chain)
        parks = _keys(pg, "MATCH (p:Park)-[:HAS_CHAIN]->(c {key: $k}) RETURN p.key", k=chain)
        has_chain = _count(pg, "MATCH ()-[r:HAS_CHAIN]->(c {key: $k}) RETURN count(r)",
                           k=chain)
        projects = _keys(pg, f"MATCH (j:Project)-[:{PROJECT_CHAIN}]->(c {{key: $k}}) "
                             "RETURN j.key", k=chain)
        located = _keys(pg, f"MATCH (p:Park)<-[:LOCATED_IN]-(j:Project)-[:{PROJECT_CHAIN}]->"
                            "(c {key: $k}) RETURN j.key, p.key", k=chain)
        invest = _keys(pg, f"MATCH (e:Enterprise)-[:INVESTS_IN]->(j:Project)-[:{PROJECT_CHAIN}]"
                           "->(c {key: $k}) RETURN e.key, j.key", k=chain)
        leaders = _keys(pg, "MATCH (l)-[:LEADS]->(c {key: $k}) RETURN l.key", k=chain)
        lead_ents = _keys(pg, "MATCH (l:Enterprise)-[:LEADS]->(c {key: $k}) RETURN l.key",
                          k=chain)
        leads = _count(pg, "MATCH ()-[r:LEADS]->(c {key: $k}) RETURN count(r)", k=chain)
        placed = _keys(pg, "MATCH (x)-[:IN_SEGMENT]->(s:ChainSegment)-[:SEGMENT_OF]->"
                           "(c {key: $k}) RETURN x.key, s.key", k=chain)
        placed_ents = _keys(pg, "MATCH (x:Enterprise)-[:IN_SEGMENT]->(s:ChainSegment)"
                                "-[:SEGMENT_OF]->(c {key: $k}) RETURN x.key", k=chain)
        curated = _keys(pg, f"MATCH (c {{key: $k}})<-[:{PROJECT_CHAIN}]-(j:Project)"
                            "-[r:IN_SEGMENT]->(:ChainSegment) WHERE r.rule = 'curated' "
                            "RETURN j.key", k=chain)
        feeds = _count(pg, "MATCH (a:ChainSegment)-[r:FEEDS]->(b:ChainSegment), "
                           "(a)-[:SEGMENT_OF]->(c {key: $k}), (b)-[:SEGMENT_OF]->(c) "
                           "RETURN count(r)", k=chain)
        supplies = _keys(pg, "MATCH (a:Enterprise)-[:SUPPLIES]->(b:Enterprise) "
                             "RETURN a.key, b.key")
    enterprises = {e for e, _ in invest} | lead_ents | placed_ents
    nodes = ({chain} | segs | parks | projects | {p for _, p in located} | enterprises
             | leaders | {x for x, _ in placed})
    links = {(a, b) for a, b in supplies if a in enterprises and b in enterprises}
    edges = (len(segs) + has_chain + len(projects - curated) + len(placed) + len(located)
             + len(invest) + leads + feeds + len(links))
    return len(nodes), edges


def _check(state: dict[str, Any], driver: Any, nodes: int, edges: int) -> None:
    errors = [e for e in state["logs"] if e["level"] in ("SEVERE", "ERROR")]
    assert not errors, errors
    assert (state["nodes"], state["edges"]) == (nodes, edges)
    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert fetched == []


def test_park_view(browser: Any, open_view: Any, screenshot: Any,
                   fixture_ws: Workspace, tmp_path: Path) -> None:
    view = render_park(fixture_ws, "甲市高新技术产业开发区", output=tmp_path / "park.html")
    nodes, edges = expected_park(fixture_ws, "fx-park-a")
    assert (view.nodes, view.edges) == (nodes, edges)
    state = open_view(browser, view.path)  # type: ignore[arg-type]
    _check(state, browser, nodes, edges)
    legend = browser.find_element("id", "ckg-legend").text
    for label in ("有链强链", "无链建链", "链主/龙头企业", "链长"):
        assert label in legend
    assert browser.find_element("id", "ckg-title").text == "甲市高新区"
    screenshot(browser, "park-fixture")


def test_park_view_filters_and_search(browser: Any, open_view: Any, screenshot: Any,
                                      fixture_ws: Workspace, tmp_path: Path) -> None:
    view = render_park(fixture_ws, "甲市高新区", output=tmp_path / "park.html")
    open_view(browser, view.path)  # type: ignore[arg-type]
    projects = sum(1 for n in view.graph.nodes if n.type == "Project")
    browser.find_element("css selector", "input[data-type=Project]").click()
    hidden = browser.execute_script(
        "return window.__chainkg.nodeSet.get({filter: function (n) { return n.hidden; }})"
        ".map(function (n) { return n.ckgType; });")
    assert hidden == ["Project"] * projects
    browser.find_element("css selector", "input[data-type=Project]").click()
    browser.find_element("id", "ckg-search-input").send_keys("甲车")
    browser.find_element("css selector", "#ckg-search button").click()
    selected = browser.execute_script("return window.__chainkg.network.getSelectedNodes();")
    assert selected == ["fx-ent-car"]
    strategy_edges = sum(1 for e in view.graph.edges if e.strategy == "有链强链")
    browser.find_element("css selector", "input[data-strategy='有链强链']").click()
    hidden_edges = browser.execute_script(
        "return window.__chainkg.edgeSet.get({filter: function (e) { return e.hidden; }})"
        ".length;")
    assert hidden_edges >= strategy_edges > 0


def test_chain_view(browser: Any, open_view: Any, screenshot: Any,
                    fixture_ws: Workspace, tmp_path: Path) -> None:
    view = render_chain(fixture_ws, "新能源汽车", output=tmp_path / "chain.html")
    nodes, edges = expected_chain(fixture_ws, "fx-chain-ev")
    assert (view.nodes, view.edges) == (nodes, edges)
    state = open_view(browser, view.path)  # type: ignore[arg-type]
    _check(state, browser, nodes, edges)
    # Segments sit upstream -> downstream, left to right.
    xs = browser.execute_script(
        "var n = window.__chainkg.network; return ['fx-seg-material', 'fx-seg-battery', "
        "'fx-seg-vehicle'].map(function (k) { return n.getPositions([k])[k].x; });")
    assert xs == sorted(xs) and len(set(xs)) == 3
    screenshot(browser, "chain-fixture")


def test_overview(browser: Any, open_view: Any, screenshot: Any,
                  fixture_ws: Workspace, tmp_path: Path) -> None:
    view = render_overview(fixture_ws, output=tmp_path / "overview.html")
    with fixture_ws.property_graph() as pg:
        nodes = _count(pg, "MATCH (n:Park) RETURN count(n)") + _count(
            pg, "MATCH (n:IndustryChain) RETURN count(n)")
        edges = _count(pg, "MATCH ()-[r:HAS_CHAIN]->() RETURN count(r)")
    state = open_view(browser, view.path)  # type: ignore[arg-type]
    _check(state, browser, nodes, edges)
    screenshot(browser, "overview-fixture")


def test_query_view(browser: Any, open_view: Any, screenshot: Any,
                    fixture_ws: Workspace, tmp_path: Path) -> None:
    view = render_query(fixture_ws, "chain_leaders", {}, output=tmp_path / "q.html")
    with fixture_ws.property_graph() as pg:
        rows = get("chain_leaders").run(pg, {}).dicts()
    leaders = {(r["leader"], r["leader_kind"]) for r in rows}
    nodes = len({r["park_name"] for r in rows} | {r["chain_name"] for r in rows}) + len(leaders)
    edges = len({(r["park_name"], r["chain_name"]) for r in rows}
                | {(r["chain_name"], r["leader"], r["role"]) for r in rows})
    state = open_view(browser, view.path)  # type: ignore[arg-type]
    _check(state, browser, nodes, edges)
    screenshot(browser, "query-chain_leaders-fixture")


def test_query_view_compare_parks(browser: Any, open_view: Any, screenshot: Any,
                                  fixture_ws: Workspace, tmp_path: Path) -> None:
    params = {"park_a": "甲市高新区", "park_b": "甲市经开区"}
    view = render_query(fixture_ws, "compare_parks", params, output=tmp_path / "cmp.html")
    with fixture_ws.property_graph() as pg:
        rows = get("compare_parks").run(pg, params).dicts()
    edges = sum(bool(r["in_a"]) + bool(r["in_b"]) for r in rows)
    state = open_view(browser, view.path)  # type: ignore[arg-type]
    _check(state, browser, len({r["chain_name"] for r in rows}) + 2, edges)


XSS = ["<script>window.__xss = 1</script>", '<img src=x onerror="window.__xss = 2">',
       "</script><script>window.__xss = 3</script><!--"]


def test_names_are_text_not_markup(browser: Any, open_view: Any, screenshot: Any,
                                   fixture_facts: Facts, tmp_path: Path) -> None:
    facts = Facts()
    facts.update(fixture_facts)
    park = dataclasses.replace(facts.parks["fx-park-a"], name="甲园" + XSS[1])
    facts.parks["fx-park-a"] = park
    for i, name in enumerate(XSS):
        facts.add(Enterprise(key=f"xss-{i}", name=name, sources=["fx-alpha"]))
        facts.add(LocatedIn(source=f"xss-{i}", target="fx-park-a"))
    facts.add(Project(key="xss-p", name=XSS[2], park="fx-park-a", chain="fx-chain-ev",
                      strategy="补链", amount_text=XSS[0], amount_cny=1e8))
    view = render_park(facts, "fx-park-a", output=tmp_path / "xss.html")
    assert "<script>window" not in view.html and "<img src=x" not in view.html
    state = open_view(browser, view.path)  # type: ignore[arg-type]
    assert [e for e in state["logs"] if e["level"] == "SEVERE"] == []
    assert browser.execute_script("return typeof window.__xss;") == "undefined"
    assert browser.find_element("id", "ckg-title").text == park.name
    assert browser.title.startswith(park.name)
    titles = browser.execute_script(
        "var s = window.__chainkg.nodeSet; return ['xss-0', 'xss-1', 'xss-2', 'xss-p']"
        ".map(function (k) { var t = s.get(k).title; return [s.get(k).label, "
        "t.querySelector('b').textContent, t.querySelectorAll('img, script').length]; });")
    for (label, bold, markup), name in zip(titles, XSS + [XSS[2]], strict=True):
        assert label == bold == name and markup == 0
    assert browser.execute_script("return document.querySelectorAll('img').length;") == 0
    options = browser.execute_script(
        "return Array.from(document.querySelectorAll('#ckg-names option'))"
        ".map(function (o) { return o.value; });")
    assert set(XSS) <= set(options)
    screenshot(browser, "park-xss")


def synthetic(projects: int = 2000, enterprises: int = 1500, chains: int = 11) -> Facts:
    """One park with many chains, projects and enterprises (3,512 nodes by default)."""
    f = Facts()
    f.add(Park(key="big", name="大型测试园区"))
    for c in range(chains):
        f.add(IndustryChain(key=f"c{c}", name=f"产业链{c}"))
        f.add(HasChain(source="big", target=f"c{c}", strategy=["有链强链", "补链", None][c % 3]))
    for e in range(enterprises):
        f.add(Enterprise(key=f"e{e}", name=f"企业{e}"))
        f.add(LocatedIn(source=f"e{e}", target="big"))
        if e:
            f.add(Supplies(source=f"e{e}", target=f"e{(e * 7) % e}"))
    for p in range(projects):
        f.add(Project(key=f"p{p}", name=f"项目{p}", park="big", chain=f"c{p % chains}",
                      amount_cny=1e6 * (p + 1), investors=[f"e{p % enterprises}"]))
    return f


def test_trimmed_big_view(browser: Any, open_view: Any, screenshot: Any,
                          tmp_path: Path) -> None:
    facts = synthetic()
    view = render_park(facts, "大型测试园区", output=tmp_path / "big.html", max_nodes=2000)
    assert view.total_nodes == 3512 and view.nodes == 2000 and view.trimmed
    # The park and every chain survive trimming.
    assert {"big", *(f"c{c}" for c in range(11))} <= set(view.graph.nodes_by_id)
    state = open_view(browser, view.path)  # type: ignore[arg-type]
    _check(state, browser, 2000, view.edges)
    notice = browser.find_element("id", "ckg-trimmed")
    assert notice.is_displayed()
    assert "showing 2,000 of 3,512 nodes" in notice.text
    screenshot(browser, "park-trimmed-synthetic")


# -- CLI ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cli_ws(tmp_path_factory: pytest.TempPathFactory, fixture_facts: Facts) -> Path:
    path = tmp_path_factory.mktemp("viz-cli-ws")
    Workspace(path).build(fixture_facts)
    return path


@pytest.mark.parametrize("args, default", [
    (["park", "甲市高新区"], "park-甲市高新区.html"),
    (["chain", "fx-chain-ev"], "chain-新能源汽车.html"),
    (["overview"], "overview.html"),
    (["query", "projects", "-p", "park=甲市经开区"], "query-projects.html"),
])
def test_cli_writes_default_file(cli_ws: Path, tmp_path: Path, monkeypatch: Any,
                                 args: list[str], default: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["-w", str(cli_ws), "viz", *args])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == default
    text = (tmp_path / default).read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text and "vis.Network" in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)


def test_cli_output_and_trim_note(cli_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "o.html"
    result = CliRunner().invoke(main, ["-w", str(cli_ws), "viz", "overview", "-o", str(out),
                                       "--max-nodes", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{out} (showing 3 of 6 nodes)"
    assert out.exists() and not out.with_name("o.html.part").exists()


@pytest.mark.parametrize("args, message", [
    (["park", "甲市高新"], "Error: no park named '甲市高新'; did you mean 甲市高新区"),
    (["chain", "新能源"], "Error: no chain named '新能源'; did you mean 新能源汽车"),
    (["query", "chain_leader"],
     "Error: no canned query 'chain_leader'; did you mean chain_leaders"),
])
def test_cli_unknown_name(cli_ws: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["-w", str(cli_ws), "viz", *args, "-o",
                                       str(tmp_path / "x.html")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
    assert not (tmp_path / "x.html").exists()


def test_seed_views(browser: Any, open_view: Any, screenshot: Any, seed_ws: Workspace,
                    tmp_path: Path) -> None:
    """The default graph: 株洲高新区 and its 新能源汽车 chain, counted on the store."""
    facts = seed_ws.facts()
    park = next(k for k, p in facts.parks.items() if p.name == "株洲高新区")
    chain = next(k for k, c in facts.chains.items() if c.name == "新能源汽车")
    cases = [(render_park(seed_ws, "株洲高新区", output=tmp_path / "p.html"),
              expected_park(seed_ws, park), "park-seed-株洲高新区"),
             (render_chain(seed_ws, "新能源汽车", output=tmp_path / "c.html"),
              expected_chain(seed_ws, chain), "chain-seed-新能源汽车")]
    for view, (nodes, edges), name in cases:
        state = open_view(browser, view.path)
        _check(state, browser, nodes, edges)
        screenshot(browser, name)
