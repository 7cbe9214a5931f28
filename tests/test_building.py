"""kg.build, the library call behind `kg build`: outputs, report, errors, and one pass for every format."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.errors import OutputError, UsageError

from tests.conftest import SEEDS


def test_build_returns_a_report_of_what_it_wrote(tmp_path: Path):
    report = kg.build([SEEDS], tmp_path / "out", workers=1)
    assert report.exit_code == 0 and report.read == 5 and not report.skipped
    assert set(report.outputs) == {"turtle", "html"}
    assert all(path.is_file() for path in report.outputs.values())
    ttl = report.outputs["turtle"].read_text(encoding="utf-8")
    assert report.stats.triples == sum(1 for line in ttl.splitlines() if line.startswith("    "))


@pytest.mark.parametrize("formats, files", [
    (["ntriples"], {"graph.nt"}),
    (["nt", "trig", "graphml"], {"graph.nt", "graph.trig", "graph.graphml"}),
    (["neo4j", "html"], {"neo4j.zip", "graph.html"}),
])
def test_every_format_is_made_alongside_without_turtle(tmp_path: Path, formats, files):
    report = kg.build([SEEDS], tmp_path, formats, workers=1, cache=False)
    written = {p.name for p in tmp_path.iterdir() if not p.name.startswith(".")}
    assert written == files  # no graph.ttl unless asked for, no scratch left
    assert {p.name for p in report.outputs.values()} == files


def test_formats_equal_their_exporters_on_the_written_turtle(tmp_path: Path):
    """A build makes each format from the spool's stream; `kg export` from graph.ttl: the same bytes."""
    import io

    from kg.export import export
    from kg.export.source import TurtleFile

    formats = ["turtle", "html", "ntriples", "trig", "graphml", "neo4j"]
    report = kg.build([SEEDS], tmp_path, formats, workers=1, cache=False)
    source = TurtleFile(report.outputs["turtle"])
    for fmt in formats[1:]:
        stream = io.BytesIO()
        export(source, stream, fmt, base_iri="https://w3id.org/policy-kg/id/")
        assert stream.getvalue() == report.outputs[fmt].read_bytes(), fmt


@pytest.mark.parametrize("inputs, options, error", [
    ([], {}, UsageError),  # nothing to read
    (["no-such-folder"], {}, UsageError),
    ([SEEDS], {"formats": ["nope"]}, UsageError),
])
def test_usage_errors(tmp_path: Path, inputs, options, error):
    with pytest.raises(error):
        kg.build(inputs, tmp_path / "o", **options)


def test_an_output_that_cannot_be_written_is_an_output_error(tmp_path: Path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="afile"):
        kg.build([SEEDS], blocker / "sub", workers=1)


def test_no_import_cycle_between_the_stages():
    """pipeline (stages) <- parallel (chunks) <- building (the whole build): never back."""
    import ast

    root = Path(kg.__file__).parent

    def imports(name: str) -> set[str]:
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        return found

    assert not {"kg.parallel", "kg.building", "kg.parallel.extract_corpus"} & imports("pipeline")
    assert not {"kg.building"} & imports("parallel")
    assert not any(m.startswith("kg.export") for m in imports("graph/builder"))  # the builder knows no format
