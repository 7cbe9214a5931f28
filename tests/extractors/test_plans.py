"""Plans: 《》 titles that name policy documents; back-references; issuers."""
from __future__ import annotations

from datetime import datetime

import pytest

from kg.loaders.dates import CHINA

from tests.conftest import extract_text, facts, names

STAGES = ["organizations", "plans", "issuers"]


@pytest.mark.parametrize(
    ("sentence", "plans"),
    [
        ("落实《中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要》。",
         {"中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要"}),
        ("切实落实《保障中小企业款项支付条例》。", {"保障中小企业款项支付条例"}),
        ("印发了《关于振作工业经济运行 推动工业高质量发展的实施方案》。", {"关于振作工业经济运行 推动工业高质量发展的实施方案"}),
        ("印发《5G應用「揚帆」行動計劃（2021-2023年）》。", {"5G应用“扬帆”行动计划（2021-2023年）"}),
        ("肖亚庆在《学习时报》撰文指出。", set()),  # a newspaper
        ("他推荐了《红楼梦》和《人民日报》。", set()),
        ("六部门联合印发关于加快培育发展制造业优质企业的指导意见。", {"关于加快培育发展制造业优质企业的指导意见"}),
        ("会议讨论了关于加强监管的意见。", set()),  # no issuing verb, no 《》: not taken
        ("近日，国务院印发“十四五”数字经济发展规划。", {"“十四五”数字经济发展规划"}),
        ("他说要出台相关政策意见。", set()),
    ],
)
def test_plan_titles(sentence: str, plans: set[str]):
    assert names(extract_text(sentence, extractors=STAGES), "Plan") == plans


@pytest.mark.parametrize(
    "variant",
    ["《“十四五”智能制造发展规划》", '《"十四五"智能制造发展规划》', "《_十四五_智能制造发展规划》", "《「十四五」智能制造发展规划》"],
)
def test_quoting_variants_are_one_plan(variant: str):
    x = extract_text(f"工信部印发{variant}。", extractors=STAGES)
    plans = [m for m in x.mentions if m.type == "Plan"]
    assert [p.name for p in plans] == ["“十四五”智能制造发展规划"]
    assert plans[0].key == "十四五智能制造发展规划"


def test_back_references_resolve_to_the_full_plan():
    x = extract_text("近日，八部门印发了《“十四五”智能制造发展规划》（下称“《规划》”）。",
                     "《规划》包括现状与形势、总体要求4个部分。", "工信部将推进《规划》落实，《指导意见》另议。",
                     extractors=STAGES)
    plans = [m for m in x.mentions if m.type == "Plan"]
    assert {p.name for p in plans} == {"“十四五”智能制造发展规划"}
    assert sum(1 for p in plans if p.attr("reference")) == 3


def test_short_form_that_is_a_suffix_of_an_earlier_title():
    x = extract_text("审议通过《关于深化新一代信息技术与制造业融合发展的指导意见》。", "更好地落实《指导意见》。", extractors=STAGES)
    assert {m.name for m in x.mentions if m.type == "Plan"} == {"关于深化新一代信息技术与制造业融合发展的指导意见"}


@pytest.mark.parametrize(
    ("sentence", "issuers"),
    [
        ("近日，工业和信息化部、国家发展改革委、教育部、科技部、财政部、人力资源社会保障部、市场监管总局、国务院国资委等8个部门"
         "正式印发了《“十四五”智能制造发展规划》。",
         {"工业和信息化部", "国家发展和改革委员会", "教育部", "科学技术部", "财政部", "人力资源和社会保障部",
          "国家市场监督管理总局", "国务院国有资产监督管理委员会"}),
        ("日前，工业和信息化部正式印发了《“十四五”信息化和工业化深度融合发展规划》。", {"工业和信息化部"}),
        ("国务院关于印发《新一代人工智能发展规划》的通知指出。", {"国务院"}),
        ("国务院办公厅关于印发“十四五”数字经济发展规划的通知", {"国务院办公厅"}),
        ("《国务院关于印发2030年前碳达峰行动方案的通知》全文发布。", {"国务院"}),
        ("全文刊发《国务院关于印发〈新一代人工智能发展规划〉的通知》。", {"国务院"}),
        ("12月28日，工信部召开《“十四五”智能制造发展规划》新闻发布会。", set()),  # 发布会 is no issuing
        ("按照工业和信息化部规划体系安排，编制形成《“十四五”规划》。", set()),
        ("根据《纲要》，党中央、国务院作出部署。", set()),
    ],
)
def test_issuers(sentence: str, issuers: set[str]):
    x = extract_text(sentence, extractors=STAGES)
    assert {org for _, org in facts(x, "issuedBy")} == issuers


