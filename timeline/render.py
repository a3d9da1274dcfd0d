"""Render: the checked Timeline as Markdown pages, through the Jinja2 templates in `templates/pages/`.

`plan_pages` lists every page with its template and the facts it shows (from views.py);
`render_page` renders one (the pipeline shares them between processes). Escaping and the template environment live in markup.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import jinja2

from . import urls
from .export import FEED_ENTRIES, json_ld
from .history import Change
from .languages import Language, language as language_of
from .guide import (
    ERA_EXAMPLE,
    EXAMPLE_EVENT,
    EXAMPLE_PATH,
    FIELD_TABLES,
    IMAGE_EXAMPLE,
    IMAGE_EXAMPLE_FILE,
    TRANSLATION_GUIDE,
    bad_date_messages,
    date_examples,
    example_problems,
)
from .markup import NARRATIVE_LANG, html_text
from .memo import NO_MEMO, EventMemo
from .model import Coverage, Event, Source, Timeline
from .overview import layout_histogram, layout_overview
from .paging import (
    PAGE_EVENTS,
    PAGE_LINKS,
    ListPage,
    Part,
    is_large,
    paginate,
    timeline_parts,
)
from .schema import EVENTS_JSON_VERSION
from .urls import Publication
from .views import (
    Limits,
    all_update_lines,
    account_views,
    cite_sources,
    era_spans,
    era_starts,
    event_card,
    events_by,
    filter_options,
    group_by_year_and_month,
    neighbour,
    tag_and_actor_counts,
    update_lines,
)

# The day the contributing page's example is checked on: its messages must not move with the clock.
EXAMPLE_DAY = dt.date(2026, 1, 31)


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page (UTF-8, as MkDocs is given it), and the seed file its "Edit"
    button opens (if any)."""

    content: bytes
    edit_path: str | None

    @property
    def markdown(self) -> str:
        """Return the page's Markdown as text."""
        return self.content.decode("utf-8")


@dataclass(frozen=True)
class PlannedPage:
    """A page to render: its template, where it goes, the file its Edit button opens, and what it
    shows (the template's context)."""

    template: str
    uri: str
    edit_path: str | None
    context: dict[str, object]


def _meta(title: str, description: str, **more: object) -> dict[str, object]:
    """Return a page's front matter; MkDocs and Material print these values as HTML."""
    meta: dict[str, object] = {"title": html_text(title), "description": html_text(description)}
    for key, value in more.items():
        if value:
            meta[key] = [html_text(v) for v in value] if isinstance(value, list) else value
    return meta


# Search settings of the page kinds: an event's own page first, then an actor's; lists of events
# are left out, so that a search finds each event once.
BOOSTED = {"boost": 2}
SECONDARY = {"boost": 0.5}
UNSEARCHED = {"exclude": True}


