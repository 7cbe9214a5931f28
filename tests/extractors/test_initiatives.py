"""Initiatives: named programmes; enumerations; vague phrases refused."""
from __future__ import annotations

import pytest

from tests.conftest import extract_text, names

STAGES = ["organizations", "plans", "initiatives"]


@pytest.mark.parametrize(
    ("sentence", "initiatives"),
    [
        ("实施关键核心技术攻关工程，着力突破“卡脖子”技术瓶颈。", {"关键核心技术攻关工程"}),
        ("通过实施传统产业技术改造升级工程，质量提升行动等，把产业整体素质提高上去。",
         {"传统产业技术改造升级工程", "质量提升行动"}),
        ("“六个行动”包括：智能制造技术攻关行动、智能制造示范工厂建设行动、行业智能化改造升级行动。",
         {"智能制造技术攻关行动", "智能制造示范工厂建设行动", "行业智能化改造升级行动"}),
        ("一是制造业数字化转型行动，包括制定制造业数字化转型行动计划等工作。", {"制造业数字化转型行动"}),
        ("将深入实施先进制造业集群发展专项行动。", {"先进制造业集群发展专项行动"}),
        ("将实施汽车芯片攻坚行动，提升芯片供给能力。", {"汽车芯片攻坚行动"}),
        ("启动一批产业基础再造工程项目。", {"产业基础再造工程"}),
        ("將實施5G應用「揚帆」行動。", {"5G应用“扬帆”行动"}),
        ("实施“5G+工业互联网”512工程升级版。", {"“5G+工业互联网”512工程"}),
    ],
)
def test_initiatives(sentence: str, initiatives: set[str]):
    assert names(extract_text(sentence, extractors=STAGES), "Initiative") == initiatives


@pytest.mark.parametrize(
    "sentence",
    [
        "加快数字化转型，推动制造业高质量发展。",  # a vague phrase
        "两化深度融合作为系统工程，涉及单个企业的转型发展。",
        "设置了5项主要任务、5大重点工程以及5个方面的保障措施。",
        "通过政策制定、标准推广、工程实施、试点示范等系列举措。",
        "启动一批产业化工程化攻关项目。",
        "对已确定的工业和信息化领域重点工程项目抓紧推进。",
        "出台工业领域及重点行业碳达峰行动方案。",  # a document, not a programme
        "印发《5G应用“扬帆”行动计划（2021-2023年）》。",
    ],
)
def test_not_initiatives(sentence: str):
    assert names(extract_text(sentence, extractors=STAGES), "Initiative") == set()


def test_a_longer_name_ending_in_a_named_initiative_is_that_initiative():
    x = extract_text("加快实施产业基础再造工程。", "实施工业领域产业基础再造工程。", extractors=STAGES)
    assert names(x, "Initiative") == {"产业基础再造工程"}
