"""`kg serve`: the explorer and a read-only SPARQL endpoint over an on-disk Oxigraph store.

For graphs too big for one HTML file, and for tools that speak SPARQL. Built on
Starlette (routing, requests, responses) and served by uvicorn; nothing here
speaks HTTP by hand.

* ``/`` is the same explorer page as ``graph.html``, except that it carries no
  data: its script asks the JSON API for what it shows.
* ``/api/view``, ``/api/search?q=``, ``/api/entity?i=N`` or ``?iri=IRI``,
  ``/api/tables/{plans|targets|officials|organizations}`` answer with the
  bundles described in :mod:`kg.export.explorer`. They are computed from a
  summary of the graph read out of the store once, at start-up, through
  Oxigraph's indexes.
* ``/sparql`` is a SPARQL 1.1 Protocol query endpoint: GET ``?query=``, POST
  ``application/x-www-form-urlencoded`` or ``application/sparql-query``.
  SELECT and ASK answer as JSON, XML, CSV or TSV by ``Accept`` (JSON when it
  says nothing); CONSTRUCT and DESCRIBE as Turtle or N-Triples (Turtle by
  default). The project's prefixes (``kg:``, ``org:``, ``rdfs:`` …) are
  predeclared. Updates, ``LOAD`` and ``SERVICE`` are refused with 403 and a
  message; the store is opened read-only besides. A query that runs longer
  than the timeout gets 503 (Oxigraph cannot cancel it, so it finishes in a
  worker thread and its answer is dropped).
"""
from __future__ import annotations

import asyncio
import io
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.export import explorer
from kg.graph import PREFIXES

DEFAULT_TIMEOUT = 10.0
DEFAULT_DRAWN = 300
SEARCH_LIMIT = 50
TABLES = tuple(explorer.TABLE_COLUMNS)

RESULT_TYPES = {  # media type -> pyoxigraph QueryResultsFormat name, for SELECT and ASK
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {  # media type -> pyoxigraph RdfFormat name, for CONSTRUCT and DESCRIBE
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
}
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))", re.I)


class Refused(Exception):
    """A request the endpoint will not run: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _code_only(query: str) -> str:
    """``query`` with comments, strings and IRIs blanked, so keywords inside them do not count."""
    pattern = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                         r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
    return pattern.sub(" ", query)


def check_read_only(query: str) -> None:
    """Raise :class:`Refused` (403) for an update, ``LOAD`` or a query calling ``SERVICE``."""
    code = _code_only(query)
    rest = code
    while True:
        match = _PROLOGUE.match(rest)
        if not match:
            break
        rest = rest[match.end():]
    # the prologue's IRIs were blanked; strip what remains of PREFIX/BASE declarations
    rest = re.sub(r"^\s*((PREFIX\s+[\w.-]*:|BASE)\s*)+", "", rest, flags=re.I)
    if _UPDATE.match(rest) or re.search(r"\b(INSERT\s+DATA|DELETE\s+DATA|DELETE\s+WHERE)\b", code, re.I):
        raise Refused(403, "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, "
                           "CREATE, COPY, MOVE, ADD) are refused")
    if re.search(r"\bSERVICE\b", code, re.I):
        raise Refused(403, "SERVICE (federated query) is refused: this endpoint only answers from its own graph")


def choose(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The media type of ``offered`` that ``accept`` prefers; ``default`` for */* or none; None if none fits."""
    if not accept.strip():
        return default
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, quality = fields[0].lower(), 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            family = media.split("/")[0]
            if media == "*/*" or default.startswith(family + "/"):
                return default
            for candidate in offered:
                if candidate.startswith(family + "/"):
                    return candidate
    return None


@dataclass
class Answer:
    body: bytes
    media_type: str


