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
EXPORTERS.register("ntriples", "kg.export.rdf:export_ntriples", "nt", "n-triples", "application/n-triples")
EXPORTERS.register("jsonld", "kg.export.rdf:export_jsonld", "json-ld", "application/ld+json")
EXPORTERS.register("trig", "kg.export.rdf:export_trig", "application/trig")
EXPORTERS.register("graphml", "kg.export.graphml:export_graphml")
EXPORTERS.register("neo4j", "kg.export.neo4j:export_neo4j", "neo4j-csv")

# File name each format gets inside an output folder.
FILE_NAMES: dict[str, str] = {
    "turtle": "graph.ttl",
    "html": "graph.html",
    "ntriples": "graph.nt",
    "jsonld": "graph.jsonld",
    "trig": "graph.trig",
    "graphml": "graph.graphml",
    "neo4j": "neo4j.zip",
}


def export(graph, stream: BinaryIO, fmt: str, **options) -> None:
    """Write ``graph`` to ``stream`` in format ``fmt`` (a name or alias)."""
    EXPORTERS.get(fmt)(graph, stream, **options)
