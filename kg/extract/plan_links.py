"""Tie initiatives (``kg:partOf``) and targets (``kg:hasTarget``) to the plan
whose contents the passage describes.

The plan described is, first, one the same sentence names as its subject
(《规划》提出…, 《规划》明确…); then the plan whose scope the item is in: the rest of a
paragraph where a plan is the subject ("实施方案明确，…") or is reported as issued
("…印发了《X》。方案…"), or the text under a paragraph that is a plan's title alone
(a notice's attachment, to the next such title); programmes the plan works alongside
("同…统筹结合") are left out; otherwise the article's focus plan: the plan the
article is about — named in its headline, or referred back to by a short form
(《规划》, 下称“规划”). Initiatives are tied to the focus plan only when listed
(an enumeration or 一是… ordinal), which is how articles present a plan's
programmes; lone mentions ("深入实施X工程") are left untied.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Iterator

from kg.extract import Doc
from kg.model import HAS_TARGET, INITIATIVE, ISSUED_BY, PART_OF, PLAN, TARGET, Fact, Mention

_PLAN_SAYS = re.compile(r"[》”\s]*(?:还|也|则|中|进一步|明确)?(?:提出|明确|部署|设置|包括|要求|指出|围绕|聚焦|确定|设定|将)")


def focus_plan(doc: Doc) -> Mention | None:
    plans = doc.of_type(PLAN)
    if not plans:
        return None
    title_end = doc.article.paragraphs[0].end if doc.article.title else 0
    counts = Counter(p.key for p in plans)
    first: dict = {}
    for p in plans:
        first[p.key] = min(first.get(p.key, p.start), p.start)
    qualified = {p.key for p in plans if p.attr("reference") or p.start < title_end}
    if not qualified:
        return None
    best = max(qualified, key=lambda k: (counts[k], -first[k]))
    return next(p for p in plans if p.key == best and not p.attr("reference"))


def _plans_by_sentence(doc: Doc) -> dict[int, list[Mention]]:
    """The plan mentions of each sentence, in mention order (so lookups stay linear in the article)."""
    by_sentence: dict[int, list[Mention]] = {}
    for plan in doc.of_type(PLAN):
        by_sentence.setdefault(plan.sentence, []).append(plan)
    return by_sentence


def _subject_plan(doc: Doc, item: Mention, by_sentence: dict[int, list[Mention]] | None = None) -> Mention | None:
    """A plan that the item's own sentence names as its subject, before the item."""
    plans = (by_sentence if by_sentence is not None else _plans_by_sentence(doc)).get(item.sentence, ())
    for plan in plans:
        if plan.end <= item.start and _PLAN_SAYS.match(doc.text, plan.end):
            return plan
    return None


def _scopes(doc: Doc) -> list[tuple[int, int, Mention]]:
    """Stretches of text that describe one plan: (start, end, plan), innermost last."""
    article, text = doc.article, doc.text
    plans = sorted(doc.of_type(PLAN), key=lambda p: p.start)
    scopes: list[tuple[int, int, Mention]] = []
    headings = [p for p in plans if p.attr("heading")]
    for i, heading in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        scopes.append((heading.end, end, heading))
    issued = {id(f.subject) for f in doc.facts if f.kind == ISSUED_BY}
    for plan in plans:
        # a plan the paragraph opens as its subject, or reports as just issued ("…印发了《X》。方案…")
        if plan.attr("heading") or not (_PLAN_SAYS.match(text, plan.end) or id(plan) in issued):
            continue
        paragraph = article.paragraphs[article.sentences[plan.sentence].paragraph]
        scopes.append((plan.end, paragraph.end, plan))
    return scopes


def _scope_plan(scopes: list[tuple[int, int, Mention]], item: Mention) -> Mention | None:
    inside = [(start, plan) for start, end, plan in scopes if start <= item.start < end]
    return max(inside, key=lambda s: s[0])[1] if inside else None


def _scope_plans(scopes: list[tuple[int, int, Mention]], items: list[Mention]) -> dict[int, Mention | None]:
    """:func:`_scope_plan` of every item (by ``id``) in one sweep over the text, not items x scopes:
    scopes enter a max-heap on their start as the sweep reaches them and leave when it passes their end."""
    import heapq

    ordered = sorted(range(len(scopes)), key=lambda i: scopes[i][0])
    heap: list[tuple[int, int, int, Mention]] = []
    result: dict[int, Mention | None] = {}
    k = 0
    for item in sorted(items, key=lambda m: m.start):
        while k < len(ordered) and scopes[ordered[k]][0] <= item.start:
            start, end, plan = scopes[ordered[k]]
            heapq.heappush(heap, (-start, ordered[k], end, plan))  # ties: the earlier scope, as max() keeps
            k += 1
        while heap and heap[0][2] <= item.start:
            heapq.heappop(heap)  # ended before this item: ends only grow more passed as the sweep goes on
        result[id(item)] = heap[0][3] if heap else None
    return result


