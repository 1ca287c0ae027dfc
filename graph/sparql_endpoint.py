"""Any SPARQL 1.1 endpoint: queries over the SPARQL Protocol, writes over the Graph Store
Protocol (GSP).

The layout is the embedded store's (:mod:`chainkg.graph.rdf_store`): one named graph per
source document plus their union in the default graph, so canned queries read the default
graph and work on any engine without a "union default graph" setting.

A push replaces each named graph with ``PUT`` (idempotent) and rewrites the default graph
in batches (the first batch ``PUT``, the rest ``POST``). Transient failures (connection
errors, HTTP 5xx, 429) are retried with backoff; a push interrupted half-way is completed
by running it again, and ends with exactly one copy of every triple (RDF graphs are sets).

Examples
--------
>>> ep = SparqlEndpoint("http://127.0.0.1:7878")
>>> ep.query_url, ep.update_url, ep.store_url
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from chainkg.errors import BackendError, QueryError
from chainkg.graph.model import Facts
from chainkg.graph.store import Progress, Rows

_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}
_TRANSIENT = {429, 500, 502, 503, 504}


def _value(binding: dict[str, Any] | None) -> Any:
    """A SPARQL JSON results binding -> a plain value."""
    if binding is None:
        return None
    value = binding.get("value")
    if binding.get("type") in ("literal", "typed-literal"):
        dtype = binding.get("datatype", "")
        if dtype in _NUMERIC:
            return _NUMERIC[dtype](value)
        if dtype == "http://www.w3.org/2001/XMLSchema#boolean":
            return value in ("true", "1")
    return value


class SparqlEndpoint:
    """A SPARQL 1.1 endpoint at ``url``.

    Parameters
    ----------
    url:
        Base URL; ``/query``, ``/update`` and ``/store`` are appended unless given
        explicitly (Oxigraph's layout; Fuseki's GSP is ``<dataset>/data``).
    query_url, update_url, store_url:
        Override each service's URL.
    batch_size:
        Triples per request when writing the default graph.
    retries:
        Attempts per request on transient errors.
    """

    language = "sparql"
    engine = "sparql"

    def __init__(self, url: str, query_url: str | None = None, update_url: str | None = None,
                 store_url: str | None = None, batch_size: int = 20_000, retries: int = 4,
                 timeout: float = 60.0) -> None:
        base = url.rstrip("/")
        self.query_url = query_url or base + "/query"
        self.update_url = update_url or base + "/update"
        self.store_url = store_url or base + "/store"
        self.batch_size = batch_size
        self.retries = retries
        self.timeout = timeout

    def __enter__(self) -> SparqlEndpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    # -- HTTP ---------------------------------------------------------------------------
    def _request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        delay = 0.2
        for attempt in range(1, self.retries + 1):
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                    return resp.read()  # type: ignore[no-any-return]
            except urllib.error.HTTPError as e:
                detail = e.read().decode("utf-8", "replace").strip().splitlines()
                if e.code in _TRANSIENT and attempt < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                first = detail[0][:300] if detail else ""
                raise BackendError(f"{method} {url} failed: HTTP {e.code} {first}") from e
            except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
                if attempt < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                reason = getattr(e, "reason", e)
                raise BackendError(f"cannot reach the SPARQL endpoint {url}: {reason}") from e
        raise BackendError(f"{method} {url} failed")  # pragma: no cover

    # -- reading ------------------------------------------------------------------------
    def query(self, text: str, params: Mapping[str, Any] | None = None) -> Rows:
        from chainkg.graph.sparql_params import bind_values

        body = urllib.parse.urlencode({"query": bind_values(text, params or {})}).encode()
        try:
            raw = self._request("POST", self.query_url, body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            })
        except BackendError as e:
            if "HTTP 400" in str(e):
                raise QueryError(f"the endpoint rejected the query: {e}") from e
            raise
        data = json.loads(raw)
        if "boolean" in data:
            return Rows(["ask"], [(bool(data["boolean"]),)])
        columns = list(data["head"].get("vars", []))
        rows = Rows(columns)
        for b in data["results"]["bindings"]:
            rows.rows.append(tuple(_value(b.get(c)) for c in columns))
        return rows

    def counts(self) -> dict[str, int]:
        from chainkg.graph.rdf_store import rdf_counts

        return rdf_counts(self.query)

    # -- writing ------------------------------------------------------------------------
    def _put_or_post(self, method: str, graph: str | None, triples: list[str]) -> None:
        target = (self.store_url + "?" + urllib.parse.urlencode({"graph": graph})
                  if graph else self.store_url + "?default")
        body = "".join(triples).encode("utf-8")
        self._request(method, target, body, {"Content-Type": "application/n-triples"})

    def load(self, facts: Facts, progress: Progress | None = None) -> None:
        """Push ``facts`` (and the vocabulary): each document's named graph replaced, the
        default graph rewritten as their union."""
        from chainkg.graph.rdf import facts_quads, vocabulary_quads

        self.push_quads(facts_quads(facts) + vocabulary_quads(), progress)

    def push_quads(self, quads: list[Any], progress: Progress | None = None) -> None:
        from rdflib.plugins.serializers.nt import _nt_row  # N-Triples escaping, one line

        graphs: dict[str, list[str]] = defaultdict(list)
        union: dict[str, None] = {}
        for s, p, o, g in quads:
            line = _nt_row((s, p, o))
            graphs[str(g)].append(line)
            union[line] = None
        total = len(graphs) + len(union)
        done = 0
        for g, lines in graphs.items():
            self._put_or_post("PUT", g, lines)
            done += 1
            if progress:
                progress("graphs", done, total)
        lines = list(union)
        for i in range(0, max(len(lines), 1), self.batch_size):
            self._put_or_post("PUT" if i == 0 else "POST", None, lines[i:i + self.batch_size])
            done += len(lines[i:i + self.batch_size])
            if progress:
                progress("triples", done, total)
