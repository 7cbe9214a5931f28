"""The other RDF serialisations: N-Triples, JSON-LD, TriG.

All three are byte-for-byte deterministic, like the Turtle writer, so exports
diff cleanly between runs: N-Triples is sorted line by line, JSON-LD is
produced from a graph filled in sorted order and its nodes sorted by ``@id``,
and TriG reuses the sorted Turtle writer inside one graph block.
"""
from __future__ import annotations

import io
import json
from typing import BinaryIO

from rdflib import Graph

from kg.export.spool import term_key
from kg.export.turtle import export_prefixes
from kg.graph import DEFAULT_BASE_IRI


def _nt_term(key) -> str:
    """A term as rdflib's N-Triples serializer writes it."""
    kind, value, lang, datatype = key
    if kind == 0:
        return f"<{value}>"
    if kind == 1:
        return f"_:{value}"
    text = '"%s"' % value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{datatype}>" if datatype else text


class NTriplesCollector:
    """N-Triples as a collector (:data:`kg.export.COLLECTORS`): lines are made as subjects come,
    sorted in bounded memory (sorted runs spilled to ``spill_dir`` past ``spill_lines``)
    and written without duplicates."""

    def __init__(self, spill_dir: str | None = None, spill_lines: int = 400_000, **options) -> None:
        from kg.io import SpillRuns

        self._lines: list[str] = []
        self._limit = spill_lines
        self._runs = SpillRuns(spill_dir, ".kg-nt-", batch=2000)
        self._iris: dict[str, str] = {}

    def add(self, subject, pairs) -> None:
        iris = self._iris
        s = _nt_term(subject)
        lines = self._lines
        for _, p, o in pairs:
            pt = iris.get(p[1])
            if pt is None:
                pt = iris[p[1]] = f"<{p[1]}>"
            lines.append(f"{s} {pt} {_nt_term(o)} .")
        if len(lines) >= self._limit:
            lines.sort()
            self._runs.spill(lines)
            self._lines = []

    def write(self, stream: BinaryIO) -> None:
        import heapq

        self._lines.sort()
        merged = heapq.merge(*self._runs.readers(), self._lines) if self._runs else iter(self._lines)
        out: list[str] = []
        previous = None
        try:
            for line in merged:
                if line != previous:
                    out.append(line + "\n")
                    previous = line
                    if len(out) >= 10_000:
                        stream.write("".join(out).encode("utf-8"))
                        out.clear()
            stream.write("".join(out).encode("utf-8"))
        finally:
            self._runs.clear()
            self._lines = []


def export_ntriples(graph, stream: BinaryIO, **options) -> None:
    """N-Triples, one triple a line, lines sorted: the format for bulk loaders and ``sort | diff``.

    Made in one pass (:class:`NTriplesCollector`), in bounded memory."""
    from kg.export import collect

    collect(NTriplesCollector(**options), graph, stream)


def export_jsonld(graph, stream: BinaryIO, **options) -> None:
    """JSON-LD compacted with an ``@context`` of the graph's prefixes, nodes sorted by ``@id``.

    Made by rdflib's JSON-LD serializer from a whole rdflib Graph (a graph source is
    loaded into one): its memory grows with the graph (see the README)."""
    from kg.export.source import as_rdflib

    graph = as_rdflib(graph)
    ordered = Graph()
    for triple in sorted(graph.triples((None, None, None)), key=lambda t: tuple(term_key(x) for x in t)):
        ordered.add(triple)
    context = export_prefixes(options)
    data = json.loads(ordered.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    elif isinstance(data, dict) and "@context" not in data:  # empty graph
        data = {"@context": context, "@graph": []}
    stream.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def graph_name(options: dict) -> str | None:
    """The TriG graph IRI: ``options['graph_name']``, else ``{base}graph``; None when ``named_graph`` is false."""
    if options.get("named_graph", True) is False:
        return None
    return options.get("graph_name") or f"{options.get('base_iri') or DEFAULT_BASE_IRI}graph"


def export_trig(graph, stream: BinaryIO, **options) -> None:
    """TriG: the triples inside one named graph ``{base}graph`` (or the default graph), for quad stores.

    The body is the sorted Turtle of the graph, indented: read line by line from the
    graph's file when it is that Turtle already (a build's graph.ttl), else written
    first by the spool (bounded memory) to a temporary file."""
    import tempfile

    from kg.export.turtle import spool_source

    prefixes = export_prefixes(options)
    name = graph_name(options)
    if getattr(graph, "sorted_with", None) == prefixes:
        _trig_from_turtle(graph.path, stream, name)
        return
    with tempfile.TemporaryDirectory(prefix=".kg-trig-", dir=options.get("spill_dir")) as scratch:
        turtle = f"{scratch}/graph.ttl"
        spool = spool_source(graph, prefixes, scratch)
        with open(turtle, "wb") as out:
            spool.write(out)
        _trig_from_turtle(turtle, stream, name)


def _trig_from_turtle(path, stream: BinaryIO, name: str | None) -> None:
    """Sorted Turtle to TriG, a line at a time: prefixes, then the body indented inside the graph block."""
    opener = (f"<{name}> {{" if name else "{").encode("utf-8")
    out = stream.write
    in_header, started, blanks = True, False, 0
    with open(path, "rb") as f:
        for raw in f:
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if in_header:
                if line.startswith(b"@prefix "):
                    out(line + b"\n")
                    continue
                in_header = False
                out(b"\n" + opener + b"\n")
            if not line:
                blanks += started
                continue
            out(b"\n" * blanks + b"    " + line + b"\n")
            started, blanks = True, 0
    if in_header:
        out(b"\n" + opener + b"\n")
    if not started:
        out(b"\n")
    out(b"}\n")
