"""The report: targets with PASS/FAIL, the per-size tables, results.json and results.md."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from searchcost import QUERIES as SEARCH_QUERIES
from targets import evaluate, search_and_memory, sphinx_peak


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
    ("  the Sphinx process alone (MiB)", "full_sphinx_maxrss_mib", _mib, ""),
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
    preview, x = r["preview"], r["ratios"]
    return [
        *rows,
        (
            "preview (serve) full build (s)",
            _seconds(preview["full_seconds"]),
            "",
            f"{x['preview_full']:.2f}x",
        ),
        (
            "preview (serve) one-record edit (s)",
            _seconds(preview["edit_seconds"]),
            "",
            f"{x['preview_edit']:.2f}x",
        ),
        (
            "  peak memory, full build (MiB)",
            _mib(preview["full_maxrss_mib"]),
            "",
            f"{x['preview_memory']:.2f}x",
        ),
        ("council check, cold (s)", f"{r['check']['seconds']:.2f}", "", ""),
        (
            "council check, one changed (s)",
            _seconds(r["check"].get("changed_seconds", 0.0)),
            "",
            "",
        ),
        ("council check problems", "none" if r["check"]["exit_code"] == 0 else "SOME", "", ""),
        ("search bytes/query (KiB)", _search_kib(r.get("search", {})), "", ""),
        *_indexer_rows(r.get("indexer", {})),
    ]


def _indexer_rows(indexer: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The search indexer's own peak (a process beside Sphinx) and its cost per page."""
    if not indexer.get("measured"):
        return [("search indexer peak (MiB)", "n/a", "", "")]
    return [
        ("search indexer peak (MiB)", _mib(indexer["maxrss_mib"]), "", ""),
        ("  per indexed page (KiB)", f"{indexer['kib_per_page']:.0f}", "", ""),
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


def search_rows(n: int, r: dict[str, Any]) -> list[str]:
    """One size of ``run.py --only search``: bytes per query, memory, the indexer."""
    search, indexer = r.get("search", {}), r.get("indexer", {})
    queries = search.get("per_query", {})
    sphinx = f"{sphinx_peak(r):.0f}" if "plain" in r else "-"
    plain = f"{r['plain']['full_maxrss_mib']:.0f}" if "plain" in r else "-"
    per_page = f"{indexer['kib_per_page']:.0f}" if indexer.get("measured") else "n/a"
    peak = _mib(indexer["maxrss_mib"]) if indexer.get("measured") else "n/a"
    return [
        f"{n}",
        *(_kib(queries[q]) if q in queries else "n/a" for q in SEARCH_QUERIES),
        _search_kib(search),
        _mib(r["council"]["full_maxrss_mib"]),
        sphinx,
        plain,
        peak,
        per_page,
    ]


def write_search_report(
    out: Path, results: dict[int, dict[str, Any]], meta: dict[str, Any], failure: str | None
) -> None:
    """Print the search and memory figures and their targets; write results.json."""
    targets = search_and_memory(results) if results else []
    out.mkdir(parents=True, exist_ok=True)
    payload = {"meta": meta, "results": {str(n): r for n, r in sorted(results.items())}}
    payload |= {"targets": targets, "failure": failure}
    (out / "results.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    header = ["N", *(f"{q} (KiB)" for q in SEARCH_QUERIES), "mean (KiB)", "build (MiB)"]
    header += ["Sphinx (MiB)", "plain (MiB)", "indexer (MiB)", "indexer KiB/page"]
    rows = [header, *(search_rows(n, results[n]) for n in sorted(results))]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    for row in rows:
        print("  " + "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
    if targets:
        print()
        print(targets_text(targets))
    print(f"\nresults written to {out / 'results.json'}")
