"""View graphs: what a network view shows, built from the canonical facts.

A :class:`ViewGraph` holds the nodes and edges of a view with their styling and tooltip
fields, independent of HTML; :meth:`ViewGraph.to_networkx` gives it as a networkx
``MultiDiGraph`` (node and edge attributes = those fields), which trimming uses (BFS
distance from the view's centre, degree) and the chain view's layout uses
(``multipartite_layout`` over the segments' upstream -> downstream layers).
:mod:`chainkg.viz.views` builds one per view and :mod:`chainkg.viz.html` turns it into
a self-contained page (through pyvis's ``Network``). networkx is imported inside the
functions that use it, so importing this module stays cheap.

The park, chain and overview views read :class:`~chainkg.graph.model.Facts` (the
workspace's ``facts.json``), not Cypher: the facts hold every attribute a tooltip shows
(amounts as written, dates, the titles of the source documents) in one read with no
store to open, and a view needs every neighbour of a park or chain at once, which would
otherwise take a handful of queries per view. The query view draws the rows of a canned
query, run on whichever store the caller gives it.

Examples
--------
>>> from chainkg.graph.model import Facts, Park, IndustryChain, HasChain
>>> f = Facts()
>>> for r in (Park(key="p", name="甲园"), IndustryChain(key="c", name="氢能"),
...           HasChain(source="p", target="c", strategy="补链")):
...     _ = f.add(r)
>>> g = park_graph(f, "甲园")
>>> [n.label for n in g.nodes], [(e.source, e.target, e.strategy) for e in g.edges]
(['甲园', '氢能'], [('p', 'c', '补链')])
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chainkg.errors import QueryError
from chainkg.graph.identity import canonical_park_name, normalize_name
from chainkg.graph.model import (
    POSITION_ZH,
    POSITIONS,
    STRATEGIES,
    STRATEGY_REL,
    Entity,
    Facts,
    Project,
)

if TYPE_CHECKING:
    import networkx as nx

#: Node types: Chinese name, vis shape, colour, base size.
NODE_TYPES: dict[str, dict[str, Any]] = {
    "Park": {"zh": "园区", "shape": "hexagon", "color": "#d94841", "size": 30},
    "IndustryChain": {"zh": "产业链", "shape": "diamond", "color": "#2f6fb0", "size": 22},
    "ChainSegment": {"zh": "链环节", "shape": "square", "color": "#20a39e", "size": 16},
    "Project": {"zh": "项目", "shape": "dot", "color": "#43a047", "size": 12},
    "Enterprise": {"zh": "企业", "shape": "dot", "color": "#f28e2b", "size": 12},
    "Post": {"zh": "链长职务", "shape": "triangle", "color": "#8e6bbf", "size": 14},
    "Region": {"zh": "地区", "shape": "ellipse", "color": "#9e9e9e", "size": 14},
    "Indicator": {"zh": "指标", "shape": "box", "color": "#bdbdbd", "size": 10},
    "Entity": {"zh": "实体", "shape": "dot", "color": "#90a4ae", "size": 12},
}
#: Park -> chain strategy styles (colour, vis dashes); ``"none"`` for no stated strategy.
STRATEGY_STYLES: dict[str, dict[str, Any]] = {
    "有链强链": {"en": "strengthen", "color": "#c62828", "dashes": False, "width": 4},
    "无链建链": {"en": "build", "color": "#2e7d32", "dashes": [12, 6], "width": 3},
    "短链延链": {"en": "extend", "color": "#1565c0", "dashes": [4, 4], "width": 3},
    "补链": {"en": "fill gaps", "color": "#6a1b9a", "dashes": [2, 6], "width": 3},
    "none": {"en": "no strategy stated", "color": "#9e9e9e", "dashes": [1, 3], "width": 1.5},
}
#: Relationship types in Chinese, for tooltips.
REL_ZH = {
    "HAS_CHAIN": "布局产业链",
    "LEADS": "牵头(链长/链主)",
    "SUPPLIES": "配套供应",
    "LOCATED_IN": "位于",
    "INVESTS_IN": "投资",
    "IN_SEGMENT": "所在环节",
    "SEGMENT_OF": "环节属于",
    "FEEDS": "供给下游环节",
    "POST_IN": "职务设于",
    "IN_CHAIN": "属于产业链",
    "STRENGTHENS": "强链",
    "BUILDS": "建链",
    "EXTENDS": "延链",
    "FILLS_GAP": "补链",
    "ROW": "同行",
}
LEADER_BORDER = "#b8860b"
# Rank for trimming: lower ranks are kept first.
_TYPE_RANK = {"Park": 0, "IndustryChain": 1, "ChainSegment": 2, "Post": 3, "Region": 4,
              "Project": 5, "Enterprise": 6, "Indicator": 7, "Entity": 8}


@dataclass
class Node:
    """A node of a view: ``id`` is the entity key (unique within the view)."""

    id: str
    label: str
    type: str
    info: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    size: float | None = None
    leader: bool = False
    strategy: str | None = None
    x: float | None = None
    y: float | None = None
    fixed: bool = False
    weight: float = 0.0  # importance within its type, for trimming (amount, degree)


@dataclass
class Edge:
    source: str
    target: str
    rel: str
    strategy: str | None = None  # styles the edge; None: plain relationship
    info: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    label: str | None = None


@dataclass
class ViewGraph:
    """Nodes and edges of one view, with its title and how much was trimmed."""

    title: str
    subtitle: str = ""
    kind: str = "park"
    nodes_by_id: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    total_nodes: int | None = None  # before trimming; None when nothing was trimmed
    total_edges: int | None = None
    layout: str = "physics"  # physics | hierarchical-x (fixed segment columns) | precomputed
    centre: str | None = None  # the key the view is about (park, chain); trimming's origin

    @property
    def nodes(self) -> list[Node]:
        return list(self.nodes_by_id.values())

    def add_node(self, node: Node) -> Node:
        have = self.nodes_by_id.get(node.id)
        if have is None:
            self.nodes_by_id[node.id] = node
            return node
        have.leader = have.leader or node.leader
        return have

    def add_edge(self, edge: Edge) -> None:
        self.edges.append(edge)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The view as a networkx ``MultiDiGraph``: one node per :class:`Node` (its fields
        as attributes, the object itself under ``"node"``), one edge per :class:`Edge`
        keyed by its index in :attr:`edges` (fields as attributes, object under ``"edge"``).

        >>> g = ViewGraph(title="t")
        >>> _ = g.add_node(Node(id="a", label="甲", type="Park"))
        >>> _ = g.add_node(Node(id="b", label="乙", type="IndustryChain"))
        >>> g.add_edge(Edge("a", "b", "HAS_CHAIN")); g.add_edge(Edge("a", "b", "LEADS"))
        >>> G = g.to_networkx()
        >>> G.number_of_edges("a", "b"), G.nodes["b"]["type"], G.edges["a", "b", 1]["rel"]
        (2, 'IndustryChain', 'LEADS')
        """
        import networkx as nx

        graph = nx.MultiDiGraph(title=self.title, kind=self.kind, centre=self.centre)
        for n in self.nodes_by_id.values():
            graph.add_node(n.id, node=n, label=n.label, type=n.type, leader=n.leader,
                           weight=n.weight, strategy=n.strategy)
        for i, e in enumerate(self.edges):
            graph.add_edge(e.source, e.target, key=i, edge=e, rel=e.rel, strategy=e.strategy)
        return graph

    def trim(self, max_nodes: int | None, keep: Iterable[str] = ()) -> None:
        """Keep at most ``max_nodes`` nodes: ``keep`` first, then by type rank (parks,
        chains, segments, posts, then projects and enterprises), leaders first, then the
        nearest to the view's centre (BFS layers from ``keep`` or :attr:`centre` over the
        undirected graph), then the largest (investment) and best connected (degree);
        drop edges that lose an end."""
        if max_nodes is None or len(self.nodes_by_id) <= max_nodes:
            return
        if max_nodes < 1:
            raise QueryError(f"--max-nodes must be at least 1, got {max_nodes}")
        import networkx as nx

        graph = self.to_networkx()
        pinned = [k for k in dict.fromkeys(keep) if k in self.nodes_by_id]
        origin = pinned or ([self.centre] if self.centre in self.nodes_by_id else [])
        if not origin:
            origin = [max(graph.degree, key=lambda kv: (kv[1], kv[0]))[0]]
        undirected = graph.to_undirected(as_view=True)
        distance = {k: d for d, layer in enumerate(nx.bfs_layers(undirected, origin))
                    for k in layer}
        far = len(distance) + 1  # nodes the centre does not reach go last in their rank
        degree = dict(graph.degree)
        pinned_set = set(pinned)
        rest = sorted(
            (n for n in self.nodes_by_id.values() if n.id not in pinned_set),
            key=lambda n: (_TYPE_RANK.get(n.type, 9), not n.leader, distance.get(n.id, far),
                           -n.weight, -degree[n.id], n.label, n.id))
        kept = set((pinned + [n.id for n in rest])[:max_nodes])
        self.total_nodes = len(self.nodes_by_id)
        self.total_edges = len(self.edges)
        self.nodes_by_id = {k: v for k, v in self.nodes_by_id.items() if k in kept}
        self.edges = [e for e in self.edges if e.source in kept and e.target in kept]


