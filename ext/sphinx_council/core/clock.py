"""The date a build is made "as of": the one clock of the site, never the wall clock."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping


def build_date(configured: str = "", environ: Mapping[str, str] | None = None) -> dt.date | None:
    """``council_build_date`` when set, else the date of ``SOURCE_DATE_EPOCH``, else None.

    The same sources give the same pages on any day. With neither set, nothing is held back
    (every week with events is published) and no review is reported overdue. A configured
    value that is not a date counts as unset; the configuration check has warned about it.
    """
    if configured:
        try:
            return dt.date.fromisoformat(str(configured))
        except ValueError:
            pass
    try:
        return source_date(environ)
    except ValueError:
        return None


def source_date(environ: Mapping[str, str] | None = None) -> dt.date | None:
    """The UTC date of ``SOURCE_DATE_EPOCH``, None when unset; ValueError when it is not a
    whole number of seconds (the reproducible-builds convention)."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds")
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is out of range") from None
