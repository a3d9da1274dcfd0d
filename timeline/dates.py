"""Dates: the EDTF subset events are written in, parsed strictly and shown at their own precision."""

from __future__ import annotations

import calendar
import functools
import re

from .examples import interval_example
from .model import DatePoint, EventDate

_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?", re.ASCII)
_TIME = re.compile(r"\d[T ]\d|\d{1,2}:\d{2}", re.ASCII)
_SLASHED_DAY = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", re.ASCII)
# Spelt out rather than taken from calendar.month_name, which follows the process locale.
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

FORMS = (
    "YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ? (uncertain), ~ (approximate) or "
    "% (both), or an interval START/END or START/.."
)


class DateError(ValueError):
    """A date that is not in the format; the message says what was found and the fix."""


def _for_example(example: str | None) -> str:
    """Return the fix that shows `example`, or asks for one of the forms when there is none."""
    return f"for example: {example}" if example else "write it in one of those forms"


def _parse_point(text: str, whole: str, example: str | None) -> DatePoint:
    """Return one date of the EDTF subset, or raise DateError."""
    match = _POINT.fullmatch(text)
    if match is None:
        raise DateError(f'expected {FORMS}; found "{whole}" — {_for_example(example)}')
    year, month, day, qualifier = match.groups()
    if not 1 <= int(year) <= 9998:
        raise DateError(f'the year {year} is not supported; found "{whole}" — use a year from 0001 '
                        "to 9998")
    if month is not None and not 1 <= int(month) <= 12:
        raise DateError(
            f'"{whole}" has month {month}, and months run from 01 to 12 — '
            "write the date as YYYY-MM-DD (year, then month, then day)"
        )
    if day is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise DateError(
                f'"{whole}" is not a real date: {MONTHS[int(month)]} {year} has {last} days — '
                "correct the day"
            )
    return DatePoint(
        year=int(year),
        month=int(month) if month is not None else None,
        day=int(day) if day is not None else None,
        uncertain=qualifier in ("?", "%"),
        approximate=qualifier in ("~", "%"),
    )


_WRITTEN_DATE = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)? )?([A-Za-z]{3,})\.?,? (\d{4})")


def _suggest_from_words(day: str | None, month_word: str, year: str) -> str | None:
    """Return "2026-01-29" for ("29", "January", "2026"), or None if the month is not a month."""
    for number, name in enumerate(MONTHS[1:], start=1):
        if name.lower().startswith(month_word.lower()):
            return f"{year}-{number:02d}-{int(day):02d}" if day else f"{year}-{number:02d}"
    return None


def parse_event_date(text: str, example: str | None = None) -> EventDate:
    """Return the event date written in `text`, or raise DateError saying what to write instead.

    `example` is the date a message suggests (YYYY, YYYY-MM or YYYY-MM-DD): the one in the event's
    file name, drawn from the file in hand; without one, messages show the forms only.
    """
    e_g = f", e.g. {example}" if example else ""
    if text.strip() == "":
        raise DateError(f"the date is empty — write it as {FORMS}{e_g}")
    if text != text.strip():
        raise DateError(f'"{text}" has spaces around it — remove them')
    if _TIME.search(text):
        raise DateError(
            f'found "{text}", which has a time of day; dates carry no time — '
            f"write the date only{e_g}"
        )
    if _SLASHED_DAY.fullmatch(text):
        raise DateError(
            f'found "{text}", which could be read day-first or month-first — '
            f"write it as YYYY-MM-DD{e_g}"
        )
    written = _WRITTEN_DATE.fullmatch(text)
    if written is not None:
        suggestion = _suggest_from_words(*written.groups())
        if suggestion is not None:
            raise DateError(f'found "{text}" written in words — write it as {suggestion}')
    parts = text.split("/")
    if len(parts) == 1:
        return EventDate(_parse_point(text, text, example))
    if len(parts) != 2:
        raise DateError(f'expected {FORMS}; found "{text}" — '
                        f"{_for_example(interval_example(example) if example else None)}")
    first, second = parts
    if first in ("", ".."):
        raise DateError(
            f'found "{text}"; an interval needs a known start ("..", for still going on, may only '
            "be its end) — write START/END or START/.."
        )
    start = _parse_point(first, text, example)
    if second == "..":
        return EventDate(start, ongoing=True)
    if second == "":
        raise DateError(f'found "{text}", an interval without an end — write START/END, or START/.. '
                        "if it is still going on")
    end = _parse_point(second, text, example)
    if (end.first_ordinal, end.last_ordinal) == (start.first_ordinal, start.last_ordinal):
        raise DateError(
            f'found "{text}", an interval that starts and ends on the same date — '
            f"write the single date {first}"
        )
    if end.last_ordinal < start.first_ordinal:
        raise DateError(
            f'found "{text}", an interval that ends before it starts — put the earlier date first'
        )
    return EventDate(start, end)


