"""Organizations: lexicon entries (ministries, commissions, agencies, party bodies)
by any of their names; internal departments (…司, …局, …厅) by the departments
lexicon and by pattern; local governments and their bodies (place + body, one
canonical name for 省政府 / 省人民政府); coordination bodies (…领导小组 and its
办公室, …联席会议); discipline inspection groups stationed in a ministry; and
我部/本部 resolved to the article's own ministry."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import PUNCT, Spans, is_cjk
from kg.lexicon import Matcher, _lines, lexicon
from kg.model import ORGANIZATION, SUB_ORGANIZATION_OF, Fact, Mention, make_attrs

_NATIONAL = ("国家", "国务院", "中国", "中共", "中央", "全国", "中华", "最高")
_LOCAL_MARK = set("省市县区州盟旗")
# Kinds that 我部 can stand for.
MINISTRY_KINDS = ("Ministry", "Commission", "Agency", "Administration", "Office")
# Kinds that have internal departments (中央财经委员会办公室, 国务院办公厅 …).
PARENT_KINDS = (*MINISTRY_KINDS, "StateCouncil", "PartyBody", "Legislature", "Judiciary", "Institution")
_UNIT_END = re.compile(r"(?:办公厅|办公室|司|局|厅)")
# a unit named before its head's title: 运行监测协调局局长, 法制工作委员会经济法室主任
_UNIT_HEAD = re.compile(r"(?:办公厅|办公室|研究室|司|局|厅|[^办研会议公]室)(?=副?(?:司长|局长|厅长|主任|一级巡视员|二级巡视员|巡视员|处长))")
_UNIT_LEAD = re.compile(
    r"^(?:据|由|从|经(?!济|营|信|贸)|向|对(?!外)|在|和|与|及|请|邀请|会上|其中|以及|同时|今天|昨天|近日|日前|记者|采访|"
    r"出席|会见|介绍|表示|发布会上|新闻发布会上)+"
)
_UNIT_BAD_START = set("将已正在和与及等的召会印发部也还对为是有各该其这那在把被于以")
_NATIONWIDE = ("全国", "全省", "全市", "各地", "地方", "省级", "市级", "县级")
_UNIT_BAD_CHARS = set("的了是在将把被等")
_UNIT_BAD_WORDS = ("部长", "主任", "书记", "表示", "召开", "出席", "主持", "印发", "发布", "会议", "有关", "相关", "各司")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:省|市|自治区|县|自治州|特别行政区|特区|地区|盟)")


_NOT_AFTER_BU = set("门分署位件队落")
_BEFORE_SHORT = set("由和与及同经对向在据的请会并暨")
_LOCAL_WORDS = ("各地", "地方", "当地", "基层", "县级", "市级", "省级", "区级", "本地", "属地", "各级")


def _local_before(text: str, start: int) -> bool:
    """Whether the text before ``start`` makes a short national name a local body's (省统计局, 各地发改委)."""
    if start == 0:
        return False
    if text[start - 1] in _LOCAL_MARK or text[start - 1] == "各":
        return True
    head = text[max(0, start - 12) : start]
    return head.endswith(_LOCAL_WORDS) or head.endswith(lexicon().places)


def _overlaps(start: int, end: int, spans: "Spans | list[tuple[int, int]]") -> bool:
    if isinstance(spans, Spans):
        return spans.overlaps(start, end)
    return any(a < end and start < b for a, b in spans)


def _lexicon_mentions(doc: Doc, taken: list[Mention]) -> list[Mention]:
    text, raw = doc.text, doc.article.text
    lex = lexicon()
    spans = Spans((m.start, m.end) for m in taken)
    found = []
    chain_end = -1  # end of the last name taken as a local or foreign body's
    for start, end, (org_id, form) in lex.org_matcher.find(text):
        if _overlaps(start, end, spans):
            continue
        if form.endswith("部") and text[end : end + 1] in _NOT_AFTER_BU:
            continue  # 财政部门: any finance department; 财政部分, 教育部署: other words
        if len(form) <= 2 and start > 0 and is_cjk(text[start - 1]) and text[start - 1] not in _BEFORE_SHORT:
            continue  # 中办 in 集中办理, 央行 in 中央行政: a two-character name inside a word
        if not form.startswith(_NATIONAL) and (_local_before(text, start) or text[chain_end:start] == "、"):
            chain_end = end
            continue  # 省发改委, 各地统计局, 浙江统计局 (and 各市发改委、能源局): local bodies, not the national ones
        if text[max(0, start - 5) : start].endswith(lex.foreign_countries) or text[chain_end:start] == "、":
            chain_end = end
            continue  # 美国商务部、财政部: another country's ministries
        entry = lex.org(org_id)
        found.append(Mention(ORGANIZATION, raw[start:end], start, end, doc.sentence_of(start),
                             name=entry.name, key=org_id, attrs=make_attrs(kind=entry.kind)))
    return found


