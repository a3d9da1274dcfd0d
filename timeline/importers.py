"""Importers: a TimelineJS timeline (its JSON, or the CSV of Knight Lab's Google Sheets template)
turned into event files and registry entries.

Pure: bytes in, files to write out (`Plan`); the command line reads the input, checks the plan
with the checker and writes it through `write_plan`, which writes nothing if any file would be
replaced. Every step is bounded: the input's size (IMPORT_MAX_BYTES), its rows (IMPORT_MAX_ROWS),
its JSON nesting (IMPORT_MAX_DEPTH), and each text by the limits of the field it becomes.

TimelineJS text is HTML; it becomes Markdown through an allow-list (_MarkdownWriter) on the
standard library's HTML parser: every character of text is escaped for Markdown, links keep only
http, https and mailto addresses, and nothing else of the markup survives.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from pathlib import Path
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from . import fields as F
from .dates import DateError, format_event_date, parse_event_date
from .daycount import month_days
from .examples import event_id_prefix, id_example
from .images import sniff
from .check import check_seeds
from .load import decode_seed, parse_yaml
from .markup import escape_markdown
from .nodes import Mapping, Scalar
from .problems import Problem
from .read import SeedFile, Seeds, image_file
from .scaffold import slugify
from .urls import (
    ERAS_FILE,
    EVENT_SUFFIX,
    EVENTS_FOLDER,
    IMAGES_FOLDER,
    SOURCES_FILE,
    TAGS_FILE,
    event_id_of,
    event_seed,
)

IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_DEPTH = (F.IMPORT_MAX_BYTES, F.IMPORT_MAX_ROWS,
                                                        F.IMPORT_MAX_DEPTH)
# Levels of inline elements (<b><i><a>…) carried into Markdown; deeper ones keep their text only.
_INLINE_MAX_DEPTH = 8
# JavaScript's Date holds years within ±271,821; beyond, TimelineJS needs "scale": "cosmological".
JS_YEAR_MAX = 271_821
_YEAR_DIGITS_MAX = 12
NOT_CARRIED = "not carried: "  # how a report of a slide left out starts  # 13.8 billion years is 11 digits
# The columns of Knight Lab's Google Sheets template (TimelineJS' own names, in its order).
CSV_COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
               "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
               "Media Thumbnail", "Type", "Group", "Background")

_YEAR = re.compile(r"[+-]?[0-9]{1,12}", re.ASCII)
_SMALL_NUMBER = re.compile(r"[0-9]{1,2}", re.ASCII)
_SPACES = re.compile(r"\s+")
# Strings of a JSON text, skipped when its nesting is measured (each character matched one way).
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


class ImportRefused(ValueError):
    """An input that cannot be imported at all; the message says why and what to do."""


@dataclass(frozen=True)
class Slide:
    """One TimelineJS slide as read from either format, its texts still HTML."""

    where: str  # "events[3]" or "line 5": how the report names it
    kind: str  # "event", "title" or "era"
    start: dict[str, str]
    end: dict[str, str]
    display_date: str = ""
    headline: str = ""
    text: str = ""
    media_url: str = ""
    media_credit: str = ""
    media_caption: str = ""
    group: str = ""
    unique_id: str = ""


@dataclass(frozen=True)
class Timeline:
    """A TimelineJS timeline as read: its slides, and whether only years count."""

    slides: tuple[Slide, ...]
    cosmological: bool
    notes: tuple[tuple[str, str], ...] = ()  # (where, why): rows not even read as slides


@dataclass(frozen=True)
class Existing:
    """What the project holds already: ids taken, and the registries' bytes (None: no file)."""

    event_ids: frozenset[str]
    sources: bytes | None
    tags: bytes | None
    eras: bytes | None
    source_ids: frozenset[str]
    tag_names: dict[str, str]  # tag id -> name
    era_ids: frozenset[str]


@dataclass(frozen=True)
class NewEventFile:
    """One event file to write, and the slide it came from."""

    path: str
    text: str
    where: str
    image: tuple[str, bytes] | None = None  # the image's path under the project, and its bytes


@dataclass
class Plan:
    """What an import writes: new files, text appended to registries, and the row reports."""

    events: list[NewEventFile] = field(default_factory=list)
    appended: dict[str, tuple[bytes | None, str]] = field(default_factory=dict)  # path: (before, added)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, what): the row reports
    tags: int = 0
    eras: int = 0
    source: str = ""
    source_is_new: bool = False

    def note(self, where: str, what: str) -> None:
        """Add a row report: `what` happened to the slide at `where`."""
        self.notes.append((where, what))

    @property
    def not_carried(self) -> int:
        """Return how many slides were left out."""
        return sum(what.startswith(NOT_CARRIED) for _, what in self.notes)


# Reading the two formats. -----------------------------------------------------------------------

def _text_of(value: object) -> str:
    """Return a JSON value as text: strings as they are, numbers written out, anything else ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return ""


def _date_parts(value: object) -> dict[str, str]:
    """Return the date object of a slide as text parts (year, month, day, hour, …)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): _text_of(v).strip() for k, v in value.items() if _text_of(v).strip()}


