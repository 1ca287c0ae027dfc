"""Facts -> property-graph rows, shared by every property-graph writer.

:func:`node_rows` gives one dict per node, keyed by the mapping's property names;
:func:`rel_rows` gives ``(from_label, to_label, row)`` per relationship, where ``row`` has
``src`` and ``dst`` keys plus the relationship's properties. Relationships that the model
keeps as entity fields (a project's park, chain and investors; a segment's chain; a
post's park; a park's region) are expanded here, so writers never special-case them.

Examples
--------
>>> from chainkg.graph.model import Facts, Park, Project, IndustryChain
>>> f = Facts()
>>> for r in (Park(key="p", name="P"), IndustryChain(key="c", name="C"),
...           Project(key="x", name="X", park="p", chain="c", strategy="有链强链")):
...     _ = f.add(r)
>>> sorted(t for t in rel_rows(f))
['LOCATED_IN', 'STRENGTHENS']
>>> rel_rows(f)["STRENGTHENS"][0][2]["strategy"]
'有链强链'
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from chainkg.errors import InputError
from chainkg.graph.model import STRATEGY_REL, Evidence, Facts
from chainkg.ontology.mapping import EVIDENCE_NAMES, NODES, rel

Row = dict[str, Any]
RelRow = tuple[str, str, Row]
# A segment stated by the curated data (Project.segment, Enterprise.segments).
_CURATED = {"reason": "curated", "rule": "curated", "confidence": 1.0}


def node_rows(facts: Facts) -> dict[str, list[Row]]:
    """One row per node, grouped by label, with exactly the mapping's properties."""
    out: dict[str, list[Row]] = {}
    for spec in NODES:
        from chainkg.graph.model import SECTIONS

        rows = []
        for entity in getattr(facts, SECTIONS[spec.label]).values():
            row: Row = {}
            ev = evidence_columns(entity.evidence)
            for p in spec.props:
                value = ev[p.name] if p.name in ev else getattr(entity, p.name, None)
                if p.type in ("strings", "sources") or p.name == "aliases":
                    value = list(value or [])
                row[p.name] = value
            rows.append(row)
        out[spec.label] = rows
    return out


def evidence_columns(evidence: list[Evidence]) -> dict[str, list[Any]]:
    """Evidence spans as the parallel list columns of mapping.EVIDENCE.

    >>> evidence_columns([Evidence("d", 3, 8, "park-suffix", 0.9)])["ev_start"]
    [3]
    """
    if not evidence:  # curated facts, nearly all of a large build: no comprehensions
        return {"ev_doc": [], "ev_start": [], "ev_end": [], "ev_rule": [], "ev_conf": []}
    return {
        "ev_doc": [e.doc for e in evidence],
        "ev_start": [int(e.start) for e in evidence],
        "ev_end": [int(e.end) for e in evidence],
        "ev_rule": [e.rule for e in evidence],
        "ev_conf": [float(e.confidence) for e in evidence],
    }


def rid(rel_type: str, src: str, dst: str, props: dict[str, Any]) -> str:
    """The identifier of a qualified relationship: its identity, hashed.

    Mirrors ``model.Relationship.identity()``: HAS_CHAIN is one per strategy, LEADS one
    per park, SUPPLIES one per pair.
    """
    extra = {"HAS_CHAIN": props.get("strategy"), "LEADS": props.get("park")}.get(rel_type)
    parts = (rel_type, src, dst, extra or "")
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def _label_of(facts: Facts, key: str, allowed: tuple[str, ...], where: str) -> str:
    entity = facts.entity(key)
    if entity is None or entity.kind not in allowed:
        found = f"a {entity.kind}" if entity is not None else "nothing"
        raise InputError(
            f"{where} refers to {key!r}, which is {found}; expected {' or '.join(allowed)}"
        )
    return entity.kind


def _kind_index(facts: Facts) -> dict[str, str]:
    """key -> kind of the entity ``facts.entity(key)`` finds (the first section wins)."""
    from chainkg.graph.model import SECTIONS

    index: dict[str, str] = {}
    for kind, name in reversed(list(SECTIONS.items())[:9]):
        index.update(dict.fromkeys(getattr(facts, name), kind))
    return index


