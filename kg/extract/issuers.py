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

_VERB = re.compile(r"(?:联合|正式|近日|日前|已经|已)?(?:印发|发布|出台|颁布|公布|发出|出炉|推出|制定|修订|编制)(?!会)了?")
_GAP = re.compile(r"^[了的，,\s]*(?:《|“)?")
_NOT_SUBJECT = ("关于", "按照", "根据", "落实", "贯彻", "依据", "对", "向", "与")
_LEAD_IN = re.compile(r"(?:近日|日前|今天|昨天|目前|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日|此前|同日|当天)[，,]?")


def _verb_before(text: str, plan: Mention, floor: int) -> re.Match | None:
    """An issuing verb ending at most a few characters before the plan's title."""
    window_start = max(floor, plan.start - 14)
    best = None
    for m in _VERB.finditer(text, window_start, plan.start):
        if len(text[m.end() : plan.start]) <= 3 and _GAP.match(text[m.end() : plan.start]):
            best = m
    return best


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

    parents = {f.object.start for f in doc.facts if f.kind == SUB_ORGANIZATION_OF and f.object is not None}
    seen: set[tuple[str, str | None]] = set()
    for plan in doc.of_type(PLAN):
        sentence = doc.article.sentences[plan.sentence]
        verb = _verb_before(text, plan, sentence.start)
        if verb is None:
            continue
        start = clause_start(text, verb.start(), sentence.start)
        issuers = [o for o in starting_in(start, verb.start()) if o.end <= verb.start()]
        if not issuers:  # the subject of the sentence: "近日，工信部…，…印发了《…》"
            lead = _LEAD_IN.match(text, sentence.start)
            head = lead.end() if lead else sentence.start
            issuers = [o for o in starting_in(head, head + 1) if o.end <= verb.start()]
        for org in issuers:
            if org.start in parents:  # 工业和信息化部办公厅印发: the department issued it
                continue
            if text[max(start, org.start - 2) : org.start].endswith(_NOT_SUBJECT):
                continue
            ident = (plan.key or plan.name, org.key or org.name)
            if ident in seen:
                continue
            seen.add(ident)
            yield Fact(ISSUED_BY, plan, org, plan.sentence)
