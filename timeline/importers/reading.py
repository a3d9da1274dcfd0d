"""Importers, reading: a TimelineJS timeline (its JSON, or the CSV of Knight Lab's Google Sheets
template) read into slides, bounded in size, rows and nesting.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from .. import fields as F


NOT_CARRIED = "not carried: "  # how a report of a slide left out starts

# The columns of Knight Lab's Google Sheets template (TimelineJS' own names, in its order).
CSV_COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
               "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
               "Media Thumbnail", "Type", "Group", "Background")

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
    if len(data) > F.IMPORT_MAX_BYTES:
        raise ImportRefused(f"{name} is {len(data):,} bytes, more than the {F.IMPORT_MAX_BYTES:,} "
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
    if depth > F.IMPORT_MAX_DEPTH:
        raise ImportRefused(f"{name} nests lists and objects {depth:,} levels deep, more than the "
                           f"{F.IMPORT_MAX_DEPTH} a TimelineJS file needs — export the timeline "
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
    if len(events) + len(eras) > F.IMPORT_MAX_ROWS:
        raise ImportRefused(f"{name} holds {len(events) + len(eras):,} slides, more than the "
                           f"{F.IMPORT_MAX_ROWS:,} one import takes — split it into smaller files "
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
            if len(slides) >= F.IMPORT_MAX_ROWS:
                raise ImportRefused(f"{name} holds more than {F.IMPORT_MAX_ROWS:,} rows, more than "
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
