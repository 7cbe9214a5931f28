"""The pipeline: input paths -> loaders -> document -> extractors -> graph builder.

:func:`extract_file` is the pure per-article step (a path in, an
:class:`Extraction` or an :class:`InputError` out), safe to run in worker
processes. :func:`build` streams articles through it into a
:class:`GraphBuilder`, so one bad file never sinks the corpus.
"""
from __future__ import annotations

import glob
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.document import make_article
from kg.errors import InputError, UsageError
from kg.extract import run_extractors
from kg.graph.builder import GraphBuilder
from kg.loaders import ARTICLE_SUFFIXES, load
from kg.model import Extraction


def expand_inputs(inputs: Iterable[str]) -> list[Path]:
    """Files, folders (recursive, article endings only) and globs to a sorted list of files."""
    found: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            matches = [Path(m) for m in glob.glob(item, recursive=True)]
            files = [m for m in matches if m.is_file()]
            for m in matches:
                if m.is_dir():
                    files += [p for p in m.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]
            if not files:
                raise UsageError(f"{item}: no such file, folder or matching glob")
            found.update(files)
    return sorted(found, key=lambda p: str(p))


def extract_file(path: str | Path) -> Extraction:
    """Load, clean, model and extract one article. Raises :class:`InputError`."""
    raw = load(path)
    return run_extractors(make_article(raw))


@dataclass
class BuildReport:
    read: int = 0
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def extract_all(paths: list[Path], report: BuildReport,
                on_progress: Callable[[], None] | None = None) -> Iterator[Extraction]:
    """Extractions in input order; failures are recorded in ``report`` and skipped."""
    for path in paths:
        try:
            extraction = extract_file(path)
        except InputError as exc:
            report.skipped.append(exc)
        else:
            report.read += 1
            report.warnings += [f"{path}: {w}" for w in extraction.article.warnings]
            yield extraction
        if on_progress:
            on_progress()


def build(paths: list[Path], builder: GraphBuilder, on_progress: Callable[[], None] | None = None,
          extractions: Iterable[Extraction] | None = None) -> BuildReport:
    """Stream every article into ``builder``; return what was read and skipped."""
    started = time.perf_counter()
    report = BuildReport()
    source = extractions if extractions is not None else extract_all(paths, report, on_progress)
    for extraction in source:
        builder.add(extraction)
    report.seconds = time.perf_counter() - started
    return report