# -- helpers -------------------------------------------------------------------------------
def amount_size(amount_cny: float | None) -> float:
    """Node size for a project: log-scaled investment (yuan); 10 when unknown.

    >>> amount_size(None), round(amount_size(1e8), 1), round(amount_size(1e10), 1)
    (10.0, 22.0, 34.0)
    """
    if not amount_cny or amount_cny <= 0:
        return 10.0
    return round(min(60.0, 10.0 + 6.0 * math.log10(1.0 + amount_cny / 1e6)), 2)


def format_cny(amount_cny: float) -> str:
    """A yuan amount the way Chinese sources write it.

    >>> format_cny(1.5e9), format_cny(5e7), format_cny(3000)
    ('15亿元', '5000万元', '3000元')
    """
    if amount_cny >= 1e8:
        return f"{amount_cny / 1e8:.4g}亿元"
    if amount_cny >= 1e4:
        return f"{amount_cny / 1e4:.4g}万元"
    return f"{amount_cny:.4g}元"


def source_titles(facts: Facts, keys: Iterable[str]) -> list[str]:
    """'title (outlet, date)' of each source document key; the key when unknown."""
    out = []
    for k in keys:
        doc = facts.sources.get(k)
        if doc is None:
            out.append(str(k))
            continue
        extra = ", ".join(v for v in (doc.outlet, doc.date) if v)
        out.append(doc.name + (f" ({extra})" if extra else ""))
    return out