def _valid_unit(name: str) -> bool:
    if len(name) < 3 or len(name) > 14 or (name[0] in _UNIT_BAD_START and not name.startswith("对外")) \
            or name.startswith(_NATIONWIDE):  # (对外新闻局, 对外联络部: 对外 begins a name)
        return False  # 全国农业农村厅局长会议: every province's department, not one
    if any(ch in _UNIT_BAD_CHARS for ch in name[:-1]) or any(w in name for w in _UNIT_BAD_WORDS):
        return False
    return all(is_cjk(ch) or ch.isdigit() for ch in name)


# a department whose name ends otherwise (上海总部) is named after its parent: 中国人民银行上海总部
_UNIT_SUFFIXES = ("司", "局", "厅", "室", "中心", "院", "办", "委", "会", "组", "处", "所", "署")


def department_name(parent_key: str | None, name: str) -> str:
    """The canonical name of a department of ``parent_key`` written ``name`` (运行局 -> 运行监测协调局)."""
    return lexicon().departments.get(parent_key or "", {}).get(name, name)


def _unit_mention(doc: Doc, start: int, end: int, parent: Mention | None) -> Mention:
    name = department_name(parent.key if parent else None, doc.text[start:end])
    if parent is not None and (len(name) <= 3 or not name.endswith(_UNIT_SUFFIXES)):
        name = parent.name + name  # 办公室 alone names nothing: 中央财经委员会办公室
    kind = "LocalGovernment" if parent is None and _PLACE.match(name) else "Department"
    return Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                   name=name, key=None,
                   attrs=make_attrs(kind=kind, parent=parent.key if parent else None))


def _units(doc: Doc, orgs: list[Mention]) -> Iterator[Mention | Fact]:
    text = doc.text
    taken = Spans((m.start, m.end) for m in orgs)
    by_end = {m.end: m for m in orgs}
    seen: set[tuple[int, int]] = set()

    def free(s: int, e: int) -> bool:
        return not taken.overlaps(s, e)

    # A department named right after its ministry: 工业和信息化部装备工业一司
    for parent in orgs:
        if parent.attr("kind") not in PARENT_KINDS:
            continue
        window = text[parent.end : parent.end + 14]
        m = _UNIT_END.search(window)
        if not m:
            continue
        end = parent.end + m.end()
        name = text[parent.end : end]
        if _valid_unit(name) and free(parent.end, end) and all(not (ch in PUNCT) for ch in name):
            seen.add((parent.end, end))
            unit = _unit_mention(doc, parent.end, end, parent)
            yield unit
            yield Fact(SUB_ORGANIZATION_OF, unit, parent, unit.sentence)
    # A department named before its head's title: 运行监测协调局局长
    for m in _UNIT_HEAD.finditer(text):
        end = m.end()
        start = end - len(m.group())
        while start > 0 and end - start < 14 and (is_cjk(text[start - 1]) or text[start - 1].isdigit()):
            if start in by_end:
                break
            start -= 1
        lead = _UNIT_LEAD.match(text[start:end])
        if lead:
            start += lead.end()
        if (start, end) in seen or not free(start, end) or not _valid_unit(text[start:end]):
            continue
        if not _PLACE.match(text[start:end]) and (text[start] in _LOCAL_MARK or _local_before(text, start)):
            continue  # 市规划局, 省科技厅: a local body with no place named
        seen.add((start, end))
        parent = by_end.get(start)
        if parent is not None and parent.attr("kind") == "Department" and parent.attr("parent"):
            # 法制工作委员会经济法室: a unit of the department named right before it
            unit = Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                           name=parent.name + text[start:end], key=None,
                           attrs=make_attrs(kind="Department", parent=parent.attr("parent")))
            yield unit
            yield Fact(SUB_ORGANIZATION_OF, unit, parent, unit.sentence)
            continue
        if parent is not None and parent.attr("kind") not in PARENT_KINDS:
            parent = None
        if parent is None and not _PLACE.match(text[start:end]):
            parent = context_ministry(doc, orgs, start)
        if parent is None and end - start <= 3:
            continue  # 办公室 with no body named: nothing to identify it by
        unit = _unit_mention(doc, start, end, parent)
        yield unit
        if parent is not None:
            yield Fact(SUB_ORGANIZATION_OF, unit, parent, unit.sentence)


