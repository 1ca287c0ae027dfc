"""The bundled seed dataset (loaders/seed/*.yaml): exact counts in both embedded stores,
normalised values read back by parameterised queries, provenance of every record, and a
guard against article text copied into the seed files."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import SEEDS_DIR

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Entity, Facts
from chainkg.graph.rdf_store import RdfStore
from chainkg.loaders import SEED_DIR
from chainkg.loaders.tables import load_tables

# Hand-counted from loaders/seed/*.yaml; per file 00 / 01 / 02 / 03 / 04, "new" where a
# key restated by a later file merges into the earlier record.
SEED_COUNTS = {
    "SourceDocument": 5,  # one `source:` per file
    # 湖南省 + 株洲市 (00, restated in 01), 湘潭市 (02), 郴州市 (03), 衡阳市 and 11 regions
    # outside Hunan (04: 5 provinces incl. 宁夏回族自治区, 6 cities): 2 + 1 + 1 + 1 + 11
    "Region": 16,
    "Park": 10,  # 株洲高新区 (00, 01), 湘潭 (02), 郴州 (03), seven parks in 04
    "IndustryChain": 16,  # 8 + 4 + (2 - 新能源新材料 restated) + 3
    "ChainSegment": 10,  # 7 of 新能源汽车 (01) + 3 of 郴州's clusters (03)
    "Enterprise": 72,  # 17 + (20 - 北汽集团 restated) + 12 + 11 + 13
    "Post": 7,  # six 株洲高新区 posts (01) + 郴州经开区/链长 (03)
    "Project": 53,  # 4 + 15 + 11 + 11 + 12 (衡阳 7, 无锡 4, 景德镇 1)
    "Indicator": 59,  # 7 + 9 + 4 + 15 + 24 (衡阳 8, 乐山 5, 无锡 6, 济南 2, 石嘴山 1, 景德镇 2)
    "HAS_CHAIN": 21,  # 8 + 4 + 6 (two chains x 强链/延链/补链) + 3
    "LEADS": 4,  # 北汽集团, 湖南长城 (01); 昌飞, 602所 (04)
    "SUPPLIES": 2,  # 六和方盛 -> 北汽集团 (00); 湖南意华 -> 中车时代电动 (01)
    # enterprises with a park: 72 - 4 without (复星, 中国包装, 上海中军, IWG集团) = 68;
    # every project has a park: 53
    "LOCATED_IN": 121,
    # project -> chain by strategy; IN_CHAIN when the article ties no strategy:
    # 01 纯电动/汽车板材/凯乐/奇点, 02 氢能装备/风光能, 03 five 2022 projects, 04 华虹/生命科学/君腾
    "IN_CHAIN": 14,
    "STRENGTHENS": 2,  # 湖南意华, 东立 (有链强链)
    "BUILDS": 4,  # 淳华, 铂陆, 兴安科技小镇, 包装平台 (无链建链)
    "EXTENDS": 3,  # 大研, 宁波国创, 华为鼎桥 (短链延链)
    "FILLS_GAP": 0,
    "INVESTS_IN": 37,  # project investors: 4 + 7 + 9 + 8 + 9
    # project 纯电动乘用车驱动系统总成项目; enterprises 北汽集团, 中车时代电动, 奇点汽车,
    # 湖南新能源汽车研究院, 麦格米特, 立方新能源, 升华科技
    "IN_SEGMENT": 8,
    "SEGMENT_OF": 10,
    "FEEDS": 0,
    "IN_REGION": 10,  # every park has a city
    "PART_OF": 10,  # every city has a province
    "POST_IN": 7,
    "HAS_INDICATOR": 59,
}


@pytest.fixture(scope="module")
def pg(seed_facts: Facts) -> Iterator[LadybugStore]:
    with LadybugStore() as store:
        store.load(seed_facts)
        yield store


@pytest.fixture(scope="module")
def rdf(seed_facts: Facts) -> Iterator[RdfStore]:
    with RdfStore() as store:
        store.load(seed_facts)
        yield store


def test_seed_loads_one_file_per_article() -> None:
    files = sorted(p.name for p in SEED_DIR.glob("*.yaml"))
    assert [f[:3] for f in files] == ["00-", "01-", "02-", "03-", "04-"]
    facts = load_tables([SEED_DIR])
    assert sorted(d.file for d in facts.sources.values()) == files


def test_ladybug_counts_are_exact(pg: LadybugStore) -> None:
    assert pg.counts() == SEED_COUNTS


def test_rdf_counts_are_exact(rdf: RdfStore) -> None:
    assert rdf.counts() == SEED_COUNTS


def test_second_load_changes_nothing(seed_facts: Facts) -> None:
    with LadybugStore() as pg, RdfStore() as rdf:
        pg.load(seed_facts)
        rdf.load(seed_facts)
        before = pg.counts(), rdf.counts(), rdf.quad_count()
        pg.load(seed_facts)  # MERGE path
        rdf.load(seed_facts)
        assert (pg.counts(), rdf.counts(), rdf.quad_count()) == before


PROJECT_CYPHER = ("MATCH (p:Project) WHERE p.key = $key "
                  "RETURN p.amount, p.currency, p.amount_cny, p.signed, p.started")
PROJECT_SPARQL = """
SELECT ?amount ?cur ?cny ?signed ?started WHERE {
  ?p a ckg:Project ; dcterms:identifier ?k .
  FILTER(STR(?k) = ?key)
  OPTIONAL { ?p ckg:amount ?amount } OPTIONAL { ?p ckg:currency ?cur }
  OPTIONAL { ?p ckg:amountCNY ?cny } OPTIONAL { ?p ckg:signedDate ?signed }
  OPTIONAL { ?p ckg:startDate ?started }
}"""


@pytest.mark.parametrize("key, expected", [
    # 1.5亿元 signed 今年2月4日 in an article of 2024-08-09
    ("诺天科技项目", (150000000.0, "CNY", 150000000.0, "2024-02-04", None)),
    # 4月18日 / 7月13日, same article
    ("六和方盛智能制造工厂项目", (300000000.0, "CNY", 300000000.0, "2024-04-18", "2024-07-13")),
    # 去年9月 in an article of 2020
    ("凯乐科技项目", (None, None, None, "2019-09", None)),
    # 67亿美元 stays in dollars; amount_cny at the default rate (no 折合 stated)
    ("华虹无锡集成电路研发和制造基地二期项目",
     (6700000000.0, "USD", 47570000000.0, None, "2023-06-30")),
])
def test_projects_read_back_normalised(pg: LadybugStore, rdf: RdfStore, key: str,
                                       expected: tuple[Any, ...]) -> None:
    assert pg.query(PROJECT_CYPHER, {"key": key}).rows == [expected]
    assert rdf.query(PROJECT_SPARQL, {"key": key}).rows == [expected]


def test_stated_conversion_wins(pg: LadybugStore, rdf: RdfStore) -> None:
    """郴州's foreign trade: 19.5亿美元 折合人民币130.6亿元; the stated yuan figure is the value
    (our default rate would give 138.45亿元) and the text keeps the dollars."""
    key = "郴州经开区/外贸进出口/2022年1-11月"
    rows = pg.query("MATCH (p:Park)-[:HAS_INDICATOR]->(i:Indicator) WHERE i.key = $key "
                    "RETURN p.key, i.value, i.unit, i.value_text", {"key": key}).rows
    assert len(rows) == 1
    park, value, unit, text = rows[0]
    assert (park, value, unit) == ("郴州经开区", 13060000000.0, "CNY")
    assert "19.5亿美元" in text and "130.6亿元" in text
    sparql = ("SELECT ?v ?u WHERE { ?i a ckg:Indicator ; dcterms:identifier ?k ; ckg:value ?v ;"
              " ckg:unit ?u FILTER(STR(?k) = ?key) }")
    assert rdf.query(sparql, {"key": key}).rows == [(13060000000.0, "CNY")]


def test_supply_link_meets_the_chain_leader(pg: LadybugStore) -> None:
    """北汽株洲分公司 is an alias of 北汽集团, so 六和方盛's customer is the 新能源汽车 龙头."""
    rows = pg.query(
        "MATCH (s:Enterprise)-[r:SUPPLIES]->(c:Enterprise)-[l:LEADS]->(ch:IndustryChain) "
        "WHERE $alias IN c.aliases RETURN s.key, r.product, ch.key, l.role",
        {"alias": "北汽株洲分公司"}).rows
    assert rows == [("六和方盛", "汽车车身钣金件", "新能源汽车", "龙头")]


