"""``council check``: every rule of the build, without building the site."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.contentwalk import PATHWAYS, ContentFolder, left_alone, walk_content
from ..core.layout import is_suppressed, pep_status_warnings
from ..core.problems import Check, Problem
from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CouncilProject,
    UsageError,
    add_project_options,
    conf_line,
    display_path,
    read_text,
)
from ..core.sourcefiles import absolute
from ..decisions.checkcache import CACHE_DIR, CheckCache
from ..decisions.project import CheckResult, check_project, problems_for
from ..newsletter.digest import DEFAULT_FIRST_WEEK, IsoWeek
from ..newsletter.news import read_news_desk
from ..newsletter.published import PublishedUnreadable, read_published
from ..newsletter.releases import DEFAULT_WATCH, SnapshotProblem, load_snapshot, watch_problems
from .projects import open_project
from .reports import FORMATS, github_report, json_report, text_report

# A folder given to ``council check``: its records and YAML files at any depth are reported on
# (the project's own walk of each content folder says what it does not read).
EVERY_FILE = ContentFolder("files", "", nested=True)


def _chosen_files(paths: Sequence[Path]) -> list[Path]:
    """The files given, and the entries of the folders given, none followed through a link:
    a given link, pipe or odd name is kept, so that its problem is the one shown."""
    files: list[Path] = []
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"no file or folder at {display_path(path)}; check the path")
        if path.is_dir() and not path.is_symlink():
            walk = walk_content(path, path, EVERY_FILE)
            files += [p for p in walk.files if p.suffix in (".md", ".yaml")]
            files += [p for p in walk.excluded if not left_alone(p.name)]
        else:
            files.append(path)
    return files


def _project_result(project: CouncilProject, chosen: Sequence[Path], no_cache: bool) -> CheckResult:
    """Records (the project's and the chosen ones), the roster and the pathways, checked."""
    # By name, not resolved: resolving a link loop raises, and a link is never followed.
    roster = absolute(project.roster_file) if project.roster_file else None
    records = [p for p in chosen if p.suffix == ".md" and absolute(p) != roster]
    pathways = walk_content(project.pathways_dir, project.root, PATHWAYS).files
    result = check_project(
        project.decisions_dir,
        project.roster_file,
        project.settings,
        records,
        pathways,
        CheckCache.open(
            None if no_cache else project.root,
            project.settings,
            str(project.conf_values.get("council_build_date") or ""),
        ),
        pep_status_warnings(project.conf_values),
        root=project.root,
    )
    if not os.path.lexists(project.pathways_dir):  # anything else there is walked, and refused
        return result
    # Loaded for a project with pathways: their rules are a twentieth of the check's start.
    from .new_pathway import with_pathway_problems  # noqa: PLC0415

    return with_pathway_problems(
        result, project, project.pathways_dir, display_path, project.settings.build_date
    )


def run_check(args: argparse.Namespace) -> int:
    """Report every problem in the project (or in the chosen files); exit 1 if any."""
    try:
        project = open_project(args)
        chosen = _chosen_files(args.paths)
        against_base = _base_problems(project, args.base) if args.base else []
    except UsageError as error:
        print(f"council check: {error}", file=sys.stderr)
        return EXIT_USAGE
    result, problems = project_problems(project, chosen, args.no_cache, against_base)
    if args.paths:
        shown = set(problems_for(result, {display_path(p) for p in chosen}))
        problems = [p for p in problems if p in shown]
    if args.format == "json":
        sys.stdout.write(json_report(problems, result.files, len(result.records)))
    elif args.format == "github":
        sys.stdout.write(github_report(problems))
    else:
        sys.stdout.write(text_report(problems))
    scope = (
        f"{len(chosen)} file(s) checked against {result.files} record(s)"
        if args.paths
        else f"{result.files} record(s) checked"
    )
    errors = [problem for problem in problems if not problem.advisory]
    reminders = len(problems) - len(errors)
    if reminders:
        print(
            f"{reminders} reminder(s) (overdue reviews, dates after the build date, decisions "
            "before their comment period closed) that do not fail the check",
            file=sys.stderr,
        )
    if errors:
        sources = {problem.source for problem in errors}
        print(f"{len(errors)} problem(s) in {len(sources)} file(s); {scope}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{scope}, no problems", file=sys.stderr)
    return EXIT_OK


def _base_problems(project: CouncilProject, ref: str) -> list[Problem]:
    # Loaded for --base alone: git's subprocess and the record editor are a twentieth of
    # the check's start, which a hook pays on every commit.
    from .basecheck import base_problems  # noqa: PLC0415

    return base_problems(project, ref)


def project_problems(
    project: CouncilProject,
    chosen: Sequence[Path] = (),
    no_cache: bool = False,
    against_base: Sequence[Problem] = (),
) -> tuple[CheckResult, list[Problem]]:
    """Every record, pathway and news file checked, and the problems the build would report
    (those ``suppress_warnings`` silences left out): what ``council check`` says."""
    result = _with_newsletter_problems(_project_result(project, chosen, no_cache), project)
    if against_base:
        merged = tuple(sorted({*result.problems, *against_base}))
        result = CheckResult(result.records, result.files, merged)
    # What the build reports is what fails it: the problems conf.py silences are not shown.
    silenced = project.conf_values.get("suppress_warnings")
    return result, [p for p in result.problems if not is_suppressed(p, silenced)]


def _with_newsletter_problems(result: CheckResult, project: CouncilProject) -> CheckResult:
    """The news folder's items and notes, and ``council_digest_start``, as the build reads them."""
    conf, values = project.conf_file, project.conf_values
    if conf is None:
        return result
    problems: list[Problem] = list(project.config_problems)
    start = values.get("council_digest_start")
    if start is not None and IsoWeek.parse(str(start)) is None:
        line = conf_line(read_text(conf, [], project.root) or "", "council_digest_start")
        message = f"{start!r} is not an ISO week; write it as YYYY-Www, e.g. {DEFAULT_FIRST_WEEK}"
        problems.append(
            Problem(display_path(conf), line, "council_digest_start", message, Check.CONFIG)
        )
    news_dir = project.layout.news_dir if project.layout is not None else None
    if news_dir is not None and news_dir.is_dir():
        desk = read_news_desk(news_dir, project.settings, display_path, root=project.root)
        problems += desk.problems
    if values.get("council_newsletter") is True:
        text = read_text(conf, [], project.root) or ""
        problems += [
            Problem(display_path(conf), conf_line(text, name), name, message, Check.CONFIG)
            for name, message in _newsletter_data_problems(conf.parent, values)
        ]
    if not problems:
        return result
    return CheckResult(result.records, result.files, tuple(sorted({*result.problems, *problems})))


def _newsletter_data_problems(confdir: Path, values: dict[str, object]) -> list[tuple[str, str]]:
    """The release snapshot and the record of published issues, read as a build that publishes
    the newsletter reads them: a file it cannot use fails that build (option, message)."""
    found = []
    if folder := values.get("council_release_snapshot"):
        try:
            snapshot = load_snapshot(Path(confdir, str(folder)))
        except SnapshotProblem as problem:
            found.append(("council_release_snapshot", str(problem)))
        else:
            watched = watch_problems(values.get("council_release_watch", DEFAULT_WATCH))[0]
            if missing := sorted(set(watched) - {p.name for p in snapshot.projects}):
                found.append(
                    (
                        "council_release_snapshot",
                        f"the snapshot has no releases of {', '.join(missing)}; run council "
                        "releases refresh",
                    )
                )
    if name := values.get("council_newsletter_published"):
        path = Path(confdir, str(name))
        try:
            read_published(path)
        except PublishedUnreadable as error:
            found.append(("council_newsletter_published", f"{path}: {error}"))
    return found


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council check``."""
    check = commands.add_parser(
        "check",
        help="check the decision records and the roster, without building the site",
        description="Check every decision record and the council roster with the same rules "
        "as the Sphinx build, reporting every problem at once. Given paths, only problems in "
        "those files are shown (and cross-record problems elsewhere that name them), but "
        "every record is still read, since ids, supersession and votes relate records.",
        epilog=EXIT_CODES,
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="record files (or folders of them) to report on; default: every record",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: FILE:LINE: FIELD: MESSAGE [council.CHECK] (default); github: GitHub "
        "Actions annotations on the changed lines; json: one JSON document "
        "(shape in the README)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help=f"read every record afresh and leave the cache ({CACHE_DIR}/ in the project's "
        "root, ignored by git) untouched; the answer is the same either way",
    )
    check.add_argument(
        "--base",
        metavar="REF",
        help="also fail for a record whose id another record has at git REF (the pull "
        "request's base branch, e.g. main), naming the 'council renumber' command to run",
    )
    add_project_options(check)
    check.set_defaults(handler=run_check)
