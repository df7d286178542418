"""Issue pages, the archive, the home page and the feeds after parallel builds and rebuilds:
byte-identical to a clean serial build, like the rest of the site (see test_incremental.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from buildoutputs import assert_parallel_equals_serial, assert_same_output, clean_build, rebuild
from conftest import ROOTS, editable, sphinx_build
from sphinx_council.cli import main


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "src"))


def test_parallel_build_equals_serial_build(source: Path, tmp_path: Path) -> None:
    serial = assert_parallel_equals_serial(source, tmp_path)
    assert (serial / "this-week" / "2026-W42.html").exists()
    assert (serial / "feeds" / "newsletter.atom").exists()


def _add_news_in_a_new_week(src: Path) -> None:
    (src / "news" / "2026-12-16-late.yaml").write_text(
        "title: Late news\ndate: 2026-12-16\nsummary: One more event.\nareas: [community]\n"
    )


def _edit_the_note(src: Path) -> None:
    path = src / "news" / "notes" / "2026-W42.yaml"
    path.write_text(editable(path).replace("two paragraphs", "two short paragraphs"))


def _add_a_history_entry(src: Path) -> None:
    # PC-0105 is superseded in a week that had no issue: a new issue and a new decision entry.
    path = src / "decisions" / "0105-lock-installers.md"
    path.write_text(
        editable(path)
        .replace("status: accepted\nhistory", "status: superseded\nhistory")
        .replace(
            "    link: https://example.org/decision\n",
            "    link: https://example.org/decision\n  - date: 2026-12-22\n    status: superseded\n",
        )
    )
    (src / "decisions" / "0106-newer.md").write_text(
        editable(path)
        .replace("PC-0105", "PC-0106")
        .replace("status: superseded\nhistory", "status: accepted\nhistory")
        .replace("  - date: 2026-12-22\n    status: superseded\n", "")
        .replace("discussion:", "supersedes: [PC-0105]\ndiscussion:")
        .replace("Adopt the lock file installer rules", "Adopt newer installer rules")
    )


def _remove_the_news_item(src: Path) -> None:
    (src / "news" / "2026-10-14-summit-notes.yaml").unlink()


@pytest.mark.parametrize(
    "edit",
    [_add_news_in_a_new_week, _edit_the_note, _add_a_history_entry, _remove_the_news_item],
    ids=["add-news", "edit-note", "add-history", "remove-news"],
)
def test_rebuild_after_an_edit_equals_a_clean_build(
    source: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    incremental = clean_build(source, tmp_path / "incremental")
    edit(source)
    rebuild(source, incremental)
    clean = clean_build(source, tmp_path / "clean")
    assert_same_output(incremental, clean)


def test_news_problems_are_build_warnings_with_file_and_line(source: Path, tmp_path: Path) -> None:
    (source / "news" / "bad.yaml").write_text("title: Bad\ndate: someday\nsummary: x\n")
    (source / "news" / "notes" / "2026-W43.yaml").write_text(
        "written: 2026-10-26\ntext: Nothing happened.\n"
    )
    result = sphinx_build(source, tmp_path / "out", "--keep-going", "-W")
    assert result.returncode == 1
    assert (
        "news/bad.yaml:2: WARNING: date: 'someday' is not a date; write it as YYYY-MM-DD, "
        "e.g. 2026-04-16 [council.date]"
    ) in result.stderr
    assert (
        "news/notes/2026-W43.yaml:1: WARNING: no issue is published for 2026-W43 (the week has "
        "no events), so this editor's note appears nowhere; move it to a week with an issue "
        "[council.value]"
    ) in result.stderr


def test_bad_newsletter_options_are_config_warnings(source: Path, tmp_path: Path) -> None:
    result = sphinx_build(
        source,
        tmp_path / "out",
        "-D",
        "council_digest_start=2026-16",
        "-D",
        "council_build_date=21 November",
    )
    assert result.returncode == 0, result.stderr
    assert (
        "WARNING: conf.py: council_digest_start '2026-16' is not an ISO week; write it as "
        "YYYY-Www, e.g. 2026-W16; using 2026-W16 [council.config]"
    ) in result.stderr
    assert (
        "WARNING: conf.py: council_build_date '21 November' is not a date; write it as "
        "YYYY-MM-DD; using SOURCE_DATE_EPOCH instead [council.config]"
    ) in result.stderr
    # Issues now start with the week of 13 April 2026, before the root's own start (2026-W32),
    # and are numbered in order.
    issues = sorted(p.stem for p in (tmp_path / "out" / "this-week").glob("*.html"))
    assert issues[0] < "2026-W32"
    number = issues.index("2026-W42") + 1
    assert (
        f"This Week in Packaging #{number}, week of 12 October 2026"
        in (tmp_path / "out" / "this-week" / "2026-W42.html").read_text()
    )


def test_configured_build_date_holds_back_later_weeks(source: Path, tmp_path: Path) -> None:
    # Sunday 18 October: the week of 12 October is not over, so its issue waits for Monday.
    result = sphinx_build(source, tmp_path / "out", "-W", "-D", "council_build_date=2026-10-18")
    assert result.returncode == 0, result.stderr
    issues = sorted(p.name for p in (tmp_path / "out" / "this-week").glob("*.html"))
    assert issues == ["2026-W32.html", "2026-W41.html"]
    # Each issue's e-mail edition beside its page, and no other.
    emails = sorted(p.name for p in (tmp_path / "out" / "this-week").glob("*.eml"))
    assert emails == [name.replace(".html", ".eml") for name in issues]
    # On Monday it is published, with everything of its week.
    result = sphinx_build(source, tmp_path / "out", "-W", "-D", "council_build_date=2026-10-19")
    assert result.returncode == 0, result.stderr
    issue = (tmp_path / "out" / "this-week" / "2026-W42.html").read_text()
    assert "PC-0105 open for comment" in issue
    assert "summit" in issue
    assert "Published on 19 October 2026." in issue


def _edit_a_record_s_prose(src: Path) -> None:
    # Nothing the issues or feeds show: the newsletter reuses what it derived last time.
    path = src / "decisions" / "0105-lock-installers.md"
    path.write_text(path.read_text() + "\nOne more sentence of prose.\n")


def test_rebuild_after_a_prose_edit_equals_a_clean_build(source: Path, tmp_path: Path) -> None:
    incremental = clean_build(source, tmp_path / "incremental")
    feed = incremental / "feeds" / "newsletter.xml"
    written = feed.stat().st_mtime_ns
    _edit_a_record_s_prose(source)
    rebuild(source, incremental)
    assert feed.stat().st_mtime_ns == written
    assert_same_output(incremental, clean_build(source, tmp_path / "clean"))


FAILING_EXTENSION = """
from pathlib import Path