def _check_size(data: bytes, name: str) -> str:
    """Return the input decoded as UTF-8, or raise ImportRefused if too large or not UTF-8."""
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportRefused(f"{name} is {len(data):,} bytes, more than the {IMPORT_MAX_BYTES:,} "
                           "one import reads — split the timeline into smaller files and import "
                           "each")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{name} is not UTF-8 text (byte {error.start + 1:,} cannot be read) "
                           "— save it as UTF-8 and import it again") from None


def json_depth(text: str) -> int:
    """Return how deeply a JSON text nests lists and objects (strings skipped), in one pass."""
    depth = deepest = 0
    for match in _JSON_BRACKETS.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _json_slide(where: str, kind: str, item: dict[str, Any]) -> Slide:
    """Return one slide of a TimelineJS JSON file."""
    text = item.get("text") if isinstance(item.get("text"), dict) else {}
    media = item.get("media") if isinstance(item.get("media"), dict) else {}
    assert isinstance(text, dict) and isinstance(media, dict)
    return Slide(where, kind, _date_parts(item.get("start_date")), _date_parts(item.get("end_date")),
                 _text_of(item.get("display_date")).strip(), _text_of(text.get("headline")),
                 _text_of(text.get("text")), _text_of(media.get("url")).strip(),
                 _text_of(media.get("credit")), _text_of(media.get("caption")),
                 _text_of(item.get("group")).strip(), _text_of(item.get("unique_id")).strip())


def read_timelinejs(data: bytes, name: str) -> Timeline:
    """Return the slides of a TimelineJS JSON file, or raise ImportRefused saying why not."""
    text = _check_size(data, name)
    depth = json_depth(text)
    if depth > IMPORT_MAX_DEPTH:
        raise ImportRefused(f"{name} nests lists and objects {depth:,} levels deep, more than the "
                           f"{IMPORT_MAX_DEPTH} a TimelineJS file needs — export the timeline "
                           "from TimelineJS again")
    try:
        root = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        column = getattr(error, "colno", 1)
        why = getattr(error, "msg", "not JSON")
        raise ImportRefused(f"{name}:{line}:{column}: this is not JSON ({why}) — export the "
                           "timeline from TimelineJS again, or correct the file") from None
    if not isinstance(root, dict) or not isinstance(root.get("events", []), list):
        raise ImportRefused(f'{name} is not a TimelineJS timeline: it needs an object with a list '
                           '"events" — give the JSON file TimelineJS reads')
    events = root.get("events", [])
    eras = root.get("eras", []) if isinstance(root.get("eras", []), list) else []
    if len(events) + len(eras) > IMPORT_MAX_ROWS:
        raise ImportRefused(f"{name} holds {len(events) + len(eras):,} slides, more than the "
                           f"{IMPORT_MAX_ROWS:,} one import takes — split it into smaller files "
                           "and import each")
    slides: list[Slide] = []
    notes: list[tuple[str, str]] = []
    if isinstance(root.get("title"), dict):
        slides.append(_json_slide("title", "title", root["title"]))
    for kind, items in (("event", events), ("era", eras)):
        for index, item in enumerate(items):
            where = f"{'events' if kind == 'event' else 'eras'}[{index}]"
            if isinstance(item, dict):
                slides.append(_json_slide(where, kind, item))
            else:
                notes.append((where, "not carried: a slide is an object, and this is not"))
    return Timeline(tuple(slides), _text_of(root.get("scale")).strip().lower() == "cosmological",
                    tuple(notes))


