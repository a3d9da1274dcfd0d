"""Render: the checked Timeline as Markdown pages, through the Jinja2 templates in `templates/pages/`.

`plan_pages` lists every page with a way to make its context; `render_page` renders one (the
pipeline shares them between processes). Escaping lives in markup.py, what the pages show
in views.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jinja2

from .export import FEED_ENTRIES, Publication, json_ld
from .guide import (
    EXAMPLE_EVENT,
    EXAMPLE_PATH,
    FIELD_TABLES,
    bad_date_messages,
    date_examples,
    example_problems,
)
from .markup import actor_uri, event_uri, html_text
from .model import Actor, Event, Tag, Timeline
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
from .views import (
    Limits,
    cite_sources,
    event_card,
    filter_options,
    group_by_year_and_month,
    tag_and_actor_counts,
)


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page (UTF-8), and the seed file its "Edit" button opens (if any).

    Kept as bytes: that is what MkDocs is given, and bytes travel from a worker process several
    times faster than text with non-ASCII characters in it.
    """

    content: bytes
    edit_path: str | None

    @property
    def markdown(self) -> str:
        """Return the page's Markdown as text."""
        return self.content.decode("utf-8")


def _meta(title: str, description: str, **more: object) -> dict[str, object]:
    """Return a page's front matter; MkDocs and Material print these values as HTML."""
    meta: dict[str, object] = {"title": html_text(title), "description": html_text(description)}
    for key, value in more.items():
        if value:
            meta[key] = [html_text(v) for v in value] if isinstance(value, list) else value
    return meta


@dataclass(frozen=True)
class PageJob:
    """A page to render: its template, where it goes, how to make its context (lazily), and
    about how many microseconds it takes (to share pages fairly between processes)."""

    template: str
    uri: str
    edit_path: str | None
    context: Callable[[], dict[str, object]]
    weight: int


