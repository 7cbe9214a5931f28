"""Targets: forward-looking goals, numeric and qualitative.

Numeric: a comparator (达到, 超过, 提高至, 新培育 …) with a number and a unit
(68%, 3000家左右, 200EFLOPS以上; units in ``lexicons/units.txt``). Qualitative: a short
clause of achievement (基本实现智能化, 明显下降, 取得扎实成效) after 到2035年 or 2030年前.
A clause counts only in a forward-looking stretch (到2025年, 目标, 力争, 将, 要, 有望,
明年 …); past statistics (已建成, 累计, 同比, 目前 …) and years before the article's
own are refused. The year is the clause's own (到2025年, "十四五"末 → 2025), the
paragraph's or section's ("2020年的重点工作"), or a relative one (今年, 明年) read
against the article's date.

The indicator of a numeric goal is the clause's subject ("关键工序数控化率达68%"),
the object of an action verb ("培育3000家左右“小巨人”企业" → “小巨人”企业), or the
subject of the clause before when the clause has none ("充电桩已建成860万台，今年有望
突破1000万台"). "A、B和C分别达到x、y和z" pairs indicators with values in order.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import clauses
from kg.lexicon import _lines
from kg.model import TARGET, Mention, make_attrs
from kg.text import canonical_name, name_key

_YEAR_MARK = re.compile(
    r"(?:到|至|力争到?|预计到?|争取到?|确保到?)\s*(?P<y>(?:19|20)\d{2})\s*年(?:底|末)?|"
    r"(?P<y2>(?:19|20)\d{2})\s*年(?:前|底前|年底|末)|"
    r"(?P<y3>(?:19|20)\d{2})\s*年(?:的)?(?:发展|主要|重点|具体|总体|预期)?(?:目标|任务|工作)"
)
_COUNT_JOIN = re.compile(r"\s*(?:和|、|及|以及)\s*")
_NOUN_LISTED = re.compile(r"\s*(?:和|、|及|以及)\s*(?P<noun>[^\d，,、；;]{2,24}?)\s*")
_LEAD_YEAR = re.compile(r"\s*((?:19|20)\d{2})\s*年(?:[，,]|(?=[\u4e00-\u9fff]))")
_PLAN_PERIOD = re.compile(r"[“「]?十([一二三四五六七八九])五[”」]?(?:末|时期|期间|期末)")
_RELATIVE = {"明年": 1, "后年": 2, "今年": 0, "全年": 0}
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十]+[章节部分])")
_LIST_ITEM = re.compile(r"^\s*(?:——|—|-|·|•|\d+[.、．)）]|[（(]\d+[)）]|[①②③④⑤⑥⑦⑧⑨⑩]|[一二三四五六七八九十]是)")
_WORTH_A_LOOK = re.compile(r"\d|明年|后年|今年|十[一二三四五六七八九]五|目标")
_FORWARD = re.compile(
    r"到\s*\d{4}\s*年|\d{4}\s*年(?:前|底前)|目标|力争|争取|将|(?<![主重需必首纲摘只])要(?![求素点闻])|计划|拟|准备(?!金)|有望|"
    r"确保|努力|明年|后年|规划期|"
    r"[“「]?十[一二三四五六七八九]五[”」]?(?:末|期间|时期)|再(?=[培建创遴打新推布])"
)
_PAST = re.compile(
    r"已经|已|累计|同比|比上年|较上年|上半年|前\d+个?月|前[一二三]季度|今年以来|(?<![较比从由])目前|截至|截止|去年|过去|此前|"
    r"实现了|完成了|增长了|达到了|超过了|共计|总计|合计"
)
_COMPARE = re.compile(r"(?:相较于?|相比于?|较|比)\s*(?:[“「]?十[一二三四五六七八九]五[”」]?末|\d{4}\s*年(?:底|末)?|上年|去年)(?:同期)?")
_COMPARATORS = (
    "达到|达|超过|突破|提高到|提高至|提升到|提升至|增加到|增长到|增至|增到|升至|升到|降低到|降低至|下降至|下降到|降至|降到|下降|"
    "年均增长|年均提高|年均下降|年均增速|缩短至|缩短到|减少到|扩大到|扩大至|控制在|保持在|稳定在|不低于|不少于|不高于|不超过|高于|低于|大于|"
    "新培育|培育|新增|新建|建成|建设|打造|布局|实现|提高|提升|增长|降低|减少"
)
# Verbs whose object, written after the number, is what is counted: 培育3000家“小巨人”企业.
_ACTION_VERBS = ("新培育", "培育", "新增", "新建", "建成", "建设", "打造", "布局")
_ACTION_BEFORE = re.compile(
    r"(?:新培育|培育|遴选|新增|新建|再建|建成|建设|建|打造|布局|创建|认定|推广|支持|培养|引进|部署|开通|举办|"
    r"遴选|打造|发展|形成|推出|实施|组织|带动)[了]?$"
)
_INDICATOR_LEAD = re.compile(
    r"^(?:其中|包括|主要包括|以及|并且|并|同时|力争|争取|确保|使得|使|推动|实现|进一步|今年|明年|全年|预计|预期|最终|我国|"
    r"我们|准备|有望|努力|再|提出|明确|[“「]?十[一二三四五六七八九]五[”」]?(?:时期|期间|末|期末)?)*\s*"
    r"(?:到\s*\d{4}\s*年(?:底|末)?|\d{4}\s*年(?:前|底前)?)?\s*[，,]?\s*(?:要|将|力争|争取|有望|确保|努力)*"
)
_SUBJECT_END = re.compile(r"目前|已经|已|累计|同比|今年|明年|将|要|有望|预计|达到|达|为|超过|突破|建成|共|\d+(?:\.\d+)?(?![A-Za-z\d])")
# A goal clause's own lead: "最终确保", "力争2020年底", "到2025年，"
_GOAL_LEAD = re.compile(
    r"^[，,\s]*(?:最终|确保|力争|争取|努力)*\s*(?:(?:到|至)?\s*(?:19|20)\d{2}\s*年(?:底前|年底|底|末|前)?)?\s*[，,]?\s*"
    r"(?:要|将|力争|争取|确保|基本)?(?=\S)"
)
# The object of an action verb written before the number: 再遴选国家级示范基地10家
_VERB_OBJECT = re.compile(
    r"(?:[^，,]{0,12}?(?:将|要|力争|计划|拟)(?=[新培遴建再打布创认完改推]))?"  # 交通运输将完成…: a subject before
    r"(?:全市|全省|全区|全县|全国|累计|力争|再|共)*(?:新培育|培育|遴选|新增|新建|再建|建成|建设|打造|布局|创建|认定|完成|新开工|"
    r"新改扩建|改扩建|改造|推广|建)(?=[^，,]{2,}$)"
)
_GOAL = re.compile(
    r"实现|普及|建成|形成|迈入|进入|跻身|达峰|成为|全面[\u4e00-\u9fff]{1,4}化$|应改尽改|全覆盖|全面支持|双突破|"
    r"(?:初步|广泛|全面|深度|普遍|规模化)应用|"
    r"(?:显著|明显|大幅|全面|稳步|持续|逐步)(?:提升|提高|增强|下降|降低|改善|优化|减少|扩大|缩小)|"
    r"取得[^，。；]{0,4}(?:成效|进展|突破)|(?:大于|高于|低于)[^，。；]{2}|"
    r"(?:基本|初步)(?:建立|形成|建成|实现|稳定)|(?:基本|全面)完成|"
    r"(?:达到|突破|超过|迈上)[^，。；]{0,3}(?:万亿|千亿|百亿)(?:元)?级"  # 产业规模达到万亿级: a magnitude, no figure
)
_SHARE_OF = re.compile(rf"(?:{_COMPARATORS})[^，,]{{2,20}}的$")
_ESTIMATE = re.compile(r"预计|预测|估计|有望带动|将带动")
# what sets a goal again after a forecast: 力争, 目标, 到2027年 …
_GOAL_SET = re.compile(r"力争|争取|目标|确保|明年|后年|到\s*\d{4}\s*年|\d{4}\s*年(?:前|底前)")
_GOALS_LISTED = re.compile(r"目标(?:分别)?(?:是|为|包括)?[：:]")
_ORDINAL_LEAD = re.compile(r"\s*(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")
# In a list of goals (目标：一是…) the softer wordings of a goal count too
_LIST_GOAL = re.compile(
    r"(?:持续|不断|进一步|更加|更为|日益|逐步|全面|显著|明显|大幅|稳步)(?:壮大|扩大|丰富|完善|健全|增强|提升|提高|优化|改善|"
    r"巩固|凸显|活跃|便利|规范|高效|安全|优质|协调|突出)"
)
_NOT_A_GOAL = re.compile(r"^(?:为|以|把|对|在|按照|围绕|推动|加快|着力|坚持|聚焦|支持|鼓励|引导|开展|实施|组织)")


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern:
    units = sorted(_lines("units.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(u) + ("(?![A-Za-z])" if u.isascii() and u.isalpha() else "") for u in units)
    return re.compile(
        rf"(?P<cmp>{_COMPARATORS})?"
        r"(?P<about>约|近|超|逾)?\s*(?P<num>\d+(?:\.\d+)?)(?:\s*[—–\-～~至到]\s*(?P<upto>\d+(?:\.\d+)?))?\s*"
        rf"(?P<unit>{alternatives}|(?<=\.\d)年|(?<=\.\d\d)年)?"  # 11.7年 counts years; 2025年 is a year
        r"(?P<approx>左右|以上|以下|以内)?"
    )


def _decimal(text: str) -> str | None:
    try:
        return str(Decimal(text).normalize()) if "." in text else str(int(text))
    except (InvalidOperation, ValueError):
        return None


def period_year(index_char: str) -> int:
    """The last year of the Nth five-year plan (十四五 -> 2025): 1955 + 5N, regular since the 6th."""
    return 1955 + 5 * ("一二三四五六七八九".index(index_char) + 11)


_BARE_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年(?:底|末)?(?:[，,]|\s*(?=要|将|力争|争取|计划|预期|确保|全年|目标|工作|重点|任务))"
)


def future_year(text: str, article_year: int | None) -> int | None:
    """A year after the article's own named without 到 ("2025年要…" in a December article)."""
    if article_year is None:
        return None
    for m in _BARE_YEAR.finditer(text):
        if int(m.group(1)) > article_year and text.count("《", 0, m.start()) == text.count("》", 0, m.start()):
            return int(m.group(1))
    return None


