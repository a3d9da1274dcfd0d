"""Dates: the EDTF subset events are written in, parsed strictly and shown at their own precision."""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel.dates import format_skeleton

from . import fields as F
from .daycount import day_number, month_days
from .examples import interval_example
from .model import DatePoint, EventDate, edtf_year

# One date of the format: a year of four digits (a sign before it for years before 1 CE, X for
# unspecified digits), a month, season or XX, a day or XX; or Y and a longer year; a qualifier.
_POINT = re.compile(r"(?:(-?)([0-9]{4}|[0-9]{3}X|[0-9]{2}XX|[0-9]XXX)(?:-([0-9]{2}|XX)(?:-([0-9]{2}|XX))?)?"
                    r"|Y(-?)([0-9]+))([?~%])?", re.ASCII)
_TIME = re.compile(r"\d[T ]\d|\d{1,2}:\d{2}", re.ASCII)
_SLASHED_DAY = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", re.ASCII)
# Years as people write them, which the format writes otherwise: "44 BCE", "AD 33", "c. 1500",
# "-44", "12000". Each is matched whole against a date of at most DATE_MAX characters.
_ERA_YEAR = re.compile(r"(?i)([0-9]{1,12})\s*(B\.?\s?C\.?(?:\s?E\.?)?|A\.?\s?D\.?|C\.?\s?E\.?)")
_ERA_BEFORE = re.compile(r"(?i)(A\.?\s?D\.?|C\.?\s?E\.?)\s*([0-9]{1,12})")
_CIRCA = re.compile(r"(?i)(?:c\.|ca\.|circa|about)\s*(.{1,60})")
_SHORT_YEAR = re.compile(r"(-?)([0-9]{1,3})", re.ASCII)
_LONG_YEAR = re.compile(r"(-?)([0-9]{5,})", re.ASCII)
_LONG_YEAR_PARTS = re.compile(r"(Y-?[0-9]+)-.*", re.ASCII)
# Spelt out rather than taken from calendar.month_name, which follows the process locale.
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Weekdays are shown from the first day of the Gregorian calendar on (Friday 15 October 1582):
# before it, sources count days in the Julian calendar, whose weekdays differ from the proleptic
# Gregorian ones the format's dates would give.
GREGORIAN_FROM = day_number(1582, 10, 15)

FORMS = (
    "YYYY, YYYY-MM or YYYY-MM-DD (-YYYY before 1 CE, Y-YYYYY for longer years, X for unknown "
    "digits, YYYY-21 to YYYY-24 for seasons), optionally followed by ? (uncertain), ~ "
    "(approximate) or % (both), or an interval START/END or START/.."
)
# Said in messages about years: the forms beyond the four-digit years of the common era.
YEAR_FORMS = ("years before 1 CE are written -YYYY, where 0000 is 1 BCE and -0043 is 44 BCE; "
              "years of more than four digits are written Y-13800000000")


class DateError(ValueError):
    """A date that is not in the format; the message says what was found and the fix."""


def _for_example(example: str | None) -> str:
    """Return the fix that shows `example`, or asks for one of the forms when there is none."""
    return f"for example: {example}" if example else "write it in one of those forms"


def _as_written(text: str) -> str | None:
    """Return the year `text` names as the format writes it ("44 BCE" -> -0043, "AD 33" -> 0033,
    "44" -> 0044, "12000" -> Y12000), or None."""
    era = _ERA_YEAR.fullmatch(text)
    if era is not None and int(era.group(1)) >= 1:
        number = int(era.group(1))
        return edtf_year(1 - number if era.group(2).upper().startswith("B") else number)
    era = _ERA_BEFORE.fullmatch(text)
    if era is not None and int(era.group(2)) >= 1:
        return edtf_year(int(era.group(2)))
    if _SHORT_YEAR.fullmatch(text) or _LONG_YEAR.fullmatch(text):
        return edtf_year(int(text))
    return None


