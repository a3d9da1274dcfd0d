"""Overview: where each event sits on the timeline's overview strip (an SVG drawn at build time).

Positions are day numbers (DatePoint.first_ordinal/last_ordinal), which hold any year from the
Big Bang on, so nothing here builds a `datetime.date`. The axis is piecewise linear: the events
fall into clusters, and a long empty stretch between two clusters is cut out as a break that says
what it skips ("– 2,000 years –", "– 1918 to 1942 –"), so that a history of science from
antiquity or the cosmos from the Big Bang stays readable. The remaining time is drawn to one scale
(days, weeks, months, years, decades, centuries, millennia, millions or billions of years), with
ticks at round values of its unit. Every label's width is estimated conservatively (characters ×
an em fraction of its font size, CJK and emoji a whole em), and a label that would touch another
in its row is dropped: the SVG scales as one picture, so what does not overlap in its units does
not overlap at any width the page is shown at.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .daycount import date_of_day_number, day_number, year_of_day_number
from .dates import (KOREAN, format_event_date, format_short_month, format_year,
                    korean_in_words, month_abbreviation)
from .languages import SOURCE_LANGUAGE, language as language_of
from .model import DatePoint, Era, Event
from .vocabulary import counted

WIDTH = 720  # the strip's width in SVG units, matching Material's content column
AXIS_Y = 96
ROW_HEIGHT = 15
LABEL_ROWS = 4
DOT_GAP = 14.0  # the least distance between two markers' centres
LABEL_MAX = 34  # characters of a key event's title shown as its label
HISTOGRAM_BASE = 84  # where the bars of a large timeline's index stand

# Fonts of the labels (timeline.css must agree): the axis's labels and the key events' titles.
AXIS_FONT = 12.0
TITLE_FONT = 11.5
# Conservative widths of a character, in ems: wider than any Latin letter or digit of Material's
# Roboto and of the usual fallback sans fonts (digits 0.56, bold 0.6), a CJK character or an emoji
# a whole em.
EM_NARROW = 0.62
EM_BOLD = 0.66
EM_WIDE = 1.0
LABEL_GAP = 6.0  # the least room between two labels of one row

BREAK_WIDTH = 32.0  # units a break takes on the axis
CLUSTER_PAD = DOT_GAP  # room each cluster keeps at both ends, so that its dots clear a break
CUT_RATIO = 2.5  # an empty stretch this many times as long as the others is cut out
MAX_BREAKS = 8
MIN_CUT = 3 * BREAK_WIDTH  # units an empty stretch would take, at least, before it is cut out
MAX_TICKS = 200  # ticks a candidate scale may make before it is passed over

# Rows below the axis: minor labels (months, days), years, breaks, eras.
MINOR_Y = AXIS_Y + 20
YEAR_Y = AXIS_Y + 36
BREAK_Y = AXIS_Y + 52
ERA_Y = AXIS_Y + 68


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return a width no label of `text` at `size` exceeds in the strip's fonts."""
    narrow = EM_BOLD if bold else EM_NARROW
    ems = sum(EM_WIDE if unicodedata.east_asian_width(c) in "WF" else narrow for c in text)
    return ems * size


@dataclass(frozen=True)
class Segment:
    """A stretch of the axis: time drawn to scale, or a break standing for an empty stretch."""

    x: float
    width: float
    first: int  # day numbers of the stretch's first and last day
    last: int
    is_break: bool = False
    label: str = ""  # what a break skips

    @property
    def center(self) -> float:
        """Return the middle of the stretch, where its break mark goes."""
        return self.x + self.width / 2

    @property
    def end(self) -> float:
        """Return where the stretch ends on the axis."""
        return self.x + self.width

    def x_of(self, day: float) -> float:
        """Return where a day (a fractional day number) falls in this stretch."""
        if self.last <= self.first:
            return self.center
        share = min(max((day - self.first) / (self.last + 1 - self.first), 0.0), 1.0)
        inner = self.width - (0 if self.is_break else 2 * CLUSTER_PAD)
        return self.x + (0 if self.is_break else CLUSTER_PAD) + inner * share


@dataclass(frozen=True)
class Label:
    """A text under the axis: a tick's, a break's or an era's."""

    x: float  # where the text starts (text-anchor start)
    y: float
    text: str
    kind: str  # "minor", "year", "break", "era"
    width: float

    @property
    def end(self) -> float:
        """Return where the text ends, by its conservative width."""
        return self.x + self.width