def entity_info(facts: Facts, e: Entity) -> list[tuple[str, str]]:
    """Tooltip rows for an entity: type, amount, dates and its other attributes."""
    rows: list[tuple[str, str]] = [("类型", NODE_TYPES.get(e.kind, NODE_TYPES["Entity"])["zh"])]
    if e.name_en:
        rows.append(("英文名", e.name_en))
    if e.aliases:
        rows.append(("别名", "、".join(e.aliases)))
    for attr, zh in (("legal_name", "全称"), ("park_type", "园区类型"), ("title", "职务"),
                     ("holder", "担任者"), ("level", "层级")):
        v = getattr(e, attr, None)
        if v:
            rows.append((zh, str(v)))
    if isinstance(e, Project):
        if e.amount_text or e.amount_cny:
            text = e.amount_text or ""
            if e.amount_cny and (e.currency not in (None, "CNY") or not text):
                text += f" (≈{format_cny(e.amount_cny)})" if text else format_cny(e.amount_cny)
            rows.append(("投资额", text))
        if e.strategy:
            rows.append(("策略", e.strategy))
        for attr, zh in (("signed", "签约"), ("started", "开工"), ("in_production", "投产")):
            v = getattr(e, attr)
            if v:
                rows.append((zh, str(v)))
    position = getattr(e, "position", None)
    if position:
        rows.append(("位置", POSITION_ZH.get(position, position)))
    metric = getattr(e, "metric", None)
    if metric:
        value = getattr(e, "value_text", None) or getattr(e, "value", None)
        rows.append((metric, f"{value}{getattr(e, 'unit', None) or ''}"))
    return rows


