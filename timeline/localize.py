"""Localize: the checked Timeline as a translation language's site shows it.

Each event takes its translation's words where it has one (`seeds/events/<id>.<code>.md`), and
keeps its own, marked with their language, where not; each registry record takes its forms in the
language (`ko: {name: …}`). The result is a Timeline like any other: the same templates and
exporters make the Korean site from it as they make the English one from the original.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, TypeVar

from .model import (
    Account,
    Actor,
    Citation,
    Coverage,
    Era,
    Event,
    EventTranslation,
    Image,
    Source,
    Tag,
    Timeline,
    TranslationMark,
    Update,
    form_of,
)


def _citation(citation: Citation, quotes: dict[str, str]) -> Citation:
    """Return a citation with our translation of its quote, if the translation gives one."""
    translation = quotes.get(citation.quote) if citation.quote else None
    return dataclasses.replace(citation, translation=translation) if translation else citation


def _account(account: Account, says: dict[str, str], quotes: dict[str, str],
             original: str) -> Account:
    """Return an account in the translation's words, or in its own, marked with its language."""
    sources = tuple(_citation(c, quotes) for c in account.sources)
    translated = says.get(account.by)
    return dataclasses.replace(account, says=translated or account.says, sources=sources,
                               lang=None if translated else original)


def _updates(updates: tuple[Update, ...], notes: tuple[tuple[object, str], ...],
             original: str) -> tuple[Update, ...]:
    """Return the updates with the translation's notes: the nth note of a day translates the nth
    update of that day; an update without one keeps its note, marked with its language."""
    by_day: dict[object, list[str]] = {}
    for day, words in notes:
        by_day.setdefault(day, []).append(words)
    seen: Counter[object] = Counter()
    shown = []
    for update in updates:
        number = seen[update.date]
        seen[update.date] += 1
        of_day = by_day.get(update.date, [])
        note = of_day[number] if number < len(of_day) else None
        shown.append(dataclasses.replace(update, note=note or update.note,
                                         lang=None if note else original))
    return tuple(shown)


def _images(images: tuple[Image, ...], words: tuple[tuple[str, str, str | None], ...],
            original: str) -> tuple[Image, ...]:
    """Return the pictures with the translation's alt text and caption, found by file."""
    by_file = {file: (alt, caption) for file, alt, caption in words}
    shown = []
    for image in images:
        translated = by_file.get(image.file)
        if translated is None:
            shown.append(dataclasses.replace(image, lang=original))
        else:
            alt, caption = translated
            # A caption the translation leaves out stays the picture's own (better than none).
            shown.append(dataclasses.replace(image, alt=alt,
                                             caption=(caption or image.caption) if image.caption
                                             else None))
    return tuple(shown)


def untranslated(event: Event, original: str) -> Event:
    """Return an event with no translation as a translated site shows it: its own words, each
    part marked with their language."""
    return dataclasses.replace(
        event, translation=TranslationMark("untranslated", original),
        accounts=tuple(dataclasses.replace(a, lang=original) for a in event.accounts),
        updates=tuple(dataclasses.replace(u, lang=original) for u in event.updates),
        images=tuple(dataclasses.replace(i, lang=original) for i in event.images))


def translated(event: Event, translation: EventTranslation, original: str) -> Event:
    """Return an event in its translation's words (its own where the translation has none),
    marked `outdated` if the event's text changed since the translation was made."""
    quotes = {q.quote: q.translation for q in translation.quotes}
    current = translation.current
    body = translation.body.strip()
    return dataclasses.replace(
        event, title=translation.title, summary=translation.summary,
        body=translation.body if body else event.body,
        place=translation.place or event.place,
        sources=tuple(_citation(c, quotes) for c in event.sources),
        accounts=tuple(_account(a, dict(translation.accounts), quotes, original)
                       for a in event.accounts),
        updates=_updates(event.updates, translation.updates, original),
        images=_images(event.images, translation.images, original),
        translation=TranslationMark("translated" if current else "outdated", original,
                                    translation.path, body_translated=bool(body) or not event.body))


Record = TypeVar("Record", Actor, Tag, Source, Era)


def _with_forms(record: Record, language: str, fields: dict[str, str]) -> Record:
    """Return a registry record with its fields in `language` where it has forms for them
    (`fields`: each form's field of the record)."""
    changes: dict[str, Any] = {shown: text for name, shown in fields.items()
                               if (text := form_of(record.forms, language, name)) is not None}
    return dataclasses.replace(record, **changes) if changes else record


# The fields of each registry a translation gives (the `ko:` mapping of a record), and the field
# each one takes: a source's headline stays as published, our translation of it beside it.
ACTOR_TEXT = {"name": "name", "role": "role"}
TAG_TEXT = {"name": "name", "description": "description"}
SOURCE_TEXT = {"publisher": "publisher", "title": "translated_title"}
ERA_TEXT = {"name": "name", "description": "description"}


def localized(timeline: Timeline, language: str, original: str) -> Timeline:
    """Return the timeline as the site in `language` shows it (the events' text in `original`
    where not translated); the events keep their order and ids."""
    translations = timeline.translations.get(language, {})
    events = tuple(translated(e, translations[e.id], original) if e.id in translations
                   else untranslated(e, original) for e in timeline.events)
    return dataclasses.replace(
        timeline, events=events,
        actors={k: _with_forms(v, language, ACTOR_TEXT) for k, v in timeline.actors.items()},
        tags={k: _with_forms(v, language, TAG_TEXT) for k, v in timeline.tags.items()},
        sources={k: _with_forms(v, language, SOURCE_TEXT) for k, v in timeline.sources.items()},
        eras={k: _with_forms(v, language, ERA_TEXT) for k, v in timeline.eras.items()})


def coverage(timeline: Timeline, language: str) -> Coverage:
    """Return how much of the (original) timeline `language` covers."""
    translations = timeline.translations.get(language, {})
    current = sum(1 for e in timeline.events
                  if e.id in translations
                  and translations[e.id].current)
    records: list[Actor | Tag | Source | Era] = [*timeline.actors.values(), *timeline.tags.values(),
                                                 *timeline.sources.values(), *timeline.eras.values()]
    named = sum(1 for r in records if any(f.language == language for f in r.forms))
    in_language = sum(1 for e in timeline.events if e.id in translations)
    return Coverage(language, len(timeline.events), current, in_language - current,
                    len(records), named)
