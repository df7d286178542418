"""Running a pathway's commands as a reader would: in order, in a fresh folder, on today's tools.

Each track (the default tool's commands, and each alternative's) is one terminal session: a
command starts in the folder and environment the previous one left. The tools come from PyPI
into a virtual environment the runner makes; HOME is a fresh folder and PATH holds only
``~/.local/bin``, that environment's commands (not its python), the machine's Python and the
system's ``/usr/bin:/bin``. Whatever runs code from a
pathway or from PyPI (the commands, the tools' installation, the package index) runs confined to
its folders (confine.py). Pure: no Sphinx.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .confine import Confinement, Launch, runner_python
from .model import Command, Expect, Pathway

# What the runner installs from PyPI, latest releases; the first ones are recorded.
TOOLS = ("uv", "pip", "build", "twine", "pipx", "installer", "pypiserver")
RECORDED_TOOLS = ("uv", "pip", "build", "twine", "pipx")
# Settings of this machine a reader's shell has too: certificates and proxies, never tools.
PASSED_THROUGH = re.compile(r"SSL_CERT_(FILE|DIR)|REQUESTS_CA_BUNDLE|PIP_CERT|(?i:\w+_proxy)")
COMMAND_TIMEOUT = 600
# A track's shell leaves its folder and environment, after each command, in a file the runner
# holds open outside every folder the commands may write; this much of it is read.
STATE_LIMIT = 4 * 1024 * 1024


class PathwayFailed(Exception):
    """A command failed or its output did not match; the message names where and what, and
    ``failure`` says it in short for the record of the run (empty when no step failed: the
    tools could not be installed)."""

    def __init__(
        self,
        message: str,
        failure: dict[str, str] | None = None,
        report: RunReport | None = None,
    ) -> None:
        super().__init__(message)
        self.failure = failure or {}
        self.report = report or RunReport()  # what ran and was skipped before the failure


@dataclass(frozen=True)
class Task:
    """One command of one track, with where it comes from and what to check."""

    step: str
    track: str
    command: Command
    expect: Expect | None = None


@dataclass
class RunReport:
    """What ran, what was skipped and why, on which tool versions."""

    ran: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def tasks(pathway: Pathway, step: str = "") -> Iterator[Task]:
    """The commands of a pathway (or of one step) in the order a reader types them."""
    for item in pathway.steps:
        if step and item.id != step:
            continue
        step_off = (item.runs, item.reason)
        for command in item.commands:
            yield Task(item.id, "default", _skipped(command, *step_off))
        if item.checkpoint:
            check = Command(item.checkpoint.run, line=item.checkpoint.line)
            yield Task(item.id, "default", _skipped(check, *step_off), item.checkpoint.expect)
        for alternative in item.choice.alternatives if item.choice else ():
            off = step_off if not item.runs else (alternative.runs, alternative.reason)
            for command in alternative.commands:
                yield Task(item.id, alternative.tool, _skipped(command, *off))


def _skipped(command: Command, runs: bool = True, reason: str = "") -> Command:
    if runs or not command.runs:
        return command
    return Command(command.run, False, reason, "", command.line)


def mismatch(expect: Expect, output: str) -> str:
    """Why ``output`` does not show what ``expect`` says, or '' when it does."""
    if expect.output_contains and expect.output_contains not in output:
        return f"expected the output to contain {expect.output_contains!r}"
    if expect.output_matches and not re.search(expect.output_matches, output, re.MULTILINE):
        return f"expected a line of the output to match {expect.output_matches!r}"
    if expect.output_lacks and expect.output_lacks in output:
        return f"expected the output not to contain {expect.output_lacks!r}"
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sandbox:
    """A fresh folder with a home, the tools' environment and one shell session per track."""

    def __init__(self, root: Path, cache: Path, confinement: Confinement) -> None:
        self.root, self.cache, self.confinement = root.resolve(), cache.resolve(), confinement
        self.tools = self.root / "tools"
        self.home = self.root / "home"
        self.tmp = self.root / "tmp"
        for folder in (self.home, self.tmp, self.cache):
            folder.mkdir(parents=True, exist_ok=True)
        self.sessions: dict[str, tuple[Path, dict[str, str]]] = {}
        self.index_url = ""

    def launch(self, argv: list[str], env: dict[str, str], cwd: Path, *writable: Path) -> Launch:
        """``argv`` confined to ``writable`` with HOME, TMPDIR and the cache; sees the tools."""
        return self.confinement.launch(
            argv,
            env,
            cwd,
            [*writable, self.home, self.tmp, self.cache],
            [self.tools, runner_python()],
        )

    def base_environment(self) -> dict[str, str]:
        passed = {k: v for k, v in os.environ.items() if PASSED_THROUGH.fullmatch(k)}
        return {
            **passed,
            "HOME": str(self.home),
            # The tools' commands, then the machine's Python, as in a reader's shell: `python`
            # is never the tools' environment, which PDM, say, would take for the project's
            # (and uv finds the machine's Python there; UV_PYTHON would also point `uv pip`
            # and the uv inside Hatch at it).
            "PATH": f"{self.home}/.local/bin:{self.commands}:{_base_python_dir()}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "TMPDIR": str(self.tmp),
            # uv would download a Python build; only the package index is reachable.
            "UV_PYTHON_DOWNLOADS": "never",
            "UV_CACHE_DIR": str(self.cache / "uv"),
            "PIP_CACHE_DIR": str(self.cache / "pip"),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PATHWAY_INDEX_URL": self.index_url,
        }

    def install_tools(self) -> dict[str, str]:
        """Today's releases of the tools, from PyPI; returns their versions."""
        # The venv is made by the runner's own Python; what pip then fetches runs confined.
        subprocess.run([sys.executable, "-m", "venv", str(self.tools)], check=True)
        python = str(self.tools / "bin" / "python")
        env = self.base_environment()
        install = [python, "-m", "pip", "install", "-q", "--upgrade", *TOOLS]
        status, output = self._run(self.launch(install, env, self.home, self.tools))
        listing = [python, "-m", "pip", "list", "--format=freeze"]
        if not status:
            status, output = self._run(self.launch(listing, env, self.home))
        if status:
            raise PathwayFailed(
                f"installing the tools from PyPI failed (`{' '.join(install[1:])}` or "
                f"`pip list` exited with status {status}); its output was:\n{output.rstrip()}"
            )
        self._link_commands()
        versions = dict(line.split("==", 1) for line in output.split() if "==" in line)
        return {tool: versions[tool] for tool in RECORDED_TOOLS if tool in versions}

    @property
    def commands(self) -> Path:
        """The tools' commands, without the environment's own python (the tools' folder may be
        another sandbox's, shared)."""
        return self.tools / "commands"

    def _link_commands(self) -> None:
        """A folder of links to the tools' commands (uv, pipx, twine...), but not to the
        environment's python or its activate scripts: a reader's shell has the tools, and the
        machine's Python."""
        self.commands.mkdir(exist_ok=True)
        for command in sorted((self.tools / "bin").iterdir()):
            if command.name.startswith(("python", "activate", "Activate")):
                continue
            (self.commands / command.name).symlink_to(command)

    @contextlib.contextmanager
    def local_index(self) -> Iterator[str]:
        """A package index on 127.0.0.1 that accepts uploads, stopped afterwards."""
        packages = self.root / "index"
        packages.mkdir(exist_ok=True)
        port = free_port()
        serve = [
            *(str(self.tools / "bin" / "pypi-server"), "run", "-i", "127.0.0.1"),
            *("-p", str(port), "-a", ".", "-P", ".", "--overwrite", str(packages)),
        ]
        started = self.launch(serve, self.base_environment(), packages, packages)
        server = subprocess.Popen(
            started.argv,
            cwd=started.cwd,
            env=started.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                    break
                time.sleep(0.1)
            self.index_url = f"http://127.0.0.1:{port}/"
            yield self.index_url
        finally:
            server.terminate()
            server.wait(timeout=10)

    def run(self, track: str, command: str) -> tuple[int, str]:
        """Run one command in a track's session; returns its exit status and output."""
        folder = self.root / ("work" if track == "default" else f"with-{track}")
        if track not in self.sessions:
            folder.mkdir(exist_ok=True)
            self.sessions[track] = (folder, self.base_environment())
        cwd, env = self.sessions[track]
        with tempfile.TemporaryFile() as state:
            script = f"{command}\n__status=$?\n{{ printf '%s\\0' \"$PWD\"; env -0; }}"
            script += f" >&{state.fileno()}\nexit $__status\n"
            started = self.launch(["/bin/bash", "-c", script], env, cwd, folder)
            status, output = self._run(started, state.fileno())
            state.seek(0)
            left = state.read(STATE_LIMIT).decode("utf-8", "surrogateescape").split("\0")
        if left[0].startswith("/"):
            env = dict(pair.split("=", 1) for pair in left[1:] if "=" in pair)
            self.sessions[track] = (Path(left[0]), env)
        return status, output

    def _run(self, started: Launch, state: int | None = None) -> tuple[int, str]:
        """Exit status and output (stderr with stdout); a folder gone or a hang is a failure."""
        try:
            done = subprocess.run(
                started.argv,
                check=False,
                cwd=started.cwd,
                env=started.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=() if state is None else (state,),
                encoding="utf-8",
                errors="replace",
                timeout=COMMAND_TIMEOUT,
            )
        except subprocess.TimeoutExpired as stopped:
            output = stopped.output.decode("utf-8", "replace") if stopped.output else ""
            return 124, f"{output}\n(stopped after {COMMAND_TIMEOUT} s)"
        except OSError as error:
            return 126, f"cannot start it in {started.cwd}: {error.strerror}"
        return done.returncode, done.stdout


def run_pathway(
    pathway: Pathway, sandbox: Sandbox, say: Callable[[str], None], step: str = ""
) -> RunReport:
    """Run a pathway's commands; raises :class:`PathwayFailed` naming file, line and command."""
    report = RunReport()
    planned = list(tasks(pathway, step))
    needs_index = any("PATHWAY_INDEX_URL" in t.command.instead for t in planned)
    with sandbox.local_index() if needs_index else contextlib.nullcontext(""):
        for task in planned:
            command = task.command
            where = f"{pathway.source}:{command.line}"
            label = f"{pathway.id} / {task.step}" + (
                "" if task.track == "default" else f" ({task.track})"
            )
            if not command.runs:
                say(f"  skipped  {label}: {command.run}\n           because {command.reason}")
                report.skipped.append((f"{task.step}: {command.run}", command.reason))
                continue
            typed = command.instead or command.run
            say(f"  run      {label}: {typed}")
            status, output = sandbox.run(task.track, typed)
            problem = f"exited with status {status}" if status else ""
            if not problem and task.expect:
                problem = mismatch(task.expect, output)
            if problem:
                raise PathwayFailed(
                    f"{where}: pathway {pathway.id!r}, step {task.step!r}: `{typed}` "
                    f"{problem}; its output was:\n{output.rstrip()}",
                    {"step": task.step, "command": typed, "problem": problem},
                    report,
                )
            report.ran.append(f"{task.step}: {typed}")
    return report


def _base_python_dir() -> str:
    """The folder of the Python the runner itself was made from (not a virtual environment's)."""
    return str(Path(getattr(sys, "_base_executable", sys.executable)).resolve().parent)