# "把A同B行动、C工程等统筹结合起来": programmes a plan works alongside are not its own.
_ALONGSIDE = re.compile(r"(?:统筹结合|相结合|结合起来|有机结合|相衔接|衔接|联动|协同推进)")


def _alongside(doc: Doc, item: Mention) -> bool:
    sentence = doc.article.sentences[item.sentence]
    before = doc.text[sentence.start : item.start]
    after = doc.text[item.end : min(sentence.end, item.end + 16)]
    return bool(re.search(r"[同与][^，。；,;]*$", before)) and bool(_ALONGSIDE.search(after.split("，")[0]))


# 民政部要重点推动实施四项重大工程：一是… — a body's own programmes, listed after it says what it will do
_BODY_WILL = re.compile(r"(?:部|委|局|署|办|厅|政府)(?:将|要|还将|还要)?(?:重点)?(?:推动|组织)?实施[^，。；：]{0,12}[：:]\s*$")


def _someone_elses(doc: Doc, item: Mention) -> bool:
    """Whether the list holding ``item`` was introduced as a body's own work (…部要重点推动实施四项重大工程：)."""
    article = doc.article
    sentence = article.sentences[item.sentence]
    # the lead-in: this sentence's text before the item, else the last sentence of the paragraph before the list
    before = doc.text[sentence.start : item.start]
    if "：" in before or ":" in before:
        return bool(_BODY_WILL.search(before[: max(before.rfind("："), before.rfind(":")) + 1]))
    index = sentence.paragraph - 1
    while index >= 0 and sentence.paragraph - index <= _LIST_REACH:
        span = article.paragraphs[index]
        if not _ITEM.match(doc.text, span.start):
            last = article.sentence_at(max(span.start, span.end - 1))
            text = doc.text[last.start : last.end].rstrip()
            return text.endswith(("：", ":")) and bool(_BODY_WILL.search(text))
        index -= 1  # an earlier item of the same list: the lead-in is before it
    return False


_LIST_REACH = 30  # items a list may run to, looking back for its lead-in


_ITEM = re.compile(r"\s*(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+、)")


def _titles_index(doc: Doc) -> tuple[list[int], list[Mention], int]:
    """Named plans by start, their starts and the longest title: which title holds an offset, by bisect."""
    plans = sorted((p for p in doc.of_type(PLAN) if not p.attr("reference")), key=lambda p: p.start)
    return [p.start for p in plans], plans, max((p.end - p.start for p in plans), default=0)


def _titled(index: tuple[list[int], list[Mention], int], item: Mention) -> Mention | None:
    """The plan whose title holds the programme (《…建设工程实施方案》 carries out …建设工程)."""
    starts, plans, longest = index
    i = bisect.bisect_right(starts, item.start)
    while i > 0 and starts[i - 1] >= item.start - longest:
        i -= 1
        if item.end <= plans[i].end:
            return plans[i]
    return None


def extract_plan_links(doc: Doc) -> Iterator[Fact]:
    focus = focus_plan(doc)
    scopes = _scopes(doc)
    seen: set[tuple] = set()

    def fact(kind: str, subject: Mention, obj: Mention, sentence: int) -> Iterator[Fact]:
        ident = (kind, subject.key or subject.name, obj.key or obj.name, obj.attr("year"), obj.attr("value"))
        if ident not in seen:
            seen.add(ident)
            yield Fact(kind, subject, obj, sentence)

    title_end = doc.article.paragraphs[0].end if doc.article.title else 0
    focus_start = min((p.start for p in doc.of_type(PLAN) if focus and p.key == focus.key), default=0)
    by_sentence = _plans_by_sentence(doc)
    in_scope = _scope_plans(scopes, doc.of_type(INITIATIVE) + doc.of_type(TARGET))

    def described(item: Mention) -> bool:
        """Within the focus plan's stretch: the headline, or after the plan is first named."""
        return item.start < title_end or item.start >= focus_start

    titles = _titles_index(doc)
    for initiative in doc.of_type(INITIATIVE):
        if _alongside(doc, initiative):
            continue
        plan = _titled(titles, initiative) or _subject_plan(doc, initiative, by_sentence) or in_scope[id(initiative)] or (
            focus if initiative.attr("listed") and described(initiative) and not _someone_elses(doc, initiative)
            else None)
        if plan is not None:
            yield from fact(PART_OF, initiative, plan, initiative.sentence)
    for target in doc.of_type(TARGET):
        plan = _subject_plan(doc, target, by_sentence) or in_scope[id(target)] or (
            focus if described(target) else None)
        if plan is not None:
            yield from fact(HAS_TARGET, plan, target, target.sentence)
