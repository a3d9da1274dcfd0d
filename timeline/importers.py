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
import functools
import html
import io
import itertools
import json
import re
from pathlib import Path
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

from . import fields as F
from .dates import MONTHS, SEASONS, DateError, format_event_date, parse_event_date
from .daycount import SEASON_MONTHS, month_days
from .examples import event_id_prefix, id_date_part, id_example
from .export import year_of_tljs
from .images import sniff
from .check import check_seeds
from .check.seeds import unread_problem
from .load import decode_seed, parse_yaml
from .markup import escape_line_start, escape_markdown
from .model import edtf_year
from .nodes import Mapping, Scalar
from .problems import Problem
from .read import SeedFile, Seeds, image_file
from .scaffold import _scalar, slugify  # one way to write a YAML scalar
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
NOT_CARRIED = "not carried: "  # how a report of a slide left out starts
# The columns of Knight Lab's Google Sheets template (TimelineJS' own names, in its order).
CSV_COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
               "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
               "Media Thumbnail", "Type", "Group", "Background")

_YEAR = re.compile(rf"[+-]?[0-9]{{1,{F.YEAR_DIGITS_MAX}}}", re.ASCII)
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
    sheet: bool = False  # read from the sheet's CSV: reports name its columns


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
        # Whole numbers are read as their digits: Python refuses to make an int of more than 4,300
        # (raising a ValueError with no place), and a year's digits are checked as text anyway.
        root = json.loads(text, parse_int=str)
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
                notes.append((where, NOT_CARRIED + "a slide is an object, and this is not — write it as an "
                             'object with "start_date" and "text", or leave it out'))
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
        line = last_start = reader.line_num
        for row in reader:
            last_start = line + 1
            where, line = f"line {last_start}", reader.line_num
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
        if str(error).startswith("field larger than field limit"):
            raise ImportRefused(
                f"{name}:{reader.line_num}: a cell holds more than the {csv.field_size_limit():,} "
                "characters a CSV cell may have here — shorten it (an event's narrative holds at "
                f"most {F.NARRATIVE_MAX_CHARS:,}), or import the timeline's JSON instead") from None
        raise ImportRefused(f"{name}:{reader.line_num}: this row cannot be read as CSV ({error}) — "
                           "export the sheet as CSV again") from None
    if _ends_in_a_quote(text, last_start):
        raise ImportRefused(
            f"{name}:{last_start}: a quoted cell begins in this row and its quote is never closed, "
            "so every line after it would be that cell's text — close the quote (a quote inside a "
            'cell is written twice: "") and import again')
    return Timeline(tuple(slides), False, sheet=True)


def _ends_in_a_quote(text: str, line: int) -> bool:
    """Return whether the CSV row starting at `line` (the last one) runs to the end of the text
    inside a quoted cell: the csv module, not strict, reads that as one cell without a word."""
    rows = io.StringIO(text, newline="")
    for _ in range(line - 1):
        rows.readline()
    try:
        for _ in csv.reader(rows, strict=True):
            pass
    except csv.Error as error:
        return str(error) == "unexpected end of data"
    return False


# Dates. ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    """One converted date: its EDTF text, and what the conversion had to leave out."""

    edtf: str
    notes: tuple[str, ...] = ()


YEAR_FIX = "write the year as a whole number, such as -44 for 44 BCE"


def _named(what: str, part: str, sheet: bool) -> str:
    """Return a date's part as the input names it: "start_date.year" in JSON, "End Year" in the
    sheet's CSV (`what` is "start_date" or "end_date")."""
    if sheet:
        return ("End " if what == "end_date" else "") + part.capitalize()
    return f"{what}.{part}"


