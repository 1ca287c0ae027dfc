"""The embedded property graph: ladybug (the maintained fork of Kùzu), one file on disk.

ladybug needs a schema: one node table per label and one relationship table per type
(listing its FROM/TO pairs), both generated from the ontology mapping. A fresh build
bulk-loads with ``COPY FROM`` CSV files (:mod:`chainkg.graph.ladybug_copy`; ``UNWIND $rows
... CREATE`` batches when a value cannot travel through CSV); loading into a store that
already has data switches to ``MERGE``, so a reload is idempotent.

Examples
--------
>>> print(schema_statements()[0])  # doctest: +ELLIPSIS
CREATE NODE TABLE IF NOT EXISTS SourceDocument(key STRING, name STRING, ... PRIMARY KEY(key))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from chainkg.errors import BackendError, QueryError
from chainkg.graph import cypher
from chainkg.graph.model import Facts
from chainkg.graph.rows import RelRow, node_rows, rel_rows
from chainkg.graph.store import Progress, Rows
from chainkg.ontology.mapping import EVIDENCE, NODES, RELS, Prop

_TYPES = {"float": "DOUBLE", "int": "INT64", "sources": "STRING[]", "strings": "STRING[]",
          "ints": "INT64[]", "floats": "DOUBLE[]"}
BATCH = 5000
# Numeric list columns (evidence offsets, confidences). ladybug types an empty list
# parameter as STRING[] and will not cast it implicitly, so its statements cast; Neo4j has
# no CAST(... AS ...), hence here rather than in the shared Cypher of graph/cypher.py.
_LIST_CASTS = {p.name: _TYPES[p.type] for p in EVIDENCE if p.type in ("ints", "floats")}


def _typed(stmt: str) -> str:
    """``stmt`` with numeric list parameters cast to their column type.

    >>> _typed("SET n.ev_start = row.ev_start")
    'SET n.ev_start = CAST(row.ev_start AS INT64[])'
    """
    for name, kind in _LIST_CASTS.items():
        stmt = re.sub(rf"\brow\.{name}\b", f"CAST(row.{name} AS {kind})", stmt)
    return stmt


def _column(p: Prop) -> str:
    kind = "STRING[]" if p.name == "aliases" else _TYPES.get(p.type, "STRING")
    return f"{p.name} {kind}"


def schema_statements() -> list[str]:
    """DDL for every node and relationship table in the mapping."""
    out = []
    for spec in NODES:
        cols = ", ".join(_column(p) for p in spec.props)
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {spec.label}({cols}, PRIMARY KEY(key))")
    for r in RELS:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in r.pairs)
        cols = "".join(f", {_column(p)}" for p in r.props)
        out.append(f"CREATE REL TABLE IF NOT EXISTS {r.type}({pairs}{cols})")
    return out


class LadybugStore:
    """ladybug database at ``path`` (a file; created on first write).

    Parameters
    ----------
    path:
        The database file. ``None`` keeps the graph in memory.
    read_only:
        Open an existing database for queries only.
    """

    language = "cypher"
    engine = "ladybug"

    def __init__(self, path: str | Path | None = None, read_only: bool = False,
                 bulk: bool = True) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        #: load an empty database with COPY FROM (False: UNWIND ... CREATE batches, kept
        #: for the benchmark that compares the two)
        self.bulk = bulk
        self._db: Any = None
        self._conn: Any = None

    # -- connection ---------------------------------------------------------------------
    def _connection(self) -> Any:
        if self._conn is None:
            import ladybug

            target = str(self.path) if self.path is not None else ":memory:"
            if self.path is not None and self.read_only and not self.path.exists():
                raise BackendError(f"no ladybug database at {self.path}; run `chainkg build`")
            try:
                self._db = ladybug.Database(target, read_only=self.read_only)
                self._conn = ladybug.Connection(self._db)
            except RuntimeError as e:
                raise BackendError(f"cannot open ladybug database {target}: {e}") from e
            if not self.read_only:
                for stmt in schema_statements():
                    self._conn.execute(stmt)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._db is not None:
            self._db.close()
        self._conn = self._db = None

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------
    def _is_empty(self) -> bool:
        conn = self._connection()
        for spec in NODES:
            result = conn.execute(f"MATCH (n:{spec.label}) RETURN count(n)")
            if result.get_next()[0]:
                return False
        return True

    def load(self, facts: Facts, progress: Progress | None = None,
             rels: Callable[[], dict[str, list[RelRow]]] | None = None) -> None:
        """Write ``facts``: CREATE into an empty database, MERGE into one with data.

        ``rels`` gives the relationship rows of ``facts`` (:func:`rel_rows`) when the
        caller shares them with another writer (a build computes them once for both
        stores).
        """
        conn = self._connection()
        fresh = self._is_empty()
        nodes = node_rows(facts)
        rel_items = rels() if rels is not None else rel_rows(facts)
        if fresh and self.bulk:
            from chainkg.graph.ladybug_copy import bulk_copy

            # COPY FROM is the fast path (see graph/ladybug_copy.py); it runs outside an
            # explicit transaction, which is safe only because the tables are empty: a
            # workspace build discards the whole generation if it fails. bulk_copy stores
            # nothing when a value cannot travel through CSV: then the rows below.
            try:
                if bulk_copy(conn, nodes, rel_items,
                             lambda p: _column(p).split(" ", 1)[1], progress):
                    return
            except RuntimeError as e:
                raise BackendError(f"ladybug bulk load (COPY) failed: {e}") from e
        total = sum(map(len, nodes.values())) + sum(map(len, rel_items.values()))
        done = 0
        conn.execute("BEGIN TRANSACTION")
        try:
            for label, rows in nodes.items():
                stmt = _typed(cypher.create_nodes(label) if fresh else cypher.merge_nodes(label))
                for i in range(0, len(rows), BATCH):
                    conn.execute(stmt, {"rows": rows[i:i + BATCH]})
                    done += len(rows[i:i + BATCH])
                    if progress:
                        progress("nodes", done, total)
            for rel_type, triples in rel_items.items():
                by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
                for a, b, row in triples:
                    by_pair.setdefault((a, b), []).append(row)
                for (a, b), rows in by_pair.items():
                    stmt = _typed((cypher.create_rels if fresh else cypher.merge_rels)(rel_type,
                                                                                       a, b))
                    for i in range(0, len(rows), BATCH):
                        conn.execute(stmt, {"rows": rows[i:i + BATCH]})
                        done += len(rows[i:i + BATCH])
                        if progress:
                            progress("relationships", done, total)
            conn.execute("COMMIT")
        except Exception as e:
            conn.execute("ROLLBACK")
            raise BackendError(f"ladybug load failed: {e}") from e

    # -- reading ------------------------------------------------------------------------
    def query(self, text: str, params: Mapping[str, Any] | None = None) -> Rows:
        conn = self._connection()
        try:
            result = conn.execute(text, dict(params or {}))
        except RuntimeError as e:
            raise QueryError(f"Cypher query failed on ladybug: {e}") from e
        rows = Rows(list(result.get_column_names()))
        while result.has_next():
            rows.rows.append(tuple(result.get_next()))
        return rows

    def counts(self) -> dict[str, int]:
        out = {}
        for spec in NODES:
            out[spec.label] = self.query(f"MATCH (n:{spec.label}) RETURN count(n)").rows[0][0]
        for r in RELS:
            out[r.type] = self.query(f"MATCH ()-[r:{r.type}]->() RETURN count(r)").rows[0][0]
        return out
