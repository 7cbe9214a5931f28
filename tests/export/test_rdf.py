"""JSON-LD is written node by node in bounded memory, and its bytes are rdflib's: the serializer
policy-kg used before (a whole rdflib Graph, ``auto_compact``) is the reference here."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.export import export
from kg.export.rdf import JsonLdCollector
from kg.export.source import TurtleFile, feed
from kg.export.turtle import export_prefixes
from kg.graph.terms import term_key

ROOT = Path(__file__).resolve().parents[2]
KG = Namespace("https://w3id.org/policy-kg/ontology#")
ID = Namespace("https://w3id.org/policy-kg/id/")


def rdflib_jsonld(graph: Graph, **options) -> bytes:
    """What rdflib's own JSON-LD serializer writes, nodes sorted by @id."""
    ordered = Graph()
    for triple in sorted(graph, key=lambda t: tuple(term_key(x) for x in t)):
        ordered.add(triple)
    context = export_prefixes(options)
    data = json.loads(ordered.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def collected(graph: Graph, **options) -> bytes:
    stream = io.BytesIO()
    export(graph, stream, "jsonld", **options)
    return stream.getvalue()


def literals_graph() -> Graph:
    """One node per kind of value JSON-LD writes differently."""
    g = Graph()
    target = ID["target/t1"]
    g.add((target, RDF.type, KG.Target))
    g.add((target, RDF.type, URIRef("http://www.w3.org/ns/org#Post")))
    g.add((target, RDFS.label, Literal("规模以上工业企业数字化研发设计工具普及率", lang="zh")))
    g.add((target, KG.value, Literal("85", datatype=XSD.decimal)))
    g.add((target, KG.value, Literal("2.5", datatype=XSD.decimal)))
    g.add((target, KG.targetYear, Literal("2027", datatype=XSD.gYear)))
    g.add((target, KG.articleCount, Literal("12", datatype=XSD.integer)))
    g.add((target, KG.share, Literal("0.75", datatype=XSD.double)))
    g.add((target, KG.forward, Literal("true", datatype=XSD.boolean)))
    g.add((target, KG.unit, Literal("%")))
    g.add((target, KG.note, Literal("", datatype=XSD.string)))
    g.add((target, KG.note, Literal("二是")))
    g.add((target, KG.plan, ID["plan/p1"]))
    g.add((ID["plan/p1"], RDF.type, KG.Plan))
    g.add((ID["plan/p1"], KG.issued, Literal("2026-03-01T08:00:00+08:00", datatype=XSD.dateTime)))
    return g


@pytest.mark.parametrize("source", ["fixture", "seeds", "literals"])
@pytest.mark.parametrize("options", [{}, {"base_iri": str(ID)}], ids=["prefixes", "ids-prefixed"])
def test_jsonld_is_byte_for_byte_what_rdflib_writes(source: str, options: dict) -> None:
    if source == "literals":
        graph = literals_graph()
    else:
        path = ROOT / ("tests/fixtures/query_fixture.ttl" if source == "fixture" else "output/graph.ttl")
        graph = Graph().parse(path, format="turtle")
    assert collected(graph, **options) == rdflib_jsonld(graph, **options)


def test_one_node_and_no_node_are_written_as_rdflib_writes_them() -> None:
    one = Graph()
    one.add((ID["org/x"], RDFS.label, Literal("国家发展和改革委员会", lang="zh")))
    assert collected(one) == rdflib_jsonld(one)
    assert b'"@graph"' not in collected(one)  # a lone node sits at the top, beside @context
    assert json.loads(collected(Graph())) == {"@context": export_prefixes({}), "@graph": []}


def test_spilled_runs_and_subjects_that_come_twice_make_the_same_bytes(tmp_path: Path) -> None:
    graph = Graph().parse(ROOT / "output" / "graph.ttl", format="turtle")
    whole = rdflib_jsonld(graph)
    collector = JsonLdCollector(spill_dir=str(tmp_path), spill_triples=40)
    # every subject handed over in two parts, the second half after all first halves
    parts: list = []
    feed(graph, lambda subject, pairs: parts.append((subject, list(pairs))))
    for subject, pairs in parts:
        collector.add(subject, pairs[: len(pairs) // 2 + 1])
    for subject, pairs in parts:
        collector.add(subject, pairs[len(pairs) // 2:])  # one pair comes twice: written once
    assert collector._runs, "the bound was passed: runs were spilled"
    spilled = list(tmp_path.iterdir())
    assert spilled and all(p.name.startswith(".kg-jsonld-") for p in spilled)
    stream = io.BytesIO()
    collector.write(stream)
    assert stream.getvalue() == whole
    assert not list(tmp_path.iterdir()), "the runs are removed once written"


def test_kg_export_streams_the_graph_file(tmp_path: Path) -> None:
    """From a graph file the exporter reads a stream (Oxigraph's parser), not an rdflib Graph."""
    graph_file = ROOT / "output" / "graph.ttl"
    stream = io.BytesIO()
    export(TurtleFile(graph_file), stream, "jsonld")
    assert stream.getvalue() == rdflib_jsonld(Graph().parse(graph_file, format="turtle"))
