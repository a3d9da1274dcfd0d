"""Seeds: every seed file checked together into one Timeline, or every problem found in them."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import fields as F
from ..load import FrontMatterDocument, decode_seed, split_front_matter
from ..model import Event, EventTranslation, Timeline
from ..problems import Problem
from ..read import ReadCache, SeedFile, Seeds, Unread, translation_of
from ..speed import map_in_parallel
from ..urls import (
    ACTORS_FILE,
    ERAS_FILE,
    EVENT_SUFFIX,
    EVENTS_FOLDER,
    QUOTES_LOCK,
    SEEDS_FOLDER,
    SOURCES_FILE,
    TAGS_FILE,
    event_id_of,
)
from .events import check_event
from .quotes import LockIndex, lock_index, read_lock, verify_event
from .registries import Registry, check_registry_file
from .translations import (
    TranslationFile,
    check_translation_file,
    compare,
    language_problem,
    orphan_problem,
)

# An event file by its path and content.
FileKey = tuple[str, bytes]
# Parsed event files by path and content.
ParseCache = dict[FileKey, FrontMatterDocument]
# What a check of the registries and every event file assumed: the registries' bytes (None: no
# file), the paths that could not be read, the build's date, and the image files.
Assumed = tuple[bytes | None, bytes | None, bytes | None, frozenset[str], dt.date,
                tuple[tuple[str, object], ...]]


@dataclass
class SeedCache:
    """What `mkdocs serve` keeps between rebuilds, so that an edit parses and checks only the files
    that changed: every event file parsed, and checked, by path and content.

    A file's check depends on its own bytes, the registries, the build's date and, through
    `related:`, on which other events exist. So the checks are kept while the registries and the
    date stay the same; a file with any problem is checked again every time (its messages may name
    other files' ids); and a file that relates to an event whose file has gone is checked again.
    At 10,000 events the check of a rebuild takes 0.1 s instead of 1.5 s.
    """

    read: ReadCache = field(default_factory=dict)
    parsed: ParseCache = field(default_factory=dict)
    checked: dict[FileKey, tuple[Event | None, list[Problem]]] = field(default_factory=dict)
    assumed: Assumed | None = None
    event_ids: frozenset[str] = frozenset()
    # The registries checked (sources, actors, tags) and their problems, while `assumed` holds.
    registries: tuple[tuple[Registry, Registry, Registry], list[Problem]] | None = None
    # seeds/quotes.lock read (its bytes, entries and problems), and each event file's checked
    # event with its quotes matched to it: (the event checked, the event verified, warnings),
    # kept while the lock stays the same and the check gives back the same event.
    lock: tuple[tuple[bytes, dt.date], LockIndex, list[Problem]] | None = None
    verified: dict[FileKey, tuple[Event, Event, list[Problem]]] = field(default_factory=dict)
    # Each translation file checked on its own (which depends on its bytes only); it is compared
    # with its event on every rebuild, so that an edit of the event re-checks its staleness.
    translated: dict[FileKey, TranslationFile] = field(default_factory=dict)
    # ... and each one compared with its event: kept while the check gives back the same event.
    compared: dict[FileKey, tuple[Event, EventTranslation | None, list[Problem]]] = \
        field(default_factory=dict)

    def forget_all_but(self, current: set[FileKey]) -> None:
        """Forget files that are gone or changed, so that the cache never outgrows the seeds."""
        for kept in (self.parsed, self.checked, self.verified, self.translated, self.compared):
            for key in [key for key in kept if key not in current]:
                del kept[key]


def parse_event_file(seed: SeedFile, cache: ParseCache | None = None) -> FrontMatterDocument:
    """Return an event file decoded and split, its front matter parsed (from `cache` if there)."""
    key = (seed.path, seed.data)
    if cache is not None and key in cache:
        return cache[key]
    decoded = decode_seed(seed.path, seed.data)
    if decoded.text is None:
        document = FrontMatterDocument(seed.path, None, 1, "", 1, decoded.problems)
    else:
        document = split_front_matter(seed.path, decoded.text)
    if cache is not None:
        cache[key] = document
    return document


def check_seeds(seeds: Seeds, today: dt.date, cache: SeedCache | None = None,
                workers: int = 1, verify: bool = True) -> tuple[Timeline | None, list[Problem]]:
    """Return the checked timeline (None if any error) and every problem, sorted.

    `today` is the build's date (Publication.today): a scheduled event before it has passed.
    `verify`: match the quotes to seeds/quotes.lock (False for verify-quotes, which makes it anew
    and must not be stopped by a broken one).
    """
    problems: list[Problem] = []
    registry_problems: list[Problem] = []

    # A registry that is there but was not read is reported once, at its own path: references to
    # it are not checked (as for a registry that cannot be parsed), not taken as unknown.
    not_read = {unread.path for unread in seeds.unread}

    @functools.cache
    def registries() -> tuple[Registry, Registry, Registry]:
        # Read by each process that checks events (a forked worker reads its own copy and its
        # problems are dropped), so that no process waits for the registries before forking.
        if cache is not None and cache.registries is not None:
            made, found = cache.registries
            registry_problems.extend(found)
            return made
        made = (registry(seeds.sources, SOURCES_FILE, F.SOURCE_FIELDS, "source"),
                registry(seeds.actors, ACTORS_FILE, F.ACTOR_FIELDS, "actor"),
                registry(seeds.tags, TAGS_FILE, F.TAG_FIELDS, "tag"))
        if cache is not None:
            cache.registries = (made, list(registry_problems))
        return made

    def registry(seed: SeedFile | None, path: str, specs: dict[str, F.FieldSpec],
                 what: str) -> Registry:
        """Return one registry checked; unchecked (its ids unknown) if its file was not read."""
        if path in not_read or SEEDS_FOLDER in not_read:
            return Registry({}, None)
        return check_registry_file(seed, specs, what, registry_problems, today)

    for stray in seeds.strays:
        problems.append(Problem(stray, 1, 1, f"this is not an event file: {EVENTS_FOLDER} holds "
                                             f"only event files named <id>{EVENT_SUFFIX} — rename "
                                             f"it to end in {EVENT_SUFFIX}, or move it out of "
                                             f"{EVENTS_FOLDER}"))
    problems.extend(map(unread_problem, seeds.unread))

    event_ids = frozenset(event_id_of(seed.path) for seed in seeds.events)
    # Examples of a related id for messages: the first two ids, so that one is another event's.
    related_examples = tuple(heapq.nsmallest(2, event_ids))
    problems.extend(_colliding_ids(seeds.events))
    gone: frozenset[str] = frozenset()
    if cache is not None:
        cache.forget_all_but({(seed.path, seed.data)
                              for seed in (*seeds.events, *seeds.translations)})
        def data(seed: SeedFile | None) -> bytes | None:
            return None if seed is None else seed.data

        assumed: Assumed = (data(seeds.sources), data(seeds.actors), data(seeds.tags),
                            frozenset(not_read), today, tuple(sorted(seeds.images.items())))
        if cache.assumed != assumed:
            cache.checked.clear()
            cache.assumed, cache.registries = assumed, None
        gone, cache.event_ids = cache.event_ids - event_ids, event_ids

    def check_file(seed: SeedFile) -> tuple[Event | None, list[Problem]]:
        key = (seed.path, seed.data)
        if cache is not None:
            done = cache.checked.get(key)
            if done is not None and done[0] is not None and not done[1] \
                    and gone.isdisjoint(done[0].related):
                return done
        sources, actors, tags = registries()
        document = parse_event_file(seed, None if cache is None else cache.parsed)
        checked = check_event(document, event_id_of(seed.path), sources, actors, tags, event_ids,
                              today, related_examples, seeds.images)
        if cache is not None:
            cache.checked[key] = checked
        return checked

    def check_translation(seed: SeedFile) -> TranslationFile:
        key = (seed.path, seed.data)
        done = cache.translated.get(key) if cache is not None else None
        if done is None:
            document = parse_event_file(seed, None if cache is None else cache.parsed)
            found = translation_of(seed.path)
            assert found is not None  # read_seeds keeps only files named as translations
            done = check_translation_file(document, found[1])
            if cache is not None:
                cache.translated[key] = done
        return done

    events: list[Event] = []
    # Quotes are matched to the lock after the check of each file (which the preview keeps while
    # the registries stay the same), so that a change of the lock costs a match, not a check.
    lock = _lock(seeds.quotes_lock, cache, problems, today) \
        if verify and QUOTES_LOCK not in not_read and SEEDS_FOLDER not in not_read else None
    # Parsing is the costly part; a serve rebuild (with a cache) parses only what changed.
    checked_files = map_in_parallel(check_file, seeds.events, 1 if cache is not None else workers)
    for seed, (event, found) in zip(seeds.events, checked_files, strict=True):
        problems.extend(found)
        if event is not None and lock is not None:
            event = _verified(seed, event, lock, cache, problems)
        if event is not None:
            events.append(event)
    sources, actors, tags = registries()
    # Events checked without a registry that could not be read lack what refers to it (their
    # accounts): their translations are compared once it reads, not said to be out of date.
    complete = sources.ids is not None and actors.ids is not None
    translations = _check_translations(seeds, events if complete else [], check_translation,
                                       problems, 1 if cache is not None else workers,
                                       None if cache is None else cache.compared)
    problems.extend(registry_problems)
    # No event refers to an era: the eras are checked on their own, and cheaply, every time.
    eras = (Registry({}, None) if ERAS_FILE in not_read or SEEDS_FOLDER in not_read
            else check_registry_file(seeds.eras, F.ERA_FIELDS, "era", problems))

    problems.sort()
    if any(p.severity == "error" for p in problems):
        return None, problems
    events.sort(key=lambda e: (e.date.sort_key, e.id))
    return (Timeline(tuple(events), sources.records, actors.records, tags.records, eras.records,
                     translations), problems)


def _check_translations(seeds: Seeds, events: list[Event],
                        check_file: Callable[[SeedFile], TranslationFile],
                        problems: list[Problem], workers: int,
                        compared: dict[FileKey, tuple[Event, EventTranslation | None,
                                                      list[Problem]]] | None = None,
                        ) -> dict[str, dict[str, EventTranslation]]:
    """Return the translations of the events that passed the check, by language and event id,
    adding every problem of the translation files to `problems`.

    A translation is checked on its own (its errors), then against its event, if that has no
    errors (an event with errors is reported in its own file; its translations wait for it).
    `compared` (the preview's) keeps each comparison while the event checked is the same.
    """
    by_path = {event.path: event for event in events}
    event_paths = {event_id_of(seed.path): seed.path for seed in seeds.events}
    files = {seed.path for seed in seeds.events}
    translations: dict[str, dict[str, EventTranslation]] = {}
    wanted = []
    for seed in seeds.translations:
        named = translation_of(seed.path)
        assert named is not None  # read_seeds keeps only files named as translations
        refused = language_problem(seed.path)
        if refused is None and named[0] not in files:
            refused = orphan_problem(seed.path, event_paths)
        if refused is not None:
            problems.append(refused)
        else:
            wanted.append(seed)
    for seed, checked in zip(wanted, map_in_parallel(check_file, wanted, workers), strict=True):
        problems.extend(checked.problems)
        event_path, language = translation_of(seed.path) or ("", "")
        event = by_path.get(event_path)
        if event is None:
            continue
        key = (seed.path, seed.data)
        kept = compared.get(key) if compared is not None else None
        if kept is not None and kept[0] is event:
            translation, found = kept[1], kept[2]
        else:
            translation, found = compare(checked, event)
            if compared is not None:
                compared[key] = (event, translation, found)
        problems.extend(found)
        if translation is not None:
            translations.setdefault(language, {})[event.id] = translation
    return translations


def _lock(seed: SeedFile | None, cache: SeedCache | None, problems: list[Problem],
          today: dt.date) -> LockIndex | None:
    """Return the entries of seeds/quotes.lock by event and source (None if there is no lock: the
    timeline's quotes are not verified), adding its problems to `problems`."""
    if seed is None:
        return None
    if cache is not None and cache.lock is not None and cache.lock[0] == (seed.data, today):
        index, found = cache.lock[1], cache.lock[2]
    else:
        entries, found = read_lock(seed, today)
        index = lock_index(entries)
        if cache is not None:
            cache.lock = ((seed.data, today), index, found)
            cache.verified.clear()
    problems.extend(found)
    # A broken lock is an error at its line: its quotes are not also each said to be unverified.
    return None if found else index


def _verified(seed: SeedFile, event: Event, lock: LockIndex, cache: SeedCache | None,
              problems: list[Problem]) -> Event:
    """Return the event with its quotes matched to the lock (kept from the last time if the
    check gave back the same event), adding the warnings of quotes it does not verify."""
    key = (seed.path, seed.data)
    if cache is not None:
        kept = cache.verified.get(key)
        if kept is not None and kept[0] is event:
            problems.extend(kept[2])
            return kept[1]
    verified, found = verify_event(event, lock)
    if cache is not None:
        cache.verified[key] = (event, verified, found)
    problems.extend(found)
    return verified


_REGISTRY_FILES = frozenset({SOURCES_FILE, ACTORS_FILE, TAGS_FILE, ERAS_FILE})


def unread_problem(unread: Unread) -> Problem:
    """Return the problem of a seed path that was not read (or a folder `new` cannot write in)."""
    return Problem(unread.path, 1, 1, _unread_message(unread))


def _unread_message(unread: Unread) -> str:
    """Return what is wrong with a seed path that was not read, and the fix."""
    if unread.why == "link":
        return ("this is a symbolic link, which is never followed; seed files and their folders "
                "must be real files and folders in the repository — replace the link with the "
                "file or folder itself")
    if unread.why == "unreadable":
        detail = f" ({unread.detail})" if unread.detail else ""
        return (f"this cannot be read{detail} — give everyone permission to read it, e.g. with "
                "`chmod a+rX`")
    if unread.why == "too-deep":
        return (f"this folder is more than {F.EVENTS_MAX_DEPTH} levels below {EVENTS_FOLDER}, so "
                f"nothing in it was read — move its event files to a folder at most "
                f"{F.EVENTS_MAX_DEPTH} levels down, such as {EVENTS_FOLDER}2025/")
    if unread.why == "not-a-folder":
        return "this must be a folder, but it is a file — replace it with a folder of seed files"
    what = {"folder": "a folder", "fifo": "a named pipe (FIFO)", "socket": "a socket",
            "device": "a device file"}[unread.why]
    if unread.path == QUOTES_LOCK:
        return (f"this is {what}, not a file, so it was not read — replace it with the lock that "
                f"verify-quotes writes (`git checkout {QUOTES_LOCK}`), or remove it")
    if unread.path in _REGISTRY_FILES:
        return (f"this is {what}, not a file, so it was not read — replace it with the YAML file "
                "of this name, or remove it (no file is an empty registry)")
    return (f"this is {what}, not a file, so it was not read; {EVENTS_FOLDER} holds only event "
            f"files named <id>{EVENT_SUFFIX} — move it out of {EVENTS_FOLDER}")


def _colliding_ids(seeds: tuple[SeedFile, ...]) -> list[Problem]:
    """Return a problem for each event file whose id is another's, in another folder, or differs
    from it only by case or accents; reported at the later one of the seeds' order (read_seeds
    sorts them by path; `new` puts the file it makes last, so that the problem is at it)."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, str]] = {}  # folded id -> the first id and its path
    for seed in seeds:
        event_id = event_id_of(seed.path)
        folded = unicodedata.normalize("NFC", event_id).casefold()
        if folded not in seen:
            seen[folded] = event_id, seed.path
        elif seen[folded][0] == event_id:
            # The id is the file name whatever the folder: two pages cannot have one address.
            problems.append(Problem(seed.path, 1, 1, f"this event's id {ascii(event_id)} is also "
                                                     f"in {seen[folded][1]}: an id is the file "
                                                     "name, whatever the folder — rename one of "
                                                     "the two files, or delete the copy"))
        else:
            # ascii() shows the difference between ids that look alike (é against e + U+0301).
            problems.append(Problem(seed.path, 1, 1, f"this file's id {ascii(event_id)} is the same "
                                                     f"as {ascii(seen[folded][0])} apart from "
                                                     "letter case or Unicode form — give the "
                                                     "event a distinct id"))
    return problems
