"""Every ``council`` option whose value reaches a page, a feed, a mail header or a file, given odd
values: each is a usage error (exit 2) naming the option and what to write, before anything is
read or written, and never a traceback."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RECORD, ROSTER
from sphinx_council.cli import main
from sphinx_council.core.plaintext import shown

PROPOSED = """\
---
id: PC-0301
title: A proposal
kind: policy
summary: Proposed.
status: proposed
history:
  - date: 2026-11-01
    status: proposed
areas: [pypi]
---

## Context

Text.
"""

# Values no option should take as they are: empty, a line break, a terminal escape, a name too
# long for any file system.
EMPTY, NEWLINE, ESCAPE, HUGE = "", "\n", "\x1b[31m", "9" * 5000
DIGEST = ("digest", "2026-W09", "--first-week", "2026-W01")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD.replace("2027-", "2026-"))
    (tmp_path / "decisions" / "0301-a-proposal.md").write_text(PROPOSED)
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.delenv("COUNCIL_BASE_URL", raising=False)
    return tmp_path


Council = Callable[..., tuple[int, str]]
# Commands run without a conf.py (digest reads none from this project), or that take none.
WITHOUT_CONF = ("digest", "try-pathway", "new-pathway")


@pytest.fixture
def council(project: Path, capsys: pytest.CaptureFixture[str]) -> Council:
    """Run a command in the project: its exit code and what it wrote to stderr."""

    def run(*argv: str) -> tuple[int, str]:
        before = _files(project)
        try:
            code = main([*argv, *([] if argv[0] in WITHOUT_CONF else ["--conf", ""])])
        except SystemExit as exit_info:  # argparse's own usage errors
            code = int(exit_info.code or 0)
        err = capsys.readouterr().err
        if code == 2:
            assert _files(project) == before, "a usage error wrote something"
        return code, err

    return run


def _files(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _date_cases() -> list[tuple[tuple[str, ...], str]]:
    commands = {
        "--date": [
            ("status", "PC-0301", "withdrawn"),
            ("supersede", "PC-0301", "PC-0101"),
            ("new", "A title"),
            ("peps", "refresh", "--data-dir", "peps"),
        ],
        "--closes": [("status", "PC-0301", "comment-period")],
    }
    odd = {
        "2026-02-30": "'2026-02-30' is not a date: day is out of range for month",
        "2026-13-01": "'2026-13-01' is not a date: month must be in 1..12",
        "30/01/2026": "'30/01/2026' is not a date; write it as YYYY-MM-DD",
        EMPTY: "'' is not a date; write it as YYYY-MM-DD",
        NEWLINE: "'\\\\x0a' is not a date",
        ESCAPE: "'\\\\x1b[31m' is not a date",
        HUGE: f"'{HUGE}' is not a date",
    }
    return [
        ((*command, option, value), f"{option} {message}")
        for option, forms in commands.items()
        for command in forms
        for value, message in odd.items()
    ]


def _text_cases() -> list[tuple[tuple[str, ...], str]]:
    status = ("status", "PC-0301", "deferred")
    return [
        ((*status, "--note", NEWLINE), "--note '\\\\x0a' contains U+000A"),
        ((*status, "--note", ESCAPE), "--note '\\\\x1b[31m' contains U+001B (ESCAPE)"),
        ((*status, "--link", "javascript:alert(1)"), "is not an https: link"),
        ((*status, "--link", ESCAPE), "--link '\\\\x1b[31m' contains U+001B (ESCAPE)"),
        (("peps", "refresh", "--url", EMPTY), "--url '' is not an https: or http: address"),
        (("peps", "refresh", "--url", "/etc/passwd"), "--url '/etc/passwd' is not an https:"),
        (("peps", "refresh", "--url", NEWLINE), "--url '\\\\x0a' contains U+000A"),
    ]


def _address_cases() -> list[tuple[tuple[str, ...], str]]:
    cases = []
    for command in (DIGEST, ("schema",)):
        for value, message in {
            'https://example.org/"a': "'https://example.org/\"a' contains '\"', which a web "
            "address cannot hold as it is; percent-encode it as %22",
            "https://example.org/a b": "'https://example.org/a b' contains ' ', which a web "
            "address cannot hold as it is; percent-encode it as %20",
            EMPTY: "is empty; give the site's address, e.g. https://example.org/council/",
            NEWLINE: "'\\\\x0a' contains U+000A",
            "javascript:alert(1)": "'javascript:alert(1)' is not an https: or http: address "
            "with a host, e.g. https://example.org/council/",
            "https://user:secret@example.org/": "'https://user:secret@example.org/' carries a "
            "user name or password; give the public address",
            "https://example.org/?a=1": "'https://example.org/?a=1' has a ?query or #fragment; "
            "give the address of the site's root",
            "https://": "'https://' is not an https: or http: address with a host",
        }.items():
            cases.append(((*command, "--base-url", value), f"--base-url {message}"))
    email_format = (*DIGEST, "--format", "email")
    for option in ("--sender", "--to"):
        for value, message in {
            "News\nBcc: victim@example.org": "'News\\\\x0aBcc: victim@example.org' contains U+000A",
            "News\r\nBcc: victim@example.org": "'News\\\\x0d\\\\x0aBcc: victim@example.org' "
            "contains U+000D",
            "not an address": "'not an address' is not a mail address; write it as Name "
            "<user@example.org>",
            "a@example.org, b@example.org": "'a@example.org, b@example.org' is not one mail "
            "address; write it as Name <user@example.org>",
            EMPTY: "'' is not one mail address",
            "News <news@-example>": "'News <news@-example>' has no user@host address",
        }.items():
            cases.append(((*email_format, option, value), f"{option} {message}"))
    return cases


def _output_cases() -> list[tuple[tuple[str, ...], str]]:
    file_cases = {
        EMPTY: "--output is empty; give a path",
        NEWLINE: "--output '\\\\x0a' contains U+000A",
        "decisions": "cannot write --output decisions: it is a folder; give a file path, or "
        "leave out --output and redirect",
        "/dev/full": "cannot write --output /dev/full: it is a device or pipe",
        "nowhere/issue.md": "cannot write --output nowhere/issue.md: there is no folder "
        "nowhere; create it first",
        HUGE: f"cannot write --output {HUGE}: File name too long",
    }
    folder_cases = {
        EMPTY: "--output is empty; give a path",
        "decisions/0101-example.md": "cannot write --output decisions/0101-example.md: it is "
        "a file, not a folder; give a folder (it is created if missing)",
        "/dev/full": "cannot write --output /dev/full: it is a device or pipe, not a folder",
        HUGE: f"cannot write --output {HUGE}: File name too long",
    }
    return [
        *(((*DIGEST, "--output", value), message) for value, message in file_cases.items()),
        *((("schema", "--output", value), message) for value, message in folder_cases.items()),
    ]


CASES = [*_date_cases(), *_text_cases(), *_address_cases(), *_output_cases()]


@pytest.mark.parametrize(
    ("argv", "message"), CASES, ids=[shown(" ".join(a))[:80] for a, _ in CASES]
)
def test_an_odd_value_is_a_usage_error_naming_the_option(
    council: Council, argv: tuple[str, ...], message: str
) -> None:
    code, err = council(*argv)
    assert code == 2, err
    assert err.startswith(f"council {argv[0]}")
    assert message in err
    assert "Traceback" not in err


def test_every_bad_option_is_named_at_once(council: Council) -> None:
    code, err = council(
        "status", "PC-0301", "comment-period", "--closes", "2026-02-30", "--note", ESCAPE
    )
    assert code == 2
    assert "--closes '2026-02-30' is not a date" in err
    assert "--note '\\\\x1b[31m' contains U+001B (ESCAPE)" in err
    assert "--date" not in err


def test_a_base_url_without_a_final_slash_gets_one(
    council: Council, capsys: pytest.CaptureFixture[str]
) -> None:
    assert council(*DIGEST, "--base-url", "https://example.org/council")[0] == 0
    code = main(["schema", "--conf", "", "--base-url", "https://example.org/council"])
    assert code == 0
    out = capsys.readouterr().out
    assert '"$id": "https://example.org/council/schemas/decision.schema.json"' in out


def test_an_existing_output_file_is_replaced_whole(project: Path, council: Council) -> None:
    (project / "issue.md").write_text("an older issue, much longer than the new one " * 200)
    (project / "issue.md").chmod(0o640)
    assert council(*DIGEST, "--output", "issue.md")[0] == 0
    text = (project / "issue.md").read_text()
    assert text.startswith("# This Week in Packaging #9") and "older issue" not in text
    assert (project / "issue.md").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in project.iterdir()) == ["council", "decisions", "issue.md"]


def test_a_linked_output_file_is_refused(project: Path, council: Council) -> None:
    (project / "target.md").write_text("kept")
    (project / "issue.md").symlink_to(project / "target.md")
    code, err = council(*DIGEST, "--output", "issue.md")
    assert code == 2
    assert "cannot write --output issue.md: it is a symbolic link" in err
    assert (project / "target.md").read_text() == "kept"


def test_schema_output_replaces_its_files_in_a_folder(project: Path, council: Council) -> None:
    (project / "schemas").mkdir()
    (project / "schemas" / "decision.schema.json").write_text("old")
    (project / "schemas" / "notes.txt").write_text("not ours")
    code, err = council("schema", "--output", "schemas")
    assert code == 0, err
    assert (project / "schemas" / "decision.schema.json").read_text().startswith("{")
    assert (project / "schemas" / "notes.txt").read_text() == "not ours"
    code, err = council("schema", "--output", "new/schemas")
    assert code == 0 and (project / "new" / "schemas" / "pathway.schema.json").is_file()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "council_newsletter_sender = 'News\\nBcc: victim@example.org'",
            "council digest: docs/conf.py: council_newsletter_sender 'News\\\\x0aBcc: "
            "victim@example.org' contains U+000A",
        ),
        (
            "html_baseurl = 'https://example.org/\"><script>'",
            "council digest: docs/conf.py: html_baseurl 'https://example.org/\"><script>' "
            "contains '\"'",
        ),
        (
            "council_feed_authority = 'example.org>\\r\\nBcc: victim@example.org'",
            "council digest: docs/conf.py: council_feed_authority 'example.org>\\\\x0d\\\\x0aBcc: "
            "victim@example.org' is not a host name",
        ),
    ],
)
def test_conf_values_that_reach_the_email_are_checked(
    project: Path, council: Council, setting: str, message: str
) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "conf.py").write_text(setting + "\n")
    code, err = council(*DIGEST, "--format", "email")
    assert code == 2
    assert message in err


def test_the_environment_base_url_is_checked(
    council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNCIL_BASE_URL", "https://example.org/ x")
    code, err = council(*DIGEST)
    assert code == 2
    assert "council digest: COUNCIL_BASE_URL 'https://example.org/ x' contains ' '" in err
    # The option overrides it, as the message says.
    assert council(*DIGEST, "--base-url", "https://example.org/")[0] == 0


def test_a_valid_sender_and_recipient_reach_the_headers(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    argv = [*DIGEST, "--format", "email", "--sender", '"The Editors" <news@example.org>']
    assert main([*argv, "--to", "list@example.org", "--base-url", "https://c.org/"]) == 0
    message = email.message_from_bytes(
        capsysbinary.readouterr().out,
        policy=email.policy.default,  # type: ignore[arg-type]
    )
    assert message["From"] == "The Editors <news@example.org>"
    assert message["To"] == "list@example.org"


def test_a_name_too_long_for_the_file_system_is_a_usage_error(council: Council) -> None:
    code, err = council("check", "--root", HUGE)
    assert code == 2
    assert "File name too long" in err


# --- As the issue saw them: the real command, its stderr, no traceback ---------------------


def _council(project: Path, *argv: str, stdout: int | None = None) -> tuple[int, str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1795219200"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_council.cli", *argv],
        cwd=project,
        env=environment,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((*DIGEST, "--output", "/dev/full"), "council digest: cannot write --output /dev/full"),
        ((*DIGEST, "--output", "decisions"), "council digest: cannot write --output decisions"),
        ((*DIGEST, "--base-url", 'https://x.org/"'), "council digest: --base-url"),
        ((*DIGEST, "--format", "email", "--sender", "a\nBcc: b@x.org"), "--sender"),
        (("schema", "--output", "decisions/0101-example.md"), "council schema: cannot write"),
        (
            ("status", "PC-0301", "comment-period", "--closes", "2026-02-30"),
            "council status: --closes '2026-02-30' is not a date",
        ),
    ],
)
def test_the_reported_commands_end_in_a_message(
    project: Path, argv: tuple[str, ...], message: str
) -> None:
    code, err = _council(project, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_a_full_standard_output_is_a_message(project: Path) -> None:
    with open("/dev/full", "w") as full:  # noqa: PTH123
        code, err = _council(project, *DIGEST, stdout=full.fileno())
    assert code == 2
    assert err.endswith("council digest: cannot write standard output: No space left on device\n")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("decisions", "cannot write --record decisions: it is a folder"),
        ("/dev/full", "cannot write --record /dev/full: it is a device or pipe"),
        (
            "nowhere/checked.json",
            "cannot write --record nowhere/checked.json: there is no folder nowhere; create it "
            "first",
        ),
    ],
)
def test_try_pathway_checks_its_record_file_before_the_run(
    council: Council, value: str, message: str
) -> None:
    code, err = council("try-pathway", "--record", value)
    assert code == 2
    assert f"council try-pathway: {message}" in err
    assert "Installing" not in err
