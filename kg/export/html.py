"""The interactive HTML view: one self-contained page that opens from disk.

Why it is built this way:

* **Offline.** pyvis builds the node and edge records, and its bundled copy of
  vis-network is inlined. pyvis's own page template is not used: even with
  ``cdn_resources="in_line"`` it links Bootstrap (and tom-select) from CDNs.
  The page loads no fonts, images or scripts from anywhere, and its
  Content-Security-Policy forbids it to.
* **Safe.** Names, titles and sentences come from scraped news, so none of it is
  ever parsed as HTML: it travels as a JSON island (with ``<``, ``>`` and ``&``
  escaped so it cannot close its ``<script>``), the page's script builds the
  tooltip and detail panel with ``textContent``, nodes get no vis ``title``,
  and the little HTML written here goes through :func:`html.escape`. As a
  second line of defence the CSP runs only the page's two scripts, by hash.
* **Readable at a glance.** One colour and shape per entity type (with a
  legend), node size by the number of articles mentioning the entity, posts
  drawn as ``holds`` edges labelled with the post title (official ->
  organization) rather than as nodes, a header with counts and the date range.
* **Responsive.** ``max_nodes`` keeps the most connected entities; vis's physics
  lays the graph out once (fixed random seed) and is then switched off.
* **Deterministic.** Everything is sorted, so the same graph gives the same bytes.
"""
from __future__ import annotations

import base64
import difflib
import hashlib
import html
import json
import math
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Iterable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.errors import UsageError

KG = Namespace("https://w3id.org/policy-kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("http://schema.org/")

DEFAULT_TITLE = "Policy knowledge graph"
DEFAULT_MAX_NODES = 300
CHINA_TIME = timezone(timedelta(hours=8))  # dates are shown as the Chinese press dates them

ORGANIZATION_SUBCLASSES = (
    "StateCouncil", "Ministry", "Commission", "Agency", "Administration", "Office", "PartyBody",
    "Legislature", "Judiciary", "Institution", "Department", "LocalGovernment",
)


@dataclass(frozen=True)
class TypeStyle:
    """How one entity type is drawn, in the graph and in the legend."""

    key: str
    color: str
    border: str
    shape: str  # a vis-network shape with the label below it, so ``size`` applies


TYPES: tuple[TypeStyle, ...] = (
    TypeStyle("Organization", "#4e79a7", "#2f4b68", "dot"),
    TypeStyle("Official", "#f28e2b", "#a65b12", "diamond"),
    TypeStyle("Plan", "#59a14f", "#356130", "square"),
    TypeStyle("Initiative", "#b07aa1", "#74476a", "triangle"),
    TypeStyle("Target", "#e15759", "#982a2c", "star"),
)
TYPE_BY_KEY = {t.key: t for t in TYPES}
# When a node carries several kg types, the most specific role wins.
TYPE_PRECEDENCE = ("Official", "Plan", "Initiative", "Target", "Organization")

# Relation name -> (edge colour, dashed). ``holds`` is official -> organization via a post.
RELATION_STYLES: dict[str, tuple[str, bool]] = {
    "issuedBy": ("#7b8794", False),
    "partOf": ("#a07ab8", False),
    "hasTarget": ("#d9777a", False),
    "subOrganizationOf": ("#4e79a7", True),
    "holds": ("#e8953a", False),
}
DIRECT_RELATIONS: dict[URIRef, str] = {
    KG.issuedBy: "issuedBy",
    KG.partOf: "partOf",
    KG.hasTarget: "hasTarget",
    ORG.subOrganizationOf: "subOrganizationOf",
}

MAX_EVIDENCE_PER_NODE = 25  # the panel says how many more there are
MAX_EVIDENCE_PER_EDGE = 25
LABEL_CHARS = 12  # canvas labels are cut here; the panel shows the whole name
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", '
              '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')


# --------------------------------------------------------------------------- reading the graph

@dataclass
class Article:
    iri: str
    title: str
    date: str  # YYYY-MM-DD in China time, or ""
    sort_key: str  # full ISO timestamp in China time, or ""
    url: str  # only http(s) URLs are kept


@dataclass
class Entity:
    iri: str
    type: str  # one of TYPES' keys
    kind: str  # most specific class, e.g. Ministry
    label: str
    alt: list[str]
    articles: list[int] = field(default_factory=list)  # indexes into Corpus.articles
    facts: list[tuple[str, str]] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    evidence: list[tuple[str, str, str, int]] = field(default_factory=list)  # sentence, relation, other end, article


@dataclass
class Relation:
    source: str
    target: str
    relation: str
    label: str
    evidence: list[tuple[str, int]] = field(default_factory=list)  # sentence, article


@dataclass
class Corpus:
    """What the page shows, read out of the RDF graph once."""

    entities: dict[str, Entity]
    relations: list[Relation]
    articles: list[Article]
    neighbours: dict[str, set[str]]

    def mentions(self, iri: str) -> int:
        return len(self.entities[iri].articles)


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


def _first(graph: Graph, subject: Any, predicate: URIRef) -> str:
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
        return moment.isoformat(), moment.date().isoformat()
    return moment.isoformat(), moment.date().isoformat()


def _organization_classes(graph: Graph) -> set[URIRef]:
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


