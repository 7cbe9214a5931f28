"""Accumulate extractions of many articles into one resolved RDF graph.

Articles stream in one at a time (:meth:`GraphBuilder.add`); only what the graph
needs is kept (entity records, facts, evidence sentences), never article text.
:meth:`GraphBuilder.graph` resolves what can only be seen across the corpus
(departments named without their ministry) and emits triples. Canonical labels
and every choice are made from sorted data, so the input order does not matter.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from kg.graph import DCTERMS, KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, DEFAULT_BASE_IRI, mint
from kg.model import (
    HAS_TARGET, HOLDS_POST, INITIATIVE, ISSUED_BY, OFFICIAL, ORGANIZATION, PART_OF, PLAN,
    SUB_ORGANIZATION_OF, TARGET, Article, Extraction, Mention,
)
from kg.resolve import UNKNOWN_PARENT, entity_key, target_plans
from kg.text import canonical_name

_KIND_OF_TYPE = {ORGANIZATION: "organization", OFFICIAL: "official", PLAN: "plan",
                 INITIATIVE: "initiative", TARGET: "target"}
_PREDICATE = {ISSUED_BY: KG.issuedBy, PART_OF: KG.partOf, HAS_TARGET: KG.hasTarget,
              SUB_ORGANIZATION_OF: ORG.subOrganizationOf}
_A, _LABEL, _ALT, _MENTIONED = RDF.type, RDFS.label, SKOS.altLabel, KG.mentionedIn
_STATEMENT, _EVIDENCE, _SUBJ, _PRED, _OBJ = RDF.Statement, KG.Evidence, RDF.subject, RDF.predicate, RDF.object
_DERIVED, _SENTENCE, _SINDEX, _START, _END = PROV.wasDerivedFrom, KG.sentence, KG.sentenceIndex, KG.startOffset, KG.endOffset
_INTEGER = XSD.integer
ORG_CLASSES = ("StateCouncil", "Ministry", "Commission", "Agency", "Administration", "Office", "PartyBody",
               "Legislature", "Judiciary", "Institution", "Department", "LocalGovernment")


@dataclass
class EntityRecord:
    type: str
    key: str
    canonical: str | None = None  # a lexicon's canonical name, when known
    kinds: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)
    written: set = field(default_factory=set)
    articles: set = field(default_factory=set)
    attrs: dict = field(default_factory=dict)

    def absorb(self, other: "EntityRecord") -> None:
        """Add what ``other`` (the same entity, seen elsewhere) knows to this record."""
        self.canonical = self.canonical or other.canonical
        self.kinds.update(other.kinds)
        self.names.update(other.names)
        self.written |= other.written
        self.articles |= other.articles
        for k, counts in other.attrs.items():
            self.attrs.setdefault(k, Counter()).update(counts)


@dataclass(frozen=True)
class Evidence:
    article: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass
class ArticleRecord:
    id: str
    title: str
    source: str
    issued: str | None
    outlet: str
    url: str
    editor: str
    original_title: str
    subjects: tuple[str, ...]


@lru_cache(maxsize=65536)
def _integer(value: int) -> Literal:
    """xsd:integer literals, built once: offsets repeat across a corpus and rdflib's
    Literal construction is the graph stage's largest cost."""
    return Literal(str(value), datatype=XSD.integer)


def target_label(indicator: str, attrs: dict) -> str:
    """关键工序数控化率 68%（2025年）: the indicator with its value and year."""
    label = indicator
    if attrs.get("value") is not None:
        label += f" {attrs['value']}{attrs.get('unit') or ''}"
    if attrs.get("year"):
        label += f"（{attrs['year']}年）"
    return label


