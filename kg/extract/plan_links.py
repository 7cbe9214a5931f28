"""Tie initiatives (``kg:partOf``) and targets (``kg:hasTarget``) to the plan
whose contents the passage describes.

The plan described is, first, one the same sentence names as its subject
(《规划》提出…, 《规划》明确…); otherwise the article's focus plan: the plan the
article is about — named in its headline, or referred back to by a short form
(《规划》, 下称“规划”). Initiatives are tied to the focus plan only when listed
(an enumeration or 一是… ordinal), which is how articles present a plan's
programmes; lone mentions ("深入实施X工程") are left untied.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from kg.extract import Doc
from kg.model import HAS_TARGET, INITIATIVE, PART_OF, PLAN, TARGET, Fact, Mention

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


def extract_plan_links(doc: Doc) -> Iterator[Fact]:
    focus = focus_plan(doc)
    seen: set[tuple] = set()

    def fact(kind: str, subject: Mention, obj: Mention, sentence: int) -> Iterator[Fact]:
        ident = (kind, subject.key or subject.name, obj.key or obj.name, obj.attr("year"), obj.attr("value"))
        if ident not in seen:
            seen.add(ident)
            yield Fact(kind, subject, obj, sentence)

    title_end = doc.article.paragraphs[0].end if doc.article.title else 0
    focus_start = min((p.start for p in doc.of_type(PLAN) if focus and p.key == focus.key), default=0)
    by_sentence = _plans_by_sentence(doc)

    def described(item: Mention) -> bool:
        """Within the focus plan's stretch: the headline, or after the plan is first named."""
        return item.start < title_end or item.start >= focus_start

    for initiative in doc.of_type(INITIATIVE):
        plan = _subject_plan(doc, initiative, by_sentence) or (
            focus if initiative.attr("listed") and described(initiative) else None)
        if plan is not None:
            yield from fact(PART_OF, initiative, plan, initiative.sentence)
    for target in doc.of_type(TARGET):
        plan = _subject_plan(doc, target, by_sentence) or (focus if described(target) else None)
        if plan is not None:
            yield from fact(HAS_TARGET, plan, target, target.sentence)
