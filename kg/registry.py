"""Named extension points: loaders, extractors, exporters.

Like rdflib's ``plugin.py``: one line per name pointing at ``module:attribute``;
aliases are extra lines; the target is imported on first use only, and an
unknown name fails with the list of known ones.
"""
from __future__ import annotations

import importlib
from typing import Generic, TypeVar

from kg.errors import UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """A table from names (and aliases) to lazily imported objects."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._targets: dict[str, str] = {}
        self._canonical: dict[str, str] = {}
        self._loaded: dict[str, T] = {}

    def register(self, name: str, target: str, *aliases: str) -> None:
        """Register ``target`` ("package.module:attr") under ``name`` and its aliases."""
        self._targets[name] = target
        self._canonical[name] = name
        for alias in aliases:
            self._canonical[alias] = name

    def canonical(self, name: str) -> str:
        try:
            return self._canonical[name.lower()] if name.lower() in self._canonical else self._canonical[name]
        except KeyError:
            raise UnknownNameError(self.kind, name, self.names()) from None

    def get(self, name: str) -> T:
        key = self.canonical(name)
        if key not in self._loaded:
            module_name, _, attr = self._targets[key].partition(":")
            self._loaded[key] = getattr(importlib.import_module(module_name), attr)
        return self._loaded[key]

    def names(self) -> list[str]:
        """Canonical names, in registration order."""
        return list(self._targets)

    def aliases(self, name: str) -> list[str]:
        key = self.canonical(name)
        return sorted(a for a, c in self._canonical.items() if c == key and a != key)

    def __contains__(self, name: str) -> bool:
        return name in self._canonical or name.lower() in self._canonical
