"""``kg validate``: check a graph against the SHACL shapes."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli import fail
from kg.errors import KgError


@click.command()
@click.argument("graph", default="output/graph.ttl", required=False, metavar="[GRAPH]")
@click.option("--warnings/--no-warnings", default=True, show_default=True,
              help="Also list warnings (posts whose organization the text does not name).")
def validate(graph: str, warnings: bool) -> None:
    """Validate GRAPH (default output/graph.ttl, or a store folder `kg build --store`
    wrote) against ontology/shapes.ttl.

    The shapes run as SPARQL over an on-disk Oxigraph store (the file is loaded into a
    scratch one), in bounded memory. Prints one line per problem: severity, the node
    by its label (a post by its holder: "肖亚庆's post 部长"), the property, the message
    and the node's IRI. Exit status: 0 conforms (warnings allowed), 1 violations,
    2 the graph cannot be read.
    """
    from kg.store import is_store, open_store
    from kg.validate import scratch_store, validate_store

    try:
        if is_store(graph):
            store = open_store(graph)
            results, triples = validate_store(store), len(store)
        else:
            with scratch_store(Path(graph)) as store:
                results, triples = validate_store(store), len(store)
    except KgError as exc:
        fail(str(exc), 2)
    shown = [r for r in results if warnings or r.severity == "Violation"]
    for r in shown:
        path = r.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if r.path else "-"
        value = f" (value: {r.value})" if r.value else ""
        named = r.label and r.label != r.focus
        click.echo(f"{r.severity}: {r.label if named else r.focus} {path}: {r.message}{value}"
                   + (f" <{r.focus}>" if named else ""))
    violations = sum(1 for r in results if r.severity == "Violation")
    warned = len(results) - violations
    click.echo(f"{graph}: {triples} triples, {violations} violations, {warned} warnings")
    raise SystemExit(1 if violations else 0)
