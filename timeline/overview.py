"""Overview: where each event sits on the timeline's overview strip (an SVG drawn at build time).

The axis is piecewise: each month that has events gets room in proportion to how many it has, an
empty month a sliver, and a long empty stretch one short break. So four events in one week of
January 2026 spread out, while a lone event in July 2025 does not take a year of width.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from .dates import MONTHS, format_event_date
from .model import DatePoint, Event

WIDTH = 720  # the strip's width in SVG units, matching Material's content column
AXIS_Y = 96
ROW_HEIGHT = 15
LABEL_ROWS = 4
MIN_MONTH = 44.0  # units for a month with one event
PER_EVENT = 26.0  # more units for each further event in a month
EMPTY_MONTH = 10.0
BREAK = 26.0  # a run of empty months longer than BREAK_AFTER becomes one break this wide
BREAK_AFTER = 2
DOT_GAP = 14.0  # the least distance between two markers' centres
CHAR_WIDTH = 6.2  # of the label font, to keep labels apart
LABEL_MAX = 34  # characters of a key event's title shown as its label
HISTOGRAM_BASE = 84  # where the bars of a large timeline's index stand


@dataclass(frozen=True)
class Segment:
    """A stretch of the axis: one month, or a break standing for several empty months."""

    x: float
    width: float
    year: int
    month: int
    is_break: bool = False
    label: str = ""

    @property
    def center(self) -> float:
        """Return the middle of the stretch, where its label or break mark goes."""
        return self.x + self.width / 2


@dataclass(frozen=True)
class Marker:
    """One event on the strip: a dot (and a bar for intervals), a link, and maybe a label."""

    event: Event
    x: float
    end_x: float | None
    radius: float
    title: str
    label: str | None
    label_row: int
    label_x: float  # the label's centre: above its dot, moved inward at the strip's ends

    @property
    def dot_top(self) -> float:
        """Return the top of the dot, where its label's leader starts."""
        return AXIS_Y - self.radius

    @property
    def leader_top(self) -> int:
        """Return where the leader line from the dot to its label ends."""
        return AXIS_Y - 27 - ROW_HEIGHT * self.label_row

    @property
    def label_y(self) -> int:
        """Return the baseline of the label, in its row above the axis."""
        return AXIS_Y - 30 - ROW_HEIGHT * self.label_row


@dataclass(frozen=True)
class YearTick:
    """Where a year begins on the axis."""

    x: float
    year: int

    @property
    def label_x(self) -> float:
        """Return where the year's label starts, just after its tick."""
        return self.x + 2


