"""Accumulate extractions of many articles into one resolved RDF graph.

Articles stream in one at a time (:meth:`GraphBuilder.add`); article text is never
kept. Most of the graph is settled by one article alone: the article's own node,
every evidence statement (a sentence stating a fact), which entities it mentions.
Those triples are built as sort keys right away (:mod:`kg.graph.terms`) and, when
the builder has a ``sink``, handed to it at once, so what the builder holds grows
with the number of distinct entities and facts, not with the corpus. The builder
knows no file format: a sink (the Turtle spool, an rdflib Graph, …) decides. What needs
the whole corpus is kept and emitted at the end: canonical labels and types,
target values, posts, and facts naming a department whose ministry an article did
not give (it may join the one department of that name seen with its ministry).
Every choice is made from sorted data, so the input order does not matter.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph

from kg.graph import DCTERMS, KG, ORG, ORG_CLASSES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, DEFAULT_BASE_IRI, mint
from kg.graph.spill import SpillTable
from kg.graph.terms import Key, PairTemplate, Pair, TermSink, filled_pairs, iri_key, literal_key, pair
from kg.model import (
    HAS_TARGET, HOLDS_POST, INITIATIVE, ISSUED_BY, OFFICIAL, ORGANIZATION, PART_OF, PLAN,
    SUB_ORGANIZATION_OF, TARGET, Article, Extraction, Mention,
)
from kg.resolve import UNKNOWN_PARENT, entity_key, target_plans
from kg.text import canonical_name

_KIND_OF_TYPE = {ORGANIZATION: "organization", OFFICIAL: "official", PLAN: "plan",
                 INITIATIVE: "initiative", TARGET: "target"}
_FACT_TYPES = {ISSUED_BY: (PLAN, ORGANIZATION), PART_OF: (INITIATIVE, PLAN), HAS_TARGET: (PLAN, TARGET),
               SUB_ORGANIZATION_OF: (ORGANIZATION, ORGANIZATION)}
# a department named without its ministry: its IRI is only known once the corpus is
UNSETTLED = f"unit:{UNKNOWN_PARENT}/"


def _k(term) -> Key:
    return iri_key(str(term))


_PREDICATE = {ISSUED_BY: _k(KG.issuedBy), PART_OF: _k(KG.partOf), HAS_TARGET: _k(KG.hasTarget),
              SUB_ORGANIZATION_OF: _k(ORG.subOrganizationOf)}
_A, _LABEL, _ALT, _MENTIONED = _k(RDF.type), _k(RDFS.label), _k(SKOS.altLabel), _k(KG.mentionedIn)
_STATEMENT, _EVIDENCE, _SUBJ, _PRED, _OBJ = (_k(RDF.Statement), _k(KG.Evidence), _k(RDF.subject),
                                             _k(RDF.predicate), _k(RDF.object))
_DERIVED, _SENTENCE, _SINDEX = _k(PROV.wasDerivedFrom), _k(KG.sentence), _k(KG.sentenceIndex)
_START, _END, _INTEGER = _k(KG.startOffset), _k(KG.endOffset), str(XSD.integer)
_HOLDS, _HELD_BY, _POST_IN, _ATTESTED = _k(ORG.holds), _k(ORG.heldBy), _k(ORG.postIn), _k(KG.attestedIn)
_POST, _TITLE, _ARTICLE = _k(ORG.Post), _k(KG.title), _k(KG.Article)
# an evidence statement: rdf:Statement and kg:Evidence, its triple, article, sentence and offsets
_STATEMENT_SHAPE = [(_A, _STATEMENT), (_A, _EVIDENCE), (_SUBJ, "iri"), (_PRED, "iri"), (_OBJ, "iri"),
                    (_DERIVED, "iri"), (_SENTENCE, ("zh", "")), (_SINDEX, ("", _INTEGER)),
                    (_START, ("", _INTEGER)), (_END, ("", _INTEGER))]
_TYPE_PAIR = {name: pair(_A, _k(KG[name])) for name in (*ORG_CLASSES, "Organization", OFFICIAL, PLAN,
                                                         INITIATIVE, TARGET)}


def _zh(text: str) -> Key:
    return literal_key(text, "zh")


def _count(counts: dict[str, int], value: str, n: int = 1) -> None:
    counts[value] = counts.get(value, 0) + n


@dataclass(slots=True)
class EntityRecord:
    """What the corpus says about one entity. Plain dicts and sets, not Counters: records
    travel between processes and spill to disk by the ten thousand, and these pickle in C."""

    type: str
    key: str
    canonical: str | None = None  # a lexicon's canonical name, when known
    kinds: dict[str, int] = field(default_factory=dict)  # organization class -> mentions
    names: dict[str, int] = field(default_factory=dict)  # normalised name -> mentions
    written: set[str] = field(default_factory=set)  # forms as written
    articles: set[str] = field(default_factory=set)  # only for unsettled keys; settled ones stream kg:mentionedIn
    attrs: dict[str, dict[str, int]] = field(default_factory=dict)  # target attribute -> value -> mentions

    def absorb(self, other: "EntityRecord") -> None:
        """Add what ``other`` (the same entity, seen elsewhere) knows to this record."""
        self.canonical = self.canonical or other.canonical
        for value, n in other.kinds.items():
            _count(self.kinds, value, n)
        for value, n in other.names.items():
            _count(self.names, value, n)
        self.written |= other.written
        self.articles |= other.articles
        for k, counts in other.attrs.items():
            into = self.attrs.setdefault(k, {})
            for value, n in counts.items():
                _count(into, value, n)


@dataclass(frozen=True)
class Evidence:
    article: str
    sentence: int
    start: int
    end: int
    text: str


def target_label(indicator: str, attrs: dict) -> str:
    """关键工序数控化率 68%（2025年）: the indicator with its value and year."""
    label = indicator
    if attrs.get("value") is not None:
        label += f" {attrs['value']}{attrs.get('unit') or ''}"
    if attrs.get("year"):
        label += f"（{attrs['year']}年）"
    return label


class GraphBuilder:
    """Collects extractions; :meth:`emit` sends the resolved graph to a sink, :meth:`graph` builds it.

    With a ``sink`` (a :class:`kg.graph.terms.TripleSink`, such as the Turtle
    spool), the triples an article settles go to it as the article is added (or
    merged), and :meth:`emit` must then be given that sink. Without one they are held here.
    """

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI, sink=None, record_limit: int = 1 << 62) -> None:
        self.base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
        self.sink = sink
        spill_dir = getattr(sink, "spill_dir", None)
        # Organizations stay in memory (their number is bounded, and resolving departments
        # looks across them); officials, plans, initiatives and targets grow with the
        # corpus, so past ``record_limit`` their records spill to disk.
        self.organizations: dict[str, EntityRecord] = {}
        self.entities: SpillTable[tuple[str, str], EntityRecord] = SpillTable(EntityRecord.absorb, record_limit,
                                                                               spill_dir)
        # posts: IRI -> (organization key, title); the label needs the organization's final label
        self.posts: SpillTable[str, tuple[str, str]] = SpillTable(_same, record_limit, spill_dir)
        # facts naming an unsettled department, with the sentences stating them
        self.facts: dict[tuple[str, str, str, str], set[Evidence]] = {}
        # settled triples waiting for a sink, when there is no spool: blocks by subject, and groups
        self._blocks: dict[str, tuple[tuple, list[Pair]]] = {}
        self._groups: list[tuple[Key, list[Pair]]] = []
        self._template = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_template": None}  # rebuilt where it is used

    # -- collecting ---------------------------------------------------------
    def _entity(self, mention: Mention, key: str) -> EntityRecord:
        if mention.type == ORGANIZATION:
            record = self.organizations.get(key)
            if record is None:
                record = self.organizations[key] = EntityRecord(ORGANIZATION, key)
        else:
            record = self.entities.setdefault((mention.type, key), lambda: EntityRecord(mention.type, key))
        if mention.key and mention.type == ORGANIZATION:
            record.canonical = mention.name
        if mention.attr("pronoun") or mention.attr("reference"):
            return record
        if mention.attr("kind"):
            _count(record.kinds, mention.attr("kind"))
        _count(record.names, mention.name)
        written = canonical_name(mention.text) if mention.type == PLAN else mention.text.strip("《》 ")
        if mention.type != TARGET:
            record.written.add(written)
            if mention.text.strip("《》 ") != written:
                record.written.add(mention.text.strip("《》 "))
        if mention.type == TARGET:
            if mention.attr("written"):  # the indicator in traditional characters, as the article wrote it
                record.written.add(mention.attr("written"))
            for name in ("year", "value", "unit", "comparator"):
                if mention.attr(name) is not None:
                    _count(record.attrs.setdefault(name, {}), str(mention.attr(name)))
        return record

    def _block(self, iri: str, pairs: list[Pair], rank: tuple = ()) -> None:
        if self.sink is not None:
            self.sink.add_block(iri, pairs, rank)
            return
        held = self._blocks.get(iri)
        if held is None or rank < held[0]:
            self._blocks[iri] = (rank, pairs)

    def _group(self, skey: Key, pairs: list[Pair]) -> None:
        if self.sink is not None:
            self.sink.add_group(skey, pairs)
        else:
            self._groups.append((skey, pairs))

    def add(self, extraction: Extraction) -> None:
        article = extraction.article
        article_iri = self.article_iri(article.id)
        self._article(article, article_iri)
        plans = target_plans(extraction)
        keys: dict[int, str] = {}
        mentioned: set[tuple[str, str]] = set()
        for mention in extraction.mentions:
            key = entity_key(mention, plans)
            keys[id(mention)] = key
            record = self._entity(mention, key)
            if key.startswith(UNSETTLED):
                record.articles.add(article.id)
            else:
                mentioned.add((mention.type, key))
        article_object = iri_key(article_iri)
        for type_, key in sorted(mentioned):
            self._group(iri_key(self.iri(type_, key)), [pair(_MENTIONED, article_object)])

        def key_of(m: Mention) -> str:
            return keys.get(id(m)) or entity_key(m, plans)

        posts: dict[str, list[Pair]] = {}
        for fact in extraction.facts:
            if fact.object is None and fact.kind != HOLDS_POST:
                continue
            s = article.sentences[fact.sentence]
            evidence = Evidence(article.id, fact.sentence, s.start, s.end, article.text[s.start : s.end])
            subject = key_of(fact.subject)
            obj = key_of(fact.object) if fact.object is not None else ""
            ident = (fact.kind, subject, obj, (fact.title or "") if fact.kind == HOLDS_POST else "")
            if subject.startswith(UNSETTLED) or obj.startswith(UNSETTLED):
                self.facts.setdefault(ident, set()).add(evidence)
                continue
            triples = self._fact_triples(ident, {})
            for triple in triples:
                self._add_statement(triple, evidence, article_iri)
            if fact.kind == HOLDS_POST:
                person, _, post = triples[0]
                if post not in posts:
                    posts[post] = self._post_pairs(ident, triples, article_object)
                    self.posts.setdefault(post, lambda: (obj, ident[3]))
                    self._group(iri_key(person), [pair(_HOLDS, iri_key(post))])
            elif triples:
                s_iri, p, o_iri = triples[0]
                self._group(iri_key(s_iri), [pair(p, iri_key(o_iri))])
        for post, pairs in sorted(posts.items()):
            self._group(iri_key(post), pairs)

    def _post_pairs(self, ident: tuple[str, str, str, str], triples: list, article: Key | None) -> list[Pair]:
        """A post's triples but its label (which needs its organization's final label)."""
        pairs = [pair(_A, _POST), pair(_TITLE, _zh(ident[3])), pair(_HELD_BY, iri_key(triples[0][0]))]
        if len(triples) > 1:
            pairs.append(pair(_POST_IN, iri_key(triples[1][2])))
        if article is not None:
            pairs.append(pair(_ATTESTED, article))
        return pairs

    def merge(self, other: "GraphBuilder") -> None:
        """Fold in a builder that collected other articles (a worker's share), as if
        its articles had been added here; merge shares in input order."""
        for key, record in other.organizations.items():
            into = self.organizations.get(key)
            if into is None:
                self.organizations[key] = record
            else:
                into.absorb(record)
        self.entities.fold_all(other.entities)
        self.posts.fold_all(other.posts)
        for fact, evidence in other.facts.items():
            self.facts.setdefault(fact, set()).update(evidence)
        if other.sink is not None:
            if self.sink is None:
                raise ValueError("cannot merge a streaming builder into one that holds its triples")
            self.sink.absorb(other.sink)
        for iri, (rank, pairs) in other._blocks.items():
            self._block(iri, pairs, rank)
        for skey, pairs in other._groups:
            self._group(skey, pairs)

    # -- what one article settles --------------------------------------------
    def article_iri(self, article_id: str) -> str:
        return mint(self.base, "article", article_id)

    def _article(self, article: Article, iri: str) -> None:
        """The article's node. A corpus may hold one text twice (a repost): then the copy
        published first (then by file name) describes it, whatever the input order."""
        source = article.source.replace("\\", "/").rsplit("/", 1)[-1]
        issued = article.issued.isoformat() if article.issued else ""
        subjects = tuple(dict.fromkeys([*article.categories, *article.tags]))
        pairs = [pair(_A, _ARTICLE), pair(_k(DCTERMS.identifier), literal_key(article.id)),
                 pair(_k(KG.sourceName), literal_key(source))]
        if article.title:
            pairs += [pair(_k(DCTERMS.title), _zh(article.title)), pair(_LABEL, _zh(article.title))]
        if article.original_title and article.original_title != article.title:
            pairs.append(pair(_k(KG.originalTitle), _zh(article.original_title)))
        if issued:
            pairs.append(pair(_k(DCTERMS.issued), literal_key(issued, datatype=str(XSD.dateTime))))
        if article.outlet:
            pairs.append(pair(_k(DCTERMS.publisher), _zh(article.outlet)))
        if article.url:
            url = article.url
            pairs.append(pair(_k(SCHEMA.url), iri_key(url) if url.startswith(("http://", "https://"))
                              else literal_key(url)))
        if article.editor:
            pairs.append(pair(_k(KG.editor), _zh(article.editor)))
        for subject in subjects:
            pairs.append(pair(_k(DCTERMS.subject), _zh(subject)))
        rank = (not issued, issued, source, article.outlet, article.url, article.editor, article.original_title,
                subjects)
        self._block(iri, pairs, rank)

    def _statement_values(self, triple: tuple[str, Key, str], ev: Evidence, article_iri: str) -> tuple[str, list[str]]:
        """One fact as stated by one sentence: the statement's IRI and the slots of ``_STATEMENT_SHAPE``."""
        s, p, o = triple
        iri = mint(self.base, "statement", f"{s}|{p[1]}|{o}|{ev.article}|{ev.sentence}")
        return iri, [s, p[1], o, article_iri, ev.text, str(ev.sentence), str(ev.start), str(ev.end)]

    def _add_statement(self, triple: tuple[str, Key, str], ev: Evidence, article_iri: str) -> None:
        iri, values = self._statement_values(triple, ev, article_iri)
        sink = self.sink
        if sink is None:
            self._block(iri, filled_pairs(_STATEMENT_SHAPE, values))
            return
        # the hot path: one statement per fact per sentence, filled into the sink's template
        held = self._template
        if held is None or held[0] is not sink:
            make = getattr(sink, "template", None)
            held = self._template = (sink, make(_STATEMENT_SHAPE) if make else PairTemplate(sink, _STATEMENT_SHAPE))
        held[1].fill(iri, values)

    def _statement(self, triple: tuple[str, Key, str], ev: Evidence, article_iri: str) -> tuple[str, list[Pair]]:
        """A statement's IRI and pairs, for sinks that take pairs."""
        iri, values = self._statement_values(triple, ev, article_iri)
        return iri, filled_pairs(_STATEMENT_SHAPE, values)

    # -- resolving across the corpus -----------------------------------------
    def _unit_aliases(self) -> dict[str, str]:
        """Departments seen without their ministry join the one department of that name seen with it."""
        by_name: dict[str, list[str]] = {}
        for key in self.organizations:
            if key.startswith("unit:") and not key.startswith(UNSETTLED):
                by_name.setdefault(key.split("/", 1)[1], []).append(key)
        aliases = {}
        for key in self.organizations:
            if key.startswith(UNSETTLED):
                homes = by_name.get(key.split("/", 1)[1], [])
                if len(homes) == 1:
                    aliases[key] = homes[0]
        return aliases

    def _merged_organizations(self, aliases: dict[str, str]) -> dict[str, EntityRecord]:
        """Organization records with aliased departments folded into their homes (new records
        for those homes only: emitting leaves the builder as it was)."""
        merged = dict(self.organizations)
        joining: dict[str, list[str]] = {}
        for key, home in aliases.items():
            joining.setdefault(home, [home]).append(key)
            del merged[key]
        for home, keys in joining.items():
            records = [self.organizations[k] for k in sorted(keys)]
            into = EntityRecord(ORGANIZATION, home, records[0].canonical)
            for record in records:
                into.absorb(record)
            merged[home] = into
        return merged

    def iri(self, type_: str, key: str) -> str:
        return mint(self.base, _KIND_OF_TYPE[type_], key)

    def _post_iri(self, ident: tuple[str, str, str, str], aliases: dict[str, str]) -> str:
        _, person, org, title = ident
        return mint(self.base, "post", f"{person}|{title}|{aliases.get(org, org) if org else ''}")

    def _fact_triples(self, ident: tuple[str, str, str, str], aliases: dict[str, str]) -> list[tuple[str, Key, str]]:
        """The triples a fact states (IRIs as strings), each to be evidenced by its sentences."""
        kind, s_key, o_key, _ = ident
        if kind == HOLDS_POST:
            post = self._post_iri(ident, aliases)
            triples = [(self.iri(OFFICIAL, s_key), _HOLDS, post)]
            if o_key:
                triples.append((post, _POST_IN, self.iri(ORGANIZATION, aliases.get(o_key, o_key))))
            return triples
        s_type, o_type = _FACT_TYPES[kind]
        s, o = self.iri(s_type, aliases.get(s_key, s_key)), self.iri(o_type, aliases.get(o_key, o_key))
        return [] if s == o else [(s, _PREDICATE[kind], o)]

    # -- emitting ------------------------------------------------------------
    def graph(self) -> Graph:
        g = Graph()
        self.emit(g)
        return g

    def emit(self, sink) -> None:
        """Send the rest of the graph to ``sink``: this builder's own sink, or any sink with
        ``add_group``/``add_block`` or with ``add(triple)`` (an rdflib Graph), so large
        graphs can stream to disk without an in-memory rdflib Graph."""
        if self.sink is not None and sink is not self.sink:
            raise ValueError("this builder streamed its triples into its sink: emit into that sink")
        if not hasattr(sink, "add_group"):
            sink = TermSink(sink)
        for iri, (rank, pairs) in sorted(self._blocks.items()):
            sink.add_block(iri, pairs, rank)
        for skey, pairs in self._groups:
            sink.add_group(skey, pairs)
        aliases = self._unit_aliases()
        labels: dict[str, str] = {}
        for key, record in sorted(self._merged_organizations(aliases).items()):
            labels[key] = self._entity_to(sink, record)
        for _, record in self.entities.items():
            self._entity_to(sink, record)
        for post, (org_key, title) in self.posts.items():
            sink.add_group(iri_key(post), [pair(_LABEL, _zh(f"{labels.get(org_key, '') if org_key else ''}{title}"))])
        self._facts(sink, aliases, labels)
        if self.sink is not None:  # a streaming build emits once: drop the spilled records
            self.entities.close()
            self.posts.close()

    def _entity_to(self, sink, record: EntityRecord) -> str:
        """Send an entity's type, labels and attributes; return its label."""
        type_, key = record.type, record.key
        label = record.canonical or (min(record.names, key=lambda n: (-record.names[n], n)) if record.names else key)
        if type_ == ORGANIZATION:
            kind = min(record.kinds, key=lambda k: (-record.kinds[k], k)) if record.kinds else None
            pairs = [_TYPE_PAIR[kind if kind in ORG_CLASSES else "Organization"]]
        else:
            pairs = [_TYPE_PAIR[type_]]
        if type_ == TARGET:
            pairs.append(pair(_k(KG.indicator), _zh(label)))
            # the value most articles give; the smallest string on ties, whatever the input order
            a = {k: min(c, key=lambda v: (-c[v], v)) for k, c in record.attrs.items()}
            if a.get("year"):
                pairs.append(pair(_k(KG.targetYear), literal_key(str(a["year"]), datatype=str(XSD.gYear))))
            if a.get("value") is not None:
                pairs.append(pair(_k(KG.value), literal_key(a["value"], datatype=str(XSD.decimal))))
            if a.get("unit"):
                pairs.append(pair(_k(KG.unit), literal_key(a["unit"])))
            if a.get("comparator"):
                pairs.append(pair(_k(KG.comparator), _zh(a["comparator"])))
            pairs.append(pair(_LABEL, _zh(target_label(label, a))))
            pairs += [pair(_ALT, _zh(form)) for form in sorted(record.written - {label}) if form]
        else:
            pairs.append(pair(_LABEL, _zh(label)))
            pairs += [pair(_ALT, _zh(form)) for form in sorted(record.written - {label}) if form]
        pairs += [pair(_MENTIONED, iri_key(self.article_iri(a))) for a in sorted(record.articles)]
        sink.add_group(iri_key(self.iri(type_, key)), pairs)
        return label

    def _facts(self, sink, aliases: dict[str, str], labels: dict[str, str]) -> None:
        """Facts naming a department whose ministry no article gave alongside: now resolved."""
        for ident, evidence in sorted(self.facts.items()):
            triples = self._fact_triples(ident, aliases)
            if ident[0] == HOLDS_POST:
                org_key = aliases.get(ident[2], ident[2]) if ident[2] else ""
                post = triples[0][2]
                pairs = self._post_pairs(ident, triples, None)
                pairs.append(pair(_LABEL, _zh(f"{labels.get(org_key, '') if org_key else ''}{ident[3]}")))
                pairs += [pair(_ATTESTED, iri_key(self.article_iri(a))) for a in sorted({ev.article for ev in evidence})]
                sink.add_group(iri_key(post), pairs)
                sink.add_group(iri_key(triples[0][0]), [pair(_HOLDS, iri_key(post))])
            elif triples:
                s, p, o = triples[0]
                sink.add_group(iri_key(s), [pair(p, iri_key(o))])
            for triple in triples:
                for ev in sorted(evidence, key=lambda e: (e.article, e.sentence)):
                    sink.add_block(*self._statement(triple, ev, self.article_iri(ev.article)))


def _same(into, other) -> None:
    """Posts: the same IRI always has the same organization and title."""
