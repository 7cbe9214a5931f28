"""Targets: forward-looking goals, numeric and qualitative.

Numeric: a comparator (达到, 超过, 提高至, 新培育 …) with a number and a unit
(68%, 3000家左右). Qualitative: a short clause of achievement (基本实现智能化)
after 到2035年. A clause counts only in a forward-looking stretch (到2025年, 目标,
力争, 将, 要, 明年 …); past statistics (已建成, 累计, 同比, 目前 …) are refused.
The year is the clause's own (到2025年), the paragraph's, or a relative one
(明年) resolved against the article's date.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import clauses
from kg.model import TARGET, Mention, make_attrs
from kg.text import name_key

_YEAR_MARK = re.compile(
    r"(?:到|至|截至|截止到?|力争到?|预计到?|争取到?)\s*(?P<y>(?:19|20)\d{2})\s*年(?:底|末)?|"
    r"(?P<y2>(?:19|20)\d{2})\s*年(?:前|底前|年底|末)|"
    r"(?P<y3>(?:19|20)\d{2})\s*年(?:的)?(?:发展)?目标"
)
_PLAN_PERIOD = re.compile(r"“?十([一二三四五六七八九])五”?(?:末|时期|期间|期末)")
_RELATIVE = {"明年": 1, "后年": 2, "今年": 0}
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十]+[章节部分])")
_LIST_ITEM = re.compile(r"^\s*(?:——|—|-|·|•|\d+[.、．)）]|[（(]\d+[)）]|[①②③④⑤⑥⑦⑧⑨⑩])")
_WORTH_A_LOOK = re.compile(r"\d|明年|后年|今年|十[一二三四五六七八九]五")
_FORWARD = re.compile(r"到\s*\d{4}\s*年|\d{4}\s*年(?:前|底前)|目标|力争|争取|预计|将|要|计划|确保|明年|后年|规划期|“十[四五六]五”末")
_PAST = re.compile(r"已经|已|累计|同比|比上年|较上年|上半年|前\d+个?月|前[一二三]季度|今年以来|目前|截至目前|去年|过去|此前|实现了|完成了|增长了")
_COMPARE = re.compile(r"(?:相较于?|相比于?|较|比)\s*(?:“十[一二三四五六七八九]五”末|\d{4}\s*年(?:底|末)?|上年|去年)(?:同期)?")
_NUMBER = re.compile(
    r"(?P<cmp>达到|达|超过|突破|提高到|提高至|提升到|提升至|增加到|增长到|增至|增到|升至|升到|降低到|降至|降到|下降到|下降|控制在|保持在|"
    r"不低于|不少于|不高于|不超过|新培育|培育|新增|新建|建成|建设|打造|布局|实现|提高|提升|增长)?"
    r"(?P<about>约|近|超|逾)?\s*(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>个百分点|%|％|万亿元|亿元|万元|元|万千瓦|千瓦|万吨|吨|万人|万家|万个|万座|万台|万辆|万户|万公里|公里|"
    r"家|个|项|座|台|套|人|所|种|条|批|户|辆|部|倍|万|亿)?"
    r"(?P<approx>左右|以上|以下|以内)?"
)
_INDICATOR_LEAD = re.compile(
    r"^(?:其中|包括|主要包括|以及|并且|并|同时|力争|争取|确保|使得|使|推动|实现|进一步|今年|明年|全年|预计)*\s*"
    r"(?:到\s*\d{4}\s*年(?:底|末)?|\d{4}\s*年(?:前|底前)?)?\s*[，,]?\s*(?:要|将|力争|争取)?"
)
_ACHIEVE = re.compile(r"实现|普及|建成|形成|迈入|进入|跻身|(?:初步|广泛|全面|深度|普遍|规模化)应用")
_ACTION_VERBS = ("新培育", "培育", "新增", "新建", "建成", "建设", "打造", "布局")


def _decimal(text: str) -> str | None:
    try:
        return str(Decimal(text).normalize()) if "." in text else str(int(text))
    except (InvalidOperation, ValueError):
        return None


def _year_in(text: str, article_year: int | None) -> int | None:
    m = _YEAR_MARK.search(text)
    if m:
        return int(m["y"] or m["y2"] or m["y3"])
    m = _PLAN_PERIOD.search(text)
    if m:  # 十四五末 -> 2025: the Nth five-year plan ends in 1955 + 5N (regular since the 6th)
        index = "一二三四五六七八九".index(m.group(1)) + 11
        return 1955 + 5 * index
    if article_year:
        for word, delta in _RELATIVE.items():
            if word in text and (word != "今年" or _FORWARD.search(text.replace("今年", ""))):
                return article_year + delta
    return None


def _indicator(clause: str) -> str:
    text = _INDICATOR_LEAD.sub("", clause, count=1).strip(" ，,“”")
    text = re.sub(r"^(?:的|在|要|将)", "", text)
    return re.sub(r"(?:全年|总体上|为|是|要|将|达到|预计|目标|力争|分别)+$", "", text)


_RESPECTIVELY = re.compile(r"(?P<ind>.+?)分别(?P<cmp>达到|达|为|超过|提高到|提高至|提升到|提升至|降低到|降至|下降|提高|增长)")


def _respectively(clause: str) -> list[tuple[str, re.Match]]:
    """Pair the indicators of "A、B和C分别达到x、y和z" with their numbers, in order."""
    m = _RESPECTIVELY.search(clause)
    if not m:
        return []
    numbers = [n for n in _NUMBER.finditer(clause, m.end()) if n["unit"] or n["approx"]]
    parts = [p for p in re.split(r"以及|[、和]", _indicator(m["ind"])) if p]
    if len(parts) < 2 or len(parts) != len(numbers):
        return []
    return [(part, number) for part, number in zip(parts, numbers)]


_ABOUT = {"约": "约", "近": "近", "超": "超过", "逾": "超过"}


def _comparator(m: re.Match, compared: re.Match | None) -> str | None:
    """达到, 超过, 左右, 以上 …; a change against a base year keeps its verb (比2020年下降)."""
    if compared is not None and compared.end() <= m.start():
        return compared.group().replace(" ", "") + (m["cmp"] or "")
    return m["approx"] or m["cmp"] or _ABOUT.get(m["about"] or "")


def extract_targets(doc: Doc) -> Iterator[Mention]:
    text, raw = doc.text, doc.article.text
    article_year = doc.article.year
    by_paragraph: dict[int, list] = {}
    for sentence in doc.article.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    # A section headed "一、总体目标" (or a paragraph setting 到2023年) and the list items after it
    # ("——5G个人用户普及率超过40%") are forward-looking as a whole.
    section_forward, section_year = False, None
    for p_index in sorted(by_paragraph):
        span = doc.article.paragraphs[p_index]
        p_text = text[span.start : span.end]
        if _HEADING.match(p_text) or (len(p_text) <= 20 and not p_text.endswith("。")):
            section_forward, section_year = "目标" in p_text, None
        elif not _LIST_ITEM.match(p_text):
            section_forward = section_forward and section_year is None
        paragraph_year: int | None = section_year
        for sentence in by_paragraph[p_index]:
            s_text = text[sentence.start : sentence.end]
            if not _WORTH_A_LOOK.search(s_text):
                continue  # no digit, no 明年/今年, no 十四五: nothing to read here
            sentence_year = _year_in(s_text, article_year)
            if sentence_year and _FORWARD.search(s_text):
                paragraph_year = sentence_year
                if _YEAR_MARK.search(s_text):
                    section_forward, section_year = True, sentence_year
            state = "forward" if section_forward else None  # or "past", carried from clause to clause
            year = sentence_year or paragraph_year
            after_year_mark = False
            for c_start, c_end in clauses(text, sentence.start, sentence.end):
                clause = text[c_start:c_end]
                own_year = _year_in(clause, article_year)
                if own_year:
                    year = own_year
                if _PAST.search(clause):
                    state = "past"
                if _FORWARD.search(clause):
                    state = "forward"
                    after_year_mark = after_year_mark or bool(_YEAR_MARK.search(clause))
                if state != "forward":
                    continue
                compared = _COMPARE.search(clause)
                if compared and len(_indicator(clause[: compared.start()])) < 2:
                    continue  # "相较于2020年提高约20": a rider on the clause before, not a target
                numeric = False
                for indicator, m in _respectively(clause):  # A和B分别达到85%和68%
                    numeric = True
                    yield Mention(TARGET, raw[c_start:c_end], c_start, c_end, sentence.index, name=indicator,
                                  attrs=make_attrs(year=year, value=_decimal(m["num"]), unit=m["unit"] or None,
                                                   comparator=m["approx"] or m["cmp"] or None))
                for m in [] if numeric else _NUMBER.finditer(clause):
                    if not m["unit"] and not m["cmp"]:
                        continue
                    after = clause[m.end() : m.end() + 1]
                    if after and after in "年月日季号届次" and not m["unit"] or re.match(r"[A-Za-z]", after):
                        continue
                    if not (m["cmp"] or m["approx"] or m["about"]):
                        continue
                    value = _decimal(m["num"])
                    if value is None:
                        continue
                    if m["cmp"] in _ACTION_VERBS or (not clause[: m.start()].strip() and m["cmp"]):
                        indicator = (m["cmp"] or "") + clause[m.end() :].strip(" ，,")
                    elif compared and compared.end() <= m.start():
                        indicator = _indicator(clause[: compared.start()])  # 能耗比2020年下降13.5%
                    else:
                        indicator = _indicator(clause[: m.start()])
                    if len(name_key(indicator)) < 2:
                        continue
                    numeric = True
                    yield Mention(
                        TARGET, raw[c_start:c_end], c_start, c_end, sentence.index, name=indicator,
                        attrs=make_attrs(year=year, value=value, unit=m["unit"] or None,
                                         comparator=_comparator(m, compared)),
                    )
                if numeric or not after_year_mark:
                    continue
                body = _indicator(_YEAR_MARK.sub("", clause, count=1)) if _YEAR_MARK.search(clause) else _indicator(clause)
                if 6 <= len(body) <= 24 and _ACHIEVE.search(body) and "、" not in body and year:
                    yield Mention(TARGET, raw[c_start:c_end], c_start, c_end, sentence.index, name=body,
                                  attrs=make_attrs(year=year))
