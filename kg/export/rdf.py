"""The other RDF serialisations: N-Triples, JSON-LD, TriG.

All three are byte-for-byte deterministic, like the Turtle writer, so exports
diff cleanly between runs, and all three are made in bounded memory: N-Triples
is sorted line by line, JSON-LD node by node (sorted by ``@id``), and TriG
reuses the sorted Turtle inside one graph block.
"""
from __future__ import annotations

import itertools
import json
import os
from typing import BinaryIO, Iterable, Iterator

from rdflib.namespace import XSD

from kg.export.turtle import export_prefixes
from kg.graph.terms import RDF_TYPE
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


# rdflib writes literals of these datatypes as JSON numbers and booleans
_NATIVE = frozenset({XSD.boolean, XSD.integer, XSD.double, XSD.string})


class JsonLdCollector:
    """JSON-LD as a collector (:data:`kg.export.COLLECTORS`): each subject becomes a node as it
    comes; nodes are sorted by ``@id`` in bounded memory (sorted runs spilled to ``spill_dir``
    past ``spill_triples``; a subject that comes more than once is merged) and written one
    at a time.

    The bytes are those rdflib's JSON-LD serializer writes for the same graph, compacted with
    the same ``@context`` of prefixes (``auto_compact``, native numbers and booleans, keys
    sorted, indent 2, nodes sorted by ``@id``): the rules of its ``Converter`` for a context of
    prefixes, applied a node at a time (a test compares the two).
    """

    def __init__(self, spill_dir: str | None = None, spill_triples: int = 300_000, **options) -> None:
        from operator import itemgetter

        from kg.io import SpillRuns
        from rdflib.plugins.shared.jsonld.context import Context

        self.context_data = export_prefixes(options)
        self._context = Context(self.context_data)
        self._items: list[tuple[str, list]] = []
        self._count = 0
        self._limit = spill_triples
        self._runs = SpillRuns(spill_dir, ".kg-jsonld-", key=itemgetter(0), batch=500)
        self._symbols: dict[str, str] = {}
        self._ids: dict[str, str] = {}

    def _symbol(self, iri: str) -> str:
        found = self._symbols.get(iri)
        if found is None:
            if len(self._symbols) > 100_000:
                self._symbols.clear()
            found = self._symbols[iri] = self._context.to_symbol(iri)
        return found

    def _id(self, key) -> str:
        if key[0] == 1:
            return f"_:{key[1]}"
        found = self._ids.get(key[1])
        if found is None:
            if len(self._ids) > 100_000:
                self._ids.clear()
            found = self._ids[key[1]] = self._context.shrink_iri(key[1])
        return found

    def add(self, subject, pairs) -> None:
        if subject[0] == 2:  # a literal subject: no JSON-LD node can hold it (nor can rdflib's)
            return
        self._items.append((self._id(subject), [(p, o) for _, p, o in pairs]))
        self._count += len(pairs)
        if self._count >= self._limit:
            self._items.sort(key=_first_item)
            self._runs.spill(self._items)
            self._items, self._count = [], 0

    def _value(self, obj):
        """A node's value for ``obj`` (a term key), as rdflib's ``Converter.to_raw_value`` makes it."""
        kind, value, language, datatype = obj
        if kind != 2:
            return {"@id": self._id(obj)}
        if datatype:
            from rdflib import Literal, URIRef

            literal = Literal(value, datatype=URIRef(datatype))
            if literal.datatype in _NATIVE:
                native = literal.toPython()
                return native if not isinstance(native, Literal) else str(literal)
            return {"@type": self._symbol(datatype), "@value": str(literal)}
        if language:
            return {"@language": language, "@value": value}
        return value

    def node(self, node_id: str, pairs: Iterable) -> dict:
        """The JSON-LD node of a subject with predicate-object ``pairs`` (term keys)."""
        node: dict = {"@id": node_id}
        for predicate, obj in sorted(set(pairs)):
            if predicate[1] == RDF_TYPE:
                key, value = "@type", self._symbol(obj[1]) if obj[0] == 0 else self._value(obj)
            else:
                key, value = self._symbol(predicate[1]), self._value(obj)
            found = node.get(key)
            if found:  # rdflib's rule, falsy first values included
                node[key] = (found if isinstance(found, list) else [found]) + [value]
            else:
                node[key] = value
        return node

    def _nodes(self) -> Iterator[dict]:
        import heapq

        self._items.sort(key=_first_item)
        merged = heapq.merge(*self._runs.readers(), self._items, key=_first_item) if self._runs \
            else iter(self._items)
        current, pairs = None, []
        for node_id, more in merged:
            if node_id != current:
                if current is not None:
                    yield self.node(current, pairs)
                current, pairs = node_id, []
            pairs.extend(more)
        if current is not None:
            yield self.node(current, pairs)

    def write(self, stream: BinaryIO) -> None:
        def dumps(value) -> str:
            return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)

        try:
            nodes = self._nodes()
            first = next(nodes, None)
            second = next(nodes, None) if first is not None else None
            if first is not None and second is None:  # one node: rdflib writes it at the top
                stream.write((dumps({"@context": self.context_data, **first}) + "\n").encode("utf-8"))
                return
            head = dumps({"@context": self.context_data, "@graph": []})
            if first is None:
                stream.write((head + "\n").encode("utf-8"))
                return
            stream.write((head[: -len("[]\n}")] + "[\n").encode("utf-8"))
            out: list[str] = []
            for i, node in enumerate(itertools.chain((first, second), nodes)):
                text = "    " + dumps(node).replace("\n", "\n    ")
                out.append(text if i == 0 else ",\n" + text)
                if len(out) >= 1000:
                    stream.write("".join(out).encode("utf-8"))
                    out.clear()
            out.append("\n  ]\n}\n")
            stream.write("".join(out).encode("utf-8"))
        finally:
            self._runs.clear()
            self._items = []


def _first_item(item):
    return item[0]


def export_jsonld(graph, stream: BinaryIO, **options) -> None:
    """JSON-LD compacted with an ``@context`` of the graph's prefixes, nodes sorted by ``@id``.

    Made in one pass (:class:`JsonLdCollector`), in bounded memory."""
    from kg.export import collect

    collect(JsonLdCollector(**options), graph, stream)


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
    with tempfile.TemporaryDirectory(prefix=f".kg-trig-{os.getpid()}-", dir=options.get("spill_dir")) as scratch:
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
