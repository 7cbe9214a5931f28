"""``kg serve``: the explorer and a read-only SPARQL endpoint, over HTTP."""
from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from kg.cli import fail
from kg.errors import KgError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.argument("graph", required=False, default=None, metavar="[GRAPH]", type=click.Path(path_type=Path))
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Oxigraph store folder: served as it is when it holds a store (`kg build --store`); "
                   "with GRAPH, the graph is loaded into it first. Default with GRAPH: a temporary folder.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address exposes the graph to the network "
                   "and prints a warning.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a SPARQL query may run before the endpoint answers 503.")
@click.option("--title", default=None, metavar="TEXT", help="Heading of the explorer page.")
def serve(graph: Path | None, store_dir: Path | None, host: str, port: int, timeout: float, title: str | None) -> None:
    """Serve GRAPH (a Turtle file or a folder with graph.ttl) or --store DIR over HTTP.

    Opens the graph in an on-disk Oxigraph store and serves the explorer at /
    (the page of `kg html`, fed by a JSON API under /api/ instead of an embedded
    copy of the graph) and a read-only SPARQL 1.1 endpoint at /sparql (GET or
    POST; JSON, XML, CSV or TSV results by Accept; CONSTRUCT and DESCRIBE as
    Turtle or N-Triples; updates, LOAD and SERVICE refused). Listens on
    127.0.0.1 unless --host says otherwise. Exit status: 0 stopped, 2 usage error
    (no graph, unreadable store, port in use).
    """
    import uvicorn

    from kg.serve import create_app, open_graph

    try:
        store = open_graph(graph, store_dir)
        app = create_app(store, timeout=timeout, title=title or "")
    except KgError as exc:
        fail(str(exc), 2)
    explorer = app.state.explorer
    if not is_loopback(host):
        click.echo(f"kg: warning: listening on {host}, not a loopback address: anyone who can reach this machine "
                   "can read the whole graph", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kg: {len(explorer.corpus.entities):,} entities read in {explorer.load_seconds:.1f} s; "
               f"explorer at http://{shown}:{port}/ , SPARQL at http://{shown}:{port}/sparql", err=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", 2)
    if not server.started:
        fail(f"cannot listen on {host}:{port} (in use?)", 2)
