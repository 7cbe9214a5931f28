"""``kg validate``: check a graph against the SHACL shapes."""
from __future__ import annotations

import click

from kg.cli import fail
from kg.errors import KgError


@click.command()
@click.argument("graph", default="output/graph.ttl", required=False, metavar="[GRAPH]")
@click.option("--warnings/--no-warnings", default=True, show_default=True,
              help="Also list warnings (posts whose organization the text does not name).")
def validate(graph: str, warnings: bool) -> None:
    """Validate GRAPH (default output/graph.ttl) against ontology/shapes.ttl.

    Prints one line per problem: severity, the node, the property and the
    message. Exit status: 0 conforms (warnings allowed), 1 violations, 2 the graph
    cannot be read.
    """
    from kg.validate import load_graph, validate as run

    try:
        g = load_graph(graph)
    except KgError as exc:
        fail(str(exc), 2)
    results = run(g)
    shown = [r for r in results if warnings or r.severity == "Violation"]
    for r in shown:
        path = r.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if r.path else "-"
        value = f" (value: {r.value})" if r.value else ""
        click.echo(f"{r.severity}: {r.focus} {path}: {r.message}{value}")
    violations = sum(1 for r in results if r.severity == "Violation")
    warned = len(results) - violations
    click.echo(f"{graph}: {len(g)} triples, {violations} violations, {warned} warnings")
    raise SystemExit(1 if violations else 0)
