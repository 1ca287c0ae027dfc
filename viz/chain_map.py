"""The chain map (产业链现状图) of a park as one self-contained HTML page with inline SVG.

Segments run left to right by their rank along the chain (``seq``), in bands for
upstream, midstream and downstream; segments the park covers are filled, gaps are white
with a dashed border. Each segment lists the park's enterprises (链主/龙头 marked ★) and
projects (with the derived stance and, if different, the claimed one); each gap lists the
ranked 补链 targets. Arrows are the template's FEEDS links. The header shows the stances
the sources claim beside those derived from the projects.

Plain SVG, no script and no external reference: it opens offline, prints, and every name
is escaped, so a name such as ``<b>`` stays text.

Examples
--------
>>> from chainkg.queries.chain_status import ChainStatus, SegmentStatus
>>> html = render_chain_map(ChainStatus("东园", "示例链",
...     [SegmentStatus("c/a", "原料<1>", "upstream", 1)], ["补链"]))
>>> "原料&lt;1&gt;" in html and "<script" not in html
True
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from chainkg.files import write_text_atomic
from chainkg.graph.model import POSITION_ZH
from chainkg.queries.chain_status import ChainStatus, SegmentStatus

BOX_W, COL_GAP, ROW_GAP, LINE_H, TOP = 230, 70, 28, 18, 120
COLOURS = {"upstream": "#e3f0fb", "midstream": "#e6f4ea", "downstream": "#fdf0e0"}
STROKE = {"upstream": "#3b7dd8", "midstream": "#2e8b57", "downstream": "#d9822b"}


def _lines(seg: SegmentStatus) -> list[tuple[str, str]]:
    """(css class, text) lines under a segment's title."""
    out: list[tuple[str, str]] = []
    for e in seg.enterprises:
        out.append(("ent", ("★ " if e.leads else "• ") + e.name))
    for p in seg.projects:
        stance = p.derived or ""
        if p.claimed and p.claimed != p.derived:
            stance += f" / 称{p.claimed}"
        out.append(("proj", f"◆ {p.name} [{stance}]"))
    if not seg.covered:
        out.append(("gap", "缺失环节 gap"))
        for t in seg.targets[:5]:
            out.append(("target", f"{t.rank}. {t.name}"))
        if len(seg.targets) > 5:
            out.append(("target", f"… +{len(seg.targets) - 5}"))
    return out


def _fit(text: str, width: int = BOX_W - 16) -> str:
    """Cut ``text`` to what fits in ``width`` pixels at 12px (CJK ~12px, ASCII ~7px)."""
    used, out = 0, []  # type: tuple[int, list[str]]
    for ch in text:
        w = 12 if ord(ch) > 0x2E80 else 7
        if used + w > width - 12:
            return "".join(out) + "…"
        used += w
        out.append(ch)
    return text


def layout(status: ChainStatus) -> dict[str, tuple[int, int, int, int]]:
    """Segment key -> (x, y, width, height): one column per distinct seq."""
    seqs = sorted({s.seq if s.seq is not None else 0 for s in status.segments})
    col = {q: i for i, q in enumerate(seqs)}
    y_next = {i: TOP for i in range(len(seqs))}
    boxes = {}
    for s in status.segments:
        c = col[s.seq if s.seq is not None else 0]
        h = 44 + LINE_H * max(1, len(_lines(s)))
        boxes[s.key] = (40 + c * (BOX_W + COL_GAP), y_next[c], BOX_W, h)
        y_next[c] += h + ROW_GAP
    return boxes


