"""Our PEP 503 normalization gives packaging's answer for every name PEP 508 allows, and the
project names the check reads are judged the same way (core/pypinames.py says why it is ours)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import canonicalize_name

from sphinx_council.core.pypinames import PROJECT_NAME, normalized_name

NAMES = st.from_regex(PROJECT_NAME, fullmatch=True)


@given(NAMES)
def test_normalized_as_packaging_normalizes(name: str) -> None:
    assert normalized_name(name) == canonicalize_name(name)


def test_separator_runs_and_case() -> None:
    assert normalized_name("Flit_Core") == "flit-core"
    assert normalized_name("zope.interface") == "zope-interface"
    assert normalized_name("A-._-b") == "a-b"
    assert normalized_name("scikit-build-core") == "scikit-build-core"
