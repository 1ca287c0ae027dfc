"""A :class:`~chainkg.viz.graph.ViewGraph` as one self-contained HTML page.

The vis-network nodes, edges and options are built with pyvis's API
(:class:`pyvis.network.Network`: ``add_node``/``add_edge`` with each node's shape, colour,
size, font and position and each edge's strategy style; ``force_atlas_2based``,
``toggle_physics``, ``set_edge_smooth``, ``toggle_hide_edges_on_drag`` for the options),
then ``net.nodes``, ``net.edges`` and ``net.options`` go into chainkg's own page; the
page inlines vis-network (the build pyvis ships in its package) and chainkg's own
template, stylesheet and script from ``viz/static/``. pyvis's template is not used: it
loads bootstrap from a CDN whatever ``cdn_resources`` says and puts tooltip strings into
the page as HTML. Here nothing is fetched (a Content-Security-Policy forbids every
request and any script without the page's nonce), the graph travels as a JSON block with
``<``, ``>`` and ``&`` escaped, and the script builds tooltips with ``textContent``.

Graphs above :data:`PHYSICS_LIMIT` nodes get a layout computed here (hubs on a ring,
the rest in spirals around them) and open with physics off, so they draw at once and
stay responsive; smaller ones stabilise in the browser before they are shown, then freeze.

Examples
--------
>>> safe_json({"name": "</script><!--"})
'{"name": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
"""

from __future__ import annotations

import html
import json
import math
import re
import secrets
from collections import deque
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from chainkg import __version__
from chainkg.errors import BackendError
from chainkg.viz.graph import (
    LEADER_BORDER,
    NODE_TYPES,
    REL_ZH,
    STRATEGY_STYLES,
    ViewGraph,
    strategies_in,
)

#: Above this many nodes the layout is computed in Python and physics starts off.
PHYSICS_LIMIT = 600
#: A CJK-capable font stack for canvas labels (the page's CSS uses the same).
FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
        '"WenQuanYi Micro Hei", sans-serif')
VIS_VERSION = "vis-9.1.2"


