"""The workspace: atomic builds, a failed build keeps the old graph, the build lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chainkg.errors import InputError, WorkspaceError
from chainkg.graph.model import Facts, Project
from chainkg.graph.workspace import Workspace


def _park_count(ws: Workspace) -> int:
    with ws.property_graph() as pg:
        return pg.query("MATCH (p:Park) RETURN count(p)").rows[0][0]  # type: ignore[no-any-return]


def test_build_then_rebuild_changes_nothing(tmp_path: Path, fixture_facts: Facts) -> None:
    ws = Workspace(tmp_path / "ws")
    first = ws.build(fixture_facts)
    second = ws.build(fixture_facts)
    assert first["counts"] == second["counts"]
    assert first["quads"] == second["quads"]
    assert len(list((tmp_path / "ws").glob("gen-*"))) == 1  # old generation collected


def test_failed_build_keeps_previous_graph(tmp_path: Path, fixture_facts: Facts) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.build(fixture_facts)
    live = ws.current()
    broken = Facts()
    broken.update(fixture_facts)
    broken.add(Project(key="bad", name="坏项目", park="no-such-park"))
    with pytest.raises(InputError, match="no-such-park"):
        ws.build(broken)
    assert ws.current() == live
    assert _park_count(ws) == 3
    assert [p.name for p in (tmp_path / "ws").glob("gen-*")] == [live.name]


def test_query_before_build_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="chainkg build"):
        Workspace(tmp_path / "empty").current()


def test_lock_held_by_a_live_process_refuses(tmp_path: Path, fixture_facts: Facts) -> None:
    ws = Workspace(tmp_path / "ws")
    (tmp_path / "ws").mkdir()
    # pid 1 is always alive and never ours
    (tmp_path / "ws" / "build.lock").write_text("1")
    with pytest.raises(WorkspaceError, match="locked by another build"):
        ws.build(fixture_facts)


def test_stale_lock_is_taken_over(tmp_path: Path, fixture_facts: Facts) -> None:
    ws = Workspace(tmp_path / "ws")
    (tmp_path / "ws").mkdir()
    # a pid that cannot exist: above the kernel's pid_max
    (tmp_path / "ws" / "build.lock").write_text(str(2**22 + 7))
    ws.build(fixture_facts)
    assert not (tmp_path / "ws" / "build.lock").exists()
    assert _park_count(ws) == 3


def test_env_var_names_the_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHAINKG_WORKSPACE", str(tmp_path / "x"))
    assert Workspace().path == tmp_path / "x"
    assert os.fspath(Workspace(tmp_path / "y").path) == str(tmp_path / "y")
