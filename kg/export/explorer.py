"""What the explorer shows, read once from a graph: shared by the offline page and `kg serve`.

The explorer (``graph.html`` and the page ``kg serve`` serves) works on
*bundles*: plain JSON tables of articles, sentences, entities and relations,
keyed by their index in the :class:`Corpus`. The offline page embeds one bundle
holding everything; the server answers each API call with a small bundle (an
entity and its neighbourhood, the hits of a search), which the page merges
into what it already holds. Either way the page's script sees the same shapes:

* ``articles[i]``  = ``[title, date, outlet, url, file name, iri]``
* ``sentences[i]`` = ``[text, article index]`` (each distinct sentence once)
* ``entities[i]``  = ``[iri, type, kind, label, other names, article indexes,
  facts, posts, neighbour count]``; a post is ``[name, [article indexes]]``
  (the articles that attest it, oldest first)
* ``relations[i]`` = ``[source, target, relation, label, [sentence indexes]]``

Tables (plans, targets, officials, organizations) are computed here too, so
both ways of serving the page give the same rows.

The corpus is read through four triple-pattern calls (``subjects``,
``objects``, ``subject_objects``, ``transitive_subjects``), which an rdflib
``Graph`` has and :class:`OxigraphTriples` gives an on-disk Oxigraph store.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.errors import UsageError

from kg.graph import KG, ORG, PROV, SCHEMA  # noqa: E402 - the vocabulary is defined once, in kg.graph
from kg.graph import ORG_CLASSES as ORGANIZATION_SUBCLASSES  # noqa: E402

CHINA_TIME = timezone(timedelta(hours=8))  # dates are shown as the Chinese press dates them

TYPE_KEYS = ("Organization", "Official", "Plan", "Initiative", "Target")
# When a node carries several kg types, the most specific role wins.
TYPE_PRECEDENCE = ("Official", "Plan", "Initiative", "Target", "Organization")
RELATION_KEYS = ("issuedBy", "partOf", "hasTarget", "subOrganizationOf", "holds")
DIRECT_RELATIONS: dict[URIRef, str] = {
    KG.issuedBy: "issuedBy",
    KG.partOf: "partOf",
    KG.hasTarget: "hasTarget",
    ORG.subOrganizationOf: "subOrganizationOf",
}


# --------------------------------------------------------------------------- the data model

@dataclass(slots=True)
class Article:
    iri: str
    title: str
    date: str  # YYYY-MM-DD in China time, or ""
    sort_key: str  # full ISO timestamp in China time, or ""
    url: str  # only http(s) URLs are kept
    outlet: str = ""
    file: str = ""


@dataclass(slots=True)
class Entity:
    iri: str
    type: str  # one of TYPE_KEYS
    kind: str  # most specific class, e.g. Ministry
    label: str
    alt: list[str]
    articles: list[int] = field(default_factory=list)  # indexes into Corpus.articles
    facts: list[tuple[str, str]] = field(default_factory=list)
    posts: list[tuple[str, list[int]]] = field(default_factory=list)  # post name, attesting articles
    properties: dict[str, Any] = field(default_factory=dict)  # a target's indicator, value, unit, year

    @property
    def post_names(self) -> list[str]:
        return [name for name, _ in self.posts]


@dataclass(slots=True)
class Relation:
    source: str
    target: str
    relation: str
    label: str
    evidence: list[tuple[str, int]] = field(default_factory=list)  # sentence, article


@dataclass
class Corpus:
    """What the explorer shows, read out of the RDF graph once."""

    entities: dict[str, Entity]
    relations: list[Relation]
    articles: list[Article]
    neighbours: dict[str, set[str]]
    _index: dict[str, int] | None = None
    _links: dict[str, list[int]] | None = None
    _sentences: dict[tuple[str, int], int] | None = None
    _sentence_list: list[tuple[str, int]] | None = None
    _names: list[tuple[str, list[str]]] | None = None

    def mentions(self, iri: str) -> int:
        return len(self.entities[iri].articles)

    @property
    def order(self) -> list[str]:
        """Entity IRIs in index order (sorted)."""
        return list(self.entities)

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {iri: i for i, iri in enumerate(self.entities)}
        return self._index

    @property
    def links(self) -> dict[str, list[int]]:
        """Entity IRI -> indexes of the relations touching it."""
        if self._links is None:
            self._links = {iri: [] for iri in self.entities}
            for number, relation in enumerate(self.relations):
                self._links[relation.source].append(number)
                if relation.target != relation.source:
                    self._links[relation.target].append(number)
        return self._links

    @property
    def sentence_ids(self) -> dict[tuple[str, int], int]:
        """(sentence, article) -> its number, in relation order: each distinct sentence once."""
        if self._sentences is None:
            self._sentences = {}
            for relation in self.relations:
                for item in relation.evidence:
                    self._sentences.setdefault(item, len(self._sentences))
        return self._sentences

    @property
    def search_names(self) -> list[tuple[str, list[str]]]:
        """(IRI, [label, other names] as :func:`normal` makes them), computed once: the search index."""
        if self._names is None:
            self._names = [(iri, [normal(name) for name in [e.label] + e.alt]) for iri, e in self.entities.items()]
        return self._names

    def sentence(self, number: int) -> tuple[str, int]:
        """(text, article index) of the sentence numbered ``number``."""
        if self._sentence_list is None:
            self._sentence_list = list(self.sentence_ids)
        return self._sentence_list[number]


# --------------------------------------------------------------------------- reading the graph

class OxigraphTriples:
    """The triple-pattern calls :func:`read_corpus` makes, answered by a ``pyoxigraph.Store``.

    Terms come back as rdflib terms, so the reader does not care which store it reads.
    """

    def __init__(self, store: Any) -> None:
        import pyoxigraph

        self._ox = pyoxigraph
        self.store = store
        self._by_predicate: dict[Any, dict[str, list[Any]]] = {}

    def _to_ox(self, term: Any) -> Any:
        if term is None:
            return None
        if isinstance(term, URIRef):
            return self._ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return self._ox.BlankNode(str(term))
        raise TypeError(f"cannot look up {term!r}")

    def _to_rdflib(self, term: Any) -> Any:
        if isinstance(term, self._ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, self._ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value if term.datatype else None
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            datatype = None
        return Literal(term.value, datatype=URIRef(datatype) if datatype else None)

    def _quads(self, s: Any, p: Any, o: Any) -> Iterator[Any]:
        return self.store.quads_for_pattern(self._to_ox(s), self._to_ox(p), self._to_ox(o), None)

    def subjects(self, predicate: Any, obj: Any) -> Iterator[Any]:
        for quad in self._quads(None, predicate, obj):
            yield self._to_rdflib(quad.subject)

    def objects(self, subject: Any, predicate: Any) -> Iterator[Any]:
        """The objects of ``subject`` by ``predicate``; with both given, from a per-predicate index.

        :func:`read_corpus` asks this once for each article, entity, post and
        statement: hundreds of thousands of single-subject look-ups on a large
        graph, each a store call. Instead the first look-up of a predicate reads
        all of that predicate's triples in one scan (Oxigraph's POS index) into a
        dict, and every later look-up is a dict access.
        """
        if subject is None or predicate is None:
            for quad in self._quads(subject, predicate, None):
                yield self._to_rdflib(quad.object)
            return
        index = self._by_predicate.get(predicate)
        if index is None:
            index = self._by_predicate[predicate] = {}
            for quad in self._quads(None, predicate, None):
                term = quad.subject
                key = term.value if isinstance(term, self._ox.NamedNode) else "_:" + term.value
                index.setdefault(key, []).append(quad.object)
        key = str(subject) if isinstance(subject, URIRef) else "_:" + str(subject)
        for term in index.get(key, ()):
            yield self._to_rdflib(term)

    def subject_objects(self, predicate: Any) -> Iterator[tuple[Any, Any]]:
        for quad in self._quads(None, predicate, None):
            yield self._to_rdflib(quad.subject), self._to_rdflib(quad.object)

    def transitive_subjects(self, predicate: Any, obj: Any) -> Iterator[Any]:
        from kg.export.source import transitive_subjects

        return transitive_subjects(self, predicate, obj)


def _sorted_text(values: Iterable[Any]) -> list[str]:
    """Literal values as sorted, de-duplicated, non-empty strings (Chinese forms first)."""
    seen: dict[str, tuple[int, str]] = {}
    for value in values:
        text = " ".join(str(value).split())
        if not text:
            continue
        rank = 0 if isinstance(value, Literal) and (value.language or "").startswith("zh") else 1
        seen[text] = min(seen.get(text, (rank, text)), (rank, text))
    return [text for _, text in sorted(seen.values())]


def _first(graph: Any, subject: Any, predicate: URIRef) -> str:
    values = _sorted_text(graph.objects(subject, predicate))
    return values[0] if values else ""


def _local(iri: Any) -> str:
    text = str(iri)
    return re.split(r"[#/]", text.rstrip("/#"))[-1] or text


def _article_date(value: str) -> tuple[str, str]:
    """(sort key, shown date) of a ``dcterms:issued`` value, in China time."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"\d{4}-\d{2}-\d{2}", text)
        return (match.group(), match.group()) if match else ("", "")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA_TIME)
    try:
        moment = moment.astimezone(CHINA_TIME)
    except OverflowError:  # year 1 or 9999 pushed past the calendar by the zone change: keep it as written
        pass
    return moment.isoformat(), moment.date().isoformat()


