"""Model: the checked timeline as frozen dataclasses (nothing here reads or writes files)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .daycount import SEASON_MONTHS, day_number, month_days
from .vocabulary import (
    DEFAULT_IMPORTANCE,
    DEFAULT_STATUS,
    KEY,
    MINOR,
    Precision,
    Status,
)


@dataclass(frozen=True)
class DatePoint:
    """One EDTF date (`2026-01-29`, `-0043-03-15`, `Y-13800000000`, `19XX`, `2001-21`, …) with its
    qualifiers.

    Years are astronomical, as EDTF numbers them: 0 is 1 BCE, -43 is 44 BCE. Positions and lengths
    are day numbers (timeline/daycount.py), which hold any year; a `datetime.date` holds only 1-9999.
    """

    year: int  # with trailing unspecified digits zeroed: 1900 for 19XX
    month: int | None = None  # 1-12
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False
    season: int | None = None  # 21 spring, 22 summer, 23 autumn, 24 winter (EDTF level 1)
    year_unspecified: int = 0  # how many trailing digits of the year are X: 2 for 19XX
    month_unspecified: bool = False  # 2026-XX
    day_unspecified: bool = False  # 1985-04-XX, 1985-XX-XX

    @property
    def precision(self) -> Precision:
        """Return the finest part of the date that is known."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "season" if self.season is not None else "year"

    @property
    def first_ordinal(self) -> int:
        """Return the day number of the first day the date covers."""
        if self.season is not None:
            return day_number(self.year, SEASON_MONTHS[self.season][0], 1)
        return day_number(self.year, self.month or 1, self.day or 1)

    @property
    def last_ordinal(self) -> int:
        """Return the day number of the last day the date covers."""
        if self.day is not None:
            return day_number(self.year, self.month or 1, self.day)
        if self.season is not None:
            last = SEASON_MONTHS[self.season][1]  # 14: February of the next year
            year, month = self.year + (last - 1) // 12, (last - 1) % 12 + 1
            return day_number(year, month, month_days(year, month))
        if self.month is not None:
            return day_number(self.year, self.month, month_days(self.year, self.month))
        last_year = self.year + 10 ** self.year_unspecified - 1
        return day_number(last_year, 12, 31)

    @property
    def edtf(self) -> str:
        """Return the date in EDTF, as a contributor would write it."""
        return point_edtf(self)


def edtf_year(year: int) -> str:
    """Return an astronomical year as EDTF writes it: 2026, 0000 (1 BCE), -0043, Y-13800000000."""
    if abs(year) > 9999:
        return f"Y{year}"
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def point_edtf(point: DatePoint) -> str:
    """Return a date point in EDTF: `-0043-03-15`, `Y-13800000000`, `19XX`, `2026-XX~`."""
    text = edtf_year(point.year)
    if point.year_unspecified:  # only years from 0000 to 9999 have unspecified digits
        text = text[: 4 - point.year_unspecified] + "X" * point.year_unspecified
    if point.season is not None:
        text += f"-{point.season}"
    elif point.month is not None:
        text += f"-{point.month:02d}"
    elif point.month_unspecified:
        text += "-XX"
    if point.day is not None:
        text += f"-{point.day:02d}"
    elif point.day_unspecified:
        text += "-XX" if point.month is not None or point.month_unspecified else ""
    if point.uncertain and point.approximate:
        return text + "%"
    if point.uncertain:
        return text + "?"
    return text + "~" if point.approximate else text


# An ongoing interval sorts after every interval that ends: beyond the last day any date can name.
ONGOING_LAST = day_number(10 ** 13)


@dataclass(frozen=True)
class EventDate:
    """When an event happened: one date, an interval `start/end`, or an open interval `start/..`."""

    start: DatePoint
    end: DatePoint | None = None
    ongoing: bool = False

    @property
    def is_interval(self) -> bool:
        """Return True for `start/end` and `start/..`."""
        return self.end is not None or self.ongoing

    @property
    def edtf(self) -> str:
        """Return the date in EDTF."""
        if self.ongoing:
            return f"{self.start.edtf}/.."
        if self.end is not None:
            return f"{self.start.edtf}/{self.end.edtf}"
        return self.start.edtf

    @property
    def sort_key(self) -> tuple[int, int]:
        """Return a key that orders events by first day, then the shorter span first."""
        return (self.start.first_ordinal, ONGOING_LAST if self.ongoing else self.last_ordinal)

    @property
    def first_ordinal(self) -> int:
        """Return the day number of the first day the date covers."""
        return self.start.first_ordinal

    @property
    def last_ordinal(self) -> int:
        """Return the day number of the last day the date covers (the start's for `start/..`)."""
        return (self.end or self.start).last_ordinal


