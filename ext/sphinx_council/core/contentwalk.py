"""Walking the content folders (``decisions/``, ``pathways/``, ``news/``): the one walk that
``council check`` and the Sphinx build share.

Nothing inside a content folder is followed: a link (to a file or a folder, or a link loop), a
named pipe, a socket or a device is reported with its path and why, and never read. So is a
name that is not valid UTF-8, and a file the project would silently leave unread because of
its name (``0007-x.markdown``, ``x.yml``, ``X.MD``): every such entry gets a problem on line
1 saying what to change. Names starting with a dot (``.gitkeep``, an editor's lock or swap
file) and ending with ``~`` (a backup) are nobody's records: they are left alone, unread and
unreported. A content folder itself may be reached through a link (the site's committed
``docs/decisions -> ../decisions``) as long as its real path is inside the project.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Check, Problem
from .sourcefiles import LINK, NOT_UTF8_NAME, inside, is_utf8_name, refusal, shown_name

# Pictures a page may show from beside its record: they sit in the folder without being read.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"})


@dataclass(frozen=True)
class ContentFolder:
    """What one content folder holds, and how the project reads it."""

    kind: str
    """What its files are, in messages: ``records``."""
    suffix: str
    """The one suffix of the files read: ``.md`` (empty: every file is)."""
    nested: bool = False
    """Whether files in folders inside it are read too."""
    subfolders: tuple[tuple[str, ContentFolder], ...] = ()
    """Named folders inside it that hold files of another kind (``news/notes``)."""
    data: frozenset[str] = frozenset()
    """Other file names the project reads here (``pathways/checked.json``)."""
    assets: frozenset[str] = frozenset()
    """Suffixes of files that pages may show, left in place unread (images)."""
    aliases: frozenset[str] = frozenset()
    """Suffixes that mean the file was meant as one of these (``.markdown``, ``.yml``)."""

    def unread(self, name: str, folder: str) -> str | None:
        """Why a regular file called ``name`` in this folder is a problem, or None."""
        stem, dot, suffix = name.rpartition(".")
        ending = f".{suffix}" if dot and stem else ""
        if ending == self.suffix or not self.suffix or name in self.data:
            return None
        if ending.lower() in self.assets:
            return None
        new = f"{stem or name}{self.suffix}"
        if ending.lower() == self.suffix or ending.lower() in self.aliases:
            return (
                f"the project reads {self.kind} only from '{self.suffix}' files; "
                f"rename it to {new!r}"
            )
        return (
            f"the project reads {self.kind} only from '{self.suffix}' files, so this file is "
            f"never read; rename it to {new!r} or move it out of {folder}/"
        )


MARKDOWN_ALIASES = frozenset({".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".myst"})
YAML_ALIASES = frozenset({".yml"})

RECORDS = ContentFolder(
    "records", ".md", nested=True, assets=IMAGE_SUFFIXES, aliases=MARKDOWN_ALIASES
)
PATHWAYS = ContentFolder(
    "pathways", ".yaml", data=frozenset({"checked.json"}), aliases=YAML_ALIASES
)
NOTES = ContentFolder("editor's notes", ".yaml", aliases=YAML_ALIASES)
NEWS = ContentFolder("news items", ".yaml", subfolders=(("notes", NOTES),), aliases=YAML_ALIASES)


@dataclass
class FolderWalk:
    """What a walk found: the files to read, and every entry refused or left alone."""

    files: list[Path] = field(default_factory=list)
    """The files of the folder's kind (and of its named sub-folders), in a stable order."""
    problems: list[Problem] = field(default_factory=list)
    excluded: list[Path] = field(default_factory=list)
    """Entries nothing may read: those with a problem, and the ones left alone (dot names)."""
    kinds: dict[Path, ContentFolder] = field(default_factory=dict)
    """The content folder each file was found in (a news item or an editor's note)."""

    def refuse(self, path: Path, message: str, display: Callable[[Path], str]) -> None:
        self.excluded.append(path)
        self.problems.append(Problem(shown_name(display(path)), 1, "", message, Check.FILE))

    def extend(self, other: FolderWalk) -> None:
        self.files += other.files
        self.problems += other.problems
        self.excluded += other.excluded
        self.kinds |= other.kinds


def left_alone(name: str) -> bool:
    """Dot files and editor backups: never read, never reported."""
    return name.startswith(".") or name.endswith("~")


def folder_problem(folder: Path, root: Path) -> str | None:
    """Why a content folder cannot be walked: it (or the link to it) leads outside the
    project, or it is not a folder."""
    real = os.path.realpath(folder)
    if inside(real, root) is None and real != os.path.realpath(root):
        return (
            "is a link to a folder outside the project; the project reads only files inside "
            "it: make it a folder of the project"
        )
    if not Path(real).is_dir():
        return "is not a folder; make it a folder, or remove it"
    return None


