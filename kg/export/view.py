"""The property-graph view of a policy-kg RDF graph, shared by GraphML and Neo4j.

Property graphs have no reification and no literal nodes, so the mapping is:
entities (organizations, officials, plans, initiatives, targets) and articles
become nodes; their literals become properties; ``org:holds`` + ``org:postIn``
collapse into one official -> organization edge carrying the post's title;
``kg:mentionedIn`` becomes an edge to the article; ``rdf:Statement`` evidence
nodes become properties of the edge they support. Everything is sorted, so the
same graph gives the same files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.graph import KG, ORG, PROV, SCHEMA  # noqa: E402 - the vocabulary is defined once, in kg.graph
from kg.graph import ORG_CLASSES as ORGANIZATION_SUBCLASSES  # noqa: E402

# Node label of each entity class; organization subclasses map to Organization.
ENTITY_LABELS = ("Organization", "Official", "Plan", "Initiative", "Target")
NODE_LABELS = ENTITY_LABELS + ("Article",)

# RDF predicate -> relationship type, for the direct entity-to-entity facts.
RELATIONS: dict[URIRef, str] = {
    KG.issuedBy: "ISSUED_BY",
    KG.partOf: "PART_OF",
    KG.hasTarget: "HAS_TARGET",
    ORG.subOrganizationOf: "SUB_ORGANIZATION_OF",
}
HOLDS_POST = "HOLDS_POST"
MENTIONED_IN = "MENTIONED_IN"
RELATION_TYPES = tuple(RELATIONS.values()) + (HOLDS_POST, MENTIONED_IN)
# Every predicate property_graph reads: a graph source is collected into an index of these only.
VIEW_PREDICATES = (RDF.type, DCTERMS.issued, DCTERMS.title, DCTERMS.publisher, DCTERMS.identifier,
                   DCTERMS.subject, SCHEMA.url, KG.editor, KG.sourceName, RDFS.label, SKOS.altLabel,
                   KG.mentionedIn, KG.targetYear, KG.indicator, KG.value, KG.unit, KG.comparator, ORG.holds,
                   KG.title, *RELATIONS, ORG.postIn, KG.attestedIn, RDF.subject, RDF.predicate, RDF.object,
                   KG.sentence, PROV.wasDerivedFrom, KG.startOffset)


def view_index():
    """An index of what :func:`property_graph` reads, to be filled by a tap (:mod:`kg.export.source`)."""
    from kg.export.source import TripleIndex

    return TripleIndex(VIEW_PREDICATES)


class ViewCollector:
    """A collector (:data:`kg.export.COLLECTORS`) for an exporter that reads :func:`property_graph`:
    ``add`` keeps what the view reads, ``write`` runs ``exporter(index, stream, **options)``."""

    def __init__(self, exporter, **options: Any) -> None:
        self.exporter, self.options = exporter, options
        self.index = view_index()
        self.add = self.index.add
        self.add_filled = self.index.add_filled

    def write(self, stream) -> None:
        self.exporter(self.index, stream, **self.options)


@dataclass
class Node:
    id: str
    label: str  # one of NODE_LABELS
    kind: str  # most specific class, e.g. Ministry
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Edge:
    start: str
    end: str
    type: str  # one of RELATION_TYPES
    properties: dict[str, Any] = field(default_factory=dict)
    # (sentence, article id, start offset) per statement node supporting the edge
    evidence: list[tuple[str, str, int | None]] = field(default_factory=list)


@dataclass
class PropertyGraph:
    nodes: list[Node]
    edges: list[Edge]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _first(graph: Graph, subject: URIRef, predicate: URIRef) -> Any:
    values = sorted(graph.objects(subject, predicate), key=str)
    return values[0] if values else None


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _node_label(graph: Graph, subject: URIRef) -> tuple[str, str] | None:
    """(node label, most specific kind) of an entity or article; None for posts, statements, others."""
    kinds = sorted(str(t)[len(str(KG)):] for t in graph.objects(subject, RDF.type) if str(t).startswith(str(KG)))
    for kind in kinds:
        if kind in ORGANIZATION_SUBCLASSES:
            return "Organization", kind
    for kind in kinds:
        if kind in NODE_LABELS:
            return kind, kind
    return None


def property_graph(graph: Graph) -> PropertyGraph:
    """Map ``graph`` (an rdflib Graph, an index, or a graph source, read in one pass) to nodes and edges
    as described in the module docstring."""
    if hasattr(graph, "feed"):
        index = view_index()
        graph.feed(index.add)
        graph = index
    nodes: dict[str, Node] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        if not isinstance(subject, URIRef):
            continue
        found = _node_label(graph, subject)
        if found is None:
            continue
        label, kind = found
        node = Node(str(subject), label, kind)
        if label == "Article":
            issued = _first(graph, subject, DCTERMS.issued)
            node.properties = {
                "title": _text(_first(graph, subject, DCTERMS.title)),
                "issued": _text(issued),
                "publisher": _text(_first(graph, subject, DCTERMS.publisher)),
                "url": _text(_first(graph, subject, SCHEMA.url)),
                "identifier": _text(_first(graph, subject, DCTERMS.identifier)),
                "editor": _text(_first(graph, subject, KG.editor)),
                "sourceName": _text(_first(graph, subject, KG.sourceName)),
                "subjects": sorted({str(o) for o in graph.objects(subject, DCTERMS.subject)}),
            }
        else:
            node.properties = {
                "name": _text(_first(graph, subject, RDFS.label)),
                "altNames": sorted({str(o) for o in graph.objects(subject, SKOS.altLabel)}),
                "articleCount": len(set(graph.objects(subject, KG.mentionedIn))),
            }
            if label == "Target":
                year = _first(graph, subject, KG.targetYear)
                node.properties.update({
                    "indicator": _text(_first(graph, subject, KG.indicator)),
                    "targetYear": _number(year),
                    "value": _number(_first(graph, subject, KG.value)),
                    "unit": _text(_first(graph, subject, KG.unit)),
                    "comparator": _text(_first(graph, subject, KG.comparator)),
                })
            if label == "Official":
                node.properties["posts"] = sorted(
                    {str(_first(graph, post, RDFS.label) or _first(graph, post, KG.title) or post)
                     for post in graph.objects(subject, ORG.holds)}
                )
        nodes[node.id] = node

    evidence = _evidence(graph)
    edges: list[Edge] = []
    for predicate, rel_type in RELATIONS.items():
        for s, o in graph.subject_objects(predicate):
            if str(s) in nodes and str(o) in nodes:
                edges.append(Edge(str(s), str(o), rel_type, evidence=evidence.get((str(s), str(predicate), str(o)), [])))
    for official, post in graph.subject_objects(ORG.holds):
        for org in graph.objects(post, ORG.postIn):
            if str(official) not in nodes or str(org) not in nodes:
                continue
            support = evidence.get((str(official), str(ORG.holds), str(post)), []) + evidence.get(
                (str(post), str(ORG.postIn), str(org)), [])
            edges.append(Edge(
                str(official), str(org), HOLDS_POST,
                properties={
                    "title": _text(_first(graph, post, KG.title)),
                    "post": _text(_first(graph, post, RDFS.label)),
                    "postId": str(post),
                    "attestedIn": sorted({str(a) for a in graph.objects(post, KG.attestedIn)}),
                },
                evidence=sorted(set(support), key=lambda e: (e[1], e[2] or 0, e[0])),
            ))
    for s, article in graph.subject_objects(KG.mentionedIn):
        if str(s) in nodes and str(article) in nodes:
            edges.append(Edge(str(s), str(article), MENTIONED_IN))
    edges.sort(key=lambda e: (e.type, e.start, e.end, str(e.properties.get("postId", ""))))
    return PropertyGraph(sorted(nodes.values(), key=lambda n: (n.label, n.id)), edges)


def _evidence(graph: Graph) -> dict[tuple[str, str, str], list[tuple[str, str, int | None]]]:
    """(subject, predicate, object) -> sorted (sentence, article, start offset) of its statement nodes."""
    found: dict[tuple[str, str, str], set[tuple[str, str, int | None]]] = {}
    for statement in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (_first(graph, statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        sentence = _first(graph, statement, KG.sentence)
        if s is None or p is None or o is None or sentence is None:
            continue
        article = _first(graph, statement, PROV.wasDerivedFrom)
        start = _first(graph, statement, KG.startOffset)
        offset = int(start) if isinstance(start, Literal) and str(start).lstrip("-").isdigit() else None
        found.setdefault((str(s), str(p), str(o)), set()).add((str(sentence), _text(article) or "", offset))
    return {key: sorted(value, key=lambda e: (e[1], e[2] or 0, e[0])) for key, value in found.items()}
