"""The workspace: one folder holding the embedded stores and the build manifest.

Layout::

    chainkg-data/
      CURRENT            name of the live generation (replaced atomically)
      build.lock         held while a build runs
      gen-<id>/
        graph.lbug       ladybug property graph
        rdf/             Oxigraph RDF store
        facts.json       the canonical facts the generation was built from
        manifest.json    counts, sources, chainkg version, time
        docs/<key>.txt   cleaned text of each ingested article (evidence offsets index it)

A build writes a new generation and only then points ``CURRENT`` at it, so a failed or
killed build leaves the previous graph intact and loadable. Builds are serialised by
``build.lock``; a lock left by a dead process is detected and taken over.

Examples
--------
>>> import tempfile
>>> ws = Workspace(tempfile.mkdtemp())
>>> ws.exists()
False
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from chainkg import __version__
from chainkg.errors import WorkspaceError
from chainkg.graph.model import Facts
from chainkg.graph.store import Progress

ENV_VAR = "CHAINKG_WORKSPACE"
DEFAULT = "chainkg-data"


def default_path() -> Path:
    """``$CHAINKG_WORKSPACE`` or ``./chainkg-data``."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Workspace:
    """A workspace folder (not created until the first build)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    # -- generations --------------------------------------------------------------------
    @property
    def _current_file(self) -> Path:
        return self.path / "CURRENT"

    def exists(self) -> bool:
        return self._current_file.exists()

    def current(self) -> Path:
        """The live generation folder; WorkspaceError if there is none yet."""
        try:
            name = self._current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise WorkspaceError(
                f"no graph in workspace {self.path}; run `chainkg build` first") from None
        gen = self.path / name
        if not gen.is_dir():
            raise WorkspaceError(f"workspace {self.path} is damaged: {name} is missing; "
                                 "run `chainkg build` to rebuild it")
        return gen

    def manifest(self) -> dict[str, Any]:
        return json.loads((self.current() / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    def facts(self) -> Facts:
        """The facts the live graph was built from."""
        data = json.loads((self.current() / "facts.json").read_text(encoding="utf-8"))
        return Facts.from_json(data)

    # -- stores -------------------------------------------------------------------------
    def property_graph(self, read_only: bool = True) -> Any:
        from chainkg.graph.ladybug_store import LadybugStore

        return LadybugStore(self.current() / "graph.lbug", read_only=read_only)

    def rdf(self, read_only: bool = True) -> Any:
        from chainkg.graph.rdf_store import RdfStore

        return RdfStore(self.current() / "rdf", read_only=read_only)

    def store(self, language: str) -> Any:
        """The embedded store answering ``cypher`` or ``sparql``."""
        if language == "cypher":
            return self.property_graph()
        if language == "sparql":
            return self.rdf()
        raise WorkspaceError(f"unknown query language {language!r}; use cypher or sparql")

    # -- building -----------------------------------------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold ``build.lock``; a lock whose process is gone is taken over."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = self.path / "build.lock"
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                try:
                    pid = int(lock.read_text().strip() or 0)
                except (OSError, ValueError):
                    pid = 0
                if _pid_alive(pid) and pid != os.getpid():
                    raise WorkspaceError(
                        f"workspace {self.path} is locked by another build (pid {pid}); "
                        "wait for it to finish") from None
                lock.unlink(missing_ok=True)  # stale: its process is gone
                continue
            with os.fdopen(fd, "w") as fh:
                fh.write(str(os.getpid()))
            break
        else:  # pragma: no cover - lost a race twice
            raise WorkspaceError(f"could not lock workspace {self.path}")
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)

    def build(self, facts: Facts, progress: Progress | None = None,
              inputs: list[str] | None = None,
              documents: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Build ``facts`` into a new generation and make it live; return its manifest.

        The previous generation stays live until the new one is complete. ``documents``
        maps source keys to their cleaned text (stored under ``docs/``); texts the previous
        generation stored are kept for every source ``facts`` still has.
        """
        with self.lock():
            return self._build(facts, progress, inputs, documents)

    def ingest(self, facts: Facts, documents: Mapping[str, str],
               progress: Progress | None = None, inputs: list[str] | None = None,
               base: str | None = None,
               enrich: Callable[[Facts], Facts] | None = None) -> dict[str, Any]:
        """Merge ``facts`` into the live graph's facts and build a new generation.

        ``documents`` are the cleaned texts of the ingested articles. ``base`` is the name
        of the generation ``facts`` were resolved against (:meth:`generation`); if another
        build made a different one live meanwhile, nothing is stored and WorkspaceError
        asks to run again. ``enrich`` maps the merged facts to what is built (the CLI
        applies the chain templates, as ``build`` does). Works on an empty workspace too.
        """
        with self.lock():
            live = self.generation()
            if base is not None and live != base:
                raise WorkspaceError(f"workspace {self.path} changed during the ingest "
                                     "(another build finished); run the ingest again")
            merged = self.facts() if live else Facts()
            merged.update(facts)
            if enrich is not None:
                merged = enrich(merged)
            old_inputs = self.manifest().get("inputs", []) if live else []
            inputs = list(dict.fromkeys([*old_inputs, *(inputs or [])]))
            return self._build(merged, progress, inputs, documents)

    def generation(self) -> str | None:
        """Name of the live generation, or None before the first build."""
        try:
            return self._current_file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def document_text(self, key: str) -> str | None:
        """The cleaned text stored for source document ``key``, or None."""
        path = self.current() / "docs" / _doc_file(key)
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                return fh.read()
        except FileNotFoundError:
            return None

    def _build(self, facts: Facts, progress: Progress | None, inputs: list[str] | None,
               documents: Mapping[str, str] | None) -> dict[str, Any]:
        from chainkg.graph.ladybug_store import LadybugStore
        from chainkg.graph.rdf_store import RdfStore

        previous = self.generation()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        gen = self.path / f"gen-{stamp}-{uuid.uuid4().hex[:8]}"
        gen.mkdir()
        try:
            # The two stores load at once: Oxigraph's bulk loader and ladybug's COPY run in
            # native code without the GIL, so on two cores the build takes about as long
            # as the slower of the two instead of their sum.
            rdf_result: dict[str, Any] = {}
            report = _serialised(progress)
            rels = _shared_rel_rows(facts)

            def load_rdf() -> None:
                try:
                    with RdfStore(gen / "rdf") as rdf:
                        rdf.load(facts, progress=report, rels=rels)
                        rdf_result["quads"] = rdf.quad_count()
                except BaseException as e:  # re-raised in the building thread
                    rdf_result["error"] = e

            rdf_thread = threading.Thread(target=load_rdf, name="chainkg-rdf-load")
            # The loads make millions of rows, tuples and strings and free almost none:
            # the cyclic collector kept re-scanning them for no garbage (a third of the
            # Python time at 100k enterprises). It is back on once both loads are done.
            collecting = gc.isenabled()
            gc.disable()
            try:
                rdf_thread.start()
                try:
                    with LadybugStore(gen / "graph.lbug") as pg:
                        pg.load(facts, progress=report, rels=rels)
                        pg_counts = pg.counts()
                    # the RDF load takes longer: write the facts and documents meanwhile
                    _write_docs(gen / "docs", facts, documents or {},
                                self.path / previous / "docs" if previous else None)
                    # compact: indenting makes json use its pure-Python encoder, ~5x
                    # slower at 100k
                    _write_json(gen / "facts.json", facts.to_json(), indent=None)
                finally:
                    rdf_thread.join()
            finally:
                if collecting:
                    gc.enable()
            if "error" in rdf_result:
                raise rdf_result["error"]
            quads = rdf_result["quads"]
            manifest = {
                "chainkg": __version__,
                "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "inputs": inputs or [],
                "sources": sorted(facts.sources),
                "counts": pg_counts,
                "quads": quads,
            }
            _write_json(gen / "manifest.json", manifest)
            tmp = self.path / f"CURRENT.{os.getpid()}.tmp"
            tmp.write_text(gen.name, encoding="utf-8")
            _fsync(tmp)
            os.replace(tmp, self._current_file)
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        self._collect(keep=gen.name)
        return manifest

    def _collect(self, keep: str) -> None:
        """Remove generations other than ``keep`` (old ones, and any a crash left)."""
        for child in self.path.glob("gen-*"):
            if child.name != keep:
                shutil.rmtree(child, ignore_errors=True)


