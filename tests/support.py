"""Test helpers importable from any test module (`tests/` is on pytest's pythonpath)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


BENCHMARKS = HERE.parent / "benchmarks"


def synthetic_facts(size: int, seed: int) -> Any:
    """``benchmarks/generate.py``'s synthetic graph (the benchmarks are scripts, not a
    package: their folder goes on sys.path only for the import)."""
    import sys

    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import synthetic_facts as make
    finally:
        sys.path.remove(str(BENCHMARKS))
    return make(size, seed)


@contextmanager
def embedded_stores(facts: Any) -> Iterator[tuple[Any, Any]]:
    """``facts`` loaded into an in-memory ladybug store and an in-memory RDF store."""
    from chainkg.graph.ladybug_store import LadybugStore
    from chainkg.graph.rdf_store import RdfStore

    with LadybugStore() as ladybug, RdfStore() as rdf:
        ladybug.load(facts)
        rdf.load(facts)
        yield ladybug, rdf
