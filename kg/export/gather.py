"""What the explorer page shows, gathered from a stream of subjects in bounded memory: the page's collector.

:func:`kg.export.explorer.read_corpus` reads a graph through triple-pattern calls and
keeps everything the explorer shows, for every entity, with every evidence sentence.
The offline page carries at most ``max_entities`` of them (the heaviest: most
neighbours, then most articles), and gathering every relation's evidence before
choosing made a build's memory grow with the corpus. :class:`CorpusGatherer` is a
tap (:mod:`kg.export.source`) that reads the same things the same way, in passes:

1. As subjects come (while graph.ttl is written), it reduces each to what the
   explorer reads of it — its types and the nodes it points to, its literal values,
   the articles mentioning it — and appends that to scratch files. Evidence
   statements, three quarters of a graph, are reduced to (subject, predicate, object,
   sentence, article) and, when their predicate is one a relation of the page rests
   on, appended to another. They live in the output folder (:class:`kg.io.ScratchFile`,
   ``.kg-page-PID-…``); memory holds a batch of each.
2. Once the stream has ended, one read of those files resolves the graph's shape
   compactly (:class:`_Resolved`): nodes interned as numbers, types as a few shared
   sets, mentions, posts and relations as arrays of numbers, each node's best name.
   That is all :meth:`CorpusGatherer.heaviest` needs to choose the entities a page
   carries; what the corpus of the chosen needs of it is then taken by IRI
   (:class:`_Carried`) and the rest let go.
3. :meth:`CorpusGatherer.corpus` reads the literal values again, for the articles,
   the entities chosen and their posts, builds the :class:`~kg.export.explorer.Corpus`
   of those entities only, and reads the statements once for the evidence of their
   relations.

The corpus is the one ``read_corpus`` gives, restricted as the page restricts it
(:func:`kg.export.html.restrict`): nodes are compared by their text as read_corpus
compares ``str(term)``, literal values ordered as its ``_sorted_text`` orders them
(Chinese first, then by text), statements reduced as ``statement_of`` reduces them.
The tests hold the two to the same page, byte for byte.
"""
from __future__ import annotations

import heapq
import re
from array import array
from functools import lru_cache
from typing import Any, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.export.explorer import (
    DIRECT_RELATIONS, Article, Corpus, Entity, Relation, _article_date, _classify, _local, _number,
    _organization_classes,
)
from kg.graph import KG, ORG, PROV, SCHEMA
from kg.graph.terms import RDF_TYPE, Key, filled_pairs, term_of

# Predicates whose objects are read as text (literal values: names, dates, a target's figures), by code.
TEXT_PREDICATES = tuple(str(p) for p in (
    RDFS.label, SKOS.altLabel, DCTERMS.issued, DCTERMS.title, DCTERMS.publisher, SCHEMA.url, KG.sourceName,
    KG.targetYear, KG.comparator, KG.value, KG.unit, KG.indicator, KG.title))
(_LABEL, _ALT, _ISSUED, _TITLE, _PUBLISHER, _URL, _SOURCE, _YEAR, _COMPARATOR, _VALUE, _UNIT, _INDICATOR,
 _POST_TITLE) = range(len(TEXT_PREDICATES))
# Predicates whose objects are read as nodes, by code: the first four are the page's direct relations.
LINK_PREDICATES = (*(str(p) for p in DIRECT_RELATIONS), str(KG.mentionedIn), str(KG.attestedIn), str(ORG.holds),
                   str(ORG.postIn))
