"""The RDF vocabulary and IRI minting shared by the graph builder and exporters."""
from __future__ import annotations

import hashlib

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/policy-kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("http://schema.org/")
DEFAULT_BASE_IRI = "https://w3id.org/policy-kg/id/"

# The organization classes of the ontology (kg:Organization's subclasses), most specific first in no order:
# the builder types an organization with one, the views sort them back into "Organization".
ORG_CLASSES = ("StateCouncil", "Ministry", "Commission", "Agency", "Administration", "Office", "PartyBody",
               "Legislature", "Judiciary", "Institution", "Department", "LocalGovernment")

# The prefixes every output and every query shares (docs/graph-model.md).
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "xsd": str(XSD),
}

__all__ = ["KG", "ORG", "SCHEMA", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD",
           "DEFAULT_BASE_IRI", "ORG_CLASSES", "PREFIXES", "mint"]


def mint(base: str, kind: str, key: str) -> str:
    """A stable IRI for an entity of ``kind`` with canonical ``key``."""
    digest = hashlib.sha1(f"{kind}\x1f{key}".encode("utf-8")).hexdigest()[:16]
    return f"{base}{kind}/{digest}"
