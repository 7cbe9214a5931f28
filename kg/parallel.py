"""Running extraction in chunks: in this process, in local worker processes, or on Dask.

Extraction is a pure per-article function, so the corpus is cut into chunks of
paths. A chunk is extracted into a :class:`GraphBuilder` of its own (what the
graph needs, not article text), and the caller merges chunk builders *in input
order*, which is exactly what adding their articles one by one in input order
would have given, so every mode builds the same graph as a single-process run.
Only a bounded window of chunks is in flight (three per worker): extraction
holds no more than that many articles' results at once, whatever the corpus
size. When the build streams Turtle, each chunk's evidence statements and
article nodes are rendered to Turtle text in the worker (the bulk of the
graph, in parallel), and the caller's spool and record tables spill past their
bounds, so memory stays flat as the corpus grows.

Input errors never cross process boundaries as exceptions: a chunk reports the
files it could not read, and the build goes on.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from kg import pipeline
from kg.cache import ExtractionCache, content_key, dumps, extraction_fingerprint
from kg.errors import InputError, KgError, UsageError
from kg.graph.builder import GraphBuilder
from kg.model import Extraction
from kg.pipeline import BuildReport
from kg.sanitize import display_path

# A chunk item: (path as the user gave it, its bytes or None, its cache entry or None).
# Local workers get only paths (same disk); Dask workers get bytes, or the entry on a cache hit.
Item = tuple[str, Optional[bytes], Optional[bytes]]


@dataclass
class ChunkResult:
    """What a chunk of articles yields, small enough to send between machines."""

    builder: GraphBuilder
    read: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, cause): InputError does not pickle
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, warning)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, what went wrong): bugs, not bad input
    hits: int = 0
    payloads: list[tuple[str, bytes]] = field(default_factory=list)  # new (cache key, entry) for the client
    fingerprint: str = ""


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def die_with_parent(parent: int | None = None) -> None:
    """In a worker: be killed (SIGKILL) when the process that started it dies, however it dies.

    Linux's ``PR_SET_PDEATHSIG``; without it (another OS) workers still stop when they next
    find their parent gone (``getppid`` changes), which ``concurrent.futures`` checks per task.
    """
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if parent is not None and os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def warm_up() -> None:
    """Import the extractors and build the lexicon automata once, before forking workers."""
    from kg.extract import EXTRACTORS
    from kg.lexicon import lexicon

    lexicon()
    for name in EXTRACTORS.names():
        EXTRACTORS.get(name)


def _extract_from_bytes(path: str, data: bytes, scratch: Path) -> Extraction:
    """Extract an article whose bytes came from elsewhere (a Dask client).

    The loaders read files, so the bytes are written under the article's own
    file name (the ending can decide the loader) and paths are put back after.
    """
    from kg.document import make_article
    from kg.extract import run_extractors
    from kg.loaders import load

    local = scratch / (Path(path).name or "article")
    local.write_bytes(data)
    try:
        raw = load(local)
    except InputError as exc:
        raise InputError(path, exc.cause) from None
    finally:
        local.unlink()
    raw.source = path
    return run_extractors(make_article(raw))


def extract_into(builder: GraphBuilder, items: Iterable[Item], cache_dir: str | None = None,
                 fingerprint: str | None = None, return_payloads: bool = False) -> ChunkResult:
    """Extract ``items`` into ``builder`` in order, using and filling the cache at ``cache_dir``.

    For a Dask worker the cache is the client's: hits arrive as entries inside
    the items, and with ``return_payloads`` new entries are sent back.
    """
    from kg.cache import loads

    result = ChunkResult(builder, fingerprint=extraction_fingerprint())
    cache = ExtractionCache(cache_dir, fingerprint) if cache_dir else None
    scratch: tempfile.TemporaryDirectory | None = None
    try:
        for path, given, entry in items:
            if entry is not None:  # a hit the client found
                cached = loads(entry)
                cached.article.source = path
                result.hits += 1
                _add(result, path, cached)
                continue
            data, key = given, None
            if cache is not None or return_payloads:
                if data is None:
                    try:
                        data = Path(path).read_bytes()
                    except OSError:
                        pass  # the loader reports it in its words
                if data is not None:
                    key = content_key(path, data)
                    cached = cache.get(key, path) if cache is not None else None
                    if cached is not None:
                        result.hits += 1
                        _add(result, path, cached)
                        continue
            try:
                if given is not None:  # bytes shipped from elsewhere: this machine may not have the file
                    if scratch is None:
                        scratch = tempfile.TemporaryDirectory(prefix="kg-chunk-")
                    extraction = _extract_from_bytes(path, given, Path(scratch.name))
                else:
                    extraction = pipeline.extract_file(Path(path))  # looked up on use: tests replace it
            except InputError as exc:
                result.skipped.append((exc.path, exc.cause))
                continue
            except (MemoryError, RecursionError, Exception) as exc:  # a bug: this article only, named
                result.errors.append((path, internal_cause(exc)))
                continue
            if key is not None:
                if return_payloads:
                    try:
                        result.payloads.append((key, dumps(extraction, key)))
                    except (TypeError, ValueError):
                        pass  # not cacheable
                if cache is not None:
                    cache.put(key, extraction)
            _add(result, path, extraction)
    finally:
        if scratch is not None:
            scratch.cleanup()
    return result


def internal_cause(exc: BaseException) -> str:
    """One line for an unexpected exception: its type, message and where it was raised."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {str(exc)[:300]}{where}"


