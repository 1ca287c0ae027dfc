"""Chain maps on an invented graph with known answers (tests/data/maps).

The demo chain runs 原料(1) → 部件(2) → 模块(3) → 总装(4) → 服务(5). What each park holds,
by hand from tests/data/maps/parks.yaml (E = enterprise, P = project):

    东园: 部件 E东一 E东三 P部件二期 | 模块 P模块 | 总装 E东二(链主) | 服务 P服务中心   gap 原料
    西园: 原料 E西二 | 部件 E西三 (supply rule) | 模块 E西一 | 总装 P总装           gap 服务
    南园: 原料 E南三(链主) P原料 | 模块 E南一 | 服务 E南二 (curated)                gaps 部件 总装
    北园: 部件 E北一 P部件                                               gaps 原料 模块 总装 服务

Every query is checked on ladybug and on RDF with the same expected rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support import DATA, embedded_stores, rounded

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Facts
from chainkg.graph.placement import with_templates
from chainkg.graph.rdf_store import RdfStore
from chainkg.loaders.tables import load_tables
from chainkg.loaders.templates import load_templates
from chainkg.queries.chain_status import chain_status, park_competition
from chainkg.queries.registry import get

MAPS = DATA / "maps"
CHAIN = "示例链"
NOWHERE = '无园<原料>厂 & "引号"'


@pytest.fixture(scope="module")
def facts() -> Facts:
    return with_templates(load_tables([MAPS / "parks.yaml"]), load_templates([MAPS / "templates"]))


@pytest.fixture(scope="module", params=["ladybug", "rdf"])
def store(request: pytest.FixtureRequest, facts: Facts) -> Iterator[Any]:
    s = LadybugStore() if request.param == "ladybug" else RdfStore()
    s.load(facts)
    yield s
    s.close()


def rows(store: Any, name: str, **params: str) -> list[tuple[Any, ...]]:
    return rounded(get(name).run(store, params).rows)


def test_placements_and_their_reasons(facts: Facts) -> None:
    placed = {(r.source, r.target.split("/")[1], r.rule) for r in facts.in_segment.values()}
    assert placed == {
        ("mx-j-east-module", "模块", "keyword"), ("mx-j-east-parts2", "部件", "keyword"),
        ("mx-j-east-service", "服务", "keyword"), ("mx-j-west-assembly", "总装", "keyword"),
        ("mx-j-south-raw", "原料", "keyword"), ("mx-j-north-parts", "部件", "keyword"),
        ("mx-e-east1", "部件", "keyword"), ("mx-e-east2", "总装", "keyword"),
        ("mx-e-east3", "部件", "keyword"), ("mx-e-west1", "模块", "keyword"),
        ("mx-e-west2", "原料", "keyword"), ("mx-e-south1", "模块", "keyword"),
        ("mx-e-south3", "原料", "keyword"), ("mx-e-north1", "部件", "keyword"),
        ("mx-e-west3", "部件", "supply"),
    }
    west3 = facts.in_segment[("IN_SEGMENT", "mx-e-west3", "mx-chain/部件")]
    assert (west3.reason, west3.confidence) == ("supplies 精密部件 to 东二总装集团", 0.6)
    # The curated ones (Enterprise.segments) are written by graph/rows.py, not placed.
    assert facts.enterprises["mx-e-south2"].segments == ["mx-chain/服务"]


def test_template_fills_curated_segments(facts: Facts) -> None:
    raw = facts.segments["mx-chain/原料"]
    assert (raw.position, raw.seq, raw.sources) == ("upstream", 1, ["mx-demo", "template-demo"])
    assert sorted((f.source, f.target) for f in facts.feeds.values())[0] == (
        "mx-chain/原料", "mx-chain/部件")


def test_chain_status_of_east(store: Any) -> None:
    got = rows(store, "chain_status", park="东部示例园", chain="mx-chain")
    assert [r[3:] for r in got] == [
        ("原料", "upstream", 1, 0, 0, 0, 0.0, False),
        ("部件", "midstream", 2, 2, 1, 1, 1e8, True),
        ("模块", "midstream", 3, 0, 1, 1, 3e8, True),
        ("总装", "downstream", 4, 1, 0, 0, 0.0, True),
        ("服务", "downstream", 5, 0, 1, 1, 5e7, True),
    ]
    assert {r[:2] for r in got} == {("东园", CHAIN)}


@pytest.mark.parametrize("park,gaps", [
    ("东园", ["原料"]), ("西园", ["服务"]), ("南园", ["部件", "总装"]),
    ("北园", ["原料", "模块", "总装", "服务"]),
])
def test_chain_gaps(store: Any, park: str, gaps: list[str]) -> None:
    got = rows(store, "chain_gaps", park=park, chain=CHAIN)
    assert [r[3] for r in got] == gaps


def test_east_gap_candidates_count(store: Any) -> None:
    assert rows(store, "chain_gaps", park="东园", chain=CHAIN) == [
        ("东园", CHAIN, "mx-chain/原料", "原料", "upstream", 1, 3)]


def test_segment_enterprises_of_east(store: Any) -> None:
    assert [(r[1], r[3], r[4], r[5]) for r in rows(store, "segment_enterprises", park="东园",
                                                   chain=CHAIN)] == [
        ("部件", "东一部件公司", False, "keyword"), ("部件", "东三部件厂", False, "keyword"),
        ("总装", "东二总装集团", True, "keyword")]


def test_stance_check_derives_each_rule(store: Any) -> None:
    got = [(r[0], r[2], r[6], r[7]) for r in rows(store, "stance_check")]
    assert got == [
        ("东园", "东园部件二期项目", "有链强链", "有链强链"),  # 东三部件厂 already on 部件
        ("东园", "东园模块项目", "补链", "补链"),  # between 部件 and 总装
        ("东园", "东园服务中心项目", "短链延链", "短链延链"),  # beyond 总装
        ("北园", "北园部件项目", "无链建链", "无链建链"),  # its investor is the only one
        ("南园", "南园原料项目", "有链强链", "有链强链"),  # 南三原料集团 on 原料
        ("西园", "西园总装项目", "短链延链", "补链"),  # claimed 补链, but 总装 is beyond 模块
    ]


def test_gap_targets_are_ranked(store: Any) -> None:
    got = rows(store, "gap_targets", park="东园", chain=CHAIN)
    assert [(r[1], r[3], r[4], r[5], r[6], r[7], r[8]) for r in got] == [
        ("原料", "南三原料集团", True, 0, 0, 0, 0.0),
        ("原料", "西二原料公司", False, 1, 1, 1, 2e8),
        ("原料", NOWHERE, False, 0, 0, 0, 0.0),
    ]
    south = rows(store, "gap_targets", park="南园", chain=CHAIN)
    assert [(r[1], r[3]) for r in south] == [
        ("部件", "北一部件公司"), ("部件", "东一部件公司"), ("部件", "东三部件厂"),
        ("部件", "西三公司"), ("总装", "东二总装集团")]


def test_park_competition(store: Any) -> None:
    got = rows(store, "park_competition", chain=CHAIN)
    by_segment: dict[str, list[str]] = {}
    for r in got:
        by_segment.setdefault(r[1], []).append(r[3])
    assert by_segment == {"原料": ["南园", "西园"], "部件": ["东园", "北园", "西园"],
                          "模块": ["东园", "南园", "西园"], "总装": ["东园", "西园"],
                          "服务": ["东园", "南园"]}
    assert ("mx-chain/部件", "部件", 2, "北园", 1, 1, 1, 6e8) in got
    assert [c.segment for c in park_competition(store, CHAIN)] == list(by_segment)


def test_cross_park_supply(store: Any) -> None:
    expected = [("西一模块公司", "西园", "东二总装集团", "东园", "模块"),
                ("西三公司", "西园", "东二总装集团", "东园", "精密部件"),
                ("西二原料公司", "西园", "东一部件公司", "东园", "原料")]
    assert rows(store, "cross_park_supply", chain=CHAIN) == expected
    assert rows(store, "cross_park_supply") == expected
    assert rows(store, "cross_park_supply", chain="没有这条链") == []


def test_chain_status_composes_the_map(store: Any) -> None:
    status = chain_status(store, "东园", CHAIN)
    assert [s.name for s in status.gaps] == ["原料"]
    assert status.derived == ["有链强链", "短链延链", "补链"]
    assert status.claimed == ["有链强链", "补链"]
    targets = status.gaps[0].targets
    assert [(t.rank, t.name) for t in targets] == [
        (1, "南三原料集团"), (2, "西二原料公司"), (3, NOWHERE)]
    assert targets[0].reason == f"leads {CHAIN} (链主/龙头)"
    assert targets[1].reason == "supplies 1 enterprise(s) in 东园; invests in 1 project(s), 2亿元"
    assert targets[2].reason == "on this segment (curated)"
    table = status.table()
    assert [r[1] for r in table.rows] == ["原料", "部件", "模块", "总装", "服务"]
    assert table.rows[1][4] == "东一部件公司; 东三部件厂"


def test_chain_status_errors(store: Any) -> None:
    from chainkg.errors import QueryError

    with pytest.raises(QueryError, match="no park '无此园'"):
        chain_status(store, "无此园", CHAIN)
    with pytest.raises(QueryError, match="no chain named '无此链'"):
        chain_status(store, "东园", "无此链")


def test_a_chain_without_segments_is_told_apart_from_no_chain() -> None:
    from chainkg.errors import QueryError
    from chainkg.graph.model import IndustryChain

    f = load_tables([MAPS / "parks.yaml"])  # no templates: no segments
    f.add(IndustryChain(key="bare", name="无环节链"))
    with embedded_stores(f) as stores:
        for s in stores:
            with pytest.raises(QueryError, match="has no segments"):
                chain_status(s, "东园", "无环节链")
            with pytest.raises(QueryError, match="no chain named '无此链'"):
                chain_status(s, "东园", "无此链")


def test_templates_apply_only_to_named_chains() -> None:
    from chainkg.loaders.templates import bundled_templates, template_facts

    f = load_tables([MAPS / "parks.yaml"])
    assert template_facts(bundled_templates(), f).segments == {}
    every = template_facts(bundled_templates())
    assert len(every.chains) == len(bundled_templates()) >= 13


@pytest.fixture(scope="module", params=["ladybug", "rdf"])
def unstated(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The map graph with two projects that state no amount: 东园服务中心项目 (东园's
    服务) and 南园原料项目 (the one investment of 西二原料公司, a target for 东园)."""
    f = with_templates(load_tables([MAPS / "parks.yaml"]), load_templates([MAPS / "templates"]))
    for key in ("mx-j-east-service", "mx-j-south-raw"):
        j = f.projects[key]
        j.amount = j.amount_cny = j.amount_text = j.currency = None
    s = LadybugStore() if request.param == "ladybug" else RdfStore()
    s.load(f)
    yield s
    s.close()


