"""Where the lifecycle picture's boxes sit and how its arrows run between them.

Boxes sit on a grid of three columns and three rows. An arrow between neighbouring rows is
straight; one that skips a row runs down a gutter between the columns or beside them, the
gutter and lane where it crosses the fewest others (:func:`tangle` scores that). The scores
also let ``tests/test_lifecycle_svg.py`` prove the arrangement stored in
:data:`lifecycle_svg.LAYOUT` is still the best one. Nothing depends on set or hash order.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..decisions.lifecycle import STATUSES, TRANSITIONS

Point = tuple[float, float]

COLUMNS = 3
BOX_WIDTH = 110.0
BOX_HEIGHT = 46.0
GUTTER = 26.0  # between columns: room for arrows that skip a row, and for opposite pairs
EDGE = 20.0  # the gutters at either side carry only arrows that skip a row
ROW_GAP = 62.0
TOP = 12.0
GUTTER_LANE = 8.0  # arrows sharing a gutter run this far apart
SIDE_INSET = 12.0  # how far from the top or bottom an arrow leaves a box's side
FAN_OUT = 20.0  # how close to a shared box two of its arrows may cross unnoticed
PAIR_OFFSET = 5.0  # a transition and its reverse are drawn side by side
BOX_MARGIN = 2.0  # an arrow this close to a box it does not join runs through it
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


def transitions() -> list[tuple[str, str]]:
    """Every allowed transition, in status order."""
    order = STATUSES.index
    return [
        (source, target)
        for source in STATUSES
        for target in sorted(TRANSITIONS.get(source, ()), key=order)
    ]


# --- the grid -------------------------------------------------------------------------------


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


def boxes_for(rows: Sequence[Sequence[str]], columns: Mapping[str, int]) -> dict[str, Box]:
    return {
        status: Box(status, column_x(columns[status]), row_y(index))
        for index, row in enumerate(rows)
        for status in row
    }


# --- routing --------------------------------------------------------------------------------


def route(boxes: Mapping[str, Box], row_of: Mapping[str, int]) -> list[Arrow]:
    """Straight arrows between neighbouring rows; an arrow that skips a row takes the gutter
    where it tangles least with the arrows drawn before it, then the arrows sharing a gutter
    take the side-by-side lanes in the order that tangles least."""
    edges = transitions()
    drawn = straight_arrows(boxes, row_of)
    skipping = [(source, target) for source, target in edges if (source, target) not in drawn]
    by_gutter: dict[int, list[tuple[str, str]]] = {}
    for source, target in skipping:
        gutter = _best_gutter(boxes, source, target, list(drawn.values()))
        by_gutter.setdefault(gutter, []).append((source, target))
        drawn[source, target] = _gutter_arrow(boxes, source, target, gutter, 0.0)
    for gutter, sharing in sorted(by_gutter.items()):
        drawn.update(_lanes(boxes, drawn, gutter, sharing))
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
            start, end = boxes[source], boxes[target]
            drawn[source, target] = Arrow(source, target, _straight(start, end, offset))
    return drawn


def _best_gutter(boxes: Mapping[str, Box], source: str, target: str, drawn: Sequence[Arrow]) -> int:
    """The gutter where an arrow tangles least with those drawn; of equal ones the nearest
    (so mirror-image arrangements get mirror-image arrows), then the leftmost."""
    middle = (boxes[source].centre[0] + boxes[target].centre[0]) / 2

    def cost(gutter: int) -> tuple[float, float, int]:
        arrow = _gutter_arrow(boxes, source, target, gutter, 0.0)
        return (tangle(boxes, [arrow], drawn), abs(gutter_x(gutter) - middle), gutter)

    return min(range(COLUMNS + 1), key=cost)


def _lanes(
    boxes: Mapping[str, Box],
    drawn: Mapping[tuple[str, str], Arrow],
    gutter: int,
    sharing: Sequence[tuple[str, str]],
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
        tangled = tangle(boxes, list(placed.values()), others)
        if best is None or tangled < best[0]:
            best = (tangled, placed)
    assert best is not None
    return best[1]


def _gutter_arrow(
    boxes: Mapping[str, Box], source: str, target: str, gutter: int, shift: float
) -> Arrow:
    start, end = boxes[source], boxes[target]
    return Arrow(source, target, _through_gutter(start, end, gutter, shift))


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