def _add(result: ChunkResult, path: str, extraction: Extraction) -> None:
    result.read += 1
    result.warnings += [(path, w) for w in extraction.article.warnings]
    result.builder.add(extraction)


def run_chunk(items: list[Item], base_iri: str, cache_dir: str | None = None, fingerprint: str | None = None,
              return_payloads: bool = False, sink: Callable[[], object] | None = None) -> ChunkResult:
    """A worker's task: a chunk of articles into a fresh builder.

    With ``sink`` (a factory: the client's sink's ``chunk_sink``) the chunk's settled
    triples go into a sink made here, which travels back to be absorbed; the Turtle
    spool's renders its blocks here, in parallel.
    """
    return extract_into(chunk_builder(base_iri, sink), items, cache_dir, fingerprint, return_payloads)


def chunk_builder(base_iri: str, sink: Callable[[], object] | None) -> GraphBuilder:
    return GraphBuilder(base_iri, sink=sink() if sink is not None else None)


def _chunk_sink(builder: GraphBuilder) -> Callable[[], object] | None:
    return getattr(builder.sink, "chunk_sink", None) if builder.sink is not None else None


def chunked(items: Sequence, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def chunk_size_for(count: int, workers: int) -> int:
    """Chunks big enough to amortise a round trip, small enough to balance workers and stay in memory."""
    return max(1, min(192, count // (workers * 8) or 1))


def in_process(paths: Sequence[Path], builder: GraphBuilder, cache_dir: str | None,
               on_chunk: Callable[[ChunkResult, int], None]) -> None:
    """Extract in this process, straight into ``builder`` (no merging needed)."""
    for chunk in chunked([str(p) for p in paths], 32):
        on_chunk(extract_into(builder, [(p, None, None) for p in chunk], cache_dir), len(chunk))


def _process_context():
    """fork when safe (cheap, and children inherit the warmed-up lexicon); with other
    threads running (a Dask client, a test harness) forking can deadlock, so forkserver."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kg.pipeline", "kg.parallel"])
        return context
    return multiprocessing.get_context("spawn")


def with_processes(paths: Sequence[Path], builder: GraphBuilder, workers: int, cache_dir: str | None,
                   on_chunk: Callable[[ChunkResult, int], None], chunk_size: int | None = None) -> None:
    """Extract in ``workers`` local processes; chunk builders are merged here in input order.

    Workers read the files and the cache themselves (same disk).
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from kg.memory import limit_arenas

    limit_arenas()  # before the executor's threads start: they would each get a malloc arena
    size = chunk_size or chunk_size_for(len(paths), workers)
    context = _process_context()
    if context.get_start_method() == "fork":
        warm_up()  # children inherit the lexicon instead of each building it
    window: deque = deque()
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent,
                                   initargs=(os.getpid() if context.get_start_method() == "fork" else None,))
    try:
        for chunk in chunked([str(p) for p in paths], size):
            items = [(p, None, None) for p in chunk]
            window.append((executor.submit(run_chunk, items, builder.base, cache_dir, None, False,
                                           _chunk_sink(builder)), len(chunk)))
            if len(window) >= workers * 3:
                _collect(*window.popleft(), builder, on_chunk)
        while window:
            _collect(*window.popleft(), builder, on_chunk)
    except BrokenProcessPool as exc:
        raise KgError(f"a worker process died ({exc.__cause__ or 'out of memory?'}); try fewer --workers") from exc
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _collect(future, count: int, builder: GraphBuilder, on_chunk: Callable[[ChunkResult, int], None],
             fingerprint: str | None = None, cache: ExtractionCache | None = None) -> None:
    result: ChunkResult = future.result()
    if fingerprint is not None and result.fingerprint != fingerprint:
        raise UsageError("the Dask workers run a different policy-kg (extraction code or lexicons differ "
                         "from this client's); install the same version on the workers")
    builder.merge(result.builder)
    result.builder = builder  # drop the chunk's own builder as soon as it is merged
    if cache is not None:
        for key, payload in result.payloads:
            cache.put_payload(key, payload)
        result.payloads = []
    on_chunk(result, count)


class _Later:
    """A chunk served wholly from the cache: run here, when its turn to merge comes."""

    def __init__(self, items: list[Item], base: str, sink: Callable[[], object] | None) -> None:
        self.items, self.base, self.sink = items, base, sink

    def result(self) -> ChunkResult:
        return run_chunk(self.items, self.base, sink=self.sink)


def with_dask(paths: Sequence[Path], builder: GraphBuilder, address: str | None, cache_dir: str | None,
              on_chunk: Callable[[ChunkResult, int], None], chunk_size: int | None = None,
              client=None) -> None:
    """Extract on the Dask distributed cluster whose scheduler is at ``address``.

    The client reads each file and ships its bytes (or, on a cache hit, its
    cache entry), so workers need policy-kg installed but no access to the
    inputs or the output folder; new cache entries come back with the results
    and are written here. ``client`` may be an existing ``distributed.Client``.
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask's distributed scheduler: pip install 'policy-kg[dask]'") from None
    own = client is None
    if own:
        try:
            client = Client(address, set_as_default=False, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    cache = ExtractionCache(cache_dir) if cache_dir else None
    fingerprint = extraction_fingerprint()
    try:
        workers = max(1, sum(client.nthreads().values()))
        size = chunk_size or chunk_size_for(len(paths), workers)
        window: deque = deque()
        for chunk in chunked([str(p) for p in paths], size):
            items: list[Item] = []
            unreadable: list[tuple[str, str]] = []
            for path in chunk:
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:  # the loader's words for it
                    unreadable.append((path, f"cannot read: {exc.strerror or exc}"))
                    continue
                entry = None
                if cache is not None:
                    entry = cache.get_payload(content_key(path, data))
                items.append((path, None, entry) if entry is not None else (path, data, None))
            if any(entry is None for _, _, entry in items):
                future = client.submit(run_chunk, items, builder.base, None, None, cache is not None,
                                       _chunk_sink(builder), pure=False)
            else:
                future = _Later(items, builder.base, _chunk_sink(builder))
            window.append((_WithErrors(future, unreadable), len(chunk)))
            if len(window) >= workers * 3:
                _collect(*window.popleft(), builder, on_chunk, fingerprint, cache)
        while window:
            _collect(*window.popleft(), builder, on_chunk, fingerprint, cache)
    finally:
        if own:
            client.close()


class _WithErrors:
    """A chunk's future, plus the files the client itself could not read."""

    def __init__(self, future, skipped: list[tuple[str, str]]) -> None:
        self.future, self.skipped = future, skipped

    def result(self) -> ChunkResult:
        result = self.future.result()
        result.skipped = self.skipped + result.skipped
        return result


def extract_corpus(paths: list[Path], builder: GraphBuilder, on_progress: Callable[[int], object] | None = None,
                   extractions: Iterable[Extraction] | None = None, *, workers: int = 1,
                   scheduler: str | None = None, cache_dir: str | Path | None = None,
                   chunk_size: int | None = None, dask_client=None) -> BuildReport:
    """Stream every article into ``builder``; return what was read and skipped.

    ``workers`` > 1 extracts in that many local processes, ``scheduler`` (a Dask
    scheduler address, or ``dask_client``) on a Dask cluster; ``cache_dir``
    keeps extractions between runs (:mod:`kg.cache`). Every mode gives the
    builder the same content as a plain in-process run, and the report lists
    skipped files and warnings in input order whatever finished first.
    ``on_progress(n)`` is called as articles are done.
    """
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

    def on_chunk(result: ChunkResult, count: int) -> None:
        report.read += result.read
        report.cache_hits += result.hits
        report.skipped += [InputError(path, cause) for path, cause in result.skipped]
        warnings.extend(result.warnings)
        report.errors += result.errors
        if on_progress:
            on_progress(count)

    cache = str(cache_dir) if cache_dir is not None else None
    if scheduler is not None or dask_client is not None:
        with_dask(paths, builder, scheduler, cache, on_chunk, chunk_size, client=dask_client)
    elif workers > 1 and len(paths) > 1:
        with_processes(paths, builder, min(workers, len(paths)), cache, on_chunk, chunk_size)
    else:
        report.workers = 1
        in_process(paths, builder, cache, on_chunk)
    order = {str(p): i for i, p in enumerate(paths)}
    report.skipped.sort(key=lambda exc: order.get(exc.path, len(order)))
    warnings.sort(key=lambda pw: order.get(pw[0], len(order)))
    report.errors.sort(key=lambda pe: order.get(pe[0], len(order)))
    report.warnings = [f"{display_path(path)}: {w}" for path, w in warnings]
    report.seconds = time.perf_counter() - started
    return report
