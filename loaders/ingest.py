"""Ingest articles: read, extract, resolve against the graph, report what is new.

:func:`prepare` turns article files into facts ready to merge into a workspace:

1. each file is read and cleaned (:func:`chainkg.loaders.documents.read_document`);
2. its :class:`SourceDocument` is matched with a document the graph already has (same
   title, same file name, or same outlet and dateline), so re-reading a curated article
   reuses its key and date;
3. facts are extracted (:func:`chainkg.loaders.news.extract_facts`);
4. entity resolution maps each extracted entity onto one the graph (or an earlier article
   of the batch) already has: same key, or a name, alias or legal name meeting it under
   :func:`chainkg.graph.identity.match_forms` (凯乐科技 = 湖北凯乐科技股份有限公司,
   郴州经济开发区 = 郴州经开区). Keys derived from a remapped key (posts, segments,
   figures: ``<park>/<title>``) follow it. An ambiguous match (two candidates) adds a new
   entity rather than guess.

Any bad file stops the batch before anything is stored. The workspace then merges the
facts and rebuilds a generation (:meth:`chainkg.graph.workspace.Workspace.ingest`), so
ingesting the same article twice changes nothing.

Examples
--------
>>> from chainkg.graph.model import Facts, Enterprise
>>> have = Facts(); _ = have.add(Enterprise(key="凯乐科技", name="凯乐科技"))
>>> new = Facts(); _ = new.add(Enterprise(key="湖北凯乐科技股份有限公司",
...                                       name="湖北凯乐科技股份有限公司", sources=["d"]))
>>> report = Report()
>>> out = resolve(new, have, report)
>>> list(out.enterprises), out.enterprises["凯乐科技"].aliases
(['凯乐科技'], ['湖北凯乐科技股份有限公司'])
>>> report.merged["Enterprise"], report.resolved
(1, [('Enterprise', '湖北凯乐科技股份有限公司', '凯乐科技')])
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainkg.graph.identity import match_forms, normalize_name
from chainkg.graph.model import (
    ENTITY_TYPES,
    SECTIONS,
    Entity,
    Facts,
    Relationship,
    SourceDocument,
)
from chainkg.loaders.documents import Article, find_documents, read_document

# Entity fields holding the key of another entity.
_REFS = {
    "Region": ("parent",), "Park": ("region",), "ChainSegment": ("chain",),
    "Enterprise": ("segments",), "Post": ("park",),
    "Project": ("park", "chain", "segment", "investors"), "Indicator": ("park",),
}
# Kinds whose key is "<other key>/<rest>": the prefix follows a remap.
_DERIVED = ("ChainSegment", "Post", "Indicator")


@dataclass
class Report:
    """What an ingest added and merged, per entity kind and relationship type."""

    added: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    #: (kind, extracted name, key it merged into) for matches by name rather than by key
    resolved: list[tuple[str, str, str]] = field(default_factory=list)
    documents: list[SourceDocument] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int, int]]:
        """``(kind, added, merged)`` per kind that changed, in load order."""
        return [(k, self.added[k], self.merged[k]) for k in SECTIONS
                if self.added[k] or self.merged[k]]

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "documents": [{"key": d.key, "title": d.name, "outlet": d.outlet, "date": d.date}
                          for d in self.documents],
            "counts": [{"kind": k, "added": a, "merged": m} for k, a, m in self.rows()],
            "resolved": [{"kind": k, "name": n, "into": t} for k, n, t in self.resolved],
        }


class _Index:
    """Match forms -> keys, per kind, over a growing set of facts."""

    def __init__(self, facts: Facts) -> None:
        self.forms: dict[str, dict[str, set[str]]] = {}
        for kind in ENTITY_TYPES:
            for e in getattr(facts, SECTIONS[kind]).values():
                self.add(e)

    def add(self, e: Entity) -> None:
        table = self.forms.setdefault(e.kind, {})
        for form in _forms(e):
            table.setdefault(form, set()).add(e.key)

    def lookup(self, e: Entity) -> set[str]:
        table = self.forms.get(e.kind, {})
        found: set[str] = set()
        for form in _forms(e):
            found |= table.get(form, set())
        return found


def _forms(e: Entity) -> set[str]:
    names = [e.key, e.name, *e.aliases, getattr(e, "legal_name", None) or ""]
    if e.kind in _DERIVED:  # derived keys match by key only (the name is the bare title)
        names = [e.key]
    out: set[str] = set()
    for n in names:
        if n:
            out |= match_forms(e.kind, n)
    return out


def _remap_key(key: str, remap: dict[str, str]) -> str:
    if key in remap:
        return remap[key]
    head, sep, rest = key.partition("/")
    if sep and head in remap:
        return f"{remap[head]}/{rest}"
    return key


def resolve(new: Facts, pool: Facts, report: Report) -> Facts:
    """``new`` with keys mapped onto the entities ``pool`` already has; counts in ``report``.

    ``pool`` is not changed. Entity kinds are resolved in load order, so a park's remap is
    known before the posts and figures keyed under it.
    """
    index = _Index(pool)
    remap: dict[str, str] = {}
    out = Facts()
    entities: list[Entity] = []
    for kind in ENTITY_TYPES:
        section = getattr(pool, SECTIONS[kind])
        for e in getattr(new, SECTIONS[kind]).values():
            e = copy.deepcopy(e)
            original = e.key
            key = _remap_key(original, remap) if kind in _DERIVED else original
            if key not in section and kind != "SourceDocument":
                e.key = key
                candidates = index.lookup(e)
                if len(candidates) == 1:
                    key = next(iter(candidates))
            if key != original:
                remap[original] = key
                have = section.get(key)
                if have is not None and e.name not in (have.name, *have.aliases):
                    e.aliases.append(e.name)
                if kind not in _DERIVED:
                    report.resolved.append((kind, e.name, key))
            e.key = key
            if key in section or key in getattr(out, SECTIONS[kind]):
                report.merged[kind] += 1
            else:
                report.added[kind] += 1
            entities.append(e)
            out.add(e)
    for e in entities:
        for name in _REFS.get(e.kind, ()):
            value = getattr(e, name)
            if isinstance(value, list):
                setattr(e, name, list(dict.fromkeys(_remap_key(v, remap) for v in value)))
            elif value:
                setattr(e, name, _remap_key(value, remap))
    for r in list(new.records()):
        if not isinstance(r, Relationship):
            continue
        r = copy.deepcopy(r)
        r.source, r.target = _remap_key(r.source, remap), _remap_key(r.target, remap)
        if getattr(r, "park", None):
            r.park = _remap_key(r.park, remap)  # type: ignore[attr-defined]
        ident = r.identity()
        kind = r.rel  # type: ignore[attr-defined]
        if ident in getattr(pool, SECTIONS[kind]) or ident in getattr(out, SECTIONS[kind]):
            report.merged[kind] += 1
        else:
            report.added[kind] += 1
        out.add(r)
    return out


def _squash(title: str | None) -> str:
    return re.sub(r"\s+", "", normalize_name(title or ""))


def resolve_document(article: Article, pool: Facts) -> SourceDocument:
    """The article's document, or the graph's document for the same article.

    The same article is recognised by its title, its file name, or (for a dateline such
    as 8月9日讯 without a year) by its outlet and month-day when exactly one document
    matches. The graph's key and date are then used, so dates in the text resolve
    against the document's known year.
    """
    doc = article.doc
    if doc.key in pool.sources:
        return copy.deepcopy(pool.sources[doc.key])
    title = _squash(doc.name)
    for have in pool.sources.values():
        if (title and _squash(have.name) == title) or (doc.file and have.file == doc.file):
            return copy.deepcopy(have)
    if article.dateline and doc.outlet:
        same = [h for h in pool.sources.values()
                if h.outlet == doc.outlet and (h.date or "").endswith("-" + article.dateline)]
        if len(same) == 1:
            return copy.deepcopy(same[0])
    return doc


Extract = Callable[[str, SourceDocument], Facts]


@dataclass
class Batch:
    """Facts and cleaned texts read from a batch of articles, ready to store."""

    facts: Facts
    texts: dict[str, str]
    report: Report
    articles: list[Article]


def prepare(paths: Iterable[str | Path], existing: Facts, *,
            extract: Extract | None = None,
            on_file: Callable[[Path], None] | None = None) -> Batch:
    """Read, extract and resolve every article under ``paths`` against ``existing``.

    Raises :class:`~chainkg.errors.InputError` (naming the file) on the first bad file;
    nothing is stored here, so a failure leaves the workspace untouched. ``on_file`` is
    called after each file (for a progress bar).
    """
    if extract is None:
        from chainkg.loaders.news import extract_facts

        extract = extract_facts
    files = find_documents(paths)
    pool = Facts.from_json(existing.to_json())
    new = Facts()
    texts: dict[str, str] = {}
    report = Report()
    articles = []
    for path in files:
        article = read_document(path)
        doc = resolve_document(article, pool)
        article.doc = doc
        facts = extract(article.text, doc)
        facts.add(copy.deepcopy(doc))
        resolved = resolve(facts, pool, report)
        pool.update(copy.deepcopy(resolved))
        new.update(resolved)
        texts[doc.key] = article.text
        if doc.key not in {d.key for d in report.documents}:
            report.documents.append(doc)
        report.files.append(str(path))
        articles.append(article)
        if on_file:
            on_file(path)
    return Batch(facts=new, texts=texts, report=report, articles=articles)


def facts_table(facts: Facts, texts: dict[str, str]) -> Any:
    """Extracted facts as rows (kind, fact, document, rule, confidence, span) for display.

    >>> from chainkg.graph.model import Evidence, Park
    >>> f = Facts(); _ = f.add(Park(key="甲高新区", name="甲高新区", sources=["d"],
    ...                              evidence=[Evidence("d", 0, 4, "park", 0.9)]))
    >>> facts_table(f, {"d": "甲高新区签约"}).rows
    [('Park', '甲高新区', 'd', 'park', 0.9, '甲高新区')]
    """
    from chainkg.graph.store import Rows

    rows = Rows(["kind", "fact", "document", "rule", "confidence", "span"])
    for kind, section in SECTIONS.items():
        for record in getattr(facts, section).values():
            if kind == "SourceDocument":
                continue
            if isinstance(record, Entity):
                fact = record.key
            else:
                fact = f"{record.source} -> {record.target}"  # type: ignore[attr-defined]
            for ev in record.evidence or []:
                text = texts.get(ev.doc, "")
                rows.rows.append((kind, fact, ev.doc, ev.rule, ev.confidence,
                                  text[ev.start:ev.end].replace("\n", " ")))
            if not record.evidence:
                rows.rows.append((kind, fact, ",".join(record.sources), None, None, None))
    return rows
