"""Issue 13, items 7 and 8: a build's outputs are one unit; a second build into the same folder waits;
a killed build leaves no workers running, and its leftovers are removed by the next build."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.outputs import JOURNAL_NAME, OutputBusy, OutputFolder, recover, remove_stale, temp_name
from tests.conftest import ROOT, SEEDS
from tests.scale_corpus import _generator

KG = [sys.executable, "-m", "kg"]


def _corpus(folder: Path, n: int, seed: int) -> Path:
    _generator().generate(folder, n, seed)
    return folder


def _articles_in(out: Path) -> tuple[int, int]:
    """Articles in graph.ttl, and in graph.html (its header counts them): equal when they belong together."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    ttl = len(list(store.query("SELECT ?a WHERE { ?a a <https://w3id.org/policy-kg/ontology#Article> }")))
    html = (out / "graph.html").read_text(encoding="utf-8")
    m = re.search(r'"articles":(\d+)', html) or re.search(r"<b>([\d,]+)</b> articles", html)
    assert m, "the page counts its articles"
    return ttl, int(m.group(1).replace(",", ""))


def test_staged_outputs_replace_the_old_ones_together(tmp_path: Path):
    with OutputFolder(tmp_path) as folder:
        for name in ("a.txt", "b.txt"):
            with folder.staged(name) as f:
                f.write(b"one")
        folder.commit()
    with OutputFolder(tmp_path) as folder:
        with folder.staged("a.txt") as f:
            f.write(b"two")
        # the build fails before b.txt is written: nothing is replaced
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b.txt").read_bytes() == b"one"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_kill_between_the_renames_is_rolled_forward(tmp_path: Path, monkeypatch):
    with OutputFolder(tmp_path) as folder:
        for name in ("graph.ttl", "graph.html"):
            with folder.staged(name) as f:
                f.write(b"old")
        folder.commit()
    real_replace = os.replace
    calls = []

    def dies_after_first(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the journal went in, then one output: the process "dies"
            raise KeyboardInterrupt
        real_replace(src, dst)

    folder = OutputFolder(tmp_path).__enter__()
    for name in ("graph.ttl", "graph.html"):
        with folder.staged(name) as f:
            f.write(b"new")
    monkeypatch.setattr(os, "replace", dies_after_first)
    with pytest.raises(KeyboardInterrupt):
        folder.commit()
    monkeypatch.setattr(os, "replace", real_replace)
    os.close(folder._lock)  # dead, without cleaning up
    assert (tmp_path / JOURNAL_NAME).exists()
    assert {(tmp_path / n).read_bytes() for n in ("graph.ttl", "graph.html")} == {b"old", b"new"}
    # the next build into the folder finishes the commit first
    with OutputFolder(tmp_path):
        pass
    assert (tmp_path / "graph.ttl").read_bytes() == (tmp_path / "graph.html").read_bytes() == b"new"
    assert not (tmp_path / JOURNAL_NAME).exists()


def test_a_torn_journal_means_nothing_was_renamed(tmp_path: Path):
    (tmp_path / "graph.ttl").write_bytes(b"old")
    (tmp_path / JOURNAL_NAME).write_text('[["x", "graph.t')
    assert recover(tmp_path) == [] and not (tmp_path / JOURNAL_NAME).exists()
    (tmp_path / JOURNAL_NAME).write_text(json.dumps([["../escape", "graph.ttl"]]))
    assert recover(tmp_path) == [] and (tmp_path / "graph.ttl").read_bytes() == b"old"


def test_leftovers_of_dead_processes_are_removed_and_live_ones_kept(tmp_path: Path):
    dead, alive = 999_999_999, os.getppid()
    stale = [tmp_path / temp_name("graph.ttl", dead), tmp_path / f".kg-turtle-{dead}-abc",
             tmp_path / f".kg-page-{dead}-abc", tmp_path / ".kg-cache" / "f-json" / "ab" / f".abcd.x1.kg{dead}.tmp"]
    kept = [tmp_path / temp_name("graph.ttl", alive), tmp_path / f".kg-records-{alive}-abc", tmp_path / "graph.ttl",
            tmp_path / ".graph.html.abc.tmp"]  # not ours: no pid in the name
    for path in stale + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        if "turtle" in path.name or "records" in path.name or "page" in path.name:
            path.mkdir()
            (path / "run00001.pickle").write_bytes(b"x" * 100)
        else:
            path.write_bytes(b"x")
    removed = remove_stale(tmp_path)
    assert sorted(removed) == sorted(stale)
    assert all(p.exists() for p in kept) and not any(p.exists() for p in stale)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_zombie_is_dead_and_its_leftovers_go(tmp_path: Path):
    """A killed build's workers may linger as zombies where nobody reaps orphans (a container
    whose first process is a shell): they write nothing more, so their files are stale."""
    from kg.outputs import pid_alive

    child = os.fork()
    if child == 0:
        os._exit(0)
    try:
        deadline = time.time() + 5
        while time.time() < deadline:
            if Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                break
            time.sleep(0.01)
        leftover = tmp_path / ".kg-cache" / "f-json" / "ab" / f".abcd.x1.kg{child}.tmp"
        leftover.parent.mkdir(parents=True)
        leftover.write_bytes(b"half")
        assert pid_alive(os.getpid()) and not pid_alive(child)
        assert remove_stale(tmp_path) == [leftover] and not leftover.exists()
    finally:
        os.waitpid(child, 0)


def test_a_second_build_waits_or_fails_clearly(tmp_path: Path):
    with OutputFolder(tmp_path):
        with pytest.raises(OutputBusy, match=f"another build \\(pid {os.getpid()}\\)"):
            OutputFolder(tmp_path, wait=False).__enter__()


def _wait_for_children(pid: int, timeout: float = 20) -> list[int]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        kids = _children(pid)
        if len(kids) >= 2:
            return kids
        time.sleep(0.05)
    return _children(pid)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_kill_9_takes_the_workers_along_and_the_next_build_cleans_up(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus", 400, 3)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = KG + ["build", str(corpus), "--out", str(out), "--workers", "2", "--format", "turtle", "-q"]
    proc = subprocess.Popen(args, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _wait_for_children(proc.pid)
    assert len(workers) >= 2, "the build started its workers"
    time.sleep(1.0)  # some chunks in, spill and cache files being written
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 5
    while any(_alive(w) for w in workers) and time.time() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers), "workers died with their parent"
    # what the dead build left, marked with its pid, goes with the next build
    planted = out / temp_name("graph.ttl", proc.pid)
    planted.write_bytes(b"@prefix half")
    again = subprocess.run(args[:-1], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    hidden = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (".kg-cache", ".kg-lock")]
    assert hidden == []
    assert not [p for p in (out / ".kg-cache").rglob(".*") if p.is_file()]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_near_simultaneous_builds_of_different_corpora_never_mix(tmp_path: Path):
    """Each build waits for the one before; after all, graph.ttl and graph.html come from one corpus."""
    corpora = [_corpus(tmp_path / f"c{i}", 10 + 7 * i, i) for i in range(4)]
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(KG + ["build", str(c), "--out", str(out), "--workers", "1", "--no-cache"],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in corpora]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    ttl, html = _articles_in(out)
    assert ttl == html and ttl in {10 + 7 * i for i in range(4)}
    # and no build into a held folder went unnoticed: at least one of them waited and said so
    assert any("waiting for it" in err for _, err in results)
