"""Officials and their posts, found through title patterns.

Forms handled (title words come from ``lexicons/titles.tsv``):
部长肖亚庆 · 肖亚庆部长 · 工业和信息化部党组书记、部长肖亚庆 · 装备工业一司司长王卫明 ·
新闻发言人、运行监测协调局局长黄利斌 · 习近平总书记. A name must start with a
surname; its length is decided by what follows it, with jieba's person tag as a
tie-breaker only. Once a person is known, later bare mentions ("肖亚庆表示",
speaker lines "肖亚庆：") are mentions too. Reporters and editors carry no title
from the lexicon and are never taken.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import is_cjk
from kg.lexicon import lexicon
from kg.extract.organizations import MINISTRY_KINDS, context_ministry
from kg.model import HOLDS_POST, OFFICIAL, ORGANIZATION, SUB_ORGANIZATION_OF, Fact, Mention

_STOP = set("的了是在和与及等对将为把被从向于以而之其这那们我你他她它部委局司厅院省市县区记者该各每")
_BEFORE_NAME = ("由", "和", "与", "及", "同", "对", "向", "请", "邀请", "据", "在", "会见", "陪同", "、", "，")
_CHAIN_JOIN = ("、", "兼")
# Titles held inside a ministry: without an organization named, the one in context is meant.
_MINISTRY_TITLES = {"部长", "副部长", "部长助理", "新闻发言人", "发言人", "总工程师", "总经济师", "总会计师",
                    "党组书记", "党组副书记", "党组成员", "主任", "副主任", "局长", "副局长", "署长", "副署长",
                    "一级巡视员", "二级巡视员", "巡视员", "副巡视员", "秘书长", "副秘书长"}


@lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def _surname_length(text: str, i: int) -> int:
    lex = lexicon()
    if text[i : i + 2] in lex.compound_surnames:
        return 2
    return 1 if text[i : i + 1] in lex.surnames else 0


def _given_ok(chars: str) -> bool:
    return all(is_cjk(ch) and ch not in _STOP for ch in chars)


def _ends_name(text: str, pos: int) -> bool:
    rest = text[pos : pos + 4]
    return not rest or not is_cjk(rest[0]) or rest.startswith(lexicon().name_followers)


def name_after(text: str, i: int) -> int:
    """Length of the person's name starting at ``i`` (0 when there is none)."""
    sl = _surname_length(text, i)
    if not sl:
        return 0
    for given in (2, 1):
        n = sl + given
        if _given_ok(text[i + sl : i + n]) and len(text[i : i + n]) == n and _ends_name(text, i + n):
            return n
    words = list(_posseg().cut(text[i : i + 8]))
    if words and words[0].flag.startswith("nr") and 2 <= len(words[0].word) <= 4 and _given_ok(words[0].word[sl:]):
        return len(words[0].word)
    # undecided: jieba saw no word running on from the surname (易|会|满), and most
    # Chinese names have two given characters
    if words and len(words[0].word) == sl and _given_ok(text[i + sl : i + sl + 2]) and len(text[i : i + sl + 2]) == sl + 2:
        return sl + 2
    return 0


def name_before(text: str, end: int, floor: int) -> int | None:
    """Start of a person's name ending at ``end`` (just before a title), or ``None``."""
    for n in (3, 2):
        start = end - n
        if start < floor:
            continue
        sl = _surname_length(text, start)
        if not sl or not _given_ok(text[start + sl : end]):
            continue
        before = text[max(floor, start - 2) : start]
        if start == floor or not is_cjk(text[start - 1]) or before.endswith(_BEFORE_NAME):
            return start
    return None


def extract_officials(doc: Doc) -> Iterator[Mention | Fact]:
    text, raw = doc.text, doc.article.text
    lex = lexicon()
    orgs = doc.of_type(ORGANIZATION)
    org_by_end: dict[int, Mention] = {m.end: m for m in orgs}
    org_keys = {m.key for m in orgs if m.key}
    titles = lex.title_matcher.find(text)
    people: dict[str, Mention] = {}
    taken: list[tuple[int, int]] = []

    def org_before(pos: int, title: str) -> Mention | None:
        if pos in org_by_end:
            return org_by_end[pos]
        if title.startswith("部") and pos + 1 in org_by_end and org_by_end[pos + 1].text.endswith("部"):
            return org_by_end[pos + 1]  # 外交部长: the title shares 部 with the ministry
        return None

    for index, (ts, te, title) in enumerate(titles):
        sentence = doc.article.sentence_at(ts)
        n = name_after(text, te)
        if n:
            name_start, name_end = te, te + n
        else:
            floor = sentence.start
            start = name_before(text, ts, floor)
            if start is None or org_before(ts, title) is not None:
                continue
            name_start, name_end = start, ts
        name = text[name_start:name_end]
        person = Mention(OFFICIAL, raw[name_start:name_end], name_start, name_end, sentence.index, name=name)
        people.setdefault(name, person)
        taken.append((name_start, name_end))
        yield person
        # The chain of titles this person holds: 党组书记、部长肖亚庆
        chain: list[tuple[str, Mention | None]] = []
        j, pos, cur_title = index, ts, title
        while True:
            org = org_before(pos, cur_title) if name_end != ts else (org_before(name_start, cur_title))
            chain.append((cur_title, org))
            edge = org.start if org is not None else pos
            if j == 0 or name_end == ts:
                break
            pts, pte, ptitle = titles[j - 1]
            joiner = text[pte:edge]
            if joiner not in _CHAIN_JOIN:
                break
            j, pos, cur_title = j - 1, pts, ptitle
        inherited: Mention | None = None
        for t, org in reversed(chain):  # leftmost first: its organization carries over
            standalone = lex.titles.get(t) == "-"
            if org is not None:
                if org.attr("kind") == "Department" and not org.attr("parent") and inherited is not None \
                        and inherited.attr("kind") in MINISTRY_KINDS:
                    # 国家统计局新闻发言人、国民经济综合统计司司长: the department is the bureau's
                    yield Fact(SUB_ORGANIZATION_OF, org, inherited, sentence.index)
                if org.attr("kind") != "Department":
                    inherited = org
            holder = org or (None if standalone else inherited)
            if holder is None and lex.titles.get(t) in org_keys:
                holder = next(m for m in orgs if m.key == lex.titles[t])
            if holder is None and t in _MINISTRY_TITLES:
                holder = context_ministry(doc, orgs, name_start if name_end == ts else ts)
            yield Fact(HOLDS_POST, person, holder, sentence.index, title=t)
    # Later bare mentions of a known person, speaker lines included.
    for name, first in people.items():
        for m in re.finditer(re.escape(name), text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if not _ends_name(text, m.end()) and text[m.end() : m.end() + 1] not in "：:":
                continue
            yield Mention(OFFICIAL, raw[m.start() : m.end()], m.start(), m.end(),
                          doc.sentence_of(m.start()), name=name)
