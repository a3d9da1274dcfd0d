"""The date grammar: every form it accepts, shown at its own precision, and every form it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import DateError, format_event_date, iso_day, parse_event_date

VALID = [
    # written, shown, first day, last day
    ("2025", "2025", "2025-01-01", "2025-12-31"),
    ("2025-07", "July 2025", "2025-07-01", "2025-07-31"),
    ("2024-02", "February 2024", "2024-02-01", "2024-02-29"),
    ("2026-01-26", "Monday 26 January 2026", "2026-01-26", "2026-01-26"),
    ("2024-02-29", "Thursday 29 February 2024", "2024-02-29", "2024-02-29"),
    ("2025-07~", "c. July 2025", "2025-07-01", "2025-07-31"),
    ("2025-07?", "July 2025 (uncertain)", "2025-07-01", "2025-07-31"),
    ("2025-07%", "c. July 2025 (uncertain)", "2025-07-01", "2025-07-31"),
    ("2025~", "c. 2025", "2025-01-01", "2025-12-31"),
    ("2026-01-29?", "Thursday 29 January 2026 (uncertain)", "2026-01-29", "2026-01-29"),
    ("2026-01-29/2026-01-30", "29–30 January 2026", "2026-01-29", "2026-01-30"),
    ("2026-01-29/2026-02-02", "29 January – 2 February 2026", "2026-01-29", "2026-02-02"),
    ("2025-12-30/2026-01-02", "30 December 2025 – 2 January 2026", "2025-12-30", "2026-01-02"),
    ("2025-07/2025-11", "July–November 2025", "2025-07-01", "2025-11-30"),
    ("2025-11/2026-02", "November 2025 – February 2026", "2025-11-01", "2026-02-28"),
    ("2025/2026", "2025–2026", "2025-01-01", "2026-12-31"),
    ("2025-07/2026-01-29", "July 2025 – 29 January 2026", "2025-07-01", "2026-01-29"),
    ("2026-01-15/2026-01", "15 January 2026 – January 2026", "2026-01-15", "2026-01-31"),
    ("2025-07~/2025-11", "c. July 2025 – November 2025", "2025-07-01", "2025-11-30"),
    ("2025-07/..", "July 2025 – ongoing", "2025-07-01", "2025-07-31"),
    ("2025-08?/..", "August 2025 (uncertain) – ongoing", "2025-08-01", "2025-08-31"),
]


@pytest.mark.parametrize("written, shown, first, last", VALID)
def test_valid_dates_are_shown_at_their_precision(written: str, shown: str, first: str,
                                                  last: str) -> None:
    date = parse_event_date(written)
    assert format_event_date(date) == shown
    assert date.edtf == written
    assert iso_day(date.first_ordinal) == first
    assert iso_day(date.last_ordinal) == last


FORMS = ("YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ? (uncertain), ~ (approximate) or "
         "% (both), or an interval START/END or START/..")
# The date messages suggest: the caller's (the checker passes the one in the file's name).
EXAMPLE = "2031-07-04"
INVALID = [
    ("", f"the date is empty — write it as {FORMS}, e.g. {EXAMPLE}"),
    ("2026-02-30", '"2026-02-30" is not a real date: February 2026 has 28 days — correct the day'),
    ("2025-02-29", '"2025-02-29" is not a real date: February 2025 has 28 days — correct the day'),
    ("2026-04-31", '"2026-04-31" is not a real date: April 2026 has 30 days — correct the day'),
    ("2026-01-00", '"2026-01-00" is not a real date: January 2026 has 31 days — correct the day'),
    ("2026-13", '"2026-13" has month 13, and months run from 01 to 12 — write the date as '
                "YYYY-MM-DD (year, then month, then day)"),
    ("2026-00-10", '"2026-00-10" has month 00, and months run from 01 to 12 — write the date as '
                   "YYYY-MM-DD (year, then month, then day)"),
    ("0000", 'the year 0000 is not supported; found "0000" — use a year from 0001 to 9998'),
    ("9999", 'the year 9999 is not supported; found "9999" — use a year from 0001 to 9998'),
    ("٢٠٢٦", f'expected {FORMS}; found "٢٠٢٦" — for example: {EXAMPLE}'),
    ("2026-1-29", f'expected {FORMS}; found "2026-1-29" — for example: {EXAMPLE}'),
    ("26-01-29", f'expected {FORMS}; found "26-01-29" — for example: {EXAMPLE}'),
    ("20260129", f'expected {FORMS}; found "20260129" — for example: {EXAMPLE}'),
    ("2026-01-29~?", f'expected {FORMS}; found "2026-01-29~?" — for example: {EXAMPLE}'),
    ("~2026", f'expected {FORMS}; found "~2026" — for example: {EXAMPLE}'),
    ("2026-01-29T10:00", 'found "2026-01-29T10:00", which has a time of day; dates carry no time — '
                         f"write the date only, e.g. {EXAMPLE}"),
    ("2026-01-29 10:00", 'found "2026-01-29 10:00", which has a time of day; dates carry no time — '
                         f"write the date only, e.g. {EXAMPLE}"),
    ("1:30", 'found "1:30", which has a time of day; dates carry no time — write the date only, '
             f"e.g. {EXAMPLE}"),
    ("29/01/2026", 'found "29/01/2026", which could be read day-first or month-first — write it as '
                   f"YYYY-MM-DD, e.g. {EXAMPLE}"),
    ("01.02.2026", 'found "01.02.2026", which could be read day-first or month-first — write it as '
                   f"YYYY-MM-DD, e.g. {EXAMPLE}"),
    ("January 2026", 'found "January 2026" written in words — write it as 2026-01'),
    ("29 January 2026", 'found "29 January 2026" written in words — write it as 2026-01-29'),
    ("Sept 2025", 'found "Sept 2025" written in words — write it as 2025-09'),
    ("last spring", f'expected {FORMS}; found "last spring" — for example: {EXAMPLE}'),
    (" 2026", '" 2026" has spaces around it — remove them'),
    ("2026/2025", 'found "2026/2025", an interval that ends before it starts — put the earlier date '
                  "first"),
    ("2026-02/2026-01-15", 'found "2026-02/2026-01-15", an interval that ends before it starts — put '
                           "the earlier date first"),
    ("2026-01/2026-01", 'found "2026-01/2026-01", an interval that starts and ends on the same date '
                        "— write the single date 2026-01"),
    ("../2026", 'found "../2026"; an interval needs a known start ("..", for still going on, may '
                "only be its end) — write START/END or START/.."),
    ("/2026", 'found "/2026"; an interval needs a known start ("..", for still going on, may only '
              "be its end) — write START/END or START/.."),
    ("2026/", 'found "2026/", an interval without an end — write START/END, or START/.. if it is '
              "still going on"),
    ("2025/2026/2027", f'expected {FORMS}; found "2025/2026/2027" — for example: '
                       f"{EXAMPLE}/2031-07-05"),
    ("2026-01-29/2026-02-30", '"2026-01-29/2026-02-30" is not a real date: February 2026 has 28 '
                              "days — correct the day"),
]


@pytest.mark.parametrize("written, message", INVALID)
def test_invalid_dates_say_what_to_write(written: str, message: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_event_date(written, EXAMPLE)
    assert str(raised.value) == message


@pytest.mark.parametrize("example, interval", [
    ("2031-07", "2031-07/2031-08"), ("2031-12", "2031-12/2032-01"), ("2031", "2031/2032"),
    ("2031-12-31", "2031-12-31/2032-01-01"), ("9998-12-31", "9998-12-31/.."), ("9998", "9998/..")])
def test_an_interval_example_starts_at_the_example_date(example: str, interval: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_event_date("2025/2026/2027", example)
    assert str(raised.value) == f'expected {FORMS}; found "2025/2026/2027" — for example: {interval}'


@pytest.mark.parametrize("written, message", [
    ("", f"the date is empty — write it as {FORMS}"),
    ("last spring", f'expected {FORMS}; found "last spring" — write it in one of those forms'),
    ("2025/2026/2027", f'expected {FORMS}; found "2025/2026/2027" — write it in one of those forms'),
    ("1:30", 'found "1:30", which has a time of day; dates carry no time — write the date only'),
    ("29/01/2026", 'found "29/01/2026", which could be read day-first or month-first — write it as '
                   "YYYY-MM-DD")])
def test_without_an_example_date_messages_show_the_forms_only(written: str, message: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_event_date(written)
    assert str(raised.value) == message


def test_sort_order_is_by_first_day_then_shorter_span() -> None:
    written = ["2026-01-29", "2026-01", "2025", "2026-01-29/2026-01-30", "2025-07/..", "2026-01-26"]
    ordered = sorted(written, key=lambda w: parse_event_date(w).sort_key)
    assert ordered == ["2025", "2025-07/..", "2026-01", "2026-01-26", "2026-01-29",
                       "2026-01-29/2026-01-30"]
