"""Scoring extraction against gold annotations: the library behind ``kg eval``.

A user annotates articles as YAML gold files (one per article, the format of
``../shared/eval/README.md``); :func:`evaluate` builds each named article on
its own with the project's pipeline, reads the graph back through the public
vocabulary (SPARQL, with ``rdfs:subClassOf*`` over the ontology), and counts
true positives, false positives and misses per entity type and per relation.
With ``combined=True`` all the articles are also built at once and every gold
entity named in two or more articles must come out as exactly one node.

The matching rules are those of the project's reference scorer, and the
counts agree with it row for row:

- names are compared folded (:func:`fold`): width (NFKC), traditional to
  simplified with Taiwan and Hong Kong wording, case, white space, quotes and
  brackets;
- an entity matches a node one of whose labels equals its name or an alias; a
  target matches when year and value agree (where gold gives them) and the
  indicator contains the gold name or is contained in it;
- a node stands for at most one gold entity (required entities are placed
  first); a second node for the same entity is a false positive;
- a relation matches when both ends match (the object only when gold names
  one); for ``holdsPost`` the title must end with the gold title;
- optional items are neither required nor false positives, nor are the
  relations touching an optional entity.
"""
from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from kg.errors import InputError, KgError
from kg.graph import KG
from kg.graph import PREFIXES as _VOCABULARY

KG_NS = str(KG)
PREFIXES = "".join(f"PREFIX {name}: <{_VOCABULARY[name]}>\n" for name in ("kg", "org", "rdfs", "skos"))
TYPES = ("Organization", "Official", "Plan", "Initiative", "Target")
RELS = ("holdsPost", "subOrganizationOf", "issuedBy", "partOf", "hasTarget")
# a gold relation's keys and types: (subject key, subject type, object key, object type)
REL_ENDS: dict[str, tuple[str, str, str, str]] = {
    "holdsPost": ("official", "Official", "org", "Organization"),
    "subOrganizationOf": ("unit", "Organization", "org", "Organization"),
    "issuedBy": ("plan", "Plan", "org", "Organization"),
    "partOf": ("initiative", "Initiative", "plan", "Plan"),
    "hasTarget": ("plan", "Plan", "target", "Target"),
}
# relations whose object gold may leave out (a post whose organization the article does not say)
_OPTIONAL_OBJECT = frozenset({"holdsPost"})
REL_QUERIES = {
    "holdsPost": "SELECT ?s ?o ?title WHERE { ?s org:holds ?post . "
    "OPTIONAL { ?post kg:title ?title } OPTIONAL { ?post org:postIn ?o } }",
    "subOrganizationOf": "SELECT ?s ?o WHERE { ?s org:subOrganizationOf|org:unitOf ?o }",
    "issuedBy": "SELECT ?s ?o WHERE { ?s kg:issuedBy ?o }",
    "partOf": "SELECT ?s ?o WHERE { ?s kg:partOf ?o }",
    "hasTarget": "SELECT ?s ?o WHERE { ?s kg:hasTarget ?o }",
}
ONTOLOGY_FILES = ("policy-kg.ttl", "shapes.ttl")  # bundled copies of ontology/*.ttl, in name order

_DROP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』【】（）()\[\]_·•、，,：:。]")
_T2S: Callable[[str], str] | None = None


class GoldError(KgError):
    """A gold file cannot be read or does not follow the annotation format; names the file."""


# -- folding ---------------------------------------------------------------

def _t2s(text: str) -> str:
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("tw2sp").convert  # traditional to simplified, Taiwan and Hong Kong phrasing too
    return _T2S(text)


def fold(text: object) -> str:
    """A name as compared: NFKC, simplified, lower case, without white space, quotes and brackets."""
    text = unicodedata.normalize("NFKC", str(text))
    return _DROP.sub("", _t2s(text)).lower()


# -- gold ------------------------------------------------------------------

@dataclass(frozen=True)
class GoldEntity:
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    optional: bool = False
    year: int | None = None
    value: float | None = None
    unit: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GoldRelation:
    rel: str
    subject: tuple[str, ...]  # the names of the subject end (any of them)
    object: tuple[str, ...]  # the names of the object end; empty when gold names none
    title: str | None = None  # holdsPost only
    optional: bool = False

    def describe(self) -> str:
        skey, _, okey, _ = REL_ENDS[self.rel]
        parts = [f"{skey}={'|'.join(self.subject)}"]
        if self.title is not None:
            parts.append(f"title={self.title}")
        if self.object:
            parts.append(f"{okey}={'|'.join(self.object)}")
        return " ".join(parts)