@dataclass(frozen=True)
class Tick:
    """A round value of the scale on the axis."""

    x: float


@dataclass(frozen=True)
class Band:
    """An era drawn behind the strip."""

    era: Era
    x: float
    width: float


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
    label_width: float = 0.0

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
class Overview:
    """Everything the overview template draws."""

    width: float
    height: float
    axis_y: float
    segments: tuple[Segment, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    markers: tuple[Marker, ...]
    bands: tuple[Band, ...]
    scale: str  # the unit of the ticks: "days", "weeks", "months", "years", "decades", …
    description: str
    # Heights above and below the axis of what is drawn along it.
    tick_top: int = AXIS_Y - 4
    tick_bottom: int = AXIS_Y + 4

    @property
    def breaks(self) -> tuple[Segment, ...]:
        """Return the breaks of the axis."""
        return tuple(s for s in self.segments if s.is_break)


# --- Where the events are, and what is cut out --------------------------------------------------


def _span(event: Event) -> tuple[int, int]:
    """Return the stretch an event's mark takes: an interval's first and last day; for one date,
    the middle day of what it names (a year's mark is one point, not the whole year, so that a
    lone `2024` does not fill the strip with its twelve empty months)."""
    if event.date.end is not None:
        return event.date.first_ordinal, max(event.date.last_ordinal, event.date.first_ordinal)
    start = event.date.start
    middle = (start.first_ordinal + start.last_ordinal) // 2
    return middle, middle


def _clusters(events: Sequence[Event]) -> list[tuple[int, int]]:
    """Return the stretches of time covered by events, merged where they touch or overlap."""
    merged: list[list[int]] = []
    for first, last in sorted(_span(e) for e in events):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(a, b) for a, b in merged]


def _cuts(clusters: list[tuple[int, int]]) -> set[int]:
    """Return the indexes of the gaps (after cluster i) cut out as breaks: the longest first, each
    while it is CUT_RATIO times as long as the other gaps left, on average, and would take at
    least MIN_CUT of the strip."""
    if len(clusters) < 3:
        return set()  # two stretches and a gap between them are drawn to scale
    total = clusters[-1][1] - clusters[0][0] + 1
    gaps = sorted(((clusters[i + 1][0] - clusters[i][1], i) for i in range(len(clusters) - 1)),
                  reverse=True)
    rest = sum(gap for gap, _ in gaps)
    cut: set[int] = set()
    for number, (gap, index) in enumerate(gaps[:MAX_BREAKS]):
        rest -= gap
        others = len(gaps) - number - 1
        if not others or gap < CUT_RATIO * rest / others or gap * WIDTH / total < MIN_CUT:
            break
        cut.add(index)
        total -= gap
    return cut


def _round(value: float, figures: int) -> str:
    """Return a count to `figures` significant figures (the others as zeros, with thousands
    separators): 2,400, 8.4, 13.7."""
    rounded = float(f"{value:.{figures}g}")
    return f"{rounded:,.0f}" if rounded >= 10 ** (figures - 1) else f"{rounded:g}"


def _duration(days: int, language: str) -> str:
    """Return a length of time in words, rounded: "5 days", "3 months", "2,400 years" ("5일",
    "3개월", "2,400년")."""
    years = days / 365.2425
    if language == KOREAN:
        return (f"{korean_in_words(years)} 년" if years >= 1e6 else f"{_round(years, 2)}년"
                if years >= 1.5 else f"{round(days / 30.44)}개월" if days >= 60
                else f"{round(days / 7)}주" if days >= 14 else f"{days}일")
    if years >= 1e9:
        return f"{_round(years / 1e9, 3)} billion years"  # as format_year rounds deep time
    if years >= 1e6:
        return f"{_round(years / 1e6, 3)} million years"
    if years >= 1.5:
        return f"{_round(years, 2)} years"
    if days >= 60:
        return f"{round(days / 30.44)} months"
    if days >= 14:
        return f"{round(days / 7)} weeks"
    return counted(days, "day")


def _break_label(last_before: int, first_after: int, language: str = SOURCE_LANGUAGE) -> str:
    """Return what a break between two clusters skips: "– 1918 to 1942 –", "– 2,400 years –"."""
    before, after = year_of_day_number(last_before), year_of_day_number(first_after)
    # Years named only where both are plain years and the stretch is a few human lifetimes.
    if 1 <= before and after <= 9999 and 2 <= after - before <= 300:
        return f"– {before}~{after}년 –" if language == KOREAN else f"– {before} to {after} –"
    return f"– {_duration(first_after - last_before - 1, language)} –"


