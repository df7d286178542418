"""Bad records in a real build: located warnings of type ``council``, every one at once, ``-W``
fails, and nothing valid is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import RECORD, ROSTER, sphinx_build

BAD = (
    RECORD.replace("PC-0101", "PC-0102")
    .replace("status: accepted\nhistory", "status: acepted\nhistory")
    .replace("https://example.org/thread", "javascript:alert(1)")
)
DUPLICATE = RECORD.replace("Adopt the example standard", "Same id again")
BROKEN_YAML = "---\nid: PC-0103\ntitle: [oops\n---\n\n## Context\n\nText.\n"


def test_bad_records_give_located_warnings_and_fail_with_W(
    tmp_path: Path, site: Callable[..., Path]
) -> None:
    src = site(
        {
            "0101-example.md": RECORD,
            "0102-bad.md": BAD,
            "0103-broken.md": BROKEN_YAML,
            "0104-duplicate.md": DUPLICATE,
        }
    )
    result = sphinx_build(src, tmp_path / "out", "-W", "--keep-going")
    assert result.returncode != 0
    prefix = f"{src}/decisions/"
    expected = [
        f"{prefix}0102-bad.md:6: WARNING: status: 'acepted' is not one of draft, proposed, "
        "comment-period, accepted, rejected, deferred, withdrawn, superseded (did you mean "
        "'accepted'?) [council.value]",
        f"{prefix}0102-bad.md:30: WARNING: discussion[0]: 'javascript:alert(1)' is not an https: "
        "link; only https: (and http:) URLs are accepted [council.link]",
        f"{prefix}0103-broken.md:4: WARNING: YAML syntax error: while parsing a flow sequence "
        "(started on line 3)",
        f"{prefix}0104-duplicate.md:2: WARNING: id: 'PC-0101' is already the id of "
        "decisions/0101-example; give this record the next free id [council.duplicate]",
    ]
    for line in expected:
        assert line in result.stderr, result.stderr
    # Nothing valid is dropped: every record still has its page, the valid one in full.
    out = tmp_path / "out" / "decisions"
    assert sorted(p.name for p in out.glob("*.html")) == [
        "0101-example.html",
        "0102-bad.html",
        "0103-broken.html",
        "0104-duplicate.html",
    ]
    assert "Adopt the example standard" in (out / "0101-example.html").read_text("utf-8")
    assert "javascript:" not in (out / "0102-bad.html").read_text("utf-8")


def test_warnings_can_be_suppressed_by_subtype(tmp_path: Path, site: Callable[..., Path]) -> None:
    src = site({"0101-example.md": RECORD.replace("https://example.org/thread", "ftp://x")})
    with (src / "conf.py").open("a") as conf:
        conf.write('suppress_warnings.append("council.link")\n')
    result = sphinx_build(src, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr


def test_roster_and_vote_problems_are_build_warnings(
    tmp_path: Path, site: Callable[..., Path]
) -> None:
    roster = ROSTER.replace("Sample University", "Example Labs")
    src = site({"0101-example.md": RECORD.replace("  dara: abstain\n", "")}, roster=roster)
    result = sphinx_build(src, tmp_path / "out")
    assert (
        f"{src}/roster.yaml:2: WARNING: affiliation: 3 members sitting on 2026-06-01 share "
        "the affiliation 'example labs'"
    ) in result.stderr
    assert (
        f"{src}/decisions/0101-example.md:18: WARNING: votes: Dara Fictional (dara) sat on "
        "the council on 2027-03-01 and must vote, abstain or recuse"
    ) in result.stderr


def test_a_missing_roster_file_is_a_clear_configuration_warning(
    tmp_path: Path, site: Callable[..., Path]
) -> None:
    src = site({"0101-example.md": RECORD.replace("decided_by:\n  body: packaging-council", "x")})
    (src / "roster.yaml").unlink()
    with (src / "conf.py").open("a") as conf:
        conf.write('council_id_pattern = "PC-(\\\\d"\n')
    result = sphinx_build(src, tmp_path / "out", "-W", "--keep-going")
    assert result.returncode != 0
    assert (
        f"WARNING: conf.py: council_roster: no file at {src}/roster.yaml; create it (an "
        "empty roster is 'members: []') or fix the path [council.config]"
    ) in result.stderr
    assert (
        "WARNING: conf.py: council_id_pattern is not a valid regular expression "
        "(missing ), unterminated subpattern at position 3); using the default PC-\\d{4} "
        "[council.config]"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_decision_list_options_are_checked(tmp_path: Path, site: Callable[..., Path]) -> None:
    page = "# Page\n\n```{decision-list}\n:status: acepted\n:area: tool\n```\n"
    src = site({"0101-example.md": RECORD}, extra={"page.md": page})
    result = sphinx_build(src, tmp_path / "out")
    assert (
        f"{src}/page.md:3: WARNING: decision-list :status: 'acepted' is not one of draft, "
        "proposed, comment-period, accepted, rejected, deferred, withdrawn, superseded (did you "
        "mean 'accepted'?) [council.value]"
    ) in result.stderr
    assert (
        f"{src}/page.md:3: WARNING: decision-list :area: 'tool' is not one of standards, pypi, "
        "tools, user-guide, governance, community (did you mean 'tools'?) [council.value]"
    ) in result.stderr
