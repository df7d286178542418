"""How an issue reads, without Sphinx: each fact once, the fixed sections in order, standards
grouped, pathways in one item, what is coming up; the e-mail edition and the deadlines
calendar parse back with the standard email package and icalendar."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
from email.message import EmailMessage

import icalendar

from sphinx_council.newsletter.calendar import Deadline, deadlines_ics, event_deadline
from sphinx_council.newsletter.digest import IsoWeek, Schedule, coming_up, weekly_digests
from sphinx_council.newsletter.events import EventKind, PackagingEvent
from sphinx_council.newsletter.facts import one_line_per_pep, told_once
from sphinx_council.newsletter.feeds import FeedSite
from sphinx_council.newsletter.mail import email_message
from sphinx_council.newsletter.news import EditorsNote
from sphinx_council.newsletter.outline import IssueAddresses, Link, headlines, issue_outline

W16 = IsoWeek(2026, 16)
SITE = FeedSite("https://council.example.org/", "Council", "council.example.org")
ADDRESSES = IssueAddresses(feed_url="https://council.example.org/feeds/newsletter.xml")


def address(link: Link) -> str:
    return f"https://council.example.org/{link.page}.html" if link.page else link.url


def pep(status: str, day: str, number: int = 833) -> PackagingEvent:
    return PackagingEvent(
        EventKind.STANDARD,
        dt.date.fromisoformat(day),
        f"pep-{number}/{status}/{day}",
        f"PEP {number} {status.lower()}: Freezing the HTML API",
        status=status,
        pep=number,
        subject="Freezing the HTML API",
        url=f"https://peps.python.org/pep-0{number}/",
    )


# The place of each status in the example record's history.
STEPS = {"proposed": 0, "comment-period": 1, "accepted": 2, "rejected": 2, "superseded": 3}


def decision(status: str, day: str, number: int = 833, **more: object) -> PackagingEvent:
    kind = EventKind.COMMENT if status == "comment-period" else EventKind.DECISION
    return PackagingEvent(
        kind,
        dt.date.fromisoformat(day),
        f"PC-0081/{status}/{day}",
        f"PEP {number} {status}: Freezing the HTML API",
        summary="New index features go to the JSON form only.",
        page="decisions/0081",
        status=status,
        pep=number,
        subject="Accept PEP 833",
        record="PC-0081",
        step=STEPS[status],
        **more,  # type: ignore[arg-type]
    )


def test_a_pep_change_that_a_decision_tells_is_not_told_again() -> None:
    events = [
        decision("proposed", "2026-04-21"),
        pep("Draft", "2026-04-21"),
        decision("accepted", "2026-05-20"),
        pep("Accepted", "2026-06-02"),
        pep("Final", "2026-08-06"),
    ]
    kept = [e.uid for e in told_once(events)]
    assert kept == [
        "decision:PC-0081/proposed/2026-04-21",
        "decision:PC-0081/accepted/2026-05-20",
        "standard:pep-833/Final/2026-08-06",
    ]
    # Another PEP's changes are not the decision's to tell.
    assert (
        told_once([decision("accepted", "2026-05-20"), pep("Accepted", "2026-06-02", 834)])[1].pep
        == 834
    )


def test_accepted_and_final_in_one_week_are_one_line_with_the_first_id() -> None:
    (line,) = one_line_per_pep([pep("Accepted", "2026-06-02"), pep("Final", "2026-06-04")])
    assert line.title == "PEP 833 accepted and final: Freezing the HTML API"
    assert line.uid == "standard:pep-833/Accepted/2026-06-02"
    assert line.status == "Final"
    # In different weeks they are two facts, each in its issue.
    digests = weekly_digests(
        [pep("Accepted", "2026-06-02"), pep("Final", "2026-06-09")], Schedule(W16)
    )
    assert [[e.title for e in d.events] for d in digests] == [
        ["PEP 833 accepted: Freezing the HTML API"],
        ["PEP 833 final: Freezing the HTML API"],
    ]


def test_sections_come_in_the_fixed_order_and_standards_are_grouped() -> None:
    events = [
        pep("Draft", "2026-04-14", 900),
        pep("Rejected", "2026-04-14", 901),
        pep("Final", "2026-04-15", 902),
        PackagingEvent(
            EventKind.NEWS, dt.date(2026, 4, 16), "n", "News", "It matters.", source="x.org"
        ),
        decision("accepted", "2026-04-17", 0),
    ]
    (digest,) = weekly_digests(events, Schedule(W16))
    parts = issue_outline(digest, ADDRESSES)
    assert [part.heading for part in parts] == [
        "Council decisions",
        "Standards",
        "Community news",
        "How to contribute an item",
        "Subscribe",
    ]
    assert [label for label, _ in parts[1].groups] == [
        "New drafts",
        "Final",
        "Rejected or withdrawn",
    ]
    (news,) = parts[2].groups[0][1]
    assert news.detail == "It matters. Source: x.org."


def test_several_new_pathways_are_one_item() -> None:
    pathways = [
        PackagingEvent(
            EventKind.PATHWAY,
            dt.date(2026, 4, 15),
            f"{name}/published/2026-04-15",
            f"New pathway: {name}",
            f"What {name} offers.",
            page=f"pathways/{name}",
            status="published",
            personas=(name,),
            subject=name.capitalize(),
        )
        for name in ("newcomer", "publisher", "maintainer")
    ]
    (digest,) = weekly_digests(pathways, Schedule(W16))
    (part,) = issue_outline(digest, ADDRESSES, closing=False)
    (item,) = part.groups[0][1]
    assert item.link.text == "Three new pathways"
    # In a stable order, whatever order the pathways were read in.
    assert [p.link.text for p in item.parts] == ["Maintainer", "Newcomer", "Publisher"]
    assert item.parts[0].detail == "What maintainer offers. For: Maintainer."
    assert headlines(digest) == "Three new pathways."


def test_coming_up_holds_open_comment_periods_and_announced_events() -> None:
    comment = decision("comment-period", "2026-04-14", 0, closes=dt.date(2026, 5, 1))
    summit = PackagingEvent(
        EventKind.NEWS,
        dt.date(2026, 4, 15),
        "summit",
        "Packaging summit",
        happens=dt.date(2026, 6, 1),
    )
    (digest,) = weekly_digests([comment, summit], Schedule(W16))
    # The summit is more than four weeks after the issue is sent (20 April).
    assert [(str(day), e.uid) for day, e in digest.upcoming] == [
        ("2026-05-01", "comment:PC-0081/comment-period/2026-04-14")
    ]
    coming = issue_outline(digest, ADDRESSES)[2]
    assert coming.heading == "Coming up"
    assert coming.groups[0][1][0].day == dt.date(2026, 5, 1)
    assert coming.groups[0][1][0].detail == "In 11 days."
    # A decision taken before the period ends closes it early.
    accepted = decision("accepted", "2026-04-20", 0)
    assert coming_up([comment, accepted], dt.date(2026, 4, 20), dt.date(2026, 4, 20), None) == []


def issue_with_note() -> object:
    note = EditorsNote("n.yaml", "2026-W16", ("A <b>bold</b> week & more.",), "Ada")
    events = [decision("accepted", "2026-04-16", 0)]
    (digest,) = weekly_digests(events, Schedule(W16), [note])
    return digest


def test_the_email_edition_is_multipart_alternative_and_deterministic() -> None:
    digest = issue_with_note()
    url = "https://council.example.org/this-week/2026-W16.html"
    raw = email_message(digest, url, address, ADDRESSES, "council.example.org")  # type: ignore[arg-type]
    assert raw == email_message(digest, url, address, ADDRESSES, "council.example.org")  # type: ignore[arg-type]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Message-ID"] == "<digest-2026-W16@council.example.org>"
    assert message["Date"] == "Mon, 20 Apr 2026 00:00:00 +0000"
    assert message["Subject"] == "This Week in Packaging #1, week of 13 April 2026"
    assert message["From"] == "This Week in Packaging <newsletter@council.example.org>"
    assert message.get_boundary() and message.get_boundary().startswith("=_digest-")
    text, html = (part.get_content() for part in message.iter_parts())
    assert all(len(line) <= 72 for line in text.splitlines())
    assert "A <b>bold</b> week & more." in text
    assert "A &lt;b&gt;bold&lt;/b&gt; week &amp; more." in html
    assert "<style" not in html and "<script" not in html and "<img" not in html
    assert 'style="' in html  # the CSS is inlined into the elements
    assert 'href="https://council.example.org/decisions/0081.html"' in html


def test_the_calendar_parses_back_with_stable_uids() -> None:
    comment = decision("comment-period", "2026-04-14", 0, closes=dt.date(2026, 5, 1))
    deadlines = [
        event_deadline(dt.date(2026, 5, 1), comment, address),
        Deadline("review:newcomer/2026-06-01", dt.date(2026, 6, 1), "Review due", "", ""),
    ]
    ics = deadlines_ics(deadlines, SITE, dt.date(2026, 4, 20))
    assert ics == deadlines_ics(list(reversed(deadlines)), SITE, dt.date(2026, 4, 20))
    calendar = icalendar.Calendar.from_ical(ics)
    entries = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in entries] == ["Comments close: Accept PEP 833", "Review due"]
    assert str(entries[0]["UID"]) == (
        "tag:council.example.org,2026:due:comment:PC-0081/comment-period/2026-04-14"
    )
    assert entries[0].decoded("DTSTART") == dt.date(2026, 5, 1)
    assert entries[0].decoded("DTSTAMP") == dt.datetime(2026, 4, 20, tzinfo=dt.UTC)
    assert str(entries[0]["URL"]) == "https://council.example.org/decisions/0081.html"
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    assert b"\r\n" in ics  # RFC 5545 lines end in CRLF


def test_a_merged_event_keeps_what_both_reach() -> None:
    accepted = dataclasses.replace(pep("Accepted", "2026-06-02"), areas=("pypi",))
    final = dataclasses.replace(pep("Final", "2026-06-03"), areas=("standards",))
    (line,) = one_line_per_pep([accepted, final])
    assert line.areas == ("pypi", "standards")
