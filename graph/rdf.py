"""Facts -> RDF quads, with one named graph per source document.

Each entity becomes a resource typed by its ontology class, with ``dcterms:identifier`` (its
key), ``skos:prefLabel``/``rdfs:label`` in zh (and en where known), ``skos:altLabel`` for
aliases and ``prov:wasDerivedFrom`` its source documents. Each relationship becomes a
triple; a relationship with properties also gets a qualifier node (ckg:ChainStance,
ckg:Leadership, ckg:SupplyLink). Every triple goes into the named graph of each document
that states it (``graph:<doc key>``); facts without a source go to ``graph:unsourced``.
The vocabulary (ontology + strategy scheme) is loaded into ``graph:vocabulary``.

Examples
--------
>>> from chainkg.graph.model import Facts, Park
>>> f = Facts(); _ = f.add(Park(key="p", name="株洲高新区", sources=["d"]))
>>> from chainkg.graph.model import SourceDocument
>>> _ = f.add(SourceDocument(key="d", name="报道", date="2024-08-09"))
>>> quads = facts_quads(f)
>>> any(str(o) == "株洲高新区" and o.language == "zh" for _, _, o, _ in quads)
True
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any, Iterator

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.term import Node

from chainkg.graph.identity import entity_iri, graph_iri, statement_iri
from chainkg.graph.model import SECTIONS, STRATEGIES, Evidence, Facts
from chainkg.graph.rows import rel_rows, rid
from chainkg.ontology.mapping import BASE, EVIDENCE_NAMES, NODES, PREFIXES, expand, rel

Quad = tuple[Node, Node, Node, URIRef]

VOCABULARY_GRAPH = URIRef(BASE + "graph/vocabulary")
UNSOURCED_GRAPH = URIRef(BASE + "graph/unsourced")
IN_CHAIN = URIRef(expand("ckg:inChain"))
PROV_FROM = URIRef(expand("prov:wasDerivedFrom"))
PROV_QUALIFIED = URIRef(expand("prov:qualifiedDerivation"))
PROV_DERIVATION = URIRef(expand("prov:Derivation"))
PROV_ENTITY = URIRef(expand("prov:entity"))


def strategy_iri(zh: str) -> URIRef:
    """``有链强链`` -> ``ckgs:strengthen``."""
    return URIRef(PREFIXES["ckgs"] + STRATEGIES[zh])


def date_literal(text: str) -> Literal:
    """ISO text -> xsd:date, xsd:gYearMonth or xsd:gYear by its length."""
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(text), XSD.string)
    return Literal(text, datatype=kind)


def decimal_lexical(value: float) -> str:
    """The xsd:decimal lexical form of ``value``, always with a decimal point.

    Turtle abbreviates a decimal literal as a bare number, which must contain a ``.``; a
    form without one ("300000000") would come back from a Turtle round trip as
    "300000000.0", a different RDF term. So every export format keeps the same term.

    >>> decimal_lexical(3e8), decimal_lexical(1.25), decimal_lexical(0)
    ('300000000.0', '1.25', '0.0')
    """
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return text if "." in text else text + ".0"


def _literal(value: Any, kind: str) -> Literal:
    if kind == "float":
        return Literal(decimal_lexical(value), datatype=XSD.decimal)
    if kind == "int":
        return Literal(int(value), datatype=XSD.integer)
    if kind == "date":
        return date_literal(str(value))
    if kind in ("zh", "en"):
        return Literal(str(value), lang=kind)
    return Literal(str(value))


def _graphs(sources: list[str]) -> list[URIRef]:
    return [URIRef(graph_iri(s)) for s in sources] or [UNSOURCED_GRAPH]


def _value_terms(value: Any, kind: str, label_of: dict[str, str]) -> Iterator[Node]:
    if value is None or value == "" or value == []:
        return
    if kind == "sources":
        for v in value:
            yield URIRef(entity_iri("SourceDocument", v))
    elif kind == "strategy":
        yield strategy_iri(value)
    elif kind == "iri":
        yield URIRef(entity_iri(label_of[value], value))
    elif isinstance(value, list):
        for v in value:
            yield _literal(v, kind)
    else:
        yield _literal(value, kind)


def facts_quads(facts: Facts) -> list[Quad]:
    """All quads for ``facts`` (no vocabulary)."""
    return list(iter_quads(facts))


def iter_quads(facts: Facts) -> Iterator[Quad]:
    """The quads of :func:`facts_quads`, one at a time: a store loads them as they come,
    so a large build never holds every rdflib term at once."""
    label_of: dict[str, str] = {}
    for spec in NODES:
        for key in getattr(facts, SECTIONS[spec.label]):
            label_of[key] = spec.label

    for spec in NODES:
        cls = URIRef(expand(spec.cls))
        for entity in getattr(facts, SECTIONS[spec.label]).values():
            s = URIRef(entity_iri(spec.label, entity.key))
            sources = [entity.key] if spec.label == "SourceDocument" else entity.sources
            triples: list[tuple[Node, Node, Node]] = [(s, RDF.type, cls)]
            for p in spec.props:
                if p.name in EVIDENCE_NAMES:
                    continue  # written as prov:Derivation nodes below
                pred = URIRef(expand(p.term))
                for term in _value_terms(getattr(entity, p.name, None), p.type, label_of):
                    triples.append((s, pred, term))
                    if p.name == "name":  # for generic RDF tools that only know rdfs:label
                        triples.append((s, RDFS.label, term))
            if spec.label == "SourceDocument":
                # The document's named graph says which document it holds, so a query can
                # go from GRAPH ?g to the title, outlet and date of the source.
                triples.append((URIRef(graph_iri(entity.key)), PROV_FROM, s))
            for g in _graphs(sources):
                yield from ((a, b, c, g) for a, b, c in triples)
            yield from derivation_quads(s, entity.evidence)

    for rel_type, items in rel_rows(facts).items():
        spec = rel(rel_type)
        pred = URIRef(expand(spec.term))
        for a, b, row in items:
            s = URIRef(entity_iri(a, row["src"]))
            o = URIRef(entity_iri(b, row["dst"]))
            triples = [(s, pred, o)]
            if spec.qualifier:
                q = URIRef(statement_iri(rel_type, row["rid"]))
                triples += [
                    (q, RDF.type, URIRef(expand(spec.qualifier))),
                    (q, URIRef(expand(spec.subject_term or "")), s),
                    (q, URIRef(expand(spec.object_term or "")), o),
                ]
                for p in spec.props:
                    if p.name in EVIDENCE_NAMES:
                        continue
                    for term in _value_terms(row.get(p.name), p.type, label_of):
                        triples.append((q, URIRef(expand(p.term)), term))
            evidence = _row_evidence(row)
            if evidence and not spec.qualifier:
                # no qualifier node to hang the derivation on: reify the triple
                q = URIRef(statement_iri(rel_type, rid(rel_type, row["src"], row["dst"], row)))
                triples += [(q, RDF.type, RDF.Statement), (q, RDF.subject, s),
                            (q, RDF.predicate, pred), (q, RDF.object, o)]
            for g in _graphs(row.get("sources") or []):
                yield from ((x, y, z, g) for x, y, z in triples)
            if evidence:
                yield from derivation_quads(q, evidence)


def _row_evidence(row: dict[str, Any]) -> list[Evidence]:
    cols = [row.get(n) or [] for n in ("ev_doc", "ev_start", "ev_end", "ev_rule", "ev_conf")]
    return [Evidence(*span) for span in zip(*cols, strict=True)]


def derivation_quads(subject: Node, evidence: list[Evidence]) -> list[Quad]:
    """PROV-O for text evidence: per span, ``subject prov:qualifiedDerivation d`` where the
    prov:Derivation ``d`` names the document (prov:entity), the character span, the
    extraction rule and its confidence; in the document's named graph. Curated facts have
    no evidence, hence no derivation.

    >>> q = derivation_quads(URIRef("https://w3id.org/chainkg/id/park/p"),
    ...                      [Evidence("d", 0, 5, "park-suffix", 0.9)])
    >>> sorted(str(p).rsplit("#", 1)[-1] for _, p, _, _ in q)  # doctest: +NORMALIZE_WHITESPACE
    ['charEnd', 'charStart', 'entity', 'extractionConfidence', 'extractionRule',
     'qualifiedDerivation', 'type']
    """
    out: list[Quad] = []
    for ev in evidence:
        ident = "\x1f".join((str(subject), ev.doc, str(ev.start), str(ev.end), ev.rule))
        d = URIRef(f"{BASE}id/derivation/{hashlib.sha1(ident.encode()).hexdigest()[:16]}")
        g = URIRef(graph_iri(ev.doc))
        out += [
            (subject, PROV_QUALIFIED, d, g),
            (d, RDF.type, PROV_DERIVATION, g),
            (d, PROV_ENTITY, URIRef(entity_iri("SourceDocument", ev.doc)), g),
            (d, URIRef(expand("ckg:charStart")), Literal(int(ev.start), datatype=XSD.integer), g),
            (d, URIRef(expand("ckg:charEnd")), Literal(int(ev.end), datatype=XSD.integer), g),
            (d, URIRef(expand("ckg:extractionRule")), Literal(ev.rule), g),
            (d, URIRef(expand("ckg:extractionConfidence")), _literal(ev.confidence, "float"), g),
        ]
    return out


def vocabulary_quads() -> list[Quad]:
    """The ontology and the strategy scheme, in ``graph:vocabulary``."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    from chainkg.ontology import FILES, path

    g = Graph()
    for name in FILES:
        g.parse(path(name), format="turtle")
    # The OWL class expressions and lists are blank nodes, which a parser names afresh each
    # time: canonical names (hashes of their content) make reloading the vocabulary a no-op
    # instead of adding a second copy of every restriction and list.
    return [(s, p, o, VOCABULARY_GRAPH) for s, p, o in to_canonical_graph(g)]


def bind_prefixes(graph: Any) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
