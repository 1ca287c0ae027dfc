"""Validate a chainkg graph against the SHACL shapes and report in plain words.

The data may be an rdflib ``Graph``, a ``Dataset`` (the embedded store's view: one named
graph per source document plus their union in the default graph) or an
:class:`~chainkg.graph.rdf_store.RdfStore`. pySHACL validates each named graph of a
dataset on its own, which would check every fact once per document and miss links between
documents, so :func:`validate` first copies the union of all graphs, each triple once, into
one in-memory graph, together with the vocabulary (the shapes check that a strategy is a
concept of the scheme), and validates that once.

Examples
--------
>>> from chainkg.graph.model import Facts, Park
>>> from chainkg.graph.rdf import facts_quads
>>> from rdflib import Graph
>>> facts = Facts(); _ = facts.add(Park(key="p1", name="示例高新区"))
>>> g = Graph()
>>> for s, p, o, _g in facts_quads(facts):
...     _ = g.add((s, p, o))
>>> validate(g).conforms
True
>>> from rdflib import URIRef
>>> from chainkg.ontology.mapping import expand
>>> _ = g.remove((None, URIRef(expand("skos:prefLabel")), None))
>>> print(validate(g).lines()[0])  # doctest: +NORMALIZE_WHITESPACE
Park p1 (https://w3id.org/chainkg/id/park/p1): skos:prefLabel: expected exactly one
Chinese name (skos:prefLabel with language zh), got none
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from chainkg.errors import OntologyError
from chainkg.ontology.mapping import PREFIXES, expand

_SH = PREFIXES["sh"]
_CKG = PREFIXES["ckg"]
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in plain terms.

    ``kind`` is the focus node's class (``Project``), ``label`` its Chinese name (or its
    key when it has no name), ``path`` the property in short form (``amountCNY``,
    ``skos:prefLabel``; ``None`` for a constraint on the node as a whole), ``value`` the
    offending value as text (``None`` when a value is missing rather than wrong), and
    ``severity`` one of ``Violation``, ``Warning``, ``Info``.
    """

    focus: str
    kind: str
    label: str
    path: str | None
    value: str | None
    message: str
    severity: str = "Violation"

    def line(self) -> str:
        """``Project 诺天科技项目 (<iri>): amountCNY: expected a decimal >= 0, got 'abc'``.

        >>> Violation("urn:x", "Project", "诺天科技项目",
        ...           "amountCNY", "'abc'", "expected a decimal >= 0").line()
        "Project 诺天科技项目 (urn:x): amountCNY: expected a decimal >= 0, got 'abc'"
        """
        who = " ".join(part for part in (self.kind, self.label) if part)
        text = f"{who} ({self.focus}): " if who else f"{self.focus}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.value is not None:
            text += f", got {self.value}"
        if self.severity != "Violation":
            text = f"{self.severity.lower()}: {text}"
        return text


