"""HTML: full pages, and the HTML bodies of Markdown posts.

Scripts, styles, comments, navigation and known furniture (QR-code blocks, ad
lists, share bars) are dropped; block elements become paragraphs.

The text is read straight off lxml's HTML tree. This module used to build a
BeautifulSoup(markup, "lxml") soup, which replays the same libxml2 parse into
Python objects and cost about half of each article's CPU time; the functions
below read the tree the way that code read the soup (down to how bs4 stores
whitespace and which strings its get_text() skips), so articles come out as
before. Markup whose lxml tree cannot stand in for the soup goes the old way.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

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
_DATELINE_CLASS = re.compile(r"date|time|pub|info|source", re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_MD_AUTOLINK = re.compile(r"<(?:https?:)?//[^>\s]+>")
_MD_LINK_LINE = re.compile(r"^\s*(?:!?\[[^\]]*\]\([^)]*\)\s*[｜|·/\-]?\s*)+$", re.M)
_META_ATTRS = ("property", "name", "itemprop", "http-equiv")
_TITLE_METAS = ("og:title", "twitter:title", "ArticleTitle", "title")
_OUTLET_METAS = ("og:site_name", "source", "publisher", "article:publisher", "citation_publisher")
_DATE_METAS = ("article:published_time", "pubdate", "publishdate", "PubDate", "publish_date", "datePublished",
               "dc.date", "dcterms.created", "dc.date.issued", "date", "og:release_date")

_BLOCKS = frozenset(_BLOCK_TAGS)
# bs4 files the strings inside these tags under classes of their own, which get_text() leaves out
# unless called on such a tag; <script>, <style> and <template> are furniture, <rt> and <rp> are not.
_STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
_PRESERVE_WHITESPACE = frozenset({"pre", "textarea"})
_ASCII_SPACES = " \n\t\f\r"
_REMOVED = "kg-removed"  # what furniture elements become: no text, no attributes, a name nothing looks for
_TOKEN = re.compile(r"\S+")  # how bs4 splits multi-valued attributes (class, rel)

_Node = etree._Element  # elements, and comments and processing instructions (whose tag is not a str)


def strip_markdown_links(text: str) -> str:
    """Drop lines made only of Markdown links (navigation) and inline autolinks."""
    text = _MD_LINK_LINE.sub("", text)
    text = _MD_AUTOLINK.sub("", text)
    return _MD_LINK.sub(r"\1", text)


# --- reading lxml's tree as the soup was read ---------------------------------------------------

class _Unmirrored(Exception):
    """lxml's tree cannot stand in for the soup; the BeautifulSoup path reads these rare inputs.

    Either lxml refused the markup, or content after </html> made libxml2 open a second <html>:
    the whitespace between the two is a string of the soup's own but no node of lxml's tree, and
    it can part two paragraphs.
    """


# A tree deeper than the recursion limit (libxml2 caps depth far below it by default) goes the same way.
_FALL_BACK = (_Unmirrored, RecursionError)


def _parse(markup: str) -> _Node | None:
    """The <html> element libxml2 builds, or None when the markup holds no element.

    Fed as bs4 fed lxml (a str, through the feed interface, a leading BOM cut), so libxml2 builds
    the tree the soup mirrored, XML encoding declarations and <meta charset> included. Comments
    around <html> carry no text, so the element stands for the whole document.
    """
    parser = etree.HTMLParser()
    try:
        parser.feed(markup[1:] if markup.startswith("\ufeff") else markup)
        root = parser.close()
    except (etree.LxmlError, ValueError) as exc:
        raise _Unmirrored(exc) from exc
    if root is not None and any(isinstance(node.tag, str) for node in root.itersiblings()):
        raise _Unmirrored("a second <html>")
    return root


def _squash(text: str) -> str:
    """A string as bs4 stores it: one of only ASCII whitespace becomes one newline or one space."""
    if text.strip(_ASCII_SPACES):
        return text
    return "\n" if "\n" in text else " "


def _collect(el: _Node, out: list[str], want: str | None, inside: str | None, pre: bool, blocks: bool) -> None:
    """Append ``el``'s strings in document order, as bs4's ``get_text`` walks them.

    ``inside`` is the string container around ``el`` (the innermost of _STRING_CONTAINERS);
    strings are kept when it is ``want``. Text and tails are separate strings, each squashed
    on its own unless inside <pre>. With ``blocks``, each block element gets a newline before
    it and one as its last child, as ``paragraphs_of`` inserted them (plain strings, always kept).
    """
    keep = inside == want
    if keep and el.text:
        out.append(el.text if pre else _squash(el.text))
    for child in el:
        tag = child.tag
        if isinstance(tag, str):  # comments and processing instructions have no text to give
            block = blocks and tag in _BLOCKS
            if block:
                out.append("\n")
            _collect(child, out, want, tag if tag in _STRING_CONTAINERS else inside,
                     pre or tag in _PRESERVE_WHITESPACE, blocks)
            if block:
                out.append("\n")
        if keep and child.tail:
            out.append(child.tail if pre else _squash(child.tail))


def _strings(el: _Node, blocks: bool = False) -> list[str]:
    """The strings bs4's ``el.get_text()`` joins."""
    tag = el.tag
    want = tag if tag in _STRING_CONTAINERS else None
    inside, pre = want, tag in _PRESERVE_WHITESPACE
    for ancestor in el.iterancestors():
        if inside is None and ancestor.tag in _STRING_CONTAINERS:
            inside = ancestor.tag
        pre = pre or ancestor.tag in _PRESERVE_WHITESPACE
    out: list[str] = []
    _collect(el, out, want, inside, pre, blocks)
    return out


