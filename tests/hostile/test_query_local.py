"""Issue 13, item 16: `kg query` stays local and read-only."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import EXIT_USAGE, main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "query_fixture.ttl"


@pytest.fixture()
def endpoint():
    """A local HTTP server that counts the requests it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ ?x ?y ?z . service   <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}>\nSELECT * WHERE {{ SERVICE e: {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_sends_nothing(endpoint, template):
    url, hits = endpoint
    result = CliRunner().invoke(main, ["query", template.format(url=url), "-g", str(FIXTURE)])
    assert result.exit_code == EXIT_USAGE
    assert "SERVICE refused" in result.output and "--allow-service" in result.output
    assert hits == []


def test_allow_service_lets_it_through(endpoint):
    url, hits = endpoint
    query = f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(main, ["query", query, "-g", str(FIXTURE), "--allow-service"])
    assert "SERVICE refused" not in result.output
    assert hits, "the query did call the endpoint it names"


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.com/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://x/g>",
    "# a comment first\nCREATE GRAPH <http://x/g>",
])
def test_updates_are_read_only_errors(update):
    result = CliRunner().invoke(main, ["query", update, "-g", str(FIXTURE)])
    assert result.exit_code == EXIT_USAGE
    assert "read-only" in result.output and "expected CONSTRUCT" not in result.output


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s ?p "SERVICE" }',                       # a string, not the keyword
    "SELECT ?s WHERE { ?s <http://x/SERVICE> ?o }",              # an IRI
    "# SERVICE <http://x/>\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1",  # a comment
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",          # a variable
])
def test_the_word_elsewhere_is_fine(query):
    result = CliRunner().invoke(main, ["query", query, "-g", str(FIXTURE)])
    assert result.exit_code == 0, result.output
