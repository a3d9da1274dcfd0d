"""Events: one event file's front matter and narrative checked into an Event."""

from __future__ import annotations

import datetime as dt
import re

from .. import fields as F
from ..examples import (
    date_example,
    event_file_example,
    event_id_date,
    event_id_prefix,
    id_date_part,
    title_example,
)
from ..load import FrontMatterDocument
from ..model import Citation, Event, Update
from ..nodes import Mapping, Node, Scalar, Sequence
from ..problems import Problem
from ..urls import ACTORS_FILE, EVENT_SUFFIX, SOURCES_FILE, TAGS_FILE
from ..vocabulary import (
    DEFAULT_IMPORTANCE,
    DEFAULT_STATUS,
    IMPORTANCE,
    SCHEDULED,
    STATUSES,
    importance_help,
    spoken,
)
from .images import ImageIndex, check_images
from .narrative import check_narrative
from .registries import Registry
from .values import (
    SUGGESTIONS_MAX,
    Report,
    check_choice,
    check_date,
    check_id_list,
    check_iso_day,
    check_keys,
    check_plain_text,
    kind_of,
    shown,
    suggest,
    unknown_id_hint,
)

EVENT_ID = re.compile(F.EVENT_ID_PATTERN)


def _starts_with(prefix: str, start: str) -> bool:
    """Return True if an id's date part `start` is `prefix` or its beginning, at a hyphen:
    2026-01 of 2026-01-29, not 2026-1."""
    return prefix == start or prefix.startswith(start + "-")


def _example_id(registry: Registry, path: str) -> str:
    """Return the id to show in a message's example: one the registry defines, or a placeholder."""
    return registry.example or f"<an id from {path}>"


def check_citations(report: Report, node: Node | None, sources: Registry
                     ) -> tuple[Citation, ...]:
    """Return the event's citations; every event needs at least one."""
    if node is None:
        return ()  # Reported as a missing required field.
    if (isinstance(node, Scalar) and node.is_null) or (isinstance(node, Sequence) and not node.items):
        report.error(node, "sources: at least one source is required — add a line "
                           f"`  - source: <an id from {SOURCES_FILE}>` under `sources:`")
        return ()
    if not isinstance(node, Sequence):
        fix = f"- source: {node.value}" if isinstance(node, Scalar) else "- source: <id>"
        report.error(node, f"sources: expected a list of sources, found {kind_of(node)} — write it as "
                           f"`sources:` followed by lines such as `  {fix}`")
        return ()
    if len(node.items) > F.LIST_MAX:
        report.error(node, f"sources: has {len(node.items):,} items, more than the {F.LIST_MAX} "
                           "allowed — keep the sources that matter most")
        return ()
    citations: list[Citation] = []
    unknown = 0
    for item in node.items:
        if not isinstance(item, Mapping):
            value = item.value if isinstance(item, Scalar) else "<id>"
            report.error(item, f"sources: each source is written `- source: <id>`, found {kind_of(item)} "
                               f"— write `- source: {value}`")
            continue
        check_keys(report, item, F.CITATION_FIELDS, "a source entry", (item.line, item.col),
                   {"source": f"- source: {_example_id(sources, SOURCES_FILE)}"})
        source_node = item.get("source")
        source_id = check_plain_text(report, source_node, "source", required=True)
        quote = check_plain_text(report, item.get("quote"), "quote", required=False,
                                 max_length=F.QUOTE_MAX, one_line=False)
        locator = check_plain_text(report, item.get("locator"), "locator", required=False,
                                   max_length=F.LOCATOR_MAX)
        if source_id is None:
            continue
        if len(source_id) > F.ID_MAX:
            report.error(source_node, f"source: this id is {len(source_id):,} characters long, more "
                                      f"than the {F.ID_MAX} allowed — use an id defined in "
                                      f"{SOURCES_FILE}")
            continue
        if sources.ids is not None and source_id not in sources.ids:
            unknown += 1
            searched = unknown <= SUGGESTIONS_MAX
            close = suggest(source_id, sources.ids) if searched else None
            hint = unknown_id_hint("source", shown(source_id), sources.ids, close, searched)
            report.error(source_node, f'source: unknown source "{shown(source_id)}" — {hint}')
            continue
        quote_node = item.get("quote")
        line, col = (quote_node.line, quote_node.col) if quote and quote_node else (0, 0)
        citations.append(Citation(source_id, quote, locator, line, col))
    return tuple(citations)