def run_sparql(store: Any, query: str, accept: str) -> Answer:
    """Evaluate ``query`` on ``store`` and serialize the answer as ``accept`` asks."""
    import pyoxigraph as ox

    check_read_only(query)
    try:
        answer = store.query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise Refused(400, f"malformed query: {' '.join(str(exc).split())[:500]}") from None
    except (OSError, ValueError) as exc:
        raise Refused(400, f"query failed: {exc}") from None
    out = io.BytesIO()
    try:
        if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
            media = choose(accept, RESULT_TYPES, "application/sparql-results+json")
            if media is None:
                raise Refused(406, "SELECT and ASK answer as application/sparql-results+json, "
                                   "application/sparql-results+xml, text/csv or text/tab-separated-values")
            answer.serialize(out, getattr(ox.QueryResultsFormat, RESULT_TYPES[media]))
        else:
            media = choose(accept, GRAPH_TYPES, "text/turtle")
            if media is None:
                raise Refused(406, "CONSTRUCT and DESCRIBE answer as text/turtle or application/n-triples")
            fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
            if fmt == ox.RdfFormat.TURTLE:
                ox.serialize(answer, out, fmt, prefixes=PREFIXES)
            else:
                answer.serialize(out, fmt)
    except (OSError, ValueError) as exc:
        raise Refused(400, f"query failed: {exc}") from None
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    return Answer(out.getvalue(), media + charset)


# --------------------------------------------------------------------------- the explorer's data

class Explorer:
    """The graph's summary for the explorer API, read once from the store."""

    def __init__(self, store: Any, title: str = "") -> None:
        from kg.export.html import DEFAULT_TITLE, meta

        started = time.perf_counter()
        self.store = store
        self.corpus = explorer.read_corpus(explorer.OxigraphTriples(store))
        self.title = title or DEFAULT_TITLE
        drawn = explorer.select(self.corpus, None, 0, DEFAULT_DRAWN)
        self.drawn = sorted(self.corpus.index[iri] for iri in drawn)
        total = len(self.corpus.entities)
        self.meta = meta(self.corpus, self.title, carried=total, total=total, drawn=len(drawn), focus=None,
                         depth=1, mode="server")
        relations = {n for iri in drawn for n in self.corpus.links[iri]
                     if self.corpus.relations[n].source in set(drawn) and self.corpus.relations[n].target in set(drawn)}
        self._view = {"meta": self.meta, "bundle": explorer.bundle(self.corpus, drawn, relations),
                      "drawn": self.drawn, "focus": None}
        self._tables: dict[str, Any] | None = None
        self.corpus.search_names  # the search index, built once now rather than on the first query
        self.load_seconds = time.perf_counter() - started

    def view(self) -> dict[str, Any]:
        return self._view

    def search(self, query: str) -> dict[str, Any]:
        hits = explorer.search(self.corpus, query, SEARCH_LIMIT)
        index = self.corpus.index
        return {"hits": [[index[iri], alias] for iri, alias in hits],
                "bundle": explorer.bundle(self.corpus, [iri for iri, _ in hits])}

    def entity(self, number: int | None = None, iri: str | None = None) -> dict[str, Any]:
        order = self.corpus.order
        if iri is not None:
            number = self.corpus.index.get(iri)
        if number is None or not 0 <= number < len(order):
            raise Refused(404, "no such entity")
        return {"index": number, "iri": order[number], "bundle": explorer.neighbourhood(self.corpus, order[number])}

    def table(self, name: str) -> dict[str, Any]:
        if name not in TABLES:
            raise Refused(404, f"no table {name!r}; the tables are {', '.join(TABLES)}")
        if self._tables is None:
            self._tables = explorer.tables(self.corpus)
        return self._tables[name]

    def page(self) -> str:
        from kg.export.html import page_settings, render_shell

        data = {"mode": "server", "api": "api"}
        data.update(page_settings(len(self.drawn)))
        return render_shell(self.title, data, connect="'self'")


# --------------------------------------------------------------------------- the web application

