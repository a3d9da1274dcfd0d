"""Values: the checks of single fields (plain text, choices, dates, addresses, id lists), each
reporting what was expected, what was found and how to fix it."""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from .. import fields as F
from ..dates import DateError, parse_event_date
from ..model import EventDate
from ..nodes import Mapping, Node, Scalar, Sequence
from ..problems import Problem
from ..urls import EVENTS_FOLDER, REGISTRY_FILES

T = TypeVar("T")

URL = re.compile(F.URL_PATTERN)
ISO_DAY = re.compile(F.DAY_PATTERN)
HEADING_1 = re.compile(r"^ {0,3}#(?:\s|$)")
# Characters that reorder or hide text: they make a title read differently from what it is.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters (tab and line feed aside) and the bidirectional controls, for plain text.
# And the noncharacters, which a YAML escape ("\uFFFE") can make from an ASCII file.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS))
                        + F.NONCHARACTERS + "]")
# "Did you mean" for the first few unknown ids of each list only: past that, the hints are noise.
SUGGESTIONS_MAX = 10
# ... and each hint costs the same however many ids the registry holds (comparing with every id
# made 3,000 unknown ids against 20,000 sources run for minutes): the candidates are the id's
# neighbours in alphabetical order, read forwards and backwards (a typo keeps the start or the end
# of an id), SUGGESTION_NEIGHBOURS on each side; the few that share the most of its start and end
# are compared with difflib, as every choice of a smaller set is.
SUGGESTION_NEIGHBOURS = 16
SUGGESTION_COMPARED = 8


