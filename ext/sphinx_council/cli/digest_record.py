"""``council digest WEEK --record``: the record of the issues published (newsletter/published.py),
read before an issue is made and written once it is out."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.files import WriteFailed
from ..newsletter.digest import Schedule, WeeklyDigest
from ..newsletter.published import (
    PUBLISHED_PATH,
    Published,
    PublishedIssue,
    PublishedUnreadable,
    read_published,
    record_issue,
)


def published_path(root: Path, conf_name: str, conf: dict[str, Any]) -> Path:
    """Where the project keeps its record: ``council_newsletter_published`` of its ``conf.py``
    (relative to it, as the build reads it), else ``newsletter/published.json``."""
    configured = conf.get("council_newsletter_published") or ""
    if configured and conf_name:
        return root / Path(conf_name).parent / configured
    return root / PUBLISHED_PATH


def published_issues(
    root: Path, conf_name: str, conf: dict[str, Any], command: str = "digest"
) -> Published | None:
    """The issues recorded as published; None (and why, on standard error, from ``council
    COMMAND``) when the record cannot be read."""
    path = published_path(root, conf_name, conf)
    try:
        return read_published(path)
    except PublishedUnreadable as error:
        print(f"council {command}: {path}: {error}", file=sys.stderr)
        return None


def record_published(
    root: Path,
    conf_name: str,
    conf: dict[str, Any],
    digests: Sequence[WeeklyDigest],
    issue: WeeklyDigest,
    schedule: Schedule,
) -> bool:
    """Add the issue to the record of published issues (the first one sent with the archive
    compiled before it); False (and why) when it cannot be."""
    if schedule.compiled(issue.week) is not None:
        print(
            f"council digest: {issue.week} is before the launch "
            f"(council_newsletter_launch = {schedule.launch}): it was never sent, so it is not "
            "recorded as published",
            file=sys.stderr,
        )
        return False
    archive = [as_published(d) for d in digests if schedule.compiled(d.week) is not None]
    path = published_path(root, conf_name, conf)
    try:
        recorded = record_issue(path, as_published(issue), *archive)
    except (PublishedUnreadable, WriteFailed) as error:
        print(f"council digest: {path}: {error}", file=sys.stderr)
        return False
    if recorded:
        print(f"council digest: recorded {issue.week} as published in {path}", file=sys.stderr)
    else:
        print(f"council digest: {issue.week} was already recorded in {path}", file=sys.stderr)
    return True


def as_published(issue: WeeklyDigest) -> PublishedIssue:
    """An issue as the record keeps it."""
    return PublishedIssue(
        str(issue.week), issue.number, issue.sent, issue.covers, issue.events, issue.upcoming
    )
