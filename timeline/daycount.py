"""Day numbers: positions in time for any year, BCE and deep time included.

A day number counts days in the proleptic Gregorian calendar with EDTF's year 0 (1 BCE), with day 1
on 1 January of year 1, exactly as `datetime.date.toordinal` does; it goes on past both ends of
`datetime.date` (years 1 to 9999), which cannot hold 44 BCE or 13.8 billion years ago. Python's
integers carry any year; floor division keeps the arithmetic right below year 1.
"""

from __future__ import annotations

import datetime as dt

_CYCLE_YEARS = 400
_CYCLE_DAYS = 146_097  # days in 400 Gregorian years: the calendar repeats after them
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Where a season of EDTF level 1 (21 spring … 24 winter) starts and ends: northern meteorological
# seasons, the reading EDTF leaves to the writer. Winter runs from December into the next year.
SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}


def is_leap(year: int) -> bool:
    """Return True if `year` (astronomical) is a Gregorian leap year."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_days(year: int, month: int) -> int:
    """Return the number of days of a month (1-12) of an astronomical year."""
    return 29 if month == 2 and is_leap(year) else _MONTH_DAYS[month - 1]


def day_number(year: int, month: int = 1, day: int = 1) -> int:
    """Return the day number of a day of the proleptic Gregorian calendar, for any year."""
    before = year - 1
    days = 365 * before + before // 4 - before // 100 + before // 400
    days += sum(_MONTH_DAYS[: month - 1]) + (1 if month > 2 and is_leap(year) else 0)
    return days + day


def year_of_day_number(number: int) -> int:
    """Return the astronomical year a day number falls in."""
    cycles, rest = divmod(number - 1, _CYCLE_DAYS)
    return cycles * _CYCLE_YEARS + dt.date.fromordinal(rest + 1).year


def date_of_day_number(number: int) -> tuple[int, int, int]:
    """Return (year, month, day) of a day number."""
    cycles, rest = divmod(number - 1, _CYCLE_DAYS)
    day = dt.date.fromordinal(rest + 1)
    return cycles * _CYCLE_YEARS + day.year, day.month, day.day


FIRST_DATE_DAY = 1  # 1 January of year 1: the first day datetime.date holds
LAST_DATE_DAY = dt.date.max.toordinal()  # 31 December 9999: its last


def as_date(number: int) -> dt.date | None:
    """Return the `datetime.date` of a day number, or None before year 1 or after 9999."""
    return dt.date.fromordinal(number) if FIRST_DATE_DAY <= number <= LAST_DATE_DAY else None


def iso_day(number: int) -> str:
    """Return a day number in ISO 8601: `2026-01-29`, `-0043-03-15`; years past 9999 get a `+`."""
    year, month, day = date_of_day_number(number)
    if year < 0:
        written = f"-{-year:04d}"
    else:
        written = f"{year:04d}" if year <= 9999 else f"+{year}"
    return f"{written}-{month:02d}-{day:02d}"
