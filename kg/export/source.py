"""Graphs as a stream of subjects, whatever holds them: the one way exporters read a graph.

A *tap* is a callable ``tap(subject key, pairs)`` (see :mod:`kg.graph.terms`): it is
given the graph one subject at a time, with some or all of that subject's triples;
a subject may come more than once (an arbitrary Turtle file need not group them).
Collectors (:data:`kg.export.COLLECTORS`) are taps that keep what their format
needs and then write it. A build taps the Turtle spool as it writes graph.ttl
(:meth:`kg.export.spool.TurtleSpool.write`); ``kg export`` taps the file
(:class:`TurtleFile`, parsed by Oxigraph as a stream, never loaded), and an
rdflib Graph can be tapped too (:func:`feed`), for callers that hold one.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from kg.errors import GraphError
from kg.graph.terms import Key, RDF_TYPE, term_key

Tap = Callable[[Key, list], None]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BATCH = 2000  # triples a subject's pairs are handed over in, at most (a hub's mentions are many)


class TurtleFile:
    """An RDF file on disk (Turtle by default; N-Triples, RDF/XML … by their file ending), read as a stream."""

    def __init__(self, path: str | Path, spill_dir: str | None = None,
                 sorted_with: dict[str, str] | None = None) -> None:
        self.path = Path(path)
        self.spill_dir = spill_dir
        # the prefixes, when the file is policy-kg's sorted Turtle written with them (a build's graph.ttl)
        self.sorted_with = sorted_with
        if not self.path.is_file():
            raise GraphError(f"{self.path}: no such graph file (run `kg build` first)")

    def _format(self):
        import pyoxigraph as ox

        guessed = ox.RdfFormat.from_extension(self.path.suffix.lstrip(".")) if self.path.suffix else None
        return guessed or ox.RdfFormat.TURTLE

    def _oxigraph_refuses(self) -> bool:
        """Whether the file escapes a lone surrogate (``\\uD800``): rdflib reads it (the literal is cleaned),
        Oxigraph's parser refuses it. A scan of the bytes, far cheaper than parsing."""
        import re

        escape = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
        tail = b""
        with open(self.path, "rb") as f:
            while chunk := f.read(1 << 22):
                if escape.search(tail + chunk):
                    return True
                tail = chunk[-8:]
        return False

    def feed(self, *taps: Tap) -> int:
        """Hand every triple to ``taps``, grouped by subject as they come; return the number of triples."""
        import pyoxigraph as ox

        if self._oxigraph_refuses():
            return feed(self.rdflib_graph(), *taps)

        from kg.sanitize import clean_literal

        keys: dict = {}
        named, blank = ox.NamedNode, ox.BlankNode

        def key_of(term) -> Key:
            kind = type(term)
            if kind is named:
                value = term.value
                found = keys.get(value)
                if found is None:
                    if len(keys) > 200_000:
                        keys.clear()
                    found = keys[value] = (0, value, "", "")
                return found
            if kind is blank:
                return (1, term.value, "", "")
            language = term.language
            if language:  # characters no output can carry are cleaned, as loading does for articles
                return (2, clean_literal(term.value), language, "")
            datatype = term.datatype.value
            return (2, clean_literal(term.value), "", "" if datatype in (_XSD_STRING, _LANG_STRING) else datatype)

        count = 0
        current = None
        pairs: list = []
        try:
            for triple in ox.parse(path=str(self.path), format=self._format()):
                subject = key_of(triple.subject)
                if subject != current or len(pairs) >= _BATCH:
                    if current is not None:
                        for tap in taps:
                            tap(current, pairs)
                    current, pairs = subject, []
                predicate = key_of(triple.predicate)
                pairs.append((predicate[1] != RDF_TYPE, predicate, key_of(triple.object)))
                count += 1
        except (SyntaxError, ValueError) as exc:
            if count:  # taps have seen part of it: no second start
                raise GraphError(f"{self.path}: not a readable RDF graph: {' '.join(str(exc).split())[:300]}") from None
            return feed(self.rdflib_graph(), *taps)  # rdflib may read what Oxigraph's parser refuses
        except OSError as exc:
            raise GraphError(f"{self.path}: cannot read: {exc.strerror or exc}") from None
        if current is not None:
            for tap in taps:
                tap(current, pairs)
        return count

    def rdflib_graph(self):
        """The whole file as an rdflib Graph, for exporters that need one (memory grows with the graph)."""
        from rdflib import Graph

        from kg.sanitize import clean_graph

        from rdflib.util import guess_format

        graph = Graph()
        try:
            graph.parse(str(self.path), format=guess_format(str(self.path)) or "turtle")
        except Exception as exc:  # rdflib raises many parser-specific types
            cause = " ".join(str(exc).split()) or type(exc).__name__
            raise GraphError(f"{self.path}: not a readable RDF graph: {cause[:300]}") from exc
        clean_graph(graph)
        return graph


