"""Quotes: seeds/quotes.lock read and checked, each quote matched to its entry, and the lock made
anew by `verify-quotes` from the archived texts of the sources.

The lock is YAML, one flow mapping per quote per line, so that a diff shows one line per quote:

    - {event: <id>, source: <id>, quote: sha256:<hex>, file: <source-id>.txt, text: sha256:<hex>, line: 12, column: 5, verified: 2026-12-01}

`quote` is the SHA-256 of the quote as written (NFC), `text` that of the archived file's bytes,
`line` and `column` where the quote starts in it. Lines as verify-quotes writes them are read by
one anchored regex (30,000 entries in 0.06 s; libyaml takes 2.3 s over such a file); any other
line is read by the YAML reader (load.parse_yaml), so that a hand-edited line is still read as
YAML, or reported at its own line.

A timeline with no lock does not verify quotes, and `check` says nothing about them; once the lock
exists, each quote not in it is a warning (never an error: a contributor without the archive must
be able to add an event and pass `make test`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import fields as F
from ..model import Account, Citation, Event, QuoteCheck, Timeline
from ..nodes import Mapping, Scalar, Sequence
from ..problems import Problem
from ..load import parse_yaml
from ..quotes import (ArchiveText, Closest, Words, closest_passage, locate, normalised_quote,
                      words_of)
from ..read import SeedFile
from ..urls import ARCHIVE_SUFFIXES, QUOTES_LOCK
from .values import after_today, latest_day, shown

RERUN = (f"run `make verify-quotes ARCHIVE=DIR` again, or restore it with "
         f"`git checkout {QUOTES_LOCK}`")
VERIFY = "make verify-quotes ARCHIVE=DIR"
HEADER = (f"# {QUOTES_LOCK}: where each quote was found in the archived text of its source, "
          "written by `make verify-quotes ARCHIVE=DIR`.\n"
          "# Do not edit it by hand: run verify-quotes again (with `--check` to see whether it is "
          "up to date).\n"
          "# quote: SHA-256 of the quote as written (NFC); text: of the archived file's bytes; "
          "line, column: where the quote starts in it.\n")

_SHA = "sha256:[0-9a-f]{64}"
# Where a quote stands in an archived text of at most ARCHIVE_TEXT_MAX_BYTES: a line and a column
# of at most seven digits.
_NUMBER = "[1-9][0-9]{0,%d}" % (len(str(F.ARCHIVE_TEXT_MAX_BYTES)) - 1)
# Each field's value as the lock writes it, and what it must be, in the order written.
FIELDS: dict[str, tuple[str, str]] = {
    "event": (f"[a-z0-9-]{{1,{F.EVENT_ID_MAX}}}", "an event id"),
    "source": (f"[a-z0-9-]{{1,{F.ID_MAX}}}", "a source id"),
    "quote": (_SHA, "sha256: and 64 hexadecimal digits"),
    "file": (f"[a-z0-9-]{{1,{F.ID_MAX}}}(?:{'|'.join(map(re.escape, ARCHIVE_SUFFIXES))})",
             "the source's archived text: <source>" + ", ".join(ARCHIVE_SUFFIXES)),
    "text": (_SHA, "sha256: and 64 hexadecimal digits"),
    "line": (_NUMBER, f"a line number, from 1 to {F.ARCHIVE_TEXT_MAX_BYTES:,}"),
    "column": (_NUMBER, f"a column number, from 1 to {F.ARCHIVE_TEXT_MAX_BYTES:,}"),
    "verified": ("[0-9]{4}-[0-9]{2}-[0-9]{2}", "a day, YYYY-MM-DD"),
}
_VALUES = {name: re.compile(pattern) for name, (pattern, _) in FIELDS.items()}
# A line exactly as verify-quotes writes it: every field, in order, each value matched as above.
_ENTRY = re.compile("- \\{" + ", ".join(f"{name}: ({pattern})"
                                        for name, (pattern, _) in FIELDS.items()) + "\\}")
# What reports a line of the lock that is wrong: its line, column, and what is wrong.
_Wrong = Callable[[int, int, str], None]
_SHAPE = ("- {event: …, source: …, quote: sha256:…, file: …, text: sha256:…, line: N, column: N, "
          "verified: YYYY-MM-DD}")


@dataclass(frozen=True)
class LockEntry:
    """One verified quote, as seeds/quotes.lock records it."""

    event: str
    source: str
    quote: str  # sha256:<hex>
    file: str
    text: str  # sha256:<hex>
    line: int
    column: int
    verified: dt.date

    def line_text(self) -> str:
        """Return the entry as its line of the lock (without the line break)."""
        return (f"- {{event: {self.event}, source: {self.source}, quote: {self.quote}, "
                f"file: {self.file}, text: {self.text}, line: {self.line}, column: {self.column}, "
                f"verified: {self.verified.isoformat()}}}")


# The lock's entries by event and source.
LockIndex = dict[tuple[str, str], list[LockEntry]]


def quote_hash(quote: str) -> str:
    """Return the hash a quote is recorded by: sha256 of its text as written, in NFC."""
    return "sha256:" + hashlib.sha256(unicodedata.normalize("NFC", quote).encode("utf-8")).hexdigest()


def text_hash(data: bytes) -> str:
    """Return the hash an archived text is recorded by: sha256 of the file's bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def read_lock(seed: SeedFile, today: dt.date) -> tuple[list[LockEntry], list[Problem]]:
    """Return the entries of the lock, and a problem (an error, at its line) for each line that
    is not one: at most PROBLEMS_MAX_PER_FILE, then one saying where reading stopped.

    `today` is the check's: no quote was verified after it.
    """
    problems: list[Problem] = []

    def wrong(line: int, col: int, what: str) -> None:
        problems.append(Problem(seed.path, line, col, f"{what} — {RERUN}"))

    if len(seed.data) > F.QUOTES_LOCK_MAX_BYTES:
        wrong(1, 1, f"the lock is {len(seed.data):,} bytes, more than the "
                    f"{F.QUOTES_LOCK_MAX_BYTES:,} allowed")
        return [], problems
    data = seed.data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        wrong(data.count(b"\n", 0, error.start) + 1, 1,
              f"the byte 0x{data[error.start]:02x} on this line is not valid UTF-8")
        return [], problems
    entries: list[LockEntry] = []
    latest = latest_day(today)
    by_hand = 0
    # Line breaks as editors count them: \r\n, \n, or \r alone (an old Mac's).
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if len(problems) >= F.PROBLEMS_MAX_PER_FILE:
            problems.append(Problem(seed.path, number, 1, "the rest of the lock, from here on, "
                                                          "was not read after the "
                                                          f"{F.PROBLEMS_MAX_PER_FILE} problems "
                                                          f"above — {RERUN}"))
            break
        fast = _ENTRY.fullmatch(line) if line.startswith("- {") else None
        if fast is not None:
            event, source, quote, file, text_sha, at, column, day = fast.groups()
            # The day and the file's name are checked by _entry (the rare line that fails).
            if file.rpartition(".")[0] == source:
                try:
                    verified = dt.date.fromisoformat(day)
                    if verified <= latest:
                        entries.append(LockEntry(event, source, quote, file, text_sha, int(at),
                                                 int(column), verified))
                        continue
                except ValueError:
                    pass
            values: dict[str, str] | None = dict(zip(FIELDS, fast.groups(), strict=True))
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        elif by_hand >= F.QUOTES_LOCK_HAND_LINES_MAX:
            wrong(number, 1, f"more than {F.QUOTES_LOCK_HAND_LINES_MAX:,} lines of the lock are "
                             f"not written as verify-quotes writes them, {_SHAPE}")
            break
        else:
            by_hand += 1
            values = _read_line(seed.path, line, number, wrong)
        if values is not None:
            entry = _entry(values, number, wrong, today)
            if entry is not None:
                entries.append(entry)
    return entries, problems


