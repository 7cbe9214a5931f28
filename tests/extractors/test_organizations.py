"""Organizations: lexicon names in all their forms, departments by lexicon and pattern, local governments,
coordination bodies, stationed discipline groups, 我部."""
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
        ("上海市发展改革委与浙江省经信厅签约。", {"上海市发展和改革委员会", "浙江省经济和信息化厅"}),
        ("广西壮族自治区工业和信息化厅发布通知。", {"广西壮族自治区工业和信息化厅"}),
    ],
)
def test_local_government_bodies(sentence: str, expected: set[str]):
    x = extract_text(sentence, extractors=ORGS)
    assert names(x, "Organization") == expected
    assert all(m.attr("kind") == "LocalGovernment" for m in x.mentions)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # bureaus administered by ministries, by full and short name
        ("国家林草局、国家烟草专卖局和国家矿山安监局派员参加。", {"国家林业和草原局", "国家烟草专卖局", "国家矿山安全监察局"}),
        ("会议要求林草局、邮政局抓好落实。", {"国家林业和草原局", "国家邮政局"}),
        # the 2023 reform: financial regulator, data bureau, party central bodies
        ("金融监管总局、国家数据局和中央社会工作部联合调研。", {"国家金融监督管理总局", "国家数据局", "中共中央社会工作部"}),
        ("中央科技委、中央编办与国务院安委会办公室协调。", {"中央科技委员会", "中央机构编制委员会办公室",
                                             "国务院安全生产委员会办公室"}),
        # older bodies stay their own organizations
        ("原国家新闻出版广电总局和国务院法制办曾联合发文。", {"国家新闻出版广电总局", "国务院法制办公室"}),
        ("國家郵政局與國家林業和草原局聯合部署。", {"国家邮政局", "国家林业和草原局"}),  # traditional script
        ("中办、国办印发意见，央行宣布降准，财政部长出席。", {"中共中央办公厅", "国务院办公厅", "中国人民银行", "财政部"}),
        ("全国总工会、共青团中央、全国妇联和中国科协联合开展活动。", {"中华全国总工会", "中国共产主义青年团中央委员会",
                                                  "中华全国妇女联合会", "中国科学技术协会"}),
    ],
)
def test_state_council_bodies(sentence: str, expected: set[str]):
    assert names(extract_text(sentence, extractors=ORGS), "Organization") == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "省统计局和各地统计局发布了季度数据。",  # local statistics bureaus, not 国家统计局
        "广州邮政局将增设网点。",  # a city's postal bureau
        "市数据局和县林草局加强协作。",
        "中国石油化工集团公司与人民日报社签署协议。",  # a company and a newspaper
        "英国外交部和德国财政部回应了关切。",  # foreign ministries
        "成立工作领导小组，召开第一次联席会议。",  # no name of its own: nothing to identify it by
        "省数字政府建设工作领导小组办公室设在省政务服务中心。",  # which province's? the name does not say
        "社区居委会和园区管委会、经开区政府共同参与。",  # zones and neighbourhoods, not governments
        "美国商务部、财政部宣布加征关税。",  # a foreign ministry and the next in its list
        "省政府采购中心公布了结果。",  # procurement, not the government
        "集中办理业务，全国办理量增长，中央行政机关和人行道改造。",  # 中办, 国办, 央行 inside other words
        "中央财政部分补助，加强科技部署。",  # 财政部分, 科技部署: not the ministries
    ],
)
def test_not_organizations(sentence: str):
    assert names(extract_text(sentence, extractors=ORGS), "Organization") == set()


