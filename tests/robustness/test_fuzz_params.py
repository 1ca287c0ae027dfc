"""Query parameters are data, never code: random strings, quotes, braces and fragments of
Cypher and SPARQL go into every canned query on ladybug and on Oxigraph; the queries answer
(usually nothing), nothing changes in the graph, and a name made of such characters is
found exactly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Facts, HasChain, IndustryChain, Park
from chainkg.graph.rdf_store import RdfStore
from chainkg.queries.registry import all_queries

FRAGMENTS = [
    "'", '"', "\\", "{", "}", "${x}", "$park", "?park", "}}", "') RETURN 1 //",
    "' OR 1=1 //", "\" } ; DROP TABLE Park; //", "MATCH (n) DETACH DELETE n",
    "} } DELETE WHERE { ?s ?p ?o } #", "INSERT DATA { <a:b> <a:c> <a:d> }", "VALUES ?x { 1 }",
    "\"\"\"", "'''", "<http://x/>", "#", "//", "/*", "*/", "`", "\n", "\t", "\u0000",
    "株洲高新区", "新能源汽车", "%s", "{0}", "\u202e", "😀",
]
nasty = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)),
                 max_size=6).map("".join)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

STRING_QUERIES = [(q, p.name) for q in all_queries() for p in q.params if p.type == "string"]


@pytest.fixture(scope="module")
def stores(fixture_facts: Facts) -> Iterator[tuple[Any, Any, Any, Any]]:
    with LadybugStore() as pg, RdfStore() as rdf:
        pg.load(fixture_facts)
        rdf.load(fixture_facts)
        yield pg, rdf, pg.counts(), rdf.quad_count()


@SETTINGS
@given(st.sampled_from(STRING_QUERIES), nasty)
def test_parameters_are_data(stores: tuple[Any, Any, Any, Any],
                             case: tuple[Any, str], value: str) -> None:
    pg, rdf, pg_counts, quads = stores
    query, name = case
    for store in (pg, rdf):
        rows = query.run(store, {name: value})
        assert isinstance(rows.rows, list)
    assert pg.counts() == pg_counts
    assert rdf.quad_count() == quads


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(nasty.filter(lambda s: s.strip() != ""))
def test_a_name_made_of_query_syntax_is_found_exactly(name: str) -> None:
    facts = Facts()
    facts.add(Park(key="p1", name=name))
    facts.add(Park(key="p2", name=name + "'"))
    facts.add(IndustryChain(key="c1", name="氢能"))
    facts.add(HasChain(source="p1", target="c1", strategy="补链"))
    facts.add(HasChain(source="p2", target="c1", strategy="有链强链"))
    query = next(q for q in all_queries() if q.name == "park_overview")
    with LadybugStore() as pg, RdfStore() as rdf:
        pg.load(facts)
        rdf.load(facts)
        for store in (pg, rdf):
            rows = query.run(store, {"park": name}).dicts()
            assert [(r["park_name"], r["strategy_zh"]) for r in rows] == [(name, "补链")]
