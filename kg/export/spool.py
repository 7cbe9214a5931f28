"""Sorted Turtle from a stream of triples, in bounded memory.

:func:`kg.export.turtle.write_turtle` promises byte-identical output for the same
graph whatever order triples arrive in, which means sorting every triple. An
rdflib Graph holding a corpus-sized graph costs far more memory and time than
the sort itself, so :class:`TurtleSpool` takes triples one by one (it is a
sink for :meth:`GraphBuilder.emit`), keeps them as compact sort keys grouped by
subject, and past ``spill_triples`` writes sorted runs to temporary files that
are merged at the end (an external merge sort). Output is the same bytes
``write_turtle`` gives for the same set of triples: it is its implementation.

Producers that already hold triples as sort keys skip rdflib terms: they add a
subject's pairs with :meth:`TurtleSpool.add_group`, or, for a subject whose
every triple is known at once (an evidence statement, an article), its
rendered text with :meth:`TurtleSpool.add_block`, which is sorted and spilled
as one string and costs almost nothing more to write.
"""
from __future__ import annotations

import heapq
import re
import zlib
from collections import Counter
from functools import partial
from typing import BinaryIO, Iterable, Iterator

from rdflib import BNode, Literal, URIRef

from kg.io import SpillRuns
from kg.memory import trim

from kg.graph.terms import (  # noqa: F401 - re-exported: the spool's public vocabulary
    GraphStats, Key, Pair, Shape, filled_pairs, iri_key, literal_key, pair, shape_of, term_key, term_of,
)

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_IRI_ESCAPE = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_EMPTY = ""
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t]')

_BATCH = 500  # groups per pickle record in a spill file: what merging holds per run
_BLOCK_BATCH = 500  # blocks (about 2 KB each) per pickle record


def _first(item: tuple):
    return item[0]


def _escape_string(value: str) -> str:
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


