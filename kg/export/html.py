"""The explorer page: one self-contained HTML file that opens from disk (``kg html``, ``kg build``).

Why it is built this way:

* **Offline, one file.** The graph is drawn with the vis-network build that
  ships inside pyvis, inlined; the page's HTML, CSS and script are package data
  (``kg/export/page/``), filled in here. pyvis's own page template is not used:
  even with ``cdn_resources="in_line"`` it links Bootstrap from CDNs. The page
  loads nothing from anywhere, and its Content-Security-Policy forbids it to.
* **Everything carried, a readable part drawn.** The page carries every entity
  and relation of the graph (up to :data:`MAX_ENTITIES`; beyond that it carries
  the best connected and says so, pointing to ``kg serve``) with their
  evidence, and draws the ``max_nodes`` best connected. Search looks through
  all that it carries; a found entity that is not drawn is drawn with its
  neighbourhood, and double-click draws any node's neighbourhood.
* **Safe.** Names, titles and sentences come from scraped news, so none of it is
  ever parsed as HTML: it travels as a JSON island (with ``<``, ``>`` and ``&``
  escaped so it cannot close its ``<script>``), the page's script builds every
  element with ``textContent``, and the little HTML written here goes through
  :func:`html.escape`. As a second line of defence the CSP runs only the page's
  two scripts, by hash.
* **Deterministic.** Everything is sorted, so the same graph gives the same bytes.

The data the script reads is described in :mod:`kg.export.explorer`.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import UsageError
from kg.export.explorer import (  # noqa: F401 - re-exported: the page's public reading API
    RELATION_KEYS, Corpus, Entity, Relation, bundle, find_entity, read_corpus, select, tables,
    traditional_map, whole_bundle,
)

DEFAULT_TITLE = "政策知识图谱"
DEFAULT_MAX_NODES = 300
MAX_ENTITIES = 20_000  # the page carries at most this many entities; `kg serve` has no such limit
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", '
              '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')


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

# Relation name -> (edge colour, dashed). ``holds`` is official -> organization via a post.
RELATION_STYLES: dict[str, tuple[str, bool]] = {
    "issuedBy": ("#7b8794", False),
    "partOf": ("#a07ab8", False),
    "hasTarget": ("#d9777a", False),
    "subOrganizationOf": ("#4e79a7", True),
    "holds": ("#e8953a", False),
}
assert tuple(RELATION_STYLES) == RELATION_KEYS


# --------------------------------------------------------------------------- assets

@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A file of the page (``explorer.html``, ``.css``, ``.js``) from the package data."""
    return resources.files("kg.export").joinpath("page", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network build that ships inside the pyvis package (no download)."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")  # found, not imported: importing pyvis costs a third of a second
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the pyvis package is not installed")
    root = Path(list(spec.submodule_search_locations)[0])
    for candidate in (root / "lib" / "vis-9.1.2", root / "templates" / "lib" / "vis-9.1.2"):
        script = candidate / "vis-network.min.js"
        if script.is_file():
            text = script.read_text(encoding="utf-8")
            text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)  # no request even with devtools open
            return text.replace("</script", "<\\/script")
    raise FileNotFoundError(f"vis-network.min.js not found in the pyvis package at {root}")