def fail_while_writing(app, pagename, templatename, context, doctree):
    if (Path(app.srcdir) / "FAIL").exists():
        raise RuntimeError("the build fails while writing pages")


def setup(app):
    app.connect("html-page-context", fail_while_writing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def test_feeds_are_written_after_a_build_that_failed_while_writing(
    source: Path, tmp_path: Path
) -> None:
    # The environment, with the newly planned feeds, is saved before pages are written; a
    # build that fails then writes no feed, and the next one must still write them.
    (source / "failing.py").write_text(FAILING_EXTENSION)
    conf = source / "conf.py"
    conf.write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        + editable(conf).replace('"sphinx_council"]', '"sphinx_council", "failing"]')
    )
    incremental = clean_build(source, tmp_path / "incremental")
    doctrees = str(tmp_path / "incremental-doctrees")
    _add_news_in_a_new_week(source)
    (source / "FAIL").touch()
    failed = sphinx_build(source, incremental, "-d", doctrees)
    assert failed.returncode != 0
    assert "the build fails while writing pages" in failed.stderr
    assert "Late news" not in (incremental / "feeds" / "newsletter.xml").read_text()
    (source / "FAIL").unlink()
    result = sphinx_build(source, incremental, "-W", "-d", doctrees)
    assert result.returncode == 0, result.stderr
    assert "Late news" in (incremental / "feeds" / "newsletter.xml").read_text()
    assert_same_output(incremental, clean_build(source, tmp_path / "clean"))


def test_a_feed_file_changed_on_disk_is_written_again(source: Path, tmp_path: Path) -> None:
    out = clean_build(source, tmp_path / "out")
    feed = out / "feeds" / "newsletter.atom"
    expected = feed.read_bytes()
    feed.write_bytes(expected.replace(b"This Week in Packaging", b"This Week in Pakaging"))
    (out / "feeds" / "decisions.json").unlink()
    rebuild(source, out)
    assert feed.read_bytes() == expected
    assert (out / "feeds" / "decisions.json").exists()


def test_another_builder_sharing_the_environment_gets_its_own_feeds(
    source: Path, tmp_path: Path
) -> None:
    # Issue links in the feeds depend on the builder (page.html or page/), so issues and feeds
    # derived for one builder are not reused by the next one reading the same environment.
    doctrees = str(tmp_path / "shared-doctrees")
    html = sphinx_build(source, tmp_path / "html", "-W", "-d", doctrees)
    assert html.returncode == 0, html.stderr
    result = sphinx_build(source, tmp_path / "dirhtml", "-W", "-b", "dirhtml", "-d", doctrees)
    assert result.returncode == 0, result.stderr
    clean = clean_build(source, tmp_path / "clean", "-b", "dirhtml")
    assert "this-week/2026-W42/" in (clean / "feeds" / "newsletter.xml").read_text()
    assert_same_output(tmp_path / "dirhtml", clean)


def test_a_published_issue_stays_as_sent_and_later_news_of_its_week_goes_to_the_next(
    source: Path, tmp_path: Path
) -> None:
    # The weekly job records the issue of 2026-W42 once it is out...
    argv = ["digest", "2026-W42", "--root", str(source), "--first-week", "2026-W32"]
    assert main([*argv, "--conf", "conf.py", "--record"]) == 0
    # ... then a news item dated in that week is added: it goes into the next issue.
    (source / "news" / "2026-10-15-backdated.yaml").write_text(
        "title: Backdated news\ndate: 2026-10-15\nsummary: Learned late.\nareas: [community]\n"
    )
    record = "council_newsletter_published=newsletter/published.json"
    result = sphinx_build(source, tmp_path / "out", "-W", "-D", record)
    assert result.returncode == 0, result.stderr
    sent = (tmp_path / "out" / "this-week" / "2026-W42.html").read_text()
    assert "Backdated news" not in sent and "PC-0105 open for comment" in sent
    # The week after was quiet: the late news makes it an issue of its own, numbered next.
    after = (tmp_path / "out" / "this-week" / "2026-W43.html").read_text()
    assert "Backdated news" in after
    assert "This Week in Packaging #4, week of 19 October 2026" in after