def safe_json(data: Any) -> str:
    """JSON that cannot end the ``<script>`` element holding it or open a comment."""
    text = json.dumps(data, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _inline_script(code: str) -> str:
    # An inline script ends at the first "</script"; "<!--" can swallow it. Neither
    # occurs in vis-network 9.1.2, but guard anyway (both only appear inside strings).
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """(vis-network.min.js, vis-network.css) from the pyvis package."""
    try:
        import pyvis
    except ImportError as e:  # pragma: no cover - pyvis is a dependency
        raise BackendError("pyvis is not installed; `pip install pyvis`") from e
    root = Path(pyvis.__file__).parent / "templates" / "lib" / VIS_VERSION
    try:
        return ((root / "vis-network.min.js").read_text(encoding="utf-8"),
                (root / "vis-network.css").read_text(encoding="utf-8"))
    except OSError as e:
        raise BackendError(f"pyvis's vis-network build is missing ({root}): {e}") from e


def _static(name: str) -> str:
    return resources.files("chainkg.viz").joinpath("static", name).read_text(encoding="utf-8")


HUB_TYPES = ("Park", "IndustryChain", "ChainSegment", "Region")
_GOLDEN = math.pi * (3 - math.sqrt(5))
_SPACING = 34.0


def precompute_layout(g: ViewGraph) -> None:
    """Place every node without physics, in time linear in the graph's size.

    Hubs (parks, chains, segments, regions) go on a ring around the view's centre node
    (fixed nodes keep their place); every other node joins the cluster of its nearest
    hub (multi-source BFS) and is laid out in a sunflower spiral around it, so clusters
    never overlap and the result is the same on every run. A spring layout would need
    scipy at this size and seconds of CPU.
    """
    nodes = g.nodes_by_id
    adj: dict[str, list[str]] = {k: [] for k in nodes}
    for e in g.edges:
        adj[e.source].append(e.target)
        adj[e.target].append(e.source)
    hubs = [k for k, n in nodes.items() if n.type in HUB_TYPES or n.fixed]
    if not hubs:
        hubs = sorted(nodes, key=lambda k: -len(adj[k]))[:1]
    owner = {h: h for h in hubs}
    queue = deque(hubs)
    while queue:
        k = queue.popleft()
        for m in adj[k]:
            if m not in owner:
                owner[m] = owner[k]
                queue.append(m)
    members: dict[str, list[str]] = {h: [] for h in hubs}
    loose: list[str] = []
    for k in nodes:
        if k in members:
            continue
        (members[owner[k]] if k in owner else loose).append(k)
    if loose:  # parts of the graph no hub reaches: one more cluster
        members["\0loose"] = loose

    def radius(h: str) -> float:
        return _SPACING * (math.sqrt(len(members[h])) + 1.5)

    centre = next((h for h in hubs if nodes[h].fixed), hubs[0])
    centres: dict[str, tuple[float, float]] = {}
    for h in members:
        if h in nodes and nodes[h].fixed and nodes[h].x is not None:
            centres[h] = (float(nodes[h].x), float(nodes[h].y or 0.0))
    centres.setdefault(centre, (0.0, 0.0))
    ring = [h for h in members if h not in centres]
    if ring:
        widths = [2 * radius(h) + _SPACING for h in ring]
        r = max(sum(widths) / (2 * math.pi), radius(centre) + max(widths))
        angle = 0.0
        for h, w in zip(ring, widths, strict=True):
            angle += w / (2 * r) if angle else 0.0
            centres[h] = (r * math.cos(angle), r * math.sin(angle))
            angle += w / (2 * r)
    for h, ks in members.items():
        cx, cy = centres[h]
        if h in nodes and not nodes[h].fixed:
            nodes[h].x, nodes[h].y = cx, cy
        for i, k in enumerate(ks, 1):
            if nodes[k].fixed and nodes[k].x is not None:
                continue
            d = _SPACING * math.sqrt(i + 1)
            nodes[k].x = round(cx + d * math.cos(i * _GOLDEN), 1)
            nodes[k].y = round(cy + d * math.sin(i * _GOLDEN), 1)
    g.layout = "precomputed"


def vis_network(g: ViewGraph, physics: bool) -> Any:
    """A :class:`pyvis.network.Network` holding ``g``'s vis-network nodes, edges and
    options. Tooltip fields ride along as ``ckg*`` attributes (vis ignores them); the
    page script turns them into DOM tooltips with ``textContent``, so no ``title``
    string is ever set here.

    >>> from chainkg.viz.graph import Edge, Node
    >>> g = ViewGraph(title="t")
    >>> _ = g.add_node(Node(id="p", label="<b>园</b>", type="Park"))
    >>> _ = g.add_node(Node(id="c", label="氢能", type="IndustryChain"))
    >>> g.add_edge(Edge("p", "c", "HAS_CHAIN", strategy="补链"))
    >>> net = vis_network(g, physics=True)
    >>> net.nodes[0]["shape"], net.nodes[0]["label"], net.edges[0]["dashes"]
    ('hexagon', '<b>园</b>', [2, 6])
    """
    from pyvis.network import Network

    big = len(g.nodes_by_id) > 500
    net = Network(directed=True, cdn_resources="local")
    for n in g.nodes:
        t = NODE_TYPES.get(n.type, NODE_TYPES["Entity"])
        color = t["color"]
        opts: dict[str, Any] = {
            "size": n.size or t["size"],
            "font": {"face": FONT, "color": "#111" if t["shape"] in ("box", "ellipse")
                     else "#222", "size": 18 if n.type in ("Park", "IndustryChain") else 14},
            "borderWidth": 1,
            "ckgType": n.type, "ckgStrategy": n.strategy, "ckgLeader": n.leader,
            "ckgInfo": n.info, "ckgSources": n.sources,
        }
        border = "#555"
        shape = t["shape"]
        if n.leader:
            opts["borderWidth"] = 4
            border = LEADER_BORDER
            opts["shapeProperties"] = {"borderDashes": False}
            if n.type == "Enterprise":
                shape = "star"
            opts["size"] = (opts["size"] or 12) + 4
        if n.x is not None:
            opts["x"], opts["y"] = n.x, n.y
        if n.fixed:
            opts["fixed"] = {"x": True, "y": True}
        net.add_node(n.id, label=n.label or n.id, shape=shape, color={
            "background": color, "border": border,
            "highlight": {"background": color, "border": "#000"},
            "hover": {"background": color, "border": "#000"}}, **opts)
    for i, e in enumerate(g.edges):
        s = STRATEGY_STYLES[e.strategy] if e.strategy else None
        eopts: dict[str, Any] = {
            "id": f"e{i}", "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": s["color"] if s else "#b0b0b0", "highlight": "#000"},
            "width": s["width"] if s else 1, "dashes": s["dashes"] if s else False,
            "font": {"face": FONT, "size": 11, "color": "#555", "strokeWidth": 3,
                     "align": "middle"},
            "ckgStrategy": e.strategy, "ckgRel": e.rel, "ckgRelZh": REL_ZH.get(e.rel, e.rel),
            "ckgInfo": e.info, "ckgSources": e.sources,
        }
        if e.label:
            eopts["label"] = e.label
        net.add_edge(e.source, e.target, **eopts)
    net.force_atlas_2based(gravity=-60, spring_length=110, overlap=0.4)
    net.toggle_physics(physics)
    net.toggle_hide_edges_on_drag(big)
    if big:
        net.options.edges.smooth.enabled = False
    else:
        net.set_edge_smooth("continuous")
    return net


