"""Score the news extractor against a hand-annotated gold set (tests/data/gold/*.yaml).

Matching is on canonical keys with this normalisation:

- every name is NFKC-normalised with inner spaces removed (identity.normalize_name);
- a gold entity is written ``key|alias|alias``; it matches a predicted entity when any gold
  form equals any predicted form (key, name, legal name, aliases); parks compare through
  ``canonical_park_name``; enterprises also match when their distinctive cores are equal
  (region prefix and legal suffix stripped: 湖北凯乐科技股份有限公司 ~ 凯乐科技);
  projects also match with or without the trailing 项目;
- matching is one-to-one; relation endpoints are mapped onto the matched gold keys, so a
  relation counts as correct when both ends were recognised and the pair is right;
- indicators are (park, value in base units, unit): metric wording is free text.

Examples
--------
>>> prf(3, 4, 5)
(0.75, 0.6, 0.667)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from chainkg.graph.identity import canonical_park_name, normalize_name
from chainkg.graph.model import Facts
from chainkg.loaders.units import parse_amount

ENTITY_TYPES = ("parks", "enterprises", "projects", "chains", "posts")
RELATION_TYPES = ("park_chain", "park_chain_strategy", "leads", "supplies", "located_in",
                  "project_park", "project_chain", "investor_project", "indicators")


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (rounded to 3 places); an empty side scores 1.0."""
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def _forms(kind: str, names: list[str]) -> set[str]:
    out = set()
    for n in names:
        if not n:
            continue
        n = normalize_name(n)
        out.add(n)
        if kind == "parks":
            out.add(canonical_park_name(n))
        if kind == "projects":
            out.add(re.sub("项目$", "", n))
        if kind == "enterprises":
            from chainkg.loaders.news import _core

            out.add("core:" + _core(n))
    return out


def _pred_entities(facts: Facts, kind: str) -> dict[str, set[str]]:
    out = {}
    for key, e in getattr(facts, kind).items():
        names = [key, e.name, *e.aliases, getattr(e, "legal_name", None) or ""]
        out[key] = _forms(kind, names)
    return out


def _gold_entities(gold: dict[str, Any], kind: str) -> dict[str, set[str]]:
    out = {}
    for item in gold.get(kind) or []:
        if isinstance(item, dict):
            raw = item.get("name") or item.get("key")
        else:
            raw = item
        names = str(raw).split("|")
        out[names[0]] = _forms(kind, names)
    return out


