"""Render query rows as a terminal table, JSON or CSV.

The table pads by display width, so columns of Chinese text (two cells a character) line
up in a terminal.

Examples
--------
>>> from chainkg.graph.store import Rows
>>> print(render(Rows(["园区", "n"], [("株洲高新区", 3), ("x", None)]), "table"))
园区        n
----------  -
株洲高新区  3
x
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from chainkg.errors import QueryError
from chainkg.graph.store import Rows

FORMATS = ("table", "json", "csv")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(map(_cell, value))
    return str(value)


def render(rows: Rows, fmt: str = "table") -> str:
    """Rows as ``table``, ``json`` (a list of objects) or ``csv``."""
    if fmt == "json":
        return json.dumps(rows.dicts(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(rows.columns)
        writer.writerows(["" if v is None else v for v in r] for r in rows.rows)
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    cells = [[_cell(v) for v in r] for r in rows.rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells])
              for i, c in enumerate(rows.columns)]

    def line(values: list[str]) -> str:
        padded = (v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    out = [line(rows.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)
