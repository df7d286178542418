"""A pull request's files are data with one meaning: numbers in decimal digits, names without
whitespace, dates between 1990 and a year after the build date, links to public sites by name
and without credentials, votes only on decided records by members, and no empty roster file.

Each class is tried through every kind of file that has such a field (records, pathways, news
items, the roster), each case with the message it gets, and a build reports what the check does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import RECORD, ROOTS, ROSTER, sphinx_build, write_site
from sphinx_council.cli import main
from sphinx_council.core.fields import link_problem
from sphinx_council.core.problems import Check, Problem
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions.corpus import corpus_problems
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.roster import load_roster
from sphinx_council.newsletter.news import load_news_item
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway

SOURCE = "decisions/0101-example.md"
# After every date of the test record (the last is 2027-03-01), so only the edit is judged.
BUILD = dt.date(2027, 3, 10)
SETTINGS = RuleSettings(build_date=BUILD)
PATHWAY = (ROOTS / "test-pathways" / "pathways" / "first-steps.yaml").read_text("utf-8")
PATHWAY_BUILD = dt.date(2027, 6, 10)  # after the pathway's review (2027-06-01)
NEWS = """\
title: The council meets
date: 2027-03-01
summary: A fictional news item.
link: https://example.org/meets
happens: 2027-03-20
"""


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old  # an edit that finds nothing would test nothing
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def record_problems(old: str, new: str, settings: RuleSettings = SETTINGS) -> list[str]:
    text = edited(RECORD, old, new)
    return [str(p) for p in load_decision(SOURCE, text, settings)[1]]


def pathway_problems(old: str, new: str, today: dt.date | None = PATHWAY_BUILD) -> list[str]:
    text = edited(PATHWAY, old, new)
    _, problems = load_pathway("p.yaml", text, guide_inventory(), stem="first-steps", today=today)
    return [str(p) for p in problems]


def news_problems(old: str, new: str, build: dt.date | None = BUILD) -> list[Problem]:
    settings = RuleSettings(build_date=build)
    return load_news_item("news/meets.yaml", "meets", edited(NEWS, old, new), settings)[1]


def roster_problems(old: str, new: str, today: dt.date | None = BUILD) -> list[str]:
    return [str(p) for p in load_roster("roster.yaml", edited(ROSTER, old, new), today)[1]]


# ---------------------------------------------------------------------------------- numbers

# How a number can be written that YAML reads as a number, and what each one is told.
WRITTEN_NUMBERS = [
    ("0x2ef", "0x2ef is a hexadecimal number; write it in decimal digits: 751"),
    ("0o1357", "0o1357 is an octal number; write it in decimal digits: 751"),
    ("0b1011101111", "0b1011101111 is a binary number; write it in decimal digits: 751"),
    ("7_51", "7_51 has an underscore; write it in decimal digits: 751"),
    ("+751", "+751 has a plus sign; write it in decimal digits: 751"),
    (
        "0751",
        "0751 has a leading zero, which some YAML readers take for octal; write it in "
        "decimal digits: 751",
    ),
    ("751.0", "751.0 is not written as a whole number; write it in decimal digits: 751"),
    ("7.51e2", "7.51e2 has an exponent; write it in decimal digits: 751"),
    ("1e3", "1e3 has an exponent; write it in decimal digits: 1000"),
    ("75.1", "75.1 is not a whole number; write a whole number in decimal digits"),
    (".inf", ".inf is not a whole number; write a whole number in decimal digits"),
    (".nan", ".nan is not a whole number; write a whole number in decimal digits"),
]


@pytest.mark.parametrize(("written", "message"), WRITTEN_NUMBERS)
def test_a_pep_number_not_in_decimal_is_refused_in_a_record(written: str, message: str) -> None:
    assert record_problems("peps: [517]", f"peps: [{written}]") == [
        f"{SOURCE}:24: peps[0]: {message}"
    ]


@pytest.mark.parametrize(("written", "message"), WRITTEN_NUMBERS)
def test_a_number_not_in_decimal_is_refused_in_a_pathway(written: str, message: str) -> None:
    assert pathway_problems("minutes: 10", f"minutes: {written}") == [
        f"p.yaml:{line_of(PATHWAY, 'minutes: 10')}: steps[0].minutes: {message}"
    ]
    assert pathway_problems("review_every_months: 6", f"review_every_months: {written}") == [
        f"p.yaml:17: review_every_months: {message}"
    ]


def test_a_pathway_pep_not_in_decimal_is_refused() -> None:
    assert pathway_problems("pep: 723", "pep: 0x2d3") == [
        f"p.yaml:{line_of(PATHWAY, 'pep: 723')}: steps[1].resources[0].pep: 0x2d3 is a "
        "hexadecimal number; write it in decimal digits: 723"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("true", "expected a PEP number such as 517, got true/false"),
        ("False", "expected a PEP number such as 517, got true/false"),
        ('"751"', "expected a PEP number such as 517, got '751'"),
        ("-751", "expected a PEP number such as 517, got -751"),
    ],
)
def test_booleans_text_and_negatives_are_no_pep_numbers(written: str, message: str) -> None:
    assert record_problems("peps: [517]", f"peps: [{written}]") == [
        f"{SOURCE}:24: peps[0]: {message}"
    ]


@pytest.mark.parametrize("written", ["0x10", "1e3", "+5", "7_51", "0o17"])
def test_a_number_written_where_text_belongs_is_refused_as_written(written: str) -> None:
    expected = f"expected text, got the number {written}"
    assert record_problems("title: Adopt the example standard", f"title: {written}") == [
        f"{SOURCE}:3: title: {expected}"
    ]
    assert [p.message for p in news_problems("title: The council meets", f"title: {written}")] == [
        expected
    ]
    assert roster_problems("name: Ada Fictional", f"name: {written}") == [
        f"roster.yaml:2: members[0].name: {expected}"
    ]


def test_plain_decimal_numbers_are_read() -> None:
    record, problems = load_decision(SOURCE, edited(RECORD, "[517]", "[517, 0, 751]"), SETTINGS)
    assert problems == [] and record is not None and record.peps == (517, 0, 751)


# ------------------------------------------------------------------------------------ names

# Whitespace a reader cannot see, and what the message calls it.
SPACING = [
    ("{}\\n", "ends with a line break"),
    ("{}\\t", "ends with a tab"),
    ("\\t{}", "starts with a tab"),
    (" {}", "starts with U+0020 (SPACE)"),
    ("{}\\u00a0", "ends with U+00A0 (NO-BREAK SPACE)"),
    ("{}\\u3000", "ends with U+3000 (IDEOGRAPHIC SPACE)"),
    ("{}\\u200b", "contains U+200B (ZERO WIDTH SPACE)"),
    ("\\u2060{}", "contains U+2060 (WORD JOINER)"),
]
WRITE_NAME = "write the name without spaces or line breaks"


def _spaced(template: str, name: str) -> tuple[str, str]:
    """The YAML for ``name`` with the template's whitespace, and the name as a message shows it."""
    yaml = '"' + template.format(name) + '"'
    return yaml, repr(template.format(name).encode().decode("unicode_escape"))


