"""Neo4j: CSV files for ``neo4j-admin database import full``, and a LOAD CSV script for the same files.

One node file per label (Organization, Official, Plan, Initiative, Target,
Article) with ``id:ID`` (the IRI) and ``:LABEL`` (organizations also carry their
subclass, e.g. ``Organization;Ministry``); one relationship file per type with
``:START_ID``, ``:END_ID``, ``:TYPE``. Evidence is kept as properties of the
relationship it supports, ``evidence:string[]`` (sentences) and
``evidenceArticles:string[]`` (the article ids, index-aligned): a property graph
cannot point at an edge, and an Evidence node per sentence would turn every
one-hop question into a three-hop one. ``load.cypher`` loads the same CSVs with
``LOAD CSV WITH HEADERS`` for a running server; ``import.sh`` holds the
``neo4j-admin`` command.

One stream, many files: the exporter writes a zip archive of them, or writes
them into ``options['directory']`` when the CLI passes one.
"""
from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from kg.export.view import (
    ENTITY_LABELS,
    HOLDS_POST,
    MENTIONED_IN,
    NODE_LABELS,
    ORGANIZATION_SUBCLASSES,
    RELATION_TYPES,
    Edge,
    Node,
    property_graph,
)

ARRAY_DELIMITER = ";"
# Fixed timestamp for zip entries, so the archive is byte-identical across runs.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)

# Node file columns: (CSV header, property key in the view).
_ENTITY_COLUMNS = [("name", "name"), ("altNames:string[]", "altNames"), ("articleCount:int", "articleCount")]
NODE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "Organization": _ENTITY_COLUMNS,
    "Official": _ENTITY_COLUMNS + [("posts:string[]", "posts")],
    "Plan": _ENTITY_COLUMNS,
    "Initiative": _ENTITY_COLUMNS,
    "Target": _ENTITY_COLUMNS + [
        ("indicator", "indicator"), ("targetYear:int", "targetYear"), ("value:float", "value"),
        ("unit", "unit"), ("comparator", "comparator"),
    ],
    "Article": [
        ("title", "title"), ("issued:datetime", "issued"), ("publisher", "publisher"), ("url", "url"),
        ("identifier", "identifier"), ("editor", "editor"), ("sourceName", "sourceName"),
        ("subjects:string[]", "subjects"),
    ],
}
_EVIDENCE_COLUMNS = [("evidence:string[]", "evidence"), ("evidenceArticles:string[]", "evidenceArticles")]
RELATIONSHIP_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "ISSUED_BY": _EVIDENCE_COLUMNS,
    "PART_OF": _EVIDENCE_COLUMNS,
    "HAS_TARGET": _EVIDENCE_COLUMNS,
    "SUB_ORGANIZATION_OF": _EVIDENCE_COLUMNS,
    HOLDS_POST: [("title", "title"), ("post", "post"), ("postId", "postId"), ("attestedIn:string[]", "attestedIn")]
    + _EVIDENCE_COLUMNS,
    MENTIONED_IN: [],
}
# (start label, end label) of each relationship type; None = any entity label.
ENDPOINTS: dict[str, tuple[str | None, str]] = {
    "ISSUED_BY": ("Plan", "Organization"),
    "PART_OF": ("Initiative", "Plan"),
    "HAS_TARGET": ("Plan", "Target"),
    "SUB_ORGANIZATION_OF": ("Organization", "Organization"),
    HOLDS_POST: ("Official", "Organization"),
    MENTIONED_IN: (None, "Article"),
}


def _field(value: Any, header: str) -> str:
    """A CSV field: arrays joined with ``;`` (a ``;`` inside an element becomes full-width ``；``), None empty."""
    if value is None:
        return ""
    if header.endswith("[]"):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "；") for v in value)
    if isinstance(value, float) and value.is_integer() and header.endswith(":int"):
        return str(int(value))
    return str(value)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _node_file(label: str, nodes: list[Node]) -> bytes:
    columns = NODE_COLUMNS[label]
    rows = []
    for node in nodes:
        labels = label if node.kind == label else f"{label}{ARRAY_DELIMITER}{node.kind}"
        rows.append([node.id, labels] + [_field(node.properties.get(key), h) for h, key in columns])
    return _csv(["id:ID", ":LABEL"] + [h for h, _ in columns], rows)


def _relationship_file(rel_type: str, edges: list[Edge]) -> bytes:
    columns = RELATIONSHIP_COLUMNS[rel_type]
    rows = []
    for edge in edges:
        values = dict(edge.properties)
        values["evidence"] = [sentence for sentence, _, _ in edge.evidence]
        values["evidenceArticles"] = [article for _, article, _ in edge.evidence]
        rows.append([edge.start, edge.end, rel_type] + [_field(values.get(key) or None, h) for h, key in columns])
    return _csv([":START_ID", ":END_ID", ":TYPE"] + [h for h, _ in columns], rows)


def _cypher_value(header: str) -> str:
    """The Cypher expression reading column ``header`` of ``row``, typed as neo4j-admin would type it."""
    column = f"row.`{header}`"
    if header.endswith("[]"):
        expr = f"split({column}, '{ARRAY_DELIMITER}')"
        if header.endswith(":int[]"):
            expr = f"[x IN {expr} | toInteger(x)]"
    elif header.endswith(":int"):
        expr = f"toInteger({column})"
    elif header.endswith(":float"):
        expr = f"toFloat({column})"
    elif header.endswith(":datetime"):
        expr = f"datetime({column})"
    else:
        expr = column
    # An empty field is a missing property for neo4j-admin; CASE without ELSE gives null, which SET skips.
    return f"CASE WHEN {column} <> '' THEN {expr} END"


