"""The extraction cache: re-running on a grown or edited corpus extracts only what changed.

An article's :class:`~kg.model.Extraction` is a pure function of its bytes, its
file ending (which decides the loader when content does not) and the extraction
code and lexicons. Entries are keyed by a hash of the first two and live in a
folder named by a fingerprint of the last two, so changing ``EXTRACTOR_VERSION``,
a lexicon or any extraction source file starts a fresh cache (old folders are
removed). Hashing the source too means a code change nobody remembered to
version cannot serve stale results.

One zlib-compressed JSON document per article, written atomically (temporary
file + rename); an unreadable entry is a miss, so a crash can cost work but
never correctness. Entries are data, never code: reading one parses JSON and
builds the model's dataclasses field by field, checking every type, so a file
planted in the cache cannot run anything. Each entry names the key and the
fingerprint it was written for, and an entry found under another key (two
entries swapped, or copied from another cache) is a miss. The article's path
is not part of the key: a moved file hits, and its ``source`` is set to where
it is now.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zlib
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.model import Article, Extraction, Fact, Mention, Sentence, Span

CACHE_DIR_NAME = ".kg-cache"

# What extraction results depend on besides the article: these modules' source and the lexicons.
_CODE = ("model.py", "document.py", "text.py", "clean.py", "lexicon.py", "resolve", "loaders", "extract")


@lru_cache(maxsize=1)
def extraction_fingerprint() -> str:
    """A hash of EXTRACTOR_VERSION, the lexicon files and the extraction code."""
    from kg.extract import EXTRACTOR_VERSION

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"policy-kg extraction {EXTRACTOR_VERSION}\n".encode())
    files: list[Path] = sorted((package / "lexicons").glob("*.t*"))
    for name in _CODE:
        target = package / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def content_key(path: str | Path, data: bytes) -> str:
    """The cache key of an article file: its bytes and its (lower-cased) file ending."""
    return hashlib.sha256(Path(path).suffix.lower().encode() + b"\0" + data).hexdigest()


# The entry format; bump when the layout below changes (old entries then read as misses).
ENTRY_FORMAT = "policy-kg extraction 1"
# A decompressed entry larger than this is refused (a planted zlib bomb); real entries are ~20 KB.
MAX_ENTRY_BYTES = 64 << 20

_ARTICLE_TEXT = ("source", "kind", "title", "text", "folded", "outlet", "url", "editor", "original_title", "author")
_SCALAR = (str, int, float, bool, type(None))


class BadEntry(ValueError):
    """A cache entry that is not a well-formed entry for the key asked for."""


def _mention(m: Mention) -> list:
    for _, v in m.attrs:
        if not isinstance(v, _SCALAR):
            raise TypeError(f"mention attribute of type {type(v).__name__} cannot be cached")
    return [m.type, m.text, m.start, m.end, m.sentence, m.name, m.key, [list(a) for a in m.attrs]]


def to_data(extraction: Extraction) -> dict:
    """An extraction as JSON-able data (lists, strings, numbers)."""
    a = extraction.article
    mentions = [_mention(m) for m in extraction.mentions]
    index = {id(m): i for i, m in enumerate(extraction.mentions)}

    def ref(m: Mention | None):
        if m is None:
            return None
        i = index.get(id(m))
        return i if i is not None else _mention(m)

    article = {name: getattr(a, name) for name in _ARTICLE_TEXT}
    article.update(paragraphs=[[p.start, p.end] for p in a.paragraphs],
                   sentences=[[s.index, s.paragraph, s.start, s.end] for s in a.sentences],
                   issued=a.issued.isoformat() if a.issued is not None else None,
                   categories=list(a.categories), tags=list(a.tags), warnings=list(a.warnings), id=a.id)
    facts = [[f.kind, ref(f.subject), ref(f.object), f.sentence, f.title] for f in extraction.facts]
    return {"article": article, "mentions": mentions, "facts": facts}


def _want(value: Any, kind: type | tuple, what: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadEntry(f"{what}: unexpected {type(value).__name__}")
    return value


def _ints(value: Any, n: int, what: str) -> list[int]:
    _want(value, list, what)
    if len(value) != n:
        raise BadEntry(f"{what}: expected {n} numbers")
    return [_want(v, int, what) for v in value]


def _strs(value: Any, what: str) -> list[str]:
    return [_want(v, str, what) for v in _want(value, list, what)]


def _to_mention(data: Any) -> Mention:
    _want(data, list, "mention")
    if len(data) != 8:
        raise BadEntry("mention: expected 8 fields")
    type_, text, start, end, sentence, name, key, attrs = data
    pairs = []
    for pair in _want(attrs, list, "attrs"):
        if not isinstance(pair, list) or len(pair) != 2:
            raise BadEntry("attrs: expected pairs")
        pairs.append((_want(pair[0], str, "attr name"), _want(pair[1], _SCALAR, "attr value")))
    return Mention(_want(type_, str, "type"), _want(text, str, "text"), _want(start, int, "start"),
                   _want(end, int, "end"), _want(sentence, int, "sentence"), _want(name, str, "name"),
                   _want(key, (str, type(None)), "key"), tuple(pairs))


def from_data(data: Any) -> Extraction:
    """The extraction :func:`to_data` described; :class:`BadEntry` when ``data`` is not one."""
    _want(data, dict, "entry")
    a = _want(data.get("article"), dict, "article")
    fields = {name: _want(a.get(name), str, name) for name in _ARTICLE_TEXT}
    issued = a.get("issued")
    if issued is not None:
        try:
            issued = datetime.fromisoformat(_want(issued, str, "issued"))
        except ValueError as exc:
            raise BadEntry(f"issued: {exc}") from None
    article = Article(
        id=_want(a.get("id"), str, "id"), **fields,
        paragraphs=[Span(*_ints(p, 2, "paragraph")) for p in _want(a.get("paragraphs"), list, "paragraphs")],
        sentences=[Sentence(*_ints(s, 4, "sentence")) for s in _want(a.get("sentences"), list, "sentences")],
        issued=issued, categories=_strs(a.get("categories"), "categories"), tags=_strs(a.get("tags"), "tags"),
        warnings=_strs(a.get("warnings"), "warnings"),
    )
    mentions = [_to_mention(m) for m in _want(data.get("mentions"), list, "mentions")]

    def deref(value: Any) -> Mention | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < len(mentions):
                raise BadEntry("fact: mention index out of range")
            return mentions[value]
        return _to_mention(value)

    facts = []
    for f in _want(data.get("facts"), list, "facts"):
        if not isinstance(f, list) or len(f) != 5:
            raise BadEntry("fact: expected 5 fields")
        subject = deref(f[1])
        if subject is None:
            raise BadEntry("fact: no subject")
        facts.append(Fact(_want(f[0], str, "kind"), subject, deref(f[2]), _want(f[3], int, "sentence"),
                          _want(f[4], (str, type(None)), "title")))
    return Extraction(article=article, mentions=mentions, facts=facts)


def dumps(extraction: Extraction, key: str = "", fingerprint: str | None = None) -> bytes:
    """A cache entry: the extraction as JSON, with the key and fingerprint it belongs to, compressed."""
    entry = {"format": ENTRY_FORMAT, "key": key, "fingerprint": fingerprint or extraction_fingerprint(),
             "extraction": to_data(extraction)}
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def _open(payload: bytes, key: str | None, fingerprint: str | None) -> dict:
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(payload, MAX_ENTRY_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise BadEntry("entry too large or truncated")
        entry = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadEntry(f"not an entry: {exc}") from None
    if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT:
        raise BadEntry("not an entry of this format")
    if key is not None and entry.get("key") != key:
        raise BadEntry("entry belongs to another key")
    if fingerprint is not None and entry.get("fingerprint") != fingerprint:
        raise BadEntry("entry belongs to other extraction code")
    return entry


def loads(payload: bytes, key: str | None = None, fingerprint: str | None = None) -> Extraction:
    """The extraction in a cache entry; :class:`BadEntry` when it is not a well-formed entry (for ``key``)."""
    return from_data(_open(payload, key, fingerprint).get("extraction"))


class ExtractionCache:
    """Extractions on disk under ``root/<fingerprint>/<aa>/<key>``.

    Safe to share between processes on one machine: writers never touch a file
    in place, and two writers of one key write the same bytes.
    """

    def __init__(self, root: str | Path, fingerprint: str | None = None) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint or extraction_fingerprint()
        self.dir = self.root / f"{self.fingerprint}-json"

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / key

    def get(self, key: str, source: str | Path) -> Extraction | None:
        """The cached extraction for ``key``, re-pointed at ``source``; ``None`` on a miss."""
        try:
            payload = self._path(key).read_bytes()
        except OSError:
            return None
        try:
            extraction = loads(payload, key, self.fingerprint)
        except BadEntry:  # torn, foreign, planted or swapped: extract again and overwrite it
            return None
        extraction.article.source = str(source)
        return extraction

    def get_payload(self, key: str) -> bytes | None:
        """The entry for ``key``, checked whole (format, key, fingerprint), for another machine to load."""
        try:
            payload = self._path(key).read_bytes()
            loads(payload, key, self.fingerprint)
        except (OSError, BadEntry):
            return None
        return payload

    def put(self, key: str, extraction: Extraction) -> None:
        try:
            payload = dumps(extraction, key, self.fingerprint)
        except (TypeError, ValueError):  # a value JSON cannot hold: not cached, extracted again next time
            return
        self.put_payload(key, payload)

    def written_since(self, started: float) -> list[Path]:
        """Entries written at or after the time ``started`` (``time.time()``): what this run added."""
        found = []
        for path in self.dir.rglob("*") if self.dir.is_dir() else ():
            try:
                if path.is_file() and path.stat().st_mtime >= started:
                    found.append(path)
            except OSError:
                pass
        return found

    def put_payload(self, key: str, payload: bytes) -> None:
        """Store an already serialised entry (see :func:`dumps`); failures only cost a miss later."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=f".kg{os.getpid()}.tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(payload)
                os.replace(tmp, path)  # no fsync: a torn entry after a power cut reads as a miss
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass

    def prune(self) -> None:
        """Remove the folders of other fingerprints: their entries can never hit again."""
        if not self.root.is_dir():
            return
        for entry in self.root.iterdir():
            if entry.is_dir() and entry != self.dir:
                shutil.rmtree(entry, ignore_errors=True)
