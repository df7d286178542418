"""The lifecycle picture: drawn from the lifecycle's rules, deterministic, escaped, and left out
by builders that are not HTML."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from sphinx_council.decisions.lifecycle import (
    INITIAL_STATUSES,
    STATUS_LABELS,
    STATUSES,
    TRANSITIONS,
)
from sphinx_council.guide import lifecycle_route, lifecycle_svg
from sphinx_council.guide.lifecycle_route import Arrow, Box
from sphinx_council.guide.lifecycle_svg import LAYOUT, Layout, layout, lifecycle_rows
from sphinx_council.guide.lifecycle_svg import lifecycle_svg as svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if kind in g.get("class", "").split()]


def test_one_box_per_status_labelled_from_the_status_labels() -> None:
    root = parse(svg("lifecycle"))
    nodes = groups(root, "council-lifecycle-node")
    assert [node.get("data-status") for node in nodes] == list(STATUSES)
    for node in nodes:
        status = node.get("data-status", "")
        assert f"council-lifecycle-node-{status}" in node.get("class", "")
        assert node.find(f"{SVG}rect") is not None
        words = " ".join(span.text or "" for span in node.iter(f"{SVG}tspan"))
        assert words == STATUS_LABELS[status]


def test_one_arrow_per_allowed_transition() -> None:
    arrows = groups(parse(svg("lifecycle")), "council-lifecycle-arrow")
    drawn = [(arrow.get("data-from"), arrow.get("data-to")) for arrow in arrows]
    allowed = [(source, target) for source in STATUSES for target in TRANSITIONS[source]]
    assert len(drawn) == len(allowed) == 17
    assert set(drawn) == set(allowed)
    for arrow in arrows:
        assert arrow.find(f"{SVG}path[@class='council-lifecycle-line']") is not None
        assert arrow.find(f"{SVG}path[@class='council-lifecycle-head']") is not None


def test_the_picture_is_an_image_named_and_described_for_screen_readers() -> None:
    root = parse(svg("council-lifecycle-1"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "council-lifecycle-1-title council-lifecycle-1-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "council-lifecycle-1-title"
    assert desc is not None and desc.get("id") == "council-lifecycle-1-desc"
    assert title.text == "The decision lifecycle as a diagram"
    assert desc.text is not None
    assert desc.text.startswith("A record starts as Draft or Proposed. ")
    assert "Open for comment can move to Proposed, Accepted, Rejected, Deferred, " in desc.text
    assert "Superseded is final." in desc.text
    # Scales with the column: a viewBox, and no fixed colour that would fail in a dark theme.
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.find(".//*[@fill]") is None


def test_rows_are_start_intermediate_and_final_statuses() -> None:
    first, middle, final = lifecycle_rows()
    assert set(first) == INITIAL_STATUSES
    assert middle == ["comment-period", "accepted", "deferred"]
    assert final == ["rejected", "withdrawn", "superseded"]
    boxes, _ = layout()
    for row, statuses in enumerate(lifecycle_rows()):
        assert {boxes[status].y for status in statuses} == {lifecycle_route.row_y(row)}


def _segments_through(box: Box, arrow: Arrow) -> bool:
    return any(lifecycle_route._hits(box, a, b) for a, b in lifecycle_route.segments(arrow))


def test_no_arrow_runs_through_a_box_and_the_drawing_crosses_at_most_once() -> None:
    boxes, arrows = layout()
    for arrow in arrows:
        for box in boxes.values():
            if box.status not in (arrow.source, arrow.target):
                assert not _segments_through(box, arrow), (arrow, box)
    # Open for comment is linked to the boxes on all four sides of it, so an arrow from
    # Proposed to a final status has to cross something; the search keeps it to one crossing.
    crossings = sum(
        lifecycle_route._crossings(one, other, boxes)
        for index, one in enumerate(arrows)
        for other in arrows[index + 1 :]
    )
    assert crossings == 1
    # No two boxes overlap, and every box lies within the picture.
    width = lifecycle_route.WIDTH
    places = {(box.x, box.y) for box in boxes.values()}
    assert len(places) == len(STATUSES)
    assert all(box.x > 0 and box.x + lifecycle_route.BOX_WIDTH < width for box in boxes.values())


def test_the_reading_order_goes_from_draft_to_proposed() -> None:
    boxes, _ = layout()
    assert boxes["draft"].x < boxes["proposed"].x


SNAPSHOT = """\
import sys
from sphinx_council.guide.lifecycle_svg import lifecycle_svg
sys.stdout.write(lifecycle_svg("lifecycle"))
"""


@pytest.mark.parametrize("seed", ["0", "4242"])
def test_the_same_rules_draw_the_same_bytes_whatever_the_hash_seed(seed: str) -> None:
    # Transitions are frozensets, whose order follows string hashing: a fresh interpreter
    # with another seed must still draw byte-identical SVG.
    env = {**os.environ, "PYTHONHASHSEED": seed}
    fresh = subprocess.run(
        [sys.executable, "-c", SNAPSHOT], capture_output=True, text=True, check=True, env=env
    )
    assert fresh.stdout == svg("lifecycle")


def test_labels_and_ids_are_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(lifecycle_svg.STATUS_LABELS, "draft", 'Draft <b>&"')
    text = svg('x" onload="alert(1)')
    root = parse(text)  # still well-formed
    assert "<b>" not in text
    assert "Draft &lt;b&gt;&amp;" in text
    assert root.get("onload") is None
    assert root.get("aria-labelledby") == 'x" onload="alert(1)-title x" onload="alert(1)-desc'


GUIDE_ONLY = """\
# Recording a decision