def _text(el: _Node, separator: str = "") -> str:
    """bs4's ``el.get_text(separator, strip=True)``."""
    return separator.join(s for s in (s.strip() for s in _strings(el)) if s)


def _only_string(el: _Node) -> str | None:
    """bs4's ``Tag.string``: the tag's only child if that is a string, else that of its only child tag."""
    if len(el) == 0:
        return _squash(el.text) if el.text else None
    if el.text or len(el) > 1 or el[0].tail:
        return None
    child = el[0]
    if isinstance(child.tag, str):
        return _only_string(child)
    if child.tag is etree.ProcessingInstruction:
        return f"{child.target} {child.text or ''}"
    return child.text or ""  # a comment


def _marks(el: _Node) -> str:
    """Class and id, for the furniture and content patterns (none of which spans a space)."""
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _remove_furniture(root: _Node) -> None:
    """Empty furniture elements and rename them out of every later search.

    Their tails stay where they are, strings of their own as after bs4's decompose: unlinking
    the element would glue its tail onto the text before it, and lxml will not write text with
    control characters into a stand-in node.
    """
    doomed = list(root.iter(*_DROP_TAGS))
    doomed += [el for el in root.xpath("descendant-or-self::*[@class or @id]")
               if el.tag not in ("body", "html") and _FURNITURE.search(_marks(el))]
    for el in doomed:
        el.clear(keep_tail=True)
        el.tag = _REMOVED


def paragraphs_of(root: _Node) -> list[str]:
    """Block elements to paragraphs; inline markup joins into its paragraph."""
    text = "".join(_strings(root, blocks=True))
    return [line.strip() for line in text.split("\n") if line.strip()]


