"""Character classes and small scanners shared by the extractors."""
from __future__ import annotations

import bisect
import re

CLAUSE_BREAK = "，,。；;：:！!？?\n"
SENTENCE_BREAK = "。！!？?\n"
PUNCT = set("，,。；;：:！!？?、“”‘’\"'《》（）()【】[]「」『』—-…·.\n /|｜")


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Offset where the clause holding ``pos`` begins (after the last clause break)."""
    i = pos - 1
    while i >= floor and text[i] not in CLAUSE_BREAK:
        i -= 1
    return i + 1


def clause_end(text: str, pos: int, ceiling: int | None = None) -> int:
    ceiling = len(text) if ceiling is None else ceiling
    i = pos
    while i < ceiling and text[i] not in CLAUSE_BREAK:
        i += 1
    return i


_CLAUSE_BREAK_RE = re.compile(f"[{re.escape(CLAUSE_BREAK)}]")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of ``text[start:end]``, split at commas, semicolons and colons."""
    spans, pos = [], start
    for m in _CLAUSE_BREAK_RE.finditer(text[start:end]):
        stop = start + m.start()
        if stop > pos:
            spans.append((pos, stop))
        pos = start + m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


class Spans:
    """Character spans that can be asked "does [start, end) overlap any of you?" in about log time.

    Mentions are short, so a span overlapping [start, end) starts after ``start - longest``:
    a bisect finds the few candidates, whatever the number of spans (an article of a million
    characters holds tens of thousands of mentions).
    """

    def __init__(self, spans=()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0
        for start, end in sorted(spans):
            self._starts.append(start)
            self._ends.append(end)
            self._longest = max(self._longest, end - start)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self._longest = max(self._longest, end - start)

    def append(self, span: tuple[int, int]) -> None:
        """A drop-in for the list of pairs it replaces."""
        self.add(*span)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, start - self._longest)
        while i < len(self._starts) and self._starts[i] < end:
            if self._ends[i] > start:
                return True
            i += 1
        return False

    def covers(self, pos: int) -> bool:
        """Whether a span holds offset ``pos`` (start <= pos < end)."""
        return self.overlaps(pos, pos + 1)
