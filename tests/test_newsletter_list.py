"""The mailing list of the e-mail edition: its sign-up link on the issues, the feeds page and
the home page, and the RFC 2369 / 2919 / 8058 headers of each ``.eml``; every value checked,
since it ends up in a header sent to every subscriber."""

from __future__ import annotations

import email
import email.message
import email.parser
import email.policy
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOTS, editable, sphinx_build
from sphinx_council.newsletter.mailinglist import (
    MailingList,
    list_headers,
    read_mailing_list,
    subscribe_problem,
)

SUBSCRIBE = "https://lists.example.org/postorius/lists/this-week.example.org/"
LIST = {"id": "this-week.example.org", "post": "this-week@example.org"}
LIST_CONF = f"""
council_newsletter_subscribe = {SUBSCRIBE!r}
council_newsletter_list = {{
    "id": "this-week.example.org",
    "post": "this-week@example.org",
    "unsubscribe": ["mailto:this-week-leave@example.org", "https://lists.example.org/unsub"],
    "archive": "https://lists.example.org/archives/",
}}
"""
LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Post")


@pytest.mark.parametrize(
    ("unsubscribe", "expected"),
    [
        ("mailto:leave@example.org", [("List-Unsubscribe", "<mailto:leave@example.org>")]),
        (
            ["https://lists.example.org/u?list=tw"],
            [
                ("List-Unsubscribe", "<https://lists.example.org/u?list=tw>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
        ),
        (
            ["mailto:leave@example.org?subject=unsubscribe", "https://lists.example.org/u"],
            [
                (
                    "List-Unsubscribe",
                    "<mailto:leave@example.org?subject=unsubscribe>, <https://lists.example.org/u>",
                ),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
        ),
    ],
    ids=["mailto", "https", "both"],
)
def test_one_click_unsubscribe_only_with_an_https_address(
    unsubscribe: object, expected: list[tuple[str, str]]
) -> None:
    mailing_list, problems = read_mailing_list({**LIST, "unsubscribe": unsubscribe})
    assert problems == []
    assert mailing_list is not None
    assert list_headers(mailing_list) == [
        ("List-Id", "<this-week.example.org>"),
        *expected,
        ("List-Post", "<mailto:this-week@example.org>"),
    ]


def test_the_sign_up_page_and_the_archive_become_headers_too() -> None:
    mailing_list, _ = read_mailing_list(
        {**LIST, "unsubscribe": "mailto:l@example.org", "archive": "https://a.example.org/"},
        SUBSCRIBE,
    )
    assert mailing_list is not None
    assert dict(list_headers(mailing_list)) == {
        "List-Id": "<this-week.example.org>",
        "List-Unsubscribe": "<mailto:l@example.org>",
        "List-Subscribe": f"<{SUBSCRIBE}>",
        "List-Post": "<mailto:this-week@example.org>",
        "List-Archive": "<https://a.example.org/>",
    }


PREFIX = "council_newsletter_list: "


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"unsubscribe": "http://lists.example.org/u"},
            "'unsubscribe': 'http://lists.example.org/u' is not an https: address",
        ),
        (
            {"unsubscribe": "https://lists.example.org/u\r\nBcc: all@example.org"},
            "'unsubscribe': 'https://lists.example.org/u\\\\x0d\\\\x0aBcc: all@example.org' "
            "contains U+000D (a control character)",
        ),
        (
            {"unsubscribe": "https://lists.example.org/u>,<https://evil.example"},
            "'unsubscribe': 'https://lists.example.org/u>,<https://evil.example' contains a "
            "space, bracket, quote, comma or character outside ASCII, which a mail header "
            "cannot carry; write it %-encoded",
        ),
        (
            {"unsubscribe": "mailto:leave@example.org?subject=un subscribe"},
            "'unsubscribe': 'mailto:leave@example.org?subject=un subscribe' contains a space,",
        ),
        (
            {"unsubscribe": "mailto:leave at example.org"},
            "'unsubscribe': 'mailto:leave at example.org' is not mailto: followed by an e-mail "
            "address",
        ),
        (
            {"unsubscribe": "https://lists.example.org/" + "u" * 900},
            "'unsubscribe': 'https://lists.example.org/uuuuuuuuuuuuuu'... is longer than 900 "
            "characters, too long for a mail header",
        ),
        (
            {"unsubscribe": []},
            "'unsubscribe' must be a mailto: or https: address, or a list of them",
        ),
        ({"id": "this week"}, "'id' 'this week' is not a list id such as this-week.example.org"),
        ({"id": "localhost"}, "'id' 'localhost' is not a list id such as this-week.example.org"),
        (
            {"post": "List <l@example.org>"},
            "'post': 'List <l@example.org>' is not an e-mail address such as list@example.org",
        ),
        (
            {"archive": "https://lists.example.org/ä"},
            "'archive': 'https://lists.example.org/ä' contains a space,",
        ),
        ({"owner": "x"}, "unknown key 'owner'; the keys are id, post, unsubscribe, archive"),
    ],
)
def test_a_value_unfit_for_a_header_is_refused(change: dict[str, object], expected: str) -> None:
    value = {**LIST, "unsubscribe": "https://lists.example.org/u", **change}
    mailing_list, problems = read_mailing_list(value)
    assert mailing_list is None
    (problem,) = problems
    assert problem.startswith(PREFIX + expected)


