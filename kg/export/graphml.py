"""GraphML for Gephi and yEd: the entity graph without articles or evidence nodes.

Desktop graph tools want one node per thing and typed edges between them, not
RDF: each organization, official, plan, initiative and target is a node (id =
its IRI) with ``label`` (Gephi's label column), ``type`` (most specific class),
``category`` (the five entity kinds, for colouring), ``altLabels`` joined with
"; " and ``article_count``; edges carry ``relation`` (the RDF predicate's local
name; ``holds`` for official -> organization with the post ``title``) and the
evidence sentences joined by newlines.
"""
from __future__ import annotations

from typing import Any, BinaryIO

import networkx as nx

from kg.export.view import ENTITY_LABELS, HOLDS_POST, property_graph

# Relationship type -> the RDF predicate's local name, used as the edge's relation.
EDGE_RELATIONS: dict[str, str] = {
    "ISSUED_BY": "issuedBy",
    "PART_OF": "partOf",
    "HAS_TARGET": "hasTarget",
    "SUB_ORGANIZATION_OF": "subOrganizationOf",
    HOLDS_POST: "holds",
}


def to_networkx(graph) -> nx.MultiDiGraph:
    """The entity graph as a networkx multigraph (an official may hold two posts in one organization)."""
    view = property_graph(graph)
    g = nx.MultiDiGraph(name="policy-kg")
    for node in view.nodes:
        if node.label not in ENTITY_LABELS:
            continue
        p = node.properties
        attrs: dict[str, Any] = {
            "label": p.get("name") or node.id,
            "type": node.kind,
            "category": node.label,
            "altLabels": "; ".join(p.get("altNames") or []),
            "article_count": int(p.get("articleCount") or 0),
            "iri": node.id,
        }
        if node.label == "Target":
            # GraphML keys are typed: keep each attribute one type across nodes.
            extra = {
                "indicator": p.get("indicator"),
                "targetYear": None if p.get("targetYear") is None else int(p["targetYear"]),
                "value": None if p.get("value") is None else float(p["value"]),
                "unit": p.get("unit"),
                "comparator": p.get("comparator"),
            }
            attrs.update({k: v for k, v in extra.items() if v is not None})
        if node.label == "Official" and p.get("posts"):
            attrs["posts"] = "; ".join(p["posts"])
        g.add_node(node.id, **attrs)
    edges = 0  # counted here: number_of_edges() walks every edge, which made this quadratic
    for edge in view.edges:
        relation = EDGE_RELATIONS.get(edge.type)
        if relation is None or edge.start not in g or edge.end not in g:
            continue
        attrs = {"relation": relation, "label": relation, "evidence_count": len(edge.evidence)}
        if edge.evidence:
            attrs["evidence"] = "\n".join(sentence for sentence, _, _ in edge.evidence)
        if edge.type == HOLDS_POST:
            attrs["title"] = edge.properties.get("title") or ""
            attrs["label"] = attrs["title"] or relation
        # networkx writes the key as the edge id, which must be unique in the file (Gephi merges equal ids).
        g.add_edge(edge.start, edge.end, key=f"e{edges}", **attrs)
        edges += 1
    return g


def _xml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Text attributes without the characters XML 1.0 forbids (see :mod:`kg.sanitize`)."""
    from kg.sanitize import clean_text

    for _, attrs in g.nodes(data=True):
        for k, v in attrs.items():
            if isinstance(v, str):
                attrs[k] = clean_text(v)
    for _, _, attrs in g.edges(data=True):
        for k, v in attrs.items():
            if isinstance(v, str):
                attrs[k] = clean_text(v)
    return g


def export_graphml(graph, stream: BinaryIO, **options) -> None:
    """GraphML exporter: the registry entry for ``graphml``."""
    nx.write_graphml(_xml_safe(to_networkx(graph)), stream, encoding="utf-8")


def GraphMLCollector(**options):  # noqa: N802 - a collector class, as the registry expects
    """GraphML as a collector (:data:`kg.export.COLLECTORS`)."""
    from kg.export.view import ViewCollector

    return ViewCollector(export_graphml, **options)
