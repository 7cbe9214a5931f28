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


def test_forecasts_are_not_goals():
    # a forecast (预计) says what a policy is expected to bring about, not a goal the plan sets
    assert targets("刘昆表示，今年将实施新的政策，预计全年退税减税约2.5万亿元。", issued=datetime(2022, 3, 7, tzinfo=CHINA)) == set()
    assert targets("央行决定下调存款准备金率0.5个百分点，预计将释放长期流动性约1万亿元。",
                   issued=datetime(2025, 5, 7, tzinfo=CHINA)) == set()
    assert targets("今年将实施新的政策，预计全年退税减税约2.5万亿元，力争减税降费总规模达到3万亿元。",
                   issued=datetime(2022, 3, 7, tzinfo=CHINA)) == {("减税降费总规模", 2022, "3", "万亿元", "达到")}


def test_a_forecast_covers_the_figures_that_follow_it():
    """The year-end review: 预计 opens a run of figures, clause after clause and sentence after sentence."""
    december = datetime(2024, 12, 20, tzinfo=CHINA)
    assert targets("水利部副部长介绍，预计2024年将完成水利建设投资超1.2万亿元，新增灌溉面积约1500万亩、"
                   "新建堤防800公里。农村自来水普及率达到94%，规模化供水工程覆盖人口比例提高到65%左右。",
                   issued=december) == set()
    # a goal set afterwards (明年, 力争, 到2027年) is a goal again
    assert targets("预计今年粮食产量超过1.4万亿斤。明年要稳定粮食播种面积17.9亿亩以上。", issued=december) == \
        {("稳定粮食播种面积", 2025, "17.9", "亿亩", "以上")}


# Issue 11: targets on text the seeds never showed.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Latin units and "以上"
        ("到2025年，全国数据中心算力总规模超过200EFLOPS，存储容量达到1500EB以上。",
         {("全国数据中心算力总规模", 2025, "200", "EFLOPS", "超过"), ("存储容量", 2025, "1500", "EB", "以上")}),
        # stage goals: 十四五 ends in 2025, 十五五 in 2030
        ("“十五五”期间，县域充电设施覆盖率达到95%。", {("县域充电设施覆盖率", 2030, "95", "%", "达到")}),
        # several indicators sharing one verb and one list of values, 分别 left out
        ("到2027年，农村自来水普及率、规模化供水工程覆盖人口比例达到90%、65%。",
         {("农村自来水普及率", 2027, "90", "%", None), ("规模化供水工程覆盖人口比例", 2027, "65", "%", None)}),
        # what an action verb counts is its object
        ("到2026年，再遴选10家左右国家级智慧养老示范基地。", {("国家级智慧养老示范基地", 2026, "10", "家", "左右")}),
        # the subject of the clause before; the same indicator for two years
        ("力争到2025年，新能源汽车新车销量占比达到20%左右，到2030年达到40%。",
         {("新能源汽车新车销量占比", 2025, "20", "%", "左右"), ("新能源汽车新车销量占比", 2030, "40", "%", "达到")}),
    ],
)
def test_targets_of_other_ministries(sentence: str, expected: set[tuple]):
    assert targets(sentence, issued=datetime(2024, 3, 1, tzinfo=CHINA)) == expected


def test_a_figure_stated_before_this_years_goal_lends_its_subject():
    found = targets("发言人介绍，全国充电桩目前已建成860万台，今年有望突破1000万台。", issued=datetime(2024, 3, 1, tzinfo=CHINA))
    assert found == {("全国充电桩", 2024, "1000", "万台", "突破")}


def test_qualitative_goals_after_a_year_mark_in_traditional_text():
    found = targets("到2027年，城鄉供水一體化水準顯著提升，重點流域水質明顯改善。", issued=datetime(2024, 3, 1, tzinfo=CHINA))
    assert {(n, y) for n, y, *_ in found} == {("城乡供水一体化水准显著提升", 2027), ("重点流域水质明显改善", 2027)}