def test_new_energy_vehicle_segments_in_order(pg: LadybugStore) -> None:
    rows = pg.query(
        "MATCH (s:ChainSegment)-[:SEGMENT_OF]->(c:IndustryChain) "
        "WHERE c.key = $chain AND s.seq IS NOT NULL "
        "RETURN s.name, s.position ORDER BY s.seq", {"chain": "新能源汽车"}).rows
    assert rows == [("电池材料", "upstream"), ("动力电池", "midstream"),
                    ("电机电控", "midstream"), ("整车制造", "downstream"),
                    ("检测", "downstream"), ("售后服务", "downstream")]


def test_every_record_has_a_dated_source(seed_facts: Facts) -> None:
    for doc in seed_facts.sources.values():
        assert doc.name and doc.outlet and doc.date and doc.file, doc.key
        assert doc.key.isascii(), doc.key
    for record in seed_facts.records():
        if isinstance(record, Entity) and record.kind == "SourceDocument":
            continue
        assert record.sources, record
        assert all(s in seed_facts.sources for s in record.sources), record


def test_every_rdf_resource_cites_a_titled_dated_source(rdf: RdfStore) -> None:
    missing = rdf.query("""
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a ?cls . FILTER(?cls != ckg:SourceDocument)
          FILTER(STRSTARTS(STR(?s), ?base))
          FILTER NOT EXISTS {
            ?s prov:wasDerivedFrom ?d .
            ?d skos:prefLabel ?title ; ckg:outlet ?outlet ; dcterms:issued ?date } }""",
        {"base": "https://w3id.org/chainkg/id/"}).rows
    assert missing == [(0,)]


# -- no article text in the seed files -----------------------------------------------------
def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _windows(text: str, size: int) -> set[str]:
    return {text[i:i + size] for i in range(len(text) - size + 1)}


@pytest.fixture(scope="module")
def article_text() -> str:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the source articles are not at {SEEDS_DIR}")
    return _norm("".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))))


@pytest.mark.seeds
@pytest.mark.parametrize("path", sorted(SEED_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_no_sentence_copied_from_the_articles(path: Path, article_text: str) -> None:
    """No YAML value holds 40 consecutive characters of an article, and no comment 20:
    names, amounts and titles are short; sentences are not."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    long_runs = _windows(article_text, 40)
    for value in _strings(data):
        text = _norm(value)
        assert not (_windows(text, 40) & long_runs), f"{path.name}: copied text in {value!r}"
    short_runs = _windows(article_text, 20)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        comment = line.partition("#")[2]
        hits = _windows(_norm(comment), 20) & short_runs
        assert not hits, f"{path.name}:{number}: comment copies {sorted(hits)[0]!r}"
