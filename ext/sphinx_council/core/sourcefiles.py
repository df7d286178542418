"""Opening the project's input files: regular files inside the project, never through a link.

Records, pathways, news items and the roster arrive in pull requests, and git stores symbolic
links, so a file in one can be a link to ``/etc/shadow`` or to a folder above the project; a
named pipe would make a reader wait for ever, and a device never ends. Every input file is
therefore opened from the project's root one folder at a time, with ``O_NOFOLLOW`` at each
step, and read only when it is a regular file of at most :data:`MAX_FILE_BYTES` bytes, with a
name that is valid UTF-8. Anything else is refused with a message that says what the entry is
and what to change, never a traceback, and never a byte of what a link points to.

The root is the project's folder (``council --root``; for a build, the folder above the one
holding ``conf.py``): it may itself be reached through links, since whoever runs the command
chose it, but nothing below it is followed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .problems import Check, Problem

MAX_FILE_BYTES = 1 << 20
TOO_BIG = (
    f"the file is {{size}} bytes; files over {MAX_FILE_BYTES} bytes (1 MiB) are not read; "
    "split it or shorten it"
)
NOT_UTF8_NAME = "the name is not valid UTF-8; rename it with UTF-8 characters"
OUTSIDE = (
    "is outside the project ({root}); the project reads only files inside it: "
    "move the file into the project"
)
LINK = (
    "is a symbolic link; the project reads only regular files inside it, never through a "
    "link: replace the link with the file or folder itself"
)

_O_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_O_FILE = _O_FLAGS | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_O_FOLDER = _O_FLAGS | getattr(os, "O_DIRECTORY", 0)

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class FileRefused(Exception):
    """An input file the project does not read; the message says why and what to change."""

    def __init__(self, message: str, check: Check = Check.FILE) -> None:
        super().__init__(message)
        self.message, self.check = message, check


def shown_name(text: str) -> str:
    """A path as printable text: the bytes of a name that is not UTF-8 written as ``\\xe9``.

    Python keeps such bytes as lone surrogates, which cannot be printed or encoded.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")
    return text


def is_utf8_name(name: str) -> bool:
    """Whether a file name read from the disk was valid UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def refusal(mode: int) -> str | None:
    """Why an entry of this kind (``lstat``'s mode) is not read as a file; None for a file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISDIR(mode):
        return "is a folder where a file belongs; put the file itself here"
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}, not a file; the project reads only regular files: remove it"


def _absolute(path: str | os.PathLike[str]) -> str:
    # Lexical: Path.resolve() would follow the very links this module refuses.
    return os.path.abspath(path)  # noqa: PTH100


def absolute(path: Path) -> Path:
    """``path`` made absolute without following any link (``..`` is taken away by name)."""
    return Path(_absolute(path))


def _names(target: str, bases: tuple[str, ...]) -> list[str] | None:
    for base in bases:
        relative = os.path.relpath(target, base)
        if relative not in (os.curdir, os.pardir) and not relative.startswith("../"):
            return relative.split("/")
    return None