@pytest.mark.parametrize(
    "sentence",
    [
        "截至去年底，全国累计建成高标准农田10亿亩。",  # past, 截至
        "2022年全国粮食产量达到6.87亿吨。",  # a year before the article's
        "预计全年社会消费品零售总额增长5%左右。",  # an estimate, nothing forward-looking
        "一季度全国规模以上工业增加值同比增长6.1%。",  # 同比
        "为实现碳达峰打下坚实基础，到2030年，要加快推动各项工作。",  # a means, not a goal
    ],
)
def test_statistics_and_estimates_are_not_targets(sentence: str):
    assert targets(sentence, issued=datetime(2024, 3, 1, tzinfo=CHINA)) == set()


def test_a_future_year_named_without_dao():
    found = targets("会议要求，2025年要确保粮食产量保持在1.4万亿斤左右，新建高标准农田4500万亩，大豆自给率稳步提升。",
                    issued=datetime(2024, 12, 20, tzinfo=CHINA))
    assert found == {("粮食产量", 2025, "1.4", "万亿斤", "左右"), ("高标准农田", 2025, "4500", "万亩", None),
                     ("大豆自给率稳步提升", 2025, None, None, None)}


def test_a_share_of_a_whole_and_goals_of_becoming():
    found = targets("到2030年，新能源船舶销量达到船舶销售总量的30%左右。到2035年，电动船舶成为内河航运的主流。",
                    issued=datetime(2024, 3, 1, tzinfo=CHINA))
    assert found == {("新能源船舶销量", 2030, "30", "%", "左右"), ("电动船舶成为内河航运的主流", 2035, None, None, None)}


def test_a_document_named_with_a_year_sets_no_target():
    assert targets("依据《国民经济和社会发展第十四个五年规划和2035年远景目标纲要》，共同编制形成了《规划》。",
                   issued=datetime(2021, 12, 1, tzinfo=CHINA)) == set()


def test_qualitative_goals_listed_with_ordinals():
    found = targets("《纲要》明确了“十四五”时期的发展目标：一是产业规模持续扩大，二是创新能力显著增强，三是坚持系统观念。",
                    issued=datetime(2021, 6, 1, tzinfo=CHINA))
    assert found == {("产业规模持续扩大", 2025, None, None, None), ("创新能力显著增强", 2025, None, None, None)}


def test_ordinals_that_list_tasks_set_no_goal():
    assert targets("会议部署了三项任务：一是持续扩大有效投资，二是不断完善体制机制。", issued=datetime(2024, 3, 1, tzinfo=CHINA)) == set()


def test_a_goal_reported_as_a_task_deployed_is_no_target():
    assert targets("党的二十大部署了到2035年基本实现新型工业化的战略任务。", issued=datetime(2024, 3, 8, tzinfo=CHINA)) == set()


def test_this_years_expected_goal():
    found = targets("发言人表示，全年经济增长预期目标为5%左右。", issued=datetime(2024, 4, 16, tzinfo=CHINA))
    assert found == {("经济增长", 2024, "5", "%", "左右")}


def test_a_quarters_figures_are_statistics():
    assert targets("一季度国内生产总值296299亿元，同比增长5.3%，城镇调查失业率稳定在5%左右。",
                   issued=datetime(2024, 4, 16, tzinfo=CHINA)) == set()


def test_counted_objects_ranges_and_cumulative_goals():
    found = targets("一、主要目标", "2025年，全市新建充电桩3000个以上。到2027年，全市累计建成充电桩2万个，"
                    "培育形成3个千亿级产业集群和5个百亿级产业集群，力争培育8—10个链主企业。",
                    issued=datetime(2025, 1, 10, tzinfo=CHINA))
    assert found == {("充电桩", 2025, "3000", "个", "以上"), ("充电桩", 2027, "2", "万个", None),
                     ("千亿级产业集群", 2027, "3", "个", None), ("百亿级产业集群", 2027, "5", "个", None),
                     ("链主企业", 2027, "8", "个", "培育")}


