"""Plans: named policy documents.

A title in 《》 is a plan when it ends with a document-type word
(``lexicons/document_types.txt``: 规划, 纲要, 方案, 意见, 条例 …) — so 《学习时报》
is not. Quoting variants (“十四五” "十四五" _十四五_) fold to one name. Short
back-references (《规划》, 下称“《规划》”, 以下简称“规划”, 《指导意见》) resolve to the
full title they stand for. A wrapper 《X关于印发Y的通知》 names plan Y issued by X.
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.extract import Doc
from kg.lexicon import lexicon
from kg.model import ISSUED_BY, ORGANIZATION, PLAN, Fact, Mention, make_attrs
from kg.text import canonical_name, name_key

_QUOTED = re.compile(r"《([^《》\n]{2,120})》")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,20}[)）]$")
_WRAPPER = re.compile(r"^(?P<org>.*?)关于印发[“\"《〈]?(?P<title>.+?)[”\"》〉]?的通知$")
_UNQUOTED_WRAPPER = re.compile(r"关于印发(?P<title>[^，。；：《》\n]{4,60}?)的通知")
# 印发关于加快培育发展制造业优质企业的指导意见 (no 《》, but an issuing verb and a 关于…的 title)
_UNQUOTED_ISSUED = re.compile(
    r"(?:印发|发布|出台|联合印发|颁布)了?(?P<title>关于[^，。；：《》\n]{4,60}?的(?:指导意见|实施意见|若干意见|意见|"
    r"决定|若干措施|实施方案|工作方案|行动方案|方案|规定|办法|通知|指南))"
)
# 印发“十四五”数字经济发展规划 (a quoted period or slogan opens the title, 《》 left out)
_UNQUOTED_QUOTED = re.compile(
    r"(?:印发|发布|出台|联合印发|颁布|审议通过)了?(?P<title>“[^”\n]{1,12}”[^，。；：《》“”\n]{2,30}?"
    r"(?:发展规划|专项规划|规划纲要|规划|纲要|行动计划|实施方案|工作方案|行动方案|方案|指导意见|意见|条例|办法))"
    r"(?![\u4e00-\u9fff]{0,2}[》])"
)
_DEFINITION = re.compile(
    r"\s*[（(]\s*(?:以下|下文|下)?简?称\s*[:：]?\s*[“\"「]?《?(?P<alias>[^》”\"」）)]{1,24})》?[”\"」]?\s*[)）]"
)


def _is_document_title(title: str) -> bool:
    core = _TRAILING_NOTE.sub("", title).rstrip("”\"' ")
    return core.endswith(lexicon().document_types)


def _is_bare_type(title: str) -> bool:
    """《规划》, 《意见》, 《实施方案》: a word of the document types, or a short form of one."""
    core = _TRAILING_NOTE.sub("", title)
    return len(core) <= 6 and core.endswith(lexicon().document_types)


def extract_plans(doc: Doc) -> Iterator[Mention | Fact]:
    text, raw = doc.text, doc.article.text
    full: list[Mention] = []
    refs: list[tuple[int, int, str]] = []
    aliases: dict[str, Mention] = {}
    orgs = doc.of_type(ORGANIZATION)
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        start, end = m.start(), m.end()
        wrapper = _WRAPPER.match(inner)
        issuer_span = None
        if wrapper:
            issuer_span = (m.start(1), m.start(1) + len(wrapper["org"]))
            inner = wrapper["title"].strip("《》〈〉")
        if not _is_document_title(inner):
            continue
        if _is_bare_type(inner) and not wrapper:
            refs.append((start, end, inner))
            continue
        name = canonical_name(inner)
        mention = Mention(PLAN, raw[start:end], start, end, doc.sentence_of(start), name=name,
                          key=name_key(name))
        full.append(mention)
        yield mention
        if issuer_span:
            for org in orgs:
                if issuer_span[0] <= org.start and org.end <= issuer_span[1]:
                    yield Fact(ISSUED_BY, mention, org, mention.sentence)
        definition = _DEFINITION.match(text, end)
        if definition:
            aliases[name_key(definition["alias"])] = mention
    # 国务院办公厅关于印发“十四五”数字经济发展规划的通知 (a headline without 《》)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for m in [*_UNQUOTED_WRAPPER.finditer(text), *_UNQUOTED_ISSUED.finditer(text), *_UNQUOTED_QUOTED.finditer(text)]:
        start, end = m.start("title"), m.end("title")
        if any(a <= start < b for a, b in quoted) or not _is_document_title(m["title"]):
            continue
        name = canonical_name(m["title"])
        mention = Mention(PLAN, raw[start:end], start, end, doc.sentence_of(start), name=name, key=name_key(name))
        full.append(mention)
        yield mention
        for org in orgs:
            if org.end == m.start() and m.group().startswith("关于印发"):
                yield Fact(ISSUED_BY, mention, org, mention.sentence)
    full.sort(key=lambda p: p.start)
    # Short references: defined aliases first, then the nearest full title ending the same way.
    for start, end, inner in refs + _quoted_aliases(text, aliases):
        key = name_key(inner)
        target = aliases.get(key)
        if target is None:
            before = [p for p in full if p.start < start and p.key.endswith(key)]
            after = [p for p in full if p.start > start and p.key.endswith(key)]
            target = before[-1] if before else after[0] if after else None
        if target is None:
            continue
        yield Mention(PLAN, raw[start:end], start, end, doc.sentence_of(start), name=target.name,
                      key=target.key, attrs=make_attrs(reference=True))


def _quoted_aliases(text: str, aliases: dict[str, Mention]) -> list[tuple[int, int, str]]:
    """“规划” in curly quotes after 以下简称“规划” refers to the defined plan."""
    found = []
    for m in re.finditer(r"[“\"]([^”\"《》]{1,24})[”\"]", text):
        if name_key(m.group(1)) in aliases and not re.search(r"简?称\s*$", text[max(0, m.start() - 4) : m.start()]):
            found.append((m.start(), m.end(), m.group(1)))
    return found
