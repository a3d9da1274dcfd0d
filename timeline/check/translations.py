"""Translations: an event's translation file (`seeds/events/<id>.ko.md`, beside the event)
checked on its own, then against the event it translates.

Mistakes of the file itself are errors; whatever no longer matches because the English event
changed (its fingerprint, a quote, an account, an update or a picture it no longer has) is a
warning: a contributor who edits an English event must never break the build of its translations.
"""

from __future__ import annotations

import dataclasses
import difflib
import datetime as dt
import re
from dataclasses import dataclass

from .. import fields as F
from ..languages import TRANSLATION_LANGUAGES, event_fingerprint
from ..load import FrontMatterDocument
from ..model import Event, EventTranslation, QuoteTranslation
from ..nodes import Mapping, Node, Scalar, Sequence
from ..problems import Problem
from ..read import translation_of
from ..urls import EVENT_SUFFIX, event_id_of, translation_seed
from .narrative import check_narrative
from .values import (
    SUGGESTION_COMPARED,
    SUGGESTIONS_MAX,
    Report,
    check_iso_day,
    check_keys,
    check_plain_text,
    kind_of,
    shown,
    suggest,
)

FINGERPRINT = re.compile(F.FINGERPRINT_PATTERN)
# The translation's fields, `translated_from` not required here: its absence is reported once the
# event is known, with the value to write (check_keys would say only its form).
_OWN_FIELDS = {**F.TRANSLATION_FIELDS,
               "translated_from": dataclasses.replace(F.TRANSLATION_FIELDS["translated_from"],
                                                      required=False)}


@dataclass(frozen=True)
class Named:
    """An entry of a translation that names a part of its event: a quote by its text, an account
    by its `by:`, an update by its day, a picture by its file; and where it is written."""

    field: str  # "quote", "by", "date" or "file"
    key: str
    line: int
    col: int


@dataclass(frozen=True)
class TranslationFile:
    """A translation file checked on its own (what depends on its bytes only, which the preview
    keeps between rebuilds); compared with its event by `compare`."""

    path: str
    draft: EventTranslation | None  # None: the file has errors of its own
    problems: tuple[Problem, ...]
    named: tuple[Named, ...] = ()
    translated_from: str | None = None  # as written (None: absent or not text)
    front_matter: bool = False  # False: no fields could be read (the file's error says why)
    from_at: tuple[int, int] = (1, 1)  # where the value is, or where to add the field


# Each list of a translation: the field that names the event's entry, and the one translated.
_ENTRY_FIELDS = {"quotes": ("quote", "translation"), "accounts": ("by", "says"),
                 "updates": ("date", "note"), "images": ("file", "alt")}


def _entries(report: Report, node: Node | None, name: str, most: int) -> tuple[Mapping, ...]:
    """Return the entries of a list of groups of fields (none if absent), its mistakes reported."""
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return ()
    key, translated = _ENTRY_FIELDS[name]
    if not isinstance(node, Sequence):
        report.error(node, f"{name}: expected a list, found {kind_of(node)} — write it as "
                           f"{F.TRANSLATION_FIELDS[name].how_to_add}")
        return ()
    if len(node.items) > most:
        report.error(node, f"{name}: has {len(node.items):,} items, more than the {most:,} "
                           "allowed — translate each of the event's entries once")
        return ()
    entries = []
    for item in node.items:
        if isinstance(item, Mapping):
            entries.append(item)
            continue
        written = shown(item.value) if isinstance(item, Scalar) and not item.is_null else "…"
        report.error(item, f"{name}: each entry is a group of fields, found {kind_of(item)} — "
                           f"write `- {key}: {written}` followed by the line "
                           f"`  {translated}: <its {translated} in this language>`")
    return tuple(entries)


# Each list's fields, its most entries, and what an entry is called in messages.
_ENTRY_SPECS = {"quotes": F.QUOTE_TRANSLATION_FIELDS, "accounts": F.ACCOUNT_TRANSLATION_FIELDS,
                "updates": F.UPDATE_TRANSLATION_FIELDS, "images": F.IMAGE_TRANSLATION_FIELDS}