def _node(facts: Facts, e: Entity, **extra: Any) -> Node:
    node = Node(id=e.key, label=e.name, type=e.kind, info=entity_info(facts, e),
                sources=source_titles(facts, e.sources), **extra)
    if isinstance(e, Project):
        node.size = amount_size(e.amount_cny)
        node.strategy = e.strategy or "none"
        node.weight = e.amount_cny or 0.0
    return node


def _add_leader(facts: Facts, g: ViewGraph, key: str, enterprises: set[str]) -> bool:
    """Add the leader ``key`` (a lead enterprise or a 链长 post) marked as a leader;
    False when the graph does not know it."""
    leader = facts.entity(key)
    if leader is None:
        return False
    g.add_node(_node(facts, leader, leader=True))
    if leader.kind == "Enterprise":
        enterprises.add(leader.key)
    return True


def _edge(facts: Facts, source: str, target: str, rel: str, sources: Iterable[str] = (),
          strategy: str | None = None, **info: str | None) -> Edge:
    rows = [("关系", REL_ZH.get(rel, rel))]
    if strategy:
        rows.append(("策略", strategy if strategy != "none" else "未说明"))
    rows += [(k, v) for k, v in info.items() if v]
    return Edge(source, target, rel, strategy=strategy, info=rows,
                sources=source_titles(facts, sources))


def _close(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(dict.fromkeys(candidates)), n=3, cutoff=0.4)
    return f"; did you mean {', '.join(close)}?" if close else ""


def resolve(facts: Facts, section: str, name: str, what: str) -> str:
    """The key of the entity in ``section`` named ``name`` (key, name, alias, or the
    canonical park name); QueryError suggesting close names when there is none.

    >>> from chainkg.graph.model import Park
    >>> f = Facts(); _ = f.add(Park(key="p", name="郴州经开区"))
    >>> resolve(f, "parks", "郴州经济开发区", "park")
    'p'
    >>> resolve(f, "parks", "郴州", "park")
    Traceback (most recent call last):
    ...
    chainkg.errors.QueryError: no park named '郴州'; did you mean 郴州经开区?
    """
    table: dict[str, Entity] = getattr(facts, section)
    wanted = {name, normalize_name(name)}
    if section == "parks":
        wanted.add(canonical_park_name(name))
    for key, e in table.items():
        if key in wanted or e.name in wanted or wanted & set(e.aliases):
            return str(key)
        if section == "parks" and canonical_park_name(e.name) in wanted:
            return str(key)
    names = [e.name for e in table.values()] + [a for e in table.values() for a in e.aliases]
    raise QueryError(f"no {what} named {name!r}{_close(name, names)}")


