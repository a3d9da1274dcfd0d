"""Views: what the page templates show, worked out from the model (no markup here)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import fields as F
from . import urls
from .dates import format_event_date, format_month, format_season, format_span, format_years
from .daycount import as_date
from .languages import N_, SOURCE_LANGUAGE, Language, language as language_of
from .model import ONGOING_LAST, Actor, Citation, Era, Event, QuoteCheck, Source, Timeline, Update
from .vocabulary import DEFAULT_STATUS, SCHEDULED, STATUS_WORDS


@dataclass(frozen=True)
class Badge:
    """A word shown beside an event's date: its status, key event, approximate, ..."""

    kind: str
    text: str


@dataclass(frozen=True)
class Card:
    """One event as the timeline page shows it."""

    event: Event
    date_text: str
    badges: tuple[Badge, ...]
    is_span: bool  # an interval, drawn as a span
    is_inexact: bool  # an approximate or uncertain date
    span_text: str | None  # for intervals with an end: how long they last ("about 37 years")
    actor_names: tuple[str, ...]
    first_iso: str | None  # the first day for <time datetime>, which holds the years 1 to 9999
    last_iso: str | None  # the last day, which the page's script compares with today's
    year_slug: str  # the year the filter of the timeline page finds it under
    eras: tuple[str, ...] = ()  # the names of the eras the event falls in


def html_day(day_number: int) -> str | None:
    """Return a day as HTML's <time datetime> and scripts read it (`2026-01-29`), or None for a
    day before year 1 or after 9999, which they cannot hold."""
    day = as_date(day_number)
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class Neighbour:
    """The event before or after another in timeline order, as its page links to it."""

    id: str
    title: str
    date_text: str


def neighbour(event: Event | None, language: str = SOURCE_LANGUAGE) -> Neighbour | None:
    """Return how a page names the event next to it, or None at either end of the timeline."""
    return None if event is None else Neighbour(event.id, event.title,
                                                format_event_date(event.date, language))


KEY_BADGE = "key"
# The mark of an event whose accounts differ (its page shows them side by side): a badge, and
# the value of the timeline page's filter that shows only those events.
ACCOUNTS_BADGE = "accounts"
ACCOUNTS_DIFFER = N_("Accounts differ")
ACCOUNTS_FILTER = "differ"  # ?accounts=differ
INEXACT_BADGES = ("approximate", "uncertain")
UPDATED_BADGE = "updated"  # the event lists corrections or updates (`updates:`)


def event_badges(event: Event, today: dt.date,
                 language: Language | None = None) -> tuple[Badge, ...]:
    """Return the badges of an event, in `language` (English by default); a scheduled event
    whose date has passed awaits an update.

    `today` is the build's date (Publication.today), the same the check warns with.
    """
    _ = (language or language_of(SOURCE_LANGUAGE)).gettext
    badges = []
    if event.is_key:
        badges.append(Badge(KEY_BADGE, _("Key event")))
    if event.status == SCHEDULED and event.date.last_ordinal < today.toordinal():
        badges.append(Badge("awaiting", _("Awaiting update")))
    elif event.status != DEFAULT_STATUS:
        badges.append(Badge(event.status, _(STATUS_WORDS[event.status].label)))
    points = [event.date.start] + ([event.date.end] if event.date.end else [])
    if any(p.approximate for p in points):
        badges.append(Badge("approximate", _("Approximate date")))
    if any(p.uncertain for p in points):
        badges.append(Badge("uncertain", _("Uncertain date")))
    if event.date.ongoing:
        badges.append(Badge("ongoing", _("Ongoing")))
    # What a reader weighs first: that the sources disagree; then that the entry was corrected.
    if event.accounts_differ:
        badges.append(Badge(ACCOUNTS_BADGE, _(ACCOUNTS_DIFFER)))
    if event.updates:
        badges.append(Badge(UPDATED_BADGE, _("Updated")))
    return tuple(badges)


def event_card(event: Event, timeline: Timeline, today: dt.date,
               eras: Sequence[EraSpan] = (), language: str = SOURCE_LANGUAGE) -> Card:
    """Return the timeline card of an event in `language` (`eras`: the timeline's, from
    era_spans)."""
    span = format_span(event.date, language)
    badges = event_badges(event, today, language_of(language))
    first, last = event.date.first_ordinal, event.date.last_ordinal
    return Card(event, format_event_date(event.date, language), badges, event.date.is_interval,
                any(b.kind in INEXACT_BADGES for b in badges), span,
                tuple(timeline.actors[a].name for a in event.actors),
                html_day(first), html_day(last),
                urls.year_slug(*year_key(event)),
                tuple(s.era.name for s in eras if s.first <= last and first <= s.last))


