"""Targets: forward-looking goals with indicator, value, unit, year; past statistics refused."""
from __future__ import annotations

from datetime import datetime

import pytest

from kg.loaders.dates import CHINA

from tests.conftest import extract_text


def targets(*paragraphs: str, issued=datetime(2021, 12, 25, tzinfo=CHINA)) -> set[tuple]:
    x = extract_text(*paragraphs, issued=issued, extractors=["targets"])
    return {(m.name, m.attr("year"), m.attr("value"), m.attr("unit"), m.attr("comparator"))
            for m in x.mentions if m.type == "Target"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("提出到2025年，全国两化融合发展指数达到105，相较于2020年提高约20。",
         {("全国两化融合发展指数", 2025, "105", None, "达到")}),
        ("到2025年，规模以上工业企业关键工序数控化率达68%。", {("规模以上工业企业关键工序数控化率", 2025, "68", "%", "达")}),
        ("明年要新培育3000家左右“小巨人”企业。", {("“小巨人”企业", 2022, "3000", "家", "左右")}),
        ("到2025年，非化石能源消费比重达到20%左右，单位国内生产总值能源消耗比2020年下降13.5%。",
         {("非化石能源消费比重", 2025, "20", "%", "左右"),
          ("单位国内生产总值能源消耗", 2025, "13.5", "%", "比2020年下降")}),
        ("到2023年，5G個人用戶普及率超過40%。", {("5G个人用户普及率", 2023, "40", "%", "超过")}),
        ("到2025年，数字化研发设计工具普及率和关键工序数控化率分别达到85%和68%。",
         {("数字化研发设计工具普及率", 2025, "85", "%", None), ("关键工序数控化率", 2025, "68", "%", None)}),
        ("到“十四五”末，新建数据中心电能利用效率降到1.3以下。", {("新建数据中心电能利用效率", 2025, "1.3", None, "以下")}),
    ],
)
def test_numeric_targets(sentence: str, expected: set[tuple]):
    assert targets(sentence) == expected


def test_year_carries_from_the_paragraph():
    found = targets("分别明确了2025年的发展目标。围绕关键环节提出定量目标，包括企业经营管理数字化普及率达80%，"
                    "数字化研发设计工具普及率达85%。")
    assert found == {("企业经营管理数字化普及率", 2025, "80", "%", "达"), ("数字化研发设计工具普及率", 2025, "85", "%", "达")}


def test_qualitative_targets_after_a_year():
    found = targets("“两步走”是指：到2025年，规模以上制造业企业大部分实现数字化网络化，重点行业骨干企业初步应用智能化；"
                    "到2035年，规模以上制造业企业全面普及数字化网络化，重点行业骨干企业基本实现智能化。")
    assert {(name, year) for name, year, *_ in found} == {
        ("规模以上制造业企业大部分实现数字化网络化", 2025), ("重点行业骨干企业初步应用智能化", 2025),
        ("规模以上制造业企业全面普及数字化网络化", 2035), ("重点行业骨干企业基本实现智能化", 2035)}


@pytest.mark.parametrize(
    "sentence",
    [
        "我国已建成5G基站139.6万个，建成工业互联网标识解析二级节点165个。",
        "前11个月，我国规模以上工业增加值同比增长10.1%，好于预期目标。",
        "今年新培育制造业单项冠军企业259家、国家级“小巨人”企业2930家，分别累计达到848家、4762家。",
        "目前，开展网络化协同的企业比例达到38.8%。",
        "近日，八部门等8个部门正式印发了规划。",
        "扎实推进5G、工业互联网等新型基础设施建设，确保2022年开好局。",
        "到 2025 年，信息化与和工业化在更广范围、更深程度、更高水平上实现融合发展。",
    ],
)
def test_not_targets(sentence: str):
    assert targets(sentence) == set()


def test_relative_year_needs_the_article_date():
    assert targets("明年要新培育3000家左右“小巨人”企业。", issued=None) == {("“小巨人”企业", None, "3000", "家", "左右")}


def test_a_target_section_and_its_list_items_are_forward_looking():
    found = targets("一、总体目标", "到2023年，我国5G应用发展水平显著提升。",
                    "——5G应用关键环节取得突破。5G个人用户普及率超过40%，5G网络接入流量占比超50%。",
                    "二、重点任务", "——去年5G基站数量为100万个。")
    assert found == {("5G应用发展水平显著提升", 2023, None, None, None),
                     ("5G个人用户普及率", 2023, "40", "%", "超过"), ("5G网络接入流量占比", 2023, "50", "%", "超过")}


def test_forecasts_with_about():
    assert targets("刘昆表示，今年将实施新的政策，预计全年退税减税约2.5万亿元。", issued=datetime(2022, 3, 7, tzinfo=CHINA)) == \
        {("退税减税", 2022, "2.5", "万亿元", "约")}
