"""Shared fixtures: the seed articles, a built seeds graph, and text-to-extraction helpers."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kg.document import make_article
from kg.extract import run_extractors
from kg.loaders.dates import CHINA
from kg.model import Extraction, RawArticle

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def extract_text(*paragraphs: str, title: str = "", issued: datetime | None = datetime(2021, 12, 25, tzinfo=CHINA),
                 extractors: list[str] | None = None) -> Extraction:
    """Run the extractors over paragraphs given as text, as if an article held them."""
    raw = RawArticle(source="test.txt", kind="text", title=title, paragraphs=list(paragraphs), issued=issued)
    return run_extractors(make_article(raw), extractors)


def names(extraction: Extraction, type_name: str) -> set[str]:
    return {m.name for m in extraction.mentions if m.type == type_name}


def facts(extraction: Extraction, kind: str) -> set[tuple]:
    return {(f.subject.name, f.object.name if f.object else None, f.title) if kind == "holdsPost"
            else (f.subject.name, f.object.name if f.object else None)
            for f in extraction.facts if f.kind == kind}


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds_graph(seed_paths):
    """The seeds' graph as the current code builds it (an rdflib Graph)."""
    from kg.graph.builder import GraphBuilder
    from kg.parallel import extract_corpus as build

    builder = GraphBuilder()
    build(seed_paths, builder)
    return builder.graph()