def _year_hint(text: str) -> str | None:
    """Return the fix for a year written as people write it ("44 BCE" -> -0043), or None."""
    era = _ERA_YEAR.fullmatch(text)
    if era is not None:
        number, word = int(era.group(1)), era.group(2).upper().replace(".", "").replace(" ", "")
        if word.startswith("B") and number >= 1:
            return (f'found "{text}"; {YEAR_FORMS} — write {edtf_year(1 - number)} for '
                    f"{number:,} BCE")
        if not word.startswith("B") and number >= 1:
            return f'found "{text}"; years of the common era are written as they are — write {edtf_year(number)}'
    era = _ERA_BEFORE.fullmatch(text)
    if era is not None and int(era.group(2)) >= 1:
        return f'found "{text}"; years of the common era are written as they are — write {edtf_year(int(era.group(2)))}'
    circa = _CIRCA.fullmatch(text)
    if circa is not None:
        inner = circa.group(1).strip()
        written = inner if _POINT.fullmatch(inner) else _as_written(inner)
        if written is not None:
            return f'found "{text}"; an approximate date ends with ~ — write {written}~'
    short = _SHORT_YEAR.fullmatch(text)
    if short is not None:
        sign, digits = short.groups()
        return (f'found "{text}"; a year has four digits — write {sign}{int(digits):04d}'
                + ("" if not sign else f" ({1 - int(sign + digits):,} BCE; {YEAR_FORMS})"))
    long = _LONG_YEAR.fullmatch(text)
    if long is not None and len(text) == 8:  # 20260129: a day without its hyphens?
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
        if 1 <= month <= 12 and 1 <= day <= month_days(year, month):
            return f'found "{text}"; a date is written with hyphens — write {text[:4]}-{text[4:6]}-{text[6:]}'
    if long is not None:
        return f'found "{text}"; a year of more than four digits is written with Y — write Y{text}'
    parts = _LONG_YEAR_PARTS.fullmatch(text)
    if parts is not None:
        return (f'found "{text}"; a year written with Y has no month or day — write the year '
                f"alone: {parts.group(1)}")
    return None


def _parse_long_year(sign: str, digits: str, whole: str) -> int:
    """Return the year of a `Y` date (Y-13800000000), or raise DateError."""
    if len(digits) > F.YEAR_DIGITS_MAX:
        raise DateError(f'"{whole}" has a year of {len(digits)} digits, more than the '
                        f"{F.YEAR_DIGITS_MAX} the format carries (a trillion years) — write a "
                        "shorter year")
    if digits.startswith("0") or len(digits) <= 4:
        written = edtf_year(int(sign + digits))
        raise DateError(f'"{whole}" writes a year of four digits or fewer with Y — write {written}'
                        if abs(int(sign + digits)) <= 9999 else
                        f'"{whole}" has a year that starts with 0 — write {written}')
    return int(sign + digits)


def _parse_point(text: str, whole: str, example: str | None) -> DatePoint:
    """Return one date of the format, or raise DateError."""
    match = _POINT.fullmatch(text)
    if match is None:
        hint = _year_hint(text)
        if hint is not None:
            raise DateError(hint)
        raise DateError(f'expected {FORMS}; found "{whole}" — {_for_example(example)}')
    sign, digits, month, day, long_sign, long_digits, qualifier = match.groups()
    flags = {"uncertain": qualifier in ("?", "%"), "approximate": qualifier in ("~", "%")}
    if long_digits is not None:
        return DatePoint(year=_parse_long_year(long_sign, long_digits, whole), **flags)
    unspecified = digits.count("X")
    if unspecified:
        if sign:
            raise DateError(f'"{whole}" has unspecified digits (X) in a year before 1 CE — write '
                            "the year in full, with ~ if it is approximate")
        if month is not None:
            raise DateError(f'"{whole}" has a month or day after a year with unspecified digits '
                            f"({digits}) — write the year alone: {digits}")
        return DatePoint(year=int(digits.replace("X", "0")), year_unspecified=unspecified, **flags)
    year = int(sign + digits)
    if sign and year == 0:
        raise DateError(f'"{whole}" has the year -0000 — year zero (1 BCE) is written 0000')
    if month is None:
        return DatePoint(year=year, **flags)
    if month == "XX":
        if day is not None and day != "XX":
            raise DateError(f'"{whole}" has a known day in an unknown month — write '
                            f"{edtf_year(year)}-XX-XX, or the month")
        return DatePoint(year=year, month_unspecified=True, day_unspecified=day is not None, **flags)
    number = int(month)
    if number in SEASONS:
        if day is not None:
            raise DateError(f'"{whole}" has a day after a season ({month}: '
                            f"{SEASONS[number].lower()}) — write the season alone, or the month "
                            "and the day")
        return DatePoint(year=year, season=number, **flags)
    if not 1 <= number <= 12:
        raise DateError(
            f'"{whole}" has month {month}, and months run from 01 to 12 — '
            "write the date as YYYY-MM-DD (year, then month, then day)"
        )
    if day is None:
        return DatePoint(year=year, month=number, **flags)
    if day == "XX":
        return DatePoint(year=year, month=number, day_unspecified=True, **flags)
    last = month_days(year, number)
    if not 1 <= int(day) <= last:
        raise DateError(
            f'"{whole}" is not a real date: {format_month(year, number)} has {last} days — '
            "correct the day"
        )
    return DatePoint(year=year, month=number, day=int(day), **flags)


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