def _timeline_pages(timeline: Timeline, publication: Publication, parts: tuple[Part, ...],
                    memo: EventMemo) -> Iterator[PlannedPage]:
    """Return the timeline's page (or, for a large timeline, its index and its parts)."""
    large = is_large(len(timeline.events))
    spans = era_spans(timeline)
    labels = language_of(publication.language)
    gettext = labels.gettext
    order = gettext("newest first") if publication.newest_first else gettext("oldest first")
    # Where the latest event is on the timeline: its part and its card's anchor.
    latest = None
    if timeline.events:
        latest = urls.anchored(parts[-1].uri, timeline.events[-1].id)
    if large:
        yield PlannedPage("timeline-index.md.j2", urls.TIMELINE, None, dict(
            meta=_meta(gettext("Timeline"),
                       gettext("Every event, %(order)s, page by page.") % {"order": order},
                       search=UNSEARCHED),
            event_count=len(timeline.events), order=order, latest=latest,
            parts=parts[::-1] if publication.newest_first else parts,
            histogram=layout_histogram(parts, publication.language)))
    for number, part in enumerate(parts):
        title = (gettext("Timeline: %(part)s") % {"part": part.title} if large
                 else gettext("Timeline"))
        description = (gettext("The events of %(part)s.") % {"part": part.title} if large
                       else gettext("Every event, %(order)s.") % {"order": order})
        shown = part.events[::-1] if publication.newest_first else part.events
        # The number of events only on the one page of a small timeline: on a large one, every
        # page would be rendered again for each event added.
        yield PlannedPage("timeline.md.j2", part.uri, None, dict(
            meta=_meta(title, description, search=UNSEARCHED), title=title, events=shown,
            large=large, event_count=None if large else len(timeline.events), order=order,
            latest=latest,
            previous=parts[number - 1].link if number > 0 else None,
            following=parts[number + 1].link if number + 1 < len(parts) else None,
            groups=memo.of_events("groups", part.uri, shown,
                                  lambda: group_by_year_and_month(shown, publication.language)),
            cards={e.id: memo.get("card", e,
                                  lambda e: event_card(e, timeline, publication.today, spans,
                                                       publication.language))
                   for e in part.events},
            # In reading order: newest first, an era is headed at its latest event.
            era_starts=memo.of_events("era_starts", part.uri, shown,
                                      lambda: era_starts(shown, spans)),
            overview=memo.of_events("overview", part.uri, part.events,
                                    lambda: layout_overview(part.events,
                                                            tuple(timeline.eras.values()),
                                                            publication.language)
                                    if part.events else None),
            filters=memo.of_events("filters", part.uri, part.events,
                                   lambda: filter_options(timeline, part.events,
                                                          publication.language))))


def _narrative_lang(event: Event) -> str | None:
    """Return the language an event's narrative is shown in on a translated site when it is not
    the page's (its original's, untranslated), else None."""
    mark = event.translation
    return mark.original if mark and event.body and not mark.body_translated else None


def _event_pages(timeline: Timeline, publication: Publication, parts: tuple[Part, ...],
                 source_page: dict[str, str], memo: EventMemo,
                 history: dict[str, Change]) -> Iterator[PlannedPage]:
    """Return the page of every event (`history`: when each event file last changed, by path)."""
    part_of = {event.id: part.uri for part in parts for event in part.events}
    related = timeline.related_index()
    events = timeline.events
    large = is_large(len(events))
    for number, event in enumerate(events):
        before = neighbour(events[number - 1] if number > 0 else None, publication.language)
        after = neighbour(events[number + 1] if number + 1 < len(events) else None,
                          publication.language)
        changed = history.get(event.path)
        modified = changed.date if changed else None
        # The kind names the day too: a commit changes it, not the event (memo.py).
        meta = memo.get(f"meta:{modified}", event, lambda e: _meta(
            e.title, e.summary, tags=[timeline.tags[t].name for t in e.tags], search=BOOSTED,
            jsonld=json_ld(e, timeline, publication, modified),
            **{NARRATIVE_LANG: _narrative_lang(e)}))
        # <link rel="prev|next"> in the page's head (main.html), which Material's keys p and n
        # follow; the site paths of ids, [a-z0-9-] only.
        links = {key: urls.published_path(urls.event_page(there.id), publication.directory_urls)
                 for key, there in (("tl_prev", before), ("tl_next", after)) if there is not None}
        yield PlannedPage("event.md.j2", urls.event_page(event.id), event.path, dict(
            # Where it stands, on a small timeline's pages; a large one's from EVENT_ORDER in the
            # reader's browser: each new event would change the count on every page.
            previous=before, following=after, position=None if large else number + 1,
            total=None if large else len(events),
            event=event, cited=memo.get("cited", event, lambda e: cite_sources(timeline, e)),
            # Only its sources' pages: the context is compared with the last build's, for each page.
            source_page={source_id: source_page[source_id] for source_id in _cited_ids(event)},
            accounts=memo.get("accounts", event, lambda e: account_views(timeline, e)),
            timeline_page=part_of[event.id], related=related[event.id],
            actors=tuple(timeline.actors[a] for a in event.actors),
            updates=update_lines(timeline, event, source_page) if event.updates else (),
            changed=changed, history_link=publication.history_url(event.path) if changed else None,
            meta={**meta, **links} if links else meta))