_LEVELS = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市", "地区", "盟", "州")
# 浙江省委 / 杭州市委 / 海淀区委: the party committee (not 委员, 委托, 委屈 …)
_PARTY_COMMITTEE = r"委(?![员托屈派任])"
# what must not follow a body's name: 省政府采购 is procurement, 省委员会议 …
_BODY_STOP = re.compile(r"(?:采购|投资基金|债券|专项债|引导基金|性|化|部门|系统)")


@lru_cache(maxsize=1)
def _local_patterns() -> tuple[re.Pattern, re.Pattern]:
    lex = lexicon()
    bodies = sorted({*lex.local_bodies, *lex.local_body_names}, key=len, reverse=True)
    body = f"(?P<body>{'|'.join(map(re.escape, bodies))}|{_PARTY_COMMITTEE})"
    city = f"(?P<place>{'|'.join(map(re.escape, lex.places))})(?P<level>{'|'.join(_LEVELS)})?"
    # a county or district, after its city or on its own: 杭州市西湖区人民政府, 海淀区委
    county = r"(?P<county>[\u4e00-\u9fff]{1,4}?(?:新区|区|县|旗))"
    lone = r"(?P<lone>[\u4e00-\u9fff]{2,3}(?:新区|区|县|旗))"
    # a lookahead, so that every start is tried (和海淀区委: 海淀区委, not 和海淀区)
    # a congress named with its session between place and body: 石台县第十三届人民代表大会
    session = r"(?:第[一二三四五六七八九十百零〇\d]+届)?"
    return re.compile(f"(?:{city})(?:{county})?{session}{body}"), re.compile(f"(?=({lone}{session}{body}))")


# a lone county or district name must begin after one of these (or after punctuation)
_LEAD = re.compile(r"(?:由|经|和|与|及|据|在|向|对|从|同|会同|联合|根据|按照|记者从|省|市|州)$")
_ZONE_BAD = set("和与及的局厅委部司会等办室，、")
_COUNTY_BAD = set("和与及的局厅委部司会府省市等办室")
_LEAD_CHARS = set("由经和与及据在向对从同将已并等为是")
_ZONE = ("园", "经开", "综保", "新城", "开发", "高新", "自贸", "保税", "示范", "试验", "经济", "地区", "城区", "社区", "景区", "街区", "山区",
         "牧区", "片区", "辖区", "矿区", "老区", "灾区", "市区", "郊区", "特区", "城县", "各", "全", "本", "该", "我",
         "其", "所", "等", "县区", "区县", "新区县")


def _local_name(m: re.Match) -> str | None:
    """The canonical name of a local body match, or None when the match is not one."""
    lex = lexicon()
    body = m.group("body")
    canonical_body = "委员会" if body == "委" else lex.local_body_names.get(body, body)
    if "lone" in m.re.groupindex:
        county = m.group("lone")
        if any(z in county for z in _ZONE):
            return None
        return county + canonical_body
    place, level, county = m.group("place"), m.group("level"), m.group("county")
    if county and any(z in county for z in _ZONE):
        county = None
    if level:
        if place in lex.provinces and level.endswith("自治区"):
            head = lex.provinces[place]
        else:
            head = place + level
    elif place in lex.provinces:
        if body == "委" or canonical_body in ("委员会", "人民政府") and not county:
            return None  # 北京政府, 浙江委: too loose without 省/市
        head = lex.provinces[place]
    elif canonical_body.startswith("市") and not county:
        head = place + "市"  # 杭州市场监管局: the 市 of 杭州市 read as the body's
    elif place.endswith(("州", "盟", "地区")):
        head = place
    elif county:
        head = place + "市"
    else:
        return None  # a city's name alone before a body: 中山 + 大学 …, not safe
    if county:
        if body == "委" or not m.group("county"):
            return None if not county else head + county + canonical_body
        return head + county + canonical_body
    if body == "委" and not level:
        return None
    return head + canonical_body


# a development zone's administrative committee: 成都高新区管委会, 北京经济技术开发区管理委员会
_ZONE_BODY = re.compile(
    r"(?=((?P<zone>[\u4e00-\u9fff]{2,12}?(?:新区|开发区|高新区|经开区|产业园区|工业园区|园区|试验区|示范区|合作区))"
    r"(?:管理委员会|管委会)))"
)


def _zone_committees(doc: Doc, taken: list[Mention]) -> Iterator[Mention]:
    text = doc.text
    if "管委会" not in text and "管理委员会" not in text:
        return
    spans = Spans((m.start, m.end) for m in taken)
    for m in _ZONE_BODY.finditer(text):
        start, end = m.span(1)
        zone = m.group("zone")
        if _overlaps(start, end, spans) or text[start] in _LEAD_CHARS or any(ch in _ZONE_BAD for ch in zone):
            continue
        if start > 0 and is_cjk(text[start - 1]) and not _LEAD.search(text[max(0, start - 4) : start]):
            continue
        if zone[0] in "各全本该我其等":
            continue
        spans.append((start, end))
        yield Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                      name=zone + "管理委员会", key=None, attrs=make_attrs(kind="LocalGovernment"))


