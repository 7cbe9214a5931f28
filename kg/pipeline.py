"""The pipeline's stages: input paths -> loaders -> document -> extractors.

:func:`extract_file` is the pure per-article step (a path in, an
:class:`Extraction` or an :class:`InputError` out), safe to run in worker
processes. :func:`kg.parallel.extract_corpus` streams articles through it into a
:class:`~kg.graph.builder.GraphBuilder` (so one bad file never sinks the corpus),
and :func:`kg.building.build` runs the whole build. This module imports neither.
"""
from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.document import make_article
from kg.errors import InputError, UsageError
from kg.extract import run_extractors
from kg.loaders import ARTICLE_SUFFIXES, load
from kg.model import Extraction
from kg.sanitize import display_path


def _walk(folder: Path, skipped: list[InputError] | None) -> Iterator[Path]:
    """Article files under ``folder`` (hidden names left out). What cannot be read — a sub-folder
    without permission, a FIFO or device, a dangling link — goes to ``skipped`` with its reason."""
    def unreadable(exc: OSError) -> None:
        if skipped is not None:
            skipped.append(InputError(exc.filename or folder, f"folder not read: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            path = base / name
            why = _not_a_file(path)
            if why is None:
                yield path
            elif skipped is not None:
                skipped.append(InputError(path, why))


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a regular file to read, or ``None`` when it is one."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a dangling link (its target does not exist)" if path.is_symlink() else "vanished"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def expand_inputs(inputs: Iterable[str], skipped: list[InputError] | None = None) -> list[Path]:
    """Files, folders (recursive, article endings only) and globs to a sorted list of files.

    With ``skipped``, what was found but cannot be read as a file (FIFOs, dangling links,
    unreadable sub-folders) is added to it with the reason, instead of being passed over silently.
    """
    found: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.update(_walk(path, skipped))
        elif path.exists() or path.is_symlink():
            why = _not_a_file(path)
            if why is None:
                found.add(path)
            elif skipped is not None:
                skipped.append(InputError(path, why))
            else:
                raise UsageError(f"{item}: {why}")
        else:
            matches = [Path(m) for m in glob.glob(item, recursive=True)]
            files = [m for m in matches if m.is_file()]
            for m in matches:
                if m.is_dir():
                    files += list(_walk(m, skipped))
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
    """What a build did: articles read and skipped (in input order), warnings, internal errors,
    timings, and — from :func:`kg.building.build` — the outputs written and the graph's counts."""

    read: int = 0
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, cause): internal errors, in input order
    seconds: float = 0.0
    cache_hits: int = 0
    caching: bool = False
    workers: int = 1
    scheduler: str | None = None
    outputs: dict[str, Path] = field(default_factory=dict)  # format -> file written (and "store" -> folder)
    stats: object = None  # kg.graph.terms.GraphStats of the graph written
    graph_seconds: float = 0.0  # emitting the corpus-wide triples and writing every output
    total_seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 every article read, 1 some skipped, 70 an internal error left an article out."""
        return 70 if self.errors else 1 if self.skipped else 0


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
