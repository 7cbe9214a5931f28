"""A whole build as one library call: :func:`build` (also ``kg.build``), which ``kg build``,
the tests and the benchmarks all use.

One graph path, whatever the formats asked for:

1. the articles are extracted (:func:`kg.parallel.extract_corpus`, in this process,
   local workers or Dask) into a :class:`~kg.graph.builder.GraphBuilder` whose sink is
   the Turtle spool: what each article settles is kept as sort keys or rendered
   text, spilled to disk past bounds;
2. the builder emits what needs the whole corpus, and the spool merges everything
   into one stream of subjects in sorted order;
3. that stream is written as ``graph.ttl`` (when Turtle is asked for; to a scratch
   file otherwise) and, in the same pass, handed to the *collectors* of the other
   formats (:data:`kg.export.COLLECTORS`: the HTML page, N-Triples, …), which keep
   only what their output needs;
4. formats without a collector are made from the Turtle just written (TriG is
   that Turtle in a graph block; the store is Oxigraph's bulk load of it).

No step holds the graph as Python objects; every buffer that grows with the corpus
has a bound (:class:`Bounds`). Outputs are staged and replaced together
(:class:`kg.outputs.OutputFolder`), so a failed build leaves the previous ones whole.
"""
from __future__ import annotations

import os
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from kg.errors import InputError, KgError, OutputError, UsageError
from kg.graph import DEFAULT_BASE_IRI
from kg.pipeline import BuildReport

DEFAULT_FORMATS = ("turtle", "html")


@dataclass(frozen=True)
class Bounds:
    """What a build keeps in memory before spilling sorted runs to disk (inside ``out``)."""

    records: int = 30_000  # entity records (officials, plans, initiatives, targets, posts): ~1.5 KB each
    triples: int = 300_000  # grouped triples in the Turtle spool: ~250 bytes each
    block_bytes: int = 48 << 20  # rendered blocks (evidence statements, articles) in the spool


def chosen_formats(formats: Iterable[str] | None, store: str | Path | None) -> list[str]:
    """Canonical names of ``formats`` (aliases allowed), in order, without repeats; the default
    is Turtle and HTML, or nothing but the store when only a store is asked for."""
    from kg.export import EXPORTERS

    formats = list(formats or ())
    if formats:
        return list(dict.fromkeys(EXPORTERS.canonical(f) for f in formats))
    return [] if store else list(DEFAULT_FORMATS)


def build(inputs: Sequence[str | Path], out: str | Path = "output", formats: Iterable[str] | None = None, *,
          workers: int | None = None, scheduler: str | None = None, store: str | Path | None = None,
          base_iri: str = DEFAULT_BASE_IRI, cache: bool = True, bounds: Bounds = Bounds(),
          on_progress: Callable[[int], object] | None = None, on_wait: Callable[[int], object] | None = None,
          on_paths: Callable[[list[Path]], object] | None = None, dask_client=None) -> BuildReport:
    """Build the graph of the articles in ``inputs`` into the folder ``out``; return the report.

    ``inputs``: files, folders (read recursively) and globs. ``formats``: names or
    aliases of :data:`kg.export.EXPORTERS` (default Turtle and HTML; none with ``store``
    alone). ``workers``: local extraction processes (default: this machine's cores;
    1 = in this process); ``scheduler`` (or ``dask_client``): a Dask cluster instead.
    ``store``: also (re)build an Oxigraph store in that folder. ``cache``: keep
    extractions in ``out/.kg-cache`` between runs. ``on_progress(n)`` is called as
    articles are done; ``on_wait(pid)`` when another build holds ``out`` (this one
    waits); ``on_paths(paths)`` once the inputs are expanded.

    Unreadable articles do not stop the build: they are listed in ``report.skipped``
    (``report.exit_code`` is then 1). Raises :class:`UsageError` (bad inputs or
    options), :class:`OutputError` (an output could not be written; the previous
    outputs stay whole) or another :class:`KgError`.
    """
    from kg.outputs import OutputFolder
    from kg.parallel import default_workers
    from kg.pipeline import expand_inputs

    started = time.perf_counter()
    unreadable: list[InputError] = []
    try:  # what the caller asked for: any error here is a usage error
        paths = expand_inputs([str(i) for i in inputs], skipped=unreadable)
        if not paths and not unreadable:
            raise UsageError(f"no article files found in {', '.join(str(i) for i in inputs)}")
        chosen = chosen_formats(formats, store)
        if store:
            from kg.store import check_target

            check_target(Path(store))
    except UsageError:
        raise
    except KgError as exc:
        raise UsageError(str(exc)) from exc
    if on_paths is not None:
        on_paths(paths)
    out = Path(out)
    wall_started = time.time()
    try:
        with OutputFolder(out, on_wait=on_wait) as folder:
            report = _build_into(folder, paths, chosen, base_iri, workers or default_workers(), scheduler, store,
                                 cache, bounds, on_progress, dask_client)
    except OSError as exc:
        from kg.outputs import is_disk_full, os_error_message

        message = os_error_message(exc)
        if is_disk_full(exc) and cache:
            message += _free_cache(out, wall_started)
        raise OutputError(message) from exc
    report.skipped[:0] = unreadable
    report.total_seconds = time.perf_counter() - started
    return report


