"""Triples as plain sort keys: the graph's own representation, shared by the builder and every sink.

A term is a tuple ``(kind, lexical form, language, datatype)`` (kind 0 IRI, 1 blank
node, 2 literal); tuples sort in the order every writer here sorts in, pickle in C
and cost far less than rdflib terms. A subject's triples travel as *pairs*
``(predicate is not rdf:type, predicate key, object key)``, so ``rdf:type`` sorts first.

The builder produces the graph in these terms, as groups (a subject and some of its
pairs) and blocks (a subject and all of its pairs at once, such as an evidence
statement); it knows nothing of any file format. A *sink* takes them
(:class:`TripleSink`): the Turtle spool (:mod:`kg.export.spool`) is one, an rdflib
Graph (through :class:`TermSink`) another.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from rdflib import BNode, Literal, URIRef

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_EMPTY = ""

# A term as its sort key: (kind, lexical form, language, datatype); kind 0 IRI, 1 blank node, 2 literal.
Key = tuple  # tuple[int, str, str, str]
# One predicate-object pair of a subject: (predicate is not rdf:type, predicate key, object key).
Pair = tuple
# What a block holds, for the counts: (triples, class IRIs typed, predicate IRIs).
Shape = tuple
# A block's shape with slots: (predicate key, fixed object key | "iri" | (language, datatype)).
Spec = list


def iri_key(iri: str) -> Key:
    """The sort key of an IRI."""
    return (0, iri, _EMPTY, _EMPTY)


def literal_key(value: str, lang: str = _EMPTY, datatype: str = _EMPTY) -> Key:
    """The sort key of a literal; ``value`` must be the lexical form rdflib would keep
    (canonical for numbers), so that every path writes the same bytes."""
    return (2, value, lang, datatype)


def pair(predicate: Key, obj: Key) -> Pair:
    """One predicate-object pair of a subject, in sort order (rdf:type first)."""
    return (predicate[1] != RDF_TYPE, predicate, obj)


def term_key(term) -> Key:
    """The sort key of an rdflib term."""
    if isinstance(term, URIRef):
        return (0, str(term), _EMPTY, _EMPTY)
    if isinstance(term, BNode):
        return (1, str(term), _EMPTY, _EMPTY)
    if isinstance(term, Literal):
        return (2, str(term), term.language or _EMPTY, str(term.datatype) if term.datatype else _EMPTY)
    raise TypeError(f"not an RDF term: {term!r}")


def term_of(key: Key):
    """The rdflib term a sort key stands for (for sinks that want terms)."""
    kind, value, lang, datatype = key
    if kind == 0:
        return URIRef(value)
    if kind == 1:
        return BNode(value)
    return Literal(value, lang=lang or None, datatype=URIRef(datatype) if datatype else None)


def shape_of(pairs: list[Pair]) -> Shape:
    return (len(pairs), tuple(o[1] for not_type, _, o in pairs if not not_type), tuple(p[1] for _, p, _ in pairs))


def filled_pairs(spec: Spec, values: list[str]) -> list[Pair]:
    """The pairs a block ``spec`` gives for these slot values."""
    out: list[Pair] = []
    slots = iter(values)
    for predicate, obj in spec:
        if not (isinstance(obj, tuple) and len(obj) == 4):
            obj = iri_key(next(slots)) if obj == "iri" else literal_key(next(slots), *obj)
        out.append(pair(predicate, obj))
    return out


@dataclass
class GraphStats:
    """Counts a build summary needs, taken by whoever wrote the graph (after duplicates are dropped)."""

    triples: int = 0
    types: Counter = field(default_factory=Counter)  # class IRI -> subjects typed with it
    predicates: Counter = field(default_factory=Counter)  # predicate IRI -> triples

    @classmethod
    def of_graph(cls, graph) -> "GraphStats":
        stats = cls(triples=len(graph))
        for _, p, o in graph.triples((None, None, None)):
            stats.predicates[str(p)] += 1
            if str(p) == RDF_TYPE:
                stats.types[str(o)] += 1
        return stats


class TripleSink(Protocol):
    """Where the builder sends the graph. Optional extras a sink may have: ``template(spec)``
    (an object whose ``fill(iri, values)`` adds a block of that spec, faster than pairs),
    ``absorb(other)`` and ``chunk_sink`` (a picklable factory of sinks for worker processes,
    whose content is absorbed here), ``spill_dir`` (where the builder's own tables spill)."""

    def add_group(self, skey: Key, pairs: list[Pair]) -> None: ...

    def add_block(self, iri: str, pairs: list[Pair], rank: tuple = ()) -> None: ...


class PairTemplate:
    """``template(spec)`` for sinks without one of their own: fills the pairs and adds a block."""

    def __init__(self, sink, spec: Spec) -> None:
        self.sink, self.spec = sink, spec

    def fill(self, iri: str, values: list[str], rank: tuple = ()) -> None:
        self.sink.add_block(iri, filled_pairs(self.spec, values), rank)


class TermSink:
    """Groups and blocks to rdflib-term triples, for sinks with only ``add(triple)`` (an rdflib Graph)."""

    def __init__(self, sink) -> None:
        self.add = sink.add
        self._term = lru_cache(maxsize=65536)(term_of)

    def add_group(self, skey: Key, pairs: list[Pair]) -> None:
        term, add = self._term, self.add
        s = term(skey)
        for _, p, o in pairs:
            add((s, term(p), term(o)))

    def add_block(self, iri: str, pairs: list[Pair], rank: tuple = ()) -> None:
        self.add_group(iri_key(iri), pairs)
