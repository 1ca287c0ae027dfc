"""Neo4j through the official ``neo4j`` driver: pushes (batched ``UNWIND … MERGE``) and
canned Cypher queries.

Connection settings default to the environment variables Neo4j's own tools read:
``NEO4J_URI`` (``bolt://``, ``neo4j://``, ``neo4j+s://`` …), ``NEO4J_USERNAME``,
``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``. Without a user name the driver connects with no
authentication. The constructor does no I/O: the driver is created, and the server
reached, on first use.

A push MERGEs every node on its ``key`` and every relationship on its endpoints (and its
``rid`` where it is qualified), one auto-committed statement per batch, so each batch is
atomic and a batch that failed on a transient error (a deadlock, a leader switch, a
dropped connection) is simply sent again. For the same reason a push interrupted half-way
is completed by running it again and ends with exactly one copy of everything.

Examples
--------
>>> store = Neo4jStore(uri="bolt://db.example:7687", user="neo4j", password="secret")
>>> store.language, store.engine, store.uri
('cypher', 'neo4j', 'bolt://db.example:7687')
>>> print(schema_statements()[0])
CREATE CONSTRAINT source_document_key IF NOT EXISTS FOR (n:SourceDocument) REQUIRE n.key IS UNIQUE
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any

from chainkg.errors import BackendError, QueryError
from chainkg.graph import cypher
from chainkg.graph.model import Facts
from chainkg.graph.rows import node_rows, rel_rows
from chainkg.graph.store import Progress, Rows
from chainkg.ontology.mapping import NODES, RELS

DEFAULT_URI = "bolt://localhost:7687"
#: URI schemes the official driver accepts (``+s``: TLS verified, ``+ssc``: self-signed).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _snake(label: str) -> str:
    """``'SourceDocument'`` -> ``'source_document'``, ``'HAS_CHAIN'`` -> ``'has_chain'``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", label).lower()


def schema_statements() -> list[str]:
    """Neo4j DDL: a uniqueness constraint on every label's ``key`` (it also indexes the
    key, which every MERGE and relationship load matches on), an index on every label's
    ``name`` (canned queries look entities up by name), and an index on ``rid`` for the
    qualified relationship types (their MERGE matches on it).

    Every statement is ``IF NOT EXISTS``, so running them again is harmless. They are
    Neo4j 5 syntax; the FalkorDB Bolt server used in the tests cannot create constraints
    over Bolt, so the tests pin this text instead of running it.

    Examples
    --------
    >>> [s for s in schema_statements() if "has_chain" in s]
    ['CREATE INDEX has_chain_rid IF NOT EXISTS FOR ()-[r:HAS_CHAIN]-() ON (r.rid)']
    """
    out = [
        f"CREATE CONSTRAINT {_snake(spec.label)}_key IF NOT EXISTS "
        f"FOR (n:{spec.label}) REQUIRE n.key IS UNIQUE"
        for spec in NODES
    ]
    out += [
        f"CREATE INDEX {_snake(spec.label)}_name IF NOT EXISTS FOR (n:{spec.label}) ON (n.name)"
        for spec in NODES
    ]
    out += [
        f"CREATE INDEX {_snake(r.type)}_rid IF NOT EXISTS FOR ()-[r:{r.type}]-() ON (r.rid)"
        for r in RELS
        if any(p.name == "rid" for p in r.props)
    ]
    return out


def batches(rows: list[dict[str, Any]], size: int,
            max_bytes: int) -> Iterator[list[dict[str, Any]]]:
    """``rows`` cut into batches of at most ``size`` rows and about ``max_bytes`` bytes
    (as UTF-8 JSON); a single wider row still makes a batch of its own.

    >>> [len(b) for b in batches([{"k": "x" * 10}] * 5, size=2, max_bytes=1000)]
    [2, 2, 1]
    >>> [len(b) for b in batches([{"k": "x" * 10}] * 5, size=100, max_bytes=40)]
    [2, 2, 1]
    """
    batch: list[dict[str, Any]] = []
    used = 0
    for row in rows:
        cost = len(json.dumps(row, ensure_ascii=False, default=str).encode("utf-8"))
        if batch and (len(batch) >= size or used + cost > max_bytes):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += cost
    if batch:
        yield batch


