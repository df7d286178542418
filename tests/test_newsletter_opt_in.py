"""The newsletter is opt-in: a project that loads sphinx_council for its decision records, and
never sets ``council_newsletter = True``, gets no issue pages, feeds, OPML, ``<link>`` tags, or
warning asking for ``html_baseurl``.

These tests assert only the newsletter's outputs; what the other concerns (PEP pages, the
decisions export) write into such a project is theirs to check.
"""

from __future__ import annotations

from pathlib import Path

from conftest import sphinx_build

INDEX = """\
A foreign project
=================

It uses sphinx-council for nothing yet.
"""

BLOCKS = """
.. digest-latest::

.. feed-list::
"""

# What the newsletter writes when it is on (see test_feeds.py): its pages, its feeds and their
# stamp beside the environment.
NEWSLETTER_SUFFIXES = {".atom", ".opml", ".xml"}


def foreign_project(root: Path, index: str = INDEX) -> Path:
    """reStructuredText, the default theme, no records, no news, no site address."""
    root.mkdir()
    (root / "conf.py").write_text('extensions = ["sphinx_council"]\n', "utf-8")
    (root / "index.rst").write_text(index, "utf-8")
    return root


def newsletter_outputs(out: Path, doctrees: Path) -> list[str]:
    found = [
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if "this-week" in path.parts
        or (path.parts[len(out.parts)] == "feeds")
        or path.suffix in NEWSLETTER_SUFFIXES
    ]
    return sorted(found + [path.name for path in doctrees.glob("council-feeds*")])


def test_a_project_without_the_newsletter_gets_nothing_of_it(tmp_path: Path) -> None:
    src = foreign_project(tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    result = sphinx_build(src, out, "-W", "-d", str(doctrees))
    assert result.returncode == 0, result.stderr
    assert "html_baseurl" not in result.stderr
    assert newsletter_outputs(out, doctrees) == []
    index = (out / "index.html").read_text("utf-8")
    assert 'rel="alternate"' not in index
    assert "This Week in Packaging" not in index


def test_turned_on_the_same_project_gets_issues_feeds_and_the_address_warning(
    tmp_path: Path,
) -> None:
    # The counterpart of the test above, so that it cannot pass for a newsletter that is
    # never written at all.
    src = foreign_project(tmp_path / "src", INDEX + BLOCKS)
    (src / "conf.py").write_text(
        'extensions = ["sphinx_council"]\ncouncil_newsletter = True\n'
        'html_baseurl = "https://example.org/"\n',
        "utf-8",
    )
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    result = sphinx_build(src, out, "-d", str(doctrees))
    assert result.returncode == 0, result.stderr
    written = newsletter_outputs(out, doctrees)
    assert "feeds/newsletter.atom" in written
    assert "feeds/feeds.opml" in written
    assert any(name.startswith("this-week/") for name in written)
    assert 'type="application/atom+xml"' in (out / "index.html").read_text("utf-8")
    (src / "conf.py").write_text('extensions = ["sphinx_council"]\ncouncil_newsletter = True\n')
    result = sphinx_build(src, tmp_path / "unaddressed", "-E")
    assert "WARNING: conf.py: html_baseurl is not set, so no feeds are written" in result.stderr


def test_newsletter_directives_while_off_warn_once_and_show_nothing(tmp_path: Path) -> None:
    src = foreign_project(tmp_path / "src", INDEX + BLOCKS)
    (src / "more.rst").write_text(":orphan:\n\nMore\n====\n\n.. digest-archive::\n", "utf-8")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    # In parallel, so that "once" holds across the processes that read the pages.
    result = sphinx_build(src, out, "-j", "2", "-d", str(doctrees))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert warnings == [
        "WARNING: conf.py: council_newsletter is off, so the newsletter directives show nothing "
        "(digest-latest in index, feed-list in index, digest-archive in more); set "
        "council_newsletter = True to publish This Week in Packaging [council.config]"
    ]
    index = (out / "index.html").read_text("utf-8")
    assert "No issue has been published yet" not in index
    assert "No feeds are published" not in index
    assert newsletter_outputs(out, doctrees) == []