def format_years(year: int, unspecified: int = 0, language: str = "en") -> str:
    """Return a year in words with its unspecified digits (19XX is (1900, 2)): "1980s", "1900s",
    "1000–1999" ("1900년대"); a year without them as format_year says it."""
    if language == KOREAN:
        return _ko_years(year, unspecified)
    if not unspecified:
        return format_year(year)
    # 198X: the 1980s; 19XX: the 1900s; but 190X is 1900-1909, not "the 1900s" again.
    if year >= 1000 and (unspecified == 2 or unspecified == 1 and year % 100 != 0):
        return f"{year}s"
    return f"{format_year(year)}–{format_year(year + 10 ** unspecified - 1)}"


def _year_text(point: DatePoint) -> str:
    """Return the year of a date in words, with its unspecified digits."""
    return format_years(point.year, point.year_unspecified)


def _point_text(point: DatePoint, weekday: bool) -> str:
    """Return one date in words at its own precision, without qualifiers."""
    year = _year_text(point)
    if point.day is not None:
        assert point.month is not None
        text = f"{point.day} {MONTHS[point.month]} {year}"
        if weekday and point.first_ordinal >= GREGORIAN_FROM:
            return f"{WEEKDAYS[(point.first_ordinal - 1) % 7]} {text}"
        return text
    if point.month is not None:
        text = f"{MONTHS[point.month]} {year}"
        return f"{text}, day unknown" if point.day_unspecified else text
    if point.season is not None:
        return f"{SEASONS[point.season]} {year}"
    if point.month_unspecified:
        return f"{year}, month and day unknown" if point.day_unspecified else f"{year}, month unknown"
    return year


def _qualified(point: DatePoint, text: str) -> str:
    """Return `text` marked as approximate (c.) and/or uncertain."""
    if point.approximate:
        text = f"c. {text}"
    if point.uncertain:
        text = f"{text} (uncertain)"
    return text


def _is_plain(point: DatePoint) -> bool:
    """Return True for a date of a known year, month and day (as far as written), unqualified."""
    return not (point.uncertain or point.approximate or point.season is not None
                or point.year_unspecified or point.month_unspecified or point.day_unspecified)


def _common_era(start: DatePoint, end: DatePoint, text: str) -> str:
    """Return an interval's end marked CE when the interval starts before 1 CE: "44 BCE – 14 CE"."""
    return f"{text} CE" if start.year <= 0 < end.year <= 9999 else text


