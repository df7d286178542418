"""The pathway runner keeps a pull request's commands in their folders: a write anywhere else
fails the step (naming the command and showing its output) and leaves the machine as it was; the
machine's temporary folder and the homes are hidden; without bubblewrap the runner refuses, and
runs the commands unconfined only when told to, saying so."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinx_council.cli import main
from sphinx_council.pathways import confine
from sphinx_council.pathways.confine import Confinement, find_bubblewrap, runner_python
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway
from sphinx_council.pathways.model import Pathway
from sphinx_council.pathways.runner import PathwayFailed, Sandbox, run_pathway

PATHWAY = """\
id: escape
title: A pathway whose commands try to leave their folder
persona: newcomer
summary: Its commands write outside the folder the runner gives them.
for_you_if:
  - You test the pathway runner.
level: beginner
outcomes:
  - See the runner keep commands in their folder.
reviewed: 2027-06-01
review_every_months: 6
steps:
  - id: escape
    title: Leave the folder
    why: A pathway file comes from a pull request.
    minutes: 1
    commands:
{commands}
"""
# Writes a pull request's pathway might try, outside the folders the runner gives its commands;
# {out} is a folder of the machine that the commands can see, {marker} a name that is nowhere.
ESCAPES = [
    ("echo x > {out}/kept.txt", "{out}/kept.txt: Read-only file system"),
    ("echo x >> {out}/new.txt", "{out}/new.txt: Read-only file system"),
    ("rm -f {out}/kept.txt", "rm: cannot remove '{out}/kept.txt': Read-only file system"),
    ("mv {out}/kept.txt {out}/moved.txt", "Read-only file system"),
    ("mkdir {out}/made", "mkdir: cannot create directory '{out}/made': Read-only file system"),
    ("chmod 777 {out}", "chmod: changing permissions of '{out}': Read-only file system"),
    ("cd {out} && touch new", "touch: cannot touch 'new': Read-only file system"),
    ("ln -s {out} through && echo x > through/kept.txt", "through/kept.txt: Read-only file system"),
    ("ln -s {out}/kept.txt kept && echo x >> kept", "kept: Read-only file system"),
    ("cd .. && cd .. && touch escape", "touch: cannot touch 'escape': Read-only file system"),
    ("echo x > $HOME/../escape", "/home/../escape: Read-only file system"),
    ("touch /tmp/{marker}", "touch: cannot touch '/tmp/{marker}': Read-only file system"),
    (
        "python3 -c \"open('{out}/kept.txt', 'w')\"",
        "OSError: [Errno 30] Read-only file system: '{out}/kept.txt'",
    ),
    ("mount --bind . {out}", "mount: "),
    # The kernel's settings: the same value written back, so a failing test changes nothing.
    (
        "cat /proc/sys/kernel/printk_ratelimit > /proc/sys/kernel/printk_ratelimit",
        "/proc/sys/kernel/printk_ratelimit: Read-only file system",
    ),
]


def bubblewrap(folder: Path) -> Confinement:
    """The machine's bubblewrap; skips without one, and fails in CI, which must install it."""
    confinement, problem = find_bubblewrap(None)
    problem = problem or confinement.problem(folder)
    if problem and os.environ.get("CI"):
        pytest.fail(f"CI must install a working bubblewrap: {problem}", pytrace=False)
    if problem:
        pytest.skip(f"no working bubblewrap: {problem}")
    return confinement


def escape_pathway(*commands: str) -> str:
    return PATHWAY.format(commands="\n".join(f"      - run: {json.dumps(c)}" for c in commands))


def loaded(text: str) -> Pathway:
    pathway, problems = load_pathway("pathways/escape.yaml", text, guide_inventory(), stem="escape")
    assert problems == []
    assert pathway is not None
    return pathway


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every entry under ``folder``: its mode and its content or link target."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        if path.is_symlink():
            found[str(path)] = (mode, str(path.readlink()))
        else:
            found[str(path)] = (mode, path.read_text() if path.is_file() else "")
    return found


@pytest.fixture
def outside() -> Iterator[Path]:
    """A folder outside the run that the commands see read-only (/tmp and the homes they don't)."""
    folder = Path(tempfile.mkdtemp(prefix="council-outside-", dir="/var/tmp")).resolve()
    (folder / "kept.txt").write_text("kept\n")
    (folder / "inner").mkdir()
    yield folder
    shutil.rmtree(folder)