@pytest.mark.parametrize(("template", "what"), SPACING)
def test_an_id_with_whitespace_is_refused(template: str, what: str) -> None:
    yaml, shown = _spaced(template, "PC-0101")
    assert record_problems("id: PC-0101", f"id: {yaml}") == [
        f"{SOURCE}:2: id: {shown} {what}; {WRITE_NAME}"
    ]


@pytest.mark.parametrize(("template", "what"), SPACING)
def test_names_with_whitespace_are_refused_everywhere(template: str, what: str) -> None:
    yaml, shown = _spaced(template, "accepted")
    assert record_problems("status: accepted\nhistory", f"status: {yaml}\nhistory") == [
        f"{SOURCE}:6: status: {shown} {what}; {WRITE_NAME}"
    ]
    yaml, shown = _spaced(template, "ada")
    assert roster_problems("{id: ada,", f"{{id: {yaml},") == [
        f"roster.yaml:2: members[0].id: {shown} {what}; {WRITE_NAME}"
    ]
    name = template.format("ada").encode().decode("unicode_escape")
    votes = load_decision(SOURCE, edited(RECORD, "  ada: yes\n", f"  {yaml}: yes\n"), SETTINGS)
    assert [(p.line, p.field, p.message) for p in votes[1]] == [
        (19, f"votes.{name}", f"{shown} {what}; {WRITE_NAME}")
    ]
    yaml, shown = _spaced(template, "first-steps")
    assert pathway_problems("id: first-steps", f"id: {yaml}") == [
        f"p.yaml:1: id: {shown} {what}; {WRITE_NAME}"
    ]
    yaml, shown = _spaced(template, "uv")
    line = line_of(PATHWAY, "default: uv")
    assert pathway_problems("default: uv", f"default: {yaml}") == [
        f"p.yaml:{line}: steps[0].choice.default: {shown} {what}; {WRITE_NAME}"
    ]