@lru_cache(maxsize=1)
def _place_matcher() -> Matcher[str]:
    return Matcher((place, place) for place in lexicon().places)


def _city_matches(city: re.Pattern, text: str) -> Iterator[re.Match]:
    """``city.finditer(text)``, tried only where a place's name starts (found in one pass)."""
    last_end = 0
    for start in sorted({s for s, _, _ in _place_matcher().find_all(text)}):
        if start < last_end:
            continue
        m = city.match(text, start)
        if m:
            last_end = m.end()
            yield m


def _lone_matches(lone: re.Pattern, text: str) -> Iterator[re.Match]:
    """``lone.finditer(text)`` (a lookahead tried at every start), tried only two to four characters
    before a 区, 县 or 旗: the only places a county or district name can start."""
    starts: set[int] = set()
    for m in _COUNTY_END.finditer(text):
        starts.update(range(max(0, m.start() - 4), m.start() - 1))
    for start in sorted(starts):
        m = lone.match(text, start)
        if m:
            yield m


_COUNTY_END = re.compile(r"[区县旗]")


def _local_bodies(doc: Doc, taken: list[Mention]) -> Iterator[Mention]:
    """Local governments and their bodies: place (+ county or district) + body, 北京市经济和信息化局,
    浙江省政府 (= 浙江省人民政府), 杭州市西湖区人民政府, 海淀区委."""
    text = doc.text
    spans = Spans((m.start, m.end) for m in taken)
    by_end = {m.end: m for m in taken if m.key and m.attr("kind") in MINISTRY_KINDS}
    city, lone = _local_patterns()
    for m in [*_city_matches(city, text), *_lone_matches(lone, text)]:
        start, end = m.span() if m.re is city else m.span(1)
        if _overlaps(start, end, spans) or _BODY_STOP.match(text, end):
            continue
        if m.re is lone and (text[start] in _LEAD_CHARS or any(ch in _COUNTY_BAD for ch in m.group("lone"))):
            continue  # 由朝阳区人民政府: the name starts after 由
        if m.re is lone and start > 0 and is_cjk(text[start - 1]) \
                and not _LEAD.search(text[max(0, start - 4) : start]):
            continue  # 某某区 inside a longer word: not safe without a boundary
        name = _local_name(m)
        if name is None:
            continue
        spans.append((start, end))
        branch_of = by_end.get(start)
        if branch_of is not None:  # 国家税务总局上海市税务局: a national body's branch in a place
            yield Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                          name=branch_of.name + name, key=None,
                          attrs=make_attrs(kind="Department", parent=branch_of.key))
            continue
        yield Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                      name=name, key=None, attrs=make_attrs(kind="LocalGovernment"))


_TITLE_AFTER = re.compile(r"副?(?:司长|局长|厅长|主任|巡视员|一级|二级|负责人|处长|党委书记|书记|新闻发言人|有关负责)")
_DEPT_LEAD = re.compile(r"(?:由|经|和|与|及|据|在|向|对|从|同|请|邀请|会同|联合|记者从|其中|以及|会上|出席|介绍|表示|主持)$")


def _nearest(named_at: list[Mention], floor: int, offset: int, keys: set[str]) -> Mention | None:
    """The last of ``named_at`` (sorted by start) with a key in ``keys`` lying within [floor, offset)."""
    i = _bisect_starts(named_at, offset)
    while i > 0 and named_at[i - 1].start >= floor:
        i -= 1
        m = named_at[i]
        if m.key in keys and m.end <= offset:
            return m
    return None


