"""The overview strip: right at every scale, from one week to billions of years, with no label
touching another, on the real TimelineJS example timelines and on many generated ones."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.browser import chromium
from tests.support import (
    FIXTURES,
    TARIFFS,
    TEMPLATES,
    DatePoint,
    Era,
    Event,
    EventDate,
    check_with,
    date_of_day_number,
    format_year,
    make_environment,
    overview,
    year_of_day_number,
)

O = overview


def event(number: int, start: DatePoint, end: DatePoint | None = None, key: bool = False,
          title: str | None = None, ongoing: bool = False) -> Event:
    """Return an event of the given date (ids in order, so that they sort as given)."""
    return Event(id=f"{number:03d}-event", path=f"seeds/events/{number:03d}-event.md",
                 title=title or f"Event number {number}", date=EventDate(start, end, ongoing),
                 summary="A summary.", sources=(), importance=3 if key else 2)


def of_years(years: Sequence[int], keys: Sequence[int] = ()) -> tuple[Event, ...]:
    """Return one event per year (astronomical), the `keys`-th of them key events."""
    return tuple(event(n, DatePoint(year), key=n in keys, title=f"What happened in {format_year(year)}")
                 for n, year in enumerate(years))


# The dates of Knight Lab's own TimelineJS examples (compiled/examples/*.json of TimelineJS3),
# in EDTF's astronomical years: TimelineJS's -2600 is EDTF -2599, its -298000 is EDTF -297999.
TWAIN = (event(0, DatePoint(1835, 11, 30), key=True, title="Samuel Clemens is born"),
         *of_years([1847, 1857, 1861, 1865, 1870, 1876, 1884, 1894, 1896, 1904])[0:],
         event(99, DatePoint(1910, 4, 21), key=True, title="Mark Twain dies"))
SEVENTH = of_years([602, 610, 618, 622, 632, 636, 641, 651, 661, 674, 680, 685, 698], keys=(3, 4))
SCIENCE = of_years([-2599, -599, -349, -249, 150, 1021, 1543, 1609, 1687, 1859, 1905, 1953],
                   keys=(0, 6, 8, 10))
COSMOS = of_years([-13_800_000_000, -13_000_000_000, -4_600_000_000, -3_800_000_000, -540_000_000,
                   -252_000_000, -66_000_000, -2_500_000, -297_999], keys=(0, 2, 6))
EXAMPLES = {"twain": TWAIN, "seventh-century": SEVENTH, "science": SCIENCE, "cosmos": COSMOS}


def year_at(strip: O.Overview, x: float) -> int:
    """Return the astronomical year drawn at `x` on the strip (not in a break)."""
    for segment in strip.segments:
        if segment.x <= x <= segment.end and not segment.is_break:
            inner = segment.width - 2 * O.CLUSTER_PAD
            share = 0.0 if inner <= 0 else min(max((x - segment.x - O.CLUSTER_PAD) / inner, 0), 1)
            return year_of_day_number(round(segment.first + share * (segment.last + 1 - segment.first)))
    raise AssertionError(f"{x} is in no stretch of the strip")


def assert_readable(strip: O.Overview) -> None:
    """Assert what a reader would notice: no two labels touch, none leaves the strip, every year
    label stands at its own year, every mark is on the strip."""
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for label in strip.labels:
        assert 0 <= label.x and label.end <= strip.width, label
        rows.setdefault(label.y, []).append((label.x, label.end, label.text))
    for marker in strip.markers:
        assert 0 <= marker.x <= strip.width
        if marker.label:
            left = marker.label_x - marker.label_width / 2
            assert -0.01 <= left and left + marker.label_width <= strip.width + 0.01
            rows.setdefault(marker.label_y, []).append((left, left + marker.label_width, marker.label))
    for row in rows.values():
        row.sort()
        for (_, end, text), (start, _, other) in zip(row, row[1:], strict=False):
            assert end <= start, f"{text!r} touches {other!r}"
    for label in strip.labels:
        if label.kind == "year":
            year = year_at(strip, label.x - 2)
            assert label.text.endswith(format_year(year)), (label.text, year)


def test_the_example_timelines_are_readable_at_their_own_scales() -> None:
    scales = {name: O.layout_overview(events).scale for name, events in EXAMPLES.items()}
    for events in EXAMPLES.values():
        assert_readable(O.layout_overview(events))
    assert scales == {"twain": "years", "seventh-century": "years", "science": "centuries",
                      "cosmos": "millions of years"}


def labels_of(strip: O.Overview, kind: str) -> list[str]:
    """Return the texts of the strip's labels of one kind, left to right."""
    return [label.text for label in sorted(strip.labels, key=lambda label: label.x) if label.kind == kind]


