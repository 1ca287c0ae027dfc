"""The test-server lifecycle (tests/servers.py): a server never outlives its owner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import servers

SLEEP = "/bin/sleep"


def _gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # a zombie (exited, not yet reaped by init) counts as gone
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z":
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux-only")
def test_server_dies_with_a_killed_owner(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(Path(servers.__file__).parent)!r})
        from pathlib import Path
        import servers
        with servers.managed_process("sleeper", [{SLEEP!r}, "60"], Path({str(tmp_path)!r}) / "log",
                                     Path({str(tmp_path)!r})) as proc:
            print(proc.pid, flush=True)
            time.sleep(60)
    """)
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    child = int(owner.stdout.readline())
    assert not _gone(child, within=0.2)
    owner.send_signal(signal.SIGKILL)  # no finally runs: only PR_SET_PDEATHSIG can act
    owner.wait()
    assert _gone(child)
    # its pidfile is left behind, and the next start clears it
    servers.reap_stale()
    assert not list(servers.PIDDIR.glob(f"sleeper-{child}.json"))


def test_stale_server_of_a_dead_owner_is_killed(tmp_path: Path) -> None:
    stray = subprocess.Popen([SLEEP, "60"], start_new_session=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    servers.PIDDIR.mkdir(parents=True, exist_ok=True)
    pidfile = servers.PIDDIR / f"test-{stray.pid}.json"
    pidfile.write_text(json.dumps({"pid": stray.pid, "owner": dead.pid, "exe": SLEEP}))
    try:
        assert stray.pid in servers.reap_stale()
        assert stray.wait(5) == -signal.SIGKILL
        assert not pidfile.exists()
    finally:
        if stray.poll() is None:
            stray.kill()
            stray.wait()


def test_server_of_a_live_owner_is_left_alone() -> None:
    mine = subprocess.Popen([SLEEP, "60"], start_new_session=True)
    servers.PIDDIR.mkdir(parents=True, exist_ok=True)
    pidfile = servers.PIDDIR / f"test-{mine.pid}.json"
    pidfile.write_text(json.dumps({"pid": mine.pid, "owner": os.getpid(), "exe": SLEEP}))
    try:
        assert mine.pid not in servers.reap_stale()
        assert mine.poll() is None and pidfile.exists()
    finally:
        pidfile.unlink(missing_ok=True)
        mine.kill()
        mine.wait()


def test_free_ports_fit_bolt() -> None:
    ports = {servers.free_port() for _ in range(20)}
    assert all(20000 <= p <= 32767 for p in ports)
