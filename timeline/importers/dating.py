"""Importers, dates: a slide's TimelineJS date parts as an EDTF date, and the qualifiers, unspecified
digits and seasons this site's own export writes in its display date, restored.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from .. import fields as F
from ..dates import MONTHS, SEASONS, DateError, format_event_date, parse_event_date
from ..daycount import SEASON_MONTHS, month_days
from ..examples import event_id_prefix
from ..export import year_of_tljs
from ..model import edtf_year
from .reading import Slide
from .text import shown


_YEAR = re.compile(rf"[+-]?[0-9]{{1,{F.YEAR_DIGITS_MAX}}}", re.ASCII)

_SMALL_NUMBER = re.compile(r"[0-9]{1,2}", re.ASCII)


@dataclass(frozen=True)
class Point:
    """One converted date: its EDTF text, and what the conversion had to leave out."""

    edtf: str
    notes: tuple[str, ...] = ()


YEAR_FIX = "write the year as a whole number, such as -44 for 44 BCE"


def _named(what: str, part: str, sheet: bool) -> str:
    """Return a date's part as the input names it: "start_date.year" in JSON, "End Year" in the
    sheet's CSV (`what` is "start_date" or "end_date")."""
    if sheet:
        return ("End " if what == "end_date" else "") + part.capitalize()
    return f"{what}.{part}"


def edtf_point(parts: dict[str, str], cosmological: bool, what: str, sheet: bool = False) -> Point:
    """Return the EDTF date of a TimelineJS date (its year, month and day; times are dropped).

    Raises ValueError, its message a row report, when the year cannot be read.
    """
    year_name, month_name, day_name = (_named(what, part, sheet) for part in ("year", "month", "day"))
    notes: list[str] = []
    raw = parts.get("year", "")
    if not raw:
        raise ValueError(f"{year_name} is {'empty' if sheet else 'missing'} — {YEAR_FIX}")
    if _YEAR.fullmatch(raw) is None:
        raise ValueError(f'{year_name} "{shown(raw)}" is not a whole number of at most '
                         f"{F.YEAR_DIGITS_MAX} digits — {YEAR_FIX}")
    year = int(raw)
    if year == 0:
        notes.append(f"{year_name}: TimelineJS shows the year 0 as \"0\"; imported as 1 BCE "
                     "(EDTF's year 0000)")
    astronomical = year_of_tljs(year)
    text = edtf_year(astronomical)
    month_text, day_text = parts.get("month", ""), parts.get("day", "")
    if cosmological or text.startswith("Y"):
        if month_text or day_text:
            notes.append(f"{month_name} and {day_name} dropped: "
                         + ("a cosmological timeline counts years only" if cosmological else
                            "a year of more than four digits is written as a year only"))
        month_text = day_text = ""
    if month_text:
        if _SMALL_NUMBER.fullmatch(month_text) is None or not 1 <= int(month_text) <= 12:
            notes.append(f'{month_name} "{shown(month_text)}" is not 1 to 12; kept the year only')
            month_text = day_text = ""
        else:
            text += f"-{int(month_text):02d}"
    if day_text:
        if not month_text:
            notes.append(f"{day_name} without {month_name} was dropped")
        elif _SMALL_NUMBER.fullmatch(day_text) is None or not \
                1 <= int(day_text) <= month_days(astronomical, int(month_text)):
            notes.append(f'{day_name} "{shown(day_text)}" is not a day of that month; kept the '
                         "year and month")
        else:
            text += f"-{int(day_text):02d}"
    clock = [parts[k] for k in ("time", "hour", "minute", "second", "millisecond") if parts.get(k)]
    if clock:
        notes.append(f"{_named(what, 'time', sheet) if sheet else what}: the time of day "
                     f"({shown(':'.join(clock))}) was dropped: event dates carry no time")
    return Point(text, tuple(notes))


def edtf_date(slide: Slide, cosmological: bool, sheet: bool = False) -> Point:
    """Return the EDTF date (a day, or an interval START/END) of a slide."""
    start = edtf_point(slide.start, cosmological, "start_date", sheet)
    if not slide.end.get("year"):
        return start
    try:
        end = edtf_point(slide.end, cosmological, "end_date", sheet)
    except ValueError as error:
        return Point(start.edtf, (*start.notes, f"{error}; imported without its end"))
    # Compared as the checker compares them: by the days each covers (2025-03 ends within 2025).
    first, last = parse_event_date(start.edtf), parse_event_date(end.edtf)
    if (first.first_ordinal, first.last_ordinal) == (last.first_ordinal, last.last_ordinal):
        return Point(start.edtf, start.notes + end.notes)
    if last.last_ordinal < first.first_ordinal:
        order = ("End Year, End Month and End Day are before Year, Month and Day" if sheet else
                 "end_date is before start_date")
        return Point(start.edtf, (*start.notes, *end.notes,
                                  f"{order}; imported without its end"))
    return Point(f"{start.edtf}/{end.edtf}", start.notes + end.notes)


_QUALIFIERS = ("", "~", "?", "%")

# A month or a season named in a display date, with the day before it: "15 March", "Spring".
_NAMED = re.compile(r"(?:\b([0-9]{1,2}) )?\b(" + "|".join(MONTHS[1:]) + "|"
                    + "|".join(SEASONS.values()) + r")\b")


