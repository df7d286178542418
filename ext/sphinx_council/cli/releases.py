"""``council releases refresh``: the watched packaging tools' releases from PyPI, into the
project's snapshot, which the build reads without the network."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.conf import ConfUnreadable, read_conf
from ..core.plaintext import shown
from ..core.project import (
    DEFAULT_CONF,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    conf_line,
    display_path,
    read_settings,
)
from ..newsletter.digest import DEFAULT_FIRST_WEEK, IsoWeek
from ..newsletter.events import PackagingEvent
from ..newsletter.release_news import release_events
from ..newsletter.release_refresh import (
    PYPI_URL,
    TIMEOUT,
    ReleaseRefreshError,
    check_pypi_url,
    refresh_releases,
)
from ..newsletter.releases import (
    DEFAULT_WATCH,
    SNAPSHOT_NAME,
    SnapshotProblem,
    load_snapshot,
    watch_problems,
)

DEFAULT_SNAPSHOT_DIR = "releases"  # under the root, when conf.py names no folder


def add_releases_command(commands: Any) -> None:
    """Register ``council releases refresh`` on the CLI's subcommands."""
    releases = commands.add_parser(
        "releases",
        help="manage the snapshot of the packaging tools' releases",
        description="Manage the snapshot of releases that This Week in Packaging reports.",
    )
    actions = releases.add_subparsers(dest="releases_command", required=True, metavar="ACTION")
    refresh = actions.add_parser(
        "refresh",
        help="read the watched projects' releases from PyPI into the snapshot",
        description="Ask the package index, for each project of council_release_watch, for "
        "its versions and their upload times (Simple API, PEP 691 and 700) and its changelog "
        f"link (JSON API), and write {SNAPSHOT_NAME} into --data-dir, else the "
        f"council_release_snapshot folder of the configuration, else {DEFAULT_SNAPSHOT_DIR}/ "
        "under --root. Only releases first uploaded since the newsletter's first week "
        "(council_digest_start) are kept. A failed, malformed, oversized or slow answer for "
        "any project changes nothing (exit 1) and is named with its project.",
    )
    refresh.add_argument(
        "--pypi-url", default=PYPI_URL, help=f"the package index to ask (default: {PYPI_URL})"
    )
    refresh.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    refresh.add_argument(
        "--conf",
        default=DEFAULT_CONF,
        help="Sphinx configuration naming the watch list and the snapshot folder, relative "
        f"to the root (default: {DEFAULT_CONF}, if present)",
    )
    refresh.add_argument(
        "--data-dir", type=Path, help="folder to write the snapshot into, overriding conf.py"
    )
    refresh.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT,
        help=f"seconds each answer may take, whole (default: {TIMEOUT:g})",
    )
    refresh.set_defaults(handler=run_refresh)


@dataclass(frozen=True)
class RefreshPlan:
    names: tuple[str, ...]
    data_dir: Path
    first_week: IsoWeek


def refresh_plan(args: argparse.Namespace) -> RefreshPlan:
    """What to ask and where to write, from the options and the configuration."""
    if problem := check_pypi_url(args.pypi_url):
        raise UsageError(f"--pypi-url {problem}")
    if not 0 < args.timeout <= 600:
        raise UsageError(f"--timeout {args.timeout:g} is not between 0 and 600 seconds")
    values: dict[str, Any] = {}
    conf_file: Path | None = args.root / args.conf if args.conf else None
    where = display_path(conf_file) if conf_file is not None else ""
    if conf_file is not None and conf_file.is_file():
        values = read_settings(conf_file)[1]
    elif conf_file is not None and args.conf != DEFAULT_CONF:
        raise UsageError(f"no configuration file at {where}; fix --conf")
    names, watch = watch_problems(values.get("council_release_watch", DEFAULT_WATCH))
    problems = [("council_release_watch", problem) for problem in watch]
    week_text = values.get("council_digest_start", DEFAULT_FIRST_WEEK)
    first_week = IsoWeek.parse(week_text) if isinstance(week_text, str) else None
    if first_week is None:
        problems.append(("council_digest_start", f"{shown(repr(week_text))} is not an ISO week"))
    if problems or first_week is None:
        text = conf_file.read_text("utf-8") if conf_file is not None and values else ""
        raise UsageError(
            "\n".join(f"{where}:{conf_line(text, name)}: {name} {why}" for name, why in problems)
        )
    if args.data_dir is not None:
        return RefreshPlan(names, args.data_dir, first_week)
    folder = values.get("council_release_snapshot") or ""
    if not isinstance(folder, str):
        raise UsageError(f"{where}: council_release_snapshot must be a folder path")
    data_dir = conf_file.parent / folder if folder and conf_file else args.root / "releases"
    return RefreshPlan(names, data_dir, first_week)


def run_refresh(args: argparse.Namespace) -> int:
    try:
        plan = refresh_plan(args)
        if plan.data_dir.exists() and not plan.data_dir.is_dir():
            raise UsageError(f"{display_path(plan.data_dir)} is not a folder")
    except UsageError as error:
        print(f"council releases refresh: {error}", file=sys.stderr)
        return EXIT_USAGE
    snapshot_file = plan.data_dir / SNAPSHOT_NAME
    verb = "Replaced" if snapshot_file.is_file() else "Wrote"
    try:
        plan.data_dir.mkdir(parents=True, exist_ok=True)
        snapshot = refresh_releases(
            args.pypi_url, plan.names, plan.first_week.monday, plan.data_dir, args.timeout
        )
    except (ReleaseRefreshError, OSError) as error:
        print(
            f"council releases refresh: {error}\n"
            f"The snapshot in {display_path(plan.data_dir)} is unchanged.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    count = sum(len(project.releases) for project in snapshot.projects)
    print(
        f"{verb} {display_path(snapshot_file)}: {count} releases of {len(snapshot.projects)} "
        f"projects since {snapshot.since.isoformat()}."
    )
    return EXIT_OK


def digest_releases(conf_file: Path | None) -> list[PackagingEvent]:
    """The releases ``council digest`` tells: the snapshot the site's build reads, as the build
    reads it (a problem is printed and the issue goes without releases, as the build warns)."""
    if conf_file is None or not conf_file.is_file():
        return []
    try:
        namespace = read_conf(conf_file)
        folder = namespace.get("council_release_snapshot") or ""
        if not isinstance(folder, str) or not folder:
            return []
        snapshot = load_snapshot(conf_file.parent / folder)
    except (ConfUnreadable, SnapshotProblem) as problem:
        print(f"council digest: council_release_snapshot: {problem}", file=sys.stderr)
        return []
    watched = watch_problems(namespace.get("council_release_watch", DEFAULT_WATCH))[0]
    return release_events(snapshot, watched)