def read_corpus(graph: Graph) -> Corpus:
    """Collect entities, relations, articles and evidence from ``graph``."""
    articles_by_iri: dict[str, Article] = {}
    for subject in graph.subjects(RDF.type, KG.Article):
        if str(subject) in articles_by_iri:
            continue
        issued = _first(graph, subject, DCTERMS.issued)
        sort_key, date = _article_date(issued) if issued else ("", "")
        url = _first(graph, subject, SCHEMA.url)
        articles_by_iri[str(subject)] = Article(
            iri=str(subject),
            title=(_first(graph, subject, DCTERMS.title) or _first(graph, subject, RDFS.label)
                   or _first(graph, subject, KG.sourceName) or str(subject)),
            date=date,
            sort_key=sort_key,
            url=url if re.match(r"(?i)https?://", url) else "",
        )
    articles = sorted(articles_by_iri.values(), key=lambda a: (a.sort_key == "", a.sort_key, a.title, a.iri))
    article_index = {a.iri: i for i, a in enumerate(articles)}

    org_classes = _organization_classes(graph)
    types_of: dict[str, set[Any]] = {}
    for subject, kind in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef):
            types_of.setdefault(str(subject), set()).add(kind)
    entities: dict[str, Entity] = {}
    for iri in sorted(types_of):
        found = _classify(types_of[iri], org_classes)
        if found is None:
            continue
        subject = URIRef(iri)
        labels = _sorted_text(graph.objects(subject, RDFS.label))
        alt = _sorted_text(graph.objects(subject, SKOS.altLabel))
        label = labels[0] if labels else (alt[0] if alt else _local(iri))
        entity = Entity(iri, found[0], found[1], label, [a for a in labels[1:] + alt if a != label])
        entity.alt = sorted(set(entity.alt), key=lambda a: (a not in alt, a))
        entity.articles = sorted({article_index[str(a)] for a in graph.objects(subject, KG.mentionedIn)
                                  if str(a) in article_index})
        if entity.type == "Target":
            year = _first(graph, subject, KG.targetYear)
            amount = " ".join(x for x in (_first(graph, subject, KG.comparator), _first(graph, subject, KG.value)
                                          + _first(graph, subject, KG.unit)) if x)
            entity.facts = [(name, value) for name, value in (
                ("indicator", _first(graph, subject, KG.indicator)),
                ("year", year[:4] if year else ""),
                ("value", amount),
            ) if value]
        entities[iri] = entity

    post_names: dict[str, str] = {}
    relations: dict[tuple[str, str, str], Relation] = {}
    for predicate, name in DIRECT_RELATIONS.items():
        for s, o in graph.subject_objects(predicate):
            if str(s) in entities and str(o) in entities and s != o:
                relations.setdefault((str(s), name, str(o)), Relation(str(s), str(o), name, name))
    holds_titles: dict[tuple[str, str, str], set[str]] = {}
    post_edges: dict[str, list[tuple[str, str, str]]] = {}  # post -> holds edge keys it supports
    for official, post in graph.subject_objects(ORG.holds):
        title = _first(graph, post, KG.title) or _first(graph, post, RDFS.label) or _local(post)
        post_names[str(post)] = _first(graph, post, RDFS.label) or title
        if str(official) not in entities:
            continue
        entities[str(official)].posts.append(post_names[str(post)])
        for organization in graph.objects(post, ORG.postIn):
            if str(organization) in entities and organization != official:
                key = (str(official), "holds", str(organization))
                holds_titles.setdefault(key, set()).add(title)
                post_edges.setdefault(str(post), []).append(key)
    for key, titles in holds_titles.items():
        relations[key] = Relation(key[0], key[2], "holds", " / ".join(sorted(titles)))
    for entity in entities.values():
        entity.posts = sorted(set(entity.posts))

    def name_of(term: Any) -> str:
        if str(term) in entities:
            return entities[str(term)].label
        return post_names.get(str(term)) or _first(graph, term, RDFS.label) or _local(term)

    node_evidence: dict[str, set[tuple[str, str, str, int]]] = {}
    edge_evidence: dict[tuple[str, str, str], set[tuple[str, int]]] = {}
    for statement in graph.subjects(RDF.type, RDF.Statement):
        sentence = _first(graph, statement, KG.sentence)
        s, p, o = (next(iter(sorted(graph.objects(statement, x), key=str)), None)
                   for x in (RDF.subject, RDF.predicate, RDF.object))
        if not sentence or s is None or p is None or o is None:
            continue
        article = _first(graph, statement, PROV.wasDerivedFrom)
        at = article_index.get(article, -1)
        relation = _local(p)
        if str(s) in entities:
            node_evidence.setdefault(str(s), set()).add((sentence, relation, name_of(o), at))
        if str(o) in entities:
            node_evidence.setdefault(str(o), set()).add((sentence, relation, name_of(s), at))
        keys = [(str(s), DIRECT_RELATIONS.get(p, ""), str(o))]
        if p == ORG.holds:  # a post (e.g. 部长 of one ministry) may be held by several officials
            keys = [k for k in post_edges.get(str(o), []) if k[0] == str(s)]
        elif p == ORG.postIn:
            keys = [k for k in post_edges.get(str(s), []) if k[2] == str(o)]
        for key in keys:
            if key in relations:
                edge_evidence.setdefault(key, set()).add((sentence, at))

    def evidence_order(item: tuple) -> tuple:
        at = item[-1]
        return (at < 0, articles[at].sort_key if at >= 0 else "", at) + tuple(item[:-1])

    for iri, found in node_evidence.items():
        entities[iri].evidence = sorted(found, key=evidence_order)
    for key, found in edge_evidence.items():
        relations[key].evidence = sorted(found, key=evidence_order)

    neighbours: dict[str, set[str]] = {iri: set() for iri in entities}
    for relation in relations.values():
        neighbours[relation.source].add(relation.target)
        neighbours[relation.target].add(relation.source)
    ordered = sorted(relations.values(), key=lambda r: (r.source, r.relation, r.target))
    return Corpus(entities, ordered, articles, neighbours)