def test_a_supersedes_id_with_a_trailing_newline_is_refused() -> None:
    assert record_problems("peps: [517]", 'peps: [517]\nsupersedes: ["PC-0001\\n"]') == [
        f"{SOURCE}:25: supersedes[0]: 'PC-0001\\n' ends with a line break; {WRITE_NAME}"
    ]


# ------------------------------------------------------------------------------------ dates

HAPPENED = "write the date the change happened"


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "1066-10-14",
            f"1066-10-14 is before 1990, earlier than anything this site records; {HAPPENED}",
        ),
        (
            "0001-01-01",
            f"0001-01-01 is before 1990, earlier than anything this site records; {HAPPENED}",
        ),
        (
            "1989-12-31",
            f"1989-12-31 is before 1990, earlier than anything this site records; {HAPPENED}",
        ),
        (
            "2099-01-01",
            f"2099-01-01 is more than a year after the build date (2027-03-10); {HAPPENED}",
        ),
        (
            "9999-12-31",
            f"9999-12-31 is more than a year after the build date (2027-03-10); {HAPPENED}",
        ),
        (
            "2028-03-11",
            f"2028-03-11 is more than a year after the build date (2027-03-10); {HAPPENED}",
        ),
    ],
)
def test_a_history_date_out_of_range_is_refused(date: str, message: str) -> None:
    text = edited(RECORD, "  - date: 2027-01-10", f"  - date: {date}")
    found = load_decision(SOURCE, text, SETTINGS)[1]
    assert [(str(p), p.check) for p in found] == [
        (f"{SOURCE}:8: history[0].date: {message}", Check.DATE)
    ]


def test_the_day_after_the_build_date_is_today_east_of_greenwich() -> None:
    assert record_problems("  - date: 2027-03-01", "  - date: 2027-03-11") == []


@pytest.mark.parametrize("date", ["2027-03-12", "2027-09-01", "2028-03-10"])
def test_a_history_date_within_a_year_after_the_build_date_warns(date: str) -> None:
    text = edited(RECORD, "  - date: 2027-03-01", f"  - date: {date}")
    record, found = load_decision(SOURCE, text, SETTINGS)
    assert [(str(p), p.check, p.advisory) for p in found] == [
        (
            f"{SOURCE}:13: history[2].date: {date} is after the build date (2027-03-10); right "
            "for a change not committed yet (a build is dated by its last commit), otherwise "
            f"{HAPPENED}",
            Check.FUTURE,
            True,
        )
    ]
    assert record is not None and str(record.history[2].date) == date  # kept, only warned


def test_without_a_build_date_only_the_earliest_date_is_judged() -> None:
    far = record_problems("  - date: 2027-03-01", "  - date: 2099-03-01", RuleSettings())
    assert far == []
    old = record_problems("  - date: 2027-01-10", "  - date: 1066-01-10", RuleSettings())
    assert old == [
        f"{SOURCE}:8: history[0].date: 1066-01-10 is before 1990, earlier than anything this "
        f"site records; {HAPPENED}"
    ]


def test_a_closing_date_is_planned_ahead_but_not_beyond_a_year() -> None:
    during = RuleSettings(build_date=dt.date(2027, 2, 5))  # a build during the comment period
    found = load_decision(SOURCE, RECORD, during)[1]
    assert [(p.field, p.check) for p in found] == [("history[2].date", Check.FUTURE)]
    assert record_problems("closes: 2027-02-15", "closes: 2099-02-15") == [
        f"{SOURCE}:12: history[1].closes: 2099-02-15 is more than a year after the build date "
        "(2027-03-10); write the date the comment period closes"
    ]


