"""``kg html``: write the interactive, self-contained HTML view of a built graph."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from kg.cli import EXIT_OUTPUT, fail, os_error_message
from kg.errors import GraphError, KgError, UsageError

DEFAULT_GRAPH = Path("output") / "graph.ttl"


def graph_file(path: Path) -> Path:
    """The graph file GRAPH names: the file itself, or graph.ttl inside a folder (as `kg build` writes)."""
    if path.is_dir():
        if not (path / "graph.ttl").is_file():
            raise UsageError(f"{path}: is a folder with no graph.ttl in it; give the graph file")
        return path / "graph.ttl"
    if not path.is_file():
        raise UsageError(f"{path}: no such graph file (run `kg build` first, or give the graph's path)")
    return path


def load_graph(path: Path):
    """Parse the RDF file at ``path`` (Turtle unless its suffix says otherwise) with rdflib."""
    from rdflib import Graph
    from rdflib.util import guess_format

    graph = Graph()
    try:
        graph.parse(str(path), format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        cause = " ".join(str(exc).split()) or type(exc).__name__
        raise GraphError(f"{path}: not a readable RDF graph: {cause[:300]}") from exc
    from kg.sanitize import clean_graph

    clean_graph(graph)  # characters no output can carry, as loading decides for articles
    return graph


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``target``, then rename it over ``target``.

    A browser or a failed run never sees a half-written page.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("html")
@click.argument("graph", required=False, default=str(DEFAULT_GRAPH), metavar="[GRAPH]",
                type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (folders are created). Default: GRAPH with the suffix .html, "
                   "beside it (output/graph.html).")
@click.option("--focus", metavar="NAME", default=None,
              help="Centre the page on one entity, found by its name or any other name (exact, else a "
                   "unique part of one), and show only its neighbourhood.")
@click.option("--depth", type=int, default=1, show_default=True,
              help="With --focus: how many relation steps from the focused entity to include.")
@click.option("--max-nodes", type=int, default=300, show_default=True,
              help="Draw at most this many entities, the most connected first (0: all); the page says "
                   "how many were left out.")
@click.option("--title", default=None, metavar="TEXT",
              help="Heading and window title of the page. Default: 'Policy knowledge graph'.")
def html(graph: Path, out: Path | None, focus: str | None, depth: int, max_nodes: int, title: str | None) -> None:
    """Write an interactive HTML view of GRAPH (default: output/graph.ttl; a folder means its graph.ttl).

    The page is one self-contained file: it opens from disk with no network,
    colours and shapes entities by type, sizes them by how many articles mention
    them, and shows names, articles and evidence sentences on hover and click.
    Exit status: 0 written, 2 usage error (missing or unreadable graph, unknown
    --focus name, bad option value).
    """
    import io

    from kg.export.html import export_html

    try:
        source = graph_file(graph)
        target = out if out is not None else source.with_suffix(".html")
        from kg.export.source import TurtleFile

        rdf = TurtleFile(source)  # read as a stream, into what the page needs only
        buffer = io.BytesIO()
        export_html(rdf, buffer, title=title, focus=focus, depth=depth, max_nodes=max_nodes)
    except KgError as exc:
        fail(str(exc), 2)
    try:
        write_atomically(target, buffer.getvalue())
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror or exc}", EXIT_OUTPUT)
    click.echo(f"kg: wrote {target}", err=True)
