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
import json
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

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
              inputs: list[str] | None = None) -> dict[str, Any]:
        """Build ``facts`` into a new generation and make it live; return its manifest.

        The previous generation stays live until the new one is complete.
        """
        from chainkg.graph.ladybug_store import LadybugStore
        from chainkg.graph.rdf_store import RdfStore

        with self.lock():
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
            gen = self.path / f"gen-{stamp}-{uuid.uuid4().hex[:8]}"
            gen.mkdir()
            try:
                with LadybugStore(gen / "graph.lbug") as pg:
                    pg.load(facts, progress=progress)
                    pg_counts = pg.counts()
                with RdfStore(gen / "rdf") as rdf:
                    rdf.load(facts, progress=progress)
                    quads = rdf.quad_count()
                manifest = {
                    "chainkg": __version__,
                    "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "inputs": inputs or [],
                    "sources": sorted(facts.sources),
                    "counts": pg_counts,
                    "quads": quads,
                }
                _write_json(gen / "facts.json", facts.to_json())
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


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _write_json(path: Path, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.flush()
        os.fsync(fh.fileno())