def test_issuer_through_wo_bu():
    x = extract_text("——访工业和信息化部部长肖亚庆", "近日，我部会同国家发展改革委印发了《关于振作工业经济运行 推动工业高质量发展的实施方案》。",
                     extractors=STAGES)
    assert {org for _, org in facts(x, "issuedBy")} == {"工业和信息化部", "国家发展和改革委员会"}


# Issue 11: plans without 《》, references, and co-issuers in the forms real reports use.
@pytest.mark.parametrize(
    ("sentence", "plans"),
    [
        ("工业和信息化部近日印发电子信息制造业2025年工作要点。", {"电子信息制造业2025年工作要点"}),
        ("三部门联合印发智能检测装备产业发展行动计划（2024—2026年）。", {"智能检测装备产业发展行动计划（2024—2026年）"}),
        ("省政府出台优化营商环境三年行动方案、数字经济促进条例等文件。", {"优化营商环境三年行动方案", "数字经济促进条例"}),
        # being drafted, or no document named: not a plan
        ("下一步将研究制定新能源汽车下乡实施方案。", set()),
        ("会议要求出台更多针对性政策，印发实施方案。", set()),
    ],
)
def test_plans_without_brackets(sentence: str, plans: set[str]):
    assert names(extract_text(sentence, extractors=STAGES), "Plan") == plans


@pytest.mark.parametrize(
    "later",
    ["该方案提出，到2026年培育一批示范工厂。", "方案明确，到2026年培育一批示范工厂。", "行动方案提出，到2026年培育一批示范工厂。"],
)
def test_back_references_without_brackets(later: str):
    x = extract_text("两部门印发轻工业数字化转型实施方案（以下简称“行动方案”）。", later, extractors=STAGES)
    refs = [m for m in x.mentions if m.type == "Plan" and m.attr("reference")]
    assert [m.name for m in refs] == ["轻工业数字化转型实施方案"]


@pytest.mark.parametrize(
    ("paragraphs", "issuers"),
    [
        (("经国务院同意，国家发展改革委、国家能源局印发《关于促进新型储能发展的指导意见》。",),
         {"国家发展和改革委员会", "国家能源局"}),
        (("商务部会同财政部、税务总局印发《外贸企业出口退税管理办法》。",), {"商务部", "财政部", "国家税务总局"}),
        (("《城市燃气安全排查整治方案》已由住房和城乡建设部、应急管理部联合印发。",), {"住房和城乡建设部", "应急管理部"}),
        (("国务院办公厅转发国家发展改革委《关于推进价格改革的意见》。",), {"国务院办公厅"}),
        # a notice signed by several bodies, one a line, then the date
        (("现将《中小学科学教育工作指南》印发给你们，请认真贯彻执行。", "教育部", "科学技术部", "2025年3月6日"),
         {"教育部", "科学技术部"}),
    ],
)
def test_co_issuers(paragraphs: tuple[str, ...], issuers: set[str]):
    x = extract_text(*paragraphs, extractors=STAGES)
    assert {o for _, o in facts(x, "issuedBy")} == issuers


