"""Confining a pathway's commands to their folders, since a pathway file comes from a pull request.

Under bubblewrap (``bwrap``) a command sees the machine read-only; it may write only in the
folders the runner names (its track's folder, its HOME, its TMPDIR and the package cache). The
machine's temporary folder, the users' homes and /run are hidden behind empty read-only
folders, so a command neither reads the user's keys, nor reaches the services listening on
sockets there, nor leaves files there; the runner's own Python is shown again read-only. It
gets new /dev and /proc (read-only: the kernel's settings are not the pathway's), no
capabilities, and its own process, IPC and host-name namespaces: it cannot see or signal the
runner. It keeps the machine's network, which the commands need (the tools come from PyPI and
uploads go to the runner's package index on 127.0.0.1): so it can reach what listens on the
network, 127.0.0.1 included, and the abstract Unix sockets. Pure: no Sphinx.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# Hidden from the commands: what other programs keep in temporary files; the homes, where keys
# and tokens live; and /run, where the sockets of services that obey whoever connects as this
# user live (docker, systemd, D-Bus, ssh-agent, databases). A folder the runner names inside
# them is shown again, and so is the folder of the resolver's settings, which names the DNS
# server (on Ubuntu /etc/resolv.conf is a link into /run/systemd/resolve).
HIDDEN = (Path("/tmp"), Path("/root"), Path("/home"), Path("/run"))
RESOLVER = Path("/etc/resolv.conf")
INSTALL_HINT = (
    "install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap; on Ubuntu 23.10 and "
    "later also allow it user namespaces: sysctl kernel.apparmor_restrict_unprivileged_userns=0)"
)
PROBE_TIMEOUT = 30


class Launch(NamedTuple):
    """What to start, with which environment, in which folder of the machine."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path


@dataclass(frozen=True)
class Confinement:
    """How the runner starts a command: under the bwrap at ``program``, or as is when ''."""

    program: str = ""

    @property
    def confined(self) -> bool:
        return bool(self.program)

    def describe(self) -> str:
        """One line for the log: where commands may write, or that they may write anywhere."""
        if self.confined:
            return (
                f"Confined by bubblewrap ({self.program}): commands write only in their "
                "folder, their HOME, their TMPDIR and the package cache"
            )
        return (
            "NOT CONFINED (--no-sandbox): commands run with your rights and can write, read "
            "and delete anything you can"
        )

    def launch(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        cwd: Path,
        writable: Sequence[Path],
        readable: Sequence[Path] = (),
    ) -> Launch:
        """``argv`` as started in ``cwd`` with ``env``, confined to ``writable`` when confined."""
        if not self.confined:
            return Launch(list(argv), dict(env), cwd)
        return Launch(self._bwrap(argv, env, cwd, writable, readable), {}, Path("/"))

    def _bwrap(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        cwd: Path,
        writable: Sequence[Path],
        readable: Sequence[Path],
    ) -> list[str]:
        hidden = _hidden()
        options = [
            self.program,
            *("--die-with-parent", "--new-session", "--cap-drop", "ALL"),
            *("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"),
            *("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"),
        ]
        for folder in hidden:
            options += ["--tmpfs", str(folder)]
        resolver = RESOLVER.resolve().parent
        shown = [resolver] if any(resolver.is_relative_to(f) for f in hidden) else []
        for folder in (*readable, *shown):
            options += ["--ro-bind-try", str(folder), str(folder)]
        for folder in writable:
            options += ["--bind", str(folder), str(folder)]
        # Last, once bwrap has made the mount points inside them: the stand-ins for the hidden
        # folders take no files, so a write there fails as it does elsewhere on the machine.
        for folder in (Path("/proc"), *hidden):
            options += ["--remount-ro", str(folder)]
        # The environment goes in as options: bwrap itself runs on the machine, where a
        # variable a command exported (LD_PRELOAD) must not reach it.
        options.append("--clearenv")
        for name, value in env.items():
            options += ["--setenv", name, value]
        return [*options, "--chdir", str(cwd), "--", *argv]

    def problem(self, folder: Path) -> str:
        """Why commands cannot be confined here ('' when they can), trying it once in ``folder``."""
        started = self.launch(["/bin/sh", "-c", "true"], {}, folder, [folder])
        try:
            done = subprocess.run(
                started.argv,
                check=False,
                cwd=started.cwd,
                env=started.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=PROBE_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{self.program} cannot be started ({error})"
        if done.returncode:
            said = " ".join(done.stderr.split()) or "no message"
            return f"{self.program} exited with status {done.returncode} ({said})"
        return ""


def find_bubblewrap(given: str | None) -> tuple[Confinement, str]:
    """The confinement to use and, when there is none, why."""
    program = given or shutil.which("bwrap")
    if not program:
        return Confinement(), "bubblewrap (bwrap) is not installed"
    return Confinement(program), ""


def _hidden() -> list[Path]:
    """The folders to hide that exist, by their real paths, none inside another."""
    found: list[Path] = []
    for folder in (*HIDDEN, Path.home()):
        real = folder.resolve()
        if real == Path("/") or not real.is_dir() or any(real.is_relative_to(f) for f in found):
            continue
        found = [f for f in found if not f.is_relative_to(real)] + [real]
    return found


def runner_python() -> Path:
    """The installation of the Python the runner was made from, which the tools' venv uses."""
    return Path(sys.base_prefix).resolve()