_ENTRIES_MAX = {"quotes": F.LIST_MAX, "accounts": F.ACCOUNTS_MAX, "updates": F.UPDATES_MAX,
                "images": F.IMAGES_MAX}
_ENTRY_WHAT = {"quotes": "a quote's translation", "accounts": "an account's translation",
               "updates": "an update's translation", "images": "a picture's translation"}
# The fields that may run over several lines, as their English fields may.
_SEVERAL_LINES = frozenset({"summary", "quote", "translation", "says", "note"})


# The English fields a translation leaves to its event (copied from the event file, they are its
# own: the same in every language), at the top and in each list's entries.
_EVENTS_OWN = {None: F.EVENT_FIELDS, "quotes": F.CITATION_FIELDS, "accounts": F.ACCOUNT_FIELDS,
               "updates": F.UPDATE_FIELDS, "images": F.IMAGE_FIELDS}


def _check_keys(report: Report, mapping: Mapping, specs: dict[str, F.FieldSpec], what: str,
                missing_at: tuple[int, int], event_path: str, list_name: str | None = None
                ) -> None:
    """Report the keys of a translation's mapping as check_keys does, and an English field
    copied from the event (`date:`, `sources:`, `credit:`) as the event's own."""
    own = [key for key, _ in mapping.items
           if key.value in _EVENTS_OWN[list_name] and key.value not in specs]
    for key in own:
        report.error(key, f'"{key.value}" is not translated: it is the event\'s own, and stays in '
                          f"{event_path} — remove it from this file")
    check_keys(report, Mapping(tuple(item for item in mapping.items if item[0] not in own),
                               mapping.line, mapping.col), specs, what, missing_at)


def _text(report: Report, node: Node | None, spec: F.FieldSpec) -> str | None:
    """Return one field of a translation checked as its spec says (a day as YYYY-MM-DD, plain
    text within the spec's limit, which is the English field's), or None, its mistake reported."""
    if spec.schema.get("pattern") == F.DAY_PATTERN:
        day = check_iso_day(report, node, spec.name)
        return None if day is None else day.isoformat()
    return check_plain_text(report, node, spec.name, required=spec.required,
                            max_length=spec.schema.get("maxLength"),
                            one_line=spec.name not in _SEVERAL_LINES)


def _once(report: Report, seen: dict[str, int], node: Node | None, name: str, key: str) -> bool:
    """Return True the first time `key` is given in a list; report it given again."""
    if key in seen:
        report.error(node, f'{name}: "{shown(key)}" is already translated at line {seen[key]} — '
                           "keep one of the two entries")
        return False
    seen[key] = node.line if node is not None else 1
    return True


