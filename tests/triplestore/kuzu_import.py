"""Load policy-kg's Neo4j CSV export into Kùzu (an embedded Cypher database, `pip install kuzu`),
reading the files the way `neo4j-admin database import` does: typed headers (`name:int`,
`altNames:string[]`), `;` between array elements, `:LABEL` for labels, empty fields as missing.

What differs from Neo4j (Kùzu is schema-first): each node label is a table with its columns declared
from the CSV header, and a node has one table, so an organization's extra labels (`Ministry`) are kept
in a `labels` list property instead; relationship tables are declared FROM/TO the node tables their
endpoints belong to; `issued` stays a string.
"""
from __future__ import annotations

import csv
from pathlib import Path

_TYPES = {"": "STRING", "string": "STRING", "int": "INT64", "long": "INT64", "float": "DOUBLE", "double": "DOUBLE",
          "boolean": "BOOLEAN", "datetime": "STRING", "string[]": "STRING[]"}


def _columns(header: list[str]) -> list[tuple[int, str, str]]:
    """(index, name, Kùzu type) of the property columns of a Neo4j CSV header."""
    out = []
    for i, column in enumerate(header):
        name, _, kind = column.partition(":")
        if name and kind not in ("ID", "START_ID", "END_ID", "TYPE", "LABEL"):
            out.append((i, name, _TYPES[kind.lower()]))
    return out


def _value(text: str, kind: str):
    if text == "":
        return None
    if kind == "INT64":
        return int(text)
    if kind == "DOUBLE":
        return float(text)
    if kind == "BOOLEAN":
        return text.lower() == "true"
    if kind == "STRING[]":
        return text.split(";")
    return text


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


NODE_FILES = ("Organization", "Official", "Plan", "Initiative", "Target", "Article")
REL_FILES = ("ISSUED_BY", "PART_OF", "HAS_TARGET", "SUB_ORGANIZATION_OF", "HOLDS_POST", "MENTIONED_IN")


def load(folder: Path, conn) -> dict[str, int]:
    """Create the tables and load every CSV in ``folder``; return the rows loaded per file."""
    table_of: dict[str, str] = {}
    counts: dict[str, int] = {}
    for label in NODE_FILES:
        header, rows = _rows(folder / f"{label}.csv")
        columns = _columns(header)
        ddl = ", ".join(["id STRING", "labels STRING[]"] + [f"{name} {kind}" for _, name, kind in columns])
        conn.execute(f"CREATE NODE TABLE {label}({ddl}, PRIMARY KEY (id))")
        props = ", ".join(["id: $id", "labels: $labels"] + [f"{name}: ${name}" for _, name, _ in columns])
        for row in rows:
            params = {"id": row[0], "labels": row[1].split(";")}
            params.update({name: _value(row[i], kind) for i, name, kind in columns})
            conn.execute(f"CREATE (:{label} {{{props}}})", params)
            table_of[row[0]] = label
        counts[label] = len(rows)
    for rel in REL_FILES:
        header, rows = _rows(folder / f"{rel}.csv")
        columns = _columns(header)
        pairs = sorted({(table_of[row[0]], table_of[row[1]]) for row in rows}) or [("Plan", "Organization")]
        ddl = ", ".join([f"FROM {a} TO {b}" for a, b in pairs] + [f"{name} {kind}" for _, name, kind in columns])
        conn.execute(f"CREATE REL TABLE {rel}({ddl})")
        props = ", ".join(f"{name}: ${name}" for _, name, _ in columns)
        for row in rows:
            a, b = table_of[row[0]], table_of[row[1]]
            params = {"s": row[0], "e": row[1]}
            params.update({name: _value(row[i], kind) for i, name, kind in columns})
            conn.execute(f"MATCH (x:{a} {{id: $s}}), (y:{b} {{id: $e}}) CREATE (x)-[:{rel} {{{props}}}]->(y)", params)
        counts[rel] = len(rows)
    return counts