def _bisect_starts(named_at: list[Mention], offset: int) -> int:
    """How many of ``named_at`` (sorted by start) start before ``offset``."""
    lo, hi = 0, len(named_at)
    while lo < hi:
        mid = (lo + hi) // 2
        if named_at[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _lexicon_departments(doc: Doc, orgs: list[Mention], taken: list[Mention]) -> Iterator[Mention | Fact]:
    """Departments in the departments lexicon, by full or short name, linked to their ministry: the
    one named right before, else the nearest candidate ministry earlier in the sentence, else the only
    candidate ministry the article names. Short names (规划司, 一局) need their ministry right before
    them or a head's title right after."""
    text = doc.text
    lex = lexicon()
    spans = Spans((m.start, m.end) for m in taken)
    by_end = {m.end: m for m in orgs if m.key}
    named = [m for m in orgs if m.key and not m.attr("pronoun")]
    named_at = sorted(named, key=lambda m: m.start)
    first_named: dict[str, Mention] = {}
    for m in named:
        first_named.setdefault(m.key, m)
    for start, end, form in lex.department_matcher.find(text):
        if _overlaps(start, end, spans):
            continue
        if form.endswith("部") and text[end : end + 1] in _NOT_AFTER_BU:
            continue  # 财务会计部门, 法规部分: any body's department, other words
        parents = {p for p, names in lex.departments.items() if form in names}
        before = by_end.get(start)
        parent: Mention | None = None
        if before is not None and before.key not in parents:
            # two bodies written as one (中央纪委国家监委宣传部): the department may be the first one's
            first = by_end.get(before.start)
            before = first if first is not None and first.key in parents else None
            if before is None:
                continue  # another body's department: the pattern below names it
        if before is not None:
            parent = before
        else:
            if _local_before(text, start):
                continue  # 市规划局: a local body's, not a ministry's
            if start > 0 and is_cjk(text[start - 1]) and not _DEPT_LEAD.search(text[max(0, start - 4) : start]):
                continue  # inside a longer word
            if len(form) <= 3 and not _TITLE_AFTER.match(text, end):
                continue
            sentence = doc.article.sentence_at(start)
            parent = _nearest(named_at, sentence.start, start, parents)
            if parent is None:
                keys = [k for k in parents if k in first_named]
                if len(keys) == 1:
                    parent = first_named[keys[0]]
                elif len(parents) == 1 and len(form) >= 5 and not keys:
                    # a full name only one ministry's department bears (运行监测协调局), its ministry unnamed:
                    # the same node as where the ministry is named, but no subOrganizationOf the text never says
                    (only,) = parents
                    spans.append((start, end))
                    yield Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                                  name=department_name(only, form), key=None,
                                  attrs=make_attrs(kind="Department", parent=only))
                    continue
                else:
                    continue
        unit = _unit_mention(doc, start, end, parent)
        spans.append((start, end))
        yield unit
        yield Fact(SUB_ORGANIZATION_OF, unit, parent, unit.sentence)


# 中央纪委国家监委驻工业和信息化部纪检监察组: one body, stationed in a ministry (驻部: the article's own)
_STATIONED = re.compile(r"(?:中央纪委国家监委|中央纪委|国家监委)驻(?P<host>[\u4e00-\u9fff]{1,20}?)纪检监察组")


def _stationed_groups(doc: Doc) -> list[Mention]:
    lex = lexicon()
    found = []
    for m in _STATIONED.finditer(doc.text):
        host = m.group("host")
        hits = lex.org_matcher.find(host)
        if hits and hits[0][0] == 0 and hits[0][1] == len(host):
            host = lex.org(hits[0][2][0]).name
        elif host not in ("部", "委", "局", "署"):
            if not host.endswith(("部", "委", "局", "署", "会", "院", "行", "办", "室", "厅")):
                continue
        found.append((m, host))
    if not found:
        return []
    home = None
    if any(h in ("部", "委", "局", "署") for _, h in found):
        home = home_ministry(_lexicon_mentions(doc, []))
    mentions = []
    for m, host in found:
        if host in ("部", "委", "局", "署"):
            if home is None:
                continue
            host = home.name
        mentions.append(Mention(ORGANIZATION, doc.article.text[m.start() : m.end()], m.start(), m.end(),
                                doc.sentence_of(m.start()), name=f"中央纪委国家监委驻{host}纪检监察组", key=None,
                                attrs=make_attrs(kind="PartyBody")))
    return mentions


# Coordination bodies: …领导小组 (办公室), …联席会议 (办公室), and …工作组 named with its owner.
_COORD = re.compile(r"(?:领导小组|部际联席会议|联席会议|工作专班|工作组)(?:办公室)?")
# words a coordination body's name never holds: its name begins after the last of them (方案已由…领导小组)
_COORD_LEAD = re.compile(
    r"(?:已由|已经|经过|审议|(?<![自理缘])由|经(?![济信贸开营])|会同|联合|根据|按照|通过|成立|组建|设立|建立|"
    r"召开|主持|担任|作为|牵头|发挥|依托|组织|印发|发布|出台)"
)
# one-character words that end a lead only where the name would begin: 并成立…, 各…领导小组
_COORD_HEAD = re.compile(r"^[据将并请各其该本我和与及在向对为是]+")
_COORD_BAD = set("的了是在把被等着也都又我你他这那某")


