"""Bulk loading of a fresh ladybug database with ``COPY FROM`` (the fast path of a build).

ladybug's ``COPY`` reads CSV files in native code, an order of magnitude faster than
``UNWIND $rows CREATE`` batches; measured here at 100k enterprises it is the difference
between seconds and a minute. It only loads into empty tables, so it serves fresh builds;
loads into a store with data keep the MERGE path of :mod:`chainkg.graph.ladybug_store`.

Each node label and each (relationship type, FROM label, TO label) gets one CSV file in a
temporary folder. CSV has no null and no list, so:

- a null is written as :data:`NULL` (a private-use character) and declared in
  ``null_strings``, which keeps the empty string distinct from null;
- a ``STRING[]`` is written joined by :data:`SEP` and split back by ``string_split`` in the
  ``LOAD FROM`` subquery that feeds ``COPY``;
- numeric lists are written in ladybug's list syntax ``[1,2]``.

:func:`csv_safe` says whether every value survives that encoding (no value contains
:data:`SEP`, :data:`NULL`, a line break or another control character but tab, no list
holds an empty string); when one does not, :func:`bulk_copy` stores nothing and says
so, and the caller falls back to the row-by-row path, so the result is always the same graph.

Examples
--------
>>> csv_safe({"Park": [{"key": "p", "aliases": ["a", "b"]}]}, {})
True
>>> csv_safe({"Park": [{"key": "p\\nq"}]}, {})
False
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Callable, Iterable
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from chainkg.ontology.mapping import Prop, node, rel

SEP = "\x1f"  # ASCII unit separator: joins the items of a STRING[] cell
NULL = "\ue000"  # a private-use character standing for null
# What the CSV encoding cannot carry: SEP and NULL (ours), line breaks, and every other
# control character but tab. ladybug's CSV reader mangles NUL (",\x00\x00" came back as
# ",\x00"; a lone "\x00" broke the quoting), so control characters take the row-by-row
# path, whose parameters carry any string unchanged.
_BAD = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029" + NULL + "]")


def _select(name: str, kind: str) -> str:
    """The expression turning CSV column ``name`` back into a value of type ``kind``."""
    if kind == "STRING[]":
        # an empty cell is the empty list; string_split('') would give ['']
        return (f"CASE WHEN {name} = '' THEN CAST([] AS STRING[]) "
                f"ELSE string_split({name}, '{SEP}') END")
    if kind in ("DOUBLE", "INT64"):
        return f"CAST({name} AS {kind})"
    return name


def _strings_safe(strings: list[str]) -> bool:
    # one search over the concatenation: joining adds no character, so it holds a bad
    # character exactly when one of the values does (per value was most of the check)
    return _BAD.search("".join(strings)) is None


def _column_safe(values: Iterable[Any], kind: str | None = None) -> bool:
    """True when every string and list item in ``values`` survives the CSV encoding.
    ``kind``, the column's ladybug type when known, lets the check run in C: a numeric
    column holds no string, a STRING column only strings or None."""
    if kind in ("INT64", "DOUBLE", "INT64[]", "DOUBLE[]"):
        return True
    if kind in ("STRING", "STRING[]") and isinstance(values, (tuple, list)):
        try:  # filter(None, …) drops None and "" (neither holds a bad character)
            if kind == "STRING":
                return _BAD.search("".join(filter(None, values))) is None
            listed = list(chain.from_iterable(filter(None, values)))
            return "" not in listed and _BAD.search("".join(listed)) is None
        except TypeError:  # a value of another type: the general check below
            pass
    strings: list[str] = []
    items: list[str] = []
    for value in values:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, list):
            items.extend(item for item in value if isinstance(item, str))
    # string_split drops empty items, so an empty string in a list cannot travel either
    return _strings_safe(strings) and "" not in items and _strings_safe(items)


def csv_safe(nodes: dict[str, list[dict[str, Any]]],
             rels: dict[str, list[tuple[str, str, dict[str, Any]]]]) -> bool:
    """True when every string (and list item) can go through the CSV encoding unchanged."""
    for items in nodes.values():
        if not _column_safe(v for row in items for v in row.values()):
            return False
    for triples in rels.values():
        if not _column_safe(v for _a, _b, row in triples for v in row.values()):
            return False
    return True


def _cells(values: Iterable[Any], kind: str) -> list[str]:
    """One column's CSV cells: a list comprehension per type, as a build writes millions
    of cells and a call per cell was most of the time of writing them."""
    if kind == "STRING[]":
        return [NULL if v is None else SEP.join(v) for v in values]
    if kind == "INT64[]":
        return [NULL if v is None else "[" + ",".join([str(int(x)) for x in v]) + "]"
                for v in values]
    if kind == "DOUBLE[]":
        return [NULL if v is None else "[" + ",".join([repr(float(x)) for x in v]) + "]"
                for v in values]
    if kind == "DOUBLE":
        return [NULL if v is None else repr(float(v)) for v in values]
    if kind == "INT64":
        return [NULL if v is None else str(int(v)) for v in values]
    return [v if v.__class__ is str else NULL if v is None else str(v) for v in values]


def _columns(items: list[dict[str, Any]], header: list[str]) -> list[tuple[Any, ...]]:
    """The values of ``items`` (rows keyed by ``header``) column by column."""
    if not items:
        return [() for _ in header]
    try:
        # the rows of graph.rows hold every column: itemgetter and zip run in C
        rows = list(map(itemgetter(*header), items)) if len(header) > 1 else \
            [(row[header[0]],) for row in items]
    except KeyError:
        rows = [tuple(row.get(h) for h in header) for row in items]
    return list(zip(*rows, strict=True))


def _write(path: Path, header: list[str], kinds: list[str],
           items: list[dict[str, Any]]) -> bool:
    """Write ``items`` as CSV; False (and nothing written) if a value cannot travel."""
    columns = _columns(items, header)
    if not all(_column_safe(col, kind) for col, kind in zip(columns, kinds, strict=True)):
        return False
    cells = [_cells(col, kind) for col, kind in zip(columns, kinds, strict=True)]
    del columns
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(zip(*cells, strict=True))
    return True


def _copy(conn: Any, table: str, path: Path, header: list[str], kinds: list[str],
          pair: tuple[str, str] | None = None) -> None:
    # Columns are declared STRING in LOAD WITH HEADERS and cast in RETURN (numeric lists
    # keep their own type): letting ladybug sniff the types would turn a period such as
    # "007" into the number 7, and null_strings applies only to STRING columns.
    declared = ", ".join(
        f"{h} {k if k in ('INT64[]', 'DOUBLE[]') else 'STRING'}"
        for h, k in zip(header, kinds, strict=True))
    select = ", ".join(_select(h, k) for h, k in zip(header, kinds, strict=True))
    where = str(path).replace("'", "\\'")
    options = f" (from='{pair[0]}', to='{pair[1]}')" if pair else ""
    conn.execute(
        f"COPY {table} FROM (LOAD WITH HEADERS ({declared}) FROM '{where}' "
        f"(header=true, null_strings=['{NULL}']) RETURN {select}){options}")


def bulk_copy(conn: Any, nodes: dict[str, list[dict[str, Any]]],
              rels: dict[str, list[tuple[str, str, dict[str, Any]]]],
              column_type: Callable[[Prop], str],
              progress: Callable[[str, int, int], None] | None = None) -> bool:
    """Load ``nodes`` and ``rels`` (from :mod:`chainkg.graph.rows`) into empty tables.

    ``column_type(prop)`` gives the ladybug type of a property's column, as the schema
    declares it. All CSV files are written before the first ``COPY``: when a value cannot
    travel through CSV (see :func:`csv_safe`) nothing is stored and the result is False,
    so the caller can take the row-by-row path instead.
    """
    total = sum(map(len, nodes.values())) + sum(map(len, rels.values()))
    done = 0
    with tempfile.TemporaryDirectory(prefix="chainkg-copy-") as tmp:
        jobs: list[tuple[str, Path, list[str], list[str], tuple[str, str] | None, int]] = []
        for label, items in nodes.items():
            if not items:
                continue
            props = node(label).props
            header = [p.name for p in props]
            kinds = [column_type(p) for p in props]
            path = Path(tmp) / f"node-{label}.csv"
            if not _write(path, header, kinds, items):
                return False
            jobs.append((label, path, header, kinds, None, len(items)))
        for rel_type, triples in rels.items():
            props = rel(rel_type).props
            header = ["src", "dst"] + [p.name for p in props]
            kinds = ["STRING", "STRING"] + [column_type(p) for p in props]
            by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for a, b, row in triples:
                by_pair.setdefault((a, b), []).append(row)
            for (a, b), items in by_pair.items():
                path = Path(tmp) / f"rel-{rel_type}-{a}-{b}.csv"
                if not _write(path, header, kinds, items):
                    return False
                jobs.append((rel_type, path, header, kinds, (a, b), len(items)))
            del by_pair
        for table, path, header, kinds, pair, n in jobs:
            _copy(conn, table, path, header, kinds, pair)
            done += n
            if progress:
                progress("relationships" if pair else "nodes", done, total)
    return True