def load_cypher(kinds: dict[str, set[str]]) -> str:
    """The LOAD CSV script; ``kinds`` are the extra labels (organization subclasses) present per node label."""
    lines = [
        "// Load policy-kg's CSV export into a running Neo4j 5 with LOAD CSV.",
        "// Copy the CSV files into the server's import directory, then:",
        "//   cypher-shell -u neo4j -p <password> -f load.cypher",
        "// Nodes are MERGEd on id (the RDF IRI) and relationships on their endpoints, so re-running is safe.",
        "",
    ]
    for label in NODE_LABELS:
        lines.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
    for label in NODE_LABELS:
        lines += ["", f"LOAD CSV WITH HEADERS FROM 'file:///{label}.csv' AS row", f"MERGE (n:{label} {{id: row.`id:ID`}})"]
        sets = [f"n.{key} = {_cypher_value(h)}" for h, key in NODE_COLUMNS[label]]
        lines.append("SET " + ",\n    ".join(sets))
        for kind in sorted(kinds.get(label, ())):
            lines.append(
                f"FOREACH (_ IN CASE WHEN '{kind}' IN split(row.`:LABEL`, '{ARRAY_DELIMITER}') THEN [1] ELSE [] END"
                f" | SET n:{kind})"
            )
        lines[-1] += ";"
    for rel_type in RELATION_TYPES:
        start, end = ENDPOINTS[rel_type]
        lines += ["", f"LOAD CSV WITH HEADERS FROM 'file:///{rel_type}.csv' AS row"]
        lines.append(f"MATCH (b:{end} {{id: row.`:END_ID`}})")
        if start is None:  # any entity: one index lookup per label, then take the one that matched
            names = [label.lower() for label in ENTITY_LABELS]
            for label, name in zip(ENTITY_LABELS, names):
                lines.append(f"OPTIONAL MATCH ({name}:{label} {{id: row.`:START_ID`}})")
            lines.append(f"WITH row, b, coalesce({', '.join(names)}) AS a WHERE a IS NOT NULL")
        else:
            lines.append(f"MATCH (a:{start} {{id: row.`:START_ID`}})")
        key = " {postId: row.postId}" if rel_type == HOLDS_POST else ""
        lines.append(f"MERGE (a)-[r:{rel_type}{key}]->(b)")
        sets = [f"r.{k} = {_cypher_value(h)}" for h, k in RELATIONSHIP_COLUMNS[rel_type] if k != "postId"]
        if sets:
            lines.append("SET " + ",\n    ".join(sets))
        lines[-1] += ";"
    return "\n".join(lines) + "\n"


def import_script() -> str:
    """A shell script running ``neo4j-admin database import full`` on these files."""
    nodes = " \\\n  ".join(f"--nodes={label}.csv" for label in NODE_LABELS)
    rels = " \\\n  ".join(f"--relationships={rel}.csv" for rel in RELATION_TYPES)
    return (
        "#!/bin/sh\n"
        "# Bulk-import policy-kg's CSV export into a new Neo4j 5 database (stop the server first).\n"
        "# Usage: sh import.sh [database]   (neo4j-admin on PATH; default database: neo4j)\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        f'neo4j-admin database import full "${{1:-neo4j}}" --overwrite-destination=true \\\n'
        f"  --array-delimiter='{ARRAY_DELIMITER}' \\\n  {nodes} \\\n  {rels}\n"
    )


def neo4j_files(graph) -> dict[str, bytes]:
    """File name -> content of the whole export."""
    view = property_graph(graph)
    files: dict[str, bytes] = {}
    kinds: dict[str, set[str]] = {}
    for label in NODE_LABELS:
        nodes = [n for n in view.nodes if n.label == label]
        kinds[label] = {n.kind for n in nodes if n.kind != label and n.kind in ORGANIZATION_SUBCLASSES}
        files[f"{label}.csv"] = _node_file(label, nodes)
    for rel_type in RELATION_TYPES:
        files[f"{rel_type}.csv"] = _relationship_file(rel_type, [e for e in view.edges if e.type == rel_type])
    files["load.cypher"] = load_cypher(kinds).encode("utf-8")
    files["import.sh"] = import_script().encode("utf-8")
    return files


def export_neo4j(graph, stream: BinaryIO | None = None, **options) -> None:
    """Neo4j exporter: a zip of the CSVs and scripts to ``stream``, or the files into ``options['directory']``."""
    files = neo4j_files(graph)
    directory = options.get("directory")
    if directory:
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            tmp = target / f".{name}.tmp"
            tmp.write_bytes(content)
            os.replace(tmp, target / name)
        return
    if stream is None:
        raise ValueError("the neo4j exporter needs a stream or options['directory']")
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if name.endswith(".sh") else 0o644) << 16
            archive.writestr(info, content)


def Neo4jCollector(**options):  # noqa: N802 - a collector class, as the registry expects
    """The Neo4j zip as a collector (:data:`kg.export.COLLECTORS`)."""
    from kg.export.view import ViewCollector

    return ViewCollector(export_neo4j, **options)