def test_a_written_year_is_not_undone_by_quan_nian():
    found = targets("局长表示，2025年，国家能源局将大力推进风电光伏开发，全年将新增风电光伏装机2亿千瓦左右，"
                    "可再生能源消费量超过11亿吨标煤。", issued=datetime(2024, 12, 16, tzinfo=CHINA))
    assert found == {("风电光伏装机", 2025, "2", "亿千瓦", "左右"), ("可再生能源消费量", 2025, "11", "亿吨标煤", "超过")}


def test_goals_listed_after_a_colon_dated_by_the_headline():
    x = extract_text("这些目标分别是：高质量发展取得显著成效，科技自立自强水平大幅提高，坚持系统观念。",
                     "科技方面，全社会研发经费投入年均增长7%以上。",
                     title="“十五五”时期经济社会发展主要目标", issued=datetime(2026, 3, 5, tzinfo=CHINA),
                     extractors=["targets"])
    found = {(m.name, m.attr("year"), m.attr("value")) for m in x.mentions if m.type == "Target"}
    assert found == {("高质量发展取得显著成效", 2030, None), ("科技自立自强水平大幅提高", 2030, None),
                     ("全社会研发经费投入", 2030, "7")}


def test_goals_listed_with_enumeration_commas_each_have_their_figure():
    found = targets("到2030年，城市生活垃圾回收利用率达40%以上、农村卫生厕所普及率达90%以上、"
                    "县城污水处理率达到95%；林草覆盖率达60%。", issued=datetime(2024, 5, 6, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {
        ("城市生活垃圾回收利用率", 2030, "40"), ("农村卫生厕所普及率", 2030, "90"),
        ("县城污水处理率", 2030, "95"), ("林草覆盖率", 2030, "60")}
    # 、 inside an indicator is left alone
    assert {name for name, *_ in targets("到2027年，二氧化硫、氮氧化物排放总量下降10%以上。",
                                         issued=datetime(2024, 5, 6, tzinfo=CHINA))} == {"二氧化硫、氮氧化物排放总量"}


def test_a_year_inside_the_indicator_is_the_targets_year_not_its_name():
    found = targets("推动全国儿童青少年总体近视率到2030年下降至38%以下。", issued=datetime(2024, 5, 6, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {("全国儿童青少年总体近视率", 2030, "38")}


def test_a_dash_ends_the_lead_in_of_a_list_of_goals():
    found = targets("方案明确了具体目标——到2028年，新能源汽车渗透率达到60%。", issued=datetime(2025, 5, 6, tzinfo=CHINA))
    assert {name for name, *_ in found} == {"新能源汽车渗透率"}


def test_lines_under_a_heading_of_goals_are_goals_of_its_period():
    """A summary listing goals a line each: the heading dates them (“十五五”时期 → 2030, 2027年 → 2027);
    a review heading (2025年工作回顾) dates nothing."""
    found = targets(
        "一、2025年工作回顾", "全省地区生产总值增长5.2%",
        "二、「十五五」时期主要目标", "常住人口城镇化率提高到72%", "居民人均预期寿命达到80.5岁",
        "新建学校平均服务年限提高到12.5年", "单位地区生产总值能耗累计降低14%",
        "三、2027年发展主要安排", "城镇新增就业60万人以上",
        issued=datetime(2026, 1, 20, tzinfo=CHINA))
    assert {(name, year, value, unit) for name, year, value, unit, _ in found} == {
        ("常住人口城镇化率", 2030, "72", "%"), ("居民人均预期寿命", 2030, "80.5", "岁"),
        ("新建学校平均服务年限", 2030, "12.5", "年"), ("单位地区生产总值能耗累计", 2030, "14", "%"),
        ("城镇新增就业", 2027, "60", "万人")}


def test_where_an_indicator_stands_now_is_no_statistic_and_no_part_of_its_name():
    found = targets("方案细化了2030年的具体目标包括：森林覆盖率较目前的24.02%继续提高，达到26%；"
                    "农药使用量从目前的1.2降至0.9左右。", issued=datetime(2025, 9, 1, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {
        ("森林覆盖率", 2030, "26"), ("农药使用量", 2030, "0.9")}


def test_a_headline_opening_with_a_future_year_dates_its_goal():
    found = targets("2035年全国森林覆盖率将达到26%", issued=datetime(2025, 9, 1, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {("全国森林覆盖率", 2035, "26")}
    assert targets("2024年全国森林覆盖率达到25%", issued=datetime(2025, 9, 1, tzinfo=CHINA)) == set()


def test_a_space_parts_a_headlines_halves():
    found = targets("成都出台低空经济行动方案 到2027年产业规模突破1000亿元", issued=datetime(2025, 4, 2, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {("产业规模", 2027, "1000")}


def test_a_reserve_ratio_cut_sets_no_goal():
    # 存款准备金率: 准备 here is no word of intent
    assert targets("央行下调存款准备金率0.5个百分点，释放长期资金约1万亿元。", issued=datetime(2025, 5, 7, tzinfo=CHINA)) == set()


def test_a_years_work_plan_makes_its_figures_goals_and_one_verb_counts_a_list():
    found = targets("报告明确了2026年工作安排。全年新增城市绿道300公里。",
                    "持续推进公园城市建设，新建口袋公园50个、社区体育公园20座。",
                    issued=datetime(2026, 1, 20, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {
        ("城市绿道", 2026, "300"), ("口袋公园", 2026, "50"), ("社区体育公园", 2026, "20")}
    # a year already past is a review, not a plan
    assert targets("2025年工作回顾。新建口袋公园50个。", issued=datetime(2026, 1, 20, tzinfo=CHINA)) == set()


def test_next_years_investment_to_complete():
    found = targets("会议明确，明年交通运输将完成铁路投资7000亿元、民航投资1000亿元。2024年完成公路投资2.1万亿元。",
                    issued=datetime(2024, 12, 26, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {("铁路投资", 2025, "7000"), ("民航投资", 2025, "1000")}


def test_goals_under_a_years_expected_goals_run_through_the_paragraphs_after():
    found = targets("方案提出了2026年水利工作四个方面的预期目标，其中包括新增灌溉面积1000万亩左右、水土流失治理面积下降到6万平方公里左右。",
                    "供水保障方面，农村自来水普及率达到96%左右，预期新增供水能力30亿立方米。",
                    issued=datetime(2026, 3, 2, tzinfo=CHINA))
    assert {(name, year, value) for name, year, value, _, _ in found} == {
        ("灌溉面积", 2026, "1000"), ("水土流失治理面积", 2026, "6"), ("农村自来水普及率", 2026, "96"),
        ("供水能力", 2026, "30")}


def test_a_headline_naming_a_five_year_plan_dates_its_goals():
    x = extract_text("记者从新闻发布会上获悉。", title="湖南“十五五”规划纲要：地区生产总值年均增长5.5%左右",
                     issued=datetime(2026, 2, 3, tzinfo=CHINA), extractors=["targets"])
    assert [(m.name, m.attr("year"), m.attr("value")) for m in x.mentions] == [("地区生产总值", 2030, "5.5")]


def test_a_goal_of_a_magnitude_without_a_figure():
    found = targets("到2028年，全省新能源汽车产业规模突破千亿级。", issued=datetime(2025, 6, 1, tzinfo=CHINA))
    assert {(name, year) for name, year, *_ in found} == {("新能源汽车产业规模突破千亿级", 2028)}
    assert targets("2024年，全省新能源汽车产业规模突破千亿级。", issued=datetime(2025, 6, 1, tzinfo=CHINA)) == set()


def test_a_quarters_spending_reported_is_no_goal():
    # 要求 and 纲要 hold 要, no intent
    assert targets("三是重点支出得到较好保障，严格落实过紧日子的要求。主要支出领域中，教育支出10436亿元，增长2.5%。",
                   issued=datetime(2024, 4, 22, tzinfo=CHINA)) == set()
