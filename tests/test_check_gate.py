"""``council check`` is the gate: it reads what the build reads, its cache cannot vouch for a
file it did not check here, and every edit command refuses a result the check would refuse.

Each configuration test builds a tiny project where the check and the build used to disagree,
and asserts that ``council check`` and a ``-W`` build now give the same answer, problem for
problem.
"""

from __future__ import annotations

import hmac
import io
import json
import pickle
import shlex
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import AS_OF_RECORD, CONF, RECORD, ROSTER, sphinx_build, write_site
from sphinx_council.cli import main
from sphinx_council.cli.new_pathway import scaffold
from sphinx_council.decisions import cachefiles, checkcache
from sphinx_council.decisions.cachefiles import MARK
from sphinx_council.decisions.checkcache import CACHE_DIR, CACHE_FILE, CHANGES_FILE, file_key
from sphinx_council.peps.index import VENDORED_DIR, use_pep_data

BUILD_EPOCH = "1798761600"  # 2027-01-01


@pytest.fixture(autouse=True)
def bundled_index_afterwards() -> Iterator[None]:
    """Commands run here choose a project's PEP index for the process; later tests read the
    bundled one."""
    yield
    use_pep_data(None)


# -- the check reads what the build reads ------------------------------------------------------


def build_and_check(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """The problems a ``-W`` build and ``council check`` report, asserted to be the same."""
    result = sphinx_build(src, tmp_path / "out", "-W", "--keep-going", "-d", str(tmp_path / "d"))
    built = sorted(
        line.replace(f"{src}/", "").replace("WARNING: ", "")
        for line in result.stderr.splitlines()
        if "WARNING:" in line
    )
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)  # the date sphinx_build builds as of
    code = main(["check", "--conf", "conf.py", "--no-cache"])
    checked = sorted(capsys.readouterr().out.splitlines())
    assert checked == built, result.stderr
    assert (code == 0) == (result.returncode == 0), result.stderr
    return checked


def project_index(folder: Path, removed: int, added: int) -> None:
    """A refreshed PEP index in ``folder``: the bundled one without ``removed``, with ``added``."""
    index = json.loads((VENDORED_DIR / "peps.json").read_text("utf-8"))
    del index[str(removed)]
    index[str(added)] = {**index["772"], "number": added, "title": "A refreshed PEP"}
    index[str(added)]["status"] = "Final"
    folder.mkdir()
    (folder / "peps.json").write_text(json.dumps(index), "utf-8")


REFRESHED = 'council_pep_index = "pep-data"\n'
CITES_9001 = RECORD.replace("peps: [517]", "peps: [9001]").replace(
    "The example standard is adopted.", "The example standard, {pep}`9001`, is adopted."
)


def test_a_pep_only_the_projects_refreshed_index_has_passes_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_site(tmp_path / "src", {"0101-example.md": CITES_9001})
    (src / "conf.py").write_text(conf_with(REFRESHED), "utf-8")
    project_index(src / "pep-data", removed=517, added=9001)
    assert build_and_check(src, tmp_path, monkeypatch, capsys) == []


def test_a_pep_removed_from_the_projects_index_fails_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_site(tmp_path / "src", {"0101-example.md": RECORD})
    (src / "conf.py").write_text(conf_with(REFRESHED), "utf-8")
    project_index(src / "pep-data", removed=517, added=9001)
    [problem] = build_and_check(src, tmp_path, monkeypatch, capsys)
    assert problem.startswith(
        "decisions/0101-example.md:24: peps: PEP 517 is not in the PEP index (python/peps at "
    )


def conf_with(extra: str) -> str:
    return CONF + extra


CITES_WITHDRAWN = RECORD.replace(
    "The example standard is adopted.", "The example standard is adopted, unlike {pep}`759`."
)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "",
            [
                "decisions/0101-example.md:39: {pep}: PEP 759 (External Wheel Hosting) is "
                "Withdrawn [council.pep]"
            ],
        ),
        ('council_pep_status_warnings = "ignore"\n', []),
        ('suppress_warnings = ["council.future", "council.pep"]\n', []),
    ],
)
def test_citing_a_withdrawn_pep_is_judged_as_the_configuration_says(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    expected: list[str],
) -> None:
    src = write_site(tmp_path / "src", {"0101-example.md": CITES_WITHDRAWN})
    (src / "conf.py").write_text(conf_with(setting), "utf-8")
    assert build_and_check(src, tmp_path, monkeypatch, capsys) == expected


