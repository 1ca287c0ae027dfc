"""Show where a fact was read: evidence spans with their context in the stored text.

:func:`fact_evidence` lists every fact about an entity (the entity itself and each
relationship it takes part in, including those the model keeps as fields, such as a
project's park) with, per evidence span, the document, the extraction rule, its
confidence and the words ``text[start:end]`` with a little context. Curated facts have
no span; they are listed with their source documents.

Examples
--------
>>> from chainkg.graph.model import Evidence, Facts, Park, SourceDocument
>>> f = Facts()
>>> _ = f.add(SourceDocument(key="d", name="报道"))
>>> _ = f.add(Park(key="甲高新区", name="甲高新区", sources=["d"],
...                evidence=[Evidence("d", 2, 6, "park-suffix", 0.9)]))
>>> rows = fact_evidence(f, "甲高新区", {"d": "今年甲高新区引进项目。"}.get)
>>> rows[0]["fact"], rows[0]["span"], rows[0]["context"]
('甲高新区 (Park)', '甲高新区', '今年【甲高新区】引进项目。')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chainkg.errors import QueryError
from chainkg.graph.identity import match_forms, normalize_name
from chainkg.graph.model import SECTIONS, Entity, Evidence, Facts
from chainkg.graph.rows import rel_rows

TextOf = Callable[[str], "str | None"]


def find_entities(facts: Facts, name: str) -> list[Entity]:
    """Entities whose key, name or alias is ``name``; failing that, those it matches under
    :func:`~chainkg.graph.identity.match_forms` (郴州经济开发区 finds 郴州经开区)."""
    wanted = normalize_name(name)
    kinds = list(SECTIONS)[:9]
    exact, loose = [], []
    for kind in kinds:
        for e in getattr(facts, SECTIONS[kind]).values():
            names = {e.key, e.name, *e.aliases, getattr(e, "legal_name", None) or ""}
            if wanted in {normalize_name(n) for n in names if n}:
                exact.append(e)
            elif match_forms(kind, wanted) & set().union(
                    *(match_forms(kind, n) for n in names if n)):
                loose.append(e)
    return exact or loose


def _snippet(text: str | None, ev: Evidence, context: int) -> tuple[str | None, str | None]:
    if text is None or not (0 <= ev.start <= ev.end <= len(text)):
        return None, None
    before = text[max(0, ev.start - context):ev.start].replace("\n", " ")
    after = text[ev.end:ev.end + context].replace("\n", " ")
    span = text[ev.start:ev.end]
    lead = "…" if context and ev.start > context else ""
    tail = "…" if context and ev.end + context < len(text) else ""
    return span, f"{lead}{before}【{span}】{after}{tail}"


def fact_evidence(facts: Facts, name: str, text_of: TextOf,
                  context: int = 20) -> list[dict[str, Any]]:
    """One row per (fact, evidence span) about the entity named ``name``.

    Raises QueryError when no entity has that name. ``text_of(doc_key)`` returns a stored
    document text or None (the span is then shown by offsets only).
    """
    found = find_entities(facts, name)
    if not found:
        raise QueryError(f"no entity named {name!r} in the graph; names and keys are "
                         "listed by `chainkg cypher 'MATCH (n) RETURN n.key, n.name'`")
    label_of = {e.key: e.name for kind in list(SECTIONS)[:9]
                for e in getattr(facts, SECTIONS[kind]).values()}
    facts_about: list[tuple[str, list[str], list[Evidence]]] = []
    keys = {e.key for e in found}
    for e in found:
        facts_about.append((f"{e.name} ({e.kind})", e.sources, e.evidence))
    for rel_type, items in rel_rows(facts).items():
        for _a, _b, row in items:
            if row["src"] in keys or row["dst"] in keys:
                spans = [Evidence(*cols) for cols in zip(
                    row.get("ev_doc") or [], row.get("ev_start") or [], row.get("ev_end") or [],
                    row.get("ev_rule") or [], row.get("ev_conf") or [], strict=True)]
                fact = (f"{label_of.get(row['src'], row['src'])} -{rel_type}-> "
                        f"{label_of.get(row['dst'], row['dst'])}")
                facts_about.append((fact, list(row.get("sources") or []), spans))
    out: list[dict[str, Any]] = []
    for fact, sources, spans in facts_about:
        if not spans:
            for s in sources or [""]:
                doc = facts.sources.get(s) if s else None
                out.append({"fact": fact, "document": doc.name if doc else s, "doc_key": s,
                            "rule": "curated", "confidence": None, "start": None,
                            "end": None, "span": None, "context": None})
            continue
        for ev in spans:
            doc = facts.sources.get(ev.doc)
            span, ctx = _snippet(text_of(ev.doc), ev, context)
            out.append({"fact": fact, "document": doc.name if doc else ev.doc,
                        "doc_key": ev.doc, "rule": ev.rule, "confidence": ev.confidence,
                        "start": ev.start, "end": ev.end, "span": span, "context": ctx})
    return out
