"""A key -> record table that keeps at most ``limit`` records in memory.

The builder's per-entity records grow with the corpus (a news archive keeps
naming new officials, plans and targets). Past the limit the table writes its
records, sorted by key, to a run file and starts afresh; reading merges the runs
and folds records with the same key together, so memory stays bounded whatever
the corpus size — the same external merge the Turtle spool uses for triples.
"""
from __future__ import annotations

import heapq
from typing import Callable, Generic, Hashable, Iterator, TypeVar

from kg.io import SpillRuns
from kg.memory import trim

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_BATCH = 1_000  # records per pickle record: what a final merge holds per run


def _first(item: tuple):
    return item[0]


class SpillTable(Generic[K, V]):
    """``setdefault`` and ``fold`` records in; ``items()`` gives each key once, in key order.

    ``merge(into, other)`` folds a record for the same key into ``into`` and must
    not depend on the order records come in.
    """

    def __init__(self, merge: Callable[[V, V], None], limit: int = 1 << 62, spill_dir: str | None = None) -> None:
        self.merge = merge
        self.limit = limit
        self._records: dict[K, V] = {}
        self._runs = SpillRuns(spill_dir, ".kg-records-", key=_first, batch=_BATCH)

    def __len__(self) -> int:
        """Records in memory (keys on disk may repeat them)."""
        return len(self._records)

    def get(self, key: K) -> V | None:
        """The in-memory record for ``key``, if any (a spilled one is not looked up)."""
        return self._records.get(key)

    def setdefault(self, key: K, factory: Callable[[], V]) -> V:
        record = self._records.get(key)
        if record is None:
            if len(self._records) >= self.limit:
                self._spill()
            record = self._records[key] = factory()
        return record

    def fold(self, key: K, record: V) -> None:
        """Add a record collected elsewhere (a worker's)."""
        into = self._records.get(key)
        if into is None:
            if len(self._records) >= self.limit:
                self._spill()
            self._records[key] = record
        else:
            self.merge(into, record)

    def fold_all(self, other: "SpillTable[K, V]") -> None:
        for key, record in other.items():
            self.fold(key, record)
        other.close()

    def _spill(self) -> None:
        self._runs.spill(sorted(self._records.items(), key=_first))
        self._records = {}
        trim()

    def items(self) -> Iterator[tuple[K, V]]:
        """Every key once, in sorted order, with its records folded together.

        Once the table has spilled, reading folds records into one another: read it once.
        """
        memory = iter(sorted(self._records.items(), key=lambda kv: kv[0]))
        if not self._runs:
            yield from memory
            return
        current: tuple[K, V] | None = None
        for key, record in heapq.merge(memory, *self._runs.readers(), key=_first):
            if current is not None and current[0] == key:
                self.merge(current[1], record)
                continue
            if current is not None:
                yield current
            current = (key, record)
        if current is not None:
            yield current

    def close(self) -> None:
        self._records = {}
        self._runs.clear()

    def __getstate__(self) -> dict:
        if self._runs:
            raise ValueError("a table that spilled to disk cannot be sent elsewhere")
        return dict(self.__dict__)