def read_sheet_csv(data: bytes, name: str) -> Timeline:
    """Return the slides of a CSV of Knight Lab's Google Sheets template, or raise ImportRefused."""
    text = _check_size(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportRefused(f"{name} is empty — export the sheet as CSV and import that file")
        columns = {cell.strip().lower(): index for index, cell in enumerate(header)}
        missing = [c for c in ("Year", "Headline") if c.lower() not in columns]
        if missing:
            raise ImportRefused(
                f"{name}:1: the first row has no {' and no '.join(missing)} column, so this is "
                "not a CSV of the TimelineJS sheet template — its first row names the columns "
                f"{', '.join(CSV_COLUMNS)}")
        slides: list[Slide] = []
        line = reader.line_num
        for row in reader:
            where, line = f"line {line + 1}", reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(slides) >= IMPORT_MAX_ROWS:
                raise ImportRefused(f"{name} holds more than {IMPORT_MAX_ROWS:,} rows, more than "
                                   "one import takes — split it into smaller files and import "
                                   "each")

            def cell(column: str, row: list[str] = row) -> str:
                index = columns.get(column.lower())
                return row[index] if index is not None and index < len(row) else ""

            def parts(prefix: str) -> dict[str, str]:
                found = {"year": cell(f"{prefix}Year"), "month": cell(f"{prefix}Month"),
                         "day": cell(f"{prefix}Day"), "time": cell(f"{prefix}Time")}
                return {k: v.strip() for k, v in found.items() if v.strip()}

            kind = cell("Type").strip().lower()
            slides.append(Slide(where, kind if kind in ("title", "era") else "event",
                                parts(""), parts("End "), cell("Display Date").strip(),
                                cell("Headline"), cell("Text"), cell("Media").strip(),
                                cell("Media Credit"), cell("Media Caption"), cell("Group").strip()))
    except csv.Error as error:
        raise ImportRefused(f"{name}:{reader.line_num}: this row cannot be read as CSV ({error}) — "
                           "export the sheet as CSV again") from None
    return Timeline(tuple(slides), False)


# Dates. ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    """One converted date: its EDTF text, and what the conversion had to leave out."""

    edtf: str
    notes: tuple[str, ...] = ()


def edtf_year(year: int) -> str:
    """Return the EDTF year of a TimelineJS year: -44 -> -0043, 1835 -> 1835, -13.8e9 -> Y-…."""
    astronomical = year + 1 if year < 0 else year
    if -9999 <= astronomical <= 9999:
        return f"-{-astronomical:04d}" if astronomical < 0 else f"{astronomical:04d}"
    return f"Y{astronomical}"


def edtf_point(parts: dict[str, str], cosmological: bool, what: str) -> Point:
    """Return the EDTF date of a TimelineJS date (its year, month and day; times are dropped).

    Raises ValueError, its message a row report, when the year cannot be read.
    """
    notes: list[str] = []
    raw = parts.get("year", "")
    if not raw:
        raise ValueError(f"{what} has no year")
    if _YEAR.fullmatch(raw) is None:
        raise ValueError(f'{what} has the year "{_shown(raw)}", which is not a whole number of at '
                         f"most {_YEAR_DIGITS_MAX} digits")
    year = int(raw)
    if year == 0:
        notes.append(f"{what}: TimelineJS shows the year 0 as \"0\"; imported as 1 BCE (EDTF's "
                     "year 0000)")
    text = edtf_year(year)
    month_text, day_text = parts.get("month", ""), parts.get("day", "")
    if cosmological or text.startswith("Y"):
        if month_text or day_text:
            notes.append(f"{what}: month and day dropped: "
                         + ("a cosmological timeline counts years only" if cosmological else
                            "a year of more than four digits is written as a year only"))
        month_text = day_text = ""
    if month_text:
        if _SMALL_NUMBER.fullmatch(month_text) is None or not 1 <= int(month_text) <= 12:
            notes.append(f'{what}: the month "{_shown(month_text)}" is not 1 to 12; kept the year '
                         "only")
            month_text = day_text = ""
        else:
            text += f"-{int(month_text):02d}"
    if day_text:
        astronomical = year + 1 if year < 0 else year
        if not month_text:
            notes.append(f"{what}: a day without a month was dropped")
        elif _SMALL_NUMBER.fullmatch(day_text) is None or not \
                1 <= int(day_text) <= month_days(astronomical, int(month_text)):
            notes.append(f'{what}: the day "{_shown(day_text)}" is not a day of that month; kept '
                         "the year and month")
        else:
            text += f"-{int(day_text):02d}"
    clock = [parts[k] for k in ("time", "hour", "minute", "second", "millisecond") if parts.get(k)]
    if clock:
        notes.append(f"{what}: the time of day ({_shown(':'.join(clock))}) was dropped: event "
                     "dates carry no time")
    return Point(text, tuple(notes))


def edtf_date(slide: Slide, cosmological: bool) -> Point:
    """Return the EDTF date (a day, or an interval START/END) of a slide."""
    start = edtf_point(slide.start, cosmological, "start_date")
    if not slide.end.get("year"):
        return start
    try:
        end = edtf_point(slide.end, cosmological, "end_date")
    except ValueError as error:
        return Point(start.edtf, (*start.notes, f"{error}; imported without its end"))
    if end.edtf == start.edtf:
        return Point(start.edtf, start.notes + end.notes)
    if _order_key(end.edtf) < _order_key(start.edtf):
        return Point(start.edtf, (*start.notes, *end.notes,
                                  "end_date is before start_date; imported without its end"))
    return Point(f"{start.edtf}/{end.edtf}", start.notes + end.notes)


def restored_date(edtf: str, display_date: str) -> str | None:
    """Return `edtf` with the qualifiers (~ ? %) and the ongoing end ("/..") that its display date
    says in this site's words, or None if the display date is not how this site shows any of them.

    TimelineJS has no field for them; this site's timeline.json writes them in display_date
    (format_event_date), so its export imports back to the same dates. At most 32 dates tried.
    """
    start, _, end = edtf.partition("/")
    shapes = [(start, end)] if end else [(start, ""), (start, "..")]
    for first, second in shapes:
        for q1 in ("", "~", "?", "%"):
            for q2 in ("", "~", "?", "%") if second not in ("", "..") else ("",):
                candidate = first + q1 + (f"/{second}{q2}" if second else "")
                try:
                    if format_event_date(parse_event_date(candidate)) == display_date:
                        return candidate
                except DateError:
                    continue
    return None


def _order_key(edtf: str) -> tuple[int, int, int]:
    """Return (year, month, day) of an EDTF point this module wrote, for ordering."""
    if edtf.startswith("Y"):
        return int(edtf[1:]), 0, 0
    sign = -1 if edtf.startswith("-") else 1
    numbers = edtf.lstrip("-").split("-")
    return (sign * int(numbers[0]), int(numbers[1]) if len(numbers) > 1 else 0,
            int(numbers[2]) if len(numbers) > 2 else 0)


# Text. -------------------------------------------------------------------------------------------

_DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math", "template",
                      "noscript", "head", "title", "textarea", "select", "button"})
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "h1", "h2", "h3", "h4",
                     "h5", "h6", "table", "tr", "figure", "figcaption", "address", "pre", "hr"})
