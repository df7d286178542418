"""``council check`` and the ``-W`` build agree on a fuzz corpus: the same problems, at the same
lines, with the same words, for records mutated with what an attacker or a careless
contributor would type (the pieces ``test_fuzz.py`` uses, and prose the dialect refuses).

The corpus is made from a fixed seed, so a disagreement names the file that shows it and the
run can be repeated; ``test_fuzz.py`` explores far more texts, one reader at a time.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from conftest import RECORD, sphinx_build, write_site
from sphinx_council.cli import main

BUILD_EPOCH = "1798761600"  # 2027-01-01, the date sphinx_build builds as of

# What gets inserted: YAML and text hazards, then prose that must never run or fetch.
PIECES = [
    "\x00",
    "\x07",
    "\x1b[2J",
    "\u202e",
    "\u200b",
    "\r",
    "&a ",
    "*a",
    "[",
    "{",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "'",
    '"',
    "#",
    "9999-12-31",
    "2099-01-01",
    "1066-10-14",
    "0x2ef",
    "\uff11",
    "https://127.0.0.1/",
    "https://user:pw@example.org/",
    "\n{{ lipsum.__globals__ }}\n",
    "\n```{include} /etc/passwd\n```\n",
    "\n:::{csv-table}\n:url: http://127.0.0.1:9/\n:::\n",
    "\n[x](javascript:alert(1))\n",
    "\n![x](../../secret.png)\n",
    "\n<script>alert(1)</script>\n",
    "\n{download}`../../secret`\n",
    "\n```{eval-rst}\n.. include:: /etc/passwd\n```\n",
]
RECORDS = 40
SEEDS = [int(s) for s in os.environ.get("FUZZ_SEEDS", "20261207 1 2").split()]
WARNING = re.compile(r"decisions/([^/:\s]+\.md):(\d+): WARNING: (.*) \[council\.(\w+)\]$")
REPORTED = re.compile(r"^decisions/([^/:\s]+\.md):(\d+): (.*) \[council\.(\w+)\]$")


def corpus(seed: int) -> dict[str, str]:
    """``RECORDS`` records, each with its own id and one to three mutations."""
    rng = random.Random(seed)
    records = {}
    for number in range(200, 200 + RECORDS):
        text = RECORD.replace("PC-0101", f"PC-{number:04d}")
        for _ in range(rng.randint(1, 3)):
            at = int(rng.random() * len(text))
            text = text[:at] + rng.choice(PIECES) + text[at + rng.randrange(13) :]
        records[f"{number:04d}-fuzzed.md"] = text
    return records


Finding = tuple[str, int, str, str]


def build_findings(stderr: str, src: Path) -> set[Finding]:
    """The build's council warnings; it names files by their full path, the check by their path
    from where it runs (the project), so messages are compared with that prefix taken off."""
    found = set()
    for line in stderr.replace(f"{src}/", "").splitlines():
        if match := WARNING.search(line):
            name, number, text, check = match.groups()
            found.add((name, int(number), text, check))
    return found


def check_findings(stdout: str) -> set[Finding]:
    found = set()
    for line in stdout.splitlines():
        if match := REPORTED.match(line):
            name, number, text, check = match.groups()
            found.add((name, int(number), text, check))
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_check_and_build_agree_on_a_fuzz_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    src = write_site(tmp_path / "src", corpus(seed))
    built = sphinx_build(src, tmp_path / "out", "--keep-going", epoch=BUILD_EPOCH)
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    code = main(["check", "--conf", "conf.py", "--no-cache"])
    checked = capsys.readouterr()

    assert "Traceback" not in built.stderr + checked.err
    by_build, by_check = build_findings(built.stderr, src), check_findings(checked.out)
    # The corpus is hostile enough to prove something: most records have problems.
    assert len({name for name, *_ in by_check}) > RECORDS // 2
    assert code == 1
    only_check, only_build = sorted(by_check - by_build), sorted(by_build - by_check)
    assert not only_check, "reported by council check only:\n" + "\n".join(map(str, only_check))
    assert not only_build, "warned by the build only:\n" + "\n".join(map(str, only_build))
    assert not (tmp_path / "out" / "_downloads").exists()
