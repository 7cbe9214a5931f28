"""Initiatives: named programmes ending in a programme word (…行动, …工程,
…专项行动, …试点示范; ``lexicons/initiative_suffixes.txt``).

The name runs left from the suffix to a clause break, an enumeration mark, an
ordinal (一是) or a carrying-out verb (实施, 开展, 启动 …). Vague or generic
phrases (重点工程, 系统工程, 五大重点工程) are refused. ``listed`` marks names given
in an enumeration, which plan_links uses to tie them to the plan described.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import Spans, is_cjk
from kg.lexicon import lexicon
from kg.model import INITIATIVE, PLAN, Mention, make_attrs
from kg.text import canonical_name, name_key

_TRIGGERS = re.compile(
    r"(?:深入实施|加快实施|统筹实施|启动实施|组织实施|全面实施|继续实施|大力实施|扎实实施|实施|开展|启动|推进|组织|部署|"
    r"推动|落实|打造|发起|推出|开启|形成|完善|推行|采用|实行|建立健全|建立|健全|探索|研究制定|制定|编制|出台|印发|发布|起草|包括|通过|以及|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|"
    r"首先|其次|再次|最后|即|采取|以|的|了|将|要|在|对|把|是|为|等|与|和|及(?!时)|或|(?<![协共相合认赞如连不])同(?![步时期等比类样业]))"
)
# Verbs that carry a programme out: the name starts after the last of them (实施|发展壮大数字经济打造新引擎行动).
_CARRY_OUT = re.compile(
    r"(?:深入实施|加快实施|统筹实施|启动实施|组织实施|全面实施|继续实施|大力实施|扎实实施|实施|组织开展|开展|启动|组织好|组织|"
    r"部署|发起|推出|开启|做好|抓好|深入推进|推进|落实|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|包括)"
)
# A group label, not a programme: 四大行动, 六项工程
_GROUP = re.compile(r"[一二三四五六七八九十两几多\d]+(?:大|项|个|类|批)(?:专项)?(?:行动|工程|试点)$")
# …行动升级方案, …工程实施方案: the programme word opens a document's title
_TITLE_NEXT = re.compile(r"[\u4e00-\u9fff]{0,4}(?:方案|计划|纲要|意见|规划|办法|要点|指南)")
# 提品质、优服务、强品牌行动: short parallel phrases sharing one programme word
_PARALLEL_ITEM = re.compile(r"[\u4e00-\u9fff]{2,6}$")
_DRAFTING = re.compile(r"(?:制定|编制|出台|印发|发布|研究制定|起草)$")
_STRIP_LEAD = re.compile(
    r"^(?:了|建设|新开工|开工|在建|续建|前[一二三]季度|上半年|全年|目前|当前|优化|加力扩围|加力|扩围|扩大|及时|适时|本次|此次|这次|本轮|该|这一|这项|此项|今年|明年|去年|年内|当年|近年来|深入|加快|大力|继续|持续|统筹|扎实|积极|着力|重点|切实|进一步|不断|努力|抓紧|同时|还要|要|将|并|"
    r"一批|若干|新一轮|新一批|首批|第[一二三四五六七八九十\d]+批)+"
)
_GENERIC_NAMES = {"重点", "重大", "系统", "各项", "这项", "该", "专项", "示范", "相关", "有关", "这些", "一系列", "民生", "民心",
                  "一号", "基础", "标志性", "龙头", "试点", "攻坚", "专门", "整体", "统一", "联合", "具体", "主要", "配套",
                  "实际", "有力", "共同", "一致", "集中", "切实", "坚决", "迅速", "果断", "有效", "务实", "积极", "全面",
                  # works of a trade, not a programme: 水利工程, 市政工程
                  "水利", "交通", "基建", "建设", "建筑", "市政", "公路", "铁路", "水电", "电力", "土建", "安装", "装修",
                  "绿化", "管网", "道路", "桥梁", "隧道", "管道", "水运", "航道", "港口", "机场", "房建", "地下", "防洪",
                  "灌区", "供水", "排水", "水库", "农田", "在建", "新开工", "续建", "新建"}
_GENERIC_END = ("重点", "重大", "重要", "有关", "相关", "一批", "若干", "各类", "等", "系列")
_JOINERS = {"和", "与", "及", "或"}
_GENERIC_ONLY = re.compile(r"(?:的|重大|重点|民生|民心|总结|推广|扩大|深化|开展|一批|各类|有关|相关)+")
_DETERMINERS = ("各项", "各类", "各种", "有关", "相关", "这些", "一系列", "所有", "多项", "多个", "系列")
# 不少于10个…试点: a count of pilots, not a programme's name
_QUANTITY = re.compile(r"(?:不少于|不低于|超过|约|近|共)[\d一二三四五六七八九十百千]+")
_NUMBERED = re.compile(r"^[\d一二三四五六七八九十两几多百千]+[大项个类批条]")
_BAD_NEXT = set("化师者力派队员方纲指机装")  # (工程机械, 海洋工程装备: machinery, not a programme)
# 市政工程和交通工程 / 培训制度和技能中国行动: the name starts after another programme's (or a system's) joiner
_AFTER_ANOTHER = re.compile(r"^.*(?:工程|行动|试点|制度|机制|体系|体制|政策|改革)(?:和|与|及|以及)")
_ORDINAL = re.compile(r"[一二三四五六七八九十]是")


def _left_bound(text: str, end: int, floor: int) -> tuple[int, str]:
    """Where the name running left from ``end`` starts, and what stopped it."""
    i = end
    while i > floor and end - i < 24:
        ch = text[i - 1]
        if ch in _CLOSING:  # a quoted slogan is read whole, marks and all: “千村示范、万村整治”工程
            opening = text.rfind(_CLOSING[ch], floor, i - 1)
            if opening >= 0 and end - opening <= 30 and not any(c in _CLOSING for c in text[opening:i - 1]):
                i = opening
                continue
        if not (is_cjk(ch) or ch.isalnum() or ch in "“”「」『』+"):
            return i, ch
        i -= 1
    return i, ""


_CLOSING = {"”": "“", "」": "「", "』": "『"}


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, lexicon().initiative_suffixes)))


def _parallel_items(text: str, start: int, name: str, floor: int) -> tuple[int, str]:
    """Extend "强品牌" to "提品质、优服务、强品牌" when short parallel phrases after a carrying-out verb
    share the programme word; a list of whole programmes (A行动、B行动) is left alone."""
    if len(name) > 6 or text[start - 1 : start] != "、":
        return start, name
    lo = max(floor, start - 40)
    verbs = list(_CARRY_OUT.finditer(text, lo, start))
    if not verbs:
        return start, name
    body = text[verbs[-1].end() : start - 1]
    items = body.split("、")
    if not 1 <= len(items) <= 5 or not all(
            2 <= len(item) <= 6 and all(is_cjk(ch) for ch in item) and not item.endswith(lexicon().initiative_suffixes)
            for item in items):
        return start, name
    return verbs[-1].end(), body + "、" + name


# 启动A提升、B拓展、C带动3大行动: the programme word and the count after a list of names share it
_SHARED_HEAD = re.compile(
    r"(?P<items>(?:[\u4e00-\u9fff“”]{2,20}、){1,9}[\u4e00-\u9fff“”]{2,20}?)"
    r"(?P<count>[一二三四五六七八九十两\d]+)(?:大|项|个)(?P<word>专项行动|行动|工程)"
)
# a programme whose own implementing document is the title it stands in: …工程实施方案
_IMPLEMENTS = re.compile(r"(?:实施方案|实施意见|实施细则|工作方案)[》（(]")
_PLACE_LEAD = re.compile(r"^[\u4e00-\u9fff]{2,5}?(?:省|市|自治区|县|区)(?=[\u4e00-\u9fff]{6})")


def _without_place(text: str, item: tuple[int, int, str, bool], titles: Spans) -> tuple[int, int, str, bool]:
    start, end, name, listed = item
    place = _PLACE_LEAD.match(name) if titles.covers(start) else None
    return (start + place.end(), end, name[place.end() :], listed) if place else item


_COUNTED_WORD = re.compile(r"[一二三四五六七八九十两\d](?:大|项|个)(?:专项行动|行动|工程)")
_COUNTS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)} | {"两": 2}


def _shared_programme_word(text: str, found: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
    """Programmes listed with one programme word and their count after the last (…、…3大行动)."""
    made = []
    taken = Spans((a, b) for a, b, _, _ in found)
    for head in _COUNTED_WORD.finditer(text):  # only where a count and a programme word stand
        m = _SHARED_HEAD.search(text, max(0, head.start() - 220), head.end())
        while m is not None and m.end() < head.end():
            m = _SHARED_HEAD.search(text, m.end(), head.end())
        if m is None or m.end() != head.end():
            continue
        count = m["count"]
        number = int(count) if count.isdigit() else _COUNTS.get(count)
        items_start = m.start("items")
        verb = None
        for verb in _CARRY_OUT.finditer(text, max(0, items_start - 40), m.start("count")):
            pass  # the last carrying-out verb before the list: the first name starts after it
        if verb is not None and verb.end() > items_start:
            items_start = verb.end()
        items = text[items_start : m.start("count")].split("、")
        if number is None or len(items) != number or any(len(i) < 2 for i in items):
            continue
        pos = items_start
        for item in items:
            if not taken.overlaps(pos, pos + len(item)):
                made.append((pos, pos + len(item), item + m["word"], True))
            pos += len(item) + 1
    return made


def extract_initiatives(doc: Doc) -> Iterator[Mention]:
    text, raw = doc.text, doc.article.text
    pattern = _suffix_pattern()
    last_end = 0
    found: list[tuple[int, int, str, bool]] = []
    titles = [(q.start(), q.end()) for q in re.finditer(r"《[^《》\n]{1,120}》", text)]
    title_spans = Spans((a + 1, b) for a, b in titles)  # strictly inside 《…》
    plan_spans = Spans((p.start, p.end) for p in doc.mentions if p.type == PLAN)
    for m in pattern.finditer(text):
        if (title_spans.covers(m.start()) or plan_spans.covers(m.start())) and not _IMPLEMENTS.match(text, m.end()):
            continue  # a document's title: 《…行动计划》 (or its words again) names the plan, not a programme
        suffix_end = m.end()
        while True:  # …应用示范 + 行动: the longest programme word wins
            more = pattern.match(text, suffix_end)
            if not more:
                break
            suffix_end = more.end()
        if text[suffix_end : suffix_end + 1] in _BAD_NEXT \
                or (_TITLE_NEXT.match(text, suffix_end) and not _IMPLEMENTS.match(text, suffix_end)) \
                or text[suffix_end : suffix_end + 1].isdigit() \
                or (m.group().endswith("试点") and text.startswith("项目", suffix_end)):
            continue  # (先导应用试点项目50个: pilot projects counted, not a programme)
        sentence = doc.article.sentence_at(m.start())
        floor = max(sentence.start, last_end)
        start, stop_char = _left_bound(text, m.start(), floor)
        run = text[start : m.start()]
        # the last trigger word inside the run marks where the name begins
        trigger = None
        for t in _CARRY_OUT.finditer(run):
            trigger = t
        if trigger is None:
            for t in _TRIGGERS.finditer(run):
                if stop_char and stop_char in "、：:" and t.group() in _JOINERS:
                    continue  # a list item's name may hold 和: …服务乡村振兴和区域协调发展行动
                trigger = t
        lead = text[max(sentence.start, start - 6) : start]
        if trigger is not None:
            lead = run[: trigger.end()]
            run = run[trigger.end() :]
            start += trigger.end()
        if re.match(r"(?:研究制定|制定|编制|出台|印发|发布|起草)", run):
            continue  # 包括制定…行动计划: a document being drafted, not a programme run
        stripped = _STRIP_LEAD.match(run) if trigger is not None or not stop_char or stop_char not in "、：:" else None
        if stripped:  # (an item right after 、 or ： starts with its name: 重点地区…行动)
            start += stripped.end()
            run = run[stripped.end() :]
        if run[:1] in "“「『" and not any(q in run[1:] for q in "”」』"):
            run = run[1:]  # an opening quote whose name ends before the suffix
        run = run.lstrip("”」』")
        start = m.start() - len(run)
        name_part = run
        joined = _AFTER_ANOTHER.search(name_part)
        if joined:  # 市政工程和交通工程: the second programme word's name starts after the first's joiner
            start += joined.end()
            name_part = name_part[joined.end() :]
        if _GENERIC_ONLY.fullmatch(name_part):
            continue  # 重大民生工程, 总结试点: words of kind or of doing, no name
        if len(name_part) < 2 or name_part in _GENERIC_NAMES or name_part.endswith(_GENERIC_END) \
                or name_part.startswith(_DETERMINERS):  # 各项执法行动: a kind of action, not one named
            continue
        if stop_char == "、" and not _ORDINAL.search(lead):
            start, name_part = _parallel_items(text, start, name_part, floor)
        if _QUANTITY.match(name_part) or _NUMBERED.match(name_part) or _GROUP.search(name_part + m.group()) or name_part.count("“") + name_part.count("「") != name_part.count("”") + name_part.count("」"):
            continue
        if _DRAFTING.search(lead):  # 制定…行动计划: a document being drafted, not a programme run
            continue
        listed = (stop_char != "" and stop_char in "、：:）)") or bool(_ORDINAL.search(lead)) or bool(re.search(r"包括[:：]?$", lead))
        found.append((start, suffix_end, text[start:suffix_end], listed))
        last_end = suffix_end
    found += _shared_programme_word(text, found)
    found.sort()
    # 《成都市城市社区嵌入式服务设施建设工程实施方案》: the programme a title's plan carries out, without its place
    found = [_without_place(text, item, title_spans) for item in found]
    names = {name_key(n) for _, _, n, _ in found}
    for start, end, name, listed in found:
        # 工业领域产业基础再造工程 is 产业基础再造工程 when the article names that too
        key = name_key(name)
        shorter = [key[i:] for i in range(1, len(key) - 5) if key[i:] in names]
        canonical = canonical_name(name)
        if shorter:
            longest = max(shorter, key=len)
            canonical = canonical[len(canonical) - len(longest):] if len(canonical) >= len(longest) else canonical
        yield Mention(INITIATIVE, raw[start:end], start, end, doc.sentence_of(start), name=canonical,
                      key=name_key(canonical), attrs=make_attrs(listed=listed or None))
