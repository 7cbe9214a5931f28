"""`kg serve` over real HTTP: the SPARQL endpoint with real clients (SPARQLWrapper, rdflib's SPARQLStore), the API.

The server runs in a thread (uvicorn on a free loopback port) over an on-disk
Oxigraph store built from the HTML fixture; answers are compared with `kg query`'s.
"""
from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.query import run_query

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "html_fixture.ttl"
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
ID = "https://w3id.org/policy-kg/id/"
MINISTRY = ID + "organization/o000000000000002"
NDRC = ID + "organization/o000000000000003"
PLAN_FUSION = ID + "plan/l000000000000002"
OFFICE = ID + "organization/o000000000000004"
MINISTER = ID + "official/p000000000000001"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from kg.serve import open_graph

    return open_graph(FIXTURE, tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store):
    from kg.serve import create_app

    running = Running(create_app(store, timeout=5))
    yield running
    running.stop()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def plain(value) -> str:
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


# ---------------------------------------------------------------- SPARQL with real clients

@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_gives_kg_querys_answers(server, path, method):
    from SPARQLWrapper import JSON, SPARQLWrapper

    text = path.read_text(encoding="utf-8")
    expected = run_query(text, FIXTURE)
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(text)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert answer["head"]["vars"] == expected.columns
    got = [[plain(b.get(c, {}).get("value")) for c in expected.columns] for b in answer["results"]["bindings"]]
    assert got == [[plain(v) for v in row] for row in expected.rows], "same rows, same order"
    assert got, f"{path.name} answers something on the fixture"


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_rdflib_sparqlstore_gives_kg_querys_answers(server, path):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    text = path.read_text(encoding="utf-8")
    expected = run_query(text, FIXTURE)
    remote = Graph(store=SPARQLStore(server.url + "/sparql", returnFormat="xml"))
    got = [[plain(value) for value in row] for row in remote.query(text)]  # rdflib terms by their lexical form
    assert got == [[plain(v) for v in row] for row in expected.rows]
    assert got


@pytest.mark.parametrize("accept, media, check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["results"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
    ("text/csv", "text/csv", lambda b: b.decode().splitlines()[0] == "s,l"),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[0] == "?s\t?l"),
    ("", "application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"] == ["s", "l"]),
    ("*/*", "application/sparql-results+json", lambda b: True),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", lambda b: True),
])
def test_select_format_follows_accept(server, accept, media, check):
    query = "SELECT ?s ?l WHERE { ?s a kg:Ministry ; rdfs:label ?l }"  # kg: and rdfs: are predeclared
    status, content_type, body = fetch(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                       headers={"Accept": accept} if accept else {})
    assert status == 200, body
    assert content_type.split(";")[0] == media
    assert check(body)
    assert "工业和信息化部".encode() in body


@pytest.mark.parametrize("accept, media, fmt", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("", "text/turtle", "turtle"),
])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_answers_as_turtle_or_ntriples(server, store, accept, media, fmt, form):
    query = ("CONSTRUCT { ?p kg:issuedBy ?o } WHERE { ?p kg:issuedBy ?o }" if form == "CONSTRUCT"
             else f"DESCRIBE <{MINISTRY}>")
    status, content_type, body = fetch(server.url + "/sparql", data=query.encode(),
                                       headers={"Content-Type": "application/sparql-query",
                                                **({"Accept": accept} if accept else {})})
    assert status == 200, body
    assert content_type.split(";")[0] == media
    got = Graph().parse(data=body.decode(), format=fmt)
    expected = Graph()
    for s, p, o in run_query(query, FIXTURE).rows:
        expected.parse(data=f"<{s}> <{p}> {'<' + o + '>' if o.startswith('http') else json.dumps(o)} .", format="nt")
    assert len(got) == len(expected) > 0
    if form == "CONSTRUCT":
        assert isomorphic(got, expected)