class TurtleSpool:
    """A triple sink (``add``, ``add_group``, ``add_block``) that writes sorted, grouped Turtle (``write``).

    Memory is bounded by ``spill_triples`` (grouped pairs) and ``spill_bytes``
    (rendered blocks) plus the distinct-IRI caches; beyond them sorted runs go
    to ``spill_dir`` (system temp by default) and are merged when writing.
    """

    def __init__(self, prefixes: dict[str, str], spill_triples: int = 400_000, spill_dir: str | None = None,
                 spill_bytes: int = 48 << 20, keep_triples: bool = False) -> None:
        self.prefixes = dict(prefixes)
        # with ``keep_triples`` a block keeps its triples (slot values or pairs) beside its text,
        # so that :meth:`write` can hand every subject's triples to its taps (other outputs)
        self.keep_triples = keep_triples
        self._specs: dict[int, list] = {}  # templated blocks' specs, by a checksum of their repr
        self._ordered = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self.spill_triples = spill_triples
        self.spill_bytes = spill_bytes
        self.spill_dir = spill_dir
        self._groups: dict[Key, list[Pair]] = {}
        self._pending = 0
        self._keys: dict[str, Key] = {}  # IRI -> its (shared) key
        self._bnodes: dict[str, Key] = {}
        self._runs = SpillRuns(spill_dir, ".kg-turtle-", key=_first, batch=_BATCH)
        # rendered blocks: (subject IRI, rank, text, shape, triples); of several for one subject the lowest
        # rank is kept. ``triples`` is () or, with ``keep_triples``, (spec checksum, slot values) for a
        # templated block and (0, pairs) for another
        self._blocks: list[tuple[str, tuple, str, Shape, tuple]] = []
        self._block_bytes = 0
        self._block_runs = SpillRuns(spill_dir, ".kg-turtle-", batch=_BLOCK_BATCH)
        self._render_cache: dict[str, str] = {}
        self._templates: dict[int, tuple] = {}
        self.stats = GraphStats()

    # -- collecting ------------------------------------------------------------
    def _key(self, term) -> Key:
        kind = type(term)
        if kind is URIRef:
            value = str(term)
            key = self._keys.get(value)
            if key is None:
                key = self._keys[value] = (0, value, _EMPTY, _EMPTY)
            return key
        if kind is Literal:
            datatype = term.datatype
            return (2, str(term), term.language or _EMPTY, str(datatype) if datatype else _EMPTY)
        if isinstance(term, BNode):
            value = str(term)
            key = self._bnodes.get(value)
            if key is None:
                key = self._bnodes[value] = (1, value, _EMPTY, _EMPTY)
            return key
        return term_key(term)  # subclasses of URIRef and Literal

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        keys = self._keys
        # the common cases inline: this runs once per triple of the corpus
        if type(s) is URIRef:
            value = str(s)
            skey = keys.get(value)
            if skey is None:
                skey = keys[value] = (0, value, _EMPTY, _EMPTY)
        else:
            skey = self._key(s)
        if type(p) is URIRef:
            value = str(p)
            pkey = keys.get(value)
            if pkey is None:
                pkey = keys[value] = (0, value, _EMPTY, _EMPTY)
        else:
            pkey = self._key(p)
        kind = type(o)
        if kind is Literal:
            datatype = o.datatype
            okey = (2, str(o), o.language or _EMPTY, str(datatype) if datatype else _EMPTY)
        elif kind is URIRef:
            value = str(o)
            okey = keys.get(value)
            if okey is None:
                okey = keys[value] = (0, value, _EMPTY, _EMPTY)
        else:
            okey = self._key(o)
        group = self._groups.get(skey)
        if group is None:
            self._groups[skey] = [(pkey[1] != _RDF_TYPE, pkey, okey)]
        else:
            group.append((pkey[1] != _RDF_TYPE, pkey, okey))
        self._pending += 1
        if self._pending >= self.spill_triples:
            self._spill()

    def extend(self, triples: Iterable[tuple]) -> None:
        for triple in triples:
            self.add(triple)

    def add_group(self, skey: Key, pairs: list[Pair]) -> None:
        """Add triples of one subject as sort keys (see :func:`iri_key`, :func:`pair`)."""
        group = self._groups.get(skey)
        if group is None:
            self._groups[skey] = list(pairs)
        else:
            group += pairs
        self._pending += len(pairs)
        if self._pending >= self.spill_triples:
            self._spill()

    def render(self, skey: Key, pairs: list[Pair]) -> str:
        """The Turtle text of one subject and its sorted, distinct pairs, as :meth:`write` writes it."""
        cache = self._render_cache
        if len(cache) > 50_000:
            cache.clear()
        return self._render(skey, pairs, cache)

    def iri_text(self, iri: str) -> str:
        """An IRI as Turtle writes it (a prefixed name when one fits)."""
        text = self._render_cache.get(iri)
        return text if text is not None else self._iri(iri, self._render_cache)

    def add_rendered(self, iri: str, text: str, shape: Shape, rank: tuple = (), triples: tuple = ()) -> None:
        """:meth:`add_block` for text already rendered (by a :class:`BlockTemplate` of this spool)."""
        self._blocks.append((iri, rank, text, shape, triples))
        self._block_bytes += (4 if triples else 2) * len(text) + 120
        if self._block_bytes >= self.spill_bytes:
            self._spill_blocks()

    def add_block(self, iri: str, pairs: list[Pair], rank: tuple = ()) -> None:
        """Add every triple of the subject ``iri`` at once: rendered now, kept as one string.

        The subject must get no triples any other way. If several blocks name the
        same subject, the one with the lowest ``rank`` (then text) is written, so
        the choice does not depend on the order they came in.
        """
        pairs = sorted(set(pairs))
        self.add_rendered(iri, self.render((0, iri, _EMPTY, _EMPTY), pairs), shape_of(pairs), rank,
                          (0, tuple(pairs)) if self.keep_triples else ())

    def template(self, spec: list) -> "BlockTemplate":
        """Blocks of one spec, rendered by filling slots (see :class:`BlockTemplate`)."""
        cached = self._templates.get(id(spec))
        if cached is None or cached[0] is not spec:
            cached = self._templates[id(spec)] = (spec, BlockTemplate(self, spec))
            if self.keep_triples:
                self._specs[cached[1].checksum] = spec
        return cached[1]

    @property
    def chunk_sink(self) -> "partial[TurtleSpool]":
        """A factory of unbounded in-memory spools for worker processes: they render their
        chunk's blocks in parallel, and the spool comes back to be absorbed here."""
        return partial(TurtleSpool, self.prefixes, spill_triples=1 << 62, spill_bytes=1 << 62,
                       keep_triples=self.keep_triples)

    def absorb(self, other: "TurtleSpool") -> None:
        """Take over what another spool collected in memory (a worker's, sent here) and empty it."""
        if other._runs or other._block_runs:
            raise ValueError("cannot absorb a spool that spilled to disk")
        groups = self._groups
        for skey, pairs in other._groups.items():  # add_group, inlined: a worker sends thousands
            group = groups.get(skey)
            if group is None:
                groups[skey] = pairs
            else:
                group += pairs
        self._pending += other._pending
        self._blocks += other._blocks
        self._block_bytes += other._block_bytes
        self._specs.update(other._specs)
        other._groups, other._blocks, other._block_bytes, other._pending = {}, [], 0, 0
        if self._pending >= self.spill_triples:
            self._spill()
        if self._block_bytes >= self.spill_bytes:
            self._spill_blocks()

    def __getstate__(self) -> dict:
        """Sent between processes without its caches (they rebuild on use)."""
        if self._runs or self._block_runs:
            raise ValueError("a spool that spilled to disk cannot be sent elsewhere")
        state = dict(self.__dict__)
        state.update(_keys={}, _bnodes={}, _render_cache={}, _templates={})
        return state

    # -- spilling ------------------------------------------------------------------
    def _sorted_groups(self) -> Iterator[tuple[Key, list[Pair]]]:
        groups = self._groups
        for skey in sorted(groups):
            yield skey, sorted(set(groups[skey]))

    def _spill(self) -> None:
        self._runs.spill(self._sorted_groups())
        self._groups = {}
        self._pending = 0
        self._keys = {}  # shared key tuples only save memory within a run
        trim()

    def _spill_blocks(self) -> None:
        self._blocks.sort()
        self._block_runs.spill(self._blocks)
        self._blocks = []
        self._block_bytes = 0
        trim()

    def _merged(self) -> Iterator[tuple[Key, list[Pair]]]:
        if not self._runs:
            yield from self._sorted_groups()
            return
        if self._groups:
            self._spill()
        current: Key | None = None
        pairs: list[Pair] = []
        several = False
        runs = self._runs.readers()
        for skey, more in heapq.merge(*runs, key=lambda item: item[0]):
            if skey == current:
                pairs += more
                several = True
                continue
            if current is not None:
                yield current, sorted(set(pairs)) if several else pairs
            current, pairs, several = skey, list(more), False
        if current is not None:
            yield current, sorted(set(pairs)) if several else pairs

    def _merged_blocks(self) -> Iterator[tuple[str, tuple, str, Shape, tuple]]:
        """Blocks in subject order, one per subject."""
        if self._block_runs:
            if self._blocks:
                self._spill_blocks()
            stream = heapq.merge(*self._block_runs.readers())
        else:
            self._blocks.sort()
            stream = iter(self._blocks)
        previous = None
        for block in stream:
            if block[0] != previous:
                previous = block[0]
                yield block

    # -- writing -------------------------------------------------------------------
    def _iri(self, iri: str, cache: dict[str, str]) -> str:
        text = cache.get(iri)
        if text is not None:
            return text
        text = None
        for prefix, ns in self._ordered:
            if iri.startswith(ns):
                local = iri[len(ns):]
                if _LOCAL.match(local):
                    text = f"{prefix}:{local}"
                    break
        if text is None:
            written = iri
            if _IRI_ESCAPE.search(iri):
                written = "".join(f"\\u{ord(c):04X}" if c in '<>"{}|^`\\' or ord(c) <= 0x20 else c for c in iri)
            text = f"<{written}>"
        if len(cache) > 50_000:  # bounded: most IRIs written once; the vocabulary comes back at once
            cache.clear()
        cache[iri] = text
        return text

    def _n3(self, key: Key, cache: dict[str, str]) -> str:
        kind, value, lang, datatype = key
        if kind == 0:
            text = cache.get(value)
            return text if text is not None else self._iri(value, cache)
        if kind == 1:
            return f"_:{value}"
        if _NEEDS_ESCAPE.search(value):
            value = _escape_string(value)
        if lang:
            return f'"{value}"@{lang}'
        if datatype and datatype != _XSD_STRING:
            return f'"{value}"^^{self._iri(datatype, cache)}'
        return f'"{value}"'

    def _render(self, skey: Key, pairs: list[Pair], cache: dict[str, str]) -> str:
        n3 = self._n3
        out = [f"\n{n3(skey, cache)}"]
        append = out.append
        previous = None
        for not_type, pkey, okey in pairs:
            if pkey is previous or pkey == previous:
                append(f",\n        {n3(okey, cache)}")
                continue
            if previous is not None:
                append(" ;")
            if not_type:
                append(f"\n    {n3(pkey, cache)} {n3(okey, cache)}")
            else:
                append(f"\n    a {n3(okey, cache)}")
            previous = pkey
        append(" .\n")
        return "".join(out)

    def write(self, stream: BinaryIO, taps: Iterable = ()) -> GraphStats:
        """Write the Turtle document to a binary ``stream``; return its counts.

        Each tap (``tap(subject key, pairs)``, or an object with ``add(subject key, pairs)``)
        is given every subject with all its triples as distinct pairs, in subject order,
        as the Turtle is written: other outputs are made in the same pass (the spool
        must keep triples, see ``keep_triples``). A tap object with
        ``add_filled(subject key, spec, slot values)`` gets templated blocks that way
        (see :class:`BlockTemplate`; :func:`kg.graph.terms.filled_pairs` makes their pairs).
        """
        taps = list(taps)
        # a tap that can take a templated block's slot values as they are is spared making pairs
        filled_taps = [getattr(tap, "add_filled", None) for tap in taps]
        taps = [getattr(tap, "add", tap) for tap in taps]
        if taps and not self.keep_triples:
            raise ValueError("a spool that does not keep its blocks' triples has none to give taps")
        specs = self._specs
        header = "".join(f"@prefix {name}: <{ns}> ." + "\n" for name, ns in sorted(self.prefixes.items()))
        stream.write(header.encode("utf-8"))
        cache: dict[str, str] = {}
        stats = self.stats
        types, predicates = stats.types, stats.predicates
        shapes: Counter = Counter()
        render = self._render
        out: list[str] = []
        size = 0
        triples = 0
        # groups and blocks, each sorted, interleaved by subject
        groups = ((skey, 0, pairs) for skey, pairs in self._merged())
        blocks = (((0, iri, _EMPTY, _EMPTY), 1, (text, shape, kept))
                  for iri, _, text, shape, kept in self._merged_blocks())
        try:
            for skey, is_block, payload in heapq.merge(groups, blocks, key=lambda item: item[:2]):
                if is_block:
                    text, shape, kept = payload
                    out.append(text)
                    shapes[shape] += 1
                    size += shape[0]
                    if taps:
                        checksum, held = kept
                        pairs = None if checksum else held
                        for tap, filled in zip(taps, filled_taps):
                            if filled is not None and checksum:
                                filled(skey, specs[checksum], held)
                                continue
                            if pairs is None:
                                pairs = filled_pairs(specs[checksum], held)
                            tap(skey, pairs)
                else:
                    pairs = payload
                    for tap in taps:
                        tap(skey, pairs)
                    out.append(render(skey, pairs, cache))
                    for not_type, pkey, okey in pairs:
                        predicates[pkey[1]] += 1
                        if not not_type:
                            types[okey[1]] += 1
                    triples += len(pairs)
                    size += len(pairs)
                if size > 20_000:
                    stream.write("".join(out).encode("utf-8"))
                    out.clear()
                    size = 0
            stream.write("".join(out).encode("utf-8"))
        finally:
            self.close()
        for (count, classes, used), times in shapes.items():
            triples += count * times
            for cls in classes:
                types[cls] += times
            for predicate in used:
                predicates[predicate] += times
        stats.triples += triples
        return stats

    def close(self) -> None:
        """Drop spill files and collected triples."""
        self._groups = {}
        self._keys = {}
        self._runs.clear()
        self._blocks = []
        self._block_runs.clear()
        self._render_cache = {}


