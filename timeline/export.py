"""Export: the timeline as data other tools read (JSON, CSV, iCalendar, TimelineJS, Atom, JSON-LD).

Every function here is pure: a Timeline (and where the site lives) in, bytes out. Plain text is
escaped for each format by the format's own writer (json, csv, icalendar, ElementTree) or, where a
format carries HTML (TimelineJS), as that format's reader decodes each of its fields.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from . import urls
from .dates import format_event_date
from .history import Change
from .languages import language
from .daycount import SEASON_MONTHS, as_date, date_of_day_number, iso_day
from .memo import NO_MEMO, EventMemo
from .model import Account, Citation, DatePoint, Era, Event, EventDate, Source, Timeline, edtf_year
from .schema import EVENTS_JSON_VERSION, events_json_schema, schema_bytes, schema_files
from .urls import Publication
from .views import ACCOUNTS_DIFFER, account_party, updates_newest_first
from .vocabulary import STATUS_WORDS

ATOM = "http://www.w3.org/2005/Atom"
# Cells a spreadsheet would run as a formula; such cells get a leading apostrophe (OWASP advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Feed readers fetch a feed again and again: each lists the latest events, not the whole archive.
FEED_ENTRIES = 50


def _iso(point: DatePoint) -> str:
    """Return a date at its own precision in ISO 8601 ("2025-07", "-0043-03-15", "-13800000000"),
    without EDTF qualifiers; of a date with unknown parts, the part that is known ("19" is the
    century of 19XX, as ISO 8601 writes it; "2026" of 2026-XX; "2001" of a season of 2001)."""
    year = edtf_year(point.year).removeprefix("Y")
    if point.year_unspecified:
        return year[: 4 - point.year_unspecified]
    if point.month is None:
        return year
    return f"{year}-{point.month:02d}" + (f"-{point.day:02d}" if point.day is not None else "")


# TimelineJS places dates with JavaScript's Date, which holds 271,821 BCE to 275,760 CE; a
# timeline with a year beyond them needs its "cosmological" scale, which places years only.
_TLJS_YEARS = range(-271_820, 275_760)


def tljs_year(year: int) -> int:
    """Return an astronomical year as TimelineJS writes it: it shows a negative year without its
    sign and "BCE" (-44 as "44 BCE"), so 44 BCE, EDTF's -0043, is its -44."""
    return year if year >= 1 else year - 1


def year_of_tljs(year: int) -> int:
    """Return the astronomical year of a TimelineJS year, tljs_year's inverse: -44 -> -43; its
    year 0, which it shows as "0", is taken as 0 (1 BCE)."""
    return year + 1 if year < 0 else year


def _precision_parts(point: DatePoint, cosmological: bool, last: bool = False) -> dict[str, str]:
    """Return year, month and day as TimelineJS wants them, only as precise as written (a season
    by a month; only the year on the cosmological scale): of the first day the date covers, or
    with `last` of its last day (an end: 21XX ends in 2199, a spring in May, a winter in the
    next year's February)."""
    month: int | None
    day: int | None
    if last:
        year, month, day = date_of_day_number(point.last_ordinal)
    else:
        year, month, day = point.year, point.month, point.day
        if point.season is not None:
            month = SEASON_MONTHS[point.season][0]
    parts = {"year": str(tljs_year(year))}
    if point.precision != "year" and not cosmological:
        parts["month"] = str(month)
        if point.precision == "day":
            parts["day"] = str(day)
    return parts


def _end_day(date: EventDate) -> str | None:
    """Return the last day an event covers (ISO 8601), or None while it is ongoing."""
    return None if date.ongoing else iso_day(date.last_ordinal)


def _account_record(account: Account, timeline: Timeline) -> dict[str, Any]:
    """Return one account of an event as JSON-ready data: who gives it (id, kind, name), what
    they say, and its sources."""
    name, _ = account_party(timeline, account.by, account.by_kind)
    return {"by": account.by, "by_kind": account.by_kind, "by_name": name, "says": account.says,
            "sources": [citation_json(c) for c in account.sources]}


