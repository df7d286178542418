"""``council changes [BASE]``: what merging the working tree into BASE would publish, without
building the site: records added, changed, superseded and removed; the newsletter items it adds
and to which issue; the feed entries it adds; the pathways it changes; and what ``council
check`` reports. For a terminal, a pull request (Markdown) or a program (JSON).

The base's files are read from git offline: its tree is written into a temporary folder through
a temporary index (``git read-tree`` and ``git checkout-index``), so neither the working tree
nor the repository's own index changes, and both sides are read by the same loaders as
``council check``. Both are judged as of the working tree's build date.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..core.plaintext import shown
from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    CouncilProject,
    UsageError,
    add_project_options,
    display_path,
)
from ..decisions.model import DecisionRecord
from ..decisions.project import check_project
from ..newsletter.digest import DEFAULT_FIRST_WEEK, IsoWeek, Schedule
from ..newsletter.events import pathway_check_events
from ..newsletter.merge import compare
from ..newsletter.news import NewsDesk, read_news_desk
from ..newsletter.publication import Publication, Sources, publication
from ..newsletter.published import Published
from ..pathways.checked import CHECKED_FILE, read_checked
from ..pathways.checks import check_pathways
from ..pathways.model import Pathway
from .basecheck import run_git
from .changes_report import FORMATS, Base
from .check import project_problems
from .digest_record import published_issues
from .new_pathway import vendored_guide
from .projects import open_project, use_project_peps
from .releases import digest_releases

DEFAULT_BASE = "main"
# Tried in turn when no BASE is given: a clone made by CI often has only the remote's branch.
DEFAULT_BASES = (DEFAULT_BASE, f"origin/{DEFAULT_BASE}")
NEEDS = "council changes"
SHALLOW = (
    "a shallow clone has too little history: fetch it whole (git fetch --unshallow, or "
    "fetch-depth: 0 in GitHub Actions)"
)


def resolve_base(root: Path, given: str | None) -> Base:
    """The commit to compare with: the merge base of HEAD and ``given`` (default: main, else
    origin/main), as a pull request's diff is; a usage error saying what is missing."""
    top = run_git(root, "rev-parse", "--show-toplevel", needs=NEEDS)
    if top.returncode != 0:
        raise UsageError(
            f"{shown(str(root.resolve()))} is not in a git repository, so there is no base to "
            "compare with; run it in a clone of the project"
        )
    if run_git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").returncode != 0:
        raise UsageError("this branch has no commit yet; commit your work, then run it again")
    names = [given] if given is not None else list(DEFAULT_BASES)
    for name in names:
        # A name starting with '-' would be read by git as an option.
        found = run_git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
        if not name.startswith("-") and found.returncode == 0:
            break
    else:
        if given is not None:
            raise UsageError(
                f"BASE {shown(given)!r}: no branch, tag or commit has that name here; give one "
                "of this repository, e.g. main or origin/main (fetch it first in a shallow clone)"
            )
        raise UsageError(
            f"no branch {DEFAULT_BASE!r} here (nor {DEFAULT_BASES[1]!r}) to compare with; name "
            "the branch the pull request goes into, e.g. 'council changes origin/trunk'"
        )
    merge = run_git(root, "merge-base", found.stdout.strip(), "HEAD")
    if merge.returncode != 0:
        raise UsageError(f"BASE {shown(name)!r} shares no commit with HEAD here ({SHALLOW})")
    return Base(name, merge.stdout.strip(), given is None)


def checkout(root: Path, commit: str, into: Path) -> Path:
    """The project's folder at ``commit``, written under ``into`` through a temporary index."""
    top = Path(run_git(root, "rev-parse", "--show-toplevel").stdout.strip())
    env = {**os.environ, "GIT_INDEX_FILE": str(into / "index")}
    tree = into / "tree"
    for args in (("read-tree", commit), ("checkout-index", "--all", f"--prefix={tree}/")):
        done = run_git(root, *args, env=env, needs=NEEDS)
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["git failed"])[-1]
            raise UsageError(f"cannot read the base {commit[:12]}: {shown(reason)}")
    return tree / root.resolve().relative_to(top.resolve())


