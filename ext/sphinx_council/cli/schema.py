"""``council schema``: print or write the JSON Schemas of the project's data files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.addresses import site_address
from ..core.plaintext import shown
from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_project_options,
    display_path,
)
from ..guide.schemas import DECISION_SCHEMA, dump, site_schemas
from .options import check_options, write_output_folder
from .projects import open_project


def run_schema(args: argparse.Namespace) -> int:
    """Print the decision schema, or write every schema into ``--output``."""
    try:
        check_options(args, "--output", "--base-url")
        project = open_project(args)
    except UsageError as error:
        print(f"council schema: {error}", file=sys.stderr)
        return EXIT_USAGE
    schemas = site_schemas(project.settings, site_address(args.base_url) if args.base_url else "")
    if args.output is None:
        sys.stdout.write(dump(schemas[DECISION_SCHEMA]))
        return EXIT_OK
    texts = {name: dump(schema) for name, schema in schemas.items()}
    if problem := write_output_folder(Path(args.output), texts):
        where = shown(args.output)
        print(f"council schema: cannot write --output {where}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    for name in texts:
        print(f"council schema: wrote {display_path(Path(args.output, name))}", file=sys.stderr)
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
    schema.add_argument(
        "--output",
        metavar="DIR",
        help="write every schema into this folder (created if missing), replacing the files of "
        "the same names, all or nothing; a file, link or device there is refused",
    )
    schema.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's http(s) address, for each schema's $id (default: none)",
    )
    add_project_options(schema)
    schema.set_defaults(handler=run_schema)
