"""Issue 13, items 1-4 and the smaller ones: the seeds plus one hostile file. The bad file is
read (with a warning) or skipped (named, with its reason); the corpus is always built, and
graph.ttl and graph.html are always written and readable."""
from __future__ import annotations

import codecs
import os
import re
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import SEEDS

BODY = "近日，国家发展改革委印发《关于推动制造业绿色发展的实施方案》。《方案》提出，到2025年单位工业增加值能耗下降13.5%。"


def md(front: str, body: str = BODY) -> bytes:
    return f"---\n{front}\n---\n\n{body}\n".encode()


def page(head: str = "", body: str = f"<p>{BODY}</p>") -> bytes:
    return f"<html><head><title>测试页面</title>{head}</head><body><article>{body}</article></body></html>".encode()


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, n in zip("abcdefgh", "bcdefghi"))

# (case, file name, bytes, outcome, text the stderr must hold)
CASES = [
    ("impossible month", "d1.md", md("title: 测试一\ndate: 2021-13-45"), "read", "is not a real date"),
    ("30 February", "d2.md", md("title: 测试二\ndate: 2021-02-30"), "read", "is not a real date"),
    ("zone +99:00 in meta", "d3.html",
     page('<meta name="pubdate" content="2021-12-28T10:00:00+99:00">'), "read", "no date found"),
    ("zone +24:00 in a dateline", "d4.html",
     page(body=f'<div class="info">2021-12-28 10:00:00 +24:00</div><p>{BODY}</p>'), "read", None),
    ("year 1", "d5.md", md("title: 测试五\ndate: 0001-01-01"), "read", "is not a real date"),
    ("year 9999", "d6.md", md("title: 测试六\ndate: 9999-12-31T23:59:59+14:00"), "read", "is not a real date"),
    ("alias bomb as title", "y1.md", md(BOMB + "title: *i\ncategories: *i"), "read", "'title' is a list"),
    ("title a mapping", "y2.md", md("title: {a: 1}"), "read", "'title' is a dict"),
    ("title !!binary", "y3.md", md("title: !!binary 5rWL6K+V"), "read", "'title' is a bytes"),
    ("front matter nested too deep", "y4.md", md("title: " + "[" * 5000 + "]" * 5000), "skipped", "broken front matter"),
    ("UTF-16 with a BOM", "u16.txt", codecs.BOM_UTF16_LE + f"测试标题\n2021年12月28日\n{BODY}\n".encode("utf-16-le"),
     "read", None),
    ("one stray byte in UTF-8", "stray.txt",
     f"测试标题\n2021年12月28日\n{BODY}".encode()[:40] + b"\xff" + f"{BODY}\n".encode(), "read", "not UTF-8 at byte offset"),
    ("Shift-JIS Japanese", "sjis.txt",
     "これは日本語の記事です。\n経済産業省は、ものづくり白書を公表しました。ひらがなとカタカナが多い文章です。\n".encode("shift_jis"),
     "skipped", "Japanese text"),
    ("too deeply nested page", "deep.html",
     ("<html><body>" + "<div>" * 400 + f"<p>{BODY}</p>" + "</div>" * 400 + "</body></html>").encode(),
     "skipped", "nested deeper than"),
    ("text past the size limit", "long.txt", ("测试标题\n" + BODY * 3500).encode(), "skipped", "too long"),
    ("file past the size limit", "huge.txt", b"x" * ((8 << 20) + 1), "skipped", "too large"),
    ("URL with a space, newline and <", "url.md",
     md('title: 测试链接\ndate: 2021-12-28\nurl: "http://example.com/a b\\n<script>"'), "read", None),
    ("control characters and a lone surrogate in the title", "ctl.md",
     md('title: "测试\\e[31m红色\\x0b\\f\\u2028\\x85标题"\ndate: 2021-12-28'), "read", None),
]


def _build(tmp_path: Path, name: str | bytes, data: bytes, *extra: str):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    target = os.path.join(os.fsencode(corpus), name) if isinstance(name, bytes) else corpus / name
    with open(target, "wb") as f:
        f.write(data)
    out = tmp_path / "out"
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "--workers", "1", *extra])
    return result, out, time.perf_counter() - started


def _readable(out: Path) -> int:
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "</html>" in html
    return len(store)


@pytest.mark.parametrize("case, name, data, outcome, message", CASES, ids=[c[0] for c in CASES])
def test_one_bad_file_never_sinks_the_corpus(tmp_path: Path, case, name, data, outcome, message):
    result, out, seconds = _build(tmp_path, name, data)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if outcome == "read":
        assert result.exit_code == 0, result.output
        assert "articles: 6 read, 0 skipped" in result.output
    else:
        assert result.exit_code == 1, result.output
        assert "articles: 5 read, 1 skipped" in result.output
        assert re.search(rf"kg: skipped .*{re.escape(name)}: ", result.output)
    if message:
        assert message in result.output
    assert _readable(out) > 500
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "['" not in turtle and "{'a'" not in turtle and "b'" not in turtle  # no Python repr in the graph
    assert seconds < 30


def test_a_file_name_that_is_not_utf8(tmp_path: Path):
    name = "测试".encode("gbk") + b".txt"  # a GBK name, as unzipped from Windows
    result, out, _ = _build(tmp_path, name, f"测试标题\n2021年12月28日\n{BODY}\n".encode())
    assert result.exit_code == 0, result.output
    assert "articles: 6 read" in result.output
    assert _readable(out) > 500
    assert '"%B2%E2%CA%D4.txt"' in (out / "graph.ttl").read_text(encoding="utf-8")  # its bytes, shown


def test_a_broken_name_is_shown_readably_when_skipped(tmp_path: Path):
    result, _, _ = _build(tmp_path, b"\xff\x1b[2J.txt", b"")
    assert result.exit_code == 1
    assert "kg: skipped " in result.output and "%FF%1B[2J.txt: empty file" in result.output
    assert "\x1b" not in result.output  # no raw escape sequence reaches the terminal


def test_url_becomes_a_valid_iri(tmp_path: Path):
    _, out, _ = _build(tmp_path, "url.md", CASES[16][2])
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "<http://example.com/a%20b%0A%3Cscript%3E>" in turtle
    result = CliRunner().invoke(main, ["query", "SELECT ?u WHERE { ?a schema:url ?u }", "-g", str(out / "graph.ttl"),
                                       "-f", "csv"])
    assert result.exit_code == 0 and "http://example.com/a%20b%0A%3Cscript%3E" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_dangling_links_and_unreadable_folders_are_named(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "gone.md").symlink_to(tmp_path / "nowhere.md")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "pipe.txt: a FIFO (named pipe), not a file" in result.output
    assert "gone.md: a dangling link" in result.output
    assert "articles: 5 read, 2 skipped" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_sub_folder_is_named(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("x")
    locked.chmod(0)
    try:
        result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out"), "--workers", "1"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1 and "locked: folder not read" in result.output
