"""How ``council check`` shows problems: for people, for GitHub, and for programs.

``text``
    ``FILE:LINE: FIELD: MESSAGE [council.CHECK]``, one problem a line, as compilers write them.
``github``
    GitHub Actions workflow commands, ``::error file=F,line=L,title=T::MESSAGE``, which GitHub
    shows as annotations on the changed lines of a pull request (``::warning`` for reminders
    such as an overdue pathway review, which do not fail the check).
``json``
    One JSON document (:data:`JSON_FORMAT_VERSION`)::

        {"version": 1, "files_checked": 15, "records_checked": 15, "problem_count": 1,
         "problems": [{"file": "decisions/0007-foo.md", "line": 6, "field": "status",
                       "check": "value", "severity": "error", "warning": "council.value",
                       "message": "..."}]}

    Problems are sorted by file, line and field; keys never disappear (``field`` is ``""``
    when a problem is about the whole file). New keys may be added; ``version`` changes when
    a key is removed or changes meaning.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence

from ..core.plaintext import shown
from ..core.problems import WARNING_TYPE, Problem
from ..core.project import EXIT_PROBLEMS

FORMATS = ("text", "github", "json")
JSON_FORMAT_VERSION = 1


def text_report(problems: Sequence[Problem]) -> str:
    return "".join(f"{p} [{WARNING_TYPE}.{p.check.value}]\n" for p in problems)


def _escape_data(value: str) -> str:
    # The escaping GitHub's runner applies to a command's message (toolkit's escapeData).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # Properties also end at ',' and '::', so those are escaped too (toolkit's escapeProperty).
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_report(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        title = f"{WARNING_TYPE}.{p.check.value}" + (f": {shown(p.field)}" if p.field else "")
        properties = ",".join(
            f"{key}={_escape_property(value)}"
            for key, value in (("file", shown(p.source)), ("line", str(p.line)), ("title", title))
        )
        level = "warning" if p.advisory else "error"
        # GitHub shows %0A as a line break; every other control character is escaped.
        message = "".join(c if c in "\r\n" else shown(c) for c in p.message)
        lines.append(f"::{level} {properties}::{_escape_data(message)}\n")
    return "".join(lines)


def json_report(problems: Sequence[Problem], files: int, records: int) -> str:
    document = {
        "version": JSON_FORMAT_VERSION,
        "files_checked": files,
        "records_checked": records,
        "problem_count": len(problems),
        "problems": [problem_json(p) for p in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def problem_json(p: Problem) -> dict[str, object]:
    """One problem as the JSON reports write it."""
    return {
        "file": p.source,
        "line": p.line,
        "field": p.field,
        "check": p.check.value,
        "severity": "warning" if p.advisory else "error",
        "warning": f"{WARNING_TYPE}.{p.check.value}",
        "message": p.message,
    }


def refuse(command: str, reason: str, problems: Iterable[Problem], hint: str = "") -> int:
    """Show why a change was refused, each problem with its file and line; the exit code."""
    print(f"council {command}: {reason}; nothing was written:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem} [{WARNING_TYPE}.{problem.check.value}]", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)
    return EXIT_PROBLEMS