def _actor_pages(timeline: Timeline, labels: Language) -> Iterator[PlannedPage]:
    """Return the page (or pages) of every actor, then the list of actors."""
    gettext = labels.gettext
    large = is_large(len(timeline.events))
    by_actor = events_by(timeline.events, "actors", timeline.actors)
    for actor in timeline.actors.values():
        for page in paginate(urls.actor_page(actor.id), by_actor[actor.id], PAGE_EVENTS):
            yield PlannedPage("actor.md.j2", page.uri, urls.ACTORS_FILE, dict(
                actor=actor, page=page, events=page.items, large=large,
                meta=_meta(actor.name, gettext("Events involving %(name)s.") % {"name": actor.name},
                           search=SECONDARY if page.number == 1 else UNSEARCHED)))
    _, actor_counts = tag_and_actor_counts(timeline.events)
    yield PlannedPage("actors.md.j2", urls.ACTORS, urls.ACTORS_FILE, dict(
        meta=_meta(gettext("Actors"), gettext("The people and bodies involved in the events."),
                   search=UNSEARCHED),
        actors=sorted(timeline.actors.values(), key=lambda a: a.name.casefold()),
        event_counts=actor_counts))


def _cited_ids(event: Event) -> dict[str, None]:
    """Return the ids of the sources an event cites, itself or in its accounts (and of the
    sources that give an account), each once, in order."""
    return dict.fromkeys([*(c.source for c in event.all_citations),
                          *(a.by for a in event.accounts if a.by_kind == "source")])


def _citing(timeline: Timeline) -> dict[str, list[Event]]:
    """Return, for each source id, the events that cite it, in date order."""
    citing: dict[str, list[Event]] = {source_id: [] for source_id in timeline.sources}
    for event in timeline.events:
        for source_id in _cited_ids(event):
            citing[source_id].append(event)
    return citing


def _source_pages(pages: tuple[ListPage[Source], ...], citing: dict[str, list[Event]],
                  labels: Language) -> Iterator[PlannedPage]:
    """Return the page (or pages) listing every source with the events that cite it."""
    gettext = labels.gettext
    for page in pages:
        # Only this page's sources: a page is rendered again when what it shows changes.
        yield PlannedPage("sources.md.j2", page.uri, urls.SOURCES_FILE, dict(
            page=page, sources=page.items, citing={s.id: citing[s.id] for s in page.items},
            meta=_meta(gettext("Sources"), gettext("Every report the timeline cites, with the "
                                                   "events that cite it."), search=UNSEARCHED)))


def _updates_pages(timeline: Timeline, source_page: dict[str, str],
                   labels: Language) -> Iterator[PlannedPage]:
    """Return the page (or pages) listing every correction and update, newest first."""
    gettext = labels.gettext
    lines = all_update_lines(timeline, source_page)
    for page in paginate(urls.UPDATES, lines, PAGE_LINKS):
        yield PlannedPage("updates.md.j2", page.uri, None, dict(
            page=page, updates=page.items, feed=urls.UPDATES_FEED,
            meta=_meta(gettext("Corrections and updates"),
                       gettext("Every correction and update of the timeline's events, newest "
                               "first."), search=UNSEARCHED)))


