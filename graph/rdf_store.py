"""The embedded RDF store: rdflib's API over Oxigraph, persisted in a folder.

Data lives in named graphs (one per source document, see :mod:`chainkg.graph.rdf`);
queries see their union as the default graph, as on GraphDB, Virtuoso, or Fuseki/Oxigraph
configured with a union default graph. Parameters are bound as variables (Oxigraph
substitutions), never formatted into the query text.

Examples
--------
>>> store = RdfStore()            # in memory; no I/O until used
>>> store.language
'sparql'
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from chainkg.errors import BackendError, QueryError
from chainkg.graph.model import Facts
from chainkg.graph.store import Progress, Rows

FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "jsonld": ("json-ld", "application/ld+json"),
    "trig": ("trig", "application/trig"),
    "nq": ("nquads", "application/n-quads"),
}


def to_python(term: Any) -> Any:
    """An rdflib term -> a plain value: IRIs and strings as str, numbers as int/float,
    dates as ISO text, unbound as None."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return value
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return str(term)
    return str(term)


def to_term(value: Any) -> Any:
    """A parameter value -> an rdflib term: xsd:string, integer, double or boolean literal
    (an rdflib term passes through)."""
    from rdflib import Literal
    from rdflib.term import Identifier

    if isinstance(value, Identifier):
        return value
    if isinstance(value, (bool, int, float, Decimal)):
        return Literal(value)
    return Literal(str(value))


# N-Quads lines per bulk_load call (see RdfStore._bulk_load_nquads).
BULK_CHUNK = 400_000


