"""The synthetic corpus: deterministic decision records shaped like the real ones in
``decisions/``, and the one-sentence edit the incremental rebuild is timed on."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vocabulary import (
    AREA_WEIGHTS,
    AREAS,
    ARTIFACTS,
    CHANGES,
    CONSEQUENCE_ITEMS,
    CONTEXT_SENTENCES,
    DECISION_SENTENCES,
    DELEGATES,
    DETAILS,
    EDIT_SENTENCE,
    KINDS,
    PEP_TOPICS,
    PEPS,
    PERSONA_PLURALS,
    PERSONAS,
    REASONS,
    REJECTED_PEP_TOPICS,
    SUMMARY_SENTENCES,
    TOOLS,
    VENUES,
    WHAT_CHANGES,
)

SEED = 20260416


@dataclass
class Record:
    number: int
    filename: str
    final: dt.date
    status: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)
    decided_by: dict[str, str] | None = None
    peps: list[int] = field(default_factory=list)
    supersedes: list[str] = field(default_factory=list)
    superseded_by: str = ""
    change: str = ""
    text: str = ""

    @property
    def id(self) -> str:
        return f"PC-{self.number:04d}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class CorpusGenerator:
    """Deterministic synthetic decision records, spread from 2015 to November 2026."""

    FIRST = dt.date(2015, 1, 1)
    LAST = dt.date(2026, 11, 14)
    OPEN_FROM = dt.date(2026, 6, 1)  # proposals still open are recent ones

    def __init__(self, count: int, seed: int = SEED) -> None:
        if not 1 <= count <= 9999:
            raise ValueError("the id pattern PC-dddd allows 1 to 9999 records")
        self.count = count
        self.rng = random.Random(f"{seed}:{count}")

    # -- front matter -------------------------------------------------------------------------

    def _lifecycle(self, record: Record) -> None:
        rng = self.rng
        final = record.final
        if final >= self.OPEN_FROM and rng.random() < 0.35:
            outcome = rng.choice(["proposed", "comment-period", "comment-period", "deferred"])
        else:
            outcome = rng.choices(
                ["accepted", "rejected", "withdrawn", "deferred"], weights=[72, 14, 10, 4]
            )[0]
        if outcome == "rejected":
            record.peps[0] = rng.choice(sorted(REJECTED_PEP_TOPICS))
        start = max(self.FIRST, final - dt.timedelta(days=rng.randint(20, 700)))
        pep = record.peps[0]
        history: list[dict[str, Any]] = [
            {"date": start, "status": "proposed", "note": f"PEP {pep} created."}
        ]
        if outcome == "proposed":
            history[0]["date"] = final
        elif outcome == "comment-period":
            closes = final + dt.timedelta(days=rng.choice([14, 21, 30, 45]))
            history.append(
                {
                    "date": final,
                    "status": "comment-period",
                    "closes": closes,
                    "note": "Comment period opened on the discussion thread.",
                }
            )
        else:
            self._close(history, outcome, start, final)
        record.status = outcome
        record.history = history
        self._decide(record)

    def _close(
        self, history: list[dict[str, Any]], outcome: str, start: dt.date, final: dt.date
    ) -> None:
        """The entries of a proposal that ended: maybe a final comment period, then the outcome."""
        rng = self.rng
        if outcome in ("accepted", "rejected") and rng.random() < 0.3 and start < final:
            opened = _date_between(rng, start, final - dt.timedelta(days=1))
            closes = _date_between(rng, opened, final)
            history.append(
                {
                    "date": opened,
                    "status": "comment-period",
                    "closes": closes,
                    "note": "Final comment period before the decision.",
                }
            )
        note = {
            "accepted": "Acceptance announced in the discussion thread.",
            "rejected": "Rejection announced in the discussion thread.",
            "withdrawn": "Withdrawn by the authors.",
            "deferred": "Deferred until the authors have time to continue.",
        }[outcome]
        entry: dict[str, Any] = {"date": final, "status": outcome, "note": note}
        if outcome in ("accepted", "rejected", "withdrawn"):
            entry["link"] = (
                f"https://discuss.python.org/t/{rng.randint(2000, 99999)}/{rng.randint(2, 300)}"
            )
        history.append(entry)

    def _decide(self, record: Record) -> None:
        rng = self.rng
        if record.status in ("accepted", "rejected"):
            if rng.random() < 0.8:
                record.decided_by = {"body": "pep-delegate", "name": rng.choice(DELEGATES)}
            else:
                record.decided_by = {"body": "not-recorded"}
        elif record.status == "withdrawn" and rng.random() < 0.5:
            record.decided_by = {"body": "not-recorded"}

    def _pair_supersessions(self, records: list[Record]) -> None:
        """A few consistent pairs: a later accepted record supersedes an earlier accepted one."""
        rng = self.rng
        accepted = [r for r in records if r.status == "accepted"]
        for new in accepted[len(accepted) // 4 :]:
            if rng.random() >= 0.04 or new.superseded_by or new.supersedes:
                continue
            candidates = [
                old
                for old in accepted
                if old.final < new.final
                and not old.superseded_by
                and not old.supersedes
                and old is not new
            ]
            if not candidates:
                continue
            old = rng.choice(candidates[-50:])
            new.supersedes.append(old.id)
            old.superseded_by = new.id
            old.status = "superseded"
            old.history.append(
                {
                    "date": new.final,
                    "status": "superseded",
                    "note": f"{new.id} replaces this decision.",
                }
            )

    # -- prose --------------------------------------------------------------------------------

    def _slots(self, record: Record, refs: list[str]) -> dict[str, str]:
        rng = self.rng
        tool, tool2, tool3 = rng.sample(TOOLS, 3)
        persona = rng.choice(PERSONAS)
        plural = PERSONA_PLURALS[persona]
        pep = record.peps[0]
        return {
            "tool": tool,
            "tool2": tool2,
            "tool3": tool3,
            "venue": rng.choice(VENUES),
            "months": str(rng.randint(2, 18)),
            "topic": PEP_TOPICS[pep],
            "pep": str(pep),
            "plural": plural,
            "cap_plural": plural[0].upper() + plural[1:],
            "detail": rng.choice(DETAILS),
            "artifact": rng.choice(ARTIFACTS),
            "count": str(rng.randint(200, 20000)),
            "pct": str(rng.randint(2, 60)),
            "change": record.change or rng.choice(CHANGES),
            "ref": f"{{decision}}`{rng.choice(refs)}`" if refs else f"PEP {PEPS[0]}",
        }

    def _sentences(
        self, templates: list[str], record: Record, refs: list[str], minimum: int
    ) -> list[str]:
        rng = self.rng
        order = rng.sample(templates, len(templates))
        result: list[str] = []
        while sum(len(s) + 1 for s in result) < minimum:
            template = order[len(result) % len(order)]
            result.append(template.format(**self._slots(record, refs)))
        return result

    def _paragraphs(self, sentences: list[str]) -> str:
        cut = max(1, len(sentences) // 2) if len(sentences) > 3 else len(sentences)
        parts = [sentences[:cut], sentences[cut:]]
        return "\n\n".join(textwrap.fill(" ".join(p), 95) for p in parts if p)

    def _body(self, record: Record, refs: list[str]) -> str:
        rng = self.rng
        context = self._paragraphs(
            self._sentences(CONTEXT_SENTENCES, record, refs, rng.randint(520, 680))
        )
        decision_sentences = self._sentences(
            DECISION_SENTENCES, record, refs, rng.randint(400, 520)
        )
        if record.decided_by and record.decided_by.get("name"):
            decision_sentences.insert(
                0,
                f"The PEP-Delegate, {record.decided_by['name']}, "
                "announced the outcome in the discussion thread.",
            )
        if record.supersedes:
            decision_sentences.append(
                "This decision replaces "
                + ", ".join(f"{{decision}}`{old}`" for old in record.supersedes)
                + "."
            )
        decision = self._paragraphs(decision_sentences)
        items = self._sentences(CONSEQUENCE_ITEMS, record, refs, rng.randint(300, 420))
        if record.superseded_by:
            items.append(
                f"This decision was later replaced by {{decision}}`{record.superseded_by}`."
            )
        consequences = "\n".join(
            textwrap.fill(item, 95, initial_indent="- ", subsequent_indent="  ") for item in items
        )
        return (
            f"## Context\n\n{context}\n\n## Decision\n\n{decision}\n\n"
            f"## Consequences\n\n{consequences}\n"
        )

    def _front_matter(self, record: Record, title: str) -> str:
        rng = self.rng
        slots = self._slots(record, [])
        summary = " ".join(s.format(**slots) for s in SUMMARY_SENTENCES[: rng.randint(2, 4)])
        lines = [
            "---",
            f"id: {record.id}",
            f"title: {_q(title)}",
            f"kind: {rng.choice(KINDS)}",
            "summary: >-",
        ]
        lines += ["  " + line for line in textwrap.wrap(summary, 90)]
        if record.status in REASONS:  # the rules ask a rejected or withdrawn record for its why
            lines.append(f"reason: {_q(rng.choice(REASONS[record.status]).format(**slots))}")
        lines += [f"status: {record.status}", "history:"]
        for entry in record.history:
            lines.append(f"  - date: {entry['date'].isoformat()}")
            lines.append(f"    status: {entry['status']}")
            if "closes" in entry:
                lines.append(f"    closes: {entry['closes'].isoformat()}")
            lines.append(f"    note: {_q(entry['note'])}")
            if "link" in entry:
                lines.append(f"    link: {entry['link']}")
        if record.decided_by:
            lines.append("decided_by:")
            lines += [f"  {key}: {value}" for key, value in record.decided_by.items()]
        lines.append(f"peps: [{', '.join(map(str, record.peps))}]")
        if record.supersedes:
            lines.append(f"supersedes: [{', '.join(record.supersedes)}]")
        areas: list[str] = []
        while not areas:
            areas = sorted(
                {rng.choices(AREAS, AREA_WEIGHTS)[0] for _ in range(rng.randint(1, 3))},
                key=AREAS.index,
            )
        lines.append(f"areas: [{', '.join(areas)}]")
        lines.append("personas:")
        for persona in rng.sample(PERSONAS, rng.randint(1, 4)):
            what = rng.choice(WHAT_CHANGES).format(**self._slots(record, []))
            lines.append(f"  - persona: {persona}")
            lines.append(f"    what_changes: {_q(what)}")
        lines.append("discussion:")
        for _ in range(rng.randint(1, 3)):
            lines.append(
                f"  - https://discuss.python.org/t/{_slug(PEP_TOPICS[record.peps[0]])}"
                f"/{rng.randint(2000, 99999)}"
            )
        lines.append("---")
        return "\n".join(lines) + "\n\n"

    # -- corpus -------------------------------------------------------------------------------

    def records(self) -> list[Record]:
        rng = self.rng
        finals = sorted(_date_between(rng, self.FIRST, self.LAST) for _ in range(self.count))
        records = []
        for number, final in enumerate(finals, start=1):
            peps = [rng.choice(PEPS)]
            if rng.random() < 0.35:
                peps.append(rng.choice([p for p in PEPS if p != peps[0]]))
            record = Record(number, "", final, peps=peps)
            self._lifecycle(record)
            records.append(record)
        self._pair_supersessions(records)
        for record in records:
            verb = {
                "accepted": "Accept",
                "superseded": "Accept",
                "rejected": "Reject",
                "withdrawn": "Withdraw",
                "deferred": "Defer",
                "proposed": "Propose",
                "comment-period": "Consult on",
            }[record.status]
            topic = PEP_TOPICS[record.peps[0]]
            record.change = rng.choice(CHANGES)
            title = f"{verb} {record.change} to {topic} (PEP {record.peps[0]})"
            record.filename = f"{record.number:04d}-{_slug(title)[:60].strip('-')}.md"
            earlier = [f"PC-{n:04d}" for n in range(max(1, record.number - 200), record.number)]
            refs = rng.sample(earlier, min(len(earlier), rng.randint(0, 2)))
            record.text = self._front_matter(record, title) + self._body(record, refs)
        return records


def write_corpus(count: int, decisions_dir: Path) -> list[Record]:
    decisions_dir.mkdir(parents=True, exist_ok=True)
    records = CorpusGenerator(count).records()
    for record in records:
        (decisions_dir / record.filename).write_text(record.text, "utf-8")
    return records


def edit_record(path: Path, k: int) -> None:
    """Replace the first sentence of the record's Context section with another one."""
    text = path.read_text("utf-8")
    start = text.index("## Context\n\n") + len("## Context\n\n")
    end = re.compile(r"\.(\s)").search(text, start)
    if end is None:
        raise RuntimeError(f"no sentence to edit in {path}")
    new = text[:start] + EDIT_SENTENCE.format(k=k) + text[end.end() - 1 :]
    path.write_text(new, "utf-8")
    now = time.time_ns()
    os.utime(path, ns=(now, now))  # a precise mtime, whatever the file system's clock tick