_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _script_safe(text: str) -> str:
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return text


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survives literally."""
    return _script_safe(_dumps(value))


def json_pieces(value: Any, batch: int = 500) -> Iterator[str]:
    """The text :func:`json.dumps` makes of ``value`` here, in pieces, so that a large value is
    never one string: a dict with string keys is written a member at a time, and an iterator
    (a generator of records) or a long list ``batch`` items at a time. Iterators stand for lists."""
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        yield "{"
        for n, (key, member) in enumerate(value.items()):
            yield f"{',' if n else ''}{_dumps(key)}:"
            yield from json_pieces(member, batch)
        yield "}"
    elif isinstance(value, Iterator) or (isinstance(value, list) and len(value) > batch):
        yield "["
        items = iter(value)
        separator = ""
        while chunk := list(islice(items, batch)):
            yield separator + _dumps(chunk)[1:-1]
            separator = ","
        yield "]"
    else:
        yield _dumps(value)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy(connect: str = "'none'") -> str:
    """The page's CSP: its two scripts by hash, nothing fetched (``connect`` is ``'self'`` under `kg serve`)."""
    return ("default-src 'none'; "
            f"script-src '{_sha256(vis_network_js())}' '{_sha256(asset('explorer.js'))}'; "
            "style-src 'unsafe-inline'; img-src data: blob:; font-src 'none'; "
            f"connect-src {connect}; media-src 'none'; object-src 'none'; frame-src 'none'; "
            "worker-src 'none'; base-uri 'none'; form-action 'none'")


# --------------------------------------------------------------------------- the page's static parts

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


def _legend() -> str:
    e = html.escape
    return "".join(
        f'<label class="type"><input type="checkbox" data-type="{e(t.key)}" checked>{_shape_svg(t)}'
        f'<span class="name" data-i18n="type.{e(t.key)}">{e(t.key)}</span><span class="n" data-count-type="{e(t.key)}">'
        f'</span></label>' for t in TYPES)


def _relation_legend() -> str:
    e = html.escape
    return "".join(
        f'<label class="type"><input type="checkbox" data-relation="{e(name)}" checked>{_edge_svg(name)}'
        f'<span class="name" data-i18n="rel.{e(name)}">{e(name)}</span><span class="n" data-count-relation="{e(name)}">'
        f'</span></label>' for name in RELATION_STYLES)


def vis_options(node_count: int) -> dict[str, Any]:
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
                              "iterations": 600 if node_count <= 120 else 250 if node_count <= 200 else 150},
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
                  "font": {"size": 0, "face": FONT_STACK, "color": "#52606d",
                           "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"}},
    }


def page_settings(node_count: int) -> dict[str, Any]:
    """What the script needs besides the graph: vis options and the colours of types and relations."""
    return {
        "options": vis_options(node_count),
        "types": [{"key": t.key, "color": t.color} for t in TYPES],
        "relStyles": {name: {"color": colour, "dashes": dashed} for name, (colour, dashed) in RELATION_STYLES.items()},
    }


def _shell(title: str, connect: str) -> list[str | None]:
    """The template's parts with its title, CSP, styles, legends and scripts filled in; None where the data goes."""
    fills = {
        "CSP": html.escape(content_security_policy(connect), quote=False),
        "TITLE": html.escape(title),
        "CSS": asset("explorer.css").replace("FONT_STACK", FONT_STACK),
        "LEGEND": _legend(),
        "RELATIONS": _relation_legend(),
        "DATA": None,
        "VIS": vis_network_js(),
        "APP": asset("explorer.js"),
    }
    parts = re.split(r"\{\{([A-Z]+)\}\}", asset("explorer.html"))
    return [fills[part] if n % 2 else part for n, part in enumerate(parts)]


def render_shell(title: str, data: dict[str, Any], connect: str = "'none'") -> str:
    """The whole document: the template with its title, CSP, styles, legends, data and scripts filled in."""
    return "".join(json_for_script(data) if part is None else part for part in _shell(title, connect))


def write_shell(stream: BinaryIO, title: str, data: dict[str, Any], connect: str = "'none'") -> None:
    """:func:`render_shell`'s document, written to ``stream`` as it is made: the data a piece at a
    time (:func:`json_pieces`; iterators in ``data`` are written as lists), never as one string."""
    for part in _shell(title, connect):
        if part is not None:
            stream.write(part.encode("utf-8"))
            continue
        pending: list[str] = []
        size = 0
        for piece in json_pieces(data):
            pending.append(piece)
            size += len(piece)
            if size > 1 << 20:
                stream.write(_script_safe("".join(pending)).encode("utf-8"))
                pending, size = [], 0
        stream.write(_script_safe("".join(pending)).encode("utf-8"))