def _organization_classes(graph: Any) -> set[URIRef]:
    """kg:Organization, its documented subclasses, and any the graph itself declares."""
    classes = {KG.Organization} | {KG[name] for name in ORGANIZATION_SUBCLASSES}
    declared = set(graph.transitive_subjects(RDFS.subClassOf, KG.Organization))
    return classes | {c for c in declared if isinstance(c, URIRef)}


def _classify(types: set[Any], org_classes: set[URIRef]) -> tuple[str, str] | None:
    names = {str(t)[len(str(KG)):] for t in types if str(t).startswith(str(KG))}
    for key in TYPE_PRECEDENCE[:-1]:
        if key in names:
            return key, key
    orgs = sorted(_local(t) for t in types if t in org_classes)
    if orgs:
        specific = [name for name in orgs if name != "Organization"]
        return "Organization", (specific[0] if specific else "Organization")
    return None


def _number(text: str) -> int | float | str:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _statements(graph: Any) -> Iterator[tuple[Any, Any, Any, str, str]]:
    """Each evidence statement as (subject, predicate, object, sentence, article IRI)."""
    for statement in graph.subjects(RDF.type, RDF.Statement):
        found = statement_of(lambda p: graph.objects(statement, p))
        if found is not None:
            yield found


_KG_sentence, _PROV_wasDerivedFrom = KG.sentence, PROV.wasDerivedFrom
_STATEMENT_PARTS = (RDF.subject, RDF.predicate, RDF.object)


