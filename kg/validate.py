"""SHACL validation of a built graph against ``ontology/shapes.ttl``, as SPARQL over an Oxigraph store.

pyshacl holds the whole data graph in rdflib and infers RDFS over it first: for a
10,000-article graph that takes minutes and gigabytes. Here the shapes are compiled
into SPARQL queries (:func:`compile_shapes`), one per constraint, run by Oxigraph
over an on-disk store (the graph.ttl bulk-loaded into a scratch store, or a store
``kg build --store`` wrote), so memory stays bounded whatever the graph's size.

The RDFS inference pyshacl is asked for (``inference="rdfs"`` with the ontology)
is done in the queries: the ontology is small, so the classes below each class, the
properties below each property and the properties whose domain or range is a class
are worked out here and written into the queries as ``VALUES``. A node is an
instance of C when it is typed with a subclass of C, or is the subject (object) of a
property whose domain (range) is a subclass of C; a node's values for a path are
those of the path and of its subproperties.

The SHACL Core constraints the shapes use are supported — ``sh:targetClass``,
``sh:targetSubjectsOf``, ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:class``, ``sh:nodeKind``, ``sh:minLength``, ``sh:minInclusive`` and ``sh:or``
of property shapes with counts —, and a shape using any other fails loudly
(:class:`GraphError`), never silently passes. ``tests/test_validate.py`` checks the
findings equal pyshacl's (:func:`validate_with_pyshacl`) on the seeds and on
deliberately broken graphs.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from kg.errors import GraphError
from kg.store import load_in_pieces

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SUPPORTED = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.minLength,
              SH.minInclusive, SH.message, SH.severity, SH.name, SH.description, RDFS.comment, RDF.type,
              SH.targetClass, SH.targetSubjectsOf, SH.property, SH["or"]}
_NODE_KINDS = {SH.IRI: "isIRI(?value)", SH.Literal: "isLiteral(?value)", SH.BlankNode: "isBlank(?value)",
               SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
               SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
               SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))"}


@dataclass(frozen=True)
class Violation:
    severity: str  # Violation, Warning or Info
    focus: str
    path: str
    message: str
    value: str
    label: str = field(default="", compare=False)  # how the focus node is named for people (see describe)


def ontology_file(name: str) -> str:
    """The text of ``ontology/NAME`` as the package ships it (``kg.ontology``)."""
    return resources.files("kg.ontology").joinpath(name).read_text(encoding="utf-8")


def _bundled(name: str) -> Graph:
    g = Graph()
    g.parse(data=ontology_file(name), format="turtle")
    return g


def load_graph(path: str | Path) -> Graph:
    """Parse a Turtle graph into rdflib, naming the file in any error (small graphs, tests)."""
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file")
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser types
        raise GraphError(f"{path}: not a readable Turtle graph: {exc}") from None
    return g


def validate_with_pyshacl(graph: Graph) -> list[Violation]:
    """Every SHACL result for an rdflib ``graph`` from pyshacl (the reference :func:`validate` agrees with)."""
    from pyshacl import validate as shacl_validate

    _, report, _ = shacl_validate(graph, shacl_graph=_bundled("shapes.ttl"), ont_graph=_bundled("policy-kg.ttl"),
                                  inference="rdfs", abort_on_first=False, allow_warnings=True)
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        def one(p: URIRef) -> str:
            value = report.value(result, p)
            return "" if value is None else str(value)

        severity = one(SH.resultSeverity).rsplit("#", 1)[-1]
        results.append(Violation(severity, one(SH.focusNode), one(SH.resultPath), one(SH.resultMessage),
                                 one(SH.value)))
    return _sorted(results)


def _sorted(results: list[Violation]) -> list[Violation]:
    return sorted(set(results), key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message, v.value))


# --------------------------------------------------------------------------- the ontology's closure

class Ontology:
    """Subclasses, subproperties, domains and ranges, closed under rdfs:subClassOf / subPropertyOf."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _below(self, node: URIRef, predicate: URIRef) -> set[URIRef]:
        return {x for x in self.graph.transitive_subjects(predicate, node) if isinstance(x, URIRef)}

    def subclasses(self, cls: URIRef) -> set[URIRef]:
        return self._below(cls, RDFS.subClassOf) | {cls}

    def subproperties(self, prop: URIRef) -> set[URIRef]:
        return self._below(prop, RDFS.subPropertyOf) | {prop}

    def properties_with(self, which: URIRef, cls: URIRef) -> set[URIRef]:
        """Properties whose rdfs:domain (``which``) or rdfs:range lies below ``cls``, with their subproperties."""
        classes = self.subclasses(cls)
        found: set[URIRef] = set()
        for prop, target in self.graph.subject_objects(which):
            if target in classes and isinstance(prop, URIRef):
                found |= self.subproperties(prop)
        return found