# --------------------------------------------------------------------------- choosing what to show

def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def find_entity(corpus: Corpus, name: str) -> str:
    """The IRI of the entity called ``name`` (label or other name; exact, else a unique substring).

    Raises :class:`UsageError` naming a few candidates when there is no match or
    more than one.
    """
    wanted = _normal(name)
    if not wanted:
        raise UsageError("--focus: give the name of an entity")
    if wanted in {_normal(iri) for iri in corpus.entities}:
        return next(iri for iri in corpus.entities if _normal(iri) == wanted)
    names = {iri: [e.label] + e.alt for iri, e in corpus.entities.items()}
    by_label = sorted(iri for iri, e in corpus.entities.items() if _normal(e.label) == wanted)
    exact = sorted(iri for iri, ns in names.items() if any(_normal(n) == wanted for n in ns))
    partial = sorted(iri for iri, ns in names.items() if any(wanted in _normal(n) for n in ns))
    for candidates in (by_label, exact, partial):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            ranked = sorted(candidates, key=lambda i: (-len(corpus.neighbours[i]), corpus.entities[i].label, i))
            shown = [f"{corpus.entities[i].label} ({corpus.entities[i].type})" for i in ranked[:8]]
            more = f" and {len(ranked) - 8} more" if len(ranked) > 8 else ""
            raise UsageError(f"--focus {name!r} matches {len(ranked)} entities: {', '.join(shown)}{more}; "
                             "give a longer name")
    every_name = sorted({n for ns in names.values() for n in ns})
    close = difflib.get_close_matches(name.strip(), every_name, n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else " (names are rdfs:label or skos:altLabel values)"
    raise UsageError(f"--focus {name!r}: no entity has that name{hint}")


def select(corpus: Corpus, focus: str | None, depth: int, max_nodes: int) -> list[str]:
    """The entities to draw, most important first.

    Without a focus: all of them, or the ``max_nodes`` with the most neighbours
    (ties: more articles, then name). With a focus: those within ``depth`` steps
    of it, nearest first, cut the same way.
    """
    def weight(iri: str) -> tuple:
        return (-len(corpus.neighbours[iri]), -corpus.mentions(iri), corpus.entities[iri].label, iri)

    if focus is None:
        chosen = sorted(corpus.entities, key=weight)
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
        chosen = sorted(distance, key=lambda iri: (distance[iri],) + weight(iri))
    return chosen[:max_nodes] if max_nodes > 0 else chosen


# --------------------------------------------------------------------------- building the page

def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _node_size(mentions: int, most: int) -> float:
    """10 for an entity no article mentions, up to 34 for the most mentioned one."""
    return round(10 + 24 * math.sqrt(mentions / most), 1) if most else 10.0


def _vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: a one-off, seeded layout that stops, and quiet styling."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": 20211228, "improvedLayout": node_count <= 120},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.012,
                                 "springLength": 120, "springConstant": 0.06, "damping": 0.5,
                                 "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "updateInterval": 20, "fit": True,
                              "iterations": 600 if node_count <= 300 else 400 if node_count <= 1000 else 150},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": node_count > 300,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "groups": {t.key: {"shape": t.shape, "color": {
            "background": t.color, "border": t.border,
            "highlight": {"background": t.color, "border": "#111111"},
            "hover": {"background": t.color, "border": "#111111"}}} for t in TYPES},
        "nodes": {"borderWidth": 1.5, "borderWidthSelected": 3,
                  "font": {"size": 16, "face": FONT_STACK, "color": "#1f2933",
                           "strokeWidth": 4, "strokeColor": "#ffffff"}},
        "edges": {"width": 1.2, "selectionWidth": 2,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "smooth": False,
                  "font": {"size": 12, "face": FONT_STACK, "color": "#52606d",
                           "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"}},
    }


def _network(corpus: Corpus, shown: list[str]) -> tuple[Any, dict[str, Relation]]:
    """A pyvis network of the shown entities and the relations among them, and each edge's relation."""
    from pyvis.network import Network

    net = Network(directed=True)
    most = max((corpus.mentions(i) for i in corpus.entities), default=0)
    order = {key: n for n, key in enumerate(t.key for t in TYPES)}
    for iri in sorted(shown, key=lambda i: (order[corpus.entities[i].type], corpus.entities[i].label, i)):
        entity = corpus.entities[iri]
        style = TYPE_BY_KEY[entity.type]
        # The colour comes from the type's vis group (see _vis_options): pyvis drops a node's
        # own colour when it has a group.
        net.add_node(iri, label=_short(entity.label), shape=style.shape, group=entity.type,
                     size=_node_size(corpus.mentions(iri), most))
    kept = set(shown)
    by_id: dict[str, Relation] = {}
    for number, relation in enumerate(r for r in corpus.relations if r.source in kept and r.target in kept):
        colour, dashed = RELATION_STYLES[relation.relation]
        by_id[f"e{number}"] = relation
        net.add_edge(relation.source, relation.target, id=f"e{number}", label=relation.label,
                     color={"color": colour, "highlight": "#1f2933", "hover": "#1f2933"}, dashes=dashed)
    return net, by_id


