"""``kg build``: articles in, graph files out. A thin edge over :func:`kg.building.build`:
it parses options, shows progress and the summary, and maps errors to exit codes."""
from __future__ import annotations

import sys
from collections import Counter

import click

from kg.cli import EXIT_INTERNAL, EXIT_OUTPUT, EXIT_SKIPPED, EXIT_USAGE, fail
from kg.errors import KgError, OutputError, UsageError
from kg.graph import DEFAULT_BASE_IRI, KG, ORG, ORG_CLASSES
from kg.sanitize import display_path, printable

DEFAULT_INPUT = "seeds"
_TYPE_NAMES = ("Organization", "Official", "Plan", "Initiative", "Target")


def _summary(report) -> str:
    stats = report.stats
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
    lines.append(f"seconds: {report.total_seconds:.2f} (extraction {report.seconds:.2f}, "
                 f"graph and output {report.graph_seconds:.2f})")
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
    from kg.building import build as run_build

    bar = None

    def on_paths(paths) -> None:
        nonlocal bar
        if sys.stderr.isatty() and not quiet and len(paths) > 20:
            from tqdm import tqdm

            bar = tqdm(total=len(paths), unit="article", file=sys.stderr, leave=False)

    def on_wait(pid: int) -> None:
        if not quiet:
            click.echo(f"kg: note: another build (pid {pid}) is writing into {printable(out_dir)}; waiting for it",
                       err=True)

    try:
        report = run_build(inputs or (DEFAULT_INPUT,), out_dir, formats, workers=workers, scheduler=scheduler,
                           store=store_dir, base_iri=base_iri, cache=not no_cache, on_paths=on_paths,
                           on_wait=on_wait, on_progress=lambda n: bar.update(n) if bar is not None else None)
    except UsageError as exc:
        fail(str(exc), EXIT_USAGE)
    except OutputError as exc:
        fail(str(exc), EXIT_OUTPUT)
    except KgError as exc:
        fail(str(exc), EXIT_SKIPPED)
    finally:
        if bar is not None:
            bar.close()
    for warning in report.warnings:
        click.echo(f"kg: warning: {printable(warning)}", err=True)
    for error in report.skipped:
        click.echo(f"kg: skipped {printable(str(error))}", err=True)
    for path, cause in report.errors:
        click.echo(f"kg: internal error while processing {printable(display_path(path))}: {printable(cause)} "
                   "(a bug in policy-kg; the article was left out)", err=True)
    if not quiet:
        click.echo(_summary(report))
    raise SystemExit(EXIT_INTERNAL if report.errors else EXIT_SKIPPED if report.skipped else 0)
