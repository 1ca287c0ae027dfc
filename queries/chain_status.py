"""现状图 and gap analysis of one park on one chain, composed from canned-query rows.

Everything here reads the graph through the canned queries (chain_segments, chain_status,
segment_enterprises, stance_check, gap_targets, park_overview, park_competition,
cross_park_supply), so it answers the same on the embedded property graph, Neo4j and RDF;
Python only groups rows and words reasons.

Stance rules (derived per project by the ``stance_check`` query, against the park's
enterprises on the chain other than the project's own investors):

- no such enterprise on any segment of the chain: **无链建链** (the project builds it);
- one on the project's segment: **有链强链** (it strengthens a link the park has);
- the project's segment lies between covered segments (some covered segment has a lower
  ``seq``, some a higher): **补链** (it fills a gap);
- otherwise (beyond the covered span, up- or downstream): **短链延链** (it extends).

The park's derived stances are those of its projects; :attr:`ChainStatus.claimed` holds
what the sources claim (HAS_CHAIN strategies), shown beside them, never merged.

补链 targets: for each gap, the enterprises on that segment outside the park, ranked by
(1) leading the chain somewhere (链主/龙头), (2) supply links into the park's enterprises,
(3) projects invested in, (4) investment, then name; each with the reason in words.

Examples
--------
>>> from chainkg.graph.store import Rows
>>> target_reason({"leads": True, "supplies_into_park": 1, "projects": 2, "with_amount": 2,
...                "investment_cny": 3e8}, "示例链", "东园")
'leads 示例链 (链主/龙头); supplies 1 enterprise(s) in 东园; invests in 2 project(s), 3亿元'
>>> target_reason({"projects": 3, "with_amount": 1, "investment_cny": 3e8}, "示例链", "东园")
'invests in 3 project(s), 3亿元 (amount stated for 1)'
>>> target_reason({"projects": 2, "with_amount": 0, "investment_cny": 0}, "示例链", "东园")
'invests in 2 project(s), amount not stated'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chainkg.errors import QueryError
from chainkg.graph.model import STRATEGIES
from chainkg.graph.store import GraphStore, Rows
from chainkg.queries.entities import find
from chainkg.queries.registry import get


@dataclass
class Member:
    """An enterprise or project of the park on a segment."""

    name: str
    kind: str  # enterprise | project
    rule: str | None = None
    reason: str | None = None
    leads: bool = False
    derived: str | None = None  # projects: the derived stance
    claimed: str | None = None  # projects: the stance the sources claim


@dataclass
class Target:
    """An enterprise elsewhere that could fill a gap (补链招商目标)."""

    rank: int
    name: str
    reason: str
    leads: bool
    supplies_into_park: int
    projects: int
    investment_cny: float
    with_amount: int = 0  # how many of ``projects`` state an amount


@dataclass
class SegmentStatus:
    key: str
    name: str
    position: str | None
    seq: int | None
    name_en: str | None = None
    feeds: list[str] = field(default_factory=list)
    enterprises: list[Member] = field(default_factory=list)
    projects: list[Member] = field(default_factory=list)
    investment_cny: float = 0.0
    with_amount: int = 0  # how many of ``projects`` state an amount (the rest count as 0)
    targets: list[Target] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.enterprises or self.projects)


@dataclass
class ChainStatus:
    """The 现状图 of ``park`` on ``chain``: segments, coverage, gaps, stances, targets."""

    park: str
    chain: str
    segments: list[SegmentStatus]
    claimed: list[str]

    @property
    def gaps(self) -> list[SegmentStatus]:
        return [s for s in self.segments if not s.covered]

    @property
    def derived(self) -> list[str]:
        """The distinct derived stances of the park's projects, in the strategies' order."""
        found = {m.derived for s in self.segments for m in s.projects if m.derived}
        return [s for s in STRATEGIES if s in found]

    def table(self) -> Rows:
        """The 现状图 as rows, one per segment (what ``chainkg map --csv`` writes)."""
        rows = Rows(["seq", "segment", "position", "covered", "enterprises", "projects",
                     "with_amount", "investment_cny", "project_stances", "gap_targets"])
        for s in self.segments:
            rows.rows.append((
                s.seq, s.name, s.position, s.covered,
                "; ".join(m.name for m in s.enterprises),
                "; ".join(m.name for m in s.projects),
                s.with_amount, s.investment_cny,
                "; ".join(f"{m.name}: {m.derived} (claimed {m.claimed or '-'})"
                          for m in s.projects),
                "; ".join(f"{t.rank}. {t.name} ({t.reason})" for t in s.targets),
            ))
        return rows


def _yi(amount: float) -> str:
    value = amount / 1e8
    return f"{value:g}亿元" if value >= 0.01 else f"{amount / 1e4:g}万元"


def target_reason(row: dict[str, Any], chain: str, park: str) -> str:
    """The ranking reasons of a gap_targets row, in words."""
    parts = []
    if row.get("leads"):
        parts.append(f"leads {chain} (链主/龙头)")
    if row.get("supplies_into_park"):
        parts.append(f"supplies {row['supplies_into_park']} enterprise(s) in {park}")
    if row.get("projects"):
        text = f"invests in {row['projects']} project(s)"
        stated = int(row.get("with_amount") or 0)
        if not stated:
            text += ", amount not stated"
        else:
            if row.get("investment_cny"):
                text += f", {_yi(float(row['investment_cny']))}"
            if stated < int(row["projects"]):
                text += f" (amount stated for {stated})"
        parts.append(text)
    if not parts:
        parts.append(f"on this segment ({row.get('reason') or row.get('rule') or 'placed'})")
    return "; ".join(parts)


def chain_status(store: GraphStore, park: str, chain: str) -> ChainStatus:
    """The 现状图 of ``park`` on ``chain`` (names, aliases or keys), from ``store``.

    Raises QueryError when the chain has no segments (no template applied) or the park
    is unknown.
    """
    params = {"park": park, "chain": chain}
    seg_rows = get("chain_segments").run(store, {"chain": chain}).dicts()
    if not seg_rows:
        if find(store, "chain", chain) is None:
            raise QueryError(f"no chain named {chain!r} in the graph")
        raise QueryError(f"chain {chain!r} has no segments in the graph; build with a chain "
                         "template (ontology/chains, or --templates FILE)")
    status_rows = get("chain_status").run(store, params).dicts()
    if not status_rows:
        raise QueryError(f"no park {park!r} in the graph")
    park_name, chain_name = status_rows[0]["park_name"], status_rows[0]["chain_name"]
    segments: dict[str, SegmentStatus] = {}
    for r in seg_rows:
        s = segments.get(r["segment_key"])
        if s is None:
            s = segments[r["segment_key"]] = SegmentStatus(
                r["segment_key"], r["segment_name"], r["position"], r["seq"],
                name_en=r["segment_name_en"])
        if r["feeds_key"]:
            s.feeds.append(r["feeds_key"])
    for r in status_rows:
        segments[r["segment_key"]].investment_cny = float(r["investment_cny"] or 0)
        segments[r["segment_key"]].with_amount = int(r["with_amount"] or 0)
    for r in get("segment_enterprises").run(store, params).dicts():
        segments[r["segment_key"]].enterprises.append(Member(
            r["enterprise_name"], "enterprise", r["rule"], r["reason"], bool(r["leads"])))
    for r in get("stance_check").run(store, params).dicts():
        seg = segments.get(r["segment_key"])
        if seg is not None:
            seg.projects.append(Member(r["project_name"], "project", derived=r["derived"],
                                       claimed=r["claimed"]))
    for r in get("gap_targets").run(store, params).dicts():
        seg = segments[r["segment_key"]]
        seg.targets.append(Target(
            rank=len(seg.targets) + 1, name=r["enterprise_name"],
            reason=target_reason(r, chain_name, park_name), leads=bool(r["leads"]),
            supplies_into_park=int(r["supplies_into_park"] or 0),
            projects=int(r["projects"] or 0), investment_cny=float(r["investment_cny"] or 0),
            with_amount=int(r["with_amount"] or 0)))
    claimed = [r["strategy_zh"] for r in get("park_overview").run(store, {"park": park}).dicts()
               if r["chain_name"] == chain_name and r["strategy_zh"]]
    ordered = sorted(segments.values(), key=lambda s: (s.seq if s.seq is not None else 0, s.key))
    return ChainStatus(park_name, chain_name, ordered, [s for s in STRATEGIES if s in claimed])


@dataclass
class Contest:
    """A segment several parks hold (park -> (enterprises, projects, projects stating an
    amount, investment))."""

    segment: str
    seq: int | None
    parks: dict[str, tuple[int, int, int, float]]


def park_competition(store: GraphStore, chain: str, contested_only: bool = True) -> list[Contest]:
    """Segments of ``chain`` and the parks holding them; only those held by two or more
    parks when ``contested_only``."""
    out: dict[str, Contest] = {}
    for r in get("park_competition").run(store, {"chain": chain}).dicts():
        c = out.setdefault(r["segment_key"], Contest(r["segment_name"], r["seq"], {}))
        c.parks[r["park_name"]] = (r["enterprises"], r["projects"], r["with_amount"],
                                   float(r["investment_cny"]))
    return [c for c in out.values() if len(c.parks) > 1 or not contested_only]
