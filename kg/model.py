"""The document model and the records that flow between stages.

loaders -> :class:`RawArticle` -> document -> :class:`Article` (paragraphs and
sentences with character offsets) -> extractors -> :class:`Mention` / :class:`Fact`
collected in an :class:`Extraction` -> resolution -> graph.

Everything here is a plain, picklable value so articles can be processed in
worker processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Entity types of the public vocabulary (the graph adds Post and Article).
ORGANIZATION = "Organization"
OFFICIAL = "Official"
PLAN = "Plan"
INITIATIVE = "Initiative"
TARGET = "Target"
ENTITY_TYPES = (ORGANIZATION, OFFICIAL, PLAN, INITIATIVE, TARGET)

# Relation kinds of the public vocabulary.
HOLDS_POST = "holdsPost"
SUB_ORGANIZATION_OF = "subOrganizationOf"
ISSUED_BY = "issuedBy"
PART_OF = "partOf"
HAS_TARGET = "hasTarget"
RELATION_KINDS = (HOLDS_POST, SUB_ORGANIZATION_OF, ISSUED_BY, PART_OF, HAS_TARGET)


@dataclass
class RawArticle:
    """What a loader read: metadata and body paragraphs, before the document model."""

    source: str
    kind: str
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    issued: datetime | None = None
    issued_text: str = ""
    outlet: str = ""
    url: str = ""
    editor: str = ""
    original_title: str = ""
    author: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article text; ``start``/``end`` are offsets into ``Article.text``."""

    index: int
    paragraph: int
    start: int
    end: int


@dataclass
class Article:
    """A cleaned article: ``text`` is the title line followed by the body paragraphs.

    ``folded`` is ``text`` with traditional characters and full-width forms folded to
    simplified, character for character, so offsets are shared: extractors match
    on ``folded`` and report the form as written from ``text``.
    """

    id: str
    source: str
    kind: str
    title: str
    text: str
    folded: str
    paragraphs: list[Span]
    sentences: list[Sentence]
    issued: datetime | None = None
    outlet: str = ""
    url: str = ""
    editor: str = ""
    original_title: str = ""
    author: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding character ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None


@dataclass(frozen=True)
class Mention:
    """A stretch of text naming an entity.

    ``key`` is the canonical id a lexicon gave (it rides along to resolution);
    ``name`` is the canonical (simplified, normalised) name the extractor chose;
    ``attrs`` holds type-specific values (a target's year, value, unit …) as a
    sorted tuple of pairs so the mention stays hashable.
    """

    type: str
    text: str
    start: int
    end: int
    sentence: int
    name: str
    key: str | None = None
    attrs: tuple[tuple[str, Any], ...] = ()

    def attr(self, name: str, default: Any = None) -> Any:
        for k, v in self.attrs:
            if k == name:
                return v
        return default


def make_attrs(**values: Any) -> tuple[tuple[str, Any], ...]:
    """Attributes as a sorted tuple, dropping ``None`` values."""
    return tuple(sorted((k, v) for k, v in values.items() if v is not None))


@dataclass(frozen=True)
class Fact:
    """A relation between two mentions, stated by one sentence.

    ``title`` carries the post title for ``holdsPost`` (then ``object`` is the
    organization, or ``None`` when the text names none).
    """

    kind: str
    subject: Mention
    object: Mention | None
    sentence: int
    title: str | None = None


@dataclass
class Extraction:
    """All an article yields: the article itself, its mentions and its facts."""

    article: Article
    mentions: list[Mention]
    facts: list[Fact]
