"""The extension points: a snapshot of each registry, unknown names, and documentation of every
command and option (a new option without help text, or a command the README does not show, fails)."""
from __future__ import annotations

import click
import pytest

from kg.cli import COMMANDS, main
from kg.errors import UnknownNameError
from kg.export import EXPORTERS
from kg.extract import EXTRACTORS
from kg.loaders import LOADERS

from tests.conftest import ROOT


def test_registry_snapshot():
    assert LOADERS.names() == ["markdown", "html", "text"]
    assert EXTRACTORS.names() == ["organizations", "officials", "plans", "issuers", "initiatives", "targets",
                                  "plan_links"]
    assert {"turtle", "html", "ntriples", "jsonld", "trig", "graphml", "neo4j"} <= set(EXPORTERS.names())
    assert EXPORTERS.canonical("ttl") == "turtle" and LOADERS.canonical("md") == "markdown"


@pytest.mark.parametrize("registry", [LOADERS, EXTRACTORS, EXPORTERS])
def test_unknown_names_list_the_known_ones(registry):
    with pytest.raises(UnknownNameError) as info:
        registry.get("no-such-thing")
    for name in registry.names():
        assert name in str(info.value)


@pytest.mark.parametrize("registry", [LOADERS, EXTRACTORS, EXPORTERS])
def test_every_registered_target_imports(registry):
    for name in registry.names():
        assert callable(registry.get(name))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_documented(name: str):
    command = main.get_command(click.Context(main), name)
    assert command is not None and (command.help or "").strip(), name
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"kg {name} {param.opts[0]} has no help text"
    assert f"kg {name}" in (ROOT / "README.md").read_text(encoding="utf-8"), f"README does not show kg {name}"
