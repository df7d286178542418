"""The ``council_*`` configuration values, declared once and checked when the config loads."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..core.clock import build_date
from ..core.extras import Extra, missing_message
from ..core.layout import BUILD_DEFAULTS, default_folder
from ..core.problems import WARNING_TYPE, Check
from ..core.settings import (
    DEFAULT_AREAS,
    DEFAULT_ID_PATTERN,
    DEFAULT_KINDS,
    DEFAULT_PERSONAS,
    RuleSettings,
    vocabulary_problems,
)
from .collector import setup_collector
from .sources import project_root, setup_sources

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CouncilConfig:
    """Typed view of the ``council_*`` values; field docs are the options' documentation."""

    decisions_dir: str = ""
    """Folder, relative to the source directory, whose documents are decision records. Unset,
    ``decisions`` if it holds a record (a Markdown file whose front matter names an ``id``),
    else none: a project's own ``decisions/`` is left alone."""
    roster: str = ""
    """Path of the council roster YAML file, relative to the configuration directory
    (made absolute when the configuration loads)."""
    id_pattern: str = DEFAULT_ID_PATTERN
    """Regular expression every decision id must match in full."""
    kinds: tuple[str, ...] = DEFAULT_KINDS
    """Allowed values of a record's ``kind``."""
    areas: tuple[str, ...] = DEFAULT_AREAS
    """Allowed values of a record's ``areas``."""
    personas: tuple[str, ...] = DEFAULT_PERSONAS
    """Allowed persona ids in a record's ``personas``."""
    pep_status_warnings: str = "warn"
    """What a ``{pep}`` citing a Withdrawn, Rejected or Superseded PEP gives: ``warn``, ``info``
    (a build message, no warning) or ``ignore``. Records whose ``peps`` field lists the PEP
    never warn about it."""
    pep_pages: bool = False
    """Whether every PEP the site cites or lists gets a page (``peps/pep-NNNN``) with its
    status history and what cites it; without pages, PEP links go to peps.python.org."""
    pep_index: str = ""
    """Folder, relative to the configuration directory, holding the project's PEP index
    (``peps.json``, written by ``council peps refresh``); empty for the copy bundled with
    sphinx-council."""
    pathways_dir: str = ""
    """Folder, relative to the source directory, whose ``.yaml`` files are pathway pages
    (YAML files elsewhere in the source directory are data, not pages). Unset, ``pathways`` if
    it holds a pathway (a ``.yaml`` file naming a ``persona``), else none."""
    build_date: str = ""
    """The build date (YYYY-MM-DD) that pathway reviews and the dates in records, pathways,
    news and the roster are checked against; by default the date of ``SOURCE_DATE_EPOCH``.
    Without either no review is reported overdue and a date is only checked to be after 1990."""
    raw_html: bool = False
    """Whether decision records may carry raw HTML in their prose. Off by default: MyST copies
    raw HTML into the page as it is, so a record's author could publish a script; records are
    Markdown, and ``council check`` and the build refuse raw HTML unless this is True."""

    @property
    def rules(self) -> RuleSettings:
        return RuleSettings(
            self.id_pattern,
            self.kinds,
            self.areas,
            self.personas,
            raw_html=self.raw_html,
            build_date=build_date(self.build_date),
        )

    def is_decision(self, docname: str) -> bool:
        """Whether ``docname`` is a decision record's page."""
        folder = self.decisions_dir.strip("/")
        return bool(folder) and docname.startswith(folder + "/")

    @property
    def roster_path(self) -> Path | None:
        return Path(self.roster) if self.roster else None


_VOCABULARY_OPTIONS = (
    "council_id_pattern",
    "council_kinds",
    "council_areas",
    "council_personas",
    "council_raw_html",
)


def setup_config(app: Sphinx) -> None:
    """Declare every option with its default (rebuilding the environment when one changes),
    once, whichever council extension a project loads first."""
    if "council_decisions_dir" in app.config:
        return
    for option in fields(CouncilConfig):
        # Vocabularies default to tuples; conf.py usually writes lists, which are as good.
        types = (list, tuple) if isinstance(option.default, tuple) else ()
        app.add_config_value(f"council_{option.name}", option.default, "env", types=types)
    app.connect("config-inited", check_config)
    setup_collector(app)
    setup_sources(app)


def council_config(config: Config) -> CouncilConfig:
    """The typed configuration of a Sphinx project."""
    values: dict[str, Any] = {}
    for option in fields(CouncilConfig):
        value = getattr(config, f"council_{option.name}")
        values[option.name] = tuple(value) if isinstance(value, list) else value
    return CouncilConfig(**values)


def check_config(app: Sphinx, config: Config) -> None:
    """Warn, naming the option, about a setting that cannot work, and use the default instead.

    A warning rather than an exception: Sphinx shows exceptions from here as a crash report,
    and a wrong path in conf.py deserves one clear line (which ``-W`` still turns into a failure).
    """
    for name in BUILD_DEFAULTS:
        if not getattr(config, name):
            setattr(config, name, default_folder(Path(app.srcdir), name, project_root(app.confdir)))
    settings = council_config(config)
    given = {name: getattr(config, name) for name in _VOCABULARY_OPTIONS}
    for name, message in vocabulary_problems(given).items():
        default = getattr(CouncilConfig, name.removeprefix("council_"))
        shown = f" {default}" if isinstance(default, str) else ""
        config_warning(f"{name} {message}; using the default{shown}")
        setattr(config, name, default)
    if settings.roster:
        # Not resolved: a roster that is a link is read as one, and refused (see load_roster).
        roster = Path(os.path.abspath(Path(app.confdir, settings.roster)))  # noqa: PTH100
        if os.path.lexists(roster):
            config.council_roster = str(roster)
        else:
            config_warning(
                f"council_roster: no file at {roster}; create it (an empty roster "
                "is 'members: []') or fix the path"
            )
            config.council_roster = ""


def config_warning(message: str) -> None:
    """A problem in ``conf.py``, as a ``council.config`` warning."""
    # No location: the environment that resolves one does not exist yet when conf.py is read.
    logger.warning("conf.py: %s", message, type=WARNING_TYPE, subtype=Check.CONFIG.value)


def conf_folder(app: Sphinx, name: str) -> str:
    """The folder ``name`` (``council_pathways_dir``...) will be, for a concern that must know
    while extensions are set up, before Sphinx has read their options from conf.py: the value
    given on the command line or in conf.py, else the default folder if it holds the council's
    files (:func:`default_folder`)."""
    given = {**getattr(app.config, "_raw_config", {}), **getattr(app.config, "_overrides", {})}
    value = given.get(name)
    if isinstance(value, str) and value:
        return value
    return default_folder(Path(app.srcdir), name, project_root(app.confdir))


def lacks_extra(extra: Extra, what: str) -> bool:
    """Whether ``what``, asked for, lacks a library its extra brings; if so, say once which
    extra to install, as an error (the build goes on without it; ``-W`` fails). Not an
    exception: Sphinx shows any exception from an extension as a crash report."""
    message = missing_message(extra, what)
    if message:
        logger.error(
            "conf.py: %s; building without it",
            message,
            type=WARNING_TYPE,
            subtype=Check.CONFIG.value,
        )
    return message is not None
