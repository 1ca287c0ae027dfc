"""Parameter values for running every canned query on a graph, read from the graph itself,
and row normalisation for comparing engines (used by the parity and endpoint tests)."""

from __future__ import annotations

from typing import Any

from support import rounded

from chainkg.graph.model import STRATEGIES, Facts
from chainkg.queries.registry import CannedQuery


def normalise(value: Any) -> Any:
    """A cell comparable across engines: lists (collect order is unspecified) sorted."""
    if isinstance(value, (list, tuple)):
        return tuple(sorted((normalise(v) for v in value), key=repr))
    return value


def canonical(rows: list[tuple[Any, ...]], ordered: bool) -> list[tuple[Any, ...]]:
    out = [tuple(normalise(v) for v in r) for r in rounded(rows)]
    return out if ordered else sorted(out, key=repr)


def is_ordered(q: CannedQuery) -> bool:
    return "ORDER BY" in q.text("cypher").upper()


def _names(entities: Any, extra: int = 0) -> list[str]:
    """Names of up to four entities plus, for the first, its key and an alias."""
    values = [e.name for e in entities if e.name]
    first = next(iter(entities), None)
    if first is not None:
        values += [first.key] + list(getattr(first, "aliases", None) or [])[:1]
    return list(dict.fromkeys(values))[: 4 + extra]


def candidates(param: str, kind: str, facts: Facts) -> list[Any]:
    """Values worth trying for a parameter, read from the graph itself."""
    parks = list(facts.parks.values())
    chains = list(facts.chains.values())
    if param.startswith("park"):
        return _names(parks)
    if param.startswith("chain"):
        return _names(chains)
    if param.startswith("enterprise"):
        ents = list(facts.enterprises.values())
        legal = [e.legal_name for e in ents if getattr(e, "legal_name", None)][:1]
        return _names(ents) + legal
    if param == "strategy":
        return list(STRATEGIES)
    if param == "year":
        dates = {str(d)[:4] for j in facts.projects.values()
                 for d in (j.signed, j.started) if d}
        return sorted(dates)[:3] + ["1999"]
    if param == "name":
        keys = [*_names(parks)[:2], *_names(list(facts.enterprises.values()))[:2],
                *[j.name for j in list(facts.projects.values())[:2]]]
        return list(dict.fromkeys(keys))
    if kind in ("int", "limit"):
        return [0, 1, 3]
    if kind == "float":
        return [0.0, 1.5]
    return ["", "无此值"]


def cases(q: CannedQuery, facts: Facts) -> list[dict[str, Any]]:
    """Defaults, each parameter on its own over its candidates, and all set at once."""
    out: list[dict[str, Any]] = [{}]
    firsts: dict[str, Any] = {}
    for p in q.params:
        values = candidates(p.name, p.type, facts)
        for v in values:
            out.append({p.name: v})
        if values:
            firsts[p.name] = values[-1] if p.name.endswith("_b") else values[0]
    if len(q.params) > 1:
        out.append(firsts)
    return out