def text_language(event: Event, publication: Publication) -> str:
    """Return the language of an event's text on this site (BCP 47): the site's, or the
    original's where the event is not yet translated."""
    mark = event.translation
    return mark.original if mark is not None and mark.status == "untranslated" \
        else publication.language


def _event_record(event: Event, timeline: Timeline, publication: Publication,
                  changed: Change | None = None) -> dict[str, Any]:
    """Return everything known about an event, as JSON-ready data (`changed`: the last commit of
    its file, if known)."""
    date = event.date
    return {
        "id": event.id,
        "url": publication.event_url(event.id),
        "title": event.title,
        "date": {
            "edtf": date.edtf,
            "display": format_event_date(date, publication.language),
            "start": iso_day(date.first_ordinal),
            "end": _end_day(date),
            "precision": date.start.precision,
            "uncertain": date.start.uncertain or bool(date.end and date.end.uncertain),
            "approximate": date.start.approximate or bool(date.end and date.end.approximate),
            "ongoing": date.ongoing,
        },
        "summary": event.summary,
        "status": event.status,
        "importance": event.importance,
        "place": event.place,
        "tags": list(event.tags),
        "actors": list(event.actors),
        "sources": [citation_json(c) for c in event.sources],
        "accounts_differ": event.accounts_differ,
        "accounts": [_account_record(a, timeline) for a in event.accounts],
        "related": list(event.related),
        "narrative": event.body,
        "images": [{"url": publication.image_url(i.file), "file": i.file, "alt": i.alt,
                    "credit": i.credit, "caption": i.caption, "width": i.width,
                    "height": i.height} for i in event.images],
        "updates": [{"date": u.date.isoformat(), "note": u.note, "source": u.source}
                    for u in event.updates],
        "last_changed": changed.date.isoformat() if changed else None,
        "language": text_language(event, publication),
        # On a translated site: translated (and up to date), outdated, or untranslated.
        "translation": event.translation.status if event.translation else None,
    }


def _source_record(source: Source) -> dict[str, Any]:
    """Return a source record as JSON-ready data: its report's address and its archived copy's,
    with the copy's day and the day the report was last read (YYYY-MM-DD, or null)."""
    def day(value: dt.date | None) -> str | None:
        return None if value is None else value.isoformat()

    return {"title": source.title, "publisher": source.publisher,
            "published": source.published.isoformat(), "url": source.url,
            "language": source.language, "archive_url": source.archive_url,
            "archived": day(source.archived), "accessed": day(source.accessed)}


def citation_json(citation: Citation) -> dict[str, Any]:
    """Return a citation as events.json writes it: its source, quote and locator, and whether
    (and where, and when) its quote was found in the source's archived text (null: not verified)."""
    check = citation.verified
    return {"source": citation.source, "quote": citation.quote, "locator": citation.locator,
            "verified": None if check is None else {
                "date": check.verified.isoformat(), "archive_file": check.archive_file,
                "text_sha256": check.text_sha256, "line": check.line, "column": check.column}}


def _compact(data: object) -> str:
    """Return data as compact JSON, not ASCII-escaped."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _with_events(head: dict[str, Any], events: list[str], tail: dict[str, Any]) -> bytes:
    """Return the compact JSON object of `head`, then "events" (a list of JSON texts), then
    `tail`: the very bytes of json.dumps of the whole, made from each event's own JSON."""
    text = _compact(head)[:-1] + ',"events":[' + ",".join(events) + "]"
    if tail:
        text += "," + _compact(tail)[1:]
    else:
        text += "}"
    return (text + "\n").encode("utf-8")


