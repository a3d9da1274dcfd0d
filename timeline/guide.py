"""Guide: what the contributing page shows, computed from the checker's own definitions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import fields as F
from .check.events import check_event
from .check.registries import Registry
from .dates import format_event_date, parse_event_date
from .examples import event_id_date, event_id_prefix
from .load import split_front_matter
from .problems import Problem
from .languages import TRANSLATION_LANGUAGES
from .urls import (
    ACTORS_FILE,
    ERAS_FILE,
    REGISTRY_FILES,
    SOURCES_FILE,
    TAGS_FILE,
    event_id_of,
    event_seed,
    translation_seed,
)

# An event of no timeline in particular: the page is every timeline's, and shows none's values.
EXAMPLE_PATH = event_seed("2026-03-04-committee-publishes-its-first-report")
EXAMPLE_EVENT = """---
title: Committee publishes its first report
date: 2026-03-04
summary: The committee publishes its first report and calls for evidence until the end of June.
tags: [reports]
actors: [jane-doe, the-committee]
place: Geneva
importance: 3
sources:
  - source: agency-2026-03-04
    quote: "The committee today published its first report"
related: [2026-02-10-committee-is-set-up]
---
The narrative, in Markdown, in your own words.
"""
# The pictures section's example: the lines added to an event file, and the file they name.
IMAGE_FILE_EXAMPLE = "2026-03-04-first-report.jpg"
IMAGE_EXAMPLE = f"""images:
  - file: {IMAGE_FILE_EXAMPLE}
    alt: Jane Doe holds up the printed report in front of the committee
    credit: The committee's press office
    caption: The report on the day it was published
"""
IMAGE_EXAMPLE_FILE = f"seeds/images/{IMAGE_FILE_EXAMPLE}"
# Date forms the page explains: what to write, and what it means.
DATE_EXAMPLES = (
    ("2026-01-29", "a day"),
    ("2025-07", "a month, when the day is not known"),
    ("2025", "a year"),
    ("2025-07~", "approximate"),
    ("2025-07?", "uncertain"),
    ("2025-07%", "approximate and uncertain"),
    ("2026-01-29/2026-01-30", "an interval"),
    ("2025-07/2025-11", "an interval of months"),
    ("2025-07/..", "still going on"),
    ("2001-21", "a season: 21 spring, 22 summer, 23 autumn, 24 winter (northern: winter runs "
                "from December to February)"),
    ("19XX", "unspecified digits: some year of the 1900s (X for each digit not known)"),
    ("2026-XX", "some month of 2026, not known"),
    ("1985-04-XX", "some day of April 1985, not known"),
    ("-0043-03-15", "before 1 CE: EDTF counts 0000 as 1 BCE, so 44 BCE is -0043"),
    ("0000", "1 BCE, the year before 1 CE"),
    ("-0490/-0479", "an interval before 1 CE"),
    ("Y-66000000", "a year of more than four digits, after Y"),
    ("Y-13800000000~", "deep time, approximate"),
)
BAD_DATE_EXAMPLES = ("2026-02-30", "29/01/2026", "January 2026", "2026-01-29T10:00", "44 BCE",
                     "12000")


@dataclass(frozen=True)
class DateExample:
    """A date as written, as shown, and what it means (or why it is refused)."""

    written: str
    shown: str
    meaning: str
    file_start: str  # how the event's file name starts (examples.event_id_prefix)


def date_examples() -> tuple[DateExample, ...]:
    """Return the accepted date forms, shown exactly as the site shows them."""
    return tuple(DateExample(w, format_event_date(parse_event_date(w)), m, event_id_prefix(w))
                 for w, m in DATE_EXAMPLES)


def example_problems(today: dt.date) -> tuple[list[Problem], list[Problem]]:
    """Return what the checker says of the example event, and of it with three mistakes in it.

    Ids are not looked up: the example must read the same whatever the registries hold.
    """
    unchecked = Registry({}, None)

    def check(text: str) -> list[Problem]:
        document = split_front_matter(EXAMPLE_PATH, text)
        return check_event(document, event_id_of(EXAMPLE_PATH), unchecked, unchecked, unchecked,
                           None, today)[1]

    broken = (EXAMPLE_EVENT.replace("date: 2026-03-04", "date: 2026-02-30")
              .replace("importance: 3", "importance: high")
              .replace("title:", "titel:"))
    return check(EXAMPLE_EVENT), sorted(check(broken))


def bad_date_messages() -> tuple[tuple[str, str], ...]:
    """Return a few refused dates with the checker's message for each (in the example's file)."""
    out = []
    example = event_id_date(event_id_of(EXAMPLE_PATH))
    for written in BAD_DATE_EXAMPLES:
        try:
            parse_event_date(written, example)
        except ValueError as error:
            out.append((written, str(error)))
    return tuple(out)


FIELD_TABLES = (
    ("An event's fields", F.EVENT_FIELDS),
    ("Each entry of `sources:`", F.CITATION_FIELDS),
    ("Each entry of `images:`", F.IMAGE_FIELDS),
    ("Each entry of `updates:`", F.UPDATE_FIELDS),
    ("Each entry of `accounts:`", F.ACCOUNT_FIELDS),
    (f"`{SOURCES_FILE}`: one report per id", F.SOURCE_FIELDS),
    (f"`{ACTORS_FILE}`: one person or body per id", F.ACTOR_FIELDS),
    (f"`{TAGS_FILE}`: one theme per id", F.TAG_FIELDS),
    (f"`{ERAS_FILE}`: one named stretch of time per id", F.ERA_FIELDS),
)

# The era the contributing page shows, made from the fields' own examples (a test checks it).
ERA_EXAMPLE = "first-world-war:\n" + "".join(f"  {spec.example}\n" for spec in F.ERA_FIELDS.values())


@dataclass(frozen=True)
class TranslationGuide:
    """What the contributing page says of translating: the language, an event's translation
    file, the field tables of such files, and the text fields each registry translates."""

    language: str
    example_id: str
    example_path: str
    tables: tuple[tuple[str, dict[str, F.FieldSpec]], ...]
    registry_forms: tuple[tuple[str, tuple[str, ...]], ...]  # (file, its translated fields)


_LANGUAGE = TRANSLATION_LANGUAGES[0]
TRANSLATION_GUIDE = TranslationGuide(
    _LANGUAGE, event_id_of(EXAMPLE_PATH), translation_seed(EXAMPLE_PATH, _LANGUAGE),
    ((f"A translation's fields (`<id>.{_LANGUAGE}.md`)", F.TRANSLATION_FIELDS),
     ("Each entry of a translation's `quotes:`", F.QUOTE_TRANSLATION_FIELDS),
     ("Each entry of a translation's `accounts:`", F.ACCOUNT_TRANSLATION_FIELDS),
     ("Each entry of a translation's `updates:`", F.UPDATE_TRANSLATION_FIELDS),
     ("Each entry of a translation's `images:`", F.IMAGE_TRANSLATION_FIELDS)),
    tuple((file, F.FORM_FIELD_NAMES[what])
          for what, file in {**REGISTRY_FILES, "era": ERAS_FILE}.items()))
