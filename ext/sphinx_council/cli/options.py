"""Option values that reach a page, a feed, a mail header, a record or a file, checked before
the command reads or writes anything: a bad one is a usage error (exit 2) naming the option and
saying what to write (``council status: --closes '2026-02-30' is not a date: day is out of
range for month; write it as YYYY-MM-DD``), every bad option at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from ..core.addresses import mail_address_problem, site_address_problem
from ..core.fields import link_problem
from ..core.files import WriteFailed, write_all, write_bytes_atomically
from ..core.plaintext import shown, text_problem
from ..core.project import UsageError

DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
Rule = Callable[[str], "str | None"]


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a day of the calendar written YYYY-MM-DD, or None."""
    reason = "" if DATE_SHAPE.fullmatch(value) else "; write it as YYYY-MM-DD, e.g. 2026-04-16"
    if not reason:
        try:
            dt.date.fromisoformat(value)
        except ValueError as error:
            reason = f": {error}; write it as YYYY-MM-DD"
    return f"{shown(value)!r} is not a date{reason}" if reason else None


def one_line_problem(value: str) -> str | None:
    """Why ``value`` cannot be one line of text in a file or page, or None."""
    if problem := text_problem(value, multiline=False):
        return f"{shown(value)!r} {problem}"
    return None


def download_problem(value: str) -> str | None:
    """Why ``value`` cannot be downloaded from, or None."""
    if problem := one_line_problem(value):
        return problem
    try:
        parts = urlsplit(value)
    except ValueError as error:
        return f"{value!r} is not a web address ({error})"
    if parts.scheme.lower() not in ("https", "http") or not parts.netloc:
        return f"{value!r} is not an https: or http: address, e.g. https://example.org/peps.json"
    return None


def path_problem(value: str) -> str | None:
    """Why ``value`` cannot name a file or folder to write, or None."""
    if problem := one_line_problem(value):
        return problem
    return None if value.strip() else "is empty; give a path"


# Every option of every command whose value is written somewhere, by its rule.
RULES: dict[str, Rule] = {
    "--date": date_problem,
    "--closes": date_problem,
    "--note": one_line_problem,
    "--early": one_line_problem,
    "--link": link_problem,
    "--base-url": site_address_problem,
    "--sender": mail_address_problem,
    "--to": mail_address_problem,
    "--url": download_problem,
    "--output": path_problem,
}


def check_options(args: argparse.Namespace, *options: str) -> None:
    """Raise UsageError naming each given option whose value breaks its rule."""
    problems = []
    for option in options:
        value = getattr(args, option.lstrip("-").replace("-", "_"), None)
        for each in value if isinstance(value, list) else [value]:
            if each is not None and (why := RULES[option](str(each))):
                problems.append(f"{option} {why}")
    if problems:
        raise UsageError("\n".join(problems))


# --- Writing what --output names --------------------------------------------------------------


def _kind(path: Path) -> str:
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    return "a device or pipe"


def output_file_problem(path: Path) -> str | None:
    """Why ``--output`` cannot be written as a file, or None: only a regular file (replaced
    whole) or a new file in an existing folder, since the file is written beside its place and
    moved into it; a folder, a link, a device or a pipe is refused."""
    try:
        if path.is_symlink() or path.exists():
            kind = _kind(path)
            if kind != "a file":
                return f"it is {kind}; give a file path, or leave out --output and redirect"
        if not path.parent.is_dir():
            return f"there is no folder {shown(path.parent.as_posix())}; create it first"
    except OSError as error:
        return error.strerror or str(error)
    return None


def write_output_file(path: Path, data: bytes) -> str | None:
    """Write ``data`` to the file ``path`` names, replacing an existing file whole; why it
    could not (the file is then as it was), or None when it did."""
    if problem := output_file_problem(path):
        return problem
    try:
        write_bytes_atomically(path, data)
    except OSError as error:
        return error.strerror or str(error)
    return None


def write_output_folder(folder: Path, texts: Mapping[str, str]) -> str | None:
    """Write each text into ``folder`` under its name (creating the folder), all or nothing,
    replacing files of those names; why it could not, or None when it did."""
    try:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return f"it is {_kind(folder)}, not a folder; give a folder (it is created if missing)"
        folder.mkdir(parents=True, exist_ok=True)
        write_all({folder / name: text for name, text in texts.items()})
    except OSError as error:
        return error.strerror or str(error)
    except WriteFailed as error:
        return str(error)
    return None


__all__ = [
    "RULES",
    "check_options",
    "date_problem",
    "output_file_problem",
    "write_output_file",
    "write_output_folder",
]
