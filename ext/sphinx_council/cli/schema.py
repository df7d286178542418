"""``council schema``: print or write the JSON Schemas of the project's data files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_project_options,
    display_path,
)
from ..guide.schemas import DECISION_SCHEMA, dump, site_schemas
from .projects import open_project


def run_schema(args: argparse.Namespace) -> int:
    """Print the decision schema, or write every schema into ``--output``."""
    try:
        project = open_project(args)
    except UsageError as error:
        print(f"council schema: {error}", file=sys.stderr)
        return EXIT_USAGE
    schemas = site_schemas(project.settings, args.base_url)
    if args.output is None:
        sys.stdout.write(dump(schemas[DECISION_SCHEMA]))
        return EXIT_OK
    args.output.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        target = args.output / name
        target.write_text(dump(schema), "utf-8")
        print(f"council schema: wrote {display_path(target)}", file=sys.stderr)
    return EXIT_OK


def add_schema_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council schema``."""
    schema = commands.add_parser(
        "schema",
        help="print or write the JSON Schemas of the project's data files",
        description="Print the JSON Schema of a decision record's front matter, generated "
        "from the same field table as the checks and with the project's vocabulary, or write "
        "every schema into a folder (--output). The committed copy under schemas/ is what "
        "scaffolded records point editors to; regenerate it with "
        "'council schema --output schemas' after changing the vocabulary.",
        epilog=EXIT_CODES,
    )
    schema.add_argument("--output", type=Path, metavar="DIR", help="write the schemas here")
    schema.add_argument(
        "--base-url", default="", help="site address, for each schema's $id (default: none)"
    )
    add_project_options(schema)
    schema.set_defaults(handler=run_schema)
