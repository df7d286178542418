"""The decision lifecycle as an SVG state diagram, drawn from :mod:`lifecycle`.

Statuses sit in three rows (where a record starts, where it moves on, where it ends) on a grid
of three columns, so the picture stays narrow enough for a phone. Which column each status
takes is chosen by trying every arrangement and keeping the one whose arrows cross least and
never run through a box; of equal ones, the one that reads in status order from left to right.
(The search skips the arrangements that provably cannot win, and remembers what it has worked
out about each arrow, but it chooses as if it had scored them all: see :func:`layout`.)
Nothing depends on set or hash order, so the output is the same bytes on every build. Arrows
that skip the middle row run down a gutter between the columns or beside them.

Colours come from CSS classes (``guide.css``) so both the light and the dark theme can set
them; the only data drawn is the lifecycle's own constants, escaped all the same.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from ..decisions.lifecycle import INITIAL_STATUSES, STATUS_LABELS, STATUSES, TRANSITIONS

Point = tuple[float, float]

COLUMNS = 3
BOX_WIDTH = 110.0
BOX_HEIGHT = 46.0
GUTTER = 26.0  # between columns: room for arrows that skip a row, and for opposite pairs
EDGE = 20.0  # the gutters at either side carry only arrows that skip a row
ROW_GAP = 62.0
TOP = 12.0
FONT_SIZE = 15
LINE_HEIGHT = 17.0
LABEL_CHARACTERS = 10  # longer labels wrap at spaces: a box holds about ten bold characters
GUTTER_LANE = 8.0  # arrows sharing a gutter run this far apart
READING_ORDER = 0.001  # far below a crossing or a pixel of arrow
SIDE_INSET = 12.0  # how far from the top or bottom an arrow leaves a box's side
FAN_OUT = 20.0  # how close to a shared box two of its arrows may cross unnoticed
PAIR_OFFSET = 5.0  # a transition and its reverse are drawn side by side
CORNER_RADIUS = 6.0
HEAD_LENGTH = 9.0
HEAD_HALF_WIDTH = 4.5
BOX_MARGIN = 2.0  # an arrow this close to a box it does not join runs through it
# Scores are sums of floats taken in different orders, so a bound may exceed the score it
# bounds by a few units in the last place; this is far more than that, and far below a pixel.
BOUND_SLACK = 1e-6
WIDTH = 2 * EDGE + COLUMNS * BOX_WIDTH + (COLUMNS - 1) * GUTTER


@dataclass(frozen=True)
class Box:
    status: str
    x: float
    y: float

    @property
    def centre(self) -> Point:
        return (self.x + BOX_WIDTH / 2, self.y + BOX_HEIGHT / 2)


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    points: tuple[Point, ...]


class Tangle(Protocol):
    """How tangled some arrows are: :func:`tangle`, or a :class:`CachedTangle`."""

    def __call__(
        self, boxes: Mapping[str, Box], arrows: Sequence[Arrow], fixed: Iterable[Arrow] = ()
    ) -> float: ...


def lifecycle_rows() -> list[list[str]]:
    """Start statuses, statuses a record moves on to, and final statuses, in status order."""
    final: list[str] = [s for s in STATUSES if not TRANSITIONS.get(s)]
    initial: list[str] = [s for s in STATUSES if s in INITIAL_STATUSES]
    middle: list[str] = [s for s in STATUSES if s not in INITIAL_STATUSES and s not in final]
    return [initial, middle, final]


def transitions() -> list[tuple[str, str]]:
    """Every allowed transition, in status order."""
    order = STATUSES.index
    return [
        (source, target)
        for source in STATUSES
        for target in sorted(TRANSITIONS.get(source, ()), key=order)
    ]


# --- layout ---------------------------------------------------------------------------------


def column_x(column: int) -> float:
    return EDGE + column * (BOX_WIDTH + GUTTER)


def row_y(row: int) -> float:
    return TOP + row * (BOX_HEIGHT + ROW_GAP)


def gutter_x(gutter: int) -> float:
    """The middle of gutter ``gutter``: 0 is left of the first column, COLUMNS right of the last."""
    if gutter == 0:
        return EDGE / 2
    if gutter == COLUMNS:
        return WIDTH - EDGE / 2
    return column_x(gutter) - GUTTER / 2


def placements(row: Sequence[str]) -> Iterator[dict[str, int]]:
    """Every way to put a row's statuses into distinct columns, centred rows first."""
    if len(row) > COLUMNS:
        raise ValueError(f"a row holds at most {COLUMNS} statuses, not {len(row)}")
    if not row:
        yield {}
        return
    slots = sorted(
        itertools.combinations(range(COLUMNS), len(row)),
        key=lambda cols: abs(sum(cols) / len(cols) - (COLUMNS - 1) / 2),
    )
    for columns in slots:
        for order in itertools.permutations(columns):
            yield dict(zip(row, order, strict=True))


