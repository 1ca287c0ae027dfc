"""SHACL validation: the fixture and the seed graphs conform; defects are reported in
plain words naming the entity and the field; the CLI exits 0 or 1 accordingly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef

from chainkg.cli import main
from chainkg.errors import OntologyError
from chainkg.graph.identity import entity_iri
from chainkg.graph.model import Facts
from chainkg.graph.rdf import facts_quads
from chainkg.graph.rdf_store import RdfStore
from chainkg.graph.workspace import Workspace
from chainkg.ontology.mapping import expand
from chainkg.ontology.validate import union_graph, validate


def _u(curie: str) -> URIRef:
    return URIRef(expand(curie))


def _graph(facts: Facts) -> Graph:
    g = Graph()
    for s, p, o, _g in facts_quads(facts):
        g.add((s, p, o))
    return g


def _first(facts: Facts, section: str, **match: object) -> object:
    for entity in getattr(facts, section).values():
        if all(getattr(entity, k) == v for k, v in match.items()):
            return entity
    raise AssertionError(f"no {section} with {match} in the fixture")


def test_fixture_store_conforms(fixture_facts: Facts) -> None:
    with RdfStore() as store:
        store.load(fixture_facts)
        report = validate(store.dataset)
        distinct = len(union_graph(store.dataset))
        quads = store.quad_count()
    assert report.conforms, report.lines()
    assert report.violations == []
    # the union was validated, each triple once (not once per named graph it sits in)
    assert report.triples == distinct
    assert distinct <= quads // 2  # every quad is in a named graph and the default graph


def test_seed_store_conforms(seed_facts: Facts) -> None:
    with RdfStore() as store:
        store.load(seed_facts)
        report = validate(store)  # an RdfStore is accepted as well as its dataset
    assert report.conforms, report.lines()


def test_defects_are_reported_in_plain_words(fixture_facts: Facts) -> None:
    g = _graph(fixture_facts)
    project = _first(fixture_facts, "projects", amount=3e8)
    p_iri = URIRef(entity_iri("Project", project.key))  # type: ignore[attr-defined]
    g.set((p_iri, _u("ckg:amount"), Literal(Decimal("-5"), datatype=XSD.decimal)))
    park = next(iter(fixture_facts.parks.values()))
    park_iri = URIRef(entity_iri("Park", park.key))
    g.remove((park_iri, _u("skos:prefLabel"), None))
    segment = _first(fixture_facts, "segments", position="upstream")
    seg_iri = URIRef(entity_iri("ChainSegment", segment.key))  # type: ignore[attr-defined]
    g.set((seg_iri, _u("ckg:position"), Literal("up the river")))

    report = validate(g)

    assert not report.conforms
    lines = report.lines()
    assert len(report.violations) == 3, lines
    by_kind = {v.kind: v for v in report.violations}
    assert set(by_kind) == {"Project", "Park", "ChainSegment"}
    amount = by_kind["Project"]
    assert (amount.label, amount.path, amount.value) == (project.name, "amount", "'-5'")  # type: ignore[attr-defined]
    assert "decimal >= 0" in amount.message
    assert (by_kind["Park"].path, by_kind["Park"].value) == ("skos:prefLabel", "none")
    assert by_kind["Park"].label == park.key  # no name left: the key identifies it
    assert by_kind["ChainSegment"].value == "'up the river'"
    assert "upstream, midstream or downstream" in by_kind["ChainSegment"].message
    assert (f"Project {project.name} ({p_iri}): amount: expected one amount, "  # type: ignore[attr-defined]
            "a decimal >= 0 in units of its currency, got '-5'") in lines
    assert any(line.startswith(f"Park {park.key} ({park_iri}): skos:prefLabel: ")
               for line in lines)


def test_ill_typed_values_and_wrong_targets(fixture_facts: Facts) -> None:
    g = _graph(fixture_facts)
    project = next(iter(fixture_facts.projects.values()))
    p_iri = URIRef(entity_iri("Project", project.key))
    park = URIRef(entity_iri("Park", next(iter(fixture_facts.parks))))
    g.add((p_iri, _u("ckg:amountCNY"), Literal("abc", datatype=XSD.decimal)))
    g.set((p_iri, _u("ckg:signedDate"), Literal("soon")))
    g.set((p_iri, _u("ckg:strategy"), URIRef("https://w3id.org/chainkg/strategy/bogus")))
    g.add((p_iri, _u("ckg:inChain"), park))

    report = validate(g)

    found = {(v.path, v.value) for v in report.violations}
    assert ("amountCNY", "'abc'") in found
    assert ("signedDate", "'soon'") in found
    assert ("strategy", "<https://w3id.org/chainkg/strategy/bogus>") in found
    chain_paths = [v.path or "" for v in report.violations if v.value == f"<{park}>"]
    assert chain_paths and "inChain" in chain_paths[0]
    assert all(v.focus == str(p_iri) for v in report.violations)


def test_messages_in_chinese(fixture_facts: Facts) -> None:
    g = _graph(fixture_facts)
    seg = URIRef(entity_iri("ChainSegment", next(iter(fixture_facts.segments))))
    g.set((seg, _u("ckg:position"), Literal("左边")))
    (line,) = validate(g, lang="zh").lines()
    assert "位置应为" in line and "'左边'" in line


def test_warning_does_not_fail(fixture_facts: Facts) -> None:
    g = _graph(fixture_facts)
    project = next(iter(fixture_facts.projects.values()))
    g.remove((URIRef(entity_iri("Project", project.key)), _u("ckg:locatedIn"), None))
    report = validate(g)
    assert report.conforms
    (warning,) = report.warnings
    assert warning.severity == "Warning" and warning.path == "locatedIn"
    assert report.lines() == [warning.line()] and warning.line().startswith("warning: Project ")


def test_named_graphs_only_dataset_is_validated_as_one_union(fixture_facts: Facts) -> None:
    """A dataset read from TriG has no materialised union: links across documents (a
    park stated in one, its project in another) must still resolve."""
    ds = Dataset()
    for s, p, o, g in facts_quads(fixture_facts):
        ds.graph(g).add((s, p, o))
    assert validate(ds).conforms
    one = next(iter(fixture_facts.projects))
    ds.graph(URIRef("urn:x:extra")).add(
        (URIRef(entity_iri("Project", one)), RDF.type, _u("ckg:Project")))
    ds.graph(URIRef("urn:x:extra")).add(
        (URIRef(entity_iri("Project", one)), _u("ckg:amount"), Literal("x")))
    assert {v.path for v in validate(ds).violations} == {"amount"}


def test_rejects_what_is_not_a_graph() -> None:
    with pytest.raises(OntologyError, match="cannot validate a dict"):
        validate({})
    with pytest.raises(OntologyError, match="'en' or 'zh'"):
        validate(Graph(), lang="fr")


# -- CLI -------------------------------------------------------------------------------
def test_cli_validate_conforming_workspace(tmp_path: Path, fixture_facts: Facts) -> None:
    Workspace(tmp_path / "ws").build(fixture_facts)
    result = CliRunner().invoke(main, ["-w", str(tmp_path / "ws"), "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("the graph conforms to the chainkg shapes")


def test_cli_validate_broken_workspace(tmp_path: Path, fixture_facts: Facts) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.build(fixture_facts)
    project = _first(fixture_facts, "projects", amount=3e8)
    p_iri = URIRef(entity_iri("Project", project.key))  # type: ignore[attr-defined]
    with ws.rdf(read_only=False) as store:
        store.add_quads([(p_iri, _u("ckg:amountCNY"), Literal("-1.0", datatype=XSD.decimal),
                          URIRef("https://w3id.org/chainkg/graph/broken"))])
    result = CliRunner().invoke(main, ["-w", str(ws.path), "validate"])
    assert result.exit_code == 1, result.output
    assert (f"Project {project.name} ({p_iri}): amountCNY: "  # type: ignore[attr-defined]
            "expected one amount in yuan, a decimal >= 0") in result.output
    assert "got '-1" in result.output
    assert "violation(s) of the chainkg shapes" in result.output


def test_cli_validate_without_a_graph(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-w", str(tmp_path / "none"), "validate"])
    assert result.exit_code == 1
    assert "chainkg build" in result.output