@dataclass(frozen=True)
class GoldFile:
    path: str
    article: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    return tuple(str(v) for v in values)


def _check_keys(item: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise GoldError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")


def _entity(item: Any, where: str) -> GoldEntity:
    if not isinstance(item, dict):
        raise GoldError(f"{where}: an entity must be a mapping with type and name, not {item!r}")
    _check_keys(item, {"type", "name", "aliases", "optional", "year", "value", "unit", "note"}, where)
    type_name = item.get("type")
    if type_name not in TYPES:
        raise GoldError(f"{where}: type must be one of {', '.join(TYPES)}, not {type_name!r}")
    if item.get("name") in (None, ""):
        raise GoldError(f"{where}: the {type_name} has no name")
    year = value = None
    if item.get("year") is not None:
        try:
            year = int(item["year"])
        except (TypeError, ValueError):
            raise GoldError(f"{where}: year must be a whole number, not {item['year']!r}") from None
    if item.get("value") is not None:
        try:
            value = float(item["value"])
        except (TypeError, ValueError):
            raise GoldError(f"{where}: value must be a number, not {item['value']!r}") from None
    if (year is not None or value is not None) and type_name != "Target":
        raise GoldError(f"{where}: only a Target has a year or a value")
    return GoldEntity(type_name, str(item["name"]), _names(item.get("aliases")), bool(item.get("optional")),
                      year, value, None if item.get("unit") is None else str(item["unit"]))


def _relation(item: Any, where: str) -> GoldRelation:
    if not isinstance(item, dict):
        raise GoldError(f"{where}: a relation must be a mapping with rel and its two ends, not {item!r}")
    rel = item.get("rel")
    if rel not in REL_ENDS:
        raise GoldError(f"{where}: rel must be one of {', '.join(RELS)}, not {rel!r}")
    skey, _, okey, _ = REL_ENDS[rel]
    allowed = {"rel", skey, okey, "optional", "note"} | ({"title"} if rel == "holdsPost" else set())
    _check_keys(item, allowed, where)
    subject, obj = _names(item.get(skey)), _names(item.get(okey))
    if not subject:
        raise GoldError(f"{where}: the {rel} relation has no {skey}")
    if not obj and rel not in _OPTIONAL_OBJECT:
        raise GoldError(f"{where}: the {rel} relation has no {okey}")
    title = None
    if rel == "holdsPost":
        if item.get("title") in (None, ""):
            raise GoldError(f"{where}: the holdsPost relation has no title")
        title = str(item["title"])
    return GoldRelation(rel, subject, obj, title, bool(item.get("optional")))


def parse_gold(data: Any, path: str) -> GoldFile:
    """A gold file's parsed YAML as a :class:`GoldFile`; :class:`GoldError` names what is wrong."""
    if not isinstance(data, dict):
        raise GoldError(f"{path}: a gold file is a mapping with article, entities and relations")
    _check_keys(data, {"article", "entities", "relations"}, path)
    if not isinstance(data.get("article"), str) or not data["article"].strip():
        raise GoldError(f"{path}: no article: give the file name of the article this gold annotates")
    lists = {}
    for key in ("entities", "relations"):
        value = data.get(key)
        if value is not None and not isinstance(value, list):
            raise GoldError(f"{path}: {key} must be a list")
        lists[key] = value or []
    entities = tuple(_entity(e, f"{path}: entities[{i}]") for i, e in enumerate(lists["entities"]))
    relations = tuple(_relation(r, f"{path}: relations[{i}]") for i, r in enumerate(lists["relations"]))
    return GoldFile(path, data["article"], entities, relations)


def load_gold(path: str | Path) -> GoldFile:
    """Read one gold YAML file."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise GoldError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    return parse_gold(data, str(path))


def load_gold_dir(gold_dir: str | Path) -> list[GoldFile]:
    """Every ``*.yaml`` gold file in ``gold_dir``, in name order."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such gold folder")
    paths = sorted(folder.glob("*.yaml"), key=str)
    if not paths:
        raise GoldError(f"{folder}: no gold files (*.yaml)")
    return [load_gold(p) for p in paths]