def _segments(clusters: list[tuple[int, int]], cuts: set[int], widths: list[float],
              language: str = SOURCE_LANGUAGE) -> list[Segment]:
    """Return the axis: each cluster to one scale (at least `widths[i]` wide), breaks between."""
    pieces: list[tuple[int, int, bool]] = []
    start = clusters[0][0]
    for i, (_, last) in enumerate(clusters):
        if i in cuts or i == len(clusters) - 1:
            pieces.append((start, last, False))
            if i in cuts:
                pieces.append((last + 1, clusters[i + 1][0] - 1, True))
                start = clusters[i + 1][0]
    drawn = [p for p in pieces if not p[2]]
    free = WIDTH - BREAK_WIDTH * len(cuts) - 2 * CLUSTER_PAD * len(drawn)
    length = sum(b - a + 1 for a, b, _ in drawn)
    # One scale for every cluster, but no cluster narrower than its own first label.
    scale = free / length
    for _ in range(3):
        short = [i for i, (a, b, _) in enumerate(drawn)
                 if (b - a + 1) * scale + 2 * CLUSTER_PAD < widths[i]]
        room = free - sum(widths[i] - 2 * CLUSTER_PAD for i in short)
        rest = sum(b - a + 1 for i, (a, b, _) in enumerate(drawn) if i not in short)
        if rest <= 0 or room <= 0:
            break
        scale = room / rest
    sized: list[float] = []
    n = 0
    for a, b, is_break in pieces:
        if is_break:
            sized.append(BREAK_WIDTH)
        else:
            sized.append(max((b - a + 1) * scale + 2 * CLUSTER_PAD, widths[n]))
            n += 1
    fit = WIDTH / sum(sized)  # clusters wider than their share squeeze everything a little
    segments, x = [], 0.0
    for (a, b, is_break), width in zip(pieces, sized, strict=True):
        label = _break_label(a - 1, b + 1, language) if is_break else ""
        segments.append(Segment(x, width * fit, a, b, is_break, label))
        x += width * fit
    return segments


def _x(day: float, segments: Sequence[Segment]) -> float:
    """Return where a day falls on the axis (in a break: in proportion across it)."""
    for segment in segments:
        if day <= segment.last + 1:
            return segment.x_of(day)
    return segments[-1].end