@pytest.mark.parametrize(
    ("sentence", "unit", "parent"),
    [
        # a short name after its ministry becomes the department's full name
        ("工信部运行局负责人介绍了前三季度工业运行情况。", "运行监测协调局", "工业和信息化部"),
        ("国家统计局工业司首席统计师作了解读。", "工业统计司", "国家统计局"),
        # the ministry named earlier in the sentence, not right before the department
        ("国家发展改革委召开新闻发布会，规划司司长介绍了有关情况。", "发展战略和规划司", "国家发展和改革委员会"),
        # the only candidate ministry the article names
        ("财政部日前印发通知。预算司负责人就通知答记者问。", "财政部预算司", "财政部"),
        # a 办公厅 alone is named after its ministry
        ("国家卫生健康委办公厅印发工作方案。", "国家卫生健康委员会办公厅", "国家卫生健康委员会"),
        # a unit whose name does not end as a department's is named after its parent
        ("中国人民银行上海总部召开金融形势分析会。", "中国人民银行上海总部", "中国人民银行"),
        # a national body's branch in a place
        ("国家税务总局浙江省税务局开展专项辅导。", "国家税务总局浙江省税务局", "国家税务总局"),
        # not in the lexicon: the pattern still finds it
        ("商务部外贸发展事务局局长出席。", "外贸发展事务局", "商务部"),
    ],
)
def test_departments_by_lexicon(sentence: str, unit: str, parent: str):
    x = extract_text(sentence, extractors=ORGS)
    assert unit in names(x, "Organization")
    assert (unit, parent) in facts(x, "subOrganizationOf")


@pytest.mark.parametrize(
    ("paragraphs", "unit", "parent"),
    [
        # regulators, ministries, courts, the legislature and party bodies, by full and short name
        (("证监会发行监管司有关负责人就新规答记者问。",), "发行监管司", "中国证券监督管理委员会"),
        (("中国证监会机构部主任在座谈会上发言。",), "证券基金机构监管司", "中国证券监督管理委员会"),
        (("外交部边海司司长接受了采访。",), "边界与海洋事务司", "外交部"),
        (("审计署电子数据审计司开展培训。",), "电子数据审计司", "审计署"),
        (("国家林草局保护地司司长介绍。",), "自然保护地管理司", "国家林业和草原局"),
        (("教育部学位与研究生教育发展中心发布通知。",), "学位与研究生教育发展中心", "教育部"),
        (("全国人大财经委召开全体会议。",), "财政经济委员会", "全国人民代表大会"),
        (("最高人民法院第一巡回法庭公开审理案件。",), "最高人民法院第一巡回法庭", "最高人民法院"),
        # the ministry named earlier in the sentence, or the only candidate the article names
        (("公安部召开发布会，刑侦局负责人通报了专项行动成果。",), "刑事侦查局", "公安部"),
        (("国家药监局发布公告。", "器械注册司负责人解读了新规。"), "医疗器械注册管理司", "国家药品监督管理局"),
        # two bodies written as one: the department is the one that has it
        (("中央纪委国家监委第三监督检查室有关负责人介绍。",), "第三监督检查室", "中央纪律检查委员会"),
    ],
)
def test_departments_of_more_bodies(paragraphs: tuple[str, ...], unit: str, parent: str):
    x = extract_text(*paragraphs, extractors=ORGS)
    assert unit in names(x, "Organization")
    assert (unit, parent) in facts(x, "subOrganizationOf")


@pytest.mark.parametrize(
    "sentence",
    [
        "工信部和国家发展改革委有关负责人出席。规划司司长介绍情况。",  # two ministries have a 规划司: which one?
        "统一规划司空见惯。",  # inside other words
        "自然资源部部署工作，市规划局局长参加。",  # a city's bureau, not the ministry's 国土空间规划局
        "国务院新闻办公室举行发布会，一局面临新形势。",  # a short name with no title after it
        "教育部和最高人民检察院有关负责人出席。新闻办主任主持。",  # both have a 新闻办: which one?
        "中国银保监会发布通知，由财务会计部门统一管理。",  # 财务会计部门: any body's, not the 财务会计部
    ],
)
def test_departments_not_taken(sentence: str):
    x = extract_text(sentence, extractors=ORGS)
    assert not facts(x, "subOrganizationOf")


