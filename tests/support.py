"""Test helpers importable from any test module (`tests/` is on pytest's pythonpath)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
FIXTURE_DIR = DATA / "fixture"
#: The five source articles, beside the repository in ../shared/seeds (CI has them).
SEEDS_DIR = HERE.parent.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip locally when a real component is missing, but fail in CI, where every real
    component (ladybug, FalkorDB, oxigraph serve, chromium) must be installed."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def rounded(rows: list[tuple]) -> list[tuple]:
    """Rows with floats rounded to cents, for comparing engines (float vs decimal sums)."""
    return [tuple(round(v, 2) if isinstance(v, float) else v for v in r) for r in rows]
