"""The page's bounded collector (kg.export.gather) against read_corpus: the same page, byte for byte.

``read_corpus`` reads a whole graph into memory (what the page did until it had to
carry 20,000 entities of a 100,000-article build); the page collector sets subjects
and evidence statements aside in scratch files and builds the corpus of the
entities it carries only. Every test here holds the second to the first.
"""
from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path

import pytest
from rdflib import Graph

import kg.export.html as page
from kg.export.explorer import find_entity, read_corpus, select
from kg.export.gather import CorpusGatherer
from kg.export.html import (
    DEFAULT_TITLE, export_html, json_pieces, render_page, render_shell, write_shell,
)
from kg.export.source import TurtleFile, feed
from tests.scale_corpus import make_corpus

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "html_fixture.ttl"


def reference_page(graph: Graph, focus: str | None = None, depth: int = 1, max_nodes: int = 300,
                   max_entities: int | None = None, title: str = DEFAULT_TITLE) -> bytes:
    """The page as it was made before the collector: read_corpus of the whole graph, then chosen."""
    corpus = read_corpus(graph)
    focus_iri = find_entity(corpus, focus) if focus else None
    return render_page(corpus, title, focus_iri, depth, max_nodes,
                       max_entities or page.MAX_ENTITIES).encode("utf-8")


def collected_page(source, **options) -> bytes:
    stream = io.BytesIO()
    export_html(source, stream, **options)
    return stream.getvalue()


