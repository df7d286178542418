"""PEPs on the site: the {pep} role, its warnings, PEP pages, the PEP list and index checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import html5lib
import pytest

from conftest import RECORD, ROOTS, sphinx_build, write_site
from sphinx_council.core.text import parse_pep_date
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.pepstatus import decision_status_problems
from sphinx_council.peps.index import (
    Resolution,
    index_digest,
    parse_resolution,
    pep_history,
    pep_index,
    pep_numbers,
)
from sphinx_council.peps.source import index_changed
from sphinx_council.peps.status import (
    index_disagreements,
    index_shape_problems,
    status_concern,
)

INDEX_WITH_GUIDE = """\
# Test site

```{toctree}
decisions-index
guide
```
"""


def build(src: Path, out: Path, *args: str) -> tuple[int, str]:
    result = sphinx_build(src, out, "-d", str(out.parent / f"{out.name}-doctrees"), *args)
    return result.returncode, result.stderr


def guide_site(
    tmp_path: Path, guide: str, conf: str = "", records: dict[str, str] | None = None
) -> Path:
    extra = {"index.md": INDEX_WITH_GUIDE, "guide.md": guide}
    src = write_site(tmp_path / "src", records or {"0101-example.md": RECORD}, extra=extra)
    if conf:
        with (src / "conf.py").open("a") as stream:
            stream.write(conf)
    return src


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING" in line]


# --- the role ----------------------------------------------------------------------------


def test_role_shows_title_status_and_links_to_the_pep(tmp_path: Path) -> None:
    src = guide_site(
        tmp_path,
        "# Guide\n\nSee {pep}`621#specification` and {pep}`the marker <668>`.\n",
    )
    (src / "notes.rst").write_text("Notes\n=====\n\nIn reST too: :pep:`723`.\n", "utf-8")
    (src / "index.md").write_text(INDEX_WITH_GUIDE.replace("guide\n", "guide\nnotes\n"), "utf-8")
    code, stderr = build(src, tmp_path / "out", "-W")
    assert code == 0, stderr
    html = (tmp_path / "out" / "guide.html").read_text("utf-8")
    assert (
        '<a class="reference external" href="https://peps.python.org/pep-0621/#specification" '
        'title="PEP 621: Storing project metadata in pyproject.toml (Final)">'
        "PEP 621: Storing project metadata in pyproject.toml</a>"
    ) in html
    assert ">the marker</a>" in html  # an explicit title replaces the shown text
    assert (
        'title="PEP 668: Marking Python base environments as “externally managed” (Final)"' in html
    )
    # The status is a word (with a label for screen readers), not only a colour.
    assert (
        '<span class="council-pep-status council-pep-status-final">'
        '<span class="visually-hidden">PEP status: </span>Final</span>'
    ) in html
    rst = (tmp_path / "out" / "notes.html").read_text("utf-8")
    assert "PEP 723: Inline script metadata</a>" in rst


def test_unknown_withdrawn_rejected_and_superseded_peps_warn_with_file_and_line(
    tmp_path: Path,
) -> None:
    guide = "# Guide\n\nUnknown: {pep}`9999`.\n\nWithdrawn: {pep}`759`.\n\nSuperseded: {pep}`631`.\n\nRejected: {pep}`722`.\n\nFine: {pep}`517`.\n"
    src = guide_site(tmp_path, guide)
    code, stderr = build(src, tmp_path / "out")
    assert code == 0
    found = [re.sub(r"^.*?guide\.md", "guide.md", w) for w in warnings(stderr)]
    assert found == [
        "guide.md:3: WARNING: {pep}: PEP 9999 is not in the PEP index (python/peps at ba4deeb79695 (22 August 2026)) [council.pep]",
        "guide.md:5: WARNING: {pep}: PEP 759 (External Wheel Hosting) is Withdrawn [council.pep]",
        "guide.md:7: WARNING: {pep}: PEP 631 (Dependency specification in pyproject.toml based on PEP 508) is Superseded; it is superseded by PEP 621 (Storing project metadata in pyproject.toml), Final [council.pep]",
        "guide.md:9: WARNING: {pep}: PEP 722 (Dependency specification for single-file scripts) is Rejected; it is superseded by PEP 723 (Inline script metadata), Final [council.pep]",
    ]
    # The unknown PEP still links somewhere useful and says it is not in the index.
    html = (tmp_path / "out" / "guide.html").read_text("utf-8")
    assert "council-pep-status-unknown" in html and "not in the index</span>" in html


def test_a_record_about_a_pep_cites_it_without_warning(tmp_path: Path) -> None:
    # The record is about PEP 631, accepted and since superseded: citing it is the point.
    about_631 = RECORD.replace("peps: [517]", "peps: [631]").replace(
        "Tests need a decision.", "{pep}`631` was accepted; {pep}`759` is unrelated."
    )
    src = guide_site(tmp_path, "# Guide\n\nNothing.\n", records={"0101-example.md": about_631})
    code, stderr = build(src, tmp_path / "out")
    assert code == 0
    found = warnings(stderr)
    assert len(found) == 1, found
    assert (
        "0101-example.md:35: WARNING: {pep}: PEP 759 (External Wheel Hosting) is Withdrawn"
        in found[0]
    )


@pytest.mark.parametrize("severity", ["info", "ignore"])
def test_status_warnings_can_be_lowered(tmp_path: Path, severity: str) -> None:
    conf = f'council_pep_status_warnings = "{severity}"\n'
    src = guide_site(tmp_path, "# Guide\n\n{pep}`759` and {pep}`9999`.\n", conf)
    code, stderr = build(src, tmp_path / "out")
    assert code == 0
    found = warnings(stderr)
    # Only the unknown number still warns: it is a mistake, not a judgement call.
    assert len(found) == 1 and "PEP 9999 is not in the PEP index" in found[0]


def test_a_wrong_severity_is_a_config_warning(tmp_path: Path) -> None:
    src = guide_site(tmp_path, "# Guide\n\n{pep}`759`.\n", 'council_pep_status_warnings = "loud"\n')
    code, stderr = build(src, tmp_path / "out")
    assert code == 0
    assert (
        "WARNING: conf.py: council_pep_status_warnings must be one of warn, info, ignore, "
        "not 'loud'; using 'warn' [council.config]"
    ) in stderr
    assert "PEP 759 (External Wheel Hosting) is Withdrawn" in stderr


def test_a_role_that_is_not_a_number_warns(tmp_path: Path) -> None:
    src = guide_site(tmp_path, "# Guide\n\nSee {pep}`PEP 8`.\n")
    code, stderr = build(src, tmp_path / "out")
    assert code == 0
    assert (
        "guide.md:3: WARNING: {pep}: 'PEP 8' is not a PEP number; write e.g. 621 or 621#anchor [council.pep]"
        in stderr
    )


# --- PEP pages and the PEP list ----------------------------------------------------------


@pytest.fixture(scope="module")
def pep_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("peps")
    src = Path(shutil.copytree(ROOTS / "test-peps", tmp / "src"))
    code, stderr = build(src, tmp / "out", "-W")
    assert code == 0, stderr
    return tmp / "out"


def test_pep_page_shows_headers_history_and_what_cites_it(pep_site: Path) -> None:
    html = (pep_site / "peps" / "pep-0668.html").read_text("utf-8")
    assert "<h1>PEP 668: Marking Python base environments as “externally managed”" in html
    assert (
        "Geoffrey Thomas, Matthias Klose, Filipe Laíns, Donald Stufft, Tzu-ping Chung, Stefano Rivera, Elana Hashman, Pradyun Gedam"
        in html
    )
    assert '<dt class="field-even">Delegate' in html and "Paul Moore" in html
    # the dated status history, oldest first
    history = re.findall(r'<span class="council-date">([^<]+)</span>: (\w+)', html)
    assert [status for _, status in history] == [c.status for c in pep_history(668).changes]
    # every decision and page that cites it, the page with its section
    assert '<a class="reference internal" href="../decisions/0002-accept-668.html"' in html
    assert 'href="../guide.html#metadata">A guide: Metadata</a>' in html
    assert 'href="https://peps.python.org/pep-0668/">PEP 668 on peps.python.org</a>' in html


def test_pep_page_notes_where_the_index_disagrees_with_itself(pep_site: Path) -> None:
    html = (pep_site / "peps" / "pep-0772.html").read_text("utf-8")
    assert (
        "The index says PEP 772 replaces PEP 609, but PEP 609 is Active and does not name PEP 772 as its successor."
        in html
    )
    page_609 = (pep_site / "peps" / "pep-0609.html").read_text("utf-8")
    assert "PEP 609 is Active and does not name PEP 772" in page_609
    assert '<a class="reference internal" href="pep-0609.html"' in html  # Replaces links here


def test_cited_and_listed_peps_get_pages_and_nothing_else(pep_site: Path) -> None:
    pages = {p.stem for p in (pep_site / "peps").glob("pep-*.html")}
    governance = {f"pep-{i.number:04d}" for i in pep_index().values() if "governance" in i.topics}
    cited = {f"pep-{n:04d}" for n in (621, 668, 722, 723, 751, 772)}
    assert pages == governance | cited


def test_pep_pages_are_well_formed_html5(pep_site: Path) -> None:
    problems = {}
    for path in sorted([*pep_site.glob("peps/*.html"), pep_site / "peps.html"]):
        parser = html5lib.HTMLParser()
        parser.parse(path.read_bytes())
        if parser.errors:
            problems[path.name] = parser.errors[:3]
    assert problems == {}


def test_pep_list_groups_a_topic_by_status(pep_site: Path) -> None:
    html = (pep_site / "peps.html").read_text("utf-8")
    governance = [i for i in pep_index().values() if "governance" in i.topics]
    assert f"{len(governance)} PEPs carry the topic “governance”" in html
    titles = re.findall(r"<h2>([A-Za-z!? ]+) \((\d+)\)", html)
    assert sum(int(n) for _, n in titles) == len(governance)
    assert [t for t, _ in titles][:2] == ["Accepted", "Final"]
    assert 'href="peps/pep-0772.html">PEP 772</a>' in html


def test_decision_panels_show_pep_titles_and_link_to_pep_pages(pep_site: Path) -> None:
    html = (pep_site / "decisions" / "0001-reject-722.html").read_text("utf-8")
    assert 'href="../peps/pep-0722.html"' in html
    assert "PEP 723: Inline script metadata</a>" in html


# --- checks against the index (pure) ------------------------------------------------------


def _record(status: str, peps: str) -> str:
    text = RECORD.replace("peps: [517]", f"peps: {peps}")
    if status in ("rejected", "withdrawn"):  # such a record says why
        text = text.replace("\nareas:", "\nreason: Why.\nareas:", 1)
    return text.replace("status: accepted\n", f"status: {status}\n").replace(
        "status: accepted\n    link", f"status: {status}\n    link"
    )


@pytest.mark.parametrize(
    ("status", "peps", "expected"),
    [
        ("accepted", "[722]", "'accepted', but the PEP index has PEP 722 as 'Rejected'"),
        ("rejected", "[621]", "'rejected', but the PEP index has PEP 621 as 'Final'"),
        ("accepted", "[631]", None),  # accepted, later superseded: they agree
        ("rejected", "[759]", None),  # withdrawn after the verdict: they agree
        ("rejected", "[722, 723]", None),  # only the first PEP is the subject
    ],
)
def test_decision_status_is_checked_against_the_index(
    status: str, peps: str, expected: str | None
) -> None:
    record, problems = load_decision("a.md", _record(status, peps))
    assert record is not None and problems == []
    found = [str(p) for p in decision_status_problems([record])]
    if expected is None:
        assert found == []
    else:
        assert found == [
            f"a.md:6: status: {expected}; check the record's history (or refresh the index with 'council peps refresh')"
        ]


def test_index_disagreements_name_both_sides() -> None:
    notes = index_disagreements(pep_index())
    assert notes[609] == notes[772][:1]
    assert 723 not in notes  # 722 is Rejected and names 723: that pair agrees
    assert notes[631] == [
        "The index says PEP 631 is superseded by PEP 621, but PEP 621 does not list PEP 631 in its Replaces header."
    ]


def test_status_concern_is_none_for_peps_in_force() -> None:
    assert status_concern(pep_index()[621]) is None
    assert status_concern(pep_index()[772]) is None


def test_resolution_and_header_parsing() -> None:
    assert parse_resolution("`21-Oct-2023 <https://example.org/d/>`__") == Resolution(
        "https://example.org/d/", parse_pep_date("21-Oct-2023")
    )
    assert parse_resolution("https://example.org/x") == Resolution("https://example.org/x")
    assert parse_resolution(None) is None
    assert pep_numbers("513, 571, 599") == (513, 571, 599)
    assert pep_numbers(None) == ()
    assert parse_pep_date("not a date") is None


def test_index_shape_problems_name_each_broken_entry() -> None:
    good = {
        "1": {
            "number": 1,
            "title": "T",
            "authors": "A",
            "status": "Active",
            "type": "Process",
            "topic": "",
            "created": "13-Jun-2000",
            "resolution": None,
            "replaces": None,
            "superseded_by": None,
            "url": "https://peps.python.org/pep-0001/",
        }
    }
    assert index_shape_problems(good) == []
    bad = {"1": {**good["1"], "number": 2, "status": "Done"}, "x": {}, "3": {"number": 3}}
    problems = index_shape_problems(bad, previous=[1, 4])
    assert "PEP '1': number is 2, not 1" in problems
    assert "PEP '1': unknown status 'Done'" in problems
    assert "PEP 'x': the key is not a PEP number" in problems
    assert "PEP '3': missing field 'title'" in problems
    assert problems[-1].startswith("1 PEP(s) in the vendored index are missing (4)")
    assert index_shape_problems([]) == ["the index is not a JSON object of PEPs keyed by number"]


# --- the API other extensions (pathways) use --------------------------------------------

STEP_EXTENSION = """
from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx_council.peps.domain import pep_citations
from sphinx_council.peps.role import pep_reference


class StepDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        number = int(self.arguments[0])
        pep_citations(self.env).note_citation(
            self.env.docname, number, "Step 1: build a wheel", "step-1", kind="step"
        )
        para = nodes.paragraph(ids=["step-1"])
        para += pep_reference(number)
        return [para]


def setup(app):
    app.add_directive("cite-step", StepDirective)

council_pep_pages = True
"""


def test_other_extensions_can_cite_peps_and_render_them(tmp_path: Path) -> None:
    src = guide_site(tmp_path, "# Guide\n\n```{cite-step} 427\n```\n", STEP_EXTENSION)
    code, stderr = build(src, tmp_path / "out", "-W")
    assert code == 0, stderr
    guide = (tmp_path / "out" / "guide.html").read_text("utf-8")
    assert "PEP 427: The Wheel Binary Package Format 1.0</a>" in guide
    page = (tmp_path / "out" / "peps" / "pep-0427.html").read_text("utf-8")
    assert 'href="../guide.html#step-1">Step 1: build a wheel</a>' in page
    assert 'href="../guide.html">Guide</a>' not in page  # noted once, by the extension


def test_a_refreshed_index_outdates_every_document() -> None:
    data: dict[str, object] = {"index_digest": None}
    assert not index_changed(data, "a")  # a fresh environment reads everything anyway
    assert not index_changed(data, "a")
    assert index_changed(data, "b")
    assert data["index_digest"] == "b"
    assert len(index_digest()) == 64
