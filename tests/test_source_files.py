"""Files are what they say: every input file is a regular file inside the project, read without
following a link, and the content folders are walked the same way by ``council check`` and the
build. Each hostile entry gets one message, the same from both, and nothing it points to
reaches a report or a page.

The project here is laid out as the council's repository is: ``docs/conf.py`` with the
committed links ``docs/decisions -> ../decisions`` and ``docs/pathways -> ../pathways``, the
roster in ``council/``, news in ``news/``. Both commands run as their own processes with a
timeout, so a hang fails the test instead of stopping the suite. Some cases make device nodes,
which only root may do (the suite runs as root in CI; elsewhere they are skipped).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import RECORD, ROSTER
from sphinx_council.core.contentwalk import RECORDS, walk_content
from sphinx_council.core.sourcefiles import FileRefused, read_source_bytes, shown_name

EXT = Path(__file__).parent.parent / "ext"
EPOCH = "1811808000"  # 2027-06-01, after the test record's history
SECRET = "SECRET-7f3a9c: the publish token is hunter2"

LINK = (
    "is a symbolic link; the project reads only regular files inside it, never through a "
    "link: replace the link with the file or folder itself"
)
FIFO = "is a named pipe (FIFO), not a file; the project reads only regular files: remove it"
NOT_UTF8 = "the name is not valid UTF-8; rename it with UTF-8 characters"

CONF = """\
extensions = ["myst_parser", "sphinx_council"]
council_decisions_dir = "decisions"
council_pathways_dir = "pathways"
council_roster = "../council/roster.yaml"
council_news_dir = "../news"
council_newsletter = True
html_baseurl = "https://council.example.org/"
html_theme = "basic"
"""
NEWS = "title: The council meets\ndate: 2027-05-01\nsummary: A meeting.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A valid project, and beside it (outside it) a folder holding a secret."""
    root = tmp_path / "project"
    for folder in ("decisions", "council", "docs", "news/notes", "pathways"):
        (root / folder).mkdir(parents=True)
    (root / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    (root / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    (root / "docs" / "conf.py").write_text(CONF, "utf-8")
    (root / "docs" / "index.md").write_text("# Site\n\n```{decision-list}\n```\n", "utf-8")
    (root / "news" / "2027-05-01-meets.yaml").write_text(NEWS, "utf-8")
    (root / "docs" / "decisions").symlink_to("../decisions")
    (root / "docs" / "pathways").symlink_to("../pathways")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"---\n{SECRET}\n---\n\n{SECRET}\n", "utf-8")
    (outside / "secret.yaml").write_text(f"{SECRET}: 1\nroot:x:0:0: 2\n", "utf-8")
    # A valid record, so that reading it through a link would show as a page.
    (outside / "0199-outside.md").write_text(RECORD.replace("PC-0101", "PC-0199"), "utf-8")
    return root


def _env() -> dict[str, str]:
    return {"PYTHONPATH": str(EXT), "SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"}


def council_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_council.cli", "check", "--no-cache", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
        timeout=60,
    )


def sphinx(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going"),
            *(str(root / "docs"), str(root.parent / "html")),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
        timeout=300,
    )


def site_text(root: Path) -> str:
    """Every file the build wrote, as text."""
    out = root.parent / "html"
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in out.rglob("*") if path.is_file()
    )


@dataclass(frozen=True)
class Case:
    """Something a pull request can put in the project, and what both commands say about it."""

    make: Callable[[Path], None]
    expected: tuple[tuple[str, str], ...]  # (path from the project root, message)
    not_pages: tuple[str, ...] = ()  # pages the build must not write (under the output)


def _link(path: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / path).symlink_to(target)

    return make