def statement_of(objects) -> tuple[Any, Any, Any, str, str] | None:
    """A statement's (subject, predicate, object, sentence, article IRI) from ``objects(predicate)``,
    or None when it lacks one of the first four."""
    sentence = values[0] if (values := _sorted_text(objects(_KG_sentence))) else ""
    s, p, o = (next(iter(sorted(objects(x), key=str)), None) for x in _STATEMENT_PARTS)
    if not sentence or s is None or p is None or o is None:
        return None
    derived = _sorted_text(objects(_PROV_wasDerivedFrom))
    return s, p, o, sentence, derived[0] if derived else ""


# The terms read_corpus reads, made once: a namespace's attribute makes a new URIRef at every use.
_DCTERMS_issued = DCTERMS.issued
_DCTERMS_publisher = DCTERMS.publisher
_DCTERMS_title = DCTERMS.title
_KG_Article = KG.Article
_KG_attestedIn = KG.attestedIn
_KG_comparator = KG.comparator
_KG_indicator = KG.indicator
_KG_mentionedIn = KG.mentionedIn
_KG_sourceName = KG.sourceName
_KG_targetYear = KG.targetYear
_KG_title = KG.title
_KG_unit = KG.unit
_KG_value = KG.value
_ORG_holds = ORG.holds
_ORG_postIn = ORG.postIn
_RDF_type = RDF.type
_RDFS_label = RDFS.label
_SCHEMA_url = SCHEMA.url
_SKOS_altLabel = SKOS.altLabel