def test_twain_is_drawn_to_one_scale_with_a_label_every_five_years() -> None:
    strip = O.layout_overview(TWAIN)
    assert not strip.breaks
    assert labels_of(strip, "year") == ["1835"] + [str(y) for y in range(1840, 1910, 5)]


def test_antiquity_is_told_in_bce_and_its_empty_millennia_are_cut_out() -> None:
    strip = O.layout_overview(SCIENCE)
    years = labels_of(strip, "year")
    assert years[:2] == ["2600 BCE", "600 BCE"] and "1543" in years
    assert "– 2,000 years –" in labels_of(strip, "break")
    assert "Empty stretches are cut short: 2,000 years" in strip.description


def test_deep_time_is_told_in_years_ago() -> None:
    strip = O.layout_overview(COSMOS)
    assert labels_of(strip, "year")[0] == "13.8 billion years ago"
    assert "8.4 billion years" in strip.description
    assert all(0 <= m.x <= O.WIDTH for m in strip.markers)
    # Every event keeps its own place: none is pushed past the next.
    xs = [m.x for m in strip.markers]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_a_year_after_a_break_is_labelled_with_its_own_year() -> None:
    # The strip once wrote the year only on a January: after a break into July 2025 it said
    # nothing, and a lone event of 1918 then one of 1942 read "19181942".
    events = (*of_years([1900, 1903, 1906, 1910, 1914, 1918]), *of_years([1942, 1944, 1945]))
    events = tuple(event(n, e.date.start) for n, e in enumerate(events))
    strip = O.layout_overview(events)
    assert labels_of(strip, "break") == ["– 1918 to 1942 –"]
    assert "1942" in labels_of(strip, "year")
    assert_readable(strip)
    months = (event(0, DatePoint(2025, 7)), event(1, DatePoint(2026, 1, 26)),
              event(2, DatePoint(2026, 1, 27)), event(3, DatePoint(2026, 1, 29)),
              event(4, DatePoint(2026, 2)), event(5, DatePoint(2018, 3)))
    strip = O.layout_overview(tuple(sorted(months, key=lambda e: e.date.sort_key)))
    assert_readable(strip)
    assert {"2018", "2025", "2026"} <= {text.split()[-1] for text in labels_of(strip, "year")}


def test_one_week_is_drawn_in_days() -> None:
    days = tuple(event(n, DatePoint(2026, 1, 26 + n)) for n in range(6))
    strip = O.layout_overview(days)
    assert strip.scale == "days"
    assert labels_of(strip, "minor") == ["26", "27", "28", "29", "30", "31"]
    assert labels_of(strip, "year") == ["Jan 2026"]


def test_the_tariff_timeline_is_readable() -> None:
    timeline, _ = check_with(root=TARIFFS)
    assert timeline is not None
    strip = O.layout_overview(timeline.events)
    assert_readable(strip)
    assert {"2025", "2026"} <= {text.split()[-1] for text in labels_of(strip, "year")}


