"""Who issued a plan: organizations in the clause of an issuing verb
(印发, 发布, 出台, 联合印发, 会同…印发 …) placed right before the plan's title;
one fact per co-issuer, lists such as "A、B…等8个部门正式印发了《…》" included."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import clause_start
from kg.model import ISSUED_BY, ORGANIZATION, PLAN, SUB_ORGANIZATION_OF, Fact, Mention

_VERB = re.compile(r"(?:联合|正式|近日|日前|已经|已)?(?:印发|转发|发布|出台|颁布|公布|发出|出炉|推出|制定|修订|编制)(?!会)了?")
# 《…》由A、B联合印发 / 《…》已由A审议通过: the issuers come after the title
_PASSIVE = re.compile(r"[》”]?\s*[，,]?\s*(?:已经|已|日前|近日|近期|今年\d{1,2}月)?由(?P<orgs>[^，。；,;\n]{2,200}?)(?:联合|共同|正式)?(?:印发|发布|制定|出台|颁布)")
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_GAP = re.compile(r"^[了的，,\s]*(?:《|“)?")
_NOT_SUBJECT = ("关于", "按照", "根据", "落实", "贯彻", "依据", "对", "向", "与")
# what is published about a plan rather than the plan itself
_ABOUT_IT = re.compile(r"[》”]?\s*(?:的)?(?:落实|实施|执行|完成|贯彻)(?:情况|进展)|[》”]?\s*(?:的)?(?:中期评估|评估报告|解读|"
                       r"实施效果|总结评估)")
_JOINTLY = re.compile(r"联合|会同|等(?:有关|相关)?(?:部门|单位)[，,]?$")
_LEAD_IN = re.compile(r"(?:近日|日前|今天|昨天|目前|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日|此前|同日|当天)[，,]?")


def _verb_before(text: str, plan: Mention, floor: int) -> re.Match | None:
    """An issuing verb ending at most a few characters before the plan's title."""
    window_start = max(floor, plan.start - 14)
    best = None
    for m in _VERB.finditer(text, window_start, plan.start):
        if len(text[m.end() : plan.start]) <= 3 and _GAP.match(text[m.end() : plan.start]):
            best = m
    return best


_FORWARD_VERB = re.compile(r"转发了?")


def _ends_index(orgs: list[Mention]) -> dict[int, list[tuple[int, Mention]]]:
    """(position in ``orgs``, organization) by end offset, so a lookup need not scan every organization."""
    by_end: dict[int, list[tuple[int, Mention]]] = {}
    for i, o in enumerate(orgs):
        by_end.setdefault(o.end, []).append((i, o))
    return by_end


def _forwarded(text: str, plan: Mention, orgs: list[Mention], floor: int,
               by_end: dict[int, list[tuple[int, Mention]]] | None = None) -> re.Match | None:
    """转发 + the drafting bodies + the plan's title."""
    by_end = _ends_index(orgs) if by_end is None else by_end
    pos = plan.start
    while True:
        before = by_end.get(pos, []) + (by_end.get(pos - 1, []) if pos > 0 and text[pos - 1] in "、和" else [])
        if not before:
            break
        pos = min(before, key=lambda io: io[0])[1].start  # the first in mention order, as a scan finds it
    if pos == plan.start:
        return None
    for m in _FORWARD_VERB.finditer(text, max(floor, pos - 4), pos):
        if m.end() == pos:
            return m
    return None