def _page_data(corpus: Corpus, net: Any, relations: dict[str, Relation], focus: str | None) -> dict[str, Any]:
    """Everything the page script needs; plain JSON, never HTML."""
    shown = [node["id"] for node in net.nodes]
    info = {}
    for iri in shown:
        entity = corpus.entities[iri]
        info[iri] = {
            "type": entity.type, "kind": entity.kind, "label": entity.label, "alt": entity.alt,
            "articles": entity.articles, "facts": entity.facts, "posts": entity.posts,
            "evidence": entity.evidence[:MAX_EVIDENCE_PER_NODE], "evidenceCount": len(entity.evidence),
            "neighbours": len(corpus.neighbours[iri]),
        }
    edge_info = {}
    for edge in net.edges:
        relation = relations[edge["id"]]
        edge_info[edge["id"]] = {"relation": relation.relation, "label": relation.label,
                                 "evidence": relation.evidence[:MAX_EVIDENCE_PER_EDGE],
                                 "evidenceCount": len(relation.evidence)}
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _vis_options(len(shown)),
        "info": info,
        "edgeInfo": edge_info,
        "articles": [[a.title, a.date, a.url] for a in corpus.articles],
        "types": [{"key": t.key, "color": t.color} for t in TYPES],
        "focus": focus,
    }


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survives literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network build that ships inside the pyvis package (no download)."""
    import pyvis

    root = Path(pyvis.__file__).parent
    for candidate in (root / "lib" / "vis-9.1.2", root / "templates" / "lib" / "vis-9.1.2"):
        script = candidate / "vis-network.min.js"
        if script.is_file():
            text = script.read_text(encoding="utf-8")
            text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)  # no request even with devtools open
            return text.replace("</script", "<\\/script")
    raise FileNotFoundError(f"vis-network.min.js not found in the pyvis package at {root}")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _shape_svg(style: TypeStyle, size: int = 16) -> str:
    """A small inline SVG of a type's node shape, for the legend."""
    c, r = size / 2, size / 2 - 1.5
    paint = f'fill="{style.color}" stroke="{style.border}" stroke-width="1.2"'
    if style.shape == "dot":
        body = f'<circle cx="{c}" cy="{c}" r="{r}" {paint}/>'
    elif style.shape == "square":
        corner, side = c - r * 0.85, r * 1.7
        body = f'<rect x="{corner:.1f}" y="{corner:.1f}" width="{side:.1f}" height="{side:.1f}" {paint}/>'
    else:
        if style.shape == "diamond":
            points = [(c, c - r), (c + r, c), (c, c + r), (c - r, c)]
        elif style.shape == "triangle":
            points = [(c, c - r), (c + r, c + r * 0.75), (c - r, c + r * 0.75)]
        else:  # star
            points = [(c + (r if k % 2 == 0 else r * 0.45) * math.sin(k * math.pi / 5),
                       c - (r if k % 2 == 0 else r * 0.45) * math.cos(k * math.pi / 5) + 0.8) for k in range(10)]
        body = f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" {paint}/>'
    return (f'<svg class="shape" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
            f'aria-hidden="true">{body}</svg>')


def _edge_svg(relation: str) -> str:
    colour, dashed = RELATION_STYLES[relation]
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (f'<svg class="shape" width="26" height="10" viewBox="0 0 26 10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="20" y2="5" stroke="{colour}" stroke-width="2"{dash}/>'
            f'<polygon points="19,1.5 25,5 19,8.5" fill="{colour}"/></svg>')


def _header(corpus: Corpus, shown: list[str], title: str, focus: str | None, depth: int) -> str:
    e = html.escape
    totals = {t.key: 0 for t in TYPES}
    for entity in corpus.entities.values():
        totals[entity.type] += 1
    parts = [f'<span class="stat">{_shape_svg(t, 12)}<b>{totals[t.key]:,}</b> {e(t.key)}</span>' for t in TYPES]
    dates = sorted(a.sort_key for a in corpus.articles if a.sort_key)
    count = f"<b>{len(corpus.articles):,}</b> article{'s' if len(corpus.articles) != 1 else ''}"
    if dates:
        first, last = dates[0][:10], dates[-1][:10]
        span = f"{e(first)} – {e(last)}" if first != last else e(first)
        parts.append(f'<span class="stat">{count}, <span id="kg-dates">{span}</span></span>')
    else:
        parts.append(f'<span class="stat">{count}, no publication dates</span>')
    total = len(corpus.entities)
    notices = []
    if focus is not None:
        steps = f"{depth} step{'s' if depth != 1 else ''}"
        notices.append(f"Centred on <b>{e(corpus.entities[focus].label)}</b>: entities within {steps} of it.")
    if len(shown) < total:
        left = total - len(shown)
        why = ("the farthest and least connected" if focus is not None else "the least connected")
        notices.append(f"Showing {len(shown):,} of {total:,} entities; {why} {left:,} are left out "
                       f"(see <code>kg html --max-nodes</code>, <code>--focus</code>).")
    else:
        notices.append(f"Showing all {total:,} entities.")
    return (f'<header><h1>{e(title)}</h1><p class="stats">{"".join(parts)}</p>'
            f'<p id="kg-shown" class="notice{" cut" if len(shown) < total else ""}">{" ".join(notices)}</p></header>')