_DIGIT = re.compile(r"\d")
_HEADING_OF_GOALS = re.compile(r"目标|要求|任务|安排|计划|取向")


_PLAN_NAMED_BY_PERIOD = re.compile(r"[“「]?十([一二三四五六七八九])五[”」]?(?:规划|发展规划|规划纲要|规划建议)")
_YEAR_PLAN = re.compile(r"((?:19|20)\d{2})\s*年(?:[\u4e00-\u9fff]{0,12}?的)?(?:重点)?(?:工作安排|工作任务|重点工作|工作计划|"
                        r"主要目标|主要任务|发展目标|预期目标|目标任务)")


def _year_plan(text: str, article_year: int | None) -> int | None:
    """The year whose work a text announces (2025年工作安排, 2026年主要目标), when not yet past."""
    m = _YEAR_PLAN.search(text)
    if m and (article_year is None or int(m.group(1)) >= article_year):
        return int(m.group(1))
    return None


def _heading_year(heading: str, article_year: int | None) -> int | None:
    """The year a heading of goals dates them by: 二、“十五五”时期主要目标 (2030), 三、2026年发展总体要求
    (a year not yet past when the article was written)."""
    if not _HEADING_OF_GOALS.search(heading):
        return None
    period = _PLAN_PERIOD.search(heading)
    if period:
        return period_year(period.group(1))
    m = re.search(r"((?:19|20)\d{2})\s*年", heading)
    if m and (article_year is None or int(m.group(1)) >= article_year):
        return int(m.group(1))
    return None