def unknown_ends(gold: GoldFile) -> list[str]:
    """Relation ends that name no entity of the file (by exact name): such a relation can never be found."""
    known = {(e.type, e.name) for e in gold.entities}
    problems = []
    for rel in gold.relations:
        skey, stype, okey, otype = REL_ENDS[rel.rel]
        for key, type_name, names in ((skey, stype, rel.subject), (okey, otype, rel.object)):
            if names and not any((type_name, n) in known for n in names):
                problems.append(f"{gold.path}: {rel.rel} {key} {'|'.join(names)} is no {type_name} "
                                "name in entities (aliases do not count): it can never be found")
    return problems


# -- articles --------------------------------------------------------------

def default_article_roots(gold_dir: str | Path) -> list[Path]:
    """Where articles are looked for when none are given: GOLD_DIR/../articles, the folder
    holding GOLD_DIR, every other folder beside GOLD_DIR, and GOLD_DIR itself."""
    gold = Path(gold_dir)
    parent = gold.resolve().parent
    roots = [parent / "articles", parent]
    roots += sorted((p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")
                     and p.resolve() != gold.resolve() and p.name != "articles"), key=str)
    return roots + [gold]


def _ends_with(path: Path, parts: tuple[str, ...]) -> bool:
    return len(path.parts) >= len(parts) and path.parts[-len(parts):] == parts


def locate_articles(golds: Sequence[GoldFile], articles: Sequence[str | Path] = (),
                    gold_dir: str | Path | None = None) -> list[Path]:
    """The article file of each gold file, in order. ``articles`` are files or folders (a folder
    is searched for the name as a relative path, then anywhere below it); with none, the folders
    of :func:`default_article_roots` (not recursively). Raises :class:`GoldError` naming every
    article not found and where it was looked for."""
    explicit = bool(articles)
    roots = [Path(a) for a in articles] if explicit else default_article_roots(gold_dir or ".")
    if explicit:
        for root in roots:
            if not root.exists():
                raise GoldError(f"{root}: no such article file or folder")
    below: dict[Path, dict[str, list[Path]]] = {}  # a given folder's files by name, listed once

    def files_named(root: Path, name: str) -> list[Path]:
        if root not in below:
            index: dict[str, list[Path]] = defaultdict(list)
            for p in sorted(root.rglob("*"), key=str):
                if p.is_file():
                    index[p.name].append(p)
            below[root] = index
        return below[root].get(name, [])

    found: list[Path] = []
    missing: list[str] = []
    for gold in golds:
        parts = Path(gold.article).parts
        hit = None
        for root in roots:
            if root.is_file():
                if _ends_with(root, parts):
                    hit = root
            elif (root / gold.article).is_file():
                hit = root / gold.article
            elif explicit and root.is_dir():
                hit = next((p for p in files_named(root, parts[-1]) if _ends_with(p, parts)), None)
            if hit is not None:
                break
        if hit is None:
            missing.append(f"{gold.article} (named by {gold.path})")
        else:
            found.append(hit)
    if missing:
        where = ", ".join(str(r) for r in roots if r.exists())
        hint = "" if explicit else "; give the folder holding them: kg eval GOLD_DIR ARTICLES..."
        raise GoldError(f"article{'s' if len(missing) > 1 else ''} not found: {'; '.join(missing)}; "
                        f"looked in {where or 'nothing that exists'}{hint}")
    return found


# -- the built graph -------------------------------------------------------

@dataclass
class Node:
    labels: set[str] = field(default_factory=set)  # folded
    label: str | None = None  # rdfs:label as written, for messages
    year: int | None = None
    value: float | None = None


@dataclass(frozen=True)
class Row:
    subject: Any
    object: Any
    title: str | None  # folded; holdsPost only


def _year(term) -> int | None:
    m = re.search(r"\d{4}", str(term))
    return int(m.group()) if m else None


def _number(term) -> float | None:
    try:
        return float(str(term))
    except ValueError:
        return None