def edtf_point(parts: dict[str, str], cosmological: bool, what: str, sheet: bool = False) -> Point:
    """Return the EDTF date of a TimelineJS date (its year, month and day; times are dropped).

    Raises ValueError, its message a row report, when the year cannot be read.
    """
    year_name, month_name, day_name = (_named(what, part, sheet) for part in ("year", "month", "day"))
    notes: list[str] = []
    raw = parts.get("year", "")
    if not raw:
        raise ValueError(f"{year_name} is {'empty' if sheet else 'missing'} — {YEAR_FIX}")
    if _YEAR.fullmatch(raw) is None:
        raise ValueError(f'{year_name} "{_shown(raw)}" is not a whole number of at most '
                         f"{F.YEAR_DIGITS_MAX} digits — {YEAR_FIX}")
    year = int(raw)
    if year == 0:
        notes.append(f"{year_name}: TimelineJS shows the year 0 as \"0\"; imported as 1 BCE "
                     "(EDTF's year 0000)")
    astronomical = year_of_tljs(year)
    text = edtf_year(astronomical)
    month_text, day_text = parts.get("month", ""), parts.get("day", "")
    if cosmological or text.startswith("Y"):
        if month_text or day_text:
            notes.append(f"{month_name} and {day_name} dropped: "
                         + ("a cosmological timeline counts years only" if cosmological else
                            "a year of more than four digits is written as a year only"))
        month_text = day_text = ""
    if month_text:
        if _SMALL_NUMBER.fullmatch(month_text) is None or not 1 <= int(month_text) <= 12:
            notes.append(f'{month_name} "{_shown(month_text)}" is not 1 to 12; kept the year only')
            month_text = day_text = ""
        else:
            text += f"-{int(month_text):02d}"
    if day_text:
        if not month_text:
            notes.append(f"{day_name} without {month_name} was dropped")
        elif _SMALL_NUMBER.fullmatch(day_text) is None or not \
                1 <= int(day_text) <= month_days(astronomical, int(month_text)):
            notes.append(f'{day_name} "{_shown(day_text)}" is not a day of that month; kept the '
                         "year and month")
        else:
            text += f"-{int(day_text):02d}"
    clock = [parts[k] for k in ("time", "hour", "minute", "second", "millisecond") if parts.get(k)]
    if clock:
        notes.append(f"{_named(what, 'time', sheet) if sheet else what}: the time of day "
                     f"({_shown(':'.join(clock))}) was dropped: event dates carry no time")
    return Point(text, tuple(notes))


def edtf_date(slide: Slide, cosmological: bool, sheet: bool = False) -> Point:
    """Return the EDTF date (a day, or an interval START/END) of a slide."""
    start = edtf_point(slide.start, cosmological, "start_date", sheet)
    if not slide.end.get("year"):
        return start
    try:
        end = edtf_point(slide.end, cosmological, "end_date", sheet)
    except ValueError as error:
        return Point(start.edtf, (*start.notes, f"{error}; imported without its end"))
    # Compared as the checker compares them: by the days each covers (2025-03 ends within 2025).
    first, last = parse_event_date(start.edtf), parse_event_date(end.edtf)
    if (first.first_ordinal, first.last_ordinal) == (last.first_ordinal, last.last_ordinal):
        return Point(start.edtf, start.notes + end.notes)
    if last.last_ordinal < first.first_ordinal:
        order = ("End Year, End Month and End Day are before Year, Month and Day" if sheet else
                 "end_date is before start_date")
        return Point(start.edtf, (*start.notes, *end.notes,
                                  f"{order}; imported without its end"))
    return Point(f"{start.edtf}/{end.edtf}", start.notes + end.notes)


_QUALIFIERS = ("", "~", "?", "%")


# A month or a season named in a display date, with the day before it: "15 March", "Spring".
_NAMED = re.compile(r"(?:\b([0-9]{1,2}) )?\b(" + "|".join(MONTHS[1:]) + "|"
                    + "|".join(SEASONS.values()) + r")\b")


def _point_forms(edtf: str, words: str | None = None, last: bool = False) -> list[str]:
    """Return the EDTF points with the TimelineJS parts of `edtf` (a point this module wrote),
    as written first: unspecified digits (1900 is also 19XX, 190X, 1900-XX), a season for its
    first month (2001-03 is also 2001-21); without qualifiers. With `last`, for an end, whose
    parts our export writes as those of its last day: 1999 is also 19XX, 2001-05 is 2001-21,
    2002-02 is 2001-24 (winter ends in the next year's February).

    `words`, for a cosmological timeline (whose parts are years only), is the display date's text
    for this point: the first two months or seasons it names (and their days) are tried too.
    """
    bases = [edtf]
    if words is not None and "-" not in edtf.lstrip("-"):
        for match in itertools.islice(_NAMED.finditer(words), 2):
            day, name = match.groups()
            if name in MONTHS:
                month = f"{edtf}-{MONTHS.index(name):02d}"
                bases += [f"{month}-{int(day):02d}", month] if day else [month]
            else:
                bases.append(f"{edtf}-{next(k for k, v in SEASONS.items() if v == name)}")
    forms: list[str] = []
    for base in bases:
        forms.append(base)
        year, _, rest = base.lstrip("-").partition("-")
        if base.startswith(("-", "Y")):
            continue
        if not rest:
            forms += [year[:4 - k] + "X" * k for k in (1, 2, 3)
                      if int(year) % 10 ** k == (10 ** k - 1 if last else 0)]
            forms += [f"{base}-XX", f"{base}-XX-XX"]
        elif "-" not in rest and int(rest) <= 12:
            forms.append(f"{base}-XX")
            if not last:
                forms += [f"{year}-{season}" for season, (first, _) in SEASON_MONTHS.items()
                          if first == int(rest)]
            else:
                forms += [f"{int(year) - (end > 12):04d}-{season}"
                          for season, (_, end) in SEASON_MONTHS.items()
                          if (end - 1) % 12 + 1 == int(rest)]
    return forms