@dataclass(frozen=True)
class Form:
    """A registry field's text in a translation language: `ko: {name: 김정관}` in actors.yml is
    Form("ko", "name", "김정관")."""

    language: str
    field: str
    text: str


def form_of(forms: tuple[Form, ...], language: str, name: str) -> str | None:
    """Return the text of field `name` in `language` among a record's forms, if it has one."""
    return next((f.text for f in forms if f.language == language and f.field == name), None)


@dataclass(frozen=True)
class Source:
    """A report events cite, from `seeds/sources.yml`."""

    id: str
    title: str
    publisher: str
    published: dt.date
    url: str | None = None
    language: str | None = None
    # An archived copy of the report (the Wayback Machine's, say), the day it was made, and the
    # day the editors last read the original: pages link both, marked up as Robust Links.
    archive_url: str | None = None
    archived: dt.date | None = None
    accessed: dt.date | None = None
    forms: tuple[Form, ...] = ()  # the publisher's name and the title in translation languages
    # On a translated site: our translation of the headline (`title` stays as published).
    translated_title: str | None = None


@dataclass(frozen=True)
class Actor:
    """A person or body events involve, from `seeds/actors.yml`."""

    id: str
    name: str
    role: str | None = None
    country: str | None = None
    url: str | None = None
    forms: tuple[Form, ...] = ()  # name and role in translation languages


@dataclass(frozen=True)
class Tag:
    """A theme events belong to, from `seeds/tags.yml`."""

    id: str
    name: str
    description: str | None = None
    forms: tuple[Form, ...] = ()  # name and description in translation languages


@dataclass(frozen=True)
class Era:
    """A named stretch of time drawn behind the timeline, from `seeds/eras.yml`."""

    id: str
    name: str
    date: EventDate  # always an interval: `start/end` or `start/..`
    description: str | None = None
    forms: tuple[Form, ...] = ()  # name and description in translation languages


@dataclass(frozen=True)
class QuoteCheck:
    """A quote found word for word in the archived text of its source, as seeds/quotes.lock
    records it (written by `verify-quotes`, read back by `check`)."""

    verified: dt.date  # the day verify-quotes found it
    archive_file: str  # the archived text it was found in: `<source-id>.txt`, `.md` or `.html`
    text_sha256: str  # of that file's bytes, in hex
    line: int  # where the quote starts in that file, from 1
    column: int


@dataclass(frozen=True)
class Citation:
    """One entry of an event's `sources:` list (or of an account's)."""

    source: str
    quote: str | None = None
    locator: str | None = None
    # Where the quote's value starts in the event file (0 without a quote): where `check` reports
    # a quote that no longer matches seeds/quotes.lock.
    line: int = 0
    col: int = 0
    verified: QuoteCheck | None = None  # None: never verified, or changed since
    # On a translated page: our translation of the quote (which stays in its source's language).
    translation: str | None = None


@dataclass(frozen=True)
class Account:
    """One party's account of an event, where the sources disagree or characterise the act
    differently: who says it (an actor's or a source's id), what they say, and its sources."""

    by: str
    by_kind: Literal["actor", "source"]
    says: str
    sources: tuple[Citation, ...]
    lang: str | None = None  # on a translated page: the language `says` is shown in (None: the page's)


@dataclass(frozen=True)
class Update:
    """A correction or update of an event, on the record: the day, what changed, and optionally
    the source that prompted it."""

    date: dt.date
    note: str
    source: str | None = None
    lang: str | None = None  # on a translated page: the language `note` is shown in (None: the page's)


@dataclass(frozen=True)
class Image:
    """One picture of an event: its file under seeds/images/, what it shows, who made it, and its
    size in pixels (read from the file, so that pages reserve its place before it loads)."""

    file: str
    alt: str
    credit: str
    width: int
    height: int
    caption: str | None = None
    lang: str | None = None  # on a translated page: the language of alt and caption (None: the page's)


