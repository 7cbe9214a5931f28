"""The HTML view as bytes: offline, escaped, legend and counts, cuts, focus, and `kg html`."""
from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.errors import UsageError
from kg.export.html import export_html, json_for_script, read_corpus

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "html_fixture.ttl"
ID = "https://w3id.org/policy-kg/id/"
MINISTRY = ID + "organization/o000000000000002"  # 工业和信息化部, alias <img onerror>
STATE_COUNCIL = ID + "organization/o000000000000001"
NDRC = ID + "organization/o000000000000003"
OFFICE = ID + "organization/o000000000000004"
STATS_BUREAU = ID + "organization/o000000000000005"  # no relations at all
MINISTER = ID + "official/p000000000000001"
VICE_MINISTER = ID + "official/p000000000000002"  # post without org:postIn
PLAN_DIGITAL = ID + "plan/l000000000000001"
PLAN_FUSION = ID + "plan/l000000000000002"
INITIATIVE = ID + "initiative/i000000000000001"
TARGET = ID + "target/g000000000000001"
SCRIPT_TITLE = "<script>window.__pwned=1</script>"
IMG_ALIAS = '<img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def render(graph: Graph, **options) -> str:
    stream = io.BytesIO()
    export_html(graph, stream, **options)
    return stream.getvalue().decode("utf-8")


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "the page carries its data as a JSON island"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def page(graph) -> str:
    return render(graph)


# ---------------------------------------------------------------- offline

