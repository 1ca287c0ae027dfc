"""The ontology files and ontology/mapping.py cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from chainkg.graph.model import STRATEGIES
from chainkg.graph.rdf import strategy_iri
from chainkg.ontology import FILES, SHAPES, path
from chainkg.ontology.mapping import NODES, PREFIXES, RELS, expand

CKG = PREFIXES["ckg"]
CKGS = URIRef(PREFIXES["ckgs"])
SH = "http://www.w3.org/ns/shacl#"

# Defined in chainkg.ttl but named by no mapping entry, on purpose: ChainLeader is a defined
# class (whatever ckg:leads a chain), a role rather than a property-graph label.
ABSTRACT = {"ckg:ChainLeader"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(path("chainkg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def scheme() -> Graph:
    return Graph().parse(path("strategies.ttl"), format="turtle")


def _mapped_terms() -> dict[str, str]:
    """Every ckg: term the mapping names -> what it is used as (class or property)."""
    out: dict[str, str] = {}
    for n in NODES:
        out[n.cls] = "class"
        out.update({p.term: "property" for p in n.props})
    for r in RELS:
        out[r.term] = "property"
        out.update({p.term: "property" for p in r.props})
        if r.qualifier:
            out[r.qualifier] = "class"
            out[r.subject_term or ""] = "property"
            out[r.object_term or ""] = "property"
    return {t: kind for t, kind in out.items() if t.startswith("ckg:")}


def _langs(terms: Iterable[Node]) -> set[str | None]:
    return {t.language for t in terms if isinstance(t, Literal)}


def _defined(g: Graph) -> dict[str, URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {"ckg:" + str(s)[len(CKG):]: kind for kind in kinds
            for s in g.subjects(RDF.type, kind) if str(s).startswith(CKG)}


def test_every_file_parses() -> None:
    for name in (*FILES, SHAPES):
        assert len(Graph().parse(path(name), format="turtle")) > 50, name


def test_every_mapped_term_is_defined_with_the_right_kind(ontology: Graph) -> None:
    defined = _defined(ontology)
    for term, kind in _mapped_terms().items():
        assert term in defined, f"{term} is used in mapping.py but not defined in chainkg.ttl"
        if kind == "class":
            assert defined[term] == OWL.Class, term
        else:
            assert defined[term] in (OWL.ObjectProperty, OWL.DatatypeProperty), term


def test_relationships_are_object_properties(ontology: Graph) -> None:
    defined = _defined(ontology)
    for r in RELS:
        assert defined[r.term] == OWL.ObjectProperty, r.term
    for n in NODES:
        for p in n.props:
            if p.term.startswith("ckg:") and p.type not in ("strategy", "iri"):
                assert defined[p.term] == OWL.DatatypeProperty, p.term


def test_every_defined_term_is_mapped_or_abstract(ontology: Graph) -> None:
    unused = set(_defined(ontology)) - set(_mapped_terms()) - ABSTRACT
    assert not unused, f"defined in chainkg.ttl but used by no mapping entry: {sorted(unused)}"


def test_every_term_has_zh_and_en_labels_a_comment_and_a_domain(ontology: Graph) -> None:
    for term, kind in _defined(ontology).items():
        iri = URIRef(expand(term))
        langs = _langs(ontology.objects(iri, RDFS.label))
        assert {"zh", "en"} <= langs, f"{term} lacks a zh or en rdfs:label"
        assert (iri, RDFS.comment, None) in ontology, f"{term} has no rdfs:comment"
        if kind != OWL.Class:
            assert (iri, RDFS.domain, None) in ontology, f"{term} has no rdfs:domain"
            assert (iri, RDFS.range, None) in ontology, f"{term} has no rdfs:range"


def test_ontology_header_has_title_description_and_version(ontology: Graph) -> None:
    onto = next(ontology.subjects(RDF.type, OWL.Ontology))
    for prop in ("dcterms:title", "dcterms:description"):
        langs = _langs(ontology.objects(onto, URIRef(expand(prop))))
        assert {"zh", "en"} <= langs, prop
    assert (onto, OWL.versionInfo, None) in ontology


def test_chain_leader_is_defined_by_leading_a_chain(ontology: Graph) -> None:
    leader = URIRef(expand("ckg:ChainLeader"))
    restriction = ontology.value(leader, OWL.equivalentClass)
    assert ontology.value(restriction, OWL.onProperty) == URIRef(expand("ckg:leads"))
    assert ontology.value(restriction, OWL.someValuesFrom) == URIRef(expand("ckg:IndustryChain"))
    # a lead enterprise or a post is *inferred* a chain leader, never declared one
    for cls in ("ckg:Enterprise", "ckg:Post"):
        assert (URIRef(expand(cls)), RDFS.subClassOf, leader) not in ontology


def test_project_chain_properties_specialise_in_chain(ontology: Graph) -> None:
    in_chain = URIRef(expand("ckg:inChain"))
    for r in RELS:
        if r.term != "ckg:inChain" and r.pairs == (("Project", "IndustryChain"),):
            assert (URIRef(expand(r.term)), RDFS.subPropertyOf, in_chain) in ontology, r.term


def test_strategy_scheme_has_the_model_strategies(scheme: Graph) -> None:
    assert (CKGS, RDF.type, SKOS.ConceptScheme) in scheme
    concepts = set(scheme.subjects(SKOS.inScheme, CKGS))
    assert concepts == {strategy_iri(zh) for zh in STRATEGIES}
    for zh, local in STRATEGIES.items():
        c = URIRef(PREFIXES["ckgs"] + local)
        assert (c, SKOS.topConceptOf, CKGS) in scheme
        pref = {(getattr(o, "language", None), str(o)) for o in scheme.objects(c, SKOS.prefLabel)}
        assert ("zh", zh) in pref, f"{local}: zh prefLabel should be {zh}"
        assert any(lang == "en" for lang, _ in pref), f"{local} has no en prefLabel"
        defs = _langs(scheme.objects(c, SKOS.definition))
        assert {"zh", "en"} <= defs, local
        assert "zh" in _langs(scheme.objects(c, SKOS.altLabel)), local


def test_strategy_labels_are_unambiguous(scheme: Graph) -> None:
    """Text extraction maps a phrase to a strategy by its labels: no label may name two."""
    owner: dict[str, Node] = {}
    for c in scheme.subjects(SKOS.inScheme, CKGS):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in scheme.objects(c, prop):
                assert owner.setdefault(str(label), c) == c, f"{label} names two strategies"


def test_every_class_has_a_shape(ontology: Graph) -> None:
    shapes = Graph().parse(path(SHAPES), format="turtle")
    targeted = set(shapes.objects(None, URIRef(SH + "targetClass")))
    classes = {URIRef(expand(t)) for t, kind in _defined(ontology).items() if kind == OWL.Class}
    assert classes <= targeted, sorted(str(c) for c in classes - targeted)


def test_every_shape_constraint_has_an_english_message() -> None:
    shapes = Graph().parse(path(SHAPES), format="turtle")
    checked = 0
    for prop_shape in set(shapes.subjects(URIRef(SH + "path"), None)):
        if (None, URIRef(SH + "property"), prop_shape) not in shapes:
            continue  # an inner path or an sh:or branch, not a property shape
        langs = _langs(shapes.objects(prop_shape, URIRef(SH + "message")))
        assert "en" in langs, f"a property shape on {shapes.value(prop_shape, URIRef(SH + 'path'))}"
        checked += 1
    assert checked > 40