def vis_options(net: Any, n_nodes: int) -> dict[str, Any]:
    """``net``'s options as a dict, plus what pyvis has no setter for (stabilisation
    rounds, tooltip delay, layout seed, the label font)."""
    options: dict[str, Any] = json.loads(net.options.to_json())
    options.pop("configure", None)  # pyvis's settings widget: not on our page
    options["autoResize"] = True
    options["interaction"].update({"hover": True, "tooltipDelay": 120})
    options["layout"] = {"improvedLayout": n_nodes <= 150, "randomSeed": 7}
    options["physics"]["stabilization"] = {"enabled": True, "iterations": 400,
                                           "updateInterval": 50, "fit": True}
    options["nodes"] = {"font": {"face": FONT}}
    return options


def page_data(g: ViewGraph) -> dict[str, Any]:
    """The JSON the page script reads: vis-network nodes, edges and options from
    :func:`vis_network`, and the legend and panel data."""
    physics = len(g.nodes_by_id) <= PHYSICS_LIMIT
    if not physics:
        precompute_layout(g)
    net = vis_network(g, physics)
    used_types = {n.type for n in g.nodes}
    types = {k: v for k, v in NODE_TYPES.items() if k in used_types or k in
             ("Entity", "Enterprise", "Post")}
    trimmed = None
    if g.total_nodes is not None:
        trimmed = {"shown": len(g.nodes_by_id), "total": g.total_nodes,
                   "shown_edges": len(g.edges), "total_edges": g.total_edges}
    return {
        "title": g.title, "subtitle": g.subtitle, "kind": g.kind, "font": FONT,
        "physics": physics, "layout": g.layout, "trimmed": trimmed,
        "types": types, "leaderBorder": LEADER_BORDER,
        "strategies": {k: STRATEGY_STYLES[k] for k in strategies_in(g)},
        "nodes": net.nodes, "edges": net.edges, "options": vis_options(net, len(net.nodes)),
    }


def render_html(g: ViewGraph) -> str:
    """The whole page for ``g``, with every asset inline."""
    vis_js, vis_css = vis_assets()
    nonce = secrets.token_urlsafe(16)
    title = f"{g.title} · {g.subtitle}" if g.subtitle else g.title
    values = {
        "NONCE": nonce,
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(title),
        "VIS_CSS": vis_css.replace("</style", "<\\/style"),
        "VIEW_CSS": _static("view.css"),
        "DATA": safe_json(page_data(g)),
        "VIS_JS": _inline_script(vis_js),
        "VIEW_JS": _inline_script(_static("view.js")),
    }
    # One pass, so nothing substituted is scanned again for placeholders.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], _static("view.html"))
