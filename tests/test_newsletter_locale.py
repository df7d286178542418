"""Dates in issue pages, feeds and ``council digest`` are English whatever LC_TIME says.

This machine may have no locale but C (``locale -a``), so a French LC_TIME is simulated: after
``setlocale(LC_TIME or LC_ALL, "")`` (which sphinx-build calls) or ``setlocale(..., "fr_...")``,
``time.strftime``, and with it ``date.strftime``, spell months and days in French, as glibc
does. Code spelling a date with ``strftime("%B")`` would show "octobre" here; feedgen, which sets
the C locale around its own ``strftime``, still writes English RFC 822 dates, as it really does.
"""

from __future__ import annotations

import datetime as dt
import locale
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RECORD, ROOTS
from sphinx_council.cli import main
from sphinx_council.core.text import MONTHS

FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
FRENCH_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ENGLISH_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FRENCH_WORDS = {
    **dict(zip(MONTHS, FRENCH_MONTHS, strict=True)),
    **{m[:3]: f[:4] + "." for m, f in zip(MONTHS, FRENCH_MONTHS, strict=True)},
    **dict(zip(ENGLISH_DAYS, FRENCH_DAYS, strict=True)),
    **{d[:3]: f[:3] + "." for d, f in zip(ENGLISH_DAYS, FRENCH_DAYS, strict=True)},
}
ENGLISH_NAMES = re.compile(r"\b(" + "|".join(sorted(FRENCH_WORDS, key=len, reverse=True)) + r")\b")
FRENCH_NAMES = re.compile(
    r"\b(" + "|".join(FRENCH_MONTHS[:4] + FRENCH_MONTHS[5:] + FRENCH_DAYS) + r")\b"
)


@pytest.fixture
def french_time(monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """Simulate LC_TIME=fr_FR.UTF-8 for this process; returns the current LC_TIME."""
    current = {"time": "fr_FR.UTF-8"}  # as after setlocale(LC_ALL, "") in a French session
    real_strftime = time.strftime

    def setlocale(category: int, name: str | None = None) -> str:
        if name is not None and category in (locale.LC_ALL, locale.LC_TIME):
            current["time"] = name or "fr_FR.UTF-8"  # "" means the environment's: French
        return current["time"]

    def strftime(pattern: str, moment: time.struct_time | tuple[int, ...] | None = None) -> str:
        text = real_strftime(pattern, *(() if moment is None else (moment,)))
        if not current["time"].startswith("fr"):
            return text
        return ENGLISH_NAMES.sub(lambda match: FRENCH_WORDS[match[1]], text)

    monkeypatch.setattr(locale, "setlocale", setlocale)
    monkeypatch.setattr(time, "strftime", strftime)
    return lambda: current["time"]


def test_the_simulation_turns_strftime_french(french_time: Callable[[], str]) -> None:
    # Without this the tests below could pass for a simulation that changes nothing.
    assert dt.date(2026, 10, 12).strftime("%a %d %B %Y") == "lun. 12 octobre 2026"
    locale.setlocale(locale.LC_ALL, "C")
    assert dt.date(2026, 10, 12).strftime("%a %d %B %Y") == "Mon 12 October 2026"


def test_pages_and_feeds_are_dated_in_english_under_a_french_locale(
    french_time: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.cmd.build import main as sphinx_main  # noqa: PLC0415

    src = Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "src"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    # In this process, so that the simulated locale applies (sphinx-build sets LC_ALL from "").
    assert sphinx_main(["-b", "html", "-q", "-W", str(src), str(tmp_path / "out")]) == 0
    assert french_time().startswith("fr")  # feedgen put back the locale it borrowed
    out = tmp_path / "out"
    issue = (out / "this-week" / "2026-W42.html").read_text("utf-8")
    assert "week of 12 October 2026" in issue
    assert "Mon, 12 Oct 2026 00:00:00 +0000" in (out / "feeds" / "newsletter.xml").read_text()
    for path in sorted(out.rglob("*")):
        if path.suffix in {".html", ".xml", ".atom", ".json"} and "_static" not in path.parts:
            found = FRENCH_NAMES.search(path.read_text("utf-8"))
            assert found is None, f"{path.relative_to(out)}: {found and found[0]}"


def test_council_digest_is_dated_in_english_under_a_french_locale(
    french_time: Callable[[], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD.replace("2027-", "2026-"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    for output in ("markdown", "text"):
        assert main(["digest", "2026-W09", "--first-week", "2026-W01", "--format", output]) == 0
        text = capsys.readouterr().out
        assert "week of 23 February 2026" in text
        assert FRENCH_NAMES.search(text) is None
