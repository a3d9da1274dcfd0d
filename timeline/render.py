"""Render: the checked Timeline as Markdown pages, through the Jinja2 templates in `templates/pages/`.

Every `{{ value }}` a template prints is escaped for Markdown and HTML unless it is `Markup`, so a
title or a name can never become a link, an emphasis or a tag; the only contributor text that goes
out as Markdown is an event's narrative, which the MkDocs hook sanitises after it becomes HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections import Counter
from collections.abc import Callable, Sequence
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .dates import format_event_date, format_month
from . import fields as F
from .export import Publication, json_ld, page_path
from .overview import layout_histogram, layout_overview
from .parallel import in_parallel
from .paging import (PAGE_EVENTS, PAGE_LINKS, ListPage, Part, is_large, list_page_uri, paginate,
                     timeline_parts)
from .guide import (EXAMPLE_EVENT, EXAMPLE_PATH, FIELD_TABLES, bad_date_messages, date_examples,
                    example_problems)
from .model import Actor, Citation, Event, Source, Tag, Timeline

# Characters that mean something to Markdown, its Material extensions or HTML, written as numeric
# character references: every Markdown engine shows them as the character and parses no syntax.
_ESCAPES = str.maketrans({char: f"&#{ord(char)};" for char in "\\`*_{}[]#|~^=!<>&"})
_LINE_START = re.compile(r"^([-+]|\d+(?=[.)]))")



@functools.lru_cache(maxsize=65536)  # titles and summaries are printed on several pages
def escape_markdown(text: str) -> str:
    """Return plain text that Markdown renders literally, character for character."""
    escaped = text.translate(_ESCAPES)
    # A leading "-", "+" or "1." would start a list where the value begins a line.
    return _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(1)), escaped)


def _finalize(value: object) -> str:
    """Return what a template prints: Markup as is, anything else escaped for Markdown."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # coordinates and counts: nothing in them is markup
    return escape_markdown(str(value))


def html_text(text: str) -> str:
    """Return text for places MkDocs and Material print as HTML (page titles, descriptions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


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
    classes: str
    span_days: int | None  # for intervals: how many days they cover
    actor_names: tuple[str, ...]


def event_badges(event: Event, today: dt.date) -> tuple[Badge, ...]:
    """Return the badges of an event; a scheduled event whose date has passed awaits an update."""
    badges = []
    if event.is_key:
        badges.append(Badge("key", "Key event"))
    if event.status == "scheduled" and event.date.last_day < today:
        badges.append(Badge("awaiting", "Awaiting update"))
    elif event.status != "occurred":
        badges.append(Badge(event.status, event.status.capitalize()))
    points = [event.date.start] + ([event.date.end] if event.date.end else [])
    if any(p.approximate for p in points):
        badges.append(Badge("approximate", "Approximate date"))
    if any(p.uncertain for p in points):
        badges.append(Badge("uncertain", "Uncertain date"))
    if event.date.ongoing:
        badges.append(Badge("ongoing", "Ongoing"))
    return tuple(badges)


def event_card(event: Event, timeline: Timeline, today: dt.date) -> Card:
    """Return the timeline card of an event."""
    classes = ["tl-event", f"tl-event--{event.status}"]
    if event.is_key:
        classes.append("tl-event--key")
    if event.importance == 1:
        classes.append("tl-event--minor")
    span = None
    if event.date.is_interval:
        classes.append("tl-event--span")
        if event.date.end is not None:
            span = (event.date.last_day - event.date.start.first_day).days + 1
    if any(b.kind in ("approximate", "uncertain") for b in event_badges(event, today)):
        classes.append("tl-event--inexact")
    return Card(event, format_event_date(event.date), event_badges(event, today), " ".join(classes),
                span, tuple(timeline.actors[a].name for a in event.actors))


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month (or, for year-precision events, of a year with no month)."""

    label: str
    anchor: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class YearGroup:
    """The events of one year, by month."""

    year: int
    months: tuple[MonthGroup, ...]


def group_by_year_and_month(events: tuple[Event, ...]) -> tuple[YearGroup, ...]:
    """Return events grouped by the year and month they start in, keeping their order."""
    years: dict[int, dict[int | None, list[Event]]] = {}
    for event in events:
        start = event.date.start
        years.setdefault(start.year, {}).setdefault(start.month, []).append(event)
    groups = []
    for year, months in years.items():
        month_groups = tuple(
            MonthGroup(format_month(year, month) if month else f"During {year}",
                       f"{year}-{month:02d}" if month else f"{year}-whole-year", tuple(events))
            for month, events in months.items()
        )
        groups.append(YearGroup(year, month_groups))
    return tuple(groups)


@dataclass(frozen=True)
class FilterOption:
    """One choice in a filter of the timeline page."""

    value: str
    label: str
    count: int