def render_chain_map(status: ChainStatus) -> str:
    """The chain map of ``status`` as a complete HTML document (inline SVG, no script)."""
    boxes = layout(status)
    width = max((x + w for x, _, w, _ in boxes.values()), default=400) + 40
    height = max((y + h for _, y, _, h in boxes.values()), default=TOP) + 40
    svg: list[str] = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(status.chain)}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#777"/></marker></defs>',
    ]
    # Position bands above the columns.
    spans: dict[str, list[int]] = {}
    for s in status.segments:
        x, _, w, _ = boxes[s.key]
        spans.setdefault(s.position or "", []).extend([x, x + w])
    for pos, xs in spans.items():
        x0, x1 = min(xs), max(xs)
        label = f"{POSITION_ZH.get(pos, pos or '?')} {pos}".strip()
        svg.append(f'<rect x="{x0}" y="{TOP - 50}" width="{x1 - x0}" height="26" rx="4" '
                   f'fill="{COLOURS.get(pos, "#eee")}" stroke="{STROKE.get(pos, "#999")}"/>')
        svg.append(f'<text x="{(x0 + x1) // 2}" y="{TOP - 32}" text-anchor="middle" '
                   f'class="band">{escape(label)}</text>')
    # FEEDS arrows, drawn first so boxes sit on top.
    for s in status.segments:
        x, y, w, h = boxes[s.key]
        for t in s.feeds:
            if t not in boxes:
                continue
            tx, ty, _, th = boxes[t]
            svg.append(f'<line x1="{x + w}" y1="{y + 22}" x2="{tx}" y2="{ty + 22}" '
                       'class="feeds" marker-end="url(#arrow)"/>')
    for s in status.segments:
        x, y, w, h = boxes[s.key]
        pos = s.position or ""
        cls = "seg covered" if s.covered else "seg gap"
        fill = COLOURS.get(pos, "#f4f4f4") if s.covered else "#ffffff"
        title = f"{s.name} ({s.name_en})" if s.name_en else s.name
        svg.append(f'<g class="{cls}" data-segment="{escape(s.key)}">')
        svg.append(f'<title>{escape(title)}</title>')
        svg.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="{fill}" '
                   f'stroke="{STROKE.get(pos, "#999")}" stroke-width="2"'
                   + ('' if s.covered else ' stroke-dasharray="7 5"') + '/>')
        svg.append(f'<text x="{x + 10}" y="{y + 26}" class="name">{escape(_fit(s.name))}</text>')
        for i, (kind, text) in enumerate(_lines(s)):
            svg.append(f'<text x="{x + 12}" y="{y + 48 + i * LINE_H}" class="{kind}">'
                       f'<title>{escape(text)}</title>{escape(_fit(text))}</text>')
        svg.append("</g>")
    svg.append("</svg>")

    derived = "、".join(status.derived) or "—"
    claimed = "、".join(status.claimed) or "—"
    agree = set(status.derived) & set(status.claimed)
    verdict = ("一致 agrees" if agree and set(status.derived) <= set(status.claimed)
               else "部分一致 partly agrees" if agree else "不一致 differs")
    gaps = "、".join(s.name for s in status.gaps) or "—"
    legend = (
        '<div class="legend"><span class="sw covered"></span>已覆盖 covered'
        '<span class="sw gap"></span>缺失 gap (dashed)'
        '<span>★ 链主/龙头 lead enterprise</span><span>• 企业 enterprise</span>'
        '<span>◆ 项目 project [derived stance / 称 claimed]</span>'
        '<span>1. 补链目标 gap-filling target, ranked</span><span>→ 供给 feeds</span></div>')
    title = f"{status.park} · {status.chain} 产业链现状图"
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 16px;
       color: #222; }}
h1 {{ font-size: 20px; margin: 0 0 6px; }}
.stance {{ margin: 4px 0; font-size: 14px; }}
.legend {{ font-size: 12px; margin: 8px 0; display: flex; gap: 14px; flex-wrap: wrap;
           align-items: center; }}
.sw {{ display: inline-block; width: 22px; height: 12px; border: 2px solid #2e8b57;
       margin-right: 4px; }}
.sw.covered {{ background: #e6f4ea; }}
.sw.gap {{ background: #fff; border-style: dashed; }}
svg text {{ font-size: 12px; }}
svg .name {{ font-size: 15px; font-weight: bold; }}
svg .band {{ font-size: 13px; }}
svg .proj {{ fill: #7a3e9d; }}
svg .gap {{ fill: #c0392b; font-weight: bold; }}
svg .target {{ fill: #c0392b; }}
svg .feeds {{ stroke: #777; stroke-width: 1.5; }}
</style>
</head>
<body>
<h1>{escape(title)}</h1>
<p class="stance">推断 derived: <b>{escape(derived)}</b> · \
报道所称 claimed: <b>{escape(claimed)}</b> · {escape(verdict)}</p>
<p class="stance">缺失环节 gaps: {escape(gaps)}</p>
{legend}
{"".join(svg)}
</body>
</html>
"""


def write_chain_map(status: ChainStatus, path: str | Path) -> Path:
    """Write the HTML map to ``path`` atomically (a ``.part`` file, then rename)."""
    return write_text_atomic(path, render_chain_map(status))


def write_status_csv(status: ChainStatus, path: str | Path) -> Path:
    """Write the 现状图 table (one row per segment) as UTF-8 CSV with a BOM for Excel."""
    from chainkg.queries.format import render

    return write_text_atomic(path, "\ufeff" + render(status.table(), "csv") + "\n")