@functools.lru_cache(maxsize=4096)  # the slides of one timeline share many dates
def _shown_as(candidate: str) -> str | None:
    """Return how this site shows an EDTF date (format_event_date), or None if it is not one."""
    try:
        return format_event_date(parse_event_date(candidate))
    except DateError:
        return None


def _as_written(slide: Slide, cosmological: bool) -> str:
    """Return a slide's start and end as its parts say, even an end the date left out as the same
    as its start (-0043-03-15/-0043 on the cosmological scale is -0043/-0043)."""
    start = edtf_point(slide.start, cosmological, "start_date").edtf
    try:
        end = edtf_point(slide.end, cosmological, "end_date").edtf if slide.end.get("year") else ""
    except ValueError:
        end = ""
    return f"{start}/{end}" if end else start


def restored_date(edtf: str, display_date: str, cosmological: bool = False,
                  id_date: str | None = None) -> str | None:
    """Return the EDTF date whose TimelineJS parts are those of `edtf` and that this site shows as
    `display_date` (qualifiers ~ ? %, unspecified digits, seasons, an ongoing end "/.."), or None
    if this site shows none of them so.

    TimelineJS has no field for them; this site's timeline.json writes format_event_date's text in
    display_date, so its export imports back to the same dates. Where two dates show alike
    ("1900s" is 190X and 19XX), the one whose id starts with `id_date` (the date part of the
    slide's unique_id) goes first, and an end with as many X digits as its start.

    Bounded: each form of a point (at most 10 from its parts, 20 with a cosmological timeline's
    words) is shown once without qualifiers, and only a form whose text is in the display date's
    is tried with its four qualifiers.
    """
    start, _, end = edtf.partition("/")
    if _shown_as(edtf) == display_date:
        return edtf
    head = display_date.split(" – ", 1)[0] if " – " in display_date else None
    tail = display_date.rsplit(" – ", 1)[-1]
    ongoing = not end and display_date.endswith(" – ongoing")
    starts = _point_forms(start, (head or display_date) if cosmological else None)
    if id_date is not None:
        starts.sort(key=lambda form: event_id_prefix(form) != id_date)
    if end and head is None:  # "1990–2001", "29–30 January 2026": plain, tried as written above
        return None
    # A start's text alone is what its ongoing form shows before " – ongoing"; a qualifier only
    # adds words to it, so a form whose text is not in the display date's is not tried further.
    heads = []
    for form in starts:
        alone = _shown_as(form if not (end or ongoing) else f"{form}/..")
        if alone is not None and alone.removesuffix(" – ongoing") in (head or display_date):
            heads += [form + qualifier for qualifier in _QUALIFIERS]
    if not end:
        for first in heads:
            candidate = f"{first}/.." if ongoing else first
            if _shown_as(candidate) == display_date:
                return candidate
        return None
    ends = [form + qualifier for form in _point_forms(end, tail if cosmological else None, True)
            if (_shown_as(f"{form}/..") or "\n").removesuffix(" – ongoing") in tail
            for qualifier in _QUALIFIERS]
    for first in heads:
        if (_shown_as(f"{first}/..") or "").removesuffix(" – ongoing") != head:
            continue
        for last in sorted(ends, key=lambda form: form.count("X") != first.count("X")):
            candidate = f"{first}/{last}"
            if _shown_as(candidate) == display_date:
                return candidate
    return None


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


# A whole start or end tag: its name, then attributes up to ">", quoted values closed, no "<" on the
# way (possessive: each "<" is tried once, and a try ends at the next "<" or ">": linear in all).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*+(?=[\s/>])(?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+>")
# A declaration or processing instruction (<!doctype …>, <?xml …?>, <![CDATA[…>): no text of its own.
_DECLARATION = re.compile(r"<[!?][^<>]*+>")


