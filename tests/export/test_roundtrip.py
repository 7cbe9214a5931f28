"""Every registered exporter round-trips: what it writes reads back as the same graph (RDF formats)
or as the documented nodes, edges and columns (GraphML, Neo4j CSV)."""
from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path
from typing import Callable

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export import EXPORTERS, FILE_NAMES, export
from kg.export.view import KG, NODE_LABELS, RELATION_TYPES

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "query_fixture.ttl"
HTML_TESTS = ROOT / "tests" / "export" / "test_html.py"  # the html exporter's own tests

# What the fixture holds (see tests/fixtures/query_fixture.ttl).
NODE_COUNTS = {"Organization": 4, "Official": 3, "Plan": 2, "Initiative": 3, "Target": 4, "Article": 3}
EDGE_COUNTS = {"ISSUED_BY": 4, "PART_OF": 3, "HAS_TARGET": 4, "SUB_ORGANIZATION_OF": 1, "HOLDS_POST": 2}


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(FIXTURE, format="turtle")
    return g


def written(graph: Graph, fmt: str, **options) -> bytes:
    stream = io.BytesIO()
    export(graph, stream, fmt, **options)
    return stream.getvalue()


# --- RDF formats: re-parse and compare ------------------------------------------------------------


def check_turtle(graph: Graph) -> None:
    back = Graph().parse(data=written(graph, "turtle"), format="turtle")
    assert isomorphic(back, graph)


def check_ntriples(graph: Graph) -> None:
    data = written(graph, "nt")
    back = Graph().parse(data=data, format="nt")
    assert isomorphic(back, graph)
    lines = data.decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)
    assert "工业和信息化部" in data.decode("utf-8")  # UTF-8, not \\u escapes


def check_jsonld(graph: Graph) -> None:
    import json

    data = written(graph, "json-ld")
    document = json.loads(data)
    assert document["@context"]["kg"] == str(KG) and document["@context"]["org"] == "http://www.w3.org/ns/org#"
    back = Graph().parse(data=data, format="json-ld")
    assert isomorphic(back, graph)


def check_trig(graph: Graph) -> None:
    data = written(graph, "trig", base_iri="https://example.org/id/")
    dataset = Dataset()
    dataset.parse(data=data, format="trig")
    named = dataset.graph(URIRef("https://example.org/id/graph"))
    assert isomorphic(Graph() + named, graph)
    default = Dataset()
    default.parse(data=written(graph, "trig", named_graph=False), format="trig")
    assert isomorphic(Graph() + default.default_graph, graph)


# --- property-graph formats: read back with the tools their users have ------------------------------


def check_graphml(graph: Graph) -> None:
    import xml.etree.ElementTree as ET

    data = written(graph, "graphml")
    root = ET.fromstring(data)
    for tag in ("key", "node", "edge"):  # ids unique per kind, or Gephi/yEd merge elements
        ids = [e.get("id") for e in root.iter(f"{{http://graphml.graphdrawing.org/xmlns}}{tag}")]
        assert len(ids) == len(set(ids)), tag
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    entities = sum(n for label, n in NODE_COUNTS.items() if label != "Article")
    assert g.number_of_nodes() == entities
    assert g.number_of_edges() == sum(EDGE_COUNTS.values())
    by_label = {data["label"]: (node, data) for node, data in g.nodes(data=True)}
    miit_id, miit = by_label["工业和信息化部"]
    assert (miit["type"], miit["category"], miit["altLabels"], miit["article_count"]) == ("Ministry", "Organization", "工信部", 3)
    target = by_label["到2025年关键工序数控化率达68%"][1]
    assert (target["indicator"], target["value"], target["unit"], target["targetYear"]) == ("关键工序数控化率", 68.0, "%", 2025)
    relations = [d["relation"] for _, _, d in g.edges(data=True)]
    assert sorted(set(relations)) == ["hasTarget", "holds", "issuedBy", "partOf", "subOrganizationOf"]
    xiao_id = by_label["肖亚庆"][0]
    holds = [d for _, v, d in g.out_edges(xiao_id, data=True) if v == miit_id]
    assert len(holds) == 1 and holds[0]["relation"] == "holds" and holds[0]["title"] == "部长"
    # holds and postIn statements cite the same two sentences: merged, not doubled
    assert holds[0]["evidence_count"] == 2 and "肖亚庆接受采访" in holds[0]["evidence"]


