"""`kg build` end to end through the real command: outputs, summary, exit codes, bad input."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main

from tests.conftest import SEEDS


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_seeds_writes_turtle_and_html(tmp_path: Path):
    result = _run("build", str(SEEDS), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    ttl = tmp_path / "out" / "graph.ttl"
    assert len(Graph().parse(ttl, format="turtle")) > 500
    assert (tmp_path / "out" / "graph.html").stat().st_size > 1000
    assert "articles: 5 read, 0 skipped" in result.output
    assert "entities: Organization" in result.output and "triples:" in result.output and "seconds:" in result.output


def test_inputs_mix_files_folders_and_globs(tmp_path: Path):
    nested = tmp_path / "corpus" / "2021"
    nested.mkdir(parents=True)
    shutil.copy(SEEDS / "001_6e642eb0af35ba1a.txt", nested / "a.txt")
    shutil.copy(SEEDS / "004_154e176e49f8efe2.txt", tmp_path / "b.md")
    shutil.copy(SEEDS / "003_bfa3c1ea823b1a12.txt", tmp_path / "c.txt")
    result = _run("build", str(tmp_path / "corpus"), str(tmp_path / "b.md"), str(tmp_path / "c*"),
                  "--out", str(tmp_path / "out"), "--format", "ttl")
    assert result.exit_code == 0, result.output
    assert "articles: 3 read, 0 skipped" in result.output


def test_a_bad_file_is_named_and_skipped_and_the_rest_is_built(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_6e642eb0af35ba1a.txt", corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.md").write_text("---\ntitle: [oops\n---\n<p>x</p>", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out"), "--format", "turtle"])
    assert result.exit_code == 1
    assert f"{corpus / 'empty.txt'}: empty file" in result.output
    assert f"{corpus / 'broken.md'}: broken front matter" in result.output
    assert "articles: 1 read, 2 skipped" in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_usage_errors_exit_2(tmp_path: Path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no such file" in result.output
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "o"), "--format", "nope"])
    assert result.exit_code == 2 and "unknown export format 'nope'; known: turtle" in result.output


def test_order_of_inputs_does_not_change_the_bytes(tmp_path: Path, seed_paths):
    names = [str(p) for p in seed_paths]
    _run("build", *names, "--out", str(tmp_path / "a"), "--format", "turtle")
    _run("build", *reversed(names), "--out", str(tmp_path / "b"), "--format", "turtle")
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()


def test_failed_export_leaves_the_previous_graph_whole(tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    _run("build", str(SEEDS), "--out", str(out), "--format", "turtle")
    before = (out / "graph.ttl").read_bytes()

    def explode(self, stream, taps=()):
        stream.write(b"@prefix half")
        raise KeyboardInterrupt

    from kg.export.spool import TurtleSpool

    monkeypatch.setattr(TurtleSpool, "write", explode)  # graph.ttl is written by the spool
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out), "--format", "turtle"])
    assert result.exit_code != 0
    assert (out / "graph.ttl").read_bytes() == before
    # no temporary file left behind (the extraction cache is meant to stay)
    assert [p.name for p in out.iterdir() if p.name not in (".kg-cache", ".kg-lock")] == ["graph.ttl"]


@pytest.mark.parametrize("formats", [(), ("ntriples", "trig", "graphml", "neo4j")])
def test_builds_hold_no_rdflib_graph(tmp_path: Path, monkeypatch, formats):
    """One graph path: the default build (Turtle and the page) and every streaming format are made
    from the spool's stream, never from an rdflib Graph (JSON-LD alone needs one, see the README)."""
    import rdflib

    def refuse(self, triple):
        raise AssertionError("a build put a triple into an rdflib Graph")

    monkeypatch.setattr(rdflib.Graph, "add", refuse)
    args = [arg for fmt in formats for arg in ("--format", fmt)]
    result = _run("build", str(SEEDS), "--out", str(tmp_path / "o"), *args)
    assert result.exit_code == 0, result.output
    assert "kg: note:" not in result.output  # nothing to warn about at any size