@pytest.mark.parametrize(("command", "said"), ESCAPES, ids=[c for c, _ in ESCAPES])
def test_a_write_outside_the_folder_fails_the_step_and_changes_nothing(
    command: str, said: str, tmp_path: Path, outside: Path
) -> None:
    marker = f"outside-marker-{uuid.uuid4().hex}"
    command = command.format(out=outside, marker=marker)
    pathway = loaded(escape_pathway("echo started > started.txt", command))
    before, beside = snapshot(outside), snapshot(tmp_path)
    sandbox = Sandbox(tmp_path / "run", tmp_path / "cache", bubblewrap(tmp_path))
    with pytest.raises(PathwayFailed) as failure:
        run_pathway(pathway, sandbox, lambda _: None)
    line = pathway.steps[0].commands[1].line
    head = (
        rf"pathways/escape\.yaml:{line}: pathway 'escape', step 'escape': `{re.escape(command)}` "
        r"exited with status [1-9]\d*; its output was:\n"
    )
    message = str(failure.value)
    assert re.match(head, message), message
    # coreutils quotes names with typographic or plain quotes, by program and locale.
    assert said.format(out=outside, marker=marker) in re.sub("[\u2018\u2019]", "'", message)
    assert snapshot(outside) == before
    assert not Path("/tmp", marker).exists()
    assert not (tmp_path / "run" / "escape").exists()
    # Beside the run nothing changed, and nothing appeared but the run's folders and the cache.
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if k in beside} == beside
    made = [Path(k) for k in after.keys() - beside.keys()]
    assert all(
        p.is_relative_to(tmp_path / "run") or p.is_relative_to(tmp_path / "cache") for p in made
    )
    assert (tmp_path / "run" / "work" / "started.txt").read_text() == "started\n"


def test_the_machines_temporary_folder_and_homes_are_hidden(tmp_path: Path) -> None:
    secret = tmp_path / "beside" / "key.txt"
    secret.parent.mkdir()
    secret.write_text("a key\n")
    pathway = loaded(escape_pathway(f"cat {secret}"))
    sandbox = Sandbox(tmp_path / "run", tmp_path / "cache", bubblewrap(tmp_path))
    with pytest.raises(PathwayFailed) as failure:
        run_pathway(pathway, sandbox, lambda _: None)
    assert str(failure.value).endswith(f"cat: {secret}: No such file or directory")
    hidden = [f.resolve() for f in (*confine.HIDDEN, Path.home()) if f.is_dir()]
    _, listing = sandbox.run("default", "ls -A " + " ".join(map(str, hidden)))
    # What is left there leads to the folders shown again: the run's, the runner's Python and
    # the resolver's settings.
    shown = [tmp_path.resolve(), runner_python(), confine.RESOLVER.resolve().parent]
    leading = {p.relative_to(h).parts[0] for h in hidden for p in shown if p.is_relative_to(h)}
    assert set(listing.split()) <= {f"{h}:" for h in hidden} | leading
    status, said = sandbox.run("default", f"kill -0 {os.getpid()}")
    assert (status, said) == (1, f"/bin/bash: line 1: kill: ({os.getpid()}) - No such process\n")


def test_the_resolvers_settings_are_shown_where_a_link_puts_them_in_a_hidden_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on Ubuntu, where /etc/resolv.conf is a link into /run/systemd/resolve.
    settings = tmp_path / "resolve" / "stub-resolv.conf"
    settings.parent.mkdir()
    settings.write_text("nameserver 127.0.0.53\n")
    (tmp_path / "hidden.txt").write_text("hidden\n")
    (tmp_path / "resolv.conf").symlink_to(settings)
    monkeypatch.setattr(confine, "RESOLVER", tmp_path / "resolv.conf")
    sandbox = Sandbox(tmp_path / "run", tmp_path / "cache", bubblewrap(tmp_path))
    assert sandbox.run("default", f"cat {settings}") == (0, "nameserver 127.0.0.53\n")
    status, said = sandbox.run("default", f"cat {tmp_path / 'hidden.txt'}")
    assert (status, said) == (1, f"cat: {tmp_path / 'hidden.txt'}: No such file or directory\n")
    status, said = sandbox.run("default", f"echo x > {settings}")
    assert (status, said) == (1, f"/bin/bash: line 1: {settings}: Read-only file system\n")


def test_inside_its_folders_a_session_writes_and_carries_on(tmp_path: Path) -> None:
    pathway = loaded(
        escape_pathway(
            "mkdir -p sub && cd sub && echo one > f && export SEEN=yes",
            'echo two > "$HOME/h" && echo three > "$TMPDIR/t"',
            'mkdir -p "$UV_CACHE_DIR" && touch "$UV_CACHE_DIR/c" && cat f "$HOME/h" "$TMPDIR/t"',
            'echo "$SEEN $PWD"',
        )
    )
    said: list[str] = []
    sandbox = Sandbox(tmp_path / "run", tmp_path / "cache", bubblewrap(tmp_path))
    report = run_pathway(pathway, sandbox, said.append)
    assert len(report.ran) == 4
    assert sandbox.run("default", "cat f") == (0, "one\n")
    run = tmp_path / "run"
    assert sandbox.run("default", 'echo "$SEEN $PWD"') == (0, f"yes {run / 'work' / 'sub'}\n")
    assert (run / "work" / "sub" / "f").read_text() == "one\n"
    assert (run / "home" / "h").read_text() == "two\n"
    assert (run / "tmp" / "t").read_text() == "three\n"
    assert (tmp_path / "cache" / "uv" / "c").is_file()


