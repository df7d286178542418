"""Measuring: each build in a fresh process (wall time, CPU time, peak RSS), the pages it
wrote, and every measurement for one corpus size."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checktiming import CHECK_REPEAT, changed_check, cold_check
from corpus import edit_record
from projects import PREVIEW_OPTIONS, Projects, make_projects
from searchcost import search_bytes
from targets import MEMORY_AT

from sphinx_council.search.site import indexed_pages, pagefind_command


@dataclass
class Run:
    seconds: float
    maxrss_kib: int
    cpu_seconds: float
    returncode: int
    stderr: str
    # The Sphinx process's own peak, without the children it waited for (0: not measured).
    own_maxrss_kib: int = 0


class BuildFailed(RuntimeError):
    pass


def contended(run: Run) -> bool:
    """Whether the process waited noticeably for a CPU (other processes were busy)."""
    return run.seconds > 1.15 * run.cpu_seconds + 0.2


def run_measured(command: list[str], log: Path, env: dict[str, str]) -> Run:
    """Run ``command`` in a fresh process: wall time, the child's max RSS and CPU time."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as err, open(os.devnull, "w") as out:  # noqa: PTH123
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    return Run(
        seconds,
        usage.ru_maxrss,
        usage.ru_utime + usage.ru_stime,
        proc.returncode,
        log.read_text("utf-8", errors="replace"),
    )


OWN_PEAK = Path(__file__).with_name("ownpeak.py")


def sphinx_build(
    src: Path, out: Path, log: Path, env: dict[str, str], options: tuple[str, ...] = ()
) -> Run:
    peak_file = log.with_suffix(".peak")
    peak_file.unlink(missing_ok=True)
    sphinx = ["sphinx", "-b", "html", "-q", *options, str(src), str(out)]
    run = run_measured([sys.executable, str(OWN_PEAK), str(peak_file), *sphinx], log, env)
    if peak_file.is_file():
        run.own_maxrss_kib = int(peak_file.read_text("utf-8"))
    if run.returncode != 0:
        tail = "\n".join(run.stderr.splitlines()[-30:])
        raise BuildFailed(f"sphinx-build {src} failed with exit code {run.returncode}:\n{tail}")
    return run


def council_command() -> list[str]:
    script = Path(sys.executable).parent / "council"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "sphinx_council.cli"]


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING:" in line or "ERROR:" in line]


def html_files(out: Path) -> dict[str, tuple[int, int, str]]:
    """Every HTML page of a build: relative path -> (mtime_ns, size, sha256)."""
    pages = {}
    for path in out.rglob("*.html"):
        if ".doctrees" in path.parts:
            continue
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        pages[path.relative_to(out).as_posix()] = (stat.st_mtime_ns, stat.st_size, digest)
    return pages


def output_stats(out: Path) -> dict[str, Any]:
    pages = html_files(out)
    total = sum(size for _, size, _ in pages.values())
    largest = sorted(pages.items(), key=lambda item: item[1][1], reverse=True)[:3]
    return {
        "html_pages": len(pages),
        "html_bytes": total,
        "bytes_per_page": total / len(pages) if pages else 0.0,
        "largest_pages": {name: size for name, (_, size, _) in largest},
    }


def written_pages(
    before: dict[str, tuple[int, int, str]], after: dict[str, tuple[int, int, str]]
) -> tuple[list[str], list[str]]:
    """Pages (re)written between two snapshots, and those whose content changed."""
    written, changed = [], []
    for name, (mtime, _, digest) in sorted(after.items()):
        old = before.get(name)
        if old is None or old[0] != mtime or old[2] != digest:
            written.append(name)
        if old is None or old[2] != digest:
            changed.append(name)
    return written, changed


SITES = ("council", "preview", "plain")


