"""Exports through Oxigraph's own writers: what each format holds, decimals and simple
literals as stored, the JSON-LD compaction, and where the text goes (atomic files)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from chainkg.cli import main
from chainkg.errors import BackendError
from chainkg.graph.model import Facts
from chainkg.graph.rdf import VOCABULARY_GRAPH
from chainkg.graph.rdf_store import RdfStore
from chainkg.graph.workspace import Workspace
from chainkg.ontology.mapping import expand

PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}
ALPHA = URIRef("https://w3id.org/chainkg/graph/fx-alpha")


@pytest.fixture
def store(fixture_facts: Facts) -> RdfStore:
    rdf = RdfStore()
    rdf.load(fixture_facts)
    return rdf


def term(value: Any) -> Any:
    """A pyoxigraph term as rdflib's, by RDF 1.1: "x"^^xsd:string is the simple "x"."""
    if isinstance(value, ox.Literal):
        if value.language:
            return Literal(value.value, lang=value.language)
        if value.datatype.value == str(XSD.string):
            return Literal(value.value)
        return Literal(value.value, datatype=URIRef(value.datatype.value))
    if isinstance(value, ox.BlankNode):
        return BNode(value.value)
    return URIRef(value.value)


def union(store: RdfStore, vocabulary: bool = False) -> Graph:
    """The named graphs' triples, read from the store term by term (not by a writer)."""
    out = Graph()
    for q in store.oxigraph.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.DefaultGraph):
            continue
        if vocabulary or term(q.graph_name) != VOCABULARY_GRAPH:
            out.add((term(q.subject), term(q.predicate), term(q.object)))
    return out


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
@pytest.mark.parametrize("vocabulary", [False, True])
def test_triple_formats_hold_the_document_union(store: RdfStore, fmt: str,
                                                vocabulary: bool) -> None:
    text = store.serialize(fmt, vocabulary=vocabulary)
    assert text is not None
    reloaded = Graph().parse(data=text, format=PARSERS[fmt])
    expected = union(store, vocabulary)
    assert len(reloaded) == len(expected) > 300
    assert isomorphic(reloaded, expected)
    has_ontology = (URIRef(expand("ckg:Park")), RDF.type, OWL.Class) in reloaded
    assert has_ontology is vocabulary


def test_a_triple_a_document_shares_with_the_vocabulary_stays(store: RdfStore) -> None:
    shared = (URIRef(expand("ckg:Park")), RDF.type, OWL.Class)
    store.add_quads([(*shared, ALPHA)])
    reloaded = Graph().parse(data=store.serialize("ttl"), format="turtle")
    assert shared in reloaded
    assert (URIRef(expand("ckg:Project")), RDF.type, OWL.Class) not in reloaded


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_quad_formats_keep_the_document_graphs(store: RdfStore, fmt: str) -> None:
    for vocabulary in (False, True):
        ds = Dataset().parse(data=store.serialize(fmt, vocabulary=vocabulary),
                             format=PARSERS[fmt])
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        docs = {"https://w3id.org/chainkg/graph/fx-alpha",
                "https://w3id.org/chainkg/graph/fx-beta"}
        assert names == (docs | {str(VOCABULARY_GRAPH)} if vocabulary else docs)
        assert len(ds.default_graph) == 0  # the materialised union is not exported
        triples = Graph()
        for s, p, o, _g in ds.quads():
            triples.add((s, p, o))
        assert isomorphic(triples, union(store, vocabulary))


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "nq"])
def test_decimals_and_simple_literals_come_back_as_stored(store: RdfStore, fmt: str) -> None:
    text = store.serialize(fmt)
    assert text is not None
    assert "XMLSchema#string" not in text and "xsd:string" not in text
    ds = Dataset().parse(data=text, format=PARSERS[fmt])
    amount = URIRef(expand("ckg:amountCNY"))
    written = {(str(o), getattr(o, "datatype", None))
               for _s, _p, o, _g in ds.quads((None, amount, None))}
    stored = {(q.object.value, q.object.datatype.value) for q in store.oxigraph.quads_for_pattern(
        None, ox.NamedNode(str(amount)), None, ox.DefaultGraph())}
    assert written and written == {(v, URIRef(d)) for v, d in stored}
    # Oxigraph keeps decimals canonical ("300000000", no point): a Turtle writer that
    # abbreviated it would make an integer or a different decimal.
    assert ("300000000", XSD.decimal) in written
    names = [o for _s, _p, o, _g in ds.quads((None, URIRef(expand("dcterms:identifier")), None))]
    assert names and all(isinstance(o, Literal) and o.datatype is None and o.language is None
                         for o in names)


