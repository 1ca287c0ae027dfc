"""Placement: put enterprises and projects on chain segments, each with its reason.

The rules, in order; the first that places an entity in a chain wins for that chain:

``curated`` (confidence 1.0)
    The curated data names the segment: ``Project.segment``, ``Enterprise.segments``.
    (graph/rows.py writes these IN_SEGMENT links; :func:`place` only skips the chain.)
``keyword`` (projects 0.7, enterprises 0.6)
    A segment cue (its name, aliases or template keywords) occurs in the name (or legal
    name) of a project of the chain, or of an enterprise tied to the chain: it leads the
    chain, invests in a project of it, or is located in a park that has it.
``supply`` (0.6)
    An enterprise supplies (SUPPLIES) a product whose text holds a segment cue of a chain
    the supplier or its customer is tied to.

Among the cues that match, the longest wins (电池材料's 正极 loses nothing to 动力电池's
电池, but 动力电池 beats 电池); equally long matches in several segments place the entity
on each. Projects without a chain and enterprises tied to no chain are not placed: a cue
alone (电池) is too ambiguous across chains.

Examples
--------
>>> from chainkg.graph import model as m
>>> from chainkg.loaders.templates import bundled_templates, template_facts
>>> f = m.Facts()
>>> _ = f.add(m.IndustryChain(key="新能源汽车", name="新能源汽车"))
>>> _ = f.add(m.Project(key="j", name="高镍正极材料项目", chain="新能源汽车"))
>>> f.update(template_facts(bundled_templates(), f))
>>> [(r.target, r.rule, r.reason) for r in place(f, bundled_templates()).in_segment.values()]
[('新能源汽车/电池材料', 'keyword', 'keyword 正极 in name')]
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from chainkg.graph import model as m
from chainkg.loaders.templates import ChainTemplate, match_chains, segment_keys

CONFIDENCE = {"curated": 1.0, "project-keyword": 0.7, "keyword": 0.6, "supply": 0.6}


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").upper()


def _best(text: str, cues: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (segment key, cue) pairs whose cue occurs in ``text``, longest cue only."""
    hits = [(seg, cue) for seg, cue in cues if cue and _norm(cue) in text]
    if not hits:
        return []
    longest = max(len(cue) for _, cue in hits)
    out: dict[str, str] = {}
    for seg, cue in hits:
        if len(cue) == longest:
            out.setdefault(seg, cue)
    return list(out.items())


def chain_cues(templates: Iterable[ChainTemplate],
               facts: m.Facts) -> dict[str, list[tuple[str, str]]]:
    """Chain key in ``facts`` -> (segment key, cue) pairs from the chain's template."""
    out: dict[str, list[tuple[str, str]]] = {}
    for chain_key, t in match_chains(templates, facts).items():
        keys = segment_keys(t, chain_key, facts)
        out[chain_key] = [(keys[s.key], cue) for s in t.segments for cue in s.cues()]
    return out


def place(facts: m.Facts, templates: Iterable[ChainTemplate]) -> m.Facts:
    """IN_SEGMENT facts for the enterprises and projects of ``facts``, by the rules above.

    ``facts`` should already hold the templates' segments (see
    :func:`chainkg.loaders.templates.template_facts`); placements onto a segment it does
    not hold are dropped. Returns new facts holding only
    :class:`~chainkg.graph.model.InSegment` records.
    """
    cues = chain_cues(templates, facts)
    chain_of = {s.key: s.chain for s in facts.segments.values()}
    cues = {c: [(s, cue) for s, cue in pairs if s in chain_of] for c, pairs in cues.items()}
    out = m.Facts()

    def curated_chains(keys: Iterable[str]) -> set[str]:
        return {chain_of[k] for k in keys if k in chain_of}

    def add(src: str, seg: str, rule: str, reason: str, sources: list[str]) -> None:
        conf = CONFIDENCE["project-keyword"] if rule == "project-keyword" else CONFIDENCE[rule]
        out.add(m.InSegment(source=src, target=seg, rule=rule.replace("project-", ""),
                            reason=reason, confidence=conf, sources=list(sources)))

    # Projects: keyword cues in the name, within the project's own chain.
    for p in facts.projects.values():
        if not p.chain or p.chain not in cues or p.chain in curated_chains([p.segment or ""]):
            continue
        for seg, cue in _best(_norm(p.name), cues[p.chain]):
            add(p.key, seg, "project-keyword", f"keyword {cue} in name", p.sources)

    # Enterprises: the chains each is tied to.
    ties: dict[str, set[str]] = defaultdict(set)
    for ld in facts.leads.values():
        ties[ld.source].add(ld.target)
    for p in facts.projects.values():
        if p.chain:
            for inv in p.investors:
                ties[inv].add(p.chain)
    park_chains: dict[str, set[str]] = defaultdict(set)
    for hc in facts.park_chains.values():
        park_chains[hc.source].add(hc.target)
    for li in facts.located_in.values():
        ties[li.source] |= park_chains.get(li.target, set())

    placed: set[tuple[str, str]] = set()
    for e in facts.enterprises.values():
        done = curated_chains(e.segments)
        text = _norm(e.name) + "\x1f" + _norm(e.legal_name)
        for chain in sorted(ties.get(e.key, set()) - done):
            for seg, cue in _best(text, cues.get(chain, [])):
                add(e.key, seg, "keyword", f"keyword {cue} in name", e.sources)
                placed.add((e.key, chain))

    for sp in facts.supplies.values():
        supplier = facts.enterprises.get(sp.source)
        if supplier is None or not sp.product:
            continue
        chains = (ties.get(sp.source, set()) | ties.get(sp.target, set())) - curated_chains(
            supplier.segments)
        customer = facts.enterprises.get(sp.target)
        for chain in sorted(chains):
            if (sp.source, chain) in placed:
                continue
            for seg, _cue in _best(_norm(sp.product), cues.get(chain, [])):
                who = customer.name if customer else sp.target
                add(sp.source, seg, "supply", f"supplies {sp.product} to {who}", sp.sources)
    return out


def with_templates(facts: m.Facts, templates: Iterable[ChainTemplate],
                   all_chains: bool = False) -> m.Facts:
    """``facts`` plus the templates' segments and FEEDS links (for the chains ``facts``
    has, or all with ``all_chains``) plus the placements of :func:`place`; a new set.

    >>> from chainkg.loaders.templates import bundled_templates
    >>> f = m.Facts(); _ = f.add(m.IndustryChain(key="氢能", name="氢能"))
    >>> _ = f.add(m.Project(key="j", name="加氢站项目", chain="氢能"))
    >>> [r.target for r in with_templates(f, bundled_templates()).in_segment.values()]
    ['氢能/储运与加注']
    """
    from chainkg.loaders.templates import template_facts

    templates = list(templates)
    out = m.Facts()
    out.update(facts)
    out.update(template_facts(templates, facts, all_chains=all_chains))
    out.update(place(out, templates))
    return out
