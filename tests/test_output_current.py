"""output/ holds the seeds' graph exactly as the current code builds it (run `make demo` to refresh)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main

from tests.conftest import ROOT, SEEDS


def test_output_is_up_to_date(tmp_path: Path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path), "--no-cache", "--workers", "1"])
    assert result.exit_code == 0, result.output
    committed = ROOT / "output"
    fresh_ttl = (tmp_path / "graph.ttl").read_bytes()
    old_ttl = (committed / "graph.ttl").read_bytes()
    assert isomorphic(Graph().parse(data=old_ttl, format="turtle"), Graph().parse(data=fresh_ttl, format="turtle")), \
        "output/graph.ttl is stale: run `make demo`"
    assert old_ttl == fresh_ttl, "output/graph.ttl differs in bytes: run `make demo`"
    assert (committed / "graph.html").read_bytes() == (tmp_path / "graph.html").read_bytes(), \
        "output/graph.html is stale: run `make demo`"