def create_app(store: Any, *, timeout: float = DEFAULT_TIMEOUT, title: str = "") -> Any:
    """The Starlette application serving ``store`` (a ``pyoxigraph.Store``)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    data = Explorer(store, title)
    page = data.page()
    no_cache = {"Cache-Control": "no-store"}

    def refused(error: Refused) -> Response:
        return PlainTextResponse(error.message + "\n", status_code=error.status)

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={"Content-Security-Policy": _csp_of(page), "Referrer-Policy": "no-referrer"})

    def api(handler):
        async def endpoint(request: Request) -> Response:
            try:
                value = await run_in_threadpool(handler, request)
            except Refused as error:
                return JSONResponse({"error": error.message}, status_code=error.status)
            return JSONResponse(value, headers=no_cache)
        return endpoint

    view = JSONResponse(data.view(), headers=no_cache).body  # the first view never changes: serialized once

    async def first_view(request: Request) -> Response:
        return Response(view, media_type="application/json", headers=no_cache)

    def entity(request: Request) -> Any:
        if "iri" in request.query_params:
            return data.entity(iri=request.query_params["iri"])
        raw = request.query_params.get("i", "")
        if not raw.isdigit():
            raise Refused(400, "give ?i=NUMBER or ?iri=IRI")
        return data.entity(number=int(raw))

    async def sparql(request: Request) -> Response:
        query = None
        if request.method == "GET":
            if "update" in request.query_params:
                return refused(Refused(403, "this endpoint is read-only: SPARQL updates are refused"))
            query = request.query_params.get("query")
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return refused(Refused(403, "this endpoint is read-only: SPARQL updates are refused"))
            if content_type == "application/sparql-query":
                query = (await request.body()).decode("utf-8", errors="replace")
            elif content_type == "application/x-www-form-urlencoded":
                from urllib.parse import parse_qs

                form = parse_qs((await request.body()).decode("utf-8", errors="replace"), keep_blank_values=True)
                if "update" in form:
                    return refused(Refused(403, "this endpoint is read-only: SPARQL updates are refused"))
                query = form.get("query", [None])[0]
            else:
                return refused(Refused(415, "POST the query as application/sparql-query or as the form field "
                                            "'query' (application/x-www-form-urlencoded)"))
        if not query:
            return refused(Refused(400, "give a SPARQL query: ?query=… (GET) or a POST body"))
        accept = request.headers.get("accept", "")
        try:
            answer = await asyncio.wait_for(run_in_threadpool(run_sparql, store, query, accept), timeout)
        except Refused as error:
            return refused(error)
        except asyncio.TimeoutError:
            return refused(Refused(503, f"query timed out after {timeout:g} s"))
        return Response(answer.body, media_type=answer.media_type.split(";")[0],
                        headers={"Content-Type": answer.media_type, **no_cache})

    routes = [
        Route("/", index),
        Route("/api/view", first_view),
        Route("/api/search", api(lambda request: data.search(request.query_params.get("q", "")))),
        Route("/api/entity", api(entity)),
        Route("/api/tables/{name}", api(lambda request: data.table(request.path_params["name"]))),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ]
    app = Starlette(routes=routes)
    app.state.explorer = data
    return app


def _csp_of(page: str) -> str:
    import html

    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    return html.unescape(match.group(1)) if match else "default-src 'none'"


def open_graph(graph: Path | None, store_dir: Path | None) -> Any:
    """The read-only store to serve: ``store_dir`` as it is, or built there (or in a temp folder) from ``graph``."""
    from kg.store import is_store, open_store, write_store

    if graph is None and store_dir is None:
        raise UsageError("give a graph file (output/graph.ttl) or --store DIR")
    if graph is not None and is_store(graph):
        store_dir, graph = graph, None
    if graph is None:
        return open_store(store_dir, read_only=True)
    if graph.is_dir():
        graph = graph / "graph.ttl"
    if not graph.is_file():
        raise UsageError(f"{graph}: no such graph file (run `kg build` first, or give the graph's path)")
    if store_dir is None:
        import atexit
        import shutil
        import tempfile

        work = tempfile.mkdtemp(prefix="kg-serve-")
        atexit.register(shutil.rmtree, work, True)
        store_dir = Path(work) / "store"
    write_store(store_dir, turtle=graph)
    return open_store(store_dir, read_only=True)