def check_updates(report: Report, node: Node | None, sources: Registry,
                  today: dt.date) -> tuple[Update, ...]:
    """Return the event's updates and corrections as written (none if the field is absent)."""
    example = f"`- date: {today.isoformat()}` followed by the line `  note: <what changed>`"
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return ()
    if not isinstance(node, Sequence):
        report.error(node, f"updates: expected a list of updates, found {kind_of(node)} — write "
                           f"it as `updates:` followed by lines such as {example}")
        return ()
    if len(node.items) > F.UPDATES_MAX:
        report.error(node, f"updates: has {len(node.items):,} items, more than the "
                           f"{F.UPDATES_MAX} allowed — merge the small changes of one day into "
                           "one note")
        return ()
    updates: list[Update] = []
    unknown = 0
    for item in node.items:
        if not isinstance(item, Mapping):
            written = shown(item.value) if isinstance(item, Scalar) and not item.is_null else \
                "<what changed>"
            report.error(item, f"updates: each update is a date and a note, found {kind_of(item)} "
                               f"— write `- date: {today.isoformat()}` followed by the line "
                               f"`  note: {written}`")
            continue
        check_keys(report, item, F.UPDATE_FIELDS, "an update", (item.line, item.col),
                   {"date": f"date: {today.isoformat()}", "note": "note: <what changed and why>"})
        day = check_iso_day(report, item.get("date"), "date", today.isoformat())
        note = check_plain_text(report, item.get("note"), "note", required=True,
                                max_length=F.UPDATE_NOTE_MAX, one_line=False)
        source_node = item.get("source")
        source_id = check_plain_text(report, source_node, "source", required=False)
        if day is not None and day > today:
            # An update is on the record from the day it is made: one dated later would say
            # something happened that has not (and would top the updates page until then).
            report.error(item.get("date"), f"date: {day.isoformat()} is after the day of this "
                                           f"build ({today.isoformat()}) — an update is dated "
                                           "the day it is made: write that day")
            day = None
        if source_id is not None and len(source_id) > F.ID_MAX:
            report.error(source_node, f"source: this id is {len(source_id):,} characters long, "
                                      f"more than the {F.ID_MAX} allowed — use an id defined in "
                                      f"{SOURCES_FILE}")
            continue
        if source_id is not None and sources.ids is not None and source_id not in sources.ids:
            unknown += 1
            searched = unknown <= SUGGESTIONS_MAX
            close = suggest(source_id, sources.ids) if searched else None
            hint = unknown_id_hint("source", shown(source_id), sources.ids, close, searched)
            report.error(source_node, f'source: unknown source "{shown(source_id)}" — {hint}')
            continue
        if day is not None and note is not None:
            updates.append(Update(day, note, source_id))
    return tuple(updates)