@pytest.mark.parametrize(
    ("sentence", "issuers"),
    [
        ("国家卫生健康委办公厅印发《医疗机构检查检验结果互认管理办法》。", {"国家卫生健康委员会办公厅"}),  # the office, not its ministry
        ("农业农村部办公厅、财政部办公厅印发《农机购置补贴实施指导意见》。", {"农业农村部办公厅", "财政部办公厅"}),
    ],
)
def test_an_office_that_issues_is_the_issuer(sentence: str, issuers: set[str]):
    assert {o for _, o in facts(extract_text(sentence, extractors=STAGES), "issuedBy")} == issuers


@pytest.mark.parametrize(
    ("title", "plan", "issuers"),
    [
        ("财政部 税务总局关于进一步支持小微企业和个体工商户发展有关税费政策的公告",
         "关于进一步支持小微企业和个体工商户发展有关税费政策的公告", {"财政部", "国家税务总局"}),
        ("国务院关于加强数字政府建设的指导意见", "关于加强数字政府建设的指导意见", {"国务院"}),
    ],
)
def test_a_documents_own_title_names_its_issuers(title: str, plan: str, issuers: set[str]):
    x = extract_text("正文从略。", title=title, extractors=STAGES)
    assert names(x, "Plan") == {plan}
    assert {o for _, o in facts(x, "issuedBy")} == issuers


def test_a_headline_that_is_not_a_document_title():
    x = extract_text("正文从略。", title="专家解读：关于加强数字政府建设的指导意见", extractors=STAGES)
    assert facts(x, "issuedBy") == set()  # 专家解读 is no body


def test_taiwan_wording_of_issuing():
    x = extract_text("臺北報導，經濟和資訊化局釋出了《數位經濟創新提質實施方案》。", "杭州市經濟和資訊化局釋出了《數位經濟創新提質實施方案》。",
                     extractors=STAGES)
    assert facts(x, "issuedBy") == {("数字经济创新提质实施方案", "杭州市经济和信息化局")}


def test_a_title_written_without_its_period_is_the_dated_plan():
    """The headline drops the period that the body gives: one plan, not two."""
    x = extract_text("河北省人民政府关于印发河北省数字乡村建设行动计划的通知",
                     "近日，河北省人民政府印发《河北省数字乡村建设行动计划（2025—2027年）》。", extractors=STAGES)
    assert names(x, "Plan") == {"河北省数字乡村建设行动计划（2025—2027年）"}


@pytest.mark.parametrize(
    "paragraphs",
    [
        # an earlier edition, named by its document number, is a document of its own
        ("印发《城市更新行动方案（2025—2027年）》。",
         "《城市更新行动方案》（建城〔2021〕63号）实施以来成效明显。"),
        # two dated editions: which one a bare title means is not said
        ("关于印发城市更新行动方案的通知",
         "《城市更新行动方案（2021—2023年）》已完成，现印发《城市更新行动方案（2025—2027年）》。"),
    ],
)
def test_a_bare_title_stays_apart_when_the_edition_is_unclear(paragraphs: tuple[str, ...]):
    plans = names(extract_text(*paragraphs, extractors=STAGES), "Plan")
    assert "城市更新行动方案" in plans and len(plans) >= 2


def test_a_titles_last_words_written_again_are_that_plan():
    """…编制的三年行动计划提出: the plan named before, not a programme of its own; its goals are the plan's."""
    x = extract_text("水利部印发《长江流域水生态保护三年行动计划》。",
                     "水利部会同有关部门编制的三年行动计划提出，到2027年，水质优良断面比例达到95%。")
    refs = [m for m in x.mentions if m.type == "Plan" and m.attr("reference")]
    assert [m.text for m in refs] == ["三年行动计划"] and refs[0].name == "长江流域水生态保护三年行动计划"
    assert names(x, "Initiative") == set()
    assert facts(x, "hasTarget") == {("长江流域水生态保护三年行动计划", "水质优良断面比例")}


