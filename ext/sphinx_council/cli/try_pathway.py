"""``council try-pathway``: run a pathway's commands as a reader would, on today's tools."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..core.clock import build_date
from ..core.plaintext import shown
from ..core.project import EXIT_CODES, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, display_path
from ..pathways.checked import CHECKED_FILE, CheckedRun, write_checked
from ..pathways.checks import check_pathways
from ..pathways.confine import INSTALL_HINT, Confinement, find_bubblewrap
from ..pathways.model import Pathway
from ..pathways.runner import PathwayFailed, Sandbox, run_pathway
from .new_pathway import vendored_guide
from .options import output_file_problem


def say(text: str) -> None:
    print(text, flush=True)


def chosen(args: argparse.Namespace) -> list[Pathway] | int:
    """The pathways named on the command line (all without names), or an exit code."""
    folder: Path = args.pathways
    if not folder.is_dir():
        print(f"council try-pathway: no pathways folder at {display_path(folder)}", file=sys.stderr)
        return EXIT_USAGE
    pathways, problems = check_pathways(folder, None, None, display_path, guide=vendored_guide)
    by_id = {pathway.id: pathway for pathway in pathways}
    unknown = [name for name in args.ids if name not in by_id]
    if unknown:
        print(
            f"council try-pathway: no pathway {unknown[0]!r}; the pathways are "
            + ", ".join(sorted(by_id)),
            file=sys.stderr,
        )
        return EXIT_USAGE
    picked = [by_id[name] for name in args.ids] if args.ids else sorted(pathways, key=by_id_key)
    sources = {pathway.source for pathway in picked} if args.ids else None
    blocking = [p for p in problems if not p.advisory and (sources is None or p.source in sources)]
    for problem in blocking:
        print(problem, file=sys.stderr)
    if blocking:
        print("council try-pathway: fix these problems first", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.step and not any(s.id == args.step for p in picked for s in p.steps):
        print(f"council try-pathway: no step {args.step!r} in {args.ids}", file=sys.stderr)
        return EXIT_USAGE
    return picked


def by_id_key(pathway: Pathway) -> str:
    return pathway.id


def confined(args: argparse.Namespace, folder: Path) -> Confinement | None:
    """How the commands run: confined, or, only when asked, not; None (and why) when neither."""
    if args.no_sandbox:
        return Confinement()
    confinement, problem = find_bubblewrap(args.bwrap)
    problem = problem or confinement.problem(folder)
    if not problem:
        return confinement
    print(
        "council try-pathway: cannot confine the pathways' commands to their folders: "
        f"{problem}. A pathway file comes from a pull request and its commands could write "
        f"anywhere you can; {INSTALL_HINT}, or pass --no-sandbox to run them with your own "
        "rights (only pathways whose every command you have read)",
        file=sys.stderr,
    )
    return None


def run_try_pathway(args: argparse.Namespace) -> int:
    """Run each chosen pathway in its own fresh folder; stop at the first failure."""
    # Checked before the run, which takes minutes, rather than when the record is written.
    if args.record is not None and (problem := output_file_problem(args.record)):
        where = shown(args.record.as_posix())
        print(f"council try-pathway: cannot write --record {where}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    picked = chosen(args)
    if isinstance(picked, int):
        return picked
    cache: Path = args.cache or Path(
        os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "sphinx-council", "pathways"
    )
    cache = cache.resolve()
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="council-pathways-")).resolve()
    tools, results = {}, {}
    try:
        confinement = confined(args, base)
        if confinement is None:
            return EXIT_USAGE
        say(confinement.describe())
        say(f"Installing today's tools from PyPI into {base / 'tools'} ...")
        tools = Sandbox(base, cache, confinement).install_tools()
        say("Tools: " + ", ".join(f"{name} {version}" for name, version in tools.items()))
        for pathway in picked:
            say(f"Pathway {pathway.id} ({pathway.source})")
            sandbox = Sandbox(base / pathway.id, cache, confinement)
            sandbox.tools = base / "tools"
            report = run_pathway(pathway, sandbox, say, args.step)
            results[pathway.id] = {
                "ran": len(report.ran),
                "skipped": [{"command": c, "reason": r} for c, r in report.skipped],
            }
            say(f"  ok: {len(report.ran)} command(s) ran, {len(report.skipped)} skipped")
    except PathwayFailed as failure:
        print(f"council try-pathway: {failure}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        if args.keep:
            say(f"Kept the folders in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    unconfined = " (not confined: --no-sandbox)" if args.no_sandbox else ""
    say(f"{len(results)} pathway(s) passed in {time.monotonic() - started:.0f} s{unconfined}")
    if args.record and not args.step:
        today = build_date() or dt.datetime.now(dt.UTC).date()
        write_checked(args.record, CheckedRun(today, tools, results))
        say(f"Recorded the run in {display_path(args.record)}")
    return EXIT_OK


def add_try_pathway_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council try-pathway``."""
    parser = commands.add_parser(
        "try-pathway",
        help="run a pathway's commands in a fresh folder, on today's tools from PyPI",
        description="Run the commands of each step of a pathway (and of the alternatives' "
        "commands), in order, in a fresh temporary folder with a fresh HOME, on the current "
        "releases of uv, pip, build and twine installed from PyPI; each checkpoint's 'expect' is "
        "checked on the real output. Commands marked 'runs: no' are listed as skipped with "
        "their reason. Without IDs every pathway runs. The commands come from pathway files, "
        "which pull requests change: they run under bubblewrap, able to write only in their "
        "folder, their HOME, their TMPDIR and the package cache; without a working bubblewrap "
        "the command refuses unless given --no-sandbox.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="pathway ids (default: all)")
    parser.add_argument("--step", default="", help="run only this step's commands")
    parser.add_argument("--keep", action="store_true", help="keep the folders to look at")
    parser.add_argument("--pathways", type=Path, default=Path("pathways"), help="pathways folder")
    parser.add_argument(
        "--cache", type=Path, help="package cache, kept between runs (default: ~/.cache)"
    )
    parser.add_argument(
        "--bwrap",
        metavar="PROGRAM",
        help="the bubblewrap program that confines the commands (default: bwrap on PATH)",
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the commands unconfined, with your own rights, where bubblewrap cannot run "
        "(only for pathways whose every command you have read)",
    )
    parser.add_argument(
        "--record",
        type=Path,
        metavar="FILE",
        help=f"write the tool versions and date to FILE (pathways/{CHECKED_FILE}) for the pages",
    )
    parser.set_defaults(handler=run_try_pathway)
