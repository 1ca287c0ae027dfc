"""The embedded stores: exact counts, idempotent loads, export round trips."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from chainkg.graph.ladybug_store import LadybugStore
from chainkg.graph.model import Facts
from chainkg.graph.rdf_store import RdfStore

# Hand-counted from tests/data/fixture/*.yaml.
FIXTURE_COUNTS = {
    "SourceDocument": 2, "Region": 3, "Park": 3, "IndustryChain": 3, "ChainSegment": 3,
    "Enterprise": 4, "Post": 2, "Project": 6, "Indicator": 3,
    # 4 park-chain statements in alpha + 1 in beta; alpha's 氢能 stance restated by beta
    "HAS_CHAIN": 5, "LEADS": 3, "SUPPLIES": 2,
    # enterprises: 甲车 1, 乙配件 2, 丙电池 2, 引号 1; projects: 6
    "LOCATED_IN": 12,
    "IN_CHAIN": 1, "STRENGTHENS": 1, "BUILDS": 1, "EXTENDS": 1, "FILLS_GAP": 1,
    # IN_SEGMENT: 2 projects' segments + 丙电池's curated segment
    "INVESTS_IN": 3, "IN_SEGMENT": 3, "SEGMENT_OF": 3, "FEEDS": 0, "IN_REGION": 3,
    "PART_OF": 2, "POST_IN": 2, "HAS_INDICATOR": 3,
}


def test_ladybug_counts_are_exact(fixture_facts: Facts) -> None:
    with LadybugStore() as store:
        store.load(fixture_facts)
        assert store.counts() == FIXTURE_COUNTS


def test_rdf_counts_match_the_property_graph(fixture_facts: Facts) -> None:
    with RdfStore() as store:
        store.load(fixture_facts)
        assert store.counts() == FIXTURE_COUNTS


def test_second_load_changes_nothing(fixture_facts: Facts) -> None:
    with LadybugStore() as pg, RdfStore() as rdf:
        pg.load(fixture_facts)
        rdf.load(fixture_facts)
        before = pg.counts(), rdf.quad_count()
        pg.load(fixture_facts)  # the MERGE path: the store already has data
        rdf.load(fixture_facts)
        assert (pg.counts(), rdf.quad_count()) == before


def test_merged_fact_keeps_both_sources(fixture_facts: Facts) -> None:
    with LadybugStore() as pg:
        pg.load(fixture_facts)
        rows = pg.query(
            "MATCH (p:Park {key: $park})-[h:HAS_CHAIN]->(c:IndustryChain {key: $chain}) "
            "RETURN h.strategy, h.sources", {"park": "fx-park-a", "chain": "fx-chain-h2"}).rows
    assert rows == [("无链建链", ["fx-alpha", "fx-beta"])]


def test_amounts_are_normalised_to_yuan(fixture_facts: Facts) -> None:
    with RdfStore() as rdf:
        rdf.load(fixture_facts)
        rows = rdf.query(
            "SELECT ?cny ?text ?cur WHERE { ?j ckg:amountCNY ?cny ; ckg:amountText ?text ; "
            "ckg:currency ?cur ; dcterms:identifier ?k FILTER(STR(?k) = ?key) }",
            {"key": "fx-proj-body"}).rows
    assert rows == [(300000000.0, "3亿元", "CNY")]


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_triple_exports_reload_isomorphic(fixture_facts: Facts, fmt: str) -> None:
    with RdfStore() as rdf:
        rdf.load(fixture_facts)
        text = rdf.serialize(fmt)
        expected = Dataset()
        expected.parse(data=rdf.serialize("nq"), format="nquads")
    reloaded = Graph().parse(data=text, format={"ttl": "turtle", "nt": "nt",
                                                 "jsonld": "json-ld"}[fmt])
    union = Graph()  # the union of the document graphs
    for s, p, o, _g in expected.quads():
        union.add((s, p, o))
    assert len(reloaded) > 300
    assert isomorphic(reloaded, union)


def test_trig_has_one_named_graph_per_source(fixture_facts: Facts) -> None:
    with RdfStore() as rdf:
        rdf.load(fixture_facts)
        text = rdf.serialize("trig")
    ds = Dataset()
    ds.parse(data=text, format="trig")
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert names == ["https://w3id.org/chainkg/graph/fx-alpha",
                     "https://w3id.org/chainkg/graph/fx-beta"]


def test_jsonld_export_has_a_context(fixture_facts: Facts) -> None:
    import json

    with RdfStore() as rdf:
        rdf.load(fixture_facts)
        doc = json.loads(rdf.serialize("jsonld"))
    assert doc["@context"]["ckg"] == "https://w3id.org/chainkg/ontology#"
