"""partOf and hasTarget: tied to the plan the passage describes, not to any plan nearby."""
from __future__ import annotations

from tests.conftest import extract_text, facts

PLAN = "“十四五”智能制造发展规划"


def test_listed_initiatives_and_targets_belong_to_the_focus_plan():
    x = extract_text(
        "近日，八部门正式印发了《“十四五”智能制造发展规划》（下称“《规划》”）。",
        "“两步走”是指：到2025年，规模以上制造业企业大部分实现数字化网络化。",
        "“六个行动”包括：智能制造技术攻关行动、工业软件突破提升行动。",
        "下一步，工信部将认真推进《规划》各项任务落实，深入实施智能制造工程。",
    )
    assert facts(x, "partOf") == {("智能制造技术攻关行动", PLAN), ("工业软件突破提升行动", PLAN)}
    assert facts(x, "hasTarget") == {(PLAN, "规模以上制造业企业大部分实现数字化网络化")}


def test_no_focus_plan_no_links():
    x = extract_text("近日，我部会同国家发展改革委印发了《关于振作工业经济运行 推动工业高质量发展的实施方案》。",
                     "一是深入实施产业基础再造工程。二是实施质量提升行动。", "明年要新培育3000家左右“小巨人”企业。")
    assert facts(x, "partOf") == set() and facts(x, "hasTarget") == set()


def test_a_plan_named_as_the_sentences_subject():
    x = extract_text("近日，国务院印发《2030年前碳达峰行动方案》（以下简称《方案》）。",
                     "《方案》要求，重点实施能源绿色低碳转型行动、节能降碳增效行动。",
                     "《方案》提出，到2025年，非化石能源消费比重达到20%左右。")
    plan = "2030年前碳达峰行动方案"
    assert facts(x, "partOf") == {("能源绿色低碳转型行动", plan), ("节能降碳增效行动", plan)}
    assert facts(x, "hasTarget") == {(plan, "非化石能源消费比重")}
