"""``kg query``: run SPARQL on a built graph and print the answer."""
from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from kg.cli import fail
from kg.errors import KgError, UsageError
from kg.sanitize import printable

FORMATS = ("table", "csv", "json")


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: east-asian wide and full-width characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _cell(value: Any) -> str:
    """A value as table text: IRIs compacted to ``prefix:local``, line breaks flattened."""
    from kg.query import compact_iri

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if "://" in text:
        text = compact_iri(text)
    return printable(" ".join(text.split("\n")))


def format_table(columns: list[str], rows: list[list[Any]]) -> str:
    """An aligned text table; widths count display columns so Chinese text lines up."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


# Text a spreadsheet would run as a formula when it opens the CSV (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that starts like a formula, with a leading ``'``: spreadsheets show it as text.

    Numbers stay numbers (``-5`` is a number, not a formula); only strings are guarded.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def format_csv(columns: list[str], rows: list[list[Any]]) -> str:
    """RFC 4180 CSV with a header row; unbound values are empty fields; text that a spreadsheet
    would take for a formula (``=HYPERLINK(…)``) starts with ``'`` (:func:`spreadsheet_safe`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(c) for c in columns])
    for row in rows:
        writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else spreadsheet_safe(v))
                         for v in row])
    return out.getvalue()


def json_value(value: Any) -> Any:
    """A value JSON can hold: a Decimal becomes an int when integral, else a float (JSON has no decimal)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def format_json(columns: list[str], rows: list[list[Any]]) -> str:
    """A JSON list of objects, one per row, keyed by column; unbound values are ``null``."""
    objects = [{c: json_value(v) for c, v in zip(columns, row)} for row in rows]
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"


def read_query_text(query: str) -> str:
    """The SPARQL text: ``query`` itself, the contents of the file it names, or stdin for ``-``."""
    if query == "-":
        return sys.stdin.read()
    path = Path(query)
    looks_like_path = query.endswith((".rq", ".sparql")) or ("\n" not in query and len(query) < 4096 and path.is_file())
    if looks_like_path:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"no such query file: {query}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read query file {query}: {exc}") from None
    return query


@click.command("query")
@click.argument("query", metavar="QUERY")
@click.option(
    "--graph", "-g", "graph", default="output/graph.ttl", show_default=True,
    type=click.Path(dir_okay=True, path_type=Path),
    help="Graph to query: a Turtle file written by `kg build`, or a pyoxigraph store directory.",
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output: an aligned table, CSV with a header row, or a JSON list of objects.",
)
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses send requests to the SPARQL endpoints they name (refused by default: "
                   "queries answer from the local graph).")
def query(query: str, graph: Path, fmt: str, allow_service: bool) -> None:
    """Run a SPARQL QUERY (a .rq file, a SPARQL string, or - for stdin) on a graph.

    The prefixes kg: org: prov: dcterms: schema: skos: rdfs: rdf: xsd: are
    predeclared. The shipped competency questions live in queries/*.rq.
    """
    from kg.query import run_query

    try:
        result = run_query(read_query_text(query), graph, allow_service=allow_service)
    except KgError as exc:
        fail(str(exc), 2)
    formatter = {"table": format_table, "csv": format_csv, "json": format_json}[fmt]
    click.echo(formatter(result.columns, result.rows), nl=False)
