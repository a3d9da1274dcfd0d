"""Examples: the values messages suggest, drawn from the file in hand and its registries.

A message that says what to write shows a value that fits the timeline being checked: the date in
the event's file name, a title made of its words, an id its registry defines. Where the file holds
nothing to draw from, the example is a neutral form (`date: YYYY-MM-DD`), never another timeline's.
Every function here looks at a bounded text (an id, a file name) once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from . import fields as F
from .daycount import date_of_day_number, day_number, month_days
from .model import edtf_year

# The date an event id starts with, as `new` writes it (event_id_prefix): 2026-03-04-…, 2026-03-…,
# 2026-…, 44bce-03-15-…, 13800000001bce-…, 19xx-…, 2026-xx-…
_ID_DATE = re.compile(r"([0-9]{1,13}bce|[0-9]{5,12}|[0-9]{4}|[0-9]{3}x|[0-9]{2}xx|[0-9]xxx)"
                      r"(?:-([0-9]{2}|xx)(?:-([0-9]{2}|xx))?)?(?=-|$)", re.ASCII)
# A day anywhere in a registry id (sources are often named publisher-YYYY-MM-DD).
_DAY_IN_ID = re.compile(r"(?<![0-9])(\d{4})-(\d{2})-(\d{2})(?![0-9])", re.ASCII)
_WORD = re.compile(r"[a-z0-9]+")

# Neutral placeholders, for when the file in hand holds nothing to draw an example from.
DAY_FORM = "YYYY-MM-DD"
TITLE_PLACEHOLDER = "<what happened, in one line>"
SOURCE_TITLE_PLACEHOLDER = "<the report's headline>"
PUBLISHER_PLACEHOLDER = "<who published it>"
NAME_PLACEHOLDER = "<the name readers see>"
WORDS_PLACEHOLDER = "what-happened"


def slug_words(text: str) -> list[str]:
    """Return the lowercase ASCII words of `text`: "Port's 25% levy!" -> ports, 25, levy."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(ascii_text.lower().replace("'", ""))


def _real_date(year: int, month: str | None, day: str | None) -> bool:
    """Return True if the parts name a date the checker accepts."""
    if month is None or month == "xx" or 21 <= int(month) <= 24 and day is None:
        return day is None or day == "xx"
    if not 1 <= int(month) <= 12:
        return False
    return day is None or day == "xx" or 1 <= int(day) <= month_days(year, int(month))


def id_date_part(event_id: str) -> str | None:
    """Return the date part an event id starts with ("44bce-03-15" of 44bce-03-15-…), or None."""
    match = _ID_DATE.match(event_id)
    return match.group() if match else None


def event_id_date(event_id: str) -> str | None:
    """Return the real date an event id starts with, in EDTF ("2026-03-04" of 2026-03-04-talks,
    "-0043-03-15" of 44bce-03-15-…, "19XX" of 19xx-…), or None."""
    match = _ID_DATE.match(event_id)
    if match is None:
        return None
    year_text, month, day = match.groups()
    if year_text.endswith("bce"):
        year = 1 - int(year_text[:-3])
    elif "x" in year_text:
        return year_text.upper() if month is None else None
    else:
        year = int(year_text)
    if not _real_date(year, month, day) or abs(year) > 9999 and month is not None:
        return None
    return "-".join([edtf_year(year), *(part.upper() for part in (month, day) if part)])


# The start of an EDTF date: a year of four digits (X for unspecified ones), or Y and more digits,
# then a month or season and a day (XX when unspecified). Bounded: DATE_MAX characters at most.
_EDTF_START = re.compile(r"(-?)([0-9X]{4})((?:-(?:[0-9]{2}|XX)){0,2})|Y(-?)([0-9]{5,})", re.ASCII)


