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
from kg.export.turtle import write_turtle
from kg.graph import DEFAULT_BASE_IRI


def export_ntriples(graph, stream: BinaryIO, **options) -> None:
    """N-Triples, one triple a line, lines sorted: the format for bulk loaders and ``sort | diff``."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # "\n" only: str.splitlines would also split inside literals at U+2028, U+0085, VT, FF …
    lines = sorted({line for line in text.split("\n") if line.strip()})
    stream.write("".join(line + "\n" for line in lines).encode("utf-8"))


def export_jsonld(graph, stream: BinaryIO, **options) -> None:
    """JSON-LD compacted with an ``@context`` of the graph's prefixes, nodes sorted by ``@id``."""
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
    """TriG: the triples inside one named graph ``{base}graph`` (or the default graph), for quad stores."""
    buffer = io.BytesIO()
    write_turtle(graph.triples((None, None, None)), buffer, export_prefixes(options))
    lines = buffer.getvalue().decode("utf-8").split("\n")
    header = [line for line in lines if line.startswith("@prefix ")]
    body = "\n".join(lines[len(header):]).strip("\n").split("\n")
    name = graph_name(options)
    out = header + ["", f"<{name}> {{" if name else "{"]
    out += [f"    {line}" if line else "" for line in body]
    out += ["}", ""]
    stream.write("\n".join(out).encode("utf-8"))
