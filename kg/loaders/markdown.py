"""Hexo/Jekyll posts: YAML front matter between ``---`` lines, then an HTML or Markdown body."""
from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.loaders.dates import parse_date
from kg.loaders.html import body_paragraphs, strip_markdown_links
from kg.model import RawArticle

_FRONT = re.compile(r"\A\s*---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.S)
_HTML_BODY = re.compile(r"<(?:p|div|br|span|h[1-6]|table|section|article|font|strong)\b", re.I)


def has_front_matter(text: str) -> bool:
    return text.lstrip().startswith("---")


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [s.strip() for s in re.split(r"[,，]", str(value)) if s.strip()]


def markdown_paragraphs(body: str) -> list[str]:
    """Markdown to plain paragraphs: blank lines split, markup dropped, lines joined."""
    body = re.sub(r"```.*?```", "", body, flags=re.S)
    body = strip_markdown_links(body)
    paragraphs = []
    for block in re.split(r"\n\s*\n", body):
        lines = []
        for line in block.splitlines():
            line = re.sub(r"^\s{0,3}(?:#{1,6}\s*|>\s?|[-*+]\s+|\d+[.)]\s+)", "", line)
            line = re.sub(r"(\*\*|__|\*|`)", "", line).strip()
            if line and not re.fullmatch(r"[-=*_]{3,}", line):
                lines.append(line)
        if lines:
            joined = lines[0]
            for line in lines[1:]:  # no space between CJK lines, one between Latin words
                sep = " " if joined[-1:].isascii() and line[:1].isascii() else ""
                joined += sep + line
            paragraphs.append(joined)
    return paragraphs


def load_markdown(path: Path, text: str) -> RawArticle:
    import yaml

    meta: dict = {}
    body = text
    if has_front_matter(text):
        m = _FRONT.match(text)
        if not m:
            raise InputError(path, "broken front matter: the opening '---' has no closing '---' line")
        try:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in: ~10x faster
            loaded = yaml.load(m["yaml"], Loader=loader) if m["yaml"].strip() else {}
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f" (line {where.line + 2})" if where is not None else ""
            raise InputError(path, f"broken front matter{line}: {getattr(exc, 'problem', exc)}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise InputError(path, "broken front matter: expected 'key: value' lines")
        meta, body = loaded, m["body"]
    paragraphs = body_paragraphs(body) if _HTML_BODY.search(body) else markdown_paragraphs(body)
    title = str(meta.get("title") or "").strip()
    if not title and paragraphs and not has_front_matter(text):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    date_value = meta.get("date") or meta.get("published") or meta.get("pubDate") or meta.get("updated")
    issued = parse_date(date_value)
    return RawArticle(
        source=str(path), kind="markdown", title=title, paragraphs=paragraphs, issued=issued,
        issued_text=str(date_value or ""),
        outlet=str(meta.get("source") or meta.get("outlet") or ""),
        url=str(meta.get("url") or meta.get("link") or meta.get("permalink") or meta.get("canonical_url") or ""),
        author=str(meta.get("author") or ""),
        categories=_as_list(meta.get("categories") or meta.get("category")),
        tags=_as_list(meta.get("tags")),
    )