def filter_options(timeline: Timeline, events: tuple[Event, ...]) -> dict[str, tuple[FilterOption, ...]]:
    """Return the choices of the tag, actor and year filters for `events`, with their counts."""
    def options(items: list[tuple[str, str]], counts: Counter[str]) -> tuple[FilterOption, ...]:
        return tuple(FilterOption(value, label, counts[value]) for value, label in items)

    tag_counts: Counter[str] = Counter(t for e in events for t in e.tags)
    actor_counts: Counter[str] = Counter(a for e in events for a in e.actors)
    year_counts = Counter(str(e.date.start.year) for e in events)
    return {
        "tag": options(sorted(((t.id, t.name) for t in timeline.tags.values() if tag_counts[t.id]),
                              key=lambda i: i[1].casefold()), tag_counts),
        "actor": options(sorted(((a.id, a.name) for a in timeline.actors.values()
                                 if actor_counts[a.id]), key=lambda i: i[1].casefold()),
                         actor_counts),
        "year": options([(y, y) for y in sorted(year_counts)], year_counts),
    }


def tag_and_actor_counts(timeline: Timeline) -> tuple[Counter[str], Counter[str]]:
    """Return how many events each tag and each actor has."""
    tags: Counter[str] = Counter(t for e in timeline.events for t in e.tags)
    actors: Counter[str] = Counter(a for e in timeline.events for a in e.actors)
    return tags, actors


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page, and the seed file its "Edit" button should open (if any)."""

    markdown: str
    edit_path: str | None


def _html(text: object) -> Markup:
    """Return text escaped for HTML text and double-quoted attributes (the HTML parts of pages)."""
    return Markup(html_text(str(text)))


def _site_href(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return the relative URL, from the page being rendered, of the published page `target`.

    For raw HTML, where MkDocs does not rewrite `.md` links.
    """
    publication: Publication = context["publication"]
    here = page_path(context["page_uri"], publication.directory_urls)
    path, _, anchor = target.partition("#")
    there = page_path(path, publication.directory_urls)
    # A browser resolves against the folder of the page's URL: all of "timeline/", but only the
    # folder part of "timeline.html".
    folder = here if here.endswith("/") or not here else posixpath.dirname(here)
    relative = posixpath.relpath(there or ".", folder.rstrip("/") or ".")
    if (there.endswith("/") or not there) and not relative.endswith("/"):
        relative += "/"
    return Markup(html.escape(relative + (f"#{anchor}" if anchor else ""), quote=True))


@functools.lru_cache(maxsize=1024)
def _relative_folder(here: str, there: str) -> str:
    """Return the path from folder `here` to folder `there` ("" or ending in "/")."""
    relative = posixpath.relpath(there or ".", here or ".")
    return "" if relative == "." else relative + "/"


