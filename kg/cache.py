"""The extraction cache: re-running on a grown or edited corpus extracts only what changed.

An article's :class:`~kg.model.Extraction` is a pure function of its bytes, its
file ending (which decides the loader when content does not) and the extraction
code and lexicons. Entries are keyed by a hash of the first two and live in a
folder named by a fingerprint of the last two, so changing ``EXTRACTOR_VERSION``,
a lexicon or any extraction source file starts a fresh cache (old folders are
removed). Hashing the source too means a code change nobody remembered to
version cannot serve stale results.

One pickled, zlib-compressed file per article, written atomically (temporary
file + rename); an unreadable entry is a miss, so a crash can cost work but
never correctness. The article's path is not part of the key: a moved file
hits, and its ``source`` is set to where it is now.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path

from kg.model import Extraction

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


def dumps(extraction: Extraction) -> bytes:
    return zlib.compress(pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL), 1)


def loads(payload: bytes) -> Extraction:
    return pickle.loads(zlib.decompress(payload))


class ExtractionCache:
    """Extractions on disk under ``root/<fingerprint>/<aa>/<key>``.

    Safe to share between processes on one machine: writers never touch a file
    in place, and two writers of one key write the same bytes.
    """

    def __init__(self, root: str | Path, fingerprint: str | None = None) -> None:
        self.root = Path(root)
        tag = f"py{sys.version_info[0]}{sys.version_info[1]}"  # pickles are read by the same Python
        self.dir = self.root / f"{fingerprint or extraction_fingerprint()}-{tag}"

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / key

    def get(self, key: str, source: str | Path) -> Extraction | None:
        """The cached extraction for ``key``, re-pointed at ``source``; ``None`` on a miss."""
        try:
            payload = self._path(key).read_bytes()
        except OSError:
            return None
        try:
            extraction = loads(payload)
        except Exception:  # a torn or foreign file: extract again and overwrite it
            return None
        if not isinstance(extraction, Extraction):
            return None
        extraction.article.source = str(source)
        return extraction

    def get_payload(self, key: str) -> bytes | None:
        """The serialised entry for ``key`` (checked whole, not unpickled), for another machine to load."""
        try:
            payload = self._path(key).read_bytes()
            zlib.decompress(payload)
        except (OSError, zlib.error):
            return None
        return payload

    def put(self, key: str, extraction: Extraction) -> None:
        self.put_payload(key, dumps(extraction))

    def put_payload(self, key: str, payload: bytes) -> None:
        """Store an already serialised entry (see :func:`dumps`); failures only cost a miss later."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
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
