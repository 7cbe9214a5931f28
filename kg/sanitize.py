"""What scraped text may hold, decided once, at loading.

Every string an article contributes (title, body, metadata, file name) passes
:func:`clean_text` before any other stage sees it, so no exporter ever meets a
character its format cannot carry:

* a lone surrogate (U+D800–U+DFFF, from broken UTF-16 or ``surrogateescape``)
  becomes U+FFFD, the replacement character: no UTF-8 output could encode it;
* line and page breaks inside a field — VT, FF, NEL (U+0085), LINE SEPARATOR
  (U+2028), PARAGRAPH SEPARATOR (U+2029) — become a space: some readers split
  lines on them (N-Triples, CSV, ``str.splitlines``), and paragraphs are already
  split by the loaders;
* every other C0 and C1 control character (U+0000–U+001F except TAB, LF, CR;
  U+007F–U+009F) and the noncharacters U+FFFE, U+FFFF and U+FDD0–U+FDEF are
  removed: XML 1.0 (GraphML, the HTML page's parsers) forbids most of them and
  none carries text.

URLs become IRIs here too (:func:`safe_iri`), and file names that are not
UTF-8 are shown with their odd bytes as ``%XX`` (:func:`display_path`).
:func:`printable` is for the terminal: control characters escaped, so a label
or file name cannot send escape sequences.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

_SPACE_LIKE = "\x0b\x0c\x85\u2028\u2029"
_REMOVED = [c for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c"] + list(range(0x7F, 0xA0))
_REMOVED = [c for c in _REMOVED if chr(c) not in _SPACE_LIKE]
_REMOVED += [0xFFFE, 0xFFFF] + list(range(0xFDD0, 0xFDF0))
_TABLE = {**{c: None for c in _REMOVED}, **{ord(c): " " for c in _SPACE_LIKE}}
_SURROGATE = re.compile("[\ud800-\udfff]")
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with the characters no output can carry replaced or removed (see the module)."""
    if not _NEEDS_CLEANING.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text).translate(_TABLE)


# Characters an IRI may not hold as they are (RFC 3987: space, controls, <>"{}|\^`), percent-encoded.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\u2028\u2029\ufffd]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def safe_iri(url: str) -> str:
    """``url`` as a valid absolute IRI, or ``""`` when it has no scheme (then it is not a link).

    Leading and trailing whitespace is dropped; characters an IRI forbids are
    percent-encoded (their UTF-8 bytes), so ``http://x/a b`` becomes ``http://x/a%20b``.
    """
    url = clean_text(url).strip()
    if not url or not _SCHEME.match(url):
        return ""
    return _IRI_FORBIDDEN.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), url)


def display_path(path: str | Path) -> str:
    """A file name as text: bytes that are not UTF-8 (a GBK name from a Windows zip) and control
    characters as ``%XX`` (as in URLs: no backslash, which Windows paths use as a separator)."""
    raw = os.fsencode(path)
    text = raw.decode("utf-8", "surrogateescape")
    text = re.sub("[\udc80-\udcff]", lambda m: f"%{ord(m.group(0)) - 0xDC00:02X}", text)
    return _NAME_CONTROL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8", "replace")), text)


_NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` for a terminal: control characters (ESC …) and lone surrogates written as ``\\xNN``/``\\uNNNN``."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii")
                        if ord(m.group(0)) < 0xD800 else f"\\u{ord(m.group(0)):04x}", text)


def clean_literal(value: str) -> str:
    """A literal's text with :func:`clean_text` applied when it needs it (else itself, cheaply)."""
    return clean_text(value) if _NEEDS_CLEANING.search(value) else value


def clean_graph(graph) -> int:
    """Apply :func:`clean_text` to every literal of an rdflib ``graph`` read from elsewhere (a Turtle
    file may escape a lone surrogate or a control character, ``"\\uD800"``); return how many changed."""
    from rdflib import Literal

    bad = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and _NEEDS_CLEANING.search(str(o))]
    for s, p, o in bad:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(clean_text(str(o)), lang=o.language, datatype=o.datatype)))
    return len(bad)
