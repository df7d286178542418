"""A pathway that teaches a PEP 639 licence expression must not pair it with a build backend
too old to read one, in pure Python.

A backend older than the release that learnt PEP 639 rejects ``license = "MIT"`` or writes
metadata without the expression, so a reader who copies both halves of the advice gets a
build that fails or a package whose licence PyPI does not show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from ..core.problems import Check, Problem
from ..core.pypinames import normalized_name
from .model import Pathway

if TYPE_CHECKING:
    from packaging.requirements import Requirement

# The first release of each backend that reads a licence expression and ``license-files``,
# as the Packaging User Guide's "Writing your pyproject.toml" lists them.
LICENCE_EXPRESSION_BACKENDS = {
    "hatchling": Version("1.26"),
    "setuptools": Version("77.0.3"),
    "flit-core": Version("3.12"),
}

# ``license = "MIT"`` in a pyproject.toml a command writes or a sentence quotes; the older
# table form, ``license = {text = ...}``, is not an expression.
_EXPRESSION = re.compile(r"""\blicense\s*=\s*["'][^"'\n]+["']""")
# ``requires = ["hatchling>=1.26", ...]``, in a command's file or in prose.
_REQUIRES = re.compile(r"\brequires\s*=\s*\[(?P<items>[^\]]*)\]")
_ITEM = re.compile(r"""["'](?P<requirement>[^"']+)["']""")
_LOWER_BOUNDS = (">=", "==", "~=", "===", ">")


def _texts(pathway: Pathway) -> Iterator[tuple[str, int, str]]:
    """Every text of the pathway that may quote pyproject.toml: (field, line, text)."""
    for i, step in enumerate(pathway.steps):
        where = f"steps[{i}]"
        yield f"{where}.do", step.line, step.do
        for j, command in enumerate(step.commands):
            yield f"{where}.commands[{j}].run", command.line or step.line, command.run
        if step.choice is None:
            continue
        for j, alternative in enumerate(step.choice.alternatives):
            yield f"{where}.choice.alternatives[{j}].when", step.line, alternative.when
            for k, command in enumerate(alternative.commands):
                field = f"{where}.choice.alternatives[{j}].commands[{k}].run"
                yield field, command.line or step.line, command.run


def _lowest_allowed(requirement: Requirement) -> Version | None:
    """The lowest version the requirement's specifier admits, None when it has no lower bound."""
    bounds = []
    for spec in requirement.specifier:
        if spec.operator in _LOWER_BOUNDS:
            try:
                bounds.append(Version(spec.version))
            except InvalidVersion:
                continue
    return max(bounds, default=None)


def licence_backend_problems(pathway: Pathway) -> Iterator[Problem]:
    """Backend requirements below the release that reads a licence expression, in a pathway
    that teaches one anywhere."""
    texts = list(_texts(pathway))
    taught = next(((f, line) for f, line, text in texts if _EXPRESSION.search(text)), None)
    if taught is None:
        return
    # Only a pathway that teaches an expression pays for packaging's requirement parser.
    from packaging.requirements import InvalidRequirement, Requirement  # noqa: PLC0415

    for field, line, text in texts:
        for table in _REQUIRES.finditer(text):
            for item in _ITEM.finditer(table["items"]):
                try:
                    requirement = Requirement(item["requirement"])
                except InvalidRequirement:
                    continue
                name = normalized_name(requirement.name)
                minimum = LICENCE_EXPRESSION_BACKENDS.get(name)
                lowest = _lowest_allowed(requirement)
                if minimum is None or (lowest is not None and lowest >= minimum):
                    continue
                admits = f"admits {lowest}" if lowest else "has no lower bound"
                yield Problem(
                    pathway.source,
                    line,
                    field,
                    f"'{item['requirement']}' {admits}, but {requirement.name} reads a "
                    f"licence expression (PEP 639, taught at line {taught[1]}, {taught[0]}) "
                    f"only from {minimum}: require '{requirement.name}>={minimum}'",
                    Check.PATHWAY,
                )
