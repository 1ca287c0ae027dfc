"""The store protocol and the backend registry.

Every store, property graph or RDF, embedded or remote, offers the same small surface:
``load(facts)``, ``query(text, params)``, ``counts()``, ``close()``; it is a context
manager and its constructor does no I/O (the connection opens on first use). Backends are
named in :data:`BACKENDS` as ``"module:Class"`` strings and imported only when asked for,
so ``chainkg --help`` never pays for the neo4j driver or Oxigraph.

Examples
--------
>>> sorted(BACKENDS)
['ladybug', 'neo4j', 'oxigraph', 'sparql']
>>> BACKENDS["ladybug"].language
'cypher'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from chainkg.errors import BackendError

if TYPE_CHECKING:
    from chainkg.graph.model import Facts

# A progress callback: called with (what, done, total) as a load advances.
Progress = Callable[[str, int, int], None]


@dataclass
class Rows:
    """A query result: column names and rows of plain Python values (str, int, float,
    None, list)."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


@runtime_checkable
class GraphStore(Protocol):
    """What every backend implements."""

    #: the query language the store answers: ``"cypher"`` or ``"sparql"``.
    language: str

    def load(self, facts: Facts, progress: Progress | None = None) -> None:
        """Write ``facts``. Idempotent: loading the same facts twice changes nothing."""

    def query(self, text: str, params: Mapping[str, Any] | None = None) -> Rows:
        """Run a query with its parameters bound (never formatted into the text)."""

    def counts(self) -> dict[str, int]:
        """Node count per label and relationship count per type (PG names)."""

    def close(self) -> None:
        """Release connections and files."""

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


@dataclass(frozen=True)
class Backend:
    name: str
    target: str  # "module:Class"
    language: str
    description: str

    def load_class(self) -> type:
        module, _, cls = self.target.partition(":")
        try:
            return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]
        except ImportError as e:
            raise BackendError(f"backend {self.name!r} cannot be imported: {e}") from e


BACKENDS: dict[str, Backend] = {
    b.name: b
    for b in (
        Backend("ladybug", "chainkg.graph.ladybug_store:LadybugStore", "cypher",
                "embedded property graph (ladybug, the maintained fork of Kuzu)"),
        Backend("neo4j", "chainkg.graph.neo4j_store:Neo4jStore", "cypher",
                "Neo4j through the official driver (NEO4J_URI ...)"),
        Backend("oxigraph", "chainkg.graph.rdf_store:RdfStore", "sparql",
                "embedded RDF store (rdflib over Oxigraph)"),
        Backend("sparql", "chainkg.graph.sparql_endpoint:SparqlEndpoint", "sparql",
                "any SPARQL 1.1 endpoint (query + update + graph store protocol)"),
    )
}


def open_store(name: str, **options: Any) -> GraphStore:
    """Instantiate backend ``name`` with ``options`` (no I/O happens yet).

    >>> open_store("nosuch")
    Traceback (most recent call last):
    ...
    chainkg.errors.BackendError: unknown backend 'nosuch'; choose one of ladybug, neo4j, ...
    """
    try:
        backend = BACKENDS[name]
    except KeyError:
        raise BackendError(
            f"unknown backend {name!r}; choose one of {', '.join(sorted(BACKENDS))}"
        ) from None
    return backend.load_class()(**options)  # type: ignore[no-any-return]