_MENTIONED, _ATTESTED, _HOLDS, _POST_IN = range(len(DIRECT_RELATIONS), len(LINK_PREDICATES))
_RELATION_NAMES = tuple(DIRECT_RELATIONS.values())
# An evidence statement: its type, the parts it is reduced to, and the predicates a page relation rests on.
_STATEMENT = (0, str(RDF.Statement), "", "")
_PARTS = (str(RDF.subject), str(RDF.predicate), str(RDF.object), str(KG.sentence), str(PROV.wasDerivedFrom))
_STATEMENT_PREDICATES = frozenset({*_PARTS, RDF_TYPE})
_RELATIONS = {str(predicate): name for predicate, name in DIRECT_RELATIONS.items()}
_RELATION_IRIS = {name: iri for iri, name in _RELATIONS.items()}
_HOLDS_IRI, _POST_IN_IRI = str(ORG.holds), str(ORG.postIn)
EVIDENCE_PREDICATES = frozenset({*_RELATIONS, _HOLDS_IRI, _POST_IN_IRI})
_ARTICLE = (True, str(KG.Article))
_SUBCLASS = str(RDFS.subClassOf)
# What the tap does with a predicate's objects: (role, code). Any other predicate is passed over.
_TEXT, _LINK, _MENTION, _CLASS, _PART = range(5)
_ROLES: dict[str, tuple[int, int]] = {
    **{p: (_TEXT, code) for code, p in enumerate(TEXT_PREDICATES)},
    **{p: (_LINK, code) for code, p in enumerate(LINK_PREDICATES)},
    LINK_PREDICATES[_MENTIONED]: (_MENTION, _MENTIONED), _SUBCLASS: (_CLASS, 0),
    **{p: (_PART, 0) for p in _PARTS}}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_HTTP = re.compile(r"(?i)https?://")


@lru_cache(maxsize=8192)
def _typed_text(key: Key) -> str:
    """``str()`` of a typed literal as rdflib makes it (rdflib writes numbers in canonical form)."""
    return str(term_of(key))


def text_of(key: Key) -> str:
    """``str(term)`` of the term ``key`` stands for: an IRI, a blank node's id, a literal's lexical form."""
    if key[0] == 2 and key[3] and key[3] != _XSD_STRING:
        return _typed_text(key)
    return key[1]


def _is_chinese(key: Key) -> bool:
    """Whether ``_sorted_text`` ranks this value first: a literal tagged zh…"""
    return key[0] == 2 and key[2].startswith("zh")


def _first_text(keys: Iterable[Key]) -> str:
    """The first of ``_sorted_text`` of these values, or "": Chinese ones first, then by text."""
    best = None
    for key in keys:
        text = " ".join(text_of(key).split())
        if text:
            ranked = (not _is_chinese(key), text)
            if best is None or ranked < best:
                best = ranked
    return "" if best is None else best[1]


def _statement_slots(spec: list) -> tuple | None:
    """Where a block's slot values hold a statement's subject, predicate, object, sentence and
    article (None: no slot for it), when the block is a statement with one slot for each of
    the first four; else None."""
    slots = [p[1] for p, o in spec if not (isinstance(o, tuple) and len(o) == 4)]
    if (not any(o == _STATEMENT for p, o in spec if p[1] == RDF_TYPE) or len(set(slots)) != len(slots)
            or not all(part in slots for part in _PARTS[:4])):
        return None
    return tuple(slots.index(part) if part in slots else None for part in _PARTS)


def _statement(parts: dict[str, list[Key]]) -> tuple[str, str, str, str, str] | None:
    """:func:`~kg.export.explorer.statement_of` for a statement's parts (predicate IRI -> object
    keys), on keys: (subject, predicate, object, sentence, article) as text, or None."""
    sentence = _first_text(parts.get(_PARTS[3], ()))
    s, p, o = (min((text_of(k) for k in parts.get(name, ())), default=None) for name in _PARTS[:3])
    if not sentence or s is None or p is None or o is None:
        return None
    return s, p, o, sentence, _first_text(parts.get(_PARTS[4], ()))


