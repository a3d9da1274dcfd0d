"""Read: the bytes of every seed file, the input edge of the pipeline (nothing is checked here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .urls import ACTORS_FILE, EVENT_SUFFIX, EVENTS_FOLDER, SOURCES_FILE, TAGS_FILE


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
    strays: tuple[str, ...] = ()  # files in seeds/events/ that are not event files
    links: tuple[str, ...] = ()  # symbolic links, never followed


def read_seeds(root: Path) -> Seeds:
    """Return the bytes of every seed file under `root/seeds` (the only reads of the pipeline)."""
    links: list[str] = []

    def read(shown: str) -> SeedFile | None:
        path = root / shown
        if path.is_symlink():
            links.append(shown)
            return None
        return SeedFile(shown, path.read_bytes()) if path.is_file() else None

    events: list[SeedFile] = []
    strays: list[str] = []
    events_dir = root / EVENTS_FOLDER
    if events_dir.is_dir():
        # scandir knows each entry's type from the directory listing: no stat per file.
        with os.scandir(events_dir) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            shown = f"{EVENTS_FOLDER}{entry.name}"
            if entry.name.startswith("."):
                continue  # Editor and OS files (.DS_Store, swap files) are not contributions.
            if entry.is_symlink():
                links.append(shown)  # Never followed: it could point anywhere on the machine.
            elif entry.is_file(follow_symlinks=False) and entry.name.endswith(EVENT_SUFFIX):
                with open(entry.path, "rb") as file:
                    events.append(SeedFile(shown, file.read()))
            else:
                strays.append(shown)
    registries = read(SOURCES_FILE), read(ACTORS_FILE), read(TAGS_FILE)
    return Seeds(tuple(events), *registries, tuple(strays), tuple(links))