def _point_text(point: DatePoint, weekday: bool) -> str:
    """Return one date in words at its own precision, without qualifiers."""
    if point.day is not None:
        assert point.month is not None
        text = f"{point.day} {MONTHS[point.month]} {point.year}"
        return f"{WEEKDAYS[(point.first_ordinal - 1) % 7]} {text}" if weekday else text
    if point.month is not None:
        return f"{MONTHS[point.month]} {point.year}"
    return str(point.year)


def _qualified(point: DatePoint, text: str) -> str:
    """Return `text` marked as approximate (c.) and/or uncertain."""
    if point.approximate:
        text = f"c. {text}"
    if point.uncertain:
        text = f"{text} (uncertain)"
    return text


@functools.lru_cache(maxsize=65536)  # a date is shown on several pages and in every export
def format_event_date(date: EventDate) -> str:
    """Return the date in words at the precision written: "July 2025", "29–30 January 2026"."""
    start = date.start
    if date.ongoing:
        return f"{_qualified(start, _point_text(start, weekday=False))} – ongoing"
    end = date.end
    if end is None:
        return _qualified(start, _point_text(start, weekday=True))
    qualified = start.uncertain or start.approximate or end.uncertain or end.approximate
    if not qualified and start.precision == end.precision:
        # Share what the two ends have in common: "29–30 January 2026", "July–November 2025".
        if start.precision == "day" and (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{_point_text(end, weekday=False)}"
        if start.precision == "day" and start.year == end.year:
            return f"{start.day} {MONTHS[start.month or 1]} – {_point_text(end, weekday=False)}"
        if start.precision == "month" and start.year == end.year:
            return f"{MONTHS[start.month or 1]}–{_point_text(end, weekday=False)}"
        if start.precision == "year":
            return f"{start.year}–{end.year}"
    return (
        f"{_qualified(start, _point_text(start, weekday=False))} – "
        f"{_qualified(end, _point_text(end, weekday=False))}"
    )


def format_month(year: int, month: int) -> str:
    """Return a month heading such as "January 2026" or "March 44 BCE"."""
    return f"{MONTHS[month]} {format_year(year)}"


# Deep time is told in years before the present, rounded; nearer years are told exactly.
_AGO_FROM = 1_000_000
_AGO_UNITS = ((1_000_000_000, "billion"), (1_000_000, "million"))


def _significant(value: float) -> str:
    """Return a number with three significant digits at most, without trailing zeros: 13.8, 66."""
    text = f"{value:.3g}"
    return text if "e" not in text else f"{value:,.0f}"


def format_year(year: int) -> str:
    """Return an astronomical year as readers say it: "2026", "44 BCE" (-43), "12,001 BCE",
    "66 million years ago", "13.8 billion years ago", "170,000,002"."""
    if year >= 1:
        return str(year) if year <= 9999 else f"{year:,}"
    before = 1 - year  # EDTF's year 0 is 1 BCE
    if -year < _AGO_FROM:
        return f"{before} BCE" if before <= 9999 else f"{before:,} BCE"
    for size, word in _AGO_UNITS:
        if -year >= size:
            return f"{_significant(-year / size)} {word} years ago"
    raise AssertionError(year)  # pragma: no cover: _AGO_FROM is the smallest unit
