"""The Neo4j CSV export loaded into a real Cypher database, Kùzu (embedded, from PyPI): the README's
Cypher queries run there and give the same answers as `kg query` on graph.ttl."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import run_query
from tests.conftest import ROOT, SEEDS

kuzu = pytest.importorskip("kuzu", reason="the test extra installs kuzu")

from tests.triplestore.kuzu_import import load  # noqa: E402


def readme_cypher() -> list[str]:
    """The queries of the README's ```cypher block, comments dropped."""
    block = re.search(r"```cypher\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    queries = []
    for text in block.split(";"):
        lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("//")]
        if lines:
            queries.append("\n".join(lines))
    return queries


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kuzu")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(folder / "out"), "--format", "turtle",
                                       "--workers", "1", "--no-cache"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["export", str(folder / "out" / "graph.ttl"), "-f", "neo4j",
                                       "-o", str(folder / "neo4j")])
    assert result.exit_code == 0, result.output
    db = kuzu.Database(str(folder / "db"))
    conn = kuzu.Connection(db)
    counts = load(folder / "neo4j", conn)
    return folder / "out" / "graph.ttl", conn, counts


def cypher(conn, query: str) -> list[list]:
    result = conn.execute(query)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def test_every_file_loads(built):
    graph, conn, counts = built
    plans = run_query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Plan }", graph).rows[0][0]
    assert counts["Plan"] == plans
    for label, n in counts.items():
        assert n > 0, label
    mentioned = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?e kg:mentionedIn ?a }", graph).rows[0][0]
    assert counts["MENTIONED_IN"] == mentioned
    # arrays arrive as lists, integers as integers
    names = cypher(conn, "MATCH (o:Organization) WHERE size(o.altNames) > 0 RETURN o.name, o.altNames LIMIT 1")
    assert names and isinstance(names[0][1], list)
    ministries = cypher(conn, "MATCH (o:Organization) WHERE list_contains(o.labels, 'Ministry') RETURN o.name")
    assert ["工业和信息化部"] in ministries


def test_the_readme_has_three_cypher_queries():
    assert len(readme_cypher()) == 3


def test_plans_and_co_issuers_agree_with_kg_query(built):
    graph, conn, _ = built
    rows = cypher(conn, readme_cypher()[0])
    in_kuzu = {(plan, tuple(sorted(co or []))) for plan, co in rows}
    sparql = """SELECT ?plan ?co WHERE {
      ?p kg:issuedBy ?m ; rdfs:label ?plan . ?m rdfs:label "工业和信息化部"@zh .
      OPTIONAL { ?p kg:issuedBy ?c . FILTER(?c != ?m) ?c rdfs:label ?co } }"""
    found: dict[str, list[str]] = {}
    for plan, co in run_query(sparql, graph).rows:
        found.setdefault(plan, [])
        if co is not None:
            found[plan].append(co)
    assert in_kuzu == {(plan, tuple(sorted(cos))) for plan, cos in found.items()}
    assert len(in_kuzu) >= 2


def test_posts_agree_with_kg_query(built):
    graph, conn, _ = built
    rows = cypher(conn, readme_cypher()[1])
    in_kuzu = {(name, title, org) for name, title, org, evidence in rows}
    assert all(evidence for *_, evidence in rows)
    sparql = """SELECT ?name ?title ?org WHERE {
      ?o a kg:Official ; rdfs:label ?name ; org:holds ?p . ?p kg:title ?title ; org:postIn ?g . ?g rdfs:label ?org }"""
    assert in_kuzu == {tuple(row) for row in run_query(sparql, graph).rows}
    assert ("肖亚庆", "部长", "工业和信息化部") in in_kuzu


def test_2025_targets_agree_with_kg_query(built):
    graph, conn, _ = built
    rows = cypher(conn, readme_cypher()[2])
    in_kuzu = {(plan, indicator, None if value is None else Decimal(str(value)), unit)
               for plan, indicator, value, unit in rows}
    sparql = """SELECT ?plan ?indicator ?value ?unit WHERE {
      ?p kg:hasTarget ?t ; rdfs:label ?plan . ?t kg:indicator ?indicator ; kg:targetYear ?y .
      FILTER(STR(?y) = "2025") OPTIONAL { ?t kg:value ?value } OPTIONAL { ?t kg:unit ?unit } }"""
    expected = {(plan, ind, None if v is None else Decimal(v).normalize(), unit)
                for plan, ind, v, unit in run_query(sparql, graph).rows}
    assert {(p, i, None if v is None else v.normalize(), u) for p, i, v, u in in_kuzu} == expected
    assert len(in_kuzu) >= 5