def read_corpus(graph: Any) -> Corpus:
    """Collect entities, relations, articles and evidence from ``graph`` (rdflib or :class:`OxigraphTriples`)."""
    articles_by_iri: dict[str, Article] = {}
    for subject in graph.subjects(_RDF_type, _KG_Article):
        if str(subject) in articles_by_iri or not isinstance(subject, URIRef):
            continue
        issued = _first(graph, subject, _DCTERMS_issued)
        sort_key, date = _article_date(issued) if issued else ("", "")
        url = _first(graph, subject, _SCHEMA_url)
        file = _first(graph, subject, _KG_sourceName)
        articles_by_iri[str(subject)] = Article(
            iri=str(subject),
            title=(_first(graph, subject, _DCTERMS_title) or _first(graph, subject, _RDFS_label)
                   or file or str(subject)),
            date=date,
            sort_key=sort_key,
            url=url if re.match(r"(?i)https?://", url) else "",
            outlet=_first(graph, subject, _DCTERMS_publisher),
            file=file,
        )
    articles = sorted(articles_by_iri.values(), key=lambda a: (a.sort_key == "", a.sort_key, a.title, a.iri))
    article_index = {a.iri: i for i, a in enumerate(articles)}

    def by_date(indexes: Iterable[int]) -> list[int]:
        return sorted(set(indexes))  # articles are numbered oldest first

    org_classes = _organization_classes(graph)
    types_of: dict[str, set[Any]] = {}
    for subject, kind in graph.subject_objects(_RDF_type):
        if isinstance(subject, URIRef):
            types_of.setdefault(str(subject), set()).add(kind)
    entities: dict[str, Entity] = {}
    for iri in sorted(types_of):
        found = _classify(types_of[iri], org_classes)
        if found is None:
            continue
        subject = URIRef(iri)
        labels = _sorted_text(graph.objects(subject, _RDFS_label))
        alt = _sorted_text(graph.objects(subject, _SKOS_altLabel))
        label = labels[0] if labels else (alt[0] if alt else _local(iri))
        entity = Entity(iri, found[0], found[1], label, [a for a in labels[1:] + alt if a != label])
        entity.alt = sorted(set(entity.alt), key=lambda a: (a not in alt, a))
        entity.articles = by_date(article_index[str(a)] for a in graph.objects(subject, _KG_mentionedIn)
                                  if str(a) in article_index)
        if entity.type == "Target":
            year = _first(graph, subject, _KG_targetYear)
            comparator, value, unit = (_first(graph, subject, p) for p in (_KG_comparator, _KG_value, _KG_unit))
            amount = " ".join(x for x in (comparator, value + unit) if x)
            indicator = _first(graph, subject, _KG_indicator)
            entity.facts = [(name, text) for name, text in (
                ("indicator", indicator), ("year", year[:4] if year else ""), ("value", amount)) if text]
            entity.properties = {"indicator": indicator, "value": _number(value) if value else "",
                                 "comparator": comparator, "unit": unit,
                                 "year": _number(year[:4]) if year else ""}
        entities[iri] = entity

    post_names: dict[str, str] = {}
    relations: dict[tuple[str, str, str], Relation] = {}
    for predicate, name in DIRECT_RELATIONS.items():
        for s, o in graph.subject_objects(predicate):
            if str(s) in entities and str(o) in entities and s != o:
                relations.setdefault((str(s), name, str(o)), Relation(str(s), str(o), name, name))
    holds_titles: dict[tuple[str, str, str], set[str]] = {}
    post_edges: dict[str, list[tuple[str, str, str]]] = {}  # post -> holds edge keys it supports
    posts_of: dict[str, dict[str, set[int]]] = {}
    for official, post in graph.subject_objects(_ORG_holds):
        title = _first(graph, post, _KG_title) or _first(graph, post, _RDFS_label) or _local(post)
        post_names[str(post)] = _first(graph, post, _RDFS_label) or title
        if str(official) not in entities:
            continue
        attested = {article_index[str(a)] for a in graph.objects(post, _KG_attestedIn) if str(a) in article_index}
        posts_of.setdefault(str(official), {}).setdefault(post_names[str(post)], set()).update(attested)
        for organization in graph.objects(post, _ORG_postIn):
            if str(organization) in entities and organization != official:
                key = (str(official), "holds", str(organization))
                holds_titles.setdefault(key, set()).add(title)
                post_edges.setdefault(str(post), []).append(key)
    for key, titles in holds_titles.items():
        relations[key] = Relation(key[0], key[2], "holds", " / ".join(sorted(titles)))
    for iri, posts in posts_of.items():
        entities[iri].posts = sorted((name, by_date(found)) for name, found in posts.items())

    edge_evidence: dict[tuple[str, str, str], set[tuple[str, int]]] = {}
    for s, p, o, sentence, derived in _statements(graph):
        at = article_index.get(derived, -1)
        keys = [(str(s), DIRECT_RELATIONS.get(p, ""), str(o))]
        if p == _ORG_holds:  # a post (e.g. 部长 of one ministry) may be held by several officials
            keys = [k for k in post_edges.get(str(o), []) if k[0] == str(s)]
        elif p == _ORG_postIn:
            keys = [k for k in post_edges.get(str(s), []) if k[2] == str(o)]
        for key in keys:
            if key in relations:
                edge_evidence.setdefault(key, set()).add((sentence, at))

    def evidence_order(item: tuple[str, int]) -> tuple:
        at = item[1]
        return (at < 0, at if at >= 0 else 0, item[0])

    for key, found in edge_evidence.items():
        relations[key].evidence = sorted(found, key=evidence_order)

    neighbours: dict[str, set[str]] = {iri: set() for iri in entities}
    for relation in relations.values():
        neighbours[relation.source].add(relation.target)
        neighbours[relation.target].add(relation.source)
    ordered = sorted(relations.values(), key=lambda r: (r.source, r.relation, r.target))
    return Corpus(entities, ordered, articles, neighbours)


