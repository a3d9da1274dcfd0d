"""Scaffold: a new event file from a title and a date, checked before it is written."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .check import check_seeds
from .dates import parse_event_date
from .fields import EVENTS_MAX_DEPTH
from .examples import event_id_prefix, slug_words
from .problems import Problem
from .read import SeedFile, Seeds
from .urls import ACTORS_FILE, EVENTS_FOLDER, TAGS_FILE, event_id_of, event_seed
from .vocabulary import DEFAULT_IMPORTANCE, DEFAULT_STATUS

SLUG_MAX = 60
LISTED_IDS_MAX = 12  # ids named in a comment; the registry file has the rest
# A folder named after a year, directly in seeds/events/: 2025/.
_YEAR_FOLDER = re.compile(r"[0-9]{4}")


class FolderError(ValueError):
    """A folder given to `new` that it will not write in; the message says why, and the fix."""


@dataclass(frozen=True)
class NewEvent:
    """What a contributor asked for with `build_timeline.py new`."""

    title: str
    date: str
    summary: str
    sources: tuple[str, ...]
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    place: str | None = None
    importance: int = DEFAULT_IMPORTANCE
    status: str = DEFAULT_STATUS


def slugify(title: str) -> str:
    """Return the file-name part of a title: "Port's 25% levy!" -> "ports-25-levy"."""
    slug = ""
    for word in slug_words(title):
        if len(slug) + len(word) + 1 > SLUG_MAX:
            break
        slug = f"{slug}-{word}" if slug else word
    # An id holds a letter (fields.EVENT_ID_PATTERN): "1969" or "9/11" alone would make none.
    return slug if any(c.isalpha() for c in slug) else f"event-{slug}".rstrip("-")


def event_id(title: str, date: str, today: dt.date | None = None) -> str:
    """Return the id of a new event: its start date as written, then the slug of its title.

    A date that cannot be read raises DateError, whose message suggests `today` as an example.
    """
    start = parse_event_date(date, today.isoformat() if today else None).start
    return f"{event_id_prefix(start.edtf)}-{slugify(title)}"


def _scalar(value: str) -> str:
    """Return a one-line YAML scalar that reads back as exactly `value`."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000, default_style=None) \
        .removesuffix("\n...\n").removesuffix("\n")


def _known(ids: list[str], registry: str) -> str:
    """Return a comment naming the ids a list field may use."""
    if not ids:
        return f"  # none yet: add them to {registry}"
    shown = ", ".join(ids[:LISTED_IDS_MAX])
    more = f", … (see {registry})" if len(ids) > LISTED_IDS_MAX else ""
    return f"  # known: {shown}{more}"


def event_text(new: NewEvent, known_tags: list[str], known_actors: list[str]) -> str:
    """Return the text of the new event file, with the known tag and actor ids as comments."""
    lines = ["---", f"title: {_scalar(new.title)}", f"date: {new.date}",
             f"summary: {_scalar(new.summary)}"]
    if new.status != DEFAULT_STATUS:
        lines.append(f"status: {new.status}")
    lines.append(f"tags: [{', '.join(new.tags)}]" + _known(known_tags, TAGS_FILE))
    lines.append(f"actors: [{', '.join(new.actors)}]" + _known(known_actors, ACTORS_FILE))
    if new.place:
        lines.append(f"place: {_scalar(new.place)}")
    lines.append(f"importance: {new.importance}")
    lines.append("sources:")
    for source in new.sources:
        lines += [f"  - source: {source}", '    # quote: "a short passage, word for word"']
    lines += ["---", "<!-- What happened, in your own words. Quote sources only briefly. -->", ""]
    return "\n".join(lines)


def event_folder(asked: str) -> str:
    """Return a folder given relative to seeds/events/ as `new` writes it ("" or "a/b/").

    Raises FolderError for a folder outside seeds/events/, or one the checker would not read.
    """
    parts = [part for part in asked.replace("\\", "/").split("/") if part not in ("", ".")]
    if asked.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", asked) or ".." in parts:
        raise FolderError(f'"{asked}" is not a folder inside {EVENTS_FOLDER} — give it relative '
                          f"to {EVENTS_FOLDER}, such as 2025")
    hidden = next((part for part in parts if part.startswith(".")), None)
    if hidden is not None:
        raise FolderError(f'"{hidden}" starts with ".", and the checker skips such folders — '
                          'choose a name that does not start with "."')
    if len(parts) > EVENTS_MAX_DEPTH:
        raise FolderError(f'"{asked}" is {len(parts)} levels below {EVENTS_FOLDER}, more than the '
                          f"{EVENTS_MAX_DEPTH} that are read — choose a folder at most "
                          f"{EVENTS_MAX_DEPTH} levels down")
    return "".join(f"{part}/" for part in parts)


def files_by_year(seeds: Seeds) -> bool:
    """Return True if the timeline files its events by year: none is directly in seeds/events/,
    and some are in folders named after a year (seeds/events/2025/…)."""
    folders = [seed.path.removeprefix(EVENTS_FOLDER).partition("/") for seed in seeds.events]
    return (bool(folders) and all(rest for _, _, rest in folders)
            and any(_YEAR_FOLDER.fullmatch(top) for top, _, _ in folders))


def scaffold(new: NewEvent, seeds: Seeds, today: dt.date,
             folder: str | None = None) -> tuple[str, str, list[Problem]]:
    """Return the new file's path and text, and the checker's problems with it (if any).

    The file goes in `folder` ("" or "a/b/", from event_folder) under seeds/events/; by default
    in the folder of its year if the timeline files its events by year, else directly there. If
    an event file with its id is there already, in any folder, that file's path, and no text.
    Raises DateError when the date cannot even name the file.
    """
    new_id = event_id(new.title, new.date, today)
    for seed in seeds.events:
        if event_id_of(seed.path) == new_id:
            return seed.path, "", []
    if folder is None:
        folder = f"{new_id[:4]}/" if files_by_year(seeds) else ""  # an id starts with its year
    path = event_seed(new_id, folder)
    registries = check_seeds(Seeds((), seeds.sources, seeds.actors, seeds.tags), today)[0]
    tags = sorted(registries.tags) if registries else []
    actors = sorted(registries.actors) if registries else []
    text = event_text(new, tags, actors)
    trial = Seeds((*seeds.events, SeedFile(path, text.encode("utf-8"))), seeds.sources,
                  seeds.actors, seeds.tags)
    _, problems = check_seeds(trial, today)
    return path, text, [p for p in problems if p.path == path and p.severity == "error"]
