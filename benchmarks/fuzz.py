"""Fuzz loader -> document -> extractors -> graph -> every exporter with hypothesis.

Each example is one article file: Markdown with YAML front matter, an HTML page, plain text, or raw
bytes, filled with Chinese policy phrases, hostile characters (controls, line separators,
noncharacters, markup, quotes, formula starts) and random text, in UTF-8, GB18030 or UTF-16. What
must hold for every input: loading either reads it or raises InputError (nothing else); the
graph of what was read is written by every registered exporter, and the RDF outputs (Turtle,
N-Triples, TriG, JSON-LD) parse back in pyoxigraph with the same number of triples.

    python benchmarks/fuzz.py -n 20000          # the long run; figures in the README
    pytest tests/hostile/test_fuzz.py            # a short, bounded run in CI
"""
from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PHRASES = ["工业和信息化部", "国家发展改革委", "印发", "《“十四五”智能制造发展规划》", "《规划》提出", "到2025年",
           "达到70%", "实施智能制造示范行动", "部长", "肖亚庆", "司长", "。", "，", "、", "\n", "\n\n", "一是",
           "=HYPERLINK(\"http://x\")", "<script>alert(1)</script>", "]]>", "\\", '"', "'", "{}", "&amp;", "&#0;",
           "\x1b[31m", "\x00", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\ufffe", "\uffff", "\ufeff", "\u200b",
           "2021-02-30", "2021-12-28T10:00:00+99:00", "0001-01-01", "9999-12-31", "---", "*a", "&a", "!!binary",
           "<div>", "</div>", "<p>", "</p>", "<meta name=\"pubdate\" content=\"2021-13-45\">", "http://a b/<c>"]

text = st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=30).map("".join)
yaml_value = st.one_of(text.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"')
                                 .replace("\n", "\\n") + '"'),
                       st.sampled_from(["[a, b]", "{a: 1}", "!!binary aGk=", "2021-13-45", "&x [1, *x]", "~", "12",
                                        "2021-12-28 10:00:00 +08:00", "*undefined", "[" * 50]))


@st.composite
def article(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["md", "html", "txt", "bytes"]))
    if kind == "bytes":
        return draw(st.sampled_from(["x.txt", "x.md", "x.html"])), draw(st.binary(max_size=300))
    body = draw(text)
    if kind == "md":
        fields = draw(st.lists(st.tuples(st.sampled_from(["title", "date", "url", "author", "source", "categories",
                                                          "tags", "link"]), yaml_value), max_size=6))
        content = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n\n" + body
    elif kind == "html":
        head = draw(text)
        content = f"<html><head><title>{head}</title></head><body><div class=\"info\">{draw(text)}</div>" \
                  f"<p>{body}</p></body></html>"
    else:
        content = draw(text) + "\n" + draw(st.sampled_from(["2021年12月28日", "2021-12-28", ""])) + "\n" + body
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-16"]))
    data = content.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    return f"a.{kind}", data


def check(name: str, data: bytes, folder: Path) -> None:
    """One example: what must hold (see the module)."""
    import pyoxigraph as ox

    from kg.errors import InputError
    from kg.export import EXPORTERS, export
    from kg.graph.builder import GraphBuilder
    from kg.pipeline import extract_file

    path = folder / name
    path.write_bytes(data)
    try:
        extraction = extract_file(path)
    except InputError:
        return
    builder = GraphBuilder("https://w3id.org/policy-kg/id/")
    builder.add(extraction)
    graph = builder.graph()
    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
               "jsonld": ox.RdfFormat.JSON_LD}
    for fmt in EXPORTERS.names():
        stream = io.BytesIO()
        export(graph, stream, fmt)
        if fmt in formats:
            store = ox.Store()
            store.load(stream.getvalue(), format=formats[fmt])
            assert len(store) == len(graph), fmt
        elif fmt != "neo4j":
            stream.getvalue().decode("utf-8")


def run(examples: int, seed: int | None = None) -> dict:
    """Run ``examples`` inputs; return the figures."""
    tried = {"inputs": 0}
    folder = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is not None,
              suppress_health_check=list(HealthCheck))
    @given(article())
    def one(example):
        tried["inputs"] += 1
        check(*example, folder)

    started = time.perf_counter()
    one()
    return {"inputs tried": tried["inputs"], "failures": 0, "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=20000, help="examples to try")
    parser.add_argument("--seed", type=int, default=None, help="derandomize (same inputs every run)")
    args = parser.parse_args()
    print(run(args.n, args.seed))


if __name__ == "__main__":
    main()