def _fifos(*paths: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        for path in paths:
            os.mkfifo(root / path)

    return make


def _loops(root: Path) -> None:
    (root / "decisions" / "a.md").symlink_to("b.md")
    (root / "decisions" / "b.md").symlink_to("a.md")
    (root / "decisions" / "nested").mkdir()
    (root / "decisions" / "nested" / "back").symlink_to("..")
    (root / "decisions" / "up").symlink_to(".")


def _odd_name(root: Path) -> None:
    (root / "decisions" / os.fsdecode(b"caf\xe9.md")).write_text(RECORD, "utf-8")


def _linked_pathway_files(root: Path) -> None:
    (root / "pathways" / "leak.yaml").symlink_to("../../outside/secret.yaml")
    (root / "pathways" / "checked.json").symlink_to("/etc/passwd")


def _unread_names(root: Path) -> None:
    (root / "decisions" / "0007-x.markdown").write_text(RECORD, "utf-8")
    (root / "decisions" / "0008-y.MD").write_text(RECORD, "utf-8")
    # Sphinx would read it as a pathway page, from the decisions folder.
    (root / "decisions" / "0009-z.yaml").write_text("id: z\n", "utf-8")
    (root / "pathways" / "x.yml").write_text("id: x\n", "utf-8")
    (root / "pathways" / "notes.md").write_text("# A page that is not a pathway\n", "utf-8")
    (root / "news" / "2027-05-02-y.yml").write_text(NEWS, "utf-8")


CASES = {
    "record linked to an outside file": Case(
        _link("decisions/0102-leak.md", "../../outside/secret.md"),
        (("decisions/0102-leak.md", LINK),),
        ("decisions/0102-leak.html",),
    ),
    "news item linked to an outside file": Case(
        _link("news/2027-05-03-leak.yaml", "../../outside/secret.yaml"),
        (("news/2027-05-03-leak.yaml", LINK),),
    ),
    "linked folder under decisions": Case(
        _link("decisions/more", "../../outside"),
        (("decisions/more", LINK),),
        ("decisions/more/0199-outside.html",),
    ),
    "link loops": Case(
        _loops,
        (
            ("decisions/a.md", LINK),
            ("decisions/b.md", LINK),
            ("decisions/nested/back", LINK),
            ("decisions/up", LINK),
        ),
    ),
    "named pipes": Case(
        _fifos("decisions/x.md", "pathways/x.yaml", "news/x.yaml"),
        (("decisions/x.md", FIFO), ("news/x.yaml", FIFO), ("pathways/x.yaml", FIFO)),
    ),
    "a name that is not UTF-8": Case(_odd_name, (("decisions/caf\\xe9.md", NOT_UTF8),)),
    "a device through a link": Case(
        _link("decisions/zero.md", "/dev/zero"), (("decisions/zero.md", LINK),)
    ),
    "a linked pathway and checked.json": Case(
        _linked_pathway_files,
        (("pathways/checked.json", LINK), ("pathways/leak.yaml", LINK)),
        ("pathways/leak.html",),
    ),
    "names the project does not read": Case(
        _unread_names,
        (
            (
                "decisions/0007-x.markdown",
                "the project reads records only from '.md' files; rename it to '0007-x.md'",
            ),
            (
                "decisions/0008-y.MD",
                "the project reads records only from '.md' files; rename it to '0008-y.md'",
            ),
            (
                "decisions/0009-z.yaml",
                "the project reads records only from '.md' files, so this file is never read; "
                "rename it to '0009-z.md' or move it out of decisions/",
            ),
            (
                "news/2027-05-02-y.yml",
                "the project reads news items only from '.yaml' files; rename it to "
                "'2027-05-02-y.yaml'",
            ),
            (
                "pathways/notes.md",
                "the project reads pathways only from '.yaml' files, so this file is never "
                "read; rename it to 'notes.yaml' or move it out of pathways/",
            ),
            (
                "pathways/x.yml",
                "the project reads pathways only from '.yaml' files; rename it to 'x.yaml'",
            ),
        ),
        ("pathways/notes.html", "decisions/0007-x.html", "decisions/0009-z.html"),
    ),
}


def _build_location(root: Path, path: str) -> str:
    # Pages are named through the source folder (docs/decisions); news as the build's cwd sees it.
    return path if path.startswith("news/") else str(root / "docs" / path)


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_check_and_build_refuse_it_alike(project: Path, case: Case) -> None:
    case.make(project)
    checked = council_check(project)
    assert checked.returncode == 1, checked.stderr
    assert checked.stdout.splitlines() == [
        f"{path}:1: {message} [council.file]" for path, message in sorted(case.expected)
    ]
    built = sphinx(project)
    assert built.returncode != 0
    for path, message in case.expected:
        assert f"{_build_location(project, path)}:1: WARNING: {message} [council.file]" in (
            built.stderr
        )
    assert "Traceback" not in built.stderr + checked.stderr
    everything = checked.stdout + checked.stderr + built.stdout + built.stderr
    assert SECRET not in everything and "root:x:0:0" not in everything
    assert SECRET not in site_text(project)
    out = project.parent / "html"
    assert (out / "decisions" / "0101-example.html").is_file()  # the rest is still built
    for page in case.not_pages:
        assert not (out / page).exists(), page


def test_the_project_as_committed_passes_both(project: Path) -> None:
    checked = council_check(project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = sphinx(project)
    assert built.returncode == 0, built.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may make device nodes")
def test_a_device_node_in_the_project_is_refused_unread(project: Path) -> None:
    os.mknod(project / "decisions" / "zero.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    checked = council_check(project)
    assert checked.stdout == (
        "decisions/zero.md:1: is a character device, not a file; the project reads only "
        "regular files: remove it [council.file]\n"
    )
    built = sphinx(project)
    assert (
        f"{project}/docs/decisions/zero.md:1: WARNING: is a character device, not a file; "
        "the project reads only regular files: remove it [council.file]"
    ) in built.stderr


def test_a_link_out_of_the_hand_written_pages_is_refused(project: Path) -> None:
    """docs/ is reviewed as code, but a link there still never publishes an outside file."""
    (project / "docs" / "leak.md").symlink_to("../../outside/secret.md")
    (project / "docs" / "loop").symlink_to(".")
    built = sphinx(project)
    assert (
        f"{project}/docs/leak.md:1: WARNING: is a link to a file or folder outside the project; "
        "the project reads only files inside it: replace the link with the file or folder "
        "itself [council.file]"
    ) in built.stderr
    assert (
        f"{project}/docs/loop:1: WARNING: is a link to a folder the site already reads (a "
        "loop); remove it [council.file]"
    ) in built.stderr
    assert SECRET not in built.stderr + site_text(project)


def test_a_committed_folder_link_leading_outside_is_refused(project: Path) -> None:
    (project / "docs" / "decisions").unlink()
    (project / "docs" / "decisions").symlink_to("../../outside")
    built = sphinx(project)
    assert (
        f"{project}/docs/decisions:1: WARNING: is a link to a folder outside the project; the "
        "project reads only files inside it: make it a folder of the project [council.file]"
    ) in built.stderr
    assert not (project.parent / "html" / "decisions" / "0199-outside.html").exists()


def test_a_roster_or_conf_py_that_is_a_link_is_refused(project: Path) -> None:
    (project / "council" / "roster.yaml").unlink()
    (project / "council" / "roster.yaml").symlink_to("../../outside/secret.yaml")
    checked = council_check(project)
    # The votes then name people no roster lists: said too, but after the roster's problem.
    assert checked.stdout.splitlines()[0] == f"council/roster.yaml:1: {LINK} [council.file]"
    built = sphinx(project)
    assert f"{project}/council/roster.yaml:1: WARNING: {LINK} [council.file]" in built.stderr
    assert SECRET not in checked.stdout + built.stderr + site_text(project)
    (project / "docs" / "conf.py").rename(project.parent / "outside" / "conf.py")
    (project / "docs" / "conf.py").symlink_to("../../outside/conf.py")
    checked = council_check(project)
    assert checked.returncode == 2
    assert checked.stderr == f"council check: docs/conf.py: {LINK}\n"


def test_given_paths_are_not_followed_either(project: Path) -> None:
    (project / "decisions" / "0102-leak.md").symlink_to("../../outside/secret.md")
    os.mkfifo(project / "decisions" / "x.md")
    (project / "decisions" / "a.md").symlink_to("b.md")
    (project / "decisions" / "b.md").symlink_to("a.md")
    given = ("decisions/0102-leak.md", "decisions/x.md", "decisions/a.md", "decisions")
    checked = council_check(project, *given)
    assert checked.stdout.splitlines() == [
        f"decisions/0102-leak.md:1: {LINK} [council.file]",
        f"decisions/a.md:1: {LINK} [council.file]",
        f"decisions/b.md:1: {LINK} [council.file]",
        f"decisions/x.md:1: {FIFO} [council.file]",
    ]
    assert SECRET not in checked.stdout + checked.stderr


def test_a_subfolder_of_pathways_is_reported(project: Path) -> None:
    (project / "pathways" / "more").mkdir()
    (project / "pathways" / "more" / "x.yaml").write_text("id: x\n", "utf-8")
    checked = council_check(project)
    assert checked.stdout == (
        "pathways/more:1: is a folder; the project reads pathways only from pathways/ itself, "
        "not from folders inside it: move its files up, or move it out [council.file]\n"
    )


def test_dot_files_and_backups_are_left_alone(project: Path) -> None:
    (project / "decisions" / ".gitkeep").write_text("", "utf-8")
    (project / "decisions" / ".#0101-example.md").symlink_to("someone@host.1234")
    (project / "decisions" / "0101-example.md~").write_text(RECORD, "utf-8")
    assert council_check(project).returncode == 0
    assert sphinx(project).returncode == 0


# -- The reader on its own -------------------------------------------------------------------


def test_the_reader_refuses_without_reading_or_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "socket.yaml"))
    (tmp_path / "big.yaml").write_bytes(b"x" * ((1 << 20) + 1))
    expected = {
        "pipe.yaml": FIFO,
        "folder.yaml": "is a folder where a file belongs; put the file itself here",
        "socket.yaml": "is a socket, not a file; the project reads only regular files: remove it",
        "big.yaml": "the file is 1048577 bytes; files over 1048576 bytes (1 MiB) are not read; "
        "split it or shorten it",
    }
    try:
        for name, message in expected.items():
            with pytest.raises(FileRefused) as refused:
                read_source_bytes(tmp_path / name, tmp_path)
            assert refused.value.message == message
    finally:
        listener.close()


def test_the_reader_refuses_a_linked_folder_on_the_way_and_a_file_outside(tmp_path: Path) -> None:
    (tmp_path / "project" / "real").mkdir(parents=True)
    (tmp_path / "project" / "real" / "x.md").write_text("x", "utf-8")
    (tmp_path / "project" / "linked").symlink_to("real")
    with pytest.raises(FileRefused) as refused:
        read_source_bytes(tmp_path / "project" / "linked" / "x.md", tmp_path / "project")
    assert refused.value.message == f"its folder linked {LINK}"
    with pytest.raises(FileRefused) as refused:
        read_source_bytes(tmp_path / "project" / ".." / "x.md", tmp_path / "project")
    assert refused.value.message.startswith(f"is outside the project ({tmp_path}/project)")
    assert read_source_bytes(tmp_path / "project" / "real" / "x.md", tmp_path / "project") == b"x"


def test_a_name_that_is_not_utf8_is_shown_as_its_bytes(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.md")
    assert shown_name(f"decisions/{name}") == "decisions/caf\\xe9.md"
    assert shown_name("decisions/café.md") == "decisions/café.md"
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / name).write_text(RECORD, "utf-8")
    walk = walk_content(tmp_path / "decisions", tmp_path, RECORDS, lambda p: str(p.name))
    assert [(p.source, p.message) for p in walk.problems] == [("caf\\xe9.md", NOT_UTF8)]
    assert walk.files == []


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_a_pep_index_that_is_a_link_or_a_pipe_is_not_read(project: Path, kind: str) -> None:
    (project / "peps").mkdir()
    with (project / "docs" / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('council_pep_index = "../peps"\n')
    index = project / "peps" / "peps.json"
    if kind == "link":
        index.symlink_to("../../outside/secret.yaml")
        problem = LINK
    else:
        os.mkfifo(index)
        problem = FIFO
    built = sphinx(project)
    assert (
        f"WARNING: conf.py: council_pep_index: peps.json {problem}; using the bundled PEP "
        "index [council.config]"
    ) in built.stderr
    assert SECRET not in built.stderr + site_text(project)


def test_a_decisions_folder_linked_out_of_the_project_is_refused(project: Path) -> None:
    (project / "decisions" / "0101-example.md").rename(project.parent / "outside" / "0101.md")
    (project / "decisions").rmdir()
    (project / "decisions").symlink_to("../outside")
    checked = council_check(project)
    # The check reads the records as the build does, through docs/decisions.
    assert checked.stdout == (
        "docs/decisions:1: is a link to a folder outside the project; the project reads only "
        "files inside it: make it a folder of the project [council.file]\n"
    )
    # A link to a folder inside the project is the project's own choice.
    (project / "decisions").unlink()
    (project / "records").mkdir()
    (project / "outside.md").touch()
    (project / "outside.md").rename(project / "records" / "0101-example.md")
    (project / "records" / "0101-example.md").write_text(RECORD, "utf-8")
    (project / "decisions").symlink_to("records")
    assert council_check(project).returncode == 0