class SizeBench:
    """Every measurement for one corpus size, in one work folder."""

    def __init__(self, count: int, workdir: Path, env: dict[str, str], *, quiet: bool) -> None:
        self.count = count
        self.workdir = workdir
        self.env = env
        self.quiet = quiet
        self.logs = workdir / "logs"
        self.timed: list[Run] = []
        self.result: dict[str, Any] = {"records": count}

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"  [N={self.count}] {message}", flush=True)

    def out(self, name: str) -> Path:
        return self.workdir / "out" / name

    def generate(self) -> Projects:
        started = time.perf_counter()
        projects = make_projects(self.workdir, self.count)
        count = self.count
        corpus_bytes = sum(len(r.text.encode()) for r in projects.records)
        prose_bytes = sum(len(r.text.split("\n---\n", 1)[1].encode()) for r in projects.records)
        statuses: dict[str, int] = {}
        for record in projects.records:
            statuses[record.status] = statuses.get(record.status, 0) + 1
        self.result |= {
            "record_bytes_mean": corpus_bytes / count,
            "prose_bytes_mean": prose_bytes / count,
            "statuses": statuses,
        }
        self.say(
            f"corpus generated: {count} records, {corpus_bytes / count / 1024:.1f} KiB "
            f"each ({prose_bytes / count / 1024:.1f} KiB prose), "
            f"{time.perf_counter() - started:.1f} s"
        )
        return projects

    def build(self, projects: Projects, name: str, log: str) -> Run:
        """Build one of the sites into its output folder: ``council`` (every feature on, as
        the published site and a pull request's preview build it), ``preview`` (the council
        site as ``nox -s serve`` builds it after each edit) or ``plain``."""
        source = projects.plain if name == "plain" else projects.council
        options = PREVIEW_OPTIONS if name == "preview" else ()
        return sphinx_build(source, self.out(name), self.logs / log, self.env, options)

    def full_builds(self, projects: Projects, repeat: int, sites: tuple[str, ...] = SITES) -> None:
        """Full builds of the sites (the three by default), each into a fresh output folder."""
        for name in sites:
            out = self.out(name)
            runs = []
            for attempt in range(repeat):
                if out.exists():
                    shutil.rmtree(out)
                runs.append(self.build(projects, name, f"{name}-full-{attempt}.log"))
                self.say(
                    f"{name} full build: {runs[-1].seconds:.2f} s, "
                    f"{runs[-1].maxrss_kib / 1024:.0f} MiB"
                )
            self.timed += runs
            warnings = warnings_in(runs[-1].stderr)
            self.result[name] = {
                "full_seconds": min(r.seconds for r in runs),
                "full_seconds_all": [r.seconds for r in runs],
                "full_cpu_seconds": min(r.cpu_seconds for r in runs),
                "full_maxrss_mib": max(r.maxrss_kib for r in runs) / 1024,
                "full_sphinx_maxrss_mib": max(r.own_maxrss_kib for r in runs) / 1024,
                "full_warnings": len(warnings),
                "full_warning_samples": warnings[:5],
                **output_stats(out),
            }

    def search(self) -> None:
        """Bytes a reader downloads for one query on the council site."""
        self.result["search"] = search_bytes(self.out("council"))
        found = self.result["search"]
        self.say(
            f"search: {found['mean_bytes'] / 1024:.1f} KiB per query"
            if found["measured"]
            else f"search: not measured ({found['reason']})"
        )

    def indexer(self) -> None:
        """The search indexer's own peak memory and its cost per indexed page. In the build,
        Pagefind is a child of the Sphinx process and the two share one peak figure: here
        it indexes the council site again, alone, with the build's own command."""
        site, bundle = self.out("council"), self.workdir / "indexer"
        if not (site / "pagefind" / "pagefind-entry.json").is_file():
            self.result["indexer"] = {"measured": False}
            return
        shutil.rmtree(bundle, ignore_errors=True)
        run = run_measured(pagefind_command(site, bundle), self.logs / "indexer.log", self.env)
        if run.returncode != 0:
            raise BuildFailed(f"Pagefind failed with exit code {run.returncode}:\n{run.stderr}")
        pages = indexed_pages(bundle)
        shutil.rmtree(bundle)
        self.result["indexer"] = {
            "measured": True,
            "pages": pages,
            "maxrss_mib": run.maxrss_kib / 1024,
            "kib_per_page": run.maxrss_kib / pages,
            "seconds": run.seconds,
        }
        self.say(f"search indexer: {run.maxrss_kib / 1024:.0f} MiB for {pages} pages")

    def run_check(self, projects: Projects, log: str) -> Run:
        run = run_measured(
            [*council_command(), "check", "--root", str(projects.council)],
            self.logs / log,
            self.env,
        )
        if run.returncode not in (0, 1):
            raise BuildFailed(
                f"council check failed with exit code {run.returncode}:\n"
                + "\n".join(run.stderr.splitlines()[-30:])
            )
        self.timed.append(run)
        return run

    def edits(self, projects: Projects, repeat: int) -> None:
        """Change one sentence of one record's prose; rebuild the three sites incrementally."""
        target = projects.records[self.count // 2]
        self.result["edited_record"] = f"decisions/{target.filename}"
        edits: dict[str, list[tuple[Run, list[str], list[str]]]] = {name: [] for name in SITES}
        for attempt in range(repeat):
            time.sleep(0.05)
            edit_record(projects.decisions / target.filename, attempt + 1)
            for name in SITES:
                before = html_files(self.out(name))
                run = self.build(projects, name, f"{name}-edit-{attempt}.log")
                written, changed = written_pages(before, html_files(self.out(name)))
                edits[name].append((run, written, changed))
                self.timed.append(run)
                self.say(
                    f"{name} one-record rebuild: {run.seconds:.2f} s, {len(written)} pages written"
                )
        for name, done in edits.items():
            worst = max(done, key=lambda item: len(item[1]))
            self.result[name].update(
                {
                    "edit_seconds": min(edit.seconds for edit, _, _ in done),
                    "edit_seconds_all": [edit.seconds for edit, _, _ in done],
                    "edit_cpu_seconds": min(edit.cpu_seconds for edit, _, _ in done),
                    "edit_maxrss_mib": max(edit.maxrss_kib for edit, _, _ in done) / 1024,
                    "edit_pages_written": len(worst[1]),
                    "edit_pages_changed": len(worst[2]),
                    "edit_written_sample": worst[1][:30],
                    "edit_changed_sample": worst[2][:30],
                    "edit_warnings": len(warnings_in(done[-1][0].stderr)),
                }
            )

    def ratios(self) -> None:
        council, plain = self.result["council"], self.result["plain"]
        preview = self.result["preview"]
        self.result["ratios"] = {
            "full": council["full_seconds"] / plain["full_seconds"],
            "edit": council["edit_seconds"] / plain["edit_seconds"],
            "preview_full": preview["full_seconds"] / plain["full_seconds"],
            "preview_edit": preview["edit_seconds"] / plain["edit_seconds"],
            "preview_edit_cpu": preview["edit_cpu_seconds"] / plain["edit_cpu_seconds"],
            "preview_memory": preview["full_maxrss_mib"] / plain["full_maxrss_mib"],
            "full_cpu": council["full_cpu_seconds"] / plain["full_cpu_seconds"],
            "edit_cpu": council["edit_cpu_seconds"] / plain["edit_cpu_seconds"],
            "memory": council["full_maxrss_mib"] / plain["full_maxrss_mib"],
            "bytes_per_page": council["bytes_per_page"] / plain["bytes_per_page"],
        }
        self.result["timed_runs"] = len(self.timed)
        self.result["contended_runs"] = sum(map(contended, self.timed))
        self.result["load_average_after"] = os.getloadavg()


def bench_size(
    count: int,
    workdir: Path,
    env: dict[str, str],
    *,
    repeat: int = 1,
    edit_repeat: int = 1,
    quiet: bool = False,
    check_repeat: int = CHECK_REPEAT,
) -> dict[str, Any]:
    """Every measurement for one corpus size."""
    started = time.perf_counter()
    bench = SizeBench(count, workdir, env, quiet=quiet)
    projects = bench.generate()
    bench.full_builds(projects, repeat)
    bench.search()
    bench.indexer()
    cold_check(bench, projects, check_repeat)
    bench.edits(projects, edit_repeat)
    changed_check(bench, projects, check_repeat)
    bench.ratios()
    bench.result["wall_seconds"] = time.perf_counter() - started
    return bench.result


def bench_search_size(
    count: int, workdir: Path, env: dict[str, str], *, repeat: int = 1
) -> dict[str, Any]:
    """The search and memory figures alone (``run.py --only search``): the council site
    built, its bytes per query and its indexer's peak; at the sizes the memory target is
    judged, plain Sphinx too."""
    started = time.perf_counter()
    bench = SizeBench(count, workdir, env, quiet=False)
    projects = bench.generate()
    sites = ("council", "plain") if count in MEMORY_AT else ("council",)
    bench.full_builds(projects, repeat, sites)
    bench.search()
    bench.indexer()
    bench.result["wall_seconds"] = time.perf_counter() - started
    return bench.result


def versions() -> dict[str, str]:
    code = (
        "import json, sphinx, myst_parser, pydata_sphinx_theme, sphinx_design, docutils, "
        "sphinx_council; print(json.dumps({'sphinx': sphinx.__version__, "
        "'myst_parser': myst_parser.__version__, "
        "'pydata_sphinx_theme': pydata_sphinx_theme.__version__, "
        "'sphinx_design': sphinx_design.__version__, 'docutils': docutils.__version__, "
        "'sphinx_council': sphinx_council.__version__}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildFailed(f"cannot import the packages to benchmark:\n{done.stderr}")
    found: dict[str, str] = json.loads(done.stdout)
    return found
