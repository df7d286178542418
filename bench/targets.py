"""The project's performance targets (README.md, "Benchmarks"), each with PASS/FAIL.

A target at a given N is judged only when that N was measured (N/A otherwise); scaling targets
compare each pair of consecutive sizes and judge the worst pair.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

Results = dict[int, dict[str, Any]]

CHECK_AT = 1000
CHECK_COLD_SECONDS = 1.0  # council check with no cache
CHECK_CHANGED_SECONDS = 0.3  # council check after one record changed, with its cache
PREVIEW_AT = 1000
PREVIEW_EDIT_RATIO = 1.2  # the live preview's rebuild after one edit, vs plain Sphinx's
FULL_AT = (1000, 2000)
FULL_RATIO = 1.15  # full build, every feature on, vs plain Sphinx
MEMORY_AT = FULL_AT
# Peak RSS of the Sphinx process of a full build with every feature on (the search indexer is
# a process of its own, reported beside it) vs plain Sphinx's.
MEMORY_RATIO = 1.3
SEARCH_AT = 5000
SEARCH_KIB = 300  # what a query downloads at SEARCH_AT, the mean of the bench's queries
SEARCH_EXPONENT = 0.15  # how fast that grows with N
GROWTH_EXPONENT = 1.05  # time and memory grow at most this fast with N (1.0 is linear)
FLAT = 0.05  # bytes per page: exponent within +-0.05 ("flat")
EDIT_PAGES = 10  # pages an edit of one record's prose may write


def target(name: str, passed: bool | None, detail: str) -> dict[str, Any]:
    status = "N/A" if passed is None else ("PASS" if passed else "FAIL")
    return {"target": name, "status": status, "detail": detail}


def exponent(n1: int, v1: float, n2: int, v2: float) -> float:
    """The k in v ~ N^k between two sizes: 1.0 is linear, 0.0 flat."""
    return math.log(v2 / v1) / math.log(n2 / n1)


def _at(results: Results, n: int) -> dict[str, Any] | None:
    return results.get(n)


def check_targets(results: Results) -> list[dict[str, Any]]:
    r = _at(results, CHECK_AT)
    name = f"council check at N={CHECK_AT}"
    if r is None:
        return [
            target(f"{name}, cold", None, "not measured"),
            target(f"{name}, one changed", None, "not measured"),
        ]
    cold, changed = r["check"]["seconds"], r["check"].get("changed_seconds")
    # Each figure is the fastest of several fresh processes (bench/checktiming.py).
    runs = f", fastest of {r['check']['repeat']}" if "repeat" in r["check"] else ""
    return [
        target(
            f"{name}, cold (no cache)",
            cold <= CHECK_COLD_SECONDS,
            f"{cold:.2f} s <= {CHECK_COLD_SECONDS} s{runs}",
        ),
        target(
            f"{name}, one record changed (cache)",
            None if changed is None else changed <= CHECK_CHANGED_SECONDS,
            "not measured"
            if changed is None
            else f"{changed:.2f} s <= {CHECK_CHANGED_SECONDS} s{runs}",
        ),
    ]


def preview_target(results: Results) -> dict[str, Any]:
    name = f"preview loop: one-record edit, serve build / plain at N={PREVIEW_AT}"
    r = _at(results, PREVIEW_AT)
    if r is None:
        return target(name, None, "not measured")
    ratio = r["ratios"]["preview_edit"]
    return target(
        name,
        ratio <= PREVIEW_EDIT_RATIO,
        f"{ratio:.2f}x ({r['preview']['edit_seconds']:.2f} s vs {r['plain']['edit_seconds']:.2f}"
        f" s; CPU {r['ratios']['preview_edit_cpu']:.2f}x) <= {PREVIEW_EDIT_RATIO}x",
    )


def full_targets(results: Results) -> list[dict[str, Any]]:
    found = []
    for n in FULL_AT:
        r = _at(results, n)
        if r is None:
            found.append(target(f"full build council/plain at N={n}", None, "not measured"))
            continue
        c, p, x = r["council"], r["plain"], r["ratios"]
        found.append(
            target(
                f"full build council/plain at N={n}",
                x["full"] <= FULL_RATIO,
                f"{x['full']:.2f}x ({c['full_seconds']:.2f} s vs {p['full_seconds']:.2f} s; "
                f"CPU {x['full_cpu']:.2f}x) <= {FULL_RATIO}x",
            )
        )
    return found


def memory_targets(results: Results) -> list[dict[str, Any]]:
    """The Sphinx process against plain Sphinx, with the search indexer's own peak beside it."""
    found = []
    for n in MEMORY_AT:
        name = f"peak memory, Sphinx process/plain at N={n}"
        r = _at(results, n)
        if r is None or "plain" not in r:
            found.append(target(name, None, "not measured"))
            continue
        sphinx, plain = sphinx_peak(r), r["plain"]["full_maxrss_mib"]
        ratio = sphinx / plain
        found.append(
            target(
                name,
                ratio <= MEMORY_RATIO,
                f"{ratio:.2f}x ({sphinx:.0f} MiB vs {plain:.0f} MiB) <= {MEMORY_RATIO}x; "
                f"{indexer_detail(r)}; the whole build {r['council']['full_maxrss_mib']:.0f} MiB",
            )
        )
    return found


