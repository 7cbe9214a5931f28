"""Initiatives: named programmes; enumerations; vague phrases refused."""
from __future__ import annotations

import pytest

from tests.conftest import extract_text, facts, names

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
        # a quoted slogan holding an enumeration mark is read whole; the next programme after 和 too
        ("深入实施“百县千镇、万企兴村”工程和城乡供水一体化提升行动。",
         {"“百县千镇、万企兴村”工程", "城乡供水一体化提升行动"}),
        ("持续推进「一江一策、一河一长」行動。", {"“一江一策、一河一长”行动"}),
        ("部署实施数字乡村赋能行动和青年科技人才引育计划。", {"数字乡村赋能行动", "青年科技人才引育计划"}),
        ("落实耕地保护制度和高标准农田建设提升行动。", {"高标准农田建设提升行动"}),
        ("扩大实施家电以旧换新。", {"家电以旧换新"}),
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
        "前三季度新开工水利工程2.1万个，完成投资8000亿元。",  # works of a trade
        "加快推进市政工程和交通工程建设。",
        "目前各项专项行动已取得阶段性进展。",
        "这是一项惠及千家万户的重大民生工程。",
        "及时总结试点经验，适时推广。",
        "建设高端船舶和海洋工程装备基地。",
    ],
)
def test_not_initiatives(sentence: str):
    assert names(extract_text(sentence, extractors=STAGES), "Initiative") == set()


def test_a_longer_name_ending_in_a_named_initiative_is_that_initiative():
    x = extract_text("加快实施产业基础再造工程。", "实施工业领域产业基础再造工程。", extractors=STAGES)
    assert names(x, "Initiative") == {"产业基础再造工程"}


# Issue 11: initiatives on text the seeds never showed.
@pytest.mark.parametrize(
    ("sentence", "initiatives"),
    [
        # named programmes without a programme word of the old list
        ("今年将组织开展绿色智能家电下乡，启动县域商业体系建设城市试点。", {"绿色智能家电下乡", "县域商业体系建设城市试点"}),
        ("持续开展关键软件“揭榜挂帅”攻关。", {"关键软件“揭榜挂帅”攻关"}),
        ("支持有条件的地区开展“千兆城市”建设先行区试点。", {"“千兆城市”建设先行区试点"}),
        # parallel phrases that share one programme word are one name
        ("深入实施提品质、优服务、强品牌行动。", {"提品质、优服务、强品牌行动"}),
        # the carrying-out verb, not a verb inside the name, marks where it starts
        ("实施发展壮大数字经济打造新引擎行动。", {"发展壮大数字经济打造新引擎行动"}),
        # demonstratives and time words are no part of a name
        ("今年全民健身行动成效明显。", {"全民健身行动"}),
    ],
)
def test_initiatives_of_other_ministries(sentence: str, initiatives: set[str]):
    assert names(extract_text(sentence, extractors=STAGES), "Initiative") == initiatives


@pytest.mark.parametrize(
    "sentence",
    [
        "各地要以实际行动落实部署，形成统一行动。",  # vague phrases
        "本次行动持续三个月，该工程已经完工。",  # demonstratives alone
        "方案部署了消费品质量提升四大行动。",  # a group label
        "推动数字乡村建设行动升级方案落地。",  # the programme word opens a document's title
        "完善“揭榜挂帅”等市场化机制。",  # a mechanism, not a programme
    ],
)
def test_not_initiatives_of_other_ministries(sentence: str):
    assert names(extract_text(sentence, extractors=STAGES), "Initiative") == set()


@pytest.mark.parametrize(
    ("sentence", "initiatives"),
    [
        # a listed name may hold 和
        ("《计划》提出三大行动：城乡客运一体化和区域协调发展行动、运输服务质量提升行动。",
         {"城乡客运一体化和区域协调发展行动", "运输服务质量提升行动"}),
        ("建设邮政寄递渠道安全监管“绿盾”工程。", {"邮政寄递渠道安全监管“绿盾”工程"}),  # the verb is no part of it
        ("组织开展不少于10个部省联动建设试点。", set()),  # a count of pilots
        ("在自动驾驶等领域组织先导应用试点项目50个左右。", set()),  # pilot projects counted
    ],
)
def test_list_items_verbs_and_counts(sentence: str, initiatives: set[str]):
    assert names(extract_text(sentence, extractors=STAGES), "Initiative") == initiatives


@pytest.mark.parametrize(
    ("sentence", "initiatives"),
    [
        ("全面启动智慧林业监测能力提升、智慧林业应用拓展、智慧林业示范带动3大行动。",
         {"智慧林业监测能力提升行动", "智慧林业应用拓展行动", "智慧林业示范带动行动"}),
        ("实施城市更新、乡村建设两大工程。", {"城市更新工程", "乡村建设工程"}),
        ("优化家电以旧换新。", {"家电以旧换新"}),
    ],
)
def test_programmes_sharing_one_programme_word_and_a_count(sentence: str, initiatives: set[str]):
    assert names(extract_text(sentence, extractors=STAGES), "Initiative") == initiatives


def test_a_count_that_does_not_match_the_list_names_no_programme():
    # three names, "two" programmes: the list is not what the count counts
    assert names(extract_text("推进城市更新、乡村建设、县城提升两大工程。", extractors=STAGES), "Initiative") == set()


def test_works_counted_in_a_statistic_are_no_programme():
    assert names(extract_text("截至去年底，全省共建成高标准农田建设工程1200处。", extractors=STAGES), "Initiative") == set()


def test_the_programme_a_titles_plan_carries_out():
    x = extract_text("西安市发展改革委印发《西安市老旧街区焕新提升工程实施方案》。",
                     extractors=["organizations", "plans", "issuers", "initiatives", "plan_links"])
    assert names(x, "Initiative") == {"老旧街区焕新提升工程"}
    assert facts(x, "partOf") == {("老旧街区焕新提升工程", "西安市老旧街区焕新提升工程实施方案")}
    # a plan named for a programme word it does not carry out stays a plan alone
    assert names(extract_text("印发《数字乡村发展行动计划（2022—2025年）》。", extractors=STAGES), "Initiative") == set()