def test_the_decisions_folder_and_roster_are_the_ones_conf_py_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_site(tmp_path / "src", {"0101-example.md": RECORD})
    (src / "decisions").rename(src / "records")
    # A roster elsewhere that lacks one voter; the default place holds the full one.
    (src / "people").mkdir()
    short = "\n".join(line for line in ROSTER.splitlines() if "id: eli" not in line)
    (src / "people" / "council.yaml").write_text(short + "\n", "utf-8")
    (src / "council").mkdir()
    (src / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    conf = conf_with('council_decisions_dir = "records"\n').replace(
        'council_roster = "roster.yaml"', 'council_roster = "people/council.yaml"'
    )
    (src / "conf.py").write_text(conf, "utf-8")
    assert build_and_check(src, tmp_path, monkeypatch, capsys) == [
        "records/0101-example.md:23: votes.eli: 'eli' is not a member in people/council.yaml "
        "[council.votes]"
    ]


def test_pathways_use_the_projects_personas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt  # noqa: PLC0415

    src = write_site(tmp_path / "src", {"0101-example.md": RECORD})
    personas = ["student", "publisher"]
    (src / "conf.py").write_text(conf_with(f"council_personas = {personas!r}\n"), "utf-8")
    (src / "pathways").mkdir()
    text = scaffold("first-steps", "student", dt.date(2026, 12, 1), tuple(personas))
    (src / "pathways" / "first-steps.yaml").write_text(text, "utf-8")
    index = (src / "index.md").read_text("utf-8")
    (src / "index.md").write_text(
        index.replace("decisions-index\n", "decisions-index\npathways/first-steps\n"), "utf-8"
    )
    assert build_and_check(src, tmp_path, monkeypatch, capsys) == []


def test_a_pep_index_folder_conf_py_names_wrongly_fails_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_site(tmp_path / "src", {"0101-example.md": RECORD})
    (src / "conf.py").write_text(conf_with('council_pep_index = "nowhere"\n'), "utf-8")
    result = sphinx_build(src, tmp_path / "out", "-W", "--keep-going", "-d", str(tmp_path / "d"))
    message = (
        f"council_pep_index: no peps.json in {src / 'nowhere'}; run 'council peps refresh' to "
        "write one, or fix the path; using the bundled PEP index [council.config]"
    )
    assert result.returncode != 0 and f"WARNING: conf.py: {message}" in result.stderr
    monkeypatch.chdir(src)
    assert main(["check", "--conf", "conf.py"]) == 1
    line = (
        conf_with('council_pep_index = "nowhere"\n')
        .split("\n")
        .index('council_pep_index = "nowhere"')
    )
    assert capsys.readouterr().out.splitlines() == [f"conf.py:{line + 1}: {message}"]


# -- the cache vouches for nothing it did not check here ---------------------------------------

BAD = RECORD.replace("areas: [standards]", "areas: [nowhere]")
BAD_MESSAGE = (
    "decisions/0101-example.md:25: areas[0]: 'nowhere' is not one of standards, pypi, tools, "
    "user-guide, governance, community [council.value]"
)


def checkout(root: Path, text: str) -> Path:
    (root / "decisions").mkdir(parents=True)
    (root / "council").mkdir()
    (root / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    (root / "decisions" / "0101-example.md").write_text(text, "utf-8")
    return root


def check_in(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.chdir(root)
    # As of RECORD's last date, so that its history is not reported as after the build date.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_RECORD)
    code = main(["check"])
    return code, capsys.readouterr().out


def forge(root: Path, good: str, bad: str) -> None:
    """Rewrite ``root``'s cache so that the bad text's entry holds the good text's findings,
    signed with the key of ``root`` (what someone with that checkout could do)."""
    folder = root / CACHE_DIR
    payload = (folder / CACHE_FILE).read_bytes()[len(MARK) + 32 :]
    context, entries = pickle.load(io.BytesIO(payload))
    source = "decisions/0101-example.md"
    forged = {file_key(source, bad): entries[file_key(source, good)]}
    data = pickle.dumps((context, forged))
    key = cachefiles.signing_key(folder, create=False)
    assert key is not None
    (folder / CACHE_FILE).write_bytes(MARK + hmac.digest(key, data, "sha256") + data)


def recreate(src: Path, dst: Path) -> None:
    """What a git clone does: every file written anew, with its bytes and nothing else."""
    dst.mkdir()
    for path in sorted(src.rglob("*")):
        target = dst / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())


@pytest.mark.parametrize("copy", ["cp -a", "clone"])
def test_a_cache_signed_in_one_checkout_vouches_for_nothing_in_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], copy: str
) -> None:
    first = checkout(tmp_path / "first", RECORD)
    assert check_in(first, monkeypatch, capsys) == (0, "")
    forge(first, RECORD, BAD)
    (first / "decisions" / "0101-example.md").write_text(BAD, "utf-8")
    # Where the key is its own, the forged entry is believed: the test can fail.
    assert check_in(first, monkeypatch, capsys) == (0, "")
    second = checkout(tmp_path / "second", BAD)
    if copy == "cp -a":
        shutil.copytree(first / CACHE_DIR, second / CACHE_DIR, symlinks=True)
    else:
        recreate(first / CACHE_DIR, second / CACHE_DIR)
    assert check_in(second, monkeypatch, capsys) == (1, BAD_MESSAGE + "\n")
    assert check_in(second, monkeypatch, capsys) == (1, BAD_MESSAGE + "\n")  # and rewritten


