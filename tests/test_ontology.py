"""The ontology keeps the public vocabulary, documents every term, and ships with the package."""
from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph import KG

from tests.conftest import ROOT

PUBLIC = ["Organization", "Official", "Plan", "Initiative", "Target", "issuedBy", "partOf", "hasTarget",
          "title", "indicator", "targetYear", "value", "unit"]


def _ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "policy-kg.ttl", format="turtle")


def test_public_vocabulary_is_declared():
    g = _ontology()
    for name in PUBLIC:
        assert (KG[name], RDF.type, None) in g, name
    assert (KG.Ministry, RDFS.subClassOf, KG.Organization) in g


def test_every_term_has_zh_and_en_labels_and_a_comment():
    g = _ontology()
    terms = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty)) | \
        set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 25
    for term in terms:
        langs = {label.language for label in g.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert g.value(term, RDFS.comment) is not None, term
    for prop in set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty)):
        assert g.value(prop, RDFS.range) is not None, prop


def test_every_term_the_graph_uses_is_declared(seeds_graph):
    g = _ontology()
    used = {p for _, p, _ in seeds_graph if str(p).startswith(str(KG))} | \
        {o for _, _, o in seeds_graph.triples((None, RDF.type, None)) if str(o).startswith(str(KG))}
    for term in used:
        assert (term, RDF.type, None) in g, term


def test_packaged_copies_match_the_repository():
    for name in ("policy-kg.ttl", "shapes.ttl"):
        assert (ROOT / "kg" / "data" / name).read_bytes() == (ROOT / "ontology" / name).read_bytes(), name