def _schedule(project: CouncilProject) -> Schedule:
    """Which issues are published, from the project's configuration, as the build reads it."""
    values = project.conf_values
    first = IsoWeek.parse(str(values.get("council_digest_start") or DEFAULT_FIRST_WEEK))
    first = first or IsoWeek.parse(DEFAULT_FIRST_WEEK)
    assert first is not None
    launch = IsoWeek.parse(str(values.get("council_newsletter_launch") or first))
    conf = project.conf_file.relative_to(project.root).as_posix() if project.conf_file else ""
    # Unreadable, it is left out with a warning, as the build leaves it out.
    published = published_issues(project.root, conf, values, "changes") or Published()
    return Schedule(first, project.settings.build_date, launch, published)


def _publication(
    project: CouncilProject, records: Sequence[DecisionRecord], as_of: Schedule
) -> Publication:
    """What the project publishes: its records, and the pathways and news as the build reads
    them (the PEP index in use must be the project's)."""
    settings, root = project.settings, project.root
    pathways: Sequence[Pathway] = ()
    if os.path.lexists(project.pathways_dir):
        ids = [record.id for record in records if record.id]
        pathways, _ = check_pathways(
            project.pathways_dir,
            ids,
            settings.build_date,
            display_path,
            guide=vendored_guide,
            personas=settings.personas,
            root=root,
        )
    news_dir = project.layout.news_dir if project.layout is not None else None
    desk = NewsDesk()
    if news_dir is not None and news_dir.is_dir():
        desk = read_news_desk(news_dir, settings, display_path, root=root)
    checked = read_checked(project.pathways_dir / CHECKED_FILE, root)
    checks = pathway_check_events(checked.runs()) if checked else []
    releases = digest_releases(project.conf_file)
    sources = Sources(records, pathways, desk, checks, releases, settings.areas, settings.personas)
    return publication(sources, as_of, bool(project.conf_values.get("council_newsletter")))


def _base_publication(
    args: argparse.Namespace, base: Base, folder: Path, head: CouncilProject
) -> Publication:
    """The project at the base commit, read as the working tree is, as of its build date."""
    there = argparse.Namespace(**{**vars(args), "root": checkout(head.root, base.commit, folder)})
    try:
        project = open_project(there, new_folder=True)
    except UsageError as error:
        raise UsageError(f"at the base {base.commit[:12]}: {error}") from error
    records: Sequence[DecisionRecord] = ()
    if project.decisions_dir.is_dir():
        result = check_project(
            project.decisions_dir, project.roster_file, project.settings, root=project.root
        )
        records = result.records
    # The working tree's date: both sides are judged on the day the merge would be built.
    as_of = dataclasses.replace(_schedule(project), build_date=head.settings.build_date)
    return _publication(project, records, as_of)


def run_changes(args: argparse.Namespace) -> int:
    """Report what merging the working tree into BASE would publish (exit 0), whatever
    ``council check`` finds in it: the check is the gate, this is the report."""
    try:
        project = open_project(args)
        base = resolve_base(project.root, args.base)
        with tempfile.TemporaryDirectory(prefix="council-changes-") as folder:
            before = _base_publication(args, base, Path(folder), project)
        use_project_peps(project)
        result, problems = project_problems(project)
        after = _publication(project, result.records, _schedule(project))
    except UsageError as error:
        print(f"council changes: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(FORMATS[args.format](compare(before, after), problems, base))
    return EXIT_OK


def add_changes_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council changes``."""
    changes = commands.add_parser(
        "changes",
        help="what merging this branch would publish: records, newsletter items, feed entries",
        description="Compare the project at BASE with the working tree, without building the "
        "site: the records added, changed (status changes with their dates), superseded and "
        "removed; the newsletter items the merge adds, with the issue (week and number) each "
        "goes into as of the build date; the entries it adds to each feed; the pathways it "
        "changes; and the problems 'council check' reports. Exits 0 with the report, whatever "
        "the check finds ('council check' is the gate), and 2 when BASE cannot be read.",
        epilog=EXIT_CODES,
    )
    changes.add_argument(
        "base",
        nargs="?",
        metavar="BASE",
        help=f"a branch, tag or commit; the comparison is with its merge base with HEAD, as a "
        f"pull request's diff is (default: {DEFAULT_BASE}, else {DEFAULT_BASES[1]})",
    )
    changes.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="text for a terminal (default); markdown for a pull request: a table, then the "
        "details; json: one document (keys in the README)",
    )
    add_project_options(changes)
    changes.set_defaults(handler=run_changes)
