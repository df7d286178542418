"""The decision lifecycle as an SVG state diagram, drawn from :mod:`lifecycle`.

Statuses sit in three rows (where a record starts, where it moves on, where it ends) on a grid
of three columns, so the picture stays narrow enough for a phone. Which column each status
takes is stored in :data:`LAYOUT`: of every arrangement, the one whose arrows cross least and
never run through a box, and of equal ones the one that reads in status order from left to
right. ``tests/test_lifecycle_svg.py`` scores every arrangement and fails, naming the new best,
when a change to the lifecycle makes another one better; :func:`layout` refuses a LAYOUT that
does not place the lifecycle's statuses in their rows. Arrows are routed between the placed
boxes by :mod:`lifecycle_route`. Nothing depends on set or hash order, so the output is the
same bytes on every build.

Colours come from CSS classes (``guide.css``) so both the light and the dark theme can set
them; the only data drawn is the lifecycle's own constants, escaped all the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from ..decisions.lifecycle import INITIAL_STATUSES, STATUS_LABELS, STATUSES, TRANSITIONS
from .lifecycle_route import (
    BOX_HEIGHT,
    BOX_WIDTH,
    ROW_GAP,
    TOP,
    WIDTH,
    Arrow,
    Box,
    Point,
    boxes_for,
    route,
    row_y,
)

FONT_SIZE = 15
LINE_HEIGHT = 17.0
LABEL_CHARACTERS = 10  # longer labels wrap at spaces: a box holds about ten bold characters
CORNER_RADIUS = 6.0
HEAD_LENGTH = 9.0
HEAD_HALF_WIDTH = 4.5

# Each row of the picture, left to right; None leaves a column empty. The arrangement the
# search in tests/test_lifecycle_svg.py finds best: rerun it when the lifecycle changes.
Layout = tuple[tuple[str | None, ...], ...]
LAYOUT: Layout = (
    ("draft", "proposed", None),
    ("deferred", "comment-period", "accepted"),
    ("withdrawn", "superseded", "rejected"),
)


def lifecycle_rows() -> list[list[str]]:
    """Start statuses, statuses a record moves on to, and final statuses, in status order."""
    final: list[str] = [s for s in STATUSES if not TRANSITIONS.get(s)]
    initial: list[str] = [s for s in STATUSES if s in INITIAL_STATUSES]
    middle: list[str] = [s for s in STATUSES if s not in INITIAL_STATUSES and s not in final]
    return [initial, middle, final]


def layout(rows: Layout = LAYOUT) -> tuple[dict[str, Box], tuple[Arrow, ...]]:
    """The boxes where ``rows`` puts them, and the arrows routed between them."""
    expected = lifecycle_rows()
    placed = [[status for status in row if status] for row in rows]
    if [sorted(row) for row in placed] != [sorted(row) for row in expected]:
        raise ValueError(
            f"the layout places {placed}, but the lifecycle's rows are {expected}; "
            "store the layout tests/test_lifecycle_svg.py finds best"
        )
    columns = {status: index for row in rows for index, status in enumerate(row) if status}
    boxes = boxes_for(expected, columns)
    row_of = {status: index for index, row in enumerate(expected) for status in row}
    return boxes, tuple(route(boxes, row_of))


# --- drawing --------------------------------------------------------------------------------


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _point(point: Point) -> str:
    return f"{_number(point[0])} {_number(point[1])}"


def label_lines(label: str) -> list[str]:
    """A label wrapped at spaces into lines of about LABEL_CHARACTERS characters."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_CHARACTERS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [label]


