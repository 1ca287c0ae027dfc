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
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.term import Node

from chainkg.graph.identity import entity_iri, graph_iri, statement_iri
from chainkg.graph.model import SECTIONS, STRATEGIES, Evidence, Facts
from chainkg.graph.rows import RelRow, rel_rows, rid
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


def facts_quads(facts: Facts) -> list[Quad]:
    """All quads for ``facts`` (no vocabulary)."""
    return list(iter_quads(facts))


def iter_quads(facts: Facts) -> Iterator[Quad]:
    """The quads of :func:`facts_quads`, one at a time: a store loads them as they come,
    so a large build never holds every rdflib term at once."""
    return _walk(facts, URIRef, _literal)  # type: ignore[return-value]


def iter_nquads(facts: Facts,
                rels: Callable[[], dict[str, list[RelRow]]] | None = None) -> Iterator[str]:
    """The quads of :func:`iter_quads` as N-Quads text: one string per entity,
    relationship or evidence span, holding each of its triples in each of its named graphs
    and once in the default graph (the union the store keeps, see
    :class:`chainkg.graph.rdf_store.RdfStore`). No rdflib term is made: at 100k
    enterprises the terms were most of a build's time. A triple that several records
    state comes once per record in the default graph; the store keeps it once.
    ``rels`` gives the relationship rows (:func:`chainkg.graph.rows.rel_rows`) when the
    caller shares them with another writer.

    >>> from chainkg.graph.model import Park
    >>> f = Facts(); _ = f.add(Park(key="p", name='株洲"高新区', sources=[]))
    >>> text = "".join(iter_nquads(f))
    >>> '"株洲\\\\"高新区"@zh <https://w3id.org/chainkg/graph/unsourced> .\\n' in text
    True
    >>> '"株洲\\\\"高新区"@zh .\\n' in text  # and in the default graph
    True
    """
    for triples, graphs in _groups(facts, _nt_iri, _nt_literal, rels):
        # each triple formatted once, then joined with every graph's line ending
        body = [f"{s} {p} {o}" for s, p, o in triples]
        out = [f" {g} .\n".join(body) + f" {g} .\n" for g in graphs]
        out.append(" .\n".join(body) + " .\n")
        yield "".join(out)


# N-Quads STRING_LITERAL_QUOTE: quote, backslash and line breaks must be escaped; other
# control characters are escaped too, so that no reader or tool trips on them.
_NT_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_NT_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n",
                    ord("\r"): "\\r", ord("\t"): "\\t"})
# Whether a text needs any of those escapes: a regex search is several times faster than
# translate() on CJK text, and most values need none.
_NT_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NT_DATES = {10: f"^^<{_XSD}date>", 7: f"^^<{_XSD}gYearMonth>", 4: f"^^<{_XSD}gYear>"}


def _nt_iri(value: str) -> str:
    # entity_iri percent-encodes every ASCII character an IRIREF forbids; should one come
    # anyway, a \u escape stands for the same character, so the store sees the same IRI
    # (and rejects it exactly as the rdflib path would).
    if _IRI_FORBIDDEN.search(value):
        value = _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return f"<{value}>"


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _nt_literal(value: Any, kind: str) -> str:
    """The N-Quads form of what :func:`_literal` makes, the same RDF term."""
    if kind == "float":
        return f'"{decimal_lexical(value)}"^^<{_XSD}decimal>'
    if kind == "int":
        return f'"{int(value)}"^^<{_XSD}integer>'
    text = str(value)
    if _NT_NEEDS_ESCAPE.search(text):
        text = text.translate(_NT_ESCAPES)
    if kind == "date":
        return f'"{text}"' + _NT_DATES.get(len(str(value)), "")
    if kind in ("zh", "en"):
        return f'"{text}"@{kind}'
    return f'"{text}"'


def _walk(facts: Facts, iri: Callable[[str], Any], literal: Callable[[Any, str], Any],
          rels: Callable[[], dict[str, list[RelRow]]] | None = None,
          ) -> Iterator[tuple[Any, Any, Any, Any]]:
    """Every quad of ``facts``, with terms made by ``iri(text)`` and
    ``literal(value, kind)``: rdflib terms or N-Quads text, from one walk, so the two
    load paths cannot drift apart."""
    for triples, graphs in _groups(facts, iri, literal, rels):
        for g in graphs:
            for a, b, c in triples:
                yield a, b, c, g


# Property kinds whose single value is one literal (the common case, taken inline).
_SCALAR_KINDS = frozenset({"string", "zh", "en", "date", "int", "float"})