def bounded_markup(text: str) -> str:
    """Return HTML with each "<" that does not begin a whole tag written as "&lt;" (text), and
    comments and declarations left out.

    The standard library's parser (Python 3.11) rescans the rest of the text at each "<" it cannot
    close, so "<a " repeated over 30 KB took 23 s, and "<![" made it fail; here each "<" is
    settled once, in one pass, and the parser is only given tags it reads at once.
    """
    out: list[str] = []
    start, comment_end = 0, -2  # -2: not searched yet; -1: no "-->" after this point
    at = text.find("<")
    while at != -1:
        out.append(text[start:at])
        if text.startswith("<!--", at):
            if comment_end != -1 and comment_end < at + 4:
                comment_end = text.find("-->", at + 4)
            if comment_end != -1:
                start = comment_end + 3
                at = text.find("<", start)
                continue
        found = _TAG.match(text, at) or _DECLARATION.match(text, at)
        if found is None:
            out.append("&lt;")
            start = at + 1
        else:
            out.append(found.group() if found.re is _TAG else "")
            start = found.end()
        at = text.find("<", start)
    out.append(text[start:])
    return "".join(out)


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
        # Escaped again once stripped: " - x" escaped as a chunk begins with a space, not a "-".
        lines = [escape_line_start(line.strip()) for line in text.split("\n")]
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
    writer.feed(bounded_markup(text))
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
    if "<" in text or "&" in text:
        parser = _PlainText()
        parser.feed(bounded_markup(text))
        parser.close()
        text = "".join(parser.parts)
    # Characters the checker refuses in any value (controls, noncharacters) go, markup or not;
    # white space (tabs, line breaks) becomes one space.
    return _SPACES.sub(" ", "".join(c for c in text if c.isprintable() or c.isspace())).strip()


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


# Planning the files. -----------------------------------------------------------------------------