@dataclass(frozen=True)
class Event:
    """One dated event, from `seeds/events/<id>.md`."""

    id: str
    path: str
    title: str
    date: EventDate
    summary: str
    sources: tuple[Citation, ...]
    status: Status = DEFAULT_STATUS
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    place: str | None = None
    importance: int = DEFAULT_IMPORTANCE
    related: tuple[str, ...] = ()
    body: str = ""
    images: tuple[Image, ...] = ()
    accounts: tuple[Account, ...] = ()  # none, or at least two that differ
    updates: tuple[Update, ...] = ()  # as written in the file (pages show the newest first)
    translation: TranslationMark | None = None  # on a translated site: how far it is translated

    @property
    def all_citations(self) -> tuple[Citation, ...]:
        """Return the event's citations and then its accounts', in file order."""
        return self.sources + tuple(c for account in self.accounts for c in account.sources)

    @property
    def accounts_differ(self) -> bool:
        """Return True if the event lists differing accounts (the "Accounts differ" mark)."""
        return bool(self.accounts)

    @property
    def is_key(self) -> bool:
        """Return True for key events (the highest importance)."""
        return self.importance == KEY

    @property
    def is_minor(self) -> bool:
        """Return True for minor events (the lowest importance)."""
        return self.importance == MINOR


@dataclass(frozen=True)
class QuoteTranslation:
    """Our translation of one quote of an event, in a translation file (the quote itself stays in
    its source's language): found by the quote's exact text."""

    quote: str
    translation: str


@dataclass(frozen=True)
class EventTranslation:
    """An event's text in a translation language, from `seeds/events/<id>.<code>.md` beside the
    event: its own title, summary, narrative (the body) and place, our translations of its quotes,
    its accounts' words (by who gives them), its updates' notes (by day, in order) and its
    pictures' words (by file); and the fingerprint of the event's text it was made from."""

    language: str
    path: str
    event_id: str
    title: str
    summary: str
    translated_from: str  # languages.event_fingerprint of the event this translation follows
    translated_from_line: int = 1  # where `translated_from:` is, for the "review this" warning
    translated_from_col: int = 1
    body: str = ""
    place: str | None = None
    quotes: tuple[QuoteTranslation, ...] = ()
    accounts: tuple[tuple[str, str], ...] = ()  # (by, says)
    updates: tuple[tuple[dt.date, str], ...] = ()  # (date, note), in the event's order per day
    images: tuple[tuple[str, str, str | None], ...] = ()  # (file, alt, caption)
    # Whether translated_from is the event's fingerprint today, as the check found it (computed
    # once there, and kept with the comparison between a preview's rebuilds).
    current: bool = False


TranslationStatus = Literal["translated", "outdated", "untranslated"]


@dataclass(frozen=True)
class TranslationMark:
    """How an event on a translated site is translated: fully and up to date, from an earlier
    text of the event (`outdated`: the original changed since), or not at all (shown in the
    original language); `original` is that language, `path` the translation file (if any)."""

    status: TranslationStatus
    original: str
    path: str | None = None
    body_translated: bool = False  # False: the narrative is shown in the original language


@dataclass(frozen=True)
class Coverage:
    """How much of a timeline a translation language covers, for the Data page."""

    language: str
    events: int
    translated: int  # up to date
    outdated: int  # translated, but the original changed since
    registry_records: int  # actors, tags, sources and eras
    registry_translated: int  # with a name in the language

    @property
    def untranslated(self) -> int:
        """Return the number of events with no translation."""
        return self.events - self.translated - self.outdated


@dataclass(frozen=True)
class Timeline:
    """Every event in date order, with the registries they refer to."""

    events: tuple[Event, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    eras: dict[str, Era] = field(default_factory=dict)
    # language -> event id -> its translation (from seeds/events/<id>.<language>.md)
    translations: dict[str, dict[str, EventTranslation]] = field(default_factory=dict)

    def event(self, event_id: str) -> Event:
        """Return the event with this id."""
        return next(e for e in self.events if e.id == event_id)

    def related_index(self) -> dict[str, tuple[Event, ...]]:
        """Return, for each event id, the events related to it in either direction, in date order."""
        linked: dict[str, set[str]] = {e.id: set(e.related) for e in self.events}
        for event in self.events:
            for other in event.related:
                linked[other].add(event.id)
        position = {e.id: number for number, e in enumerate(self.events)}
        events = self.events
        return {event_id: tuple(events[n] for n in sorted(position[i] for i in ids)) if ids else ()
                for event_id, ids in linked.items()}
