"""Rules across records: unique ids, supersession both ways, PEP numbers."""

from __future__ import annotations

from conftest import RECORD
from sphinx_council.decisions.corpus import corpus_problems
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.model import DecisionRecord

DELEGATE = RECORD.replace(
    "decided_by:\n  body: packaging-council\nvotes:\n  ada: yes\n  bruno: yes\n  chen: no\n"
    "  dara: abstain\n  eli: yes\n",
    "decided_by:\n  body: pep-delegate\n  name: Someone Fictional\n",
)


def load(source: str, text: str) -> DecisionRecord:
    record, problems = load_decision(source, text)
    assert record is not None and problems == [], problems
    return record


def make(record_id: str, *, supersedes: str = "", superseded: bool = False) -> str:
    text = DELEGATE.replace("PC-0101", record_id)
    if supersedes:
        text = text.replace("peps: [517]", f"peps: [517]\nsupersedes: [{supersedes}]")
    if superseded:
        text = text.replace("status: accepted\nhistory", "status: superseded\nhistory").replace(
            "    link: https://example.org/decision\n",
            "    link: https://example.org/decision\n  - date: 2027-04-01\n    status: superseded\n",
        )
    return text


def messages(*records: DecisionRecord) -> list[str]:
    return [str(p) for p in corpus_problems(list(records))]


def test_consistent_supersession_has_no_problems() -> None:
    old = load("a.md", make("PC-0001", superseded=True))
    new = load("b.md", make("PC-0002", supersedes="PC-0001"))
    assert messages(old, new) == []


def test_duplicate_ids() -> None:
    assert messages(load("a.md", make("PC-0001")), load("b.md", make("PC-0001"))) == [
        "b.md:2: id: 'PC-0001' is already the id of a.md; give this record the next free id"
    ]


def test_dangling_supersedes() -> None:
    assert messages(load("a.md", make("PC-0001", supersedes="PC-0099"))) == [
        "a.md:20: supersedes: 'PC-0099' is not the id of any record"
    ]


def test_cyclic_supersedes() -> None:
    a = load("a.md", make("PC-0001", supersedes="PC-0002"))
    b = load("b.md", make("PC-0002", supersedes="PC-0001"))
    found = messages(a, b)
    assert (
        "a.md:20: supersedes: PC-0001 -> PC-0002 -> PC-0001 is a cycle; a record cannot be "
        "superseded by one it supersedes"
    ) in found


def test_superseded_status_without_a_successor() -> None:
    assert messages(load("a.md", make("PC-0001", superseded=True))) == [
        "a.md:6: status: 'superseded', but no record lists 'PC-0001' in its supersedes; add it to "
        "the newer record's supersedes"
    ]


def test_successor_accepted_but_old_record_still_accepted() -> None:
    old = load("a.md", make("PC-0001"))
    new = load("b.md", make("PC-0002", supersedes="PC-0001"))
    assert messages(old, new) == [
        "a.md:6: status: 'accepted', but accepted record PC-0002 supersedes it; add a history "
        "entry with status: superseded"
    ]


def test_unknown_pep_number() -> None:
    text = make("PC-0001").replace("peps: [517]", "peps: [517, 99999]")
    found = messages(load("a.md", text))
    assert len(found) == 1
    assert found[0].startswith("a.md:19: peps: PEP 99999 is not in the PEP index (python/peps at")


def test_superseded_by_a_record_that_is_only_proposed() -> None:
    old = load("a.md", make("PC-0001", superseded=True))
    proposal = make("PC-0002", supersedes="PC-0001").replace(
        "status: accepted\nhistory", "status: proposed\nhistory"
    )
    proposal = proposal.split("  - date: 2027-02-01")[0] + "peps: [517]\nsupersedes: [PC-0001]\n"
    proposal += "areas: [standards]\n---\n"
    found = messages(old, load("b.md", proposal))
    assert found == [
        "a.md:6: status: 'superseded', but PC-0002, which supersedes it, is not accepted yet; "
        "keep the earlier status until it is"
    ]
