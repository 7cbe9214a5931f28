"""The ``kg`` command. Each subcommand lives in its own module, listed once in
:data:`COMMANDS` and imported only when called, so ``kg --help`` stays fast.

Domain errors (:class:`kg.errors.KgError`) become messages and exit codes here
and nowhere else: 0 success, 1 some input skipped or a check failed, 2 usage error.
"""
from __future__ import annotations

import importlib

import click

COMMANDS: dict[str, str] = {
    "build": "kg.cli.build:build",
    "html": "kg.cli.html:html",
    "validate": "kg.cli.validate:validate",
    "query": "kg.cli.query:query",
    "export": "kg.cli.export:export_cmd",
    "serve": "kg.cli.serve:serve",
    "eval": "kg.cli.eval:eval_cmd",
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-kg", prog_name="kg")
def main() -> None:
    """policy-kg: turn Chinese government-policy news into a knowledge graph."""


def fail(message: str, code: int = 1) -> "NoReturn":  # noqa: F821
    """Print ``kg: error: message`` to stderr and exit with ``code``."""
    click.echo(f"kg: error: {message}", err=True)
    raise SystemExit(code)
