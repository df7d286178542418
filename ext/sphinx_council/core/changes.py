"""What changed since the last build: the one idiom behind every family of generated pages.

Each family fingerprints the facts each of its pages shows, keeps the fingerprints in its domain
data (pickled with the environment), and rewrites only the pages whose fingerprint moved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping, MutableMapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def fingerprint(value: object) -> str:
    """A stable hash of plain data (records are frozen dataclasses with a stable repr)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def changed_since(
    store: MutableMapping[str, object], key: str, facts: Mapping[K, object]
) -> set[K]:
    """Fingerprint ``facts`` (page to what it shows), remember them under ``store[key]``, and
    return the pages whose fingerprint differs from the last call: changed, new or gone."""
    old: Mapping[K, str] = store.get(key) or {}  # type: ignore[assignment]
    new = {page: fingerprint(shown) for page, shown in facts.items()}
    store[key] = new
    return {page for page in old.keys() | new.keys() if old.get(page) != new.get(page)}
