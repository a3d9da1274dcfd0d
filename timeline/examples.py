"""Examples: the values messages suggest, drawn from the file in hand and its registries.

A message that says what to write shows a value that fits the timeline being checked: the date in
the event's file name, a title made of its words, an id its registry defines. Where the file holds
nothing to draw from, the example is a neutral form (`date: YYYY-MM-DD`), never another timeline's.
Every function here looks at a bounded text (an id, a file name) once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from . import fields as F

# The date an event id starts with, as `new` writes it: 2026-03-04-…, 2026-03-…, 2026-….
_ID_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=-|$)", re.ASCII)
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


def _real_date(year: str, month: str | None, day: str | None) -> bool:
    """Return True if the parts name a date the checker accepts."""
    if not 1 <= int(year) <= 9998 or (month is not None and not 1 <= int(month) <= 12):
        return False
    return day is None or 1 <= int(day) <= calendar.monthrange(int(year), int(month or 1))[1]


def event_id_date(event_id: str) -> str | None:
    """Return the real date an event id starts with ("2026-03-04" of 2026-03-04-talks), or None."""
    match = _ID_DATE.match(event_id)
    if match is None or not _real_date(*match.groups()):
        return None
    return match.group()


def event_id_words(event_id: str) -> list[str]:
    """Return the words of an event id after its date: talks, resume of 2026-02-03-talks-resume."""
    match = _ID_DATE.match(event_id)
    return slug_words(event_id[match.end():] if match else event_id)


def date_example(event_id: str) -> str:
    """Return the date to suggest for an event: its file name's, or the form YYYY-MM-DD."""
    return event_id_date(event_id) or DAY_FORM


def interval_example(date: str) -> str:
    """Return an interval starting at `date` (YYYY, YYYY-MM or YYYY-MM-DD) and ending after it."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        end = (day + dt.timedelta(days=1)).isoformat() if day < dt.date(9998, 12, 31) else None
    elif len(parts) == 2:
        year, month = divmod(parts[0] * 12 + parts[1], 12)  # the next month
        end = f"{year:04d}-{month + 1:02d}" if year <= 9998 else None
    else:
        end = f"{parts[0] + 1:04d}" if parts[0] < 9998 else None
    return f"{date}/{end}" if end else f"{date}/.."


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
    if match is None or not _real_date(*match.groups()):
        return None
    return match.group()