def _plain(value: Any) -> Any:
    """A driver value -> a plain Python value (temporal values as ISO text)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    props = getattr(value, "_properties", None)  # a Node or Relationship
    if isinstance(props, dict):
        return {k: _plain(v) for k, v in props.items()}
    return value


class Neo4jStore:
    """A Neo4j server (or Aura, or a cluster behind a ``neo4j://`` URI).

    Parameters
    ----------
    uri:
        Server URI; default ``$NEO4J_URI`` or ``bolt://localhost:7687``.
    user, password:
        Credentials; default ``$NEO4J_USERNAME`` / ``$NEO4J_PASSWORD``. No user: no auth.
    database:
        Database name; default ``$NEO4J_DATABASE`` or the server's default database.
    batch_size:
        Rows per ``UNWIND`` statement when loading.
    batch_bytes:
        Upper bound on a batch's size (its rows as UTF-8 JSON), whatever ``batch_size``
        says: keeps one statement's message and transaction small with wide rows.
    retries:
        Attempts per batch on transient errors (deadlocks, lost connections).
    backoff:
        Seconds before the first retry; doubled after each.
    timeout:
        Seconds to wait for a connection.
    """

    language = "cypher"
    engine = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None,
                 password: str | None = None, database: str | None = None,
                 batch_size: int = 1000, batch_bytes: int = 4_000_000, retries: int = 5,
                 backoff: float = 0.5, timeout: float = 10.0) -> None:
        env = os.environ
        self.uri = uri or env.get("NEO4J_URI") or DEFAULT_URI
        scheme = self.uri.partition("://")[0].lower()
        if "://" not in self.uri or scheme not in SCHEMES:
            raise BackendError(f"bad Neo4j URI {self.uri!r}; expected one of "
                               f"{', '.join(s + '://' for s in SCHEMES)}")
        self.user = user if user is not None else (env.get("NEO4J_USERNAME") or None)
        self.password = password if password is not None else env.get("NEO4J_PASSWORD", "")
        self.database = database if database is not None else (env.get("NEO4J_DATABASE") or None)
        if batch_size < 1:
            raise BackendError(f"batch_size must be at least 1, got {batch_size}")
        self.batch_size = batch_size
        self.batch_bytes = batch_bytes
        self.retries = max(1, retries)
        self.backoff = backoff
        self.timeout = timeout
        self._driver: Any = None

    # -- connection ---------------------------------------------------------------------
    def _connect(self) -> Any:
        if self._driver is None:
            import neo4j
            from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

            auth = (self.user, self.password or "") if self.user else None
            try:
                driver = neo4j.GraphDatabase.driver(self.uri, auth=auth,
                                                    connection_timeout=self.timeout)
            except (ValueError, neo4j.exceptions.ConfigurationError) as e:
                raise BackendError(f"bad Neo4j URI {self.uri!r}: {e}") from e
            try:
                driver.verify_connectivity()
            except AuthError as e:
                driver.close()
                who = f"user {self.user!r}" if self.user else "no credentials"
                raise BackendError(f"Neo4j at {self.uri} refused {who}: {e.message}; "
                                   "check NEO4J_USERNAME / NEO4J_PASSWORD") from e
            except (ServiceUnavailable, OSError) as e:
                driver.close()
                raise BackendError(f"cannot reach Neo4j at {self.uri}: {_first_line(e)}") from e
            except Neo4jError as e:
                driver.close()
                raise BackendError(f"Neo4j at {self.uri} failed: {_first_line(e)}") from e
            self._driver = driver
        return self._driver

    def _session(self) -> Any:
        driver = self._connect()
        return driver.session(database=self.database) if self.database else driver.session()

    def close(self) -> None:
        if self._driver is not None:
            driver, self._driver = self._driver, None
            driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, session: Any, text: str, params: Mapping[str, Any]) -> None:
        """One auto-committed statement (the seam the retry tests inject faults into)."""
        session.run(text, dict(params)).consume()

    def _write(self, session: Any, text: str, params: Mapping[str, Any]) -> None:
        """Run a write, retrying transient failures with exponential backoff."""
        from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired, TransientError

        delay = self.backoff
        for attempt in range(1, self.retries + 1):
            try:
                self._run(session, text, params)
                return
            except (TransientError, ServiceUnavailable, SessionExpired) as e:
                if attempt == self.retries:
                    raise BackendError(f"Neo4j at {self.uri} kept failing after {attempt} "
                                       f"attempts: {_first_line(e)}") from e
                time.sleep(delay)
                delay *= 2
            except Neo4jError as e:
                raise BackendError(f"Neo4j at {self.uri} rejected a write "
                                   f"({text[:60]}…): {_first_line(e)}") from e

    # -- writing ------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create the uniqueness constraints and indexes of :func:`schema_statements`."""
        with self._session() as session:
            for stmt in schema_statements():
                try:
                    self._write(session, stmt, {})
                except BackendError as e:
                    raise BackendError(f"{e} (a server without Neo4j's schema commands, "
                                       "such as FalkorDB: push with --no-schema)") from e

    def load(self, facts: Facts, progress: Progress | None = None) -> None:
        """MERGE ``facts`` in batches of :attr:`batch_size` rows; idempotent."""
        nodes, rels = node_rows(facts), rel_rows(facts)
        plan: list[tuple[str, str, list[dict[str, Any]]]] = []
        for label, rows in nodes.items():
            plan.append(("nodes", cypher.merge_nodes(label), rows))
        for rel_type, triples in rels.items():
            by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for a, b, row in triples:
                by_pair.setdefault((a, b), []).append(row)
            for (a, b), rows in by_pair.items():
                plan.append(("relationships", cypher.merge_rels(rel_type, a, b), rows))
        total = sum(len(rows) for _, _, rows in plan)
        done = 0
        with self._session() as session:
            for what, stmt, rows in plan:
                for batch in batches(rows, self.batch_size, self.batch_bytes):
                    self._write(session, stmt, {"rows": batch})
                    done += len(batch)
                    if progress:
                        progress(what, done, total)

    # -- reading ------------------------------------------------------------------------
    def query(self, text: str, params: Mapping[str, Any] | None = None) -> Rows:
        """Run Cypher ``text`` with ``params`` bound; QueryError when the server rejects it."""
        from neo4j.exceptions import ClientError, DatabaseError, ServiceUnavailable, SessionExpired

        with self._session() as session:
            try:
                result = session.run(text, dict(params or {}))
                columns = list(result.keys())
                rows = [tuple(_plain(v) for v in record.values()) for record in result]
            except (ClientError, DatabaseError) as e:
                # Neo4j reports bad Cypher as a ClientError; FalkorDB over Bolt answers any
                # failure with a bare DatabaseError (UnknownError), so both mean "the query".
                raise QueryError(f"Cypher query failed on Neo4j at {self.uri}: "
                                 f"{_first_line(e)}") from e
            except (ServiceUnavailable, SessionExpired) as e:
                raise BackendError(f"lost Neo4j at {self.uri}: {_first_line(e)}") from e
        return Rows(columns, rows)

    def counts(self) -> dict[str, int]:
        """Node count per label and relationship count per type (every mapped name)."""
        out: dict[str, int] = {}
        for spec in NODES:
            out[spec.label] = self.query(f"MATCH (n:{spec.label}) RETURN count(n)").rows[0][0]
        for r in RELS:
            out[r.type] = self.query(f"MATCH ()-[r:{r.type}]->() RETURN count(r)").rows[0][0]
        return out

    def clear(self) -> None:
        """Delete every node and relationship (used by tests and fresh pushes)."""
        with self._session() as session:
            self._write(session, "MATCH (n) DETACH DELETE n", {})


def _first_line(e: BaseException) -> str:
    message = getattr(e, "message", None) or str(e) or type(e).__name__
    return str(message).strip().splitlines()[0] if str(message).strip() else type(e).__name__