def _year_in(text: str, article_year: int | None) -> int | None:
    return _written_year(text, article_year) or _relative_year(text, article_year)


def _written_year(text: str, article_year: int | None) -> int | None:
    """A year the text names: 到2025年, 2030年前, 2026年，…, "十四五"末."""
    m = _YEAR_MARK.search(text)
    if m:
        return int(m["y"] or m["y2"] or m["y3"])
    future = future_year(text, article_year)
    if future:
        return future
    m = _PLAN_PERIOD.search(text)
    if m:
        return period_year(m.group(1))
    return None


def _relative_year(text: str, article_year: int | None) -> int | None:
    """明年, 后年, 今年 or 全年 (in a forward-looking stretch), read against the article's year."""
    if article_year:
        for word, delta in _RELATIVE.items():
            if word in text and (delta or _FORWARD.search(text.replace(word, ""))):
                return article_year + delta
    return None


def _balanced(text: str) -> str:
    """Drop a quote mark left at either end by a cut, keeping a quoted word whole (“小巨人”企业)."""
    text = text.strip(" ，,")
    while text[:1] in "“”" and text.count("“") != text.count("”"):
        text = text[1:]
    while text[-1:] in "“”" and text.count("“") != text.count("”"):
        text = text[:-1]
    return text.strip(" ，,")


