"""A small mixed corpus for the scale tests: the seeds, ~60 generated articles in
all three formats and encodings (benchmarks/generate_corpus.py), and one bad file."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import ROOT, SEEDS

BAD_NAME = "bad_front_matter.md"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def make_corpus(folder: Path, n: int = 60, seed: int = 7) -> Path:
    """Write the corpus into ``folder``; returns it."""
    shutil.copytree(SEEDS, folder / "seeds")
    generator = _generator()
    generator.generate(folder / "generated", n, seed)
    name, data = next((name, data) for name, data in generator.BAD_FILES if name == BAD_NAME)
    (folder / "generated" / name).write_bytes(data)
    return folder


def kg(*args: str):
    """Run the real `kg` command in-process; return click's result."""
    from kg.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)
