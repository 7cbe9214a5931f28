"""Deterministic, streaming Turtle.

rdflib's Turtle serializer orders output but is superlinear on large graphs and
numbers blank nodes by memory order. This writer sorts subjects and
predicate-object pairs, groups them, and writes line by line: the same graph
gives byte-identical output, whatever order the triples were added in.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.graph import PREFIXES  # re-exported: exporters import it from here
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _escape_string(value: str) -> str:
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _iri(iri: str, prefixes: list[tuple[str, str]]) -> str:
    for prefix, ns in prefixes:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if _LOCAL.match(local):
                return f"{prefix}:{local}"
    escaped = "".join(f"\\u{ord(c):04X}" if c in '<>"{}|^`\\' or ord(c) <= 0x20 else c for c in iri)
    return f"<{escaped}>"


def term_n3(term, prefixes: list[tuple[str, str]]) -> str:
    """The Turtle form of one term."""
    if isinstance(term, URIRef):
        return _iri(str(term), prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{_escape_string(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != str(XSD.string):
            return f"{text}^^{_iri(str(term.datatype), prefixes)}"
        return text
    raise TypeError(f"not an RDF term: {term!r}")


def _sort_key(term) -> tuple:
    kind = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    if isinstance(term, Literal):
        return (kind, str(term), term.language or "", str(term.datatype or ""))
    return (kind, str(term), "", "")


def write_turtle(triples: Iterable[tuple], stream: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
    """Write ``triples`` as sorted Turtle to a binary ``stream``.

    The sorting and grouping live in :class:`kg.export.spool.TurtleSpool`, which
    spills to disk past a bound, so this works for graphs of any size.
    """
    from kg.export.spool import TurtleSpool

    spool = TurtleSpool(PREFIXES if prefixes is None else prefixes)
    spool.extend(triples)
    spool.write(stream)


def turtle_prefixes(base_iri: str | None = None) -> dict[str, str]:
    """The prefixes graph.ttl is written with: the vocabularies, and ``kgr:`` for the build's own IRIs."""
    return {**PREFIXES, "kgr": base_iri} if base_iri else dict(PREFIXES)


def export_turtle(graph, stream: BinaryIO, **options) -> None:
    """Turtle exporter: the registry entry for ``turtle``/``ttl``.

    ``graph`` is an rdflib Graph, or a streaming source with ``emit(sink)`` (see
    :class:`kg.pipeline.GraphSource`): its triples then go straight to the
    spool (the source's own, when it streamed into one while it was built),
    never into an rdflib Graph, and its ``stats`` are filled in.
    """
    prefixes = options.get("prefixes")
    if prefixes is None:
        prefixes = turtle_prefixes(options.get("base_iri"))
    if hasattr(graph, "emit"):
        from kg.export.spool import TurtleSpool

        spool = getattr(graph, "spool", None)
        if spool is None:
            spool = TurtleSpool(prefixes, spill_dir=options.get("spill_dir"))
        graph.emit(spool)
        graph.stats = spool.write(stream)
        return
    write_turtle(graph.triples((None, None, None)), stream, prefixes)