# -- the views -----------------------------------------------------------------------------
def park_graph(facts: Facts, name: str) -> ViewGraph:
    """One park: its chains (edges styled by strategy), the park's projects on them,
    chain leaders in the park, posts, enterprises located there, investors, and supply
    links of those enterprises (adding the partner at the other end)."""
    pk = resolve(facts, "parks", name, "park")
    park = facts.parks[pk]
    g = ViewGraph(title=park.name, subtitle="园区视图 · park view", kind="park", centre=pk)
    g.add_node(_node(facts, park, x=0.0, y=0.0, fixed=True))

    def chain(key: str) -> None:
        g.add_node(_node(facts, facts.chains[key]))

    for hc in facts.park_chains.values():
        if hc.source == pk:
            chain(hc.target)
            g.add_edge(_edge(facts, pk, hc.target, "HAS_CHAIN", hc.sources,
                             strategy=hc.strategy or "none"))
    enterprises: set[str] = set()
    for lead in facts.leads.values():
        if lead.park == pk:
            chain(lead.target)
            if not _add_leader(facts, g, lead.source, enterprises):
                continue
            g.add_edge(_edge(facts, lead.source, lead.target, "LEADS", lead.sources,
                             角色=lead.role))
    for post in facts.posts.values():
        if post.park == pk:
            g.add_node(_node(facts, post))
            g.add_edge(_edge(facts, post.key, pk, "POST_IN", post.sources))
    for li in facts.located_in.values():
        if li.target == pk:
            g.add_node(_node(facts, facts.enterprises[li.source]))
            enterprises.add(li.source)
            g.add_edge(_edge(facts, li.source, pk, "LOCATED_IN", li.sources))
    for p in facts.projects.values():
        if p.park != pk:
            continue
        g.add_node(_node(facts, p))
        if p.chain:
            chain(p.chain)
            g.add_edge(_edge(facts, p.key, p.chain, STRATEGY_REL[p.strategy], p.sources,
                             strategy=p.strategy or "none"))
        else:
            g.add_edge(_edge(facts, p.key, pk, "LOCATED_IN", p.sources))
        for inv in p.investors:
            g.add_node(_node(facts, facts.enterprises[inv]))
            enterprises.add(inv)
            g.add_edge(_edge(facts, inv, p.key, "INVESTS_IN", p.sources))
    _supplies(facts, g, enterprises, add_partners=True)
    return g


def _supplies(facts: Facts, g: ViewGraph, enterprises: set[str], add_partners: bool) -> None:
    for s in facts.supplies.values():
        ends = {s.source, s.target}
        if add_partners and ends & enterprises or ends <= enterprises:
            for k in ends:
                g.add_node(_node(facts, facts.enterprises[k]))
            g.add_edge(_edge(facts, s.source, s.target, "SUPPLIES", s.sources, 产品=s.product))


def segment_layers(facts: Facts, chain_key: str) -> dict[str, int]:
    """Each segment's rank along its chain: its ``seq``, or when it has none, one more
    than the highest rank of the segments FEEDing it (1 when nothing feeds it), taken in
    a topological order of FEEDS; the same rule as chain templates
    (:mod:`chainkg.loaders.templates`). If the graph's FEEDS loop, unranked segments go
    after every ranked one.

    >>> from chainkg.graph.model import ChainSegment, Feeds
    >>> f = Facts()
    >>> for r in (ChainSegment(key="a", name="甲", chain="c"),
    ...           ChainSegment(key="b", name="乙", chain="c"),
    ...           ChainSegment(key="d", name="丁", chain="c", seq=5),
    ...           Feeds(source="a", target="b")):
    ...     _ = f.add(r)
    >>> segment_layers(f, "c")
    {'a': 1, 'b': 2, 'd': 5}
    """
    import networkx as nx

    segs = {s.key: s for s in facts.segments.values() if s.chain == chain_key}
    feeds = nx.DiGraph()
    feeds.add_nodes_from(segs)
    feeds.add_edges_from((f.source, f.target) for f in getattr(facts, "feeds", {}).values()
                         if f.source in segs and f.target in segs)
    layer = {k: s.seq for k, s in segs.items() if s.seq is not None}
    try:
        order = list(nx.lexicographical_topological_sort(feeds))
    except nx.NetworkXUnfeasible:  # a FEEDS cycle in the data: no order to derive from
        top = max(layer.values(), default=0)
        return {k: layer.get(k, top + 1) for k in segs}
    for k in order:
        if k not in layer:
            layer[k] = max((layer[p] for p in feeds.predecessors(k)), default=0) + 1
    return {k: layer[k] for k in segs}