def _sidebar(corpus: Corpus, shown: list[str]) -> str:
    e = html.escape
    shown_count = {t.key: 0 for t in TYPES}
    total = {t.key: 0 for t in TYPES}
    for iri, entity in corpus.entities.items():
        total[entity.type] += 1
    for iri in shown:
        shown_count[corpus.entities[iri].type] += 1
    rows = []
    for t in TYPES:
        of = f" of {total[t.key]:,}" if shown_count[t.key] != total[t.key] else ""
        rows.append(f'<label class="type"><input type="checkbox" data-type="{e(t.key)}" checked>'
                    f'{_shape_svg(t)}<span class="name">{e(t.key)}</span>'
                    f'<span class="n">{shown_count[t.key]:,}{of}</span></label>')
    relations = "".join(f'<li>{_edge_svg(name)}<span>{e(name)}</span></li>' for name in RELATION_STYLES)
    return (
        '<aside id="kg-controls">'
        '<label class="section" for="kg-search">Search</label>'
        '<input id="kg-search" type="search" placeholder="Any name or alias…" autocomplete="off" spellcheck="false">'
        '<ul id="kg-results" class="results"></ul>'
        '<div class="section">Entity types</div>'
        f'<div id="kg-legend">{"".join(rows)}</div>'
        '<p class="note">Node size: how many articles mention the entity.</p>'
        '<div class="section">Relations</div>'
        f'<ul id="kg-relations" class="relations">{relations}</ul>'
        '<p class="note"><i>holds</i> runs from an official to the organization of a post and is '
        'labelled with the post title; posts are not drawn as nodes.</p>'
        '<button id="kg-fit" type="button">Fit graph to window</button>'
        '</aside>'
    )


