"""Issue 13, items 11-15: hostile text in every field of an article, built into every format, and each
output re-parsed (RDF by rdflib and pyoxigraph, GraphML by networkx, the Neo4j CSVs by csv) — and the
same through `kg export` from a Turtle file whose literals escape characters no output can carry."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export import EXPORTERS, FILE_NAMES

HOSTILE = ["\x1b[31m", "\x0b", "\x0c", "\u2028", "\u2029", "\x85", "\ufffe", "\uffff", "\x00", "\x7f", "\x9b",
           "<script>alert(1)</script>", '"', "\\", "]]>", "{}", "'", "&amp;"]
JOINED = "".join(HOSTILE)
FORMULA_PLAN = '=HYPERLINK("http://evil.example/",'


def _yaml_escape(text: str) -> str:
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f
                   else f"\\u{ord(c):04x}" if ord(c) > 0xffff - 2 or 0x2028 <= ord(c) <= 0x2029
                   else "\\\\" if c == "\\" else '\\"' if c == '"' else c for c in text)


ARTICLE = f"""---
title: "工信部{_yaml_escape(JOINED)}印发规划"
date: 2021-12-28 10:00:00 +08:00
url: "http://example.com/a b\\n<c>\\"{{}}|^`"
author: "{_yaml_escape(JOINED)}"
source: "来源{_yaml_escape(JOINED)}"
categories: ["{_yaml_escape(JOINED)}", "政策"]
tags: "-1+1, @home, =SUM(A1)"
---

近日，工业和信息化部印发《{FORMULA_PLAN}"点击")发展规划》\x1b[2J。《规划》提出，到2025年数字化率达到70%。\u2028实施智能制造\x0b示范行动。
部长张三\x0c表示，要加快推进{"".join(HOSTILE[11:])}。
"""

FORMATS = sorted(EXPORTERS.names())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "hostile.md").write_text(ARTICLE, encoding="utf-8")
    args = ["build", str(folder / "in"), "--out", str(folder / "out"), "--workers", "1"]
    for fmt in FORMATS:
        args += ["--format", fmt]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return folder / "out"


def _rdf_parse_both(path: Path, rdflib_format: str, ox_format) -> Graph:
    if rdflib_format == "trig":
        graph = Dataset()
        graph.parse(path, format="trig")
    else:
        graph = Graph().parse(path, format=rdflib_format)
    store = ox.Store()
    store.load(path=str(path), format=ox_format)
    assert len(store) == len(graph) > 50
    return graph


def test_every_format_was_written(built: Path):
    for fmt in FORMATS:
        assert (built / FILE_NAMES[fmt]).is_file(), fmt


@pytest.mark.parametrize("name, rdflib_format, ox_format", [
    ("graph.ttl", "turtle", ox.RdfFormat.TURTLE),
    ("graph.nt", "nt", ox.RdfFormat.N_TRIPLES),
    ("graph.trig", "trig", ox.RdfFormat.TRIG),
    ("graph.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
])
def test_rdf_outputs_reparse_in_rdflib_and_pyoxigraph(built: Path, name, rdflib_format, ox_format):
    graph = _rdf_parse_both(built / name, rdflib_format, ox_format)
    turtle = Graph().parse(built / "graph.ttl", format="turtle")
    if name != "graph.trig":
        assert isomorphic(graph, turtle)
    text = (built / name).read_text(encoding="utf-8")
    for bad in ("\x1b", "\x00", "\ufffe", "\uffff", "\x0b", "\x0c", "\x85", "\u2028"):
        assert bad not in text


def test_ntriples_is_one_triple_a_line(built: Path):
    lines = (built / "graph.nt").read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(line.endswith(b" .") for line in lines[:-1])


def test_the_url_is_one_valid_iri(built: Path):
    store = ox.Store()
    store.load(path=str(built / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    urls = [row[0] for row in store.query("SELECT ?u WHERE { ?a <http://schema.org/url> ?u }")]
    assert [u.value for u in urls] == ["http://example.com/a%20b%0A%3Cc%3E%22%7B%7D%7C%5E%60"]


def test_graphml_parses(built: Path):
    g = nx.read_graphml(built / "graph.graphml", force_multigraph=True)
    labels = {d.get("label", "") for _, d in g.nodes(data=True)}
    assert any(label.startswith("=HYPERLINK(") for label in labels)


def test_neo4j_csv_keeps_the_real_value(built: Path):
    archive = zipfile.ZipFile(built / "neo4j.zip")
    plans = list(csv.DictReader(io.StringIO(archive.read("Plan.csv").decode("utf-8"))))
    assert any(row["name"].startswith("=HYPERLINK(") for row in plans)  # the real value, for Neo4j
    # and the formula-looking names stay as they are: Neo4j imports them verbatim
    article = list(csv.DictReader(io.StringIO(archive.read("Article.csv").decode("utf-8"))))
    assert article and "\x1b" not in archive.read("Article.csv").decode("utf-8")


def test_the_page_carries_the_text_inert(built: Path):
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "\x1b" not in html


def test_kg_query_csv_guards_formulas_and_the_table_escapes_controls(built: Path, tmp_path: Path):
    q = "SELECT ?name WHERE { ?p a kg:Plan ; rdfs:label ?name }"
    result = CliRunner().invoke(main, ["query", q, "-g", str(built / "graph.ttl"), "-f", "csv"])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[1][0].startswith("'=HYPERLINK(")  # a spreadsheet shows it as text
    # a value that starts with = is guarded
    from kg.cli.query import format_csv

    assert format_csv(["x", "n"], [["=1+1", -5], ["@SUM(A1)", 3], ["+1", None], ["-x", 0]]).splitlines()[1:] == [
        "'=1+1,-5", "'@SUM(A1),3", "'+1,", "'-x,0"]
    # the table escapes control characters a foreign graph may hold
    (tmp_path / "g.ttl").write_text('<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "a\\u001B[2Jb" .\n')
    table = CliRunner().invoke(main, ["query", "SELECT ?l WHERE { ?s rdfs:label ?l }", "-g", str(tmp_path / "g.ttl")])
    assert table.exit_code == 0 and "\x1b" not in table.output and "a\\x1b[2Jb" in table.output


FOREIGN = """@prefix kg: <https://w3id.org/policy-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/policy-kg/id/plan/1> a kg:Plan ; rdfs:label "规划\\uD800\\u001B\\u000B\\u000C\\uFFFE\\u2028尾"@zh ;
    kg:mentionedIn <https://w3id.org/policy-kg/id/article/1> .
<https://w3id.org/policy-kg/id/article/1> a kg:Article ; dcterms:title "文章\\u0085\\uFFFF" ;
    dcterms:issued "0001-01-01T00:00:00+08:00"^^xsd:dateTime .
<https://w3id.org/policy-kg/id/article/2> a kg:Article ; dcterms:title "文章二" ;
    dcterms:issued "9999-12-31T23:59:59Z"^^xsd:dateTime .
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_kg_export_of_a_foreign_graph_with_unencodable_text(tmp_path: Path, fmt: str):
    source = tmp_path / "foreign.ttl"
    source.write_text(FOREIGN, encoding="utf-8")
    target = tmp_path / ("out.zip" if fmt == "neo4j" else FILE_NAMES[fmt])
    result = CliRunner().invoke(main, ["export", str(source), "--format", fmt, "--out", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    data.decode("utf-8") if fmt != "neo4j" else None
    if fmt in ("turtle", "ntriples", "trig", "jsonld"):
        rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
               "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        store = ox.Store()
        store.load(path=str(target), format=rdf)
        assert len(store) == 9
        labels = [str(q.object.value) for q in store if q.predicate.value.endswith("#label")]
        assert labels == ["规划\ufffd   尾"]  # surrogate replaced; ESC, U+FFFE dropped; VT, FF, U+2028 spaces
    if fmt == "graphml":
        nx.read_graphml(target)


def test_kg_html_of_a_foreign_graph_with_odd_dates(tmp_path: Path):
    source = tmp_path / "foreign.ttl"
    source.write_text(FOREIGN, encoding="utf-8")
    result = CliRunner().invoke(main, ["html", str(source), "--out", str(tmp_path / "g.html")])
    assert result.exit_code == 0, result.output
    assert "</html>" in (tmp_path / "g.html").read_text(encoding="utf-8")
