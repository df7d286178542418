"""The site's own address, its id authority and the newsletter's mail addresses: values that a
command option, an environment variable or ``conf.py`` puts into HTML attributes, XML, feed
ids and mail headers, so each is checked whole before anything is written with it.

Unlike a record's links (:func:`..fields.link_problem`), the site's address may be this
computer (a local preview at ``http://localhost:8000/``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
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


# An owner/name as GitHub spells them: an owner of letters, digits and inner hyphens, a name of
# letters, digits, '.', '-' and '_' (but not '.' or '..', which would climb out of a URL).
_REPOSITORY_SLUG = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\.\.?\Z)[A-Za-z0-9._-]{1,100}")
GITHUB = "https://github.com"
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class SiteAddresses:
    """Where the site's source lives and where the site is served, which every "edit this
    page" link and every feed link start with."""

    server: str
    """The forge's address, e.g. https://github.com."""
    slug: str
    """The repository's owner/name."""
    site: str
    """The site's address, ending in "/"."""
    site_from: str
    """Where the site's address came from: an environment variable, or the repository."""

    @property
    def repository(self) -> str:
        """The repository's web address."""
        return f"{self.server}/{self.slug}"


def repository_slug_problem(value: str) -> str | None:
    """Why ``value`` cannot be a repository's owner/name, or None."""
    if _REPOSITORY_SLUG.fullmatch(value):
        return None
    return (
        f"{shown(value)!r} is not a repository's owner/name (letters, digits and '-', and in "
        "the name '.' and '_'), e.g. pypa/sphinx-council"
    )


def pages_address(server: str, slug: str) -> str | None:
    """The address GitHub Pages serves ``slug``'s site at without a custom domain, or None on
    a forge whose Pages addresses are its own."""
    if server != GITHUB:
        return None
    owner, name = slug.split("/")
    host = f"{owner.lower()}.github.io"
    # A repository named OWNER.github.io holds the site served at the owner's root.
    return f"https://{host}/" + ("" if name.lower() == host else f"{name}/")


def addresses_from_environment(
    environ: Mapping[str, str], default_slug: str
) -> tuple[SiteAddresses, list[str]]:
    """The repository's and the site's addresses where the build runs, and what is wrong with
    the environment's values. On GitHub Actions the repository is ``GITHUB_SERVER_URL`` and
    ``GITHUB_REPOSITORY``; the site is ``COUNCIL_BASE_URL`` (the publishing workflow passes the
    Pages address), else ``READTHEDOCS_CANONICAL_URL`` (a Read the Docs build), else the Pages
    address of the repository. Outside GitHub the repository is ``default_slug`` on github.com.
    When a value cannot be used, the addresses are the local default's and the problems name
    every such value, so that one build reports them all."""
    if repository_slug_problem(default_slug):
        raise ValueError(f"the default repository {default_slug!r} is not an owner/name")
    problems = _environment_problems(environ)
    server = (environ.get("GITHUB_SERVER_URL") or GITHUB).rstrip("/")
    slug = environ.get("GITHUB_REPOSITORY") or default_slug
    site, site_from = "", "the repository"
    for variable in ("COUNCIL_BASE_URL", "READTHEDOCS_CANONICAL_URL"):
        if environ.get(variable):
            site, site_from = environ[variable], variable
            break
    if not problems and not (site := site or pages_address(server, slug) or ""):
        problems.append(
            f"GITHUB_SERVER_URL is {server!r}, whose GitHub Pages addresses are not github.io's; "
            "set COUNCIL_BASE_URL to the address the site is published at"
        )
    if problems:
        server, slug, site_from = GITHUB, default_slug, "the default repository"
        site = pages_address(server, slug) or ""
    return SiteAddresses(server, slug, site_address(site), site_from), problems


def _environment_problems(environ: Mapping[str, str]) -> list[str]:
    """What is wrong with each address the environment gives, by variable."""
    problems = []
    rules = (
        ("GITHUB_SERVER_URL", _server_problem),
        ("GITHUB_REPOSITORY", repository_slug_problem),
        ("COUNCIL_BASE_URL", _published_address_problem),
        ("READTHEDOCS_CANONICAL_URL", _published_address_problem),
    )
    for variable, rule in rules:
        if (value := environ.get(variable)) and (problem := rule(value)):
            problems.append(f"{variable} {problem}")
    return problems


def _server_problem(value: str) -> str | None:
    if problem := site_address_problem(value):
        return problem
    parts = urlsplit(value)
    if parts.scheme != "https":
        return f"{value!r} is not an https: address"
    if parts.path.strip("/"):
        return f"{value!r} has a path; give the forge's address, e.g. {GITHUB}"
    return None


def _published_address_problem(value: str) -> str | None:
    """Why ``value`` cannot be the site's address: https, or http for a preview on this
    computer."""
    if problem := site_address_problem(value):
        return problem
    parts = urlsplit(value)
    if parts.scheme != "https" and parts.hostname not in _LOCAL_HOSTS:
        return (
            f"{value!r} is an http: address; give the https: address the site is published "
            "at (http: is for a preview on localhost only)"
        )
    return None


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
    "SiteAddresses",
    "addresses_from_environment",
    "host_name_problem",
    "mail_address_problem",
    "pages_address",
    "repository_slug_problem",
    "site_address",
    "site_address_problem",
]
