"""SPARQL over a finished graph, with pyoxigraph.

pyoxigraph rather than rdflib's SPARQL engine: it is a compiled store that
answers the shipped queries in milliseconds on graphs where rdflib takes
seconds, and its parser gives precise error positions. Results come back as
column names plus rows of plain Python values, so the CLI (and tests) never
touch pyoxigraph terms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import GraphError, QueryError
from kg.graph import PREFIXES  # available to every query without declaring them


_XSD = PREFIXES["xsd"]
_INTEGER_TYPES = {
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
}
_DECLARED_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE | re.MULTILINE)


@dataclass
class QueryResult:
    """Column names and rows; a row holds ``None`` where a variable is unbound."""

    columns: list[str]
    rows: list[list[Any]]


def declared_prefixes(query: str) -> set[str]:
    """Prefix names the query declares itself (``PREFIX name: <…>``)."""
    return {m.group(1) or "" for m in _DECLARED_PREFIX.finditer(_strip_comments(query))}


def with_prefixes(query: str, prefixes: dict[str, str] | None = None) -> str:
    """``query`` with ``PREFIX`` lines prepended for the standard prefixes it does not declare.

    For other SPARQL endpoints (Virtuoso, Fuseki), which know none or different defaults.
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    declared = declared_prefixes(query)
    head = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items() if name not in declared)
    return head + query


def _strip_comments(query: str) -> str:
    """Drop ``#`` comments outside IRIs and strings, so a commented-out PREFIX does not count."""
    out: list[str] = []
    for line in query.splitlines():
        in_iri = in_str = False
        quote = ""
        for i, ch in enumerate(line):
            if in_str:
                if ch == quote and line[i - 1] != "\\":
                    in_str = False
            elif in_iri:
                in_iri = ch != ">"
            elif ch in "\"'":
                in_str, quote = True, ch
            elif ch == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", line[i:]):
                in_iri = True
            elif ch == "#":
                line = line[:i]
                break
        out.append(line)
    return "\n".join(out)


_STRING_OR_IRI = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^\s<>"{}|^`\\]*>')
_PROLOGUE = re.compile(r"\A(?:\s*(?:PREFIX\s+[\w.-]*:\s*|BASE\s+))*", re.I)
_UPDATE = re.compile(r"\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.I)


def _code_only(query: str) -> str:
    """The query with comments dropped and strings and IRIs blanked: what is left are keywords and names."""
    return _STRING_OR_IRI.sub(lambda m: " " * len(m.group(0)) if m.group(0).startswith("<") else '""',
                              _strip_comments(query))


def check_local_read_only(query: str, allow_service: bool = False) -> None:
    """Refuse what ``kg query`` does not do: updates (the graph is read-only) and, unless allowed,
    ``SERVICE`` (federated queries send HTTP requests to the endpoints they name)."""
    code = _code_only(query)
    # the prologue's IRIs were blanked to spaces, so PREFIX lines read "PREFIX kg:      "
    m = _UPDATE.match(code, _PROLOGUE.match(code).end())
    if m:
        raise QueryError(f"kg query is read-only: {m.group(1).upper()} (SPARQL Update) is not run; "
                         "ask with SELECT, ASK, CONSTRUCT or DESCRIBE")
    if not allow_service and _SERVICE.search(code):
        raise QueryError("SERVICE refused: kg query answers from the local graph and sends no network requests "
                         "(--allow-service lets a query call the endpoints it names)")


def open_store(path: str | Path) -> ox.Store:
    """A store holding the graph at ``path``: a Turtle file (loaded into memory) or a pyoxigraph store directory."""
    path = Path(path)
    if path.is_dir():
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise GraphError(f"{path}: not a readable pyoxigraph store: {exc}") from exc
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (run `kg build` first, or pass --graph)")
    store = ox.Store()
    try:
        store.load(path=str(path), format=_rdf_format(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path}: cannot read graph: {exc}") from exc
    return store


def _rdf_format(path: Path) -> ox.RdfFormat:
    by_suffix = {
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".nq": ox.RdfFormat.N_QUADS,
        ".trig": ox.RdfFormat.TRIG,
        ".jsonld": ox.RdfFormat.JSON_LD,
        ".rdf": ox.RdfFormat.RDF_XML,
        ".owl": ox.RdfFormat.RDF_XML,
    }
    return by_suffix.get(path.suffix.lower(), ox.RdfFormat.TURTLE)


def to_python(term: Any) -> Any:
    """A pyoxigraph term as a plain value.

    IRIs and strings become ``str``, blank nodes ``"_:id"``; integers ``int``,
    ``xsd:decimal`` ``Decimal``, ``xsd:double``/``xsd:float`` ``float``,
    ``xsd:boolean`` ``bool``; dates and every other literal keep their lexical
    form, so they compare equal whatever store produced them.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value if term.datatype else None)
    return str(term)


def literal_value(lexical: str, datatype: str | None) -> Any:
    """Convert a literal's lexical form by its datatype IRI (shared with other endpoints' results)."""
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype == _XSD + "decimal":
            return Decimal(lexical)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(lexical)
        if datatype == _XSD + "boolean":
            return lexical.strip() in ("true", "1")
    except (ValueError, InvalidOperation):
        pass
    return lexical


def run_query(query: str, graph: str | Path | ox.Store, allow_service: bool = False) -> QueryResult:
    """Run ``query`` on ``graph`` (a path or an open store).

    SELECT gives its variables as columns; ASK one column ``ask``; CONSTRUCT and
    DESCRIBE the columns ``subject predicate object``. Updates are refused, and
    ``SERVICE`` too unless ``allow_service`` (:func:`check_local_read_only`).
    """
    check_local_read_only(query, allow_service)
    store = graph if isinstance(graph, ox.Store) else open_store(graph)
    try:
        # pyoxigraph's default prefixes act as if declared, and the query's own declarations win;
        # unlike prepending text, this keeps the parser's line numbers right.
        answer = store.query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {_readable(str(exc))}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc
    try:
        if isinstance(answer, ox.QuerySolutions):
            columns = [v.value for v in answer.variables]
            rows = [[to_python(solution[i]) for i in range(len(columns))] for solution in answer]
            return QueryResult(columns, rows)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(["ask"], [[bool(answer)]])
        rows = [[to_python(t.subject), to_python(t.predicate), to_python(t.object)] for t in answer]
        return QueryResult(["subject", "predicate", "object"], rows)
    except (OSError, ValueError) as exc:  # evaluation errors surface while iterating
        raise QueryError(f"query failed: {exc}") from exc


def _readable(message: str) -> str:
    """The parser's message with its long Unicode character-range lists shortened to ``[…]``."""
    return re.sub(r"\[[^\[\]]*\.\.=[^\[\]]*\]", "[…]", message).replace("\n", " ")


def compact_iri(value: str, prefixes: dict[str, str] | None = None) -> str:
    """``value`` as ``prefix:local`` when it starts with a known namespace, else unchanged."""
    for name, ns in sorted((prefixes or PREFIXES).items(), key=lambda kv: -len(kv[1])):
        if value.startswith(ns) and len(value) > len(ns):
            local = value[len(ns):]
            if re.fullmatch(r"[A-Za-z_][\w.-]*", local):
                return f"{name}:{local}"
    return value
