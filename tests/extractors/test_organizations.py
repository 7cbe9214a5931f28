"""Organizations: lexicon names in all their forms, departments by pattern, 我部."""
from __future__ import annotations

import pytest

from tests.conftest import extract_text, facts, names

ORGS = ["organizations"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("国家发展和改革委员会、国家发展改革委、国家发改委和发改委都是同一机构。", {"国家发展和改革委员会"}),
        ("人力资源和社会保障部、人力资源社会保障部和人社部联合发文。", {"人力资源和社会保障部"}),
        ("工信部正在贯彻落实党中央、国务院部署要求。", {"工业和信息化部", "中共中央", "国务院"}),
        ("习近平在中共中央政治局第三十四次集体学习时强调。", {"中共中央政治局"}),
        ("在国务院新闻办举行的发布会上。", {"国务院新闻办公室"}),
        ("中央网信办、市场监管总局、国务院国资委参加。", {"国家互联网信息办公室", "国家市场监督管理总局",
                                             "国务院国有资产监督管理委员会"}),
        ("工業和資訊化部與國家發展改革委聯合印發。", {"工业和信息化部", "国家发展和改革委员会"}),  # traditional
    ],
)
def test_lexicon_organizations(sentence: str, expected: set[str]):
    assert names(extract_text(sentence, extractors=ORGS), "Organization") == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "各地财政部门和公安部门要加强协同。",  # 财政部门: any finance department, not the ministry
        "省发改委和市统计局发布了数据。",  # provincial bodies are not the national ones
        "中央经济工作会议在北京举行。",
        "《学习时报》刊文。",
        "美国商务部和日本经济产业省宣布。",  # other countries' ministries
    ],
)
def test_not_national_organizations(sentence: str):
    assert names(extract_text(sentence, extractors=ORGS), "Organization") == set()


@pytest.mark.parametrize(
    ("sentence", "unit", "parent"),
    [
        ("工业和信息化部装备工业一司司长王卫明介绍了规划。", "装备工业一司", "工业和信息化部"),
        ("记者从工信部运行监测协调局获悉，工业生产平稳。", "运行监测协调局", "工业和信息化部"),
        ("国家统计局新闻发言人、国民经济综合统计司司长付凌晖介绍。", "国民经济综合统计司", None),
        ("会上，信息技术发展司司长谢少锋作了介绍。", "信息技术发展司", None),
    ],
)
def test_departments_by_pattern(sentence: str, unit: str, parent: str | None):
    x = extract_text(sentence, extractors=["organizations", "officials"])
    assert unit in names(x, "Organization")
    links = facts(x, "subOrganizationOf")
    if parent:
        assert (unit, parent) in links
    elif "国家统计局" in sentence:
        assert (unit, "国家统计局") in links  # the head's chain of titles names the bureau
    else:
        assert not links


def test_wo_bu_is_the_articles_ministry():
    x = extract_text("——访工业和信息化部部长肖亚庆", "近日，我部会同国家发展改革委印发了《实施方案》。",
                     extractors=ORGS)
    mentions = [m for m in x.mentions if m.text == "我部"]
    assert len(mentions) == 1 and mentions[0].name == "工业和信息化部" and mentions[0].attr("pronoun")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("北京市经济和信息化局局长表示。", {"北京市经济和信息化局"}),
        ("上海市发展改革委与浙江省经信厅签约。", {"上海市发展改革委", "浙江省经信厅"}),
        ("广西壮族自治区工业和信息化厅发布通知。", {"广西壮族自治区工业和信息化厅"}),
    ],
)
def test_local_government_bodies(sentence: str, expected: set[str]):
    x = extract_text(sentence, extractors=ORGS)
    assert names(x, "Organization") == expected
    assert all(m.attr("kind") == "LocalGovernment" for m in x.mentions)
