"""Vocabulary: the closed sets of words the event format uses, each defined once.

The checker, the JSON Schemas, the contributing page, the command line, the pages and the exports
all take statuses, importance levels and date precisions from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .languages import N_

Status = Literal["occurred", "scheduled", "postponed", "cancelled"]
Precision = Literal["year", "season", "month", "day"]


@dataclass(frozen=True)
class StatusWord:
    """One status: its word in the files, and what schema.org and iCalendar call it."""

    word: Status
    label: str  # on a badge (an English label of the catalog)
    schema_org: str
    icalendar: str


STATUS_WORDS: dict[str, StatusWord] = {s.word: s for s in (
    StatusWord("occurred", N_("Occurred"), "https://schema.org/EventScheduled", "CONFIRMED"),
    StatusWord("scheduled", N_("Scheduled"), "https://schema.org/EventScheduled", "TENTATIVE"),
    StatusWord("postponed", N_("Postponed"), "https://schema.org/EventPostponed", "TENTATIVE"),
    StatusWord("cancelled", N_("Cancelled"), "https://schema.org/EventCancelled", "CANCELLED"),
)}
STATUSES: tuple[Status, ...] = tuple(s.word for s in STATUS_WORDS.values())
DEFAULT_STATUS: Status = "occurred"
# The status whose date can pass while the file still says it is to come.
SCHEDULED: Status = "scheduled"

# Importance: 1 minor, 2 the default, 3 a key event (shown larger).
IMPORTANCE: dict[int, str] = {1: "minor", 2: "normal", 3: "key event"}
DEFAULT_IMPORTANCE = 2
MINOR = 1
KEY = 3

PRECISIONS: tuple[Precision, ...] = ("year", "season", "month", "day")


def spoken(words: tuple[str, ...] | list[str]) -> str:
    """Return words as a sentence lists them: "a, b or c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def status_help(quote: str = "") -> str:
    """Return the statuses as a sentence, the default first: "occurred (the default), ..."."""
    shown = [f"{quote}{word}{quote}" + (" (the default)" if word == DEFAULT_STATUS else "")
             for word in STATUSES]
    return spoken(shown)


def importance_help(quote: str = "") -> str:
    """Return the importance levels as a sentence: "1 (minor), 2 (the default) or 3 (key event)"."""
    return spoken([f"{quote}{level}{quote} ({'the default' if level == DEFAULT_IMPORTANCE else name})"
                   for level, name in IMPORTANCE.items()])


def a_or_an(noun: str) -> str:
    """Return a noun after its indefinite article: "a source", "an era", "an actor"."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def counted(count: int, noun: str) -> str:
    """Return a count and its noun as English says it: "1 event", "10,000 events", "0 events"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
