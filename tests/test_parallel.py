"""Parallel and distributed builds give the bytes of a clean single-process build,
and a bad file is skipped and reported in every mode."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.scale_corpus import BAD_NAME, kg, make_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> bytes:
    """graph.ttl of a plain build: one process, no cache."""
    out = tmp_path_factory.mktemp("reference")
    result = kg("build", str(corpus), "--out", str(out), "--format", "turtle", "--workers", "1", "--no-cache")
    assert result.exit_code == 1, result.output
    return (out / "graph.ttl").read_bytes()


def _check_bad_file_reported(result) -> None:
    assert result.exit_code == 1, result.output
    assert f"{BAD_NAME}: broken front matter" in result.output
    assert "articles: 65 read, 1 skipped" in result.output


def test_two_workers_give_the_same_bytes(corpus: Path, reference: bytes, tmp_path: Path):
    result = kg("build", str(corpus), "--out", str(tmp_path), "--format", "turtle", "--workers", "2", "--no-cache")
    _check_bad_file_reported(result)
    assert (tmp_path / "graph.ttl").read_bytes() == reference


@pytest.mark.parametrize("chunk_size", [1, 7])
def test_any_chunking_gives_the_same_graph(corpus: Path, reference: bytes, chunk_size: int):
    """Chunks are merged in input order, so where the cuts fall does not matter."""
    import io

    from kg.export.turtle import export_turtle
    from kg.graph.builder import GraphBuilder
    from kg.parallel import extract_corpus as build
    from kg.pipeline import expand_inputs

    builder = GraphBuilder()
    report = build(expand_inputs([str(corpus)]), builder, workers=2, chunk_size=chunk_size)
    assert report.read == 65 and [Path(e.path).name for e in report.skipped] == [BAD_NAME]
    out = io.BytesIO()
    export_turtle(builder, out, base_iri=builder.base)
    assert out.getvalue() == reference


def test_warnings_and_skips_come_in_input_order(corpus: Path):
    from kg.graph.builder import GraphBuilder
    from kg.parallel import extract_corpus as build
    from kg.pipeline import expand_inputs

    paths = expand_inputs([str(corpus)])
    one = build(paths, GraphBuilder(), workers=1)
    two = build(paths, GraphBuilder(), workers=2, chunk_size=3)
    assert one.warnings == two.warnings
    assert [str(e) for e in one.skipped] == [str(e) for e in two.skipped]


def test_dask_local_cluster_gives_the_same_bytes(corpus: Path, reference: bytes, tmp_path: Path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        for run in ("cold", "warm", "uncached"):  # the warm run is served from the cache kept on this side
            flags = ["--no-cache"] if run == "uncached" else []
            result = kg("build", str(corpus), "--out", str(tmp_path), "--format", "turtle",
                        "--scheduler", cluster.scheduler_address, *flags)
            _check_bad_file_reported(result)
            assert (tmp_path / "graph.ttl").read_bytes() == reference
            if run == "uncached":
                assert "cache:" not in result.output
            else:
                hits = 65 if run == "warm" else 0
                assert f"cache: {hits} hits, {65 - hits} extracted" in result.output


def test_dask_missing_is_a_usage_error(monkeypatch, corpus: Path, tmp_path: Path):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    result = kg("build", str(corpus / "seeds"), "--out", str(tmp_path), "--format", "turtle",
                "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert "pip install 'policy-kg[dask]'" in result.output


def test_workers_must_be_positive(tmp_path: Path, corpus: Path):
    result = kg("build", str(corpus / "seeds"), "--out", str(tmp_path), "--workers", "0")
    assert result.exit_code == 2
