"""``council``: check, scaffold and edit decision records without building the site.

Exit codes: 0 success, 1 problems found (or a change refused because the result would break a
rule), 2 on a usage error (a missing folder or file, an unknown option or record).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..core.plaintext import shown
from ..core.project import (
    DEFAULT_ROSTER,
    EXIT_CODES,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    display_path,
)
from .changes import add_changes_command
from .check import add_check_command
from .digest import add_digest_command
from .new import add_new_command
from .new_pathway import add_new_pathway_parser
from .peps import add_pep_commands
from .releases import add_releases_command
from .renumber import add_renumber_command
from .schema import add_schema_command
from .status import add_status_commands
from .try_pathway import add_try_pathway_command

__all__ = ["DEFAULT_ROSTER", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "display_path", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The ``council`` command and every subcommand."""
    parser = argparse.ArgumentParser(
        prog="council",
        description="Tools for the Packaging Council's decision records: check them, scaffold "
        "a new one, and change a status or supersede a record with a minimal edit. Run "
        "'council COMMAND --help' for each command's options.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_check_command(commands)
    add_changes_command(commands)
    add_new_command(commands)
    add_status_commands(commands)
    add_renumber_command(commands)
    add_schema_command(commands)
    add_pep_commands(commands)
    add_releases_command(commands)
    add_new_pathway_parser(commands)
    add_digest_command(commands)
    add_try_pathway_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``council`` command; its exit code."""
    args = build_parser().parse_args(argv)
    try:
        code = int(args.handler(args))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``council check | head``); the rest cannot be shown.
        _quiet_stdout()
        return EXIT_PROBLEMS
    except OSError as error:
        # What the command was pointed at failed under it: a full disk or device (standard
        # output sent to /dev/full), a name too long for the file system, a folder gone.
        print(f"council {args.command}: {_failure(error)}", file=sys.stderr)
        _quiet_stdout()
        return EXIT_USAGE
    return code


def _failure(error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.filename is None:
        return f"cannot write standard output: {reason}"
    return f"cannot use {shown(os.fsdecode(error.filename))}: {reason}"


def _quiet_stdout() -> None:
    """Point stdout at devnull, so Python's own flush at exit cannot fail on the closed pipe
    (the recipe of the ``signal`` module's documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (an embedding program replaced it)
        pass