def check_translation_file(document: FrontMatterDocument, language: str) -> TranslationFile:
    """Return a translation file checked on its own: every mistake in it is an error."""
    report = Report(document.path)
    report.extend(document.problems)
    fm = document.front_matter
    event_id = event_id_of((translation_of(document.path) or (document.path, ""))[0])
    if fm is None:
        return TranslationFile(document.path, None, tuple(report.listed()))
    missing_at = (document.closing_line, 1)
    event_path = (translation_of(document.path) or (document.path, ""))[0]
    _check_keys(report, fm, _OWN_FIELDS, "a translation", missing_at, event_path)
    given = {key.value: value for key, value in fm.items}
    title, summary, place = (_text(report, given.get(name), _OWN_FIELDS[name])
                             for name in ("title", "summary", "place"))
    from_node = given.get("translated_from")
    translated_from = check_plain_text(report, from_node, "translated_from", required=True)
    from_at = (from_node.line, from_node.col) if from_node is not None else missing_at
    named: list[Named] = []
    entries: dict[str, list[dict[str, str]]] = {}
    for list_name, (key_field, _) in _ENTRY_FIELDS.items():
        specs = _ENTRY_SPECS[list_name]
        seen: dict[str, int] = {}
        kept = entries[list_name] = []
        for item in _entries(report, given.get(list_name), list_name, _ENTRIES_MAX[list_name]):
            _check_keys(report, item, specs, _ENTRY_WHAT[list_name], (item.line, item.col),
                        event_path, list_name)
            values = {name: _text(report, item.get(name), spec) for name, spec in specs.items()}
            key, node = values[key_field], item.get(key_field)
            # A day may have several updates: each is matched in turn, not refused as a repeat.
            if key is None or not (key_field == "date" or _once(report, seen, node, key_field, key)):
                continue
            line, col = (node.line, node.col) if node is not None else missing_at
            named.append(Named(key_field, key, line, col))
            if all(values[name] is not None for name, spec in specs.items() if spec.required):
                kept.append({name: value for name, value in values.items() if value is not None})
    check_narrative(report, document.body, document.body_line)
    draft = None
    if not report.errors and title is not None and summary is not None:
        draft = EventTranslation(
            language, document.path, event_id, title, summary, translated_from or "", *from_at,
            document.body.strip("\n"), place,
            tuple(QuoteTranslation(e["quote"], e["translation"]) for e in entries["quotes"]),
            tuple((e["by"], e["says"]) for e in entries["accounts"]),
            tuple((dt.date.fromisoformat(e["date"]), e["note"]) for e in entries["updates"]),
            tuple((e["file"], e["alt"], e.get("caption")) for e in entries["images"]))
    return TranslationFile(document.path, draft, tuple(report.listed()), tuple(named),
                           translated_from, from_at=from_at, front_matter=True)


def compare(checked: TranslationFile, event: Event) -> tuple[EventTranslation | None,
                                                             list[Problem]]:
    """Return the translation of `event` (None if it has errors) and what comparing the two
    finds: a translated_from missing or mistyped (errors, with the value to write), or whatever
    the event no longer has since it was translated (warnings)."""
    report = Report(checked.path)
    fingerprint = event_fingerprint(event)
    line, col = checked.from_at
    value = checked.translated_from
    if not checked.front_matter:
        return None, []
    if value is None:
        report.error(None, f'missing the required field "translated_from" — add '
                           f"`translated_from: {fingerprint}`, the fingerprint of {event.path} "
                           "as it is now (the text this translation follows)", line, col)
    elif not FINGERPRINT.fullmatch(value):
        report.error(None, f'translated_from: expected the 12 hex digits of a fingerprint, found '
                           f'"{shown(value)}" — write `translated_from: {fingerprint}`, the '
                           f"fingerprint of {event.path} as it is now", line, col)
    elif value != fingerprint:
        report.warning(None, f"translated_from: {event.path} has changed since it was translated "
                             f"(it was {value}, it is now {fingerprint}) — review this "
                             f"translation against it (`git diff -- {event.path}` shows an "
                             f"edit not yet committed, `git log -p -- {event.path}` the "
                             "committed ones), then write "
                             f"`translated_from: {fingerprint}`", line, col)
    has = {"quote": tuple(dict.fromkeys(c.quote for c in event.all_citations if c.quote)),
           "by": tuple(a.by for a in event.accounts),
           "date": tuple(dict.fromkeys(u.date.isoformat() for u in event.updates)),
           "file": tuple(i.file for i in event.images)}
    what = {"quote": "quote", "by": "account by", "date": "update of", "file": "picture"}
    days = {day: sum(u.date.isoformat() == day for u in event.updates) for day in has["date"]}
    gone: set[tuple[str, str]] = set()
    for named in checked.named:
        if named.field == "date" and days.get(named.key, 0) > 0:
            days[named.key] -= 1
            continue
        if named.field != "date" and named.key in has[named.field]:
            continue
        gone.add((named.field, named.key))
        if named.field == "date" and named.key in has["date"]:
            lead = (f"{event.path} has fewer updates of {named.key} than this translation "
                    "translates")
        else:
            lead = f"{event.path} has no {what[named.field]} {_quoted(named)}"
        # A suggestion for the first few only, as for unknown ids (each compares texts).
        close = _closest(named.key, has[named.field]) \
            if named.field != "date" and len(gone) <= SUGGESTIONS_MAX else None
        fix = (f'did you mean "{shown(close)}"? Write it as the event gives it now, or remove '
               "this entry" if close else
               "remove this entry, or translate what the event has now (it changed since this "
               "translation was made)")
        report.warning(None, f"{named.field}: {lead} — {fix}", named.line, named.col)
    if checked.draft is None or report.errors:
        return None, report.listed()
    draft = checked.draft
    kept = dataclasses.replace(
        draft,
        quotes=tuple(q for q in draft.quotes if ("quote", q.quote) not in gone),
        accounts=tuple(a for a in draft.accounts if ("by", a[0]) not in gone),
        updates=_updates_kept(draft.updates, event),
        images=tuple(i for i in draft.images if ("file", i[0]) not in gone),
        current=value == fingerprint)
    return kept, report.listed()