@dataclass(frozen=True)
class Overview:
    """Everything the overview template draws."""

    width: float
    height: float
    axis_y: float
    segments: tuple[Segment, ...]
    years: tuple[YearTick, ...]
    markers: tuple[Marker, ...]
    description: str
    # Heights below (and above) the axis of what is drawn along it.
    tick_top: int = AXIS_Y - 4
    tick_bottom: int = AXIS_Y + 4
    month_label_y: int = AXIS_Y + 20
    year_label_y: int = AXIS_Y + 36


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Return every (year, month) from `first` to `last`, both included."""
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _segments(events: tuple[Event, ...]) -> list[Segment]:
    """Return the axis: months sized by how many events start in them, long gaps as breaks."""
    starts = [(e.date.start.year, e.date.start.month or 1) for e in events]
    ends = [((e.date.end or e.date.start).year, (e.date.end or e.date.start).month or 12)
            for e in events]
    months = _months(min(starts), max(max(starts), max(ends)))
    counts = {m: starts.count(m) for m in months}
    raw: list[Segment] = []
    empty_run: list[tuple[int, int]] = []

    def flush() -> None:
        if len(empty_run) > BREAK_AFTER:
            year, month = empty_run[0]
            raw.append(Segment(0, BREAK, year, month, is_break=True))
        else:
            raw.extend(Segment(0, EMPTY_MONTH, y, m) for y, m in empty_run)
        empty_run.clear()

    for year, month in months:
        if counts[(year, month)] == 0:
            empty_run.append((year, month))
            continue
        flush()
        width = MIN_MONTH + PER_EVENT * (counts[(year, month)] - 1)
        raw.append(Segment(0, width, year, month, label=MONTHS[month][:3]))
    flush()
    scale = WIDTH / sum(s.width for s in raw)
    segments, x = [], 0.0
    for s in raw:
        segments.append(Segment(x, s.width * scale, s.year, s.month, s.is_break, s.label))
        x += s.width * scale
    return segments


def _x_of(point: DatePoint, segments: list[Segment], at_end: bool = False) -> float:
    """Return where a date falls on the axis (the middle of its month if no day is given)."""
    month = point.month or (12 if at_end else 1)
    for segment in segments:
        if (segment.year, segment.month) == (point.year, month) and not segment.is_break:
            if point.day is None:
                return segment.x + segment.width / 2
            days = calendar.monthrange(point.year, month)[1]
            inner = segment.width - DOT_GAP
            return segment.x + DOT_GAP / 2 + inner * (point.day - 1) / max(days - 1, 1)
    # A month inside a break: the break's middle.
    candidates = [s for s in segments if (s.year, s.month) <= (point.year, month)]
    segment = candidates[-1] if candidates else segments[0]
    return segment.x + segment.width / 2


def _spread(xs: list[float]) -> list[float]:
    """Return the positions nudged apart so that no two are closer than DOT_GAP."""
    spread = list(xs)
    for i in range(1, len(spread)):
        spread[i] = max(spread[i], spread[i - 1] + DOT_GAP)
    overflow = spread[-1] - (WIDTH - DOT_GAP / 2) if spread else 0
    if overflow > 0:
        spread = [x - overflow for x in spread]
        for i in range(len(spread) - 2, -1, -1):
            spread[i] = min(spread[i], spread[i + 1] - DOT_GAP)
    return spread


def _label(title: str) -> str:
    """Return a key event's label: its title, shortened at a word if it is long."""
    if len(title) <= LABEL_MAX:
        return title
    cut = title[: LABEL_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def layout_overview(events: tuple[Event, ...]) -> Overview:
    """Return the overview of `events` (already in date order)."""
    segments = _segments(events)
    xs = _spread([_x_of(e.date.start, segments) for e in events])
    rows_end = [-1e9] * LABEL_ROWS  # where each label row is free again
    markers = []
    for event, x in zip(events, xs, strict=True):
        end_x = None
        if event.date.end is not None:
            end_x = max(x + DOT_GAP / 2, _x_of(event.date.end, segments, at_end=True))
        elif event.date.ongoing:
            end_x = WIDTH
        label, row, label_x = None, 0, x
        if event.is_key:
            text = _label(event.title)
            half = len(text) * CHAR_WIDTH / 2
            # Centre the label on its dot, but keep it inside the strip.
            left = min(max(x - half, 0), WIDTH - 2 * half)
            for candidate in range(LABEL_ROWS):
                if rows_end[candidate] <= left:
                    label, row, label_x = text, candidate, left + half
                    rows_end[candidate] = left + 2 * half + 8
                    break
        markers.append(Marker(event, x, end_x, 7.0 if event.is_key else 4.5,
                              f"{format_event_date(event.date)}: {event.title}", label, row,
                              label_x))
    last = max(events, key=lambda e: e.date.last_ordinal).date
    years: list[YearTick] = []
    for segment in segments:
        starts_year = segment.month == 1 or segment is segments[0]
        if starts_year and (not years or years[-1].year != segment.year):
            years.append(YearTick(segment.x, segment.year))
    description = (f"{len(events)} events from {format_event_date(events[0].date)} to "
                   f"{format_event_date(last)}. Key events are labelled; each mark links to its "
                   "entry below.")
    return Overview(WIDTH, AXIS_Y + 42, AXIS_Y, tuple(segments), tuple(years), tuple(markers),
                    description)


@dataclass(frozen=True)
class Bar:
    """One page of a cut-up timeline in the index's histogram."""

    x: float
    width: float
    height: float
    uri: str
    title: str
    count: int
    year_label: str | None
    base_y: float

    @property
    def y(self) -> float:
        """Return the top of the bar."""
        return self.base_y - self.height


@dataclass(frozen=True)
class Histogram:
    """The overview of a timeline too large to draw event by event: one bar per page."""

    width: float
    height: float
    base_y: float
    bars: tuple[Bar, ...]
    description: str

    @property
    def year_label_y(self) -> float:
        """Return the baseline of the year labels under the bars."""
        return self.base_y + 16


def layout_histogram(parts: tuple) -> Histogram:
    """Return bars for the timeline's pages, as tall as they hold events."""
    gap = 2.0
    width = max(WIDTH / len(parts), 4.0)
    most = max(len(p.events) for p in parts)
    bars, previous_year = [], None
    for number, part in enumerate(parts):
        year = part.events[0].date.start.year
        bars.append(Bar(number * width, width - gap, 8 + 72 * len(part.events) / most, part.uri,
                        part.title, len(part.events), str(year) if year != previous_year else None,
                        HISTOGRAM_BASE))
        previous_year = year
    total = sum(len(p.events) for p in parts)
    description = (f"{total:,} events on {len(parts)} pages, from {parts[0].title} to "
                   f"{parts[-1].title}; each bar is a page, as tall as the events it holds.")
    return Histogram(len(parts) * width, 110, HISTOGRAM_BASE, tuple(bars), description)