def _read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def check_neo4j(graph: Graph, tmp_path: Path | None = None) -> None:
    archive = zipfile.ZipFile(io.BytesIO(written(graph, "neo4j")))
    files = {name: archive.read(name) for name in archive.namelist()}
    expected = {f"{label}.csv" for label in NODE_LABELS} | {f"{rel}.csv" for rel in RELATION_TYPES}
    assert set(files) == expected | {"load.cypher", "import.sh"}
    ids: set[str] = set()
    for label in NODE_LABELS:
        rows = _read_csv(files[f"{label}.csv"])
        header = files[f"{label}.csv"].decode("utf-8").split("\n", 1)[0].split(",")
        assert header[:2] == ["id:ID", ":LABEL"]
        assert len(rows) == NODE_COUNTS[label]
        assert all(r[":LABEL"].split(";")[0] == label for r in rows)
        ids |= {r["id:ID"] for r in rows}
    mentions = len(set(graph.subject_objects(KG.mentionedIn)))
    for rel in RELATION_TYPES:
        rows = _read_csv(files[f"{rel}.csv"])
        header = files[f"{rel}.csv"].decode("utf-8").split("\n", 1)[0].split(",")
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        assert len(rows) == EDGE_COUNTS.get(rel, mentions)
        assert all(r[":TYPE"] == rel and r[":START_ID"] in ids and r[":END_ID"] in ids for r in rows)
        if rel != "MENTIONED_IN":
            assert "evidence:string[]" in header and all(r["evidence:string[]"] for r in rows)
            for r in rows:
                assert len(r["evidence:string[]"].split(";")) == len(r["evidenceArticles:string[]"].split(";"))
    orgs = {r["name"]: r for r in _read_csv(files["Organization.csv"])}
    assert orgs["工业和信息化部"][":LABEL"] == "Organization;Ministry"
    holds = _read_csv(files["HOLDS_POST.csv"])
    assert sorted(r["title"] for r in holds) == ["司长", "部长"]
    targets = {r["indicator"]: r for r in _read_csv(files["Target.csv"])}
    assert targets["关键工序数控化率"]["value:float"] == "68" and targets["关键工序数控化率"]["targetYear:int"] == "2025"
    script = files["load.cypher"].decode("utf-8")
    for name in expected:
        assert f"'file:///{name}'" in script
    assert "SET n:Ministry" in script
    shell = files["import.sh"].decode("utf-8")
    assert all(f"={name}" in shell for name in expected)
    # Directory mode writes the same files.
    if tmp_path is not None:
        export(graph, None, "neo4j", directory=str(tmp_path / "neo4j"))
        assert {p.name: p.read_bytes() for p in (tmp_path / "neo4j").iterdir()} == files


ROUNDTRIPS: dict[str, Callable[..., None]] = {
    "turtle": check_turtle,
    "ntriples": check_ntriples,
    "jsonld": check_jsonld,
    "trig": check_trig,
    "graphml": check_graphml,
    "neo4j": check_neo4j,
}


@pytest.mark.parametrize("name", EXPORTERS.names())
def test_roundtrip(name: str, graph: Graph, tmp_path: Path) -> None:
    check = ROUNDTRIPS.get(name)
    if check is None:  # test_every_registered_exporter_has_a_roundtrip_test fails for it, unless html is tested elsewhere
        pytest.skip("covered by tests/export/test_html.py" if name == "html" and HTML_TESTS.is_file()
                    else f"{name} has no round-trip check here")
    if name == "neo4j":
        check(graph, tmp_path)
    else:
        check(graph)


def test_every_registered_exporter_has_a_roundtrip_test() -> None:
    """Fails when someone registers a format without saying how to read it back."""
    covered = set(ROUNDTRIPS) | ({"html"} if HTML_TESTS.is_file() else set())
    missing = [name for name in EXPORTERS.names() if name not in covered]
    assert not missing, f"exporters without a round-trip test: {missing}"
    assert set(EXPORTERS.names()) <= set(FILE_NAMES), "every format needs a file name in FILE_NAMES"


@pytest.mark.parametrize("name", [n for n in EXPORTERS.names() if n != "html"])
def test_output_does_not_depend_on_triple_order(name: str, graph: Graph) -> None:
    triples = list(graph)
    random.Random(7).shuffle(triples)
    shuffled = Graph()
    for triple in triples:
        shuffled.add(triple)
    assert written(shuffled, name) == written(graph, name)


def test_empty_graph_exports() -> None:
    for name in (n for n in EXPORTERS.names() if n != "html"):
        written(Graph(), name)  # no exception


# --- kg export -------------------------------------------------------------------------------------


def test_kg_export_writes_beside_the_graph_and_to_out(tmp_path: Path, graph: Graph) -> None:
    source = tmp_path / "graph.ttl"
    source.write_bytes(FIXTURE.read_bytes())
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(source), "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(tmp_path / "graph.nt", format="nt"), graph)
    out = tmp_path / "sub" / "g.jsonld"
    assert runner.invoke(main, ["export", str(source), "-f", "json-ld", "--out", str(out)]).exit_code == 0
    assert isomorphic(Graph().parse(out, format="json-ld"), graph)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp files left
    assert runner.invoke(main, ["export", str(source), "-f", "graphml", "-o", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "graph.graphml").is_file()


def test_kg_export_neo4j_folder_and_zip(tmp_path: Path) -> None:
    source = tmp_path / "graph.ttl"
    source.write_bytes(FIXTURE.read_bytes())
    runner = CliRunner()
    assert runner.invoke(main, ["export", str(source), "-f", "neo4j", "-o", str(tmp_path / "neo")]).exit_code == 0
    assert (tmp_path / "neo" / "Organization.csv").is_file() and (tmp_path / "neo" / "load.cypher").is_file()
    assert runner.invoke(main, ["export", str(source), "-f", "neo4j"]).exit_code == 0
    assert zipfile.is_zipfile(tmp_path / "neo4j.zip")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_kg_export_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(FIXTURE), "-f", "bogus", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: unknown export format 'bogus'")
    assert all(name in result.stderr for name in ("turtle", "ntriples", "graphml", "neo4j"))
    result = CliRunner().invoke(main, ["export", str(tmp_path / "none.ttl"), "-f", "nt"])
    assert result.exit_code == 2 and "none.ttl" in result.stderr
