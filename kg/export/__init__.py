"""Exporters: one per format, in a registry. An exporter writes a finished graph to a
stream it is given; it never re-runs extraction and never opens files itself.

Signature: ``export(graph: rdflib.Graph, stream: BinaryIO, **options) -> None``.
Multi-file formats (Neo4j CSV) write a zip archive or take a directory via
``options['directory']`` — the CLI owns paths.
"""
from __future__ import annotations

from typing import BinaryIO, Callable

from kg.registry import Registry

Exporter = Callable[..., None]

EXPORTERS: Registry[Exporter] = Registry("export format")
EXPORTERS.register("turtle", "kg.export.turtle:export_turtle", "ttl", "text/turtle")
EXPORTERS.register("html", "kg.export.html:export_html", "pyvis")

# File name each format gets inside an output folder.
FILE_NAMES: dict[str, str] = {
    "turtle": "graph.ttl",
    "html": "graph.html",
}


def export(graph, stream: BinaryIO, fmt: str, **options) -> None:
    """Write ``graph`` to ``stream`` in format ``fmt`` (a name or alias)."""
    EXPORTERS.get(fmt)(graph, stream, **options)
