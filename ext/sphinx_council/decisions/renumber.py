"""Giving a record another id: the new texts of every file that names it.

Two branches that each ran ``council new`` can pick the same next id; git merges both files and
the merged project then has a duplicate. Renumbering one of them changes its id, the number its
file name starts with, and every mention of the id in the records, pathways and news (fields,
``{decision}`` roles, history notes), so that no link is left pointing at the old id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from .scaffold import record_file_name


def id_mention(record_id: str) -> re.Pattern[str]:
    """The id as a whole token: PC-0008 but not PC-00081 or XPC-0008."""
    return re.compile(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])")


def renumbered_name(file_name: str, old: str, new: str) -> str:
    """The file name with the old id's number swapped for the new one's, when it starts with it
    (as ``council new`` names files); any other name is kept."""
    old_prefix = record_file_name(old, "x").removesuffix("-x.md")
    new_prefix = record_file_name(new, "x").removesuffix("-x.md")
    if file_name.startswith(f"{old_prefix}-") or file_name == f"{old_prefix}.md":
        return new_prefix + file_name[len(old_prefix) :]
    return file_name


def renumbered_texts(texts: Mapping[Path, str], old: str, new: str) -> dict[Path, str]:
    """The texts that mention ``old``, with every mention made ``new``; the others are left out."""
    mention = id_mention(old)
    changed = {path: mention.sub(new, text) for path, text in texts.items()}
    return {path: text for path, text in changed.items() if text != texts[path]}


__all__ = ["id_mention", "renumbered_name", "renumbered_texts"]
