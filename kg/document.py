"""The document model: a :class:`RawArticle` becomes an :class:`Article` with
paragraphs and sentences addressed by character offsets into one cleaned text."""
from __future__ import annotations

import hashlib
import re

from kg.model import Article, RawArticle, Sentence, Span
from kg.text import fold, normalize_quotes

_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)》\"']*|\.{6}|…{2}")


def split_sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, as absolute offsets (``start`` is the paragraph's)."""
    spans = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > pos:
            spans.append((start + pos, start + m.end()))
            pos = m.end()
    if pos < len(text):
        spans.append((start + pos, start + len(text)))
    return [(s, e) for s, e in spans if text[s - start : e - start].strip("。！？!?”’」』）)》 ")]


def content_id(title: str, body: str) -> str:
    """A stable identifier from the content (not the path), so moving a file keeps its id."""
    return hashlib.sha256(f"{title}\n{body}".encode("utf-8")).hexdigest()[:16]


def make_article(raw: RawArticle) -> Article:
    """Join title and paragraphs into one text and index its paragraphs and sentences.

    The title is paragraph 0: headlines often carry the main fact
    ("工信部：到2025年…").
    """
    title = normalize_quotes(raw.title) if "_" in raw.title else raw.title
    blocks = ([title] if title else []) + raw.paragraphs
    text = "\n".join(blocks)
    paragraphs: list[Span] = []
    sentences: list[Sentence] = []
    pos = 0
    for p_index, block in enumerate(blocks):
        paragraphs.append(Span(pos, pos + len(block)))
        for s, e in split_sentences(block, pos):
            sentences.append(Sentence(len(sentences), p_index, s, e))
        pos += len(block) + 1
    return Article(
        id=content_id(title, "\n".join(raw.paragraphs)),
        source=raw.source,
        kind=raw.kind,
        title=title,
        text=text,
        folded=fold(text),
        paragraphs=paragraphs,
        sentences=sentences,
        issued=raw.issued,
        outlet=raw.outlet or raw.author,
        url=raw.url,
        editor=raw.editor,
        original_title=raw.original_title,
        author=raw.author,
        categories=list(raw.categories),
        tags=list(raw.tags),
        warnings=list(raw.warnings),
    )
