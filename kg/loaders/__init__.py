"""Loaders: one per kind of file, in a registry; the kind is decided by content.

``load(path)`` reads bytes, detects the encoding, sniffs the kind (seed posts end
in ``.txt`` but hold front matter and HTML), calls the kind's loader, cleans the
paragraphs and checks that an article is left.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from kg.clean import clean_paragraphs
from kg.errors import InputError
from kg.loaders.encoding import decode, looks_binary
from kg.model import RawArticle
from kg.registry import Registry

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


def read_text(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(path, "empty file")
    if looks_binary(data):
        raise InputError(path, "binary file, not a text article")
    try:
        return decode(data)
    except UnicodeDecodeError:
        raise InputError(path, "cannot decode: not UTF-8, GB18030/GBK or Big5 text") from None


def load(path: str | Path, kind: str | None = None) -> RawArticle:
    """Read one article file into a cleaned :class:`RawArticle`, or raise :class:`InputError`."""
    path = Path(path)
    text, encoding = read_text(path)
    kind = LOADERS.canonical(kind) if kind else sniff_kind(path, text)
    raw = LOADERS.get(kind)(path, text)
    raw.encoding = encoding
    cleaned = clean_paragraphs(raw.paragraphs)
    raw.paragraphs = cleaned.paragraphs
    raw.editor = raw.editor or cleaned.editor
    raw.original_title = raw.original_title or cleaned.original_title
    raw.outlet = raw.outlet or cleaned.outlet
    raw.title = re.sub(r"\s+", " ", raw.title).strip()
    if not raw.paragraphs:
        raise InputError(path, "no body text")
    if raw.issued is None:
        raw.warnings.append("no date found; relative years such as 明年 stay unresolved")
    return raw
