"""Initiatives: named programmes ending in a programme word (…行动, …工程,
…专项行动, …试点示范; ``lexicons/initiative_suffixes.txt``).

The name runs left from the suffix to a clause break, an enumeration mark, an
ordinal (一是) or a carrying-out verb (实施, 开展, 启动 …). Vague or generic
phrases (重点工程, 系统工程, 五大重点工程) are refused. ``listed`` marks names given
in an enumeration, which plan_links uses to tie them to the plan described.
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import is_cjk
from kg.lexicon import lexicon
from kg.model import INITIATIVE, Mention, make_attrs
from kg.text import canonical_name, name_key

_TRIGGERS = re.compile(
    r"(?:深入实施|加快实施|统筹实施|启动实施|组织实施|全面实施|继续实施|大力实施|扎实实施|实施|开展|启动|推进|组织|部署|"
    r"推动|落实|打造|发起|推出|开启|研究制定|制定|编制|出台|印发|发布|起草|包括|通过|以及|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|"
    r"首先|其次|再次|最后|即|采取|以|的|了|将|要|在|对|把|是|为|等|与|和|及|或)"
)
_DRAFTING = re.compile(r"(?:制定|编制|出台|印发|发布|研究制定|起草)$")
_STRIP_LEAD = re.compile(
    r"^(?:深入|加快|大力|继续|持续|全面|统筹|扎实|积极|着力|重点|切实|进一步|不断|努力|抓紧|同时|还要|要|将|并|"
    r"一批|若干|新一轮|新一批|首批|第[一二三四五六七八九十\d]+批)+"
)
_GENERIC_NAMES = {"重点", "重大", "系统", "各项", "这项", "该", "专项", "示范", "相关", "有关", "这些", "一系列", "民生", "民心",
                  "一号", "基础", "标志性", "龙头", "试点", "攻坚", "专门", "整体", "统一", "联合", "具体", "主要", "配套",
                  "实际", "有力", "共同", "一致", "集中", "切实", "坚决", "迅速", "果断", "有效", "务实", "积极", "全面"}
_GENERIC_END = ("重点", "重大", "重要", "有关", "相关", "一批", "若干", "各类", "等", "系列")
_NUMBERED = re.compile(r"^[\d一二三四五六七八九十两几多百千]+[大项个类批条]")
_BAD_NEXT = set("化师者力派队员方纲指")
_ORDINAL = re.compile(r"[一二三四五六七八九十]是")


def _left_bound(text: str, end: int, floor: int) -> tuple[int, str]:
    """Where the name running left from ``end`` starts, and what stopped it."""
    i = end
    while i > floor and end - i < 24:
        ch = text[i - 1]
        if not (is_cjk(ch) or ch.isalnum() or ch in "“”「」『』+"):
            return i, ch
        i -= 1
    return i, ""


def extract_initiatives(doc: Doc) -> Iterator[Mention]:
    text, raw = doc.text, doc.article.text
    suffixes = lexicon().initiative_suffixes
    pattern = re.compile("|".join(map(re.escape, suffixes)))
    last_end = 0
    found: list[tuple[int, int, str, bool]] = []
    titles = [(q.start(), q.end()) for q in re.finditer(r"《[^《》\n]{1,120}》", text)]
    for m in pattern.finditer(text):
        if any(a < m.start() < b for a, b in titles):
            continue  # inside a document's title: 《…行动计划》 names the plan, not a programme
        suffix_end = m.end()
        if text[suffix_end : suffix_end + 1] in _BAD_NEXT or text[suffix_end : suffix_end + 2] in ("方案", "计划", "纲要"):
            continue
        sentence = doc.article.sentence_at(m.start())
        floor = max(sentence.start, last_end)
        start, stop_char = _left_bound(text, m.start(), floor)
        run = text[start : m.start()]
        # the last trigger word inside the run marks where the name begins
        trigger = None
        for t in _TRIGGERS.finditer(run):
            trigger = t
        lead = text[max(sentence.start, start - 6) : start]
        if trigger is not None:
            lead = run[: trigger.end()]
            run = run[trigger.end() :]
            start += trigger.end()
        stripped = _STRIP_LEAD.match(run)
        if stripped:
            start += stripped.end()
            run = run[stripped.end() :]
        if run[:1] in "“「『" and not any(q in run[1:] for q in "”」』"):
            run = run[1:]  # an opening quote whose name ends before the suffix
        run = run.lstrip("”」』")
        start = m.start() - len(run)
        name_part = run
        if len(name_part) < 2 or name_part in _GENERIC_NAMES or name_part.endswith(_GENERIC_END):
            continue
        if _NUMBERED.match(name_part) or name_part.count("“") + name_part.count("「") != name_part.count("”") + name_part.count("」"):
            continue
        if _DRAFTING.search(lead):  # 制定…行动计划: a document being drafted, not a programme run
            continue
        listed = (stop_char != "" and stop_char in "、：:）)") or bool(_ORDINAL.search(lead)) or bool(re.search(r"包括[:：]?$", lead))
        found.append((start, suffix_end, text[start:suffix_end], listed))
        last_end = suffix_end
    names = {name_key(n) for _, _, n, _ in found}
    for start, end, name, listed in found:
        # 工业领域产业基础再造工程 is 产业基础再造工程 when the article names that too
        key = name_key(name)
        shorter = [k for k in names if k != key and key.endswith(k) and len(k) >= 6]
        canonical = canonical_name(name)
        if shorter:
            longest = max(shorter, key=len)
            canonical = canonical[len(canonical) - len(longest):] if len(canonical) >= len(longest) else canonical
        yield Mention(INITIATIVE, raw[start:end], start, end, doc.sentence_of(start), name=canonical,
                      key=name_key(canonical), attrs=make_attrs(listed=listed or None))
