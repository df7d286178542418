"""How links are shown in pages: a web address by the site it leads to."""

from __future__ import annotations

from urllib.parse import urlsplit


def host(url: str) -> str:
    """The host part of ``url`` (``discuss.python.org``), or the whole text if it has none."""
    try:
        return urlsplit(url.strip()).netloc or url
    except ValueError:  # checked links always split; this keeps a page from failing on one
        return url


__all__ = ["host"]