def _draw_box(box: Box) -> str:
    label = STATUS_LABELS.get(box.status, box.status)
    lines = label_lines(label)
    cx, cy = box.centre
    first = cy - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{_number(cx)}" y="{_number(first + i * LINE_HEIGHT)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    status = escape(box.status, quote=True)
    return (
        f'<g class="council-lifecycle-node council-lifecycle-node-{status}" '
        f'data-status="{status}">'
        f'<rect x="{_number(box.x)}" y="{_number(box.y)}" width="{_number(BOX_WIDTH)}" '
        f'height="{_number(BOX_HEIGHT)}" rx="10"/>'
        f'<text text-anchor="middle" dominant-baseline="central">{spans}</text></g>'
    )


def _draw_arrow(arrow: Arrow) -> str:
    *rest, before, tip = arrow.points
    length = math.dist(before, tip)
    ux, uy = (tip[0] - before[0]) / length, (tip[1] - before[1]) / length
    base = (tip[0] - ux * HEAD_LENGTH, tip[1] - uy * HEAD_LENGTH)
    # The line stops inside the head, so its end does not blunt the point.
    end = (tip[0] - ux * (HEAD_LENGTH - 1), tip[1] - uy * (HEAD_LENGTH - 1))
    line = [*rest, before, end]
    left = (base[0] - uy * HEAD_HALF_WIDTH, base[1] + ux * HEAD_HALF_WIDTH)
    right = (base[0] + uy * HEAD_HALF_WIDTH, base[1] - ux * HEAD_HALF_WIDTH)
    path = _rounded(line)
    head = f"M{_point(tip)} L{_point(left)} L{_point(right)} Z"
    source, target = escape(arrow.source, quote=True), escape(arrow.target, quote=True)
    return (
        f'<g class="council-lifecycle-arrow" data-from="{source}" data-to="{target}">'
        f'<path class="council-lifecycle-line" d="{path}"/>'
        f'<path class="council-lifecycle-head" d="{head}"/></g>'
    )


def _rounded(line: Sequence[Point]) -> str:
    """Path data for a polyline whose bends are rounded, so a turn reads as one arrow."""
    data = [f"M{_point(line[0])}"]
    for before, corner, after in zip(line, line[1:], line[2:], strict=False):
        radius = min(CORNER_RADIUS, math.dist(before, corner) / 2, math.dist(corner, after) / 2)
        into = _towards_point(corner, before, radius)
        out = _towards_point(corner, after, radius)
        data.append(f"L{_point(into)} Q{_point(corner)} {_point(out)}")
    data.append(f"L{_point(line[-1])}")
    return " ".join(data)


def _towards_point(start: Point, goal: Point, distance: float) -> Point:
    length = math.dist(start, goal)
    return (
        start[0] + (goal[0] - start[0]) * distance / length,
        start[1] + (goal[1] - start[1]) * distance / length,
    )


def description() -> str:
    """The picture in words, for the SVG's ``<desc>``."""
    labels = [STATUS_LABELS.get(s, s) for s in STATUSES if s in INITIAL_STATUSES]
    sentences = [f"A record starts as {' or '.join(labels)}."]
    for source in STATUSES:
        targets = [STATUS_LABELS.get(t, t) for t in STATUSES if t in TRANSITIONS.get(source, ())]
        name = STATUS_LABELS.get(source, source)
        if targets:
            sentences.append(f"{name} can move to {', '.join(targets)}.")
        else:
            sentences.append(f"{name} is final.")
    return " ".join(sentences)


def lifecycle_svg(ident: str) -> str:
    """The lifecycle as inline SVG; ``ident`` makes the ids of its title and description."""
    boxes, arrows = layout()
    height = row_y(len(lifecycle_rows())) - ROW_GAP + TOP
    key = escape(ident, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="council-lifecycle-svg" role="img" '
        f'viewBox="0 0 {_number(WIDTH)} {_number(height)}" width="{_number(WIDTH)}" '
        f'height="{_number(height)}" aria-labelledby="{key}-title {key}-desc" '
        f'font-size="{FONT_SIZE}">',
        f'<title id="{key}-title">The decision lifecycle as a diagram</title>',
        f'<desc id="{key}-desc">{escape(description())}</desc>',
        *(_draw_arrow(arrow) for arrow in arrows),
        *(_draw_box(boxes[status]) for status in STATUSES if status in boxes),
        "</svg>",
    ]
    return "\n".join(parts)
