"""Resolution: which mentions name the same real-world entity.

Every mention gets a canonical key from its type and what identifies it — a
lexicon id for known organizations (so 工信部 and 工业和信息化部 meet), a parent
ministry plus name for departments, a folded name for officials, plans and
initiatives (so quoting variants meet), and plan + indicator + year for targets.
Keys are plain strings, the same whatever order articles arrive in; IRIs are
minted from them.
"""
from __future__ import annotations

from kg.model import HAS_TARGET, INITIATIVE, OFFICIAL, ORGANIZATION, PLAN, TARGET, Extraction, Mention
from kg.text import name_key

UNKNOWN_PARENT = "?"


def entity_key(mention: Mention, plan_of_target: dict[int, str] | None = None) -> str:
    """The canonical key of the entity ``mention`` names (unique within its type)."""
    if mention.type == ORGANIZATION:
        if mention.key:
            return f"org:{mention.key}"
        if mention.attr("kind") == "Department":
            return f"unit:{mention.attr('parent') or UNKNOWN_PARENT}/{name_key(mention.name)}"
        return f"name:{name_key(mention.name)}"
    if mention.type == OFFICIAL:
        return f"person:{name_key(mention.name)}"
    if mention.type in (PLAN, INITIATIVE):
        return f"{mention.type.lower()}:{mention.key or name_key(mention.name)}"
    if mention.type == TARGET:
        plan = (plan_of_target or {}).get(id(mention), "")
        year = mention.attr("year") or ""
        return f"target:{plan}|{name_key(mention.name)}|{year}"
    raise ValueError(f"unknown entity type {mention.type}")


def target_plans(extraction: Extraction) -> dict[int, str]:
    """Which plan sets each target mention (by ``id``), from the article's hasTarget facts."""
    plans: dict[int, str] = {}
    for fact in extraction.facts:
        if fact.kind == HAS_TARGET and fact.object is not None:
            plans[id(fact.object)] = entity_key(fact.subject)
    # every mention of the same target text shares its plan
    by_name = {(m.name, m.attr("year")): plans[id(m)] for m in extraction.mentions if id(m) in plans}
    for m in extraction.mentions:
        if m.type == TARGET and id(m) not in plans and (m.name, m.attr("year")) in by_name:
            plans[id(m)] = by_name[(m.name, m.attr("year"))]
    return plans
