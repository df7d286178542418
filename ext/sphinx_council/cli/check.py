"""``council check``: every rule of the build, without building the site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

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
    open_project,
)
from ..decisions.checkcache import CACHE_DIR, CheckCache
from ..decisions.project import CheckResult, check_project, problems_for
from ..newsletter.digest import DEFAULT_FIRST_WEEK, IsoWeek
from ..newsletter.news import read_news_desk
from .new_pathway import PATHWAYS_DIR, with_pathway_problems
from .reports import FORMATS, github_report, json_report, text_report


def _chosen_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted([*path.rglob("*.md"), *path.rglob("*.yaml")])
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no file or folder at {display_path(path)}; check the path")
    return files


def run_check(args: argparse.Namespace) -> int:
    """Report every problem in the project (or in the chosen files); exit 1 if any."""
    try:
        project = open_project(args)
        chosen = _chosen_files(args.paths)
    except UsageError as error:
        print(f"council check: {error}", file=sys.stderr)
        return EXIT_USAGE
    roster = project.roster_file.resolve() if project.roster_file else None
    records = [p for p in chosen if p.suffix == ".md" and p.resolve() != roster]
    pathways = sorted((project.root / PATHWAYS_DIR).glob("*.yaml"))
    result = with_pathway_problems(
        check_project(
            project.decisions_dir,
            project.roster_file,
            project.settings,
            records,
            pathways,
            CheckCache.open(None if args.no_cache else project.root, project.settings),
        ),
        project.root,
        display_path,
        project.settings.build_date,
    )
    result = _with_newsletter_problems(result, project)
    problems = list(result.problems)
    if args.paths:
        problems = problems_for(result, {display_path(p) for p in chosen})
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
            f"{reminders} reminder(s) (overdue reviews, dates after the build date) that do not "
            "fail the check",
            file=sys.stderr,
        )
    if errors:
        sources = {problem.source for problem in errors}
        print(f"{len(errors)} problem(s) in {len(sources)} file(s); {scope}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{scope}, no problems", file=sys.stderr)
    return EXIT_OK


def _with_newsletter_problems(result: CheckResult, project: CouncilProject) -> CheckResult:
    """The news folder's items and notes, and ``council_digest_start``, as the build reads them."""
    conf, values = project.conf_file, project.conf_values
    if conf is None:
        return result
    problems: list[Problem] = []
    start = values.get("council_digest_start")
    if start is not None and IsoWeek.parse(str(start)) is None:
        line = conf_line(conf.read_text("utf-8"), "council_digest_start")
        message = f"{start!r} is not an ISO week; write it as YYYY-Www, e.g. {DEFAULT_FIRST_WEEK}"
        problems.append(
            Problem(display_path(conf), line, "council_digest_start", message, Check.CONFIG)
        )
    news_dir = values.get("council_news_dir")
    if isinstance(news_dir, str) and news_dir:
        problems += read_news_desk(conf.parent / news_dir, project.settings, display_path).problems
    if not problems:
        return result
    return CheckResult(result.records, result.files, tuple(sorted({*result.problems, *problems})))


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
    add_project_options(check)
    check.set_defaults(handler=run_check)
