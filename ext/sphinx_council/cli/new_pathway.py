"""``council new-pathway`` (a valid pathway file to start from) and the pathway part of
``council check``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.clock import build_date
from ..core.files import WriteFailed, write_atomically
from ..core.plaintext import shown
from ..core.problems import Problem
from ..core.project import CouncilProject, UsageError, add_project_options, display_path
from ..core.settings import DEFAULT_PERSONAS
from ..decisions.editing import existing_records
from ..pathways.checks import check_pathways
from ..pathways.model import PATHWAY_ID_PATTERN
from ..pathways.userguide import GuideInventory
from .projects import open_project
from .reports import refuse

if TYPE_CHECKING:
    from ..decisions.project import CheckResult

PATHWAYS_DIR = "pathways"

SCAFFOLD = """\
# yaml-language-server: $schema=../schemas/pathway.schema.json
# A persona pathway: an opinionated route for one kind of reader. `council check` checks it;
# the site shows it as a page. Every field is described next to it; optional ones are marked.

# Pathway id: lowercase words joined by hyphens, the same as the file name.
id: {id}
# Title of the page, as a promise to the reader.
title: {title}
# Who it is for: one of {personas}.
persona: {persona}
# One or two sentences for the persona card on "Find your path".
summary: >-
  Say what the reader will have done by the end, in plain words.
# Who this pathway is for (one line each).
for_you_if:
  - You are ... and want to ....
# Optional: who should take another pathway instead, and which (a pathway id).
# go_elsewhere:
#   - who: You only install packages and never publish them.
#     pathway: using-packages
# How much experience it assumes: beginner, intermediate or advanced.
level: beginner
# Optional: pathways to follow first (ids) and skills to have already.
prerequisites:
  # pathways: [start-here]
  skills:
    - Run commands in a terminal.
# What the reader can do at the end.
outcomes:
  - Do something they could not do before.
# When the pathway was last checked for accuracy, and how often it must be (in months).
# A build after the due date shows a "due for review" banner and a council.stale warning.
reviewed: {today}
review_every_months: 6
# Optional, newest first: what changed and when; the newsletter announces new entries.
changes:
  - date: {today}
    summary: First published.
# The ordered steps.
steps:
  # Step id: unique in this pathway; it anchors the step's address (#step-<id>).
  - id: first-step
    # What the reader does, as an imperative.
    title: Do the first thing
    # Required: why this step matters, before any instructions.
    why: >-
      Say what goes wrong without this step, or what it makes possible.
    # Estimated time in minutes.
    minutes: 10
    # Optional: what to do, in a few sentences; put commands and file names in `backticks`.
    do: >-
      Run `uv init` in an empty folder.
    # Optional: one default tool (an id from the tool list) and when to pick the others.
    choice:
      default: uv
      reason: Why this is where the reader starts.
      alternatives:
        - tool: pip
          when: you already have Python and want the installer that ships with it.
    # Optional: a command to run, what success looks like, and what 'council try-pathway'
    # checks in its output.
    checkpoint:
      run: uv --version
      success: It prints uv's version.
      expect:
        output_matches: ^uv \\d+
    # Optional links, one kind each: guide (a Packaging User Guide page or label), term (a
    # glossary term), pep (a number), decision (a record id), tool (a tool id), or url + title.
    resources:
      - guide: tutorials/installing-packages
      - pep: 723
      # - decision: PC-0008
      # - url: https://docs.astral.sh/uv/
      #   title: uv documentation
