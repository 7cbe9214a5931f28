"""Extractors: small functions ``(doc) -> Iterable[Mention | Fact]`` in a registry.

They run in registration order over one :class:`Doc`; each may read what earlier
ones found (officials need organizations; issuers need plans and organizations).
Extraction of an article is a pure function of that article: no global mutable
state, so articles can be processed in parallel processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Union

from kg.model import Article, Extraction, Fact, Mention
from kg.registry import Registry

# Bump when extraction changes what it yields: caches keyed by it are invalidated.
EXTRACTOR_VERSION = "3"


@dataclass
class Doc:
    """An article with what the extractors found so far."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def of_type(self, type_name: str) -> list[Mention]:
        return [m for m in self.mentions if m.type == type_name]

    @property
    def text(self) -> str:
        """The folded (simplified, width-normalised) text extractors match on."""
        return self.article.folded

    def sentence_of(self, offset: int) -> int:
        return self.article.sentence_at(offset).index


Extractor = Callable[[Doc], Iterable[Union[Mention, Fact]]]

EXTRACTORS: Registry[Extractor] = Registry("extractor")
EXTRACTORS.register("organizations", "kg.extract.organizations:extract_organizations", "orgs")
EXTRACTORS.register("officials", "kg.extract.officials:extract_officials", "posts")
EXTRACTORS.register("plans", "kg.extract.plans:extract_plans")
EXTRACTORS.register("issuers", "kg.extract.issuers:extract_issuers")
EXTRACTORS.register("initiatives", "kg.extract.initiatives:extract_initiatives")
EXTRACTORS.register("targets", "kg.extract.targets:extract_targets")
EXTRACTORS.register("plan_links", "kg.extract.plan_links:extract_plan_links")


def run_extractors(article: Article, names: list[str] | None = None) -> Extraction:
    """Run the named extractors (all, by default) over ``article``."""
    doc = Doc(article)
    for name in names or EXTRACTORS.names():
        for item in EXTRACTORS.get(name)(doc):
            (doc.facts if isinstance(item, Fact) else doc.mentions).append(item)
    return Extraction(article=article, mentions=doc.mentions, facts=doc.facts)