class CorpusGatherer:
    """A tap keeping what the explorer shows of a graph (see the module docstring). After the
    stream: :meth:`entity_count`, :meth:`heaviest`, :meth:`corpus`; :meth:`close` removes the
    scratch files.

    ``add(subject key, pairs)`` and ``add_filled(subject key, spec, slot values)`` take the
    graph's subjects as :mod:`kg.export.source` and :class:`kg.export.spool.TurtleSpool` hand
    them out; a subject may come in pieces.
    """

    SCRATCH_BATCH = 2000  # records a scratch file holds in memory before writing them out

    def __init__(self, spill_dir: str | None = None) -> None:
        from kg.export.source import TripleIndex
        from kg.io import ScratchFile

        # what each subject said as it came, in three parts (see add): (text, is an IRI, types, links),
        # (text, literal values) and (text, the articles mentioning it)
        self._shapes = ScratchFile(spill_dir, ".kg-page-", self.SCRATCH_BATCH)
        self._values = ScratchFile(spill_dir, ".kg-page-", self.SCRATCH_BATCH)
        self._mentions = ScratchFile(spill_dir, ".kg-page-", self.SCRATCH_BATCH * 8)
        # (subject, predicate, object, sentence, article) of each evidence statement, as text
        self._evidence = ScratchFile(spill_dir, ".kg-page-", self.SCRATCH_BATCH)
        self._classes = TripleIndex([RDFS.subClassOf])  # for _organization_classes: a few triples
        self._loose: dict[tuple[int, str], dict[str, list[Key]]] = {}  # statements that came in pieces
        self._specs: dict[int, tuple] = {}  # id(spec) -> (spec, where its statement's parts are, or None)
        self._resolved: _Resolved | None = None

    # ------------------------------------------------------------------ the first pass: a tap

    def add(self, subject: Key, pairs: list) -> None:
        """A tap: some or all of ``subject``'s triples, as (not rdf:type, predicate key, object key) pairs.

        A piece is reduced to its types as (is an IRI, text), its links as (code, object text),
        its literal values as (code, is Chinese, normalised text) and the articles mentioning it,
        each with the subject's text, and set aside; an evidence statement to its five parts.
        """
        types, values, links, classes = [], [], [], []
        mentioned: set[str] = set()
        statement = parts = False
        roles = _ROLES
        for not_type, p, o in pairs:
            if not not_type:
                types.append((o[0] == 0, text_of(o)))
                statement = statement or o == _STATEMENT
                continue
            role = roles.get(p[1])
            if role is None:
                continue
            kind, code = role
            if kind == _TEXT:
                text = " ".join(text_of(o).split())
                if text:
                    values.append((code, o[0] == 2 and o[2].startswith("zh"), text))
            elif kind == _MENTION:
                mentioned.add(o[1] if o[0] != 2 else text_of(o))
            elif kind == _LINK:
                links.append((code, o[1] if o[0] != 2 else text_of(o)))
            elif kind == _CLASS:
                classes.append((not_type, p, o))
            else:
                parts = True
        if statement and self._add_statement(pairs):
            return
        if classes:
            self._classes.add(subject, classes)
        if types or links:
            self._shapes.append((subject[1], subject[0] == 0, tuple(types), tuple(links)))
        if values:
            self._values.append((subject[1], tuple(values)))
        if mentioned:  # a piece's mentions are distinct: what mention counts rest on
            self._mentions.append((subject[1], tuple(mentioned)), len(mentioned))
        if statement or parts:  # a statement that came in pieces: put together at the end
            loose = self._loose.setdefault((subject[0], subject[1]), {})
            for _, p, o in pairs:
                if p[1] in _STATEMENT_PREDICATES:
                    loose.setdefault(p[1], []).append(o)

    def _add_statement(self, pairs: list) -> bool:
        """Set aside the evidence statement these pairs make, if whole; return whether they made one."""
        parts: dict[str, list] = {}
        for _, p, o in pairs:
            parts.setdefault(p[1], []).append(o)
        found = _statement(parts)
        if found is None:
            return False
        if found[1] in EVIDENCE_PREDICATES:
            self._evidence.append(found)
        return True

    def add_filled(self, subject: Key, spec: list, values) -> None:
        """A tap for a templated block (:class:`kg.export.spool.BlockTemplate`): a statement whose
        every part is one slot is reduced without making its pairs."""
        held = self._specs.get(id(spec))
        if held is None or held[0] is not spec:
            held = self._specs[id(spec)] = (spec, _statement_slots(spec))
        slots = held[1]
        if slots is not None:
            s, p, o, sentence = (values[i] for i in slots[:4])
            sentence = " ".join(sentence.split())
            if sentence and s and p and o:
                if p in EVIDENCE_PREDICATES:
                    article = values[slots[4]] if slots[4] is not None else ""
                    self._evidence.append((s, p, o, sentence, " ".join(article.split())))
                return
        self.add(subject, filled_pairs(spec, list(values)))

    # ------------------------------------------------------------------ after the stream

    @property
    def resolved(self) -> "_Resolved":
        """The graph's shape, resolved from the subjects set aside (once, after the stream)."""
        if self._resolved is None:
            self._resolved = _Resolved(self._shapes, self._values, self._mentions, self._classes)
        return self._resolved

    def entity_count(self) -> int:
        return len(self.resolved.entities)

    def heaviest(self, n: int) -> list[str]:
        """The IRIs of the ``n`` heaviest entities: ``select(corpus, None, 0, n)`` of the whole corpus
        (most neighbours, then most articles, then label and IRI), without building it."""
        r = self.resolved
        names, degree, mentions, label = r.names, r.degree, r.mentions, r.label
        chosen = heapq.nsmallest(n, r.entities, key=lambda e: (-degree[e], -mentions[e], label(e), names[e]))
        return [names[e] for e in chosen]

    def corpus(self, keep: Iterable[str] | None = None, evidence: bool = True) -> Corpus:
        """The corpus of the entities ``keep`` (IRIs; None: every entity) and the relations among
        them, with every article and, unless ``evidence`` is false, the relations' evidence.

        With evidence the resolved shape of the whole graph is let go before the corpus is
        built (memory then holds what the corpus needs only); a later call resolves it again.
        """
        r = self.resolved
        if keep is None:
            kept = set(r.entities)
        else:
            kept = {n for n in (r.ids.get(iri) for iri in keep) if n is not None and r.is_entity[n]}
        carried = r.carry(kept)
        if evidence:
            self._resolved = r = None
        return carried.corpus(self._values, self.statements() if evidence else None)

    def statements(self) -> Iterator[tuple[str, str, str, str, str]]:
        """The evidence statements a page relation may rest on: the scratch file's, then those that came in pieces."""
        yield from self._evidence
        for parts in self._loose.values():
            if _STATEMENT in parts.get(RDF_TYPE, ()):
                found = _statement(parts)
                if found is not None and found[1] in EVIDENCE_PREDICATES:
                    yield found

    def close(self) -> None:
        """Remove the scratch files and let go of what was resolved."""
        for scratch in (self._shapes, self._values, self._mentions, self._evidence):
            scratch.close()
        self._resolved = None


