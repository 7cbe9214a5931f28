"""The pipeline: input paths -> loaders -> document -> extractors -> graph builder.

:func:`extract_file` is the pure per-article step (a path in, an
:class:`Extraction` or an :class:`InputError` out), safe to run in worker
processes. :func:`build` streams articles through it into a
:class:`GraphBuilder`, so one bad file never sinks the corpus.
"""
from __future__ import annotations

import glob
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.document import make_article
from kg.errors import InputError, UsageError
from kg.extract import run_extractors
from kg.graph.builder import GraphBuilder
from kg.loaders import ARTICLE_SUFFIXES, load
from kg.model import Extraction
from kg.sanitize import display_path


def _walk(folder: Path, skipped: list[InputError] | None) -> Iterator[Path]:
    """Article files under ``folder`` (hidden names left out). What cannot be read — a sub-folder
    without permission, a FIFO or device, a dangling link — goes to ``skipped`` with its reason."""
    def unreadable(exc: OSError) -> None:
        if skipped is not None:
            skipped.append(InputError(exc.filename or folder, f"folder not read: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            path = base / name
            why = _not_a_file(path)
            if why is None:
                yield path
            elif skipped is not None:
                skipped.append(InputError(path, why))


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a regular file to read, or ``None`` when it is one."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a dangling link (its target does not exist)" if path.is_symlink() else "vanished"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def expand_inputs(inputs: Iterable[str], skipped: list[InputError] | None = None) -> list[Path]:
    """Files, folders (recursive, article endings only) and globs to a sorted list of files.

    With ``skipped``, what was found but cannot be read as a file (FIFOs, dangling links,
    unreadable sub-folders) is added to it with the reason, instead of being passed over silently.
    """
    found: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.update(_walk(path, skipped))
        elif path.exists() or path.is_symlink():
            why = _not_a_file(path)
            if why is None:
                found.add(path)
            elif skipped is not None:
                skipped.append(InputError(path, why))
            else:
                raise UsageError(f"{item}: {why}")
        else:
            matches = [Path(m) for m in glob.glob(item, recursive=True)]
            files = [m for m in matches if m.is_file()]
            for m in matches:
                if m.is_dir():
                    files += list(_walk(m, skipped))
            if not files:
                raise UsageError(f"{item}: no such file, folder or matching glob")
            found.update(files)
    return sorted(found, key=lambda p: str(p))


def extract_file(path: str | Path) -> Extraction:
    """Load, clean, model and extract one article. Raises :class:`InputError`."""
    raw = load(path)
    return run_extractors(make_article(raw))


@dataclass
class BuildReport:
    read: int = 0
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, cause): internal errors, in input order
    seconds: float = 0.0
    cache_hits: int = 0
    caching: bool = False
    workers: int = 1
    scheduler: str | None = None


def extract_all(paths: list[Path], report: BuildReport,
                on_progress: Callable[[], None] | None = None) -> Iterator[Extraction]:
    """Extractions in input order; failures are recorded in ``report`` and skipped."""
    for path in paths:
        try:
            extraction = extract_file(path)
        except InputError as exc:
            report.skipped.append(exc)
        else:
            report.read += 1
            report.warnings += [f"{path}: {w}" for w in extraction.article.warnings]
            yield extraction
        if on_progress:
            on_progress()


def build(paths: list[Path], builder: GraphBuilder, on_progress: Callable[[int], object] | None = None,
          extractions: Iterable[Extraction] | None = None, *, workers: int = 1, scheduler: str | None = None,
          cache_dir: str | Path | None = None, chunk_size: int | None = None, dask_client=None) -> BuildReport:
    """Stream every article into ``builder``; return what was read and skipped.

    ``workers`` > 1 extracts in that many local processes, ``scheduler`` (a Dask
    scheduler address, or ``dask_client``) on a Dask cluster; ``cache_dir``
    keeps extractions between runs (:mod:`kg.cache`). Every mode gives the
    builder the same content as a plain in-process run, and the report lists
    skipped files and warnings in input order whatever finished first.
    ``on_progress(n)`` is called as articles are done.
    """
    from kg import parallel

    started = time.perf_counter()
    report = BuildReport(caching=cache_dir is not None, workers=workers, scheduler=scheduler)
    if extractions is not None:
        for extraction in extractions:
            builder.add(extraction)
            report.read += 1
        report.seconds = time.perf_counter() - started
        return report
    if cache_dir is not None:
        from kg.cache import ExtractionCache

        ExtractionCache(cache_dir).prune()
    warnings: list[tuple[str, str]] = []

    def on_chunk(result: parallel.ChunkResult, count: int) -> None:
        report.read += result.read
        report.cache_hits += result.hits
        report.skipped += [InputError(path, cause) for path, cause in result.skipped]
        warnings.extend(result.warnings)
        report.errors += result.errors
        if on_progress:
            on_progress(count)

    cache = str(cache_dir) if cache_dir is not None else None
    if scheduler is not None or dask_client is not None:
        parallel.with_dask(paths, builder, scheduler, cache, on_chunk, chunk_size, client=dask_client)
    elif workers > 1 and len(paths) > 1:
        parallel.with_processes(paths, builder, min(workers, len(paths)), cache, on_chunk, chunk_size)
    else:
        report.workers = 1
        parallel.in_process(paths, builder, cache, on_chunk)
    order = {str(p): i for i, p in enumerate(paths)}
    report.skipped.sort(key=lambda exc: order.get(exc.path, len(order)))
    warnings.sort(key=lambda pw: order.get(pw[0], len(order)))
    report.errors.sort(key=lambda pe: order.get(pe[0], len(order)))
    report.warnings = [f"{display_path(path)}: {w}" for path, w in warnings]
    report.seconds = time.perf_counter() - started
    return report


class GraphSource:
    """A built graph not yet materialised: exporters that can stream (Turtle) pull
    triples with :meth:`emit`; ``stats`` is filled in by whoever consumed them."""

    def __init__(self, builder: GraphBuilder) -> None:
        self.builder = builder
        self.stats = None

    @property
    def spool(self):
        """Where the builder streamed what articles settled, if anywhere."""
        return self.builder.spool

    def emit(self, sink) -> None:
        self.builder.emit(sink)
