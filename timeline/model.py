"""Model: the checked timeline as frozen dataclasses (nothing here reads or writes files)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

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
    """One EDTF date (`2026`, `2026-01` or `2026-01-29`) with its qualifiers."""

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False

    @property
    def precision(self) -> Precision:
        """Return how precisely the date was written."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def first_day(self) -> dt.date:
        """Return the first calendar day the date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """Return the last calendar day the date covers."""
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def edtf(self) -> str:
        """Return the date in EDTF, as a contributor would write it."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.uncertain and self.approximate:
            return text + "%"
        if self.uncertain:
            return text + "?"
        return text + "~" if self.approximate else text


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
    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Return a key that orders events by first day, then the shorter span first."""
        last = self.end.last_day if self.end is not None else self.start.last_day
        if self.ongoing:
            last = dt.date.max
        return (self.start.first_day, last)

    @property
    def last_day(self) -> dt.date:
        """Return the last day the date covers (the start's last day for an ongoing interval)."""
        return self.end.last_day if self.end is not None else self.start.last_day


@dataclass(frozen=True)
class Source:
    """A report events cite, from `seeds/sources.yml`."""

    id: str
    title: str
    publisher: str
    published: dt.date
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Actor:
    """A person or body events involve, from `seeds/actors.yml`."""

    id: str
    name: str
    role: str | None = None
    country: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Tag:
    """A theme events belong to, from `seeds/tags.yml`."""

    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Citation:
    """One entry of an event's `sources:` list."""

    source: str
    quote: str | None = None
    locator: str | None = None


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

    @property
    def is_key(self) -> bool:
        """Return True for key events (the highest importance)."""
        return self.importance == KEY

    @property
    def is_minor(self) -> bool:
        """Return True for minor events (the lowest importance)."""
        return self.importance == MINOR


@dataclass(frozen=True)
class Timeline:
    """Every event in date order, with the registries they refer to."""

    events: tuple[Event, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)

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
