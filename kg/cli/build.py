"""``kg build``: articles in, graph files out."""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import click

from kg.errors import KgError, UsageError
from kg.graph import DEFAULT_BASE_IRI, KG, ORG, RDF
from kg.cli import fail

DEFAULT_INPUT = "seeds"
DEFAULT_FORMATS = ("turtle", "html")
_TYPE_NAMES = ("Organization", "Official", "Plan", "Initiative", "Target")


def _summary(graph, report, seconds: float) -> str:
    from kg.graph.builder import ORG_CLASSES

    per_type: Counter = Counter()
    for _, _, cls in graph.triples((None, RDF.type, None)):
        name = str(cls).rsplit("#", 1)[-1]
        per_type["Organization" if name in ORG_CLASSES else name] += 1
    relations = {
        "holdsPost": len(list(graph.triples((None, ORG.holds, None)))),
        "subOrganizationOf": len(list(graph.triples((None, ORG.subOrganizationOf, None)))),
        "issuedBy": len(list(graph.triples((None, KG.issuedBy, None)))),
        "partOf": len(list(graph.triples((None, KG.partOf, None)))),
        "hasTarget": len(list(graph.triples((None, KG.hasTarget, None)))),
    }
    lines = [
        f"articles: {report.read} read, {len(report.skipped)} skipped",
        "entities: " + ", ".join(f"{t} {per_type.get(t, 0)}" for t in _TYPE_NAMES),
        "relations: " + ", ".join(f"{k} {v}" for k, v in relations.items()),
        f"triples: {len(graph)}",
        f"seconds: {seconds:.2f}",
    ]
    return "\n".join(lines)


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder the graph files are written to (created if missing).")
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help="Output format, repeatable (default: turtle and html). See `kg export --help` for the list.")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="Namespace for the IRIs of entities, posts, articles and statements.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors, no summary.")
def build(inputs: tuple[str, ...], out_dir: str, formats: tuple[str, ...], base_iri: str, quiet: bool) -> None:
    """Build a knowledge graph from articles.

    INPUT is any mix of files, folders (read recursively) and globs; with none,
    the sample articles in seeds/ are built. Writes graph.ttl and graph.html into
    --out. Exit status: 0 every article read, 1 some skipped (each named on
    stderr), 2 usage error.
    """
    from kg.export import EXPORTERS, FILE_NAMES, export
    from kg.graph.builder import GraphBuilder
    from kg.io import atomic_write
    from kg.pipeline import build as run_build
    from kg.pipeline import expand_inputs

    started = time.perf_counter()
    try:
        paths = expand_inputs(inputs or (DEFAULT_INPUT,))
        if not paths:
            raise UsageError(f"no article files found in {', '.join(inputs or (DEFAULT_INPUT,))}")
        chosen = [EXPORTERS.canonical(f) for f in (formats or DEFAULT_FORMATS)]
    except KgError as exc:
        fail(str(exc), 2)
    bar = None
    if sys.stderr.isatty() and not quiet and len(paths) > 20:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="article", file=sys.stderr, leave=False)
    builder = GraphBuilder(base_iri)
    try:
        report = run_build(paths, builder, on_progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    for warning in report.warnings:
        click.echo(f"kg: warning: {warning}", err=True)
    for error in report.skipped:
        click.echo(f"kg: skipped {error}", err=True)
    graph = builder.graph()
    out = Path(out_dir)
    try:
        for fmt in chosen:
            name = FILE_NAMES.get(fmt, f"graph.{fmt}")
            with atomic_write(out / name) as stream:
                export(graph, stream, fmt, base_iri=base_iri)
    except KgError as exc:
        fail(str(exc), 1)
    if not quiet:
        click.echo(_summary(graph, report, time.perf_counter() - started))
    raise SystemExit(1 if report.skipped else 0)
