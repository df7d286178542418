"""The ``council_*`` configuration values, declared once and checked when the config loads."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from .records import DEFAULT_AREAS, DEFAULT_ID_PATTERN, DEFAULT_KINDS, DEFAULT_PERSONAS, RuleSettings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class CouncilConfig:
    """Typed view of the ``council_*`` values; field docs are the options' documentation."""

    decisions_dir: str = "decisions"
    """Folder, relative to the source directory, whose documents are decision records."""
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

    @property
    def rules(self) -> RuleSettings:
        return RuleSettings(self.id_pattern, self.kinds, self.areas, self.personas)

    def is_decision(self, docname: str) -> bool:
        """Whether ``docname`` is a decision record's page."""
        return docname.startswith(self.decisions_dir.strip("/") + "/")

    @property
    def roster_path(self) -> Path | None:
        return Path(self.roster) if self.roster else None


def setup_config(app: Sphinx) -> None:
    """Declare every option with its default, rebuilding the environment when one changes."""
    for option in fields(CouncilConfig):
        app.add_config_value(f"council_{option.name}", option.default, "env")
    app.connect("config-inited", check_config)


def council_config(config: Config) -> CouncilConfig:
    """The typed configuration of a Sphinx project."""
    values: dict[str, Any] = {}
    for option in fields(CouncilConfig):
        value = getattr(config, f"council_{option.name}")
        values[option.name] = tuple(value) if isinstance(value, list) else value
    return CouncilConfig(**values)


def check_config(app: Sphinx, config: Config) -> None:
    """Fail early, with the option's name, on a configuration that cannot work."""
    settings = council_config(config)
    try:
        re.compile(settings.id_pattern)
    except re.error as error:
        raise ConfigError(f"council_id_pattern is not a valid regular expression: {error}") from None
    for name in ("kinds", "areas", "personas"):
        values = getattr(settings, name)
        if not values or not all(isinstance(v, str) and v for v in values):
            raise ConfigError(f"council_{name} must be a non-empty list of names")
    if settings.roster:
        roster = Path(app.confdir, settings.roster).resolve()
        if not roster.is_file():
            raise ConfigError(f"council_roster: no file at {roster}")
        config.council_roster = str(roster)
