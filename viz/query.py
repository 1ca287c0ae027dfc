"""The rows of a canned query drawn as a graph.

Each row becomes a path: its *entity columns*, in column order, become nodes (one node per
type and value across all rows) and consecutive entity values on a row are linked.

Entity columns are those ending in ``_name`` (``park_name`` -> Park, ``chain_name`` ->
IndustryChain, ``enterprise_name`` -> Enterprise …) and a few named ones whose meaning is
plain: ``project``, ``post``, ``leader`` (Enterprise or Post by ``leader_kind``),
``supplier`` and ``customer`` (Enterprise), ``subject`` and ``other`` (typed by looking
the name up in the facts when given), ``metric`` (an Indicator). The other columns go into
the edge's tooltip; ``strategy_zh`` styles the edge like a park's strategy, and
``relation``, ``product`` or ``role`` labels the link to the row's last entity.
``amount_cny`` sizes a project node.
``compare_parks`` has one entity column only, so it is drawn from its parameters: each
park links to the chains it has, styled by its strategy.

Examples
--------
>>> from chainkg.graph.store import Rows
>>> rows = Rows(["park_name", "chain_name", "strategy_zh"],
...             [("甲园", "氢能", "补链"), ("乙园", "氢能", None)])
>>> g = query_graph(rows, "demo", "演示")
>>> [n.label for n in g.nodes], [e.strategy for e in g.edges]
(['甲园', '氢能', '乙园'], ['补链', 'none'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chainkg.graph.model import Facts
from chainkg.graph.store import Rows
from chainkg.viz.graph import (
    NODE_TYPES,
    Edge,
    Node,
    ViewGraph,
    amount_size,
    entity_info,
    source_titles,
)

_PREFIX_TYPES = {
    "park": "Park", "chain": "IndustryChain", "enterprise": "Enterprise",
    "segment": "ChainSegment", "project": "Project", "post": "Post", "region": "Region",
    "source": "SourceDocument",
}
_NAMED = {
    "project": "Project", "post": "Post", "supplier": "Enterprise", "customer": "Enterprise",
    "leader": "Enterprise", "subject": "Entity", "other": "Entity", "metric": "Indicator",
}
_LABEL_COLUMNS = ("relation", "product", "role")


def entity_columns(columns: list[str]) -> dict[str, str]:
    """Entity column -> node type, in column order.

    >>> entity_columns(["project", "park_name", "amount_cny"])
    {'project': 'Project', 'park_name': 'Park'}
    """
    out = {}
    for c in columns:
        if c.endswith("_name") and c != "source_name":
            out[c] = _PREFIX_TYPES.get(c[: -len("_name")], "Entity")
        elif c in _NAMED:
            out[c] = _NAMED[c]
    return out


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


class _Builder:
    def __init__(self, g: ViewGraph, facts: Facts | None) -> None:
        self.g = g
        self.facts = facts
        self.edges: dict[tuple[str, str, str | None, str | None], Edge] = {}
        self.by_name: dict[str, list[Any]] = {}
        if facts is not None:
            for section in ("parks", "chains", "segments", "enterprises", "posts", "projects",
                            "regions"):
                for e in getattr(facts, section).values():
                    self.by_name.setdefault(e.name, []).append(e)

    def node(self, type_: str, value: Any) -> str:
        label = str(value)
        found = [e for e in self.by_name.get(label, []) if type_ in ("Entity", e.kind)]
        if type_ == "Entity" and len(found) == 1:
            type_ = found[0].kind
        nid = f"{type_}:{label}"
        if nid not in self.g.nodes_by_id:
            node = Node(id=nid, label=label, type=type_ if type_ in NODE_TYPES else "Entity",
                        info=[("类型", NODE_TYPES.get(type_, NODE_TYPES["Entity"])["zh"])])
            if len(found) == 1 and self.facts is not None:
                node.info = entity_info(self.facts, found[0])
                node.sources = source_titles(self.facts, found[0].sources)
                node.size = amount_size(getattr(found[0], "amount_cny", None)) \
                    if found[0].kind == "Project" else None
            self.g.add_node(node)
        return nid

    def edge(self, a: str, b: str, strategy: str | None, label: str | None,
             info: list[tuple[str, str]]) -> None:
        key = (a, b, strategy, label)
        have = self.edges.get(key)
        if have is not None:
            have.info.append(("…", "; ".join(f"{k}={v}" for k, v in info)))
            return
        rows = ([("策略", strategy if strategy != "none" else "未说明")] if strategy else [])
        e = Edge(a, b, "ROW", strategy=strategy, info=rows + info, label=label)
        self.edges[key] = e
        self.g.add_edge(e)


def query_graph(rows: Rows, name: str, title: str, facts: Facts | None = None,
                params: Mapping[str, Any] | None = None) -> ViewGraph:
    """The graph of a query's rows (see the module docstring for the mapping)."""
    g = ViewGraph(title=title, subtitle=f"查询视图 · query {name}", kind="query")
    b = _Builder(g, facts)
    cols = entity_columns(rows.columns)
    strategy_col = next((c for c in ("strategy_zh", "strategy") if c in rows.columns), None)
    if name == "compare_parks" and params:
        for row in rows.dicts():
            chain = b.node("IndustryChain", row["chain_name"])
            for side in ("a", "b"):
                if row.get(f"in_{side}"):
                    park = b.node("Park", params.get(f"park_{side}", side))
                    b.edge(park, chain, row.get(f"{side}_strategy") or "none", None, [])
        return g
    for row in rows.dicts():
        info = [(k, _fmt(v)) for k, v in row.items() if k not in cols and v not in (None, "")]
        label = next((_fmt(row[c]) for c in _LABEL_COLUMNS if row.get(c)), None)
        strategy = (row.get(strategy_col) or "none") if strategy_col else None
        ids = []
        for col, type_ in cols.items():
            value = row.get(col)
            if value in (None, ""):
                continue
            if col == "leader" and row.get("leader_kind") == "post":
                type_ = "Post"
            nid = b.node(type_, value)
            node = g.nodes_by_id[nid]
            if type_ == "Project" and isinstance(row.get("amount_cny"), (int, float)):
                node.size = amount_size(float(row["amount_cny"]))
                node.weight = float(row["amount_cny"])
            if col == "leader":
                node.leader = True
            ids.append(nid)
        pairs = list(zip(ids, ids[1:], strict=False))
        for i, (a, c) in enumerate(pairs):
            # The row's relation/product/role names the link to its last entity
            # (leader, customer, other), not the whole path.
            b.edge(a, c, strategy, label if i == len(pairs) - 1 else None, info)
    return g