def boxes_for(rows: Sequence[Sequence[str]], columns: Mapping[str, int]) -> dict[str, Box]:
    return {
        status: Box(status, column_x(columns[status]), row_y(index))
        for index, row in enumerate(rows)
        for status in row
    }


@functools.cache
def layout() -> tuple[Mapping[str, Box], tuple[Arrow, ...]]:
    """The arrangement of boxes whose arrows cross least, and its arrows (computed once: it
    depends on the lifecycle's constants only).

    Every arrangement is considered, but few are routed. Each waits under a score it cannot go
    below, and the lowest is looked at more closely, in stages: first its straight arrows as
    if they never crossed, then with their crossings, then routed with all the others (which
    only add to the score). Once the lowest bound waiting passes the best score found, nothing
    waiting can beat or tie it. Of equal scores the arrangement met first in the full search
    wins, as if every one had been scored in that order.
    """
    rows = lifecycle_rows()
    row_of = {status: index for index, row in enumerate(rows) for status in row}
    score = CachedTangle()
    waiting = [
        (score.untangled(a.boxes, a.straight) + a.reading, a.order, ROUGH, a)
        for a in _arrangements(rows, row_of)
    ]
    heapq.heapify(waiting)
    best: tuple[float, int, Mapping[str, Box], list[Arrow]] | None = None
    while waiting:
        bound, order, stage, candidate = heapq.heappop(waiting)
        if best is not None and bound > best[0] + BOUND_SLACK:
            break
        if stage == ROUGH:
            straight = score(candidate.boxes, candidate.straight) + candidate.reading
            heapq.heappush(waiting, (straight, order, STRAIGHT, candidate))
            continue
        arrows = route(candidate.boxes, row_of, score, candidate.straight)
        total = score(candidate.boxes, arrows) + candidate.reading
        if best is None or (total, order) < best[:2]:
            best = (total, order, candidate.boxes, arrows)
    assert best is not None
    return best[2], tuple(best[3])


# How closely an arrangement waiting in :func:`layout` has been looked at.
ROUGH = 0  # its straight arrows, as if they never crossed
STRAIGHT = 1  # its straight arrows with their crossings


@dataclass(frozen=True)
class Arrangement:
    """One way to place the boxes, with what is known of it before its arrows are routed."""

    order: int  # where the full search meets it: the earlier of two equal ones wins
    boxes: Mapping[str, Box]
    straight: Sequence[Arrow]  # the arrows between neighbouring rows, in status order
    reading: float  # the cost of reading against status order


def _arrangements(
    rows: Sequence[Sequence[str]], row_of: Mapping[str, int]
) -> Iterator[Arrangement]:
    choices = itertools.product(*(list(placements(row)) for row in rows))
    for order, choice in enumerate(choices):
        columns = {status: column for placed in choice for status, column in placed.items()}
        boxes = boxes_for(rows, columns)
        straight = list(straight_arrows(boxes, row_of).values())
        reading = READING_ORDER * _out_of_order(rows, columns)
        yield Arrangement(order, boxes, straight, reading)


def _out_of_order(rows: Sequence[Sequence[str]], columns: Mapping[str, int]) -> int:
    """Pairs placed right to left of their status order, the first row weighing most: of two
    mirror images, the picture that reads like the lifecycle, left to right, from the top."""
    return sum(
        10 ** (len(rows) - 1 - index)
        for index, row in enumerate(rows)
        for first, second in itertools.combinations(row, 2)
        if columns[first] > columns[second]
    )