def _match(gold: dict[str, set[str]], pred: dict[str, set[str]]) -> dict[str, str]:
    """Predicted key -> gold key, one to one, first gold entity first."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for gkey, gforms in gold.items():
        for pkey, pforms in pred.items():
            if pkey not in mapping and gforms & pforms:
                mapping[pkey] = gkey
                used.add(gkey)
                break
    return mapping


def _indicator_value(v: Any) -> float:
    if isinstance(v, (int, float)):
        return round(float(v), 2)
    return round(parse_amount(str(v)).value, 2)


def score(facts: Facts, gold: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, gold) per entity and relation type for one article."""
    res: dict[str, tuple[int, int, int]] = {}
    maps: dict[str, dict[str, str]] = {}
    for kind in ENTITY_TYPES:
        g = _gold_entities(gold, kind)
        p = _pred_entities(facts, kind)
        m = _match(g, p)
        maps[kind] = m
        res[kind] = (len(set(m.values())), len(p), len(g))

    def ent(kind: str, key: str | None) -> str | None:
        if key is None:
            return None
        return maps[kind].get(key, "?" + key)

    pred: dict[str, set[tuple[Any, ...]]] = {r: set() for r in RELATION_TYPES}
    for r in facts.park_chains.values():
        pair = (ent("parks", r.source), ent("chains", r.target))
        pred["park_chain"].add(pair)
        if r.strategy:
            pred["park_chain_strategy"].add((*pair, r.strategy))
    for r in facts.leads.values():
        kind = "posts" if r.source in facts.posts else "enterprises"
        pred["leads"].add((ent(kind, r.source), ent("chains", r.target)))
    for r in facts.supplies.values():
        pred["supplies"].add((ent("enterprises", r.source), ent("enterprises", r.target)))
    for r in facts.located_in.values():
        pred["located_in"].add((ent("enterprises", r.source), ent("parks", r.target)))
    for p in facts.projects.values():
        pk = ent("projects", p.key)
        if p.park:
            pred["project_park"].add((pk, ent("parks", p.park)))
        if p.chain:
            pred["project_chain"].add((pk, ent("chains", p.chain)))
        for inv in p.investors:
            pred["investor_project"].add((ent("enterprises", inv), pk))
    for i in facts.indicators.values():
        pred["indicators"].add((ent("parks", i.park), round(i.value or 0.0, 2), i.unit))

    def key0(name: str) -> str:
        return str(name).split("|")[0]

    gold_rel: dict[str, set[tuple[Any, ...]]] = {r: set() for r in RELATION_TYPES}
    for park, chain, strategy in gold.get("park_chain") or []:
        gold_rel["park_chain"].add((park, chain))
        if strategy:
            gold_rel["park_chain_strategy"].add((park, chain, strategy))
    for a, b in gold.get("leads") or []:
        gold_rel["leads"].add((a, b))
    for a, b in gold.get("supplies") or []:
        gold_rel["supplies"].add((a, b))
    for a, b in gold.get("located_in") or []:
        gold_rel["located_in"].add((a, b))
    for p in gold.get("projects") or []:
        pk = key0(p["name"])
        if p.get("park"):
            gold_rel["project_park"].add((pk, p["park"]))
        if p.get("chain"):
            gold_rel["project_chain"].add((pk, p["chain"]))
        for inv in p.get("investors") or []:
            gold_rel["investor_project"].add((inv, pk))
    for park, value, unit in gold.get("indicators") or []:
        gold_rel["indicators"].add((park, _indicator_value(value), unit))
    for r in RELATION_TYPES:
        res[r] = (len(pred[r] & gold_rel[r]), len(pred[r]), len(gold_rel[r]))
    # amounts of the projects both sides know
    ok = n = 0
    by_key = {maps["projects"].get(k): p for k, p in facts.projects.items()}
    for p in gold.get("projects") or []:
        if p.get("amount"):
            n += 1
            got = by_key.get(key0(p["name"]))
            if got and got.amount is not None and \
                    abs(got.amount - parse_amount(p["amount"]).value) < 1:
                ok += 1
    res["project_amounts"] = (ok, n, n)
    return res


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """The gold YAML documents of ``gold_dir``, in file order."""
    import yaml

    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(Path(gold_dir).glob("*.yaml"))]


def evaluate(seeds_dir: Path, gold_dir: Path) -> tuple[dict[str, tuple[int, int, int]], int,
                                                      float]:
    """Run the extractor over every gold article; summed counts, characters, seconds."""
    import time
    import unicodedata

    from chainkg.graph.model import SourceDocument
    from chainkg.loaders.news import _lac, extract_facts

    _lac()
    total: dict[str, list[int]] = {}
    chars = 0
    seconds = 0.0
    for gold in load_gold(gold_dir):
        path = Path(seeds_dir) / gold["file"]
        text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
        d = gold["doc"]
        doc = SourceDocument(key=d["key"], name=d["key"], outlet=d.get("outlet"),
                             date=str(d["date"]))
        t0 = time.perf_counter()
        facts = extract_facts(text, doc)
        seconds += time.perf_counter() - t0
        chars += len(text)
        for k, v in score(facts, gold).items():
            acc = total.setdefault(k, [0, 0, 0])
            for i in range(3):
                acc[i] += v[i]
    return {k: (v[0], v[1], v[2]) for k, v in total.items()}, chars, seconds
