"""The mailing list that carries the e-mail edition: where readers sign up, and the headers a
list's messages carry (RFC 2369 ``List-*``, RFC 2919 ``List-Id``, RFC 8058 one-click
unsubscribe). Pure Python, no Sphinx.

Configured in ``conf.py``::

    council_newsletter_subscribe = "https://lists.example.org/postorius/lists/this-week.example.org/"
    council_newsletter_list = {
        "id": "this-week.example.org",
        "post": "this-week@example.org",
        "unsubscribe": ["mailto:this-week-leave@example.org", "https://lists.example.org/unsub"],
        "archive": "https://lists.example.org/archives/list/this-week@example.org/",
    }

Every value ends up in a header of a message sent to thousands of readers, so each is checked
here: no line breaks or control characters (a header injection), angle brackets only where the
RFCs put them, https (or mailto) addresses only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..core.fields import link_problem

LIST_OPTION = "council_newsletter_list"
SUBSCRIBE_OPTION = "council_newsletter_subscribe"
LIST_KEYS = ("id", "post", "unsubscribe", "archive")

# RFC 5322 atext, joined by dots (dot-atom-text); a List-Id needs at least one dot (RFC 2919).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LIST_ID = re.compile(rf"{_ATOM}(?:\.{_ATOM})+")
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# What must never reach a header: line breaks and other controls, and the brackets and commas
# that delimit the URIs of an RFC 2369 header.
_UNSAFE = re.compile(r"[\x00-\x20\x7f<>,\"\\]")
# A header line may not exceed 998 characters (RFC 5322); a URI is never folded inside.
MAX_URI = 900


@dataclass(frozen=True)
class MailingList:
    """The list the issues are posted to, every value checked."""

    id: str
    post: str  # the address issues are sent to
    unsubscribe: tuple[str, ...]  # mailto: and https: URIs
    archive: str = ""
    subscribe: str = ""  # the sign-up page (council_newsletter_subscribe)

    @property
    def one_click(self) -> str:
        """The https unsubscribe address a mail client may POST to (RFC 8058), if any."""
        return next((uri for uri in self.unsubscribe if uri.startswith("https://")), "")


def address_problem(address: str) -> str | None:
    """Why ``address`` is not a plain e-mail address (no name, no brackets), or None."""
    if _ADDRESS.fullmatch(address):
        return None
    return f"{address!r} is not an e-mail address such as list@example.org"


def mailto_problem(uri: str) -> str | None:
    """Why ``uri`` is not a plain ``mailto:ADDRESS`` (query allowed), or None."""
    address, _, query = uri.removeprefix("mailto:").partition("?")
    if not _ADDRESS.fullmatch(address):
        return f"{uri!r} is not mailto: followed by an e-mail address"
    return _header_problem(uri, query)


def _https_problem(uri: str) -> str | None:
    if not uri.lower().startswith("https://"):
        return f"{uri!r} is not an https: address"
    return link_problem(uri) or _header_problem(uri, uri)


def _header_problem(uri: str, part: str) -> str | None:
    if _UNSAFE.search(part) or not part.isascii():
        return (
            f"{uri!r} contains a space, bracket, quote, comma or character outside ASCII, "
            "which a mail header cannot carry; write it %-encoded"
        )
    return None


def _uri_problem(uri: str) -> str | None:
    if len(uri) > MAX_URI:
        return f"{uri[:40]!r}... is longer than {MAX_URI} characters, too long for a mail header"
    return mailto_problem(uri) if uri.startswith("mailto:") else _https_problem(uri)


def _unsubscribe(value: object) -> tuple[tuple[str, ...], list[str]]:
    uris = (value,) if isinstance(value, str) else value
    if not isinstance(uris, Sequence) or not uris or not all(isinstance(u, str) for u in uris):
        return (), ["'unsubscribe' must be a mailto: or https: address, or a list of them"]
    problems = [f"'unsubscribe': {p}" for uri in uris if (p := _uri_problem(str(uri)))]
    return tuple(str(uri) for uri in uris), problems


def subscribe_problem(url: str) -> str | None:
    """Why ``council_newsletter_subscribe`` cannot be linked to, or None."""
    problem = (_uri_problem(url) or _https_problem(url)) if url else None
    return f"{SUBSCRIBE_OPTION}: {problem}" if problem else None


def read_mailing_list(value: object, subscribe: str = "") -> tuple[MailingList | None, list[str]]:
    """The list ``council_newsletter_list`` describes (None when unset), and every problem
    with it, each naming the option and the key to change. ``subscribe`` has been checked
    (``subscribe_problem``)."""
    if not value:
        return None, []
    if not isinstance(value, Mapping):
        return None, [f"{LIST_OPTION} must be a dict with the keys {', '.join(LIST_KEYS)}"]
    unknown = sorted(str(key) for key in value if key not in LIST_KEYS)
    problems = [f"unknown key {key!r}; the keys are {', '.join(LIST_KEYS)}" for key in unknown]
    list_id, post, archive = (value.get(key, "") for key in ("id", "post", "archive"))
    if not isinstance(list_id, str) or not _LIST_ID.fullmatch(list_id) or len(list_id) > 255:
        problems.append(f"'id' {list_id!r} is not a list id such as this-week.example.org")
    if problem := address_problem(post if isinstance(post, str) else repr(post)):
        problems.append(f"'post': {problem}")
    if archive and (problem := _uri_problem(str(archive)) or _https_problem(str(archive))):
        problems.append(f"'archive': {problem}")
    unsubscribe, unsubscribe_problems = _unsubscribe(value.get("unsubscribe"))
    problems += unsubscribe_problems
    if problems:
        return None, [f"{LIST_OPTION}: {problem}" for problem in problems]
    return MailingList(str(list_id), str(post), unsubscribe, str(archive), subscribe), []


def list_headers(mailing_list: MailingList) -> list[tuple[str, str]]:
    """The list's headers, in the order RFC 2369 lists them; one-click unsubscribe only with an
    https address to POST to (RFC 8058)."""
    headers = [
        ("List-Id", f"<{mailing_list.id}>"),
        ("List-Unsubscribe", ", ".join(f"<{uri}>" for uri in mailing_list.unsubscribe)),
    ]
    if mailing_list.one_click:
        headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    if mailing_list.subscribe:
        headers.append(("List-Subscribe", f"<{mailing_list.subscribe}>"))
    headers.append(("List-Post", f"<mailto:{mailing_list.post}>"))
    if mailing_list.archive:
        headers.append(("List-Archive", f"<{mailing_list.archive}>"))
    for name, text in headers:
        # The checks above make this impossible; a header injection must never be one edit away.
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
            raise ValueError(f"{name} would carry a control character")
    return headers
