"""Issue 13, items 5, 6 and 9: a bug exits with a code of its own and names the article; output errors
(disk full, --out under a file, no permission) get one `kg: error:` line, and a full disk frees the
cache this run wrote."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_SKIPPED, EXIT_USAGE, main
from tests.conftest import SEEDS


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_exit_codes_are_distinct():
    assert len({EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERNAL}) == 5
    assert "70 internal error" in run("--help").output


def test_a_bug_on_one_article_names_it_and_exits_70(tmp_path: Path, monkeypatch):
    import kg.pipeline

    real = kg.pipeline.extract_file

    def buggy(path):
        if Path(path).name.startswith("002_"):
            raise ZeroDivisionError("division by zero")
        return real(path)

    monkeypatch.setattr(kg.pipeline, "extract_file", buggy)
    result = run("build", str(SEEDS), "--out", str(tmp_path), "--workers", "1")
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert "kg: internal error while processing " in result.output
    assert "002_02bab8e2bb98276c.txt: ZeroDivisionError: division by zero" in result.output
    assert "articles: 4 read" in result.output and (tmp_path / "graph.ttl").is_file()  # the others were built
    assert "Traceback" not in result.output


def test_a_bug_outside_any_article_exits_70_in_one_line(tmp_path: Path, monkeypatch):
    from kg.export.spool import TurtleSpool

    def explode(self, stream, taps=()):
        raise KeyError("oops")

    monkeypatch.setattr(TurtleSpool, "write", explode)  # graph.ttl is written by the spool
    result = run("build", str(SEEDS), "--out", str(tmp_path), "--format", "turtle", "--workers", "1")
    assert result.exit_code == EXIT_INTERNAL
    assert result.output.count("kg: internal error") == 1 and "KeyError: 'oops'" in result.output
    assert not (tmp_path / "graph.ttl").exists()


@pytest.mark.parametrize("setup, out", [
    ("file", "afile/sub"),           # --out under a file
    (None, "/proc/kg-test-out"),     # a folder that cannot be made
    (None, "/proc/self/kg/out"),     # nor here
])
def test_unwritable_output_is_one_error_line(tmp_path: Path, setup, out):
    if setup == "file":
        (tmp_path / "afile").write_text("x")
    target = out if out.startswith("/") else str(tmp_path / out)
    result = run("build", str(SEEDS), "--out", target, "--workers", "1")
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert result.output.startswith("kg: error: ") and "cannot write" in result.output
    assert "Traceback" not in result.output


def test_out_that_is_a_file_is_a_usage_error(tmp_path: Path):
    (tmp_path / "afile").write_text("x")
    result = run("build", str(SEEDS), "--out", str(tmp_path / "afile"), "--workers", "1")
    assert result.exit_code == EXIT_USAGE and "is a file" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(tmp_path: Path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run("build", str(SEEDS), "--out", str(out), "--workers", "1")
    finally:
        out.chmod(0o755)
    assert result.exit_code == EXIT_OUTPUT and "Permission denied" in result.output


@pytest.mark.parametrize("command", [["html"], ["export", "--format", "nt", "-o"]])
def test_other_commands_report_output_errors_too(tmp_path: Path, command):
    out = tmp_path / "o"
    assert run("build", str(SEEDS), "--out", str(out), "--format", "turtle", "--workers", "1").exit_code == 0
    (tmp_path / "afile").write_text("x")
    if command[0] == "html":
        args = ["html", str(out / "graph.ttl"), "--out", str(tmp_path / "afile" / "g.html")]
    else:
        args = ["export", str(out / "graph.ttl"), "--format", "nt", "-o", str(tmp_path / "afile" / "g.nt")]
    result = run(*args)
    assert result.exit_code == EXIT_OUTPUT and result.output.startswith("kg: error: ")
    assert "Traceback" not in result.output


def test_a_full_disk_says_so_and_frees_the_cache_this_run_wrote(tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    # an earlier run's cache entries stay; this run adds one entry, then the disk fills up
    first = run("build", str(corpus), "--out", str(out), "--format", "turtle", "--workers", "1")
    assert first.exit_code == 0
    before = sorted(p for p in (out / ".kg-cache").rglob("*") if p.is_file())
    (corpus / "new.txt").write_text("新的文章\n2021年12月28日\n近日，国家发展改革委印发《关于推动绿色发展的实施方案》。\n",
                                    encoding="utf-8")
    import kg.outputs

    real_staged = kg.outputs.OutputFolder.staged

    def full(self, name):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path / name))

    monkeypatch.setattr(kg.outputs.OutputFolder, "staged", full)
    result = run("build", str(corpus), "--out", str(out), "--format", "turtle", "--workers", "1")
    monkeypatch.setattr(kg.outputs.OutputFolder, "staged", real_staged)
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "no space left on device" in result.output
    assert "removed the 1 cache entries" in result.output
    after = sorted(p for p in (out / ".kg-cache").rglob("*") if p.is_file())
    assert after == before  # what this run wrote is gone, the rest stays
    leftovers = [p.name for p in out.iterdir() if p.name not in (".kg-cache", ".kg-lock", "graph.ttl")]
    assert leftovers == []