_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;font:14px/1.45 FONT;color:#1f2933;background:#f5f7fa}
header{padding:10px 18px 9px;background:#fff;border-bottom:1px solid #dde3ea}
h1{font-size:19px;margin:0 0 3px;font-weight:600}
.stats{margin:0;color:#3e4c59;font-size:13px;display:flex;flex-wrap:wrap;gap:2px 16px;align-items:center}
.stat{display:inline-flex;align-items:center;gap:5px}
.notice{margin:5px 0 0;font-size:12.5px;color:#52606d}
.notice.cut{display:inline-block;background:#fff6dc;border:1px solid #efd48a;border-radius:4px;padding:2px 8px;color:#513c06}
code{font-size:12px;background:#eef1f4;padding:0 3px;border-radius:3px}
main{flex:1;display:flex;min-height:0}
#kg-controls{width:240px;flex:none;overflow:auto;padding:12px 14px;background:#fff;border-right:1px solid #dde3ea}
#kg-details{width:340px;flex:none;overflow:auto;overflow-wrap:anywhere;padding:12px 16px 20px;background:#fff;border-left:1px solid #dde3ea;font-size:13px}
#kg-stage{flex:1;position:relative;min-width:0}
#kg-network{position:absolute;inset:0;background:#fbfcfd}
.section{display:block;margin:14px 0 6px;font-size:11px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:#7b8794}
.section:first-child{margin-top:0}
#kg-search{width:100%;padding:6px 8px;font:inherit;border:1px solid #cbd2d9;border-radius:5px}
#kg-search:focus{outline:2px solid #4e79a7;border-color:#4e79a7}
.results{list-style:none;margin:4px 0 0;padding:0;max-height:260px;overflow:auto}
.results button,.linklist button{display:flex;gap:6px;align-items:center;width:100%;text-align:left;font:inherit;background:none;border:0;border-radius:4px;padding:3px 5px;cursor:pointer;color:inherit}
.results button:hover,.results button.active,.linklist button:hover{background:#eef2f7}
.results .alias{color:#7b8794;font-size:12px}
.results .empty{color:#7b8794;font-size:12.5px;padding:3px 5px}
.type{display:flex;align-items:center;gap:7px;padding:3px 0;cursor:pointer;user-select:none}
.type .name{flex:1}
.type .n{color:#7b8794;font-size:12px}
.shape{flex:none;display:inline-block;vertical-align:middle}
.relations{list-style:none;margin:0;padding:0}
.relations li{display:flex;align-items:center;gap:7px;padding:2px 0;font-size:13px}
.note{font-size:12px;color:#7b8794;margin:6px 0 0}
#kg-fit{margin-top:16px;width:100%;padding:6px;font:inherit;font-size:13px;background:#f5f7fa;border:1px solid #cbd2d9;border-radius:5px;cursor:pointer}
#kg-fit:hover{background:#eef2f7}
#kg-details h2{font-size:17px;margin:2px 0 8px;word-break:break-word}
#kg-details h3{font-size:11px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:#7b8794;margin:14px 0 5px}
#kg-details ul,#kg-details ol{margin:0;padding-left:18px}
#kg-details li{margin:2px 0}
#kg-details .linklist{list-style:none;padding:0}
.kind{display:flex;align-items:center;gap:6px;color:#52606d;font-size:12.5px}
.swatch{width:10px;height:10px;border-radius:50%;flex:none;display:inline-block}
.date{color:#7b8794;font-variant-numeric:tabular-nums;margin-right:6px;white-space:nowrap}
.rel{color:#7b8794;font-size:12px;white-space:nowrap}
blockquote{margin:6px 0 8px;padding:4px 0 4px 10px;border-left:3px solid #cbd2d9;color:#323f4b}
blockquote .src{display:block;color:#7b8794;font-size:11.5px;margin-top:2px}
.more{color:#7b8794;font-size:12px;margin:4px 0 0}
.intro{color:#52606d}
#kg-tip{position:absolute;z-index:5;overflow-wrap:anywhere;pointer-events:none;max-width:300px;background:rgba(255,255,255,.97);border:1px solid #cbd2d9;border-radius:6px;box-shadow:0 3px 10px rgba(31,41,51,.18);padding:7px 10px;font-size:12.5px}
#kg-tip .name{font-weight:600;font-size:14px;word-break:break-word}
#kg-tip .muted{color:#7b8794}
#kg-loading{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:8px;background:rgba(251,252,253,.92);z-index:6;color:#52606d}
#kg-loading .track{width:220px;height:6px;background:#e4e7eb;border-radius:3px;overflow:hidden}
#kg-loading-bar{height:100%;width:0;background:#4e79a7}
[hidden]{display:none!important}
""".replace("FONT", FONT_STACK)

_INTRO = (
    '<div class="intro"><h3>How to read it</h3><ul>'
    '<li>Hover a node for a summary; click it for every name, the articles that mention it and the '
    'sentences that state its relations.</li>'
    '<li>Search finds an entity by any of its names.</li>'
    '<li>Tick a type in the legend to show or hide it.</li>'
    '<li>Drag to pan, scroll to zoom, drag a node to move it.</li></ul></div>'
)

# The page script. It treats every string in the data as text: DOM nodes are
# made with createElement and filled with textContent, never innerHTML.
_APP_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var COLORS = {};
  DATA.types.forEach(function (t) { COLORS[t.key] = t.color; });
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var stage = document.getElementById("kg-stage");
  var panel = document.getElementById("kg-details");
  var tip = document.getElementById("kg-tip");
  var view = { nodes: nodes, edges: edges, network: null, settled: false, focusedId: null };
  window.kgView = view;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function swatch(type) {
    var s = el("span", "swatch");
    s.style.background = COLORS[type] || "#999";
    return s;
  }
  function label(id) { var info = DATA.info[id]; return info ? info.label : String(id); }
  function article(index) { return index >= 0 && index < DATA.articles.length ? DATA.articles[index] : null; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ---------------------------------------------------------------- network and layout
  // Handlers are attached right after construction: vis starts stabilizing on a timer.
  var network = new vis.Network(document.getElementById("kg-network"), { nodes: nodes, edges: edges }, DATA.options);
  view.network = network;
  var loading = document.getElementById("kg-loading");
  var bar = document.getElementById("kg-loading-bar");
  function settle() {
    if (view.settled) return;
    view.settled = true;
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    loading.hidden = true;
    document.body.setAttribute("data-settled", "true");
    if (DATA.focus) focusNode(DATA.focus, false);
  }
  network.on("stabilizationProgress", function (p) {
    bar.style.width = Math.round(100 * p.iterations / Math.max(1, p.total)) + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  if (DATA.nodes.length === 0) {
    settle();
    panel.appendChild(el("p", "more", "This graph has no entities to draw."));
  }
  document.getElementById("kg-fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 400 } });
  });

  // ---------------------------------------------------------------- tooltip
  function hideTip() { tip.hidden = true; }
  function placeTip(pointer) {
    tip.hidden = false;
    var x = pointer.x + 14, y = pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > stage.clientWidth - 4) x = Math.max(4, pointer.x - w - 14);
    if (y + h > stage.clientHeight - 4) y = Math.max(4, pointer.y - h - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  network.on("hoverNode", function (p) {
    var info = DATA.info[p.node];
    if (!info) return;
    clear(tip);
    var kind = el("div", "kind");
    kind.appendChild(swatch(info.type));
    kind.appendChild(el("span", null, info.kind === info.type ? info.type : info.type + " · " + info.kind));
    tip.appendChild(kind);
    tip.appendChild(el("div", "name", info.label));
    if (info.alt.length) {
      var names = info.alt.slice(0, 4).join("、") + (info.alt.length > 4 ? " …" : "");
      tip.appendChild(el("div", null, "Also: " + names));
    }
    tip.appendChild(el("div", "muted", plural(info.articles.length, "article") + " · " +
      plural(info.evidenceCount, "evidence sentence") + " · click for details"));
    placeTip(p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    var info = DATA.edgeInfo[p.edge], edge = edges.get(p.edge);
    if (!info || !edge) return;
    clear(tip);
    tip.appendChild(el("div", "name", label(edge.from) + " → " + label(edge.to)));
    tip.appendChild(el("div", null, info.relation === "holds" ? "holds post: " + info.label : info.relation));
    tip.appendChild(el("div", "muted", plural(info.evidenceCount, "evidence sentence") + " · click for details"));
    placeTip(p.pointer.DOM);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (name) { network.on(name, hideTip); });

  // ---------------------------------------------------------------- detail panel
  function section(title) { panel.appendChild(el("h3", null, title)); }
  function jumpButton(id, prefix) {
    var button = el("button");
    button.type = "button";
    if (prefix) button.appendChild(el("span", "rel", prefix));
    button.appendChild(swatch(DATA.info[id] ? DATA.info[id].type : ""));
    button.appendChild(el("span", null, label(id)));
    button.addEventListener("click", function () { focusNode(id, true); });
    return button;
  }
  function articleItem(index) {
    var item = el("li");
    var a = article(index);
    if (!a) { item.textContent = "(unknown article)"; return item; }
    if (a[1]) item.appendChild(el("span", "date", a[1]));
    if (/^https?:\/\//i.test(a[2])) {
      var link = el("a", null, a[0]);
      link.href = a[2];
      link.target = "_blank";
      link.rel = "noopener noreferrer nofollow";
      item.appendChild(link);
    } else {
      item.appendChild(el("span", null, a[0]));
    }
    return item;
  }
  function evidenceList(items, total, describe) {
    items.forEach(function (item) {
      var quote = el("blockquote", null, item[0]);
      var a = article(item[item.length - 1]);
      var source = describe(item);
      if (a) source += (source ? " · " : "") + (a[1] ? a[1] + " " : "") + a[0];
      if (source) quote.appendChild(el("span", "src", source));
      panel.appendChild(quote);
    });
    if (total > items.length) panel.appendChild(el("p", "more", "… and " + (total - items.length) + " more"));
  }
  function showIntro() {
    clear(panel);
    panel.appendChild(document.getElementById("kg-intro").content.cloneNode(true));
  }
  function showNode(id) {
    var info = DATA.info[id];
    if (!info) return;
    clear(panel);
    var kind = el("div", "kind");
    kind.appendChild(swatch(info.type));
    kind.appendChild(el("span", null, info.kind === info.type ? info.type : info.type + " · " + info.kind));
    panel.appendChild(kind);
    panel.appendChild(el("h2", null, info.label));
    if (info.alt.length) {
      section("Other names");
      var names = el("ul");
      info.alt.forEach(function (name) { names.appendChild(el("li", null, name)); });
      panel.appendChild(names);
    }
    if (info.facts.length) {
      section("Target");
      var facts = el("ul");
      info.facts.forEach(function (f) { facts.appendChild(el("li", null, f[0] + ": " + f[1])); });
      panel.appendChild(facts);
    }
    if (info.posts.length) {
      section("Posts");
      var posts = el("ul");
      info.posts.forEach(function (p) { posts.appendChild(el("li", null, p)); });
      panel.appendChild(posts);
    }
    var links = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
    if (links.length) {
      section("Relations (" + links.length + ")");
      var list = el("ul", "linklist");
      links.forEach(function (e) {
        var edgeInfo = DATA.edgeInfo[e.id] || { relation: "", label: "" };
        var name = edgeInfo.relation === "holds" ? "holds " + edgeInfo.label : edgeInfo.relation;
        var item = el("li");
        item.appendChild(e.from === id ? jumpButton(e.to, name + " →") : jumpButton(e.from, "← " + name));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    var drawn = {};
    links.forEach(function (e) { drawn[e.from === id ? e.to : e.from] = true; });
    var missing = info.neighbours - Object.keys(drawn).length;
    if (missing > 0) {
      panel.appendChild(el("p", "more", (missing === 1 ? "1 related entity is" : missing + " related entities are") +
        " not drawn on this page (see the note at the top)."));
    }
    section("Mentioned in " + plural(info.articles.length, "article"));
    var arts = el("ol");
    info.articles.slice(0, 100).forEach(function (index) { arts.appendChild(articleItem(index)); });
    panel.appendChild(arts);
    if (info.articles.length > 100) {
      panel.appendChild(el("p", "more", "… and " + (info.articles.length - 100) + " more"));
    }
    if (info.evidenceCount) {
      section("Evidence (" + info.evidenceCount + ")");
      evidenceList(info.evidence, info.evidenceCount, function (item) { return item[1] + " · " + item[2]; });
    }
  }
  function showEdge(id) {
    var info = DATA.edgeInfo[id], edge = edges.get(id);
    if (!info || !edge) return;
    clear(panel);
    panel.appendChild(el("div", "kind", "Relation"));
    panel.appendChild(el("h2", null, info.relation === "holds" ? "holds post: " + info.label : info.relation));
    var ends = el("ul", "linklist");
    var from = el("li"); from.appendChild(jumpButton(edge.from, "from")); ends.appendChild(from);
    var to = el("li"); to.appendChild(jumpButton(edge.to, "to")); ends.appendChild(to);
    panel.appendChild(ends);
    section("Evidence (" + info.evidenceCount + ")");
    if (!info.evidenceCount) panel.appendChild(el("p", "more", "No sentence recorded."));
    evidenceList(info.evidence, info.evidenceCount, function () { return ""; });
  }
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) { view.focusedId = p.nodes[0]; showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { view.focusedId = null; showIntro(); }
  });

  // ---------------------------------------------------------------- type filters
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-type]"));
  function setTypeVisible(type, visible) {
    boxes.forEach(function (box) { if (box.getAttribute("data-type") === type) box.checked = visible; });
    var changes = [];
    DATA.nodes.forEach(function (n) {
      if (DATA.info[n.id].type === type) changes.push({ id: n.id, hidden: !visible });
    });
    nodes.update(changes);
    if (!visible && view.focusedId && DATA.info[view.focusedId].type === type) {
      network.unselectAll(); view.focusedId = null; showIntro();
    }
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () { setTypeVisible(box.getAttribute("data-type"), box.checked); });
  });

  // ---------------------------------------------------------------- focus and search
  function focusNode(id, animate) {
    if (!DATA.info[id] || !nodes.get(id)) return false;
    if (nodes.get(id).hidden) setTypeVisible(DATA.info[id].type, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(1.2, network.getScale()),
                        animation: animate ? { duration: 450, easingFunction: "easeInOutQuad" } : false });
    view.focusedId = id;
    showNode(id);
    return true;
  }
  var index = DATA.nodes.map(function (n) {
    var info = DATA.info[n.id];
    var names = [info.label].concat(info.alt).map(function (s) { return s.toLowerCase(); });
    return { id: n.id, label: info.label, names: names };
  });
  function search(query) {
    var q = String(query).trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    index.forEach(function (entry) {
      var best = 9, alias = null;
      entry.names.forEach(function (name, i) {
        var score = name === q ? 0 : name.indexOf(q) === 0 ? 2 : name.indexOf(q) >= 0 ? 4 : 9;
        if (score < 9 && i > 0) score += 1;
        if (score < best) { best = score; alias = i > 0 ? DATA.info[entry.id].alt[i - 1] : null; }
      });
      if (best < 9) hits.push({ id: entry.id, score: best, alias: alias, label: entry.label });
    });
    hits.sort(function (a, b) {
      return a.score - b.score || a.label.length - b.label.length ||
        (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    return hits;
  }
  view.search = function (q) { return search(q).map(function (h) { return h.id; }); };
  view.focusNode = function (id) { return focusNode(id, false); };
  var box = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var current = [];
  function renderResults() {
    clear(results);
    current = search(box.value);
    if (!box.value.trim()) return;
    if (!current.length) { results.appendChild(el("li", "empty", "No entity has that name.")); return; }
    current.slice(0, 12).forEach(function (hit, i) {
      var button = el("button");
      button.type = "button";
      if (i === 0) button.className = "active";
      button.appendChild(swatch(DATA.info[hit.id].type));
      var text = el("span", null, hit.label);
      if (hit.alias) {
        text.appendChild(document.createTextNode(" "));
        text.appendChild(el("span", "alias", "(" + hit.alias + ")"));
      }
      button.appendChild(text);
      button.addEventListener("click", function () { focusNode(hit.id, true); });
      var item = el("li");
      item.appendChild(button);
      results.appendChild(item);
    });
    if (current.length > 12) {
      results.appendChild(el("li", "empty", "… " + (current.length - 12) + " more; type more of the name"));
    }
  }
  box.addEventListener("input", renderResults);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      renderResults();
      if (current.length) focusNode(current[0].id, true);
    } else if (event.key === "Escape") {
      box.value = "";
      renderResults();
    }
  });
  showIntro();
})();
"""


def render_page(corpus: Corpus, shown: list[str], title: str, focus: str | None, depth: int) -> str:
    """The whole HTML document as a string."""
    net, relations = _network(corpus, shown)
    data = json_for_script(_page_data(corpus, net, relations, focus))
    library = vis_network_js()
    csp = ("default-src 'none'; "
           f"script-src '{_sha256(library)}' '{_sha256(_APP_JS)}'; "
           "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f"<title>{html.escape(title)}</title>\n",
        f"<style>{_CSS}</style>\n</head>\n<body>\n",
        _header(corpus, shown, title, focus, depth), "\n<main>\n",
        _sidebar(corpus, shown), "\n",
        '<div id="kg-stage"><div id="kg-network"></div><div id="kg-tip" hidden></div>'
        f'<div id="kg-loading"><span>Laying out {len(shown):,} entities…</span>'
        '<div class="track"><div id="kg-loading-bar"></div></div></div></div>\n',
        '<aside id="kg-details" aria-live="polite"></aside>\n</main>\n',
        f"<template id=\"kg-intro\">{_INTRO}</template>\n",
        f'<script type="application/json" id="kg-data">{data}</script>\n',
        f"<script>{library}</script>\n",
        f"<script>{_APP_JS}</script>\n</body>\n</html>\n",
    ])


def export_html(graph: Graph, stream: BinaryIO, **options: Any) -> None:
    """HTML exporter: the registry entry for ``html``/``pyvis``.

    Options: ``title`` (page heading), ``focus`` (an entity name: show only its
    neighbourhood), ``depth`` (steps from the focus, default 1), ``max_nodes``
    (default 300; 0 = no limit). Other options (e.g. ``base_iri``) are ignored.
    Raises :class:`UsageError` for a bad option or an unknown focus name.
    """
    title = options.get("title") or DEFAULT_TITLE
    depth = options.get("depth", 1)
    max_nodes = options.get("max_nodes", DEFAULT_MAX_NODES)
    if max_nodes is None:
        max_nodes = DEFAULT_MAX_NODES
    if not isinstance(depth, int) or depth < 0:
        raise UsageError(f"--depth must be a whole number ≥ 0, not {depth!r}")
    if not isinstance(max_nodes, int) or max_nodes < 0:
        raise UsageError(f"--max-nodes must be a whole number ≥ 0 (0 = all), not {max_nodes!r}")
    corpus = read_corpus(graph)
    focus_name = options.get("focus")
    focus = find_entity(corpus, str(focus_name)) if focus_name else None
    shown = select(corpus, focus, depth, max_nodes)
    stream.write(render_page(corpus, shown, str(title), focus, depth).encode("utf-8"))
