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


# Issue 11: the organization of a post on text the seeds never showed.
@pytest.mark.parametrize(
    ("sentences", "posts"),
    [
        # 部/委 before a title stands for the body the article is about
        (("财政部召开党组会议。", "会议由部党组成员、副部长许明远主持。"),
         {("许明远", "财政部", "党组成员"), ("许明远", "财政部", "副部长")}),
        (("国家发展改革委举行新闻发布会。", "委新闻发言人金贤东介绍了有关情况。"),
         {("金贤东", "国家发展和改革委员会", "新闻发言人")}),
        # one title, several names
        (("商务部党组成员、副部长钱克明、盛秋平出席。",),
         {("钱克明", "商务部", "党组成员"), ("钱克明", "商务部", "副部长"),
          ("盛秋平", "商务部", "党组成员"), ("盛秋平", "商务部", "副部长")}),
        # local officials take their people's government
        (("江苏省副省长胡广杰出席签约仪式。",), {("胡广杰", "江苏省人民政府", "副省长")}),
        (("成都市市长王凤朝表示，将加快建设。",), {("王凤朝", "成都市人民政府", "市长")}),
        # a title held in another body of the chain keeps its own body
        (("农业农村部党组成员、副部长，国家乡村振兴局局长刘焕鑫出席。",),
         {("刘焕鑫", "农业农村部", "党组成员"), ("刘焕鑫", "农业农村部", "副部长"), ("刘焕鑫", "国家乡村振兴局", "局长")}),
        # rank titles, and a speaker line with a space before the name
        (("交通运输部运输服务司一级巡视员 孙文剑：", "今年春运客流总体平稳。"),
         {("孙文剑", "运输服务司", "一级巡视员")}),
        # 副部长 is held in a …部, not in the bureau named just before
        (("工业和信息化部召开会议，国家航天局有关负责人出席，副部长单忠德讲话。",),
         {("单忠德", "工业和信息化部", "副部长")}),
    ],
)
def test_posts_in_context(sentences: tuple[str, ...], posts: set[tuple]):
    assert facts(extract_text(*sentences, extractors=STAGES), "holdsPost") == posts


@pytest.mark.parametrize(
    "sentence",
    [
        "记者王小明、李华报道。",  # reporters in a list
        "摄影 张伟：会场一角。",  # a photographer's credit with a space
        "部长会议、省长论坛同期举行。",  # titles with no name
    ],
)
def test_no_post_without_a_title_holder(sentence: str):
    assert facts(extract_text(sentence, extractors=STAGES), "holdsPost") == set()


def test_local_officials_take_the_bodies_of_the_city_in_context():
    x = extract_text("昆明市召开营商环境大会。", "云南省委常委、昆明市委书记刘洪建出席，市委副书记、市长王皓主持。", extractors=STAGES)
    assert facts(x, "holdsPost") == {
        ("刘洪建", "云南省委员会", "常委"), ("刘洪建", "昆明市委员会", "书记"),
        ("王皓", "昆明市委员会", "副书记"), ("王皓", "昆明市人民政府", "市长")}
    bare = [m for m in x.mentions if m.type == "Organization" and m.name == "昆明市委员会" and not m.text]
    assert bare, "a bare 市委 is resolved to the city, with no written form of its own"


@pytest.mark.parametrize(
    ("sentence", "posts"),
    [
        ("广西壮族自治区副主席许永锞出席开幕式。", {("许永锞", "广西壮族自治区人民政府", "副主席")}),
        ("全国政协副主席王勇出席。", {("王勇", "中国人民政治协商会议全国委员会", "副主席")}),  # not a region's
    ],
)
def test_chairs_of_autonomous_regions(sentence: str, posts: set[tuple]):
    assert facts(extract_text(sentence, extractors=STAGES), "holdsPost") == posts


def test_the_discipline_group_stationed_in_the_ministry():
    x = extract_text("全国交通运输工作会议召开，交通运输部部长刘伟出席。", "驻部纪检监察组组长张三出席会议。", extractors=STAGES)
    assert ("张三", "中央纪委国家监委驻交通运输部纪检监察组", "组长") in facts(x, "holdsPost")


def test_a_nationwide_meeting_names_no_department():
    x = extract_text("全国农业农村厅局长会议在京召开，农业农村部部长韩俊出席。", extractors=STAGES)
    assert facts(x, "subOrganizationOf") == set()