class _Values:
    """Literal values of one predicate, as ``_sorted_text`` reads them: subject -> normalised text(s),
    Chinese ones apart (one string while a subject has one value, a list past that)."""

    __slots__ = ("chinese", "other")

    def __init__(self) -> None:
        self.chinese: dict[str, Any] = {}
        self.other: dict[str, Any] = {}

    def add(self, subject: str, text: str, chinese: bool) -> None:
        held = self.chinese if chinese else self.other
        found = held.get(subject)
        if found is None:
            held[subject] = text
        elif type(found) is list:
            found.append(text)
        else:
            held[subject] = [found, text]

    @staticmethod
    def _all(found: Any) -> list[str]:
        return [] if found is None else found if type(found) is list else [found]

    def first(self, subject: str) -> str:
        """``_first``: the first of the sorted values, or ""."""
        found = self.chinese.get(subject)
        if found is None:
            found = self.other.get(subject)
        if found is None:
            return ""
        return min(found) if type(found) is list else found

    def sorted(self, subject: str) -> list[str]:
        """``_sorted_text``: distinct values, Chinese ones first, each part sorted."""
        found, other = self.chinese.get(subject), self.other.get(subject)
        if other is None and type(found) is not list:
            return [] if found is None else [found]
        chinese = sorted(set(self._all(found)))
        seen = set(chinese)
        return chinese + sorted({text for text in self._all(other) if text not in seen})