_FROM_NOW = re.compile(r"(?:从|由)(?:目前|现在|当前|现有)?的?\s*\d+(?:\.\d+)?\s*(?:%|个百分点)?$")
_YEAR_INSIDE = re.compile(r"(?:到|至)\s*(?:19|20)\d{2}\s*年(?:底|末)?(?:前)?")


def _indicator(clause: str) -> str:
    clause = _YEAR_INSIDE.sub("", clause)  # 居民健康素养水平到2022年不低于22%: the year is the target's own
    clause = _FROM_NOW.sub("", clause)  # …的比重从目前29.3降至25: where it stands now is no part of the name
    text = _balanced(_INDICATOR_LEAD.sub("", clause, count=1))
    text = re.sub(r"^(?:的|要|将)", "", text)
    return re.sub(r"(?:全年|总体上|为|是|要|将|拟|按|首次|达到|预计|预期|目标|力争|分别|均|各|较|(?<!占)比|相比|相较)+$", "", text)


def _last_subject(said: list[str]) -> str:
    """The subject of the last clause said that has one."""
    for clause in reversed(said):
        subject = _subject(clause)
        if subject:
            return subject
    return ""


def _subject(clause: str) -> str:
    """The subject of a clause stating a figure: what comes before its first adverb, verb or number."""
    text = _INDICATOR_LEAD.sub("", clause, count=1)
    m = _SUBJECT_END.search(text)
    return _indicator(text[: m.start()]) if m else ""


_RESPECTIVELY = re.compile(
    r"(?P<ind>[^，,；;]+?)(?P<each>分别|均)?(?P<cmp>达到|达|为|超过|提高到|提高至|提升到|提升至|降低到|降至|下降|提高|增长)"
)
_LIST_JOIN = re.compile(r"^\s*(?:、|和|及|以及|与)\s*$")


def _respectively(clause: str) -> list[tuple[str, re.Match]]:
    """Pair the indicators of "A、B和C分别达到x、y和z" (分别 may be left out) with their values, in order."""
    m = _RESPECTIVELY.search(clause)
    if not m:
        return []
    numbers = [n for n in _number_pattern().finditer(clause, m.end()) if (n["unit"] or n["approx"]) and not n["cmp"]]
    if len(numbers) < 2 or clause[m.end() : numbers[0].start()].strip():
        return []
    if any(not _LIST_JOIN.match(clause[a.end() : b.start()]) for a, b in zip(numbers, numbers[1:])):
        return []
    parts = [p for p in re.split(r"以及|[、和]", _indicator(m["ind"])) if p]
    if len(parts) < 2 or len(parts) != len(numbers):
        return []
    return list(zip(parts, numbers))


_ABOUT = {"约": "约", "近": "近", "超": "超过", "逾": "超过"}


def _comparator(m: re.Match, compared: re.Match | None) -> str | None:
    """达到, 超过, 左右, 以上 …; a change against a base year keeps its verb (比2020年下降)."""
    if compared is not None and compared.end() <= m.start():
        return compared.group().replace(" ", "") + (m["cmp"] or "")
    return m["approx"] or m["cmp"] or _ABOUT.get(m["about"] or "")


_NEXT_COUNT = re.compile(r"(?:和|、|及|以及)(?=\d)")


def _object_end(clause: str, end: int) -> int:
    """Where the object counted by the number ending at ``end`` ends: at the next count or the clause's end."""
    nxt = _NEXT_COUNT.search(clause, end)
    return len(clause[: nxt.start()].rstrip(" ，,")) if nxt else len(clause.rstrip(" ，,"))