@pytest.mark.parametrize(
    ("old", "field", "what"),
    [
        ("reviewed: 2027-06-01", "reviewed", "write the date of the last review"),
        ("  - date: 2027-06-01", "changes[0].date", "write the date the pathway changed"),
    ],
)
def test_pathway_dates_follow_the_same_rules(old: str, field: str, what: str) -> None:
    line = line_of(PATHWAY, old)
    new = old.replace("2027-06-01", "{}")
    assert pathway_problems(old, new.format("2099-06-01")) == [
        f"p.yaml:{line}: {field}: 2099-06-01 is more than a year after the build date "
        f"(2027-06-10); {what}"
    ]
    assert pathway_problems(old, new.format("1970-06-01")) == [
        f"p.yaml:{line}: {field}: 1970-06-01 is before 1990, earlier than anything this site "
        f"records; {what}"
    ]
    assert pathway_problems(old, new.format("2027-07-01")) == [
        f"p.yaml:{line}: {field}: 2027-07-01 is after the build date (2027-06-10); right for a "
        f"change not committed yet (a build is dated by its last commit), otherwise {what}"
    ]


def test_news_dates_follow_the_same_rules() -> None:
    published = "write the date the news was published"
    assert [
        (p.message, p.check) for p in news_problems("date: 2027-03-01", "date: 1899-03-01")
    ] == [
        (
            f"1899-03-01 is before 1990, earlier than anything this site records; {published}",
            Check.DATE,
        )
    ]
    assert [p.message for p in news_problems("date: 2027-03-01", "date: 2099-03-01")] == [
        f"2099-03-01 is more than a year after the build date (2027-03-10); {published}"
    ]
    # An event is announced ahead, up to two years, without a word.
    assert news_problems("happens: 2027-03-20", "happens: 2029-03-10") == []
    assert [p.message for p in news_problems("happens: 2027-03-20", "happens: 2029-03-11")] == [
        "2029-03-11 is more than 2 years after the build date (2027-03-10); write the date the "
        "event happens"
    ]
    item, found = load_news_item(
        "news/meets.yaml", "meets", NEWS, RuleSettings(build_date=dt.date(2027, 2, 1))
    )
    assert [p.check for p in found] == [Check.FUTURE] and item is not None  # kept, only warned


def test_roster_terms_follow_the_same_rules() -> None:
    start = "write the date the term began, from the election result"
    end = "write the date the term ends, from the election result"
    assert roster_problems(
        "term_start: 2026-06-01, term_end: 2028-05-31, affiliation: Example Labs}\n  - {id: bruno",
        "term_start: 1066-06-01, term_end: 2028-05-31, affiliation: Example Labs}\n  - {id: bruno",
    ) == [
        f"roster.yaml:2: members[0].term_start: 1066-06-01 is before 1990, earlier than anything "
        f"this site records; {start}"
    ]
    # A term ends years ahead; a typo of a century does not.
    assert roster_problems("term_end: 2028-05-31", "term_end: 2032-03-10") == []
    assert roster_problems("term_end: 2028-05-31", "term_end: 2099-05-31") == [
        f"roster.yaml:2: members[0].term_end: 2099-05-31 is more than 5 years after the build "
        f"date (2027-03-10); {end}"
    ]


# ------------------------------------------------------------------------------------ votes

UNDECIDED = "votes: votes belong to a decision, and this record was not accepted or rejected; remove them until it is"


def _undecided(status: str) -> str:
    """The test record stopped before its outcome, at ``status``, votes and all."""
    text = edited(
        RECORD,
        "  - date: 2027-03-01\n    status: accepted\n    link: https://example.org/decision\n",
        "",
    )
    text = edited(text, "status: accepted\nhistory", f"status: {status}\nhistory")
    if status == "withdrawn":
        text = edited(
            text, "    status: comment-period\n    closes: 2027-02-15\n", "    status: withdrawn\n"
        )
        text = edited(text, "\nareas:", "\nreason: Its authors withdrew it.\nareas:")
    return text