class _Resolved:
    """The graph's shape, from one read of the subjects set aside: nodes as numbers (``ids``,
    ``names``), entities in IRI order with their (type, kind), which nodes are articles,
    mention and neighbour counts, each node's best name, posts and relations as arrays of
    numbers. Per node, flags and numbers sit in arrays, not in dicts and sets."""

    def __init__(self, shapes: Iterable[tuple], values: Iterable[tuple], mentions: Iterable[tuple],
                 classes) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self._type_of = array("I")  # node -> its set of types (0: none), in _type_sets
        self._type_sets: list[frozenset[tuple[bool, str]]] = [frozenset()]
        self._type_set_ids: dict[frozenset, int] = {frozenset(): 0}
        self._runs = bytearray()  # node -> pieces its mentions came in (0, 1, 2 = more)
        self.value_pieces = bytearray()  # node -> pieces its literal values came in (0, 1, 2 = more)
        self._name_rank = bytearray()  # node -> rank of its best name: 0-1 label, 2-3 other name, 4 none
        self._name: list[bytes | None] = []  # node -> its best name, UTF-8 (which sorts as the text does)
        self.links = [array("I") for _ in LINK_PREDICATES]  # by code: subject, object, subject, …
        self._read(shapes, values, mentions)
        org_classes = _organization_classes(classes)
        # (type, kind) of each set of types (None: no entity), and which sets make an article
        kinds = [_classify({URIRef(t) if is_iri else Literal(t) for is_iri, t in types}, org_classes)
                 for types in self._type_sets]
        self.kinds = kinds
        self.is_entity = bytearray(kinds[t] is not None for t in self._type_of)
        self.entities = array("I", sorted((n for n, flag in enumerate(self.is_entity) if flag),
                                         key=self.names.__getitem__))
        article_sets = [_ARTICLE in types for types in self._type_sets]
        self.is_article = bytearray(article_sets[t] for t in self._type_of)
        del self._type_set_ids
        self.mentions = self._mention_counts()
        self.post_in: dict[int, list[int]] = {}
        pairs = self.links[_POST_IN]
        for i in range(0, len(pairs), 2):
            self.post_in.setdefault(pairs[i], []).append(pairs[i + 1])
        pairs, entity = self.links[_HOLDS], self.is_entity
        self.holds = array("I", (x for i in range(0, len(pairs), 2) if entity[pairs[i]] for x in pairs[i:i + 2]))
        self.degree = self._degrees()

    def _node(self, text: str) -> int:
        found = self.ids.get(text)
        if found is None:
            found = self.ids[text] = len(self.names)
            self.names.append(text)
            self._type_of.append(0)
            self._runs.append(0)
            self.value_pieces.append(0)
            self._name_rank.append(4)
            self._name.append(None)
        return found

    def _read(self, shapes: Iterable[tuple], values: Iterable[tuple], mentions: Iterable[tuple]) -> None:
        node, ids, links = self._node, self.ids, self.links
        for text, is_iri, types, links_of in shapes:
            n = node(text)
            if types and is_iri:
                self._add_types(n, types)
            for code, obj in links_of:
                o = ids.get(obj)
                links[code].extend((n, node(obj) if o is None else o))
        name_rank, name, pieces = self._name_rank, self._name, self.value_pieces
        for text, found in values:
            n = node(text)
            pieces[n] = min(2, pieces[n] + 1)
            for code, chinese, value in found:
                if code <= _ALT:  # a name: the best one is the entity's label
                    rank = 2 * code + (not chinese)
                    if rank <= name_rank[n] and (rank < name_rank[n] or value.encode() < name[n]):
                        name_rank[n], name[n] = rank, value.encode()
        mentioned, runs = links[_MENTIONED], self._runs
        for text, articles in mentions:
            n = node(text)
            runs[n] = min(2, runs[n] + 1)
            for article in articles:
                a = ids.get(article)
                mentioned.extend((n, node(article) if a is None else a))

    def _add_types(self, n: int, types: tuple) -> None:
        combined = self._type_sets[self._type_of[n]].union(types)
        found = self._type_set_ids.get(combined)
        if found is None:
            found = self._type_set_ids[combined] = len(self._type_sets)
            self._type_sets.append(combined)
        self._type_of[n] = found

    def _mention_counts(self) -> array:
        """How many distinct articles mention each node (a piece holds distinct articles; several
        pieces of one subject may repeat one)."""
        article = self.is_article
        counts = array("I", [0]) * len(self.names)
        split: dict[int, array] = {}
        runs, pairs = self._runs, self.links[_MENTIONED]
        for i in range(0, len(pairs), 2):
            s, a = pairs[i], pairs[i + 1]
            if article[a]:
                if runs[s] == 1:
                    counts[s] += 1
                else:
                    found = split.get(s)
                    if found is None:
                        found = split[s] = array("I")
                    found.append(a)
        for s, found in split.items():
            counts[s] = len(set(found))
        return counts

    def _neighbour_pairs(self) -> Iterator[tuple[int, int]]:
        """(entity, entity) for every relation between two entities, as often as the graph states it."""
        entity = self.is_entity
        for code in range(len(_RELATION_NAMES)):
            pairs = self.links[code]
            for i in range(0, len(pairs), 2):
                s, o = pairs[i], pairs[i + 1]
                if s != o and entity[s] and entity[o]:
                    yield s, o
        for official, post in zip(self.holds[::2], self.holds[1::2]):
            for organization in self.post_in.get(post, ()):
                if organization != official and entity[organization]:
                    yield official, organization

    def _degrees(self) -> array:
        """How many distinct neighbours each entity has, over every relation among entities.

        Each pair of neighbours is counted as often as it is met, then once less for every
        repeat; a pair can repeat only if both its ends are met more than once, so only
        those pairs are remembered.
        """
        n = len(self.names)
        degree = array("I", [0]) * n
        for a, b in self._neighbour_pairs():
            degree[a] += 1
            degree[b] += 1
        met = array("I", degree)
        seen: set[int] = set()
        for a, b in self._neighbour_pairs():
            if met[a] > 1 and met[b] > 1:
                code = a * n + b if a < b else b * n + a
                if code in seen:
                    degree[a] -= 1
                    degree[b] -= 1
                else:
                    seen.add(code)
        return degree

    def label(self, e: int) -> bytes:
        """The label of entity ``e`` in UTF-8: its first label, else its first other name, else its IRI's
        last part (as :meth:`_Carried._entity` makes it)."""
        return self._name[e] or _local(self.names[e]).encode()

    def carry(self, kept: set[int]) -> "_Carried":
        """What building the corpus of the entities ``kept`` needs of the graph's shape, by IRI."""
        names, article = self.names, self.is_article
        carried = _Carried()
        carried.order = [names[e] for e in self.entities if e in kept]
        carried.kinds = {names[e]: self.kinds[self._type_of[e]] for e in kept}
        carried.articles = {names[n] for n, flag in enumerate(article) if flag}
        carried.scattered = {names[n] for n, flag in enumerate(article) if flag and self.value_pieces[n] > 1}
        carried.bare = [names[n] for n, flag in enumerate(article) if flag and not self.value_pieces[n]]
        mentions: dict[str, list[str]] = {}
        pairs = self.links[_MENTIONED]
        for i in range(0, len(pairs), 2):
            e, a = pairs[i], pairs[i + 1]
            if e in kept and article[a]:
                mentions.setdefault(names[e], []).append(names[a])
        carried.mentions = mentions
        holds = self.holds
        posts = [(official, post) for official, post in zip(holds[::2], holds[1::2]) if official in kept]
        carried.posts = [(names[official], names[post]) for official, post in posts]
        post_nodes = {post for _, post in posts}
        carried.post_in = {names[post]: [names[o] for o in self.post_in.get(post, ()) if o in kept]
                           for post in post_nodes}
        attested: dict[str, set[str]] = {names[post]: set() for post in post_nodes}
        pairs = self.links[_ATTESTED]
        for i in range(0, len(pairs), 2):
            if pairs[i] in post_nodes and article[pairs[i + 1]]:
                attested[names[pairs[i]]].add(names[pairs[i + 1]])
        carried.attested = attested
        carried.direct = {}
        for code, name in enumerate(_RELATION_NAMES):
            pairs = self.links[code]
            for i in range(0, len(pairs), 2):
                s, o = pairs[i], pairs[i + 1]
                if s in kept and o in kept and s != o:
                    carried.direct.setdefault((names[s], name, names[o]), None)
        carried.wanted = set(carried.order) | set(carried.post_in)
        return carried


