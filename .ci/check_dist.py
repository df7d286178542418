"""Check the built sdist and wheel before they are published.

    python .ci/check_dist.py dist/ [--tag vX.Y.Z]

* the wheel holds exactly the package's files (every file git tracks under ext/sphinx_council,
  nothing else but its .dist-info), so a data file left out or a stray file is caught;
* both carry the licence, and the sdist the changelog;
* with --tag, the version built is the tag's, so a release tag cannot publish another version.

Prints every problem, then exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sphinx_council"
SOURCE = ROOT / "ext" / PACKAGE


def package_files() -> set[str]:
    """The package's files as the wheel names them (``sphinx_council/...``)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", str(SOURCE)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return {
        f"{PACKAGE}/{Path(name).relative_to(SOURCE.relative_to(ROOT)).as_posix()}"
        for name in listed.split("\0")
        if name
    }


def wheel_problems(wheel: Path, version: str) -> list[str]:
    names = set(zipfile.ZipFile(wheel).namelist())
    info = f"{PACKAGE}-{version}.dist-info/"
    shipped = {name for name in names if not name.startswith(info)}
    expected = package_files()
    problems = [f"{wheel.name}: missing {name}" for name in sorted(expected - shipped)]
    problems += [f"{wheel.name}: not in the package: {name}" for name in sorted(shipped - expected)]
    if f"{info}licenses/LICENSE" not in names:
        problems.append(f"{wheel.name}: no {info}licenses/LICENSE")
    return problems


def sdist_problems(sdist: Path, version: str) -> list[str]:
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    top = f"{PACKAGE}-{version}"
    needed = ["LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"]
    problems = [f"{sdist.name}: no {name}" for name in needed if f"{top}/{name}" not in names]
    packaged = {name.removeprefix(f"{top}/ext/") for name in names}
    problems += [f"{sdist.name}: missing ext/{name}" for name in sorted(package_files() - packaged)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="folder holding one sdist and one wheel")
    parser.add_argument("--tag", default="", help="the release tag, vX.Y.Z")
    args = parser.parse_args(argv)
    wheels = sorted(args.dist.glob(f"{PACKAGE}-*.whl"))
    sdists = sorted(args.dist.glob(f"{PACKAGE}-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(
            f"{args.dist}: expected one wheel and one sdist, found {len(wheels)} and {len(sdists)}"
        )
        return 1
    version = wheels[0].name.split("-")[1]
    problems = wheel_problems(wheels[0], version) + sdist_problems(sdists[0], version)
    if sdists[0].name != f"{PACKAGE}-{version}.tar.gz":
        problems.append(f"{sdists[0].name}: not version {version}, the wheel's")
    if args.tag and args.tag != f"v{version}":
        problems.append(f"the tag {args.tag} is not v{version}, the version built")
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{wheels[0].name} and {sdists[0].name}: the package's files, the licence")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
