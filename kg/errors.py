"""Every error policy-kg raises on purpose derives from :class:`KgError`.

Stages raise these; only the CLI turns them into messages and exit codes.
"""
from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Root of policy-kg's errors."""


class InputError(KgError):
    """An input article cannot be read; names the file and the cause."""

    def __init__(self, path: str | Path, cause: str) -> None:
        from kg.sanitize import display_path

        self.path = str(path)  # as given (it may hold undecodable bytes as surrogates); messages show it readably
        self.cause = cause
        super().__init__(f"{display_path(self.path)}: {cause}")


class UnknownNameError(KgError, LookupError):
    """A registry was asked for a name it does not hold."""

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.known = known
        super().__init__(f"unknown {kind} {name!r}; known: {', '.join(known)}")


class UsageError(KgError):
    """The command was called wrongly (bad option value, missing graph file …)."""


class OutputError(KgError):
    """An output could not be written (disk full, no permission …); the previous outputs stay whole."""


class GraphError(KgError):
    """A graph file cannot be read or is not a policy-kg graph."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run."""


class ValidationError(KgError):
    """A graph does not conform to the SHACL shapes."""
