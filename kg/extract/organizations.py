"""Organizations: lexicon entries (ministries, commissions, agencies, party bodies)
by any of their names, internal departments (…司, …局, …厅) by pattern, and
我部/本部 resolved to the article's own ministry."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import PUNCT, is_cjk
from kg.lexicon import lexicon
from kg.model import ORGANIZATION, SUB_ORGANIZATION_OF, Fact, Mention, make_attrs

_NATIONAL = ("国家", "国务院", "中国", "中共", "中央", "全国", "中华", "最高")
_LOCAL_MARK = set("省市县区州盟旗")
# Kinds that 我部 can stand for.
MINISTRY_KINDS = ("Ministry", "Commission", "Agency", "Administration", "Office")
# Kinds that have internal departments (中央财经委员会办公室, 国务院办公厅 …).
PARENT_KINDS = (*MINISTRY_KINDS, "StateCouncil", "PartyBody", "Legislature", "Judiciary", "Institution")
_UNIT_END = re.compile(r"(?:办公厅|办公室|司|局|厅)")
_UNIT_HEAD = re.compile(r"(?:办公厅|办公室|司|局|厅)(?=副?(?:司长|局长|厅长|主任|一级巡视员|二级巡视员|巡视员|处长))")
_UNIT_LEAD = re.compile(
    r"^(?:据|由|从|经|向|对|在|和|与|及|请|邀请|会上|其中|以及|同时|今天|昨天|近日|日前|记者|采访|"
    r"出席|会见|介绍|表示|发布会上|新闻发布会上)+"
)
_UNIT_BAD_START = set("将已正在和与及等的召会印发部也还对为是有各该其这那在把被于以")
_UNIT_BAD_CHARS = set("的了是在将把被等")
_UNIT_BAD_WORDS = ("部长", "主任", "书记", "表示", "召开", "出席", "主持", "印发", "发布", "会议", "有关", "相关", "各司")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:省|市|自治区|县|自治州|特别行政区)")


def _lexicon_mentions(doc: Doc) -> list[Mention]:
    text, raw = doc.text, doc.article.text
    lex = lexicon()
    found = []
    for start, end, (org_id, form) in lex.org_matcher.find(text):
        if form.endswith("部") and text[end : end + 1] == "门":  # 财政部门: any finance department
            continue
        if not form.startswith(_NATIONAL) and text[start - 1 : start] in _LOCAL_MARK and start > 0:
            continue  # 省发改委: a provincial body, not the national one
        if text[max(0, start - 5) : start].endswith(lex.foreign_countries):
            continue  # 美国商务部: another country's ministry
        entry = lex.org(org_id)
        found.append(Mention(ORGANIZATION, raw[start:end], start, end, doc.sentence_of(start),
                             name=entry.name, key=org_id, attrs=make_attrs(kind=entry.kind)))
    return found


def _valid_unit(name: str) -> bool:
    if len(name) < 3 or len(name) > 14 or name[0] in _UNIT_BAD_START:
        return False
    if any(ch in _UNIT_BAD_CHARS for ch in name[:-1]) or any(w in name for w in _UNIT_BAD_WORDS):
        return False
    return all(is_cjk(ch) or ch.isdigit() for ch in name)


def _unit_mention(doc: Doc, start: int, end: int, parent: Mention | None) -> Mention:
    name = doc.text[start:end]
    if parent is not None and len(name) <= 3:
        name = parent.name + name  # 办公室 alone names nothing: 中央财经委员会办公室
    kind = "LocalGovernment" if parent is None and _PLACE.match(name) else "Department"
    return Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                   name=name, key=None,
                   attrs=make_attrs(kind=kind, parent=parent.key if parent else None))


def _units(doc: Doc, orgs: list[Mention]) -> Iterator[Mention | Fact]:
    text = doc.text
    taken = [(m.start, m.end) for m in orgs]
    by_end = {m.end: m for m in orgs}
    seen: set[tuple[int, int]] = set()

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

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
        seen.add((start, end))
        parent = by_end.get(start)
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


@lru_cache(maxsize=1)
def _local_pattern() -> re.Pattern:
    lex = lexicon()
    return re.compile(
        f"(?:{'|'.join(map(re.escape, lex.places))})"
        r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"
        f"(?:{'|'.join(map(re.escape, lex.local_bodies))})"
    )


def _local_bodies(doc: Doc, taken: list[Mention]) -> Iterator[Mention]:
    """Provincial and city bodies: place + (省|市|自治区…) + body, 北京市经济和信息化局."""
    pattern = _local_pattern()
    spans = [(m.start, m.end) for m in taken]
    for m in pattern.finditer(doc.text):
        start, end = m.span()
        if any(a < end and start < b for a, b in spans):
            continue
        if m.group().endswith(("委员会", "党委", "政府")) and not re.search(r"(?:省|市|区)", m.group()):
            continue  # 北京政府: too loose without 省/市
        name = m.group()
        yield Mention(ORGANIZATION, doc.article.text[start:end], start, end, doc.sentence_of(start),
                      name=name, key=None, attrs=make_attrs(kind="LocalGovernment"))


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


def _pronouns(doc: Doc, orgs: list[Mention]) -> Iterator[Mention]:
    home = home_ministry(orgs)
    if home is None:
        return
    for m in re.finditer(r"(?:我部|本部|我委|本委|我局|本局|我署)(?![门分署队位员])", doc.text):
        yield Mention(ORGANIZATION, doc.article.text[m.start() : m.end()], m.start(), m.end(),
                      doc.sentence_of(m.start()), name=home.name, key=home.key,
                      attrs=make_attrs(kind=home.attr("kind"), pronoun=True))


def extract_organizations(doc: Doc) -> Iterator[Mention | Fact]:
    orgs = _lexicon_mentions(doc)
    yield from orgs
    local = list(_local_bodies(doc, orgs))
    yield from local
    yield from _units(doc, orgs + local)
    yield from _pronouns(doc, orgs)