def test_investment_says_how_many_projects_state_an_amount(unstated: Any) -> None:
    got = {r[3]: r[7:11] for r in rows(unstated, "chain_status", park="东园", chain=CHAIN)}
    # (projects, with_amount, investment_cny, covered): a 0 that rests on no amount
    assert got["服务"] == (1, 0, 0.0, True)
    assert got["模块"] == (1, 1, 3e8, True)
    targets = {r[3]: r[6:9] for r in rows(unstated, "gap_targets", park="东园", chain=CHAIN)}
    assert targets["西二原料公司"] == (1, 0, 0.0)
    held = {(r[1], r[3]): r[4:] for r in rows(unstated, "park_competition", chain=CHAIN)}
    # (enterprises, projects, with_amount, investment_cny)
    assert held[("服务", "东园")] == (0, 1, 0, 0.0)
    assert held[("原料", "南园")] == (1, 1, 0, 0.0)
    assert held[("部件", "北园")] == (1, 1, 1, 6e8)
    status = chain_status(unstated, "东园", CHAIN)
    service = next(s for s in status.segments if s.name == "服务")
    assert (service.with_amount, service.investment_cny) == (0, 0.0)
    assert status.gaps[0].targets[1].reason == (
        "supplies 1 enterprise(s) in 东园; invests in 1 project(s), amount not stated")
    header = status.table().columns
    assert header[header.index("with_amount") + 1] == "investment_cny"