def sphinx_peak(r: dict[str, Any]) -> float:
    """The Sphinx process's own peak in the council build (MiB); results without it have the
    preview's, the same site built without the indexer."""
    own = r["council"].get("full_sphinx_maxrss_mib")
    return float(own) if own else float(r["preview"]["full_maxrss_mib"])


def indexer_detail(r: dict[str, Any]) -> str:
    indexer = r.get("indexer", {})
    if not indexer.get("measured"):
        return "search indexer not measured"
    return (
        f"search indexer {indexer['maxrss_mib']:.0f} MiB, "
        f"{indexer['kib_per_page']:.0f} KiB per page ({indexer['pages']} pages)"
    )


def _query_bytes(r: dict[str, Any]) -> float | None:
    search = r.get("search", {})
    return float(search["mean_bytes"]) if search.get("measured") else None


def search_targets(results: Results) -> list[dict[str, Any]]:
    """Bytes one query downloads at SEARCH_AT, and how fast that grows between sizes."""
    name = f"search bytes per query at N={SEARCH_AT}"
    at = _query_bytes(results[SEARCH_AT]) if SEARCH_AT in results else None
    found = [
        target(name, None, "not measured")
        if at is None
        else target(name, at / 1024 <= SEARCH_KIB, f"{at / 1024:.0f} KiB <= {SEARCH_KIB} KiB")
    ]
    measured = [(n, v) for n in sorted(results) if (v := _query_bytes(results[n]))]
    name = "scaling exponent, search bytes per query"
    if len(measured) < 2:
        return [*found, target(name, None, "needs two sizes")]
    pairs = [(n1, n2, exponent(n1, v1, n2, v2)) for (n1, v1), (n2, v2) in pairwise(measured)]
    detail = ", ".join(f"{a}->{b}: {k:.2f}" for a, b, k in pairs)
    passed = max(k for _, _, k in pairs) <= SEARCH_EXPONENT
    return [*found, target(name, passed, f"{detail} (<= {SEARCH_EXPONENT})")]


def search_and_memory(results: Results) -> list[dict[str, Any]]:
    """The targets ``run.py --only search`` judges."""
    return [*memory_targets(results), *search_targets(results)]


# Scaling: (label, value of one size's results or None, flat?).
SCALING = [
    ("time of a full build", lambda r: r["council"]["full_seconds"], False),
    ("peak memory of a full build", lambda r: r["council"]["full_maxrss_mib"], False),
    ("output bytes per page", lambda r: r["council"]["bytes_per_page"], True),
]


def scaling_targets(results: Results) -> list[dict[str, Any]]:
    found = []
    for label, value, flat in SCALING:
        measured = [(n, value(results[n])) for n in sorted(results) if value(results[n])]
        limit = f"within +-{FLAT}" if flat else f"<= {GROWTH_EXPONENT}"
        if len(measured) < 2:
            found.append(target(f"scaling exponent, {label}", None, "needs two sizes"))
            continue
        pairs = [(n1, n2, exponent(n1, v1, n2, v2)) for (n1, v1), (n2, v2) in pairwise(measured)]
        worst = max((k for _, _, k in pairs), key=abs if flat else float)
        passed = abs(worst) <= FLAT if flat else worst <= GROWTH_EXPONENT
        detail = ", ".join(f"{a}->{b}: {k:.2f}" for a, b, k in pairs) + f" ({limit})"
        found.append(target(f"scaling exponent, {label}", passed, detail))
    return found


def edit_pages_target(results: Results) -> dict[str, Any]:
    worst_n = max(results, key=lambda s: results[s]["council"]["edit_pages_written"])
    pages = results[worst_n]["council"]["edit_pages_written"]
    return target(
        "one-record edit: pages written (every N)",
        pages <= EDIT_PAGES,
        f"at most {pages} at N={worst_n} (plain: "
        f"{results[worst_n]['plain']['edit_pages_written']}) <= {EDIT_PAGES}",
    )


def information(results: Results) -> list[dict[str, Any]]:
    """Figures shown beside the targets, judged by none: the cost of the search index on an
    incremental build with every feature on (a pull request's preview starts clean)."""
    return [
        {
            "target": f"one-record edit with every feature on, council/plain at N={n}",
            "status": "INFO",
            "detail": f"{r['ratios']['edit']:.2f}x ({r['council']['edit_seconds']:.2f} s vs "
            f"{r['plain']['edit_seconds']:.2f} s): Pagefind indexes the whole site again",
        }
        for n, r in sorted(results.items())
    ]


def evaluate(results: Results) -> list[dict[str, Any]]:
    """Each target with PASS/FAIL (N/A when the sizes measured cannot tell), then INFO lines."""
    return [
        *check_targets(results),
        preview_target(results),
        *full_targets(results),
        *memory_targets(results),
        *scaling_targets(results),
        *search_targets(results),
        edit_pages_target(results),
        *information(results),
    ]