def _shared_rel_rows(facts: Facts) -> Callable[[], dict[str, Any]]:
    """``rel_rows(facts)``, made once by whichever loading thread asks first: both stores
    need the same rows, and making them twice cost seconds of the GIL at 100k."""
    from chainkg.graph.rows import rel_rows

    lock = threading.Lock()
    made: list[dict[str, Any]] = []

    def get() -> dict[str, Any]:
        with lock:
            if not made:
                made.append(rel_rows(facts))
            return made[0]

    return get


def _serialised(progress: Progress | None) -> Progress | None:
    """``progress`` callable from the two loading threads: one call at a time, and one bar
    ("records and triples") summing both stores, instead of two bars taking turns."""
    if progress is None:
        return None
    lock = threading.Lock()
    latest: dict[str, tuple[int, int]] = {}

    def report(what: str, done: int, total: int) -> None:
        with lock:
            # ladybug counts nodes then relationships against one total; Oxigraph triples
            latest["triples" if what == "triples" else "records"] = (done, total)
            progress("records and triples", sum(d for d, _ in latest.values()),
                     sum(t for _, t in latest.values()))

    return report


def _doc_file(key: str) -> str:
    """A file name for a document key (keys are ASCII slugs; anything else is escaped)."""
    return quote(key, safe="-._~") + ".txt"


def _write_docs(folder: Path, facts: Facts, documents: Mapping[str, str],
                previous: Path | None) -> None:
    """Store the new texts and carry over the previous generation's for kept sources."""
    for key in facts.sources:
        name = _doc_file(key)
        if key in documents:
            folder.mkdir(exist_ok=True)
            with open(folder / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(documents[key])
                fh.flush()
                os.fsync(fh.fileno())
        elif previous is not None and (previous / name).is_file():
            folder.mkdir(exist_ok=True)
            shutil.copyfile(previous / name, folder / name)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _write_json(path: Path, data: Any, indent: int | None = 1) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False))
        fh.flush()
        os.fsync(fh.fileno())