def _href(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return a relative link from the page being rendered to the page `target` (an .md path)."""
    path, _, rest = target.partition("#")
    folder, _, name = path.rpartition("/")
    relative = _relative_folder(posixpath.dirname(context["page_uri"]), folder) + name
    return Markup(relative + (f"#{rest}" if rest else ""))


def _external(url: str) -> Markup:
    """Return a checked http(s) URL as a Markdown link destination that cannot break out."""
    return Markup(quote(url, safe=":/?#[]@!$&'*+,;=%~"))


def _front_matter(data: dict[str, object]) -> Markup:
    """Return a page's YAML front matter block; values are dumped, never interpolated.

    Each value is written as JSON, which YAML reads as the same value (a double-quoted string, a
    flow list or mapping), and which is twenty times faster to write than PyYAML's emitter.
    """
    lines = []
    for key, value in data.items():
        # YAML counts U+2028 and U+2029 as line breaks inside quotes; JSON does not escape them.
        text = json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028") \
            .replace("\u2029", "\\u2029")
        lines.append(f"{key}: {text}\n")
    return Markup("---\n" + "".join(lines) + "---\n")


def _narrative(text: str) -> Markup:
    """Return an event's narrative Markdown as written (sanitised later, after it is HTML)."""
    return Markup(text)


def _marks(context: jinja2.runtime.Context, event: Event) -> Markup:
    """Return the marks after an event's date: " · ★ Key event · *Scheduled*", or nothing."""
    text = ""
    for badge in event_badges(event, context["publication"].built_at.date()):
        shown = "★ Key event" if badge.kind == "key" else badge.text
        text += f" · *{escape_markdown(shown)}*" if badge.kind != "key" else f" · {shown}"
    return Markup(text)


def _report_link(url: str | None) -> Markup:
    """Return " · [read the report](url)" for a source with an address, or nothing."""
    return Markup(f" · [read the report]({_external(url)})" if url else "")


def _count_of(count: int, noun: str) -> str:
    """Return "1 event" or "3 events"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Return the Jinja2 environment for page templates: strict, escaping by default."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date_text=lambda date: format_event_date(date),
        href=jinja2.pass_context(_href),
        site_href=jinja2.pass_context(_site_href),
        h=_html,
        external=_external,
        front_matter=_front_matter,
        narrative=_narrative,
        day_text=lambda day: f"{day.day} {format_month(day.year, day.month)}",
        marks=jinja2.pass_context(_marks),
        report_link=_report_link,
        count_of=_count_of,
        raw=lambda text: Markup(text),  # for ids, which are [a-z0-9-] by construction
    )
    env.globals.update(event_uri=event_uri, actor_uri=actor_uri, hard_break=Markup("  "),
                       list_page_uri=list_page_uri,
                       strong=Markup("**"))
    return env


def event_uri(event: Event) -> str:
    """Return the generated page of an event."""
    return f"events/{event.id}.md"


def actor_uri(actor: Actor) -> str:
    """Return the generated page of an actor."""
    return f"actors/{actor.id}.md"


@dataclass(frozen=True)
class Limits:
    """The limits the contributing page states (the checker enforces the same constants)."""

    event_bytes: int = F.EVENT_FILE_MAX_BYTES
    registry_bytes: int = F.REGISTRY_FILE_MAX_BYTES
    narrative_chars: int = F.NARRATIVE_MAX_CHARS
    brackets: int = F.NARRATIVE_MAX_BRACKETS
    quote_depth: int = F.NARRATIVE_MAX_QUOTE_DEPTH


@dataclass(frozen=True)
class CitedSource:
    """One source as an event cites it: its quotes (each with a locator) and bare locators."""

    source: Source
    quotes: tuple[tuple[str, str | None], ...]
    locators: tuple[str, ...]


def cite_sources(timeline: Timeline, event: Event) -> tuple[CitedSource, ...]:
    """Return the sources an event cites, each once, in the order first cited."""
    by_source: dict[str, list[Citation]] = {}
    for citation in event.sources:
        by_source.setdefault(citation.source, []).append(citation)
    return tuple(
        CitedSource(
            timeline.sources[source_id],
            tuple((c.quote, c.locator) for c in citations if c.quote),
            tuple(c.locator for c in citations if c.locator and not c.quote),
        )
        for source_id, citations in by_source.items()
    )


def _meta(title: str, description: str, **more: object) -> dict[str, object]:
    """Return a page's front matter; MkDocs and Material print these values as HTML."""
    meta: dict[str, object] = {"title": html_text(title), "description": html_text(description)}
    for key, value in more.items():
        if value:
            meta[key] = [html_text(v) for v in value] if isinstance(value, list) else value
    return meta


@dataclass(frozen=True)
class PageJob:
    """A page to render: its template, where it goes, and how to make its context (lazily)."""

    template: str
    uri: str
    edit_path: str | None
    context: Callable[[], dict[str, object]]


def plan_pages(timeline: Timeline, publication: Publication) -> list[PageJob]:
    """Return every page of the site to render, in a fixed order; contexts are made on demand."""
    jobs: list[PageJob] = []

    def page(template: str, uri: str, edit_path: str | None = None,
             context: Callable[[], dict[str, object]] = dict) -> None:
        jobs.append(PageJob(template, uri, edit_path, context))

    today = publication.built_at.date()
    large = is_large(timeline.events)
    parts = timeline_parts(timeline.events)
    part_of = {event.id: part.uri for part in parts for event in part.events}
    if large:
        page("timeline-index.md.j2", "timeline.md", context=lambda: dict(
            meta=_meta("Timeline", "Every event, oldest first, page by page.",
                       search={"exclude": True}),
            parts=parts, histogram=layout_histogram(parts)))
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
        page("timeline.md.j2", part.uri, context=part_context)

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
        page("event.md.j2", event_uri(event), event.path, event_context)

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
            page("actor.md.j2", actor_page.uri, "seeds/actors.yml", actor_context)
    tag_counts, actor_counts = tag_and_actor_counts(timeline)
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
        page("sources.md.j2", sources_page.uri, "seeds/sources.yml", sources_context)

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
        tags=tags_by_name))
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
                page("tag.md.j2", tag_page.uri, "seeds/tags.yml", tag_context)
    return jobs


def render_pages(timeline: Timeline, templates_dir: Path, publication: Publication,
                 workers: int = 1) -> dict[str, RenderedPage]:
    """Return every generated page of the timeline, keyed by its path under docs/.

    With several workers, forked processes share the pages: every worker-th page each, so that
    each gets a fair share of heavy timeline pages and light event pages.
    """
    env = make_environment(templates_dir)
    large = is_large(timeline.events)
    jobs = plan_pages(timeline, publication)

    def render(batch: Sequence[PageJob]) -> list[RenderedPage]:
        return [RenderedPage(env.get_template(job.template).render(
                    page_uri=job.uri, timeline=timeline, publication=publication, large=large,
                    **job.context()), job.edit_path) for job in batch]

    dealt = [job for start in range(workers) for job in jobs[start::workers]] if workers > 1 \
        else jobs
    rendered = [page for batch in in_parallel(render, dealt, workers) for page in batch]
    by_uri = {job.uri: page for job, page in zip(dealt, rendered, strict=True)}
    return {job.uri: by_uri[job.uri] for job in jobs}