def body_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment (a Markdown post's body may mix in Markdown links)."""
    markup = strip_markdown_links(markup)
    try:
        root = _parse(markup)
        if root is None:
            return []
        _remove_furniture(root)
        return paragraphs_of(root)
    except _FALL_BACK:
        return _bs4_paragraphs_of(_bs4_soup(markup), remove_furniture=True)


def _meta_index(metas: Iterable[Any]) -> dict[tuple[str, str], Any]:
    """(attribute, lower-cased value) -> the first <meta> carrying it, in one walk."""
    index: dict[tuple[str, str], Any] = {}
    for tag in metas:
        for attr in _META_ATTRS:
            value = tag.get(attr)
            if isinstance(value, str):  # bs4 gives lists for multi-valued attributes
                key = value[:-1] if value.endswith("\n") else value
                index.setdefault((attr, key.lower()), tag)
    return index


def _meta(index: dict[tuple[str, str], Any], *names: str) -> str:
    for name in names:
        for attr in _META_ATTRS:
            tag = index.get((attr, name.lower()))
            content = tag.get("content") if tag is not None else None
            if content:
                return content.strip()
    return ""


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    parts = re.split(r"\s*(?:_|\||｜|—{1,2}| - | – )\s*", title)
    return parts[0] if parts and len(parts[0]) >= 4 else title


def _content_root(root: _Node) -> _Node:
    """The candidate holding the most <p> text (20 characters at least), else <body>, else <html>."""
    candidates = [*root.iter("article"),
                  *(el for el in root.iter("div", "section", "main", "td") if _CONTENT_HINT.search(_marks(el)))]
    p_lengths: dict[_Node, int] = {}  # candidates nest: each <p> is measured once
    best, best_len = None, 0
    for el in candidates:
        length = 0
        for p in el.iter("p"):
            if p not in p_lengths:
                p_lengths[p] = sum(len(s) for s in (s.strip() for s in _strings(p)))
            length += p_lengths[p]
        if length > best_len:
            best, best_len = el, length
    if best is not None and best_len >= 20:
        return best
    return next(root.iter("body"), root)


def _scan_datelines(lines: Iterable[str], issued: Any, date_text: str, outlet: str) -> tuple[Any, str, str]:
    """Date and outlet from lines such as "2021-12-28 10:00 来源：新华社", until both are known."""
    for line in lines:
        if issued is None:
            issued, date_text = find_date(line)
        outlet = outlet or find_outlet(line)
        if issued is not None and outlet:
            break
    return issued, date_text, outlet


def _article(path: Path, title: str, paragraphs: list[str], issued: Any, date_text: str, outlet: str,
             url: str) -> RawArticle:
    if issued is None:
        issued, date_text = find_date("\n".join(paragraphs[:5]))
    if not title and paragraphs:
        title = paragraphs[0]
    paragraphs = [p for p in paragraphs if p != title]
    if not paragraphs:
        raise InputError(path, "no body text in the HTML page")
    return RawArticle(source=str(path), kind="html", title=title.strip(), paragraphs=paragraphs,
                      issued=issued, issued_text=date_text, outlet=outlet, url=url)


def load_html(path: Path, text: str) -> RawArticle:
    try:
        root = _parse(text)
        if root is None:
            raise InputError(path, "no body text in the HTML page")
        return _page(path, root)
    except _FALL_BACK:
        return _bs4_load_html(path, text)


def _page(path: Path, root: _Node) -> RawArticle:
    metas = _meta_index(root.iter("meta"))
    title = _meta(metas, *_TITLE_METAS)
    if not title:
        h1 = next(root.iter("h1"), None)
        title = _text(h1, " ") if h1 is not None else ""
    if not title:
        title_tag = next(root.iter("title"), None)
        string = _only_string(title_tag) if title_tag is not None else None
        title = _clean_title(string) if string else ""
    canonical = next((link for link in root.iter("link") if "canonical" in _TOKEN.findall(link.get("rel") or "")),
                     None)
    url = (canonical.get("href") or "").strip() if canonical is not None else ""
    url = url or _meta(metas, "og:url")
    outlet = _meta(metas, *_OUTLET_METAS)
    date_text = _meta(metas, *_DATE_METAS)
    issued = parse_date(date_text) if date_text else None
    if issued is None:
        time_tag = next(root.iter("time"), None)
        if time_tag is not None:
            date_text = time_tag.get("datetime") or _text(time_tag, " ")
            issued = parse_date(date_text)
    _remove_furniture(root)
    datelines = (_text(el, " ") for el in root.xpath("descendant-or-self::*[@class]")
                 if _DATELINE_CLASS.search(el.get("class")))
    issued, date_text, outlet = _scan_datelines(datelines, issued, date_text, outlet)
    paragraphs = paragraphs_of(_content_root(root))
    return _article(path, title, paragraphs, issued, date_text, outlet, url)


# --- the BeautifulSoup fallback: the code this module ran before, for what _Unmirrored names ----

def _bs4_soup(markup: str) -> Any:
    from bs4 import BeautifulSoup

    try:
        return BeautifulSoup(markup, "lxml")
    except Exception:  # lxml missing or choking: the stdlib parser still works
        return BeautifulSoup(markup, "html.parser")


def _bs4_remove_furniture(root: Any) -> None:
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


def _bs4_paragraphs_of(root: Any, remove_furniture: bool = False) -> list[str]:
    from bs4 import NavigableString

    if remove_furniture:
        _bs4_remove_furniture(root)
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before(NavigableString("\n"))
        tag.append(NavigableString("\n"))
    text = root.get_text()
    return [line.strip() for line in text.split("\n") if line.strip()]


def _bs4_content_root(soup: Any) -> Any:
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


def _bs4_load_html(path: Path, text: str) -> RawArticle:
    """``load_html`` as it was written for BeautifulSoup."""
    soup = _bs4_soup(text)
    metas = _meta_index(soup.find_all("meta"))
    title = _meta(metas, *_TITLE_METAS)
    h1 = soup.find("h1")
    if not title and h1 and h1.get_text(strip=True):
        title = h1.get_text(" ", strip=True)
    if not title and soup.title and soup.title.string:
        title = _clean_title(soup.title.string)
    url = ""
    canonical = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    if canonical and canonical.get("href"):
        url = canonical["href"].strip()
    url = url or _meta(metas, "og:url")
    outlet = _meta(metas, *_OUTLET_METAS)
    date_text = _meta(metas, *_DATE_METAS)
    issued = parse_date(date_text) if date_text else None
    if issued is None:
        time_tag = soup.find("time")
        if time_tag is not None:
            date_text = time_tag.get("datetime") or time_tag.get_text(" ", strip=True)
            issued = parse_date(date_text)
    _bs4_remove_furniture(soup)
    datelines = (tag.get_text(" ", strip=True) for tag in soup.find_all(True, attrs={"class": _DATELINE_CLASS}))
    issued, date_text, outlet = _scan_datelines(datelines, issued, date_text, outlet)
    paragraphs = _bs4_paragraphs_of(_bs4_content_root(soup))
    return _article(path, title, paragraphs, issued, date_text, outlet, url)


# libxml2's HTML parser stops nesting elements at this depth and drops what lies deeper.
PARSER_DEPTH_LIMIT = 255


def too_deep(markup: str) -> bool:
    """Whether ``markup`` nests elements as deep as the HTML parser goes (its content past that is lost)."""
    parser = etree.HTMLParser()
    try:
        parser.feed(markup)
        root = parser.close()
    except (etree.LxmlError, ValueError):
        return False
    if root is None:
        return False
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest >= PARSER_DEPTH_LIMIT - 2