def test_department_full_and_short_names_are_one_key():
    from kg.resolve import entity_key

    x = extract_text("工业和信息化部运行监测协调局发布数据。", "工信部运行局负责人表示。", extractors=ORGS)
    keys = {entity_key(m) for m in x.mentions if m.name == "运行监测协调局"}
    assert len(keys) == 1 and len([m for m in x.mentions if m.name == "运行监测协调局"]) == 2


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("四川省人民政府和四川省政府是同一个机关。", {"四川省人民政府"}),
        ("湖南省政府办公厅和湖南省人民政府办公厅发文。", {"湖南省人民政府办公厅"}),
        ("广东省工业和信息化厅与广东省工信厅是一家。", {"广东省工业和信息化厅"}),
        ("宁波市发改委、温州市经信局和赣州市人社局联合调研。", {"宁波市发展和改革委员会", "温州市经济和信息化局",
                                               "赣州市人力资源和社会保障局"}),
        ("浙江省委、杭州市委和江苏省人大常委会。", {"浙江省委员会", "杭州市委员会", "江苏省人民代表大会常务委员会"}),
        ("杭州市西湖区人民政府和海淀区委联合举办。", {"杭州市西湖区人民政府", "海淀区委员会"}),
        ("由朝阳区人民政府承办。", {"朝阳区人民政府"}),
        ("宁夏自治区政府与广西壮族自治区人民政府签约。", {"宁夏回族自治区人民政府", "广西壮族自治区人民政府"}),
        ("杭州市场监管局和宁波市市场监督管理局联合检查。", {"杭州市市场监督管理局", "宁波市市场监督管理局"}),
        # a development zone's committee, by full and short name
        ("成都高新区管委会与四川天府新区管理委员会签约。", {"成都高新区管理委员会", "四川天府新区管理委员会"}),
        # a list after a local body stays local: 各市发展改革委、能源局 are not the national ones
        ("山东省能源局要求各市发展改革委、能源局抓好落实。", {"山东省能源局"}),
    ],
)
def test_local_governments_one_name(sentence: str, expected: set[str]):
    assert names(extract_text(sentence, extractors=ORGS), "Organization") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("方案已由碳达峰碳中和工作领导小组审议通过。", {"碳达峰碳中和工作领导小组"}),
        ("浙江省数字经济发展领导小组办公室牵头推进。", {"浙江省数字经济发展领导小组办公室"}),
        ("促进中小企业发展部际联席会议召开全体会议。", {"促进中小企业发展部际联席会议"}),
        ("国务院深化医药卫生体制改革领导小组部署任务。", {"国务院深化医药卫生体制改革领导小组"}),
        # the owner is part of the name: one body, not 国务院 as well
        ("国务院就业工作领导小组办公室印发通知。", {"国务院就业工作领导小组办公室"}),
        ("工信部网络安全和信息化领导小组召开会议。", {"工业和信息化部网络安全和信息化领导小组"}),
        # set up by a ministry: the ministry is no part of the name, and a bare 工作领导小组 names nothing
        ("工信部成立数据安全工作领导小组。", {"工业和信息化部", "数据安全工作领导小组"}),
        ("工信部成立工作领导小组。", {"工业和信息化部"}),
    ],
)
def test_coordination_bodies(sentence: str, expected: set[str]):
    assert names(extract_text(sentence, extractors=ORGS), "Organization") == expected


def test_leading_group_office_is_part_of_the_group():
    x = extract_text("新材料产业发展领导小组召开会议。", "新材料产业发展领导小组办公室负责日常工作。", extractors=ORGS)
    assert ("新材料产业发展领导小组办公室", "新材料产业发展领导小组") in facts(x, "subOrganizationOf")
    alone = extract_text("新材料产业发展领导小组办公室负责日常工作。", extractors=ORGS)
    assert not facts(alone, "subOrganizationOf")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (("中央纪委国家监委驻生态环境部纪检监察组组长出席会议。",), "中央纪委国家监委驻生态环境部纪检监察组"),
        (("商务部召开党组会议。", "中央纪委国家监委驻部纪检监察组有关负责同志列席。"), "中央纪委国家监委驻商务部纪检监察组"),
    ],
)
def test_stationed_discipline_group_is_one_body(paragraphs: tuple[str, ...], expected: str):
    x = extract_text(*paragraphs, extractors=ORGS)
    found = names(x, "Organization")
    assert expected in found
    assert "中央纪律检查委员会" not in found and "国家监察委员会" not in found


def test_a_bureau_of_a_special_administrative_region_is_no_ministrys():
    x = extract_text("工业和信息化部有关负责人出席。", "香港特区政府创新科技及工业局局长孙东致辞。", extractors=["organizations"])
    assert not any(f.subject.name.startswith("香港") for f in x.facts if f.kind == "subOrganizationOf")