def export_events_json(timeline: Timeline, publication: Publication,
                       memo: EventMemo = NO_MEMO, history: dict[str, Change] | None = None) -> bytes:
    """Return events.json: every event and registry record, with a versioned schema (`history`:
    when each event file last changed, by path)."""
    head = {
        "$schema": publication.url(urls.events_schema(EVENTS_JSON_VERSION)),
        "version": EVENTS_JSON_VERSION,
        "title": publication.site_name,
        "generated": publication.built_at.isoformat(),
        "language": publication.language,
    }
    history = history or {}

    def record(event: Event) -> str:
        changed = history.get(event.path)
        # The kind names the day too: a commit changes it, not the event (memo.py).
        return memo.get(f"events.json:{changed}", event,
                        lambda e: _compact(_event_record(e, timeline, publication, changed)))

    events = [record(event) for event in timeline.events]
    tail = {
        "sources": {s.id: _source_record(s) for s in timeline.sources.values()},
        "actors": {a.id: {"name": a.name, "role": a.role, "country": a.country, "url": a.url}
                   for a in timeline.actors.values()},
        "tags": {t.id: {"name": t.name, "description": t.description}
                 for t in timeline.tags.values()},
        "eras": {e.id: {"name": e.name, "description": e.description,
                        "date": {"edtf": e.date.edtf,
                                 "display": format_event_date(e.date, publication.language),
                                 "start": iso_day(e.date.first_ordinal), "end": _end_day(e.date),
                                 "ongoing": e.date.ongoing}}
                 for e in sorted(timeline.eras.values(), key=lambda e: (e.date.sort_key, e.id))},
    }
    # Compact: with indent, json.dumps falls back to its pure-Python encoder (5× slower).
    return _with_events(head, events, tail)