class RdfStore:
    """rdflib over Oxigraph at ``path`` (a folder); ``None`` keeps it in memory.

    Layout: one named graph per source document (provenance), and their union, each
    triple once, in the default graph, which is what queries read. Keeping the union
    materialised (rather than asking for a "union default graph") makes every SPARQL
    engine answer the canned queries alike: Oxigraph's union view repeats a triple once
    per graph holding it, which would double counts and sums.
    """

    language = "sparql"

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._ox: Any = None

    @property
    def oxigraph(self) -> Any:
        """The ``pyoxigraph.Store``, opened on first use."""
        if self._ox is None:
            import pyoxigraph

            try:
                if self.path is None:
                    self._ox = pyoxigraph.Store()
                elif self.read_only:
                    if not self.path.exists():
                        raise BackendError(f"no RDF store at {self.path}; run `chainkg build`")
                    self._ox = pyoxigraph.Store.read_only(str(self.path))
                else:
                    self._ox = pyoxigraph.Store(str(self.path))
            except OSError as e:
                raise BackendError(f"cannot open the RDF store at {self.path}: {e}") from e
        return self._ox

    @property
    def dataset(self) -> Any:
        """An rdflib ``Dataset`` view of the store (for rdflib tools: pySHACL, parsers)."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        from chainkg.graph.rdf import bind_prefixes

        ds = Dataset(store=OxigraphStore(store=self.oxigraph))
        bind_prefixes(ds)
        return ds

    def close(self) -> None:
        if self._ox is not None:
            if not self.read_only:
                self._ox.flush()
            self._ox = None

    def __enter__(self) -> RdfStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(self, facts: Facts, progress: Progress | None = None,
             rels: Callable[[], dict[str, list[Any]]] | None = None) -> None:
        """Add the facts' quads, their union in the default graph, and the vocabulary.
        Re-adding a quad is a no-op in RDF, so reloading the same facts changes nothing.

        An empty on-disk store (a fresh build) takes Oxigraph's bulk loader, fed N-Quads
        text made straight from the facts (:func:`chainkg.graph.rdf.iter_nquads`); a store
        with data takes transactional inserts of the same quads. ``rels`` gives the
        relationship rows of ``facts`` (:func:`chainkg.graph.rows.rel_rows`) when the
        caller shares them with another writer.
        """
        from chainkg.graph.rdf import iter_nquads, iter_quads, vocabulary_quads

        # The total only sizes the progress bar (~8 quads a record).
        estimate = sum(facts.counts().values()) * 8
        if self.path is not None and len(self.oxigraph) == 0:
            self._bulk_load_nquads(iter_nquads(facts, rels), progress, estimate)
            self.add_quads(vocabulary_quads())  # small; the store is no longer empty
            return
        # Streamed, not listed: at 100k enterprises the rdflib terms of every quad at once
        # would take gigabytes.
        quads = itertools.chain(iter_quads(facts), vocabulary_quads())
        self.add_quads(quads, progress, total=estimate)

    def _bulk_load_nquads(self, lines: Iterable[str], progress: Progress | None,
                          total: int) -> None:
        """Bulk-load N-Quads text, given in pieces of whole lines: no transaction, several
        times faster than inserting terms (a failed build discards the whole generation
        anyway).

        The text goes through temporary files of about :data:`BULK_CHUNK` lines beside the
        store, each loaded by its own ``bulk_load`` call in a second thread while the next
        file is written: the loader runs without the GIL, so making text and loading it
        overlap; and the loader's memory grows with what one call loads (1.4 GB for 1.2M
        quads in one call, 0.35 GB in chunks of 300k, measured at the same speed).
        """
        import shutil
        import tempfile
        import threading

        from pyoxigraph import RdfFormat

        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="chainkg-nq-", dir=self.path.parent))
        store = self.oxigraph
        errors: list[BaseException] = []
        loader: threading.Thread | None = None

        def load(path: Path) -> None:
            try:
                store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
            except BaseException as e:  # re-raised by the writing thread
                errors.append(e)
            finally:
                path.unlink(missing_ok=True)

        def wait() -> None:
            if loader is not None:
                loader.join()
            if errors:
                e = errors[0]
                if isinstance(e, (SyntaxError, ValueError)):
                    raise BackendError(f"Oxigraph bulk load failed: {e}") from e
                raise e

        try:
            done = 0
            it = iter(lines)
            for n in itertools.count():
                chunk: list[str] = []
                size = 0
                for piece in it:
                    chunk.append(piece)
                    size += piece.count("\n")
                    if size >= BULK_CHUNK:
                        break
                if not chunk:
                    break
                path = folder / f"{n}.nq"
                with open(path, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write("".join(chunk))
                done += size // 2  # about half the lines are the default graph's
                del chunk
                wait()
                loader = threading.Thread(target=load, args=(path,), daemon=True)
                loader.start()
                if progress:
                    progress("triples", done, max(total, done))
            wait()
        finally:
            if loader is not None:
                loader.join()
            shutil.rmtree(folder, ignore_errors=True)

    def add_quads(self, quads: Iterable[Any], progress: Progress | None = None,
                  total: int | None = None) -> None:
        """Add rdflib ``(s, p, o, graph)`` quads, each also to the default graph (the union).

        ``total`` (for progress) defaults to ``len(quads)`` when ``quads`` is a list.
        """
        from oxrdflib._converter import to_ox
        from pyoxigraph import DefaultGraph, Quad
        from rdflib import Literal

        store = self.oxigraph
        if total is None:
            total = len(quads) if isinstance(quads, list) else 0
        batch = 50_000
        # An empty on-disk store takes the bulk loader (no transaction, several times
        # faster than extend(); a failed build discards the whole generation anyway).
        fresh = self.path is not None and len(store) == 0
        default = DefaultGraph()
        # IRIs repeat (subjects, predicates, graphs): convert each once. Literals are
        # mostly unique, so caching them would only cost memory.
        cache: dict[Any, Any] = {}

        def ox(term: Any) -> Any:
            if isinstance(term, Literal):
                return to_ox(term)
            have = cache.get(term)
            if have is None:
                if len(cache) > 200_000:  # bounded: memory, not speed, is short at scale
                    cache.clear()
                have = cache[term] = to_ox(term)
            return have

        def batches() -> Iterator[list[Any]]:
            done = 0
            it = iter(quads)
            while True:
                out = []
                for s, p, o, g in itertools.islice(it, batch):
                    s, p, o = ox(s), ox(p), ox(o)
                    out.append(Quad(s, p, o, ox(g)))
                    out.append(Quad(s, p, o, default))
                if not out:
                    return
                yield out
                done += len(out) // 2
                if progress:
                    progress("triples", done, max(total or 0, done))

        if fresh:  # one bulk load: each call of bulk_extend writes and ingests new files
            store.bulk_extend(q for out in batches() for q in out)
        else:
            for out in batches():
                store.extend(out)

    def query(self, text: str, params: Mapping[str, Any] | None = None) -> Rows:
        from pyoxigraph import QueryBoolean, QuerySolutions

        from chainkg.graph.sparql_params import bind_values

        try:
            result = self.oxigraph.query(bind_values(text, params or {}), prefixes=_prefixes())
        except (SyntaxError, ValueError, OSError) as e:
            raise QueryError(f"SPARQL query failed: {e}") from e
        if isinstance(result, QueryBoolean):
            return Rows(["ask"], [(bool(result),)])
        if not isinstance(result, QuerySolutions):
            raise QueryError("only SELECT and ASK queries return rows; use export for graphs")
        rows = Rows([v.value for v in result.variables])
        # a solution iterates its values in the order of the variables (None if unbound);
        # one converter with its imports resolved once: at 10k rows the per-cell lookups
        # by name and the import in each call were most of the time after the query
        convert = _converter()
        rows.rows = [tuple(map(convert, solution)) for solution in result]
        return rows

    def counts(self) -> dict[str, int]:
        """Instances per class and relationship triples per property, by PG name."""
        return rdf_counts(self.query)

    def quad_count(self) -> int:
        return len(self.oxigraph)

    def serialize(self, fmt: str, destination: Any = None,
                  vocabulary: bool = False) -> str | None:
        """Serialize as ``ttl``, ``nt``, ``jsonld`` (with a context), ``trig`` or ``nq``.

        Triple formats get the union of the document graphs (each triple once); quad formats
        keep one named graph per source document; the vocabulary graph only with
        ``vocabulary``. Oxigraph's own writers stream the quads straight from the store
        (rdflib's serializers managed ~20k triples a second). Terms come out as stored:
        decimals in Oxigraph's canonical form, ``"300000000"^^xsd:decimal``, which the
        Turtle writer spells out rather than abbreviating to another term; strings as
        simple literals.

        ``destination``: ``None`` returns the text; a path is written through
        ``<path>.part`` and a rename, so a failed export never leaves a half-written file;
        a binary or text file object is written to.

        >>> from chainkg.graph.model import Facts, Park
        >>> f = Facts(); _ = f.add(Park(key="p", name="株洲高新区", sources=[]))
        >>> with RdfStore() as store:
        ...     store.load(f)
        ...     text = store.serialize("ttl")
        >>> "@prefix ckg: <https://w3id.org/chainkg/ontology#>" in text, '"株洲高新区"@zh' in text
        (True, True)
        """
        import io
        import os

        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if destination is None:
            buffer = io.BytesIO()
            self._write(fmt, buffer, vocabulary)
            return buffer.getvalue().decode("utf-8")
        if isinstance(destination, (str, os.PathLike)):
            from chainkg.files import atomic_path

            try:
                with atomic_path(destination) as part:
                    self._write(fmt, str(part), vocabulary)
            except OSError as e:
                raise BackendError(f"cannot export to {destination}: {e}") from e
            return None
        if isinstance(destination, io.TextIOBase):
            destination = _TextSink(destination)
        self._write(fmt, destination, vocabulary)
        return None

    def _write(self, fmt: str, out: Any, vocabulary: bool) -> None:
        """Write the ``fmt`` serialization to ``out``, a file path or a binary file."""
        from pyoxigraph import DefaultGraph, RdfFormat, serialize

        from chainkg.ontology.mapping import PREFIXES

        store = self.oxigraph
        kind = RdfFormat.from_media_type(FORMATS[fmt][1])
        prefixes = dict(PREFIXES)
        if fmt in ("trig", "nq"):
            serialize(self._document_quads(vocabulary), out, kind, prefixes=prefixes)
            return
        if fmt == "jsonld":
            if isinstance(out, str):
                with open(out, "wb") as fh:
                    self._write(fmt, fh, vocabulary)
                return
            out = _JsonLdCompactor(out, prefixes)
        # The default graph is the union of the named graphs, each triple once (see the
        # class docstring): it is the triple formats' graph, less what only the vocabulary
        # holds.
        hidden = set() if vocabulary else self._vocabulary_only()
        if hidden:
            serialize((q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())
                       if q not in hidden), out, kind, prefixes=prefixes)
        else:
            store.dump(out, kind, from_graph=DefaultGraph(), prefixes=prefixes)
        if isinstance(out, _JsonLdCompactor):
            out.close()

    def _document_quads(self, vocabulary: bool) -> Iterator[Any]:
        """The quads of every named graph (by name; the vocabulary's only with
        ``vocabulary``), one graph after another as TriG groups them."""
        from pyoxigraph import NamedNode

        from chainkg.graph.rdf import VOCABULARY_GRAPH

        store = self.oxigraph
        skip = None if vocabulary else NamedNode(str(VOCABULARY_GRAPH))
        for graph in sorted(store.named_graphs(), key=str):
            if graph != skip:
                yield from store.quads_for_pattern(None, None, None, graph)

    def _vocabulary_only(self) -> set[Any]:
        """The default graph's quads that only the vocabulary graph holds (its few hundred
        triples, less any a document states too)."""
        from pyoxigraph import DefaultGraph, NamedNode, Quad

        from chainkg.graph.rdf import VOCABULARY_GRAPH

        store = self.oxigraph
        vocab = NamedNode(str(VOCABULARY_GRAPH))
        default = DefaultGraph()
        out = set()
        for q in store.quads_for_pattern(None, None, None, vocab):
            graphs = {h.graph_name for h in store.quads_for_pattern(q.subject, q.predicate,
                                                                     q.object, None)}
            if graphs <= {vocab, default}:
                out.add(Quad(q.subject, q.predicate, q.object, default))
        return out


class _TextSink:
    """A binary file over a text one, for Oxigraph's writers."""

    def __init__(self, text: Any) -> None:
        import codecs

        self.text = text
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes) -> int:
        self.text.write(self.decoder.decode(bytes(data)))
        return len(data)

    def flush(self) -> None:
        self.text.flush()


