"""Hexo/Jekyll posts: YAML front matter between ``---`` lines, then an HTML or Markdown body."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.loaders.dates import parse_date
from kg.loaders.html import body_paragraphs, strip_markdown_links
from kg.model import RawArticle

_FRONT = re.compile(r"\A\s*---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.S)
_HTML_BODY = re.compile(r"<(?:p|div|br|span|h[1-6]|table|section|article|font|strong)\b", re.I)


def has_front_matter(text: str) -> bool:
    return text.lstrip().startswith("---")


# Front-matter values read as text: strings, numbers and dates. Lists and mappings (and YAML aliases
# to them, which can stand for exponentially large values) never are: a list where a title belongs
# is ignored with a warning, a list of categories keeps its first MAX_LIST text items.
_SCALARS = (str, int, float, date)
MAX_LIST = 100
MAX_FIELD = 2000


def _text(value: object) -> str:
    """A scalar front-matter value as text (``""`` for None, lists, mappings, bytes)."""
    if isinstance(value, bool) or not isinstance(value, _SCALARS):
        return ""
    return str(value).strip()[:MAX_FIELD]


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = (_text(v) for v in value[:MAX_LIST])
        return [item for item in items if item]
    return [s.strip() for s in re.split(r"[,，]", _text(value)) if s.strip()][:MAX_LIST]


def _front_matter_loader():
    """PyYAML's safe loader (libyaml's when built in: ~10x faster) reading timestamps as plain strings:
    kg's own date parser reads them, so an impossible date (2021-02-30) is no date, not a crash."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class FrontMatterLoader(base):  # type: ignore[misc, valid-type]
        pass

    FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                      lambda loader, node: loader.construct_scalar(node))
    return FrontMatterLoader


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
            loaded = yaml.load(m["yaml"], Loader=_loader()) if m["yaml"].strip() else {}
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f" (line {where.line + 2})" if where is not None else ""
            raise InputError(path, f"broken front matter{line}: {getattr(exc, 'problem', exc)}") from None
        except RecursionError:
            raise InputError(path, "broken front matter: nested too deeply") from None
        except (ValueError, TypeError, OverflowError) as exc:  # a value its tag cannot hold (!!int x, !!binary ?)
            raise InputError(path, f"broken front matter: {exc}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise InputError(path, "broken front matter: expected 'key: value' lines")
        meta, body = loaded, m["body"]
    paragraphs = body_paragraphs(body) if _HTML_BODY.search(body) else markdown_paragraphs(body)
    warnings = [f"front matter '{key}' is a {type(meta[key]).__name__}, not text; ignored"
                for key in ("title", "date", "url", "author", "source") if key in meta and meta[key] is not None
                and not isinstance(meta[key], _SCALARS)]
    title = _text(meta.get("title"))
    if not title and paragraphs and not has_front_matter(text):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    date_value = meta.get("date") or meta.get("published") or meta.get("pubDate") or meta.get("updated")
    issued = parse_date(date_value if isinstance(date_value, _SCALARS) else None)
    if issued is None and _text(date_value):
        warnings.append(f"date {_text(date_value)[:40]!r} is not a real date; ignored")
    return RawArticle(
        source=str(path), kind="markdown", title=title, paragraphs=paragraphs, issued=issued,
        issued_text=_text(date_value),
        outlet=_text(meta.get("source") or meta.get("outlet")),
        url=_text(meta.get("url") or meta.get("link") or meta.get("permalink") or meta.get("canonical_url")),
        author=_text(meta.get("author")),
        categories=_as_list(meta.get("categories") or meta.get("category")),
        tags=_as_list(meta.get("tags")),
        warnings=warnings,
    )


_LOADER = None


def _loader():
    global _LOADER
    if _LOADER is None:
        _LOADER = _front_matter_loader()
    return _LOADER
