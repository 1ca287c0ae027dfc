"""Interactive network views of chain building, as self-contained HTML files.

Four views, each one function:

* :func:`render_park` – a park at the centre, its chains around it (edges styled by the
  park's strategy: 有链强链, 无链建链, 短链延链, 补链), its projects on each chain (sized by
  investment), chain leaders (链长 posts, 链主/龙头 enterprises), investors, supply links;
* :func:`render_chain` – one chain across every park, its segments upstream -> downstream;
* :func:`render_overview` – every park and chain with the strategy edges;
* :func:`render_query` – the rows of a canned query drawn as a graph.

Each takes a :class:`~chainkg.graph.workspace.Workspace` or a
:class:`~chainkg.graph.model.Facts` (the query view: a workspace or a store), writes the
page when given ``output`` and returns a :class:`View`. Pages open offline: vis-network
is inline and nothing is fetched. ``max_nodes`` trims big views; the page then says
"showing N of M nodes".

Examples
--------
>>> from chainkg.graph.model import Facts, Park, IndustryChain, HasChain
>>> f = Facts()
>>> for r in (Park(key="p", name="甲园"), IndustryChain(key="c", name="氢能"),
...           HasChain(source="p", target="c", strategy="无链建链")):
...     _ = f.add(r)
>>> v = render_park(f, "甲园")
>>> v.nodes, v.edges, v.total_nodes, "vis.Network" in v.html, 'src="http' in v.html
(2, 1, 2, True, False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainkg.files import write_text_atomic
from chainkg.graph.model import Facts
from chainkg.viz.graph import ViewGraph, chain_graph, overview_graph, park_graph
from chainkg.viz.html import render_html

#: Default cap on nodes per view (the page says when it trims).
MAX_NODES = 2000


@dataclass
class View:
    """A rendered view: the page, where it was written, and what it shows."""

    html: str
    graph: ViewGraph
    path: Path | None = None

    @property
    def nodes(self) -> int:
        return len(self.graph.nodes_by_id)

    @property
    def edges(self) -> int:
        return len(self.graph.edges)

    @property
    def total_nodes(self) -> int:
        """Nodes before trimming."""
        return self.graph.total_nodes or self.nodes

    @property
    def trimmed(self) -> bool:
        return self.graph.total_nodes is not None

    def write(self, path: str | Path) -> Path:
        """Write the page atomically (a temporary file, then rename)."""
        path = Path(path)
        if path.parent != Path():
            path.parent.mkdir(parents=True, exist_ok=True)
        self.path = write_text_atomic(path, self.html)
        return path


def _facts(source: Any) -> Facts:
    if isinstance(source, Facts):
        return source
    return source.facts()  # type: ignore[no-any-return]


def _finish(g: ViewGraph, output: str | Path | None, max_nodes: int | None,
            keep: tuple[str, ...] = ()) -> View:
    g.trim(max_nodes, keep=keep)
    view = View(render_html(g), g)
    if output is not None:
        view.write(output)
    return view


def default_filename(kind: str, name: str = "") -> str:
    """A file name for a view: ``park-株洲高新区.html``; unsafe characters become ``_``.

    >>> default_filename("park", "株洲高新区"), default_filename("query", "a/b c")
    ('park-株洲高新区.html', 'query-a_b_c.html')
    >>> default_filename("overview")
    'overview.html'
    """
    safe = re.sub(r"[^\w.\-]+", "_", name).strip("._")[:80]
    return f"{kind}-{safe}.html" if safe else f"{kind}.html"


def render_park(source: Any, name: str, output: str | Path | None = None,
                max_nodes: int | None = MAX_NODES) -> View:
    """The park view of ``name`` (a park's name, alias or key).

    Parameters
    ----------
    source:
        A Workspace or Facts.
    name:
        The park; QueryError suggesting close names when unknown.
    output:
        Write the page there (atomically); ``None`` only returns it.
    max_nodes:
        Trim to this many nodes (the park and its chains first); ``None``: no cap.
    """
    g = park_graph(_facts(source), name)
    keep = tuple(k for k, n in g.nodes_by_id.items() if n.type in ("Park", "IndustryChain"))
    return _finish(g, output, max_nodes, keep)


def render_chain(source: Any, name: str, output: str | Path | None = None,
                 max_nodes: int | None = MAX_NODES) -> View:
    """The chain view of ``name`` across every park (see :func:`render_park`)."""
    g = chain_graph(_facts(source), name)
    keep = tuple(k for k, n in g.nodes_by_id.items()
                 if n.type in ("IndustryChain", "ChainSegment"))
    return _finish(g, output, max_nodes, keep)


def render_overview(source: Any, output: str | Path | None = None,
                    max_nodes: int | None = MAX_NODES) -> View:
    """Every park and chain with the parks' strategy edges."""
    return _finish(overview_graph(_facts(source)), output, max_nodes)


def render_query(source: Any, name: str, params: Mapping[str, Any] | None = None,
                 output: str | Path | None = None, max_nodes: int | None = MAX_NODES,
                 facts: Facts | None = None) -> View:
    """The rows of canned query ``name`` drawn as a graph (see :mod:`chainkg.viz.query`).

    ``source`` is a Workspace (the query runs on its embedded property graph, and its
    facts fill the tooltips) or any store (Cypher or SPARQL); ``facts`` adds tooltips
    when ``source`` is a store.
    """
    from chainkg.graph.workspace import Workspace
    from chainkg.queries.registry import get
    from chainkg.viz.query import query_graph

    q = get(name)
    values = q.bind(params)
    if isinstance(source, Workspace):
        facts = facts if facts is not None else source.facts()
        with source.property_graph() as store:
            rows = q.run(store, values)
    else:
        rows = q.run(source, values)
    shown = ", ".join(f"{k}={v}" for k, v in values.items() if v not in ("", None))
    g = query_graph(rows, name, f"{q.title_zh} · {q.title_en}", facts=facts, params=values)
    if shown:
        g.subtitle += f" ({shown})"
    g.subtitle += f" · {len(rows)} rows"
    return _finish(g, output, max_nodes)
