"""A Sphinx ``conf.py`` read the way Sphinx reads it, without importing Sphinx.

The ``council`` commands need only the ``council_*`` vocabulary of a project's configuration;
running the file as Sphinx does (its folder as the working directory, ``__file__`` and
``tags`` defined) gives the same values the build sees, and keeps the command line free of
Sphinx's import cost.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class ConfUnreadable(Exception):
    """The configuration file could not be run; the message says why, ``line`` where."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


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


def read_conf(conf_file: Path, source: bytes | None = None) -> dict[str, Any]:
    """The names a ``conf.py`` defines, as Sphinx's ``eval_config_file`` would give them.

    ``source`` is the file's content when the caller has read it already (as an input file,
    never through a link: :func:`.sourcefiles.read_source_bytes`).
    """
    path = conf_file.resolve()
    namespace: dict[str, Any] = {"__file__": str(path), "tags": Tags()}
    try:
        code = compile(path.read_bytes() if source is None else source, str(path), "exec")
        with contextlib.chdir(path.parent):
            exec(code, namespace)
    except SyntaxError as error:
        raise ConfUnreadable(f"syntax error: {error.msg}", error.lineno or 1) from error
    except SystemExit as error:
        raise ConfUnreadable("calls sys.exit()", _line_in(path, error)) from error
    except Exception as error:  # the project's code fails: say where and how
        message = f"raises {type(error).__name__}: {error}"
        raise ConfUnreadable(message, _line_in(path, error)) from error
    return namespace


def _line_in(path: Path, error: BaseException) -> int:
    """The line of ``path`` that was running when ``error`` was raised (1 when unknown)."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [frame.lineno for frame in frames if frame.filename == str(path) and frame.lineno]
    return lines[-1] if lines else 1


__all__ = ["ConfUnreadable", "Tags", "read_conf"]
