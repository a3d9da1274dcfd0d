"""Events: one event file's front matter and narrative checked into an Event."""

from __future__ import annotations

import datetime as dt
import difflib
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
from ..model import Account, Citation, Event, Source, Update
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
    after_today,
    check_choice,
    check_date,
    check_id_list,
    check_iso_day,
    check_keys,
    check_plain_text,
    kind_of,
    latest_day,
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
        if day is not None and day > latest_day(today):
            # An update is on the record from the day it is made: one dated later would say
            # something happened that has not (and would top the updates page until then).
            report.error(item.get("date"), f"date: {after_today(day, today)} — an update is "
                                           "dated the day it is made: write that day")
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
        record = sources.records.get(source_id) if source_id is not None else None
        if day is not None and isinstance(record, Source) and record.published > day:
            report.warning(source_node, f"source: {source_id} was published on "
                                        f"{record.published.isoformat()}, after this update "
                                        f"({day.isoformat()}) — check the update's date, or cite "
                                        "the report that prompted it")
        if day is not None and note is not None:
            updates.append(Update(day, note, source_id))
    return tuple(updates)


def _party_hint(value: str, actors: Registry, sources: Registry, searched: bool) -> str:
    """Return the fix for an account's `by:` that names no actor and no source: the close id of
    either registry, and how to add a new record to either."""
    actor_ids, source_ids = actors.ids or frozenset(), sources.ids or frozenset()
    close = None
    if searched:
        # Each registry on its own (a union would be built, and sorted, for every unknown id):
        # the closer of the two ids each suggests.
        found = [c for c in (suggest(value, actor_ids), suggest(value, source_ids)) if c]
        close = max(found, key=lambda c: difflib.SequenceMatcher(None, value, c).ratio(),
                    default=None)
    if close is not None:
        kind, known = ("actor", actor_ids) if close in actor_ids else ("source", source_ids)
        return unknown_id_hint(kind, value, known, close, searched)
    lead = (f"no actor in {ACTORS_FILE} and no source in {SOURCES_FILE} has a similar id."
            if searched else f"use an id defined in {ACTORS_FILE} or {SOURCES_FILE}.")
    return (f"{lead} `by:` names whose account it is: a person or body (add them to {ACTORS_FILE}) "
            f"or a report (add it to {SOURCES_FILE})")


def check_accounts(report: Report, node: Node | None, sources: Registry, actors: Registry
                   ) -> tuple[Account, ...]:
    """Return the event's accounts that differ (none if absent), every mistake in them reported.

    Each is by one party, an actor or a source, named by its id; each party has one account.
    """
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return ()
    if not isinstance(node, Sequence):
        report.error(node, f"accounts: expected a list of accounts, found {kind_of(node)} — write "
                           "it as `accounts:` followed by lines such as `  - by: <actor or source "
                           "id>`, each with `says:` and `sources:` lines under it")
        return ()
    if not node.items:
        report.error(node, f"accounts: is an empty list — remove `accounts:`, or list at least "
                           f"{F.ACCOUNTS_MIN} accounts by different parties under it")
        return ()
    if len(node.items) < F.ACCOUNTS_MIN:
        found = "one account" if len(node.items) == 1 else f"{len(node.items)} accounts"
        report.error(node, f'accounts: lists {found}; "accounts differ" needs at least '
                           f"{F.ACCOUNTS_MIN}, by different parties — add the account of the "
                           "party who puts it differently, or, if the sources agree, remove "
                           "`accounts:` and tell it in the summary and the narrative")
        # Its one account is still checked, so that every problem shows in one run.
    if len(node.items) > F.ACCOUNTS_MAX:
        report.error(node, f"accounts: has {len(node.items):,} accounts, more than the "
                           f"{F.ACCOUNTS_MAX} allowed — keep the accounts that differ most")
        return ()
    accounts: list[Account] = []
    first_line: dict[str, int] = {}  # by id: the line of the party's first account
    unknown = 0
    examples = {"by": f"by: {_example_id(sources, SOURCES_FILE)}",
                "says": "says: <what they say happened, in their terms>",
                "sources": f"sources:\n  - source: {_example_id(sources, SOURCES_FILE)}"}
    for item in node.items:
        if not isinstance(item, Mapping):
            value = item.value if isinstance(item, Scalar) and not item.is_null else "<id>"
            report.error(item, f"accounts: each account is a few lines, found {kind_of(item)} — "
                               f"write `- by: {shown(value)}` followed by `says:` and `sources:` "
                               "lines indented under it")
            continue
        check_keys(report, item, F.ACCOUNT_FIELDS, "an account", (item.line, item.col), examples)
        by_node = item.get("by")
        by = check_plain_text(report, by_node, "by", required=True)
        says = check_plain_text(report, item.get("says"), "says", required=True,
                                max_length=F.ACCOUNT_SAYS_MAX, one_line=False)
        citations = check_citations(report, item.get("sources"), sources)
        if by is None or by_node is None:
            continue
        if len(by) > F.ID_MAX:
            report.error(by_node, f"by: this id is {len(by):,} characters long, more than the "
                                  f"{F.ID_MAX} allowed — use an id defined in {ACTORS_FILE} or "
                                  f"{SOURCES_FILE}")
            continue
        if actors.ids is None or sources.ids is None:
            continue  # a registry that could not be read is reported once, in its own file
        is_actor, is_source = by in actors.ids, by in sources.ids
        if is_actor and is_source:
            report.error(by_node, f'by: "{by}" is both an actor in {ACTORS_FILE} and a source in '
                                  f"{SOURCES_FILE}, so whose account this is is unclear — rename "
                                  "one of the two records (and the events that use it) so that "
                                  "each id names one party")
            continue
        if not is_actor and not is_source:
            unknown += 1
            hint = _party_hint(shown(by), actors, sources, unknown <= SUGGESTIONS_MAX)
            report.error(by_node, f'by: unknown actor or source "{shown(by)}" — {hint}')
            continue
        if by in first_line:
            report.error(by_node, f'by: "{by}" already has an account, at line {first_line[by]} '
                                  "— one account per party: merge the two into one")
            continue
        first_line[by] = by_node.line
        if is_source and citations and by not in {c.source for c in citations}:
            # A report's account is what that report says: it is cited where it says it.
            report.warning(by_node, f'by: the account of the source "{by}" cites only other '
                                    f"reports — add `- source: {by}` to its sources, with the "
                                    "passage where it says this")
        if says is not None and citations:
            accounts.append(Account(by, "actor" if is_actor else "source", says, citations))
    return tuple(accounts) if len(node.items) >= F.ACCOUNTS_MIN else ()


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
    accounts = check_accounts(report, given.get("accounts"), sources, actors)
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
        images=pictures, accounts=accounts,
        updates=updates,
    )
    return event, report.listed()