def _cell(value: str) -> str:
    """Return a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def export_events_csv(timeline: Timeline, publication: Publication,
                      memo: EventMemo = NO_MEMO) -> bytes:
    """Return events.csv: one row per event, lists joined with "; " (accounts, "Anadolu Agency
    reports: …", one per line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def row(event: Event) -> str:
        out.seek(0)
        out.truncate()
        date = event.date
        writer.writerow([_cell(v) for v in map(str, (
            event.id, publication.event_url(event.id), event.title, date.edtf,
            format_event_date(date, publication.language), iso_day(date.first_ordinal),
            _end_day(date) or "", event.status, event.importance,
            event.place or "", "; ".join(event.tags), "; ".join(event.actors),
            "; ".join(dict.fromkeys(c.source for c in event.sources)), event.summary,
            "yes" if event.accounts_differ else "no", "; ".join(a.by for a in event.accounts),
            # One line per account (a `says` is one line: its white space is folded).
            "\n".join(f"{' '.join(account_party(timeline, a.by, a.by_kind))}: {a.says}"
                       for a in event.accounts)))])
        return out.getvalue()

    rows = memo.each("events.csv", timeline.events, row)
    out.seek(0)
    out.truncate()
    writer.writerow(["id", "url", "title", "date", "display_date", "start", "end", "status",
                     "importance", "place", "tags", "actors", "sources", "summary",
                     "accounts_differ", "accounts_by", "accounts"])
    return (out.getvalue() + "".join(rows)).encode("utf-8")


def in_calendar(event: Event) -> bool:
    """Return True if an event's days fit iCalendar's dates, which hold the years 1 to 9999 (the
    day after its last day included, for DTEND): the events before year 1 are left out of it."""
    first, last = as_date(event.date.first_ordinal), as_date(event.date.last_ordinal)
    return first is not None and last is not None and last < dt.date.max


def event_uid(event: Event, publication: Publication) -> str:
    """Return the event's stable identifier for calendars: `<id>@<host>`."""
    return f"{event.id}@{publication.host or 'timeline.invalid'}"


def _ics_text(text: str) -> str:
    """Return a TEXT value escaped as RFC 5545 (3.3.11) wants."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _ics_line(line: str) -> str:
    """Return a content line folded at 75 octets (RFC 5545, 3.1), never inside a character."""
    if len(line) <= 75 and line.isascii():
        return line + "\r\n"  # most lines: short, one octet per character
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with one space
    return "\r\n ".join(parts) + "\r\n"


def export_icalendar(timeline: Timeline, publication: Publication,
                     memo: EventMemo = NO_MEMO) -> bytes:
    """Return timeline.ics: one all-day VEVENT per event (RFC 5545).

    Every event is all-day and covers exactly what its date says: a day, a whole month, a whole
    year, or the span of an interval (DTEND is the day after, as RFC 5545 wants). An ongoing
    interval covers its start only, and says "ongoing" in its description.

    Written here rather than with the icalendar package, which took 1.1 s per 1,000 events; the
    tests read the file back with icalendar.
    """
    stamp = publication.built_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//build_timeline.py//timeline//EN",
            "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ics_text(publication.site_name)}"]

    def vevent(event: Event) -> str:
        if not in_calendar(event):
            return ""
        first, last = as_date(event.date.first_ordinal), as_date(event.date.last_ordinal)
        assert first is not None and last is not None
        lines = [
            "BEGIN:VEVENT",
            f"UID:{_ics_text(event_uid(event, publication))}",
            f"DTSTAMP:{stamp}",
            # isoformat pads the year to four digits; strftime("%Y") does not.
            f"DTSTART;VALUE=DATE:{first.isoformat().replace('-', '')}",
            f"DTEND;VALUE=DATE:{(last + dt.timedelta(days=1)).isoformat().replace('-', '')}",
            f"SUMMARY:{_ics_text(event.title)}",
            "DESCRIPTION:" + _ics_text(format_event_date(event.date, publication.language) + ". "
                                       + event.summary),
            f"STATUS:{STATUS_WORDS[event.status].icalendar}",
            f"URL:{publication.event_url(event.id)}",
        ]
        if event.place:
            lines.append(f"LOCATION:{_ics_text(event.place)}")
        if event.tags:
            names = ",".join(_ics_text(timeline.tags[t].name) for t in event.tags)
            lines.append(f"CATEGORIES:{names}")
        lines.append("END:VEVENT")
        return "".join(_ics_line(line) for line in lines)

    return ("".join(_ics_line(line) for line in head)
            + "".join(memo.each("timeline.ics", timeline.events, vevent))
            + _ics_line("END:VCALENDAR")).encode("utf-8")


def _tljs_html(text: str) -> str:
    """Return plain text as HTML that TimelineJS shows as that text (headlines, slide text)."""
    # TimelineJS 3.9.11 runs text.headline and text.text through DOMPurify, which keeps escaped
    # text escaped, and writes them with innerHTML (the headline in the time navigation and the
    # previous/next buttons too, after `unlinkify`, which only drops <a> tags: there are none).
    return html.escape(text)


def _tljs_decoded(text: str) -> str:
    """Return plain text for a TimelineJS field it decodes as HTML before writing it as HTML."""
    # `group` and `display_date` go through TimelineJS' stripMarkup (the textContent of the value
    # parsed as HTML: "&lt;svg&gt;" becomes "<svg>") and then into innerHTML (the group label,
    # the slide's date, the previous/next buttons): escaped once, "<svg onload=...>" would run;
    # escaped twice, the decoding leaves it escaped once and innerHTML shows it as typed.
    return html.escape(html.escape(text))


def export_timelinejs(timeline: Timeline, publication: Publication,
                      memo: EventMemo = NO_MEMO) -> bytes:
    """Return timeline.json in Knight Lab's TimelineJS format (its text fields are HTML).

    Each value is written as TimelineJS will read it back (see _tljs_html, _tljs_decoded), so
    that every text shows as its contributor typed it and none runs.
    """
    words = language(publication.language)
    cosmological = any(point.year not in _TLJS_YEARS
                       for date in (*(e.date for e in timeline.events),
                                    *(e.date for e in timeline.eras.values()))
                       for point in (date.start, date.end) if point is not None)

    def _tljs_accounts(event: Event) -> str:
        """Return the slide text of an event's accounts that differ (or nothing)."""
        # Who says what, each attributed as on the event's page (TimelineJS keeps <ul>, <li> and
        # <strong> through DOMPurify; every text in them is escaped).
        if not event.accounts:
            return ""
        items = "".join(
            f"<li><strong>{_tljs_html(' '.join(account_party(timeline, a.by, a.by_kind)))}:"
            f"</strong> {_tljs_html(a.says)}</li>" for a in event.accounts)
        return f"<p><strong>{_tljs_html(words.gettext(ACCOUNTS_DIFFER))}</strong></p><ul>{items}</ul>"

    def slide_of(event: Event) -> str:
        slide: dict[str, Any] = {
            "unique_id": event.id,  # an element id: event ids are [a-z0-9-] only
            "start_date": _precision_parts(event.date.start, cosmological),
            "display_date": _tljs_decoded(format_event_date(event.date, publication.language)),
            "text": {"headline": _tljs_html(event.title),
                     "text": f"<p>{_tljs_html(event.summary)}</p>" + _tljs_accounts(event)
                             # The site's address (MkDocs wants a scheme and a host) and the
                             # id; DOMPurify drops an href of any other scheme than http(s).
                             + f'<p><a href="{html.escape(publication.event_url(event.id))}">'
                             f"{_tljs_html(words.gettext('Sources and details'))}</a></p>"},
            # TimelineJS links bare addresses in the slide text after sanitising it (linkify),
            # and takes "www." up to the next space into an href='...': a quote in a summary
            # ("www.x.org'onmouseover='...") would add attributes. Off, and summaries show as
            # typed, as on the site.
            "autolink": False,
        }
        if event.date.end is not None:
            slide["end_date"] = _precision_parts(event.date.end, cosmological, last=True)
        if event.tags:
            slide["group"] = _tljs_decoded(timeline.tags[event.tags[0]].name)
        if event.images:
            # The first picture; TimelineJS shows one per slide. Its caption and credit are HTML
            # (sanitised, then written with innerHTML); its alt is set as a property, plain text.
            image = event.images[0]
            slide["media"] = {"url": publication.timelinejs_image_url(image.file),
                              "caption": _tljs_html(image.caption or ""),
                              "credit": _tljs_html(image.credit), "alt": image.alt}
        return _compact(slide)

    # A slide depends on the whole timeline through `cosmological`: kept apart in the memo.
    events = memo.each(f"timeline.json:{cosmological}", timeline.events, slide_of)
    # Place, actors and sources are left out: TimelineJS has no text field for them (its media
    # field would load and embed whatever its URL names: only the site's own pictures go there).
    title = {"text": {"headline": _tljs_html(publication.site_name),
                      "text": "<p>" + _tljs_html(words.ngettext("%(count)s event", "%(count)s events",
                                                                len(events))
                                                 % {"count": len(events)}) + "</p>"},
             "autolink": False}
    head: dict[str, Any] = {"title": title}
    if cosmological:
        head["scale"] = "cosmological"
    eras = [_tljs_era(era, timeline, cosmological)
            for era in sorted(timeline.eras.values(), key=lambda e: (e.date.sort_key, e.id))]
    return _with_events(head, events, {"eras": eras} if eras else {})


def _tljs_era(era: Era, timeline: Timeline, cosmological: bool) -> dict[str, Any]:
    """Return an era as TimelineJS draws it (a band under its time navigation, which needs an
    end: an era still going on ends with the timeline's last day)."""
    if era.date.end is not None:
        end = _precision_parts(era.date.end, cosmological, last=True)
    else:
        last = max([era.date.first_ordinal, *(e.date.last_ordinal for e in timeline.events)])
        year, month, day = date_of_day_number(last)
        end = _precision_parts(DatePoint(year, month, day), cosmological)
    # TimelineJS sanitises an era's headline and text as it does a slide's, and writes the
    # headline with innerHTML: escaped, it shows as typed.
    return {"start_date": _precision_parts(era.date.start, cosmological), "end_date": end,
            "text": {"headline": _tljs_html(era.name), "text": _tljs_html(era.description or "")}}


def _atom_time(first_ordinal: int, publication: Publication) -> str:
    """Return an Atom timestamp for an event: its first day, or the build time if that is later
    (or if its first day is before year 1, which an Atom date cannot hold)."""
    built = publication.built_at.astimezone(dt.UTC)
    day = as_date(first_ordinal)
    if day is None:
        return built.isoformat()
    return min(dt.datetime.combine(day, dt.time(), dt.UTC), built).isoformat()


def _xml(text: str) -> str:
    """Return text escaped for XML character data and double-quoted attributes."""
    return escape(text, {'"': "&quot;"})


def atom_entry(event: Event, timeline: Timeline, publication: Publication) -> str:
    """Return an event's Atom <entry> element."""
    link = _xml(publication.event_url(event.id))
    entry_id = link if publication.site_url else \
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'timeline-event:' + publication.prefix + event.id)}"
    stamp = _atom_time(event.date.first_ordinal, publication)
    categories = "".join(f'<category term="{_xml(tag)}" label="{_xml(timeline.tags[tag].name)}"/>'
                         for tag in event.tags)
    lang = text_language(event, publication)
    # An entry in another language than its feed's (not yet translated) says so.
    own = f' xml:lang="{_xml(lang)}"' if lang != publication.language else ""
    return (
        f"<entry{own}><id>{entry_id}</id><title type=\"text\">{_xml(event.title)}</title>"
        f"<published>{stamp}</published><updated>{stamp}</updated>"
        f'<link rel="alternate" href="{link}"/>'
        f'<summary type="text">{_xml(format_event_date(event.date, publication.language))}. '
        f"{_xml(event.summary)}</summary>{categories}</entry>\n")


