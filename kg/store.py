"""The graph in an on-disk Oxigraph store, for graphs larger than memory.

``kg build --store DIR`` writes the graph into an Oxigraph (RocksDB) store at
DIR; ``kg query --store DIR`` runs SPARQL on it without loading anything into
memory. The store is built beside DIR and swapped in when complete, so a failed
build leaves the previous store whole. Triples reach Oxigraph's bulk loader as
a file (the Turtle just written, or N-Triples streamed to a temporary file), so
no Python-side copy of the graph is ever held.
"""
from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from kg.errors import GraphError, UsageError
from kg.graph.terms import GraphStats

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ROCKSDB_MARK = "CURRENT"  # every RocksDB folder has it; the only folders we agree to replace


def _pyoxigraph():
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - a dependency
        raise UsageError("--store needs pyoxigraph: pip install pyoxigraph") from None
    return pyoxigraph


PIECE_BYTES = 16 << 20


def load_in_pieces(store: Any, path: Path, piece: int = PIECE_BYTES) -> None:
    """Bulk-load a Turtle file a piece at a time (cut at blank lines, each with the prefixes):
    Oxigraph's bulk loader holds about ten times what it is given, a gigabyte for a
    10,000-article graph.ttl in one go, about 300 MB in 16 MB pieces."""
    ox = _pyoxigraph()

    header: list[bytes] = []
    lines: list[bytes] = []
    size = 0
    with open(path, "rb") as f:
        for line in f:
            if not lines and line.startswith(b"@prefix "):
                header.append(line)
                continue
            lines.append(line)
            size += len(line)
            if size >= piece and not line.strip():
                store.bulk_load(b"".join(header + lines), format=ox.RdfFormat.TURTLE)
                lines, size = [], 0
    if lines:
        store.bulk_load(b"".join(header + lines), format=ox.RdfFormat.TURTLE)


def is_store(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() and (path / _ROCKSDB_MARK).is_file()


def open_store(path: str | Path, read_only: bool = True):
    """Open the store a ``kg build --store`` wrote, as a ``pyoxigraph.Store``.

    Raises :class:`GraphError` when ``path`` is not such a store. Read-only by
    default; do not open it while a build is writing it.
    """
    if not is_store(path):
        raise GraphError(f"{path}: not an Oxigraph store (build one with `kg build --store {path}`)")
    ox = _pyoxigraph()
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise GraphError(f"{path}: cannot open the store: {exc}") from None


class NTriplesSink:
    """A triple sink (``add``) writing N-Triples lines to a binary stream."""

    def __init__(self, stream: BinaryIO) -> None:
        from kg.export.spool import TurtleSpool

        self._stream = stream
        self._spool = TurtleSpool({})  # its term writer, with no prefixes: plain N-Triples terms
        self._cache: dict[str, str] = {}
        self._lines: list[str] = []
        self.count = 0

    def add(self, triple: tuple) -> None:
        spool, cache = self._spool, self._cache
        s, p, o = (spool._n3(spool._key(t), cache) for t in triple)
        self._lines.append(f"{s} {p} {o} .\n")
        self.count += 1
        if len(self._lines) >= 10_000:
            self.flush()

    def flush(self) -> None:
        self._stream.write("".join(self._lines).encode("utf-8"))
        self._lines = []


def check_target(directory: Path) -> None:
    """Refuse a --store folder that exists and is neither empty nor an Oxigraph store."""
    if directory.exists() and not (directory.is_dir() and (is_store(directory) or not any(directory.iterdir()))):
        raise UsageError(f"{directory}: exists and is not an Oxigraph store; choose another --store folder")


def write_store(directory: str | Path, turtle: Path | None = None,
                emit: Callable[[object], None] | None = None) -> GraphStats:
    """(Re)build the store at ``directory`` from a Turtle file, or from ``emit(sink)``.

    Returns the store's counts (taken with SPARQL, after Oxigraph drops duplicates).
    """
    ox = _pyoxigraph()
    directory = Path(directory)
    check_target(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}.new-", dir=directory.parent))
    try:
        store_dir = work / "store"
        store = ox.Store(str(store_dir))
        if turtle is not None:
            load_in_pieces(store, Path(turtle))  # bounded memory (policy-kg's Turtle has blank lines between subjects)
        elif emit is not None:
            triples = work / "graph.nt"
            with open(triples, "wb") as stream:
                sink = NTriplesSink(stream)
                emit(sink)
                sink.flush()
            store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES)
            triples.unlink()
        store.flush()
        stats = store_stats(store)
        del store
        gc.collect()  # the store closes when the object goes
        old = None
        if directory.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=directory.parent))
            os.replace(directory, old / "store")
        os.replace(store_dir, directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return stats
    finally:
        shutil.rmtree(work, ignore_errors=True)


def store_stats(store) -> GraphStats:
    """Triples, classes and predicates of the default graph, counted by the store."""
    stats = GraphStats()
    for row in store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
        stats.triples = int(row["n"].value)
    for row in store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"):
        stats.predicates[row["p"].value] += int(row["n"].value)
    for row in store.query(f"SELECT ?c (COUNT(*) AS ?n) WHERE {{ ?s <{_RDF_TYPE}> ?c }} GROUP BY ?c"):
        stats.types[row["c"].value] += int(row["n"].value)
    return stats


_check_target = check_target  # the name it had