def feed(graph, *taps: Tap) -> int:
    """Hand a graph's triples to ``taps`` by subject: a :class:`TurtleFile` (or anything with ``feed``)
    streams; an rdflib Graph (or any iterable of rdflib triples) is read triple by triple."""
    if hasattr(graph, "feed"):
        return graph.feed(*taps)
    count = 0
    current = None
    pairs: list = []
    triples: Iterable = graph.triples((None, None, None)) if hasattr(graph, "triples") else graph
    for s, p, o in triples:
        subject = term_key(s)
        if subject != current or len(pairs) >= _BATCH:
            if current is not None:
                for tap in taps:
                    tap(current, pairs)
            current, pairs = subject, []
        predicate = term_key(p)
        pairs.append((predicate[1] != RDF_TYPE, predicate, term_key(o)))
        count += 1
    if current is not None:
        for tap in taps:
            tap(current, pairs)
    return count


def as_rdflib(graph):
    """An rdflib Graph of ``graph`` (itself when it is one), for exporters that need one."""
    return graph.rdflib_graph() if hasattr(graph, "rdflib_graph") else graph


class TripleIndex:
    """The triples of some predicates, collected from a stream of subjects (a tap), answering
    the triple-pattern calls of an rdflib Graph (``objects``, ``subjects``, ``subject_objects``,
    ``transitive_subjects``) so that readers written for a Graph read it alike.

    Only ``predicates`` are kept, as shared sort keys.
    """

    def __init__(self, predicates: Iterable) -> None:
        from kg.graph.terms import term_of

        self._po: dict[tuple, dict[str, list[tuple]]] = {}
        self._keys: dict[tuple, tuple] = {}  # shared keys: an article's IRI is the object of many triples
        terms: dict[tuple, Any] = {}  # each term made once: readers ask for the same ones again and again

        def term(key: tuple):
            found = terms.get(key)
            if found is None:
                found = terms[key] = term_of(key)
            return found

        self._term = term
        self._wanted = {str(p) for p in predicates}

    def add(self, subject: Key, pairs: list) -> None:
        """A tap: some or all of ``subject``'s triples, as (not rdf:type, predicate key, object key) pairs."""
        wanted, share = self._wanted, self._share
        subject = share(subject)
        held = self._po.get(subject)
        if held is None:
            held = self._po[subject] = {}
        for _, p, o in pairs:
            if p[1] in wanted:
                held.setdefault(p[1], []).append(share(o))

    def add_filled(self, subject: Key, spec: list, values) -> None:
        """A tap for a templated block (spec and slot values, :class:`kg.export.spool.BlockTemplate`)."""
        from kg.graph.terms import filled_pairs

        self.add(subject, filled_pairs(spec, list(values)))

    def _share(self, key: Key) -> Key:
        if key[0] != 0:
            return key
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = key
        return found

    def objects(self, subject, predicate):
        from rdflib import BNode

        held = self._po.get((1 if isinstance(subject, BNode) else 0, str(subject), "", ""))
        if held:
            term = self._term
            for o in held.get(str(predicate), ()):
                yield term(o)

    def subject_objects(self, predicate):
        term, name = self._term, str(predicate)
        for subject, held in self._po.items():
            for o in held.get(name, ()):
                yield term(subject), term(o)

    def subjects(self, predicate, obj):
        for subject, o in self.subject_objects(predicate):
            if obj is None or o == obj:
                yield subject

    def transitive_subjects(self, predicate, obj):
        return transitive_subjects(self, predicate, obj)


def transitive_subjects(graph, predicate, obj):
    """``obj`` and every subject reaching it through ``predicate``, breadth first, each once: rdflib's
    ``Graph.transitive_subjects`` for the graph views that stand in for an rdflib Graph."""
    from collections import deque

    seen = {obj}
    queue = deque([obj])
    yield obj
    while queue:
        for subject in graph.subjects(predicate, queue.popleft()):
            if subject not in seen:
                seen.add(subject)
                queue.append(subject)
                yield subject
