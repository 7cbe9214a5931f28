"""Bounded memory: records and triples that spill to disk give the graph an all-in-memory build gives."""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from kg.graph.spill import SpillTable
from tests.scale_corpus import make_corpus


def _add(into: Counter, other: Counter) -> None:
    into.update(other)


@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_spill_table_folds_every_key_once_in_order(limit: int, tmp_path: Path):
    table: SpillTable[str, Counter] = SpillTable(_add, limit, str(tmp_path))
    words = "甲乙丙丁戊己庚辛壬癸" * 7 + "甲甲乙"
    for i, word in enumerate(words):
        table.setdefault(word, Counter)[i % 3] += 1
    other: SpillTable[str, Counter] = SpillTable(_add)
    other.setdefault("子", Counter)[0] += 5
    other.setdefault("甲", Counter)[1] += 1
    table.fold_all(other)
    items = list(table.items())
    assert [k for k, _ in items] == sorted(set(words) | {"子"})
    totals = {k: sum(c.values()) for k, c in items}
    assert totals == {**Counter(words), "子": 5, "甲": Counter(words)["甲"] + 1}
    table.close()
    assert list(tmp_path.iterdir()) == []  # run files are gone


def test_spilling_build_equals_the_graph_path(tmp_path: Path):
    """Tiny limits make records, grouped triples and blocks all spill; the bytes do not change."""
    from kg.export.spool import TurtleSpool
    from kg.export.turtle import turtle_prefixes, write_turtle
    from kg.graph.builder import GraphBuilder
    from kg.parallel import extract_corpus as build
    from kg.pipeline import expand_inputs

    paths = expand_inputs([str(make_corpus(tmp_path / "corpus"))])
    held = GraphBuilder()
    build(paths, held)
    graph = held.graph()
    expected = io.BytesIO()
    write_turtle(graph.triples((None, None, None)), expected, turtle_prefixes(held.base))

    spill = tmp_path / "spill"
    spill.mkdir()
    spool = TurtleSpool(turtle_prefixes(held.base), spill_triples=200, spill_dir=str(spill), spill_bytes=20_000)
    streaming = GraphBuilder(sink=spool, record_limit=7)
    build(paths, streaming, workers=2, chunk_size=5)
    assert streaming.entities._runs and spool._runs and spool._block_runs  # it did spill
    out = io.BytesIO()
    streaming.emit(spool)
    stats = spool.write(out)
    assert out.getvalue() == expected.getvalue()
    assert stats.triples == len(graph)
    assert list(spill.iterdir()) == []


def test_spill_runs_merge_in_tiers_and_keep_every_item(tmp_path: Path):
    from kg.io import SpillRuns, read_run

    runs = SpillRuns(str(tmp_path), ".runs-", key=lambda item: item[0], batch=3, fan_in=3)
    expected = []
    for r in range(20):
        items = sorted((f"k{(r * 7 + i) % 13:02d}", r, i) for i in range(5))
        expected += items
        runs.spill(items)
        assert len(runs) <= 2 * 3  # at most fan_in - 1 runs a tier, and 20 runs make three tiers
    merged = [item for reader in runs.readers() for item in reader]
    assert sorted(merged) == sorted(expected)  # nothing lost or repeated
    for path in runs:
        keys = [item[0] for item in read_run(path)]
        assert keys == sorted(keys)  # every run stays sorted
    assert len(list(Path(runs.directory).iterdir())) == len(runs)  # merged runs are deleted
    runs.clear()
    assert list(tmp_path.iterdir()) == []