def route(
    boxes: Mapping[str, Box],
    row_of: Mapping[str, int],
    score: Tangle | None = None,
    straight: Iterable[Arrow] | None = None,
) -> list[Arrow]:
    """Straight arrows between neighbouring rows (``straight``, if already drawn); an arrow
    that skips a row takes the gutter where it tangles least with the arrows drawn before it,
    then the arrows sharing a gutter take the side-by-side lanes in the order that tangles
    least."""
    score = score or tangle
    edges = transitions()
    if straight is None:
        drawn = straight_arrows(boxes, row_of)
    else:
        drawn = {(arrow.source, arrow.target): arrow for arrow in straight}
    skipping = [(source, target) for source, target in edges if (source, target) not in drawn]
    by_gutter: dict[int, list[tuple[str, str]]] = {}
    for source, target in skipping:
        gutter = _best_gutter(boxes, source, target, list(drawn.values()), score)
        by_gutter.setdefault(gutter, []).append((source, target))
        drawn[source, target] = _gutter_arrow(boxes, source, target, gutter, 0.0)
    for gutter, sharing in sorted(by_gutter.items()):
        drawn.update(_lanes(boxes, drawn, gutter, sharing, score))
    return [drawn[edge] for edge in edges]


def straight_arrows(
    boxes: Mapping[str, Box], row_of: Mapping[str, int]
) -> dict[tuple[str, str], Arrow]:
    """The arrows between neighbouring rows, in status order; a transition and its reverse
    are drawn side by side."""
    drawn = {}
    for source, target in transitions():
        if abs(row_of[source] - row_of[target]) <= 1:
            offset = PAIR_OFFSET if source in TRANSITIONS.get(target, frozenset()) else 0.0
            drawn[source, target] = _straight_arrow(boxes[source], boxes[target], offset)
    return drawn


# Arrows drawn so far, by kind, the two boxes' statuses and places, and the kind's own
# parameters. Many arrangements place two boxes alike, and the routing tries each gutter and
# lane again and again: an arrow met before is not drawn again, and is recognised by identity
# when its crossings are looked up (see CachedTangle). Keyed by plain values, not by the
# boxes, as those would be hashed field by field on every look-up.
_DRAWN: dict[tuple[str, str, float, float, str, float, float, float], Arrow] = {}


def _straight_arrow(start: Box, end: Box, offset: float) -> Arrow:
    key = ("straight", start.status, start.x, start.y, end.status, end.x, end.y, offset)
    arrow = _DRAWN.get(key)
    if arrow is None:
        arrow = _DRAWN[key] = Arrow(start.status, end.status, _straight(start, end, offset))
    return arrow


def _best_gutter(
    boxes: Mapping[str, Box], source: str, target: str, drawn: Sequence[Arrow], score: Tangle
) -> int:
    """The gutter where an arrow tangles least with those drawn; of equal ones the nearest
    (so mirror-image arrangements get mirror-image arrows), then the leftmost."""
    middle = (boxes[source].centre[0] + boxes[target].centre[0]) / 2

    def cost(gutter: int) -> tuple[float, float, int]:
        arrow = _gutter_arrow(boxes, source, target, gutter, 0.0)
        return (score(boxes, [arrow], drawn), abs(gutter_x(gutter) - middle), gutter)

    return min(range(COLUMNS + 1), key=cost)


def _lanes(
    boxes: Mapping[str, Box],
    drawn: Mapping[tuple[str, str], Arrow],
    gutter: int,
    sharing: Sequence[tuple[str, str]],
    score: Tangle,
) -> dict[tuple[str, str], Arrow]:
    """The arrows of one gutter in the order of lanes, left to right, that tangles least."""
    shifts = [(lane - (len(sharing) - 1) / 2) * GUTTER_LANE for lane in range(len(sharing))]
    best: tuple[float, dict[tuple[str, str], Arrow]] | None = None
    for order in itertools.permutations(shifts):
        placed = {
            edge: _gutter_arrow(boxes, *edge, gutter, shift)
            for edge, shift in zip(sharing, order, strict=True)
        }
        others = [arrow for edge, arrow in drawn.items() if edge not in placed]
        tangled = score(boxes, list(placed.values()), others)
        if best is None or tangled < best[0]:
            best = (tangled, placed)
    assert best is not None
    return best[1]