def _point_x(point: DatePoint, segments: Sequence[Segment]) -> float:
    """Return where a date's mark goes: its day, or the middle of the month or year it names."""
    return _x((point.first_ordinal + point.last_ordinal) // 2 + 0.5, segments)


# --- Scales and ticks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A unit and a step of the axis's ticks."""

    unit: str  # "day", "week", "month" or "year"
    step: int
    name: str  # how the description calls it


def _year_scale(step: int) -> Scale:
    """Return the scale of ticks every `step` years, named after its order of size."""
    for size, name in ((10 ** 9, "billions of years"), (10 ** 6, "millions of years"),
                       (1000, "millennia"), (100, "centuries"), (10, "decades")):
        if step >= size:
            return Scale("year", step, name)
    return Scale("year", step, "years")


SCALES: tuple[Scale, ...] = (
    Scale("day", 1, "days"), Scale("day", 2, "days"), Scale("week", 7, "weeks"),
    Scale("month", 1, "months"), Scale("month", 3, "months"), Scale("month", 6, "months"),
    *(_year_scale(m * 10 ** e) for e in range(11) for m in (1, 2, 5)))


def _round_years(first: int, last: int, step: int) -> Iterator[int]:
    """Return the astronomical years from `first` to `last` whose shown number is a multiple of
    `step`, oldest first."""
    # Years ago (1 million years ago and before), then BCE, then CE: each counts its own way.
    deep_last = min(last, -1_000_000)
    if first <= deep_last:
        top = -first
        yield from (-n for n in range(top - top % step, -deep_last - 1, -step))
    bce_first, bce_last = max(first, -999_999), min(last, 0)
    if bce_first <= bce_last:
        top = 1 - bce_first
        yield from (1 - n for n in range(top - top % step, max(1 - bce_last, 1) - 1, -step))
    ce_first = max(first, 1)
    if ce_first <= last:
        yield from range(ce_first + (-ce_first) % step, last + 1, step)


def _ticks(scale: Scale, first: int, last: int,
           language: str = SOURCE_LANGUAGE) -> list[tuple[int, str, str]] | None:
    """Return the ticks of `scale` from day `first` to `last`: (day number, label, kind), or None
    if there would be more than MAX_TICKS."""
    ticks: list[tuple[int, str, str]] = []
    if scale.unit in ("day", "week"):
        if (last - first) // scale.step > MAX_TICKS:
            return None
        day = first
        if scale.unit == "week":
            day += (1 - day) % 7  # day numbers ≡ 1 (mod 7) are Mondays, as in datetime
        while day <= last:
            _, month, number = date_of_day_number(day)
            if scale.unit == "week" or (number - 1) % scale.step == 0:
                ticks.append((day, str(number), "minor"))
            day += 1 if scale.unit == "day" else 7
        return ticks
    first_year, last_year = year_of_day_number(first), year_of_day_number(last)
    if scale.unit == "month":
        if (last_year - first_year) * 12 // scale.step > MAX_TICKS:
            return None
        for year in range(first_year, last_year + 1):
            for month in range(1, 13, scale.step):
                day = day_number(year, month, 1)
                if first <= day <= last:
                    ticks.append((day, month_abbreviation(month, language), "minor"))
        return ticks
    if (last_year - first_year) // scale.step > MAX_TICKS:
        return None
    for year in _round_years(first_year, last_year, scale.step):
        day = day_number(year, 1, 1)
        if first <= day <= last:
            ticks.append((day, format_year(year, language), "year"))
    return ticks


def _start_label(scale: Scale, day: int, precise: bool, language: str = SOURCE_LANGUAGE) -> str:
    """Return the label that says where a cluster begins: its year, or month and year at the
    scales of days and weeks (where no year label of a January would say it) if its first date
    names a month or a day."""
    year, month, _ = date_of_day_number(day)
    if scale.unit in ("day", "week") and precise:
        return format_short_month(year, month, language)
    return format_year(year, language)


def _make_label(x: float, text: str, kind: str) -> Label:
    """Return a label starting just after `x` in the row of its kind."""
    y = {"minor": MINOR_Y, "year": YEAR_Y, "break": BREAK_Y, "era": ERA_Y}[kind]
    size_bold = kind == "year"
    return Label(x + 2, y, text, kind, text_width(text, AXIS_FONT, size_bold))


def _fits(label: Label, taken: list[Label]) -> bool:
    """Return True if `label` stays inside the strip and clear of every label of its row."""
    if label.x < 0 or label.end > WIDTH:
        return False
    return all(label.end + LABEL_GAP <= other.x or other.end + LABEL_GAP <= label.x
               for other in taken if other.y == label.y)


def _axis_labels(scale: Scale, segments: Sequence[Segment], precise: frozenset[int],
                 language: str = SOURCE_LANGUAGE) -> tuple[list[Tick], list[Label]]:
    """Return the ticks and the labels of the axis at `scale`: each cluster's first year (or month
    and year), the round values inside it, January's years at the month scale; a label that would
    touch another is left out."""
    ticks: list[Tick] = []
    wanted: list[Label] = []  # in order of priority
    minor: list[Label] = []
    starts: list[Label] = []
    for segment in segments:
        if segment.is_break:
            continue
        start = _make_label(segment.x + CLUSTER_PAD - 2,
                            _start_label(scale, segment.first, segment.first in precise, language),
                            "year")
        starts.append(start)
        wanted.append(start)
        # A stretch of one day (a single mark) has no ticks: its first label says where it is.
        found = ((_ticks(scale, segment.first, segment.last, language) or [])
                 if segment.last > segment.first else [])
        for day, text, kind in found:
            x = segment.x_of(day)
            if len(found) > 1:  # a lone tick in a stretch of one date says nothing its label does not
                ticks.append(Tick(x))
            label = _make_label(x, text, kind)
            (wanted if kind == "year" else minor).append(label)
            year, month, number = date_of_day_number(day)
            if scale.unit == "month" and month == 1:
                wanted.append(_make_label(x, format_year(year, language), "year"))
            elif scale.unit in ("day", "week") and number <= scale.step and day != segment.first:
                wanted.append(_make_label(x, format_short_month(year, month, language), "year"))
    for segment in segments:
        if segment.is_break:
            wanted.append(_make_label(segment.center - text_width(segment.label, AXIS_FONT) / 2 - 2,
                                      segment.label, "break"))
    taken: list[Label] = []
    for label in wanted + minor:
        if label in starts and not _fits(label, taken):
            # A year that has no room in its row may go in the row below, above the breaks'.
            label = Label(label.x, BREAK_Y, label.text, label.kind, label.width)
        if _fits(label, taken) and not any(t.text == label.text and t.kind == label.kind and
                                           abs(t.x - label.x) < 80 for t in taken):
            taken.append(label)
    return ticks, sorted(taken, key=lambda label: (label.y, label.x))


def _choose_scale(segments: Sequence[Segment]) -> Scale:
    """Return the finest scale whose tick labels do not touch each other inside any cluster."""
    for scale in SCALES:
        fits = True
        for segment in segments:
            if segment.is_break:
                continue
            ticks = _ticks(scale, segment.first, segment.last)
            if ticks is None:
                fits = False
                break
            labels = [_make_label(segment.x_of(day), text, kind) for day, text, kind in ticks]
            if any(a.end + LABEL_GAP > b.x for a, b in zip(labels, labels[1:], strict=False)):
                fits = False
                break
        if fits:
            return scale
    return SCALES[-1]


# --- Events, eras and the whole strip -------------------------------------------------------------


def _spread(xs: list[float]) -> list[float]:
    """Return the positions nudged apart so that no two are closer than DOT_GAP (or than the
    strip allows, for very many marks at one place), all inside the strip."""
    if not xs:
        return []
    low, high = DOT_GAP / 2, WIDTH - DOT_GAP / 2
    gap = min(DOT_GAP, (high - low) / max(len(xs) - 1, 1))
    spread = [min(max(x, low), high) for x in xs]
    for i in range(1, len(spread)):
        spread[i] = max(spread[i], spread[i - 1] + gap)
    overflow = spread[-1] - high
    if overflow > 0:
        spread[-1] = high
        for i in range(len(spread) - 2, -1, -1):
            spread[i] = min(spread[i], spread[i + 1] - gap)
    return [max(x, low) for x in spread]


def _label(title: str) -> str:
    """Return a key event's label: its title, shortened at a word if it is long."""
    if len(title) <= LABEL_MAX:
        return title
    cut = title[: LABEL_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _markers(events: Sequence[Event], segments: Sequence[Segment],
             language: str = SOURCE_LANGUAGE) -> list[Marker]:
    """Return the events' marks from left to right, and the labels of key events in the first row
    free for them."""
    # Spread in the order of the dots, not of the events: events are in the order of their first
    # day, but a year's dot sits in the middle of its year, and dots only pushed rightwards after
    # it would drag the year's January events past a break, to July.
    placed = sorted(((_point_x(e.date.start, segments), i) for i, e in enumerate(events)))
    xs = _spread([x for x, _ in placed])
    rows_end = [-1e9] * LABEL_ROWS  # where each label row is free again
    markers = []
    for (_, index), x in zip(placed, xs, strict=True):
        event = events[index]
        end_x = None
        if event.date.end is not None:
            end_x = max(x + DOT_GAP / 2, _x(event.date.end.last_ordinal + 1, segments))
        elif event.date.ongoing:
            end_x = float(WIDTH)
        label, row, label_x, width = None, 0, x, 0.0
        if event.is_key:
            text = _label(event.title)
            half = text_width(text, TITLE_FONT) / 2
            # Centre the label on its dot, but keep it inside the strip.
            left = min(max(x - half, 0), WIDTH - 2 * half)
            for candidate in range(LABEL_ROWS):
                if rows_end[candidate] + LABEL_GAP <= left and left >= 0:
                    label, row, label_x, width = text, candidate, left + half, 2 * half
                    rows_end[candidate] = left + 2 * half
                    break
        markers.append(Marker(event, x, end_x, 7.0 if event.is_key else 4.5,
                              f"{format_event_date(event.date, language)}: {event.title}", label,
                              row, label_x, width))
    return markers


def _bands(eras: Sequence[Era], segments: Sequence[Segment]) -> tuple[list[Band], list[Label]]:
    """Return the eras that meet the strip as bands, and their names where they fit inside their
    band without touching another name."""
    first, last = segments[0].first, segments[-1].last
    bands, names = [], []
    taken: list[Label] = []
    for era in sorted(eras, key=lambda e: e.date.sort_key):
        start = era.date.first_ordinal
        end = era.date.last_ordinal if not era.date.ongoing else last
        if end < first or start > last:
            continue
        x0 = _x(max(start, first), segments)
        # An era going on, or ending after the last event, runs to the strip's end.
        x1 = float(WIDTH) if end >= last else _x(end + 1, segments)
        bands.append(Band(era, x0, max(x1 - x0, 2.0)))
        name = _make_label(x0, era.name, "era")
        if name.end <= x1 and _fits(name, taken):
            taken.append(name)
            names.append(name)
    return bands, names


def _description(events: Sequence[Event], segments: Sequence[Segment], bands: Sequence[Band],
                 language: str = SOURCE_LANGUAGE) -> str:
    """Return the strip in words: what it covers, what its breaks skip, its eras."""
    gettext = language_of(language).gettext
    last = max(events, key=lambda e: e.date.last_ordinal).date
    text = gettext("%(count)s events from %(first)s to %(last)s.") % {
        "count": len(events), "first": format_event_date(events[0].date, language),
        "last": format_event_date(last, language)}
    skipped = [s.label.strip("– ") for s in segments if s.is_break]
    if skipped:
        text += " " + gettext("Empty stretches are cut short: %(stretches)s.") % {
            "stretches": "; ".join(skipped)}
    if bands:
        text += " " + gettext("Eras: %(eras)s.") % {"eras": "; ".join(b.era.name for b in bands)}
    return text + " " + gettext("Key events are labelled; each mark links to its entry below.")


def layout_overview(events: tuple[Event, ...], eras: Sequence[Era] = (),
                    language: str = SOURCE_LANGUAGE) -> Overview:
    """Return the overview of `events` (already in date order), with `eras` behind it, its
    words in `language`."""
    clusters = _clusters(events)
    cuts = _cuts(clusters)
    # A cluster is at least as wide as the label of its first year (at the year scale's words).
    drawn_starts = [clusters[0][0]] + [clusters[i + 1][0] for i in sorted(cuts)]
    widths = [max(2 * CLUSTER_PAD, text_width(format_year(year_of_day_number(d), language),
                                              AXIS_FONT, True)
                  + LABEL_GAP + CLUSTER_PAD) for d in drawn_starts]
    segments = _segments(clusters, cuts, widths, language)
    scale = _choose_scale(segments)
    # The first days of marks whose date names a month or a day (not only a year or a season).
    precise = frozenset(_span(e)[0] for e in events if e.date.start.month is not None)
    ticks, labels = _axis_labels(scale, segments, precise, language)
    bands, era_names = _bands(eras, segments)
    markers = _markers(events, segments, language)
    height = (ERA_Y if era_names else BREAK_Y if cuts else YEAR_Y) + 6
    return Overview(WIDTH, height, AXIS_Y, tuple(segments), tuple(ticks),
                    tuple(labels + era_names), tuple(markers), tuple(bands), scale.name,
                    _description(events, segments, bands, language))


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


def layout_histogram(parts: tuple, language: str = SOURCE_LANGUAGE) -> Histogram:
    """Return bars for the timeline's pages, as tall as they hold events; a year is written under
    the first page of its year, where it does not touch the year before (words in `language`)."""
    gap = 2.0
    width = max(WIDTH / len(parts), 4.0)
    most = max(len(p.events) for p in parts)
    bars, previous_year, free_from = [], None, -1e9
    for number, part in enumerate(parts):
        year = part.events[0].date.start.year
        x = number * width
        text = format_year(year, language) if year != previous_year else None
        if text is not None and x < free_from:
            text = None
        if text is not None:
            free_from = x + text_width(text, AXIS_FONT, bold=True) + LABEL_GAP
        bars.append(Bar(x, width - gap, 8 + 72 * len(part.events) / most, part.uri,
                        part.title, len(part.events), text, HISTOGRAM_BASE))
        previous_year = year
    total = sum(len(p.events) for p in parts)
    description = language_of(language).gettext(
        "%(count)s events on %(pages)s pages, from %(first)s to %(last)s; each bar is a page, as "
        "tall as the events it holds.") % {"count": f"{total:,}", "pages": len(parts),
                                           "first": parts[0].title, "last": parts[-1].title}
    return Histogram(len(parts) * width, 110, HISTOGRAM_BASE, tuple(bars), description)
