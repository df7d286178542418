"""The repository's and the site's addresses come from where the build runs (GitHub Actions,
Read the Docs, a local build with one default), so "edit this page" and the feed links agree;
the ids readers and mail clients keep (feed entry ids, the feeds' own ids, calendar UIDs,
Message-IDs) come from the pinned authority and do not move with the site."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from email import message_from_bytes
from pathlib import Path

import pytest

from conftest import AS_OF_RECORD, CONF, RECORD, REPO, sphinx_build, write_site
from sphinx_council.core.addresses import addresses_from_environment, pages_address

DEFAULT = "packaging-council/packaging-council.github.io"
ATOM = "{http://www.w3.org/2005/Atom}"
MOVED = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "someone/fork",
    "COUNCIL_BASE_URL": "https://council.example.net/news/",
}


@pytest.mark.parametrize(
    ("environ", "repository", "site", "site_from"),
    [
        (
            {},
            f"https://github.com/{DEFAULT}",
            "https://packaging-council.github.io/",
            "the repository",
        ),
        (
            {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "Some-One/Fork.x"},
            "https://github.com/Some-One/Fork.x",
            "https://some-one.github.io/Fork.x/",
            "the repository",
        ),
        (
            {"GITHUB_REPOSITORY": "Some-One/some-one.github.io"},
            "https://github.com/Some-One/some-one.github.io",
            "https://some-one.github.io/",
            "the repository",
        ),
        (
            {**MOVED, "READTHEDOCS_CANONICAL_URL": "https://council.readthedocs.io/en/7/"},
            "https://github.com/someone/fork",
            "https://council.example.net/news/",
            "COUNCIL_BASE_URL",
        ),
        (
            {"READTHEDOCS_CANONICAL_URL": "https://council--7.org.readthedocs.build/en/7"},
            f"https://github.com/{DEFAULT}",
            "https://council--7.org.readthedocs.build/en/7/",
            "READTHEDOCS_CANONICAL_URL",
        ),
        (
            {
                "GITHUB_SERVER_URL": "https://git.example.com/",
                "GITHUB_REPOSITORY": "c/site",
                "COUNCIL_BASE_URL": "https://pages.example.com/c/",
            },
            "https://git.example.com/c/site",
            "https://pages.example.com/c/",
            "COUNCIL_BASE_URL",
        ),
        # A preview on this computer may be http:.
        (
            {"COUNCIL_BASE_URL": "http://localhost:8000"},
            f"https://github.com/{DEFAULT}",
            "http://localhost:8000/",
            "COUNCIL_BASE_URL",
        ),
        (
            {"COUNCIL_BASE_URL": "http://[::1]:8000/"},
            f"https://github.com/{DEFAULT}",
            "http://[::1]:8000/",
            "COUNCIL_BASE_URL",
        ),
    ],
)
def test_the_addresses_come_from_where_the_build_runs(
    environ: dict[str, str], repository: str, site: str, site_from: str
) -> None:
    addresses, problems = addresses_from_environment(environ, DEFAULT)
    assert problems == []
    assert (addresses.repository, addresses.site, addresses.site_from) == (
        repository,
        site,
        site_from,
    )


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"GITHUB_REPOSITORY": "o/../x"},
            "GITHUB_REPOSITORY 'o/../x' is not a repository's owner/name (letters, digits and "
            "'-', and in the name '.' and '_'), e.g. pypa/sphinx-council",
        ),
        (
            {"GITHUB_REPOSITORY": "o/.."},
            "GITHUB_REPOSITORY 'o/..' is not a repository's owner/name (letters, digits and "
            "'-', and in the name '.' and '_'), e.g. pypa/sphinx-council",
        ),
        (
            {"GITHUB_REPOSITORY": "o/x\x1b[2J"},
            "GITHUB_REPOSITORY 'o/x\\\\x1b[2J' is not a repository's owner/name (letters, digits "
            "and '-', and in the name '.' and '_'), e.g. pypa/sphinx-council",
        ),
        (
            {"GITHUB_SERVER_URL": "http://github.com"},
            "GITHUB_SERVER_URL 'http://github.com' is not an https: address",
        ),
        (
            {"GITHUB_SERVER_URL": "https://github.com/evil"},
            "GITHUB_SERVER_URL 'https://github.com/evil' has a path; give the forge's address, "
            "e.g. https://github.com",
        ),
        (
            {"COUNCIL_BASE_URL": "http://council.example.net/"},
            "COUNCIL_BASE_URL 'http://council.example.net/' is an http: address; give the "
            "https: address the site is published at (http: is for a preview on localhost only)",
        ),
        (
            {"COUNCIL_BASE_URL": 'https://example.org/"><script>'},
            "COUNCIL_BASE_URL 'https://example.org/\"><script>' contains '\"', which a web "
            "address cannot hold as it is; percent-encode it as %22",
        ),
        (
            {"READTHEDOCS_CANONICAL_URL": "javascript:alert(1)"},
            "READTHEDOCS_CANONICAL_URL 'javascript:alert(1)' is not an https: or http: address "
            "with a host, e.g. https://example.org/council/",
        ),
        (
            {"GITHUB_SERVER_URL": "https://git.example.com", "GITHUB_REPOSITORY": "c/site"},
            "GITHUB_SERVER_URL is 'https://git.example.com', whose GitHub Pages addresses are "
            "not github.io's; set COUNCIL_BASE_URL to the address the site is published at",
        ),
    ],
)
def test_a_bad_value_is_named_and_the_default_is_used(
    environ: dict[str, str], expected: str
) -> None:
    addresses, problems = addresses_from_environment(environ, DEFAULT)
    assert problems == [expected]
    assert addresses.repository == f"https://github.com/{DEFAULT}"
    assert addresses.site == "https://packaging-council.github.io/"


def test_every_bad_value_is_named_at_once() -> None:
    environ = {
        "GITHUB_SERVER_URL": "ftp://github.com",
        "GITHUB_REPOSITORY": "nobody",
        "COUNCIL_BASE_URL": "http://example.org",
    }
    _, problems = addresses_from_environment(environ, DEFAULT)
    assert [problem.split()[0] for problem in problems] == list(environ)


def test_a_pages_address_is_github_io_s_only() -> None:
    assert pages_address("https://github.com", "PyPA/Sphinx-Council") == (
        "https://pypa.github.io/Sphinx-Council/"
    )
    assert pages_address("https://git.example.com", "pypa/x") is None


def feed_ids(site: Path) -> dict[str, list[str]]:
    """Every id a reader or a mail client keeps, by file: the Atom feeds' own ids and entry
    ids, RSS guids, JSON Feed item ids, calendar UIDs and the e-mail editions' Message-IDs."""
    ids: dict[str, list[str]] = {}
    for path in sorted(site.glob("feeds/**/*.atom")):
        root = ET.parse(path).getroot()
        ids[path.relative_to(site).as_posix()] = [e.text or "" for e in root.iter(f"{ATOM}id")]
    for path in sorted(site.glob("feeds/**/*.xml")):
        guids = ET.parse(path).getroot().iter("guid")
        ids[path.relative_to(site).as_posix()] = [e.text or "" for e in guids]
    for path in sorted(site.glob("feeds/**/*.json")):
        items = json.loads(path.read_text("utf-8"))["items"]
        ids[path.relative_to(site).as_posix()] = [item["id"] for item in items]
    for path in sorted(site.glob("**/*.ics")):
        unfolded = path.read_text("utf-8").replace("\r\n ", "")
        ids[path.relative_to(site).as_posix()] = re.findall(r"^UID:(.*?)\r?$", unfolded, re.M)
    for path in sorted(site.glob("this-week/*.eml")):
        message = message_from_bytes(path.read_bytes())
        ids[path.relative_to(site).as_posix()] = [str(message["Message-ID"])]
    return ids


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site built where it would be in a fork's workflow, served at another
    address."""
    out = tmp_path_factory.mktemp("moved") / "html"
    result = sphinx_build(REPO / "docs", out, "-W", "-E", "-d", str(out.parent / "dt"), env=MOVED)
    assert result.returncode == 0, result.stderr
    return out


def test_ids_stay_when_the_site_moves(bundled_site: Path, moved_site: Path) -> None:
    before, after = feed_ids(bundled_site), feed_ids(moved_site)
    assert after == before
    # Today's ids, byte for byte: the authority is pinned to the host the site first had.
    assert before["feeds/newsletter.atom"][:2] == [
        "https://packaging-council.github.io/feeds/newsletter.atom",
        "tag:packaging-council.github.io,2026:digest:2026-W50",
    ]
    assert before["this-week/2026-W16.eml"] == ["<digest-2026-W16@packaging-council.github.io>"]
    assert any(
        uid.startswith("tag:packaging-council.github.io\\,2026:")
        for uid in before["feeds/deadlines.ics"]
    )
    assert sum(map(len, before.values())) > 100


def test_edit_links_and_feed_links_follow_the_workflow_s_environment(moved_site: Path) -> None:
    page = (moved_site / "decisions" / "0001-accept-pep-772-packaging-council.html").read_text()
    assert (
        'href="https://github.com/someone/fork/edit/main/decisions/'
        '0001-accept-pep-772-packaging-council.md"'
    ) in page
    assert 'href="https://github.com/someone/fork"' in page  # the header's icon
    assert (
        '<link rel="canonical" href="https://council.example.net/news/decisions/'
        '0001-accept-pep-772-packaging-council.html" />'
    ) in page
    atom = ET.parse(moved_site / "feeds" / "newsletter.atom").getroot()
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://council.example.net/news/feeds/newsletter.atom",
        "alternate": "https://council.example.net/news/this-week.html",
    }


def test_the_same_environment_builds_the_same_bytes(moved_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "html"
    result = sphinx_build(REPO / "docs", again, "-W", "-E", "-d", str(tmp_path / "dt"), env=MOVED)
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(moved_site) for p in moved_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    different = [f for f in files if (moved_site / f).read_bytes() != (again / f).read_bytes()]
    assert different == []


def test_a_bad_environment_value_stops_a_w_build_naming_it(tmp_path: Path) -> None:
    env = {"GITHUB_REPOSITORY": "o/..", "COUNCIL_BASE_URL": "http://council.example.net/"}
    result = sphinx_build(REPO / "docs", tmp_path / "html", "-W", "--keep-going", env=env)
    assert result.returncode == 1
    default = "(https://github.com/packaging-council/packaging-council.github.io, https://packaging-council.github.io/)"
    assert (
        "WARNING: conf.py: GITHUB_REPOSITORY 'o/..' is not a repository's owner/name (letters, "
        "digits and '-', and in the name '.' and '_'), e.g. pypa/sphinx-council; the site is "
        f"built with the default addresses instead {default} [council.config]"
    ) in result.stderr
    assert (
        "WARNING: conf.py: COUNCIL_BASE_URL 'http://council.example.net/' is an http: address; "
        "give the https: address the site is published at (http: is for a preview on "
        f"localhost only); the site is built with the default addresses instead {default} "
        "[council.config]"
    ) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("setting", "feed_id", "warning"),
    [
        ("", "https://council.example.org/feeds/decisions.atom", ""),
        (
            "council_feed_id_base = 'https://first.example.org/council'",
            "https://first.example.org/council/feeds/decisions.atom",
            "",
        ),
        (
            "council_feed_id_base = 'https://first.example.org/\"><x>'",
            "https://council.example.org/feeds/decisions.atom",
            "WARNING: conf.py: council_feed_id_base 'https://first.example.org/\"><x>' contains "
            "'\"', which a web address cannot hold as it is; percent-encode it as %22; using the "
            "default instead [council.config]",
        ),
    ],
)
def test_a_feed_s_own_id_is_made_from_the_pinned_address(
    tmp_path: Path, setting: str, feed_id: str, warning: str
) -> None:
    conf = CONF + f"council_newsletter = True\n{setting}\n"
    src = write_site(tmp_path / "src", {"0101-example.md": RECORD}, extra={"conf.py": conf})
    result = sphinx_build(src, tmp_path / "out", epoch=AS_OF_RECORD)
    assert result.returncode == 0, result.stderr
    assert (warning in result.stderr) if warning else ("council_feed_id_base" not in result.stderr)
    atom = ET.parse(tmp_path / "out" / "feeds" / "decisions.atom").getroot()
    assert atom.findtext(f"{ATOM}id") == feed_id
    # The links and the entries' tag: ids are not the feed's own id's business.
    self_link = atom.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == "https://council.example.org/feeds/decisions.atom"
    entry_ids = [e.findtext(f"{ATOM}id") or "" for e in atom.iter(f"{ATOM}entry")]
    assert entry_ids and all(i.startswith("tag:council.example.org,2026:") for i in entry_ids)
