"""The explorer page as bytes: offline, escaped, everything carried, what is drawn first, focus, and `kg html`.

What the page does with its data (search, filters, tables …) is tested in a browser: tests/browser/.
"""
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


def records(data: dict) -> dict[str, list]:
    """Entity records by IRI: [iri, type, kind, label, alt, articles, facts, posts, neighbours]."""
    return {r[0]: r for r in data["bundle"]["entities"]}


def drawn(data: dict) -> set[str]:
    return {data["bundle"]["entities"][i][0] for i in data["drawn"]}


def relations(data: dict) -> set[tuple[str, str, str]]:
    iris = [r[0] for r in data["bundle"]["entities"]]
    return {(iris[r[0]], r[3], iris[r[1]]) for r in data["bundle"]["relations"]}


def evidence_of(data: dict, source: str, target: str) -> list[str]:
    iris = [r[0] for r in data["bundle"]["entities"]]
    sentences = data["bundle"]["sentences"]
    return [sentences[sid][0] for r in data["bundle"]["relations"] if iris[r[0]] == source and iris[r[1]] == target
            for sid in r[4]]


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


def test_page_parts_are_package_data(page):
    from importlib import resources

    folder = resources.files("kg.export").joinpath("page")
    for name in ("explorer.html", "explorer.css", "explorer.js"):
        assert folder.joinpath(name).is_file(), name
    assert folder.joinpath("explorer.js").read_text(encoding="utf-8") in page
    script = folder.joinpath("explorer.js").read_text(encoding="utf-8")
    assert not re.search(r"\.(?:innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(", script)


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
    titles = {(a[0], a[1], a[3]) for a in data["bundle"]["articles"]}
    assert (SCRIPT_TITLE, "2021-11-30", "") in titles, "javascript: URL dropped, title kept as text"
    assert IMG_ALIAS in records(data)[MINISTRY][4]
    assert "<b>工信部</b>印发规划 <script>window.__pwned=4</script>&amp;" in evidence_of(data, PLAN_FUSION, MINISTRY)


