"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pyshacl).

The shapes and the ontology ship inside the package too (``kg/data``), so
validation works from an installed copy; the repository's ``ontology/`` folder
is the source and a test keeps the two identical.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.errors import GraphError


@dataclass(frozen=True)
class Violation:
    severity: str  # Violation, Warning or Info
    focus: str
    path: str
    message: str
    value: str


def _bundled(name: str) -> Graph:
    g = Graph()
    g.parse(data=resources.files("kg.data").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return g


def load_graph(path: str | Path) -> Graph:
    """Parse a Turtle graph, naming the file in any error."""
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file")
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser types
        raise GraphError(f"{path}: not a readable Turtle graph: {exc}") from None
    return g


def validate(graph: Graph) -> list[Violation]:
    """Every SHACL result for ``graph``, warnings included, sorted for stable output."""
    from pyshacl import validate as shacl_validate

    _, report, _ = shacl_validate(graph, shacl_graph=_bundled("shapes.ttl"), ont_graph=_bundled("policy-kg.ttl"),
                                  inference="rdfs", abort_on_first=False, allow_warnings=True)
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        def one(p: URIRef) -> str:
            value = report.value(result, p)
            return "" if value is None else str(value)

        severity = one(SH.resultSeverity).rsplit("#", 1)[-1]
        results.append(Violation(severity, one(SH.focusNode), one(SH.resultPath), one(SH.resultMessage),
                                 one(SH.value)))
    return sorted(results, key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message))