class _JsonLdCompactor:
    """A binary file taking Oxigraph's JSON-LD (expanded: full IRIs, no context) and
    writing it to ``out`` with ``prefixes`` as its context, IRIs under them as CURIEs and
    ``rdf:type`` as ``@type``, the compaction rdflib's ``auto_compact`` gave. It rewrites
    text, streaming: Oxigraph writes ``[{"@id": ..}, ..]`` with no whitespace, and a
    ``"`` that is not escaped is always JSON syntax, never inside a string.
    """

    # Where a top-level node object starts (`]` ends the previous one's last property): a
    # place to cut the stream that no pattern below spans.
    CUT = b']},{"@id":'

    def __init__(self, out: Any, prefixes: Mapping[str, str]) -> None:
        import json
        import re

        self.out = out
        self.pending = b""
        self.started = False
        self.context = json.dumps({"@context": dict(prefixes)}, separators=(",", ":"))[:-1]
        names = {ns.encode(): p.encode() for p, ns in prefixes.items()}
        self.names = names
        # A string opening with a namespace: an IRI (key, @id or @type), unless it is a
        # literal's @value or the quote is escaped; "//" after a prefix would not read as
        # a CURIE.
        alternatives = b"|".join(re.escape(ns) for ns in sorted(names, key=len, reverse=True))
        self.iri = re.compile(rb'(?<!\\)(?<!"@value":)"(' + alternatives + rb")(?!//)")
        rdf_type = re.escape(b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#type":[')
        ref = rb'\{"@id":"(?!_:)[^"\\]*"\}'  # a blank node stays an rdf:type object
        self.types = re.compile(rdf_type + rb"(" + ref + rb"(?:," + ref + rb")*)\]")
        self.ref = re.compile(rb'\{"@id":("[^"\\]*")\}')

    def write(self, data: bytes) -> int:
        start = max(0, len(self.pending) - len(self.CUT))
        self.pending += bytes(data)
        cut = self.pending.rfind(self.CUT, start)
        if cut >= 0:
            cut += 3  # keep "]}," with the text before
            self._emit(self.pending[:cut])
            self.pending = self.pending[cut:]
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._emit(self.pending)
        self.pending = b""
        if not self.started:  # nothing written at all: an empty graph
            self._emit(b"[]")
        self.out.write(b"}")

    def _emit(self, text: bytes) -> None:
        if not text:
            return
        if not self.started:
            if not text.startswith(b"["):
                raise BackendError("unexpected JSON-LD from Oxigraph: not a list of nodes")
            self.out.write(self.context.encode() + b',"@graph":')
            self.started = True
        text = self.types.sub(lambda m: b'"@type":[' + self.ref.sub(rb"\1", m[1]) + b"]", text)
        text = self.iri.sub(lambda m: b'"' + self.names[m[1]] + b":", text)
        self.out.write(text)


def rdf_counts(query: Any) -> dict[str, int]:
    """Instances per class and triples per relationship property, keyed by PG names, using
    ``query(text, params)`` of any SPARQL store."""
    from chainkg.ontology.mapping import NODES, RELS, expand

    out = {}
    q = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?cls }"
    for spec in NODES:
        out[spec.label] = query(q, {"cls": _iri(expand(spec.cls))}).rows[0][0]
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    qq = "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a ?cls }"
    for r in RELS:
        if r.qualifier:
            # One qualifier node per PG edge: a park's two stances toward one chain (有链强链
            # and 补链) are two edges but a single direct ckg:hasChain triple.
            out[r.type] = query(qq, {"cls": _iri(expand(r.qualifier))}).rows[0][0]
        else:
            out[r.type] = query(q, {"p": _iri(expand(r.term))}).rows[0][0]
    return out