def _object_after(clause: str, end: int) -> str:
    """What an action verb's number counts: the noun phrase after "3000家左右" (up to the next count)."""
    obj = clause[end : _object_end(clause, end)].strip(" ，,")
    obj = re.sub(r"^(?:的|个|家|名)", "", obj)
    return _indicator(obj) if obj else ""


def _similar(a: str, b: str) -> bool:
    """Two wordings of one indicator: one holds the other, or they share most characters."""
    a, b = a.replace("的", ""), b.replace("的", "")
    if a in b or b in a:
        return True
    return len(set(a) & set(b)) >= 0.7 * min(len(set(a)), len(set(b)))


# an item of a list of goals after 、: its own indicator, verb and figure (…达45%及以上、B达25%及以上)
_LISTED_FIGURE = re.compile(r"[^、，,；;：:]{2,30}?(?:" + _COMPARATORS + r")\s*(?:约|近|超|逾)?\s*\d")


# a dash, an enumeration mark, or a space between Chinese words (a headline's two halves)
_SUB_BREAK = re.compile(r"——|、|(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def _target_clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Clauses (:func:`clauses`), also split at a dash (具体目标——到2030年…), at a space between
    Chinese words (a headline's halves) and between the items of a list of goals joined by 、, each
    with its own figure."""
    for c_start, c_end in clauses(text, start, end):
        pos = c_start
        for m in _SUB_BREAK.finditer(text, c_start, c_end):
            cut = m.start()
            if m.group() == "、" and not (re.search(r"\d", text[pos:cut]) and _LISTED_FIGURE.match(text, cut + 1, c_end)):
                continue
            if cut > pos:
                yield pos, cut
            pos = m.end()
        if pos < c_end:
            yield pos, c_end


def extract_targets(doc: Doc) -> Iterator[Mention]:
    text, raw = doc.text, doc.article.text
    article_year = doc.article.year
    # a headline naming a period ("十五五"时期…主要目标, 到2027年…) dates the goals its article lists
    title = text[doc.article.paragraphs[0].start : doc.article.paragraphs[0].end] if doc.article.title else ""
    headline_year = _written_year(title, article_year) if title else None
    planned_by_period = _PLAN_NAMED_BY_PERIOD.search(title) if title else None
    if planned_by_period and headline_year is None:
        headline_year = period_year(planned_by_period.group(1))  # 福建“十五五”规划纲要：GDP年均增长5%左右
    # a headline announcing a year's work (深圳2025年工作安排：…) makes the whole article that year's plans
    year_plan = _year_plan(title, article_year) if title else None
    number = _number_pattern()
    by_paragraph: dict[int, list] = {}
    for sentence in doc.article.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)

    stated: list[tuple[tuple, str]] = []

    def target(c_start: int, c_end: int, sentence: int, name: str, **attrs) -> Mention | None:
        year = attrs.get("year")
        if year is not None and article_year is not None and year < article_year:
            return None  # a year already past when the article was written: a statistic
        at = text.find(name, c_start, c_end)
        if at >= 0:  # the name as written, simplified by phrase (顯著 -> 显著, not 显着)
            simplified = canonical_name(raw[at : at + len(name)])
            name = simplified if len(simplified) == len(name) else name
            if raw[at : at + len(name)] != name:
                attrs["written"] = raw[at : at + len(name)]
        figure = (attrs.get("value"), attrs.get("unit"), year)
        if figure[0] is not None:
            # the same figure restated in other words ("国家级的示范基地10家") is the same target
            name = next((n for f, n in stated if f == figure and _similar(n, name)), name)
            stated.append((figure, name))
        return Mention(TARGET, raw[c_start:c_end], c_start, c_end, sentence, name=name, attrs=make_attrs(**attrs))

    # A section headed "一、总体目标" (or a paragraph setting 到2023年) and the list items after it
    # ("——5G个人用户普及率超过40%") are forward-looking as a whole.
    section_forward, section_year, under_heading = year_plan is not None, year_plan, year_plan is not None
    for p_index in sorted(by_paragraph):
        span = doc.article.paragraphs[p_index]
        p_text = text[span.start : span.end]
        line = len(p_text) <= 40 and not p_text.endswith("。")
        if p_index == 0 and title and planned_by_period:  # 福建“十五五”规划纲要：GDP年均增长5%左右
            section_forward, section_year = True, headline_year
        elif under_heading and line and not _HEADING.match(p_text):
            pass  # a line of the list of goals under a heading of goals (数字经济核心产业增加值占比达到12.5%)
        elif _HEADING.match(p_text) or (len(p_text) <= 20 and not p_text.endswith("。")):
            section_forward, section_year = "目标" in p_text, _heading_year(p_text, article_year)
            section_forward = section_forward or section_year is not None
            under_heading = section_forward and section_year is not None
        elif not _LIST_ITEM.match(p_text) and not under_heading:  # a heading's goals run to the next heading
            section_forward = section_forward and section_year is None
        paragraph_year: int | None = section_year
        estimating = False  # after 预计…, the figures that follow are the forecast's, until a goal is set
        for sentence in by_paragraph[p_index]:
            s_text = text[sentence.start : sentence.end]
            if not _WORTH_A_LOOK.search(s_text):
                continue  # no digit, no 明年/今年, no 十四五: nothing to read here
            sentence_year = _year_in(s_text, article_year)
            lead_year = _LEAD_YEAR.match(s_text)
            if lead_year and sentence_year is None and (section_forward or _FORWARD.search(s_text)) \
                    and (article_year is None or int(lead_year.group(1)) >= article_year):
                sentence_year = int(lead_year.group(1))  # "主要目标 … 2022年，全市新建…"
            planned = _year_plan(s_text, article_year)
            if planned:  # 报告明确，2025年工作安排：… the year's plans, to the next heading
                sentence_year, under_heading = planned, True
                section_forward, section_year = True, planned
            if sentence_year and _FORWARD.search(s_text) or planned or (sentence_year and _YEAR_MARK.search(s_text)
                                                                        and (article_year is None or sentence_year > article_year)):
                paragraph_year = sentence_year
                if _YEAR_MARK.search(s_text):
                    section_forward, section_year = True, sentence_year
            state = "forward" if section_forward else None  # or "past", carried from clause to clause
            year = sentence_year or paragraph_year or headline_year
            written = _written_year(s_text, article_year) is not None
            after_year_mark = False
            said: list[str] = []  # clauses whose subject a later clause may borrow, read only when needed
            last_subject = ""
            for c_start, c_end in _target_clauses(text, sentence.start, sentence.end):
                clause = text[c_start:c_end]
                own_year = _written_year(clause, article_year)
                if own_year is None and not written:  # 全年 does not undo "2025年，" said before it
                    own_year = _relative_year(clause, article_year)
                if own_year:
                    year = own_year
                past = _PAST.search(clause)
                if past and not (past.group() == "累计" and (after_year_mark or section_year or _YEAR_MARK.search(clause))):
                    state = "past"  # (到2024年，累计建成…: a cumulative goal, not a statistic)
                if _FORWARD.search(clause):
                    state = "forward"
                    after_year_mark = after_year_mark or bool(_YEAR_MARK.search(clause)) \
                        or future_year(clause, article_year) is not None
                if _ESTIMATE.search(clause):
                    estimating = True
                elif estimating and _GOAL_SET.search(clause):
                    estimating = False
                if state == "forward" and estimating:
                    continue  # 预计…: a forecast, not a goal the text sets
                if state != "forward":
                    said.append(clause)
                    last_subject = ""
                    continue
                compared = _COMPARE.search(clause)
                if compared and len(_indicator(clause[: compared.start()])) < 2:
                    continue  # "相较于2020年提高约20": a rider on the clause before, not a target
                numeric = False
                counted: int | None = None  # where the object counted by an action verb ends
                nouns_from: int | None = None  # where a list of nouns counted by one verb goes on
                for indicator, m in _respectively(clause):  # A和B分别达到85%和68%
                    numeric = True
                    found = target(c_start, c_end, sentence.index, indicator, year=year, value=_decimal(m["num"]),
                                   unit=m["unit"] or None, comparator=m["approx"] or None)
                    if found:
                        yield found
                for m in [] if numeric else number.finditer(clause):
                    if not m["unit"] and not m["cmp"]:
                        continue
                    after = clause[m.end() : m.end() + 1]
                    if after and after in "年月日季号届次" and not m["unit"] or re.match(r"[A-Za-z]", after):
                        continue
                    before = clause[: m.start()]
                    verb_object = not m["cmp"] and m["unit"] and _VERB_OBJECT.match(_indicator(before))
                    listed = counted is not None and m["unit"] and _COUNT_JOIN.fullmatch(clause[counted : m.start()])
                    # 新建充电桩5万个、补给站15座: the verb counts each noun of the list with its own figure
                    noun_listed = nouns_from is not None and m["unit"] and _NOUN_LISTED.fullmatch(clause, nouns_from, m.start())
                    if nouns_from is not None and not noun_listed:
                        break
                    if noun_listed:
                        verb_object = True
                    if not (m["cmp"] or m["approx"] or m["about"] or verb_object or listed):
                        continue
                    value = _decimal(m["num"])
                    if value is None:
                        continue
                    action = m["cmp"] in _ACTION_VERBS or bool(_ACTION_BEFORE.search(before)) or bool(listed)
                    if listed:  # …2个千亿级产业集群和6个五百亿级产业集群: the same verb counts the next
                        indicator = _object_after(clause, m.end())
                    elif m["cmp"] in _ACTION_VERBS or _ACTION_BEFORE.search(before):
                        indicator = _object_after(clause, m.end()) or _indicator(_ACTION_BEFORE.sub("", before))
                    elif compared and compared.end() <= m.start():
                        indicator = _indicator(clause[: compared.start()])  # 能耗比2020年下降13.5%
                    elif noun_listed:
                        indicator = _indicator(noun_listed["noun"])
                    elif not m["cmp"] and _VERB_OBJECT.match(_indicator(before)):
                        indicator = _indicator(before)[_VERB_OBJECT.match(_indicator(before)).end() :]  # 再遴选X基地10家
                        indicator = re.sub(r"^(?:及|和|与|并)(?:改善|改造|提升|扩建|新建)?", "", indicator)  # 新增及改善…
                    elif _SHARE_OF.search(before):  # 销售量达到汽车销售总量的20%: the share of a whole
                        indicator = _indicator(before[: _SHARE_OF.search(before).start()])
                    else:
                        indicator = _indicator(before)
                    if indicator.endswith("的"):
                        continue  # "带动省级的5万家": what is counted is left unsaid
                    if len(name_key(indicator)) < 2:
                        indicator = last_subject or _last_subject(said)  # "…已建成860万台，今年有望突破1000万台"
                    if len(name_key(indicator)) < 2:
                        continue
                    numeric = True
                    found = target(c_start, c_end, sentence.index, indicator, year=year, value=value,
                                   unit=m["unit"] or None, comparator=_comparator(m, compared))
                    if found:
                        yield found
                        last_subject = indicator
                        if verb_object and _COUNT_JOIN.match(clause, m.end()):
                            nouns_from = m.end()
                            continue
                        if not action:
                            break  # one figure a clause: the rest qualify it (比2020年提高约20)
                        counted = _object_end(clause, m.end())
                        continue
                    if counted is not None:
                        break
                if not numeric:
                    said.append(clause)
                    last_subject = ""
                ordinal = _ORDINAL_LEAD.match(clause)
                # 目标：一是…，二是… / 这些目标分别是：A取得显著成效，B大幅提高
                goal_list = (bool(ordinal) and ("目标" in s_text or after_year_mark)) or \
                    bool(_GOALS_LISTED.search(text, sentence.start, c_start))
                if numeric or not (after_year_mark or goal_list):
                    continue
                own = clause[ordinal.end() :] if ordinal else clause
                body = _balanced(re.sub(r"^(?:我国|我们|全市|全省)", "", own[_GOAL_LEAD.match(own).end() :]))
                if 6 <= len(body) <= 32 and (_GOAL.search(own) or goal_list and _LIST_GOAL.search(own)) \
                        and "、" not in body and year \
                        and not _NOT_A_GOAL.match(body) and not re.search(r"[《》]|编制|制定|印发|作为|部署|提出|明确|要求|强调|指出|(?:任务|目标|要求)$", body) \
                        and body.count("“") == body.count("”"):
                    found = target(c_start, c_end, sentence.index, body, year=year)
                    if found:
                        yield found
