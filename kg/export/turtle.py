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

PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/policy-kg/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
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
    """Write ``triples`` as sorted Turtle to a binary ``stream``."""
    prefixes = dict(PREFIXES if prefixes is None else prefixes)
    ordered_prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    out = [f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(prefixes.items())]
    stream.write("".join(out).encode("utf-8"))
    for subject in sorted(by_subject, key=_sort_key):
        pairs = sorted(set(by_subject[subject]), key=lambda po: (str(po[0]) != _RDF_TYPE, _sort_key(po[0]), _sort_key(po[1])))
        lines = [f"\n{term_n3(subject, ordered_prefixes)}"]
        previous = None
        for p, o in pairs:
            pred = "a" if str(p) == _RDF_TYPE else term_n3(p, ordered_prefixes)
            obj = term_n3(o, ordered_prefixes)
            if p == previous:
                lines.append(f",\n        {obj}")
            else:
                lines.append(f"{' ;' if previous is not None else ''}\n    {pred} {obj}")
            previous = p
        lines.append(" .\n")
        stream.write("".join(lines).encode("utf-8"))


def export_turtle(graph, stream: BinaryIO, **options) -> None:
    """Turtle exporter: the registry entry for ``turtle``/``ttl``."""
    prefixes = options.get("prefixes")
    base = options.get("base_iri")
    if prefixes is None and base:
        prefixes = {**PREFIXES, "kgr": base}
    write_turtle(graph.triples((None, None, None)), stream, prefixes)
