"""A Sphinx ``conf.py`` read the way Sphinx reads it, without importing Sphinx.

The ``council`` commands need only the ``council_*`` vocabulary of a project's configuration;
running the file as Sphinx does (its folder as the working directory, ``__file__`` and
``tags`` defined) gives the same values the build sees, and keeps the command line free of
Sphinx's import cost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class ConfUnreadable(Exception):
    """The configuration file could not be run; the message says why."""


class Tags:
    """The ``tags`` a ``conf.py`` may consult: none are set outside a ``sphinx-build -t``."""

    def __init__(self) -> None:
        self._tags: set[str] = set()

    def has(self, tag: str) -> bool:
        """Whether ``tag`` is set."""
        return tag in self._tags

    def add(self, tag: str) -> None:
        """Set ``tag``."""
        self._tags.add(tag)

    def remove(self, tag: str) -> None:
        """Unset ``tag``."""
        self._tags.discard(tag)

    def __contains__(self, tag: object) -> bool:
        return tag in self._tags

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._tags))


def read_conf(conf_file: Path) -> dict[str, Any]:
    """The names a ``conf.py`` defines, as Sphinx's ``eval_config_file`` would give them."""
    path = conf_file.resolve()
    namespace: dict[str, Any] = {"__file__": str(path), "tags": Tags()}
    try:
        code = compile(path.read_bytes(), str(path), "exec")
        with contextlib.chdir(path.parent):
            exec(code, namespace)
    except SyntaxError as error:
        raise ConfUnreadable(f"syntax error on line {error.lineno}: {error.msg}") from error
    except SystemExit as error:
        raise ConfUnreadable("it calls sys.exit()") from error
    except Exception as error:  # any failure of the project's code is reported, not raised
        raise ConfUnreadable(f"{type(error).__name__}: {error}") from error
    return namespace


__all__ = ["ConfUnreadable", "Tags", "read_conf"]