def _bases(root: str | os.PathLike[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((_absolute(root), os.path.realpath(root))))


def inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> list[str] | None:
    """The names leading from ``root`` to ``path`` (lexically, after making both absolute),
    or None when ``path`` is not below the root or its real path."""
    return _names(_absolute(path), _bases(root))


def _read_all(handle: int, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := os.read(handle, min(1 << 16, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FileRefused(TOO_BIG.format(size=os.fstat(handle).st_size), Check.YAML)
    return b"".join(chunks)


class SourceReader:
    """Reads input files below one root, opening the root and each folder on the way once.

    A check reads a thousand records from one folder: resolving the root and opening every
    folder again for each file was a third of a cached check's reading. Each folder is checked
    to be a plain folder when it is opened, and its descriptor is kept until :meth:`close`, so
    a folder swapped for a link afterwards is still never followed: the descriptor names the
    folder that was checked.
    """

    # Descriptors kept at most; a project with more folders than this reopens them.
    MAX_FOLDERS = 64

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self._root = root
        self._bases = _bases(root)
        self._folders: dict[tuple[str, ...], int] = {}

    def __enter__(self) -> SourceReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes every folder descriptor kept."""
        folders, self._folders = self._folders, {}
        for handle in folders.values():
            os.close(handle)

    def _folder(self, names: tuple[str, ...]) -> int:
        """A descriptor of the folder ``root/names...``, opened without following any link
        below the root; FileRefused names the first part that is not a plain folder."""
        if (handle := self._folders.get(names)) is not None:
            return handle
        if len(self._folders) >= self.MAX_FOLDERS:
            self.close()
        if not names:
            handle = os.open(self._bases[-1], _O_FOLDER)
        else:
            parent = self._folder(names[:-1])
            mode = os.stat(names[-1], dir_fd=parent, follow_symlinks=False).st_mode
            if not stat.S_ISDIR(mode):
                where = shown_name("/".join(names))
                raise FileRefused(f"its folder {where} {refusal(mode) or 'is a file'}")
            handle = os.open(names[-1], _O_FOLDER, dir_fd=parent)
        self._folders[names] = handle
        return handle

    def read_bytes(self, path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
        """The bytes of an input file; FileRefused when the project does not read it."""
        names = _names(_absolute(path), self._bases)
        if not names:
            raise FileRefused(OUTSIDE.format(root=shown_name(_absolute(self._root))))
        if not all(map(is_utf8_name, names)):
            raise FileRefused(NOT_UTF8_NAME)
        try:
            return self._read_file(self._folder(tuple(names[:-1])), names[-1], limit)
        except FileRefused:
            raise
        except OSError as error:
            raise FileRefused(
                f"the file cannot be read: {error.strerror or error}", Check.YAML
            ) from error

    @staticmethod
    def _read_file(folder: int, name: str, limit: int) -> bytes:
        found = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if problem := refusal(found.st_mode):
            raise FileRefused(problem)
        if found.st_size > limit:
            raise FileRefused(TOO_BIG.format(size=found.st_size), Check.YAML)
        handle = os.open(name, _O_FILE, dir_fd=folder)
        try:
            opened = os.fstat(handle)
            # Replaced between the look and the open: read only what was looked at.
            if (opened.st_dev, opened.st_ino) != (found.st_dev, found.st_ino):
                raise FileRefused(refusal(opened.st_mode) or "changed while it was read")
            os.set_blocking(handle, True)
            return _read_all(handle, limit)
        finally:
            os.close(handle)

    def read(
        self,
        path: str | os.PathLike[str],
        problems: list[Problem],
        *,
        source: str,
        limit: int = MAX_FILE_BYTES,
    ) -> str | None:
        """An input file's UTF-8 text, or None with the reason added to ``problems`` (named
        ``source``, line 1)."""
        try:
            return self.read_bytes(path, limit).decode("utf-8")
        except FileRefused as error:
            problems.append(Problem(shown_name(source), 1, "", error.message, error.check))
        except UnicodeDecodeError as error:
            message = f"the file is not UTF-8 text (byte {error.start}); save it as UTF-8"
            problems.append(Problem(shown_name(source), 1, "", message, Check.YAML))
        return None


def read_source_bytes(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an input file; FileRefused when the project does not read it."""
    with SourceReader(root) as reader:
        return reader.read_bytes(path, limit)


def read_source(
    path: Path,
    problems: list[Problem],
    *,
    source: str,
    root: Path | None = None,
    limit: int = MAX_FILE_BYTES,
) -> str | None:
    """An input file's UTF-8 text, or None with the reason added to ``problems`` (named
    ``source``, line 1). ``root`` is the project's folder; without one, the file's own folder
    (then only the file itself is checked)."""
    with SourceReader(path.parent if root is None else root) as reader:
        return reader.read(path, problems, source=source, limit=limit)


__all__ = [
    "LINK",
    "MAX_FILE_BYTES",
    "NOT_UTF8_NAME",
    "TOO_BIG",
    "FileRefused",
    "SourceReader",
    "absolute",
    "inside",
    "is_utf8_name",
    "read_source",
    "read_source_bytes",
    "refusal",
    "shown_name",
]