def test_json_for_script_cannot_close_the_script():
    value = {"t": "</script><!-- & \u2028 \u2029 >"}
    text = json_for_script(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_title_option_is_escaped(graph):
    page = render(graph, title='<img src=x onerror="alert(1)"> 政策')
    assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 政策" in page


# ---------------------------------------------------------------- what is carried and drawn

def test_every_entity_and_relation_is_carried(page):
    data = page_data(page)
    assert set(records(data)) == {MINISTRY, STATE_COUNCIL, NDRC, OFFICE, STATS_BUREAU, MINISTER, VICE_MINISTER,
                                  PLAN_DIGITAL, PLAN_FUSION, INITIATIVE, TARGET}
    assert relations(data) == {
        (PLAN_DIGITAL, "issuedBy", STATE_COUNCIL), (PLAN_FUSION, "issuedBy", MINISTRY),
        (PLAN_FUSION, "issuedBy", NDRC), (PLAN_DIGITAL, "hasTarget", TARGET), (INITIATIVE, "partOf", PLAN_FUSION),
        (OFFICE, "subOrganizationOf", MINISTRY), (MINISTER, "部长", MINISTRY),
    }
    assert [p[0] for p in records(data)[VICE_MINISTER][7]] == ["副部长"]
    assert data["meta"]["entities"] == data["meta"]["carried"] == 11


def test_each_type_has_its_own_shape_and_colour(page):
    groups = page_data(page)["options"]["groups"]
    assert len({g["shape"] for g in groups.values()}) == 5
    assert len({g["color"]["background"] for g in groups.values()}) == 5


def test_records_hold_names_articles_posts_and_facts(page):
    data = page_data(page)
    ministry = records(data)[MINISTRY]
    assert ministry[3] == "工业和信息化部" and ministry[2] == "Ministry"
    assert "工信部" in ministry[4]
    assert len(ministry[5]) == 4
    assert records(data)[TARGET][6] == [["indicator", "数字经济核心产业增加值占GDP比重"], ["year", "2025"],
                                        ["value", "达到 10%"]]
    assert evidence_of(data, MINISTER, MINISTRY)[0].startswith("工业和信息化部部长肖亚庆")
    articles = data["bundle"]["articles"]
    minister_posts = records(data)[MINISTER][7]
    assert minister_posts and all(articles[k][1] for k in minister_posts[0][1]), "posts carry dated articles"


def test_a_sentence_is_carried_once_however_many_facts_it_states(page):
    data = page_data(page)
    texts = [s[0] for s in data["bundle"]["sentences"]]
    assert len(texts) == len(set(zip(texts, [s[1] for s in data["bundle"]["sentences"]])))
    shared = [r[4] for r in data["bundle"]["relations"] if len(r[4])]
    assert sum(len(ids) for ids in shared) >= len(texts)


def test_traditional_characters_map_to_the_names_ones(page):
    t2s = page_data(page)["t2s"]
    assert t2s["業"] == "业" and t2s["經"] == "经" and t2s["發"] == "发"  # 工业和信息化部, 数字经济, 发改委
    assert "部" not in t2s and "韓" not in t2s, "same in both scripts; a character no name uses"
    assert all(len(k) == 1 and len(v) == 1 for k, v in t2s.items())


def test_tables_list_plans_targets_officials_organizations(page):
    tables = page_data(page)["tables"]
    assert set(tables) == {"plans", "targets", "officials", "organizations"}
    plans = {row[1]: row for row in tables["plans"]["rows"]}
    assert len(plans) == 2
    fusion = next(row for name, row in plans.items() if "融合" in name)
    assert "工业和信息化部" in fusion[2] and "国家发展和改革委员会" in fusion[2]
    targets = tables["targets"]["rows"]
    assert [row[2:6] for row in targets] == [["数字经济核心产业增加值占GDP比重", "达到 10", "%", 2025]]
    posts = {(row[1], row[2]): row for row in tables["officials"]["rows"]}
    assert posts[("肖亚庆", "工业和信息化部部长")][3:] == ["2021-12-28", "2021-12-28", "2021-12-28"]  # kg:attestedIn a1
    orgs = {row[1]: row for row in tables["organizations"]["rows"]}
    assert orgs["工业和信息化部"][2:6] == ["Ministry", "", "工业和信息化部办公厅", 1]
    assert orgs["工业和信息化部办公厅"][3] == "工业和信息化部"


def test_header_and_legend_are_there_to_fill(page):
    for name in ("Organization", "Official", "Plan", "Initiative", "Target"):
        assert f'<input type="checkbox" data-type="{name}" checked>' in page
    for relation in ("issuedBy", "partOf", "hasTarget", "subOrganizationOf", "holds"):
        assert f'<input type="checkbox" data-relation="{relation}" checked>' in page
    assert 'id="kg-stats"' in page and 'id="kg-shown"' in page and 'id="kg-font"' in page


def test_output_is_deterministic(graph):
    first = render(graph)
    assert render(graph) == first
    triples = list(graph)
    random.Random(7).shuffle(triples)
    shuffled = Graph()
    for triple in triples:
        shuffled.add(triple)
    assert render(shuffled) == first


# ---------------------------------------------------------------- max-nodes, max-entities and focus

def test_max_nodes_draws_the_most_connected_and_carries_the_rest(graph):
    data = page_data(render(graph, max_nodes=3))
    assert drawn(data) == {MINISTRY, PLAN_FUSION, PLAN_DIGITAL}
    assert len(records(data)) == 11, "the page still carries every entity, for search"
    assert data["meta"]["drawn"] == 3


def test_max_nodes_zero_draws_all(graph):
    assert len(page_data(render(graph, max_nodes=0))["drawn"]) == 11


def test_max_entities_cuts_what_the_page_carries_and_says_so(graph):
    data = page_data(render(graph, max_entities=4))
    assert set(records(data)) == {MINISTRY, PLAN_FUSION, PLAN_DIGITAL, STATE_COUNCIL}
    assert data["meta"]["entities"] == 11 and data["meta"]["carried"] == 4
    assert all(max(r[0], r[1]) < 4 for r in data["bundle"]["relations"])


@pytest.mark.parametrize("name", ["工信部", "工业和信息化部", "工業和信息化部", MINISTRY, "ＯＮＥＲＲＯＲ"])
def test_focus_by_any_name(graph, name):
    data = page_data(render(graph, focus=name))
    assert records(data)[MINISTRY][0] == data["bundle"]["entities"][data["focus"]][0]
    assert drawn(data) == {MINISTRY, PLAN_FUSION, OFFICE, MINISTER}


def test_focus_depth(graph):
    two = page_data(render(graph, focus="工信部", depth=2))
    assert drawn(two) == {MINISTRY, PLAN_FUSION, OFFICE, MINISTER, NDRC, INITIATIVE}
    zero = page_data(render(graph, focus="统计局", depth=0))
    assert drawn(zero) == {STATS_BUREAU}
    data = page_data(render(graph, focus="工信部", depth=2, max_nodes=2))
    assert drawn(data) == {MINISTRY, PLAN_FUSION}  # nearest, most connected
    assert data["meta"]["focus"] == {"label": "工业和信息化部", "depth": 2}


def test_focus_by_unique_substring_and_typo_hint(graph):
    data = page_data(render(graph, focus="国家统计", depth=0))
    assert data["bundle"]["entities"][data["focus"]][0] == STATS_BUREAU
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
    data = page_data(render(Graph()))
    assert data["drawn"] == [] and data["bundle"]["entities"] == []
    assert data["meta"]["dateMin"] == ""


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
    assert "<title>测试</title>" in page and page_data(page)["meta"]["drawn"] == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]  # no temp file left
    (tmp_path / "graph.html").unlink()
    assert run(str(tmp_path)).exit_code == 0  # a folder means its graph.ttl, as `kg build --out` writes it
    assert (tmp_path / "graph.html").is_file()


def test_cli_out_focus_depth(tmp_path):
    out = tmp_path / "sub" / "view.html"
    result = run(str(FIXTURE), "--out", str(out), "--focus", "发改委", "--depth", "2")
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["bundle"]["entities"][data["focus"]][0] == NDRC


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
    assert evidence_of(data, ID + "official/0", str(ministry)) == ["工业和信息化部部长苗圩表示"]
    assert evidence_of(data, ID + "official/1", str(ministry)) == ["工业和信息化部部长肖亚庆表示"]