@dataclass
class Report:
    """The outcome of :func:`validate`.

    ``conforms`` is true when no result has severity Violation; warnings (e.g. a project
    without a park) are listed in ``warnings`` but do not make the graph fail.
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    triples: int = 0

    def lines(self) -> list[str]:
        """Every violation, then every warning, one line each."""
        return [v.line() for v in self.violations + self.warnings]


def validate(data: Any, *, lang: str = "en", inference: str = "none") -> Report:
    """Validate ``data`` (a Graph, a Dataset or an RdfStore) against ``shapes.ttl``.

    Parameters
    ----------
    data:
        The graph to check. For a dataset, the union of its graphs is checked, once.
    lang:
        Language of the messages: ``en`` or ``zh``.
    inference:
        pySHACL's inference before validation: ``none`` (the shapes need none, since
        every node carries its own class) or ``rdfs``, ``owlrl``, ``both``.

    Returns
    -------
    Report

    Raises
    ------
    OntologyError
        ``data`` is not a graph, or the shapes cannot be read.

    Examples
    --------
    >>> from rdflib import Graph
    >>> report = validate(Graph())
    >>> report.conforms, report.lines()
    (True, [])
    """
    import pyshacl

    if lang not in ("en", "zh"):
        raise OntologyError(f"messages come in 'en' or 'zh', not {lang!r}")
    with _quiet_rdflib():
        graph = union_graph(data)
        triples = len(graph)
        for s, p, o, _g in _vocabulary():
            graph.add((s, p, o))
        try:
            _conforms, results, _text = pyshacl.validate(
                graph, shacl_graph=shapes_graph(), inference=inference, allow_warnings=True,
                allow_infos=True, abort_on_first=False, meta_shacl=False, advanced=False,
                inplace=True,  # the graph is our own copy: no need for pySHACL to clone it
            )
        except Exception as e:  # pySHACL raises its own types for broken shapes or options
            raise OntologyError(f"SHACL validation could not run: {e}") from e
    found = sorted(
        set(_violations(results, graph, lang)),  # a value failing two checks of one shape
        key=lambda v: (v.kind, v.label, v.focus, v.path or "", v.message, v.value or ""),
    )
    violations = [v for v in found if v.severity == "Violation"]
    return Report(
        conforms=not violations,
        violations=violations,
        warnings=[v for v in found if v.severity != "Violation"],
        triples=triples,
    )


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal ("abc"^^xsd:decimal) it meets;
    the report names those values in plain words, so silence the tracebacks meanwhile."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def union_graph(data: Any) -> Any:
    """The union of every graph in ``data``, each triple once, as an in-memory Graph.

    Literals typed ``xsd:string`` become simple literals: the same RDF term (RDF 1.1),
    but rdflib tells them apart, and Oxigraph returns every simple literal typed, so
    ``sh:in ("upstream" ...)`` would otherwise reject a stored ``"upstream"``.

    >>> from rdflib import Dataset, Literal, URIRef
    >>> ds = Dataset()
    >>> a, b = URIRef("urn:a"), URIRef("urn:b")
    >>> _ = ds.graph(URIRef("urn:g1")).add((a, b, Literal("x")))
    >>> _ = ds.graph(URIRef("urn:g2")).add((a, b, Literal("x")))
    >>> len(union_graph(ds))
    1
    """
    from rdflib import XSD, Graph, Literal
    from rdflib.graph import ConjunctiveGraph

    from chainkg.graph.rdf import bind_prefixes

    if hasattr(data, "dataset") and not isinstance(data, Graph):  # an RdfStore
        data = data.dataset
    if isinstance(data, ConjunctiveGraph):  # Dataset derives from it
        triples: Iterable[Any] = ((s, p, o) for s, p, o, _g in data.quads((None, None, None)))
    elif isinstance(data, Graph):
        triples = iter(data)
    else:
        raise OntologyError(
            f"cannot validate a {type(data).__name__}: expected an rdflib Graph, a Dataset "
            "or an RdfStore")
    out = Graph()
    bind_prefixes(out)
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def shapes_graph() -> Any:
    """The SHACL shapes (``ontology/shapes.ttl``) as an rdflib Graph."""
    from rdflib import Graph

    from chainkg.ontology import SHAPES, path

    try:
        return Graph().parse(path(SHAPES), format="turtle")
    except (OSError, SyntaxError, ValueError) as e:
        raise OntologyError(f"cannot read the SHACL shapes {SHAPES}: {e}") from e


def _vocabulary() -> list[Any]:
    from chainkg.graph.rdf import vocabulary_quads

    return vocabulary_quads()


def _violations(results: Any, data: Any, lang: str) -> Iterable[Violation]:
    from rdflib import RDF, URIRef

    sh = _SH
    detail = URIRef(sh + "detail")
    for r in results.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        if (None, detail, r) in results:
            continue  # the why of an sh:node result, already reported by its parent
        focus = results.value(r, URIRef(sh + "focusNode"))
        path = results.value(r, URIRef(sh + "resultPath"))
        value = results.value(r, URIRef(sh + "value"))
        severity = results.value(r, URIRef(sh + "resultSeverity"))
        messages = list(results.objects(r, URIRef(sh + "resultMessage")))
        component = str(results.value(r, URIRef(sh + "sourceConstraintComponent")) or "")
        text = _value_text(value) if value is not None else None
        if component.endswith(("#MinCountConstraintComponent",
                               "#QualifiedMinCountConstraintComponent")):
            text = "none"
        elif component.endswith("#MaxCountConstraintComponent") and isinstance(path, URIRef):
            text = f"{len(set(data.objects(focus, path)))} values"
        yield Violation(
            focus=str(focus),
            kind=_kind(data, focus),
            label=_label(data, focus),
            path=_path_text(results, path) if path is not None else None,
            value=text,
            message=_message(messages, lang),
            severity=str(severity).rpartition("#")[2] if severity is not None else "Violation",
        )


def _kind(data: Any, node: Any) -> str:
    from rdflib import RDF

    kinds = sorted(str(c)[len(_CKG):] for c in data.objects(node, RDF.type)
                   if str(c).startswith(_CKG))
    return kinds[0] if kinds else ""


def _label(data: Any, node: Any) -> str:
    from rdflib import URIRef

    names = list(data.objects(node, URIRef(expand("skos:prefLabel"))))
    for name in names:
        if getattr(name, "language", None) == "zh":
            return str(name)
    if names:
        return str(names[0])
    key = data.value(node, URIRef(expand("dcterms:identifier")))
    return str(key) if key is not None else ""


def _short(iri: Any) -> str:
    """``ckg:amountCNY`` -> ``amountCNY``; other vocabularies keep their prefix."""
    text = str(iri)
    if text.startswith(_CKG):
        return text[len(_CKG):]
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and prefix not in ("id", "graph"):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def _path_text(results: Any, path: Any) -> str:
    """A SHACL path in short form: ``amount``, ``^investsIn``, ``inChain|buildsChain``."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    if not isinstance(path, BNode):
        return _short(path)
    inverse = results.value(path, URIRef(_SH + "inversePath"))
    if inverse is not None:
        return "^" + _path_text(results, inverse)
    alternatives = results.value(path, URIRef(_SH + "alternativePath"))
    if alternatives is not None:
        return "|".join(_path_text(results, p) for p in Collection(results, alternatives))
    return "(a property path)"


def _value_text(value: Any) -> str:
    from rdflib import Literal

    if isinstance(value, Literal):
        return repr(str(value))
    return f"<{value}>"


def _message(messages: list[Any], lang: str) -> str:
    for m in messages:
        if getattr(m, "language", None) == lang:
            return str(m)
    for m in messages:
        if getattr(m, "language", None) in (None, "en"):
            return str(m)
    return str(messages[0]) if messages else "does not conform to the chainkg shapes"