class GraphView:
    """The entities and relations of a graph (with the ontology loaded for subclass
    reasoning), read through the public vocabulary in the graph's own order."""

    def __init__(self, graph) -> None:
        from rdflib import RDFS, URIRef

        self.graph = graph
        self.nodes: dict[str, dict[Any, Node]] = {}
        for type_name in TYPES:
            query = PREFIXES + (
                "SELECT ?e ?l WHERE { ?e a/rdfs:subClassOf* kg:%s . "
                "OPTIONAL { ?e rdfs:label|skos:prefLabel|skos:altLabel|kg:indicator ?l } }" % type_name)
            found: dict[Any, Node] = {}
            for e, label in graph.query(query):
                node = found.setdefault(e, Node())
                if label is not None:
                    node.labels.add(fold(label))
            for e, node in found.items():
                label = graph.value(e, RDFS.label)
                node.label = str(label) if label is not None else None
                if type_name == "Target":
                    for y in graph.objects(e, URIRef(KG_NS + "targetYear")):
                        node.year = _year(y)
                    for v in graph.objects(e, URIRef(KG_NS + "value")):
                        node.value = _number(v)
            self.nodes[type_name] = found
        self._relations: dict[str, list[Row]] = {}

    def relations(self, rel: str) -> list[Row]:
        if rel not in self._relations:
            rows = []
            for row in self.graph.query(PREFIXES + REL_QUERIES[rel]):
                title = fold(row[2]) if len(row) > 2 and row[2] is not None else None
                rows.append(Row(row[0], row[1], title))
            self._relations[rel] = rows
        return self._relations[rel]

    def name(self, term) -> str:
        """A node's rdfs:label for messages, or its IRI."""
        for nodes in self.nodes.values():
            if term in nodes and nodes[term].label:
                return nodes[term].label
        return str(term)


