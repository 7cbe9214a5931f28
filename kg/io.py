"""Atomic file output: a crash or Ctrl-C never leaves a half-written file."""
from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator


@contextmanager
def atomic_write(path: str | Path) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``path`` and move it into place on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".kg{os.getpid()}.tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_run(path: str | Path, items: Iterable, batch: int) -> None:
    """Write sorted items to a spill file as pickled batches: reading it back holds one batch."""
    with open(path, "wb") as f:
        chunk: list = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= batch:
                pickle.dump(chunk, f, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, f, protocol=pickle.HIGHEST_PROTOCOL)


def read_run(path: str | Path) -> Iterator:
    """The items of a spill file written by :func:`write_run`, in order, a batch at a time."""
    with open(path, "rb") as f:
        while True:
            try:
                chunk = pickle.load(f)
            except EOFError:
                return
            yield from chunk


class ScratchFile:
    """Items appended to a scratch file and read back, in order, as often as needed: what a
    collector sets aside until it knows which of them it wants.

    The file lives in a temporary folder of its own inside ``spill_dir`` (made with the first
    batch written), named ``PREFIX<pid>-…`` so that the next build removes it if this process
    is killed (:func:`kg.outputs.remove_stale`); :meth:`close` removes it. Items are pickled in
    batches of ``batch`` (an item counts as its ``size``, 1 unless said): appending holds one
    batch, reading one batch.
    """

    def __init__(self, spill_dir: str | None, prefix: str, batch: int = 2000) -> None:
        self.spill_dir, self._prefix, self._batch = spill_dir, prefix, batch
        self._pending: list = []
        self._size = 0
        self._tmpdir: tempfile.TemporaryDirectory | None = None
        self._file: BinaryIO | None = None
        self.count = 0

    def __len__(self) -> int:
        return self.count

    @property
    def path(self) -> str | None:
        """The scratch file (made with the first item)."""
        return self._file.name if self._file is not None else None

    def append(self, item, size: int = 1) -> None:
        self._pending.append(item)
        self.count += 1
        self._size += size
        if self._size >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._file is None:
            self._tmpdir = tempfile.TemporaryDirectory(prefix=f"{self._prefix}{os.getpid()}-", dir=self.spill_dir)
            self._file = open(os.path.join(self._tmpdir.name, "items.pickle"), "wb")
        pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending = []
        self._size = 0

    def __iter__(self) -> Iterator:
        """Every item appended so far, in order."""
        if self._file is None:
            yield from list(self._pending)
            return
        self._flush()
        self._file.flush()
        yield from read_run(self._file.name)

    def close(self) -> None:
        """Drop the items and remove the file and its folder."""
        self._pending = []
        self._size = self.count = 0
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None


class SpillRuns:
    """The sorted spill files of one external sort, in a temporary folder of their own,
    merged in tiers as they come.

    Reading merges every run at once, holding a batch of each; with runs simply
    piling up that would grow with the corpus. So whenever ``fan_in`` runs of one
    tier exist they are merged into one run of the next tier (items keep their
    order; equal keys stay side by side for the final reader to combine): at most
    ``fan_in`` runs a tier, a logarithmic number of tiers, each item rewritten
    once a tier.
    """

    def __init__(self, spill_dir: str | None, prefix: str, key: Callable | None = None, batch: int = 1000,
                 fan_in: int = 8) -> None:
        self.spill_dir, self._prefix = spill_dir, prefix
        self._key, self._batch, self._fan_in = key, batch, fan_in
        self._runs: list[tuple[int, str]] = []  # (tier, path)
        self._tmpdir: tempfile.TemporaryDirectory | None = None
        self._count = 0

    def __len__(self) -> int:
        return len(self._runs)

    def __iter__(self) -> Iterator[str]:
        return iter(path for _, path in self._runs)

    @property
    def directory(self) -> str | None:
        """The folder holding the runs (made with the first one)."""
        return self._tmpdir.name if self._tmpdir is not None else None

    def _new_path(self) -> str:
        if self._tmpdir is None:
            # the pid in the name lets the next build remove the folder if this process is killed
            self._tmpdir = tempfile.TemporaryDirectory(prefix=f"{self._prefix}{os.getpid()}-", dir=self.spill_dir)
        self._count += 1
        return os.path.join(self._tmpdir.name, f"run{self._count:05d}.pickle")

    def spill(self, items: Iterable) -> None:
        """Write ``items`` (sorted) as a new run, then merge any tier that is full."""
        path = self._new_path()
        write_run(path, items, self._batch)
        self._runs.append((0, path))
        tier = 0
        while True:
            same = [p for t, p in self._runs if t == tier]
            if len(same) < self._fan_in:
                return
            merged = self._new_path()
            write_run(merged, heapq.merge(*(read_run(p) for p in same), key=self._key), self._batch)
            for p in same:
                os.unlink(p)
            self._runs = [(t, p) for t, p in self._runs if t != tier] + [(tier + 1, merged)]
            tier += 1

    def readers(self) -> list[Iterator]:
        """One iterator per run, for a final merge."""
        return [read_run(path) for _, path in self._runs]

    def clear(self) -> None:
        """Drop every run and the folder."""
        self._runs = []
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None