def test_a_title_after_words_on_its_duties():
    x = extract_text("中央财办分管日常工作的副主任韩文秀介绍了情况。", extractors=STAGES)
    assert facts(x, "holdsPost") == {("韩文秀", "中央财经委员会办公室", "副主任")}


@pytest.mark.parametrize(
    ("sentence", "posts"),
    [
        ("国家药监局副局长徐景和出席。", {("徐景和", "国家药品监督管理局", "副局长")}),  # 和 ends the given name
        ("国家统计局局长康义和副局长盛来运出席。",  # 和 joins two people
         {("康义", "国家统计局", "局长"), ("盛来运", "国家统计局", "副局长")}),
        ("国家统计局副局长张三和李四出席。", {("张三", "国家统计局", "副局长"), ("李四", "国家统计局", "副局长")}),
        ("全国人大常委会法工委发言人臧铁伟介绍。", {("臧铁伟", "法制工作委员会", "发言人")}),
    ],
)
def test_names_joined_by_he(sentence: str, posts: set[tuple]):
    assert facts(extract_text(sentence, extractors=STAGES), "holdsPost") == posts


def test_an_adverb_after_a_name_is_not_part_of_it():
    x = extract_text("商务部副部长鄢东还在会上介绍了有关情况。", extractors=STAGES)
    assert facts(x, "holdsPost") == {("鄢东", "商务部", "副部长")}


@pytest.mark.parametrize(
    ("sentence", "posts"),
    [
        ("李强总理强调，要稳住经济大盘。", {("李强", None, "总理")}),  # 强调 is no name
        ("部长于洪君表示。", {("于洪君", None, "部长")}),  # 于 is a surname too
    ],
)
def test_words_that_follow_names_are_not_names(sentence: str, posts: set[tuple]):
    assert facts(extract_text(sentence, extractors=STAGES), "holdsPost") == posts


def test_numerals_after_a_surname_are_no_given_name():
    x = extract_text("国务院总理向十四届全国人大四次会议作报告。", extractors=["organizations", "officials"])
    assert names(x, "Official") == set()


def test_a_provincial_party_committee_its_departments_and_posts():
    """省委 and its departments, bare where the article's province is clear; 新任 keeps the chain of posts."""
    x = extract_text("四川省委召开新闻发布会。四川省委常委、省委组织部部长、新任省委新闻发言人陈立新介绍情况。",
                     "会议听取了省委书记张明远的讲话，省委副书记、代省长刘国强作工作安排。",
                     extractors=["organizations", "officials"])
    assert facts(x, "holdsPost") == {
        ("陈立新", "四川省委员会", "常委"), ("陈立新", "四川省委组织部", "部长"), ("陈立新", "四川省委员会", "新闻发言人"),
        ("张明远", "四川省委员会", "书记"), ("刘国强", "四川省委员会", "副书记"), ("刘国强", "四川省人民政府", "代省长")}
    assert facts(x, "subOrganizationOf") == {("四川省委组织部", "四川省委员会")}


def test_a_bare_committee_without_a_province_in_context_names_no_body():
    x = extract_text("省委组织部部长陈立新介绍情况。", extractors=["organizations", "officials"])
    assert names(x, "Organization") == set()


@pytest.mark.parametrize(
    ("sentence", "posts"),
    [
        ("生态环境部总工程师、科技与财务司司长赵明远表示。",
         {("赵明远", "生态环境部", "总工程师"), ("赵明远", "科技与财务司", "司长")}),
        ("农业农村部总农艺师、种植业管理司司长孙建国介绍。",
         {("孙建国", "农业农村部", "总农艺师"), ("孙建国", "种植业管理司", "司长")}),
        # a person taking up a post named after the verb
        ("经过半年的空缺，周海涛接棒成为新一任的中央政法委新闻发言人。",
         {("周海涛", "中共中央政法委员会", "新闻发言人")}),
    ],
)
def test_posts_in_more_wordings(sentence: str, posts: set):
    assert facts(extract_text(sentence, extractors=["organizations", "officials"]), "holdsPost") == posts