_ITEMS = frozenset({"li", "dt", "dd"})
_EMPHASIS = {"em": "*", "i": "*", "cite": "*", "strong": "**", "b": "**"}
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col"})


def safe_link(target: str) -> str | None:
    """Return an address a narrative may link to, written so Markdown reads it whole, or None."""
    target = target.strip()
    if not F.narrative_link_allowed(target) or len(target) > F.URL_MAX:
        return None
    # Spaces, parentheses and angle brackets would end the Markdown link early: percent-encoded.
    return quote(target, safe="/:?#[]@!$&'*+,;=%~.-_")


class _MarkdownWriter(HTMLParser):
    """HTML to Markdown through an allow-list: paragraphs, line breaks, list items, quotes,
    emphasis and http/https/mailto links; every character of text escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished paragraphs
        self.stack: list[tuple[str, str | None, list[str]]] = [("", None, [])]  # tag, href, parts
        self.dropping = 0  # depth inside <script>, <style>, …
        self.prefix = ""  # "- " for a list item, "> " inside a quote
        self.quote = 0

    def _flush(self) -> None:
        while len(self.stack) > 1:
            self._close_inline()
        text = "".join(self.stack[0][2]).strip()
        self.stack[0][2].clear()
        lines = [line.strip() for line in text.split("\n")]
        text = "  \n".join(line for line in lines if line)
        if text:
            prefix = ("> " if self.quote else "") + self.prefix
            self.blocks.append(prefix + text.replace("  \n", "  \n" + ("> " if self.quote else "")))

    def _close_inline(self) -> None:
        tag, href, parts = self.stack.pop()
        inner = "".join(parts)
        stripped = inner.strip()
        if not stripped:
            out = inner
        elif tag == "a" and href is not None:
            out = f"[{stripped}]({href})"
        elif tag in _EMPHASIS:
            out = f"{_EMPHASIS[tag]}{stripped}{_EMPHASIS[tag]}"
        else:
            out = stripped
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        self.stack[-1][2].append(lead + out + trail if stripped else out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += tag not in _VOID
            return
        if self.dropping:
            return
        if tag == "br":
            self.stack[-1][2].append("\n")
        elif tag in _BLOCKS or tag in _ITEMS or tag == "blockquote":
            self._flush()
            if tag in _ITEMS:
                self.prefix = "- "
            if tag == "blockquote":
                self.quote += 1
        elif (tag == "a" or tag in _EMPHASIS) and len(self.stack) <= _INLINE_MAX_DEPTH \
                and not any(t == tag or _EMPHASIS.get(t, t) == _EMPHASIS.get(tag, tag)
                            for t, _, _ in self.stack[1:]):  # one of each kind open at a time
            href = safe_link(dict(attrs).get("href") or "") if tag == "a" else None
            self.stack.append((tag, href, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.dropping:
            self.stack[-1][2].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        if tag in _BLOCKS or tag in _ITEMS or tag == "blockquote":
            self._flush()
            if tag in _ITEMS:
                self.prefix = ""
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)
        elif tag in ("ul", "ol", "dl"):
            self._flush()
            self.prefix = ""
        elif any(open_tag == tag for open_tag, _, _ in self.stack[1:]):
            while self.stack[-1][0] != tag:
                self._close_inline()
            self._close_inline()

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.stack[-1][2].append(escape_markdown(_SPACES.sub(" ", data)))

    def markdown(self) -> str:
        """Return the Markdown of everything fed, paragraphs apart."""
        self.close()
        self._flush()
        return "\n\n".join(self.blocks)


def html_to_markdown(text: str) -> str:
    """Return TimelineJS HTML as safe Markdown: allowed structure kept, all text escaped."""
    writer = _MarkdownWriter()
    writer.feed(text)
    return writer.markdown()


class _PlainText(HTMLParser):
    """The text of an HTML fragment, without the text of <script>, <style> and the like."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += 1
        elif tag in _BLOCKS or tag in _ITEMS or tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCKS or tag in _ITEMS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def plain_text(text: str) -> str:
    """Return the text of an HTML fragment on one line, white space collapsed."""
    if "<" not in text and "&" not in text:
        return _SPACES.sub(" ", text).strip()
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    # Characters the checker refuses in any value (controls, noncharacters) go.
    joined = "".join(parser.parts)
    return _SPACES.sub(" ", "".join(c for c in joined if c.isprintable() or c == " ")).strip()