def segment_order(facts: Facts, chain_key: str) -> list[str]:
    """Segment keys of a chain, upstream first: by rank (:func:`segment_layers`), then
    position, then name."""
    layers = segment_layers(facts, chain_key)
    rank = {p: i for i, p in enumerate(POSITIONS)}
    segs = [facts.segments[k] for k in layers]
    segs.sort(key=lambda s: (layers[s.key], rank.get(s.position or "", len(POSITIONS)),
                             s.name))
    return [s.key for s in segs]


def chain_positions(layers: dict[str, int], order: list[str],
                    step: float = 260.0) -> dict[str, tuple[float, float]]:
    """x, y of each segment: one column per rank, upstream on the left, ``step`` apart;
    segments sharing a rank stack in their column (``nx.multipartite_layout``).

    >>> chain_positions({"a": 1, "b": 2, "c": 2}, ["a", "b", "c"])
    {'a': (0.0, 0.0), 'b': (260.0, -130.0), 'c': (260.0, 130.0)}
    """
    import networkx as nx

    if not order:
        return {}
    graph = nx.Graph()
    for k in order:
        graph.add_node(k, layer=layers[k])
    pos = nx.multipartite_layout(graph, subset_key="layer", align="vertical")
    # multipartite_layout spaces columns and the rows within a column equally (then
    # rescales), so the gap between columns, or between rows of one column, is its unit.
    xs = sorted({round(float(p[0]), 9) for p in pos.values()})
    ys = sorted(round(float(p[1]), 9) for p in pos.values())
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)] or [
        b - a for a, b in zip(ys, ys[1:], strict=False)]
    unit = min(gaps) if gaps else 1.0
    # The order within a column may vary between runs: give each column's slots, top
    # down, to its segments in ``order`` so the page is the same every time.
    column: dict[float, list[str]] = {}
    for k in order:
        column.setdefault(round(float(pos[k][0]), 9), []).append(k)
    out: dict[str, tuple[float, float]] = {}
    for x, keys in column.items():
        slots = sorted(float(pos[k][1]) for k in keys)
        for k, y in zip(keys, slots, strict=True):
            out[k] = (round((x - xs[0]) / unit * step, 1), round(y / unit * step, 1))
    return {k: out[k] for k in order}


def chain_graph(facts: Facts, name: str) -> ViewGraph:
    """One chain across every park: its segments in a row upstream -> downstream (fixed
    x positions), the parks that have it (edges styled by strategy), its projects on
    their segment (or on the chain), the projects' parks and investors, its leaders,
    enterprises and projects placed on its segments (IN_SEGMENT), FEEDS between
    segments, and supply links between enterprises already in the view."""
    ck = resolve(facts, "chains", name, "chain")
    c = facts.chains[ck]
    g = ViewGraph(title=c.name, subtitle="产业链视图 · chain view", kind="chain")
    g.centre = ck
    segs = segment_order(facts, ck)
    pos = chain_positions(segment_layers(facts, ck), segs)
    xs = [x for x, _ in pos.values()] or [0.0]
    top = min((y for _, y in pos.values()), default=0.0)
    g.add_node(_node(facts, c, x=(min(xs) + max(xs)) / 2 if len(xs) > 1 else 130.0,
                     y=top - 260.0, fixed=True))
    for sk in segs:
        s = facts.segments[sk]
        node = _node(facts, s, x=pos[sk][0], y=pos[sk][1], fixed=True)
        if s.position:
            node.label = f"{s.name}\n({POSITION_ZH.get(s.position, s.position)})"
        g.add_node(node)
        g.add_edge(_edge(facts, sk, ck, "SEGMENT_OF", s.sources))
    if segs:
        g.layout = "hierarchical-x"
    for hc in facts.park_chains.values():
        if hc.target == ck:
            g.add_node(_node(facts, facts.parks[hc.source]))
            g.add_edge(_edge(facts, hc.source, ck, "HAS_CHAIN", hc.sources,
                             strategy=hc.strategy or "none"))
    enterprises: set[str] = set()
    for p in facts.projects.values():
        if p.chain != ck:
            continue
        g.add_node(_node(facts, p))
        target, rel = (p.segment, "IN_SEGMENT") if p.segment in facts.segments else (
            ck, STRATEGY_REL[p.strategy])
        g.add_edge(_edge(facts, p.key, target, rel, p.sources, strategy=p.strategy or "none"))
        if p.park:
            g.add_node(_node(facts, facts.parks[p.park]))
            g.add_edge(_edge(facts, p.key, p.park, "LOCATED_IN", p.sources))
        for inv in p.investors:
            g.add_node(_node(facts, facts.enterprises[inv]))
            enterprises.add(inv)
            g.add_edge(_edge(facts, inv, p.key, "INVESTS_IN", p.sources))
    for lead in facts.leads.values():
        if lead.target != ck or not _add_leader(facts, g, lead.source, enterprises):
            continue
        park = facts.parks.get(lead.park) if lead.park else None
        g.add_edge(_edge(facts, lead.source, ck, "LEADS", lead.sources, 角色=lead.role,
                         园区=park.name if park else lead.park))
    _segment_links(facts, g, set(segs), enterprises)
    _supplies(facts, g, enterprises, add_partners=False)
    return g


