"""The project a command works on, with the PEP index its configuration names in use."""

from __future__ import annotations

import argparse

from ..core.project import CouncilProject
from ..core.project import open_project as open_project_folders
from ..peps.index import use_pep_data


def open_project(args: argparse.Namespace, new_folder: bool = False) -> CouncilProject:
    """The project named by the common options, reading the PEP index ``council_pep_index``
    names, as the build does (core knows folders, not PEPs, so the choice is made here)."""
    project = open_project_folders(args, new_folder)
    use_project_peps(project)
    return project


def use_project_peps(project: CouncilProject) -> None:
    """Read PEPs from the index the project's configuration names (the package's own without
    one): again, after another project's was in use."""
    use_pep_data(project.layout.pep_index_dir if project.layout else None)


__all__ = ["open_project", "use_project_peps"]