def _read_line(path: str, line: str, number: int, wrong: _Wrong) -> dict[str, str] | None:
    """Return the fields of a lock line written otherwise than verify-quotes writes it (by hand),
    read as YAML; None, having said what is wrong, if it is not an entry."""
    node, problems = parse_yaml(path, line, number)
    item = node.items[0] if isinstance(node, Sequence) and len(node.items) == 1 else None
    if problems or not isinstance(item, Mapping) or not line.startswith("- "):
        wrong(number, 1, f"this line is not an entry of the lock, which are written {_SHAPE}")
        return None
    values: dict[str, str] = {}
    for key, value in item.items:
        if key.value not in FIELDS:
            wrong(number, key.col, f"{shown(key.value)}: is not a field of the lock")
            return None
        if not isinstance(value, Scalar) or not _VALUES[key.value].fullmatch(value.value):
            found = shown(value.value) if isinstance(value, Scalar) else "a list or mapping"
            wrong(number, value.col, f"{key.value}: \"{found}\" is not "
                                     f"{FIELDS[key.value][1]}")
            return None
        values[key.value] = value.value
    missing = [name for name in FIELDS if name not in values]
    if missing:
        wrong(number, 1, f"this entry has no {missing[0]}:, which every entry has")
        return None
    return values


def _entry(values: dict[str, str], number: int, wrong: _Wrong, today: dt.date
           ) -> LockEntry | None:
    """Return the entry of a line's fields, or None (having said why) if one does not fit."""
    try:
        verified = dt.date.fromisoformat(values["verified"])
    except ValueError:
        wrong(number, 1, f"verified: \"{values['verified']}\" is not a day of the calendar")
        return None
    if verified > latest_day(today):
        wrong(number, 1, f"verified: {after_today(verified, today)}, so no quote was verified "
                         "then")
        return None
    if values["file"].rsplit(".", 1)[0] != values["source"]:
        wrong(number, 1, f"file: \"{values['file']}\" is not the archived text of the source "
                         f"\"{values['source']}\" (<source>{', '.join(ARCHIVE_SUFFIXES)})")
        return None
    return LockEntry(values["event"], values["source"], values["quote"], values["file"],
                     values["text"], int(values["line"]), int(values["column"]), verified)