def _point_forms(edtf: str, words: str | None = None, last: bool = False) -> list[str]:
    """Return the EDTF points with the TimelineJS parts of `edtf` (a point this module wrote),
    as written first: unspecified digits (1900 is also 19XX, 190X, 1900-XX), a season for its
    first month (2001-03 is also 2001-21); without qualifiers. With `last`, for an end, whose
    parts our export writes as those of its last day: 1999 is also 19XX, 2001-05 is 2001-21,
    2002-02 is 2001-24 (winter ends in the next year's February).

    `words`, for a cosmological timeline (whose parts are years only), is the display date's text
    for this point: the first two months or seasons it names (and their days) are tried too.
    """
    bases = [edtf]
    if words is not None and "-" not in edtf.lstrip("-"):
        for match in itertools.islice(_NAMED.finditer(words), 2):
            day, name = match.groups()
            if name in MONTHS:
                month = f"{edtf}-{MONTHS.index(name):02d}"
                bases += [f"{month}-{int(day):02d}", month] if day else [month]
            else:
                bases.append(f"{edtf}-{next(k for k, v in SEASONS.items() if v == name)}")
    forms: list[str] = []
    for base in bases:
        forms.append(base)
        year, _, rest = base.lstrip("-").partition("-")
        if base.startswith(("-", "Y")):
            continue
        if not rest:
            forms += [year[:4 - k] + "X" * k for k in (1, 2, 3)
                      if int(year) % 10 ** k == (10 ** k - 1 if last else 0)]
            forms += [f"{base}-XX", f"{base}-XX-XX"]
        elif "-" not in rest and int(rest) <= 12:
            forms.append(f"{base}-XX")
            if not last:
                forms += [f"{year}-{season}" for season, (first, _) in SEASON_MONTHS.items()
                          if first == int(rest)]
            else:
                forms += [f"{int(year) - (end > 12):04d}-{season}"
                          for season, (_, end) in SEASON_MONTHS.items()
                          if (end - 1) % 12 + 1 == int(rest)]
    return forms


@functools.lru_cache(maxsize=4096)  # the slides of one timeline share many dates
def _shown_as(candidate: str) -> str | None:
    """Return how this site shows an EDTF date (format_event_date), or None if it is not one."""
    try:
        return format_event_date(parse_event_date(candidate))
    except DateError:
        return None


def date_as_written(slide: Slide, cosmological: bool) -> str:
    """Return a slide's start and end as its parts say, even an end the date left out as the same
    as its start (-0043-03-15/-0043 on the cosmological scale is -0043/-0043)."""
    start = edtf_point(slide.start, cosmological, "start_date").edtf
    try:
        end = edtf_point(slide.end, cosmological, "end_date").edtf if slide.end.get("year") else ""
    except ValueError:
        end = ""
    return f"{start}/{end}" if end else start


def restored_date(edtf: str, display_date: str, cosmological: bool = False,
                  id_date: str | None = None) -> str | None:
    """Return the EDTF date whose TimelineJS parts are those of `edtf` and that this site shows as
    `display_date` (qualifiers ~ ? %, unspecified digits, seasons, an ongoing end "/.."), or None
    if this site shows none of them so.

    TimelineJS has no field for them; this site's timeline.json writes format_event_date's text in
    display_date, so its export imports back to the same dates. Where two dates show alike
    ("1900s" is 190X and 19XX), the one whose id starts with `id_date` (the date part of the
    slide's unique_id) goes first, and an end with as many X digits as its start.

    Bounded: each form of a point (at most 10 from its parts, 20 with a cosmological timeline's
    words) is shown once without qualifiers, and only a form whose text is in the display date's
    is tried with its four qualifiers.
    """
    start, _, end = edtf.partition("/")
    if _shown_as(edtf) == display_date:
        return edtf
    head = display_date.split(" – ", 1)[0] if " – " in display_date else None
    tail = display_date.rsplit(" – ", 1)[-1]
    ongoing = not end and display_date.endswith(" – ongoing")
    starts = _point_forms(start, (head or display_date) if cosmological else None)
    if id_date is not None:
        starts.sort(key=lambda form: event_id_prefix(form) != id_date)
    if end and head is None:  # "1990–2001", "29–30 January 2026": plain, tried as written above
        return None
    # A start's text alone is what its ongoing form shows before " – ongoing"; a qualifier only
    # adds words to it, so a form whose text is not in the display date's is not tried further.
    heads = []
    for form in starts:
        alone = _shown_as(form if not (end or ongoing) else f"{form}/..")
        if alone is not None and alone.removesuffix(" – ongoing") in (head or display_date):
            heads += [form + qualifier for qualifier in _QUALIFIERS]
    if not end:
        for first in heads:
            candidate = f"{first}/.." if ongoing else first
            if _shown_as(candidate) == display_date:
                return candidate
        return None
    ends = [form + qualifier for form in _point_forms(end, tail if cosmological else None, True)
            if (_shown_as(f"{form}/..") or "\n").removesuffix(" – ongoing") in tail
            for qualifier in _QUALIFIERS]
    for first in heads:
        if (_shown_as(f"{first}/..") or "").removesuffix(" – ongoing") != head:
            continue
        for last in sorted(ends, key=lambda form: form.count("X") != first.count("X")):
            candidate = f"{first}/{last}"
            if _shown_as(candidate) == display_date:
                return candidate
    return None