class GraphBuilder:
    """Collects extractions; :meth:`graph` returns the resolved RDF graph."""

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        self.base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
        self.entities: dict[tuple[str, str], EntityRecord] = {}
        # (kind, subject key, object key, post title) -> the sentences stating it
        self.facts: dict[tuple[str, str, str, str], set[Evidence]] = {}
        self.articles: dict[str, ArticleRecord] = {}

    # -- collecting ---------------------------------------------------------
    def _entity(self, mention: Mention, key: str, article: Article) -> EntityRecord:
        record = self.entities.get((mention.type, key))
        if record is None:
            record = self.entities[(mention.type, key)] = EntityRecord(mention.type, key)
        record.articles.add(article.id)
        if mention.key and mention.type == ORGANIZATION:
            record.canonical = mention.name
        if mention.attr("pronoun") or mention.attr("reference"):
            return record
        if mention.attr("kind"):
            record.kinds[mention.attr("kind")] += 1
        record.names[mention.name] += 1
        written = canonical_name(mention.text) if mention.type == PLAN else mention.text.strip("《》 ")
        if mention.type != TARGET:
            record.written.add(written)
            if mention.text.strip("《》 ") != written:
                record.written.add(mention.text.strip("《》 "))
        if mention.type == TARGET:
            for name in ("year", "value", "unit", "comparator"):
                if mention.attr(name) is not None:
                    record.attrs.setdefault(name, Counter())[str(mention.attr(name))] += 1
        return record

    def add(self, extraction: Extraction) -> None:
        article = extraction.article
        self.articles[article.id] = ArticleRecord(
            id=article.id, title=article.title, source=article.source.replace("\\", "/").rsplit("/", 1)[-1],
            issued=article.issued.isoformat() if article.issued else None, outlet=article.outlet,
            url=article.url, editor=article.editor, original_title=article.original_title,
            subjects=tuple(dict.fromkeys([*article.categories, *article.tags])),
        )
        plans = target_plans(extraction)
        keys: dict[int, str] = {}
        for mention in extraction.mentions:
            key = entity_key(mention, plans)
            keys[id(mention)] = key
            self._entity(mention, key, article)

        def key_of(m: Mention) -> str:
            return keys.get(id(m)) or entity_key(m, plans)

        for fact in extraction.facts:
            s = article.sentences[fact.sentence]
            evidence = Evidence(article.id, fact.sentence, s.start, s.end, article.text[s.start : s.end])
            if fact.kind == HOLDS_POST:
                person = key_of(fact.subject)
                org = key_of(fact.object) if fact.object is not None else ""
                self.facts.setdefault((HOLDS_POST, person, org, fact.title or ""), set()).add(evidence)
            elif fact.object is not None:
                self.facts.setdefault((fact.kind, key_of(fact.subject), key_of(fact.object), ""), set()).add(evidence)

    def merge(self, other: "GraphBuilder") -> None:
        """Fold in a builder that collected other articles (a worker's share), as if
        its articles had been added here; merge shares in input order."""
        for ident, record in other.entities.items():
            into = self.entities.get(ident)
            if into is None:
                self.entities[ident] = record
                continue
            into.absorb(record)
        for fact, evidence in other.facts.items():
            self.facts.setdefault(fact, set()).update(evidence)
        self.articles.update(other.articles)

    # -- resolving across the corpus -----------------------------------------
    def _unit_aliases(self) -> dict[str, str]:
        """Departments seen without their ministry join the one department of that name seen with it."""
        by_name: dict[str, list[str]] = {}
        for (type_, key) in self.entities:
            if type_ == ORGANIZATION and key.startswith("unit:") and not key.startswith(f"unit:{UNKNOWN_PARENT}/"):
                by_name.setdefault(key.split("/", 1)[1], []).append(key)
        aliases = {}
        for (type_, key) in self.entities:
            if key.startswith(f"unit:{UNKNOWN_PARENT}/"):
                homes = by_name.get(key.split("/", 1)[1], [])
                if len(homes) == 1:
                    aliases[key] = homes[0]
        return aliases

    def _merged(self) -> tuple[dict[tuple[str, str], EntityRecord], dict[str, str]]:
        aliases = self._unit_aliases()
        merged: dict[tuple[str, str], EntityRecord] = {}
        for (type_, key) in sorted(self.entities):
            record = self.entities[(type_, key)]
            target = aliases.get(key, key)
            into = merged.get((type_, target))
            if into is None:
                merged[(type_, target)] = into = EntityRecord(type_, target, record.canonical)
            into.absorb(record)
        return merged, aliases

    # -- emitting ------------------------------------------------------------
    def iri(self, type_: str, key: str) -> URIRef:
        return URIRef(mint(self.base, _KIND_OF_TYPE[type_], key))

    def graph(self) -> Graph:
        g = Graph()
        self.emit(g)
        return g

    def emit(self, g) -> None:
        """Send every triple to ``g.add`` (an rdflib Graph or any sink with ``add``), so
        large graphs can stream to disk without an in-memory rdflib Graph."""
        self._article_iris: dict[str, URIRef] = {}
        self._sentence_literals: dict[tuple[str, int], Literal] = {}
        merged, aliases = self._merged()
        labels: dict[tuple[str, str], str] = {}
        for (type_, key), record in merged.items():
            node = self.iri(type_, key)
            label = record.canonical or (min(record.names, key=lambda n: (-record.names[n], n)) if record.names else key)
            labels[(type_, key)] = label
            if type_ == ORGANIZATION:
                kind = min(record.kinds, key=lambda k: (-record.kinds[k], k)) if record.kinds else None
                g.add((node, RDF.type, KG[kind] if kind in ORG_CLASSES else KG.Organization))
            else:
                g.add((node, RDF.type, KG[type_]))
            if type_ == TARGET:
                g.add((node, KG.indicator, Literal(label, lang="zh")))
                # the value most articles give; the smallest string on ties, whatever the input order
                a = {k: min(c, key=lambda v: (-c[v], v)) for k, c in record.attrs.items()}
                if a.get("year"):
                    g.add((node, KG.targetYear, Literal(str(a["year"]), datatype=XSD.gYear)))
                if a.get("value") is not None:
                    g.add((node, KG.value, Literal(a["value"], datatype=XSD.decimal)))
                if a.get("unit"):
                    g.add((node, KG.unit, Literal(a["unit"])))
                if a.get("comparator"):
                    g.add((node, KG.comparator, Literal(a["comparator"], lang="zh")))
                g.add((node, RDFS.label, Literal(target_label(label, a), lang="zh")))
            else:
                g.add((node, RDFS.label, Literal(label, lang="zh")))
                for form in sorted(record.written - {label}):
                    if form:
                        g.add((node, SKOS.altLabel, Literal(form, lang="zh")))
            for article_id in sorted(record.articles):
                g.add((node, _MENTIONED, self._article_iri(article_id)))
        self._articles(g)
        self._facts(g, merged, aliases, labels)
        self._sentence_literals = {}  # only needed while emitting

    def _articles(self, g: Graph) -> None:
        for article_id, a in sorted(self.articles.items()):
            node = URIRef(mint(self.base, "article", article_id))
            g.add((node, RDF.type, KG.Article))
            g.add((node, DCTERMS.identifier, Literal(article_id)))
            g.add((node, KG.sourceName, Literal(a.source)))
            if a.title:
                g.add((node, DCTERMS.title, Literal(a.title, lang="zh")))
                g.add((node, RDFS.label, Literal(a.title, lang="zh")))
            if a.original_title and a.original_title != a.title:
                g.add((node, KG.originalTitle, Literal(a.original_title, lang="zh")))
            if a.issued:
                g.add((node, DCTERMS.issued, Literal(a.issued, datatype=XSD.dateTime)))
            if a.outlet:
                g.add((node, DCTERMS.publisher, Literal(a.outlet, lang="zh")))
            if a.url:
                g.add((node, SCHEMA.url, URIRef(a.url) if a.url.startswith(("http://", "https://")) else Literal(a.url)))
            if a.editor:
                g.add((node, KG.editor, Literal(a.editor, lang="zh")))
            for subject in a.subjects:
                g.add((node, DCTERMS.subject, Literal(subject, lang="zh")))

    def _facts(self, g: Graph, merged, aliases: dict[str, str], labels) -> None:
        def node(type_: str, key: str) -> URIRef:
            return self.iri(type_, aliases.get(key, key))

        types = {ISSUED_BY: (PLAN, ORGANIZATION), PART_OF: (INITIATIVE, PLAN), HAS_TARGET: (PLAN, TARGET),
                 SUB_ORGANIZATION_OF: (ORGANIZATION, ORGANIZATION)}
        for (kind, s_key, o_key, title), evidence in sorted(self.facts.items(), key=lambda kv: kv[0]):
            statements = []
            if kind == HOLDS_POST:
                person = node(OFFICIAL, s_key)
                org_key = aliases.get(o_key, o_key) if o_key else ""
                post = URIRef(mint(self.base, "post", f"{s_key}|{title}|{org_key}"))
                g.add((post, RDF.type, ORG.Post))
                g.add((post, KG.title, Literal(title, lang="zh")))
                org_label = labels.get((ORGANIZATION, org_key), "") if org_key else ""
                g.add((post, RDFS.label, Literal(f"{org_label}{title}", lang="zh")))
                g.add((person, ORG.holds, post))
                g.add((post, ORG.heldBy, person))
                statements.append((person, ORG.holds, post))
                if org_key:
                    org = node(ORGANIZATION, org_key)
                    g.add((post, ORG.postIn, org))
                    statements.append((post, ORG.postIn, org))
                for ev in evidence:
                    g.add((post, KG.attestedIn, self._article_iri(ev.article)))
            else:
                s_type, o_type = types[kind]
                s, o = node(s_type, s_key), node(o_type, o_key)
                if s == o:
                    continue
                g.add((s, _PREDICATE[kind], o))
                statements.append((s, _PREDICATE[kind], o))
            for triple in statements:
                for ev in sorted(evidence, key=lambda e: (e.article, e.sentence)):
                    self._statement(g, triple, ev)

    def _article_iri(self, article_id: str) -> URIRef:
        iri = self._article_iris.get(article_id)
        if iri is None:
            iri = self._article_iris[article_id] = URIRef(mint(self.base, "article", article_id))
        return iri

    def _statement(self, g: Graph, triple: tuple, ev: Evidence) -> None:
        s, p, o = triple
        st = URIRef(mint(self.base, "statement", f"{s}|{p}|{o}|{ev.article}|{ev.sentence}"))
        add = g.add
        add((st, _A, _STATEMENT))
        add((st, _A, _EVIDENCE))
        add((st, _SUBJ, s))
        add((st, _PRED, p))
        add((st, _OBJ, o))
        add((st, _DERIVED, self._article_iri(ev.article)))
        sentence = self._sentence_literals.get((ev.article, ev.sentence))
        if sentence is None:  # one sentence often states several facts
            sentence = self._sentence_literals[(ev.article, ev.sentence)] = Literal(ev.text, lang="zh")
        add((st, _SENTENCE, sentence))
        add((st, _SINDEX, _integer(ev.sentence)))
        add((st, _START, _integer(ev.start)))
        add((st, _END, _integer(ev.end)))
