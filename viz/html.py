"""A :class:`~chainkg.viz.graph.ViewGraph` as one self-contained HTML page.

The page inlines vis-network (the build pyvis ships in its package) and chainkg's own
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


def page_data(g: ViewGraph) -> dict[str, Any]:
    """The JSON the page script reads."""
    physics = len(g.nodes_by_id) <= PHYSICS_LIMIT
    if not physics:
        precompute_layout(g)
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
        "nodes": [
            {"id": n.id, "label": n.label, "type": n.type, "info": n.info,
             "sources": n.sources, "size": n.size, "leader": n.leader,
             "strategy": n.strategy, "x": n.x, "y": n.y, "fixed": n.fixed}
            for n in g.nodes
        ],
        "edges": [
            {"id": f"e{i}", "from": e.source, "to": e.target, "rel": e.rel,
             "relZh": REL_ZH.get(e.rel, e.rel), "strategy": e.strategy, "label": e.label,
             "info": e.info, "sources": e.sources}
            for i, e in enumerate(g.edges)
        ],
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
