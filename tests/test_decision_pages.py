"""Decision pages lead with meaning: status and summary first (also the meta description),
who decided in readers' words, discussion links named by what they are, the reason a proposal
did not go ahead, and PEP titles' literals shown as code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes

from conftest import AS_OF_RECORD, CONF, RECORD, ROSTER, sphinx_build, write_site
from sphinx_council.cli import main
from sphinx_council.core.text import inline_literals, plain_title
from sphinx_council.decisions.model import DecidedBy
from sphinx_council.decisions.wording import discussion_label
from sphinx_council.peps.role import pep_reference

DECISIONS = Path(__file__).parent.parent / "decisions"

# The test record, rejected by a PEP-Delegate, about a PEP the index lists as Rejected.
REJECTED = (
    RECORD.replace("status: accepted\n", "status: rejected\n")
    .replace("peps: [517]", "peps: [582]")
    .replace(
        "  body: packaging-council\nvotes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n",
        "  body: pep-delegate\n  name: Someone Fictional\n",
    )
)


# -- Pure: labels and titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "outcome", "label"),
    [
        (
            "https://discuss.python.org/t/pep-772-packaging-council-governance-process-round-3/100181",
            "",
            "PEP 772 packaging council governance process round 3",
        ),
        (
            "https://discuss.python.org/t/pep-772-packaging-council-governance-process-round-3/100181/117",
            "",
            "PEP 772 packaging council governance process round 3, post 117",
        ),
        (
            "https://discuss.python.org/t/pre-pep-exposing-trusted-publisher-provenance-on-pypi/72686",
            "",
            "Pre-PEP: exposing trusted publisher provenance on PyPI",
        ),
        (
            "https://discuss.python.org/t/draft-pep-editable-installs-for-pep-517-style-build-backends/7",
            "",
            "Draft PEP: editable installs for PEP 517 style build backends",
        ),
        ("https://discuss.python.org/t/pep-621-round-3/5472", "", "PEP 621 round 3"),
        ("https://discuss.python.org/t/77293", "", "discuss.python.org thread 77293"),
        ("https://discuss.python.org/t/1535/56", "", "discuss.python.org thread 1535, post 56"),
        ("https://discuss.python.org/t/77293/150", "accepted", "acceptance post"),
        ("https://discuss.python.org/t/36763/", "rejected", "rejection post"),
        (
            "https://mail.python.org/pipermail/distutils-sig/2013-May/020848.html",
            "",
            "distutils-sig mailing list thread",
        ),
        (
            "https://mail.python.org/archives/list/python-dev@python.org/thread/MKHXVV746H7ZDFN62Z72VNAX6KIRXNRO/",
            "",
            "python-dev mailing list thread",
        ),
        ("https://github.com/pypa/pip/issues/8368", "", "pypa/pip issue 8368"),
        ("https://example.org/thread", "", "example.org"),
    ],
)
def test_discussion_links_are_named_by_what_they_are(url: str, outcome: str, label: str) -> None:
    assert discussion_label(url, outcome) == label


def test_every_discussion_link_of_the_bundled_records_has_a_label_other_than_its_host() -> None:
    urls = re.findall(
        r"^  - (https://\S+)$", "".join(p.read_text() for p in DECISIONS.glob("*.md")), re.M
    )
    discourse = [u for u in urls if "discuss.python.org/t/" in u]
    assert len(discourse) > 20
    assert all(discussion_label(u) != "discuss.python.org" for u in discourse)


@pytest.mark.parametrize(
    ("decided_by", "label"),
    [
        (DecidedBy("pep-delegate", "Donald Stufft"), "PEP-Delegate Donald Stufft"),
        (DecidedBy("steering-council"), "the Python Steering Council"),
        (DecidedBy("packaging-council"), "the Packaging Council"),
        (DecidedBy("not-recorded"), "not named in the PEP"),
    ],
)
def test_decided_by_reads_as_words(decided_by: DecidedBy, label: str) -> None:
    assert decided_by.label == label


def test_pep_titles_literals_are_runs_of_code_and_escapes_disappear() -> None:
    assert inline_literals("``build-details.json`` 1.0 — a static description") == [
        ("build-details.json", True),
        (" 1.0 — a static description", False),
    ]
    assert inline_literals(r"handling of ``ExceptionGroup``\ s") == [
        ("handling of ", False),
        ("ExceptionGroup", True),
        ("s", False),
    ]
    assert plain_title(r"Preserving the order of \*\*kwargs") == "Preserving the order of **kwargs"


def test_a_pep_reference_shows_its_titles_literals_as_code() -> None:
    node = pep_reference(739)
    literals = list(node.findall(nodes.literal))
    assert [literal.astext() for literal in literals] == ["build-details.json"]
    assert "``" not in node.astext()
    assert "``" not in node.next_node(nodes.reference)["reftitle"]


# -- The checks ----------------------------------------------------------------------------------


def test_a_rejected_record_without_a_reason_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    text = REJECTED
    assert text.count("status: rejected\n") == 2 and "votes" not in text
    (tmp_path / "decisions" / "0101-example.md").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_RECORD)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "decisions/0101-example.md:6: reason: missing; a rejected record says why in one to "
        "three sentences (reason: ...), from the PEP's own notice or resolution [council.field]"
    ]
    fixed = text.replace("status: rejected\nhistory", "reason: Why.\nstatus: rejected\nhistory")
    (tmp_path / "decisions" / "0101-example.md").write_text(fixed, "utf-8")
    assert main(["check"]) == 0


def test_every_bundled_rejected_or_withdrawn_record_says_why() -> None:
    for path in DECISIONS.glob("*.md"):
        front = path.read_text("utf-8").split("\n---", 1)[0]
        if re.search(r"^status: (rejected|withdrawn)$", front, re.M):
            reason = re.search(r'^reason: "(.+)"$', front, re.M)
            assert reason, path.name
            assert 1 <= reason[1].count(". ") + 1 <= 3, path.name


# -- The built page ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("pages") / "src"
    rejected = (
        REJECTED.replace("id: PC-0101", "id: PC-0102")
        .replace(
            "summary: An example decision that the tests build.",
            "summary: A proposal that did not go ahead.\n"
            "reason: It was turned down <b>for</b> a better one.",
        )
        .replace(
            "  - https://example.org/thread",
            "  - https://example.org/decision\n  - https://discuss.python.org/t/pep-582-local-packages/1",
        )
    )
    accepted = RECORD.replace("peps: [517]", "peps: [517, 739]")
    write_site(src, {"0101-example.md": accepted, "0102-rejected.md": rejected})
    result = sphinx_build(src, src.parent / "out", "-W")
    assert result.returncode == 0, result.stderr
    return src.parent / "out"


def test_the_summary_leads_the_page_and_is_its_meta_description(built: Path) -> None:
    html = (built / "decisions" / "0101-example.html").read_text("utf-8")
    assert '<meta content="An example decision that the tests build." name="description" />' in html
    lead = html.index(
        '<p class="council-lead-summary">An example decision that the tests build.</p>'
    )
    assert html.index("<h1>Adopt the example standard") < lead < html.index('class="council-panel')
    assert html.index("council-badge council-status-accepted") < lead


def test_a_rejected_page_says_why_near_the_top(built: Path) -> None:
    html = (built / "decisions" / "0102-rejected.html").read_text("utf-8")
    reason = html.index(
        '<span class="council-reason">It was turned down &lt;b&gt;for&lt;/b&gt; a better one.</span>'
    )
    assert html.index("This proposal was rejected on 1 March 2027.") < reason
    assert reason < html.index('class="council-panel')


def test_panel_names_who_decided_and_what_each_discussion_link_is(built: Path) -> None:
    html = (built / "decisions" / "0102-rejected.html").read_text("utf-8")
    assert re.search(
        r"Decided by<span class=\"colon\">:</span></dt>\s*<dd[^>]*><p>PEP-Delegate Someone Fictional</p>",
        html,
    )
    assert ">rejection post</a>" in html
    assert ">PEP 582 local packages</a>" in html


def test_pep_titles_show_literals_as_code_on_decision_pages_and_the_index(built: Path) -> None:
    code = '<code class="docutils literal notranslate"><span class="pre">build-details.json</span></code>'
    page = (built / "decisions" / "0101-example.html").read_text("utf-8")
    assert "PEP 739: " + code in page
    assert "``" not in page
    index = (built / "decisions-index.html").read_text("utf-8")
    assert "``" not in index


def test_open_graph_describes_a_decision_by_its_summary(tmp_path: Path) -> None:
    pytest.importorskip("sphinxext.opengraph")
    conf = (
        CONF
        + 'extensions.append("sphinxext.opengraph")\nogp_site_url = "https://council.example.org/"\n'
    )
    summary = 'A "quoted" summary <b>with</b> & markup.'
    text = RECORD.replace(
        "summary: An example decision that the tests build.", f"summary: '{summary}'"
    )
    src = write_site(tmp_path / "src", {"0101-example.md": text}, extra={"conf.py": conf})
    result = sphinx_build(src, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "decisions" / "0101-example.html").read_text("utf-8")
    escaped = "A &quot;quoted&quot; summary &lt;b&gt;with&lt;/b&gt; &amp; markup."
    assert f'<meta property="og:description" content="{escaped}" />' in html
    assert html.count('name="description"') == 1
