"""The canonical model: what chainkg knows, independent of any store.

Loaders produce a :class:`Facts`; store writers consume one. Every entity and every
relationship carries ``sources`` (keys of :class:`SourceDocument` s) and, when it was read
from text, :class:`Evidence` (document, character span, rule, confidence).

Entities are keyed by ``key``: a stable identifier (for curated data the table's own key,
for extracted text the canonical name). Relationships are keyed by their endpoints and
their type, so adding the same fact twice merges instead of duplicating.

Examples
--------
>>> f = Facts()
>>> _ = f.add(Park(key="p1", name="株洲高新区", sources=["doc1"]))
>>> _ = f.add(Park(key="p1", name="株洲高新区", aliases=["株洲高新区(天元区)"], sources=["doc2"]))
>>> f.parks["p1"].sources, f.parks["p1"].aliases
(['doc1', 'doc2'], ['株洲高新区(天元区)'])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

# Chain positions, upstream -> downstream.
POSITIONS = ("upstream", "midstream", "downstream")
POSITION_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}

# The chain-building strategies (SKOS scheme in ontology/strategies.ttl). The value is the
# concept's local name in the scheme; the key is its Chinese preferred label, which is
# what analysts type and what queries return.
STRATEGIES = {
    "有链强链": "strengthen",
    "无链建链": "build",
    "短链延链": "extend",
    "补链": "fill",
}
# Project -> chain relationship type per strategy (ontology/mapping.py defines them).
STRATEGY_REL = {
    None: "IN_CHAIN",
    "有链强链": "STRENGTHENS",
    "无链建链": "BUILDS",
    "短链延链": "EXTENDS",
    "补链": "FILLS_GAP",
}


@dataclass
class Evidence:
    """Where in a document a fact was read: character span, extraction rule, confidence."""

    doc: str
    start: int
    end: int
    rule: str
    confidence: float = 1.0

    def key(self) -> tuple[str, int, int, str]:
        return (self.doc, self.start, self.end, self.rule)


@dataclass
class Record:
    """Common fields of every entity and relationship."""

    sources: list[str] = field(default_factory=list, kw_only=True)
    evidence: list[Evidence] = field(default_factory=list, kw_only=True)

    kind: ClassVar[str] = ""

    def identity(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def merge(self, other: Record) -> None:
        """Fold ``other`` (the same fact from elsewhere) into this one.

        Lists are unioned in order; a scalar keeps the value already known unless it is
        empty, so curated data loaded first wins over what text extraction guesses later.
        """
        for f in dataclasses.fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "evidence":
                seen = {e.key() for e in mine}
                mine.extend(e for e in theirs if e.key() not in seen)
            elif isinstance(mine, list):
                mine.extend(v for v in theirs if v not in mine)
            elif mine in (None, "") and theirs not in (None, ""):
                setattr(self, f.name, theirs)


@dataclass
class Entity(Record):
    key: str
    name: str
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)

    def identity(self) -> tuple[Any, ...]:
        return (self.kind, self.key)


@dataclass
class SourceDocument(Entity):
    """An article or table the facts come from (title, outlet, publication date)."""

    kind: ClassVar[str] = "SourceDocument"
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None


@dataclass
class Region(Entity):
    kind: ClassVar[str] = "Region"
    level: str | None = None  # province | city | district
    parent: str | None = None


@dataclass
class Park(Entity):
    kind: ClassVar[str] = "Park"
    park_type: str | None = None  # 高新区, 经开区, 产业园 ...
    region: str | None = None


@dataclass
class IndustryChain(Entity):
    kind: ClassVar[str] = "IndustryChain"


@dataclass
class ChainSegment(Entity):
    kind: ClassVar[str] = "ChainSegment"
    chain: str = ""
    position: str | None = None  # one of POSITIONS
    seq: int | None = None  # rank along the chain, upstream first


@dataclass
class Enterprise(Entity):
    kind: ClassVar[str] = "Enterprise"
    legal_name: str | None = None
    # Curated chain segments (ChainSegment keys) the enterprise works in; placement rules
    # (graph/placement.py) add more as InSegment records with their reason.
    segments: list[str] = field(default_factory=list)


@dataclass
class Post(Entity):
    """An official chain-leader post under the 链长制 (总链长, 主链长, 分链长 ...)."""

    kind: ClassVar[str] = "Post"
    title: str = ""
    park: str | None = None
    holder: str | None = None  # who holds it, as stated (e.g. 区主要领导)


@dataclass
class Project(Entity):
    kind: ClassVar[str] = "Project"
    park: str | None = None
    chain: str | None = None
    strategy: str | None = None  # a key of STRATEGIES
    segment: str | None = None
    amount: float | None = None  # in `currency` units (yuan, dollars)
    currency: str | None = None  # ISO 4217: CNY, USD
    amount_cny: float | None = None  # normalised to yuan
    amount_text: str | None = None  # as written: 1.5亿元
    signed: str | None = None  # xsd:date 2024-02-04 or xsd:gYearMonth 2023-06
    started: str | None = None
    in_production: str | None = None
    investors: list[str] = field(default_factory=list)


@dataclass
class Indicator(Entity):
    """A park-level figure: projects signed, investment attracted, 履约率 ..."""

    kind: ClassVar[str] = "Indicator"
    park: str = ""
    metric: str = ""
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    value_text: str | None = None


@dataclass
class Relationship(Record):
    source: str
    target: str

    rel: ClassVar[str] = ""

    def identity(self) -> tuple[Any, ...]:
        return (self.rel, self.source, self.target)


@dataclass
class HasChain(Relationship):
    """A park has (or builds) a chain; ``strategy`` is its stance toward it."""

    rel: ClassVar[str] = "HAS_CHAIN"
    strategy: str | None = None

    def identity(self) -> tuple[Any, ...]:
        return (self.rel, self.source, self.target, self.strategy)


@dataclass
class Leads(Relationship):
    """An enterprise (链主/龙头) or a post (链长) leads a chain, in a park."""

    rel: ClassVar[str] = "LEADS"
    park: str | None = None
    role: str | None = None

    def identity(self) -> tuple[Any, ...]:
        return (self.rel, self.source, self.target, self.park)


@dataclass
class Supplies(Relationship):
    """Enterprise ``source`` supplies (为…提供配套) enterprise ``target``."""

    rel: ClassVar[str] = "SUPPLIES"
    product: str | None = None


@dataclass
class LocatedIn(Relationship):
    """Enterprise ``source`` operates in park ``target``."""

    rel: ClassVar[str] = "LOCATED_IN"


@dataclass
class Feeds(Relationship):
    """Chain segment ``source`` supplies chain segment ``target`` (电池材料 -> 动力电池)."""

    rel: ClassVar[str] = "FEEDS"


@dataclass
class InSegment(Relationship):
    """Enterprise or project ``source`` works in chain segment ``target``.

    ``rule`` names the placement rule (``curated``, ``keyword``, ``supply``: see
    graph/placement.py), ``reason`` says why in words (``keyword 动力电池 in name``), and
    ``confidence`` is the rule's confidence in [0, 1].
    """

    rel: ClassVar[str] = "IN_SEGMENT"
    reason: str | None = None
    rule: str | None = None
    confidence: float | None = None


ENTITY_TYPES: dict[str, type[Entity]] = {
    c.kind: c
    for c in (
        SourceDocument, Region, Park, IndustryChain, ChainSegment, Enterprise, Post, Project,
        Indicator,
    )
}
RELATIONSHIP_TYPES: dict[str, type[Relationship]] = {
    c.rel: c for c in (HasChain, Leads, Supplies, LocatedIn, Feeds, InSegment)
}
# Facts attribute per kind, in load order (targets before what points at them).
SECTIONS = {
    "SourceDocument": "sources",
    "Region": "regions",
    "Park": "parks",
    "IndustryChain": "chains",
    "ChainSegment": "segments",
    "Enterprise": "enterprises",
    "Post": "posts",
    "Project": "projects",
    "Indicator": "indicators",
    "HAS_CHAIN": "park_chains",
    "LEADS": "leads",
    "SUPPLIES": "supplies",
    "LOCATED_IN": "located_in",
    "FEEDS": "feeds",
    "IN_SEGMENT": "in_segment",
}


@dataclass
class Facts:
    """A set of entities and relationships, merged by identity."""

    sources: dict[Any, SourceDocument] = field(default_factory=dict)
    regions: dict[Any, Region] = field(default_factory=dict)
    parks: dict[Any, Park] = field(default_factory=dict)
    chains: dict[Any, IndustryChain] = field(default_factory=dict)
    segments: dict[Any, ChainSegment] = field(default_factory=dict)
    enterprises: dict[Any, Enterprise] = field(default_factory=dict)
    posts: dict[Any, Post] = field(default_factory=dict)
    projects: dict[Any, Project] = field(default_factory=dict)
    indicators: dict[Any, Indicator] = field(default_factory=dict)
    park_chains: dict[Any, HasChain] = field(default_factory=dict)
    leads: dict[Any, Leads] = field(default_factory=dict)
    supplies: dict[Any, Supplies] = field(default_factory=dict)
    located_in: dict[Any, LocatedIn] = field(default_factory=dict)
    feeds: dict[Any, Feeds] = field(default_factory=dict)
    in_segment: dict[Any, InSegment] = field(default_factory=dict)

    def section(self, record: Record) -> dict[Any, Any]:
        name = record.kind if isinstance(record, Entity) else record.rel  # type: ignore[attr-defined]
        return getattr(self, SECTIONS[name])  # type: ignore[no-any-return]

    def add(self, record: Record) -> Record:
        """Add ``record``, merging it into an existing one with the same identity.

        Entities are stored under their ``key``; relationships under their identity tuple.
        Returns the stored record (the existing one when merged).
        """
        table = self.section(record)
        ident = record.key if isinstance(record, Entity) else record.identity()
        have = table.get(ident)
        if have is None:
            table[ident] = record
            return record
        have.merge(record)
        return have  # type: ignore[no-any-return]

    def update(self, other: Facts) -> None:
        """Merge every record of ``other`` into this set."""
        for record in other.records():
            self.add(dataclasses.replace(record))

    def records(self) -> Iterator[Record]:
        for name in SECTIONS.values():
            yield from getattr(self, name).values()

    def entity(self, key: str) -> Entity | None:
        """The entity with ``key`` in any section, or None."""
        for name in list(SECTIONS.values())[:9]:
            found = getattr(self, name).get(key)
            if found is not None:
                return found  # type: ignore[no-any-return]
        return None

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, name)) for kind, name in SECTIONS.items()}

    # -- JSON round trip (the workspace keeps the facts it was built from) -----------------
    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {
            name: [dataclasses.asdict(r) for r in getattr(self, name).values()]
            for name in SECTIONS.values()
        }

    @classmethod
    def from_json(cls, data: dict[str, list[dict[str, Any]]]) -> Facts:
        facts = cls()
        for kind, name in SECTIONS.items():
            klass: type[Record] = ENTITY_TYPES.get(kind) or RELATIONSHIP_TYPES[kind]
            for row in data.get(name, []):
                row = dict(row)
                row["evidence"] = [Evidence(**e) for e in row.get("evidence", [])]
                facts.add(klass(**row))
        return facts