def ontology_graph():
    """A fresh rdflib Graph holding the ontology (ontology/*.ttl, shipped as kg.ontology)."""
    from rdflib import Graph

    g = Graph()
    for name in ONTOLOGY_FILES:
        g.parse(data=resources.files("kg.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return g


def build_graph(paths: Sequence[Path]) -> tuple[Any, list[InputError]]:
    """Build ``paths`` into one graph in this process, as ``kg build`` does, and read it back
    from its Turtle together with the ontology. Returns the graph and the files skipped."""
    from rdflib import Graph

    from kg.export import export
    from kg.graph import DEFAULT_BASE_IRI
    from kg.graph.builder import GraphBuilder
    from kg.parallel import extract_corpus as build
    from kg.pipeline import expand_inputs

    builder = GraphBuilder(DEFAULT_BASE_IRI)
    report = build(expand_inputs([str(p) for p in paths]), builder, workers=1)
    turtle = io.BytesIO()
    export(builder.graph(), turtle, "turtle", base_iri=DEFAULT_BASE_IRI)
    g = Graph()
    g.parse(data=turtle.getvalue().decode("utf-8"), format="turtle")  # the order a reader of graph.ttl sees
    g += ontology_graph()
    return g, list(report.skipped)


# -- scoring ---------------------------------------------------------------

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Detail:
    """One miss or extra: ``kind`` is missed or extra, ``what`` an entity type or a relation."""
    article: str
    kind: str
    what: str
    text: str

    def __str__(self) -> str:
        return f"{self.article}: {self.kind} {self.what} {self.text}"


def _counts() -> dict[str, dict[str, Counts]]:
    return {"entities": {t: Counts() for t in TYPES}, "relations": {r: Counts() for r in RELS}}


def entity_matches(gold: GoldEntity, node: Node) -> bool:
    """Whether ``node`` can stand for ``gold`` (the rules in the module docstring)."""
    names = {fold(n) for n in gold.names}
    if gold.type != "Target":
        return bool(names & node.labels)
    if gold.year is not None and node.year != gold.year:
        return False
    if gold.value is not None and (node.value is None or abs(node.value - gold.value) > 1e-9):
        return False
    return any(n and (n in lab or (lab and lab in n)) for n in names for lab in node.labels)


def score_article(gold: GoldFile, view: GraphView, counts: dict[str, dict[str, Counts]],
                  details: list[Detail]) -> None:
    """Count one article's hits, extras and misses into ``counts``; list them in ``details``."""
    article = gold.article
    # entities: each node stands for at most one gold entity; required ones are placed first
    node_to_gold: dict[Any, int] = {}
    matched: dict[int, Any] = {}
    for idx, ent in sorted(enumerate(gold.entities), key=lambda ie: ie[1].optional):
        for node, info in view.nodes.get(ent.type, {}).items():
            if node in node_to_gold:
                continue
            if entity_matches(ent, info):
                node_to_gold[node] = idx
                matched[idx] = node
                break
    by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    for idx, ent in enumerate(gold.entities):
        by_name[(ent.type, ent.name)].add(idx)
        if ent.optional:
            continue
        if idx in matched:
            counts["entities"][ent.type].tp += 1
        else:
            counts["entities"][ent.type].fn += 1
            details.append(Detail(article, "missed", ent.type, ent.name))
    for type_name in TYPES:
        for node, info in view.nodes.get(type_name, {}).items():
            if node not in node_to_gold:
                counts["entities"][type_name].fp += 1
                details.append(Detail(article, "extra", type_name, info.label or
                                      (sorted(info.labels)[0] if info.labels else str(node))))

    optional = {i for i, e in enumerate(gold.entities) if e.optional}

    def ends(names: tuple[str, ...], type_name: str) -> set[int]:
        return {i for name in names for i in by_name.get((type_name, name), ())}

    for rel in RELS:
        _, stype, _, otype = REL_ENDS[rel]
        # required relations first, so an optional one never takes the row a required one needs
        golds = sorted((r for r in gold.relations if r.rel == rel), key=lambda r: r.optional)
        rows = view.relations(rel)
        used: set[int] = set()
        c = counts["relations"][rel]
        for r in golds:
            s_ok, o_ok = ends(r.subject, stype), ends(r.object, otype)
            hit = None
            for k, row in enumerate(rows):
                if k in used or node_to_gold.get(row.subject) not in s_ok:
                    continue
                if o_ok and node_to_gold.get(row.object) not in o_ok:
                    continue
                if r.title is not None and not (row.title and row.title.endswith(fold(r.title))):
                    continue
                hit = k
                break
            if hit is not None:
                used.add(hit)
            if r.optional:
                continue
            if hit is None:
                c.fn += 1
                details.append(Detail(article, "missed", rel, r.describe()))
            else:
                c.tp += 1
        for k, row in enumerate(rows):
            if k in used:
                continue
            if node_to_gold.get(row.subject) in optional or node_to_gold.get(row.object) in optional:
                continue
            c.fp += 1
            text = f"{view.name(row.subject)} -> {view.name(row.object) if row.object is not None else '?'}"
            details.append(Detail(article, "extra", rel, text + (f" ({row.title})" if row.title else "")))


def shared_entities(golds: Sequence[GoldFile]) -> dict[tuple[str, str], list[GoldEntity]]:
    """Gold entities named in two or more articles, grouped by folded name or alias: (type, name) ->
    their annotations. A department is told apart by its parent: 发展规划司 of two ministries is two."""
    groups: dict[int, dict] = {}
    for n, gold in enumerate(golds):
        forms = {fold(e.name): {fold(x) for x in e.names} for e in gold.entities if e.type == "Organization"}
        parents: dict[str, set[str]] = {}
        for r in gold.relations:
            if r.rel == "subOrganizationOf" and not r.optional:
                for unit in r.subject:
                    for org in r.object:
                        parents.setdefault(fold(unit), set()).update(forms.get(fold(org), {fold(org)}))
        for ent in gold.entities:
            if ent.optional or ent.type == "Target":
                continue
            of = (set().union(*(parents.get(fold(x), set()) for x in ent.names))
                  if ent.type == "Organization" else set())
            keys = {(ent.type, fold(x), p) for x in ent.names for p in (of or {None})}
            merged = [g for g in groups.values() if g["keys"] & keys]
            group = {"keys": keys, "ents": [ent], "articles": {n}, "name": ent.name}
            for g in merged:
                group["keys"] |= g["keys"]
                group["ents"] += g["ents"]
                group["articles"] |= g["articles"]
                group["name"] = g["name"]
            for g in merged:
                groups.pop(id(g))
            groups[id(group)] = group
    return {(g["ents"][0].type, g["name"]): g["ents"] for g in groups.values() if len(g["articles"]) > 1}


@dataclass(frozen=True)
class Resolution:
    ok: int
    total: int
    split: tuple[tuple[str, str, int], ...] = ()  # (type, name, nodes) of each entity not one node


def check_resolution(golds: Sequence[GoldFile], view: GraphView | None) -> Resolution:
    """How many entities named in several articles are one node of the combined graph
    (``view`` None: the combined build failed, none is)."""
    shared = shared_entities(golds)
    if view is None:
        return Resolution(0, len(shared))
    ok, split = 0, []
    for (type_name, name), ents in sorted(shared.items()):
        nodes = [n for n, info in view.nodes[type_name].items() if any(entity_matches(e, info) for e in ents)]
        if len(nodes) == 1:
            ok += 1
        else:
            split.append((type_name, name, len(nodes)))
    return Resolution(ok, len(shared), tuple(split))


@dataclass
class EvalReport:
    counts: dict[str, dict[str, Counts]]
    details: list[Detail]
    resolution: Resolution | None = None
    failed: list[str] = field(default_factory=list)  # "article: cause" of builds that read nothing
    warnings: list[str] = field(default_factory=list)

    def total(self, group: str) -> Counts:
        tot = Counts()
        for c in self.counts[group].values():
            tot.add(c)
        return tot

    def summary(self) -> str:
        line = f"entity_f1={self.total('entities').f1:.3f} relation_f1={self.total('relations').f1:.3f}"
        if self.resolution is not None:
            line += f" resolution={self.resolution.ok}/{self.resolution.total}"
        if self.failed:
            line += f" failed_builds={len(self.failed)}"
        return line

    def to_dict(self) -> dict:
        def row(c: Counts) -> dict:
            return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 6),
                    "recall": round(c.recall, 6), "f1": round(c.f1, 6)}

        out: dict = {group: {name: row(c) for name, c in self.counts[group].items()} for group in self.counts}
        out["totals"] = {group: row(self.total(group)) for group in self.counts}
        out["resolution"] = (None if self.resolution is None else
                             {"ok": self.resolution.ok, "total": self.resolution.total,
                              "split": [{"type": t, "name": n, "nodes": k} for t, n, k in self.resolution.split]})
        out["failed_builds"] = list(self.failed)
        out["warnings"] = list(self.warnings)
        out["details"] = [{"article": d.article, "kind": d.kind, "what": d.what, "text": d.text}
                          for d in self.details]
        out["summary"] = self.summary()
        return out


