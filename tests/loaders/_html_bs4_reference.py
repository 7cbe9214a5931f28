"""Reference: kg/loaders/html.py as it was on BeautifulSoup, frozen for the equivalence tests.

The module now reads lxml's tree directly; test_html_lxml_equivalence.py checks that it
reads every page and post the way this code does. Do not change it.

HTML: full pages, and the HTML bodies of Markdown posts.

Scripts, styles, comments, navigation and known furniture (QR-code blocks, ad
lists, share bars) are dropped; block elements become paragraphs.
"""
from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.clean import find_outlet
from kg.loaders.dates import find_date, parse_date
from kg.model import RawArticle

_DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form",
              "button", "select", "textarea", "svg", "canvas", "template", "object", "embed")
_BLOCK_TAGS = ("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section",
               "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "main")
_FURNITURE = re.compile(
    r"appendqr|qrcode|qr_code|erweima|adlist|\bad[-_]|advert|share|breadcrumb|crumb|footer|"
    r"\bnav|navbar|menu|sidebar|related|recommend|comment|copyright|toolbar|login|hot[-_]?news",
    re.I,
)
_CONTENT_HINT = re.compile(r"article|artibody|content|main|text|detail|TRS_Editor|post|news_txt|body", re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_MD_AUTOLINK = re.compile(r"<(?:https?:)?//[^>\s]+>")
_MD_LINK_LINE = re.compile(r"^\s*(?:!?\[[^\]]*\]\([^)]*\)\s*[｜|·/\-]?\s*)+$", re.M)


def _soup(markup: str):
    from bs4 import BeautifulSoup

    try:
        return BeautifulSoup(markup, "lxml")
    except Exception:  # lxml missing or choking: the stdlib parser still works
        return BeautifulSoup(markup, "html.parser")


def strip_markdown_links(text: str) -> str:
    """Drop lines made only of Markdown links (navigation) and inline autolinks."""
    text = _MD_LINK_LINE.sub("", text)
    text = _MD_AUTOLINK.sub("", text)
    return _MD_LINK.sub(r"\1", text)


def _remove_furniture(root) -> None:
    from bs4 import Comment, Tag

    # One walk collects what the three passes need (find_all's filters are slow).
    tags, comments = [], []
    for node in root.descendants:
        if isinstance(node, Tag):
            tags.append(node)
        elif isinstance(node, Comment):
            comments.append(node)
    for comment in comments:
        comment.extract()
    for tag in tags:
        if tag.name in _DROP_TAGS and not tag.decomposed:
            tag.decompose()
    for tag in tags:
        if tag.decomposed:
            continue
        attrs = getattr(tag, "attrs", None)
        if not attrs:
            continue
        marks = " ".join([*(attrs.get("class") or []), attrs.get("id") or ""])
        if marks and _FURNITURE.search(marks) and tag.name not in ("body", "html"):
            tag.decompose()


def paragraphs_of(root) -> list[str]:
    """Block elements to paragraphs; inline markup joins into its paragraph."""
    from bs4 import NavigableString

    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before(NavigableString("\n"))
        tag.append(NavigableString("\n"))
    text = root.get_text()
    return [line.strip() for line in text.split("\n") if line.strip()]


def body_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment (a Markdown post's body may mix in Markdown links)."""
    soup = _soup(strip_markdown_links(markup))
    _remove_furniture(soup)
    return paragraphs_of(soup)


_META_ATTRS = ("property", "name", "itemprop", "http-equiv")


def _meta_index(soup) -> dict[tuple[str, str], object]:
    """(attribute, lower-cased value) -> the first <meta> carrying it, in one walk."""
    index: dict[tuple[str, str], object] = {}
    for tag in soup.find_all("meta"):
        for attr in _META_ATTRS:
            value = tag.get(attr)
            if isinstance(value, str):
                key = value[:-1] if value.endswith("\n") else value
                index.setdefault((attr, key.lower()), tag)
    return index


def _meta(soup, *names: str, index: dict | None = None) -> str:
    index = _meta_index(soup) if index is None else index
    for name in names:
        for attr in _META_ATTRS:
            tag = index.get((attr, name.lower()))
            if tag is not None and tag.get("content"):
                return tag["content"].strip()
    return ""


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    parts = re.split(r"\s*(?:_|\||｜|—{1,2}| - | – )\s*", title)
    return parts[0] if parts and len(parts[0]) >= 4 else title


def _content_root(soup):
    best, best_len = None, 0
    candidates = soup.find_all("article") + [
        tag for tag in soup.find_all(["div", "section", "main", "td"])
        if _CONTENT_HINT.search(" ".join([*(tag.get("class") or []), tag.get("id") or ""]))
    ]
    for tag in candidates:
        length = sum(len(p.get_text(strip=True)) for p in tag.find_all("p"))
        if length > best_len:
            best, best_len = tag, length
    return best if best is not None and best_len >= 20 else (soup.body or soup)


def load_html(path: Path, text: str) -> RawArticle:
    soup = _soup(text)
    metas = _meta_index(soup)
    title = _meta(soup, "og:title", "twitter:title", "ArticleTitle", "title", index=metas)
    h1 = soup.find("h1")
    if not title and h1 and h1.get_text(strip=True):
        title = h1.get_text(" ", strip=True)
    if not title and soup.title and soup.title.string:
        title = _clean_title(soup.title.string)
    url = ""
    canonical = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    if canonical and canonical.get("href"):
        url = canonical["href"].strip()
    url = url or _meta(soup, "og:url", index=metas)
    outlet = _meta(soup, "og:site_name", "source", "publisher", "article:publisher", "citation_publisher", index=metas)
    date_text = _meta(soup, "article:published_time", "pubdate", "publishdate", "PubDate", "publish_date",
                      "datePublished", "dc.date", "dcterms.created", "dc.date.issued", "date", "og:release_date",
                      index=metas)
    issued = parse_date(date_text) if date_text else None
    if issued is None:
        time_tag = soup.find("time")
        if time_tag is not None:
            date_text = time_tag.get("datetime") or time_tag.get_text(" ", strip=True)
            issued = parse_date(date_text)
    _remove_furniture(soup)
    if soup.find("h1") is None and h1 is not None:
        h1 = None
    for tag in soup.find_all(True, attrs={"class": re.compile(r"date|time|pub|info|source", re.I)}):
        line = tag.get_text(" ", strip=True)
        if issued is None:
            issued, date_text = find_date(line)
        outlet = outlet or find_outlet(line)
        if issued is not None and outlet:
            break
    root = _content_root(soup)
    paragraphs = paragraphs_of(root)
    if issued is None:
        issued, date_text = find_date("\n".join(paragraphs[:5]))
    if not title and paragraphs:
        title = paragraphs[0]
    paragraphs = [p for p in paragraphs if p != title]
    if not paragraphs:
        raise InputError(path, "no body text in the HTML page")
    return RawArticle(source=str(path), kind="html", title=title.strip(), paragraphs=paragraphs,
                      issued=issued, issued_text=date_text, outlet=outlet, url=url)