@pytest.mark.parametrize(
    "later",
    [
        "各地要制定农业农村发展行动计划。",  # the same last words inside another title
        "两部门联合发布的行动计划还包括其他内容。",  # the document type alone
    ],
)
def test_words_a_title_ends_with_are_not_always_that_plan(later: str):
    x = extract_text("印发《数字乡村发展行动计划》。", later)
    assert not [m for m in x.mentions if m.type == "Plan" and m.attr("reference") and m.start > 20]


def test_a_title_dated_by_its_period_is_a_document_whatever_it_ends_with():
    assert names(extract_text("国家层面出台《全民健身行动（2026—2030年）》。"), "Plan") == {"全民健身行动（2026—2030年）"}
    assert names(extract_text("他推荐了《大国崛起》。"), "Plan") == set()


def test_the_bodies_before_guanyu_in_a_title_issue_it():
    x = extract_text("全会审议通过了《中共四川省委关于推进新型工业化的决定》。")
    assert facts(x, "issuedBy") == {("中共四川省委关于推进新型工业化的决定", "四川省委员会")}
    # a title that merely starts with words, not bodies, has no issuer
    assert facts(extract_text("印发《数字经济关于创新发展的若干意见》。"), "issuedBy") == set()


def test_issuers_named_after_the_title_and_a_comma():
    x = extract_text("全国首部专项规划——《“十五五”全国林草产业发展规划》，近日由国家林业和草原局等五部门联合印发。")
    assert ("“十五五”全国林草产业发展规划", "国家林业和草原局") in facts(x, "issuedBy")


def test_a_titles_last_words_inside_a_bodys_name_are_no_plan():
    x = extract_text("印发《“十五五”全国林草产业发展规划》。", "国家林业和草原局发展规划司司长介绍。")
    assert not [m for m in x.mentions if m.type == "Plan" and m.attr("reference")]


def test_a_years_government_work_report_is_a_plan_and_sets_its_goals():
    x = extract_text("1月20日，2026年成都市政府工作报告全文发布。报告明确，今年要新增城市绿道300公里。",
                     "政府工作报告", issued=datetime(2026, 1, 21, tzinfo=CHINA),
                     extractors=["organizations", "plans", "issuers", "targets", "plan_links"])
    assert names(x, "Plan") == {"2026年成都市政府工作报告"}
    assert facts(x, "hasTarget") == {("2026年成都市政府工作报告", "城市绿道")}


@pytest.mark.parametrize(
    ("sentence", "plans"),
    [
        ("根据深化党和国家机构改革方案，组建国家数据局。", {"深化党和国家机构改革方案"}),
        ("根据工作方案，各地要抓好落实。", set()),  # a kind of document, not one named
    ],
)
def test_a_plan_named_after_genju(sentence: str, plans: set):
    assert names(extract_text(sentence), "Plan") == plans


def test_a_report_on_how_a_plan_was_carried_out_is_no_issuing():
    x = extract_text("民政部发布《社区服务体系建设规划（2011-2015年）》落实情况。", extractors=["organizations", "plans", "issuers"])
    assert facts(x, "issuedBy") == set()


def test_co_issuers_in_the_clause_before_the_verb():
    x = extract_text("为落实有关要求，交通运输部近日联合国家发展改革委、财政部等有关部门，印发了《关于加快建设现代物流体系的意见》。")
    assert facts(x, "issuedBy") == {("关于加快建设现代物流体系的意见", "交通运输部"),
                                    ("关于加快建设现代物流体系的意见", "国家发展和改革委员会"),
                                    ("关于加快建设现代物流体系的意见", "财政部")}


def test_a_signature_block_with_two_bodies_a_line():
    x = extract_text("现将《长江口船舶污染治理行动方案》印发给你们，请遵照执行。",
                     "生态环境部 交通运输部", "上海市人民政府 江苏省人民政府", "2024年10月30日")
    assert facts(x, "issuedBy") == {("长江口船舶污染治理行动方案", body)
                                    for body in ("生态环境部", "交通运输部", "上海市人民政府", "江苏省人民政府")}