def test_every_problem_of_the_list_at_once() -> None:
    _, problems = read_mailing_list({"id": "x", "post": "", "unsubscribe": "ftp://x.org/"})
    assert problems == [
        f"{PREFIX}'id' 'x' is not a list id such as this-week.example.org",
        f"{PREFIX}'post': '' is not an e-mail address such as list@example.org",
        f"{PREFIX}'unsubscribe': 'ftp://x.org/' is not an https: address",
    ]
    assert read_mailing_list(["x"]) == (
        None,
        ["council_newsletter_list must be a dict with the keys id, post, unsubscribe, archive"],
    )
    assert read_mailing_list(None) == (None, [])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://lists.example.org/", "'http://lists.example.org/' is not an https: address"),
        ("javascript:alert(1)", "'javascript:alert(1)' is not an https: address"),
        ("https://lists.example.org/a b", "'https://lists.example.org/a b' contains a space"),
    ],
)
def test_the_sign_up_page_is_an_https_page(url: str, expected: str) -> None:
    problem = subscribe_problem(url)
    assert problem is not None
    assert problem.startswith(f"council_newsletter_subscribe: {expected}")
    assert subscribe_problem(SUBSCRIBE) is None


def test_a_long_address_is_never_encoded() -> None:
    from sphinx_council.newsletter.mail import _add_uri_header  # noqa: PLC0415

    long = "https://lists.example.org/unsubscribe?token=" + "a1" * 60
    mailing_list = MailingList("tw.example.org", "tw@example.org", ("mailto:l@example.org", long))
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    for name, value in list_headers(mailing_list):
        _add_uri_header(message, name, value)
    raw = message.as_bytes(policy=email.policy.SMTP.clone(refold_source="none"))
    assert b"=?utf-8?" not in raw
    assert f"List-Unsubscribe: <mailto:l@example.org>,\r\n <{long}>\r\n".encode() in raw
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<mailto:l@example.org>, <{long}>"


def build(tmp_path: Path, conf: str = "") -> tuple[Path, subprocess.CompletedProcess[str]]:
    src = Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "src"))
    index = editable(src / "index.md").replace(
        "```{digest-latest}", "```{feed-list}\n:show: email\n```\n\n```{digest-latest}"
    )
    (src / "index.md").write_text(index, "utf-8")
    # A feeds page listing one group shows the sign-up link once, in the full list only.
    with (src / "feeds.md").open("a", encoding="utf-8") as stream:
        stream.write("\n```{feed-list}\n:show: areas\n```\n")
    with (src / "conf.py").open("a", encoding="utf-8") as stream:
        stream.write(conf)
    result = sphinx_build(src, tmp_path / "out", epoch="1795219200")
    assert result.returncode == 0, result.stderr
    return tmp_path / "out", result


def emails(out: Path) -> list[email.message.EmailMessage]:
    paths = sorted((out / "this-week").glob("*.eml"))
    assert paths
    parser = email.parser.BytesParser(policy=email.policy.default)
    return [parser.parsebytes(p.read_bytes()) for p in paths]


def test_every_email_of_a_site_with_a_list_carries_its_headers(tmp_path: Path) -> None:
    out, result = build(tmp_path, LIST_CONF)
    assert "WARNING" not in result.stderr
    for message in emails(out):
        assert message["To"] == "this-week@example.org"
        assert message["List-Id"] == "<this-week.example.org>"
        assert message["List-Unsubscribe"] == (
            "<mailto:this-week-leave@example.org>, <https://lists.example.org/unsub>"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Post"] == "<mailto:this-week@example.org>"
        text, html = message.get_body(("plain",)), message.get_body(("html",))
        assert text is not None and html is not None
        words = " ".join(text.get_content().split())
        assert "Get each issue in your inbox: Subscribe by e-mail." in words
        assert f" {SUBSCRIBE} " in words
        assert f'href="{SUBSCRIBE}"' in html.get_content()
    link = f'href="{SUBSCRIBE}">Subscribe by e-mail</a>'
    for page in ("this-week/2026-W42.html", "feeds.html", "index.html"):
        assert (out / page).read_text("utf-8").count(link) == 1, page


def test_without_a_list_no_header_and_no_sign_up_link(tmp_path: Path) -> None:
    out, _ = build(tmp_path)
    for message in emails(out):
        assert [name for name in message if name.startswith("List-") or name == "To"] == []
    for page in ("this-week/2026-W42.html", "feeds.html", "index.html"):
        assert "Subscribe by e-mail" not in (out / page).read_text("utf-8"), page


def test_a_list_unfit_for_headers_is_a_warning_and_no_header(tmp_path: Path) -> None:
    conf = (
        'council_newsletter_subscribe = "http://lists.example.org/"\n'
        "council_newsletter_list = {'id': 'tw.example.org', 'post': 'tw@example.org', "
        "'unsubscribe': 'https://x.example.org/u\\nBcc: all@example.org'}\n"
    )
    out, result = build(tmp_path, conf)
    assert (
        "WARNING: conf.py: council_newsletter_subscribe: 'http://lists.example.org/' is not an "
        "https: address; no e-mail sign-up link is shown [council.config]"
    ) in result.stderr
    assert (
        "WARNING: conf.py: council_newsletter_list: 'unsubscribe': "
        "'https://x.example.org/u\\\\x0aBcc: all@example.org' contains U+000A"
    ) in result.stderr
    assert "; the e-mail editions carry no list headers [council.config]" in result.stderr
    for message in emails(out):
        assert "Bcc" not in message and "List-Id" not in message
    assert "Subscribe by e-mail" not in (out / "feeds.html").read_text("utf-8")
