"""``{pep}`` and ``{decision}`` references in prose that lead nowhere, found without Sphinx.

``council check`` reports what the build would warn about: a PEP number the vendored index
does not have, a decision id no record has. The scan reads the source text line by line, so
each problem has the exact line of its reference; fenced code blocks are skipped, as their
text is shown, not parsed. Messages are worded as the build's warnings are.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Set
from dataclasses import dataclass

from ..core.problems import Check, Problem
from ..core.yamlsource import find_front_matter
from ..peps.index import index_provenance, pep_index
from ..peps.status import status_concern

# {pep}`751`, {pep}`text <751#anchor>`, :pep:`751` (reST), and the same for decisions, also
# by the domain's full name (council:decision).
_ROLES = "pep|decision|council:decision"
ROLE = re.compile(
    rf"(?:\{{(?P<myst>{_ROLES})\}}|(?<![\w:]):(?P<rst>{_ROLES}):)`(?P<content>[^`]+)`"
)
# Sphinx's explicit_title_re: "title <target>".
EXPLICIT_TARGET = re.compile(r"^(.+?)\s*(?<!\x00)<([^<]*?)>$", re.DOTALL)
# A fenced block: ```python is shown as code; ```{note} is a MyST directive whose body is prose.
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
CODE_DIRECTIVES = frozenset({"{code}", "{code-block}", "{sourcecode}", "{literalinclude}"})


def parsed_lines(lines: Iterable[str], first_line: int = 1) -> Iterator[tuple[int, str]]:
    """The numbered lines a parser reads as prose: not those inside a fenced code block."""
    open_fences: list[tuple[str, bool]] = []  # (fence, shown as code)
    for number, line in enumerate(lines, start=first_line):
        match = FENCE.match(line)
        if match:
            fence, info = match.group("fence"), match.group("info").strip()
            inner = open_fences[-1][0] if open_fences else ""
            if inner and not info and fence[0] == inner[0] and len(fence) >= len(inner):
                open_fences.pop()
                continue
            if not (open_fences and open_fences[-1][1]):
                directive = info.split(None, 1)[0] if info else ""
                code = not directive.startswith("{") or directive in CODE_DIRECTIVES
                open_fences.append((fence, code))
                continue
        if not (open_fences and open_fences[-1][1]):
            yield number, line


def role_target(content: str) -> str:
    """What a role points to: the part in angle brackets when a title is given, else all."""
    match = EXPLICIT_TARGET.match(content)
    return (match.group(2) if match else content).strip()


def pep_problem(
    target: str, status_warnings: Collection[int] | None = None
) -> tuple[str, Check] | None:
    """Why ``{pep}`target``` leads nowhere (the build's wording), or None when it is known.

    ``status_warnings``, when given, also reports a Withdrawn, Rejected or Superseded PEP, as
    the build's role does with ``council_pep_status_warnings = "warn"``, unless the number is
    in it (the PEPs a record is about, which it cites knowingly).
    """
    number, _, _anchor = target.partition("#")
    if not number.strip().isdigit():
        return f"{{pep}}: {target!r} is not a PEP number; write e.g. 621 or 621#anchor", Check.PEP
    info = pep_index().get(int(number))
    if info is None:
        unknown = f"PEP {int(number)} is not in the PEP index ({index_provenance()})"
        return f"{{pep}}: {unknown}", Check.PEP
    if status_warnings is not None and info.number not in status_warnings:
        concern = status_concern(info)
        if concern is not None:
            return f"{{pep}}: {concern}", Check.PEP
    return None


def decision_problem(target: str, known_ids: Set[str]) -> tuple[str, Check] | None:
    """Why ``{decision}`target``` leads nowhere (the build's wording), or None."""
    if target.startswith("!"):  # a role written to show the text without a link
        return None
    if target not in known_ids:
        message = f"{{decision}}: {target!r} is not the id of any decision record"
        return message, Check.REFERENCE
    return None


@dataclass(frozen=True)
class Reference:
    """One ``{pep}`` or ``{decision}`` reference: its line, its role and what it points to."""

    line: int
    role: str
    target: str


def references_in(lines: Iterable[str], first_line: int = 1) -> Iterator[Reference]:
    """The references in ``lines`` (numbered from ``first_line``), outside code blocks."""
    for number, line in parsed_lines(lines, first_line):
        for match in ROLE.finditer(line):
            role = match.group("myst") or match.group("rst")
            yield Reference(number, role, role_target(match.group("content")))


def record_references(text: str) -> tuple[Reference, ...]:
    """The references in a record's prose (the text after its front matter)."""
    front = find_front_matter(text)
    first = front.end_line + 1 if front is not None else 1
    return tuple(references_in(text.split("\n")[first - 1 :], first))


def resolve(
    source: str,
    references: Iterable[Reference],
    known_ids: Set[str],
    status_warnings: Collection[int] | None = None,
) -> Iterator[Problem]:
    """Problems of the references that lead nowhere, against today's PEP index and records
    (and of citations of PEPs no longer in force, as ``pep_problem`` says)."""
    for ref in references:
        found = (
            pep_problem(ref.target, status_warnings)
            if ref.role == "pep"
            else decision_problem(ref.target, known_ids)
        )
        if found is not None:
            yield Problem(source, ref.line, "", *found)


def reference_problems(
    source: str, lines: Iterable[str], known_ids: Set[str], first_line: int = 1
) -> Iterator[Problem]:
    """Problems of the references in ``lines`` (numbered from ``first_line``) of ``source``."""
    yield from resolve(source, references_in(lines, first_line), known_ids)


def record_reference_problems(source: str, text: str, known_ids: Set[str]) -> Iterator[Problem]:
    """Problems of the references in a record's prose (the text after its front matter)."""
    yield from resolve(source, record_references(text), known_ids)


__all__ = [
    "Reference",
    "parsed_lines",
    "record_reference_problems",
    "record_references",
    "reference_problems",
    "resolve",
    "role_target",
]