class _Carried:
    """What the corpus of the chosen entities needs of the graph, by IRI: their order, kinds,
    mentions, posts (with the articles attesting them and the chosen organizations they are
    in) and direct relations, and every article. :meth:`corpus` reads the subjects' literal
    values once more, for the articles, the chosen entities and their posts."""

    order: list[str]  # the chosen entities, in IRI order
    kinds: dict[str, tuple[str, str]]  # entity -> (type, kind)
    articles: set[str]  # every article
    scattered: set[str]  # articles whose values came in pieces
    bare: list[str]  # articles with no values
    mentions: dict[str, list[str]]  # entity -> the articles mentioning it
    posts: list[tuple[str, str]]  # (official, post)
    post_in: dict[str, list[str]]  # post -> the chosen organizations it is in
    attested: dict[str, set[str]]  # post -> the articles attesting it
    direct: dict[tuple[str, str, str], None]  # (source, relation, target), in the order met
    wanted: set[str]  # the subjects whose literal values are read: the chosen entities, their posts

    def corpus(self, values: Iterable[tuple], statements: Iterable[tuple] | None) -> Corpus:
        """The corpus, from the subjects' literal values set aside and, unless None, the statements."""
        values, articles = self._read(values)
        article_index = {a.iri: index for index, a in enumerate(articles)}
        entities = {iri: self._entity(iri, values, article_index) for iri in self.order}
        self._add_posts(entities, values, article_index)
        relations, post_edges = self._relations(values)
        del values
        if statements is not None:
            _add_evidence(relations, post_edges, article_index, statements)
        neighbours: dict[str, set[str]] = {iri: set() for iri in entities}
        for relation in relations.values():
            neighbours[relation.source].add(relation.target)
            neighbours[relation.target].add(relation.source)
        ordered = sorted(relations.values(), key=lambda rel: (rel.source, rel.relation, rel.target))
        return Corpus(entities, ordered, articles, neighbours)

    def _read(self, subjects: Iterable[tuple[str, tuple]]) -> tuple[list[_Values], list[Article]]:
        """The literal values of the wanted subjects by predicate code, and every article in page
        order (oldest first). An article whose values came in one piece is made as it comes; the
        values of one that came in pieces are put together first."""
        found = [_Values() for _ in TEXT_PREDICATES]
        wanted, articles, scattered = self.wanted, self.articles, self.scattered
        made: list[Article] = []
        pieces: dict[str, list[tuple]] = {}
        dates: dict[str, str] = {}  # one string for a date many articles share
        for text, values in subjects:
            if text in wanted:
                for code, chinese, value in values:
                    found[code].add(text, value, chinese)
            if text in articles:
                if text in scattered:
                    pieces.setdefault(text, []).extend(values)
                else:
                    made.append(_article(text, values, dates))
        made += (_article(iri, values, dates) for iri, values in pieces.items())
        made += (_article(iri, (), dates) for iri in self.bare)
        made.sort(key=lambda a: (a.sort_key == "", a.sort_key, a.title, a.iri))
        return found, made

    def _entity(self, iri: str, values: list[_Values], article_index: dict[str, int]) -> Entity:
        labels, alt = values[_LABEL].sorted(iri), values[_ALT].sorted(iri)
        label = labels[0] if labels else (alt[0] if alt else _local(iri))
        kind = self.kinds[iri]
        entity = Entity(iri, kind[0], kind[1], label, [a for a in labels[1:] + alt if a != label])
        entity.alt = sorted(set(entity.alt), key=lambda a: (a not in alt, a))
        entity.articles = sorted({article_index[a] for a in self.mentions.get(iri, ())})
        if entity.type == "Target":
            year = values[_YEAR].first(iri)
            comparator, value, unit = (values[code].first(iri) for code in (_COMPARATOR, _VALUE, _UNIT))
            amount = " ".join(x for x in (comparator, value + unit) if x)
            indicator = values[_INDICATOR].first(iri)
            entity.facts = [(name, text) for name, text in (
                ("indicator", indicator), ("year", year[:4] if year else ""), ("value", amount)) if text]
            entity.properties = {"indicator": indicator, "value": _number(value) if value else "",
                                 "comparator": comparator, "unit": unit,
                                 "year": _number(year[:4]) if year else ""}
        return entity

    @staticmethod
    def _post_name(post: str, values: list[_Values]) -> tuple[str, str]:
        """A post's (title, name): its kg:title, label or IRI's last part; its label or title."""
        label = values[_LABEL].first(post)
        title = values[_POST_TITLE].first(post) or label or _local(post)
        return title, label or title

    def _add_posts(self, entities: dict[str, Entity], values: list[_Values], article_index: dict[str, int]) -> None:
        """Each official's posts, with the articles attesting them, oldest first."""
        posts_of: dict[str, dict[str, set[int]]] = {}
        for official, post in self.posts:
            found = posts_of.setdefault(official, {}).setdefault(self._post_name(post, values)[1], set())
            found.update(article_index[a] for a in self.attested[post])
        for official, posts in posts_of.items():
            entities[official].posts = sorted((name, sorted(found)) for name, found in posts.items())

    def _relations(self, values: list[_Values]
                   ) -> tuple[dict[tuple[str, str, str], Relation], dict[str, list[tuple[str, str, str]]]]:
        """The relations by (source, relation, target), and the holds relations each post supports."""
        relations = {key: Relation(key[0], key[2], key[1], key[1]) for key in self.direct}
        titles: dict[tuple[str, str, str], set[str]] = {}
        post_edges: dict[str, list[tuple[str, str, str]]] = {}
        for official, post in self.posts:
            for organization in self.post_in[post]:
                if organization != official:
                    key = (official, "holds", organization)
                    titles.setdefault(key, set()).add(self._post_name(post, values)[0])
                    post_edges.setdefault(post, []).append(key)
        for key, found in titles.items():
            relations[key] = Relation(key[0], key[2], "holds", " / ".join(sorted(found)))
        return relations, post_edges