@pytest.mark.parametrize("status", ["comment-period", "withdrawn"])
def test_votes_on_a_record_not_yet_decided_are_refused(status: str) -> None:
    text = _undecided(status)
    found = load_decision(SOURCE, text, SETTINGS)[1]
    assert [f"{p.line}: {p.text}" for p in found] == [f"{line_of(text, 'votes:')}: {UNDECIDED}"]
    assert {p.check for p in found} == {Check.VOTES}


def test_votes_on_an_undecided_record_with_a_broken_history_are_still_refused() -> None:
    text = edited(_undecided("comment-period"), "  - date: 2027-02-01", "  - date: 2099-02-01")
    found = load_decision(SOURCE, text, SETTINGS)[1]
    assert f"{line_of(text, 'votes:')}: {UNDECIDED}" in [f"{p.line}: {p.text}" for p in found]


def test_votes_by_people_not_on_the_roster_are_refused_decided_or_not() -> None:
    roster, _ = load_roster("roster.yaml", ROSTER)
    for text, line in ((_undecided("comment-period"), 16), (RECORD, 19)):
        stranger = edited(text, "  ada: yes\n", "  mallory: yes\n")
        record = load_decision(SOURCE, stranger, SETTINGS)[0]
        assert record is not None
        assert [
            str(p) for p in corpus_problems([record], roster) if p.field == "votes.mallory"
        ] == [f"{SOURCE}:{line}: votes.mallory: 'mallory' is not a member in roster.yaml"]


def test_votes_without_decided_by_still_name_members() -> None:
    text = edited(RECORD, "decided_by:\n  body: packaging-council\n", "")
    record = load_decision(SOURCE, edited(text, "  ada: yes\n", "  mallory: yes\n"), SETTINGS)[0]
    assert record is not None
    roster, _ = load_roster("roster.yaml", ROSTER)
    assert [p.text for p in corpus_problems([record], roster) if p.check is Check.VOTES] == [
        "votes.mallory: 'mallory' is not a member in roster.yaml"
    ]


# ----------------------------------------------------------------------------------- roster

NO_MEMBERS_YET = "a council with no members yet is written 'members: []'"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"roster.yaml:1: the file is empty, as a cut-short edit leaves it; {NO_MEMBERS_YET}"),
        (
            "\n\n  \n",
            f"roster.yaml:1: the file is empty, as a cut-short edit leaves it; {NO_MEMBERS_YET}",
        ),
        (
            "# Packaging Council roster.\n#\n",
            f"roster.yaml:1: the file holds only comments, as a cut-short edit leaves it; {NO_MEMBERS_YET}",
        ),
        ("# roster\nmembers:\n", f"roster.yaml:2: members: lists nothing; {NO_MEMBERS_YET}"),
        ("{}\n", f"roster.yaml:1: members: missing; list the members ({NO_MEMBERS_YET})"),
    ],
)
def test_an_empty_or_cut_short_roster_is_refused(text: str, message: str) -> None:
    roster, problems = load_roster("roster.yaml", text)
    assert roster.members == () and [str(p) for p in problems] == [message]


def test_a_roster_with_no_members_yet_is_fine() -> None:
    bundled = (Path(__file__).parent.parent / "council" / "roster.yaml").read_text("utf-8")
    assert load_roster("council/roster.yaml", bundled)[1] == []
    assert load_roster("roster.yaml", "members: []\n")[1] == []


# ------------------------------------------------------------------------------------ links

NUMERIC = "names its site by a numeric address ({host}); link to the site by its name, e.g. https://pypi.org/"
LOCAL = "leads to this computer or a private network; link to a public site"
SINGLE = "names the site {host!r}, which only a local network can find; write the site's full name, e.g. https://pypi.org/"
CREDENTIALS = "carries a user name or password before the site's name; remove the part up to '@': a link never holds credentials"
ESCAPED = "has escapes in the site's name; write the name in plain characters"