def test_a_whole_checkout_copied_with_its_cache_is_checked_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = checkout(tmp_path / "first", RECORD)
    assert check_in(first, monkeypatch, capsys) == (0, "")
    forge(first, RECORD, BAD)
    (first / "decisions" / "0101-example.md").write_text(BAD, "utf-8")
    copied = tmp_path / "copied"
    shutil.copytree(first, copied, symlinks=True)
    assert check_in(copied, monkeypatch, capsys) == (1, BAD_MESSAGE + "\n")


@pytest.mark.parametrize("signature", ["sha256 checksum", "secret without its file", "none"])
def test_a_hand_forged_cache_entry_claiming_no_problems_is_ignored(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    signature: str,
) -> None:
    import hashlib  # noqa: PLC0415

    root = checkout(tmp_path / "project", BAD)
    assert check_in(root, monkeypatch, capsys) == (1, BAD_MESSAGE + "\n")
    folder = root / CACHE_DIR
    payload = (folder / CACHE_FILE).read_bytes()[len(MARK) + 32 :]
    context, entries = pickle.load(io.BytesIO(payload))
    [(key, facts)] = entries.items()
    clean = {key: checkcache.RecordFacts(facts.record, (), facts.references)}
    data = pickle.dumps((context, clean))
    secret = (folder / cachefiles.KEY_FILE).read_bytes()
    signed = {
        "sha256 checksum": hashlib.sha256(data).digest(),
        # The secret alone (as a committed key file gives it) does not make the signing key.
        "secret without its file": hmac.digest(secret, data, "sha256"),
        "none": b"\0" * 32,
    }[signature]
    (folder / CACHE_FILE).write_bytes(MARK + signed + data)
    assert check_in(root, monkeypatch, capsys) == (1, BAD_MESSAGE + "\n")