```{decision-lifecycle}
```
"""


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_get_the_status_boxes_only(tmp_path: Path, builder: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "sphinx_council.guide"]\n')
    (src / "index.md").write_text(GUIDE_ONLY)
    out = tmp_path / builder
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-W", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    written = [*out.glob("*.txt"), *out.glob("*.tex")]
    assert len(written) == 1
    text = written[0].read_text("utf-8")
    assert text.count("Can move to:") == 5
    assert "svg" not in text
    assert "diagram" not in text


GOLDEN = Path(__file__).parent / "golden" / "lifecycle.svg"


def test_the_picture_is_byte_identical_to_the_reviewed_one() -> None:
    # The stored layout, routed, must draw every byte of the reviewed picture. Regenerate
    # the file only when the lifecycle itself changes.
    assert svg("lifecycle") == GOLDEN.read_text("utf-8")


# --- the stored layout is the best one --------------------------------------------------------

READING_ORDER = 0.001  # far below a crossing or a pixel of arrow


def placements(row: Sequence[str]) -> Iterator[dict[str, int]]:
    """Every way to put a row's statuses into distinct columns, centred rows first."""
    columns = lifecycle_route.COLUMNS
    slots = sorted(
        itertools.combinations(range(columns), len(row)),
        key=lambda cols: abs(sum(cols) / len(cols) - (columns - 1) / 2),
    )
    for chosen in slots:
        for order in itertools.permutations(chosen):
            yield dict(zip(row, order, strict=True))


def out_of_order(rows: Sequence[Sequence[str]], columns: Mapping[str, int]) -> int:
    """Pairs placed right to left of their status order, the first row weighing most: of two
    mirror images, the picture that reads like the lifecycle, left to right, from the top."""
    return sum(
        10 ** (len(rows) - 1 - index)
        for index, row in enumerate(rows)
        for first, second in itertools.combinations(row, 2)
        if columns[first] > columns[second]
    )


def best_layout() -> Layout:
    """Route and score every arrangement; the first of the lowest scores, as stored rows."""
    rows = lifecycle_rows()
    row_of = {status: index for index, row in enumerate(rows) for status in row}
    best: tuple[float, dict[str, int]] | None = None
    for choice in itertools.product(*(list(placements(row)) for row in rows)):
        columns = {status: column for placed in choice for status, column in placed.items()}
        boxes = lifecycle_route.boxes_for(rows, columns)
        arrows = lifecycle_route.route(boxes, row_of)
        score = lifecycle_route.tangle(boxes, arrows) + READING_ORDER * out_of_order(rows, columns)
        if best is None or score < best[0]:
            best = (score, columns)
    assert best is not None
    at = {(row_of[status], column): status for status, column in best[1].items()}
    width = range(lifecycle_route.COLUMNS)
    return tuple(tuple(at.get((row, column)) for column in width) for row in range(len(rows)))


def test_the_stored_layout_is_the_best_of_every_arrangement() -> None:
    # If this fails after a change to the lifecycle, store the layout it names as LAYOUT.
    assert best_layout() == LAYOUT


@pytest.fixture
def drafts_can_be_rejected() -> Iterator[None]:
    """A lifecycle where a draft may be rejected outright but not withdrawn."""
    saved = dict(TRANSITIONS)
    TRANSITIONS["draft"] = frozenset({"proposed", "rejected"})
    yield
    TRANSITIONS.clear()
    TRANSITIONS.update(saved)


@pytest.mark.usefixtures("drafts_can_be_rejected")
def test_other_rules_make_another_layout_the_best() -> None:
    # The stored layout still draws (with the new arrow), but the search finds a better one.
    assert svg("lifecycle") != GOLDEN.read_text("utf-8")
    best = best_layout()
    assert best != LAYOUT
    boxes, _ = layout(best)
    assert boxes["rejected"].x < boxes["superseded"].x < boxes["withdrawn"].x


def test_a_layout_that_misplaces_a_status_is_refused() -> None:
    swapped = (LAYOUT[1], LAYOUT[0], LAYOUT[2])
    with pytest.raises(ValueError) as refused:
        layout(swapped)
    assert str(refused.value) == (
        "the layout places [['deferred', 'comment-period', 'accepted'], ['draft', 'proposed'], "
        "['withdrawn', 'superseded', 'rejected']], but the lifecycle's rows are "
        "[['draft', 'proposed'], ['comment-period', 'accepted', 'deferred'], "
        "['rejected', 'withdrawn', 'superseded']]; "
        "store the layout tests/test_lifecycle_svg.py finds best"
    )