def _coordination_bodies(doc: Doc, orgs: list[Mention], taken: list[Mention]) -> Iterator[Mention | Fact]:
    text = doc.text
    spans = Spans((m.start, m.end) for m in taken)
    by_end = {m.end: m for m in orgs}
    groups: dict[str, Mention] = {}
    offices: list[tuple[Mention, str]] = []
    for m in _COORD.finditer(text):
        end = m.end()
        suffix_start = m.start()
        start = suffix_start
        owner: Mention | None = None
        while start > 0 and suffix_start - start < 20 and is_cjk(text[start - 1]):
            if start in by_end:
                owner = by_end[start]
                break
            start -= 1
        if owner is not None and owner.attr("kind") in ("Department",):
            owner = None
        leads = list(_COORD_LEAD.finditer(text, start, suffix_start))
        if leads:  # 工信部成立…领导小组: the ministry sets it up, its name begins after 成立
            start, owner = leads[-1].end(), None
        if owner is None:
            head = _COORD_HEAD.match(text, start, suffix_start)
            if head:
                start = head.end()
        core = text[start:suffix_start]
        if len(core.removesuffix("工作")) < 2 or any(ch in _COORD_BAD for ch in core) or re.search(r"第|届|次|[0-9]", core):
            continue
        if owner is None and core[0] in _LOCAL_MARK:
            continue  # 省数字政府建设工作领导小组: which province's? the name alone does not say
        if m.group().startswith(("工作组", "工作专班")) and owner is None and not _PLACE.match(core):
            continue  # 工作组 alone is too loose: only with its owner, 国务院XX工作组 / X省XX工作组
        if _overlaps(start, end, spans) and owner is None:
            continue
        if _overlaps(start, end, spans):
            continue
        # the owner is part of the body's name and span: 国务院就业工作领导小组 is one body, not 国务院 too
        name = owner.name + text[start:end] if owner is not None and owner.key else text[start:end]
        if owner is not None:
            start = owner.start
        mention = Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                          name=name, key=None, attrs=make_attrs(kind="Office"))
        spans.append((start, end))
        yield mention
        if name.endswith("办公室"):
            offices.append((mention, name[: -len("办公室")]))
        else:
            groups.setdefault(name, mention)
    for office, group_name in offices:
        group = groups.get(group_name)
        if group is not None:
            yield Fact(SUB_ORGANIZATION_OF, office, group, office.sentence)


def context_ministry(doc: Doc, orgs: list[Mention], offset: int) -> Mention | None:
    """The ministry a department or a bare title at ``offset`` belongs to, when the text makes it
    plain: the nearest ministry named earlier in the same sentence, else the only ministry the
    article names ("工信部召开发布会，新闻发言人、运行监测协调局局长黄利斌介绍")."""
    sentence = doc.article.sentence_at(offset)
    ministries = [m for m in orgs if m.key and m.attr("kind") in MINISTRY_KINDS and not m.attr("pronoun")]
    before = [m for m in ministries if sentence.start <= m.start and m.end <= offset]
    if before:
        return before[-1]
    if len({m.key for m in ministries}) == 1:
        return ministries[0]
    return None


def home_ministry(orgs: list[Mention]) -> Mention | None:
    """The ministry an article is about: the most mentioned, earliest on ties."""
    counts = Counter(m.key for m in orgs if m.key and m.attr("kind") in MINISTRY_KINDS)
    if not counts:
        return None
    best = max(counts.values())
    for m in orgs:
        if m.key and counts.get(m.key) == best:
            return m
    return None


_PLACE_LEVEL = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(省|市|自治区|区|县|州)")


def context_place(orgs: list[Mention], level: str, text: str | None = None) -> str | None:
    """The place of ``level`` (市, 省 …) the article is about: the one its local bodies name most
    (and, given the article's ``text``, for 省 the province it names most)."""
    counts: Counter = Counter()
    for m in orgs:
        if m.attr("kind") == "LocalGovernment":
            found = _PLACE_LEVEL.match(m.name)
            if found and found.group(2) == level:
                counts[found.group(1)] += 1
    if text is not None and level == "省":  # 江苏召开全省…, 在福州举行: a province or its city named counts too
        pattern, province_of = _province_names()
        for m in pattern.finditer(text):
            counts[province_of[m.group()]] += 1
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None  # two places named as often: which one a bare 省委 means is not said
    return ranked[0][0]


def nearby_place(orgs: list[Mention], level: str, floor: int, pos: int) -> str | None:
    """The place of ``level`` of the last local body named with its place in [floor, pos)."""
    best = None
    for m in orgs:
        if m.text and m.attr("kind") == "LocalGovernment" and floor <= m.start < pos \
                and (best is None or m.start > best.start):
            found = _PLACE_LEVEL.match(m.name)
            if found and found.group(2) == level and m.text.startswith(found.group(1)):
                best = m
    return _PLACE_LEVEL.match(best.name).group(1) if best is not None else None