# --------------------------------------------------------------------------- the offline page

def restrict(corpus: Corpus, keep: list[str]) -> Corpus:
    """The corpus with only the entities ``keep`` and the relations among them."""
    kept = set(keep)
    entities = {iri: e for iri, e in corpus.entities.items() if iri in kept}
    relations = [r for r in corpus.relations if r.source in kept and r.target in kept]
    neighbours = {iri: {n for n in corpus.neighbours[iri] if n in kept} for iri in entities}
    return Corpus(entities, relations, corpus.articles, neighbours)


def meta(corpus: Corpus, title: str, *, carried: int, total: int, drawn: int, focus: str | None,
         depth: int, mode: str) -> dict[str, Any]:
    dates = sorted(a.date for a in corpus.articles if a.date)
    return {
        "mode": mode,
        "title": title,
        "defaultTitle": title == DEFAULT_TITLE,
        "entities": total,
        "carried": carried,
        "limit": MAX_ENTITIES if mode == "file" else None,
        "drawn": drawn,
        "articles": len(corpus.articles),
        "dateMin": dates[0] if dates else "",
        "dateMax": dates[-1] if dates else "",
        "mostMentions": max((len(e.articles) for e in corpus.entities.values()), default=0),
        "focus": ({"label": corpus.entities[focus].label, "depth": depth} if focus else None),
    }