HOSTILE_LINKS = [
    # One number, or dotted numbers, that a browser reads as an IPv4 address.
    ("https://2130706433/", f"'https://2130706433/' {NUMERIC.format(host='2130706433')}"),
    ("https://0x7f.1/", f"'https://0x7f.1/' {NUMERIC.format(host='0x7f.1')}"),
    ("https://0x7f000001/x", f"'https://0x7f000001/x' {NUMERIC.format(host='0x7f000001')}"),
    ("https://017700000001/", f"'https://017700000001/' {NUMERIC.format(host='017700000001')}"),
    ("https://127.1/", f"'https://127.1/' {NUMERIC.format(host='127.1')}"),
    ("https://127.0.0.1/admin", f"'https://127.0.0.1/admin' {NUMERIC.format(host='127.0.0.1')}"),
    ("http://10.0.0.8:8080/", f"'http://10.0.0.8:8080/' {NUMERIC.format(host='10.0.0.8')}"),
    (
        "https://169.254.169.254/latest",
        f"'https://169.254.169.254/latest' {NUMERIC.format(host='169.254.169.254')}",
    ),
    ("https://8.8.8.8/", f"'https://8.8.8.8/' {NUMERIC.format(host='8.8.8.8')}"),
    ("https://example.0x10/", f"'https://example.0x10/' {NUMERIC.format(host='example.0x10')}"),
    ("https://1.2.3.4./", f"'https://1.2.3.4./' {NUMERIC.format(host='1.2.3.4.')}"),
    # IPv6 literals.
    ("https://[::1]/", f"'https://[::1]/' {NUMERIC.format(host='::1')}"),
    (
        "https://[::ffff:127.0.0.1]/",
        f"'https://[::ffff:127.0.0.1]/' {NUMERIC.format(host='::ffff:127.0.0.1')}",
    ),
    (
        "https://[2001:db8::1]:443/",
        f"'https://[2001:db8::1]:443/' {NUMERIC.format(host='2001:db8::1')}",
    ),
    # Names only this computer or a private network resolves.
    ("https://localhost/", f"'https://localhost/' {LOCAL}"),
    ("https://localhost./", f"'https://localhost./' {LOCAL}"),
    ("https://LOCALHOST/", f"'https://LOCALHOST/' {LOCAL}"),
    ("https://foo.localhost/", f"'https://foo.localhost/' {LOCAL}"),
    ("https://printer.local/", f"'https://printer.local/' {LOCAL}"),
    ("https://printer.local./", f"'https://printer.local./' {LOCAL}"),
    ("https://db.internal/", f"'https://db.internal/' {LOCAL}"),
    ("https://router.home.arpa/", f"'https://router.home.arpa/' {LOCAL}"),
    ("https://1.0.0.127.in-addr.arpa/", f"'https://1.0.0.127.in-addr.arpa/' {LOCAL}"),
    ("https://nas.lan/", f"'https://nas.lan/' {LOCAL}"),
    ("https://box.localdomain/", f"'https://box.localdomain/' {LOCAL}"),
    # Single-label names and empty labels.
    ("https://intranet-wiki/", f"'https://intranet-wiki/' {SINGLE.format(host='intranet-wiki')}"),
    ("https://jenkins:8080/job", f"'https://jenkins:8080/job' {SINGLE.format(host='jenkins')}"),
    ("https://pypi./", f"'https://pypi./' {SINGLE.format(host='pypi.')}"),
    ("https://a..b/", f"'https://a..b/' {SINGLE.format(host='a..b')}"),
    # Escapes in the host, which browsers decode to an address.
    ("https://127%2E0%2E0%2E1/", f"'https://127%2E0%2E0%2E1/' {ESCAPED}"),
    ("https://%6cocalhost/", f"'https://%6cocalhost/' {ESCAPED}"),
    # Credentials, never repeated in the message.
    ("https://alice:s3cret@pypi.org/", f"https://…@pypi.org {CREDENTIALS}"),
    ("https://alice@pypi.org/", f"https://…@pypi.org {CREDENTIALS}"),
    ("https://:s3cret@pypi.org/", f"https://…@pypi.org {CREDENTIALS}"),
    ("https://pypi.org@evil.example/", f"https://…@evil.example {CREDENTIALS}"),
    ("http://alice:s3cret@127.0.0.1/", f"http://…@127.0.0.1 {CREDENTIALS}"),
]


@pytest.mark.parametrize(("link", "message"), HOSTILE_LINKS)
def test_hostile_links_are_refused(link: str, message: str) -> None:
    assert link_problem(link) == message
    parts = urlsplit(link)
    for secret in (parts.username, parts.password):  # credentials are never repeated
        assert not secret or secret not in message


