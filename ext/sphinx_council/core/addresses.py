"""The site's own address, its id authority and the newsletter's mail addresses: values that a
command option, an environment variable or ``conf.py`` puts into HTML attributes, XML, feed
ids and mail headers, so each is checked whole before anything is written with it.

Unlike a record's links (:func:`..fields.link_problem`), the site's address may be this
computer (a local preview at ``http://localhost:8000/``).
"""

from __future__ import annotations

import re
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import getaddresses
from urllib.parse import quote, urlsplit

from .plaintext import shown, text_problem

# What RFC 3986 lets a URL hold as it is; anything else ('"', '<', a space, a non-ASCII letter)
# must be percent-encoded, and unencoded it breaks out of an attribute or a header.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
# A host name of letters, digits and hyphens in dot-separated labels (RFC 1123).
_HOST_NAME = re.compile(r"(?=.{1,253}\Z)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)+")
EXAMPLE_SITE = "https://example.org/council/"


def site_address_problem(value: str) -> str | None:
    """Why ``value`` cannot be the site's address (what every page and feed link is joined
    to), or None when it can."""
    return _characters_problem(value) or _parts_problem(value)


def _characters_problem(value: str) -> str | None:
    if problem := text_problem(value, multiline=False):
        return f"{shown(value)!r} {problem}"
    if not value.strip():
        return f"is empty; give the site's address, e.g. {EXAMPLE_SITE}"
    if not _URL_CHARACTERS.fullmatch(value):
        bad = next(c for c in value if not _URL_CHARACTERS.fullmatch(c))
        return (
            f"{value!r} contains {bad!r}, which a web address cannot hold as it is; "
            f"percent-encode it as {quote(bad)}"
        )
    return None


def _parts_problem(value: str) -> str | None:
    try:
        parts = urlsplit(value)
        host, _ = parts.hostname, parts.port
    except ValueError as error:
        return f"{value!r} is not a web address ({error})"
    if parts.scheme.lower() not in ("https", "http") or not host:
        return f"{value!r} is not an https: or http: address with a host, e.g. {EXAMPLE_SITE}"
    if "@" in parts.netloc:
        return f"{value!r} carries a user name or password; give the public address"
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return f"{value!r} has a ?query or #fragment; give the address of the site's root"
    return None


def site_address(value: str) -> str:
    """A checked site address ending in "/", so pages join under it rather than beside it."""
    return value if value.endswith("/") else value + "/"


def host_name_problem(value: str) -> str | None:
    """Why ``value`` cannot be the authority of feed ids and Message-IDs, or None."""
    if _HOST_NAME.fullmatch(value):
        return None
    return f"{shown(value)!r} is not a host name; write the site's host, e.g. example.org"


def mail_address_problem(value: str) -> str | None:
    """Why ``value`` cannot be one mail address header value (``Name <user@example.org>`` or
    ``user@example.org``), or None when it can."""
    if problem := text_problem(value, multiline=False):
        return f"{shown(value)!r} {problem}"
    try:
        pairs = getaddresses([value], strict=True)
    except TypeError:  # a Python without the strict parser (before 3.11.4 and 3.12)
        pairs = getaddresses([value])
    if len(pairs) != 1 or not pairs[0][1]:
        return f"{value!r} is not one mail address; write it as Name <user@example.org>"
    name, mailbox = pairs[0]
    try:
        Address(display_name=name, addr_spec=mailbox)
    except (ValueError, IndexError, HeaderParseError):
        return f"{value!r} is not a mail address; write it as Name <user@example.org>"
    user, _, domain = mailbox.rpartition("@")
    if not user or host_name_problem(domain):
        return f"{value!r} has no user@host address; write it as Name <user@example.org>"
    return None


__all__ = [
    "host_name_problem",
    "mail_address_problem",
    "site_address",
    "site_address_problem",
]
