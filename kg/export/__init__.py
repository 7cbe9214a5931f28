"""Exporters: one per format, in a registry. An exporter writes a finished graph to a
stream it is given; it never re-runs extraction and never opens files itself.

Signature: ``export(graph, stream: BinaryIO, **options) -> None``, where ``graph`` is
a graph source (:mod:`kg.export.source`: a :class:`~kg.export.source.TurtleFile`
read as a stream) or an rdflib Graph. Multi-file formats (Neo4j CSV) write a zip
archive or take a directory via ``options['directory']`` — the CLI owns paths.

Formats that can be made in one pass over the graph's subjects, keeping only what
the output needs, have a *collector* (:data:`COLLECTORS`): a class built with the
exporter's options, with ``add(subject key, pairs)`` (a tap, :mod:`kg.export.source`)
and ``write(stream)``. A build feeds every collector in the same pass that writes
graph.ttl (:func:`kg.building.write_outputs`); the format's exporter feeds its
collector from whatever graph it is given.
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

# Formats made by a collector in one pass over the graph's subjects.
COLLECTORS: Registry[type] = Registry("collected export format")
COLLECTORS.register("html", "kg.export.html:PageCollector")
COLLECTORS.register("ntriples", "kg.export.rdf:NTriplesCollector")
COLLECTORS.register("jsonld", "kg.export.rdf:JsonLdCollector")
COLLECTORS.register("graphml", "kg.export.graphml:GraphMLCollector")
COLLECTORS.register("neo4j", "kg.export.neo4j:Neo4jCollector")

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
    """Write ``graph`` (a graph source or an rdflib Graph) to ``stream`` in format ``fmt`` (a name or alias)."""
    EXPORTERS.get(fmt)(graph, stream, **options)


def collect(collector, graph, stream: BinaryIO) -> None:
    """Feed ``graph`` to ``collector`` (one pass) and write its output: what a collected format's exporter does."""
    from kg.export.source import feed

    feed(graph, collector.add)
    collector.write(stream)