def _article(iri: str, values: Iterable[tuple[int, bool, str]], dates: dict[str, str]) -> Article:
    """An article from its literal values ((code, is Chinese, text), as ``_sorted_text`` reads them)."""
    best: dict[int, tuple[bool, str]] = {}
    for code, chinese, text in values:
        ranked = (not chinese, text)
        if code not in best or ranked < best[code]:
            best[code] = ranked
    issued, url, file = (best[code][1] if code in best else "" for code in (_ISSUED, _URL, _SOURCE))
    title = next((best[code][1] for code in (_TITLE, _LABEL) if code in best), "") or file or iri
    sort_key, date = _article_date(issued) if issued else ("", "")
    return Article(iri=iri, title=title, date=dates.setdefault(date, date), sort_key=sort_key,
                   url=url if _HTTP.match(url) else "", outlet=best[_PUBLISHER][1] if _PUBLISHER in best else "",
                   file=file)


def _add_evidence(relations: dict[tuple[str, str, str], Relation], post_edges: dict[str, list],
                  article_index: dict[str, int], statements: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Read the statements once and give each relation its (sentence, article) pairs, sorted."""
    direct = {(r.source, _RELATION_IRIS[r.relation], r.target): r for r in relations.values() if r.relation != "holds"}
    sentences: dict[str, str] = {}  # one string for a sentence that states several facts
    share, at = sentences.setdefault, article_index.get
    for s, p, o, sentence, derived in statements:
        relation = direct.get((s, p, o))
        if relation is not None:
            relation.evidence.append((share(sentence, sentence), at(derived, -1)))
            continue
        if p == _HOLDS_IRI:  # a post (e.g. 部长 of one ministry) may be held by several officials
            keys = [k for k in post_edges.get(o, ()) if k[0] == s]
        elif p == _POST_IN_IRI:
            keys = [k for k in post_edges.get(s, ()) if k[2] == o]
        else:
            continue
        for key in keys:
            relations[key].evidence.append((share(sentence, sentence), at(derived, -1)))
    for relation in relations.values():
        if relation.evidence:  # each (sentence, article) once, oldest article first
            relation.evidence = sorted(set(relation.evidence), key=_evidence_order)


def _evidence_order(item: tuple[str, int]) -> tuple:
    at = item[1]
    return (at < 0, at if at >= 0 else 0, item[0])