@lru_cache(maxsize=1)
def _province_names() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern of the provinces' short names and their cities' names, and the province each names."""
    provinces = {short for short, full in lexicon().provinces.items() if full.endswith("省")}
    province_of = {short: short for short in provinces}
    for line in _lines("cities.tsv"):
        city, province = line.split("\t")[:2]
        if province in provinces:
            province_of.setdefault(city, province)
    return re.compile("|".join(map(re.escape, sorted(province_of, key=len, reverse=True)))), province_of


def _bare_bodies(doc: Doc, local: list[Mention], taken: list[Mention]) -> Iterator[Mention]:
    """省发展改革委, 市生态环境局, 省政府: a local body named without its place, in an article whose place of
    that level is clear; named as the body of that place. The words as written are kept as another name,
    but for a bare 省委 or 省政府, which every province has."""
    text = doc.text
    spans = Spans((m.start, m.end) for m in taken)
    places: dict[str, str | None] = {}
    for m in _bare_body_pattern().finditer(text):
        start, end = m.span()
        if spans.overlaps(start, end) or _BODY_STOP.match(text, end) or not _bare_start(text, start, m["level"]):
            continue
        level = m["level"]
        if level not in places:
            places[level] = context_place(local, level, text)
        # 鄂州市委书记、市人大常委会主任: a place named earlier in the sentence goes before the article's
        place = nearby_place(local, level, doc.article.sentence_at(start).start, start) or places[level]
        if place is None:
            continue
        body = m["body"]
        canonical = "委员会" if body == "委" else lexicon().local_body_names.get(body, body)
        if body == "法院":  # 省法院 is the province's high court, 市法院 the city's intermediate one
            canonical = {"省": "高级人民法院", "市": "中级人民法院"}.get(level, "人民法院")
        spans.append((start, end))
        # a bare 省委 or 市政府 is no other name of one place's body (every place has one); 省财政厅 is kept
        written = "" if canonical in ("委员会", "人民政府") else doc.article.text[start:end]
        yield Mention(ORGANIZATION, written, start, end, doc.sentence_of(start),
                      name=place + level + canonical, key=None, attrs=make_attrs(kind="LocalGovernment"))


@lru_cache(maxsize=1)
def _bare_body_pattern() -> re.Pattern:
    lex = lexicon()
    bodies = sorted({*lex.local_bodies, *lex.local_body_names}, key=len, reverse=True)
    # (a bare 省委 before a department is the department's, matched with it: _party_departments)
    return re.compile(f"(?P<level>省|市|县|区)(?P<body>{'|'.join(map(re.escape, bodies))}|法院|委(?![员托屈派任]|"
                      f"{_PARTY_DEPARTMENT.pattern}))")


# A department of a local party committee, after the committee: 甘肃省委宣传部, (bare, in context) 省委组织部
_PARTY_DEPARTMENT = re.compile(
    r"(?:宣传部|组织部|统战部|政法委员会|政法委|政策研究室|办公厅|办公室|网信办|外事工作委员会办公室|外办|机构编制委员会办公室|"
    r"编办|农村工作领导小组办公室|农办|财经委员会办公室|财经办|教育工作委员会|教育工委|巡视工作领导小组办公室|巡视办|"
    r"老干部局|台湾工作办公室|台办|军民融合发展委员会办公室|社会工作部|金融委员会办公室|金融办)"
)
_MEMBER_THEN_DEPARTMENT = re.compile(r"常委[、，,](?P<department>" + _PARTY_DEPARTMENT.pattern + ")")
_BARE_COMMITTEE = re.compile(r"(?P<level>省|市|区|县|州)委(?=" + _PARTY_DEPARTMENT.pattern + ")")


def _party_departments(doc: Doc, local: list[Mention], taken: list[Mention]) -> Iterator[Mention | Fact]:
    """Departments of a local party committee: after a committee named (甘肃省委宣传部), or after a bare
    省委 / 市委 where the article's place of that level is clear (省委组织部 in a Gansu article)."""
    text = doc.text
    spans = Spans((m.start, m.end) for m in taken)
    committees = {m.end: m for m in local if m.name.endswith("委员会") and _PLACE_LEVEL.match(m.name)
                  and _PLACE_LEVEL.match(m.name).end() + 3 == len(m.name)}
    found: list[tuple[int, Mention]] = []  # (department end, committee)
    for end, committee in committees.items():
        m = _PARTY_DEPARTMENT.match(text, end)
        if m:
            found.append((m.end(), committee))
            continue
        yield from _implied_department(doc, committee)
    places: dict[str, str | None] = {}
    for m in _BARE_COMMITTEE.finditer(text):
        start = m.start()
        if spans.overlaps(start, m.end()) or not _bare_start(text, start, m["level"]):
            continue
        level = m["level"]
        if level not in places:
            places[level] = context_place(local, level, text)
        if places[level] is None:
            continue
        committee = Mention(ORGANIZATION, "", start, m.end(), doc.sentence_of(start),
                            name=places[level] + level + "委员会", key=None, attrs=make_attrs(kind="LocalGovernment"))
        yield committee  # no written form: a bare 省委 names no province on its own
        found.append((_PARTY_DEPARTMENT.match(text, m.end()).end(), committee))
    for end, committee in found:
        start = committee.start
        name = committee.name[: -len("员会")] + text[committee.end : end]  # 甘肃省委 + 宣传部
        unit = Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start), name=name,
                       key=None, attrs=make_attrs(kind="PartyBody"))
        yield unit
        yield Fact(SUB_ORGANIZATION_OF, unit, committee, unit.sentence)