def _segment_links(facts: Facts, g: ViewGraph, segs: set[str], enterprises: set[str]) -> None:
    """FEEDS between a chain's segments; enterprises and projects placed on them
    (curated ``Enterprise.segments`` and IN_SEGMENT placements, with their reason)."""
    for f in getattr(facts, "feeds", {}).values():
        if f.source in segs and f.target in segs:
            g.add_edge(_edge(facts, f.source, f.target, "FEEDS", f.sources))
    drawn = {(e.source, e.target) for e in g.edges if e.rel == "IN_SEGMENT"}
    placed: list[tuple[str, str, list[str], dict[str, str | None]]] = []
    for ent in facts.enterprises.values():
        for seg in getattr(ent, "segments", []):
            placed.append((ent.key, seg, ent.sources, {"依据": "curated"}))
    for r in getattr(facts, "in_segment", {}).values():
        conf = f"{r.confidence:.2f}" if r.confidence is not None else None
        placed.append((r.source, r.target, r.sources,
                       {"依据": r.reason or r.rule, "置信度": conf}))
    for src, seg, sources, info in placed:
        if seg not in segs or (src, seg) in drawn:
            continue
        entity = facts.entity(src)
        if entity is None:
            continue
        drawn.add((src, seg))
        g.add_node(_node(facts, entity))
        if entity.kind == "Enterprise":
            enterprises.add(src)
        g.add_edge(_edge(facts, src, seg, "IN_SEGMENT", sources, **info))


def overview_graph(facts: Facts) -> ViewGraph:
    """Every park and every chain, with the parks' strategy edges; node sizes grow with
    the number of projects."""
    g = ViewGraph(title="全部园区与产业链", subtitle="总览 · overview", kind="overview")
    count: dict[str, int] = {}
    for p in facts.projects.values():
        for k in (p.park, p.chain):
            if k:
                count[k] = count.get(k, 0) + 1
    for e in list(facts.parks.values()) + list(facts.chains.values()):
        node = _node(facts, e)
        n = count.get(e.key, 0)
        node.info.append(("项目数", str(n)))
        node.size = NODE_TYPES[e.kind]["size"] * (1 + 0.35 * math.log2(1 + n))
        node.weight = n
        g.add_node(node)
    for hc in facts.park_chains.values():
        g.add_edge(_edge(facts, hc.source, hc.target, "HAS_CHAIN", hc.sources,
                         strategy=hc.strategy or "none"))
    return g


def strategies_in(g: ViewGraph) -> list[str]:
    """The strategies the view's edges and nodes carry, in the scheme's order."""
    used = {e.strategy for e in g.edges} | {n.strategy for n in g.nodes}
    return [s for s in [*STRATEGIES, "none"] if s in used]
