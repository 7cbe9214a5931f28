"""Loaders: one per kind of file, in a registry; the kind is decided by content.

``load(path)`` reads bytes, detects the encoding, sniffs the kind (seed posts end
in ``.txt`` but hold front matter and HTML), calls the kind's loader, cleans the
paragraphs and checks that an article is left.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Callable

from kg.clean import clean_paragraphs
from kg.errors import InputError
from kg.loaders.encoding import JapaneseText, decode_with_notes, looks_binary
from kg.model import RawArticle
from kg.registry import Registry
from kg.sanitize import clean_text, display_path, safe_iri

Loader = Callable[[Path, str], RawArticle]

LOADERS: Registry[Loader] = Registry("loader")
LOADERS.register("markdown", "kg.loaders.markdown:load_markdown", "md", "hexo", "jekyll")
LOADERS.register("html", "kg.loaders.html:load_html", "htm")
LOADERS.register("text", "kg.loaders.text:load_text", "txt", "plain")

# File endings read when a folder is given; other files in it are ignored.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".text")

_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<\?xml[^>]*>\s*<html)", re.I)


def sniff_kind(path: Path, text: str) -> str:
    """The loader for ``text``: by content first, by file ending second."""
    if text.lstrip().startswith("---"):
        return "markdown"
    if _HTML_START.match(text):
        return "html"
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in (".html", ".htm", ".xhtml") and re.search(r"<(p|div|body|title)\b", text, re.I):
        return "html"
    return "text"


# What one article may cost: a file larger than this is skipped unread (real news pages, scripts and
# inline images included, are well under 1 MB), and so is one whose text, once loaded, is longer than
# MAX_ARTICLE_CHARS (a full five-year plan is about 60,000 characters; a 200,000-character article
# dense with entities extracts in about 3 s on one core).
MAX_ARTICLE_BYTES = 8 << 20
MAX_ARTICLE_CHARS = 200_000


def read_text(path: Path) -> tuple[str, str]:
    text, encoding, _ = read_text_with_notes(path)
    return text, encoding


def read_text_with_notes(path: Path) -> tuple[str, str, list[str]]:
    """``(text, encoding, warnings)`` of an article file, or :class:`InputError` saying why not."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(path, f"too large: over {MAX_ARTICLE_BYTES >> 20} MB, the limit for one article")
    if not data.strip():
        raise InputError(path, "empty file")
    bom16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not bom16 and looks_binary(data):
        raise InputError(path, "binary file, not a text article")
    try:
        text, encoding, notes = decode_with_notes(data)
    except JapaneseText:
        raise InputError(path, "Japanese text (Shift-JIS or EUC-JP), not a Chinese article") from None
    except UnicodeDecodeError:
        raise InputError(path, "cannot decode: not UTF-8, GB18030/GBK or Big5 text") from None
    return clean_text(text), encoding, notes


def load(path: str | Path, kind: str | None = None) -> RawArticle:
    """Read one article file into a cleaned :class:`RawArticle`, or raise :class:`InputError`."""
    path = Path(path)
    text, encoding, notes = read_text_with_notes(path)
    kind = LOADERS.canonical(kind) if kind else sniff_kind(path, text)
    try:
        raw = LOADERS.get(kind)(path, text)
    except InputError as exc:
        if exc.cause.startswith("no body text"):
            _too_deep(path, kind, text)
        raise
    raw.encoding = encoding
    raw.warnings[:0] = notes
    _clean_fields(raw)
    raw.source = display_path(raw.source)
    cleaned = clean_paragraphs(raw.paragraphs)
    raw.paragraphs = cleaned.paragraphs
    raw.editor = raw.editor or cleaned.editor
    raw.original_title = raw.original_title or cleaned.original_title
    raw.outlet = raw.outlet or cleaned.outlet
    raw.title = re.sub(r"\s+", " ", raw.title).strip()
    if not raw.paragraphs:
        _too_deep(path, kind, text)
        raise InputError(path, "no body text")
    if sum(len(p) for p in raw.paragraphs) + len(raw.title) > MAX_ARTICLE_CHARS:
        raise InputError(path, f"too long: over {MAX_ARTICLE_CHARS:,} characters of text, "
                         "the limit for one article")
    if raw.issued is None:  # a notice's signature date, else the date in the page's address
        from kg.loaders.dates import signature_date, url_date

        raw.issued, raw.issued_text = signature_date(raw.paragraphs)
        if raw.issued is None and raw.url:
            raw.issued, raw.issued_text = url_date(raw.url), ""
    if raw.issued is None:
        raw.warnings.append("no date found; relative years such as 明年 stay unresolved")
    return raw


def _too_deep(path: Path, kind: str, text: str) -> None:
    """Say so when a page yields no text because it nests past what the HTML parser reads."""
    if kind == "html" or (kind == "markdown" and "<" in text):
        from kg.loaders.html import PARSER_DEPTH_LIMIT, too_deep

        if too_deep(text):
            raise InputError(path, f"elements nested deeper than {PARSER_DEPTH_LIMIT} levels, "
                             "the HTML parser's limit: the text past it is lost")


def _clean_fields(raw: RawArticle) -> None:
    """Every string the loader read, through :func:`kg.sanitize.clean_text`; the URL made a valid IRI."""
    for name in ("title", "issued_text", "outlet", "editor", "original_title", "author"):
        setattr(raw, name, clean_text(getattr(raw, name)))
    raw.paragraphs = [clean_text(p) for p in raw.paragraphs]
    raw.categories = [clean_text(c) for c in raw.categories]
    raw.tags = [clean_text(t) for t in raw.tags]
    # an absolute URL becomes a valid IRI (percent-encoded); anything else stays text (a relative permalink)
    raw.url = safe_iri(raw.url) or " ".join(clean_text(raw.url).split())
