"""The ontology and SHACL shapes, shipped as the package ``kg.ontology`` (pyproject.toml maps it here)."""
