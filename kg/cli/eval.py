"""``kg eval``: score extraction against your own gold annotations."""
from __future__ import annotations

import json

import click

from kg.cli import fail
from kg.errors import KgError

HEADER = f"{'kind':<20}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}"


def _row(name: str, c) -> str:
    return f"{name:<20}{c.tp:>5}{c.fp:>5}{c.fn:>5}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}"


def format_report(report, verbose: bool = False) -> str:
    """The per-type and per-relation table, the misses and extras with ``verbose``, the summary line."""
    lines = [HEADER]
    for group in ("entities", "relations"):
        lines += [_row(name, c) for name, c in report.counts[group].items()]
        lines.append(_row(f"ALL {group}", report.total(group)))
    if verbose:
        lines += [str(d) for d in report.details]
    lines.append(report.summary())
    return "\n".join(lines)


@click.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.argument("articles", nargs=-1, metavar="[ARTICLES]...")
@click.option("--combined", is_flag=True,
              help="Also build all the articles at once and check that every entity named in several "
                   "articles comes out as one node (resolution=k/n).")
@click.option("--verbose", "-v", is_flag=True, help="List every miss and every extra, article by article.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the counts, totals, resolution, misses and extras as one JSON document instead.")
def eval_cmd(gold_dir: str, articles: tuple[str, ...], combined: bool, verbose: bool, as_json: bool) -> None:
    """Measure extraction against gold annotations.

    GOLD_DIR holds one YAML file per article (article, entities, relations; see the
    README). ARTICLES are files or folders where the articles named by the gold files
    are found; with none, they are looked for beside GOLD_DIR (../articles, the
    folders next to it, GOLD_DIR itself). Each article is built on its own and
    scored: P/R/F1 per entity type and per relation, then the summary line
    entity_f1=… relation_f1=… [resolution=k/n]. Exit status: 0 scored, 1 some
    article could not be read (scored as all missed), 2 bad gold or articles not found.
    """
    from kg.evaluate import evaluate

    try:
        report = evaluate(gold_dir, articles, combined=combined)
    except KgError as exc:
        fail(str(exc), 2)
    for warning in report.warnings:
        click.echo(f"kg: warning: {warning}", err=True)
    for failure in report.failed:
        click.echo(f"kg: skipped {failure}", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, verbose))
    raise SystemExit(1 if report.failed else 0)