Builder = Callable[[Sequence[Path]], "tuple[Any, list[InputError]]"]


def evaluate(gold_dir: str | Path, articles: Iterable[str | Path] = (), combined: bool = False,
             build: Builder = build_graph) -> EvalReport:
    """Score extraction on the articles named by the gold files of ``gold_dir``.

    ``articles`` are files or folders holding them (default: beside ``gold_dir``, see
    :func:`locate_articles`). Each article is built on its own; one that cannot be read
    scores as all missed and is listed in ``failed``. ``combined`` also builds them all
    at once and checks cross-article resolution. Raises :class:`GoldError` for bad gold
    or articles not found.
    """
    golds = load_gold_dir(gold_dir)
    paths = locate_articles(golds, list(articles), gold_dir)
    report = EvalReport(_counts(), [])
    for gold in golds:
        report.warnings += unknown_ends(gold)
    for gold, path in zip(golds, paths):
        graph, skipped = build([path])
        if skipped:  # nothing read: every required item is a miss
            report.failed += [f"{gold.article}: {exc.cause}" for exc in skipped]
            for ent in gold.entities:
                if not ent.optional:
                    report.counts["entities"][ent.type].fn += 1
            for r in gold.relations:
                if not r.optional:
                    report.counts["relations"][r.rel].fn += 1
            continue
        score_article(gold, GraphView(graph), report.counts, report.details)
    if combined:
        graph, skipped = build(paths)
        report.warnings += [f"combined build: {exc}" for exc in skipped]
        report.resolution = check_resolution(golds, None if skipped else GraphView(graph))
        for type_name, name, nodes in report.resolution.split:
            report.details.append(Detail("combined", "split", type_name, f"{name} is {nodes} nodes"))
    return report