def _quoted(named: Named) -> str:
    """Return an entry's key as a message names it."""
    return named.key if named.field == "date" else f'"{shown(named.key)}"'


def _closest(key: str, choices: tuple[str, ...]) -> str | None:
    """Return the choice most like `key` (a quote changed by a word, an id mistyped), if any:
    quotes, which can be long, only among a few (a real event has one to three)."""
    if not choices:
        return None
    if all(len(choice) <= F.EVENT_ID_MAX for choice in choices) and len(key) <= F.EVENT_ID_MAX:
        return suggest(key, choices)
    if len(choices) > SUGGESTION_COMPARED:
        return None
    matches = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _updates_kept(updates: tuple[tuple[dt.date, str], ...], event: Event
                  ) -> tuple[tuple[dt.date, str], ...]:
    """Return the translated updates the event still has: per day, as many as it has that day."""
    left: dict[dt.date, int] = {}
    for update in event.updates:
        left[update.date] = left.get(update.date, 0) + 1
    kept = []
    for day, note in updates:
        if left.get(day, 0) > 0:
            left[day] -= 1
            kept.append((day, note))
    return tuple(kept)


def language_problem(path: str) -> Problem | None:
    """Return the problem of a translation file named for a language the timeline has no
    catalog for (`<id>.fr.md`), or None."""
    found = translation_of(path)
    if found is None or found[1] in TRANSLATION_LANGUAGES:
        return None
    code = found[1]
    name = path.rsplit("/", 1)[-1]
    stem = name.removesuffix(f".{code}{EVENT_SUFFIX}")
    languages = ", ".join(TRANSLATION_LANGUAGES)
    return Problem(path, 1, 1, f"this is named as a translation into {shown(code)}, but there is "
                               f"no catalog for {shown(code)}; the languages are {languages} — "
                               f"rename it {stem}.{TRANSLATION_LANGUAGES[0]}{EVENT_SUFFIX} if it "
                               f"is in {TRANSLATION_LANGUAGES[0]}, or remove it")


def orphan_problem(path: str, event_paths: dict[str, str]) -> Problem:
    """Return the problem of a translation with no event `<id>.md` beside it: the event in
    another folder (move it), or an id close to one (rename it); `event_paths` are the event
    files by id."""
    event_path, code = translation_of(path) or (path, "")
    event_id = event_id_of(event_path)
    name = event_path.rsplit("/", 1)[-1]
    lead = f"this translates {name}, but there is no such event file beside it"
    elsewhere = event_paths.get(event_id)
    if elsewhere is not None:
        return Problem(path, 1, 1, f"{lead} — move it beside {elsewhere}, as "
                                   f"{translation_seed(elsewhere, code)}")
    close = suggest(event_id, frozenset(event_paths))
    if close is not None:
        return Problem(path, 1, 1, f'{lead} — did you mean "{close}"? Rename it '
                                   f"{translation_seed(event_paths[close], code)}")
    return Problem(path, 1, 1, f"{lead} — a translation is named after its event's file, "
                               f"<id>.{code}{EVENT_SUFFIX}, and kept beside it: rename or move it, "
                               "or remove it")
