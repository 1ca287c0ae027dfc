"""The fast build paths write the same graph as the row-by-row ones: ladybug's COPY FROM
(CSV) against UNWIND ... CREATE batches, and Oxigraph's bulk loader against transactional
inserts, on synthetic data and on values that CSV cannot carry as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import synthetic_facts

from chainkg.graph.ladybug_copy import csv_safe
from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Enterprise, Facts, LocatedIn, Park, Project, Supplies
from chainkg.graph.rdf_store import RdfStore
from chainkg.graph.rows import node_rows, rel_rows
from chainkg.ontology.mapping import NODES, RELS


def _dump(store: LadybugStore) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for spec in NODES:
        cols = ", ".join(f"n.{p.name}" for p in spec.props)
        out[spec.label] = store.query(f"MATCH (n:{spec.label}) RETURN {cols} ORDER BY n.key").rows
    for r in RELS:
        cols = "".join(f", r.{p.name}" for p in r.props)
        rows = store.query(f"MATCH (a)-[r:{r.type}]->(b) RETURN a.key, b.key{cols}").rows
        out[r.type] = sorted(rows, key=repr)
    return out


def _tricky() -> Facts:
    """Names with CSV and list syntax in them, empty strings and empty lists."""
    f = Facts()
    f.add(Park(key="p,1", name='引号"与{括号},[公司]', aliases=["a,b", "[x]", "'q'"],
               name_en="", sources=[]))
    f.add(Park(key="p2", name="\\N", aliases=[]))
    f.add(Enterprise(key="e1", name="甲", legal_name=None))
    f.add(Enterprise(key="e2", name="乙;丙|丁", legal_name=""))
    f.add(Supplies(source="e1", target="e2", product="a\tb"))
    f.add(LocatedIn(source="e1", target="p,1"))
    f.add(Project(key="j", name="项目", park="p2", amount=1.5e8, amount_cny=0.0,
                  currency="CNY", amount_text="1.5亿元", signed="2024-02", investors=["e1"]))
    return f


def _with_newline() -> Facts:
    f = _tricky()
    f.add(Park(key="p3", name="两行\n的名字", aliases=["", "x"]))
    return f


@pytest.mark.parametrize("make", [lambda: synthetic_facts(300, seed=3), _tricky,
                                  _with_newline], ids=["synthetic", "tricky", "newline"])
def test_copy_and_unwind_build_the_same_graph(tmp_path: Path, make: Any) -> None:
    facts = make()
    with LadybugStore(tmp_path / "copy.lbug") as fast:
        fast.load(facts)
        got = _dump(fast)
    with LadybugStore(tmp_path / "rows.lbug", bulk=False) as slow:
        slow.load(facts)
        expected = _dump(slow)
    assert got == expected
    assert sum(map(len, got.values())) > 0


def test_values_csv_cannot_carry_take_the_row_path() -> None:
    facts = _with_newline()
    assert not csv_safe(node_rows(facts), rel_rows(facts))
    assert csv_safe(node_rows(_tricky()), rel_rows(_tricky()))
    assert not csv_safe({"Park": [{"key": "p", "aliases": ["", "x"]}]}, {})
    assert not csv_safe({"Park": [{"key": "p", "name": "a\x1fb"}]}, {})


def test_fixture_copy_matches_unwind(tmp_path: Path, fixture_facts: Facts) -> None:
    with LadybugStore(tmp_path / "a.lbug") as fast, \
            LadybugStore(tmp_path / "b.lbug", bulk=False) as slow:
        fast.load(fixture_facts)
        slow.load(fixture_facts)
        assert _dump(fast) == _dump(slow)
        # a second load goes through MERGE on both and changes nothing
        fast.load(fixture_facts)
        assert _dump(fast) == _dump(slow)


def test_rdf_bulk_load_matches_transactional_load(tmp_path: Path) -> None:
    facts = synthetic_facts(300, seed=5)
    facts.update(_tricky())
    with RdfStore(tmp_path / "rdf") as bulk, RdfStore() as txn:
        bulk.load(facts)  # empty on-disk store: the bulk loader
        txn.load(facts)  # in memory: transactional extend
        got = {str(q) for q in bulk.oxigraph}
        expected = {str(q) for q in txn.oxigraph}
        assert got == expected
        before = len(got)
        bulk.load(facts)  # not empty any more: transactional, idempotent
        assert len(bulk.oxigraph) == before


def _with_controls() -> Facts:
    """Control characters, quotes and backslashes in names, and text evidence (PROV-O)."""
    from chainkg.graph.model import Evidence

    f = _with_newline()
    f.add(Park(key="p4", name=",\x00\x00", aliases=["a\x01b", 'q"\\', "\u2028\x85"],
               name_en="tab\there\r"))
    f.add(Enterprise(key="e3", name="丙\x7f", sources=["d1"],
                     evidence=[Evidence("d1", 3, 8, "suffix", 0.25)]))
    f.add(Supplies(source="e3", target="e1", product="电池", sources=["d1"],
                   evidence=[Evidence("d1", 10, 12, "supply-verb", 1.0)]))
    f.add(LocatedIn(source="e3", target="p4", sources=["d1", "d2"],
                    evidence=[Evidence("d2", 0, 2, "located", 0.5)]))
    return f


def test_control_characters_take_the_row_path_and_keep_the_graph(tmp_path: Path) -> None:
    facts = _with_controls()
    assert not csv_safe({"Park": [{"key": "p", "name": ",\x00\x00"}]}, {})
    assert not csv_safe({"Park": [{"key": "p", "aliases": ["a\x01b"]}]}, {})
    assert csv_safe({"Park": [{"key": "p", "name": "a\tb"}]}, {})
    with LadybugStore(tmp_path / "a.lbug") as fast, \
            LadybugStore(tmp_path / "b.lbug", bulk=False) as slow:
        fast.load(facts)
        slow.load(facts)
        got = _dump(fast)
        assert got == _dump(slow)
        assert (",\x00\x00",) in [(r[1],) for r in got["Park"]]


@pytest.mark.parametrize("which", ["fixture", "seed", "controls"])
def test_nquads_text_is_the_same_graph_as_rdflib_terms(tmp_path: Path, which: str,
                                                       request: pytest.FixtureRequest) -> None:
    facts = (_with_controls() if which == "controls"
             else request.getfixturevalue(f"{which}_facts"))
    with RdfStore(tmp_path / "rdf") as bulk, RdfStore() as txn:
        bulk.load(facts)
        txn.load(facts)
        got = {str(q) for q in bulk.oxigraph}
        assert got == {str(q) for q in txn.oxigraph}
        assert len(got) > 0


def test_bulk_load_in_many_chunks_is_the_same_graph(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import chainkg.graph.rdf_store as rdf_store

    facts = synthetic_facts(200, seed=7)
    facts.update(_with_controls())
    monkeypatch.setattr(rdf_store, "BULK_CHUNK", 100)  # dozens of bulk_load calls
    with RdfStore(tmp_path / "rdf") as bulk, RdfStore() as txn:
        bulk.load(facts)
        txn.load(facts)
        assert {str(q) for q in bulk.oxigraph} == {str(q) for q in txn.oxigraph}
    assert [p.name for p in tmp_path.iterdir()] == ["rdf"]  # no chunk file left behind


def test_keys_with_code_points_no_iri_may_hold(tmp_path: Path) -> None:
    """Private-use characters (PDF and GBK-era text carries them), C1 controls and
    noncharacters in keys: kept raw they made an invalid IRI and failed the whole RDF load.
    They are percent-encoded in the IRI; the key itself is kept as given."""
    from chainkg.graph.model import HasChain, IndustryChain
    from chainkg.queries.registry import get

    keys = ["东\ue000园", "西\x85园", "南\ufdd0园", "北\U000f0001园"]
    facts = Facts()
    for key in keys:
        facts.add(Park(key=key, name=key, sources=[]))
    facts.add(Enterprise(key="企\ue0a1业", name="企业", sources=[]))
    facts.add(LocatedIn(source="企\ue0a1业", target="东\ue000园"))
    facts.add(IndustryChain(key="氢\ue000能", name="氢能"))
    facts.add(HasChain(source="东\ue000园", target="氢\ue000能", strategy="补链"))
    with RdfStore(tmp_path / "rdf") as bulk, RdfStore() as txn, LadybugStore() as pg:
        bulk.load(facts)  # Oxigraph's bulk loader (strict IRI checks)
        txn.load(facts)  # transactional inserts of rdflib terms
        pg.load(facts)
        assert {str(q) for q in bulk.oxigraph} == {str(q) for q in txn.oxigraph}
        for store in (bulk, txn, pg):
            rows = get("park_overview").run(store, {"park": keys[0]}).dicts()
            assert [(r["park_name"], r["chain_name"], r["strategy_zh"]) for r in rows] == [
                (keys[0], "氢能", "补链")]
        ids = {r[0] for r in bulk.query(
            "SELECT ?k WHERE { ?p a <https://w3id.org/chainkg/ontology#Park> ; "
            "<http://purl.org/dc/terms/identifier> ?k }").rows}
        assert ids == set(keys)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_every_key_makes_a_valid_iri(key: str) -> None:
    """The bulk load does not re-check IRIs (Oxigraph's lenient mode): every IRI a key can
    make must be valid as made. pyoxigraph's own IRI check is the judge."""
    from pyoxigraph import NamedNode

    from chainkg.graph.identity import entity_iri, graph_iri

    for iri in (entity_iri("Enterprise", key), graph_iri(key)):
        assert NamedNode(iri).value == iri
