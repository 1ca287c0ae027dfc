"""Parameter values are data on every engine: quotes, braces, comment markers, newlines
and backslashes neither break a query nor change the graph."""

from __future__ import annotations

from typing import Any

import pytest
from support import rounded

from chainkg.queries.entities import lookups
from chainkg.queries.registry import all_queries, get

NASTY = [
    'x" } ; DROP ALL #',
    "' OR 1=1 //",
    "}) DETACH DELETE n //",
    "a'b\"c{d}e",
    "line one\nline two\r\n",
    "back\\slash\\\\ and \\u0022",
    "#\n} } INSERT DATA { <x:a> <x:b> <x:c> } #",
    "$park ?park",
    # a real name from the fixture graph that holds a double quote and braces
    '引号"与{括号}公司',
]
# FalkorDB 4.16's Bolt layer (the test stand-in for Neo4j) splices parameter values into
# the query text between single quotes without escaping: a value holding ' or \ fails there
# or crashes the server (measured). Neo4j binds parameters as data. So these values are
# sent to the neo4j backend only in test_neo4j_sends_values_as_parameters, which checks
# that the store hands them to the driver as parameters, never in the text.
def falkordb_unsafe(value: str) -> bool:
    return "'" in value or "\\" in value


STRING_QUERIES = [q.name for q in all_queries() if any(p.type == "string" for p in q.params)]


def _counts(stores: dict[str, Any]) -> dict[str, Any]:
    return {name: store.counts() for name, store in stores.items()}


@pytest.mark.bolt
@pytest.mark.parametrize("name", STRING_QUERIES)
def test_hostile_values_are_data(engines: Any, name: str) -> None:
    q = get(name)
    _, stores = engines("fixture")
    before = _counts(stores)
    for p in (p for p in q.params if p.type == "string"):
        for value in NASTY:
            results = {engine: sorted(rounded(q.run(store, {p.name: value}).rows), key=repr)
                       for engine, store in stores.items()
                       if not (engine == "neo4j" and falkordb_unsafe(value))}
            assert len({repr(r) for r in results.values()}) == 1, (
                f"{name} {p.name}={value!r}: {results}")
    assert _counts(stores) == before


@pytest.mark.bolt
def test_a_name_with_quotes_and_braces_is_found(engines: Any) -> None:
    _, stores = engines("fixture")
    q = get("fact_sources")
    for engine, store in stores.items():
        rows = q.run(store, {"name": '引号"与{括号}公司'}).dicts()
        assert {(r["subject"], r["relation"], r["other"]) for r in rows} == {
            ('引号"与{括号}公司', "LOCATED_IN", "甲市经开区")}, engine


@pytest.mark.bolt
@pytest.mark.parametrize("value", NASTY)
def test_ad_hoc_queries_bind_hostile_values(engines: Any, value: str) -> None:
    _, stores = engines("fixture")
    before = _counts(stores)
    cypher = "MATCH (n) WHERE n.name = $v OR n.key = $v RETURN n.key AS key ORDER BY key"
    sparql = ("SELECT ?key WHERE { ?n dcterms:identifier ?key ; skos:prefLabel ?l "
              "FILTER(STR(?l) = ?v || STR(?key) = ?v) } ORDER BY ?key")
    got = {engine: store.query(sparql if store.language == "sparql" else cypher,
                               {"v": value}).rows for engine, store in stores.items()
           if not (engine == "neo4j" and falkordb_unsafe(value))}
    assert len({repr(r) for r in got.values()}) == 1, got
    expected = [("fx-ent-quote",)] if value.startswith("引号") else []
    assert got["ladybug"] == expected
    assert _counts(stores) == before


@pytest.mark.parametrize("value", NASTY)
def test_neo4j_sends_values_as_parameters(value: str) -> None:
    """Every value, the FalkorDB-unsafe ones included, reaches the driver as a parameter
    and the text sent is the canned text, unchanged (a recording stand-in for the session:
    no server involved)."""
    from chainkg.graph.neo4j_store import Neo4jStore

    sent: list[tuple[str, dict[str, Any]]] = []

    class Result:
        def keys(self) -> list[str]:
            return ["x"]

        def __iter__(self) -> Any:
            return iter(())

    class Session:
        def __enter__(self) -> Session:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def run(self, text: str, params: dict[str, Any]) -> Result:
            sent.append((text, params))
            return Result()

    store = Neo4jStore(uri="bolt://127.0.0.1:1")
    store._session = Session  # type: ignore[method-assign]
    q = get("park_overview")
    assert q.run(store, {"park": value}).rows == []
    # the park is looked up by key, then by name/alias (both find nothing here), and the
    # canned query gets the value unchanged: every time as a parameter, never in the text
    by_key, by_name = lookups("Park", "cypher")
    assert sent == [(by_key, {"value": value}), (by_name, {"value": value}),
                    (q.text("cypher", "neo4j"), {"park": value})]
