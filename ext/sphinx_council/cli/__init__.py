"""``council``: check, scaffold and edit decision records without building the site.

Exit codes: 0 success, 1 problems found (or a change refused because the result would break a
rule), 2 on a usage error (a missing folder or file, an unknown option or record).
"""

from __future__ import annotations

import argparse
import importlib
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

__all__ = ["DEFAULT_ROSTER", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "display_path", "main"]

# The module of each command and the function there that adds its parser, in the order
# ``council --help`` lists them. ``council check``, which a pre-commit hook runs on every
# commit, imports its own module only: the others (the newsletter's, the PEP importer's, the
# releases') took a quarter of its start-up.
COMMANDS = (
    ("check", "add_check_command"),
    ("changes", "add_changes_command"),
    ("new", "add_new_command"),
    ("status", "add_status_commands"),
    ("renumber", "add_renumber_command"),
    ("schema", "add_schema_command"),
    ("peps", "add_pep_commands"),
    ("releases", "add_releases_command"),
    ("new_pathway", "add_new_pathway_parser"),
    ("digest", "add_digest_command"),
    ("try_pathway", "add_try_pathway_command"),
)
ALONE = "check"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``council`` command and every subcommand (or only the one in module ``only``)."""
    parser = argparse.ArgumentParser(
        prog="council",
        description="Tools for the Packaging Council's decision records: check them, scaffold "
        "a new one, and change a status or supersede a record with a minimal edit. Run "
        "'council COMMAND --help' for each command's options.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module, function in COMMANDS:
        if only in (None, module):
            getattr(importlib.import_module(f".{module}", __name__), function)(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``council`` command; its exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(ALONE if words[:1] == [ALONE] else None).parse_args(words)
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