def test_the_tools_are_commands_and_python_is_the_machines(tmp_path: Path) -> None:
    """As in a reader's shell: the tools' commands are there, but ``python`` is not the tools'
    environment (PDM would take it for the project's and install into it); the tools' folder
    may be another sandbox's, as ``council try-pathway`` shares one between pathways."""
    shared = Sandbox(tmp_path / "shared", tmp_path / "cache", bubblewrap(tmp_path))
    (shared.tools / "bin").mkdir(parents=True)
    for name in ("hello", "python3"):
        (shared.tools / "bin" / name).write_text(f"#!/bin/sh\necho {name} from the tools\n")
        (shared.tools / "bin" / name).chmod(0o755)
    shared._link_commands()
    sandbox = Sandbox(tmp_path / "run", tmp_path / "cache", bubblewrap(tmp_path))
    sandbox.tools = shared.tools
    assert sandbox.run("default", "hello") == (0, "hello from the tools\n")
    status, said = sandbox.run("default", "command -v python3")
    assert status == 0
    assert not said.startswith(str(shared.tools)), said


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pathways folder with the escaping pathway; installing tools from PyPI is not wanted."""
    (tmp_path / "pathways").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(Sandbox, "install_tools", lambda self: {"uv": "0.0.0"})
    return tmp_path


def try_pathway(project: Path, *options: str) -> int:
    return main(["try-pathway", "escape", "--cache", str(project / "cache"), *options])


def not_bubblewrap(project: Path) -> dict[str, tuple[str, str]]:
    """Programs that are not a working bubblewrap, and what the runner says of each."""
    failing = project / "fake-bwrap"
    failing.write_text(
        "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n"
    )
    failing.chmod(0o755)
    missing = project / "no" / "bwrap"
    return {
        "missing": (
            str(missing),
            f"{missing} cannot be started ([Errno 2] No such file or directory: '{missing}')",
        ),
        "failing": (
            str(failing),
            f"{failing} exited with status 1 (bwrap: setting up uid map: Permission denied)",
        ),
        "not bwrap": ("/bin/false", "/bin/false exited with status 1 (no message)"),
    }


@pytest.mark.parametrize("kind", ["missing", "failing", "not bwrap", "not installed"])
def test_without_a_working_bubblewrap_the_runner_refuses(
    kind: str, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = project / "ran"
    (project / "pathways" / "escape.yaml").write_text(escape_pathway(f"touch {marker}"))
    if kind == "not installed":
        monkeypatch.setenv("PATH", str(project / "empty"))
        options, problem = [], "bubblewrap (bwrap) is not installed"
    else:
        program, problem = not_bubblewrap(project)[kind]
        options = ["--bwrap", program]
    assert try_pathway(project, *options) == 2
    output = capsys.readouterr()
    assert output.err == (
        "council try-pathway: cannot confine the pathways' commands to their folders: "
        f"{problem}. A pathway file comes from a pull request and its commands could write "
        "anywhere you can; install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap; "
        "on Ubuntu 23.10 and later also allow it user namespaces: sysctl "
        "kernel.apparmor_restrict_unprivileged_userns=0), or pass --no-sandbox to run them "
        "with your own rights (only pathways whose every command you have read)\n"
    )
    assert output.out == ""
    assert not marker.exists()


def test_only_when_told_does_the_runner_run_commands_unconfined_and_says_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = project / "ran"
    (project / "pathways" / "escape.yaml").write_text(escape_pathway(f"touch {marker}"))
    assert try_pathway(project, "--bwrap", str(project / "no" / "bwrap"), "--no-sandbox") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "NOT CONFINED (--no-sandbox): commands run with your rights and can write, read and "
        "delete anything you can"
    )
    assert re.fullmatch(r"1 pathway\(s\) passed in \d+ s \(not confined: --no-sandbox\)", lines[-1])
    assert marker.exists()


def test_the_command_says_it_confines_and_fails_on_an_escape(
    project: Path, capsys: pytest.CaptureFixture[str], outside: Path
) -> None:
    command = f"echo x > {outside}/kept.txt"
    (project / "pathways" / "escape.yaml").write_text(escape_pathway(command))
    program = bubblewrap(project).program
    assert try_pathway(project) == 1
    output = capsys.readouterr()
    assert output.out.splitlines()[0] == (
        f"Confined by bubblewrap ({program}): commands write only in their folder, their HOME, "
        "their TMPDIR and the package cache"
    )
    assert output.err == (
        "council try-pathway: pathways/escape.yaml:18: pathway 'escape', step 'escape': "
        f"`{command}` exited with status 1; its output was:\n"
        f"/bin/bash: line 1: {outside}/kept.txt: Read-only file system\n"
        "council try-pathway: failed: escape\n"
    )
    assert (outside / "kept.txt").read_text() == "kept\n"