# --------------------------------------------------------------------------- finding and choosing

def normal(text: str) -> str:
    """How names and queries are compared: NFKC, case-folded, traditional script made simplified."""
    from kg.text import to_simplified

    return to_simplified(unicodedata.normalize("NFKC", text).casefold().strip())


def search(corpus: Corpus, query: str, limit: int = 50) -> list[tuple[str, str | None]]:
    """Entities whose label or other name contains ``query``, best first, as (IRI, matching other name).

    Ranking, the same as the page's: exact name, then a name starting with the
    query, then a name containing it (a label before an other name at each
    step); ties go to the better connected entity, then the shorter label.
    """
    wanted = normal(query)
    if not wanted:
        return []
    hits = []
    for iri, forms in corpus.search_names:
        best, alias = 9, None
        for i, form in enumerate(forms):
            if wanted not in form:
                continue
            score = 0 if form == wanted else 2 if form.startswith(wanted) else 4
            if i > 0:
                score += 1
            if score < best:
                entity = corpus.entities[iri]
                best, alias = score, (entity.alt[i - 1] if i > 0 else None)
        if best < 9:
            entity = corpus.entities[iri]
            hits.append((best, -len(corpus.neighbours[iri]), len(entity.label), entity.label, iri, alias))
    hits.sort()
    return [(hit[4], hit[5]) for hit in hits[:limit]]