def carried(corpus: Corpus, focus: str | None, depth: int, max_entities: int = MAX_ENTITIES) -> list[str] | None:
    """The entities the page carries when ``corpus`` has more than ``max_entities``: the best
    connected (:func:`select`), with the focus' neighbourhood first when the focus is not among
    them. None when it carries every entity."""
    if len(corpus.entities) <= max_entities:
        return None
    keep = select(corpus, None, 0, max_entities)
    if focus is not None and focus not in keep:
        keep = select(corpus, focus, depth, 0)[:max(1, max_entities // 10)] + keep
        keep = list(dict.fromkeys(keep))[:max_entities]
    return keep


def page_data(graph_corpus: Corpus, title: str, focus: str | None, depth: int, max_nodes: int,
              max_entities: int = MAX_ENTITIES) -> dict[str, Any]:
    """The JSON island of the offline page."""
    keep = carried(graph_corpus, focus, depth, max_entities)
    corpus = graph_corpus if keep is None else restrict(graph_corpus, keep)
    data = carried_page_data(corpus, title, focus, depth, max_nodes, total=len(graph_corpus.entities))
    data["bundle"] = {name: list(records) for name, records in data["bundle"].items()}
    return data


def carried_page_data(corpus: Corpus, title: str, focus: str | None, depth: int, max_nodes: int,
                      total: int) -> dict[str, Any]:
    """The JSON island of a page carrying ``corpus`` (the entities chosen out of ``total``); the
    bundle's records come as iterators, made as they are written (:func:`write_shell`)."""
    shown = select(corpus, focus, depth, max_nodes)
    index = corpus.index
    data = {
        "meta": meta(corpus, title, carried=len(corpus.entities), total=total, drawn=len(shown), focus=focus,
                     depth=depth, mode="file"),
        "bundle": whole_bundle(corpus),
        "drawn": sorted(index[iri] for iri in shown),
        "focus": index[focus] if focus is not None else None,
        "tables": tables(corpus),
        "t2s": traditional_map(corpus),
    }
    data.update(page_settings(len(shown)))
    return data


def render_page(corpus: Corpus, title: str, focus: str | None, depth: int, max_nodes: int,
                max_entities: int = MAX_ENTITIES) -> str:
    return render_shell(title, page_data(corpus, title, focus, depth, max_nodes, max_entities))


class PageCollector:
    """The page as a collector (:data:`kg.export.COLLECTORS`): ``add`` takes the graph's subjects
    (a tap), ``write`` writes the page. Options as :func:`export_html`'s, checked at once.

    What it keeps as subjects come is a :class:`kg.export.gather.CorpusGatherer`: compact, with
    the evidence statements set aside in a scratch file in ``spill_dir`` (the output folder in a
    build); ``write`` chooses the entities the page carries, builds their corpus only, writes the
    page a piece at a time and removes the scratch file. Write once.
    """

    def __init__(self, spill_dir: str | None = None, **options: Any) -> None:
        from kg.export.gather import CorpusGatherer

        self.title = str(options.get("title") or DEFAULT_TITLE)
        depth = options.get("depth", 1)
        max_nodes = options.get("max_nodes", DEFAULT_MAX_NODES)
        max_entities = options.get("max_entities") or MAX_ENTITIES
        if max_nodes is None:
            max_nodes = DEFAULT_MAX_NODES
        if not isinstance(depth, int) or depth < 0:
            raise UsageError(f"--depth must be a whole number ≥ 0, not {depth!r}")
        if not isinstance(max_nodes, int) or max_nodes < 0:
            raise UsageError(f"--max-nodes must be a whole number ≥ 0 (0 = all), not {max_nodes!r}")
        if not isinstance(max_entities, int) or max_entities < 1:
            raise UsageError(f"--max-entities must be a whole number ≥ 1, not {max_entities!r}")
        self.depth, self.max_nodes, self.max_entities = depth, max_nodes, max_entities
        self.focus_name = options.get("focus")
        self.gatherer = CorpusGatherer(spill_dir)
        self.add = self.gatherer.add
        self.add_filled = self.gatherer.add_filled

    def write(self, stream: BinaryIO) -> None:
        from kg.memory import collection_paused

        gatherer = self.gatherer
        try:
            with collection_paused():
                corpus, focus, total = self._carried(gatherer)
                data = carried_page_data(corpus, self.title, focus, self.depth, self.max_nodes, total)
                write_shell(stream, self.title, data)
        finally:
            gatherer.close()
            self.gatherer = self.add = self.add_filled = None  # what was gathered goes with it

    def _carried(self, gatherer) -> tuple[Corpus, str | None, int]:
        """The corpus the page carries, its focus and the number of entities in the graph.

        Without a focus the heaviest entities are chosen from compact counts and only their
        corpus is built. A focus is found by any name of any entity, so then the corpus of
        every entity is built first (without evidence), as :func:`page_data` chooses from it.
        """
        total = gatherer.entity_count()
        if self.focus_name:
            whole = gatherer.corpus(evidence=False)
            focus = find_entity(whole, str(self.focus_name))
            keep = carried(whole, focus, self.depth, self.max_entities)
            del whole
        else:
            focus = None
            keep = gatherer.heaviest(self.max_entities) if total > self.max_entities else None
        return gatherer.corpus(keep), focus, total


def export_html(graph: Any, stream: BinaryIO, **options: Any) -> None:
    """HTML exporter: the registry entry for ``html``/``pyvis``.

    ``graph`` is a graph source (:mod:`kg.export.source`) or an rdflib Graph, read in
    one pass (:class:`PageCollector`). Options: ``title`` (page heading), ``focus``
    (an entity name: draw only its neighbourhood at first), ``depth`` (steps from the
    focus, default 1), ``max_nodes`` (entities drawn at first, default 300; 0 = all),
    ``max_entities`` (entities the page carries, default :data:`MAX_ENTITIES`).
    Other options (e.g. ``base_iri``) are ignored. Raises :class:`UsageError`
    for a bad option or an unknown focus name.
    """
    from kg.export import collect

    options.setdefault("spill_dir", getattr(graph, "spill_dir", None))  # a graph file's, for the scratch file
    collect(PageCollector(**options), graph, stream)
