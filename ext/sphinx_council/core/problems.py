"""The one vocabulary of problems that checks report, shared by the CLI and the Sphinx build.

Every problem carries the file it was found in, a 1-based line, the field it is about and a
message that says what to change. Sphinx shows them as warnings of type ``council`` with the
subtype's value, so ``suppress_warnings = ["council.votes"]`` silences one kind of check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .plaintext import shown

WARNING_TYPE = "council"


class Check(StrEnum):
    """Subtypes of the ``council`` warning type, one per family of rules."""

    YAML = "yaml"
    """The front matter or data file is missing or is not valid YAML."""
    FIELD = "field"
    """A required field is missing or an unknown field is present."""
    TYPE = "type"
    """A field has the wrong type (a list where text is expected, ...)."""
    VALUE = "value"
    """A value is not one of the allowed ones or does not match its pattern."""
    DATE = "date"
    """A date does not parse as an ISO date (YYYY-MM-DD), is before 1990, or is more than a
    year after the build date."""
    FUTURE = "future"
    """A date something happened on is after the build date, by a year at most: right for a
    record not committed yet (the build is dated by the last commit), a typo otherwise."""
    LINK = "link"
    """A link is not an absolute https: (or http:) URL naming a public site by its domain name,
    without a user name or password."""
    HISTORY = "history"
    """The status history breaks the lifecycle: order, transitions, final status."""
    EARLY = "early"
    """A record was accepted or rejected before its own comment period closed, and the deciding
    history entry does not say why (``early:``)."""
    VOTES = "votes"
    """Votes break PEP 772's rules or disagree with the roster."""
    ROSTER = "roster"
    """The council roster file is invalid."""
    DUPLICATE = "duplicate"
    """Two records share an id."""
    SUPERSEDES = "supersedes"
    """A supersession is dangling, cyclic, or disagrees with the statuses."""
    PEP = "pep"
    """A PEP number is not in the vendored PEP index."""
    CONFIG = "config"
    """A ``council_*`` option in conf.py cannot be used as given."""
    REFERENCE = "reference"
    """A cross-reference names a decision id that no record has."""
    PATHWAY = "pathway"
    """A pathway names a pathway that does not exist, or prerequisites form a cycle."""
    GUIDE = "guide"
    """A link into the Packaging User Guide is not in the vendored inventory."""
    TOOL = "tool"
    """A tool id is not in the tool list (the guide's key projects)."""
    STALE = "stale"
    """A pathway's review is overdue on the build date; the page shows a banner."""
    HTML = "html"
    """A record's prose holds raw HTML, which the project does not allow."""
    PROSE = "prose"
    """A record's prose uses a substitution, directive, option, role or image outside the
    record dialect, or holds a control character; the page shows it as code."""
    FILE = "file"
    """An entry the project does not read: a link, a pipe or device, a name that is not UTF-8,
    a file outside the project, or a file in a content folder with a name it does not read."""


# Problems that are due work or likely right rather than mistakes: an overdue pathway review must
# not block an unrelated pull request, and a record dated today is ahead of a build dated by the
# last commit until it is committed, so ``council check`` reports them and still succeeds. A
# ``-W`` build fails on them like on any warning, unless ``suppress_warnings`` names them. A
# decision taken before its comment period closed may be right (an urgent fix), so it is a
# reminder to say why rather than a mistake.
ADVISORY_CHECKS = frozenset({Check.STALE, Check.FUTURE, Check.EARLY})


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, located to a line."""

    source: str
    line: int
    field: str
    message: str
    check: Check

    @property
    def advisory(self) -> bool:
        """Whether this is a reminder (``council check`` still succeeds) rather than an error."""
        return self.check in ADVISORY_CHECKS

    @property
    def text(self) -> str:
        """The message without its location, as Sphinx shows it next to ``file:line``.

        Escaped: a field name or value from a hostile file cannot move the cursor or start a
        line of its own that looks like another problem.
        """
        return shown(f"{self.field}: {self.message}" if self.field else self.message)

    def __str__(self) -> str:
        return f"{shown(self.source)}:{self.line}: {self.text}"
