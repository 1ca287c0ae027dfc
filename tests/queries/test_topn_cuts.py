"""The SPARQL versions of supply_links and fact_sources keep only the first n names in a
sub-SELECT (``# @LIMIT``) before looking rows up. These tests check on a small invented
graph built to stress that cut (several entities sharing one name, names longer than
Oxigraph's inline strings, a self-supply, a relationship no document states, an entity on
both ends of links) that every limit gives exactly ladybug's rows.
"""

from __future__ import annotations

from typing import Any

import pytest
from paramcases import canonical

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import (
    Enterprise,
    Facts,
    LocatedIn,
    Park,
    SourceDocument,
    Supplies,
)
from chainkg.graph.rdf_store import RdfStore
from chainkg.queries.registry import get

HUB = "cut-hub"
PARK = "cut-park"


def _facts() -> Facts:
    f = Facts()
    f.add(SourceDocument(key="cut-d1", name="切分测试报道一", outlet="测试网", date="2024-01-02"))
    f.add(SourceDocument(key="cut-d2", name="切分测试报道二", outlet="测试报", date="2024-03-04"))
    f.add(Park(key=PARK, name="切分园区", sources=["cut-d1"]))
    f.add(Enterprise(key=HUB, name="枢纽整车集团", sources=["cut-d1"]))
    # suppliers: the first name in order is borne by three (only the second is stated by
    # both documents, so a cut that kept one bearer of a name would lose rows), two share a
    # name longer than an inline string (one LOCATED_IN stated by no document)
    names = ["一号配件", "一号配件", "一号配件", "乙二三四五六七八九十零件有限公司",
             "乙二三四五六七八九十零件有限公司", "甲", "丁电子", "丙材料科技股份公司"]
    for i, name in enumerate(names):
        key = f"cut-s{i}"
        f.add(Enterprise(key=key, name=name, sources=["cut-d1"]))
        docs = ["cut-d1", "cut-d2"] if i % 2 else ["cut-d2"]
        f.add(Supplies(source=key, target=HUB, product=f"部件{i % 3}", sources=docs))
        f.add(LocatedIn(source=key, target=PARK, sources=docs if i != 3 else []))
    # the hub supplies two customers (one shares the suppliers' first name) and itself
    f.add(Enterprise(key="cut-c0", name="一号配件", sources=["cut-d1"]))
    f.add(Enterprise(key="cut-c1", name="丁客户", sources=["cut-d1"]))
    for key in ("cut-c0", "cut-c1", HUB):
        f.add(Supplies(source=HUB, target=key, product="整车", sources=["cut-d1"]))
    f.add(LocatedIn(source=HUB, target=PARK, sources=["cut-d1", "cut-d2"]))
    return f


@pytest.fixture(scope="module")
def stores() -> Any:
    facts = _facts()
    opened = {"ladybug": LadybugStore(), "sparql": RdfStore()}
    for store in opened.values():
        store.load(facts)
    yield opened
    for store in opened.values():
        store.close()


def _agree(stores: dict[str, Any], name: str, params: dict[str, Any]) -> int:
    q = get(name)
    every = canonical(q.run(stores["ladybug"], {**params, "limit": 0}).rows, True)
    assert every, f"{name} {params}: the test graph should give rows"
    for limit in range(len(every) + 2):
        rows = {e: canonical(q.run(s, {**params, "limit": limit}).rows, True)
                for e, s in stores.items()}
        assert rows["sparql"] == rows["ladybug"], (name, params, limit)
        assert rows["ladybug"] == every[:limit or None], (name, params, limit)
    return len(every)


@pytest.mark.parametrize("enterprise", [HUB, "cut-s0", "cut-s3", "cut-c0", ""])
def test_supply_links_every_limit(stores: dict[str, Any], enterprise: str) -> None:
    _agree(stores, "supply_links", {"enterprise": enterprise})


@pytest.mark.parametrize("name", [PARK, HUB, "cut-s1", "一号配件", "切分园区"])
def test_fact_sources_every_limit(stores: dict[str, Any], name: str) -> None:
    _agree(stores, "fact_sources", {"name": name})
