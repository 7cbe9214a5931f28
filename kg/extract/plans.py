"""Plans: named policy documents.

A title in 《》 is a plan when it ends with a document-type word
(``lexicons/document_types.txt``: 规划, 纲要, 方案, 意见, 条例 …) — so 《学习时报》
is not. Quoting variants (“十四五” "十四五" _十四五_) fold to one name. Short
back-references (《规划》, 下称“《规划》”, 以下简称“规划”, 《指导意见》) resolve to the
full title they stand for. A wrapper 《X关于印发Y的通知》 names plan Y issued by X.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import Spans
from kg.lexicon import lexicon
from kg.model import ISSUED_BY, ORGANIZATION, PLAN, Fact, Mention, make_attrs
from kg.text import canonical_name, name_key

_QUOTED = re.compile(r"《([^《》\n]{2,120})》")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,20}[)）]$")
_WRAPPER = re.compile(r"^(?P<org>.*?)关于印发[“\"《〈]?(?P<title>.+?)[”\"》〉]?的通知$")
_WORK_REPORT = re.compile(
    r"(?P<title>(?P<year>(?:19|20)\d{2}年)?(?P<place>(?:国务院|[\u4e00-\u9fff]{2,7}?(?:省|市|自治区|特别行政区|州|县|区)))?"
    r"政府工作报告)"
)
_YEAR_START = re.compile(r"(?:19|20)\d{2}年")
_OWN_ISSUERS = re.compile(r"^(?P<org>[^《》“”]{2,60}?)关于(?!印发|转发)")
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
# 印发信息化和工业化融合2025年工作要点 / 出台A行动方案、B实施意见等政策文件: a title after an issuing
# verb, ending with a document type (checked against the lexicon) and an optional period (2024—2026年).
_ISSUING_VERB = re.compile(r"(?<!推动|研究|加快|抓紧|尽快|适时|将要|计划|准备|积极|及时)(?<![将要拟])"
                           r"(?:联合印发|印发|发布|出台|颁布|公布|审议通过|根据|按照|依据)了?")
# The document types a title without 《》 may end with: the specific ones (政策, 标准, 措施 … name no document).
_BARE_TYPES = ("规划", "纲要", "行动计划", "工作计划", "实施方案", "工作方案", "行动方案", "升级方案", "专项行动方案", "指导意见",
               "实施意见", "若干意见", "意见", "条例", "办法", "工作要点", "要点", "实施细则", "若干措施", "决定", "指南", "改革方案")
_BARE_TITLE = re.compile(
    r"(?P<title>(?:“[^”\n]{1,12}”|[\u4e00-\u9fff0-9A-Za-z+])(?:“[^”\n]{1,16}”|[\u4e00-\u9fff0-9A-Za-z+（）()—\-]){3,44}?)"
    r"(?=[，。；：、,;:（(等\n]|$|的(?!通知))"
)
_PERIOD_NOTE = re.compile(r"[（(]\d{4}\s*[—–\-－~～至]+\s*\d{4}\s*年?[)）]")
_GENERIC_TITLE = re.compile(r"^(?:[和与及的了在对将把为并]|相关|有关|配套|具体|一系列|一批|若干|各项|这些|该|本|此|新的|专门|实施|工作|行动|政策|有效|支持|年度)")
# 财政部 税务总局关于延续实施小微企业增值税政策的公告: a document's own title, issuers first
_ISSUER_TITLE = re.compile(
    r"^(?P<orgs>[^，。；：\n]{2,80}?)(?P<title>关于(?!印发|转发)[^，。；：\n]{4,80}的"
    r"(?:公告|通告|通知|意见|指导意见|实施意见|决定|规定|办法|批复|若干措施))$"
)
_SELF_REFERENCE = re.compile(
    r"(?:(?:该|本|此|这一|上述)(?P<type>方案|规划|计划|意见|办法|通知|要点|纲要|条例|指南|措施|决定|规定)|"
    r"(?<=[，。；：,;:\n])(?P<bare>方案|规划|计划|意见|要点|纲要|报告)(?=提出|明确|部署|要求|指出|强调|围绕|聚焦|确定|设定))"
)
_DEFINITION = re.compile(
    r"\s*[（(]\s*(?:以下|下文|下)?简?称\s*[:：]?\s*[“\"「]?《?(?P<alias>[^》”\"」）)]{1,24})》?[”\"」]?\s*[)）]"
)


def _is_document_title(title: str) -> bool:
    core = _TRAILING_NOTE.sub("", title).rstrip("”\"' ")
    if core.endswith(lexicon().document_types):
        return True
    # 《健康中国行动（2019—2030年）》: a title dated by its period is a document, whatever it ends with
    period = _PERIOD_NOTE.search(title)
    return period is not None and period.end() == len(title) and len(core) >= 4


def _is_bare_type(title: str) -> bool:
    """《规划》, 《意见》, 《实施方案》: a word of the document types, or a short form of one."""
    core = _TRAILING_NOTE.sub("", title)
    return len(core) <= 6 and core.endswith(lexicon().document_types)


def extract_plans(doc: Doc) -> Iterator[Mention | Fact]:
    """Plans named in ``doc``; a title written with and without its period (…行动方案 and
    …行动方案（2024—2027年）) is one plan when the article dates it one way only."""
    items = list(_plans(doc))
    dated: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for item in items:
        if isinstance(item, Mention) and _core_key(item.key) != item.key:
            dated.setdefault(_core_key(item.key), set()).add(item.key)
            names.setdefault(item.key, item.name)
    renamed: dict[int, Mention] = {}
    for item in items:
        if isinstance(item, Mention) and len(dated.get(item.key, ())) == 1 \
                and not _DOCUMENT_NUMBER.match(doc.text, item.end):  # (〔2020〕10号: an edition of its own)
            key = next(iter(dated[item.key]))
            renamed[id(item)] = replace(item, name=names[key], key=key)
    for item in items:
        if isinstance(item, Fact):
            subject = renamed.get(id(item.subject), item.subject)
            yield replace(item, subject=subject) if subject is not item.subject else item
        else:
            yield renamed.get(id(item), item)


# a document number after a title: 《…方案》（工信厅企业〔2020〕10号）
_DOCUMENT_NUMBER = re.compile(r"\s*[（(][^（()）]{0,24}[〔\[［]\d{4}[〕\]］]\s*\d+\s*号")


def _plans(doc: Doc) -> Iterator[Mention | Fact]:
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
        if issuer_span is None:  # 《中共甘肃省委关于制定…的建议》: the bodies before 关于 issue it
            own = _OWN_ISSUERS.match(inner)
            if own and own.end("org") > 0:
                span = (m.start(1), m.start(1) + own.end("org"))
                inside = [o for o in orgs if span[0] <= o.start and o.end <= span[1]]
                rest = text[span[0] : span[1]]
                for o in inside:
                    rest = rest.replace(text[o.start : o.end], "", 1)
                if inside and not rest.replace("中共", "").strip(" 、和与及\u3000"):
                    issuer_span = span
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
    taken = [(p.start, p.end) for p in full]
    for start, end in _bare_titles(text):
        if any(a < end and start < b for a, b in taken + quoted):
            continue
        name = canonical_name(text[start:end])
        mention = Mention(PLAN, raw[start:end], start, end, doc.sentence_of(start), name=name, key=name_key(name))
        full.append(mention)
        taken.append((start, end))
        yield mention
        definition = _DEFINITION.match(text, end)
        if definition:
            aliases[name_key(definition["alias"])] = mention
    # a paragraph that is a plan's title alone heads that plan's own text (a notice's attachment)
    known = {_core_key(p.key): p for p in full}
    known.update({p.key: p for p in full})
    headings: list[Mention] = []
    taken_spans = Spans(taken)
    for index, span in enumerate(doc.article.paragraphs):
        line = text[span.start : span.end]
        stripped = line.strip()
        if not known or not 4 <= len(stripped) <= 120 or taken_spans.covers(span.start) \
                or not _is_document_title(stripped):
            continue  # (a title alone ends with its document type, perhaps then its period)
        plan = known.get(name_key(stripped)) or known.get(_core_key(name_key(stripped)))
        if plan is not None:
            start = span.start + len(line) - len(line.lstrip())
            # the article's headline names the plan it is about; a title alone further down heads the plan's text
            own_text = index > 0 or not doc.article.title
            mention = Mention(PLAN, raw[start : start + len(stripped)], start, start + len(stripped),
                              doc.sentence_of(start), name=plan.name, key=plan.key,
                              attrs=make_attrs(heading=True if own_text else None))
            if own_text:
                headings.append(mention)
            yield mention
    for span in doc.article.paragraphs:
        m = _ISSUER_TITLE.match(text[span.start : span.end].strip())
        if not m:
            continue
        offset = span.start + len(text[span.start : span.end]) - len(text[span.start : span.end].lstrip())
        o_start, o_end = offset + m.start("orgs"), offset + m.end("orgs")
        issuers = [o for o in orgs if o_start <= o.start and o.end <= o_end]
        rest = text[o_start:o_end]
        for o in issuers:
            rest = rest.replace(text[o.start : o.end], "", 1)
        if not issuers or rest.strip(" 、和与及\u3000"):
            continue  # only bodies may stand before 关于 in a document's title
        start, end = offset + m.start("title"), offset + m.end("title")
        if any(a < end and start < b for a, b in taken + quoted):
            continue
        name = canonical_name(text[start:end])
        mention = Mention(PLAN, raw[start:end], start, end, doc.sentence_of(start), name=name, key=name_key(name))
        full.append(mention)
        taken.append((start, end))
        yield mention
        for o in issuers:
            yield Fact(ISSUED_BY, mention, o, mention.sentence)
    # 2025年深圳市政府工作报告, 作政府工作报告: a year's work report, named by its year and place
    reports = [m for m in (_WORK_REPORT.finditer(text) if "政府工作报告" in text else ())
               if not any(a < m.end() and m.start() < b for a, b in taken)]
    # a bare 政府工作报告 is the one report the article names with its place, if it names one
    placed = {canonical_name((m["year"] or "") + m["place"]) for m in reports if m["place"]}
    for m in reports:
        start, end = m.span("title")
        inside = next(((a, b) for a, b in quoted if a <= start and end <= b), None)
        year = m["year"] or (str(doc.article.year) + "年" if doc.article.year else "")
        own = year + (m["place"] or "") if m["place"] or len(placed) != 1 else next(iter(placed))
        if m["place"] is None and len(placed) == 1 and not _YEAR_START.match(own):
            own = year + own
        name = canonical_name(own + "政府工作报告")
        mention = Mention(PLAN, raw[start:end], start, end, doc.sentence_of(start), name=name, key=name_key(name))
        full.append(mention)
        taken.append(inside or (start, end))
        yield mention
    full.sort(key=lambda p: p.start)
    # 该方案, 本规划: the plan of that type named last (or next)
    for m in _SELF_REFERENCE.finditer(text):
        own = [h for h in headings if h.start < m.start()]
        if m.group().startswith("本") and own:  # 特制定本方案: the document whose text this is
            yield Mention(PLAN, raw[m.start() : m.end()], m.start(), m.end(), doc.sentence_of(m.start()),
                          name=own[-1].name, key=own[-1].key, attrs=make_attrs(reference=True))
            continue
        refs.append((m.start(), m.end(), m["type"] or m["bare"]))
    # a defined short name used without quotes: (以下简称“工作要点”) … 工作要点提出
    named_spans = Spans(taken + quoted)
    for alias_key, plan in list(aliases.items()):
        if len(alias_key) < 3:
            continue
        for m in re.finditer(re.escape(alias_key), text):
            if m.start() > plan.end and not named_spans.covers(m.start()) \
                    and text[m.start() - 1 : m.start()] not in "“\"" \
                    and not _DEFINITION_BEFORE.search(text[max(0, m.start() - 8) : m.start()]):
                refs.append((m.start(), m.end(), alias_key))
    # a named plan's title written again without 《》, whole or its last words (…编制的三年行动计划提出)
    yield from _unquoted_titles(doc, full, Spans(taken + quoted + [(a, b) for a, b, _ in refs]))
    # Short references: defined aliases first, then the nearest full title ending the same way.
    ending: dict[str, tuple[list[int], list[Mention]]] = {}  # plans whose title ends with a short form
    for start, end, inner in refs + _quoted_aliases(text, aliases):
        key = name_key(inner)
        target = aliases.get(key)
        if target is None:
            if key not in ending:
                same = [p for p in full if _core_key(p.key).endswith(key)]
                ending[key] = ([p.start for p in same], same)
            starts, same = ending[key]
            i = bisect.bisect_left(starts, start)
            target = same[i - 1] if i > 0 else same[i] if i < len(same) and starts[i] > start else None
        if target is None:
            continue
        yield Mention(PLAN, raw[start:end], start, end, doc.sentence_of(start), name=target.name,
                      key=target.key, attrs=make_attrs(reference=True))


# what may stand right before a title's last words written on their own
_SHORT_TITLE_LEAD = re.compile(r"(?:^|[^\u4e00-\u9fff]|的|将|是|和|与|及|该|对|在|按照|根据|实施|落实|贯彻|执行|印发|出台|发布)$")


def _unquoted_titles(doc: Doc, full: list[Mention], taken: Spans) -> Iterator[Mention]:
    """Plans named again without 《》: the whole title, or its last words (at least the document type
    and two characters more) after a boundary; the period left out (…行动计划 for …行动计划（2018—2020年）)."""
    text, raw = doc.text, doc.article.text
    types = lexicon().document_types
    seen: set[str] = set()
    made = Spans([])
    for plan in full:
        title = _PERIOD_NOTE.sub("", text[plan.start : plan.end].strip("《》〈〉 "))
        if title in seen or not title.endswith(types):
            continue
        seen.add(title)
        ending = max((t for t in types if title.endswith(t)), key=len)
        at = text.find(ending)
        while at >= 0:
            end = at + len(ending)
            i, j = at, len(title) - len(ending)  # extend left while the text agrees with the title
            while i > 0 and j > 0 and text[i - 1] == title[j - 1]:
                i, j = i - 1, j - 1
            whole = j == 0
            if (whole or end - i >= len(ending) + 2 and _SHORT_TITLE_LEAD.search(text[max(0, i - 4) : i])) \
                    and not taken.overlaps(i, end) and not made.overlaps(i, end) \
                    and text[end : end + 1] not in "》" and not is_cjk_continuation(text, end):
                made.append((i, end))
                yield Mention(PLAN, raw[i:end], i, end, doc.sentence_of(i), name=plan.name, key=plan.key,
                              attrs=make_attrs(reference=True))
            at = text.find(ending, end)


def is_cjk_continuation(text: str, end: int) -> bool:
    """Whether the title found ends inside a longer name (…行动计划编制组)."""
    return text.startswith(("编制", "实施方案", "的通知"), end) or text[end : end + 1] in _BODY_ENDINGS


# a title's last words that run on into a body's name: 发展规划司, 规划院
_BODY_ENDINGS = set("司局处厅办委室院会组署所站")


_DEFINITION_BEFORE = re.compile(r"简?称\s*[:：]?\s*[“\"]?$")


def _core_key(key: str) -> str:
    """A plan's key without its period (…行动方案2025—2027年 -> …行动方案), for matching short forms."""
    return re.sub(r"\d{4}[—–\-－~～至]+\d{4}年?$", "", key)


def _bare_titles(text: str) -> Iterator[tuple[int, int]]:
    """Titles without 《》 after an issuing verb, one or several (A、B和C等)."""
    types = _BARE_TYPES
    for verb in _ISSUING_VERB.finditer(text):
        pos = verb.end()
        while True:
            m = _BARE_TITLE.match(text, pos)
            if not m:
                break
            title = m["title"]
            end = m.end("title")
            note = _PERIOD_NOTE.match(text, end)
            if not title.endswith(types) or len(title) < 6 or _GENERIC_TITLE.match(title) or title.startswith("关于印发"):
                break
            if note:
                end = note.end()
            yield pos, end
            if text[end : end + 1] in ("、",) or text[end : end + 1] == "和":
                pos = end + 1
                continue
            break


def _quoted_aliases(text: str, aliases: dict[str, Mention]) -> list[tuple[int, int, str]]:
    """“规划” in curly quotes after 以下简称“规划” refers to the defined plan."""
    found = []
    for m in re.finditer(r"[“\"]([^”\"《》]{1,24})[”\"]", text):
        if name_key(m.group(1)) in aliases and not re.search(r"简?称\s*$", text[max(0, m.start() - 4) : m.start()]):
            found.append((m.start(), m.end(), m.group(1)))
    return found