_SLOT = "urn:x-kg-slot:"


class BlockTemplate:
    """Blocks of one shape, rendered by filling slots instead of sorting and formatting
    each triple: for the many subjects whose triples differ only in their objects
    (one per predicate), such as evidence statements. The template is :meth:`TurtleSpool.render`'s
    own output for placeholder objects, so the bytes are the same as rendering each block.

    ``pairs`` are (predicate key, object): a fixed object key, ``"iri"`` for an IRI
    slot, or ``(lang, datatype)`` for a literal slot; :meth:`fill` takes the slots' values in order.
    """

    def __init__(self, spool: TurtleSpool, pairs: list[tuple[Key, object]]) -> None:
        self.spool = spool
        placed: list[Pair] = []
        self.iri_slots: list[bool] = []
        for predicate, obj in pairs:
            if isinstance(obj, tuple) and len(obj) == 4:
                placed.append(pair(predicate, obj))
                continue
            slot = f"{_SLOT}{len(self.iri_slots)}"
            if obj == "iri":
                placed.append(pair(predicate, iri_key(slot)))
            else:
                lang, datatype = obj
                placed.append(pair(predicate, literal_key(slot, lang, datatype)))
            self.iri_slots.append(obj == "iri")
        slotted = [p for p, o in pairs if not (isinstance(o, tuple) and len(o) == 4)]
        if len(set(slotted)) != len(slotted):
            raise ValueError("a template's slots need distinct predicates (their order must not depend on values)")
        placed = sorted(set(placed))
        self.shape = shape_of(placed)
        self.checksum = zlib.crc32(repr(pairs).encode("utf-8")) or 1  # 0 marks blocks given as pairs
        text = spool.render(iri_key(f"{_SLOT}s"), placed).replace("{", "{{").replace("}", "}}")
        text = text.replace(f"<{_SLOT}s>", "{0}", 1)
        for i, is_iri in enumerate(self.iri_slots):
            text = text.replace(f"<{_SLOT}{i}>" if is_iri else f'"{_SLOT}{i}"',
                                f"{{{i + 1}}}" if is_iri else f'"{{{i + 1}}}"', 1)
        self._format = text.format

    def fill(self, iri: str, values: list[str], rank: tuple = ()) -> None:
        """Add the block of subject ``iri`` with these slot values to the spool."""
        spool = self.spool
        iri_text = spool.iri_text
        texts = [iri_text(v) if is_iri else (_escape_string(v) if _NEEDS_ESCAPE.search(v) else v)
                 for v, is_iri in zip(values, self.iri_slots)]
        spool.add_rendered(iri, self._format(iri_text(iri), *texts), self.shape, rank,
                           (self.checksum, tuple(values)) if spool.keep_triples else ())