def _gutter_arrow(
    boxes: Mapping[str, Box], source: str, target: str, gutter: int, shift: float
) -> Arrow:
    start, end = boxes[source], boxes[target]
    key = (f"gutter {gutter}", source, start.x, start.y, target, end.x, end.y, shift)
    arrow = _DRAWN.get(key)
    if arrow is None:
        arrow = _DRAWN[key] = Arrow(source, target, _through_gutter(start, end, gutter, shift))
    return arrow


def _straight(start: Box, end: Box, offset: float) -> tuple[Point, ...]:
    (x0, y0), (x1, y1) = start.centre, end.centre
    length = math.hypot(x1 - x0, y1 - y0)
    # The normal to the left of the direction of travel: a pair of opposite arrows then
    # sits side by side instead of on top of each other.
    nx, ny = (y1 - y0) / length * offset, -(x1 - x0) / length * offset
    a, b = (x0 + nx, y0 + ny), (x1 + nx, y1 + ny)
    return (_leave(start, a, b), _leave(end, b, a))


def _through_gutter(start: Box, end: Box, gutter: int, shift: float) -> tuple[Point, ...]:
    """From the source box into lane ``shift`` of the gutter, along it, and into the target.

    A box beside the gutter is left (or entered) through its side, low down when the arrow
    goes down, so its top and bottom stay free for the straight arrows; farther lanes turn
    further out, so arrows sharing a side do not cross. Other boxes are left through their
    bottom (or top) edge, on the gutter's side.
    """
    x = gutter_x(gutter) + shift
    down = end.y > start.y
    sign = 1 if down else -1
    step = sign * ROW_GAP / 2
    side = _side(start, gutter)
    if side is None:
        leave = (_towards(start, x) + shift, start.y + BOX_HEIGHT if down else start.y)
        first = [leave, (x, leave[1] + step)]
    else:
        y = start.y + BOX_HEIGHT - SIDE_INSET if down else start.y + SIDE_INSET
        y -= sign * _farther(gutter, side, x)
        first = [(side, y), (x, y)]
    side = _side(end, gutter)
    if side is None:
        enter = (_towards(end, x) + shift, end.y if down else end.y + BOX_HEIGHT)
        last = [(x, enter[1] - step), enter]
    else:
        y = end.y + SIDE_INSET if down else end.y + BOX_HEIGHT - SIDE_INSET
        y += sign * _farther(gutter, side, x)
        last = [(x, y), (side, y)]
    return (*first, *last)


def _farther(gutter: int, side: float, x: float) -> float:
    """How much farther from a box's side the lane at ``x`` runs than the gutter's middle."""
    return abs(x - side) - abs(gutter_x(gutter) - side)


def _side(box: Box, gutter: int) -> float | None:
    """The x of the box's side that faces the gutter, if the gutter runs beside the box."""
    column = round((box.x - EDGE) / (BOX_WIDTH + GUTTER))
    if gutter == column:
        return box.x
    if gutter == column + 1:
        return box.x + BOX_WIDTH
    return None


def _towards(box: Box, x: float) -> float:
    """The point of the box's top or bottom edge nearest ``x``, clear of the round corners
    by more than a lane's width, so a lane's shift keeps it on the straight edge."""
    corner = 20.0
    return min(max(x, box.x + corner), box.x + BOX_WIDTH - corner)


def _leave(box: Box, inside: Point, outside: Point) -> Point:
    """Where the line from ``inside`` (within the box) towards ``outside`` crosses its border."""
    (x0, y0), (x1, y1) = inside, outside
    dx, dy = x1 - x0, y1 - y0
    limits = []
    if dx:
        limits.append(((box.x + BOX_WIDTH if dx > 0 else box.x) - x0) / dx)
    if dy:
        limits.append(((box.y + BOX_HEIGHT if dy > 0 else box.y) - y0) / dy)
    t = min(limit for limit in limits if limit >= 0)
    return (x0 + t * dx, y0 + t * dy)


# --- scoring --------------------------------------------------------------------------------


