"""A short property-based fuzz run of loader -> graph -> every exporter (benchmarks/fuzz.py holds the
strategies and the long run). Bounded for CI: a fixed number of examples, each a small article."""
from __future__ import annotations

import importlib.util
import sys
import time

import pytest

from tests.conftest import ROOT

pytest.importorskip("hypothesis", reason="the test extra installs hypothesis")


def _fuzz():
    spec = importlib.util.spec_from_file_location("kg_fuzz", ROOT / "benchmarks" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_loader_graph_and_every_exporter_hold_for_any_article():
    started = time.perf_counter()
    figures = _fuzz().run(150, seed=13)
    assert figures["inputs tried"] >= 100
    assert time.perf_counter() - started < 120
