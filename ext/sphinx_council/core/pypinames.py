"""PyPI project names: which are valid, and their normalized form, as the release snapshot
and pathways' build requirements name projects."""

from __future__ import annotations

import re

# A project name as PEP 508 allows it, at most 100 characters; the normalized form (PEP 503)
# names files and URLs.
PROJECT_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")
_SEPARATORS = re.compile(r"[-_.]+")


def normalized_name(name: str) -> str:
    """A project name in PEP 503's normalized form (``Flit_Core`` is ``flit-core``).

    The rule is the specification's own one line. packaging.utils.canonicalize_name applies
    it too, but importing that module loads packaging's wheel-tag code (subprocess, logging,
    platform): a twentieth of a ``council check`` that reads the release snapshot, for one
    substitution. tests/test_pypi_names.py holds the two to the same answers.
    """
    return _SEPARATORS.sub("-", name).lower()


__all__ = ["PROJECT_NAME", "normalized_name"]
