"""`kg build --store DIR`: the graph in an on-disk Oxigraph store, equal to graph.ttl."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.scale_corpus import kg, make_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), n=20)


def _quads_of_turtle(path: Path) -> set:
    """The triples of a Turtle file as an Oxigraph store holds them (it keeps typed
    literals as values: 2021-12-25T08:03:46+08:00 reads back as 2021-12-25T00:03:46Z)."""
    import pyoxigraph

    memory = pyoxigraph.Store()
    memory.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return {(q.subject, q.predicate, q.object) for q in memory}


def _triples_of_store(directory: Path) -> set:
    from kg.store import open_store

    store = open_store(directory)
    try:
        return {(q.subject, q.predicate, q.object) for q in store}
    finally:
        del store


@pytest.mark.parametrize("formats", [("turtle",), ()])
def test_store_holds_the_graph(corpus: Path, tmp_path: Path, formats: tuple[str, ...]):
    store = tmp_path / "store"
    flags = [arg for fmt in formats for arg in ("--format", fmt)]
    result = kg("build", str(corpus), "--out", str(tmp_path / "out"), "--store", str(store), *flags)
    assert result.exit_code == 1, result.output  # the bad file
    assert "skipped" in result.output and "triples:" in result.output
    reference = tmp_path / "ref"
    kg("build", str(corpus), "--out", str(reference), "--format", "turtle", "--no-cache")
    expected = _quads_of_turtle(reference / "graph.ttl")
    assert _triples_of_store(store) == expected
    assert (tmp_path / "out" / "graph.ttl").exists() == bool(formats)  # --store alone writes no files
    assert f"triples: {len(expected)}" in result.output


def test_rebuild_replaces_the_store_and_queries_run_on_it(corpus: Path, tmp_path: Path):
    from kg.store import open_store

    store = tmp_path / "store"
    kg("build", str(corpus / "seeds" / "001_6e642eb0af35ba1a.txt"), "--out", str(tmp_path / "a"), "--store", str(store))
    small = len(_triples_of_store(store))
    kg("build", str(corpus / "seeds"), "--out", str(tmp_path / "b"), "--store", str(store))
    assert len(_triples_of_store(store)) > small
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store")]  # no work folders left
    db = open_store(store)
    rows = list(db.query("PREFIX kg: <https://w3id.org/policy-kg/ontology#> "
                         "SELECT ?label WHERE { ?p a kg:Plan ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }"))
    assert any("智能制造发展规划" in row["label"].value for row in rows)


def test_store_refuses_a_folder_that_is_not_a_store(corpus: Path, tmp_path: Path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    result = kg("build", str(corpus / "seeds"), "--out", str(tmp_path / "out"), "--store", str(precious))
    assert result.exit_code == 2 and "not an Oxigraph store" in result.output
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_store_with_a_graph_format(corpus: Path, tmp_path: Path):
    """Formats that need an rdflib Graph (here JSON-LD … or anything not streamed) still fill the store."""
    store = tmp_path / "store"
    result = kg("build", str(corpus / "seeds"), "--out", str(tmp_path / "out"), "--store", str(store),
                "--format", "turtle", "--format", "ntriples")
    assert result.exit_code == 0, result.output
    assert _triples_of_store(store) == _quads_of_turtle(tmp_path / "out" / "graph.ttl")


def test_open_store_names_what_is_wrong(tmp_path: Path):
    from kg.errors import GraphError
    from kg.store import open_store

    with pytest.raises(GraphError, match="not an Oxigraph store"):
        open_store(tmp_path)
