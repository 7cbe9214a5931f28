"""Incremental builds: only new and changed articles are extracted, and the graph is
byte-identical to a clean build of the same corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.scale_corpus import BAD_NAME, kg, make_corpus


@pytest.fixture()
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


def _clean_build(corpus: Path, out: Path) -> bytes:
    result = kg("build", str(corpus), "--out", str(out), "--format", "turtle", "--workers", "1", "--no-cache")
    assert result.exit_code == 1, result.output
    assert not (out / ".kg-cache").exists()
    return (out / "graph.ttl").read_bytes()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_rerun_after_edits_extracts_only_the_changes(corpus: Path, tmp_path: Path, workers: str):
    out = tmp_path / "out"
    args = ["build", str(corpus), "--out", str(out), "--format", "turtle", "--workers", workers]
    first = kg(*args)
    assert first.exit_code == 1 and "cache: 0 hits, 65 extracted" in first.output
    assert (out / "graph.ttl").read_bytes() == _clean_build(corpus, tmp_path / "clean0")

    again = kg(*args)
    assert "cache: 65 hits, 0 extracted" in again.output
    assert f"{BAD_NAME}: broken front matter" in again.output  # still reported: errors are not cached

    # one article changed, one added, one moved: two extractions, and the move keeps its new name
    generated = sorted((corpus / "generated").rglob("*.md"))
    edited = generated[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("印发", "正式印发", 1), encoding="utf-8")
    seed = (corpus / "seeds" / "001_6e642eb0af35ba1a.txt").read_text(encoding="utf-8")
    (corpus / "new_article.txt").write_text(seed.replace("王卫明", "王卫东"), encoding="utf-8")
    generated[1].rename(generated[1].with_name("moved_" + generated[1].name))
    third = kg(*args)
    assert "articles: 66 read, 1 skipped" in third.output
    assert "cache: 64 hits, 2 extracted" in third.output
    assert (out / "graph.ttl").read_bytes() == _clean_build(corpus, tmp_path / "clean1")
    assert b"moved_" in (out / "graph.ttl").read_bytes()


def test_a_broken_cache_entry_is_a_miss(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    args = ["build", str(corpus / "seeds"), "--out", str(out), "--format", "turtle", "--workers", "1"]
    kg(*args)
    entries = sorted(p for p in (out / ".kg-cache").rglob("*") if p.is_file())
    assert len(entries) == 5
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(entries[1].read_bytes()[:40])  # torn write
    result = kg(*args)
    assert result.exit_code == 0 and "cache: 3 hits, 2 extracted" in result.output
    assert "cache: 5 hits" in kg(*args).output  # and the entries were rewritten


def test_a_new_extractor_version_starts_a_fresh_cache(corpus: Path, tmp_path: Path, monkeypatch):
    from kg import extract as extract_module
    from kg.cache import extraction_fingerprint

    out = tmp_path / "out"
    args = ["build", str(corpus / "seeds"), "--out", str(out), "--format", "turtle", "--workers", "1"]
    kg(*args)
    old = [p.name for p in (out / ".kg-cache").iterdir()]
    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", "test-" + extract_module.EXTRACTOR_VERSION)
    extraction_fingerprint.cache_clear()
    try:
        result = kg(*args)
        assert "cache: 0 hits, 5 extracted" in result.output
        now = [p.name for p in (out / ".kg-cache").iterdir()]
        assert len(now) == 1 and now != old  # the stale folder is gone
    finally:
        monkeypatch.undo()
        extraction_fingerprint.cache_clear()


def test_no_cache_keeps_nothing(corpus: Path, tmp_path: Path):
    result = kg("build", str(corpus / "seeds"), "--out", str(tmp_path), "--format", "turtle", "--no-cache")
    assert result.exit_code == 0 and "cache:" not in result.output
    assert not (tmp_path / ".kg-cache").exists()


def test_cache_keys_depend_on_bytes_and_file_ending():
    from kg.cache import content_key

    assert content_key("a/x.txt", b"abc") == content_key("b/y.TXT", b"abc")
    assert content_key("x.txt", b"abc") != content_key("x.md", b"abc")  # the ending can pick the loader
    assert content_key("x.txt", b"abc") != content_key("x.txt", b"abd")


def _entries(out: Path) -> list[Path]:
    return sorted(p for p in (out / ".kg-cache").rglob("*") if p.is_file())


def test_a_planted_pickle_never_runs(corpus: Path, tmp_path: Path):
    """Issue 13, item 10: cache entries are data. A pickle that would run code is a miss, and is overwritten."""
    import pickle
    import zlib

    out = tmp_path / "out"
    args = ["build", str(corpus / "seeds"), "--out", str(out), "--format", "turtle", "--workers", "1"]
    kg(*args)
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (Path.write_text, (marker, "ran"))

    for entry in _entries(out):
        entry.write_bytes(zlib.compress(pickle.dumps(Exploit())))
    result = kg(*args)
    assert result.exit_code == 0 and "cache: 0 hits, 5 extracted" in result.output
    assert not marker.exists()
    import json

    from kg.cache import ENTRY_FORMAT

    assert all(json.loads(zlib.decompress(e.read_bytes()))["format"] == ENTRY_FORMAT for e in _entries(out))
    assert "cache: 5 hits" in kg(*args).output


def test_swapped_entries_are_misses_and_the_graph_stays_right(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    args = ["build", str(corpus / "seeds"), "--out", str(out), "--format", "turtle", "--workers", "1"]
    kg(*args)
    right = (out / "graph.ttl").read_bytes()
    a, b = _entries(out)[:2]
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    result = kg(*args)
    assert "cache: 3 hits, 2 extracted" in result.output
    assert (out / "graph.ttl").read_bytes() == right


@pytest.mark.parametrize("payload", [
    b"",
    b"x\x9c\x03\x00\x00\x00\x00\x01",                         # an empty zlib stream
    __import__("zlib").compress(b'{"format": "policy-kg extraction 1", "key": "k"}'),  # right key, no body
    __import__("zlib").compress(b"[" * 100000 + b"]" * 100000),  # deep JSON
    __import__("zlib").compress(b"0" * (70 << 20)),            # a zlib bomb past the size bound
])
def test_malformed_entries_are_misses(payload: bytes):
    from kg.cache import BadEntry, loads

    with pytest.raises(BadEntry):
        loads(payload, "k")


def test_an_entry_round_trips_exactly():
    from kg.cache import dumps, loads
    from kg.pipeline import extract_file
    from tests.conftest import SEEDS

    for path in sorted(SEEDS.iterdir()):
        extraction = extract_file(path)
        assert loads(dumps(extraction, "key1"), "key1") == extraction