def export_atom(entries: dict[str, str], newest_first: tuple[Event, ...],
                publication: Publication, path: str, title: str) -> bytes:
    """Return an Atom feed of the events in `newest_first` (their entries), published at `path`.

    Written as text rather than with ElementTree, which took 1.3 s for the 31 feeds of 10,000
    events; every value is escaped, and the tests read the feeds back with feedparser.
    """
    body = "".join(entries[event.id] for event in newest_first)
    return (_atom_head(publication, path, title, urls.TIMELINE) + body + "</feed>\n").encode("utf-8")


def _atom_head(publication: Publication, path: str, title: str, page: str) -> str:
    """Return the start of an Atom feed published at `path`, whose web page is `page` (a uri),
    up to its first entry."""
    feed_id = _xml(publication.data_url(path)) if publication.site_url else \
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'timeline-feed:' + publication.prefix + path)}"
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<feed xmlns="{ATOM}" xml:lang="{_xml(publication.language)}"><id>{feed_id}</id>'
        f"<title>{_xml(title)}</title>"
        f"<updated>{publication.built_at.astimezone(dt.UTC).isoformat()}</updated>"
        f'<link rel="self" href="{_xml(publication.data_url(path))}"/>'
        f'<link rel="alternate" href="{_xml(publication.page_url(page))}"/>'
        f"<author><name>{_xml(publication.site_name)}</name></author>\n")


