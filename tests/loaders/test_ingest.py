"""`chainkg ingest` and `chainkg evidence`: articles into a built workspace, entity
resolution, idempotence, atomicity, and provenance in both stores.

The articles are short passages written for these tests; the real extractor
(loaders/news.py) reads them. Resolution rules are also tested on hand-made facts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support import SEEDS_DIR

from chainkg.cli import main
from chainkg.graph.model import (
    Enterprise,
    Evidence,
    Facts,
    IndustryChain,
    Park,
    Post,
    SourceDocument,
)
from chainkg.graph.workspace import Workspace
from chainkg.loaders.ingest import Report, prepare, resolve

# Names of the fixture graph (tests/data/fixture): 甲市经开区 (fx-park-b, alias 甲市经济开发区),
# 丙电池 (fx-ent-cell, legal name 丙电池科技股份有限公司), chain 新能源汽车 (fx-chain-ev).
ARTICLE = ("甲市园区招商观察\n"
           "今年5月,甲市经济开发区与丙电池科技股份有限公司签约,投资5亿元建设电池回收项目。\n"
           "甲市经开区以丙电池为龙头,打造新能源汽车产业链,今年以来引进项目12个。\n"
           "来源:红网\n作者:张三\n")
OTHER = ("乙县高新区签约一批项目\n"
         "今年3月,乙县高新区与丁材料科技股份有限公司签约,投资2亿元建设电池隔膜项目。\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, fixture_facts: Facts) -> Path:
    workspace = Workspace(tmp_path_factory.mktemp("built") / "ws")
    workspace.build(fixture_facts)
    return workspace.path


@pytest.fixture
def ws(tmp_path: Path, built: Path) -> Workspace:
    """A fresh copy of the built fixture workspace (copying is faster than building)."""
    shutil.copytree(built, tmp_path / "ws")
    return Workspace(tmp_path / "ws")


def _ingest(ws: Workspace, *args: str, templates: bool = False) -> Result:
    # The fixture workspace is built without chain templates; ingests add none either,
    # so counts compare exactly (one test below ingests with them).
    flag = "--templates" if templates else "--no-templates"
    return CliRunner().invoke(main, ["-w", str(ws.path), "ingest", flag, *args])


def _article(tmp_path: Path, text: str = ARTICLE, name: str = "a.txt",
             encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _state(ws: Workspace) -> tuple[dict[str, int], int, str]:
    manifest = ws.manifest()
    facts = json.dumps(ws.facts().to_json(), sort_keys=True, ensure_ascii=False)
    return manifest["counts"], manifest["quads"], facts


# -- the CLI ------------------------------------------------------------------------------------
def test_ingest_merges_into_curated_entities(ws: Workspace, tmp_path: Path) -> None:
    before = ws.manifest()["counts"]
    result = _ingest(ws, str(_article(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "merged Park 甲市经开区 -> fx-park-b" in result.output
    assert "merged Enterprise 丙电池 -> fx-ent-cell" in result.output
    assert "ingested 1 article(s)" in result.output
    after = ws.manifest()["counts"]
    assert after["SourceDocument"] == before["SourceDocument"] + 1
    assert sum(after.values()) > sum(before.values())
    assert after["Park"] == before["Park"]  # merged, not duplicated
    assert after["Enterprise"] == before["Enterprise"]
    doc = next(k for k in ws.facts().sources if k.startswith("rednet-"))
    with ws.property_graph() as pg:
        rows = pg.query("MATCH (p:Park {key: $k}) RETURN p.sources, p.aliases, p.ev_doc, "
                        "p.ev_start, p.ev_end, p.ev_rule, p.ev_conf", {"k": "fx-park-b"}).rows
        curated = pg.query("MATCH (p:Park {key: $k}) RETURN p.ev_doc",
                           {"k": "fx-park-a"}).rows
    sources, aliases, ev_doc, ev_start, ev_end, ev_rule, ev_conf = rows[0]
    assert set(sources) == {"fx-alpha", doc}  # the merged entity keeps both sources
    assert "甲市经济开发区" in aliases
    assert set(ev_doc) == {doc} and len(ev_start) == len(ev_end) == len(ev_rule) == len(ev_conf)
    text = ws.document_text(doc)
    assert text is not None
    assert {text[a:b] for a, b in zip(ev_start, ev_end, strict=True)} == {"甲市经济开发区",
                                                                          "甲市经开区"}
    assert curated == [([],)]  # curated facts carry no evidence


def test_provenance_in_rdf_is_prov_o(ws: Workspace, tmp_path: Path) -> None:
    with ws.rdf() as rdf:
        assert rdf.query("SELECT (COUNT(?d) AS ?n) WHERE { ?d a prov:Derivation }").rows == [(0,)]
    assert _ingest(ws, str(_article(tmp_path))).exit_code == 0
    with ws.rdf() as rdf:
        rows = rdf.query(
            "SELECT ?start ?end ?rule ?conf ?title WHERE { "
            "?p dcterms:identifier ?k FILTER(STR(?k) = ?key) "
            "?p prov:qualifiedDerivation ?d . ?d a prov:Derivation ; prov:entity ?doc ; "
            "ckg:charStart ?start ; ckg:charEnd ?end ; ckg:extractionRule ?rule ; "
            "ckg:extractionConfidence ?conf . ?doc skos:prefLabel ?title } ORDER BY ?start",
            {"key": "fx-park-b"}).rows
        # a relationship's evidence hangs on its qualifier node (ckg:Leadership)
        leads = rdf.query(
            "SELECT (COUNT(?d) AS ?n) WHERE { ?q a ckg:Leadership ; "
            "prov:qualifiedDerivation ?d }").rows[0][0]
    text = ws.document_text(next(k for k in ws.facts().sources if k.startswith("rednet-")))
    assert text is not None and rows
    for start, end, rule, conf, title in rows:
        assert text[start:end] in ("甲市经济开发区", "甲市经开区")
        assert rule and 0 < conf <= 1 and title == "甲市园区招商观察"
    assert leads >= 1
    result = CliRunner().invoke(main, ["-w", str(ws.path), "validate"])
    assert result.exit_code == 0, result.output


def test_ingesting_twice_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    path = _article(tmp_path)
    assert _ingest(ws, str(path)).exit_code == 0
    first = _state(ws)
    result = _ingest(ws, str(path))
    assert result.exit_code == 0, result.output
    assert _state(ws) == first
    rows = [line.split() for line in result.output.splitlines()[2:] if line[:1].isupper()]
    added = {r[0]: int(r[1]) for r in rows if len(r) == 3 and r[1].isdigit()}
    assert added and not any(added.values())  # everything merged, nothing added


def test_ingest_with_chain_templates_is_idempotent(ws: Workspace, tmp_path: Path) -> None:
    path = _article(tmp_path)
    assert _ingest(ws, str(path), templates=True).exit_code == 0
    first = _state(ws)
    assert first[0]["ChainSegment"] > 3  # the 新能源汽车 template's segments came with it
    assert _ingest(ws, str(path), templates=True).exit_code == 0
    assert _state(ws) == first


def test_same_article_in_another_encoding_is_the_same_document(ws: Workspace,
                                                               tmp_path: Path) -> None:
    assert _ingest(ws, str(_article(tmp_path, name="u.txt"))).exit_code == 0
    first = _state(ws)
    assert _ingest(ws, str(_article(tmp_path, name="g.txt", encoding="gbk"))).exit_code == 0
    assert _state(ws)[:2] == first[:2]


def test_dry_run_stores_nothing(ws: Workspace, tmp_path: Path) -> None:
    live = ws.generation()
    result = _ingest(ws, "--dry-run", str(_article(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "甲市经济开发区" in result.output and "legal-suffix" in result.output
    assert "nothing stored" in result.output
    result = _ingest(ws, "--dry-run", "--format", "json", str(_article(tmp_path)))
    data = json.loads(result.output)
    assert "fx-park-b" in {p["key"] for p in data["facts"]["parks"]}
    assert {"kind": "Park", "name": "甲市经开区", "into": "fx-park-b"} in data["report"]["resolved"]
    assert ws.generation() == live
    assert len(list(ws.path.glob("gen-*"))) == 1


def test_a_bad_file_among_good_ones_keeps_the_previous_graph(ws: Workspace,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _article(folder, name="1-good.txt")
    _article(folder, OTHER, name="2-good.txt")
    (folder / "3-empty.txt").write_bytes(b"")
    live, before = ws.generation(), _state(ws)
    result = _ingest(ws, str(folder))
    assert result.exit_code == 1
    assert "3-empty.txt" in result.output and "empty file" in result.output
    assert ws.generation() == live and _state(ws) == before
    assert [p.name for p in ws.path.glob("gen-*")] == [live]


def test_a_folder_is_ingested_recursively(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _article(folder, name="a.txt")
    _article(folder, OTHER, name="sub/b.txt", encoding="gb18030")
    (folder / "sub" / "notes.csv").write_text("x,y\n", encoding="utf-8")
    result = _ingest(ws, "--format", "json", str(folder))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert len(data["files"]) == 2 and len(data["documents"]) == 2
    parks = set(ws.facts().parks)
    assert "乙县高新区" in parks and "fx-park-b" in parks
    with ws.property_graph() as pg:
        assert pg.query("MATCH (d:SourceDocument) RETURN count(d)").rows == [(4,)]


def test_evidence_command_shows_spans(ws: Workspace, tmp_path: Path) -> None:
    assert _ingest(ws, str(_article(tmp_path))).exit_code == 0
    run = CliRunner().invoke
    result = run(main, ["-w", str(ws.path), "query", "evidence", "甲市经济开发区"])
    assert result.exit_code == 0, result.output
    assert "甲市经开区 (Park)" in result.output
    assert "【甲市经济开发区】与丙电池" in result.output
    assert "《甲市园区招商观察》" in result.output and "confidence" in result.output
    assert "curated, no text span" in result.output  # the fixture's own statements
    data = json.loads(run(main, ["-w", str(ws.path), "query", "evidence", "丙电池",
                                 "-f", "json", "-c", "0"]).output)
    spans = {r["span"] for r in data if r["span"]}
    assert "丙电池科技股份有限公司" in spans
    assert all(r["context"] == f"【{r['span']}】" for r in data if r["span"])
    missing = run(main, ["-w", str(ws.path), "query", "evidence", "无此园区"])
    assert missing.exit_code == 1 and "no entity named '无此园区'" in missing.output


def test_ingest_into_an_empty_workspace(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "fresh")
    result = _ingest(ws, str(_article(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "甲市经开区" in ws.facts().parks
    assert ws.document_text(next(iter(ws.facts().sources))) is not None


def test_a_rebuild_keeps_the_texts_of_sources_it_still_has(ws: Workspace,
                                                           tmp_path: Path) -> None:
    assert _ingest(ws, str(_article(tmp_path))).exit_code == 0
    doc = next(k for k in ws.facts().sources if k.startswith("rednet-"))
    ws.build(ws.facts())
    assert ws.document_text(doc) is not None


# -- resolution rules ---------------------------------------------------------------------------
def _facts(*records: object) -> Facts:
    f = Facts()
    for r in records:
        f.add(r)  # type: ignore[arg-type]
    return f


def test_park_long_form_and_district_alias_resolve_to_the_short_key() -> None:
    have = _facts(Park(key="郴州经开区", name="郴州经开区"),
                  Park(key="株洲高新区", name="株洲高新区"))
    new = _facts(Park(key="郴州经济开发区", name="郴州经济开发区", sources=["d"]),
                 Park(key="株洲高新区(天元区)", name="株洲高新区(天元区)", sources=["d"]),
                 Post(key="郴州经济开发区/总链长", name="总链长", title="总链长",
                      park="郴州经济开发区", sources=["d"]))
    report = Report()
    out = resolve(new, have, report)
    assert set(out.parks) == {"郴州经开区", "株洲高新区"}
    assert list(out.posts) == ["郴州经开区/总链长"]  # derived keys follow their park
    assert out.posts["郴州经开区/总链长"].park == "郴州经开区"
    assert report.merged["Park"] == 2 and report.added["Post"] == 1


def test_extracted_name_matching_a_legal_name_takes_the_curated_key() -> None:
    have = _facts(Enterprise(key="fx-ent", name="凯乐", legal_name="湖北凯乐科技股份有限公司"))
    new = _facts(Enterprise(key="凯乐科技", name="凯乐科技", sources=["d"]))
    report = Report()
    out = resolve(new, have, report)
    assert list(out.enterprises) == ["fx-ent"]
    assert report.resolved == [("Enterprise", "凯乐科技", "fx-ent")]


def test_ambiguous_names_are_not_merged() -> None:
    have = _facts(Enterprise(key="e1", name="华星科技"),
                  Enterprise(key="e2", name="深圳华星科技有限公司"),
                  Enterprise(key="e3", name="湖南华星科技有限公司"))
    new = _facts(Enterprise(key="华星科技股份有限公司", name="华星科技股份有限公司"))
    report = Report()
    assert list(resolve(new, have, report).enterprises) == ["华星科技股份有限公司"]
    assert report.added["Enterprise"] == 1


def test_the_same_firm_across_articles_merges(tmp_path: Path) -> None:
    """A stand-in extractor (hand-made facts per article) isolates the resolution step."""
    names = {"a.txt": "湖南乙方科技股份有限公司", "b.txt": "乙方科技"}

    def extract(text: str, doc: SourceDocument) -> Facts:
        name = names[doc.file or ""]
        start = text.index(name)
        ev = [Evidence(doc.key, start, start + len(name), "stand-in", 1.0)]
        return _facts(doc, Enterprise(key=name, name=name, sources=[doc.key], evidence=ev),
                      IndustryChain(key="新材料", name="新材料产业链", sources=[doc.key]))

    _article(tmp_path, f"今年,{names['a.txt']}在示范园区投产。", "a.txt")
    _article(tmp_path, f"据了解,{names['b.txt']}二期项目开工,园区新材料产业链再添新项目。",
             "b.txt")
    batch = prepare([tmp_path], Facts(), extract=extract)
    assert list(batch.facts.enterprises) == ["湖南乙方科技股份有限公司"]
    firm = batch.facts.enterprises["湖南乙方科技股份有限公司"]
    assert len(firm.sources) == 2 and "乙方科技" in firm.aliases
    assert {batch.texts[e.doc][e.start:e.end] for e in firm.evidence} == set(names.values())
    assert batch.report.added["Enterprise"] == 1 and batch.report.merged["Enterprise"] == 1


# -- the five seed articles -------------------------------------------------------------------
def test_seed_articles_ingest_into_the_seed_graph(tmp_path: Path, seed_facts: Facts) -> None:
    articles = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not articles:
        pytest.skip(f"the seed articles are not at {SEEDS_DIR}")
    ws = Workspace(tmp_path / "seed-ws")
    ws.build(seed_facts)
    before = ws.manifest()["counts"]
    result = CliRunner().invoke(main, ["-w", str(ws.path), "ingest", "--format", "json",
                                       *map(str, articles)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert len(report["files"]) == len(articles)
    merged = {c["kind"]: c["merged"] for c in report["counts"]}
    # the articles name the seed's parks and are recognised as the seed's documents
    assert merged.get("Park", 0) >= 4
    assert merged.get("SourceDocument", 0) >= 3
    assert report["resolved"] or merged.get("Enterprise", 0)
    after = ws.manifest()["counts"]
    assert after["Park"] >= before["Park"] and sum(after.values()) > sum(before.values())
    for doc in report["documents"]:
        assert ws.document_text(doc["key"]) is not None