def _site_pages(timeline: Timeline, labels: Language,
                coverage: tuple[Coverage, ...]) -> Iterator[PlannedPage]:
    """Return the contributing, data and tags pages, and each tag's pages on a large timeline."""
    gettext = labels.gettext
    _, broken = example_problems(EXAMPLE_DAY)
    yield PlannedPage("contributing.md.j2", urls.CONTRIBUTING, urls.CONTRIBUTING_TEMPLATE, dict(
        meta=_meta(gettext("How to contribute"),
                   gettext("How to add or correct an event: the file format, the date format and "
                           "the checks.")),
        example_path=EXAMPLE_PATH, example_event=EXAMPLE_EVENT, field_tables=FIELD_TABLES,
        date_examples=date_examples(), bad_dates=bad_date_messages(), broken_example=broken,
        eras_file=urls.ERAS_FILE, era_example=ERA_EXAMPLE,
        image_example=IMAGE_EXAMPLE, image_example_file=IMAGE_EXAMPLE_FILE,
        limits=Limits(), translating=TRANSLATION_GUIDE))
    tags_by_name = sorted(timeline.tags.values(), key=lambda t: t.name.casefold())
    yield PlannedPage("data.md.j2", urls.DATA, None, dict(
        meta=_meta(gettext("Data"), gettext("The timeline as data: JSON, CSV, iCalendar, "
                                            "TimelineJS and Atom feeds.")),
        tags=tags_by_name, feed_entries=FEED_ENTRIES, events_json_version=EVENTS_JSON_VERSION,
        coverage=coverage,  # of each translation language (model.Coverage)
        event_count=len(timeline.events),
        feeds_hold_all=len(timeline.events) <= FEED_ENTRIES))
    tag_counts, _ = tag_and_actor_counts(timeline.events)
    yield PlannedPage("tags.md.j2", urls.TAGS, urls.TAGS_FILE, dict(
        meta=_meta(gettext("Tags"), gettext("The themes of the timeline, with their events."),
                   search=UNSEARCHED),
        tags=tags_by_name, counts=tag_counts, large=is_large(len(timeline.events))))
    if is_large(len(timeline.events)):
        # Material's single listing of every tag's events would weigh megabytes: a page per tag.
        tagged = events_by(timeline.events, "tags", timeline.tags)
        for tag in timeline.tags.values():
            for page in paginate(urls.tag_page(tag.id), tagged[tag.id], PAGE_EVENTS):
                yield PlannedPage("tag.md.j2", page.uri, urls.TAGS_FILE, dict(
                    tag=tag, page=page, events=page.items,
                    meta=_meta(tag.name, gettext("Events tagged %(name)s.") % {"name": tag.name},
                               search=UNSEARCHED)))


def plan_pages(timeline: Timeline, publication: Publication, memo: EventMemo = NO_MEMO,
               history: dict[str, Change] | None = None,
               coverage: tuple[Coverage, ...] = ()) -> Iterator[PlannedPage]:
    """Return every page of the site, in a fixed order, each with what it shows (what is made from
    one event alone taken from `memo`, begun for this timeline, where kept; `history`: when each
    event file last changed, by path, from history.last_changes; `coverage`: of each translation
    language, for the Data page)."""
    citing = _citing(timeline)
    source_pages = paginate(urls.SOURCES, sorted(timeline.sources.values(),
                                                 key=lambda s: (s.published, s.id)),
                            PAGE_LINKS, weight=lambda s: len(citing[s.id]) + 1)
    source_page = {s.id: page.uri for page in source_pages for s in page.items}
    parts = timeline_parts(timeline.events, publication.language)
    labels = language_of(publication.language)
    return chain(_timeline_pages(timeline, publication, parts, memo),
                 _event_pages(timeline, publication, parts, source_page, memo, history or {}),
                 _actor_pages(timeline, labels), _source_pages(source_pages, citing, labels),
                 _updates_pages(timeline, source_page, labels),
                 _site_pages(timeline, labels, coverage))


def render_page(env: jinja2.Environment, page: PlannedPage,
                publication: Publication) -> RenderedPage:
    """Return one planned page rendered with `env` (from make_environment).

    A page shows its context and the publication, and nothing else: so a page whose context is
    unchanged renders the same (`mkdocs serve` re-renders only the others).
    """
    return RenderedPage(env.get_template(page.template).render(
        page_uri=page.uri, publication=publication, **page.context).encode("utf-8"),
        page.edit_path)