@pytest.mark.parametrize("planted", ["link", "empty file", "folder"])
def test_a_planted_key_file_is_replaced_never_followed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    planted: str,
) -> None:
    root = checkout(tmp_path / "project", RECORD)
    (root / CACHE_DIR).mkdir()
    key = root / CACHE_DIR / cachefiles.KEY_FILE
    outside = tmp_path / "outside-key"
    if planted == "link":
        key.symlink_to(outside)
    elif planted == "empty file":
        key.write_bytes(b"")
    else:
        key.mkdir()
    assert check_in(root, monkeypatch, capsys) == (0, "")
    assert not outside.exists()
    if planted == "folder":  # not removed: no key, so nothing is kept
        assert not (root / CACHE_DIR / CACHE_FILE).exists()
        return
    assert not key.is_symlink() and key.stat().st_size == cachefiles.KEY_BYTES
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert (root / CACHE_DIR / CACHE_FILE).is_file()
    assert not (root / CACHE_DIR / CHANGES_FILE).exists()
    (root / "decisions" / "0101-example.md").write_text(BAD, "utf-8")
    assert check_in(root, monkeypatch, capsys) == (1, BAD_MESSAGE + "\n")
    assert (root / CACHE_DIR / CHANGES_FILE).is_file()  # signed with the new key


# -- every edit command checks its result --------------------------------------------------------


def record_file(number: int, status: str, *, supersedes: str = "", history: str = "") -> str:
    """A valid record PC-0{number} in ``status``, its history ending there."""
    lines = [
        "---",
        f"id: PC-0{number}",
        f"title: Record {number}",
        "kind: policy",
        f"summary: Record {number}.",
        f"status: {status}",
        "history:",
        "  - date: 2026-10-01",
        "    status: proposed",
    ]
    if status in ("accepted", "superseded"):
        lines += ["  - date: 2026-10-02", "    status: accepted"]
    if status == "superseded":
        lines += ["  - date: 2026-10-03", "    status: superseded"]
    lines += history.splitlines()
    if status in ("accepted", "superseded", "rejected") or "accepted" in history:
        lines += ["decided_by:", "  body: steering-council"]
    if supersedes:
        lines.append(f"supersedes: [{supersedes}]")
    lines += ["areas: [pypi]", "---", "", "## Context", "", "Text.", ""]
    return "\n".join(lines)


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decisions").mkdir()

    def write(**texts: str) -> Path:
        for name, text in texts.items():
            (tmp_path / "decisions" / f"{name}.md").write_text(text, "utf-8")
        return tmp_path

    return write


def council(command: str) -> int:
    return main([*shlex.split(command), "--conf", ""])


def unchanged(root: Path) -> Callable[[], bool]:
    before = {p: p.read_bytes() for p in (root / "decisions").iterdir()}
    return lambda: {p: p.read_bytes() for p in (root / "decisions").iterdir()} == before