def _free_cache(out: Path, since: float) -> str:
    """Remove the cache entries this run wrote (the disk is full); say how much was freed."""
    from kg.cache import CACHE_DIR_NAME, ExtractionCache

    written = ExtractionCache(out / CACHE_DIR_NAME).written_since(since)
    freed = 0
    for path in written:
        try:
            freed += path.stat().st_size
            path.unlink()
        except OSError:
            pass
    if not written:
        return ""
    return f"; removed the {len(written)} cache entries ({freed / 1e6:.1f} MB) this run wrote"


def _build_into(folder, paths: list[Path], chosen: list[str], base_iri: str, workers: int, scheduler: str | None,
                store: str | Path | None, cache: bool, bounds: Bounds, on_progress, dask_client) -> BuildReport:
    from kg.cache import CACHE_DIR_NAME
    from kg.export import COLLECTORS
    from kg.export.spool import TurtleSpool
    from kg.export.turtle import turtle_prefixes
    from kg.graph.builder import GraphBuilder
    from kg.parallel import extract_corpus

    out = folder.path
    collected = [fmt for fmt in chosen if fmt in COLLECTORS]
    spool = TurtleSpool(turtle_prefixes(base_iri), spill_dir=str(out), spill_triples=bounds.triples,
                        spill_bytes=bounds.block_bytes, keep_triples=bool(collected))
    try:
        builder = GraphBuilder(base_iri, sink=spool, record_limit=bounds.records)
        report = extract_corpus(paths, builder, on_progress, workers=workers, scheduler=scheduler,
                                cache_dir=out / CACHE_DIR_NAME if cache else None, dask_client=dask_client)
        graph_started = time.perf_counter()
        builder.emit(spool)
        report.stats = write_outputs(spool, folder, chosen, base_iri=base_iri, store=store,
                                     outputs=report.outputs)
        folder.commit()
    finally:
        spool.close()  # its spill files, whatever happened
    report.graph_seconds = time.perf_counter() - graph_started
    return report


def write_outputs(spool, folder, chosen: list[str], *, base_iri: str, store: str | Path | None = None,
                  outputs: dict | None = None, options: dict | None = None):
    """Write the spool's graph in every ``chosen`` format into ``folder`` (staged), and the store.

    Turtle and the collectors' formats are made in one pass over the spool; the
    others from the Turtle just written. Returns the graph's counts.
    """
    import tempfile

    from kg.export import COLLECTORS, FILE_NAMES, export
    from kg.outputs import temp_name

    outputs = {} if outputs is None else outputs
    out = folder.path
    options = {"base_iri": base_iri, "spill_dir": str(out), **(options or {})}
    collectors = {fmt: COLLECTORS.get(fmt)(**options) for fmt in chosen if fmt in COLLECTORS}
    with ExitStack() as stack:
        scratch = None
        if "turtle" in chosen:
            stream = stack.enter_context(folder.staged(FILE_NAMES["turtle"]))
            turtle = out / temp_name(FILE_NAMES["turtle"])
            outputs["turtle"] = out / FILE_NAMES["turtle"]
        else:  # the others that need it, or the store, read Turtle written aside
            scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix=f".kg-graph-{os.getpid()}-",
                                                                      dir=str(out)))
            turtle = Path(scratch) / "graph.ttl"
            stream = stack.enter_context(open(turtle, "wb"))
        stats = spool.write(stream, taps=list(collectors.values()))
        stream.flush()
        for fmt, collector in collectors.items():
            name = FILE_NAMES.get(fmt, f"graph.{fmt}")
            with folder.staged(name) as target:
                collector.write(target)
            outputs[fmt] = out / name
        rest = [fmt for fmt in chosen if fmt != "turtle" and fmt not in collectors]
        if rest:
            from kg.export.source import TurtleFile

            from kg.export.turtle import turtle_prefixes

            source = TurtleFile(turtle, spill_dir=str(out), sorted_with=turtle_prefixes(base_iri))
            for fmt in rest:
                name = FILE_NAMES.get(fmt, f"graph.{fmt}")
                with folder.staged(name) as target:
                    export(source, target, fmt, **options)
                outputs[fmt] = out / name
        if store:
            from kg.store import write_store

            stream.flush()
            write_store(store, turtle=turtle)
            outputs["store"] = Path(store)
    return stats


__all__ = ["Bounds", "BuildReport", "DEFAULT_FORMATS", "build", "chosen_formats", "write_outputs"]
