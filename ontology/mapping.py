"""The one mapping between ontology terms and property-graph names.

Both store writers read this table: the property-graph writers (ladybug, Neo4j) take node
labels, relationship types and property names from it; the RDF writer takes classes and
properties. ``tests/ontology/test_mapping.py`` checks that every term named here is defined
in ``chainkg.ttl`` and every class and property there is mapped, so the two cannot drift.

Terms are written as CURIEs over :data:`PREFIXES`.

Examples
--------
>>> node("Project").cls
'ckg:Project'
>>> [p.name for p in node("Project").props][:3]
['key', 'name', 'name_en']
>>> rel("LEADS").pairs
(('Enterprise', 'IndustryChain'), ('Post', 'IndustryChain'))
"""

from __future__ import annotations

from dataclasses import dataclass

from chainkg.errors import OntologyError

BASE = "https://w3id.org/chainkg/"
PREFIXES = {
    "ckg": BASE + "ontology#",
    "ckgs": BASE + "strategy/",
    "id": BASE + "id/",
    "graph": BASE + "graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def expand(curie: str) -> str:
    """``'ckg:Park'`` -> the full IRI.

    >>> expand("skos:prefLabel")
    'http://www.w3.org/2004/02/skos/core#prefLabel'
    """
    prefix, _, local = curie.partition(":")
    try:
        return PREFIXES[prefix] + local
    except KeyError:
        raise OntologyError(f"unknown prefix {prefix!r} in {curie!r}") from None


@dataclass(frozen=True)
class Prop:
    """A property: PG name, RDF predicate, value type.

    ``type`` is one of ``string``, ``float`` (xsd:decimal in RDF), ``int``, ``date``
    (xsd:date or xsd:gYearMonth, kept as ISO text in the property graph), ``strings`` (a
    list), ``zh``/``en`` (language-tagged label), ``sources`` (document keys in the PG,
    prov:wasDerivedFrom links in RDF), ``iri`` (a key in PG, a resource in RDF), ``ints``
    and ``floats`` (lists; the evidence columns of :data:`EVIDENCE`).
    """

    name: str
    term: str
    type: str = "string"


@dataclass(frozen=True)
class NodeSpec:
    label: str
    cls: str
    props: tuple[Prop, ...]


@dataclass(frozen=True)
class RelSpec:
    """A relationship type.

    ``pairs`` lists the (from label, to label) pairs it connects. Relationships with
    properties beyond ``sources`` are qualified in RDF: besides the direct triple, a node
    of class ``qualifier`` links ``subject_term`` and ``object_term`` and carries the
    properties (the pattern of org:Membership and prov:qualifiedAssociation).
    """

    type: str
    term: str
    pairs: tuple[tuple[str, str], ...]
    props: tuple[Prop, ...] = ()
    qualifier: str | None = None
    subject_term: str | None = None
    object_term: str | None = None


_COMMON: tuple[Prop, ...] = (
    Prop("key", "dcterms:identifier"),
    Prop("name", "skos:prefLabel", "zh"),
    Prop("name_en", "skos:prefLabel", "en"),
    Prop("aliases", "skos:altLabel", "zh"),
    Prop("sources", "prov:wasDerivedFrom", "sources"),
)
_SOURCES: tuple[Prop, ...] = (Prop("sources", "prov:wasDerivedFrom", "sources"),)
# Where a fact read from text was read (model.Evidence), on every node and relationship.
# The property graph keeps parallel lists: span i is (ev_doc[i], ev_start[i], ev_end[i],
# ev_rule[i], ev_conf[i]), character offsets into the document's stored text. RDF gives
# each span a prov:Derivation node (prov:qualifiedDerivation from the fact's resource or
# its qualifier) carrying these terms; graph/rdf.py writes them, not the generic loop.
EVIDENCE = (
    Prop("ev_doc", "prov:entity", "strings"),
    Prop("ev_start", "ckg:charStart", "ints"),
    Prop("ev_end", "ckg:charEnd", "ints"),
    Prop("ev_rule", "ckg:extractionRule", "strings"),
    Prop("ev_conf", "ckg:extractionConfidence", "floats"),
)
EVIDENCE_NAMES = frozenset(p.name for p in EVIDENCE)
_COMMON += EVIDENCE
_SOURCES += EVIDENCE


def _node(label: str, cls: str, *extra: Prop) -> NodeSpec:
    return NodeSpec(label, cls, _COMMON + extra)


NODES: tuple[NodeSpec, ...] = (
    _node(
        "SourceDocument", "ckg:SourceDocument",
        Prop("outlet", "ckg:outlet"),
        Prop("date", "dcterms:issued", "date"),
        Prop("url", "schema:url"),
        Prop("file", "ckg:fileName"),
    ),
    _node("Region", "ckg:Region", Prop("level", "ckg:regionLevel")),
    _node("Park", "ckg:Park", Prop("park_type", "ckg:parkType")),
    _node("IndustryChain", "ckg:IndustryChain"),
    _node(
        "ChainSegment", "ckg:ChainSegment",
        Prop("position", "ckg:position"),
        Prop("seq", "ckg:segmentOrder", "int"),
    ),
    _node("Enterprise", "ckg:Enterprise", Prop("legal_name", "schema:legalName")),
    _node(
        "Post", "ckg:Post",
        Prop("title", "ckg:postTitle"),
        Prop("holder", "ckg:holderDescription"),
    ),
    _node(
        "Project", "ckg:Project",
        Prop("strategy", "ckg:strategy", "strategy"),
        Prop("amount", "ckg:amount", "float"),
        Prop("currency", "ckg:currency"),
        Prop("amount_cny", "ckg:amountCNY", "float"),
        Prop("amount_text", "ckg:amountText"),
        Prop("signed", "ckg:signedDate", "date"),
        Prop("started", "ckg:startDate", "date"),
        Prop("in_production", "ckg:productionDate", "date"),
    ),
    _node(
        "Indicator", "ckg:Indicator",
        Prop("metric", "ckg:metric"),
        Prop("value", "ckg:value", "float"),
        Prop("unit", "ckg:unit"),
        Prop("period", "ckg:period"),
        Prop("value_text", "ckg:valueText"),
    ),
)

_CHAIN_STRATEGY = (Prop("strategy", "ckg:strategy", "strategy"),) + _SOURCES
# A qualified relationship's own identifier (its identity hashed): MERGE matches on it,
# since Neo4j cannot MERGE on a null property, and RDF names the qualifier node with it.
_RID = Prop("rid", "dcterms:identifier")

RELS: tuple[RelSpec, ...] = (
    RelSpec(
        "HAS_CHAIN", "ckg:hasChain", (("Park", "IndustryChain"),), (_RID,) + _CHAIN_STRATEGY,
        qualifier="ckg:ChainStance", subject_term="ckg:stanceOf", object_term="ckg:towardChain",
    ),
    RelSpec(
        "LEADS", "ckg:leads", (("Enterprise", "IndustryChain"), ("Post", "IndustryChain")),
        (_RID, Prop("park", "ckg:leadsInPark", "iri"), Prop("role", "ckg:role")) + _SOURCES,
        qualifier="ckg:Leadership", subject_term="ckg:leader", object_term="ckg:ledChain",
    ),
    RelSpec(
        "SUPPLIES", "ckg:supplies", (("Enterprise", "Enterprise"),),
        (_RID, Prop("product", "ckg:product"),) + _SOURCES,
        qualifier="ckg:SupplyLink", subject_term="ckg:supplier", object_term="ckg:customer",
    ),
    RelSpec("LOCATED_IN", "ckg:locatedIn", (("Enterprise", "Park"), ("Project", "Park")), _SOURCES),
    # Project -> chain. The generic IN_CHAIN, or one per strategy (all sub-properties of
    # ckg:inChain). The strategy is also a property, because the common Cypher subset
    # cannot read a relationship's type (type() is Neo4j's, label() ladybug's).
    RelSpec("IN_CHAIN", "ckg:inChain", (("Project", "IndustryChain"),), _CHAIN_STRATEGY),
    RelSpec("STRENGTHENS", "ckg:strengthensChain", (("Project", "IndustryChain"),),
            _CHAIN_STRATEGY),
    RelSpec("BUILDS", "ckg:buildsChain", (("Project", "IndustryChain"),), _CHAIN_STRATEGY),
    RelSpec("EXTENDS", "ckg:extendsChain", (("Project", "IndustryChain"),), _CHAIN_STRATEGY),
    RelSpec("FILLS_GAP", "ckg:fillsGapIn", (("Project", "IndustryChain"),), _CHAIN_STRATEGY),
    RelSpec("INVESTS_IN", "ckg:investsIn", (("Enterprise", "Project"),), _SOURCES),
    RelSpec(
        "IN_SEGMENT", "ckg:inSegment",
        (("Project", "ChainSegment"), ("Enterprise", "ChainSegment")),
        # why the enterprise or project was put on the segment (graph/placement.py)
        (_RID, Prop("reason", "ckg:placementReason"), Prop("rule", "ckg:placementRule"),
         Prop("confidence", "ckg:confidence", "float")) + _SOURCES,
        qualifier="ckg:Placement", subject_term="ckg:placed", object_term="ckg:placedIn",
    ),
    RelSpec("SEGMENT_OF", "ckg:segmentOf", (("ChainSegment", "IndustryChain"),), _SOURCES),
    RelSpec("FEEDS", "ckg:feeds", (("ChainSegment", "ChainSegment"),), _SOURCES),
    RelSpec("IN_REGION", "ckg:inRegion", (("Park", "Region"),), _SOURCES),
    RelSpec("PART_OF", "ckg:partOfRegion", (("Region", "Region"),), _SOURCES),
    RelSpec("POST_IN", "ckg:postIn", (("Post", "Park"),), _SOURCES),
    RelSpec("HAS_INDICATOR", "ckg:hasIndicator", (("Park", "Indicator"),), _SOURCES),
)

# Relationship types that tie a project to a chain, for queries: IN_CHAIN|STRENGTHENS|...
PROJECT_CHAIN_TYPES = ("IN_CHAIN", "STRENGTHENS", "BUILDS", "EXTENDS", "FILLS_GAP")

_NODES = {n.label: n for n in NODES}
_RELS = {r.type: r for r in RELS}


def node(label: str) -> NodeSpec:
    """The node spec for a property-graph label; raises OntologyError if undefined."""
    try:
        return _NODES[label]
    except KeyError:
        raise OntologyError(f"no node label {label!r} in the chainkg ontology mapping") from None


def rel(rel_type: str) -> RelSpec:
    """The spec for a relationship type; raises OntologyError if undefined."""
    try:
        return _RELS[rel_type]
    except KeyError:
        raise OntologyError(
            f"no relationship type {rel_type!r} in the chainkg ontology mapping"
        ) from None
