"""The ``kg`` command. Each subcommand lives in its own module, listed once in
:data:`COMMANDS` and imported only when called, so ``kg --help`` stays fast.

Domain errors (:class:`kg.errors.KgError`) become messages and exit codes here
and nowhere else. Exit codes:

* 0 (:data:`EXIT_OK`) success, every input read;
* 1 (:data:`EXIT_SKIPPED`) some input skipped (each named on stderr), or a check failed;
* 2 (:data:`EXIT_USAGE`) usage error: bad option, missing input or graph, malformed query;
* 3 (:data:`EXIT_OUTPUT`) an output could not be written (disk full, read-only folder, no
  permission, ``--out`` under a file): one ``kg: error:`` line, never a traceback;
* 70 (:data:`EXIT_INTERNAL`, ``EX_SOFTWARE`` of sysexits.h) an unexpected internal error (a bug):
  ``kg: internal error:`` names the file being processed; ``KG_DEBUG=1`` prints the traceback.
"""
from __future__ import annotations

import errno
import importlib
import os
import traceback

import click

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_INTERNAL = 70

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
    """A click group whose commands are imported on first use, and the one place where
    errors nobody caught become a ``kg: error:`` line and an exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        return getattr(importlib.import_module(module_name), attr)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:
            fail(os_error_message(exc), EXIT_OUTPUT)
        except Exception as exc:  # a bug: say so in one line, with a code of its own
            internal_error(exc)


def os_error_message(exc: OSError, what: str | None = None) -> str:
    """``path: cannot write: cause`` for an operating-system error (see :func:`kg.outputs.os_error_message`)."""
    from kg.outputs import os_error_message as message

    return message(exc, what)


def internal_error(exc: BaseException, where: str | None = None) -> "NoReturn":  # noqa: F821
    """Report an unexpected exception (a bug) and exit with :data:`EXIT_INTERNAL`."""
    from kg.sanitize import printable

    if os.environ.get("KG_DEBUG"):
        traceback.print_exception(exc)
    place = f" while processing {printable(where)}" if where else ""
    detail = printable(f"{type(exc).__name__}: {exc}")[:500]
    click.echo(f"kg: internal error{place}: {detail} (a bug in policy-kg; KG_DEBUG=1 shows the traceback)",
               err=True)
    raise SystemExit(EXIT_INTERNAL)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-kg", prog_name="kg")
def main() -> None:
    """policy-kg: turn Chinese government-policy news into a knowledge graph.

    Exit status: 0 success, 1 some input skipped or a check failed, 2 usage
    error, 3 an output could not be written, 70 internal error (a bug).
    """


def fail(message: str, code: int = 1) -> "NoReturn":  # noqa: F821
    """Print ``kg: error: message`` to stderr and exit with ``code``."""
    from kg.sanitize import printable

    click.echo(f"kg: error: {printable(message)}", err=True)
    raise SystemExit(code)