def scattered_triples(graph: Graph, path: Path, seed: int = 3) -> Path:
    """``graph`` as N-Triples in random order with some lines twice: every subject comes in pieces."""
    lines = [line for line in graph.serialize(format="nt").splitlines() if line.strip()]
    rng = random.Random(seed)
    lines += rng.sample(lines, len(lines) // 10)
    rng.shuffle(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seeds and 60 generated articles, built (graph.ttl and the page): about 560 entities."""
    root = tmp_path_factory.mktemp("gather")
    corpus = make_corpus(root / "corpus")
    import kg

    kg.build([corpus], root / "out", workers=1, cache=False)
    return root / "out"


@pytest.fixture(scope="module")
def built_graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl", format="turtle")


@pytest.fixture
def tiny_batches(monkeypatch):
    """Scratch files written out every two records: the file, not the batch in memory, is read back."""
    monkeypatch.setattr(CorpusGatherer, "SCRATCH_BATCH", 2)


def test_a_build_makes_the_page_read_corpus_makes(built, built_graph):
    assert (built / "graph.html").read_bytes() == reference_page(built_graph)


@pytest.mark.parametrize("max_entities", [1, 7, 40, 200])
def test_a_build_carrying_fewer_entities_makes_the_same_page(tmp_path, built, built_graph, monkeypatch, tiny_batches,
                                                           max_entities):
    """The build's own path (templated statements, the spool's subjects), choosing among its entities."""
    import kg

    monkeypatch.setattr(page, "MAX_ENTITIES", max_entities)
    kg.build([built.parent / "corpus"], tmp_path / "out", workers=1, cache=False)
    made = (tmp_path / "out" / "graph.html").read_bytes()
    assert made == reference_page(built_graph)
    assert json.loads(made.split(b'id="kg-data">')[1].split(b"</script>")[0])["meta"]["carried"] == max_entities
    assert not list((tmp_path / "out").glob(".kg-page-*")), "the scratch files are removed"


@pytest.mark.parametrize("options", [{}, {"max_entities": 25}, {"max_entities": 3, "max_nodes": 2},
                                     {"focus": "工信部", "depth": 2, "max_entities": 30},
                                     {"focus": "国务院", "depth": 0, "max_entities": 5}])
def test_a_graph_file_makes_the_same_page(built, built_graph, tiny_batches, options):
    assert collected_page(TurtleFile(built / "graph.ttl"), **options) == reference_page(built_graph, **options)


@pytest.mark.parametrize("options", [{}, {"max_entities": 4}, {"focus": "工信部", "max_entities": 2}])
def test_subjects_in_pieces_and_repeated_triples_make_the_same_page(tmp_path, fixture_graph, built_graph,
                                                                     tiny_batches, options):
    """In any order, with triples twice: types, names, mentions and statements come apart."""
    for graph in (fixture_graph, built_graph):
        nt = scattered_triples(graph, tmp_path / "scattered.nt")
        assert collected_page(TurtleFile(nt), **options) == reference_page(graph, **options)


def test_an_rdflib_graph_makes_the_same_page(fixture_graph, tiny_batches):
    for options in ({}, {"max_entities": 4}, {"focus": "工信部", "depth": 2, "max_entities": 3}):
        assert collected_page(fixture_graph, **options) == reference_page(fixture_graph, **options)


@pytest.mark.parametrize("scattered", [False, True])
def test_the_heaviest_are_those_select_chooses(tmp_path, built_graph, scattered):
    """Most neighbours (each counted once, however many relations and repeated triples join
    them), then most articles, then label and IRI."""
    gatherer = CorpusGatherer()
    try:
        if scattered:
            TurtleFile(scattered_triples(built_graph, tmp_path / "scattered.nt")).feed(gatherer.add)
        else:
            feed(built_graph, gatherer.add)
        whole = read_corpus(built_graph)
        assert gatherer.entity_count() == len(whole.entities)
        for n in (1, 2, 10, 100, len(whole.entities)):
            assert gatherer.heaviest(n) == select(whole, None, 0, n)
    finally:
        gatherer.close()


def test_the_whole_corpus_is_read_corpus(fixture_graph, built_graph):
    for graph in (fixture_graph, built_graph):
        gatherer = CorpusGatherer()
        try:
            feed(graph, gatherer.add)
            assert gatherer.corpus() == read_corpus(graph)
        finally:
            gatherer.close()


def test_scratch_files_live_in_the_spill_folder_until_the_page_is_written(tmp_path, built, tiny_batches):
    collector = page.PageCollector(spill_dir=str(tmp_path))
    TurtleFile(built / "graph.ttl").feed(collector.add)
    scratch = list(tmp_path.glob(".kg-page-*"))
    assert len(scratch) == 4 and all(p.name.startswith(f".kg-page-{os.getpid()}-") for p in scratch)
    collector.write(io.BytesIO())
    assert not list(tmp_path.glob(".kg-page-*"))


def test_scratch_files_go_when_the_page_fails(tmp_path, built, tiny_batches):
    from kg.errors import UsageError

    collector = page.PageCollector(spill_dir=str(tmp_path), focus="没有这个机构")
    TurtleFile(built / "graph.ttl").feed(collector.add)
    assert list(tmp_path.glob(".kg-page-*"))
    with pytest.raises(UsageError, match="no entity has that name"):
        collector.write(io.BytesIO())
    assert not list(tmp_path.glob(".kg-page-*"))


def test_an_export_sets_its_scratch_files_beside_the_graph_file(tmp_path, built, tiny_batches, monkeypatch):
    seen: list[str | None] = []
    original = CorpusGatherer.__init__

    def spy(self, spill_dir=None):
        seen.append(spill_dir)
        original(self, spill_dir)

    monkeypatch.setattr(CorpusGatherer, "__init__", spy)
    collected_page(TurtleFile(built / "graph.ttl", spill_dir=str(tmp_path)))
    assert seen == [str(tmp_path)] and not list(tmp_path.glob(".kg-page-*"))


# ---------------------------------------------------------------- the page written a piece at a time

def test_json_pieces_join_to_json_dumps():
    value = {"a": [1, 2.5, "x<y>&", None, True], "b": {"c": list(range(1234)), "d": [[i, str(i)] for i in range(700)]},
             "e": [], "f": {}, "\u2028": "\u2029", "g": [{"h": (1, 2)}] * 3}
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for batch in (1, 2, 500, 5000):
        assert "".join(json_pieces(value, batch)) == expected
    lazy = dict(value, b={"c": iter(range(1234)), "d": ([i, str(i)] for i in range(700))}, e=iter(()))
    assert "".join(json_pieces(lazy, 7)) == expected


def test_write_shell_writes_what_render_shell_renders(fixture_graph):
    from kg.export.html import page_data

    data = page_data(read_corpus(fixture_graph), "标题 <b>&", None, 1, 300)
    stream = io.BytesIO()
    write_shell(stream, "标题 <b>&", data)
    assert stream.getvalue() == render_shell("标题 <b>&", data).encode("utf-8")


def test_a_scratch_file_reads_back_in_order_as_often_as_asked(tmp_path):
    from kg.io import ScratchFile

    scratch = ScratchFile(str(tmp_path), ".kg-page-", batch=3)
    assert list(scratch) == [] and not list(tmp_path.iterdir()), "no file before the first batch is full"
    items = [("s", i, "句子" * i) for i in range(10)]
    for item in items:
        scratch.append(item)
    folder, = tmp_path.iterdir()
    assert folder.name.startswith(f".kg-page-{os.getpid()}-") and Path(scratch.path).parent == folder
    assert list(scratch) == items and list(scratch) == items and len(scratch) == 10
    scratch.append(("t", 10, ""))
    assert list(scratch) == items + [("t", 10, "")]
    heavy = ScratchFile(str(tmp_path), ".kg-page-", batch=100)
    heavy.append(("hub", tuple(range(150))), size=150)  # an item counts as its size: written out at once
    assert heavy.path is not None and list(heavy) == [("hub", tuple(range(150)))]
    heavy.close()
    scratch.close()
    assert not list(tmp_path.iterdir()) and list(scratch) == []
