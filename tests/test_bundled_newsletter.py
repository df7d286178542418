"""The bundled site publishes This Week in Packaging from the real records, the vendored PEP
history and the news folder, and builds it the same way twice."""

from __future__ import annotations

import os
from pathlib import Path

import feedparser
import pytest

from buildoutputs import assert_same_output
from conftest import sphinx_build
from sphinx_council.cli import main

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "html"
    result = sphinx_build(REPO / "docs", out, "-W", "-E", "-d", str(out.parent / "doctrees"))
    assert result.returncode == 0, result.stderr
    return out


def test_first_issue_has_every_section_with_news(bundled: Path) -> None:
    issue = (bundled / "this-week" / "2026-W16.html").read_text()
    assert "This Week in Packaging #1, week of 13 April 2026" in issue
    for heading in ("Council decisions", "Standards", "News"):
        assert f">{heading}<" in issue
    assert "PC-0001 accepted: Accept PEP 772, the Packaging Council governance process" in issue
    assert "PEP 772 accepted: Packaging Council governance process" in issue
    assert "Welcome to the first issue of This Week in Packaging." in issue
    archive = (bundled / "this-week.html").read_text()
    assert 'href="this-week/2026-W46.html"' in archive  # the latest issue (the pathways)


def test_the_pathways_first_publication_is_an_issue(bundled: Path) -> None:
    issue = (bundled / "this-week" / "2026-W46.html").read_text()
    assert ">Pathway updates<" in issue
    assert "New pathway: Start here: your first Python project with packages" in issue
    assert 'href="../pathways/start-here.html"' in issue


def test_newsletter_feed_has_one_entry_per_published_week(bundled: Path) -> None:
    parsed = feedparser.parse((bundled / "feeds" / "newsletter.xml").read_bytes())
    assert not parsed.bozo
    weeks = [e.link.rsplit("/", 1)[1].removesuffix(".html") for e in parsed.entries]
    assert weeks == [
        "2026-W46",
        "2026-W32",
        "2026-W27",
        "2026-W25",
        "2026-W23",
        "2026-W21",
        "2026-W17",
        "2026-W16",
    ]
    assert parsed.entries[0].link == "http://localhost:8000/this-week/2026-W46.html"


def test_parallel_build_of_the_bundled_site_is_identical(bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    result = sphinx_build(REPO / "docs", out, "-W", "-E", "-j", "2", "-d", str(tmp_path / "dt"))
    assert result.returncode == 0, result.stderr
    assert_same_output(out, bundled)


def test_council_digest_of_the_bundled_records(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("COUNCIL_BASE_URL", raising=False)
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1795219200")
    assert main(["digest", "2026-W16", "--base-url", "https://council.example.org/"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("# This Week in Packaging #1, week of 13 April 2026\n")
    assert (
        "- 16 April 2026: [PEP 772 is accepted and the Packaging Council is created]"
        "(<https://discuss.python.org/t/pep-772-packaging-council-governance-process-round-3/"
        "100181/118>)"
    ) in captured.out
    assert (
        "(<https://council.example.org/decisions/0001-accept-pep-772-packaging-council.html>)"
        in (captured.out)
    )