@pytest.mark.parametrize(
    "link",
    [
        "https://discuss.python.org/t/1",
        "https://pypi.org./project/uv/",
        "http://peps.python.org/pep-0517/",
        "https://packaging.python.org:443/en/latest/?q=a@b#x",
        "https://1password.com/",
        "https://example.org/a/127.0.0.1",
        "https://xn--bcher-kva.example/",
    ],
)
def test_public_links_by_name_pass(link: str) -> None:
    assert link_problem(link) is None


@pytest.mark.parametrize(("link", "message"), HOSTILE_LINKS[::6])
def test_every_link_field_applies_the_link_rules(link: str, message: str) -> None:
    assert record_problems("- https://example.org/thread", f"- {link}") == [
        f"{SOURCE}:30: discussion[0]: {message}"
    ]
    assert record_problems("link: https://example.org/decision", f"link: {link}") == [
        f"{SOURCE}:15: history[2].link: {message}"
    ]
    news = news_problems("link: https://example.org/meets", f"link: {link}")
    assert [(p.line, p.field, p.message, p.check) for p in news] == [
        (4, "link", message, Check.LINK)
    ]
    term = "      - term: Virtual Environment\n"
    url = f"{term}      - url: {link}\n        title: Docs\n"
    line = line_of(PATHWAY, term) + 1
    assert pathway_problems(term, url) == [f"p.yaml:{line}: steps[0].resources[2].url: {message}"]


# ------------------------------------------------------------- council check and the build

FAR = edited(RECORD, "peps: [517]", "peps: [0x2ef]")
FAR = edited(FAR, "id: PC-0101", 'id: "PC-0101\\n"')
FAR = edited(FAR, "  - date: 2027-01-10", "  - date: 1066-01-10")
FAR = edited(FAR, "- https://example.org/thread", "- https://2130706433/")
FAR = edited(FAR, "link: https://example.org/decision", "link: https://user:pw@pypi.org/")
SOON = edited(RECORD.replace("PC-0101", "PC-0102"), "  ada: yes\n", "  ada: yes\n")


def test_the_check_warns_about_a_date_soon_after_the_build_date_and_still_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1803686400")  # 2027-02-27: two days before the vote
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{SOURCE}:13: history[2].date: 2027-03-01 is after the build date (2027-02-27); right "
        "for a change not committed yet (a build is dated by its last commit), otherwise write "
        "the date the change happened [council.future]"
    ]
    assert "1 reminder(s) (overdue reviews, dates after the build date, decisions before" in err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740614400")  # 2025-02-27: more than a year before
    assert main(["check"]) == 1
    assert "is more than a year after the build date (2025-02-27)" in capsys.readouterr().out


def test_the_build_reports_what_the_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_site(tmp_path / "src", {"0101-example.md": FAR})
    result = sphinx_build(src, tmp_path / "out", epoch="1803859200")  # 2027-03-01
    built = sorted(
        line.removeprefix(f"{src}/").replace(" WARNING:", "")
        for line in result.stderr.splitlines()
        if "WARNING: " in line and "[council." in line
    )
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1803859200")
    assert main(["check", "--conf", "conf.py", "--roster", "roster.yaml"]) == 1
    checked = sorted(capsys.readouterr().out.splitlines())
    expected = [
        "decisions/0101-example.md:2: id: 'PC-0101\\n' ends with a line break; write the name "
        "without spaces or line breaks [council.value]",
        "decisions/0101-example.md:8: history[0].date: 1066-01-10 is before 1990, earlier than "
        "anything this site records; write the date the change happened [council.date]",
        "decisions/0101-example.md:15: history[2].link: https://…@pypi.org carries a user name "
        "or password before the site's name; remove the part up to '@': a link never holds "
        "credentials [council.link]",
        "decisions/0101-example.md:24: peps[0]: 0x2ef is a hexadecimal number; write it in "
        "decimal digits: 751 [council.type]",
        "decisions/0101-example.md:30: discussion[0]: 'https://2130706433/' names its site by a "
        "numeric address (2130706433); link to the site by its name, e.g. https://pypi.org/ "
        "[council.link]",
    ]
    for line in expected:
        assert line in checked, checked
        assert line in built, result.stderr
    assert built == checked