@pytest.mark.parametrize(
    ("sentence", "officials", "posts"),
    [
        ("教育部新闻发言人刘立新已于今年3月起任办公厅主任。", {"刘立新"}, {("刘立新", "教育部", "新闻发言人")}),
        ("国家医保局局长章明传请辞。", {"章明"}, {("章明", "国家医疗保障局", "局长")}),  # 传: reportedly
        # the one succeeded is named; who takes up the post is not
        ("接替已退休的孙海涛出任国家医保局局长。", set(), set()),
        ("中宣部对外新闻局局长周立明主持。", {"周立明"}, {("周立明", "对外新闻局", "局长")}),
    ],
)
def test_names_and_posts_at_their_edges(sentence: str, officials: set, posts: set):
    x = extract_text(sentence, extractors=["organizations", "officials"])
    assert names(x, "Official") == officials and facts(x, "holdsPost") == posts


def test_a_provincial_congress_session_its_chair_and_vice_chairs():
    """A city named (在成都举行) tells the province of the bare bodies; 常委 inside 人大常委会 is no title;
    a sentence opening with 副主任 goes on with the body of the sentence before."""
    x = extract_text("省十四届人大常委会第九次会议在成都举行。省委书记、省人大常委会主任王晓东主持会议。",
                     "副主任李建平、赵丽出席会议。会议听取了省委组织部副部长陈凯的说明。",
                     extractors=["organizations", "officials"])
    assert facts(x, "holdsPost") == {
        ("王晓东", "四川省委员会", "书记"), ("王晓东", "四川省人民代表大会常务委员会", "主任"),
        ("李建平", "四川省人民代表大会常务委员会", "副主任"), ("赵丽", "四川省人民代表大会常务委员会", "副主任"),
        ("陈凯", "四川省委组织部", "副部长")}


def test_a_county_congress_session():
    """石门县第十五届人民代表大会: the session between place and body; 作《…》 is what the county head did."""
    x = extract_text("石门县第十五届人民代表大会第三次会议开幕。",
                     "县人大常委会主任、大会执行主席周建华主持大会。县长刘志强作《政府工作报告》。",
                     extractors=["organizations", "officials"])
    assert "石门县人民代表大会" in names(x, "Organization")
    assert names(x, "Official") == {"周建华", "刘志强"}
    assert facts(x, "holdsPost") == {("周建华", "石门县人民代表大会常务委员会", "主任"), ("周建华", None, "执行主席"),
                                     ("刘志强", "石门县人民政府", "县长")}


def test_two_cities_in_one_article_each_bare_body_takes_the_city_named_before_it():
    x = extract_text("岳阳市委书记曹普华主持会议。岳阳市委常委会召开。",
                     "常德市委书记、市人大常委会主任周德睿，市委副书记、市长徐之凌出席。",
                     extractors=["organizations", "officials"])
    assert facts(x, "holdsPost") == {
        ("曹普华", "岳阳市委员会", "书记"), ("周德睿", "常德市委员会", "书记"),
        ("周德睿", "常德市人民代表大会常务委员会", "主任"), ("徐之凌", "常德市委员会", "副书记"),
        ("徐之凌", "常德市人民政府", "市长")}


def test_ministry_posts_of_their_own_kind():
    x = extract_text("商务部召开新闻发布会。国际贸易谈判代表兼副部长王立新介绍。应急指挥专员刘海涛出席。",
                     extractors=["organizations", "officials"])
    assert facts(x, "holdsPost") == {("王立新", "商务部", "国际贸易谈判代表"), ("王立新", "商务部", "副部长"),
                                     ("刘海涛", "商务部", "应急指挥专员")}


def test_a_person_named_before_a_copula_and_the_post():
    x = extract_text("据悉，刘海涛为国家统计局办公室副主任。", extractors=["organizations", "officials"])
    assert facts(x, "holdsPost") == {("刘海涛", "国家统计局办公室", "副主任")}
    assert facts(extract_text("以改革为动力推进工作。", extractors=["organizations", "officials"]), "holdsPost") == set()


def test_he_may_open_a_given_name():
    x = extract_text("科技部党组书记、部长阴和俊介绍。副部长张明和李华出席。", extractors=["organizations", "officials"])
    assert names(x, "Official") == {"阴和俊", "张明", "李华"}


def test_names_listed_after_one_title_end_before_the_verb():
    x = extract_text("国家发展改革委主任郑建国和副主任王立、宁海涛围绕宏观调控回答记者提问。", extractors=["organizations", "officials"])
    assert names(x, "Official") == {"郑建国", "王立", "宁海涛"}