def _groups(facts: Facts, iri: Callable[[str], Any], literal: Callable[[Any, str], Any],
            rels: Callable[[], dict[str, list[RelRow]]] | None = None,
            ) -> Iterator[tuple[list[tuple[Any, Any, Any]], list[Any]]]:
    """The quads of :func:`_walk` as ``(triples, graphs)``: each triple in each graph.
    One group per entity, relationship or evidence span, so a writer formats each triple
    once however many graphs hold it."""
    label_of: dict[str, str] = {}
    for spec in NODES:
        for key in getattr(facts, SECTIONS[spec.label]):
            label_of[key] = spec.label
    rdf_type = iri(str(RDF.type))
    rdfs_label = iri(str(RDFS.label))
    prov_from = iri(str(PROV_FROM))
    unsourced = [iri(str(UNSOURCED_GRAPH))]
    graph_of: dict[str, Any] = {}  # source key -> graph term, made once
    # label -> key -> the entity's IRI term, made once: relationships and references name
    # the same entities again and again (half a million times at 100k enterprises)
    terms: dict[str, dict[str, Any]] = {spec.label: {} for spec in NODES}

    def term_of(label: str, key: str) -> Any:
        known = terms[label]
        t = known.get(key)
        if t is None:
            t = known[key] = iri(entity_iri(label, key))
        return t

    def graphs(sources: list[str]) -> list[Any]:
        out = []
        for src in sources:
            g = graph_of.get(src)
            if g is None:
                g = graph_of[src] = iri(graph_iri(src))
            out.append(g)
        return out or unsourced

    def values(value: Any, kind: str) -> Iterator[Any]:
        if value is None or value == "" or value == []:
            return
        if kind == "sources":
            for v in value:
                yield term_of("SourceDocument", v)
        elif kind == "strategy":
            yield iri(str(strategy_iri(value)))
        elif kind == "iri":
            yield term_of(label_of[value], value)
        elif isinstance(value, list):
            for v in value:
                yield literal(v, kind)
        else:
            yield literal(value, kind)

    for spec in NODES:
        cls = iri(expand(spec.cls))
        preds = [(p.name, p.type, iri(expand(p.term))) for p in spec.props
                 if p.name not in EVIDENCE_NAMES]  # evidence: prov:Derivation nodes below
        mine = terms[spec.label]
        for entity in getattr(facts, SECTIONS[spec.label]).values():
            s_text = entity_iri(spec.label, entity.key)
            s = mine[entity.key] = iri(s_text)
            sources = [entity.key] if spec.label == "SourceDocument" else entity.sources
            triples: list[tuple[Any, Any, Any]] = [(s, rdf_type, cls)]
            for name, kind, pred in preds:
                value = getattr(entity, name, None)
                if value is None or value == "" or value == []:
                    continue
                # one literal, the common case, made inline; lists and references by values()
                made = ([literal(value, kind)]
                        if kind in _SCALAR_KINDS and not isinstance(value, list)
                        else values(value, kind))
                for term in made:
                    triples.append((s, pred, term))
                    if name == "name":  # for generic RDF tools that only know rdfs:label
                        triples.append((s, rdfs_label, term))
            if spec.label == "SourceDocument":
                # The document's named graph says which document it holds, so a query can
                # go from GRAPH ?g to the title, outlet and date of the source.
                triples.append((iri(graph_iri(entity.key)), prov_from, s))
            yield triples, graphs(sources)
            if entity.evidence:
                yield from _derivation_groups(s, s_text, entity.evidence, iri, literal)

    for rel_type, items in (rels() if rels is not None else rel_rows(facts)).items():
        spec = rel(rel_type)
        pred = iri(expand(spec.term))
        if spec.qualifier:
            q_type = iri(expand(spec.qualifier))
            q_subject = iri(expand(spec.subject_term or ""))
            q_object = iri(expand(spec.object_term or ""))
            q_preds = [(p.name, p.type, iri(expand(p.term))) for p in spec.props
                       if p.name not in EVIDENCE_NAMES]
        for a, b, row in items:
            s = term_of(a, row["src"])
            o = term_of(b, row["dst"])
            triples = [(s, pred, o)]
            if spec.qualifier:
                q_text = statement_iri(rel_type, row["rid"])
                q = iri(q_text)
                triples += [(q, rdf_type, q_type), (q, q_subject, s), (q, q_object, o)]
                for name, kind, qp in q_preds:
                    for term in values(row.get(name), kind):
                        triples.append((q, qp, term))
            evidence = _row_evidence(row) if row.get("ev_doc") else []
            if evidence and not spec.qualifier:
                # no qualifier node to hang the derivation on: reify the triple
                q_text = statement_iri(rel_type, rid(rel_type, row["src"], row["dst"], row))
                q = iri(q_text)
                triples += [(q, rdf_type, iri(str(RDF.Statement))),
                            (q, iri(str(RDF.subject)), s), (q, iri(str(RDF.predicate)), pred),
                            (q, iri(str(RDF.object)), o)]
            yield triples, graphs(row.get("sources") or [])
            if evidence:
                yield from _derivation_groups(q, q_text, evidence, iri, literal)


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
    return list(_derivations(subject, str(subject), evidence, URIRef, _literal))


def _derivations(subject: Any, subject_text: str, evidence: list[Evidence],
                 iri: Callable[[str], Any],
                 literal: Callable[[Any, str], Any]) -> Iterator[tuple[Any, Any, Any, Any]]:
    for triples, (g,) in _derivation_groups(subject, subject_text, evidence, iri, literal):
        yield from ((s, p, o, g) for s, p, o in triples)


def _derivation_groups(subject: Any, subject_text: str, evidence: list[Evidence],
                       iri: Callable[[str], Any], literal: Callable[[Any, str], Any],
                       ) -> Iterator[tuple[list[tuple[Any, Any, Any]], list[Any]]]:
    # subject_text is the subject's IRI as text: the derivation's name hashes it
    for ev in evidence:
        ident = "\x1f".join((subject_text, ev.doc, str(ev.start), str(ev.end), ev.rule))
        d = iri(f"{BASE}id/derivation/{hashlib.sha1(ident.encode()).hexdigest()[:16]}")
        yield [
            (subject, iri(str(PROV_QUALIFIED)), d),
            (d, iri(str(RDF.type)), iri(str(PROV_DERIVATION))),
            (d, iri(str(PROV_ENTITY)), iri(entity_iri("SourceDocument", ev.doc))),
            (d, iri(expand("ckg:charStart")), literal(ev.start, "int")),
            (d, iri(expand("ckg:charEnd")), literal(ev.end, "int")),
            (d, iri(expand("ckg:extractionRule")), literal(ev.rule, "string")),
            (d, iri(expand("ckg:extractionConfidence")), literal(ev.confidence, "float")),
        ], [iri(graph_iri(ev.doc))]


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