@functools.lru_cache(maxsize=65536)  # a date is shown on several pages and in every export
def format_event_date(date: EventDate, language: str = "en") -> str:
    """Return the date in words at the precision written, in `language`: "July 2025",
    "29–30 January 2026", "15 March 44 BCE", "13.8 billion years ago"; "2025년 7월"."""
    if language == KOREAN:
        return _ko_event_date(date)
    start = date.start
    if date.ongoing:
        return f"{_qualified(start, _point_text(start, weekday=False))} – ongoing"
    end = date.end
    if end is None:
        return _qualified(start, _point_text(start, weekday=True))
    if _is_plain(start) and _is_plain(end) and start.precision == end.precision:
        # Share what the two ends have in common: "29–30 January 2026", "July–November 2025".
        if start.precision == "day" and (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{_point_text(end, weekday=False)}"
        if start.precision == "day" and start.year == end.year:
            return f"{start.day} {MONTHS[start.month or 1]} – {_point_text(end, weekday=False)}"
        if start.precision == "month" and start.year == end.year:
            return f"{MONTHS[start.month or 1]}–{_point_text(end, weekday=False)}"
        if start.precision == "year" and 1 <= start.year and end.year <= 9999:
            return f"{start.year}–{end.year}"
        if start.precision == "year" and -9998 <= start.year and end.year <= 0:
            return f"{1 - start.year}–{format_year(end.year)}"  # -0490/-0479: "491–480 BCE"
    end_text = _common_era(start, end, _point_text(end, weekday=False))
    return (
        f"{_qualified(start, _point_text(start, weekday=False))} – "
        f"{_qualified(end, end_text)}"
    )


# How long an interval lasts is told in the largest unit its precision supports: days for two
# days, years for two years, never "13503 days". Mean lengths of the Gregorian calendar.
_DAYS_PER_YEAR = 365.2425
_DAYS_PER_MONTH = _DAYS_PER_YEAR / 12
_COARSENESS = {"day": 0, "month": 1, "season": 1, "year": 2}


def _counted(count: float, unit: str, exact: bool) -> str:
    """Return "5 years", "about 37 years", "about 13.8 billion years"."""
    about = "" if exact else "about "
    if count >= _AGO_FROM:
        return f"{about}{_in_words(count)} {unit}s"
    whole = int(count + 0.5)  # half up: round() would give "about 2 years" for 2.5
    return f"{about}{whole:,} {unit}{'' if whole == 1 else 's'}"


def _coarseness(point: DatePoint) -> int:
    """Return how coarse a date is: 0 for a day, 1 for a month or season, 2 for a year."""
    if point.month_unspecified or point.year_unspecified:
        return 2
    return _COARSENESS[point.precision] if not point.day_unspecified else 1


@functools.lru_cache(maxsize=65536)
def format_span(date: EventDate, language: str = "en") -> str | None:
    """Return how long an interval with an end lasts ("2 days", "5 months", "about 37 years";
    "2일", "약 37년" in Korean), in the largest unit its ends' precision supports, or None for a
    single date or `start/..`."""
    start, end = date.start, date.end
    if end is None:
        return None
    counted = _ko_counted if language == KOREAN else _counted
    if _is_plain(start) and _is_plain(end) and "day" not in (start.precision, end.precision):
        # Whole months or years at both ends: counted on the calendar, exactly ("2025/2026" is 2
        # years, "2026-01/2026-02" 2 months), where mean lengths of days would fall short.
        if start.precision == end.precision == "year":
            return counted(end.year - start.year + 1, "year", True)
        months = (end.year * 12 + (end.month or 12)) - (start.year * 12 + (start.month or 1)) + 1
        if months < 24:
            return counted(months, "month", True)
        return counted(months / 12, "year", months % 12 == 0)
    days = date.last_ordinal - date.first_ordinal + 1
    by_day = _coarseness(start) == _coarseness(end) == 0
    if days < 60:
        return counted(days, "day", by_day and _is_plain(start) and _is_plain(end))
    if days < 730:  # two calendar years hold 730 or 731 days
        return counted(days / _DAYS_PER_MONTH, "month", False)
    return counted(days / _DAYS_PER_YEAR, "year", False)


def format_month(year: int, month: int, language: str = "en") -> str:
    """Return a month heading such as "January 2026" or "March 44 BCE" ("2026년 1월")."""
    if language == KOREAN:
        return _ko_month(year, month)
    return f"{MONTHS[month]} {format_year(year)}"


def format_day(day: dt.date, language: str = "en") -> str:
    """Return a day without its weekday: "29 January 2026", "2026년 1월 29일"."""
    if language == KOREAN:
        return _ko_babel(day, "yMMMd")
    return f"{day.day} {format_month(day.year, day.month)}"


def month_abbreviation(month: int, language: str = "en") -> str:
    """Return a month as the overview's axis labels it: "Jan", "1월"."""
    return f"{month}월" if language == KOREAN else MONTHS[month][:3]


def format_short_month(year: int, month: int, language: str = "en") -> str:
    """Return a month and its year as the overview's axis labels them: "Jan 2026", "2026년 1월"."""
    if language == KOREAN:
        return _ko_month(year, month)
    return f"{month_abbreviation(month)} {format_year(year)}"


def format_season(year: int, season: int, language: str = "en") -> str:
    """Return a season heading: "Spring 2001", "2001년 봄"."""
    if language == KOREAN:
        return f"{_ko_year(year)} {KO_SEASONS[season]}"
    return f"{SEASONS[season]} {format_year(year)}"


# Deep time is told in years before the present, rounded; nearer years are told exactly.
_AGO_FROM = 1_000_000
_AGO_UNITS = ((10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million"))


def _in_words(count: float) -> str:
    """Return a count of a million or more in words, to three significant digits: "13.8 billion",
    "66 million", "1 trillion" (999,999,999,999 rounds up to it, not to "1,000 billion")."""
    rounded = float(f"{count:.3g}")
    size, word = next((size, word) for size, word in _AGO_UNITS if rounded >= size)
    return f"{rounded / size:.3g} {word}"


def format_year(year: int, language: str = "en") -> str:
    """Return an astronomical year as readers say it: "2026", "44 BCE" (-43), "12,001 BCE",
    "66 million years ago", "13.8 billion years ago", "170,000,002"; "기원전 44년" in Korean."""
    if language == KOREAN:
        return _ko_year(year)
    if year >= 1:
        return str(year) if year <= 9999 else f"{year:,}"
    before = 1 - year  # EDTF's year 0 is 1 BCE
    if -year < _AGO_FROM:
        return f"{before} BCE" if before <= 9999 else f"{before:,} BCE"
    return f"{_in_words(-year)} years ago"


# Korean: the site's only other language so far (languages.TRANSLATION_LANGUAGES). Dates as Korean
# news writes them, from Babel's Korean patterns (CLDR) for the years 1 to 9999 it holds, our own
# words beyond: "2026년 1월 29일 (목)", "2025년 7월경", "기원전 44년", "약 6,600만 년 전".
KOREAN = "ko"
KO_SEASONS = {21: "봄", 22: "여름", 23: "가을", 24: "겨울"}
KO_CIRCA = "경"  # after the date: "2025년 7월경"
KO_UNCERTAIN = " (추정)"
KO_UNTIL = " ~ "  # between an interval's ends; after the start alone when it is still going on
# Large numbers are counted in 만 (10⁴), 억 (10⁸) and 조 (10¹²) in Korean, not in thousands.
_KO_UNITS = ((10 ** 12, "조"), (10 ** 8, "억"), (10 ** 4, "만"))


def _ko_babel(day: dt.date, skeleton: str) -> str:
    """Return a day of the years 1 to 9999 in Babel's Korean form for `skeleton`."""
    return str(format_skeleton(skeleton, day, locale=KOREAN))


def korean_in_words(count: float) -> str:
    """Return a count of a million or more in Korean units, to three significant digits:
    "6,600만", "138억", "1조"."""
    rounded = float(f"{count:.3g}")
    size, word = next((size, word) for size, word in _KO_UNITS if rounded >= size)
    value = rounded / size
    return f"{int(value):,}{word}" if value == int(value) else f"{value:,.3g}{word}"


def _ko_year(year: int) -> str:
    """Return an astronomical year in Korean: "2026년", "기원전 44년" (-43), "약 6,600만 년 전"."""
    if 1 <= year <= 9999:
        return _ko_babel(dt.date(year, 1, 1), "y")
    if year >= 1:
        return f"{year:,}년"
    if -year < _AGO_FROM:
        return f"기원전 {1 - year:,}년"  # EDTF's year 0 is 1 BCE
    return f"약 {korean_in_words(-year)} 년 전"


def _ko_years(year: int, unspecified: int) -> str:
    """Return a year with its unspecified digits in Korean: "1980년대", "1900년대", "1000~1999년"."""
    if not unspecified:
        return _ko_year(year)
    if year >= 1000 and (unspecified == 2 or unspecified == 1 and year % 100 != 0):
        return f"{year}년대"
    return f"{_ko_year(year)}{KO_UNTIL}{_ko_year(year + 10 ** unspecified - 1)}"


def _ko_month(year: int, month: int) -> str:
    """Return a month in Korean: "2026년 1월", "기원전 44년 3월"."""
    if 1 <= year <= 9999:
        return _ko_babel(dt.date(year, month, 1), "yMMM")
    return f"{_ko_year(year)} {month}월"


def _ko_point(point: DatePoint, weekday: bool) -> str:
    """Return one date in Korean at its own precision, without qualifiers."""
    if point.day is not None:
        assert point.month is not None
        if 1 <= point.year <= 9999:
            day = dt.date(point.year, point.month, point.day)
            shown = weekday and point.first_ordinal >= GREGORIAN_FROM
            return _ko_babel(day, "yMMMEd" if shown else "yMMMd")
        return f"{_ko_month(point.year, point.month)} {point.day}일"
    if point.month is not None:
        text = _ko_month(point.year, point.month)
        return f"{text} (날짜 미상)" if point.day_unspecified else text
    year = _ko_years(point.year, point.year_unspecified)
    if point.season is not None:
        return f"{year} {KO_SEASONS[point.season]}"
    if point.month_unspecified:
        return f"{year} (월·일 미상)" if point.day_unspecified else f"{year} (월 미상)"
    return year


def _ko_qualified(point: DatePoint, weekday: bool) -> str:
    """Return one date in Korean with its qualifiers: "2025년 7월경", "2025년 7월 (추정)"; an
    approximate day is told without its weekday ("1월 29일경")."""
    text = _ko_point(point, weekday and not point.approximate)
    if point.approximate:
        text += KO_CIRCA
    return text + KO_UNCERTAIN if point.uncertain else text


def _ko_event_date(date: EventDate) -> str:
    """Return the date in Korean at the precision written: "2025년 7월 ~ 11월",
    "2026년 1월 29일 ~ 30일", "2025년 7월 ~" (still going on)."""
    start, end = date.start, date.end
    if date.ongoing:
        return _ko_qualified(start, weekday=False) + KO_UNTIL.rstrip()
    if end is None:
        return _ko_qualified(start, weekday=True)
    first = _ko_qualified(start, weekday=False)
    if _is_plain(start) and _is_plain(end) and start.precision == end.precision:
        # What the two ends share is said once, at the start: "2025년 7월 ~ 11월".
        if start.precision == "day" and (start.year, start.month) == (end.year, end.month):
            return f"{first}{KO_UNTIL}{end.day}일"
        if start.precision == "day" and start.year == end.year:
            return f"{first}{KO_UNTIL}{end.month}월 {end.day}일"
        if start.precision == "month" and start.year == end.year:
            return f"{first}{KO_UNTIL}{end.month}월"
        if start.precision == "year" and end.year <= 0:
            return f"{first}{KO_UNTIL}{1 - end.year:,}년"  # "기원전 491년 ~ 480년"
    last = _ko_qualified(end, weekday=False)
    if start.year <= 0 < end.year <= 9999:
        last = f"서기 {last}"  # "기원전 44년 ~ 서기 14년"
    return f"{first}{KO_UNTIL}{last}"


def _ko_counted(count: float, unit: str, exact: bool) -> str:
    """Return how long in Korean: "5년", "약 37년", "2개월", "약 138억 년"."""
    about = "" if exact else "약 "
    word = {"day": "일", "month": "개월", "year": "년"}[unit]
    if count >= _AGO_FROM:
        return f"{about}{korean_in_words(count)} {word}"
    return f"{about}{int(count + 0.5):,}{word}"
