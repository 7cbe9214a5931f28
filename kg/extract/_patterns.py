"""Character classes and small scanners shared by the extractors."""
from __future__ import annotations

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