@dataclass
class Report:
    """The problems found in one file so far (a collector; never raises).

    At most F.PROBLEMS_MAX_PER_FILE are kept; the rest are counted, and `listed()` ends with one
    line saying how many more there are (a 5 MB registry of empty entries made 1.6 million lines,
    35 s and 930 MB; nobody reads past the first screen before fixing).
    """

    path: str
    problems: list[Problem] = field(default_factory=list)
    errors: int = 0  # every error, listed or not
    more: int = 0  # problems past the limit, not listed
    more_errors: int = 0
    more_from: int | None = None  # the first line of a problem not listed
    stopped_at: int | None = None  # the line where the check of the file stopped, if it did

    @property
    def full(self) -> bool:
        """Return True once no more problems will be listed."""
        return len(self.problems) >= F.PROBLEMS_MAX_PER_FILE

    def error(self, node: Node | None, message: str, line: int = 1, col: int = 1) -> None:
        """Record an error at `node` (or at `line`:`col` when there is no node)."""
        self.errors += 1
        self._add(node, message, line, col, "error")

    def warning(self, node: Node | None, message: str, line: int = 1, col: int = 1) -> None:
        """Record a warning: reported, but the build goes on."""
        self._add(node, message, line, col, "warning")

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record problems found before this report (in loading the file), as if reported here."""
        for problem in problems:
            self.errors += problem.severity == "error"
            self._add(None, problem.message, problem.line, problem.col, problem.severity)

    def _add(self, node: Node | None, message: str, line: int, col: int,
             severity: Literal["error", "warning"]) -> None:
        """List a problem, or count it once the list is full."""
        if node is not None:
            line, col = node.line, node.col
        if self.full:
            self.more += 1
            self.more_errors += severity == "error"
            self.more_from = min(self.more_from or line, line)
            return
        self.problems.append(Problem(self.path, line, col, message, severity))

    def listed(self) -> list[Problem]:
        """Return the problems listed, and a last one counting those that were not (or saying
        where the check of the file stopped)."""
        if self.stopped_at is not None:
            return [*self.problems, Problem(
                self.path, self.stopped_at, 1, f"the rest of this file, from here on, was not "
                                               f"checked after the {F.PROBLEMS_MAX_PER_FILE} "
                                               "problems above — fix those and check again")]
        if not self.more:
            return self.problems
        severity: Literal["error", "warning"] = "error" if self.more_errors else "warning"
        return [*self.problems, Problem(
            self.path, self.more_from or 1, 1,
            f"{self.more:,} more {'problem' if self.more == 1 else 'problems'} in this file from "
            f"here on, after the {F.PROBLEMS_MAX_PER_FILE} listed — fix those and check again",
            severity)]


@functools.lru_cache(maxsize=8)  # one per registry, built once per check
def _alphabetical(choices: frozenset[str]) -> tuple[list[str], list[str], list[str]]:
    """Return the choices sorted, the reversed choices sorted, and the choice of each of those."""
    backwards = sorted((choice[::-1], choice) for choice in choices)
    return sorted(choices), [b for b, _ in backwards], [c for _, c in backwards]


def _shared_ends(word: str, other: str) -> int:
    """Return how many characters `other` shares with the start and the end of `word`."""
    start = 0
    for a, b in zip(word, other):
        if a != b:
            break
        start += 1
    end = 0
    for a, b in zip(reversed(word[start:]), reversed(other[start:])):
        if a != b:
            break
        end += 1
    return start + end


def _candidates(word: str, choices: frozenset[str]) -> list[str]:
    """Return the few choices most like `word` among its alphabetical neighbours."""
    forwards, backwards, of_backwards = _alphabetical(choices)
    near = SUGGESTION_NEIGHBOURS
    at = bisect.bisect_left(forwards, word)
    back_at = bisect.bisect_left(backwards, word[::-1])
    neighbours = {*forwards[max(0, at - near):at + near],
                  *of_backwards[max(0, back_at - near):back_at + near]}
    ranked = sorted(neighbours, key=lambda choice: (-_shared_ends(word, choice), choice))
    return ranked[:SUGGESTION_COMPARED]


def suggest(word: str, choices: frozenset[str] | tuple[str, ...]) -> str | None:
    """Return the choice closest to a misspelt `word`, or None if nothing is close.

    A large set of choices (a registry's ids) is compared through a few candidates only (see
    SUGGESTION_NEIGHBOURS), so that each call costs the same whatever the registry holds.
    """
    if len(word) > max(F.ID_MAX, F.EVENT_ID_MAX):
        return None  # no id is this long (and comparing long texts costs their product)
    if isinstance(choices, frozenset) and len(choices) > 4 * SUGGESTION_NEIGHBOURS:
        candidates = _candidates(word, choices)
    else:
        candidates = list(choices)
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def kind_of(node: Node) -> str:
    """Return how a contributor would describe what they wrote."""
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Mapping):
        return "a group of fields"
    return f'"{shown(node.value)}"'


def shown(text: str) -> str:
    """Return text as a message quotes it: cut to F.ECHO_MAX characters (a value can be as long
    as its file, and a message repeats what it quotes)."""
    return text if len(text) <= F.ECHO_MAX else text[:F.ECHO_MAX] + "…"


def check_keys(report: Report, mapping: Mapping, specs: dict[str, F.FieldSpec], what: str,
                missing_at: tuple[int, int], examples: dict[str, str] | None = None) -> None:
    """Report unknown keys (with a suggestion) and missing required ones.

    `examples` are the lines to suggest for missing fields, drawn from the file in hand (the
    specs' own examples are the contributing page's, from another timeline).
    """
    names = tuple(specs)
    misspelt: set[str] = set()
    for key, _ in mapping.items:
        if key.value in specs:
            continue
        close = suggest(key.value, names)
        hint = f'did you mean "{close}"?' if close else f"the fields of {what} are: {', '.join(names)}"
        report.error(key, f'unknown field "{shown(key.value)}" — {hint}')
        if close:
            misspelt.add(close)
    for spec in specs.values():
        # A misspelt required field is reported once, as misspelt, not a second time as missing.
        if spec.required and mapping.get(spec.name) is None and spec.name not in misspelt:
            example = (examples or {}).get(spec.name, spec.example)
            report.error(None, f'missing the required field "{spec.name}" — add '
                               f"{F.how_to_add(example)}", *missing_at)


def check_plain_text(report: Report, node: Node | None, name: str, *, required: bool,
                     max_length: int | None = None, one_line: bool = True) -> str | None:
    """Return the plain text of a field (white space folded), or None if absent or wrong."""
    if node is None:
        return None
    if not isinstance(node, Scalar):
        report.error(node, f"{name}: expected plain text, found {kind_of(node)} — write the text "
                           f"on the same line, after `{name}: `")
        return None
    if node.is_null or node.value.strip() == "":
        if required:
            report.error(node, f"{name}: is empty — write it after `{name}: `")
        return None
    if one_line and (node.end_line > node.line or "\n" in node.value.strip()):
        report.error(node, f"{name}: must be one line, found a value over several lines — "
                           "join it into one line")
        return None
    hidden = _INVISIBLE.search(node.value)
    if hidden is not None:
        char = hidden.group()
        label = unicodedata.name(char, "NONCHARACTER" if unicodedata.category(char) == "Cn"
                                 else "CONTROL CHARACTER")
        report.error(node, f"{name}: contains the invisible character U+{ord(char):04X} ({label}) "
                           f"at character {hidden.start() + 1} — delete it")
        return None
    text = " ".join(node.value.split())
    if max_length is not None and len(text) > max_length:
        report.error(node, f"{name}: is {len(text):,} characters long, more than the "
                           f"{max_length:,} allowed — shorten it")
        return None
    return text


# What a new record of each registry needs, for the messages that say how to add one.
_REGISTRY_SPECS = {"source": F.SOURCE_FIELDS, "actor": F.ACTOR_FIELDS, "tag": F.TAG_FIELDS}
_VALID_ID = re.compile(F.ID_PATTERN)


def unknown_id_hint(kind: str, value: str, known: frozenset[str], close: str | None,
                    searched: bool) -> str:
    """Return the fix for an id its registry lacks: the close one, and how to add a new record."""
    where = REGISTRY_FILES.get(kind, EVENTS_FOLDER)
    if close:
        lead = f'did you mean "{close}"?'
    elif not known:
        lead = f"{where} defines no {kind} yet."
    elif searched:
        lead = f"no {kind} in {where} has a similar id."
    else:
        lead = f"use an id defined in {where}."
    specs = _REGISTRY_SPECS.get(kind)
    if specs is None:  # an event: its file is its record
        return (lead + f" An event's id is its file name in {EVENTS_FOLDER} without .md").strip()
    required = [f"`{name}:`" for name, spec in specs.items() if spec.required]
    fields = required[0] if len(required) == 1 else ", ".join(required[:-1]) + " and " + required[-1]
    record = f"`{value}:`" if _VALID_ID.fullmatch(value) else "an id of lowercase letters, digits and hyphens"
    return (f"{lead} To add a new {kind}, add {record} with {'an ' if len(required) == 1 else ''}"
            f"indented {fields} to {where}")


def check_id_list(report: Report, node: Node | None, name: str, kind: str,
                  known: frozenset[str] | None, example: str) -> tuple[str, ...]:
    """Return a list of ids that exist in `known` (unchecked if None); report shapes, unknowns, repeats.

    `example` is the line to suggest, `name: [<id>]`, with an id from the registry in hand.
    """
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return ()
    if not isinstance(node, Sequence):
        fix = f"{name}: [{shown(node.value)}]" if isinstance(node, Scalar) else example
        report.error(node, f"{name}: expected a list of {kind} ids such as {example.split(': ', 1)[1]}, "
                           f"found {kind_of(node)} — write `{fix}`")
        return ()
    if len(node.items) > F.LIST_MAX:
        report.error(node, f"{name}: has {len(node.items):,} items, more than the {F.LIST_MAX} "
                           f"allowed — keep the {kind}s that matter most")
        return ()
    id_max = F.EVENT_ID_MAX if kind == "event" else F.ID_MAX
    where = REGISTRY_FILES.get(kind, EVENTS_FOLDER)
    ids: list[str] = []
    unknown: set[str] = set()
    for item in node.items:
        if not isinstance(item, Scalar) or item.is_null:
            found = "an empty item" if isinstance(item, Scalar) else kind_of(item)
            report.error(item, f"{name}: each item must be a {kind} id, found {found} — "
                               f"write `{example}`")
            continue
        value = item.value
        if len(value) > id_max:
            report.error(item, f"{name}: this id is {len(value):,} characters long, more than the "
                               f"{id_max} allowed — use an id defined in {where}")
            continue
        if value in ids or value in unknown:
            report.error(item, f'{name}: "{shown(value)}" is listed twice — remove one')
            continue
        if known is not None and value not in known:
            searched = len(unknown) < SUGGESTIONS_MAX
            close = suggest(value, known) if searched else None
            unknown.add(value)
            hint = unknown_id_hint(kind, shown(value), known, close, searched)
            report.error(item, f'{name}: unknown {kind} "{shown(value)}" — {hint}')
            continue
        ids.append(value)
    return tuple(ids)


def check_choice(report: Report, node: Node | None, name: str, choices: dict[str, T],
                 default: T, expected: str, plain_only: bool = False) -> T:
    """Return the value a scalar names among `choices`, or `default` (reporting anything else).

    With `plain_only`, a quoted choice is refused: `importance: "3"` is text to every YAML editor.
    """
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return default
    if isinstance(node, Scalar) and node.value in choices and (node.plain or not plain_only):
        return choices[node.value]
    if isinstance(node, Scalar) and node.value in choices:
        report.error(node, f"{name}: write {node.value} without quotes — it is a number")
        return default
    found = kind_of(node)
    close = suggest(node.value, tuple(choices)) if isinstance(node, Scalar) else None
    hint = f'did you mean "{close}"?' if close else f"write one of them after `{name}: `"
    report.error(node, f"{name}: expected {expected}; found {found} — {hint}")
    return default


def check_date(report: Report, node: Node | None, example: str | None) -> EventDate | None:
    """Return the event date, or None (reporting what to write).

    `example` is the date to suggest (the one in the file's name), or None for the form YYYY-MM-DD.
    """
    if node is None:
        return None
    such_as = f"such as {example}" if example else "written YYYY-MM-DD"
    if not isinstance(node, Scalar):
        report.error(node, f"date: expected a date {such_as}, found {kind_of(node)} — "
                           "write one date, or an interval START/END, after `date: `")
        return None
    if node.is_null:
        report.error(node, "date: is empty — write the date after `date: `, e.g. "
                           f"`date: {example or 'YYYY-MM-DD'}`")
        return None
    if len(node.value) > F.DATE_MAX:
        report.error(node, f"date: is {len(node.value):,} characters long, more than the "
                           f"{F.DATE_MAX} a date or an interval needs — write one date {such_as}, "
                           "or an interval START/END")
        return None
    try:
        return parse_event_date(node.value, example)
    except DateError as error:
        report.error(node, f"date: {error}")
        return None


def check_url(report: Report, node: Node | None, name: str) -> str | None:
    """Return an http or https URL, or None (reporting other schemes and malformed values)."""
    text = check_plain_text(report, node, name, required=False, max_length=F.URL_MAX)
    if text is None:
        return None
    if not URL.fullmatch(text):
        report.error(node, f'{name}: expected an address starting with https:// or http://, found '
                           f'"{text}" — write the full web address')
        return None
    return text


def acceptable_url(text: str) -> bool:
    """Return whether `check` accepts `text` as written for a url: an http(s) address on one line,
    at most URL_MAX characters, with no invisible character (what `check_url` asks)."""
    return len(text) <= F.URL_MAX and URL.fullmatch(text) is not None \
        and _INVISIBLE.search(text) is None


def check_iso_day(report: Report, node: Node | None, name: str,
                  example: str | None = None) -> dt.date | None:
    """Return a YYYY-MM-DD date, or None (reporting anything else, with `example` if given)."""
    text = check_plain_text(report, node, name, required=True)
    if text is None:
        return None
    match = ISO_DAY.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        fix = f"for example {example}" if example else "write the year, the month and the day"
        report.error(node, f'{name}: expected a real day written YYYY-MM-DD, found "{shown(text)}" '
                           f"— {fix}")
        return None



def latest_day(today: dt.date) -> dt.date:
    """Return the latest day a day on the record (an update, an archived copy, a reading) may be:
    the day after the check's, which is UTC's, so that a contributor east of it (Seoul is nine
    hours ahead) can write their own today."""
    return today + dt.timedelta(days=1)


def after_today(day: dt.date, today: dt.date) -> str:
    """Return what a message says of a day later than latest_day(today)."""
    return (f"{day.isoformat()} is after today ({today.isoformat()}, or "
            f"{latest_day(today).isoformat()} east of UTC)")
