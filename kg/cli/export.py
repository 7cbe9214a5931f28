"""``kg export``: convert a built graph to another format without re-running extraction."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from kg.cli import EXIT_OUTPUT, fail, os_error_message
from kg.errors import GraphError, KgError
from kg.export import EXPORTERS, FILE_NAMES  # the registry only; exporters import on use
from kg.sanitize import clean_graph


def read_graph(path: Path):
    """Parse the RDF file at ``path`` (format from its suffix, Turtle by default) into an rdflib graph."""
    from rdflib import Graph
    from rdflib.util import guess_format

    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (run `kg build` first)")
    graph = Graph()
    try:
        graph.parse(str(path), format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphError(f"{path}: cannot read graph: {exc}") from exc
    clean_graph(graph)  # characters no output can carry, as loading decides for articles
    return graph


def _atomic_file(target: Path, write) -> None:
    """Call ``write(stream)`` on a temp file beside ``target``, then rename it over ``target``.

    A reader never sees a half-written export, and a failed export leaves the old file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_directory(target: Path, write) -> None:
    """Call ``write(directory)`` on a temp directory beside ``target``, then move each file in with os.replace."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        write(tmp)
        target.mkdir(exist_ok=True)
        for item in sorted(tmp.iterdir()):
            os.replace(item, target / item.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@click.command("export")
@click.argument("graph", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "-f", "fmt", required=True,
    help=f"Output format: {', '.join(EXPORTERS.names())} (or an alias such as nt, json-ld).",
)
@click.option(
    "--out", "-o", "out", default=None,
    help="Where to write: a file, an existing folder (gets the format's usual file name), or - for stdout. "
    "For neo4j, a path not ending in .zip is a folder of CSV files. Default: beside GRAPH.",
)
def export_cmd(graph: Path, fmt: str, out: str | None) -> None:
    """Write the RDF GRAPH (e.g. output/graph.ttl) in another format."""
    try:
        name = EXPORTERS.canonical(fmt)
        exporter = EXPORTERS.get(name)
        from kg.export.source import TurtleFile

        rdf = TurtleFile(graph, spill_dir=tempfile.gettempdir())  # read as a stream by each exporter
        default_name = FILE_NAMES.get(name, f"graph.{name}")
        if out == "-":
            exporter(rdf, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        target = graph.parent / default_name if out is None else Path(out)
        if name == "neo4j" and out is not None and not out.endswith(".zip"):
            _atomic_directory(target, lambda directory: exporter(rdf, None, directory=str(directory)))
        else:
            if target.is_dir():
                target = target / default_name
            _atomic_file(target, lambda stream: exporter(rdf, stream))
    except KgError as exc:
        fail(str(exc), 2)
    except OSError as exc:
        fail(os_error_message(exc), EXIT_OUTPUT)
    click.echo(f"wrote {target}", err=True)
