"""The ontology keeps the public vocabulary, documents every term, and ships with the package."""
from __future__ import annotations

from pathlib import Path

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


def test_the_package_ships_the_repository_ontology_itself():
    """One source: the package kg.ontology is the ontology/ folder (a package-dir mapping), no copy."""
    from importlib import resources

    assert not (ROOT / "kg" / "data").exists()
    for name in ("policy-kg.ttl", "shapes.ttl"):
        shipped = resources.files("kg.ontology").joinpath(name)
        assert shipped.read_bytes() == (ROOT / "ontology" / name).read_bytes(), name
    assert Path(str(resources.files("kg.ontology"))).resolve() == (ROOT / "ontology").resolve()


def test_every_package_is_listed_for_shipping():
    """pyproject.toml lists the packages (the ontology's mapping needs an explicit list): a new one must join it."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")}
    assert found | {"kg.ontology"} == listed