def shown_twice(text: str) -> str:
    """Return the text TimelineJS shows for `group` and `display_date`: it takes the text of the
    value read as HTML, then writes that as HTML again (see export._tljs_decoded)."""
    return plain_text(plain_text(text))


def cut_at_word(text: str, limit: int) -> str:
    """Return `text` if it fits `limit` characters, else its longest run of whole words that fits
    with "…" after it."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    if " " in head and not text[limit - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-") + "…"


def first_sentence(text: str) -> str:
    """Return the first sentence of plain text: up to the first ".", "!" or "?" before a space."""
    for index, char in enumerate(text):
        if char in ".!?" and (index + 1 == len(text) or text[index + 1] == " ") and index > 0:
            return text[:index + 1]
    return text


def _shown(text: str) -> str:
    """Return a value as a report quotes it: one line, at most ECHO_MAX characters."""
    one_line = _SPACES.sub(" ", text).strip()
    return one_line if len(one_line) <= F.ECHO_MAX else one_line[:F.ECHO_MAX - 1] + "…"


def _scalar(value: str) -> str:
    """Return a one-line YAML scalar that reads back as exactly `value`."""
    return yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style=None) \
        .removesuffix("\n...\n").removesuffix("\n")


# Planning the files. -----------------------------------------------------------------------------

def _unique(base: str, taken: set[str] | frozenset[str], limit: int) -> str:
    """Return `base`, or `base-2`, `base-3`, … (within `limit` characters), whichever is free."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[:limit - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _appended_text(before: bytes | None, lines: list[str]) -> str:
    """Return what to add at the end of a registry file for new entries (a blank line first)."""
    if before is None or not before.strip():
        lead = "" if before is None or before.endswith(b"\n") or not before else "\n"
    else:
        lead = "\n" if before.endswith(b"\n") else "\n\n"
    return lead + "\n".join(lines) + "\n"


