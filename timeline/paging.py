"""Paging: how a large timeline is cut into pages that stay light (none over about 300 KB).

A timeline of up to PAGE_EVENTS events is one page. A larger one gets an index page and one page per
year; a year with more than PAGE_EVENTS events, one page per month; a month with more, numbered
parts. Long lists (an actor's events, a tag's events, the sources) are cut the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Generic, TypeVar

from . import urls
from .dates import KOREAN, format_month, format_season, format_year
from .languages import SOURCE_LANGUAGE, language as language_of
from .views import year_key, year_label
from .model import Event

PAGE_EVENTS = 150  # cards on a page: about 200 KB of HTML with Material's frame
PAGE_LINKS = 400  # entries of a plain list of links on one page

T = TypeVar("T")


@dataclass(frozen=True)
class Part:
    """One page of the timeline: its events, where it lives, and what it is called."""

    uri: str
    title: str
    events: tuple[Event, ...]

    @property
    def link(self) -> PartLink:
        """Return where the part is and what it is called, for the pages that link to it."""
        return PartLink(self.uri, self.title)


@dataclass(frozen=True)
class PartLink:
    """A link to a page of the timeline: a page showing one does not change with its events."""

    uri: str
    title: str


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a long list."""

    uri: str
    number: int
    total: int
    items: tuple[T, ...]
    base: str  # the uri of the first page

    @property
    def previous(self) -> str | None:
        """Return the uri of the page before this one, if any."""
        return urls.list_page(self.base, self.number - 1) if self.number > 1 else None

    @property
    def following(self) -> str | None:
        """Return the uri of the page after this one, if any."""
        return urls.list_page(self.base, self.number + 1) if self.number < self.total else None


def is_large(event_count: int) -> bool:
    """Return True when a timeline of this many events is cut into parts."""
    return event_count > PAGE_EVENTS


def span_of_years(year: int) -> tuple[int, int]:
    """Return the first and last year of the fixed span a year's events are gathered in: its
    decade as readers count them (1800-1809; 49-40 BCE; 9-1 BCE, then 1-9), and in deep time a
    span of a tenth of its order of magnitude (13.8 billion years ago: 14 to 13 billion)."""
    counted = year if year >= 1 else 1 - year  # BCE years are counted backwards from 1 BCE
    size = 10 if counted < 10_000 else 10 ** (len(str(counted)) - 2)
    low, high = max(counted - counted % size, 1), counted - counted % size + size - 1
    return (low, high) if year >= 1 else (1 - high, 1 - low)


def _span_label(first: int, last: int, language: str = SOURCE_LANGUAGE) -> str:
    """Return a page's title for a span of years: "1800–1809", "50 BCE – 41 BCE" ("1800~1809년",
    "기원전 50년 ~ 기원전 41년")."""
    if language == KOREAN:
        return (f"{first}~{last}년" if 1 <= first and last <= 9999
                else f"{format_year(first, language)} ~ {format_year(last, language)}")
    if 1 <= first and last <= 9999:
        return f"{first}–{last}"
    return f"{format_year(first)} – {format_year(last)}"


def timeline_parts(events: tuple[Event, ...], language: str = SOURCE_LANGUAGE) -> tuple[Part, ...]:
    """Return the pages of the timeline, in date order (one page when it is small).

    Events are gathered by fixed spans of years (decades; wider spans in deep time), so that a
    timeline of a few events a year over centuries is not cut into hundreds of one-event pages,
    and so that adding an event changes the page of its own span only (a page's address never
    depends on its neighbours). A span of more than PAGE_EVENTS events is cut by year, and a year
    of more than PAGE_EVENTS by month. Titles are in `language`; addresses are the same in all.
    """
    if not is_large(len(events)):
        return (Part(urls.TIMELINE, language_of(language).gettext("Timeline"), events),)
    parts: list[Part] = []
    for (first, last), in_span in groupby(events, key=lambda e: span_of_years(e.date.start.year)):
        span_events = tuple(in_span)
        if len(span_events) <= PAGE_EVENTS:
            key = f"{urls.year_slug(first)}-to-{urls.year_slug(last)}"
            parts.append(Part(urls.timeline_part(key), _span_label(first, last, language),
                              span_events))
            continue
        for year_of, in_year in groupby(span_events, key=year_key):
            parts.extend(_year_parts(year_of, tuple(in_year), language))
    return tuple(parts)


def _year_parts(year_of: tuple[int, int], year_events: tuple[Event, ...],
                language: str = SOURCE_LANGUAGE) -> list[Part]:
    """Return the pages of one year's events: one page, or one per month (and parts of months)."""
    slug, label = urls.year_slug(*year_of), year_label(*year_of, language)
    gettext = language_of(language).gettext
    if len(year_events) <= PAGE_EVENTS:
        return [Part(urls.timeline_part(slug), label, year_events)]
    year, _ = year_of
    # A year-precision event sorts among January's (it starts on 1 January), so months are
    # gathered, not taken as runs: "During 2025" first, then each month in order.
    months: dict[int, list[Event]] = {}
    for event in year_events:
        start = event.date.start
        months.setdefault(start.month or start.season or 0, []).append(event)
    parts = []
    for month in sorted(months):
        month_events = tuple(months[month])
        key = f"{slug}-{month:02d}" if month else f"{slug}-year"
        month_label = (format_season(year, month, language) if month > 12 else
                       format_month(year, month, language) if month
                       else gettext("During %(year)s") % {"year": label})
        chunks = [month_events[i:i + PAGE_EVENTS]
                  for i in range(0, len(month_events), PAGE_EVENTS)]
        for number, chunk in enumerate(chunks, start=1):
            suffix = f"-{number}" if number > 1 else ""
            title = (gettext("%(month)s (part %(number)s of %(total)s)") % {
                "month": month_label, "number": number, "total": len(chunks)}
                if len(chunks) > 1 else month_label)
            parts.append(Part(urls.timeline_part(f"{key}{suffix}"), title, chunk))
    return parts


def paginate(base: str, items: tuple[T, ...] | list[T], size: int,
             weight: Callable[[T], int] = lambda item: 1) -> tuple[ListPage[T], ...]:
    """Return `items` cut into pages of at most `size` (counting each item by its weight)."""
    chunks: list[list[T]] = [[]]
    load = 0
    for item in items:
        cost = max(weight(item), 1)
        if chunks[-1] and load + cost > size:
            chunks.append([])
            load = 0
        chunks[-1].append(item)
        load += cost
    return tuple(ListPage(urls.list_page(base, n), n, len(chunks), tuple(chunk), base)
                 for n, chunk in enumerate(chunks, start=1))
