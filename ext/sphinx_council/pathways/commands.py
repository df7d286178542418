"""A step's commands as data, and the rule that every command a step shows can be run.

A command the page tells readers to type is run by ``council try-pathway``; one it cannot run
here says so (``runs: no`` with a reason). Pure: no Sphinx, no docutils.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..core.fields import FieldChecker
from ..core.problems import Check
from .model import Alternative, Checkpoint, Command, Expect

Located = tuple[Any, int]

# Code in prose that starts with a tool's name is a command readers will type.
PROSE_COMMAND = re.compile(
    r"`((?:uvx?|pipx?|python3?|conda|twine|git|hatch|pdm|poetry|docker|gh|jupyter)\s[^`]*)`"
)


def _get(values: Mapping[str, Located], key: str, default: Any = None) -> Any:
    return values[key][0] if key in values else default


def prose_commands(text: str) -> list[str]:
    """The commands written in backticks in a step's prose."""
    return PROSE_COMMAND.findall(text)


class CommandReader:
    """Builds commands, checkpoints and alternatives, reporting what the runner could not run."""

    def __init__(self, checker: FieldChecker) -> None:
        self.check = checker

    def runs(self, values: Mapping[str, Located], line: int, field: str) -> tuple[bool, str]:
        """Whether the runner runs it, and why not; 'runs: no' without a reason is reported."""
        runs = _get(values, "runs") != "no"
        reason = _get(values, "reason", "")
        if not runs and not reason:
            self.check.report(
                values["runs"][1],
                f"{field}.runs",
                "'runs: no' needs a 'reason:' saying what the runner lacks here "
                "(a Python download, a git remote, an upload, a browser login)",
                Check.FIELD,
            )
        return runs, reason

    def commands(self, values: Mapping[str, Located], field: str) -> tuple[Command, ...]:
        commands = []
        for index, (item, line) in enumerate(_get(values, "commands", [])):
            if "run" not in item:
                continue
            where = f"{field}.commands[{index}]"
            runs, reason = self.runs(item, line, where)
            instead = _get(item, "instead", "")
            if instead and not reason:
                self.check.report(
                    item["instead"][1],
                    f"{where}.instead",
                    "a stand-in needs a 'reason:' saying why the runner does not run "
                    "the command itself",
                    Check.FIELD,
                )
            commands.append(Command(_get(item, "run"), runs, reason, instead, line))
        return tuple(commands)

    def checkpoint(
        self, values: Mapping[str, Located] | None, step_runs: bool, line: int, field: str
    ) -> Checkpoint | None:
        if not values or not {"run", "success"} <= values.keys():
            return None
        expect = _get(values, "expect")
        if expect is None and step_runs:
            self.check.report(
                values["run"][1],
                f"{field}.checkpoint",
                "has no 'expect:' for the runner to check; add 'expect: {output_contains: "
                "...}' (or output_matches), or mark the step 'runs: no' with a 'reason:'",
                Check.FIELD,
            )
        elif expect is not None and not expect:
            self.check.report(
                line,
                f"{field}.checkpoint.expect",
                "is empty; add output_contains, output_matches or output_lacks",
                Check.FIELD,
            )
        found = Expect(**{key: value for key, (value, _) in expect.items()}) if expect else None
        return Checkpoint(_get(values, "run"), _get(values, "success"), found, values["run"][1])

    def alternative(self, values: Mapping[str, Located], line: int, field: str) -> Alternative:
        runs, reason = self.runs(values, line, field)
        return Alternative(
            _get(values, "tool"),
            _get(values, "when"),
            self.commands(values, field),
            runs,
            reason,
        )

    def unlisted_prose_commands(
        self, values: Mapping[str, Located], has_commands: bool, runs: bool, field: str
    ) -> None:
        """A step whose prose shows commands needs commands or a checkpoint, or a reason."""
        shown = prose_commands(_get(values, "do", ""))
        if shown and runs and not has_commands:
            self.check.report(
                values["do"][1],
                f"{field}.do",
                f"shows the command `{shown[0]}` but the step has no 'commands:' for the "
                "runner; list the commands under 'commands:', or add 'runs: no' with a "
                "'reason:'",
                Check.FIELD,
            )