def rel_rows(facts: Facts) -> dict[str, list[RelRow]]:
    """Relationship rows grouped by type; raises InputError on a dangling reference."""
    out: dict[str, list[RelRow]] = defaultdict(list)

    # Per-type endpoint labels and a key -> kind index, computed once: a build makes
    # half a million relationships, and recomputing them per row was most of its time.
    ends: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...], list[tuple[str, bool]]]] = {}
    kinds = _kind_index(facts)

    def add(rel_type: str, src: str, dst: str, where: str, **props: Any) -> None:
        have = ends.get(rel_type)
        if have is None:
            spec = rel(rel_type)
            have = ends[rel_type] = (
                spec, tuple(dict.fromkeys(a for a, _ in spec.pairs)),
                tuple(dict.fromkeys(b for _, b in spec.pairs)),
                [(p.name, p.type in ("sources", "ints", "floats") or p.name in EVIDENCE_NAMES)
                 for p in spec.props])
        spec, froms, tos, fields = have
        a = kinds.get(src)
        if a not in froms:
            a = _label_of(facts, src, froms, where)
        b = kinds.get(dst)
        if b not in tos:
            b = _label_of(facts, dst, tos, where)
        if (a, b) not in spec.pairs:
            raise InputError(f"{where}: {rel_type} cannot link a {a} to a {b}")
        row: Row = {"src": src, "dst": dst}
        props["rid"] = rid(rel_type, src, dst, props)
        evidence = props.pop("evidence", None)
        if evidence:
            props.update(evidence_columns(evidence))
        for name, is_list in fields:  # an absent list (no evidence) is the empty list
            v = props.get(name)
            row[name] = list(v or []) if is_list else v
        out[rel_type].append((a, b, row))

    for r in facts.park_chains.values():
        add("HAS_CHAIN", r.source, r.target, "park chain", strategy=r.strategy,
            sources=r.sources, evidence=r.evidence)
    for r in facts.leads.values():
        add("LEADS", r.source, r.target, f"leader {r.source}", park=r.park, role=r.role,
            sources=r.sources, evidence=r.evidence)
    for r in facts.supplies.values():
        add("SUPPLIES", r.source, r.target, f"supplier {r.source}", product=r.product,
            sources=r.sources, evidence=r.evidence)
    for r in facts.located_in.values():
        add("LOCATED_IN", r.source, r.target, f"enterprise {r.source}",
            sources=r.sources, evidence=r.evidence)
    for p in facts.projects.values():
        where = f"project {p.key}"
        if p.park:
            add("LOCATED_IN", p.key, p.park, where, sources=p.sources, evidence=p.evidence)
        if p.chain:
            add(STRATEGY_REL[p.strategy], p.key, p.chain, where, strategy=p.strategy,
                sources=p.sources, evidence=p.evidence)
        if p.segment and ("IN_SEGMENT", p.key, p.segment) not in facts.in_segment:
            add("IN_SEGMENT", p.key, p.segment, where,
                sources=p.sources, evidence=p.evidence, **_CURATED)
        for investor in p.investors:
            add("INVESTS_IN", investor, p.key, where, sources=p.sources, evidence=p.evidence)
    for e in facts.enterprises.values():
        for seg in e.segments:
            if ("IN_SEGMENT", e.key, seg) not in facts.in_segment:
                add("IN_SEGMENT", e.key, seg, f"enterprise {e.key}",
                    sources=e.sources, evidence=e.evidence,
                    **_CURATED)
    for r in facts.in_segment.values():
        add("IN_SEGMENT", r.source, r.target, f"placement of {r.source}", reason=r.reason,
            rule=r.rule, confidence=r.confidence, sources=r.sources, evidence=r.evidence)
    for s in facts.segments.values():
        add("SEGMENT_OF", s.key, s.chain, f"segment {s.key}",
            sources=s.sources, evidence=s.evidence)
    for r in facts.feeds.values():
        add("FEEDS", r.source, r.target, f"segment {r.source} feeds",
            sources=r.sources, evidence=r.evidence)
    for post in facts.posts.values():
        if post.park:
            add("POST_IN", post.key, post.park, f"post {post.key}",
                sources=post.sources, evidence=post.evidence)
    for park in facts.parks.values():
        if park.region:
            add("IN_REGION", park.key, park.region, f"park {park.key}",
                sources=park.sources, evidence=park.evidence)
    for region in facts.regions.values():
        if region.parent:
            add("PART_OF", region.key, region.parent, f"region {region.key}",
                sources=region.sources, evidence=region.evidence)
    for ind in facts.indicators.values():
        add("HAS_INDICATOR", ind.park, ind.key, f"indicator {ind.key}",
            sources=ind.sources, evidence=ind.evidence)
    return dict(out)