def find_entity(corpus: Corpus, name: str) -> str:
    """The IRI of the entity called ``name`` (label or other name; exact, else a unique substring).

    Raises :class:`UsageError` naming a few candidates when there is no match or
    more than one.
    """
    wanted = normal(name)
    if not wanted:
        raise UsageError("--focus: give the name of an entity")
    for iri in corpus.entities:
        if normal(iri) == wanted:
            return iri
    names = {iri: [normal(n) for n in [e.label] + e.alt] for iri, e in corpus.entities.items()}
    by_label = sorted(iri for iri, e in corpus.entities.items() if normal(e.label) == wanted)
    exact = sorted(iri for iri, ns in names.items() if wanted in ns)
    partial = sorted(iri for iri, ns in names.items() if any(wanted in n for n in ns))
    for candidates in (by_label, exact, partial):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            ranked = sorted(candidates, key=lambda i: (-len(corpus.neighbours[i]), corpus.entities[i].label, i))
            shown = [f"{corpus.entities[i].label} ({corpus.entities[i].type})" for i in ranked[:8]]
            more = f" and {len(ranked) - 8} more" if len(ranked) > 8 else ""
            raise UsageError(f"--focus {name!r} matches {len(ranked)} entities: {', '.join(shown)}{more}; "
                             "give a longer name")
    every_name = sorted({n for e in corpus.entities.values() for n in [e.label] + e.alt})
    close = difflib.get_close_matches(name.strip(), every_name, n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else " (names are rdfs:label or skos:altLabel values)"
    raise UsageError(f"--focus {name!r}: no entity has that name{hint}")


def weight(corpus: Corpus, iri: str) -> tuple:
    """Sort key putting the most important entity first: most neighbours, most articles, name."""
    return (-len(corpus.neighbours[iri]), -corpus.mentions(iri), corpus.entities[iri].label, iri)


def select(corpus: Corpus, focus: str | None, depth: int, max_nodes: int) -> list[str]:
    """The entities to draw, most important first.

    Without a focus: all of them, or the ``max_nodes`` with the most neighbours
    (ties: more articles, then name). With a focus: those within ``depth`` steps
    of it, nearest first, cut the same way.
    """
    if focus is None:
        chosen = sorted(corpus.entities, key=lambda iri: weight(corpus, iri))
    else:
        distance = {focus: 0}
        queue = deque([focus])
        while queue:
            current = queue.popleft()
            if distance[current] >= depth:
                continue
            for neighbour in sorted(corpus.neighbours[current]):
                if neighbour not in distance:
                    distance[neighbour] = distance[current] + 1
                    queue.append(neighbour)
        chosen = sorted(distance, key=lambda iri: (distance[iri],) + weight(corpus, iri))
    return chosen[:max_nodes] if max_nodes > 0 else chosen


# --------------------------------------------------------------------------- bundles

def entity_record(corpus: Corpus, iri: str) -> list[Any]:
    e = corpus.entities[iri]
    return [e.iri, e.type, e.kind, e.label, e.alt, e.articles, [list(f) for f in e.facts],
            [[name, dates] for name, dates in e.posts], len(corpus.neighbours[iri])]


def article_record(article: Article) -> list[str]:
    return [article.title, article.date, article.outlet, article.url, article.file, article.iri]


def bundle(corpus: Corpus, iris: Iterable[str] | None = None, relations: Iterable[int] | None = None,
           whole: bool = False) -> dict[str, Any]:
    """A bundle (see the module docstring) of the entities ``iris`` and the relations numbered ``relations``.

    The ends of every relation come with it, and the sentences and articles the
    records point at. ``whole=True`` gives everything, as lists rather than
    index-keyed objects.
    """
    if whole:
        return {name: list(records) for name, records in whole_bundle(corpus).items()}
    index = corpus.index
    wanted = set(iris or ())
    numbers = sorted(set(relations or ()))
    for number in numbers:
        wanted.update((corpus.relations[number].source, corpus.relations[number].target))
    entity_part = {str(index[iri]): entity_record(corpus, iri) for iri in sorted(wanted, key=index.get)}
    relation_part = {str(n): _relation_record(corpus, corpus.relations[n]) for n in numbers}
    sentence_part: dict[str, list[Any]] = {}
    article_numbers: set[int] = set()
    for record in relation_part.values():
        for sid in record[4]:
            text, at = corpus.sentence(sid)
            sentence_part[str(sid)] = [text, at]
            if at >= 0:
                article_numbers.add(at)
    for record in entity_part.values():
        article_numbers.update(record[5])
        for _, dates in record[7]:
            article_numbers.update(dates)
    return {
        "articles": {str(n): article_record(corpus.articles[n]) for n in sorted(article_numbers)},
        "sentences": dict(sorted(sentence_part.items(), key=lambda kv: int(kv[0]))),
        "entities": entity_part,
        "relations": relation_part,
    }


def whole_bundle(corpus: Corpus) -> dict[str, Iterator[list[Any]]]:
    """The bundle of everything in ``corpus``, each table's records made as they are read."""
    sentence_ids = corpus.sentence_ids  # numbered in the order they were met: the dict's order
    return {
        "articles": (article_record(a) for a in corpus.articles),
        "sentences": ([text, at] for text, at in sentence_ids),
        "entities": (entity_record(corpus, iri) for iri in corpus.entities),
        "relations": (_relation_record(corpus, r) for r in corpus.relations),
    }


def _relation_record(corpus: Corpus, relation: Relation) -> list[Any]:
    index, sentence_ids = corpus.index, corpus.sentence_ids
    return [index[relation.source], index[relation.target], relation.relation, relation.label,
            [sentence_ids[item] for item in relation.evidence]]


def neighbourhood(corpus: Corpus, iri: str) -> dict[str, Any]:
    """The bundle of an entity, its neighbours and every relation touching it."""
    return bundle(corpus, [iri], corpus.links[iri])


# --------------------------------------------------------------------------- tables

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "plans": ("plan", "issuers", "initiatives", "targets", "first", "articles"),
    "targets": ("target", "indicator", "value", "unit", "year", "plan"),
    "officials": ("official", "post", "dates", "first", "last"),
    "organizations": ("organization", "kind", "parent", "departments", "plans", "articles"),
}
LIST_SEPARATOR = "、"


