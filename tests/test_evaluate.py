"""kg.evaluate and `kg eval`: the matching rules, table by table, on small gold files and graphs
of our own; the command end to end; and agreement with the reference scorer on the seeds."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.evaluate import (RELS, TYPES, GoldEntity, GoldError, GraphView, Node, _counts, check_resolution,
                         entity_matches, evaluate, fold, locate_articles, parse_gold, score_article,
                         shared_entities)

from tests.conftest import ROOT, SEEDS

FIXTURES = ROOT / "tests" / "fixtures" / "eval"
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
SHARED_GOLD = ROOT.parent / "shared" / "gold"

TTL_PREFIXES = """
@prefix kg: <https://w3id.org/policy-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/t/> .
"""


def view(ttl: str) -> GraphView:
    from kg.evaluate import ontology_graph

    g = Graph()
    g.parse(data=TTL_PREFIXES + ttl, format="turtle")
    g += ontology_graph()
    return GraphView(g)


def score(gold: dict, ttl: str):
    counts, details = _counts(), []
    score_article(parse_gold({"article": "a.txt", **gold}, "gold/a.yaml"), view(ttl), counts, details)
    return counts, details


def row(counts, name: str) -> tuple[int, int, int]:
    group = "entities" if name in TYPES else "relations"
    c = counts[group][name]
    return c.tp, c.fp, c.fn


# -- folding ---------------------------------------------------------------

@pytest.mark.parametrize("a, b, same", [
    ("《“十四五”软件产业发展规划》", "十四五软件产业发展规划", True),  # quotes and brackets
    ("「十四五」软件产业发展规划", "_十四五_软件产业发展规划", True),
    ("ＡＩ赋能行动", "ai赋能行动", True),  # width and case
    ("数字 经济\t促进条例", "数字经济促进条例", True),  # white space
    ("資訊軟體產業規劃", "信息软件产业规划", True),  # traditional with Taiwan wording
    ("國家發展和改革委員會", "国家发展和改革委员会", True),
    ("工信部", "工业和信息化部", False),  # a short name is an alias, not a folding
    ("十四五规划", "十五五规划", False),
])
def test_folding(a, b, same):
    assert (fold(a) == fold(b)) is same


# -- one entity against one node ---------------------------------------------

def _target(name, year=None, value=None, aliases=()):
    return GoldEntity("Target", name, tuple(aliases), year=year, value=value)


@pytest.mark.parametrize("gold, node, matches", [
    (GoldEntity("Organization", "科学技术部", ("科技部",)), Node({fold("科技部")}), True),
    (GoldEntity("Organization", "科学技术部"), Node({fold("科技部")}), False),  # no alias given
    (GoldEntity("Plan", "《数据要素行动计划》"), Node({fold("“数据要素”行动计划")}), True),
    (GoldEntity("Plan", "數據要素行動計劃"), Node({fold("数据要素行动计划")}), True),
    (GoldEntity("Initiative", "数据要素行动"), Node({fold("数据要素行动计划")}), False),  # names are equal, not contained
    # targets: indicator contains the gold name or is contained in it, year and value agree where given
    (_target("算力总规模", 2026, 260), Node({"算力总规模达到260eflops"}, year=2026, value=260.0), True),
    (_target("全国算力总规模超过260EFLOPS", 2026, 260), Node({"算力总规模"}, year=2026, value=260.0), True),
    (_target("算力总规模", 2026, 260), Node({"算力总规模"}, year=2025, value=260.0), False),
    (_target("算力总规模", 2026, 260), Node({"算力总规模"}, year=2026, value=250.0), False),
    (_target("算力总规模", 2026, 260), Node({"算力总规模"}, year=2026), False),  # no value in the graph
    (_target("算力总规模", None, 260), Node({"算力总规模"}, year=2030, value=260.0), True),  # gold gives no year
    (_target("基本建成数字政府"), Node({"基本建成数字政府"}), True),  # qualitative
    (_target("存储总量"), Node({"算力总规模"}), False),
    (_target("存储总量"), Node(set()), False),
])
def test_entity_matches(gold, node, matches):
    assert entity_matches(gold, node) is matches


# -- one article: entities -------------------------------------------------

ORGS_TTL = """
:mot a kg:Ministry ; rdfs:label "交通运输部"@zh ; skos:altLabel "交通部"@zh .
:mot2 a kg:Organization ; rdfs:label "交通部"@zh .
:ndrc a kg:Commission ; rdfs:label "国家发展和改革委员会"@zh .
"""


@pytest.mark.parametrize("entities, expect", [
    # a subclass of kg:Organization (read through the ontology) is an organization
    ([{"type": "Organization", "name": "国家发展和改革委员会"}], (1, 2, 0)),
    # two nodes for one entity: one hit, one false positive
    ([{"type": "Organization", "name": "交通运输部", "aliases": ["交通部"]},
      {"type": "Organization", "name": "国家发展和改革委员会"}], (2, 1, 0)),
    # ... unless gold names a second entity the other node stands for
    ([{"type": "Organization", "name": "交通运输部"}, {"type": "Organization", "name": "交通部"},
      {"type": "Organization", "name": "国家发展和改革委员会"}], (3, 0, 0)),
    # a missed entity
    ([{"type": "Organization", "name": "自然资源部"}], (0, 3, 1)),
    # an optional entity found is not a false positive, and not counted as a hit
    ([{"type": "Organization", "name": "交通运输部", "optional": True}], (0, 2, 0)),
    # an optional entity missed is not a miss
    ([{"type": "Organization", "name": "自然资源部", "optional": True}], (0, 3, 0)),
])
def test_entities_one_node_per_gold_entity(entities, expect):
    counts, _ = score({"entities": entities}, ORGS_TTL)
    assert row(counts, "Organization") == expect


def test_a_node_stands_for_one_gold_entity_only():
    # two gold entities both named by one node's labels: one hit, one miss
    ttl = ':mot a kg:Ministry ; rdfs:label "交通运输部"@zh ; skos:altLabel "交通部"@zh .'
    counts, details = score({"entities": [{"type": "Organization", "name": "交通运输部"},
                                          {"type": "Organization", "name": "交通部"}]}, ttl)
    assert row(counts, "Organization") == (1, 0, 1)
    assert [str(d) for d in details] == ["a.txt: missed Organization 交通部"]


def test_required_entities_are_placed_before_optional_ones():
    # one node could stand for either; the required entity gets it
    ttl = ':p a kg:Plan ; rdfs:label "城市更新实施方案"@zh ; skos:altLabel "实施方案"@zh .'
    counts, details = score({"entities": [{"type": "Plan", "name": "实施方案", "optional": True},
                                          {"type": "Plan", "name": "城市更新实施方案"}]}, ttl)
    assert row(counts, "Plan") == (1, 0, 0) and details == []


def test_misses_and_extras_are_listed():
    counts, details = score({"entities": [{"type": "Organization", "name": "自然资源部"}]}, ORGS_TTL)
    lines = [str(d) for d in details]
    assert "a.txt: missed Organization 自然资源部" in lines
    assert "a.txt: extra Organization 国家发展和改革委员会" in lines


# -- one article: relations ------------------------------------------------

POSTS_TTL = """
:mot a kg:Ministry ; rdfs:label "交通运输部"@zh .
:dept a kg:Department ; rdfs:label "综合规划司"@zh ; org:subOrganizationOf :mot .
:zhang a kg:Official ; rdfs:label "张建华"@zh ; org:holds :post1 .
:post1 org:postIn :dept ; kg:title "综合规划司副司长"@zh .
:li a kg:Official ; rdfs:label "李明远"@zh ; org:holds :post2 .
:post2 org:postIn :mot ; kg:title "部长"@zh .
"""
POSTS_ENTITIES = [{"type": "Organization", "name": "交通运输部"}, {"type": "Organization", "name": "综合规划司"},
                  {"type": "Official", "name": "张建华"}, {"type": "Official", "name": "李明远"}]


@pytest.mark.parametrize("relation, expect", [
    # the graph's title ends with the gold title
    ({"official": "张建华", "title": "副司长", "org": "综合规划司"}, (1, 1, 0)),
    ({"official": "张建华", "title": "综合规划司副司长", "org": "综合规划司"}, (1, 1, 0)),
    # 司长 is the end of 副司长 too: the rule is the suffix
    ({"official": "张建华", "title": "司长", "org": "综合规划司"}, (1, 1, 0)),
    # but not the other way round, nor another title
    ({"official": "李明远", "title": "副部长", "org": "交通运输部"}, (0, 2, 1)),
    ({"official": "李明远", "title": "党组书记", "org": "交通运输部"}, (0, 2, 1)),
    # the organization is checked when gold names one
    ({"official": "张建华", "title": "副司长", "org": "交通运输部"}, (0, 2, 1)),
    # and any organization does when it names none
    ({"official": "张建华", "title": "副司长"}, (1, 1, 0)),
    # an end given as a list: any of them
    ({"official": "张建华", "title": "副司长", "org": ["交通运输部", "综合规划司"]}, (1, 1, 0)),
])
def test_holds_post(relation, expect):
    counts, _ = score({"entities": POSTS_ENTITIES, "relations": [{"rel": "holdsPost", **relation}]}, POSTS_TTL)
    assert row(counts, "holdsPost") == expect


def test_relations_touching_an_optional_entity_are_not_false_positives():
    entities = [dict(e) for e in POSTS_ENTITIES]
    entities[3]["optional"] = True  # 李明远
    relations = [{"rel": "holdsPost", "official": "张建华", "title": "副司长", "org": "综合规划司"},
                 {"rel": "subOrganizationOf", "unit": "综合规划司", "org": "交通运输部"}]
    counts, _ = score({"entities": entities, "relations": relations}, POSTS_TTL)
    assert row(counts, "holdsPost") == (1, 0, 0)
    assert row(counts, "subOrganizationOf") == (1, 0, 0)


def test_an_optional_relation_is_neither_required_nor_an_extra():
    relations = [{"rel": "holdsPost", "official": "李明远", "title": "部长", "org": "交通运输部", "optional": True},
                 {"rel": "holdsPost", "official": "张建华", "title": "处长", "optional": True}]
    counts, _ = score({"entities": POSTS_ENTITIES, "relations": relations}, POSTS_TTL)
    assert row(counts, "holdsPost") == (0, 1, 0)  # 张建华's post is an extra: the optional one did not match it


def test_a_relation_to_an_unmatched_node_is_a_miss_and_an_extra():
    ttl = """
    :plan a kg:Plan ; rdfs:label "智慧港口建设方案"@zh ; kg:issuedBy :mot, :other .
    :mot a kg:Ministry ; rdfs:label "交通运输部"@zh .
    :other a kg:Organization ; rdfs:label "某某公司"@zh .
    """
    gold = {"entities": [{"type": "Plan", "name": "智慧港口建设方案"}, {"type": "Organization", "name": "交通运输部"},
                         {"type": "Organization", "name": "国家铁路局"}],
            "relations": [{"rel": "issuedBy", "plan": "智慧港口建设方案", "org": "交通运输部"},
                          {"rel": "issuedBy", "plan": "智慧港口建设方案", "org": "国家铁路局"}]}
    counts, _ = score(gold, ttl)
    assert row(counts, "issuedBy") == (1, 1, 1)
    assert row(counts, "Organization") == (1, 1, 1)


def test_targets_and_has_target():
    ttl = """
    :plan a kg:Plan ; rdfs:label "绿色航运发展方案"@zh ; kg:hasTarget :t1, :t2, :t3 .
    :t1 a kg:Target ; rdfs:label "新能源船舶占比 30%（2030年）"@zh ; kg:indicator "新能源船舶占比"@zh ;
        kg:targetYear "2030"^^xsd:gYear ; kg:value 30.0 ; kg:unit "%" .
    :t2 a kg:Target ; kg:indicator "新能源船舶占比"@zh ; kg:targetYear "2030"^^xsd:gYear ; kg:value 30.0 .
    :t3 a kg:Target ; kg:indicator "港口岸电使用量"@zh ; kg:targetYear 2027 ; kg:value 15.0 .
    """
    gold = {"entities": [{"type": "Plan", "name": "绿色航运发展方案"},
                         {"type": "Target", "name": "新能源船舶占比", "year": 2030, "value": 30, "unit": "%"},
                         {"type": "Target", "name": "港口岸电使用量", "year": 2027, "value": 20}],
            "relations": [{"rel": "hasTarget", "plan": "绿色航运发展方案", "target": "新能源船舶占比"},
                          {"rel": "hasTarget", "plan": "绿色航运发展方案", "target": "港口岸电使用量"}]}
    counts, _ = score(gold, ttl)
    assert row(counts, "Target") == (1, 2, 1)  # a duplicate node, a wrong value
    assert row(counts, "hasTarget") == (1, 2, 1)


# -- gold files ------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("article: [a.txt\n", "not valid YAML"),
    ("- just a list\n", "a gold file is a mapping"),
    ("entities: []\n", "no article"),
    ("article: a.txt\nentities: {type: Plan}\n", "entities must be a list"),
    ("article: a.txt\nentities:\n  - {type: Person, name: 张三}\n", "entities[0]: type must be one of"),
    ("article: a.txt\nentities:\n  - {type: Plan}\n", "entities[0]: the Plan has no name"),
    ("article: a.txt\nentities:\n  - {type: Plan, name: X方案, alias: [X]}\n", "entities[0]: unknown key alias"),
    ("article: a.txt\nentities:\n  - {type: Target, name: 覆盖率, year: 明年}\n", "year must be a whole number"),
    ("article: a.txt\nentities:\n  - {type: Target, name: 覆盖率, value: 九成}\n", "value must be a number"),
    ("article: a.txt\nentities:\n  - {type: Plan, name: X方案, year: 2025}\n", "only a Target has a year"),
    ("article: a.txt\nrelations:\n  - {rel: leads, official: 张三}\n", "relations[0]: rel must be one of"),
    ("article: a.txt\nrelations:\n  - {rel: holdsPost, official: 张三, org: 某部}\n", "has no title"),
    ("article: a.txt\nrelations:\n  - {rel: issuedBy, plan: X方案}\n", "the issuedBy relation has no org"),
    ("article: a.txt\nrelations:\n  - {rel: partOf, plan: X方案, initiative: Y行动, org: Z}\n", "unknown key org"),
])
def test_bad_gold_names_the_file_and_the_problem(tmp_path: Path, text: str, message: str):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(GoldError) as info:
        evaluate(gold, [tmp_path])
    assert str(gold / "bad.yaml") in str(info.value) and message in str(info.value)


@pytest.mark.parametrize("relation, problem", [
    ({"rel": "issuedBy", "plan": "水运发展方案", "org": "交通部"}, "issuedBy org 交通部 is no Organization name"),
    ({"rel": "issuedBy", "plan": "水运方案", "org": "交通运输部"}, "issuedBy plan 水运方案 is no Plan name"),
    ({"rel": "issuedBy", "plan": "水运发展方案", "org": ["交通部", "交通运输部"]}, None),
    ({"rel": "issuedBy", "plan": "水运发展方案", "org": "交通运输部"}, None),
])
def test_relation_ends_that_name_no_entity_are_warned_about(relation, problem):
    from kg.evaluate import unknown_ends

    gold = parse_gold({"article": "a.txt", "relations": [relation], "entities": [
        {"type": "Plan", "name": "水运发展方案"}, {"type": "Organization", "name": "交通运输部", "aliases": ["交通部"]}]},
        "gold/a.yaml")
    warnings = unknown_ends(gold)
    assert warnings == ([] if problem is None else [f"gold/a.yaml: {problem} in entities (aliases do not count): "
                                                   "it can never be found"])


def test_an_empty_or_missing_gold_folder_is_an_error(tmp_path: Path):
    with pytest.raises(GoldError, match="no gold files"):
        evaluate(tmp_path)
    with pytest.raises(GoldError, match="no such gold folder"):
        evaluate(tmp_path / "nope")


# -- finding the articles --------------------------------------------------

def _golds(*articles: str):
    return [parse_gold({"article": a}, f"gold/{i}.yaml") for i, a in enumerate(articles)]


def test_articles_are_found_beside_the_gold_folder(tmp_path: Path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "texts" / "b.txt").write_text("乙", encoding="utf-8")
    found = locate_articles(_golds("a.txt", "b.txt"), (), tmp_path / "gold")
    assert [p.resolve() for p in found] == [(tmp_path / "articles" / "a.txt").resolve(),
                                           (tmp_path / "texts" / "b.txt").resolve()]


def test_given_articles_are_files_or_folders_searched_below(tmp_path: Path):
    nested = tmp_path / "corpus" / "2023" / "05"
    nested.mkdir(parents=True)
    (nested / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "b.md").write_text("乙", encoding="utf-8")
    found = locate_articles(_golds("a.txt", "b.md", "05/a.txt"), [tmp_path / "corpus", tmp_path / "b.md"])
    assert found == [nested / "a.txt", tmp_path / "b.md", nested / "a.txt"]


def test_an_article_not_found_is_named_with_its_gold_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    with pytest.raises(GoldError) as info:
        locate_articles(_golds("a.txt", "zzz.txt"), [tmp_path])
    assert "zzz.txt (named by gold/1.yaml)" in str(info.value) and str(tmp_path) in str(info.value)
    assert "a.txt (named" not in str(info.value)
    with pytest.raises(GoldError, match="no such article file or folder"):
        locate_articles(_golds("a.txt"), [tmp_path / "nope"])


# -- cross-article resolution ------------------------------------------------

def test_shared_entities_group_by_name_or_alias_and_tell_departments_apart():
    one = parse_gold({"article": "1.txt", "entities": [
        {"type": "Organization", "name": "交通运输部", "aliases": ["交通部"]},
        {"type": "Organization", "name": "综合规划司"},
        {"type": "Official", "name": "张建华"},
        {"type": "Target", "name": "新能源船舶占比"}],
        "relations": [{"rel": "subOrganizationOf", "unit": "综合规划司", "org": "交通运输部"}]}, "1.yaml")
    two = parse_gold({"article": "2.txt", "entities": [
        {"type": "Organization", "name": "交通部"},
        {"type": "Organization", "name": "综合规划司"},
        {"type": "Official", "name": "王立新"},
        {"type": "Target", "name": "新能源船舶占比"}],
        "relations": [{"rel": "subOrganizationOf", "unit": "综合规划司", "org": "自然资源部"}]}, "2.yaml")
    shared = shared_entities([one, two])
    assert set(shared) == {("Organization", "交通运输部")}  # not the two 综合规划司, not officials of one article,
    assert len(shared[("Organization", "交通运输部")]) == 2  # never targets

    graph = view(':a a kg:Ministry ; rdfs:label "交通运输部"@zh . :b a kg:Organization ; rdfs:label "交通部"@zh .')
    result = check_resolution([one, two], graph)
    assert (result.ok, result.total, result.split) == (0, 1, (("Organization", "交通运输部", 2),))
    result = check_resolution([one, two], view(':a a kg:Ministry ; rdfs:label "交通运输部"@zh ; skos:altLabel "交通部"@zh .'))
    assert (result.ok, result.total) == (1, 1)
    assert (check_resolution([one, two], None).ok, check_resolution([one, two], None).total) == (0, 1)


# -- the whole thing, through the library and the command --------------------

def test_evaluate_builds_each_article_with_the_pipeline():
    report = evaluate(FIXTURES / "gold", combined=True)  # articles found in ../articles
    assert "materials.md: missed Organization 这个机构并不在文中" in [str(d) for d in report.details]
    assert report.counts["entities"]["Organization"].fn >= 1
    assert report.resolution is not None and report.resolution.total == 0  # one article: nothing shared
    assert re.fullmatch(r"entity_f1=\d\.\d{3} relation_f1=\d\.\d{3} resolution=0/0", report.summary())


def test_an_unreadable_article_scores_as_all_missed(tmp_path: Path):
    shutil.copytree(FIXTURES, tmp_path / "eval")
    (tmp_path / "eval" / "articles" / "materials.md").write_bytes(b"")
    report = evaluate(tmp_path / "eval" / "gold")
    assert report.failed and "materials.md: empty file" in report.failed[0]
    assert row(report.counts, "Organization") == (0, 0, 4)
    assert row(report.counts, "issuedBy") == (0, 0, 2)
    assert report.summary().endswith("failed_builds=1")


def _cli(*args: str):
    return CliRunner().invoke(main, ["eval", *args])


def test_cli_prints_the_table_the_misses_and_the_summary():
    result = _cli(str(FIXTURES / "gold"), str(FIXTURES / "articles"), "-v")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["kind", "tp", "fp", "fn", "P", "R", "F1"]
    assert [line.split()[0] for line in lines[1:13]] == [*TYPES, "ALL", *RELS, "ALL"]
    assert "materials.md: missed Organization 这个机构并不在文中" in lines
    assert re.fullmatch(r"entity_f1=\d\.\d{3} relation_f1=\d\.\d{3}", lines[-1])

    as_json = _cli(str(FIXTURES / "gold"), "--json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    org = next(line.split() for line in lines if line.startswith("Organization"))
    assert [str(data["entities"]["Organization"][k]) for k in ("tp", "fp", "fn")] == org[1:4]
    assert data["summary"] == lines[-1]
    assert "materials.md: missed" not in _cli(str(FIXTURES / "gold")).output  # only with -v


@pytest.mark.parametrize("setup, code, message", [
    ("bad-gold", 2, "bad.yaml: entities[0]: type must be one of"),
    ("no-article", 2, "article not found: materials.md (named by"),
    ("empty-article", 1, "kg: skipped materials.md: empty file"),
])
def test_cli_exit_codes(tmp_path: Path, setup: str, code: int, message: str):
    shutil.copytree(FIXTURES, tmp_path / "eval")
    if setup == "bad-gold":
        (tmp_path / "eval" / "gold" / "bad.yaml").write_text("article: x.txt\nentities:\n  - {type: Thing, name: x}\n",
                                                          encoding="utf-8")
    elif setup == "no-article":
        (tmp_path / "eval" / "articles" / "materials.md").unlink()
    else:
        (tmp_path / "eval" / "articles" / "materials.md").write_bytes(b"")
    result = _cli(str(tmp_path / "eval" / "gold"))
    assert result.exit_code == code and message in result.output, result.output


# -- agreement with the reference scorer ---------------------------------------

@pytest.mark.skipif(not SCORE_PY.is_file() or not SHARED_GOLD.is_dir(),
                    reason=f"the reference scorer {SCORE_PY} or its seed gold {SHARED_GOLD} is not here")
def test_agrees_with_score_py_on_the_seeds(tmp_path: Path):
    out = tmp_path / "score.json"
    proc = subprocess.run([sys.executable, str(SCORE_PY), "--articles", str(SEEDS), "--gold", str(SHARED_GOLD),
                           "--combined", "--json", str(out), "--cmd", f"{sys.executable} -m kg build {{input}} --out {{out}}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(out.read_text(encoding="utf-8"))
    ours = evaluate(SHARED_GOLD, [SEEDS], combined=True)
    for group in ("entities", "relations"):
        for name, c in ours.counts[group].items():
            assert (c.tp, c.fp, c.fn) == tuple(theirs["counts"][group][name][k] for k in ("tp", "fp", "fn")), name
    assert [ours.resolution.ok, ours.resolution.total] == theirs["resolution"]
    assert ours.summary() == proc.stdout.strip().splitlines()[-1]