def update_entry_id(event: Event, number: int, prefix: str = "") -> str:
    """Return the stable Atom id of the event's `number`th update (from 1): the same in every
    build, wherever the site is published, for as long as the event's id, the update's day and
    its place among the event's updates of that day stay the same. A note corrected keeps it,
    and so does an update added on another day, above it or below (readers are not told twice)."""
    update = event.updates[number - 1]
    of_the_day = sum(1 for other in event.updates[:number] if other.date == update.date)
    name = f"timeline-update:{prefix}{event.id}:{update.date.isoformat()}:{of_the_day}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def export_updates_feed(timeline: Timeline, publication: Publication) -> bytes:
    """Return updates.xml: an Atom entry per correction or update, the FEED_ENTRIES latest (newest
    first; those of one day in timeline order, then as written), each updated on its own day."""
    entries = []
    words = language(publication.language)
    for event, number, update in updates_newest_first(timeline)[:FEED_ENTRIES]:
        stamp = dt.datetime.combine(update.date, dt.time(), dt.UTC).isoformat()
        link = _xml(urls.anchored(publication.event_url(event.id), "updates"))
        source = timeline.sources[update.source] if update.source else None
        said = words.gettext(" (source: %(publisher)s, “%(title)s”)") % {
            "publisher": source.publisher, "title": source.title} if source else ""
        title = words.gettext("Updated: %(title)s") % {"title": event.title}
        # An update shown in another language than its feed's (not yet translated) says so.
        own = f' xml:lang="{_xml(update.lang)}"' if update.lang else ""
        entries.append(
            f"<entry{own}><id>{update_entry_id(event, number, publication.prefix)}</id>"
            f'<title type="text">{_xml(title)}</title>'
            f"<published>{stamp}</published><updated>{stamp}</updated>"
            f'<link rel="alternate" href="{link}"/>'
            f'<summary type="text">{_xml(update.note + said)}</summary></entry>\n')
    head = _atom_head(publication, urls.UPDATES_FEED,
                      words.gettext("%(site)s: corrections and updates")
                      % {"site": publication.site_name}, urls.UPDATES)
    return (head + "".join(entries) + "</feed>\n").encode("utf-8")