def _implied_department(doc: Doc, committee: Mention) -> Iterator[Mention | Fact]:
    """山西省委常委、组织部部长: after a committee's member, a department named alone is the committee's."""
    m = _MEMBER_THEN_DEPARTMENT.match(doc.text, committee.end)
    if m:
        start = m.start("department")
        unit = Mention(ORGANIZATION, doc.article.text[start : m.end()], start, m.end(), doc.sentence_of(start),
                       name=committee.name[: -len("员会")] + m["department"], key=None, attrs=make_attrs(kind="PartyBody"))
        yield unit
        yield Fact(SUB_ORGANIZATION_OF, unit, committee, unit.sentence)


_BEFORE_BARE = set("由和与及同、，,：:；;（(“ \n的了任为是在对向将被")


def _bare_start(text: str, start: int, level: str) -> bool:
    """Whether a bare 省… / 市… / 县… at ``start`` begins a body's name rather than ending a word. Every
    province is in the lexicon, so a 省 no province took is bare wherever it stands (听取省委组织部…);
    a city or county may be one the lexicon lacks (某某市委), so a character before it must not be a name's."""
    if start == 0 or not is_cjk(text[start - 1]) or level == "省":
        return True
    return text[start - 1] in _BEFORE_BARE


def _pronouns(doc: Doc, orgs: list[Mention]) -> Iterator[Mention]:
    home = home_ministry(orgs)
    if home is None:
        return
    for m in re.finditer(r"(?:我部|本部|我委|本委|我局|本局|我署)(?![门分署队位员])", doc.text):
        yield Mention(ORGANIZATION, doc.article.text[m.start() : m.end()], m.start(), m.end(),
                      doc.sentence_of(m.start()), name=home.name, key=home.key,
                      attrs=make_attrs(kind=home.attr("kind"), pronoun=True))


def extract_organizations(doc: Doc) -> Iterator[Mention | Fact]:
    stationed = _stationed_groups(doc)
    yield from stationed
    orgs = _lexicon_mentions(doc, stationed)
    local = list(_local_bodies(doc, stationed + orgs))
    local += list(_zone_committees(doc, stationed + orgs + local))
    party = list(_party_departments(doc, local, stationed + orgs + local))
    local += [m for m in party if isinstance(m, Mention)]
    bare = list(_bare_bodies(doc, local, stationed + orgs + local))
    implied = [x for b in bare if b.name.endswith("委员会") for x in _implied_department(doc, b)]
    local += bare + [x for x in implied if isinstance(x, Mention)]
    party_facts = [f for f in party if isinstance(f, Fact)] + [x for x in implied if isinstance(x, Fact)]
    coordination = list(_coordination_bodies(doc, orgs, [*stationed, *orgs, *local]))
    coordinating = [x for x in coordination if isinstance(x, Mention)]
    # an owner named in a coordination body's name is part of it, not a body of its own there
    coordinating_spans = Spans((c.start, c.end) for c in coordinating)
    orgs = [m for m in orgs if not coordinating_spans.overlaps(m.start, m.end)]
    yield from orgs
    yield from local
    parents = {m.key: m for m in orgs if m.key}
    for m in local:
        if m.attr("parent") in parents:
            nearest = max((o for o in orgs if o.key == m.attr("parent") and o.end <= m.start), key=lambda o: o.end)
            yield Fact(SUB_ORGANIZATION_OF, m, nearest, m.sentence)
    yield from party_facts
    yield from coordination
    found = [*stationed, *orgs, *local, *coordinating]
    departments = list(_lexicon_departments(doc, orgs, found))
    yield from departments
    units = [x for x in departments if isinstance(x, Mention)]
    yield from _units(doc, stationed + orgs + local + coordinating + units)
    yield from _pronouns(doc, orgs)
