#!/usr/bin/env python3
"""Benchmark the sphinx-council site build against plain Sphinx + MyST.

For each corpus size N this script generates, in a temporary directory, N synthetic decision
records (deterministic, fixed seed, front matter like the real records in ``decisions/``,
about 1.5 KB of prose each) and two Sphinx projects over the same Markdown files:

* ``council``: the site as configured in ``docs/conf.py`` (myst_parser, sphinx_design,
  sphinx_council, pydata_sphinx_theme), with a home page carrying ``{decision-list}`` and a
  ``decisions`` page carrying ``{decision-index}``;
* ``plain``: plain Sphinx with ``myst_parser`` only, the site's theme (pydata_sphinx_theme)
  with no sidebar navigation, the records built as orphan pages: the same site without the
  sphinx-council extension, so the ratios measure what the extension costs.

The council project is also built as the live preview builds it (``nox -s serve``: the same
configuration with ``projects.PREVIEW_OPTIONS``). Every build runs in a fresh
``python -m sphinx -b html -q SRC OUT`` subprocess with ``SOURCE_DATE_EPOCH`` set. Measured:
full build wall time and peak RSS, a one-record edit (incremental rebuild time and HTML pages
written), ``council check`` cold and after each edit (with its cache), output bytes per HTML
page and the bytes one search downloads. The figures go to OUT/results.json and OUT/results.md,
followed by the project's targets (``targets.py``) with PASS/FAIL.

Run from the repository root::

    python bench/run.py                   # sizes 1000,2000,5000
    python bench/run.py --sizes 100,300   # quick

The exit status is 0 even when a target fails (this is a report, not a test); it is non-zero
only when a build (or ``council check``) itself fails to run.

This file parses the options and runs the sizes; the rest lives next to it (imported as plain
modules, since ``python bench/run.py`` puts bench/ first on ``sys.path``): ``vocabulary`` and
``corpus`` write the records, ``projects`` the two Sphinx projects, ``measure`` times the
builds, ``report`` prints and writes the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import firstvisit
from checktiming import CHECK_REPEAT
from corpus import SEED
from measure import BuildFailed, bench_search_size, bench_size, versions
from report import write_report, write_search_report

# 2026-11-21: after the first weekly issue (2026-W16), so the site has its issues, feeds and
# e-mail editions, with the corpus's last records in them.
SOURCE_DATE_EPOCH = "1795219200"
DEFAULT_SIZES = "1000,2000,5000"
WARMUP_SIZE = 20


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of sizes: {text!r}") from None
    if not sizes or sizes[0] < 1 or sizes[-1] > 9999:
        raise argparse.ArgumentTypeError("sizes must be between 1 and 9999")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Benchmark the sphinx-council site build against plain Sphinx + MyST."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"comma-separated corpus sizes (default: {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build/bench"),
        help="folder for results.json and results.md (default: build/bench)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated corpora, projects, outputs and logs"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each timed build this many times and keep the fastest (default: 1)",
    )
    parser.add_argument(
        "--edit-repeat",
        type=int,
        default=3,
        help="make this many one-record edits, rebuilding both sites after "
        "each, and keep the fastest rebuild (default: 3)",
    )
    parser.add_argument(
        "--check-repeat",
        type=int,
        default=CHECK_REPEAT,
        help="time 'council check' (cold, and after one record changed) this many times, each "
        f"a fresh process, and keep the fastest (default: {CHECK_REPEAT})",
    )
    parser.add_argument(
        "--only",
        choices=["search"],
        help="search: only the figures of the search and of memory (the council build, bytes "
        "per query, the indexer's peak; plain Sphinx and the preview where the memory "
        "target is judged), with their targets",
    )
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help=f"skip the unmeasured N={WARMUP_SIZE} build that fills the bytecode and file caches",
    )
    parser.add_argument(
        "--first-visit-only",
        action="store_true",
        help="measure only the bundled site's first visit on a phone (bench/firstvisit.py)",
    )
    parser.add_argument(
        "--no-first-visit",
        dest="first_visit",
        action="store_false",
        help="skip the first-visit table (it builds docs/ and runs Lighthouse: a few minutes)",
    )
    return parser


def first_visit_table(out: Path) -> None:
    """The bundled site's first visit per page kind, printed and added to results.md."""
    print("first visit: building docs/ and opening each page kind in Chromium", flush=True)
    result = firstvisit.first_visit(firstvisit.build_site(out / "firstvisit"))
    if not result["measured"]:
        print(f"first visit not measured: {result['reason']}")
        return
    text = firstvisit.table(result["pages"])
    print(text)
    out.mkdir(parents=True, exist_ok=True)
    (out / "firstvisit.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    with (out / "results.md").open("a", encoding="utf-8") as results:
        results.write(f"\n## First visit\n\n```\n{text}\n```\n")


def run_meta(args: argparse.Namespace) -> dict[str, Any]:
    """What the results were measured on and with."""
    return {
        "python": platform.python_version(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "seed": SEED,
        "sizes": args.sizes,
        "repeat": args.repeat,
        "edit_repeat": args.edit_repeat,
        "check_repeat": args.check_repeat,
        "source_date_epoch": SOURCE_DATE_EPOCH,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_before": os.getloadavg(),
    }


def work_folder(args: argparse.Namespace) -> Path:
    if args.keep:  # kept next to the results, replacing those of an earlier run
        workroot: Path = args.out / "work"
        if workroot.exists():
            shutil.rmtree(workroot)
        workroot.mkdir(parents=True)
        return workroot.resolve()
    return Path(tempfile.mkdtemp(prefix="council-bench-"))


def bench_sizes(
    args: argparse.Namespace,
    workroot: Path,
    env: dict[str, str],
    meta: dict[str, Any],
    results: dict[int, dict[str, Any]],
) -> None:
    """The warm-up, then every size, filling ``results``; raises BuildFailed."""
    meta |= versions()
    print(
        f"sphinx-council benchmark: sizes {args.sizes}, Sphinx {meta['sphinx']}, "
        f"Python {meta['python']}, work dir {workroot}",
        flush=True,
    )
    if args.warmup:
        print(f"warm-up build (N={WARMUP_SIZE}, not measured)", flush=True)
        bench_size(WARMUP_SIZE, workroot / "warmup", env, quiet=True)
    for count in args.sizes:
        print(f"N={count}", flush=True)
        if args.only == "search":
            results[count] = bench_search_size(
                count, workroot / f"n{count}", env, repeat=args.repeat
            )
            continue
        results[count] = bench_size(
            count,
            workroot / f"n{count}",
            env,
            repeat=args.repeat,
            edit_repeat=args.edit_repeat,
            check_repeat=args.check_repeat,
        )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if min(args.repeat, args.edit_repeat, args.check_repeat) < 1:
        parser.error("--repeat, --edit-repeat and --check-repeat must be at least 1")

    if args.first_visit_only:
        (args.out / "results.md").unlink(missing_ok=True)
        first_visit_table(args.out)
        return 0
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    env.pop("COUNCIL_BASE_URL", None)
    # Timed as a member's machine runs it, with the bytecode cache the warm-up writes: inherited,
    # PYTHONDONTWRITEBYTECODE would time the compiler of every module the editable install has.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    meta = run_meta(args)
    workroot = work_folder(args)
    results: dict[int, dict[str, Any]] = {}
    failure = None
    try:
        bench_sizes(args, workroot, env, meta, results)
    except BuildFailed as error:
        failure = str(error)
        print(f"\nBUILD FAILED: {failure}", file=sys.stderr)
    finally:
        if args.keep:
            print(f"corpora, outputs and logs kept in {workroot}")
        else:
            shutil.rmtree(workroot, ignore_errors=True)

    if args.only == "search":
        write_search_report(args.out, results, meta, failure)
        return 1 if failure else 0
    write_report(args.out, results, meta, failure)
    if args.first_visit and not failure:
        first_visit_table(args.out)
    return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