def day_at(strip: O.Overview, x: float) -> int | None:
    """Return the day number drawn at `x` on the strip, None in a break."""
    for segment in strip.segments:
        if segment.x <= x <= segment.end and not segment.is_break:
            inner = segment.width - 2 * O.CLUSTER_PAD
            share = 0.0 if inner <= 0 else min(max((x - segment.x - O.CLUSTER_PAD) / inner, 0), 1)
            return int(segment.first + share * (segment.last + 1 - segment.first))
    return None


YEAR_2026 = b"""---
title: The year of the tariff talks
date: 2026
summary: A year-long round of tariff talks between Seoul and Washington.
tags: [negotiations]
importance: 3
sources:
  - source: anadolu-2026-01-30
---
"""


def test_a_year_long_event_leaves_the_days_of_its_year_at_their_own_dates() -> None:
    # Its dot is in the middle of 2026; the January talks stay in January, not past the break.
    timeline, problems = check_with({"events/2026-the-year-of-the-tariff-talks.md": YEAR_2026},
                                    root=TARIFFS)
    assert timeline is not None, problems
    strip = O.layout_overview(timeline.events)
    assert_readable(strip)
    drawn = {m.event.id: day_at(strip, m.x) for m in strip.markers}
    january = [e for e in timeline.events if (e.date.start.year, e.date.start.month) == (2026, 1)]
    assert len(january) >= 5
    for event in january:
        shown = drawn[event.id]
        assert shown is not None and date_of_day_number(shown)[:2] == (2026, 1), \
            (event.id, shown and date_of_day_number(shown))
    assert date_of_day_number(drawn["2026-the-year-of-the-tariff-talks"] or 0)[:2] == (2026, 7)
    assert [m.x for m in strip.markers] == sorted(m.x for m in strip.markers)


def test_a_century_long_event_leaves_the_years_of_its_century_at_their_own_years() -> None:
    events = (event(0, DatePoint(1900, year_unspecified=2), key=True, title="The 1900s"),
              *(event(n, DatePoint(*date)) for n, date in enumerate(
                  [(1905, 6, 30), (1914, 7, 28), (1929, 10, 24), (1939, 9, 1), (1969, 7, 20),
                   (1989, 11, 9)], start=1)))
    strip = O.layout_overview(events)
    assert_readable(strip)
    assert {m.event.title: year_at(strip, m.x) for m in strip.markers} == {
        "The 1900s": 1950, **{f"Event number {n}": year for n, year in
                              enumerate([1905, 1914, 1929, 1939, 1969, 1989], start=1)}}


def test_eras_are_bands_with_their_names_where_they_fit() -> None:
    eras = (Era("hijra", "Rise of Islam", EventDate(DatePoint(610), DatePoint(661))),
            Era("later", "Umayyads", EventDate(DatePoint(661), DatePoint(750))),
            Era("short", "A name far too long for its band", EventDate(DatePoint(622), DatePoint(623))),
            Era("before", "Long before", EventDate(DatePoint(100), DatePoint(200))))
    strip = O.layout_overview(SEVENTH, eras)
    assert [b.era.id for b in strip.bands] == ["hijra", "short", "later"]  # "before" misses the strip
    assert labels_of(strip, "era") == ["Rise of Islam", "Umayyads"]
    band = strip.bands[0]
    assert band.x < O.WIDTH / 2 < band.x + band.width
    assert "Eras: Rise of Islam; A name far too long for its band; Umayyads." in strip.description
    assert_readable(strip)


# --- Generated timelines ------------------------------------------------------------------------

POINTS = st.builds(
    lambda year, month, day, precision: DatePoint(year) if precision == 0 else
    DatePoint(year, month) if precision == 1 else DatePoint(year, month, day),
    st.integers(-14_000_000_000, 100_000_000), st.integers(1, 12), st.integers(1, 28),
    st.integers(0, 2))