def plan_pages(timeline: Timeline, publication: Publication) -> list[PageJob]:
    """Return every page of the site to render, in a fixed order; contexts are made on demand."""
    jobs: list[PageJob] = []

    def page(template: str, uri: str, edit_path: str | None = None,
             context: Callable[[], dict[str, object]] = dict, weight: int = 1000) -> None:
        jobs.append(PageJob(template, uri, edit_path, context, weight))

    today = publication.built_at.date()
    large = is_large(timeline.events)
    parts = timeline_parts(timeline.events)
    part_of = {event.id: part.uri for part in parts for event in part.events}
    if large:
        page("timeline-index.md.j2", "timeline.md", context=lambda: dict(
            meta=_meta("Timeline", "Every event, oldest first, page by page.",
                       search={"exclude": True}),
            parts=parts, histogram=layout_histogram(parts)), weight=2000 + 10 * len(parts))
    for number, part in enumerate(parts):
        def part_context(number: int = number, part: Part = part) -> dict[str, object]:
            title = f"Timeline: {part.title}" if large else "Timeline"
            return dict(meta=_meta(title, f"The events of {part.title}." if large else
                                   "Every event, oldest first.", search={"exclude": True}),
                        title=title, events=part.events,
                        previous=parts[number - 1] if number > 0 else None,
                        following=parts[number + 1] if number + 1 < len(parts) else None,
                        groups=group_by_year_and_month(part.events),
                        cards={e.id: event_card(e, timeline, today) for e in part.events},
                        overview=layout_overview(part.events) if part.events else None,
                        filters=filter_options(timeline, part.events))
        page("timeline.md.j2", part.uri, context=part_context, weight=1000 + 50 * len(part.events))

    citing: dict[str, list[Event]] = {source_id: [] for source_id in timeline.sources}
    for event in timeline.events:
        for source_id in dict.fromkeys(c.source for c in event.sources):
            citing[source_id].append(event)
    source_pages = paginate("sources.md", sorted(timeline.sources.values(),
                                                 key=lambda s: (s.published, s.id)),
                            PAGE_LINKS, weight=lambda s: len(citing[s.id]) + 1)
    source_page = {s.id: page.uri for page in source_pages for s in page.items}
    related = timeline.related_index()
    for event in timeline.events:
        def event_context(event: Event = event) -> dict[str, object]:
            tags = tuple(timeline.tags[t] for t in event.tags)
            return dict(event=event, cited=cite_sources(timeline, event), source_page=source_page,
                        timeline_page=part_of[event.id],
                        meta=_meta(event.title, event.summary, tags=[t.name for t in tags],
                                   # The event's own page should come before pages mentioning it.
                                   search={"boost": 2},
                                   jsonld=json_ld(event, timeline, publication)),
                        related=related[event.id],
                        actors=tuple(timeline.actors[a] for a in event.actors))
        page("event.md.j2", event_uri(event), event.path, event_context,
             weight=110 + 10 * len(related[event.id]))

    by_actor: dict[str, list[Event]] = {actor_id: [] for actor_id in timeline.actors}
    for event in timeline.events:
        for actor_id in event.actors:
            by_actor[actor_id].append(event)
    for actor in timeline.actors.values():
        for actor_page in paginate(actor_uri(actor), by_actor[actor.id], PAGE_EVENTS):
            def actor_context(a: Actor = actor, p: ListPage = actor_page) -> dict[str, object]:
                return dict(actor=a, page=p, events=p.items,
                            meta=_meta(a.name, f"Events involving {a.name}.",
                                       search={"boost": 0.5} if p.number == 1 else
                                       {"exclude": True}))
            page("actor.md.j2", actor_page.uri, "seeds/actors.yml", actor_context,
                 weight=200 + 10 * len(actor_page.items))
    tag_counts, actor_counts = tag_and_actor_counts(timeline.events)
    page("actors.md.j2", "actors/index.md", "seeds/actors.yml", lambda: dict(
        meta=_meta("Actors", "The people and bodies involved in the events.",
                   search={"exclude": True}),
        actors=sorted(timeline.actors.values(), key=lambda a: a.name.casefold()),
        event_counts=actor_counts))
    for sources_page in source_pages:
        def sources_context(p: ListPage = sources_page) -> dict[str, object]:
            return dict(page=p, sources=p.items, citing=citing,
                        meta=_meta("Sources", "Every report the timeline cites, with the events "
                                              "that cite it.", search={"exclude": True}))
        page("sources.md.j2", sources_page.uri, "seeds/sources.yml", sources_context,
             weight=200 + sum(10 + 5 * len(citing[s.id]) for s in sources_page.items))

    def contributing_context() -> dict[str, object]:
        _, broken = example_problems(dt.date(2026, 1, 31))
        return dict(meta=_meta("How to contribute", "How to add or correct an event: the file "
                                                    "format, the date format and the checks."),
                    example_path=EXAMPLE_PATH, example_event=EXAMPLE_EVENT,
                    field_tables=FIELD_TABLES, date_examples=date_examples(),
                    bad_dates=bad_date_messages(), broken_example=broken, limits=Limits())
    page("contributing.md.j2", "contributing.md", "templates/pages/contributing.md.j2",
         contributing_context)
    tags_by_name = sorted(timeline.tags.values(), key=lambda t: t.name.casefold())
    page("data.md.j2", "data.md", context=lambda: dict(
        meta=_meta("Data", "The timeline as data: JSON, CSV, iCalendar, TimelineJS and Atom feeds."),
        tags=tags_by_name, feed_entries=FEED_ENTRIES))
    page("tags.md.j2", "tags.md", "seeds/tags.yml", lambda: dict(
        meta=_meta("Tags", "The themes of the timeline, with their events.",
                   search={"exclude": True}),
        tags=tags_by_name, counts=tag_counts))
    if large:
        # Material's single listing of every tag's events would weigh megabytes: a page per tag.
        tagged: dict[str, list[Event]] = {tag_id: [] for tag_id in timeline.tags}
        for event in timeline.events:
            for tag_id in event.tags:
                tagged[tag_id].append(event)
        for tag in timeline.tags.values():
            for tag_page in paginate(f"tags/{tag.id}.md", tagged[tag.id], PAGE_EVENTS):
                def tag_context(t: Tag = tag, p: ListPage = tag_page) -> dict[str, object]:
                    return dict(tag=t, page=p, events=p.items,
                                meta=_meta(t.name, f"Events tagged {t.name}.",
                                           search={"exclude": True}))
                page("tag.md.j2", tag_page.uri, "seeds/tags.yml", tag_context,
                     weight=200 + 10 * len(tag_page.items))
    return jobs


def render_page(env: jinja2.Environment, job: PageJob, timeline: Timeline,
                publication: Publication) -> RenderedPage:
    """Return one planned page, rendered with `env` (from make_environment)."""
    return RenderedPage(env.get_template(job.template).render(
        page_uri=job.uri, timeline=timeline, publication=publication,
        large=is_large(timeline.events), **job.context()).encode("utf-8"), job.edit_path)