def test_superseding_a_record_in_a_chain_keeps_the_chain_valid(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    records(
        a=record_file(401, "superseded"),
        b=record_file(402, "accepted", supersedes="PC-0401"),
        c=record_file(403, "accepted"),
    )
    assert council("check") == 0
    assert council("supersede PC-0402 PC-0403 --date 2026-11-01") == 0
    assert council("check") == 0, capsys.readouterr().out


def test_accepting_a_record_that_supersedes_one_that_cannot_be_superseded_is_refused(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = records(
        a=record_file(401, "proposed"),
        b=record_file(402, "proposed", supersedes="PC-0401"),
    )
    same = unchanged(root)
    assert council("status PC-0402 accepted --date 2026-11-01") == 1
    err = capsys.readouterr().err
    assert (
        "  decisions/a.md:6: status: 'proposed', but accepted record PC-0402 supersedes it; add "
        "a history entry with status: superseded [council.supersedes]"
    ) in err
    assert "nothing was written" in err and same()


def test_superseding_twice_is_refused(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = records(
        a=record_file(401, "superseded"),
        b=record_file(402, "accepted", supersedes="PC-0401"),
        c=record_file(403, "accepted"),
    )
    same = unchanged(root)
    assert council("supersede PC-0401 PC-0403 --date 2026-11-01") == 1
    assert (
        "PC-0401 is 'superseded', which cannot move to 'superseded'; after 'superseded' comes "
        "nothing: it is final"
    ) in capsys.readouterr().err
    assert same()


def test_a_new_record_that_closes_a_supersession_cycle_is_refused(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # PC-0401 already names PC-0402, which does not exist yet: the next free id.
    root = records(a=record_file(401, "proposed", supersedes="PC-0402"))
    assert council("check") == 1
    capsys.readouterr()
    same = unchanged(root)
    assert council("new 'Loop back' --supersedes PC-0401 --summary S --area pypi") == 1
    err = capsys.readouterr().err
    assert (
        "supersedes: PC-0401 -> PC-0402 -> PC-0401 is a cycle; a record cannot be superseded by "
        "one it supersedes [council.supersedes]"
    ) in err
    assert same()


def test_superseding_by_a_record_that_is_not_accepted_is_refused(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = records(
        a=record_file(401, "superseded"),
        b=record_file(402, "accepted", supersedes="PC-0401"),
        c=record_file(403, "proposed"),
    )
    same = unchanged(root)
    assert council("supersede PC-0402 PC-0403 --date 2026-11-01") == 1
    err = capsys.readouterr().err
    assert (
        "'superseded', but PC-0403, which supersedes it, is not accepted yet; keep the earlier "
        "status until it is [council.supersedes]"
    ) in err
    assert same()


def test_a_new_record_whose_id_another_record_has_is_refused(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # The duplicate is reported on the file that sorts later: here the existing one, which
    # the command does not edit, and which a check of the new file alone would not see.
    root = records(b=record_file(401, "proposed"))
    same = unchanged(root)
    assert council("new Again --id PC-0401 --summary S --area pypi") == 1
    assert (
        "  decisions/b.md:2: id: 'PC-0401' is already the id of decisions/0401-again.md; give "
        "this record the next free id [council.duplicate]"
    ) in capsys.readouterr().err
    assert same()


def test_a_problem_the_project_already_had_does_not_block_an_unrelated_edit(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = records(
        a=record_file(401, "proposed").replace("areas: [pypi]", "areas: [nowhere]"),
        b=record_file(402, "proposed"),
    )
    assert council("status PC-0402 comment-period --closes 2026-12-01 --date 2026-11-01") == 0
    assert "status: comment-period" in (root / "decisions" / "b.md").read_text("utf-8")


def test_an_edit_follows_the_projects_pep_index(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = records(a=record_file(401, "proposed"))
    (root / "docs").mkdir()
    (root / "docs" / "conf.py").write_text('council_pep_index = "../peps"\n', "utf-8")
    project_index(root / "peps", removed=517, added=9001)
    assert main(["new", "Cites a refreshed PEP", "--pep", "9001", "--summary", "S"]) == 0
    capsys.readouterr()
    same = unchanged(root)
    assert main(["new", "Cites a removed PEP", "--pep", "517", "--summary", "S"]) == 1
    err = capsys.readouterr().err
    assert ": peps: PEP 517 is not in the PEP index (" in err and same()


def test_import_peps_checks_its_records_against_the_projects_index(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = records(a=record_file(401, "proposed"))
    (root / "docs").mkdir()
    (root / "docs" / "conf.py").write_text(
        'council_pep_index = "../peps"\ncouncil_areas = ["pypi"]\n', "utf-8"
    )
    project_index(root / "peps", removed=517, added=9001)
    same = unchanged(root)
    assert main(["import-peps", "--dry-run"]) == 1
    err = capsys.readouterr().err
    # The importer files records under areas this project's vocabulary does not have.
    assert "is not one of pypi [council.value]" in err
    assert "the generated records fail the checks; nothing written" in err and same()


def test_new_pathway_refuses_a_persona_the_project_does_not_have(
    records: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = records()
    (root / "docs").mkdir()
    (root / "docs" / "conf.py").write_text('council_personas = ["student"]\n', "utf-8")
    assert main(["new-pathway", "first-steps"]) == 1
    assert (
        "pathways/first-steps.yaml:10: persona: 'newcomer' is not one of student [council.value]"
    ) in capsys.readouterr().err
    assert not (root / "pathways" / "first-steps.yaml").exists()
    assert main(["new-pathway", "first-steps", "--persona", "student"]) == 0
    assert main(["check"]) == 0
