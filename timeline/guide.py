"""Guide: what the contributing page shows, computed from the checker's own definitions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import fields as F
from .check.events import check_event
from .check.registries import Registry
from .dates import format_event_date, parse_event_date
from .examples import event_id_date
from .load import split_front_matter
from .problems import Problem
from .urls import ACTORS_FILE, SOURCES_FILE, TAGS_FILE, event_id_of, event_seed

EXAMPLE_PATH = event_seed("2026-01-29-first-day-of-washington-talks")
EXAMPLE_EVENT = """---
title: First day of Washington talks ends without a deal
date: 2026-01-29
summary: Kim Jung-kwan and Howard Lutnick talk at length but reach no conclusion and agree to meet again the next morning.
tags: [negotiations]
actors: [kim-jung-kwan, howard-lutnick]
place: Washington, D.C.
importance: 3
sources:
  - source: anadolu-2026-01-30
    quote: "We had extensive talks and agreed to meet again tomorrow morning"
related: [2026-01-26-trump-announces-higher-tariffs]
---
The narrative, in Markdown, in your own words.
"""
# The pictures section's example: the lines added to an event file, and the file they name.
IMAGE_EXAMPLE = """images:
  - file: 2026-01-29-talks.jpg
    alt: Kim Jung-kwan shakes hands with Howard Lutnick before the talks
    credit: Ministry of Trade, Industry and Energy
    caption: The two ministers in Washington on 29 January
"""
IMAGE_EXAMPLE_FILE = "seeds/images/2026-01-29-talks.jpg"
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
)
BAD_DATE_EXAMPLES = ("2026-02-30", "29/01/2026", "January 2026", "2026-01-29T10:00")


@dataclass(frozen=True)
class DateExample:
    """A date as written, as shown, and what it means (or why it is refused)."""

    written: str
    shown: str
    meaning: str


def date_examples() -> tuple[DateExample, ...]:
    """Return the accepted date forms, shown exactly as the site shows them."""
    return tuple(DateExample(w, format_event_date(parse_event_date(w)), m) for w, m in DATE_EXAMPLES)


def example_problems(today: dt.date) -> tuple[list[Problem], list[Problem]]:
    """Return what the checker says of the example event, and of it with three mistakes in it.

    Ids are not looked up: the example must read the same whatever the registries hold.
    """
    unchecked = Registry({}, None)

    def check(text: str) -> list[Problem]:
        document = split_front_matter(EXAMPLE_PATH, text)
        return check_event(document, event_id_of(EXAMPLE_PATH), unchecked, unchecked, unchecked,
                           None, today)[1]

    broken = (EXAMPLE_EVENT.replace("date: 2026-01-29", "date: 2026-02-30")
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
    (f"`{SOURCES_FILE}`: one report per id", F.SOURCE_FIELDS),
    (f"`{ACTORS_FILE}`: one person or body per id", F.ACTOR_FIELDS),
    (f"`{TAGS_FILE}`: one theme per id", F.TAG_FIELDS),
)