def test_page_loads_nothing_from_the_network(page):
    assert not re.search(r"""(?i)\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page)
    assert not re.search(r"(?i)<link\b", page), "styles are inline, no <link>"
    assert not re.search(r"(?i)@import|url\(\s*['\"]?\s*(?:https?:)?//", page)
    assert "cdn" not in page.lower()
    assert "sourceMappingURL" not in page
    assert page.count("</script>") == 3  # data island, vis-network, page script


def test_csp_allows_only_the_pages_own_scripts(page):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert "default-src 'none'" in csp
    assert "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", csp)) == 2


def test_vis_network_is_inlined_from_pyvis(page):
    import pyvis

    library = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    assert library[:2000] in page


# ---------------------------------------------------------------- escaping

def test_untrusted_text_never_appears_as_markup(page):
    assert SCRIPT_TITLE not in page
    assert "<img" not in page
    assert "<b>工信部</b>" not in page
    outside_scripts = re.sub(r"(?s)<script\b[^>]*>.*?</script>", "", page)
    assert "__pwned" not in outside_scripts and "onerror" not in outside_scripts
    assert '\\u003cimg src=x onerror=\\"window.__pwned=2\\"\\u003e' in page  # inert JSON text


def test_untrusted_text_survives_as_data(page):
    data = page_data(page)
    assert [SCRIPT_TITLE, "2021-11-30", ""] in data["articles"], "javascript: URL dropped, title kept as text"
    assert IMG_ALIAS in data["info"][MINISTRY]["alt"]
    sentences = [e[0] for e in data["info"][MINISTRY]["evidence"]]
    assert "<b>工信部</b>印发规划 <script>window.__pwned=4</script>&amp;" in sentences


def test_json_for_script_cannot_close_the_script():
    value = {"t": "</script><!-- & \u2028 \u2029 >"}
    text = json_for_script(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_title_option_is_escaped(graph):
    page = render(graph, title='<img src=x onerror="alert(1)"> 政策')
    assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 政策" in page


# ---------------------------------------------------------------- what is drawn

def test_nodes_are_the_entities_and_posts_are_edges(page):
    data = page_data(page)
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {MINISTRY, STATE_COUNCIL, NDRC, OFFICE, STATS_BUREAU, MINISTER, VICE_MINISTER,
                   PLAN_DIGITAL, PLAN_FUSION, INITIATIVE, TARGET}
    edges = {(e["from"], e["label"], e["to"]) for e in data["edges"]}
    assert edges == {
        (PLAN_DIGITAL, "issuedBy", STATE_COUNCIL), (PLAN_FUSION, "issuedBy", MINISTRY),
        (PLAN_FUSION, "issuedBy", NDRC), (PLAN_DIGITAL, "hasTarget", TARGET), (INITIATIVE, "partOf", PLAN_FUSION),
        (OFFICE, "subOrganizationOf", MINISTRY), (MINISTER, "部长", MINISTRY),
    }
    assert data["info"][VICE_MINISTER]["posts"] == ["副部长"]


def test_each_type_has_its_own_shape_and_colour(page):
    data = page_data(page)
    groups = data["options"]["groups"]
    assert len({g["shape"] for g in groups.values()}) == 5
    assert len({g["color"]["background"] for g in groups.values()}) == 5
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id[MINISTRY]["group"] == "Organization" and by_id[TARGET]["group"] == "Target"
    assert by_id[MINISTRY]["shape"] == groups["Organization"]["shape"]


def test_node_size_follows_article_count(page):
    sizes = {n["id"]: n["size"] for n in page_data(page)["nodes"]}
    assert sizes[MINISTRY] == max(sizes.values())  # 4 articles
    assert sizes[STATE_COUNCIL] > sizes[PLAN_FUSION] > sizes[NDRC]  # 3 > 2 > 1


def test_details_hold_names_articles_and_evidence(page):
    info = page_data(page)["info"]
    ministry = info[MINISTRY]
    assert ministry["label"] == "工业和信息化部" and ministry["kind"] == "Ministry"
    assert "工信部" in ministry["alt"]
    assert len(ministry["articles"]) == 4
    assert info[TARGET]["facts"] == [["indicator", "数字经济核心产业增加值占GDP比重"], ["year", "2025"],
                                     ["value", "达到 10%"]]
    # evidence of a node: statements whose subject or object it is
    assert [e[1] for e in info[PLAN_DIGITAL]["evidence"]] == ["hasTarget"]
    assert [e[1] for e in info[INITIATIVE]["evidence"]] == ["partOf"]
    holds = [e for e in page_data(page)["edgeInfo"].values() if e["relation"] == "holds"]
    assert holds[0]["label"] == "部长"
    assert holds[0]["evidence"][0][0].startswith("工业和信息化部部长肖亚庆")


def test_header_has_counts_dates_and_legend(page):
    header = re.search(r"<header>.*?</header>", page, re.S).group(0)
    for count, name in ((5, "Organization"), (2, "Official"), (2, "Plan"), (1, "Initiative"), (1, "Target")):
        assert f"<b>{count}</b> {name}" in header
    assert "<b>4</b> articles" in header
    assert "2021-11-30 – 2022-03-15" in header  # the undated article does not count
    assert "Showing all 11 entities" in header
    for name in ("Organization", "Official", "Plan", "Initiative", "Target"):
        assert f'<input type="checkbox" data-type="{name}" checked>' in page
    for relation in ("issuedBy", "partOf", "hasTarget", "subOrganizationOf", "holds"):
        assert f"<span>{relation}</span>" in page


def test_output_is_deterministic(graph):
    first = render(graph)
    assert render(graph) == first
    triples = list(graph)
    random.Random(7).shuffle(triples)
    shuffled = Graph()
    for triple in triples:
        shuffled.add(triple)
    assert render(shuffled) == first


# ---------------------------------------------------------------- max-nodes and focus

def test_max_nodes_keeps_the_most_connected(graph):
    page = render(graph, max_nodes=3)
    data = page_data(page)
    assert {n["id"] for n in data["nodes"]} == {MINISTRY, PLAN_FUSION, PLAN_DIGITAL}
    assert all(e["from"] in {MINISTRY, PLAN_FUSION, PLAN_DIGITAL} and e["to"] in {MINISTRY, PLAN_FUSION, PLAN_DIGITAL}
               for e in data["edges"])
    assert "Showing 3 of 11 entities" in page
    assert "8 are left out" in page
    assert "<b>5</b> Organization" in page  # header counts are for the whole graph


def test_max_nodes_zero_keeps_all(graph):
    assert len(page_data(render(graph, max_nodes=0))["nodes"]) == 11


@pytest.mark.parametrize("name", ["工信部", "工业和信息化部", MINISTRY, "ＯＮＥＲＲＯＲ"])
def test_focus_by_any_name(graph, name):
    data = page_data(render(graph, focus=name))
    assert data["focus"] == MINISTRY
    assert {n["id"] for n in data["nodes"]} == {MINISTRY, PLAN_FUSION, OFFICE, MINISTER}


def test_focus_depth(graph):
    two = page_data(render(graph, focus="工信部", depth=2))
    assert {n["id"] for n in two["nodes"]} == {MINISTRY, PLAN_FUSION, OFFICE, MINISTER, NDRC, INITIATIVE}
    zero = page_data(render(graph, focus="统计局", depth=0))
    assert [n["id"] for n in zero["nodes"]] == [STATS_BUREAU]
    page = render(graph, focus="工信部", depth=2, max_nodes=2)
    assert {n["id"] for n in page_data(page)["nodes"]} == {MINISTRY, PLAN_FUSION}  # nearest, most connected
    assert "Centred on <b>工业和信息化部</b>" in page


def test_focus_by_unique_substring_and_typo_hint(graph):
    assert page_data(render(graph, focus="国家统计", depth=0))["focus"] == STATS_BUREAU
    with pytest.raises(UsageError, match="no entity has that name; did you mean: 国家统计局"):
        render(graph, focus="国家统记局")


def test_unknown_and_ambiguous_focus(graph):
    with pytest.raises(UsageError, match=r"--focus '交通运输部': no entity has that name"):
        render(graph, focus="交通运输部")
    with pytest.raises(UsageError, match=r"matches \d+ entities: .*give a longer name") as error:
        render(graph, focus="部")
    assert len(str(error.value)) < 400


def test_bad_options(graph):
    with pytest.raises(UsageError, match="--depth"):
        render(graph, depth=-1)
    with pytest.raises(UsageError, match="--max-nodes"):
        render(graph, max_nodes=-3)


def test_empty_graph_renders():
    page = render(Graph())
    assert page_data(page)["nodes"] == []
    assert "Showing all 0 entities" in page and "no publication dates" in page


def test_read_corpus_ignores_posts_articles_and_statements(graph):
    corpus = read_corpus(graph)
    assert len(corpus.entities) == 11
    assert corpus.neighbours[STATS_BUREAU] == set()


# ---------------------------------------------------------------- kg html

def run(*args: str):
    from kg.cli import main

    return CliRunner().invoke(main, ["html", *args])


def test_cli_writes_next_to_the_graph(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(FIXTURE.read_bytes())
    result = run(str(graph), "--title", "测试", "--max-nodes", "5")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "<title>测试</title>" in page and "Showing 5 of 11 entities" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]  # no temp file left
    (tmp_path / "graph.html").unlink()
    assert run(str(tmp_path)).exit_code == 0  # a folder means its graph.ttl, as `kg build --out` writes it
    assert (tmp_path / "graph.html").is_file()


def test_cli_out_focus_depth(tmp_path):
    out = tmp_path / "sub" / "view.html"
    result = run(str(FIXTURE), "--out", str(out), "--focus", "发改委", "--depth", "2")
    assert result.exit_code == 0, result.output
    assert page_data(out.read_text(encoding="utf-8"))["focus"] == NDRC


def test_cli_missing_graph(tmp_path):
    missing = tmp_path / "nope.ttl"
    result = run(str(missing))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {missing}: ")
    assert not (tmp_path / "nope.html").exists()


def test_cli_unparsable_graph(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    result = run(str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {bad}: ")
    assert len(result.stderr.splitlines()) == 1


def test_cli_unknown_focus(tmp_path):
    out = tmp_path / "x.html"
    result = run(str(FIXTURE), "--out", str(out), "--focus", "交通运输部")
    assert result.exit_code == 2
    assert "kg: error: --focus '交通运输部': no entity has that name" in result.stderr
    assert not out.exists()


def test_cli_help_documents_every_option():
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--out", "--focus", "--depth", "--max-nodes", "--title"):
        assert option in result.output
    assert "output/graph.ttl" in result.output


def test_a_shared_post_keeps_each_officials_evidence_apart():
    """Post IRIs are per post, not per holder: 部长 of one ministry can be held by two officials in turn."""
    from rdflib import RDF, RDFS, Literal, Namespace, URIRef

    kg, org = Namespace("https://w3id.org/policy-kg/ontology#"), Namespace("http://www.w3.org/ns/org#")
    g = Graph()
    ministry, post = URIRef(ID + "organization/m"), URIRef(ID + "post/minister")
    g.add((ministry, RDF.type, kg.Ministry))
    g.add((ministry, RDFS.label, Literal("工业和信息化部", lang="zh")))
    g.add((post, RDF.type, org.Post))
    g.add((post, kg.title, Literal("部长", lang="zh")))
    g.add((post, org.postIn, ministry))
    for n, name in enumerate(("苗圩", "肖亚庆")):
        person, statement = URIRef(ID + f"official/{n}"), URIRef(ID + f"statement/{n}")
        g.add((person, RDF.type, kg.Official))
        g.add((person, RDFS.label, Literal(name, lang="zh")))
        g.add((person, org.holds, post))
        g.add((statement, RDF.type, RDF.Statement))
        g.add((statement, RDF.subject, person))
        g.add((statement, RDF.predicate, org.holds))
        g.add((statement, RDF.object, post))
        g.add((statement, kg.sentence, Literal(f"工业和信息化部部长{name}表示", lang="zh")))
    data = page_data(render(g))
    by_from = {e["from"]: data["edgeInfo"][e["id"]] for e in data["edges"]}
    assert [s for s, _ in by_from[ID + "official/0"]["evidence"]] == ["工业和信息化部部长苗圩表示"]
    assert [s for s, _ in by_from[ID + "official/1"]["evidence"]] == ["工业和信息化部部长肖亚庆表示"]
