"""SHACL: the seeds' graph conforms; a broken graph is caught, readably."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.cli import main
from kg.graph import KG, ORG
from kg.validate import validate


def test_seeds_graph_has_no_violations(seeds_graph):
    assert [v for v in validate(seeds_graph) if v.severity == "Violation"] == []


def test_broken_graph_is_caught(seeds_graph):
    g = seeds_graph.__class__()
    for t in seeds_graph:
        g.add(t)
    target = next(g.subjects(RDF.type, KG.Target))
    g.remove((target, KG.indicator, None))
    post = next(g.subjects(RDF.type, ORG.Post))
    g.remove((post, KG.title, None))
    plan = next(g.subjects(RDF.type, KG.Plan))
    g.add((plan, KG.issuedBy, Literal("not an organization")))
    messages = {(v.focus, v.message) for v in validate(g) if v.severity == "Violation"}
    assert (str(target), "a target needs exactly one kg:indicator") in messages
    assert (str(post), "a post needs exactly one kg:title") in messages
    assert any(focus == str(plan) for focus, _ in messages)


def test_kg_validate_command(tmp_path: Path, seeds_graph):
    good = tmp_path / "good.ttl"
    seeds_graph.serialize(good, format="turtle")
    result = CliRunner().invoke(main, ["validate", str(good)])
    assert result.exit_code == 0 and "0 violations" in result.output
    bad = tmp_path / "bad.ttl"
    g = seeds_graph.__class__()
    for t in seeds_graph:
        g.add(t)
    g.add((URIRef("http://x/t"), RDF.type, KG.Target))
    g.serialize(bad, format="turtle")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "Violation: http://x/t indicator: a target needs exactly one kg:indicator" in result.output
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2 and "no such graph file" in result.output


# -- the SPARQL validator finds what pyshacl finds -------------------------------------------

def _copy(graph):
    g = graph.__class__()
    for t in graph:
        g.add(t)
    return g


def _first(g, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


def _drop_label(g):
    g.remove((_first(g, KG.Official), RDFS.label, None))


def _second_label_and_plain_alt(g):
    official = sorted(g.subjects(RDF.type, KG.Official))[-1]
    g.add((official, RDFS.label, Literal("第二个名字")))
    g.add((official, SKOS.altLabel, Literal("无语言标签")))


def _post_without_organization(g):
    g.remove((_first(g, ORG.Post), ORG.postIn, None))


def _target_without_year_or_value(g):
    target = _first(g, KG.Target)
    g.remove((target, KG.targetYear, None))
    g.remove((target, KG.value, None))


def _bad_value_and_literal_issuer(g):
    g.add((_first(g, KG.Target), KG.value, Literal("许多")))
    g.add((_first(g, KG.Plan), KG.issuedBy, Literal("某部门")))
    g.add((_first(g, KG.Plan), KG.hasTarget, _first(g, KG.Official)))


def _broken_evidence(g):
    statement = _first(g, KG.Evidence)
    g.remove((statement, KG.startOffset, None))
    g.add((statement, KG.startOffset, Literal(-3)))
    g.set((statement, KG.sentence, Literal("")))
    g.add((statement, RDF.subject, Literal("一个字面量")))


def _unmentioned_and_untyped(g):
    g.remove((_first(g, KG.Initiative), KG.mentionedIn, None))
    g.add((URIRef("https://example.org/a"), ORG.subOrganizationOf, URIRef("https://example.org/b")))
    g.add((URIRef("https://example.org/c"), KG.partOf, _first(g, KG.Plan)))  # typed by the domain
    g.add((_first(g, KG.Article), DCTERMS.identifier, Literal("second")))


BREAKAGES = [None, _drop_label, _second_label_and_plain_alt, _post_without_organization,
             _target_without_year_or_value, _bad_value_and_literal_issuer, _broken_evidence, _unmentioned_and_untyped]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: "seeds" if b is None else b.__name__.strip("_"))
def test_findings_equal_pyshacl(seeds_graph, breakage):
    from kg.validate import validate_with_pyshacl

    g = _copy(seeds_graph)
    if breakage is not None:
        breakage(g)
    ours, theirs = validate(g), validate_with_pyshacl(g)
    assert ours == theirs  # severity, focus node, path, message and value, all of them
    assert (breakage is None) == (not ours)  # every breakage is found; the seeds conform


def test_a_post_is_named_by_its_holder_and_title(tmp_path: Path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text("""
@prefix kg: <https://w3id.org/policy-kg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<http://x/a> a kg:Article ; dcterms:identifier "a1" .
<http://x/o> a kg:Official ; rdfs:label "韩正明"@zh ; kg:mentionedIn <http://x/a> ; org:holds <http://x/p> .
<http://x/p> a org:Post ; kg:title "副部长"@zh ; rdfs:label "副部长"@zh ; kg:attestedIn <http://x/a> .
""", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(ttl)])
    assert result.exit_code == 0, result.output
    assert "Warning: 韩正明's post 副部长 postIn: a post should name the organization" in result.output
    assert "<http://x/p>" in result.output


def test_a_shape_the_validator_cannot_run_fails_loudly():
    from rdflib import Graph

    from kg.errors import GraphError
    from kg.validate import Ontology, _bundled, compile_shapes

    shapes = Graph().parse(data="""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kg: <https://w3id.org/policy-kg/ontology#> .
kg:S a sh:NodeShape ; sh:targetClass kg:Plan ; sh:property [ sh:path kg:title ; sh:pattern "^x" ] .
""", format="turtle")
    with pytest.raises(GraphError, match="pattern"):
        compile_shapes(shapes, Ontology(_bundled("policy-kg.ttl")))


@pytest.mark.parametrize("piece", [1, 500, 10**9])
def test_a_graph_loaded_in_pieces_is_the_whole_graph(piece):
    """Validation and --store load graph.ttl in pieces cut at blank lines (bounded memory): nothing lost."""
    import pyoxigraph as ox

    from kg.store import load_in_pieces
    from tests.conftest import ROOT

    ttl = ROOT / "output" / "graph.ttl"
    pieces, whole = ox.Store(), ox.Store()
    load_in_pieces(pieces, ttl, piece=piece)
    whole.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    assert len(pieces) == len(whole) > 0 and set(pieces) == set(whole)