"""


def scaffold(
    pathway_id: str, persona: str, today: dt.date, personas: tuple[str, ...] = DEFAULT_PERSONAS
) -> str:
    """The text of a new pathway file that passes every check."""
    return SCAFFOLD.format(
        id=pathway_id,
        title=pathway_id.replace("-", " ").capitalize(),
        persona=persona,
        personas=", ".join(personas),
        today=today.isoformat(),
    )


def run_new_pathway(args: argparse.Namespace) -> int:
    pathway_id: str = args.id
    if not re.fullmatch(PATHWAY_ID_PATTERN, pathway_id, re.ASCII):
        print(
            f"council new-pathway: {shown(pathway_id)!r} is not a valid id; "
            "use lowercase words joined by hyphens, e.g. first-release",
            file=sys.stderr,
        )
        return 2
    try:
        project = open_project(args, new_folder=True)
    except UsageError as error:
        print(f"council new-pathway: {error}", file=sys.stderr)
        return 2
    folder = Path(args.root) / args.pathways if args.pathways else project.pathways_dir
    target = folder / f"{pathway_id}.yaml"
    if target.exists() and not args.force:
        print(f"council new-pathway: {target} exists; pass --force to replace it", file=sys.stderr)
        return 2
    today = build_date() or dt.date.today()  # a scaffold, not a build: today is right here
    text = scaffold(pathway_id, args.persona, today, project.settings.personas)
    new = _new_pathway_problems(project, folder, {target: text}, today)
    if new:
        return refuse("new-pathway", f"{target} would not pass the checks", new)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text, str(target))
    except (OSError, WriteFailed) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        print(f"council new-pathway: {target} cannot be written: {reason}", file=sys.stderr)
        return 2
    print(f"wrote {target}; fill it in, then run 'council check'", file=sys.stderr)
    return 0


def _new_pathway_problems(
    project: CouncilProject, folder: Path, texts: dict[Path, str], today: dt.date
) -> list[Problem]:
    """The problems the pathways would have with ``texts`` written that they have not now
    (a persona the project does not know, an id another file already has...)."""
    ids = [record.id for record in existing_records(project) if record.id]
    personas = project.settings.personas

    def problems(edited: dict[Path, str]) -> list[Problem]:
        found = check_pathways(
            folder, ids, today, display_path, guide=vendored_guide, personas=personas, texts=edited
        )[1]
        return [p for p in found if not p.advisory]

    def key(problem: Problem) -> tuple[str, str, str]:
        return (problem.source, problem.field, problem.message)

    before = {key(p) for p in problems({})}
    return [p for p in problems(texts) if key(p) not in before]


def add_new_pathway_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council new-pathway``."""
    parser = commands.add_parser(
        "new-pathway",
        help="start a persona pathway from a valid file with every field explained",
        description="Write pathways/ID.yaml: a pathway that passes every check, with a comment "
        "on each field. Exits 2 if the id is invalid or the file exists.",
    )
    parser.add_argument("id", help="pathway id, e.g. first-release (also the file name)")
    parser.add_argument(
        "--persona",
        default="newcomer",
        help="the persona it is for, one of the project's council_personas (default: newcomer)",
    )
    parser.add_argument(
        "--pathways",
        help="pathways folder, relative to the root (default: the council_pathways_dir of "
        f"the configuration, as the build reads it; without one, {PATHWAYS_DIR})",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    add_project_options(parser)
    parser.set_defaults(handler=run_new_pathway)


def vendored_guide() -> GuideInventory:
    """The Packaging User Guide's inventory that pathway links are checked against."""
    # Imported on call: reading objects.inv takes Sphinx's inventory reader, which commands
    # that find no pathway never load.
    from ..pathways.inventory import guide_inventory  # noqa: PLC0415

    return guide_inventory()


def with_pathway_problems(
    result: CheckResult,
    project: CouncilProject,
    folder: Path,
    display: Callable[[Path], str] = str,
    today: dt.date | None = None,
) -> CheckResult:
    """``council check``'s result with the problems of the pathways ``folder`` added, if it
    exists.

    Reviews and dates are checked against ``today``, by default the project's date (its
    ``as_of``: ``council_build_date``, else ``SOURCE_DATE_EPOCH``, else today): unlike a build,
    a check is meant to say what is due now.
    """
    if not os.path.lexists(folder):  # anything else there is walked, and refused if need be
        return result
    today = today or project.settings.build_date or dt.date.today()
    ids = [record.id for record in result.records if record.id]
    _, problems = check_pathways(
        folder,
        ids,
        today,
        display,
        guide=vendored_guide,
        personas=project.settings.personas,
        root=project.root,
    )
    return replace(result, problems=tuple(sorted({*result.problems, *problems})))
