"""Plain text: the first line is the title, a date line near the top is the date."""
from __future__ import annotations

from pathlib import Path

from kg.clean import find_outlet
from kg.loaders.dates import find_date
from kg.model import RawArticle


def load_text(path: Path, text: str) -> RawArticle:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    title = lines[0] if lines else ""
    rest = lines[1:]
    issued, issued_text, outlet = None, "", ""
    for i, line in enumerate(rest[:3]):
        found, written = find_date(line)
        if found and len(line) <= 60:
            issued, issued_text = found, written
            outlet = find_outlet(line)
            rest = rest[:i] + rest[i + 1 :]
            break
    return RawArticle(source=str(path), kind="text", title=title, paragraphs=rest,
                      issued=issued, issued_text=issued_text, outlet=outlet)