@pytest.mark.parametrize("text", [
    "杭州市西湖区人民政府、和海淀区委、浙江省政府办公厅和北京市经济和信息化局联合召开会议，朝阳区发展改革委出席。",
    "由海淀区人民政府主办，东城区委、昌平区、延庆县人民政府及内蒙古自治区通辽市科尔沁区委参加。",
])
def test_local_patterns_are_tried_where_they_can_start(text: str):
    """The place-anchored scans find what scanning every position finds (they only skip hopeless starts)."""
    from kg.extract.organizations import _city_matches, _local_patterns, _lone_matches

    city, lone = _local_patterns()
    assert [m.span() for m in _city_matches(city, text)] == [m.span() for m in city.finditer(text)]
    assert [m.span(1) for m in _lone_matches(lone, text)] == [m.span(1) for m in lone.finditer(text)]


def test_a_department_only_one_ministry_has_is_that_ministrys_without_a_stated_link():
    alone = extract_text("运行监测协调局局长黄利斌介绍了情况。", extractors=["organizations"])
    named = extract_text("工信部运行监测协调局局长黄利斌介绍了情况。", extractors=["organizations"])
    unit = lambda x: next(m for m in x.mentions if m.name == "运行监测协调局")  # noqa: E731
    assert unit(alone).attr("parent") == unit(named).attr("parent") == "miit"  # one node across articles
    assert facts(alone, "subOrganizationOf") == set()  # the text does not say it
    assert facts(named, "subOrganizationOf") == {("运行监测协调局", "工业和信息化部")}


def test_bodies_named_without_their_province_are_the_provinces_of_the_article():
    """湖南召开…: 省发展改革委 and 省长 belong to the province the article names, even by its short name."""
    x = extract_text("湖南召开全省稳增长工作推进会", "省长毛伟明出席。省发展改革委主任李卫介绍，省财政厅将加大支持力度。",
                     extractors=["organizations", "officials"])
    assert {"湖南省发展和改革委员会", "湖南省财政厅"} <= names(x, "Organization")
    assert facts(x, "holdsPost") == {("毛伟明", "湖南省人民政府", "省长"), ("李卫", "湖南省发展和改革委员会", "主任")}
    written = {m.text for m in x.mentions if m.name == "湖南省财政厅"}
    assert written == {"省财政厅"}


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("全国稳增长工作推进会召开。", "各省发展改革委要抓好落实，省财政厅负责资金。"),  # no province in the article
        ("湖南、湖北两省召开协作会议。", "湖北省领导出席，省财政厅介绍情况。", "湖南省代表发言。"),  # two, equally named
    ],
)
def test_a_bare_body_where_the_province_is_not_clear_is_left_alone(paragraphs):
    x = extract_text(*paragraphs, extractors=["organizations"])
    assert not [n for n in names(x, "Organization") if n.endswith("财政厅") or n.endswith("发展和改革委员会")]


def test_city_bureaus_named_without_their_city():
    x = extract_text("杭州市人民政府印发实施方案。", "市科技创新局、市水务局和市城市管理局负责落实。", extractors=["organizations"])
    assert {"杭州市科技创新局", "杭州市水务局", "杭州市城市管理局"} <= names(x, "Organization")


def test_a_unit_of_a_department_named_after_it():
    x = extract_text("全国人大常委会法制工作委员会行政法室主任林立介绍情况。", extractors=["organizations", "officials"])
    assert ("法制工作委员会行政法室", "法制工作委员会") in facts(x, "subOrganizationOf")
    assert facts(x, "holdsPost") == {("林立", "法制工作委员会行政法室", "主任")}
    assert not [n for n in names(extract_text("会议室主任负责布置。", extractors=["organizations"]), "Organization")]


def test_county_bodies_named_without_their_county():
    x = extract_text("祁门县人民政府召开常务会议。", "县人大常委会、县政协负责同志列席，县法院通报情况。", extractors=["organizations"])
    assert {"祁门县人民代表大会常务委员会", "祁门县政治协商会议委员会", "祁门县人民法院"} <= names(x, "Organization")


def test_departments_of_the_central_military_commission_and_an_implied_party_department():
    x = extract_text("中央军委国防动员部副部长周海洋出席。江西省委常委、宣传部部长庄兆林主持。省委常委、组织部部长刘强出席。",
                     extractors=["organizations", "officials"])
    assert facts(x, "subOrganizationOf") >= {("中央军事委员会国防动员部", "中央军事委员会"), ("江西省委宣传部", "江西省委员会")}
    assert ("庄兆林", "江西省委宣传部", "部长") in facts(x, "holdsPost")
