"""kg query: the shipped competency queries answer correctly, on a fixture and on the seeds graph."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.query import display_width
from kg.errors import GraphError, QueryError
from kg.graph import PREFIXES
from kg.query import run_query, with_prefixes

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "query_fixture.ttl"
QUERIES = ROOT / "queries"

SHIPPED = ["evidence", "most_mentioned", "plan_initiatives", "plans_by_issuer", "posts", "targets_by_year"]


def kg_query(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", *args])
    return result.exit_code, result.stdout, result.stderr


def answer(name: str, graph: Path = FIXTURE) -> list[dict]:
    """Rows of a shipped query as dicts, through the CLI's JSON output."""
    code, out, err = kg_query(str(QUERIES / f"{name}.rq"), "--graph", str(graph), "--format", "json")
    assert code == 0, err
    return json.loads(out)


def co_issuers(rows: list[dict]) -> dict[tuple[str, str], tuple[set[str], int]]:
    """plans_by_issuer's rows (one per co-issuer) as (issuer, plan) -> (co-issuers, issuers)."""
    found: dict[tuple[str, str], tuple[set[str], int]] = {}
    for row in rows:
        names, _ = found.setdefault((row["issuer"], row["plan"]), (set(), row["issuers"]))
        if row["co_issuer"]:
            names.add(row["co_issuer"])
    return found


def test_every_shipped_query_is_tested_and_documented():
    assert sorted(p.stem for p in QUERIES.glob("*.rq")) == SHIPPED
    for path in QUERIES.glob("*.rq"):
        assert path.read_text(encoding="utf-8").startswith("# "), f"{path.name} needs a comment header"


# --- the shipped queries on the fixture graph -------------------------------------------------


def test_plans_by_issuer_lists_co_issuers():
    rows = co_issuers(answer("plans_by_issuer"))
    assert set(rows) == {
        ("工业和信息化部", "“十四五”智能制造发展规划"),
        ("国家发展和改革委员会", "“十四五”智能制造发展规划"),
        ("教育部", "“十四五”智能制造发展规划"),
        ("工业和信息化部", "“十四五”信息化和工业化深度融合发展规划"),
    }
    assert rows[("工业和信息化部", "“十四五”智能制造发展规划")] == ({"国家发展和改革委员会", "教育部"}, 3)
    assert rows[("工业和信息化部", "“十四五”信息化和工业化深度融合发展规划")] == (set(), 1)


