"""Seeds: read every seed file (the input edge), then check them all into one Timeline."""

from __future__ import annotations

import datetime as dt
import functools
import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import fields as F
from .check import (
    Registry,
    Report,
    build_actor,
    build_source,
    build_tag,
    check_event,
    check_registry,
)
from .load import (
    FrontMatterDocument,
    Mapping,
    decode_seed,
    parse_yaml,
    split_front_matter,
)
from .model import Event, Timeline
from .parallel import in_parallel
from .problems import Problem


@dataclass(frozen=True)
class SeedFile:
    """The bytes of one seed file and the path shown in messages (relative, with / separators)."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Seeds:
    """Everything under `seeds/`, read but not yet checked."""

    events: tuple[SeedFile, ...]
    sources: SeedFile | None
    actors: SeedFile | None
    tags: SeedFile | None
    strays: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


def read_seeds(root: Path) -> Seeds:
    """Return the bytes of every seed file under `root/seeds` (the only reads of the pipeline)."""
    seeds_dir = root / "seeds"

    links: list[str] = []

    def read(name: str) -> SeedFile | None:
        path = seeds_dir / name
        if path.is_symlink():
            links.append(f"seeds/{name}")
            return None
        return SeedFile(f"seeds/{name}", path.read_bytes()) if path.is_file() else None

    events: list[SeedFile] = []
    strays: list[str] = []
    events_dir = seeds_dir / "events"
    if events_dir.is_dir():
        # scandir knows each entry's type from the directory listing: no stat per file.
        with os.scandir(events_dir) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            shown = f"seeds/events/{entry.name}"
            if entry.name.startswith("."):
                continue  # Editor and OS files (.DS_Store, swap files) are not contributions.
            if entry.is_symlink():
                links.append(shown)  # Never followed: it could point anywhere on the machine.
            elif entry.is_file(follow_symlinks=False) and entry.name.endswith(".md"):
                with open(entry.path, "rb") as file:
                    events.append(SeedFile(shown, file.read()))
            else:
                strays.append(shown)
    registries = read("sources.yml"), read("actors.yml"), read("tags.yml")
    return Seeds(tuple(events), *registries, tuple(strays), tuple(links))


def _check_registry_file(seed: SeedFile | None, name: str, specs: dict[str, F.FieldSpec], what: str,
                         build: Callable[[Report, str, Mapping], object | None],
                         problems: list[Problem]) -> Registry:
    """Return one registry, checked (an absent file is an empty registry), adding its problems."""
    if seed is None:
        return Registry({}, frozenset())
    decoded = decode_seed(seed.path, seed.data, F.REGISTRY_FILE_MAX_BYTES)
    node, found = (None, decoded.problems) if decoded.text is None else parse_yaml(seed.path, decoded.text)
    problems.extend(found)
    registry, checked = check_registry(f"seeds/{name}", node, not found, specs, what, build)
    problems.extend(checked)
    return registry


def event_id_of(seed: SeedFile) -> str:
    """Return the id of an event file: its name without `.md`."""
    return seed.path.rsplit("/", 1)[1][: -len(".md")]


# Parsed event files by path and content: `mkdocs serve` keeps one between rebuilds, so that only
# the files that changed are parsed again.
ParseCache = dict[tuple[str, bytes], FrontMatterDocument]


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


def check_seeds(seeds: Seeds, today: dt.date, cache: ParseCache | None = None,
                workers: int = 1) -> tuple[Timeline | None, list[Problem]]:
    """Return the checked timeline (None if any error) and every problem, sorted."""
    problems: list[Problem] = []
    registry_problems: list[Problem] = []

    @functools.cache
    def registries() -> tuple[Registry, Registry, Registry]:
        # Read by each process that checks events (a forked worker reads its own copy and its
        # problems are dropped), so that no process waits for the registries before forking.
        return (_check_registry_file(seeds.sources, "sources.yml", F.SOURCE_FIELDS, "source",
                                     build_source, registry_problems),
                _check_registry_file(seeds.actors, "actors.yml", F.ACTOR_FIELDS, "actor",
                                     build_actor, registry_problems),
                _check_registry_file(seeds.tags, "tags.yml", F.TAG_FIELDS, "tag", build_tag,
                                     registry_problems))

    for stray in seeds.strays:
        problems.append(Problem(stray, 1, 1, "this is not an event file: seeds/events/ holds only "
                                             "event files named <id>.md — rename it to end in .md, "
                                             "or move it out of seeds/events/"))

    for link in seeds.links:
        problems.append(Problem(link, 1, 1, "this is a symbolic link; seed files must be regular "
                                            "files in the repository — replace the link with the "
                                            "file itself"))

    event_ids = frozenset(event_id_of(seed) for seed in seeds.events)
    problems.extend(_colliding_ids(seeds.events))
    if cache is not None:
        # Forget files that are gone or changed, so the cache never outgrows the seeds.
        current = {(seed.path, seed.data) for seed in seeds.events}
        for key in [key for key in cache if key not in current]:
            del cache[key]

    def check_files(files: Sequence[SeedFile]) -> tuple[list[Event], list[Problem]]:
        sources, actors, tags = registries()
        checked: list[Event] = []
        found_here: list[Problem] = []
        for seed in files:
            document = parse_event_file(seed, cache)
            event, found = check_event(document, event_id_of(seed), sources, actors, tags,
                                       event_ids, today)
            found_here.extend(found)
            if event is not None:
                checked.append(event)
        return checked, found_here

    events: list[Event] = []
    # Parsing is the costly part; a serve rebuild (with a cache) parses only what changed.
    # Weighed by size: about a microsecond of parsing and checking per ten bytes (a file over the
    # size limit is refused without being parsed).
    for checked, found in in_parallel(check_files, seeds.events, 1 if cache is not None else workers,
                                      lambda seed: min(len(seed.data), F.EVENT_FILE_MAX_BYTES) // 10):
        events.extend(checked)
        problems.extend(found)
    sources, actors, tags = registries()
    problems.extend(registry_problems)

    problems.sort()
    if any(p.severity == "error" for p in problems):
        return None, problems
    events.sort(key=lambda e: (e.date.sort_key, e.id))
    return Timeline(tuple(events), sources.records, actors.records, tags.records), problems


def _colliding_ids(seeds: tuple[SeedFile, ...]) -> list[Problem]:
    """Return a problem for each event file whose id differs from another only by case or accents."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for seed in seeds:
        event_id = event_id_of(seed)
        folded = unicodedata.normalize("NFC", event_id).casefold()
        if folded in seen:
            # ascii() shows the difference between ids that look alike (é against e + U+0301).
            problems.append(Problem(seed.path, 1, 1, f"this file's id {ascii(event_id)} is the same "
                                                     f"as {ascii(seen[folded])} apart from letter "
                                                     "case or Unicode form — give the event a "
                                                     "distinct id"))
        else:
            seen[folded] = event_id
    return problems
