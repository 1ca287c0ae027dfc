"""Shared fixtures: the fixture graph, the seed graph, built workspaces."""

from __future__ import annotations

import pytest
from servers import bolt_servers, scratch_neo4j, sparql_server  # noqa: F401  (real servers)
from support import FIXTURE_DIR

from chainkg.graph.model import Facts
from chainkg.graph.workspace import Workspace
from chainkg.loaders import SEED_DIR
from chainkg.loaders.tables import load_tables


@pytest.fixture(scope="session")
def fixture_facts() -> Facts:
    return load_tables([FIXTURE_DIR])


@pytest.fixture(scope="session")
def seed_facts() -> Facts:
    return load_tables([SEED_DIR])


@pytest.fixture(scope="session")
def fixture_ws(tmp_path_factory: pytest.TempPathFactory, fixture_facts: Facts) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("fixture-ws"))
    ws.build(fixture_facts)
    return ws


@pytest.fixture(scope="session")
def seed_ws(tmp_path_factory: pytest.TempPathFactory, seed_facts: Facts) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("seed-ws"))
    ws.build(seed_facts)
    return ws