def event_id_prefix(date: str) -> str:
    """Return how an event id starts for an EDTF date (the start of an interval): 2026-01-29,
    44bce-03-15 for -0043-03-15 (EDTF's year 0 is 1 BCE), 13800000001bce for Y-13800000000,
    19xx for 19XX, 2026-xx for 2026-XX."""
    match = _EDTF_START.match(date)
    if match is None:
        return DAY_FORM.lower()
    sign, digits, rest, big_sign, big_digits = match.groups()
    if big_digits is not None:
        sign, digits, rest = big_sign, big_digits, ""
    if "X" not in digits and int(sign + digits) <= 0:
        digits = f"{1 - int(sign + digits)}bce"  # EDTF's year 0 is 1 BCE
    return (digits + rest).lower()


def event_id_words(event_id: str) -> list[str]:
    """Return the words of an event id after its date: talks, resume of 2026-02-03-talks-resume."""
    match = _ID_DATE.match(event_id)
    return slug_words(event_id[match.end():] if match else event_id)


def date_example(event_id: str) -> str:
    """Return the date to suggest for an event: its file name's, or the form YYYY-MM-DD."""
    return event_id_date(event_id) or DAY_FORM


_PLAIN_DATE = re.compile(r"(-?[0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)


def interval_example(date: str) -> str:
    """Return an interval starting at `date` (an EDTF date) and ending after it: the next day,
    month or year; `date/..` for the forms that have no next one to show (Y-…, 19XX, seasons)."""
    match = _PLAIN_DATE.fullmatch(date)
    if match is None or match.group(2) is not None and not 1 <= int(match.group(2)) <= 12:
        return f"{date}/.."
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if day is not None:
        next_year, next_month, next_day = date_of_day_number(day_number(year, int(month), int(day)) + 1)
        end = f"{edtf_year(next_year)}-{next_month:02d}-{next_day:02d}"
    elif month is not None:
        next_year, next_month = divmod(year * 12 + int(month), 12)  # the next month
        end = f"{edtf_year(next_year)}-{next_month + 1:02d}"
    else:
        next_year = year + 1
        end = edtf_year(next_year)
    return f"{date}/{end}" if next_year <= 9999 else f"{date}/.."


def title_example(event_id: str) -> str:
    """Return a title made of an event id's words ("Talks resume"), or a neutral placeholder."""
    words = event_id_words(event_id)
    if not words:
        return TITLE_PLACEHOLDER
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def event_file_example(event_id: str) -> str:
    """Return a valid file name close to an invalid event id's (2025-05-20-Café -> 2025-05-20-cafe.md)."""
    match = _ID_DATE.match(event_id)
    date = match.group() if match else DAY_FORM
    words = event_id_words(event_id) or [WORDS_PLACEHOLDER]
    if not any(c.isalpha() for word in [date, *words] for c in word):
        words = [WORDS_PLACEHOLDER, *words]  # an id holds a letter: 1969-1969 would not do
    name = "-".join([date, *words])
    if len(name) > F.EVENT_ID_MAX:  # keep whole words within the limit
        name = name[:F.EVENT_ID_MAX].rsplit("-", 1)[0]
    return f"{name}.md"


def id_example(text: str) -> str | None:
    """Return a valid registry id made of the words of `text` (Bad_Id -> bad-id), or None."""
    name = "-".join(slug_words(text))[:F.ID_MAX].strip("-")
    return name or None


def name_example(record_id: str, capitalise_every_word: bool) -> str:
    """Return a name made of a registry id's words (jane-doe -> Jane Doe)."""
    words = slug_words(record_id)
    if not words:
        return NAME_PLACEHOLDER
    if capitalise_every_word:
        return " ".join(word[:1].upper() + word[1:] for word in words)
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def day_in_id(record_id: str) -> str | None:
    """Return the real day a registry id holds ("2026-01-30" of agency-2026-01-30), or None."""
    match = _DAY_IN_ID.search(record_id)
    if match is None:
        return None
    year, month, day = match.groups()
    return match.group() if _real_date(int(year), month, day) else None
