"""``kg build``: articles in, graph files out."""
from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

import click

from kg.cli import EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_SKIPPED, EXIT_USAGE, fail, os_error_message
from kg.errors import KgError, UsageError
from kg.graph import DEFAULT_BASE_IRI, KG, ORG
from kg.outputs import OutputFolder, is_disk_full, temp_name
from kg.pipeline import expand_inputs
from kg.sanitize import display_path, printable

DEFAULT_INPUT = "seeds"
DEFAULT_FORMATS = ("turtle", "html")
_TYPE_NAMES = ("Organization", "Official", "Plan", "Initiative", "Target")


# Entity records kept in memory before they spill to disk (streaming builds): ~1.5 KB each.
RECORD_LIMIT = 30_000
# Turtle spool bounds: grouped triples (~250 bytes each in memory) and rendered blocks.
SPILL_TRIPLES = 300_000
SPILL_BYTES = 48 << 20

# Past this many articles, say that non-streaming formats hold the whole graph in memory.
LARGE_CORPUS = 5_000

# Formats whose exporter can take a GraphSource and stream, never holding an rdflib Graph.
STREAMING_FORMATS = frozenset({"turtle"})


def _summary(stats, report, seconds: float, graph_seconds: float) -> str:
    from kg.graph.builder import ORG_CLASSES

    per_type: Counter = Counter()
    for cls, count in stats.types.items():
        name = str(cls).rsplit("#", 1)[-1]
        per_type["Organization" if name in ORG_CLASSES else name] += count
    relations = {
        "holdsPost": stats.predicates.get(str(ORG.holds), 0),
        "subOrganizationOf": stats.predicates.get(str(ORG.subOrganizationOf), 0),
        "issuedBy": stats.predicates.get(str(KG.issuedBy), 0),
        "partOf": stats.predicates.get(str(KG.partOf), 0),
        "hasTarget": stats.predicates.get(str(KG.hasTarget), 0),
    }
    lines = [
        f"articles: {report.read} read, {len(report.skipped)} skipped",
        "entities: " + ", ".join(f"{t} {per_type.get(t, 0)}" for t in _TYPE_NAMES),
        "relations: " + ", ".join(f"{k} {v}" for k, v in relations.items()),
        f"triples: {stats.triples}",
    ]
    if report.caching:
        lines.append(f"cache: {report.cache_hits} hits, {report.read - report.cache_hits} extracted")
    lines.append(f"seconds: {seconds:.2f} (extraction {report.seconds:.2f}, graph and output {graph_seconds:.2f})")
    return "\n".join(lines)


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder the graph files are written to (created if missing).")
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help="Output format, repeatable (default: turtle and html; none with --store). "
                   "See `kg export --help` for the list.")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="Namespace for the IRIs of entities, posts, articles and statements.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Extract in N processes (default: this machine's cores; 1 = in this process). "
                   "The graph is the same whatever N.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
                   "needs the 'dask' extra here and policy-kg on the workers (see the README).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Also write the graph into an on-disk Oxigraph store at DIR (replaced when the build "
                   "succeeds), for graphs larger than memory; `kg query --graph DIR` queries it.")
@click.option("--no-cache", is_flag=True,
              help="Extract every article afresh and keep no cache (by default extractions are cached in "
                   "OUT/.kg-cache, so a re-run only extracts new and changed articles).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors, no summary.")
def build(inputs: tuple[str, ...], out_dir: str, formats: tuple[str, ...], base_iri: str, workers: int | None,
          scheduler: str | None, store_dir: str | None, no_cache: bool, quiet: bool) -> None:
    """Build a knowledge graph from articles.

    INPUT is any mix of files, folders (read recursively) and globs; with none,
    the sample articles in seeds/ are built. Writes graph.ttl and graph.html into
    --out, replaced together when the build succeeds; a second build into the
    same --out waits for the first. Exit status: 0 every article read, 1 some
    skipped (each named on stderr), 2 usage error, 3 an output could not be
    written, 70 internal error (the article being processed is named).
    """
    from kg.cache import CACHE_DIR_NAME
    from kg.export import EXPORTERS

    started = time.perf_counter()
    unreadable: list = []
    try:
        paths = expand_inputs(inputs or (DEFAULT_INPUT,), skipped=unreadable)
        if not paths and not unreadable:
            raise UsageError(f"no article files found in {', '.join(inputs or (DEFAULT_INPUT,))}")
        if formats:
            chosen = list(dict.fromkeys(EXPORTERS.canonical(f) for f in formats))
        else:
            chosen = [] if store_dir else list(DEFAULT_FORMATS)
        if store_dir:
            from kg.store import _check_target

            _check_target(Path(store_dir))
    except KgError as exc:
        fail(str(exc), EXIT_USAGE)
    out = Path(out_dir)
    try:
        folder = OutputFolder(out, on_wait=lambda pid: quiet or click.echo(
            f"kg: note: another build (pid {pid}) is writing into {printable(str(out))}; waiting for it", err=True))
        folder.__enter__()
    except OSError as exc:
        fail(os_error_message(exc), EXIT_OUTPUT)
    wall_started = time.time()
    try:
        code = _build_into(folder, paths, unreadable, chosen, base_iri, workers, scheduler, store_dir, no_cache,
                           quiet, started)
    except OSError as exc:
        folder.__exit__(None, None, None)
        message = os_error_message(exc)
        if is_disk_full(exc) and not no_cache:
            message += _free_cache(out / CACHE_DIR_NAME, wall_started)
        fail(message, EXIT_OUTPUT)
    except BaseException:
        folder.__exit__(None, None, None)
        raise
    folder.__exit__(None, None, None)
    raise SystemExit(code)


