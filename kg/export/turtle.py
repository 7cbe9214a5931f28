"""Deterministic, streaming Turtle.

rdflib's Turtle serializer orders output but is superlinear on large graphs and
numbers blank nodes by memory order. This writer sorts subjects and
predicate-object pairs, groups them, and writes line by line: the same graph
gives byte-identical output, whatever order the triples were added in.
"""
from __future__ import annotations

from typing import BinaryIO, Iterable

from kg.graph import PREFIXES  # re-exported: exporters import it from here


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


def export_prefixes(options: dict) -> dict[str, str]:
    """An exporter's prefixes: ``options['prefixes']`` if given, else :func:`turtle_prefixes` of ``base_iri``."""
    given = options.get("prefixes")
    return dict(given) if given is not None else turtle_prefixes(options.get("base_iri"))


def export_turtle(graph, stream: BinaryIO, **options) -> None:
    """Turtle exporter: the registry entry for ``turtle``/``ttl``.

    ``graph`` is a graph source (:mod:`kg.export.source`) or an rdflib Graph, whose
    triples go to a spool (bounded memory, spilling to ``spill_dir``), or a
    :class:`~kg.graph.builder.GraphBuilder`, which emits into its own sink when it
    streamed into one while it was built.
    """
    from kg.export.source import feed
    from kg.export.spool import TurtleSpool

    prefixes = export_prefixes(options)
    if hasattr(graph, "emit"):
        spool = getattr(graph, "sink", None) or TurtleSpool(prefixes, spill_dir=options.get("spill_dir"))
        graph.emit(spool)
        spool.write(stream)
        return
    spool_source(graph, prefixes, options.get("spill_dir")).write(stream)


class _OutOfOrder(Exception):
    pass


def spool_source(graph, prefixes: dict[str, str], spill_dir: str | None = None):
    """A :class:`~kg.export.spool.TurtleSpool` holding ``graph`` (a graph source or rdflib Graph), to write.

    A source whose subjects come in sorted order, each once (a graph.ttl, as Turtle
    is written here), is taken a subject at a time as rendered blocks: sorting them
    costs nothing and memory stays bounded. Any other is taken triple by triple
    (read a second time, if the disorder shows only part-way through).
    """
    from kg.export.source import feed
    from kg.export.spool import TurtleSpool

    if hasattr(graph, "feed"):
        spool = TurtleSpool(prefixes, spill_dir=spill_dir)
        state: dict = {"previous": None, "pairs": []}

        def flush() -> None:
            key, pairs = state["previous"], state["pairs"]
            if key is not None and pairs:
                if key[0] == 0:
                    spool.add_block(key[1], pairs)
                else:
                    spool.add_group(key, pairs)
            state["pairs"] = []

        def in_order(subject, pairs) -> None:
            previous = state["previous"]
            if subject != previous:
                if previous is not None and subject < previous:
                    raise _OutOfOrder
                flush()
                state["previous"] = subject
            state["pairs"] += pairs

        try:
            graph.feed(in_order)
            flush()
            return spool
        except _OutOfOrder:
            spool.close()
    spool = TurtleSpool(prefixes, spill_dir=spill_dir)
    feed(graph, spool.add_group)
    return spool