def _values(terms) -> str:
    return " ".join(f"<{t}>" for t in sorted(terms, key=str))


def _instance(var: str, cls: URIRef, ontology: Ontology) -> str:
    """A graph pattern binding ``var`` to the instances of ``cls`` (RDFS entailment)."""
    parts = [f"{{ {var} a ?_c . VALUES ?_c {{ {_values(ontology.subclasses(cls))} }} }}"]
    domains = ontology.properties_with(RDFS.domain, cls)
    if domains:
        parts.append(f"{{ {var} ?_d [] . VALUES ?_d {{ {_values(domains)} }} }}")
    ranges = ontology.properties_with(RDFS.range, cls)
    if ranges:
        # as pyshacl's inference does, a literal object of such a property is an instance too
        parts.append(f"{{ [] ?_r {var} . VALUES ?_r {{ {_values(ranges)} }} }}")
    return " UNION ".join(parts)


def _is_instance(var: str, cls: URIRef, ontology: Ontology) -> str:
    """A filter expression: ``var`` is an instance of ``cls``."""
    tag = f"{abs(hash((var, str(cls)))) % 10**8}"
    pattern = _instance(var, cls, ontology).replace("?_c", f"?_c{tag}").replace("?_d", f"?_d{tag}")
    return f"EXISTS {{ {pattern.replace('?_r', f'?_r{tag}')} }}"


# --------------------------------------------------------------------------- compiling the shapes

@dataclass
class Check:
    """One constraint as a query: its rows are (focus, value?) of the nodes that break it."""

    shape: str
    severity: str
    path: str
    message: str
    query: str
    has_value: bool


def _literal(term: Any) -> str:
    if isinstance(term, Literal):
        return term.n3()
    return f"<{term}>"


def _message(given: Any, default: str) -> str:
    return str(given) if given is not None else default


def compile_shapes(shapes: Graph, ontology: Ontology) -> list[Check]:
    """Every constraint of every node shape in ``shapes`` as a :class:`Check`."""
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        _supported(shapes, shape)
        targets = []
        for cls in shapes.objects(shape, SH.targetClass):
            targets.append(_instance("?focus", cls, ontology))
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            targets.append(f"{{ ?focus ?_t [] . VALUES ?_t {{ {_values(ontology.subproperties(prop))} }} }}")
        if not targets:
            continue
        target = f"{{ SELECT DISTINCT ?focus WHERE {{ {' UNION '.join(targets)} }} }}"
        severity = _SEVERITY[shapes.value(shape, SH.severity) or SH.Violation]
        node_message = shapes.value(shape, SH.message)
        for prop in sorted(shapes.objects(shape, SH.property), key=lambda p: str(shapes.value(p, SH.path))):
            _supported(shapes, prop)
            checks += _property_checks(shapes, shape, prop, target, ontology)
        alternatives = shapes.value(shape, SH["or"])
        if alternatives is not None:
            conforms = []
            for alternative in Collection(shapes, alternatives):
                conforms.append(_conforms(shapes, alternative, ontology))
            query = (f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER(!({' || '.join(conforms)})) }}")
            message = (str(node_message).replace("{", "{{").replace("}", "}}") if node_message is not None
                       else "Node {focus} must conform to one or more shapes in sh:or")
            checks.append(Check(str(shape), severity, "", message, query, False))
    return checks


def _supported(shapes: Graph, node: Any) -> None:
    unknown = {p for p in shapes.predicates(node, None) if p not in _SUPPORTED}
    if unknown:
        raise GraphError(f"shapes.ttl: {node} uses {', '.join(sorted(str(p) for p in unknown))}, "
                         "which kg validate does not implement")


def _path_values(shapes: Graph, prop: Any, ontology: Ontology, focus: str = "?focus") -> tuple[URIRef, str]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise GraphError(f"shapes.ttl: only predicate paths are supported, not {path}")
    return path, f"{focus} ?_p ?value . VALUES ?_p {{ {_values(ontology.subproperties(path))} }}"