def tables(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """The analyst's tables: ``{name: {"columns": [...], "rows": [[entity index, cell, ...], ...]}}``.

    Cells are text or numbers; lists are joined with ``、``; dates are article
    dates (YYYY-MM-DD). Rows are sorted by their first cell.
    """
    index, entities = corpus.index, corpus.entities
    out_links: dict[tuple[str, str], list[str]] = {}
    in_links: dict[tuple[str, str], list[str]] = {}
    for relation in corpus.relations:
        out_links.setdefault((relation.source, relation.relation), []).append(relation.target)
        in_links.setdefault((relation.target, relation.relation), []).append(relation.source)

    def names(iris: Iterable[str]) -> str:
        return LIST_SEPARATOR.join(sorted(entities[i].label for i in iris))

    def first_date(indexes: list[int]) -> str:
        dated = [corpus.articles[i].date for i in indexes if corpus.articles[i].date]
        return min(dated) if dated else ""

    rows: dict[str, list[list[Any]]] = {name: [] for name in TABLE_COLUMNS}
    for iri, e in entities.items():
        n = index[iri]
        if e.type == "Plan":
            rows["plans"].append([n, e.label, names(out_links.get((iri, "issuedBy"), [])),
                                  names(in_links.get((iri, "partOf"), [])),
                                  names(out_links.get((iri, "hasTarget"), [])),
                                  first_date(e.articles), len(e.articles)])
        elif e.type == "Target":
            p = e.properties
            value = f"{p.get('comparator', '')} {p.get('value', '')}".strip() if p.get("comparator") else p.get("value", "")
            rows["targets"].append([n, e.label, p.get("indicator", ""), value, p.get("unit", ""), p.get("year", ""),
                                    names(in_links.get((iri, "hasTarget"), []))])
        elif e.type == "Official":
            for post, attested in e.posts or [("", e.articles)]:
                dates = sorted({corpus.articles[i].date for i in attested if corpus.articles[i].date})
                rows["officials"].append([n, e.label, post, LIST_SEPARATOR.join(dates),
                                          dates[0] if dates else "", dates[-1] if dates else ""])
        elif e.type == "Organization":
            plans = in_links.get((iri, "issuedBy"), [])
            rows["organizations"].append([n, e.label, e.kind, names(out_links.get((iri, "subOrganizationOf"), [])),
                                          names(in_links.get((iri, "subOrganizationOf"), [])),
                                          len(plans), len(e.articles)])
    for name in rows:
        rows[name].sort(key=lambda row: tuple(str(cell) for cell in row[1:]) + (row[0],))
    return {name: {"columns": list(TABLE_COLUMNS[name]), "rows": rows[name]} for name in TABLE_COLUMNS}


# --------------------------------------------------------------------------- search support

def traditional_map(corpus: Corpus) -> dict[str, str]:
    """Traditional (and Taiwan/Hong Kong variant) characters -> the simplified ones in the corpus' names.

    The page folds a query through this map, so 工業和信息化部 finds 工业和信息化部
    without shipping OpenCC's whole dictionary: only characters some name uses.
    """
    try:
        import opencc
    except ImportError:  # pragma: no cover - a dependency
        return {}
    chars = sorted({c for e in corpus.entities.values() for n in [e.label] + e.alt
                    for c in unicodedata.normalize("NFKC", n).casefold() if ord(c) > 0x2e7f})
    found: dict[str, str] = {}
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        for char in chars:
            variant = converter.convert(char)
            if len(variant) == 1 and variant != char:
                found.setdefault(variant, char)
    back = opencc.OpenCC("t2s")
    return {t: s for t, s in sorted(found.items()) if back.convert(t) == s}