def _free_cache(cache_dir: Path, since: float) -> str:
    """Remove the cache entries this run wrote (the disk is full); say how much was freed."""
    from kg.cache import ExtractionCache

    written = ExtractionCache(cache_dir).written_since(since)
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


def _build_into(folder: OutputFolder, paths, unreadable, chosen, base_iri, workers, scheduler, store_dir, no_cache,
                quiet, started) -> int:
    from kg.cache import CACHE_DIR_NAME
    from kg.export import FILE_NAMES, export
    from kg.export.spool import GraphStats
    from kg.graph.builder import GraphBuilder
    from kg.parallel import default_workers
    from kg.pipeline import GraphSource
    from kg.pipeline import build as run_build

    out = folder.path
    bar = None
    if sys.stderr.isatty() and not quiet and len(paths) > 20:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="article", file=sys.stderr, leave=False)
    streaming = all(fmt in STREAMING_FORMATS for fmt in chosen)
    if not streaming and len(paths) > LARGE_CORPUS and not quiet:
        others = ", ".join(fmt for fmt in chosen if fmt not in STREAMING_FORMATS)
        click.echo(f"kg: note: {others} {'is' if ',' not in others else 'are'} written from an in-memory graph, "
                   f"which for {len(paths):,} articles takes gigabytes and much of the time; --format turtle "
                   "streams in bounded memory, and `kg html` / `kg export` make the others from graph.ttl",
                   err=True)
    spool = None
    if streaming:
        # Turtle (and the store) straight from the builder: what each article settles is
        # rendered as it comes (by the workers) and spilled to disk, never an rdflib Graph.
        from kg.export.spool import TurtleSpool
        from kg.export.turtle import turtle_prefixes

        spool = TurtleSpool(turtle_prefixes(base_iri), spill_dir=str(out), spill_triples=SPILL_TRIPLES,
                            spill_bytes=SPILL_BYTES)
    # bounded memory for any corpus size: records and triples past these spill to disk in --out
    builder = GraphBuilder(base_iri, spool=spool, record_limit=RECORD_LIMIT if spool is not None else 1 << 62)
    extracted = False
    try:
        report = run_build(paths, builder, on_progress=bar.update if bar else None,
                           workers=workers or default_workers(), scheduler=scheduler,
                           cache_dir=None if no_cache else out / CACHE_DIR_NAME)
        extracted = True
    except UsageError as exc:
        fail(str(exc), EXIT_USAGE)
    except KgError as exc:
        fail(str(exc), EXIT_SKIPPED)
    finally:
        if bar is not None:
            bar.close()
        if spool is not None and not extracted:
            spool.close()  # its spill files
    report.skipped[:0] = unreadable
    for warning in report.warnings:
        click.echo(f"kg: warning: {printable(warning)}", err=True)
    for error in report.skipped:
        click.echo(f"kg: skipped {printable(str(error))}", err=True)
    for path, cause in report.errors:
        click.echo(f"kg: internal error while processing {printable(display_path(path))}: {printable(cause)} "
                   "(a bug in policy-kg; the article was left out)", err=True)
    stats = None
    graph_started = time.perf_counter()
    try:
        if streaming:
            source = GraphSource(builder)
            scratch = None
            try:
                if "turtle" in chosen:
                    with folder.staged(FILE_NAMES["turtle"]) as stream:
                        export(source, stream, "turtle", base_iri=base_iri, spill_dir=str(out))
                    turtle = out / temp_name(FILE_NAMES["turtle"])
                else:  # a store alone: it is loaded from Turtle written aside
                    import tempfile

                    scratch = tempfile.TemporaryDirectory(prefix=f".kg-store-{os.getpid()}-", dir=str(out))
                    turtle = Path(scratch.name) / "graph.ttl"
                    with open(turtle, "wb") as stream:
                        export(source, stream, "turtle", base_iri=base_iri, spill_dir=str(out))
                stats = source.stats
                if store_dir:
                    from kg.store import write_store

                    write_store(store_dir, turtle=turtle)
            finally:
                if scratch is not None:
                    scratch.cleanup()
        else:
            graph = builder.graph()
            for fmt in chosen:
                with folder.staged(FILE_NAMES.get(fmt, f"graph.{fmt}")) as stream:
                    export(graph, stream, fmt, base_iri=base_iri)
            stats = GraphStats.of_graph(graph)
            if store_dir:
                from kg.store import write_store

                def emit(sink) -> None:
                    for triple in graph:
                        sink.add(triple)

                write_store(store_dir, emit=emit)
        folder.commit()
    except KgError as exc:
        fail(str(exc), EXIT_SKIPPED)
    finally:
        if spool is not None:
            spool.close()
    if not quiet:
        now = time.perf_counter()
        click.echo(_summary(stats, report, now - started, now - graph_started))
    if report.errors:
        return EXIT_INTERNAL
    return EXIT_SKIPPED if report.skipped else EXIT_OK
