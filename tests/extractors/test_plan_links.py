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


# Issue 11: partOf and hasTarget through a plan's scope.
def test_a_paragraph_opened_by_the_plan_belongs_to_it():
    x = extract_text(
        "民政部发布养老服务2025年工作要点（以下简称“工作要点”）。",
        "在提升服务能力方面，工作要点明确，要扩大普惠供给。组织开展居家养老上门服务试点，实施特殊困难老年人探访关爱行动。",
        "另外，各地正在推进老旧小区改造行动。",
    )
    plan = "养老服务2025年工作要点"
    assert facts(x, "partOf") == {("居家养老上门服务试点", plan), ("特殊困难老年人探访关爱行动", plan)}


def test_the_text_under_a_plans_title_is_the_plans_own():
    x = extract_text(
        "关于印发《城市体检工作方案》的通知",
        "现将《城市体检工作方案》印发给你们。",
        "城市体检工作方案",
        "一、总体要求",
        "以城市更新行动为抓手，把城市体检同老旧管网改造工程统筹结合起来。到2027年，城市体检制度基本建立。",
    )
    plan = "城市体检工作方案"
    assert facts(x, "partOf") == {("城市更新行动", plan)}  # the works it is combined with are not its own
    assert facts(x, "hasTarget") == {(plan, "城市体检制度基本建立")}


def test_targets_go_to_the_plan_that_sets_them():
    x = extract_text(
        "近日，国家能源局印发《2025年能源工作指导意见》。",
        "此前印发的《新型电力系统发展蓝皮书行动方案》提出，到2030年，新型储能装机达到1亿千瓦以上。",
        "《2025年能源工作指导意见》提出，到2025年，全国发电总装机达到36亿千瓦左右。",
    )
    assert facts(x, "hasTarget") == {("新型电力系统发展蓝皮书行动方案", "新型储能装机"),
                                     ("2025年能源工作指导意见", "全国发电总装机")}


def test_a_plan_that_launches_numbered_works():
    x = extract_text("近日，文化和旅游部印发《国内旅游提升计划（2023—2025年）》（以下简称《计划》）。",
                     "《计划》提出实施旅游公共服务提升工程、智慧旅游建设工程、旅游市场秩序整治工程等六大工程。")
    plan = "国内旅游提升计划（2023—2025年）"
    assert facts(x, "partOf") == {("旅游公共服务提升工程", plan), ("智慧旅游建设工程", plan), ("旅游市场秩序整治工程", plan)}


def test_the_rest_of_the_paragraph_that_reports_a_plan_issued_describes_it():
    x = extract_text("住房城乡建设部会同有关部门印发了《城市燃气管道老化更新改造实施方案》。方案以保障安全为主线，"
                     "力争到2025年底，基本完成城市燃气管道老化更新改造。",
                     "另外，各地2023年已改造燃气管道2万公里。")
    assert facts(x, "hasTarget") == {("城市燃气管道老化更新改造实施方案", "完成城市燃气管道老化更新改造")}


def test_a_bodys_own_programmes_listed_after_the_plan_headline_are_not_the_plans():
    paragraphs = ["水利部：做好水安全保障规划",
                  "重点编制两个规划：《水安全保障规划》和《水资源节约集约利用规划》。",
                  "规划计划司司长表示，“十五五”时期水利部要重点推动实施两项重大工程：",
                  "一是国家水网骨干建设工程；", "二是病险水库除险加固工程。"]
    x = extract_text(*paragraphs, title="水利部：做好水安全保障规划")
    assert facts(x, "partOf") == set()
    # listed under the plan itself, they are its own
    paragraphs[2] = "规划提出，“十五五”时期要重点推动实施两项重大工程："
    assert len(facts(extract_text(*paragraphs, title="水利部：做好水安全保障规划"), "partOf")) == 2
