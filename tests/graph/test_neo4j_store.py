"""The Neo4j backend: schema text, settings, and loads against a real Bolt server
(FalkorDB standing in for Neo4j, see tests/servers.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from chainkg.errors import BackendError, QueryError
from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Facts
from chainkg.graph.neo4j_store import Neo4jStore, schema_statements
from chainkg.ontology.mapping import NODES, RELS


# -- schema: Neo4j-only DDL, tested by its text (FalkorDB cannot create constraints) -------
def test_schema_has_a_key_constraint_per_label() -> None:
    stmts = schema_statements()
    for spec in NODES:
        wanted = [s for s in stmts if f"FOR (n:{spec.label}) REQUIRE n.key IS UNIQUE" in s]
        assert len(wanted) == 1, spec.label
        assert re.fullmatch(r"CREATE CONSTRAINT [a-z_]+_key IF NOT EXISTS FOR \(n:\w+\) "
                            r"REQUIRE n\.key IS UNIQUE", wanted[0])
        assert f"CREATE INDEX {wanted[0].split()[2][:-4]}_name IF NOT EXISTS FOR " \
               f"(n:{spec.label}) ON (n.name)" in stmts


def test_schema_indexes_rid_of_qualified_relationships_only() -> None:
    rid_types = {r.type for r in RELS if any(p.name == "rid" for p in r.props)}
    assert rid_types, "the mapping has qualified relationships"
    indexed = {m[1] for s in schema_statements()
               if (m := re.search(r"FOR \(\)-\[r:(\w+)\]-\(\) ON \(r\.rid\)", s))}
    assert indexed == rid_types


def test_schema_statements_are_rerunnable_and_uniquely_named() -> None:
    stmts = schema_statements()
    assert all(" IF NOT EXISTS " in s for s in stmts)
    names = [s.split()[2] for s in stmts]
    assert len(names) == len(set(names))
    assert stmts[0] == ("CREATE CONSTRAINT source_document_key IF NOT EXISTS "
                        "FOR (n:SourceDocument) REQUIRE n.key IS UNIQUE")


# -- settings: no I/O in the constructor ---------------------------------------------------
def test_settings_come_from_neo4j_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://abc.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_USERNAME", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    monkeypatch.setenv("NEO4J_DATABASE", "parks")
    store = Neo4jStore()  # nothing listens there: the constructor must not connect
    assert (store.uri, store.user, store.password, store.database) == (
        "neo4j+s://abc.databases.neo4j.io", "reader", "pw", "parks")
    explicit = Neo4jStore(uri="bolt://h:7687", user="u", password="p", database="d")
    assert (explicit.uri, explicit.user, explicit.database) == ("bolt://h:7687", "u", "d")


def test_no_user_means_no_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    store = Neo4jStore()
    assert (store.uri, store.user, store.database) == ("bolt://localhost:7687", None, None)


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", "redis://x:6379"])
def test_bad_uri_is_refused(uri: str) -> None:
    with pytest.raises(BackendError, match=r"bad Neo4j URI .*bolt://, .*neo4j\+s://"):
        Neo4jStore(uri=uri)


def test_closed_port_is_a_backend_error_naming_the_uri() -> None:
    from servers import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    with Neo4jStore(uri=uri, timeout=2) as store, \
            pytest.raises(BackendError, match=rf"cannot reach Neo4j at {re.escape(uri)}"):
        store.counts()


# -- against FalkorDB over Bolt ------------------------------------------------------------
@pytest.fixture(scope="module")
def fixture_counts(fixture_facts: Facts) -> dict[str, int]:
    """The embedded graph's counts (test_stores.py pins them to hand-counted numbers)."""
    with LadybugStore() as embedded:
        embedded.load(fixture_facts)
        counts = embedded.counts()
    assert sum(counts.values()) > 50
    return counts


@pytest.mark.bolt
def test_load_gives_exact_counts_and_reload_changes_nothing(
        scratch_neo4j: Neo4jStore, fixture_facts: Facts, fixture_counts: dict[str, int]) -> None:
    scratch_neo4j.load(fixture_facts)
    assert scratch_neo4j.counts() == fixture_counts
    scratch_neo4j.load(fixture_facts)
    assert scratch_neo4j.counts() == fixture_counts


class Interrupted(Exception):
    pass


@pytest.mark.bolt
def test_interrupted_push_completes_on_rerun(scratch_neo4j: Neo4jStore, fixture_facts: Facts,
                                             fixture_counts: dict[str, int]) -> None:
    scratch_neo4j.batch_size = 2
    seen: list[int] = []

    def stop_half_way(what: str, done: int, total: int) -> None:
        seen.append(done)
        if done >= total // 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        scratch_neo4j.load(fixture_facts, progress=stop_half_way)
    partial = scratch_neo4j.counts()
    assert 0 < sum(partial.values()) < sum(fixture_counts.values())
    scratch_neo4j.load(fixture_facts)
    assert scratch_neo4j.counts() == fixture_counts


@pytest.mark.bolt
def test_transient_errors_are_retried(scratch_neo4j: Neo4jStore, fixture_facts: Facts,
                                      fixture_counts: dict[str, int],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from neo4j.exceptions import ServiceUnavailable, TransientError

    real = Neo4jStore._run
    calls = {"n": 0}
    faults = [TransientError("deadlock"), ServiceUnavailable("leader switch")]

    def flaky(self: Neo4jStore, session: Any, text: str, params: Any) -> None:
        calls["n"] += 1
        if calls["n"] % 3 == 1 and faults:  # fail before the statement reaches the server
            raise faults.pop(0)
        real(self, session, text, params)

    monkeypatch.setattr(Neo4jStore, "_run", flaky)
    scratch_neo4j.load(fixture_facts)
    assert not faults
    assert scratch_neo4j.counts() == fixture_counts


@pytest.mark.bolt
def test_persistent_transient_errors_give_up_with_a_backend_error(
        scratch_neo4j: Neo4jStore, fixture_facts: Facts,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from neo4j.exceptions import TransientError

    def always(self: Neo4jStore, session: Any, text: str, params: Any) -> None:
        raise TransientError("lock timeout")

    monkeypatch.setattr(Neo4jStore, "_run", always)
    scratch_neo4j.retries = 3
    with pytest.raises(BackendError, match=r"kept failing after 3 attempts"):
        scratch_neo4j.load(fixture_facts)


@pytest.mark.bolt
def test_bad_cypher_is_a_query_error(scratch_neo4j: Neo4jStore) -> None:
    with pytest.raises(QueryError, match=r"Cypher query failed on Neo4j at bolt://127\.0\.0\.1"):
        scratch_neo4j.query("MATCH (n RETURN n")
    assert scratch_neo4j.query("RETURN 1 AS one").rows == [(1,)]  # the session survives


@pytest.mark.bolt
def test_schema_on_a_server_without_constraints_says_what_to_do(
        scratch_neo4j: Neo4jStore) -> None:
    # FalkorDB cannot create constraints over Bolt: the error must point at --no-schema
    with pytest.raises(BackendError, match=r"--no-schema"):
        scratch_neo4j.ensure_schema()


@pytest.mark.bolt
def test_query_rows_are_plain_values(scratch_neo4j: Neo4jStore, fixture_facts: Facts) -> None:
    scratch_neo4j.load(fixture_facts)
    rows = scratch_neo4j.query(
        "MATCH (p:Park {key: $k}) RETURN p.name AS name, p.aliases AS aliases",
        {"k": "fx-park-a"})
    assert rows.columns == ["name", "aliases"]
    assert rows.rows == [("甲市高新区", ["甲市高新技术产业开发区"])]