class _Taken:
    """Ids in use, and for each base id the next number to try after it, so that making n ids
    unique takes time in proportion to n (not n² when many slides share a headline)."""

    def __init__(self, ids: set[str] | frozenset[str]) -> None:
        self.ids = set(ids)
        self.next: dict[str, int] = {}

    def __contains__(self, candidate: str) -> bool:
        return candidate in self.ids

    def add(self, candidate: str) -> None:
        """Mark an id as taken."""
        self.ids.add(candidate)

    def unique(self, base: str, limit: int) -> str:
        """Return `base`, or `base-2`, `base-3`, … (within `limit` characters), whichever is free,
        and mark it taken."""
        candidate, number = base, self.next.get(base, 2)
        while candidate in self.ids:
            suffix = f"-{number}"
            candidate = base[:limit - len(suffix)].rstrip("-") + suffix
            number += 1
        self.next[base] = number  # numbers below it are taken for good: ids are never freed
        self.ids.add(candidate)
        return candidate


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
    taken_events = _Taken(existing.event_ids)
    tag_by_name = {name: tag_id for tag_id, name in existing.tag_names.items()}
    taken_tags = _Taken(frozenset(existing.tag_names))
    new_tags: list[str] = []
    taken_eras = _Taken(existing.era_ids)
    new_eras: list[str] = []

    title_slide = next((s for s in timeline.slides if s.kind == "title"), None)
    if options.source is not None:
        plan.source = options.source
    else:
        title = cut_at_word((plain_text(title_slide.headline)
                             or first_sentence(plain_text(title_slide.text))) if title_slide
                            else "", F.SOURCE_TITLE_MAX) or options.name
        plan.source = _Taken(existing.source_ids).unique(id_example(title) or "imported-timeline",
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
            plan.note(slide.where, NOT_CARRIED + "a second title slide (the first one names the "
                      "source) — clear its Type cell to make it an event")
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
        tag_id = taken_tags.unique(id_example(name) or "group", F.ID_MAX)
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
            date = edtf_date(slide, timeline.cosmological, timeline.sheet)
        except ValueError as error:
            plan.note(slide.where, f"{NOT_CARRIED}{error}")
            continue
        for note in date.notes:
            plan.note(slide.where, note)
        headline, body = plain_text(slide.headline), plain_text(slide.text)
        if slide.kind == "era":
            era = _plan_era(slide, date, headline, body, taken_eras, plan,
                            F.ERAS_MAX - len(existing.era_ids), timeline.sheet)
            if era:
                new_eras.extend(era)
            continue
        caption = plain_text(slide.media_caption)
        if not headline and not body and not caption:
            plan.note(slide.where, f"{NOT_CARRIED}it has no headline, no text and no media caption "
                      f"— give it a {'Headline' if timeline.sheet else 'text.headline'}")
            continue
        title = headline or first_sentence(body) or caption
        if len(title) > F.TITLE_MAX:
            plan.note(slide.where, f"the title was cut at a word to {F.TITLE_MAX} characters"
                      + (" (the whole headline is in the narrative)" if headline else ""))
        summary = cut_at_word(first_sentence(body) if body else title, F.SUMMARY_MAX)
        display = shown_twice(slide.display_date)
        restored = restored_date(_as_written(slide, timeline.cosmological), display,
                                 timeline.cosmological, id_date_part(slide.unique_id)) \
            if display else None
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


def _event_id(slide: Slide, edtf: str, title: str, taken: _Taken) -> str:
    """Return a new event's id: the slide's unique_id if it is already an event id that starts
    with the date (our own timeline.json keeps ids), else the date and the title's slug."""
    prefix = event_id_prefix(edtf)
    kept = slide.unique_id
    # Kept only if its date part is the date's own (2026-xx-… for 2026-XX, not 2026-… for 2026).
    if (len(kept) <= F.EVENT_ID_MAX and re.fullmatch(F.EVENT_ID_PATTERN, kept)
            and id_date_part(kept) == prefix and kept not in taken):
        return kept
    return taken.unique(f"{prefix}-{slugify(title)}", F.EVENT_ID_MAX)


def _plan_era(slide: Slide, date: Point, headline: str, body: str, taken: _Taken,
              plan: Plan, room: int, sheet: bool) -> list[str] | None:
    """Return the lines of a seeds/eras.yml entry for an era slide, or None (reported) if it
    cannot be one or the registry has no `room` left for it."""
    if "/" not in date.edtf:
        plan.note(slide.where, NOT_CARRIED + "an era needs an end date after its start — give it "
                  + ("an End Year after its Year" if sheet else "an end_date after its start_date"))
        return None
    name = headline or first_sentence(body)
    if not name:
        plan.note(slide.where, NOT_CARRIED + "an era needs a headline (its name) — give it "
                  + ("a Headline" if sheet else "a text.headline"))
        return None
    if len(name) > F.ERA_NAME_MAX:
        plan.note(slide.where, f"the era's name was cut at a word to {F.ERA_NAME_MAX} "
                          "characters")
    if plan.eras >= room:  # the first ones that fit are carried, not none
        plan.note(slide.where, f"{NOT_CARRIED}{ERAS_FILE} holds at most {F.ERAS_MAX} eras — make "
                               "room there and add this one by hand if it matters more")
        return None
    era_id = taken.unique(id_example(name) or "era", F.ID_MAX)
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


def checked_plan(timeline: Timeline, seeds: Seeds, options: Options,
                 local_file: Callable[[str], bytes | str], today: dt.date) -> Plan:
    """Return the plan of an import whose every file passes the checker: a slide whose event file
    has an error is left out, reported with the checker's first message about it.

    Raises ImportRefused if the registry entries it adds have errors (which would be a fault here).
    """
    names = registry_entries(TAGS_FILE, seeds.tags.data if seeds.tags else None)
    eras = seeds.eras.data if seeds.eras else None
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
    # A registry that cannot be read (a symbolic link, say) is the project's to fix, first.
    _refuse_broken_registry([unread_problem(u) for u in seeds.unread], None)
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
            # A registry wrong before the import (a symbolic link, say) is the project's to fix.
            _refuse_broken_registry(check_seeds(seeds, today)[1], plan)
            raise ImportRefused("the registry entries this import would add have errors, so "
                               "nothing was written — report this with the input file: "
                               + "; ".join(map(str, broken[:3])))
        if not ours:
            return plan
    return plan


def _refuse_broken_registry(problems: list[Problem], plan: Plan | None) -> None:
    """Raise ImportRefused if one of `problems` is an error in a registry the import adds to (any
    registry if `plan` is None): the project's own, to fix before importing."""
    own = [p for p in problems if p.severity == "error" and p.path in
           (plan.appended if plan is not None else (SOURCES_FILE, TAGS_FILE, ERAS_FILE))]
    if own:
        raise ImportRefused(f"{own[0].path} has an error of its own, and the import adds to it, "
                            f"so nothing was written — fix it, then import again: {own[0]}")


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
           "counts_line", "edtf_date", "edtf_point", "files_of", "html_to_markdown",
           "plain_text", "plan_import", "read_sheet_csv", "read_timelinejs"]