@pytest.mark.parametrize("how, status, words", [
    ({"data": b"update=INSERT+DATA+%7B%3Ca%3Ab%3E+%3Ca%3Ac%3E+%3Ca%3Ad%3E+%7D",
      "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 403, "read-only"),
    ({"data": "INSERT DATA { <a:b> <a:c> <a:d> }".encode(), "headers": {"Content-Type": "application/sparql-update"}},
     403, "read-only"),
    ({"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}, 403, "read-only"),
    ({"query": "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }"}, 403, "read-only"),
    ({"query": "LOAD <http://example.org/data.ttl>"}, 403, "read-only"),
    ({"query": "CLEAR ALL"}, 403, "read-only"),
    ({"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, 403, "SERVICE"),
    ({"query": "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }"}, 403, "SERVICE"),
    ({"query": "SELECT * WHERE { ?s ?p ?o "}, 400, "malformed"),
    ({"query": ""}, 400, "give a SPARQL query"),
    ({"data": b"SELECT * {}", "headers": {"Content-Type": "text/plain"}}, 415, "application/sparql-query"),
])
def test_updates_load_service_and_bad_requests_are_refused(server, store, how, status, words):
    if "query" in how:
        got, _, body = fetch(server.url + "/sparql?" + urllib.parse.urlencode({"query": how["query"]}))
    else:
        got, _, body = fetch(server.url + "/sparql", data=how["data"], headers=how["headers"])
    assert got == status, body
    assert words in body.decode()
    assert len(list(store.quads_for_pattern(None, None, None))) == len(Graph().parse(FIXTURE)), "store unchanged"


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s rdfs:label "SERVICE" }',  # the word in a string
    "# SERVICE <http://x/> in a comment\nSELECT ?s WHERE { ?s a kg:Plan }",
    "SELECT ?s WHERE { ?s a <http://example.org/INSERT> }",
])
def test_keywords_inside_strings_comments_and_iris_are_not_refused(server, query):
    status, _, body = fetch(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 200, body


def test_a_slow_query_times_out(store):
    from kg.serve import create_app

    running = Running(create_app(store, timeout=0.05))
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        status, _, body = fetch(running.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
        assert status == 503 and b"timed out after 0.05 s" in body
    finally:
        running.stop()


# ---------------------------------------------------------------- the explorer's API

def api(server, path: str):
    status, content_type, body = fetch(server.url + path)
    return status, json.loads(body) if content_type.startswith("application/json") else body


@pytest.mark.parametrize("query, first", [
    ("工業和信息化部", MINISTRY),  # traditional script
    ("发改委", NDRC),  # an alias
    ("办公厅", OFFICE),  # part of a name
    ("肖亚庆", MINISTER),
])
def test_search(server, query, first):
    status, answer = api(server, "/api/search?" + urllib.parse.urlencode({"q": query}))
    assert status == 200
    entities = answer["bundle"]["entities"]
    assert entities[str(answer["hits"][0][0])][0] == first


def test_search_finds_nothing_for_an_unknown_name(server):
    status, answer = api(server, "/api/search?q=" + urllib.parse.quote("交通运输部"))
    assert status == 200 and answer["hits"] == []


def test_entity_comes_with_its_neighbourhood(server):
    status, answer = api(server, "/api/entity?" + urllib.parse.urlencode({"iri": MINISTRY}))
    assert status == 200
    iris = {r[0] for r in answer["bundle"]["entities"].values()}
    assert iris == {MINISTRY, PLAN_FUSION, OFFICE, MINISTER}
    assert len(answer["bundle"]["relations"]) == 3
    assert all(str(sid) in answer["bundle"]["sentences"] for r in answer["bundle"]["relations"].values()
               for sid in r[4])
    status, again = api(server, f"/api/entity?i={answer['index']}")
    assert again == answer
    assert api(server, "/api/entity?iri=" + urllib.parse.quote(ID + "nothing"))[0] == 404
    assert api(server, "/api/entity?i=x")[0] == 400


def test_view_and_tables(server):
    status, view = api(server, "/api/view")
    assert status == 200 and view["meta"]["entities"] == 11 and len(view["drawn"]) == 11
    status, plans = api(server, "/api/tables/plans")
    assert status == 200 and plans["columns"][0] == "plan" and len(plans["rows"]) == 2
    assert api(server, "/api/tables/nope")[0] == 404


def test_the_page_is_the_explorer_without_data(server):
    status, content_type, body = fetch(server.url + "/")
    page = body.decode()
    assert status == 200 and content_type.startswith("text/html")
    assert "connect-src 'self'" in page
    assert '"mode":"server"' in page and "工业和信息化部" not in page


# ---------------------------------------------------------------- the command

@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("::1", True), ("localhost", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False),
])
def test_loopback_hosts(host, loopback):
    from kg.cli.serve import is_loopback

    assert is_loopback(host) is loopback


def test_cli_needs_a_graph(tmp_path):
    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2 and "missing.ttl" in result.stderr
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path)])
    assert result.exit_code == 2 and "not an Oxigraph store" in result.stderr


def test_cli_help_documents_every_option():
    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    for option in ("--store", "--host", "--port", "--timeout", "--title", "/sparql", "127.0.0.1"):
        assert option in result.output


def test_cli_warns_when_listening_beyond_loopback(tmp_path, monkeypatch):
    """The warning comes before the server starts; uvicorn's run is replaced so the test does not listen."""
    import uvicorn

    from kg.cli import main

    monkeypatch.setattr(uvicorn.Server, "run", lambda self: setattr(self, "started", True))
    result = CliRunner().invoke(main, ["serve", str(FIXTURE), "--store", str(tmp_path / "s"), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "warning: listening on 0.0.0.0, not a loopback address" in result.stderr
    quiet = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "s")])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    assert "http://127.0.0.1:8000/sparql" in quiet.stderr