# Years gathered near a centre, at a scale of its own: a week of days up to billions of years.
SCALED = st.tuples(st.integers(-5_000, 3_000), st.sampled_from([0, 1, 10, 100, 10_000, 10 ** 6, 10 ** 9]),
                   st.lists(st.tuples(st.floats(0, 1), st.integers(1, 12), st.integers(1, 28),
                                      st.integers(0, 2), st.booleans()), min_size=1, max_size=60))


def timeline_of(drawn: tuple[int, int, list[tuple[float, int, int, int, bool]]]) -> tuple[Event, ...]:
    """Return the events of a drawn timeline, in date order."""
    centre, spread, points = drawn
    events = []
    for n, (share, month, day, precision, key) in enumerate(points):
        year = centre - int(share * spread)
        point = (DatePoint(year) if precision == 0 or spread > 10_000 else
                 DatePoint(year, month) if precision == 1 else DatePoint(year, month, day))
        events.append(event(n, point, key=key, title="A key event " * (n % 4 + 1)))
    return tuple(sorted(events, key=lambda e: (e.date.sort_key, e.id)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCALED)
def test_no_label_touches_another_on_generated_timelines(drawn) -> None:
    assert_readable(O.layout_overview(timeline_of(drawn)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(POINTS, min_size=1, max_size=40), st.lists(st.tuples(POINTS, POINTS), max_size=4))
def test_no_label_touches_another_across_all_of_time(points, era_points) -> None:
    events = tuple(sorted((event(n, p, key=n % 3 == 0) for n, p in enumerate(points)),
                          key=lambda e: (e.date.sort_key, e.id)))
    eras = tuple(Era(f"era-{n}", f"Era {n}", EventDate(*sorted((a, b), key=lambda p: p.first_ordinal)))
                 for n, (a, b) in enumerate(era_points))
    assert_readable(O.layout_overview(events, eras))


# --- In the browser ---------------------------------------------------------------------------------

CSS = (TEMPLATES.parent / "overrides" / "assets" / "timeline.css").read_text(encoding="utf-8")


def test_no_text_of_the_strip_overlaps_in_chromium_at_390_and_1440_px() -> None:
    template = make_environment(TEMPLATES).get_template("overview.svg.j2")
    pages = {name: template.render(overview=O.layout_overview(events))
             for name, events in EXAMPLES.items()}
    with chromium() as browser:
        for width in (390, 1440):
            tab = browser.new_page(viewport={"width": width, "height": 600})
            for name, svg in pages.items():
                tab.set_content(f"<!doctype html><style>{CSS}</style><figure class='tl-overview'>"
                                f"<div class='tl-overview__scroll'>{svg}</div></figure>")
                boxes = tab.evaluate("""() => [...document.querySelectorAll('svg text')].map(t => {
                    const r = t.getBoundingClientRect();
                    return [t.textContent, r.left, r.right, r.top, r.bottom]; })""")
                for i, (text, left, right, top, bottom) in enumerate(boxes):
                    for other, l2, r2, t2, b2 in boxes[i + 1:]:
                        overlap = left < r2 and l2 < right and top < b2 and t2 < bottom
                        assert not overlap, f"{name} at {width} px: {text!r} overlaps {other!r}"
            tab.close()


def test_the_strip_holds_no_script() -> None:
    template = make_environment(TEMPLATES).get_template("overview.svg.j2")
    svg = template.render(overview=O.layout_overview(COSMOS))
    assert not re.search(r"<script|\bon[a-z]+=", svg)


def test_event_files_of_every_era_make_a_readable_strip() -> None:
    # The `ages` fixture's files, in the date forms of EDTF level 1: 13.8 billion years ago, 66
    # million years ago, 44 BCE, 622, 19XX, a season of 2001.
    timeline, problems = check_with(root=FIXTURES / "ages")
    assert timeline is not None, problems
    strip = O.layout_overview(timeline.events)
    assert_readable(strip)
    years = labels_of(strip, "year")
    assert years[0] == "13.8 billion years ago" and "44 BCE" in years
    assert strip.breaks