def extract_issuers(doc: Doc) -> Iterator[Fact]:
    text = doc.text
    orgs = doc.of_type(ORGANIZATION)
    # organizations by start offset, so each plan looks only at those inside its clause (linear, not plans × orgs)
    order = sorted(range(len(orgs)), key=lambda i: (orgs[i].start, i))
    starts = [orgs[i].start for i in order]

    def starting_in(lo: int, hi: int) -> list[Mention]:
        """Organizations with lo <= start < hi, in their original order."""
        picked = order[bisect_left(starts, lo) : bisect_left(starts, hi)]
        return [orgs[i] for i in sorted(picked)]

    by_end = _ends_index(orgs)
    parents = {f.object.start for f in doc.facts if f.kind == SUB_ORGANIZATION_OF and f.object is not None}
    seen: set[tuple[str, str | None]] = set()
    for fact in [*_passive_issuers(doc, orgs), *_signatures(doc, orgs)]:
        ident = (fact.subject.key or fact.subject.name, fact.object.key or fact.object.name)
        if ident not in seen:
            seen.add(ident)
            yield fact
    for plan in doc.of_type(PLAN):
        sentence = doc.article.sentences[plan.sentence]
        verb = _verb_before(text, plan, sentence.start)
        if verb is None:  # 国务院办公厅转发A《…》: the office forwarding it is the issuer
            verb = _forwarded(text, plan, orgs, sentence.start, by_end)
        if verb is None or _ABOUT_IT.match(text, plan.end):
            continue  # (发布《…规划》落实情况: a report on someone's plan, not the plan issued)
        start = clause_start(text, verb.start(), sentence.start)
        issuers = [o for o in starting_in(start, verb.start()) if o.end <= verb.start()]
        if not issuers and start - 1 > sentence.start:  # A联合B、C等有关部门，印发了《…》: the clause before
            before = clause_start(text, start - 1, sentence.start)
            if _JOINTLY.search(text, before, start):
                issuers = [o for o in starting_in(before, start)]
        if not issuers:  # the subject of the sentence: "近日，工信部…，…印发了《…》"
            lead = _LEAD_IN.match(text, sentence.start)
            head = lead.end() if lead else sentence.start
            issuers = [o for o in starting_in(head, head + 1) if o.end <= verb.start()]
        for org in issuers:
            if org.start in parents and any(u.start == org.end for u in issuers):  # 工信部办公厅印发: the office  # 工业和信息化部办公厅印发: the department issued it
                continue
            if text[max(start, org.start - 2) : org.start].endswith(_NOT_SUBJECT):
                continue
            ident = (plan.key or plan.name, org.key or org.name)
            if ident in seen:
                continue
            seen.add(ident)
            yield Fact(ISSUED_BY, plan, org, plan.sentence)


def _passive_issuers(doc: Doc, orgs: list[Mention]) -> Iterator[Fact]:
    text = doc.text
    for plan in doc.of_type(PLAN):
        m = _PASSIVE.match(text, plan.end)
        if not m:
            continue
        for org in orgs:
            if m.start("orgs") <= org.start and org.end <= m.end("orgs"):
                yield Fact(ISSUED_BY, plan, org, plan.sentence)


def _signatures(doc: Doc, orgs: list[Mention]) -> Iterator[Fact]:
    """A notice signed by several bodies, one a line and then the date, issues the plan it sends out
    ("现将《…》印发给你们" … 工业和信息化部 / 财政部 / 2024年12月12日)."""
    article = doc.article
    text = doc.text
    whole = {(o.start, o.end): o for o in orgs}
    by_start = sorted(orgs, key=lambda o: o.start)
    starts = [o.start for o in by_start]
    signers: list[Mention] = []
    for index, span in enumerate(article.paragraphs):
        line = text[span.start : span.end]
        stripped = line.strip()
        offset = span.start + (len(line) - len(line.lstrip()))
        org = whole.get((offset, offset + len(stripped)))
        if org is not None:
            signers.append(org)
            continue
        in_line = _line_of_bodies(text, by_start, starts, offset, offset + len(stripped))
        if in_line:  # 生态环境部 发展改革委: two signatures side by side
            signers.extend(in_line)
            continue
        if _DATE_LINE.match(line) and signers:
            plans = [p for p in doc.of_type(PLAN) if p.end <= signers[0].start]
            if plans:
                plan = plans[-1]
                for signer in signers:
                    yield Fact(ISSUED_BY, plan, signer, plan.sentence)
        signers = []


def _line_of_bodies(text: str, by_start: list[Mention], starts: list[int], start: int, end: int) -> list[Mention]:
    """The bodies a line holds when it holds nothing else (spaces between them), in order; else none.
    ``by_start``: the organizations sorted by start, ``starts`` their starts (a bisect finds the line's)."""
    inside = [o for o in by_start[bisect_left(starts, start) : bisect_left(starts, end)] if o.end <= end]
    if len(inside) < 2:
        return []
    pos, found = start, []
    for o in inside:
        if o.start < pos:
            continue  # nested in the one before
        if text[pos : o.start].strip():
            return []
        found.append(o)
        pos = o.end
    return found if not text[pos:end].strip() else []