def _conforms(shapes: Graph, alternative: Any, ontology: Ontology) -> str:
    """A filter expression: the focus node conforms to the property shape ``alternative`` (counts only)."""
    _supported(shapes, alternative)
    if set(shapes.predicates(alternative, None)) - {SH.path, SH.minCount, SH.maxCount}:
        raise GraphError(f"shapes.ttl: in sh:or only sh:minCount / sh:maxCount are supported ({alternative})")
    path = shapes.value(alternative, SH.path)
    subs = _values(ontology.subproperties(path))
    tests = ["true"]
    low = shapes.value(alternative, SH.minCount)
    if low is not None and int(low) > 0:
        tests.append(f"EXISTS {{ {{ SELECT ?focus (COUNT(DISTINCT ?_v) AS ?_n) WHERE {{ ?focus ?_q ?_v . "
                     f"VALUES ?_q {{ {subs} }} }} GROUP BY ?focus }} FILTER(?_n >= {int(low)}) }}")
    high = shapes.value(alternative, SH.maxCount)
    if high is not None:
        tests.append(f"NOT EXISTS {{ {{ SELECT ?focus (COUNT(DISTINCT ?_v) AS ?_n) WHERE {{ ?focus ?_q ?_v . "
                     f"VALUES ?_q {{ {subs} }} }} GROUP BY ?focus }} FILTER(?_n > {int(high)}) }}")
    return "(" + " && ".join(tests) + ")"


def _property_checks(shapes: Graph, shape: Any, prop: Any, target: str, ontology: Ontology) -> list[Check]:
    path, values = _path_values(shapes, prop, ontology)
    severity = _SEVERITY[shapes.value(prop, SH.severity) or SH.Violation]
    given = shapes.value(prop, SH.message)
    checks = []

    from pyshacl.rdfutil.stringify import stringify_node

    def short(term: Any) -> str:  # as pyshacl writes a term of the shapes in its messages
        return stringify_node(shapes, term)

    def add(default: str, query: str, has_value: bool) -> None:
        message = str(given).replace("{", "{{").replace("}", "}}") if given is not None else default
        checks.append(Check(str(shape), severity, str(path), message, query, has_value))

    low = shapes.value(prop, SH.minCount)
    if low is not None and int(low) > 0:
        add(f"Less than {int(low)} values on {{focus}}->{short(path)}",
            f"SELECT ?focus WHERE {{ {target} OPTIONAL {{ {values} }} }} GROUP BY ?focus "
            f"HAVING (COUNT(DISTINCT ?value) < {int(low)})", False)
    high = shapes.value(prop, SH.maxCount)
    if high is not None:
        add(f"More than {int(high)} values on {{focus}}->{short(path)}",
            f"SELECT ?focus WHERE {{ {target} {values} }} GROUP BY ?focus "
            f"HAVING (COUNT(DISTINCT ?value) > {int(high)})", False)

    def each(default: str, ok: str) -> None:
        add(default, f"SELECT DISTINCT ?focus ?value WHERE {{ {target} {values} FILTER(!({ok})) }}", True)

    datatype = shapes.value(prop, SH.datatype)
    if datatype is not None:
        if datatype == RDF.langString:
            ok = "isLiteral(?value) && lang(?value) != ''"
        else:
            ok = f"isLiteral(?value) && lang(?value) = '' && datatype(?value) = <{datatype}>"
        each(f"Value is not Literal with datatype {short(datatype)}", ok)
    cls = shapes.value(prop, SH["class"])
    if cls is not None:
        each(f"Value does not have class {short(cls)}", f"!isLiteral(?value) && {_is_instance('?value', cls, ontology)}")
    kind = shapes.value(prop, SH.nodeKind)
    if kind is not None:
        each(f"Value is not of Node Kind {short(kind)}", _NODE_KINDS[kind])
    length = shapes.value(prop, SH.minLength)
    if length is not None:
        each(f"String length not >= {short(length)}", f"!isBlank(?value) && STRLEN(STR(?value)) >= {int(length)}")
    low_value = shapes.value(prop, SH.minInclusive)
    if low_value is not None:
        each(f"Value is not >= {short(low_value)}", f"isLiteral(?value) && ?value >= {_literal(low_value)}")
    return checks


# --------------------------------------------------------------------------- running them

def _term_text(term: Any) -> str:
    return "" if term is None else str(term.value)


def describe(store: Any, node: Any) -> str:
    """How a node (a pyoxigraph term) is named for people: its label (or indicator, title); a post
    as "HOLDER's post LABEL"; a literal as itself."""
    import pyoxigraph as ox

    if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
        return node.value
    focus = node.value

    def first(*predicates: str) -> str:
        for predicate in predicates:
            values = sorted(q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None))
            if values:
                return values[0]
        return ""

    from kg.graph import DCTERMS, KG, ORG

    label = first(str(RDFS.label), str(KG.title), str(KG.indicator), str(DCTERMS.title))
    holders = sorted({q.subject for q in store.quads_for_pattern(None, ox.NamedNode(str(ORG.holds)),
                                                                   node, None)}, key=str)
    if holders:
        names = []
        for holder in holders:
            found = sorted(q.object.value for q in store.quads_for_pattern(holder, ox.NamedNode(str(RDFS.label)),
                                                                           None, None))
            names.append(found[0] if found else holder.value)
        return f"{'、'.join(names)}'s post {label or focus}"
    return label or focus