def json_ld(event: Event, timeline: Timeline, publication: Publication,
            modified: dt.date | None = None) -> str:
    """Return the event as schema.org JSON-LD, safe to place inside a <script> element
    (`modified`: the day its file last changed, if known)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": publication.event_url(event.id),
        "identifier": event.id,
        "name": event.title,
        "description": event.summary,
        "startDate": _iso(event.date.start),
        "eventStatus": STATUS_WORDS[event.status].schema_org,
        "inLanguage": text_language(event, publication),
    }
    if event.date.end is not None:
        data["endDate"] = _iso(event.date.end)
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    if event.tags:
        data["about"] = [{"@type": "Thing", "name": timeline.tags[t].name} for t in event.tags]
    if event.images:
        data["image"] = [{"@type": "ImageObject", "contentUrl": publication.image_url(i.file),
                          "width": i.width, "height": i.height, "caption": i.caption or i.alt,
                          "creditText": i.credit} for i in event.images]
    # Every report the event cites, its accounts' too.
    data["citation"] = [_creative_work(timeline.sources[source_id])
                        for source_id in dict.fromkeys(c.source for c in event.all_citations)]
    if modified is not None:
        data["dateModified"] = modified.isoformat()
    if event.accounts:
        # Each account is a schema.org Claim about the event (a pending type, meant for claims
        # made in the sources), by its party, appearing in the reports it cites.
        data["subjectOf"] = [_claim(account, timeline, publication) for account in event.accounts]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</script>" or "<!--" would end or change the element: escape < > & as
    # JSON \u escapes (still the same JSON), and the two line separators JavaScript dislikes.
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _creative_work(source: Source) -> dict[str, Any]:
    """Return a source as a schema.org CreativeWork: its title, publisher, day, address and
    archived copy."""
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title,
                            "publisher": {"@type": "Organization", "name": source.publisher},
                            "datePublished": source.published.isoformat()}
    if source.url:
        work["url"] = source.url
    if source.archive_url:
        # schema.org's link to an archived copy of a CreativeWork.
        work["archivedAt"] = source.archive_url
    return work


def _claim(account: Account, timeline: Timeline, publication: Publication) -> dict[str, Any]:
    """Return an account as a schema.org Claim: its author, what they say, where it appears."""
    appearances = [_creative_work(timeline.sources[source_id])
                   for source_id in dict.fromkeys(c.source for c in account.sources)]
    author: dict[str, Any]
    if account.by_kind == "source":
        author = {"@type": "Organization", "name": timeline.sources[account.by].publisher}
    else:
        # An actor may be a person or a body: schema.org's author is either, so no @type. Its
        # page's address only where the site's is known (JSON-LD would resolve a relative one
        # against the event's page).
        author = {"name": timeline.actors[account.by].name}
        if publication.site_url:
            author["url"] = publication.page_url(urls.actor_page(account.by))
    return {"@type": "Claim", "author": author, "text": account.says, "appearance": appearances}


def newest_first(events: Sequence[Event]) -> tuple[Event, ...]:
    """Return the events latest date first (the order of the feeds)."""
    return tuple(sorted(events, key=lambda e: (e.date.sort_key, e.id), reverse=True))


def export_feeds(timeline: Timeline, publication: Publication,
                 latest: tuple[Event, ...]) -> dict[str, bytes]:
    """Return feed.xml and one feed per tag, each with its FEED_ENTRIES latest events.

    `latest` is every event, latest first (newest_first).
    """
    tagged: dict[str, list[Event]] = {tag_id: [] for tag_id in timeline.tags}
    for event in latest:
        for tag_id in event.tags:
            if len(tagged[tag_id]) < FEED_ENTRIES:
                tagged[tag_id].append(event)
    listed = {e.id: e for e in latest[:FEED_ENTRIES]}
    listed.update((e.id, e) for events in tagged.values() for e in events)
    # An event in several feeds is written once.
    entries = {event_id: atom_entry(e, timeline, publication) for event_id, e in listed.items()}
    words = language(publication.language)
    feeds = {urls.FEED: export_atom(entries, latest[:FEED_ENTRIES], publication, urls.FEED,
                                     words.gettext("%(site)s: all events")
                                     % {"site": publication.site_name})}
    for tag in timeline.tags.values():
        feeds[urls.tag_feed(tag.id)] = export_atom(
            entries, tuple(tagged[tag.id]), publication, urls.tag_feed(tag.id),
            words.gettext("%(site)s: %(tag)s") % {"site": publication.site_name, "tag": tag.name})
    return feeds


def export_event_order(timeline: Timeline) -> bytes:
    """Return event-order.json: every event id in timeline order (oldest first), from which a
    large timeline's event pages say "Event 12 of 10,340" in the reader's browser."""
    return (_compact({"events": [event.id for event in timeline.events]}) + "\n").encode("utf-8")


def export_jobs(timeline: Timeline, publication: Publication, memo: EventMemo = NO_MEMO,
                history: dict[str, Change] | None = None,
                shared: bool = True) -> list[Callable[[], dict[str, bytes]]]:
    """Return the makers of every data file of the site, each making one or a few files by path
    (what is made from one event alone taken from `memo` where kept; `history`: when each event
    file last changed, by path); `shared`: with the JSON Schemas, which every language's site
    links at the root."""
    def schemas() -> dict[str, bytes]:
        return {urls.events_schema(EVENTS_JSON_VERSION): schema_bytes(events_json_schema()),
                **schema_files()}

    return [
        lambda: {urls.EVENTS_JSON: export_events_json(timeline, publication, memo, history)},
        *([schemas] if shared else []),
        lambda: {urls.EVENTS_CSV: export_events_csv(timeline, publication, memo)},
        lambda: {urls.ICALENDAR: export_icalendar(timeline, publication, memo)},
        lambda: {urls.TIMELINEJS: export_timelinejs(timeline, publication, memo)},
        lambda: {urls.EVENT_ORDER: export_event_order(timeline)},
        lambda: export_feeds(timeline, publication, newest_first(timeline.events)),
        lambda: {urls.UPDATES_FEED: export_updates_feed(timeline, publication)},
    ]


def expected_listings(timeline: Timeline) -> dict[str, list[str]]:
    """Return the event ids each data file that lists events must list, by path."""
    every = [event.id for event in timeline.events]
    latest = [event.id for event in newest_first(timeline.events)[:FEED_ENTRIES]]
    return {urls.EVENTS_JSON: every, urls.EVENTS_CSV: every,
            urls.ICALENDAR: [event.id for event in timeline.events if in_calendar(event)],
            urls.TIMELINEJS: every, urls.EVENT_ORDER: every, urls.FEED: latest}


_READ_BACK: dict[str, Callable[[bytes], list[str]]] = {
    urls.EVENTS_JSON: lambda data: [e["id"] for e in json.loads(data)["events"]],
    urls.EVENTS_CSV: lambda data: [row["id"] for row in csv.DictReader(
        io.StringIO(data.decode("utf-8")))],
    # Unfolded, every UID line names an event: "UID:<id>@<host>".
    urls.ICALENDAR: lambda data: re.findall(r"^UID:([a-z0-9-]+)@", data.decode("utf-8")
                                            .replace("\r\n ", ""), re.M),
    urls.TIMELINEJS: lambda data: [e["unique_id"] for e in json.loads(data)["events"]],
    urls.EVENT_ORDER: lambda data: list(json.loads(data)["events"]),
    # Entry links end in events/<id>/ (or events/<id>.html).
    urls.FEED: lambda data: [
        link.get("href", "").rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        for link in ET.fromstring(data).iterfind(
            f"{{{ATOM}}}entry/{{{ATOM}}}link[@rel='alternate']")],
}


def exported_ids(exports: dict[str, bytes]) -> dict[str, list[str]]:
    """Return, for each export here that lists events, the event ids it lists (read back)."""
    return {name: read(exports[name]) for name, read in _READ_BACK.items() if name in exports}