def test_jsonld_is_compacted_with_the_prefixes(store: RdfStore) -> None:
    # Literals that look like IRIs under a prefix or like JSON-LD stay as they are.
    tricky = {expand("ckg:Park"), '"' + expand("ckg:Park"), ']},{"@id":"' + expand("id:y"),
              '"http://www.w3.org/1999/02/22-rdf-syntax-ns#type":[{"@id":"ckg:Park"}]'}
    store.add_quads([(URIRef(expand("id:fx-x")), URIRef(expand("rdfs:comment")), Literal(t),
                      ALPHA) for t in tricky])
    text = store.serialize("jsonld")
    assert text is not None
    doc = json.loads(text)
    assert doc["@context"]["ckg"] == "https://w3id.org/chainkg/ontology#"
    nodes = {n["@id"]: n for n in doc["@graph"]}
    parks = [n for n in nodes.values() if "ckg:Park" in n.get("@type", [])]
    assert parks and all(n["@id"].startswith("id:") for n in parks)
    assert any("skos:prefLabel" in n for n in parks)
    assert {v["@value"] for v in nodes["id:fx-x"]["rdfs:comment"]} == tricky
    reloaded = Graph().parse(data=text, format="json-ld")
    assert isomorphic(reloaded, union(store))


def test_an_empty_store_exports_empty_documents() -> None:
    with RdfStore() as rdf:
        for fmt in PARSERS:
            text = rdf.serialize(fmt)
            assert text is not None
            assert len(Dataset().parse(data=text, format=PARSERS[fmt])) == 0
        assert json.loads(rdf.serialize("jsonld") or "")["@graph"] == []


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nq"])
def test_destinations(store: RdfStore, tmp_path: Path, fmt: str) -> None:
    text = store.serialize(fmt)
    path = tmp_path / f"out.{fmt}"
    assert store.serialize(fmt, destination=path) is None
    assert path.read_text(encoding="utf-8") == text
    assert list(tmp_path.iterdir()) == [path]  # no .part left behind
    binary = io.BytesIO()
    store.serialize(fmt, destination=binary)
    assert binary.getvalue().decode("utf-8") == text
    textio = io.StringIO()
    store.serialize(fmt, destination=textio)
    assert textio.getvalue() == text


def test_a_failed_export_keeps_the_previous_file(store: RdfStore, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("previous", encoding="utf-8")

    def broken(fmt: str, out: str, vocabulary: bool) -> None:
        Path(out).write_text("@prefix half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write", broken)
    with pytest.raises(BackendError, match="cannot export to .*graph.ttl: disk full"):
        store.serialize("ttl", destination=path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert list(tmp_path.iterdir()) == [path]
    with pytest.raises(BackendError, match="cannot export to"):
        store.serialize("ttl", destination=tmp_path / "missing" / "graph.ttl")


def test_cli_export_writes_the_file(fixture_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "graph.jsonld"
    result = CliRunner().invoke(main, ["-w", str(fixture_ws.path), "export", "-f", "jsonld",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert list(tmp_path.iterdir()) == [out]
    with fixture_ws.rdf() as rdf:
        assert isomorphic(Graph().parse(out, format="json-ld"), union(rdf))
    result = CliRunner().invoke(main, ["-w", str(fixture_ws.path), "export",
                                       "-o", str(tmp_path / "no" / "graph.ttl")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot export to")