def run_checks(store: Any, checks: list[Check], workers: int | None = None) -> Iterator[Violation]:
    """The results of ``checks`` over ``store``, in check order. The queries run on ``workers`` threads
    (default: this machine's cores): Oxigraph evaluates a query without holding the GIL."""
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph as ox

    from kg.parallel import default_workers

    def rows_of(check: Check) -> list:
        try:
            return list(store.query(check.query))
        except (SyntaxError, OSError, ValueError) as exc:  # a bug in the compiled query: say which
            raise GraphError(f"shapes.ttl: the query for {check.shape} {check.path} failed: {exc}") from None

    with ThreadPoolExecutor(max_workers=max(1, workers or default_workers())) as pool:
        answers = pool.map(rows_of, checks)
        for check, rows in zip(checks, answers):
            yield from _violations(store, check, rows, ox)


def _violations(store: Any, check: Check, rows: list, ox: Any) -> Iterator[Violation]:
    for row in rows:
        focus = row["focus"]
        if focus is None:
            continue
        value = _term_text(row["value"]) if check.has_value else ""
        if not check.has_value and check.path == "":
            value = focus.value  # sh:or: pyshacl reports the focus node as the value
        shown = (f"<{focus.value}>" if isinstance(focus, ox.NamedNode) else
                 f"_:{focus.value}" if isinstance(focus, ox.BlankNode) else focus.value)
        yield Violation(check.severity, focus.value, check.path, check.message.format(focus=shown), value,
                        describe(store, focus))


def compiled_checks() -> list[Check]:
    return compile_shapes(_bundled("shapes.ttl"), Ontology(_bundled("policy-kg.ttl")))


def validate_store(store: Any) -> list[Violation]:
    """Every SHACL result for the default graph of a ``pyoxigraph.Store``, warnings included, sorted."""
    return _sorted(list(run_checks(store, compiled_checks())))


def validate(graph: Any) -> list[Violation]:
    """Every SHACL result for ``graph``, warnings included, sorted for stable output.

    ``graph``: a path to an RDF file (Turtle, N-Triples …; loaded into a scratch
    Oxigraph store on disk), a folder holding a store ``kg build --store`` wrote, a
    ``pyoxigraph.Store``, or an rdflib Graph (small graphs: tests).
    """
    import pyoxigraph as ox

    if isinstance(graph, ox.Store):
        return validate_store(graph)
    if isinstance(graph, Graph):
        store = ox.Store()
        store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in graph)
        return validate_store(store)
    path = Path(graph)
    from kg.store import is_store, open_store

    if is_store(path):
        return validate_store(open_store(path))
    with scratch_store(path) as store:
        return validate_store(store)


class scratch_store:  # noqa: N801 - a context manager, used like a function
    """An on-disk Oxigraph store holding the RDF file at ``path``, removed afterwards."""

    def __init__(self, path: Path, count: list | None = None) -> None:
        self.path = Path(path)

    def __enter__(self):
        import pyoxigraph as ox

        if not self.path.is_file():
            raise GraphError(f"{self.path}: no such graph file")
        self._dir = tempfile.mkdtemp(prefix=".kg-validate-", dir=str(self.path.parent) if
                                     _writable(self.path.parent) else None)
        fmt = ox.RdfFormat.from_extension(self.path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        store = ox.Store(self._dir)
        try:
            if fmt == ox.RdfFormat.TURTLE:
                try:
                    load_in_pieces(store, self.path)
                except (SyntaxError, ValueError):  # a blank line inside a long literal: load it whole
                    del store
                    shutil.rmtree(self._dir, ignore_errors=True)
                    store = ox.Store(self._dir)
                    store.bulk_load(path=str(self.path), format=fmt)
            else:
                store.bulk_load(path=str(self.path), format=fmt)
        except (SyntaxError, ValueError) as exc:
            shutil.rmtree(self._dir, ignore_errors=True)
            raise GraphError(f"{self.path}: not a readable graph: {exc}") from None
        self.store = store
        return store

    def __exit__(self, *exc) -> None:
        import gc

        del self.store
        gc.collect()
        shutil.rmtree(self._dir, ignore_errors=True)


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def _ox(term: Any):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


__all__ = ["Violation", "validate", "validate_store", "validate_with_pyshacl", "compile_shapes", "describe",
           "load_graph", "ontology_file", "OWL", "XSD"]