def test_shipped_queries_declare_their_prefixes_and_run_on_a_bare_store():
    """Any endpoint (Fuseki, Virtuoso, GraphDB) can run them as they are: no predeclared prefix needed."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    for name in SHIPPED:
        from kg.query import _strip_comments

        text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
        assert "GROUP_CONCAT" not in _strip_comments(text).upper(), f"{name}: GROUP_CONCAT leaves its order to the store"
        assert "ORDER BY" in text.upper(), f"{name}: rows need an order"
        assert len(list(store.query(text))) > 0, name  # raises SyntaxError on an undeclared prefix


def test_posts_with_attesting_article_dates():
    rows = answer("posts")
    got = {(r["official"], r["title"], r["organization"], r["date"]) for r in rows}
    assert got == {
        ("肖亚庆", "部长", "工业和信息化部", "2021-11-30"),
        ("肖亚庆", "部长", "工业和信息化部", "2021-12-25"),
        ("王卫明", "司长", "工业和信息化部规划司", "2021-12-28"),
        ("徐晓兰", "副部长", None, "2021-12-25"),  # post without org:postIn still listed
    }
    assert all(r["article"] for r in rows)


def test_targets_by_year_only_that_year():
    rows = answer("targets_by_year")
    got = {(r["plan"], r["indicator"], r["comparator"], r["value"], r["unit"]) for r in rows}
    assert got == {
        ("“十四五”信息化和工业化深度融合发展规划", "关键工序数控化率", "达", 68, "%"),
        ("“十四五”信息化和工业化深度融合发展规划", "全国两化融合发展指数", "达到", 105, None),
        ("“十四五”智能制造发展规划", "智能制造装备市场满足率", "超过", 70, "%"),
    }
    assert {r["year"] for r in rows} == {"2025"}  # the yearless 85% target is left out


def test_plan_initiatives():
    rows = answer("plan_initiatives")
    assert {(r["plan"], r["initiative"], r["articles"]) for r in rows} == {
        ("“十四五”信息化和工业化深度融合发展规划", "制造业数字化转型行动", 1),
        ("“十四五”信息化和工业化深度融合发展规划", "工业互联网平台推广工程", 1),
        ("“十四五”智能制造发展规划", "智能制造示范工厂建设行动", 1),
    }


def test_evidence_gives_sentence_and_article_for_every_fact():
    rows = answer("evidence")
    assert len(rows) == 19  # one per statement node in the fixture
    holds = [r for r in rows if r["subject"] == "肖亚庆" and r["relation"].endswith("#holds")]
    assert {(r["object"], r["sentence"], r["date"]) for r in holds} == {
        ("工业和信息化部部长", "工业和信息化部部长肖亚庆主持会议。", "2021-11-30"),
        ("工业和信息化部部长", "工业和信息化部部长肖亚庆接受采访。", "2021-12-25"),
    }
    issued = [r for r in rows if r["relation"].endswith("#issuedBy") and r["subject"] == "“十四五”智能制造发展规划"]
    assert {r["object"] for r in issued} == {"工业和信息化部", "国家发展和改革委员会", "教育部"}
    assert all("8个部门" in r["sentence"] and isinstance(r["start"], int) for r in issued)


def test_most_mentioned_ranks_by_article_count():
    rows = answer("most_mentioned")
    assert rows[0] == {"entity": "工业和信息化部", "type": "Ministry", "articles": 3}
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)
    assert {"entity": "肖亚庆", "type": "Official", "articles": 2} in rows


# --- the command itself --------------------------------------------------------------------------


def test_query_string_with_predeclared_prefixes():
    code, out, _ = kg_query("SELECT ?n WHERE { ?o a kg:Ministry ; rdfs:label ?n } ORDER BY ?n",
                            "-g", str(FIXTURE), "-f", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [["n"], ["工业和信息化部"], ["教育部"]]


def test_own_prefix_declaration_wins():
    query = "PREFIX kg: <http://example.org/other#>\nSELECT ?s WHERE { ?s a kg:Ministry }"
    assert run_query(query, FIXTURE).rows == []
    assert "PREFIX kg: <https" not in with_prefixes(query)
    assert with_prefixes(query).count("PREFIX") == len(PREFIXES)


def test_malformed_query_is_a_usage_error():
    code, out, err = kg_query("SELECT ?x WHERE { ?x", "-g", str(FIXTURE))
    assert code == 2 and out == ""
    assert err.startswith("kg: error: malformed query:") and "1:" in err
    with pytest.raises(QueryError):
        run_query("SELEKT * {}", FIXTURE)


def test_missing_graph_and_missing_query_file():
    code, _, err = kg_query("SELECT * WHERE { ?s ?p ?o }", "-g", "no/such/graph.ttl")
    assert code == 2 and "no/such/graph.ttl" in err and err.startswith("kg: error:")
    with pytest.raises(GraphError, match="no/such/graph.ttl"):
        run_query("ASK {}", "no/such/graph.ttl")
    code, _, err = kg_query("missing.rq", "-g", str(FIXTURE))
    assert code == 2 and "missing.rq" in err


def test_csv_and_json_formats_agree():
    path = str(QUERIES / "targets_by_year.rq")
    _, out_csv, _ = kg_query(path, "-g", str(FIXTURE), "-f", "csv")
    _, out_json, _ = kg_query(path, "-g", str(FIXTURE), "-f", "json")
    table = list(csv.DictReader(io.StringIO(out_csv)))
    objects = json.loads(out_json)
    assert len(table) == len(objects) == 3
    for row, obj in zip(table, objects):
        assert list(row) == list(obj) == ["year", "plan", "indicator", "comparator", "value", "unit"]
        assert row["value"] == str(obj["value"]) and row["unit"] == (obj["unit"] or "")


def _from_column(line: str, column: int) -> str:
    """The part of ``line`` from display column ``column`` on; fails if a wide character straddles it."""
    width = 0
    for i, ch in enumerate(line):
        if width == column:
            return line[i:]
        width += display_width(ch)
        assert width <= column or width - display_width(ch) >= column, f"wide char straddles column {column}: {line}"
    assert width == column, line
    return ""


def test_table_aligns_chinese_by_display_width():
    code, out, _ = kg_query(str(QUERIES / "posts.rq"), "-g", str(FIXTURE))
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    header, rule, body, footer = lines[0], lines[1], lines[2:-1], lines[-1]
    assert footer == "(4 rows)" and len(body) == 4
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) == 5
    rows = answer("posts")
    for line, row in zip(body, rows):
        for start, column in zip(starts, ["official", "title", "organization", "date", "article"]):
            assert _from_column(line, start).startswith(row[column] or ""), (line, column)
    assert [_from_column(header, s).split()[0] for s in starts] == ["official", "title", "organization", "date", "article"]
    assert display_width("肖亚庆") == 6 and display_width("a肖") == 3 and display_width("“") == 1


def test_table_compacts_iris():
    code, out, _ = kg_query("SELECT ?c WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c", "-g", str(FIXTURE))
    assert code == 0 and "kg:Ministry" in out and "org:Post" in out and "rdf:Statement" in out


def test_ask_and_construct():
    assert run_query("ASK { ?s a kg:Plan }", FIXTURE).rows == [[True]]
    result = run_query("CONSTRUCT { ?s a kg:Plan } WHERE { ?s a kg:Plan }", FIXTURE)
    assert result.columns == ["subject", "predicate", "object"] and len(result.rows) == 2


def test_value_types_are_plain_python():
    rows = run_query("SELECT ?v ?y ?o WHERE { ?t kg:value ?v ; kg:targetYear ?y . ?s kg:startOffset ?o } LIMIT 1",
                     FIXTURE).rows
    value, year, offset = rows[0]
    assert isinstance(value, Decimal) and year == "2025" and isinstance(offset, int)


def test_query_from_stdin():
    result = CliRunner().invoke(main, ["query", "-", "-g", str(FIXTURE), "-f", "json"],
                                input="SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Plan }")
    assert result.exit_code == 0 and json.loads(result.stdout) == [{"n": 2}]


# --- the seeds graph ----------------------------------------------------------------------------------
# Built by the current code (conftest's seeds_graph) and written as Turtle: the triples that
# `kg build seeds --out output` writes to output/graph.ttl, so these never test a stale output/.


@pytest.fixture(scope="session")
def seeds_ttl(tmp_path_factory: pytest.TempPathFactory, seeds_graph) -> Path:
    from kg.export import export

    path = tmp_path_factory.mktemp("seeds") / "graph.ttl"
    with open(path, "wb") as stream:
        export(seeds_graph, stream, "turtle")
    return path


def test_seeds_miit_issued_smart_manufacturing_plan_with_ndrc_and_six_others(seeds_ttl: Path):
    # 001: 工业和信息化部、国家发展改革委、教育部、科技部、财政部、人力资源社会保障部、市场监管总局、
    # 国务院国资委等8个部门正式印发了《“十四五”智能制造发展规划》
    rows = co_issuers(answer("plans_by_issuer", seeds_ttl))
    hits = [v for (issuer, plan), v in rows.items() if issuer == "工业和信息化部" and "智能制造发展规划" in plan]
    assert len(hits) == 1, "工业和信息化部 should be an issuer of 《“十四五”智能制造发展规划》"
    co, issuers = hits[0]
    assert any(name.startswith("国家发展") for name in co), co  # 国家发展改革委 / 国家发展和改革委员会
    assert {"教育部", "财政部"} <= co, co
    assert issuers == 8
    # 003: the 两化融合 plan was issued by MIIT alone
    alone = [(issuer, v[1]) for (issuer, plan), v in rows.items() if "信息化和工业化深度融合发展规划" in plan]
    assert alone == [("工业和信息化部", 1)]


def test_seeds_xiao_yaqing_is_minister_of_miit(seeds_ttl: Path):
    rows = answer("posts", seeds_ttl)
    minister = [r for r in rows if r["official"] == "肖亚庆" and r["title"] == "部长"]
    assert {r["organization"] for r in minister} == {"工业和信息化部"}
    # said in 000 (13 Sep 2021) and 002 (25 Dec 2021), among others
    assert {"2021-09-13", "2021-12-25"} <= {r["date"] for r in minister}
    # 001: 工业和信息化部装备工业一司司长王卫明
    assert any(r["official"] == "王卫明" and r["title"] == "司长" and "装备工业一司" in (r["organization"] or "")
               for r in rows)


def test_seeds_2025_targets_of_the_integration_plan(seeds_ttl: Path):
    # 003: 企业经营管理数字化普及率达80%，数字化研发设计工具普及率达85%，关键工序数控化率达68%，
    # 工业互联网平台普及率达45%; 全国两化融合发展指数达到105
    rows = answer("targets_by_year", seeds_ttl)
    got = {(r["indicator"], r["value"], r["unit"]) for r in rows if "信息化和工业化深度融合" in (r["plan"] or "")}
    assert {
        ("关键工序数控化率", 68, "%"),
        ("企业经营管理数字化普及率", 80, "%"),
        ("数字化研发设计工具普及率", 85, "%"),
        ("工业互联网平台普及率", 45, "%"),
        ("全国两化融合发展指数", 105, None),
    } <= got


def test_seeds_initiatives_of_both_plans(seeds_ttl: Path):
    rows = answer("plan_initiatives", seeds_ttl)
    by_plan: dict[str, set[str]] = {}
    for r in rows:
        by_plan.setdefault(r["plan"], set()).add(r["initiative"])
    smart = next(v for k, v in by_plan.items() if "智能制造发展规划" in k)
    assert {"智能制造技术攻关行动", "智能制造示范工厂建设行动", "行业智能化改造升级行动",
            "智能制造装备创新发展行动", "工业软件突破提升行动", "智能制造标准领航行动"} <= smart  # 001: 六个行动
    integration = next(v for k, v in by_plan.items() if "信息化和工业化深度融合" in k)
    assert {"制造业数字化转型行动", "两化融合标准引领行动", "工业互联网平台推广工程",
            "系统解决方案能力提升行动", "产业链供应链数字化升级行动"} <= integration  # 003: 5大重点工程


def test_seeds_evidence_and_ranking(seeds_ttl: Path):
    evidence = answer("evidence", seeds_ttl)
    holds = [r for r in evidence if r["subject"] == "肖亚庆" and r["relation"].endswith("#holds")]
    assert holds and all("肖亚庆" in r["sentence"] for r in holds)
    issued = [r for r in evidence if r["relation"].endswith("#issuedBy") and "智能制造发展规划" in r["subject"]]
    assert issued and all("8个部门" in r["sentence"] for r in issued if r["object"] == "教育部")
    top = answer("most_mentioned", seeds_ttl)
    assert top[0]["entity"] == "工业和信息化部" and top[0]["articles"] == 5  # every seed article names MIIT


def test_query_a_pyoxigraph_store_directory(tmp_path: Path):
    import pyoxigraph

    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    del store
    code, out, err = kg_query("SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Plan }", "-g", str(tmp_path / "store"), "-f", "json")
    assert code == 0, err
    assert json.loads(out) == [{"n": 2}]
