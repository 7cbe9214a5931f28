"""SHACL: the seeds' graph conforms; a broken graph is caught, readably."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

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