def check_event(document: FrontMatterDocument, event_id: str, sources: Registry,
                actors: Registry, tags: Registry, event_ids: frozenset[str] | None,
                today: dt.date, related_examples: tuple[str, ...] = (),
                images: ImageIndex | None = None) -> tuple[Event | None, list[Problem]]:
    """Return the checked event (or None) and every problem found in its file.

    Messages draw their examples from this file and the registries: the date and title from the
    file's name, ids from the registries, and a related id from `related_examples` (the first
    event ids, one of which is another event's). `images` are the files under seeds/images/.
    """
    report = Report(document.path)
    report.extend(document.problems)
    if len(event_id) > F.EVENT_ID_MAX:
        report.error(None, f"the event's id (its file name without {EVENT_SUFFIX}) is "
                           f"{len(event_id):,} characters long, more than the {F.EVENT_ID_MAX} "
                           "allowed — shorten the file name to the date and a few words")
    elif not EVENT_ID.fullmatch(event_id):
        report.error(None, f'the file name "{event_id}{EVENT_SUFFIX}" is not a valid event id — use lowercase '
                           "letters a-z, digits and hyphens, starting with the date and then words, "
                           f"e.g. {event_file_example(event_id)}")
    fm = document.front_matter
    if fm is None:
        return None, report.listed()
    missing_at = (document.closing_line, 1)
    day = event_id_date(event_id)
    check_keys(report, fm, F.EVENT_FIELDS, "an event", missing_at, {
        "title": f"title: {title_example(event_id)}", "date": f"date: {date_example(event_id)}",
        "sources": f"sources:\n  - source: {_example_id(sources, SOURCES_FILE)}"})
    given = {key.value: value for key, value in fm.items}  # keys are unique: the loader saw to it
    title = check_plain_text(report, given.get("title"), "title", required=True, max_length=F.TITLE_MAX)
    date = check_date(report, given.get("date"), day)
    summary = check_plain_text(report, given.get("summary"), "summary", required=True,
                               max_length=F.SUMMARY_MAX, one_line=False)
    status = check_choice(report, given.get("status"), "status", {s: s for s in STATUSES},
                          DEFAULT_STATUS, spoken(STATUSES))
    importance = check_choice(report, given.get("importance"), "importance",
                              {str(level): level for level in IMPORTANCE}, DEFAULT_IMPORTANCE,
                              importance_help(), plain_only=True)
    place = check_plain_text(report, given.get("place"), "place", required=False, max_length=F.TITLE_MAX)
    tag_ids = check_id_list(report, given.get("tags"), "tags", "tag", tags.ids,
                            f"tags: [{_example_id(tags, TAGS_FILE)}]")
    actor_ids = check_id_list(report, given.get("actors"), "actors", "actor", actors.ids,
                              f"actors: [{_example_id(actors, ACTORS_FILE)}]")
    related_node = given.get("related")
    if isinstance(related_node, Sequence):
        for item in related_node.items:
            if isinstance(item, Scalar) and item.value == event_id:
                report.error(item, "related: an event cannot be related to itself — remove "
                                   f'"{event_id}"')
        related_node = Sequence(tuple(i for i in related_node.items
                                      if not (isinstance(i, Scalar) and i.value == event_id)),
                                related_node.line, related_node.col)
    # The event's own id was taken out of the list above, so event_ids may include it.
    other = next((i for i in related_examples if i != event_id), "<another event's id>")
    related = check_id_list(report, related_node, "related", "event", event_ids,
                            f"related: [{other}]")
    citations = check_citations(report, given.get("sources"), sources)
    pictures = check_images(report, given.get("images"), images or {})
    updates = check_updates(report, given.get("updates"), sources, today)
    check_narrative(report, document.body, document.body_line)

    if date is not None:
        id_date = id_date_part(event_id)
        if id_date and not _starts_with(event_id_prefix(date.edtf), id_date):
            report.warning(given.get("date"), f"the file name starts with {id_date} but the date "
                                           f"is {date.edtf} — if this event is not published yet, "
                                           "rename the file to start with "
                                           f"{event_id_prefix(date.edtf)} (published ids never "
                                           "change)")
        if status == SCHEDULED and date.last_ordinal < today.toordinal():
            others = spoken([s for s in STATUSES if s != SCHEDULED])
            report.warning(given.get("status"), f"status: {SCHEDULED} for {date.edtf}, which has "
                                                f"passed — change it to {others} and say what "
                                                "happened")

    if report.errors:
        return None, report.listed()
    assert title is not None and date is not None and summary is not None
    event = Event(
        id=event_id, path=document.path, title=title, date=date, summary=summary,
        sources=citations, status=status, tags=tag_ids, actors=actor_ids, place=place,
        importance=importance, related=related, body=document.body.strip("\n"),
        images=pictures,
        updates=updates,
    )
    return event, report.listed()