def walk_content(
    folder: Path,
    root: Path,
    content: ContentFolder,
    display: Callable[[Path], str] = str,
    *,
    by_name: bool = False,
) -> FolderWalk:
    """Every entry of a content folder, without following a link (a missing folder is empty).

    ``display`` names a path in problems (relative to the project, as editors see it). The
    files are listed under the folder's real path, so that a reader can open them without
    going through the link that may lead to the folder, unless ``by_name`` (the build, which
    must name them as Sphinx does, through the link).
    """
    walk = FolderWalk()
    if not os.path.lexists(folder):
        return walk
    if problem := folder_problem(folder, root):
        walk.refuse(folder, problem, display)
        return walk
    real = Path(os.path.realpath(folder))
    # Messages name the folder as the project knows it, the same for the check and the build.
    _walk(folder if by_name else real, content, real.name, walk, display)
    walk.files.sort()
    walk.problems.sort()
    return walk


def _walk(
    folder: Path,
    content: ContentFolder,
    name: str,
    walk: FolderWalk,
    display: Callable[[Path], str],
) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        walk.refuse(folder, f"cannot be read: {error.strerror or error}", display)
        return
    subfolders = dict(content.subfolders)
    for entry in entries:
        path = folder / entry.name
        if not is_utf8_name(entry.name):
            walk.refuse(path, NOT_UTF8_NAME, display)
        elif left_alone(entry.name):
            walk.excluded.append(path)
        elif entry.is_symlink():
            walk.refuse(path, LINK, display)
        elif entry.is_dir(follow_symlinks=False):
            if entry.name in subfolders:
                _walk(path, subfolders[entry.name], f"{name}/{entry.name}", walk, display)
            elif content.nested:
                _walk(path, content, name, walk, display)
            else:
                walk.refuse(path, _no_folders(content, name), display)
        elif problem := _odd_entry(entry) or content.unread(entry.name, name):
            walk.refuse(path, problem, display)
        elif entry.name.endswith(content.suffix):
            walk.files.append(path)
            walk.kinds[path] = content


def _odd_entry(entry: os.DirEntry[str]) -> str | None:
    """Why an entry that is neither a link nor a folder is not read, or None for a file."""
    if entry.is_file(follow_symlinks=False):  # the listing's own type: no stat for each file
        return None
    return refusal(entry.stat(follow_symlinks=False).st_mode)


def _no_folders(content: ContentFolder, name: str) -> str:
    named = "".join(f" and {name}/{sub}/" for sub, _ in content.subfolders)
    return (
        f"is a folder; the project reads {content.kind} only from {name}/ itself{named}, not "
        "from folders inside it: move its files up, or move it out"
    )


def walk_site(
    srcdir: Path,
    root: Path,
    content: Mapping[str, ContentFolder | None],
    skip: Callable[[str], bool],
    display: Callable[[Path], str] = str,
) -> FolderWalk:
    """Every entry of a Sphinx source folder that the build may read, the way Sphinx lists
    them, so that whatever is refused can be kept from it.

    ``content`` maps a folder (relative to ``srcdir``) to the content it holds, walked by
    :func:`walk_content`; None marks a folder nothing in the site reads as a page (the news
    folder: its own reader reports on it), excluded whole. Elsewhere, the hand-written pages
    may come through links, as long as each leads to a file or a folder inside the project
    that the walk has not seen (a loop): a link leading out, a pipe, a socket, a device and a
    name that is not UTF-8 are refused. ``skip`` tells the paths Sphinx ignores
    (``exclude_patterns``).
    """
    walk = FolderWalk()
    seen = {os.path.realpath(srcdir)}
    folders = [srcdir]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            walk.refuse(folder, f"cannot be read: {error.strerror or error}", display)
            continue
        for entry in entries:
            path = folder / entry.name
            relative = path.relative_to(srcdir).as_posix()
            if not is_utf8_name(entry.name):
                walk.refuse(path, NOT_UTF8_NAME, display)
            elif skip(relative):
                continue
            elif relative in content:
                kind = content[relative]
                if kind is None:
                    walk.excluded.append(path)
                else:
                    walk.extend(walk_content(path, root, kind, display, by_name=True))
            elif problem := _entry_problem(entry, root, seen):
                walk.refuse(path, problem, display)
            elif entry.is_dir():
                seen.add(os.path.realpath(path))
                folders.append(path)
    walk.files.sort()
    walk.problems.sort()
    return walk


def _entry_problem(entry: os.DirEntry[str], root: Path, seen: set[str]) -> str | None:
    """Why the build must not read an entry outside the content folders, or None."""
    if not entry.is_symlink():
        return refusal(entry.stat(follow_symlinks=False).st_mode) if not entry.is_dir() else None
    real = os.path.realpath(entry.path)
    if inside(real, root) is None:
        return (
            "is a link to a file or folder outside the project; the project reads only files "
            "inside it: replace the link with the file or folder itself"
        )
    try:
        mode = Path(real).stat().st_mode
    except OSError:
        return "is a link that leads nowhere (or round in a loop); remove it"
    if stat.S_ISDIR(mode) and real in seen:
        return "is a link to a folder the site already reads (a loop); remove it"
    return LINK if is_special(mode) else None


def is_special(mode: int) -> bool:
    """Whether an entry is neither a file, a folder nor a link (a pipe, a socket, a device)."""
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode))


__all__ = [
    "NEWS",
    "NOTES",
    "PATHWAYS",
    "RECORDS",
    "ContentFolder",
    "FolderWalk",
    "folder_problem",
    "is_special",
    "left_alone",
    "walk_content",
    "walk_site",
]