@dataclass(frozen=True)
class EraSpan:
    """An era and the days it covers, computed once (a day number is a computation each time)."""

    era: Era
    first: int
    last: int  # ONGOING_LAST for an era still going on


def era_spans(timeline: Timeline) -> tuple[EraSpan, ...]:
    """Return the timeline's eras with their days, in date order."""
    eras = sorted(timeline.eras.values(), key=lambda era: (era.date.sort_key, era.id))
    return tuple(EraSpan(era, era.date.first_ordinal,
                         ONGOING_LAST if era.date.ongoing else era.date.last_ordinal)
                 for era in eras)


def era_starts(events: tuple[Event, ...], eras: Sequence[EraSpan]) -> dict[str, tuple[Era, ...]]:
    """Return, by event id, the eras whose heading goes before that event: the first event of the
    page the era covers whose date's middle is in it (so that `1861` comes under a war begun in
    April 1861, and `January 2026` before an era of its last week), else the first it covers."""
    if not eras:
        return {}
    days = [(e, e.date.first_ordinal, e.date.last_ordinal,
             (e.date.start.first_ordinal + e.date.start.last_ordinal) // 2) for e in events]
    starts: dict[str, list[Era]] = {}
    for span in eras:
        covered = [(e, middle) for e, first, last, middle in days
                   if first <= span.last and span.first <= last]
        first_event = next((e for e, middle in covered if middle >= span.first),
                           covered[0][0] if covered else None)
        if first_event is not None:
            starts.setdefault(first_event.id, []).append(span.era)
    return {event_id: tuple(found) for event_id, found in starts.items()}


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month (or, for year-precision events, of a year with no month)."""

    label: str | None  # None: the events of a year that has no month, under the year's heading
    anchor: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class YearGroup:
    """The events of one year (or of a year with unspecified digits, 19XX), by month."""

    year: int
    label: str  # "2026", "44 BCE", "1900s"
    anchor: str  # urls.year_slug
    months: tuple[MonthGroup, ...]


def year_key(event: Event) -> tuple[int, int]:
    """Return the year an event is listed under: its start's year, and how many of its digits
    are unspecified (19XX events are listed under "1900s", not 1900)."""
    return event.date.start.year, event.date.start.year_unspecified


def year_label(year: int, unspecified: int, language: str = SOURCE_LANGUAGE) -> str:
    """Return a year heading as the dates under it say their year: "2026", "44 BCE", "1900s",
    "1000–1999"."""
    return format_years(year, unspecified, language)


def group_by_year_and_month(events: tuple[Event, ...],
                            language: str = SOURCE_LANGUAGE) -> tuple[YearGroup, ...]:
    """Return events grouped by the year and month they start in, keeping their order, headed
    in `language`."""
    during = language_of(language).gettext("During %(year)s")
    years: dict[tuple[int, int], dict[int | None, list[Event]]] = {}
    for event in events:
        start = event.date.start
        month = start.month if start.month is not None else start.season
        years.setdefault(year_key(event), {}).setdefault(month, []).append(event)
    groups = []
    for (year, unspecified), months in years.items():
        slug = urls.year_slug(year, unspecified)
        label = year_label(year, unspecified, language)
        # Anchors on the timeline page beside the events' ids, which start with a digit and hold
        # a letter: "2026" and "2026-01" have no letter, "during-2026" and "bce-44" start with one.
        month_groups = tuple(
            MonthGroup(_month_label(year, month, language), f"{slug}-{month:02d}", tuple(events))
            if month
            # A year whose events have no month needs no heading under its own ("During 1900s",
            # "During 13.8 billion years ago"): the year's heading says it.
            else MonthGroup(during % {"year": label} if len(months) > 1 else None, f"during-{slug}",
                            tuple(events))
            for month, events in months.items()
        )
        groups.append(YearGroup(year, label, slug, month_groups))
    return tuple(groups)


def _month_label(year: int, month: int, language: str) -> str:
    """Return a month's heading ("January 2026") or a season's ("Spring 2001")."""
    return (format_season(year, month, language) if month > 12
            else format_month(year, month, language))


@dataclass(frozen=True)
class FilterOption:
    """One choice in a filter of the timeline page."""

    value: str
    label: str
    count: int


def filter_options(timeline: Timeline, events: tuple[Event, ...],
                   language: str = SOURCE_LANGUAGE) -> dict[str, tuple[FilterOption, ...]]:
    """Return the choices of the tag, actor, year and accounts filters for `events`, with their
    counts, in `language`."""
    def options(items: list[tuple[str, str]], counts: Counter[str]) -> tuple[FilterOption, ...]:
        return tuple(FilterOption(value, label, counts[value]) for value, label in items)

    tag_counts, actor_counts = tag_and_actor_counts(events)
    year_counts = Counter(year_key(e) for e in events)
    return {
        "tag": options(sorted(((t.id, t.name) for t in timeline.tags.values() if tag_counts[t.id]),
                              key=lambda i: i[1].casefold()), tag_counts),
        "actor": options(sorted(((a.id, a.name) for a in timeline.actors.values()
                                 if actor_counts[a.id]), key=lambda i: i[1].casefold()),
                         actor_counts),
        "year": tuple(FilterOption(urls.year_slug(*key), year_label(*key, language), count)
                      for key, count in sorted(year_counts.items())),
        # One choice, offered only where some event of the page has accounts that differ.
        "accounts": tuple(FilterOption(ACCOUNTS_FILTER,
                                       language_of(language).gettext(ACCOUNTS_DIFFER), count)
                          for count in [sum(e.accounts_differ for e in events)] if count),
    }


def events_by(events: Sequence[Event], field: str, ids: Iterable[str]) -> dict[str, list[Event]]:
    """Return, for each of `ids`, the events that list it in `field` ("tags" or "actors")."""
    listed: dict[str, list[Event]] = {key: [] for key in ids}
    for event in events:
        for key in getattr(event, field):
            listed[key].append(event)
    return listed


def tag_and_actor_counts(events: Sequence[Event]) -> tuple[Counter[str], Counter[str]]:
    """Return how many events each tag and each actor has."""
    tags: Counter[str] = Counter(t for e in events for t in e.tags)
    actors: Counter[str] = Counter(a for e in events for a in e.actors)
    return tags, actors


@dataclass(frozen=True)
class Limits:
    """The limits the contributing page states (the checker enforces the same constants)."""

    event_bytes: int = F.EVENT_FILE_MAX_BYTES
    registry_bytes: int = F.REGISTRY_FILE_MAX_BYTES
    narrative_chars: int = F.NARRATIVE_MAX_CHARS
    brackets: int = F.NARRATIVE_MAX_BRACKETS
    angles: int = F.NARRATIVE_MAX_ANGLES
    braces: int = F.NARRATIVE_MAX_BRACES
    quote_depth: int = F.NARRATIVE_MAX_QUOTE_DEPTH
    nesting: int = F.NARRATIVE_MAX_NESTING
    headings: int = F.NARRATIVE_MAX_HEADINGS
    emphasis: int = F.NARRATIVE_MAX_EMPHASIS
    row_backticks: int = F.NARRATIVE_MAX_ROW_BACKTICKS
    id_chars: int = F.ID_MAX
    event_id_chars: int = F.EVENT_ID_MAX
    events_depth: int = F.EVENTS_MAX_DEPTH
    eras: int = F.ERAS_MAX
    images: int = F.IMAGES_MAX
    image_megabytes: int = F.IMAGE_MAX_BYTES // 1_000_000
    image_side: str = f"{F.IMAGE_MAX_SIDE:,}"
    image_megapixels: int = F.IMAGE_MAX_PIXELS // 1_000_000
    image_formats: str = ", ".join(F.IMAGE_FORMATS)


@dataclass(frozen=True)
class CitedSource:
    """One source as an event cites it: its quotes (each with a locator, and where seeds/quotes.lock
    found it in the source's archived text, if it did) and bare locators."""

    source: Source
    # (quote, locator, check, our translation of the quote on a translated page)
    quotes: tuple[tuple[str, str | None, QuoteCheck | None, str | None], ...]
    locators: tuple[str, ...]


def cite_sources(timeline: Timeline, event: Event,
                 citations: Sequence[Citation] | None = None) -> tuple[CitedSource, ...]:
    """Return the sources an event cites (or `citations`, an account's), each once, in the order
    first cited."""
    by_source: dict[str, list[Citation]] = {}
    for citation in event.sources if citations is None else citations:
        by_source.setdefault(citation.source, []).append(citation)
    return tuple(
        CitedSource(
            timeline.sources[source_id],
            tuple((c.quote, c.locator, c.verified, c.translation) for c in citations if c.quote),
            tuple(c.locator for c in citations if c.locator and not c.quote),
        )
        for source_id, citations in by_source.items()
    )


@dataclass(frozen=True)
class UpdateLine:
    """One correction or update as pages show it: when, what, the event it is of, and the source
    that prompted it with its entry on the sources page."""

    date: dt.date
    note: str
    event_id: str
    event_title: str
    number: int  # its place in the event's `updates:`, from 1: with the event's id, its identity
    source: Source | None = None
    source_uri: str | None = None  # urls.anchored(<its sources page>, <its id>)
    lang: str | None = None  # on a translated page: the note's language (None: the page's)


def update_lines(timeline: Timeline, event: Event,
                 source_page: dict[str, str]) -> tuple[UpdateLine, ...]:
    """Return an event's updates newest first (those of one day in the order written)."""
    lines = [_update_line(timeline, event, number, update, source_page)
             for number, update in enumerate(event.updates, 1)]
    return tuple(sorted(lines, key=lambda line: line.date, reverse=True))


def _update_line(timeline: Timeline, event: Event, number: int, update: Update,
                 source_page: dict[str, str]) -> UpdateLine:
    """Return one update of an event as pages show it."""
    return UpdateLine(update.date, update.note, event.id, event.title, number,
                      timeline.sources[update.source] if update.source else None,
                      urls.anchored(source_page[update.source], update.source)
                      if update.source else None, update.lang)


def updates_newest_first(timeline: Timeline) -> list[tuple[Event, int, Update]]:
    """Return every update of every event, with its event and its place in the event's
    `updates:` (from 1), newest first; those of one day in timeline order, then as written (the
    order of the Corrections and updates page and of updates.xml)."""
    found = [(position, number, event, update) for position, event in enumerate(timeline.events)
             for number, update in enumerate(event.updates, 1)]
    found.sort(key=lambda item: (-item[3].date.toordinal(), item[0], item[1]))
    return [(event, number, update) for _, number, event, update in found]


def all_update_lines(timeline: Timeline, source_page: dict[str, str]) -> tuple[UpdateLine, ...]:
    """Return every update of every event as the Corrections and updates page lists them."""
    return tuple(_update_line(timeline, event, number, update, source_page)
                 for event, number, update in updates_newest_first(timeline))


@dataclass(frozen=True)
class AccountView:
    """One party's account as an event page shows it: headed by who gives it ("Anadolu Agency
    reports", "Donald Trump says"), never in the site's own voice."""

    by: str  # the actor's or source's id
    kind: str  # "actor" or "source"
    name: str  # the actor's name, or the source's publisher
    verb: str  # "says" (an actor) or "reports" (a source)
    says: str
    cited: tuple[CitedSource, ...]
    source: Source | None  # the source that gives it, if a source does
    actor: Actor | None  # the actor who gives it, if an actor does
    lang: str | None = None  # on a translated page: the language of `says` (None: the page's)


def account_party(timeline: Timeline, by: str, kind: str) -> tuple[str, str]:
    """Return who gives an account and the verb that attributes it: ("Anadolu Agency",
    "reports") for a source (its publisher), ("Donald Trump", "says") for an actor."""
    if kind == "source":
        return timeline.sources[by].publisher, "reports"
    return timeline.actors[by].name, "says"


def account_views(timeline: Timeline, event: Event) -> tuple[AccountView, ...]:
    """Return an event's accounts as its page shows them, in file order."""
    views = []
    for account in event.accounts:
        name, verb = account_party(timeline, account.by, account.by_kind)
        views.append(AccountView(
            account.by, account.by_kind, name, verb, account.says,
            cite_sources(timeline, event, account.sources),
            timeline.sources[account.by] if account.by_kind == "source" else None,
            timeline.actors[account.by] if account.by_kind == "actor" else None, account.lang))
    return tuple(views)
