"""Officials and posts, through title patterns; reporters and editors are not officials."""
from __future__ import annotations

import pytest

from tests.conftest import extract_text, facts, names

STAGES = ["organizations", "officials"]


@pytest.mark.parametrize(
    ("sentence", "posts"),
    [
        ("工业和信息化部部长肖亚庆表示，工业经济总体平稳。", {("肖亚庆", "工业和信息化部", "部长")}),
        ("工业和信息化部党组书记、部长肖亚庆3月14日主持召开党组扩大会议。",
         {("肖亚庆", "工业和信息化部", "党组书记"), ("肖亚庆", "工业和信息化部", "部长")}),
        ("工业和信息化部装备工业一司司长王卫明介绍了规划。", {("王卫明", "装备工业一司", "司长")}),
        ("工信部新闻发言人、运行监测协调局局长黄利斌在发布会上介绍。",
         {("黄利斌", "工业和信息化部", "新闻发言人"), ("黄利斌", "运行监测协调局", "局长")}),
        ("习近平总书记指出，信息化为中华民族带来了千载难逢的历史机遇。", {("习近平", None, "总书记")}),
        ("国家发展改革委副主任宁吉喆出席。", {("宁吉喆", "国家发展和改革委员会", "副主任")}),
        ("外交部长王毅会见来访客人。", {("王毅", "外交部", "部长")}),
        ("中国人民银行行长易纲表示，将保持流动性合理充裕。", {("易纲", "中国人民银行", "行长")}),
        ("会见时，肖亚庆部长强调要稳增长。", {("肖亚庆", None, "部长")}),
        ("工業和資訊化部副部長劉烈宏表示。", {("刘烈宏", "工业和信息化部", "副部长")}),  # traditional
        ("中共中央总书记、国家主席、中央军委主席习近平作出重要指示。",
         {("习近平", "中共中央", "总书记"), ("习近平", None, "国家主席"), ("习近平", "中央军事委员会", "主席")}),
    ],
)
def test_posts(sentence: str, posts: set[tuple]):
    assert facts(extract_text(sentence, extractors=STAGES), "holdsPost") == posts


def test_general_secretary_gets_the_party_when_the_article_names_it():
    x = extract_text("党中央、国务院高度重视。", "习近平总书记指出，要做好这篇大文章。", extractors=STAGES)
    assert facts(x, "holdsPost") == {("习近平", "中共中央", "总书记")}


@pytest.mark.parametrize(
    "sentence",
    [
        "记者王小明报道，工业经济持续恢复。",
        "责任编辑：李思阳",
        "主持人张华：请介绍一下情况。",
        "部长会议在北京举行。",
        "各部委主任委员会议召开。",
        "部长高度评价了这项工作。",
        "会见时，部长强调要稳增长。",
    ],
)
def test_not_officials(sentence: str):
    assert names(extract_text(sentence, extractors=STAGES), "Official") == set()


def test_speaker_lines_and_later_mentions_are_the_official():
    x = extract_text("——访工业和信息化部部长肖亚庆", "记者：今年工业发展目标能否实现？", "肖亚庆：今年，我国工业经济总体持续恢复。",
                     extractors=STAGES)
    official = [m for m in x.mentions if m.type == "Official"]
    assert {m.name for m in official} == {"肖亚庆"}
    assert len(official) == 2


def test_bare_titles_take_the_ministry_in_context():
    x = extract_text("工信部召开新闻发布会，新闻发言人、运行监测协调局局长黄利斌介绍，工业经济平稳。", extractors=STAGES)
    assert facts(x, "holdsPost") == {("黄利斌", "工业和信息化部", "新闻发言人"), ("黄利斌", "运行监测协调局", "局长")}
    assert facts(x, "subOrganizationOf") == {("运行监测协调局", "工业和信息化部")}


def test_no_ministry_in_context_no_guess():
    x = extract_text("工信部、发改委出席。", "新闻发言人孟玮介绍了情况。", extractors=STAGES)
    assert facts(x, "holdsPost") == {("孟玮", None, "新闻发言人")}


def test_a_bare_office_is_not_an_organization():
    x = extract_text("办公室主任李明介绍了情况。", extractors=STAGES)
    assert names(x, "Organization") == set()
    assert facts(x, "holdsPost") == {("李明", None, "办公室主任")}