def _local_media(url: str) -> str | None:
    """Return a media value as a path inside the input's folder ("img/a.jpg"), or None if it is an
    address or leaves that folder."""
    if not url or ":" in url.split("/", 1)[0] or url.startswith(("/", "\\")) or "\\" in url:
        return None
    parts = [p for p in url.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or any(p.startswith(".") for p in parts):
        return None
    return "/".join(parts)


def _image_suffix(path: str) -> str:
    """Return the lowercase extension of a path (".jpg"), or ""."""
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


@dataclass(frozen=True)
class Options:
    """How to import: the input's name, the source to cite, the folder, the import's day."""

    name: str
    source: str | None  # an existing source id, or None for a new record of the file
    folder: str  # "" or "a/b/" under seeds/events/
    today: str  # YYYY-MM-DD: the new source record's `published` placeholder


def plan_import(timeline: Timeline, existing: Existing, options: Options,
                local_file: Callable[[str], bytes | str],
                refused: dict[str, str] | None = None) -> Plan:
    """Return the files an import writes and its row reports.

    `local_file(path)` returns the bytes of a file beside the input, or why it cannot be read;
    `refused` names slides left out, with why (what the checker said of their event files).
    """
    refused = refused or {}
    plan = Plan(notes=list(timeline.notes))
    taken_events = set(existing.event_ids)
    tag_by_name = {name: tag_id for tag_id, name in existing.tag_names.items()}
    taken_tags = set(existing.tag_names)
    new_tags: list[str] = []
    taken_eras = set(existing.era_ids)
    new_eras: list[str] = []

    title_slide = next((s for s in timeline.slides if s.kind == "title"), None)
    if options.source is not None:
        plan.source = options.source
    else:
        title = cut_at_word((plain_text(title_slide.headline)
                             or first_sentence(plain_text(title_slide.text))) if title_slide
                            else "", F.SOURCE_TITLE_MAX) or options.name
        plan.source = _unique(id_example(title) or "imported-timeline", existing.source_ids,
                              F.ID_MAX)
        plan.source_is_new = True
        lines = [f"# Imported from {options.name} on {options.today}: publisher and published are "
                 "placeholders — correct them.",
                 f"{plan.source}:", f"  title: {_scalar(title)}",
                 f"  publisher: {_scalar(cut_at_word('TimelineJS file ' + options.name, F.NAME_MAX))}",
                 f"  published: {options.today}"]
        plan.appended[SOURCES_FILE] = (existing.sources, _appended_text(existing.sources, lines))
    for slide in timeline.slides:
        if slide.kind == "title" and slide is not title_slide:
            plan.note(slide.where, "not carried: a second title slide (the first one "
                              "names the source)")
        elif slide.kind == "title" and plain_text(slide.text) and plain_text(slide.headline) \
                and options.source is None:
            plan.note(slide.where, f"the title slide's text is not carried: a source "
                              "record holds a title only")

    def tag_of(group: str, where: str) -> str:
        name = shown_twice(group)
        if len(name) > F.TAG_NAME_MAX:
            plan.note(where, f"the group name was cut to {F.TAG_NAME_MAX} characters")
            name = cut_at_word(name, F.TAG_NAME_MAX)
        if name in tag_by_name:
            return tag_by_name[name]
        tag_id = _unique(id_example(name) or "group", taken_tags, F.ID_MAX)
        taken_tags.add(tag_id)
        tag_by_name[name] = tag_id
        new_tags.extend([f"{tag_id}:", f"  name: {_scalar(name)}"])
        plan.tags += 1
        return tag_id

    for slide in timeline.slides:
        if slide.kind == "title":
            continue
        if slide.where in refused:
            plan.note(slide.where, NOT_CARRIED + refused[slide.where])
            continue
        try:
            date = edtf_date(slide, timeline.cosmological)
        except ValueError as error:
            plan.note(slide.where, f"not carried: {error}")
            continue
        for note in date.notes:
            plan.note(slide.where, note)
        headline, body = plain_text(slide.headline), plain_text(slide.text)
        if slide.kind == "era":
            era = _plan_era(slide, date, headline, body, taken_eras, plan)
            if era:
                new_eras.extend(era)
            continue
        caption = plain_text(slide.media_caption)
        if not headline and not body and not caption:
            plan.note(slide.where, "not carried: it has no headline, no text and no media caption")
            continue
        title = headline or first_sentence(body) or caption
        if len(title) > F.TITLE_MAX:
            plan.note(slide.where, f"the title was cut at a word to {F.TITLE_MAX} characters"
                      + (" (the whole headline is in the narrative)" if headline else ""))
        summary = cut_at_word(first_sentence(body) if body else title, F.SUMMARY_MAX)
        display = shown_twice(slide.display_date)
        restored = restored_date(date.edtf, display) if display else None
        if restored is not None:  # the display date says nothing the date does not
            date, slide = Point(restored, date.notes), replace(slide, display_date="")
        event_id = _event_id(slide, date.edtf, title, taken_events)
        taken_events.add(event_id)
        tags = [tag_of(slide.group, slide.where)] if shown_twice(slide.group) else []
        image, media_lines = _media(slide, event_id, headline or title, local_file, plan)
        narrative = _narrative(slide, title, media_lines)
        lines = ["---", f"title: {_scalar(cut_at_word(title, F.TITLE_MAX))}",
                 f"date: {date.edtf}", f"summary: {_scalar(summary)}"]
        if tags:
            lines.append(f"tags: [{', '.join(tags)}]")
        if image is not None:
            lines += ["images:", f"  - file: {image[0].removeprefix(IMAGES_FOLDER)}",
                      f"    alt: {_scalar(image[2])}", f"    credit: {_scalar(image[3])}"]
            if image[4]:
                lines.append(f"    caption: {_scalar(image[4])}")
        lines += ["sources:", f"  - source: {plan.source}", "---", narrative]
        plan.events.append(NewEventFile(event_seed(event_id, options.folder),
                                        "\n".join(lines) + "\n", slide.where,
                                        None if image is None else (image[0], image[1])))
    if new_tags:
        plan.appended[TAGS_FILE] = (existing.tags, _appended_text(existing.tags, new_tags))
    if new_eras:
        plan.appended[ERAS_FILE] = (existing.eras, _appended_text(existing.eras, new_eras))
    return plan


def _event_id(slide: Slide, edtf: str, title: str, taken: set[str]) -> str:
    """Return a new event's id: the slide's unique_id if it is already an event id that starts
    with the date (our own timeline.json keeps ids), else the date and the title's slug."""
    prefix = event_id_prefix(edtf)
    kept = slide.unique_id
    if (kept.startswith(prefix + "-") and len(kept) <= F.EVENT_ID_MAX
            and re.fullmatch(F.EVENT_ID_PATTERN, kept) and kept not in taken):
        return kept
    return _unique(f"{prefix}-{slugify(title)}", taken, F.EVENT_ID_MAX)


def _plan_era(slide: Slide, date: Point, headline: str, body: str, taken: set[str],
              plan: Plan) -> list[str] | None:
    """Return the lines of a seeds/eras.yml entry for an era slide, or None (reported) if it
    cannot be one."""
    if "/" not in date.edtf:
        plan.note(slide.where, "not carried: an era needs an end date after its start")
        return None
    name = headline or first_sentence(body)
    if not name:
        plan.note(slide.where, "not carried: an era needs a headline (its name)")
        return None
    if len(name) > F.ERA_NAME_MAX:
        plan.note(slide.where, f"the era's name was cut at a word to {F.ERA_NAME_MAX} "
                          "characters")
    era_id = _unique(id_example(name) or "era", taken, F.ID_MAX)
    taken.add(era_id)
    lines = [f"{era_id}:", f"  name: {_scalar(cut_at_word(name, F.ERA_NAME_MAX))}",
             f"  date: {date.edtf}"]
    if body and headline:
        if len(body) > F.DESCRIPTION_MAX:
            plan.note(slide.where, f"the era's text was cut at a word to "
                              f"{F.DESCRIPTION_MAX:,} characters")
        lines.append(f"  description: {_scalar(cut_at_word(body, F.DESCRIPTION_MAX))}")
    plan.eras += 1
    return lines


def _media(slide: Slide, event_id: str, alt: str, local_file: Callable[[str], bytes | str],
           plan: Plan) -> tuple[tuple[str, bytes, str, str, str] | None, list[str]]:
    """Return a slide's media as an image to copy (path, bytes, alt, credit, caption), or as
    narrative lines linking to it."""
    url = slide.media_url
    if not url:
        return None, []
    caption = cut_at_word(plain_text(slide.media_caption), F.IMAGE_CAPTION_MAX)
    credit = plain_text(slide.media_credit)
    link = safe_link(url)
    if link is not None:
        try:
            host = urlsplit(url.strip()).hostname or ""
        except ValueError:  # "http://[x": an address urllib cannot split still links as written
            host = ""
        words = escape_markdown(caption or (f"Media on {host}" if host else "Media"))
        credit_text = f" ({escape_markdown(cut_at_word(credit, F.NAME_MAX))})" if credit else ""
        return None, [f"[{words}]({link}){credit_text}"]
    if "<" in url:  # TimelineJS shows HTML media (a quote, an embed) as is: its text is kept
        quoted = html_to_markdown(url)
        return None, [quoted] if quoted else []
    local = _local_media(url)
    if local is None:
        plan.note(slide.where, f"the media was not carried: it is neither an http or "
                          "https address nor a file beside the input")
        return None, []
    suffix = _image_suffix(local)
    if suffix not in F.IMAGE_FORMATS:
        plan.note(slide.where, f'the media "{_shown(local)}" was not carried: only '
                          ".jpg, .jpeg, .png, .gif and .webp images are stored")
        return None, []
    if not credit:
        plan.note(slide.where, f'the image "{_shown(local)}" was not carried: it has no '
                          "Media Credit, and a stored image needs one")
        return None, []
    data = local_file(local)
    if isinstance(data, str):
        plan.note(slide.where, f'the image "{_shown(local)}" was not carried: {data}')
        return None, []
    if len(data) > F.IMAGE_MAX_BYTES:
        plan.note(slide.where, f'the image "{_shown(local)}" was not carried: it is '
                          f"{len(data):,} bytes, more than the {F.IMAGE_MAX_BYTES:,} an image may be")
        return None, []
    sniffed = sniff(data[:F.IMAGE_HEAD_BYTES])
    if sniffed is None or sniffed.format != F.IMAGE_FORMATS[suffix]:
        plan.note(slide.where, f'the image "{_shown(local)}" was not carried: its '
                          f"contents are not a {suffix} image")
        return None, []
    target = f"{IMAGES_FOLDER}{event_id}{'.jpg' if suffix == '.jpeg' else suffix}"
    return (target, data, cut_at_word(caption or alt, F.IMAGE_ALT_MAX),
            cut_at_word(credit, F.IMAGE_CREDIT_MAX), caption), []


def _narrative(slide: Slide, title: str, media_lines: list[str]) -> str:
    """Return an event's narrative: the slide's text as Markdown, its display date, its media."""
    parts: list[str] = []
    headline = plain_text(slide.headline)
    if len(headline) > F.TITLE_MAX:
        parts.append(escape_markdown(headline))
    text = html_to_markdown(slide.text) if slide.text.strip() else ""
    if text:
        parts.append(text)
    display = shown_twice(slide.display_date)
    if display:
        parts.append(f"Date as the original timeline showed it: {escape_markdown(display)}")
    parts += media_lines
    return "\n\n".join(parts)


def registry_entries(path: str, data: bytes | None) -> dict[str, str]:
    """Return a registry file's ids and each record's `name` ("" if none), or none if unreadable."""
    if data is None:
        return {}
    decoded = decode_seed(path, data, F.REGISTRY_FILE_MAX_BYTES)
    node, _ = parse_yaml(path, decoded.text) if decoded.text is not None else (None, ())
    if not isinstance(node, Mapping):
        return {}
    names: dict[str, str] = {}
    for key, value in node.items:
        name = value.get("name") if isinstance(value, Mapping) else None
        names[key.value] = name.value if isinstance(name, Scalar) else ""
    return names


def checked_plan(timeline: Timeline, seeds: Seeds, eras: bytes | None, options: Options,
                 local_file: Callable[[str], bytes | str], today: dt.date) -> Plan:
    """Return the plan of an import whose every file passes the checker: a slide whose event file
    has an error is left out, reported with the checker's first message about it.

    Raises ImportRefused if the registry entries it adds have errors (which would be a fault here).
    """
    names = registry_entries(TAGS_FILE, seeds.tags.data if seeds.tags else None)
    existing = Existing(
        frozenset(event_id_of(seed.path) for seed in seeds.events),
        seeds.sources.data if seeds.sources else None, seeds.tags.data if seeds.tags else None,
        eras, frozenset(registry_entries(SOURCES_FILE, seeds.sources.data if seeds.sources
                                         else None)),
        names, frozenset(registry_entries(ERAS_FILE, eras)))
    if options.source is not None and options.source not in existing.source_ids:
        raise ImportRefused(f'--source: "{_shown(options.source)}" is not an id in {SOURCES_FILE} '
                           "— give the id of a source listed there, or leave --source out to add "
                           "a source record for the file")
    refused: dict[str, str] = {}
    for _ in range(2):  # the second pass only confirms: a slide left out changes no other file
        plan = plan_import(timeline, existing, options, local_file, refused)
        problems = _trial(plan, seeds, today)
        by_path = {event.path: event.where for event in plan.events}
        ours = [p for p in problems if p.severity == "error" and p.path in by_path]
        for problem in ours:
            refused.setdefault(by_path[problem.path], "the checker refused its event file: "
                               f"line {problem.line}: {problem.message}")
        broken = [p for p in problems if p.severity == "error" and p.path in plan.appended
                  and p.line > _line_count(plan.appended[p.path][0])]
        if broken:
            raise ImportRefused("the registry entries this import would add have errors, so "
                               "nothing was written — report this with the input file: "
                               + "; ".join(map(str, broken[:3])))
        if not ours:
            return plan
    return plan


def _line_count(data: bytes | None) -> int:
    """Return the lines a file had before an import appended to it."""
    return 0 if not data else data.count(b"\n") + (not data.endswith(b"\n"))


def _trial(plan: Plan, seeds: Seeds, today: dt.date) -> list[Problem]:
    """Return every problem the checker finds in the project with the plan's files added."""
    def registry(path: str, seed: SeedFile | None) -> SeedFile | None:
        if path not in plan.appended:
            return seed
        before, added = plan.appended[path]
        return SeedFile(path, (before or b"") + added.encode("utf-8"))

    events = (*seeds.events, *(SeedFile(e.path, e.text.encode("utf-8")) for e in plan.events))
    # The images it would copy are checked as the files they would be under seeds/images/.
    images = {**seeds.images, **{path.removeprefix(IMAGES_FOLDER): image_file(len(data),
                                                                           data[:F.IMAGE_HEAD_BYTES])
                                 for path, data in (e.image[:2] for e in plan.events if e.image)}}
    trial = Seeds(tuple(sorted(events, key=lambda seed: seed.path)),
                  registry(SOURCES_FILE, seeds.sources), seeds.actors,
                  registry(TAGS_FILE, seeds.tags), seeds.strays, seeds.unread, images,
                  eras=registry(ERAS_FILE, seeds.eras))
    return check_seeds(trial, today)[1]


# Writing. ----------------------------------------------------------------------------------------

def files_of(plan: Plan) -> Iterator[tuple[str, bytes]]:
    """Return every new file of a plan (events, images): path under the project, and bytes."""
    for event in plan.events:
        yield event.path, event.text.encode("utf-8")
        if event.image is not None:
            yield event.image


def write_plan(root: Path, plan: Plan) -> list[str]:
    """Write a plan's files under `root` and return nothing; or, if any new file exists already or
    a registry changed since it was read, write nothing and return why."""
    refused: list[str] = []
    new = list(files_of(plan))
    for path, _ in new:
        target = root / path
        if target.exists() or target.is_symlink():
            refused.append(f"{path} already exists, and an import never replaces a file — move it "
                           "away or import into another folder with --into")
        for parent in Path(path).parents:
            if (root / parent).is_symlink():
                refused.append(f"{parent.as_posix()}/ is a symbolic link, which an import never "
                               "writes through — make it a real folder")
                break
    for path, (before, _) in plan.appended.items():
        target = root / path
        now = target.read_bytes() if target.is_file() and not target.is_symlink() else None
        if now != before or (before is None and (target.exists() or target.is_symlink())):
            refused.append(f"{path} changed while the import ran — run the import again")
    if refused:
        return sorted(set(refused))
    for path, data in new:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:  # "x": never replace a file made meanwhile
            file.write(data)
    for path, (_, added) in plan.appended.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("ab") as file:  # appended: what the registry holds stays byte for byte
            file.write(added.encode("utf-8"))
    return []


def counts_line(plan: Plan, name: str) -> str:
    """Return the report's last line: what was imported, and how many rows were not carried."""
    def count(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"
    images = sum(e.image is not None for e in plan.events)
    carried = [count(len(plan.events), "event"), count(plan.tags, "new tag"),
               count(plan.eras, "era"), count(images, "image")]
    source = f"new source {plan.source}" if plan.source_is_new else f"source {plan.source}"
    return (f"Imported {', '.join(carried)} from {name}, citing {source}; "
            f"{count(plan.not_carried, 'slide')} not carried.")


__all__ = ["CSV_COLUMNS", "ERAS_FILE", "EVENTS_FOLDER", "EVENT_SUFFIX", "Existing",
           "IMAGES_FOLDER", "ImportRefused", "Options", "Plan", "Slide", "Timeline",
           "counts_line", "edtf_date", "edtf_point", "edtf_year", "files_of", "html_to_markdown",
           "plain_text", "plan_import", "read_sheet_csv", "read_timelinejs"]