def segments(arrow: Arrow) -> list[tuple[Point, Point]]:
    return list(itertools.pairwise(arrow.points))


def tangle(boxes: Mapping[str, Box], arrows: Sequence[Arrow], fixed: Iterable[Arrow] = ()) -> float:
    """Crossings between arrows and with the ``fixed`` ones, with a heavy cost for an arrow
    through a box, and their length to choose among arrangements that tangle alike."""
    through_boxes = sum(
        1
        for arrow in arrows
        for a, b in segments(arrow)
        for box in boxes.values()
        if box.status not in (arrow.source, arrow.target) and _hits(box, a, b)
    )
    crossings = sum(
        _crossings(one, other, boxes) for one, other in itertools.combinations(arrows, 2)
    ) + sum(_crossings(one, other, boxes) for one in arrows for other in fixed)
    length = sum(math.dist(a, b) for arrow in arrows for a, b in segments(arrow))
    return 1000 * through_boxes + 10 * crossings + length / 100


class CachedTangle:
    """:func:`tangle`, remembering what it has worked out about each arrow and pair of arrows.

    The search draws the same arrow (the same points between the same boxes) in many
    arrangements and compares it with the same others again and again, so each crossing count,
    through-box count and length is worked out once. The sums add the same numbers in the same
    order as :func:`tangle`, so every score, and so every tie, is the same float.
    """

    def __init__(self) -> None:
        # The search scores the same arrow objects again and again (they are remembered where
        # they are drawn, always between the same two boxes): looking one up by identity saves
        # hashing its points each time. The entry holds the arrow, so its id cannot be reused
        # by another object while the entry lives.
        self._by_identity: dict[int, tuple[Arrow, int]] = {}
        self._numbers: dict[tuple[Arrow, Box, Box], int] = {}
        self._arrows: list[Arrow] = []
        self._segments: list[list[tuple[Point, Point]]] = []
        self._lengths: list[tuple[float, ...]] = []
        self._extents: list[tuple[float, float, float, float]] = []
        self._through: dict[tuple[int, str, float, float], int] = {}
        self._crossings: dict[tuple[int, int], int] = {}

    def __call__(
        self, boxes: Mapping[str, Box], arrows: Sequence[Arrow], fixed: Iterable[Arrow] = ()
    ) -> float:
        numbers = [self._number(boxes, arrow) for arrow in arrows]
        others = [self._number(boxes, arrow) for arrow in fixed]
        through_boxes, length = self._through_boxes_and_length(numbers, boxes)
        crossings = self._crossing_count(
            boxes, itertools.combinations(numbers, 2)
        ) + self._crossing_count(boxes, itertools.product(numbers, others))
        return 1000 * through_boxes + 10 * crossings + length / 100

    def untangled(self, boxes: Mapping[str, Box], arrows: Sequence[Arrow]) -> float:
        """The score as if the arrows never crossed: never more than the score, and quicker."""
        numbers = [self._number(boxes, arrow) for arrow in arrows]
        through_boxes, length = self._through_boxes_and_length(numbers, boxes)
        return 1000 * through_boxes + length / 100

    def _through_boxes_and_length(
        self, numbers: Sequence[int], boxes: Mapping[str, Box]
    ) -> tuple[int, float]:
        through_boxes = sum(self._through_boxes(number, boxes) for number in numbers)
        # The segments' lengths in the order tangle() adds them, so the sum is the same float.
        length = sum(itertools.chain.from_iterable(self._lengths[number] for number in numbers))
        return through_boxes, length

    def _number(self, boxes: Mapping[str, Box], arrow: Arrow) -> int:
        """A small number naming the arrow and the boxes it joins (which crossings depend on)."""
        known = self._by_identity.get(id(arrow))
        if known is not None:
            return known[1]
        key = (arrow, boxes[arrow.source], boxes[arrow.target])
        number = self._numbers.setdefault(key, len(self._arrows))
        if number == len(self._arrows):
            self._arrows.append(arrow)
            self._segments.append(segments(arrow))
            self._lengths.append(tuple(math.dist(a, b) for a, b in segments(arrow)))
            xs, ys = [x for x, _ in arrow.points], [y for _, y in arrow.points]
            self._extents.append((min(xs), max(xs), min(ys), max(ys)))
        self._by_identity[id(arrow)] = (arrow, number)
        return number

    def _through_boxes(self, number: int, boxes: Mapping[str, Box]) -> int:
        """How many times the arrow runs through a box not its own."""
        left, right, top, bottom = self._extents[number]
        count = 0
        for box in boxes.values():
            # An arrow wholly beside a box (as most are) cannot enter it: every segment then
            # fails _hits on that axis, so there is no need to look.
            if (
                right < box.x - BOX_MARGIN
                or left > box.x + BOX_WIDTH + BOX_MARGIN
                or bottom < box.y - BOX_MARGIN
                or top > box.y + BOX_HEIGHT + BOX_MARGIN
            ):
                continue
            key = (number, box.status, box.x, box.y)
            known = self._through.get(key)
            if known is None:
                arrow = self._arrows[number]
                known = 0
                if box.status not in (arrow.source, arrow.target):
                    known = sum(1 for a, b in self._segments[number] if _hits(box, a, b))
                self._through[key] = known
            count += known
        return count

    def _crossing_count(self, boxes: Mapping[str, Box], pairs: Iterable[tuple[int, int]]) -> int:
        """How often the arrows of each pair (in that order, as :func:`tangle` takes them) cross."""
        count = 0
        for pair in pairs:
            known = self._crossings.get(pair)
            if known is None:
                one, other = pair
                points = _crossing_points(self._segments[one], self._segments[other])
                known = _counted_crossings(points, self._arrows[one], self._arrows[other], boxes)
                self._crossings[pair] = known
            count += known
        return count


