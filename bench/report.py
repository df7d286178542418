"""The report: targets with PASS/FAIL, the per-size tables, results.json and results.md."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Targets (see README.md).
TARGET_FULL_RATIO = 1.5  # council full build <= 1.5x plain, at N=1000
TARGET_FULL_AT = 1000
TARGET_BYTES_GROWTH = 1.2  # council bytes/page at largest N <= 1.2x at smallest N
TARGET_EDIT_RATIO = 1.5  # one-record edit <= 1.5x plain's one-page rebuild
TARGET_EDIT_PAGES = 10  # one-record edit writes <= 10 HTML pages
TARGET_MEMORY_RATIO = 1.5  # peak RSS at largest N <= 1.5x plain's
TARGET_CHECK_SECONDS = 2.0  # council check < 2 s, at N=1000
TARGET_CHECK_AT = 1000
# What a reader downloads for one query stays roughly flat as the council's history grows.
TARGET_SEARCH_GROWTH = 1.5


def closest(sizes: list[int], wanted: int) -> int:
    return min(sizes, key=lambda n: (abs(n - wanted), -n))


Results = dict[int, dict[str, Any]]


def target(
    name: str, value: float | None, limit: float, passed: bool | None, detail: str
) -> dict[str, Any]:
    return {
        "target": name,
        "value": value,
        "limit": limit,
        "status": "N/A" if passed is None else ("PASS" if passed else "FAIL"),
        "detail": detail,
    }


def full_build_target(results: Results) -> dict[str, Any]:
    n = closest(sorted(results), TARGET_FULL_AT)
    ratio = results[n]["ratios"]["full"]
    return target(
        f"full build council/plain at N={n}",
        ratio,
        TARGET_FULL_RATIO,
        ratio <= TARGET_FULL_RATIO,
        f"{ratio:.2f}x ({results[n]['council']['full_seconds']:.2f} s vs "
        f"{results[n]['plain']['full_seconds']:.2f} s) <= {TARGET_FULL_RATIO}x"
        + ("" if n == TARGET_FULL_AT else f" [N={TARGET_FULL_AT} not measured]"),
    )


def bytes_growth_target(results: Results) -> dict[str, Any]:
    sizes = sorted(results)
    smallest, largest = sizes[0], sizes[-1]
    if largest == smallest:
        return target(
            "council bytes/page growth", None, TARGET_BYTES_GROWTH, None, "needs at least two sizes"
        )
    small, large = results[smallest]["council"], results[largest]["council"]
    growth = large["bytes_per_page"] / small["bytes_per_page"]
    return target(
        f"council bytes/page N={largest} vs N={smallest}",
        growth,
        TARGET_BYTES_GROWTH,
        growth <= TARGET_BYTES_GROWTH,
        f"{growth:.2f}x ({large['bytes_per_page'] / 1024:.1f} KiB"
        f" vs {small['bytes_per_page'] / 1024:.1f} KiB)"
        f" <= {TARGET_BYTES_GROWTH}x",
    )


def edit_targets(results: Results) -> list[dict[str, Any]]:
    sizes = sorted(results)
    worst_n = max(sizes, key=lambda s: results[s]["ratios"]["edit"])
    ratio = results[worst_n]["ratios"]["edit"]
    time_target = target(
        "one-record edit council/plain (every N)",
        ratio,
        TARGET_EDIT_RATIO,
        all(results[s]["ratios"]["edit"] <= TARGET_EDIT_RATIO for s in sizes),
        f"worst {ratio:.2f}x at N={worst_n} ({results[worst_n]['council']['edit_seconds']:.2f}"
        f" s vs {results[worst_n]['plain']['edit_seconds']:.2f} s) <= {TARGET_EDIT_RATIO}x",
    )
    worst_n = max(sizes, key=lambda s: results[s]["council"]["edit_pages_written"])
    pages = results[worst_n]["council"]["edit_pages_written"]
    pages_target = target(
        "one-record edit pages written (every N)",
        pages,
        TARGET_EDIT_PAGES,
        pages <= TARGET_EDIT_PAGES,
        f"at most {pages} pages at N={worst_n} (plain: "
        f"{results[worst_n]['plain']['edit_pages_written']}) <= {TARGET_EDIT_PAGES}",
    )
    return [time_target, pages_target]


def memory_target(results: Results) -> dict[str, Any]:
    largest = max(results)
    ratio = results[largest]["ratios"]["memory"]
    return target(
        f"peak memory council/plain at N={largest}",
        ratio,
        TARGET_MEMORY_RATIO,
        ratio <= TARGET_MEMORY_RATIO,
        f"{ratio:.2f}x ({results[largest]['council']['full_maxrss_mib']:.0f} MiB vs "
        f"{results[largest]['plain']['full_maxrss_mib']:.0f} MiB) <= {TARGET_MEMORY_RATIO}x",
    )


def check_target(results: Results) -> dict[str, Any]:
    n = closest(sorted(results), TARGET_CHECK_AT)
    seconds = results[n]["check"]["seconds"]
    return target(
        f"council check at N={n}",
        seconds,
        TARGET_CHECK_SECONDS,
        seconds < TARGET_CHECK_SECONDS,
        f"{seconds:.2f} s < {TARGET_CHECK_SECONDS:.0f} s"
        + ("" if n == TARGET_CHECK_AT else f" [N={TARGET_CHECK_AT} not measured]"),
    )


def search_target(results: Results) -> dict[str, Any]:
    sizes = [n for n in sorted(results) if results[n].get("search", {}).get("measured")]
    if len(sizes) < 2:
        return target(
            "search bytes/query growth", None, TARGET_SEARCH_GROWTH, None, "needs two sizes"
        )
    small, large = (results[n]["search"]["mean_bytes"] for n in (sizes[0], sizes[-1]))
    growth = large / small
    return target(
        f"search bytes/query N={sizes[-1]} vs N={sizes[0]}",
        growth,
        TARGET_SEARCH_GROWTH,
        growth <= TARGET_SEARCH_GROWTH,
        f"{growth:.2f}x ({large / 1024:.1f} KiB vs {small / 1024:.1f} KiB)"
        f" <= {TARGET_SEARCH_GROWTH}x",
    )


def evaluate(results: Results) -> list[dict[str, Any]]:
    """Each target of README.md with PASS/FAIL (N/A when the sizes cannot tell)."""
    return [
        full_build_target(results),
        bytes_growth_target(results),
        *edit_targets(results),
        memory_target(results),
        check_target(results),
        search_target(results),
    ]


def _seconds(value: float) -> str:
    return f"{value:.2f}"


def _mib(value: float) -> str:
    return f"{value:.0f}"


def _kib(value: float) -> str:
    return f"{value / 1024:.1f}"


# Rows comparing both sites: label, result key, format, key of the ratio (if any).
COMPARED: list[tuple[str, str, Callable[[Any], str], str]] = [
    ("full build (s)", "full_seconds", _seconds, "full"),
    ("  CPU time (s)", "full_cpu_seconds", _seconds, "full_cpu"),
    ("one-record edit rebuild (s)", "edit_seconds", _seconds, "edit"),
    ("  CPU time (s)", "edit_cpu_seconds", _seconds, "edit_cpu"),
    ("pages written by the edit", "edit_pages_written", str, ""),
    ("  of which content changed", "edit_pages_changed", str, ""),
    ("peak memory, full build (MiB)", "full_maxrss_mib", _mib, "memory"),
    ("output bytes/page (KiB)", "bytes_per_page", _kib, "bytes_per_page"),
    ("HTML pages", "html_pages", str, ""),
    ("warnings, full build", "full_warnings", str, ""),
]


def size_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    c, p, x = r["council"], r["plain"], r["ratios"]
    rows = [
        (label, shown(c[key]), shown(p[key]), f"{x[ratio]:.2f}x" if ratio else "")
        for label, key, shown, ratio in COMPARED
    ]
    return [
        *rows,
        ("council check (s)", f"{r['check']['seconds']:.2f}", "", ""),
        ("council check problems", "none" if r["check"]["exit_code"] == 0 else "SOME", "", ""),
        ("search bytes/query (KiB)", _search_kib(r.get("search", {})), "", ""),
    ]


def _search_kib(search: dict[str, Any]) -> str:
    return f"{search['mean_bytes'] / 1024:.1f}" if search.get("measured") else "n/a"


def text_table(count: int, r: dict[str, Any]) -> str:
    rows = [("metric", "council", "plain", "ratio"), *size_rows(r)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    load = ", ".join(f"{value:.1f}" for value in r["load_average_after"])
    lines = [
        f"N = {count} records "
        f"({r['record_bytes_mean'] / 1024:.1f} KiB per record, "
        f"{r['prose_bytes_mean'] / 1024:.1f} KiB prose; load average after: {load})"
    ]
    if r["contended_runs"]:
        lines.append(
            f"  note: {r['contended_runs']} of {r['timed_runs']} timed runs waited for "
            "the CPU (wall > 1.15x CPU time): other processes competed, so wall times "
            "are noisy; compare the CPU times"
        )
    for index, row in enumerate(rows):
        lines.append(
            "  "
            + row[0].ljust(widths[0])
            + "  "
            + "  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row[1:], 1))
        )
        if index == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def targets_text(targets: list[dict[str, Any]]) -> str:
    lines = ["Targets"]
    width = max(len(t["target"]) for t in targets)
    for t in targets:
        lines.append(f"  {t['status']:<4}  {t['target'].ljust(width)}  {t['detail']}")
    return "\n".join(lines)


def markdown_report(
    results: dict[int, dict[str, Any]], targets: list[dict[str, Any]], meta: dict[str, Any]
) -> str:
    sizes = sorted(results)
    lines = [
        "# sphinx-council benchmark",
        "",
        f"Python {meta['python']}, Sphinx {meta['sphinx']}, {meta['platform']}, "
        f"{meta['cpus']} CPUs; seed {meta['seed']}; full builds run {meta['repeat']}x, "
        f"edits {meta['edit_repeat']}x (fastest kept).",
        "",
    ]
    header = (
        ["metric"]
        + [f"N={n} council" for n in sizes]
        + [f"N={n} plain" for n in sizes]
        + [f"N={n} ratio" for n in sizes]
    )
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    rows_by_size = {n: size_rows(results[n]) for n in sizes}
    for index, row in enumerate(rows_by_size[sizes[0]]):
        cells = [row[0].strip()]
        for column in (1, 2, 3):
            cells += [rows_by_size[n][index][column] for n in sizes]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Targets", "", "| status | target | detail |", "|---|---|---|"]
    lines += [f"| {t['status']} | {t['target']} | {t['detail']} |" for t in targets]
    return "\n".join(lines) + "\n"


def write_report(
    out: Path, results: dict[int, dict[str, Any]], meta: dict[str, Any], failure: str | None
) -> None:
    """Print the tables and targets; write results.json and results.md."""
    targets = evaluate(results) if results else []
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "meta": meta,
        "results": {str(n): r for n, r in sorted(results.items())},
        "targets": targets,
        "failure": failure,
    }
    (out / "results.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    if results:
        (out / "results.md").write_text(markdown_report(results, targets, meta), "utf-8")
        print()
        for count in sorted(results):
            print(text_table(count, results[count]))
            print()
        print(targets_text(targets))
    print(f"\nresults written to {out / 'results.json'} and {out / 'results.md'}")
