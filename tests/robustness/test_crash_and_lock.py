"""A build killed with SIGKILL half-way leaves the previous graph live and loadable, and the
next build clears its debris; concurrent builds are refused with a clear message, and a
lock left by a dead build is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from support import FIXTURE_DIR

from chainkg.cli import main
from chainkg.graph.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO / "benchmarks"

# A child process building a synthetic graph big enough to take seconds.
BUILD = f"""
import sys
sys.path.insert(0, {str(BENCHMARKS)!r})
from generate import synthetic_facts
from chainkg.graph.workspace import Workspace
Workspace(sys.argv[1]).build(synthetic_facts(int(sys.argv[2])))
"""
# A child process that takes the build lock and holds it until killed.
HOLD = """
import sys, time
from chainkg.graph.workspace import Workspace
with Workspace(sys.argv[1]).lock():
    print("locked", flush=True)
    time.sleep(120)
"""


def _build_fixture(ws: Path) -> CliRunner:
    runner = CliRunner()
    result = runner.invoke(main, ["-w", str(ws), "build", "--no-templates", str(FIXTURE_DIR)])
    assert result.exit_code == 0, result.output
    return runner


def _counts(ws: Workspace) -> tuple[int, int, int]:
    with ws.property_graph() as pg:
        parks = pg.query("MATCH (p:Park) RETURN count(p)").rows[0][0]
        projects = pg.query("MATCH (j:Project) RETURN count(j)").rows[0][0]
    with ws.rdf() as rdf:
        quads = rdf.quad_count()
    return parks, projects, quads


def _wait_for(cond: object, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():  # type: ignore[operator]
            return
        assert proc.poll() is None, f"child exited early: {proc.returncode}"
        time.sleep(0.02)
    raise AssertionError("timed out waiting for the child")


def test_sigkill_mid_build_keeps_the_previous_graph(tmp_path: Path) -> None:
    ws_dir = tmp_path / "ws"
    _build_fixture(ws_dir)
    ws = Workspace(ws_dir)
    live = ws.current()
    before = _counts(ws)

    child = subprocess.Popen([sys.executable, "-c", BUILD, str(ws_dir), "20000"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # mid-way: the new generation exists and its property graph is being written
        def started() -> bool:
            return any(g != live and any(g.iterdir()) for g in ws_dir.glob("gen-*"))

        _wait_for(started, child)
        time.sleep(0.3)
        assert child.poll() is None, "the build finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL

    # the killed build left debris: its generation and its lock
    debris = [g for g in ws_dir.glob("gen-*") if g != live]
    assert debris
    assert (ws_dir / "build.lock").read_text().strip() == str(child.pid)
    # ... but the live graph is the old one, whole, on both engines
    assert ws.current() == live
    assert _counts(ws) == before
    assert ws.manifest()["counts"]["Park"] == before[0]
    assert len(ws.facts().parks) == before[0]

    # the next build takes over the stale lock and clears the debris
    _build_fixture(ws_dir)
    assert [g.name for g in ws_dir.glob("gen-*")] == [ws.current().name]
    assert not (ws_dir / "build.lock").exists()
    assert _counts(ws) == before


def test_concurrent_build_is_refused_then_stale_lock_taken_over(tmp_path: Path) -> None:
    ws_dir = tmp_path / "ws"
    _build_fixture(ws_dir)
    live = Workspace(ws_dir).current()

    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(ws_dir)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"locked"
        result = CliRunner().invoke(
            main, ["-w", str(ws_dir), "build", "--no-templates", str(FIXTURE_DIR)])
        assert result.exit_code == 1
        assert f"locked by another build (pid {holder.pid})" in result.output
        assert len(result.output.strip().splitlines()) == 1  # one line, no traceback
        assert Workspace(ws_dir).current() == live  # nothing was touched
    finally:
        holder.kill()  # SIGKILL: the lock file stays behind, naming a dead pid
        holder.wait()
    assert (ws_dir / "build.lock").read_text().strip() == str(holder.pid)

    _build_fixture(ws_dir)  # the stale lock is taken over
    assert not (ws_dir / "build.lock").exists()
    assert [g.name for g in ws_dir.glob("gen-*")] == [Workspace(ws_dir).current().name]


def test_two_builds_at_once_one_wins_the_other_is_told(tmp_path: Path) -> None:
    ws_dir = tmp_path / "ws"
    _build_fixture(ws_dir)
    live = Workspace(ws_dir).current()
    child = subprocess.Popen([sys.executable, "-c", BUILD, str(ws_dir), "20000"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: (ws_dir / "build.lock").exists()
                  and (ws_dir / "build.lock").read_text().strip() == str(child.pid), child)
        result = CliRunner().invoke(
            main, ["-w", str(ws_dir), "build", "--no-templates", str(FIXTURE_DIR)])
        assert result.exit_code == 1
        assert f"locked by another build (pid {child.pid})" in result.output
        assert child.wait(timeout=600) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    ws = Workspace(ws_dir)
    assert ws.current() != live  # the build that held the lock finished and went live
    assert len(ws.facts().enterprises) == 20000
    assert [g.name for g in ws_dir.glob("gen-*")] == [ws.current().name]