def _hits(box: Box, a: Point, b: Point, margin: float = BOX_MARGIN) -> bool:
    """Whether the segment from ``a`` to ``b`` enters the box (grown by ``margin``)."""
    low, high = 0.0, 1.0
    for start, change, lowest, highest in (
        (a[0], b[0] - a[0], box.x - margin, box.x + BOX_WIDTH + margin),
        (a[1], b[1] - a[1], box.y - margin, box.y + BOX_HEIGHT + margin),
    ):
        if not change:
            if not lowest < start < highest:
                return False
            continue
        near, far = sorted(((lowest - start) / change, (highest - start) / change))
        low, high = max(low, near), min(high, far)
    return low < high


def _crossings(one: Arrow, other: Arrow, boxes: Mapping[str, Box]) -> int:
    """How often two arrows cross. Arrows fanning out of (or into) the same box may cross
    right beside it, where the eye still sees where each one starts; farther out it counts."""
    points = _crossing_points(segments(one), segments(other))
    return _counted_crossings(points, one, other, boxes)


def _crossing_points(
    one: Sequence[tuple[Point, Point]], other: Sequence[tuple[Point, Point]]
) -> list[Point]:
    """Where the segments of one arrow cross those of another."""
    return [point for a, b in one for c, d in other if (point := _cross(a, b, c, d))]


def _counted_crossings(
    points: Sequence[Point], one: Arrow, other: Arrow, boxes: Mapping[str, Box]
) -> int:
    """The crossings that count: those farther than FAN_OUT from a box both arrows join."""
    if not points:
        return 0  # as for most pairs: no need to find the boxes they share
    shared = [boxes[s] for s in {one.source, one.target} & {other.source, other.target}]
    return sum(1 for point in points if not any(_near(box, point, FAN_OUT) for box in shared))


def _near(box: Box, point: Point, margin: float) -> bool:
    return (
        box.x - margin < point[0] < box.x + BOX_WIDTH + margin
        and box.y - margin < point[1] < box.y + BOX_HEIGHT + margin
    )


def _cross(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    """Where segments ``ab`` and ``cd`` cross, if they do (touching is not crossing)."""
    # Most pairs of segments lie to one side of each other: the second test is then not needed.
    if _turn(a, b, c) * _turn(a, b, d) >= 0:
        return None
    before, after = _turn(c, d, a), _turn(c, d, b)
    if before * after < 0:
        t = before / (before - after)
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return None


def _turn(p: Point, q: Point, r: Point) -> float:
    """Positive if ``r`` lies left of the line from ``p`` to ``q``, negative if right."""
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


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