def lock_index(entries: Iterable[LockEntry]) -> LockIndex:
    """Return the lock's entries by event and source."""
    index: LockIndex = {}
    for entry in entries:
        index.setdefault((entry.event, entry.source), []).append(entry)
    return index


def quoted(event: Event) -> list[Citation]:
    """Return the event's citations that carry a quote (its own, then its accounts'), each
    (source, quote) once, in file order."""
    seen: set[tuple[str, str]] = set()
    found = []
    for citation in event.all_citations:
        if citation.quote and (citation.source, citation.quote) not in seen:
            seen.add((citation.source, citation.quote))
            found.append(citation)
    return found


def verify_event(event: Event, index: LockIndex) -> tuple[Event, list[Problem]]:
    """Return the event with each quote the lock verifies marked so (Citation.verified), and a
    warning at each quote that it does not: never verified, or changed since it was."""
    problems: list[Problem] = []
    checks: dict[tuple[str, str], QuoteCheck] = {}
    citations = quoted(event)
    hashes = [quote_hash(c.quote or "") for c in citations]
    # The hashes of the event's quotes of each source, made once: an event of 1,100 unverified
    # quotes made them again for each, 2.2 s (0.8 s at half the size).
    current: dict[str, set[str]] = {}
    for citation, hashed in zip(citations, hashes, strict=True):
        current.setdefault(citation.source, set()).add(hashed)
    for citation, hashed in zip(citations, hashes, strict=True):
        entries = index.get((event.id, citation.source))
        match = None
        if entries is not None:
            match = next((e for e in entries if e.quote == hashed), None)
        if match is not None:
            checks[(citation.source, citation.quote or "")] = QuoteCheck(
                match.verified, match.file, match.text.removeprefix("sha256:"), match.line,
                match.column)
            continue
        left = [e for e in entries or () if e.quote not in current[citation.source]]
        if left:
            day = max(e.verified for e in left).isoformat()
            message = (f"quote: changed since it was verified on {day} against the archived text "
                       f"{left[0].file} — copy it word for word from the source again, or, if "
                       f"the source says this, ask a maintainer to run `{VERIFY}`")
        else:
            message = (f"quote: not verified against the archived text of the source "
                       f"\"{citation.source}\" — nothing to do without the archive: a maintainer "
                       f"runs `{VERIFY}`, which records it in {QUOTES_LOCK}")
        problems.append(Problem(event.path, citation.line, citation.col, message, "warning"))
    if not checks:
        return event, problems

    def marked(citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
        return tuple(Citation(c.source, c.quote, c.locator, c.line, c.col,
                              checks[(c.source, c.quote)])
                     if c.quote and (c.source, c.quote) in checks else c for c in citations)

    accounts = tuple(dataclasses.replace(a, sources=marked(a.sources)) for a in event.accounts)
    return _with_citations(event, marked(event.sources), accounts), problems


def _with_citations(event: Event, sources: tuple[Citation, ...], accounts: tuple[Account, ...]
                    ) -> Event:
    """Return a copy of the event with these citations and accounts.

    Its fields copied as they are, not through dataclasses.replace, whose frozen __init__ sets
    each of 17 fields through object.__setattr__: at 10,000 events that was 0.25 s of every
    `check`. The copy is new, and frozen from here on like any other.
    """
    copy = object.__new__(Event)
    copy.__dict__.update(vars(event), sources=sources, accounts=accounts)
    return copy


# verify-quotes: the lock made anew from the archived texts. ---------------------------------------

def archive_problem(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    """Return the text of an archived file (UTF-8, a BOM dropped, line ends read as LF), or the
    problem that keeps it from being read."""
    if len(data) > F.ARCHIVE_TEXT_MAX_BYTES:
        return None, Problem(path, 1, 1, f"this archived text is {len(data):,} bytes, more than the "
                                         f"{F.ARCHIVE_TEXT_MAX_BYTES:,} allowed — keep only the "
                                         "report's text (save the page as text, or cut what is "
                                         "not the report)")
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, Problem(path, line, col, f"the byte 0x{data[error.start]:02x} here is not "
                                              "valid UTF-8 — save the archived text again "
                                              "choosing the UTF-8 encoding")


@dataclass(frozen=True)
class Archived:
    """One source's archived text as verify-quotes found it: its file's name, the hash of its
    bytes, and its words ready to search."""

    file: str
    sha256: str  # sha256:<hex>
    text: ArchiveText


@dataclass(frozen=True)
class Verified:
    """What verify-quotes found: the lock's new entries, every problem, and the counts."""

    entries: tuple[LockEntry, ...]
    problems: list[Problem]
    quotes: int  # every quote of the timeline
    found: int
    texts: int  # archived texts the quotes were looked for in
    not_found: int
    without_text: int  # quotes of sources with no archived text
    kept: int = 0  # entries of those kept from the last lock as they were

    def summary(self) -> str:
        """Return the last line verify-quotes prints: what was verified, against how many texts."""
        texts = "archived text" if self.texts == 1 else "archived texts"
        line = f"{self.found:,} of {self.quotes:,} quotes verified against {self.texts:,} {texts}"
        if self.not_found:
            line += f"; {self.not_found:,} not found"
        if self.without_text:
            line += f"; {self.without_text:,} of sources with no archived text"
        return line


# What verify-quotes reads of one source: its archived text (None: none that can be used), and
# the problems that keep one that is there from being used.
Load = Callable[[str], tuple[Archived | None, list[Problem]]]


def verify_quotes(timeline: Timeline, load: Load, shown_folder: str, old: Iterable[LockEntry],
                  today: dt.date) -> Verified:
    """Return the lock's entries for every quote found in the archived text of its source (an
    unchanged one keeps the day it was first verified), and an error at each quote not found
    (with the closest passage) and for each source quoted that has no archived text.

    Source by source: each text is read (`load`), searched for that source's quotes, and let go
    before the next (all at once, nine pages of 5 MB ran out of memory). The entries are then put
    in the lock's order: by event id, then as the event's file lists its quotes. An entry of a
    quote whose source has no usable text is kept from `old` as it was: nothing says it changed.
    """
    before = {(e.event, e.source, e.quote): e for e in old}
    by_source: dict[str, list[tuple[int, Event, Citation]]] = {}
    quotes = 0
    for event in sorted(timeline.events, key=lambda e: e.id):
        for citation in quoted(event):
            by_source.setdefault(citation.source, []).append((quotes, event, citation))
            quotes += 1
    entries: list[tuple[int, LockEntry]] = []
    problems: list[Problem] = []
    found = not_found = without_text = kept_entries = texts = 0
    for source in sorted(by_source):
        cited = by_source[source]
        archived, refused = load(source)
        problems.extend(refused)
        if archived is None:
            without_text += len(cited)
            for order, event, citation in cited:
                kept = before.get((event.id, source, quote_hash(citation.quote or "")))
                if kept is not None:
                    entries.append((order, kept))
                    kept_entries += 1
            if not refused:
                problems.append(_no_text(source, cited, shown_folder))
            continue
        texts += 1
        words: Words | None = None  # made once, for the first quote not found
        missed = 0
        for order, event, citation in cited:
            quote = citation.quote or ""
            where = locate(quote, archived.text)
            if where is None:
                file = f"{shown_folder}/{archived.file}"
                closest = None
                if missed < F.CLOSEST_PASSAGES_MAX:
                    words = words or words_of(archived.text)
                    closest = closest_passage(normalised_quote(quote), archived.text, words)
                missed += 1
                not_found += 1
                problems.append(Problem(event.path, citation.line, citation.col,
                                        _not_found(file, closest)))
                continue
            found += 1
            hashed = quote_hash(quote)
            kept = before.get((event.id, source, hashed))
            day = kept.verified if kept is not None and kept.text == archived.sha256 else today
            entries.append((order, LockEntry(event.id, source, hashed, archived.file,
                                             archived.sha256, where.line, where.column, day)))
    entries.sort(key=lambda pair: pair[0])
    return Verified(tuple(entry for _, entry in entries), problems, quotes, found, texts,
                    not_found, without_text, kept_entries)


def _no_text(source: str, cited: list[tuple[int, Event, Citation]], shown_folder: str) -> Problem:
    """Return the error of a source quoted that has no text in the archive, at its first quote."""
    _, event, first = cited[0]
    count = "1 quote cites it" if len(cited) == 1 else f"{len(cited):,} quotes cite it"
    files = " or ".join(f"{shown_folder}/{source}{suffix}" for suffix in ARCHIVE_SUFFIXES)
    return Problem(event.path, first.line, first.col,
                   f"quote: the archive has no text of the source \"{source}\" ({count}) — add "
                   f"{files} with the report's text, and run verify-quotes again")


def _not_found(file: str, closest: Closest | None) -> str:
    """Return what is said of a quote that is not in its archived text (`closest`: None when
    CLOSEST_PASSAGES_MAX quotes of that text were already given theirs)."""
    fix = ("copy the quote word for word from the source (only spaces, line breaks, curly quotes "
           "and dashes may differ)")
    if closest is None:
        return (f"quote: not found in the archived text {file} (the closest passage is looked "
                f"for only for the first {F.CLOSEST_PASSAGES_MAX} quotes of a text not found "
                f"in it) — {fix}")
    if closest.passage is None:
        return f"quote: not found in the archived text {file}, nor any of its words — {fix}"
    return (f"quote: not found in the archived text {file} — did you mean “{closest.passage}” "
            f"({file}:{closest.line})? {fix[0].upper()}{fix[1:]}")


def lock_bytes(entries: Iterable[LockEntry]) -> bytes:
    """Return the lock as verify-quotes writes it: the header, then one line per entry in the
    order given (by event id, then as the event's file lists its quotes)."""
    return (HEADER + "".join(entry.line_text() + "\n" for entry in entries)).encode("utf-8")
