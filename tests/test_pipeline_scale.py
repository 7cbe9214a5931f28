"""The streaming Turtle path: the spool writes exactly what the original sorted writer
wrote, spilled to disk or not, and GraphBuilder.merge equals adding in order."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib import namespace as ns  # not RDF/XSD as names: pytest's collector trips over them

from kg.export.spool import TurtleSpool
from kg.export.turtle import PREFIXES

# -- the writer as first written (kg/export/turtle.py before the spool), kept as the reference --
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def _ref_escape(value: str) -> str:
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _ref_iri(iri: str, prefixes) -> str:
    for prefix, ns in prefixes:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if _LOCAL.match(local):
                return f"{prefix}:{local}"
    escaped = "".join(f"\\u{ord(c):04X}" if c in '<>"{}|^`\\' or ord(c) <= 0x20 else c for c in iri)
    return f"<{escaped}>"


def _ref_n3(term, prefixes) -> str:
    if isinstance(term, URIRef):
        return _ref_iri(str(term), prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    text = f'"{_ref_escape(str(term))}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and str(term.datatype) != str(ns.XSD.string):
        return f"{text}^^{_ref_iri(str(term.datatype), prefixes)}"
    return text


def _ref_key(term) -> tuple:
    kind = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    if isinstance(term, Literal):
        return (kind, str(term), term.language or "", str(term.datatype or ""))
    return (kind, str(term), "", "")


def reference_turtle(triples, prefixes: dict[str, str]) -> bytes:
    rdf_type = str(ns.RDF.type)
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    out = io.BytesIO()
    out.write("".join(f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(prefixes.items())).encode())
    for subject in sorted(by_subject, key=_ref_key):
        pairs = sorted(set(by_subject[subject]), key=lambda po: (str(po[0]) != rdf_type, _ref_key(po[0]), _ref_key(po[1])))
        lines = [f"\n{_ref_n3(subject, ordered)}"]
        previous = None
        for p, o in pairs:
            pred = "a" if str(p) == rdf_type else _ref_n3(p, ordered)
            obj = _ref_n3(o, ordered)
            if p == previous:
                lines.append(f",\n        {obj}")
            else:
                lines.append(f"{' ;' if previous is not None else ''}\n    {pred} {obj}")
            previous = p
        lines.append(" .\n")
        out.write("".join(lines).encode())
    return out.getvalue()


def _tricky_triples() -> list[tuple]:
    kg = "https://w3id.org/policy-kg/ontology#"
    base = "https://w3id.org/policy-kg/id/"
    triples = []
    for i in range(600):
        s = URIRef(f"{base}statement/{i * 7919 % 1000:04x}")
        triples += [
            (s, ns.RDF.type, URIRef(kg + "Evidence")),
            (s, ns.RDF.type, ns.RDF.Statement),
            (s, ns.RDFS.label, Literal(f"第{i}条“引号”\n换行\t制表\\反斜杠", lang="zh")),
            (s, URIRef(kg + "sentenceIndex"), Literal(i % 13, datatype=ns.XSD.integer)),
            (s, URIRef(kg + "value"), Literal(str(i % 5), datatype=ns.XSD.decimal)),
            (s, URIRef(kg + "unit"), Literal("%")),
            (s, URIRef(kg + "unit"), Literal("%", datatype=ns.XSD.string)),
            (s, URIRef(kg + "odd"), URIRef("http://example.org/a b<c>{d}")),
            (s, URIRef(kg + "blank"), BNode(f"b{i % 9}")),
            (BNode(f"b{i % 9}"), URIRef(kg + "name"), Literal("空白节点")),
            (s, URIRef("http://example.org/has-dash_and.dot"), Literal("x")),
        ]
    triples += triples[:50]  # duplicates are written once
    return triples


@pytest.mark.parametrize("spill", [10**9, 97, 1000])
def test_spool_writes_what_the_reference_writer_wrote(spill: int, tmp_path: Path):
    prefixes = {**PREFIXES, "kgr": "https://w3id.org/policy-kg/id/"}
    triples = _tricky_triples()
    spool = TurtleSpool(prefixes, spill_triples=spill, spill_dir=str(tmp_path))
    for triple in reversed(triples):  # any order in
        spool.add(triple)
    out = io.BytesIO()
    stats = spool.write(out)
    assert out.getvalue() == reference_turtle(triples, prefixes)
    assert stats.triples == len(set(triples))
    assert stats.types[str(ns.RDF.Statement)] == 600
    assert list(tmp_path.iterdir()) == []  # spill files are gone


def test_streamed_seeds_equal_the_graph_path(seed_paths):
    from kg.export.turtle import export_turtle
    from kg.graph.builder import GraphBuilder
    from kg.export.spool import TurtleSpool
    from kg.export.turtle import turtle_prefixes
    from kg.parallel import extract_corpus as build

    builder = GraphBuilder()
    build(seed_paths, builder)
    via_graph, streamed = io.BytesIO(), io.BytesIO()
    graph = builder.graph()
    export_turtle(graph, via_graph, base_iri=builder.base)
    spool = TurtleSpool(turtle_prefixes(builder.base))
    builder.emit(spool)
    stats = spool.write(streamed)
    assert streamed.getvalue() == via_graph.getvalue()
    assert via_graph.getvalue() == reference_turtle(graph, {**PREFIXES, "kgr": builder.base})
    assert stats.triples == len(graph)


def test_merging_builders_equals_adding_one_by_one(seed_paths, tmp_path: Path):
    """Including a duplicated article (same content, two files): one copy describes it, the same
    whichever order the copies come in (the one published first, then by file name)."""
    import shutil

    from kg.graph.builder import GraphBuilder
    from kg.pipeline import extract_file

    copy = tmp_path / "zz_copy.txt"
    shutil.copy(seed_paths[1], copy)
    extractions = [extract_file(p) for p in [*seed_paths, copy]]
    whole = GraphBuilder()
    for e in extractions:
        whole.add(e)
    merged = GraphBuilder()
    for cut in ([0, 2], [2, 3], [3, 6]):
        part = GraphBuilder()
        for e in extractions[cut[0] : cut[1]]:
            part.add(e)
        merged.merge(part)
    a, b = TurtleSpool(PREFIXES), TurtleSpool(PREFIXES)
    whole.emit(a)
    merged.emit(b)
    out_a, out_b = io.BytesIO(), io.BytesIO()
    a.write(out_a)
    b.write(out_b)
    assert out_a.getvalue() == out_b.getvalue()
    backwards = GraphBuilder()
    for e in reversed(extractions):
        backwards.add(e)
    c, out_c = TurtleSpool(PREFIXES), io.BytesIO()
    backwards.emit(c)
    c.write(out_c)
    assert out_c.getvalue() == out_a.getvalue()
    assert b"zz_copy.txt" not in out_a.getvalue() and seed_paths[1].name.encode() in out_a.getvalue()


@pytest.mark.parametrize("sentence", ["普通的一句话。", 'a "quoted" {brace} \\ back\nslash', "{0}{1}}{"])
def test_block_template_writes_what_rendering_each_block_writes(sentence: str):
    from kg.export.spool import BlockTemplate, iri_key, literal_key, pair

    kg = "https://w3id.org/policy-kg/ontology#"
    rdf = str(ns.RDF)
    prefixes = {**PREFIXES, "kgr": "https://w3id.org/policy-kg/id/"}
    integer = str(ns.XSD.integer)
    spec = [(iri_key(rdf + "type"), iri_key(rdf + "Statement")), (iri_key(kg + "sentence"), ("zh", "")),
            (iri_key(rdf + "subject"), "iri"), (iri_key(kg + "startOffset"), ("", integer))]
    values = ["https://w3id.org/policy-kg/id/plan/x y", sentence, "12"]
    by_template, by_pairs = TurtleSpool(prefixes), TurtleSpool(prefixes)
    BlockTemplate(by_template, spec).fill("https://w3id.org/policy-kg/id/statement/1", [values[1], values[0], values[2]])
    by_pairs.add_block("https://w3id.org/policy-kg/id/statement/1", [
        pair(iri_key(rdf + "type"), iri_key(rdf + "Statement")), pair(iri_key(kg + "sentence"), literal_key(sentence, "zh")),
        pair(iri_key(rdf + "subject"), iri_key(values[0])), pair(iri_key(kg + "startOffset"), literal_key("12", "", integer))])
    a, b = io.BytesIO(), io.BytesIO()
    stats_a, stats_b = by_template.write(a), by_pairs.write(b)
    assert a.getvalue() == b.getvalue()
    assert stats_a == stats_b and stats_a.triples == 4
