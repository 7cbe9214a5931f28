"""Lexicons: domain knowledge as data files under ``kg/lexicons/``, loaded on first use.

Each organization entry carries a canonical id that rides along with every
mention to resolution. Matching uses an Aho-Corasick automaton (one pass over
the text whatever the number of entries), taking the longest leftmost match.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Generic, Iterable, TypeVar

V = TypeVar("V")


@dataclass(frozen=True)
class OrgEntry:
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...]


class Matcher(Generic[V]):
    """Longest-leftmost, non-overlapping dictionary matching over a string."""

    def __init__(self, entries: Iterable[tuple[str, V]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        count = 0
        for pattern, value in entries:
            if pattern:
                self._automaton.add_word(pattern, (len(pattern), value))
                count += 1
        if count:
            self._automaton.make_automaton()
        self._empty = count == 0

    def find_all(self, text: str) -> list[tuple[int, int, V]]:
        """Every occurrence of every entry, overlapping ones included, in no particular order."""
        if self._empty:
            return []
        return [(end + 1 - length, end + 1, value) for end, (length, value) in self._automaton.iter(text)]

    def find(self, text: str) -> list[tuple[int, int, V]]:
        if self._empty:
            return []
        hits = []
        for end_index, (length, value) in self._automaton.iter(text):
            hits.append((end_index + 1 - length, end_index + 1, value))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        chosen: list[tuple[int, int, V]] = []
        last_end = -1
        for start, end, value in hits:
            if start >= last_end:
                chosen.append((start, end, value))
                last_end = end
            elif chosen and start == chosen[-1][0] and end > chosen[-1][1]:  # pragma: no cover
                chosen[-1] = (start, end, value)
                last_end = end
        return chosen


def _lines(name: str) -> list[str]:
    text = resources.files("kg.lexicons").joinpath(name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass
class Lexicon:
    organizations: dict[str, OrgEntry]
    org_matcher: Matcher[tuple[str, str]]
    titles: dict[str, str | None]
    title_matcher: Matcher[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    name_followers: tuple[str, ...]
    document_types: tuple[str, ...]
    initiative_suffixes: tuple[str, ...]
    places: tuple[str, ...]
    foreign_countries: tuple[str, ...]
    local_bodies: tuple[str, ...]
    # internal departments: parent id -> {any name -> the department's canonical name}
    departments: dict[str, dict[str, str]] = field(default_factory=dict)
    department_matcher: Matcher[str] | None = None
    # a local body's name after its place -> its canonical name (政府 -> 人民政府)
    local_body_names: dict[str, str] = field(default_factory=dict)
    # provincial-level short name -> full name (广西 -> 广西壮族自治区)
    provinces: dict[str, str] = field(default_factory=dict)

    def org(self, org_id: str) -> OrgEntry:
        return self.organizations[org_id]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicons, read once per process."""
    orgs: dict[str, OrgEntry] = {}
    for line in _lines("organizations.tsv"):
        cols = line.split("\t")
        org_id, kind, name = cols[0], cols[1], cols[2]
        aliases = tuple(a for a in (cols[3].split("|") if len(cols) > 3 else []) if a)
        orgs[org_id] = OrgEntry(org_id, kind, name, aliases)
    org_patterns = [(form, (e.id, form)) for e in orgs.values() for form in (e.name, *e.aliases)]
    titles: dict[str, str | None] = {}
    for line in _lines("titles.tsv"):
        cols = line.split("\t")
        titles[cols[0]] = cols[1] if len(cols) > 1 and cols[1] else None
    surname_lines = _lines("surnames.txt")
    singles = frozenset(ch for ch in surname_lines[0])
    compounds = frozenset(line.strip() for line in surname_lines[1:])
    suffixes = tuple(sorted((l.strip() for l in _lines("initiative_suffixes.txt")), key=len, reverse=True))
    doc_types = tuple(sorted((l.strip() for l in _lines("document_types.txt")), key=len, reverse=True))
    followers = tuple(sorted((l.strip() for l in _lines("name_followers.txt")), key=len, reverse=True))
    departments: dict[str, dict[str, str]] = {}
    for line in _lines("departments.tsv"):
        cols = line.split("\t")
        names = departments.setdefault(cols[0], {})
        for form in (cols[1], *(cols[2].split("|") if len(cols) > 2 else [])):
            if form:
                names.setdefault(form, cols[1])
    local_names: dict[str, str] = {}
    for line in _lines("local_body_names.tsv"):
        cols = line.split("\t")
        for form in (cols[0], *(cols[1].split("|") if len(cols) > 1 else [])):
            if form:
                local_names.setdefault(form, cols[0])
    provinces = dict(line.split("\t")[:2] for line in _lines("provinces.tsv"))
    return Lexicon(
        departments=departments,
        department_matcher=Matcher((form, form) for form in sorted({f for d in departments.values() for f in d})),
        local_body_names=local_names,
        provinces=provinces,
        organizations=orgs,
        org_matcher=Matcher(org_patterns),
        titles=titles,
        title_matcher=Matcher((t, t) for t in titles),
        surnames=singles,
        compound_surnames=compounds,
        name_followers=followers,
        document_types=doc_types,
        initiative_suffixes=suffixes,
        foreign_countries=tuple(sorted((l.strip() for l in _lines("foreign_countries.txt")), key=len, reverse=True)),
        places=tuple(sorted((l.strip() for l in _lines("places.txt")), key=len, reverse=True)),
        local_bodies=tuple(sorted((l.strip() for l in _lines("local_bodies.txt")), key=len, reverse=True)),
    )