def _prefixes() -> dict[str, str]:
    from chainkg.ontology.mapping import PREFIXES

    return dict(PREFIXES)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


def ox_to_python(term: Any) -> Any:
    """A pyoxigraph term -> a plain value (see :func:`to_python`).

    >>> from pyoxigraph import Literal, NamedNode
    >>> [ox_to_python(t) for t in (None, NamedNode("https://x.org/a"), Literal("株洲"),
    ...                            Literal("3", datatype=NamedNode(_XSD + "integer")),
    ...                            Literal("1.5", datatype=NamedNode(_XSD + "decimal")),
    ...                            Literal("true", datatype=NamedNode(_XSD + "boolean")))]
    [None, 'https://x.org/a', '株洲', 3, 1.5, True]
    """
    return _converter()(term)


def _converter() -> Callable[[Any], Any]:
    from pyoxigraph import Literal

    numeric = _NUMERIC
    boolean = _XSD + "boolean"

    def convert(term: Any) -> Any:
        if term is None:
            return None
        if type(term) is Literal:
            dtype = term.datatype.value
            kind = numeric.get(dtype)
            if kind is not None:
                return kind(term.value)
            if dtype == boolean:
                return term.value in ("true", "1")
        return term.value

    return convert


def _iri(value: str) -> Any:
    from rdflib import URIRef

    return URIRef(value)
