"""The shipped queries give the same answers in a real triple store (Virtuoso Open Source) as `kg query`.

The fixture starts Debian's ``virtuoso-t`` on loopback only, with free ports and a
throw-away database directory, loads the fixture graph and the seeds graph (built by the
current code) each into its own named graph with
``DB.DBA.TTLP_MT`` through ``isql-vt``, and asks the SPARQL HTTP endpoint. It skips,
with the reason, when Virtuoso is not installed or does not come up.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.query import json_value
from kg.query import literal_value, with_prefixes

pytestmark = pytest.mark.virtuoso

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "query_fixture.ttl"
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
GRAPH_NAMES = ("fixture", "seeds")
STARTUP_SECONDS = 120
# Columns holding a "; "-joined list in no guaranteed order (GROUP_CONCAT).
UNORDERED_LISTS = {"co_issuers"}

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass
class Virtuoso:
    endpoint: str
    graphs: dict[str, str]  # name -> named-graph IRI holding that graph

    def select(self, query: str, graph: str) -> tuple[list[str], list[list[Any]]]:
        """Run ``query`` (with the standard prefixes) on one named graph; plain values like kg.query's."""
        data = urllib.parse.urlencode({"query": with_prefixes(query), "default-graph-uri": graph}).encode()
        request = urllib.request.Request(self.endpoint, data=data,
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.load(response)
        columns = body["head"]["vars"]
        rows = [[_term(binding.get(c)) for c in columns] for binding in body["results"]["bindings"]]
        return columns, rows


def _term(binding: dict | None) -> Any:
    if binding is None:
        return None
    if binding["type"] == "uri":
        return binding["value"]
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    return literal_value(binding["value"], binding.get("datatype"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isql() -> str | None:
    """Virtuoso's isql: Debian names it isql-vt (plain ``isql`` is usually unixODBC's)."""
    for name in ("isql-vt", "isql-v"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def _log_tail(workdir: Path) -> str:
    for name in ("virtuoso.log", "stdout.log"):
        path = workdir / name
        if path.is_file() and path.stat().st_size:
            return path.read_text(errors="replace")[-1500:]
    return "(no log)"


def _wait_until_up(proc: subprocess.Popen, endpoint: str, workdir: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.skip(f"virtuoso-t exited with {proc.returncode} at startup: {_log_tail(workdir)}")
        try:
            with urllib.request.urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    pytest.skip(f"virtuoso-t did not answer on {endpoint} within {STARTUP_SECONDS}s: {_log_tail(workdir)}")


def _load(isql: str, sql_port: int, path: Path, graph_iri: str) -> None:
    statement = f"DB.DBA.TTLP_MT(file_to_string_output('{path}'), '', '{graph_iri}', 0); checkpoint;"
    done = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"loading {path} into Virtuoso failed:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="module")
def graph_files(tmp_path_factory: pytest.TempPathFactory, seeds_graph) -> dict[str, Path]:
    """The fixture graph, and the seeds graph as the current code builds it (conftest's seeds_graph)."""
    from kg.export import export

    seeds = tmp_path_factory.mktemp("seeds") / "graph.ttl"
    with open(seeds, "wb") as stream:
        export(seeds_graph, stream, "turtle")
    return {"fixture": FIXTURE, "seeds": seeds}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, graph_files: dict[str, Path]) -> Iterator[Virtuoso]:
    server, isql = shutil.which("virtuoso-t"), _isql()
    if server is None or isql is None:
        pytest.skip("virtuoso-t/isql-vt not found: apt-get install virtuoso-opensource")
    workdir = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    (workdir / "virtuoso.ini").write_text(INI.format(dir=workdir, sql_port=sql_port, http_port=http_port))
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    with open(workdir / "stdout.log", "wb") as log:
        proc = subprocess.Popen([server, "+foreground", "+configfile", str(workdir / "virtuoso.ini")],
                                cwd=workdir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(proc, endpoint, workdir)
        graphs: dict[str, str] = {}
        for name, path in graph_files.items():
            copy = workdir / f"{name}.ttl"  # inside DirsAllowed
            shutil.copyfile(path, copy)
            graphs[name] = f"urn:policy-kg:test:{name}"
            _load(isql, sql_port, copy, graphs[name])
        yield Virtuoso(endpoint, graphs)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _normalise(columns: list[str], rows: list[list[Any]]) -> Counter:
    """Rows as a multiset, with the differences two correct stores may show evened out:
    order, GROUP_CONCAT order, empty-string vs unbound aggregates, Decimal vs JSON numbers."""
    out: Counter = Counter()
    for row in rows:
        cells = []
        for column, value in zip(columns, row):
            value = json_value(value)
            if value == "":
                value = None
            if column in UNORDERED_LISTS and isinstance(value, str):
                value = "; ".join(sorted(value.split("; ")))
            cells.append(value)
        out[tuple(cells)] += 1
    return out


def kg_query_json(query: Path, graph: Path) -> tuple[list[str], list[list[Any]]]:
    result = CliRunner().invoke(main, ["query", str(query), "--graph", str(graph), "--format", "json"])
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)
    columns = list(objects[0]) if objects else []
    return columns, [list(o.values()) for o in objects]


@pytest.mark.parametrize("graph_name", GRAPH_NAMES)
@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_virtuoso_gives_the_same_answers(virtuoso: Virtuoso, graph_files: dict[str, Path], graph_name: str,
                                         query: Path) -> None:
    ours_columns, ours = kg_query_json(query, graph_files[graph_name])
    theirs_columns, theirs = virtuoso.select(query.read_text(encoding="utf-8"), virtuoso.graphs[graph_name])
    if ours:
        assert ours_columns == theirs_columns
    assert len(ours) > 0 or graph_name != "fixture", "every shipped query has answers on the fixture"
    assert _normalise(theirs_columns, theirs) == _normalise(ours_columns, ours)


def test_virtuoso_holds_the_whole_graph(virtuoso: Virtuoso, graph_files: dict[str, Path]) -> None:
    from rdflib import Graph

    for name, iri in virtuoso.graphs.items():
        _, rows = virtuoso.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", iri)
        assert rows == [[len(Graph().parse(graph_files[name], format="turtle"))]]
