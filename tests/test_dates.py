"""The date grammar: every form it accepts, shown at its own precision, and every form it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import DateError, format_event_date, format_span, iso_day, parse_event_date

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
    # Years before 1 CE, as EDTF numbers them: 0000 is 1 BCE, -0043 is 44 BCE.
    ("0000", "1 BCE", "0000-01-01", "0000-12-31"),
    ("9999", "9999", "9999-01-01", "9999-12-31"),
    ("-0043-03-15", "15 March 44 BCE", "-0043-03-15", "-0043-03-15"),
    ("-0043-03-15/-0043-03-17", "15–17 March 44 BCE", "-0043-03-15", "-0043-03-17"),
    ("-0490/-0479", "491–480 BCE", "-0490-01-01", "-0479-12-31"),
    ("-0043/0014", "44 BCE – 14 CE", "-0043-01-01", "0014-12-31"),
    ("-0004-02-29", "29 February 5 BCE", "-0004-02-29", "-0004-02-29"),
    ("-2560~", "c. 2561 BCE", "-2560-01-01", "-2560-12-31"),
    ("0622-07-16", "16 July 622", "0622-07-16", "0622-07-16"),
    # Weekdays from the first day of the Gregorian calendar on, not before.
    ("1582-10-14", "14 October 1582", "1582-10-14", "1582-10-14"),
    ("1582-10-15", "Friday 15 October 1582", "1582-10-15", "1582-10-15"),
    # Deep time: Y and more than four digits.
    ("Y-12000", "12,001 BCE", "-12000-01-01", "-12000-12-31"),
    ("Y-999999", "1,000,000 BCE", "-999999-01-01", "-999999-12-31"),
    ("Y-2580000", "2.58 million years ago", "-2580000-01-01", "-2580000-12-31"),
    ("Y-66000000~", "c. 66 million years ago", "-66000000-01-01", "-66000000-12-31"),
    ("Y-13800000000", "13.8 billion years ago", "-13800000000-01-01", "-13800000000-12-31"),
    ("Y-99999999999", "100 billion years ago", "-99999999999-01-01", "-99999999999-12-31"),
    # The longest year the format carries rounds up to the next unit, not to "1,000 billion".
    ("Y-999999999999", "1 trillion years ago", "-999999999999-01-01", "-999999999999-12-31"),
    ("Y-66000000/Y-23000000", "66 million years ago – 23 million years ago", "-66000000-01-01",
     "-23000000-12-31"),
    ("Y170000002", "170,000,002", "+170000002-01-01", "+170000002-12-31"),
    # Unspecified digits, and seasons.
    ("19XX", "1900s", "1900-01-01", "1999-12-31"),
    ("198X?", "1980s (uncertain)", "1980-01-01", "1989-12-31"),
    ("1XXX", "1000–1999", "1000-01-01", "1999-12-31"),
    ("190X", "1900–1909", "1900-01-01", "1909-12-31"),
    ("2026-XX", "2026, month unknown", "2026-01-01", "2026-12-31"),
    ("1985-04-XX", "April 1985, day unknown", "1985-04-01", "1985-04-30"),
    ("1985-XX-XX", "1985, month and day unknown", "1985-01-01", "1985-12-31"),
    ("2001-21", "Spring 2001", "2001-03-01", "2001-05-31"),
    ("2001-24~", "c. Winter 2001", "2001-12-01", "2002-02-28"),
    ("196X/1975", "1960s – 1975", "1960-01-01", "1975-12-31"),
]


@pytest.mark.parametrize("written, shown, first, last", VALID)
def test_valid_dates_are_shown_at_their_precision(written: str, shown: str, first: str,
                                                  last: str) -> None:
    date = parse_event_date(written)
    assert format_event_date(date) == shown
    assert date.edtf == written
    assert iso_day(date.first_ordinal) == first
    assert iso_day(date.last_ordinal) == last


FORMS = ("YYYY, YYYY-MM or YYYY-MM-DD (-YYYY before 1 CE, Y-YYYYY for longer years, X for unknown "
         "digits, YYYY-21 to YYYY-24 for seasons), optionally followed by ? (uncertain), ~ "
         "(approximate) or % (both), or an interval START/END or START/..")
YEAR_FORMS = ("years before 1 CE are written -YYYY, where 0000 is 1 BCE and -0043 is 44 BCE; years of "
              "more than four digits are written Y-13800000000")
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
    ("44 BCE", f'found "44 BCE"; {YEAR_FORMS} — write -0043 for 44 BCE'),
    ("753 B.C.", f'found "753 B.C."; {YEAR_FORMS} — write -0752 for 753 BCE'),
    ("1 BC", f'found "1 BC"; {YEAR_FORMS} — write 0000 for 1 BCE'),
    ("12000 BCE", f'found "12000 BCE"; {YEAR_FORMS} — write Y-11999 for 12,000 BCE'),
    ("AD 33", 'found "AD 33"; years of the common era are written as they are — write 0033'),
    ("33 CE", 'found "33 CE"; years of the common era are written as they are — write 0033'),
    ("c. 1500", 'found "c. 1500"; an approximate date ends with ~ — write 1500~'),
    ("circa 1500-06", 'found "circa 1500-06"; an approximate date ends with ~ — write 1500-06~'),
    ("c. 44 BCE", 'found "c. 44 BCE"; an approximate date ends with ~ — write -0043~'),
    ("circa 300 BC", 'found "circa 300 BC"; an approximate date ends with ~ — write -0299~'),
    ("ca. 800", 'found "ca. 800"; an approximate date ends with ~ — write 0800~'),
    ("44", 'found "44"; a year has four digits — write 0044'),
    ("-44", f'found "-44"; a year has four digits — write -0044 (45 BCE; {YEAR_FORMS})'),
    ("12000", 'found "12000"; a year of more than four digits is written with Y — write Y12000'),
    ("-13800000000", 'found "-13800000000"; a year of more than four digits is written with Y — '
                     "write Y-13800000000"),
    ("Y-13800000000-01", 'found "Y-13800000000-01"; a year written with Y has no month or day — '
                         "write the year alone: Y-13800000000"),
    ("Y1234", '"Y1234" writes a year of four digits or fewer with Y — write 1234'),
    ("Y-0012345", '"Y-0012345" has a year that starts with 0 — write Y-12345'),
    ("Y-1000000000000", '"Y-1000000000000" has a year of 13 digits, more than the 12 the format '
                        "carries (a trillion years) — write a shorter year"),
    ("-0000", '"-0000" has the year -0000 — year zero (1 BCE) is written 0000'),
    ("-19XX", '"-19XX" has unspecified digits (X) in a year before 1 CE — write the year in full, '
              "with ~ if it is approximate"),
    ("19XX-05", '"19XX-05" has a month or day after a year with unspecified digits (19XX) — write '
                "the year alone: 19XX"),
    ("2026-XX-05", '"2026-XX-05" has a known day in an unknown month — write 2026-XX-XX, or the '
                   "month"),
    ("2001-21-05", '"2001-21-05" has a day after a season (21: spring) — write the season alone, or '
                   "the month and the day"),
    ("2026-25", '"2026-25" has month 25, and months run from 01 to 12 — write the date as '
                "YYYY-MM-DD (year, then month, then day)"),
    ("-0043-02-29", '"-0043-02-29" is not a real date: February 44 BCE has 28 days — correct the '
                    "day"),
    ("19X5", f'expected {FORMS}; found "19X5" — for example: {EXAMPLE}'),
    ("2026-X1", f'expected {FORMS}; found "2026-X1" — for example: {EXAMPLE}'),
    ("Y-66000000/Y-70000000", 'found "Y-66000000/Y-70000000", an interval that ends before it '
                              "starts — put the earlier date first"),
    ("٢٠٢٦", f'expected {FORMS}; found "٢٠٢٦" — for example: {EXAMPLE}'),
    ("2026-1-29", f'expected {FORMS}; found "2026-1-29" — for example: {EXAMPLE}'),
    ("26-01-29", f'expected {FORMS}; found "26-01-29" — for example: {EXAMPLE}'),
    ("20260129", 'found "20260129"; a date is written with hyphens — write 2026-01-29'),
    ("20261329", 'found "20261329"; a year of more than four digits is written with Y — write '
                 "Y20261329"),
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
    ("2031-12-31", "2031-12-31/2032-01-01"), ("9998-12-31", "9998-12-31/9999-01-01"), ("9999-12-31", "9999-12-31/.."),
    ("9999", "9999/.."), ("-0043-03-15", "-0043-03-15/-0043-03-16"), ("0000", "0000/0001"),
    ("-0001-12", "-0001-12/0000-01"), ("Y-13800000000", "Y-13800000000/.."), ("19XX", "19XX/..")])
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


@pytest.mark.parametrize("written, span", [
    ("2026-01-29/2026-01-30", "2 days"), ("2020-03/2020-03-15", "about 15 days"),
    ("2026-01/2026-02", "2 months"),  # 59 days: counted on the calendar, not in mean months
    ("2025-07/2025-11", "5 months"), ("2025-07/2026", "18 months"),
    ("2025/2026", "2 years"),  # 730 days, under two mean years
    ("1914/1918", "5 years"), ("2025-01-01/2026-12-31", "about 2 years"),
    ("2026-XX/2027-XX", "about 2 years"), ("2020-01-01/2020-03-15", "about 2 months"),
    ("2023-07/2026", "about 4 years"),  # the "1280 days for a span from a month to a year"
    ("2025/2027-06", "about 3 years"),  # 2.5 rounds half up
    ("1910-04-21/1947-09-01", "about 37 years"),  # not "13503 days"
    ("-0043/0014", "58 years"), ("Y-66000000/Y-23000000", "43 million years"),
    ("2001-21/2001-23", "about 9 months"), ("2025-07/..", None), ("2025-07", None)])
def test_a_span_is_told_in_the_largest_unit_its_precision_supports(written: str,
                                                                   span: str | None) -> None:
    assert format_span(parse_event_date(written)) == span


KOREAN = [
    # written, shown on Korean pages, how long it lasts there
    ("2026-01-29", "2026년 1월 29일 (목)", None),
    ("2025-07", "2025년 7월", None),
    ("2025", "2025년", None),
    ("2025-07~", "2025년 7월경", None),
    ("2025-07?", "2025년 7월 (추정)", None),
    ("2025-07%", "2025년 7월경 (추정)", None),
    ("2026-01-29~", "2026년 1월 29일경", None),
    ("2025-07/2025-11", "2025년 7월 ~ 11월", "5개월"),
    ("2025-07/..", "2025년 7월 ~", None),
    ("2026-01-29/2026-01-30", "2026년 1월 29일 ~ 30일", "2일"),
    ("2026-01-29/2026-02-02", "2026년 1월 29일 ~ 2월 2일", "5일"),
    ("2025-11/2026-02", "2025년 11월 ~ 2026년 2월", "4개월"),
    ("2025/2026", "2025년 ~ 2026년", "2년"),
    ("2001-21", "2001년 봄", None),
    ("19XX", "1900년대", None),
    ("198X", "1980년대", None),
    ("1XXX", "1000년 ~ 1999년", None),
    ("2025-XX", "2025년 (월 미상)", None),
    ("2025-07-XX", "2025년 7월 (날짜 미상)", None),
    ("-0043", "기원전 44년", None),
    ("-0043-03-15", "기원전 44년 3월 15일", None),
    ("-0490/-0479", "기원전 491년 ~ 480년", "12년"),
    ("-0043/0014", "기원전 44년 ~ 서기 14년", "58년"),
    ("Y-66000000", "약 6,600만 년 전", None),
    ("Y-13800000000", "약 138억 년 전", None),
    ("Y170000002", "170,000,002년", None),
    ("1200-03-04", "1200년 3월 4일", None),  # before the Gregorian calendar: no weekday
]


@pytest.mark.parametrize(("written", "shown", "lasts"), KOREAN)
def test_korean_dates_are_written_as_korean_news_writes_them(written: str, shown: str,
                                                             lasts: str | None) -> None:
    date = parse_event_date(written)
    assert format_event_date(date, "ko") == shown
    assert format_span(date, "ko") == lasts


def test_korean_days_and_months_without_weekday() -> None:
    from timeline.dates import format_day, format_month
    assert format_day(dt.date(2026, 1, 29), "ko") == "2026년 1월 29일"
    assert format_month(2026, 1, "ko") == "2026년 1월"
    assert format_day(dt.date(2026, 1, 29)) == "29 January 2026"
