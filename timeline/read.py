"""Read: the bytes of every seed file, the input edge of the pipeline (nothing is checked here).

Nothing outside the repository is ever read: `seeds/`, `seeds/events/`, every folder under it
and every seed file must be real folders and regular files; a symbolic link at any of them is
refused, never followed (a pull request can hold a link to `/etc`). A path that is not a regular
file (a named pipe, a socket, a device) is never opened: opening a named pipe waits for a writer,
for ever. Event files may be filed in folders under `seeds/events/`, at most EVENTS_MAX_DEPTH
levels deep; a name starting with "." (a file or a folder) is skipped at any depth. An event's
translation, `<id>.ko.md` beside it, is read as event files are (one cache for both) and kept apart
in `Seeds.translations`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .fields import (
    ARCHIVE_TEXT_MAX_BYTES,
    LANGUAGE_PATTERN,
    EVENTS_MAX_DEPTH,
    IMAGE_HEAD_BYTES,
    IMAGE_MAX_BYTES,
    IMAGES_MAX_DEPTH,
    QUOTES_LOCK_MAX_BYTES,
)
from .images import Sniffed, sniff
from .urls import (
    ACTORS_FILE,
    ARCHIVE_SUFFIXES,
    ERAS_FILE,
    EVENT_SUFFIX,
    EVENTS_FOLDER,
    IMAGES_FOLDER,
    QUOTES_LOCK,
    SEEDS,
    SEEDS_FOLDER,
    SOURCES_FILE,
    TAGS_FILE,
)

# Why a seed path was not read; check/seeds.py says each in words, at the path.
Why = Literal["link", "folder", "fifo", "socket", "device", "not-a-folder", "unreadable",
              "too-deep"]

# O_NOFOLLOW: a file swapped for a link after it was listed is still not followed. O_NONBLOCK: a
# file swapped for a named pipe is not waited on (fstat then refuses it). Both where the OS has them.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_BINARY", 0))
_CHUNK = 1 << 16


# What a translation file's name holds before .md: a language code, as sources.yml writes one.
_LANGUAGE_CODE = re.compile(LANGUAGE_PATTERN)


def translation_of(seed_path: str) -> tuple[str, str] | None:
    """Return the event file a translation file translates and the language code in its name
    (`seeds/events/2025/<id>.ko.md` -> (`seeds/events/2025/<id>.md`, "ko")), or None for a file
    not named as a translation (an event's id holds no ".", so no event file is one)."""
    folder, slash, name = seed_path.rpartition("/")
    stem, dot, code = name.removesuffix(EVENT_SUFFIX).rpartition(".")
    if not dot or not stem or not name.endswith(EVENT_SUFFIX) or not _LANGUAGE_CODE.fullmatch(code):
        return None
    return f"{folder}{slash}{stem}{EVENT_SUFFIX}", code


@dataclass(frozen=True)
class SeedFile:
    """The bytes of one seed file and the path shown in messages (relative, with / separators)."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Unread:
    """A seed path that was not read, and why (a link, not a regular file, no permission)."""

    path: str
    why: Why
    detail: str = ""  # the operating system's words, for `unreadable`


@dataclass(frozen=True)
class ImageFile:
    """A file under seeds/images/: its size, and what its first bytes (at most IMAGE_HEAD_BYTES)
    say it is (its format, width and height), which is all the checker needs of it."""

    size: int
    sniffed: Sniffed | None  # None: its first bytes are those of no image format
    whole: bool  # the first bytes were the whole file (a size not in them: the file is damaged)


def image_file(size: int, head: bytes) -> ImageFile:
    """Return what the checker needs of an image file of `size` bytes starting with `head`."""
    # Sniffed as soon as read, and the bytes let go: kept, a folder of 4,000 pictures held 1 GB.
    return ImageFile(size, sniff(head), len(head) >= size)


@dataclass(frozen=True)
class Seeds:
    """Everything under `seeds/`, read but not yet checked."""

    events: tuple[SeedFile, ...]
    sources: SeedFile | None
    actors: SeedFile | None
    tags: SeedFile | None
    strays: tuple[str, ...] = ()  # files under seeds/events/ that are not event files
    unread: tuple[Unread, ...] = ()  # links (never followed) and paths that could not be read
    # Every path under seeds/images/ (relative to it, "/" separators): a file, or why it was not
    # read (a link, which is never followed; not a regular file; no permission; too deep).
    images: dict[str, ImageFile | Unread] = field(default_factory=dict)
    eras: SeedFile | None = None  # seeds/eras.yml, optional like the other registries
    # seeds/quotes.lock (its first QUOTES_LOCK_MAX_BYTES + 1 bytes), written by verify-quotes;
    # None: there is none, and the timeline's quotes are not verified.
    quotes_lock: SeedFile | None = None
    # Translation files under seeds/events/ (`<id>.ko.md`, translation_of), in path order: not
    # events, though they are read as event files are.
    translations: tuple[SeedFile, ...] = ()


def _kind(mode: int) -> Why | None:
    """Return why a path of this mode is not read as a file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def _read_file(path: str | Path, shown: str, limit: int | None = None) -> SeedFile | Unread:
    """Return the bytes of the regular file at `path` (its first `limit` bytes, if given), or
    why it was not read."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        # ELOOP: it became a link since it was listed (O_NOFOLLOW refused it).
        if os.path.islink(path):
            return Unread(shown, "link")
        return Unread(shown, "unreadable", error.strerror or type(error).__name__)
    try:
        status = os.fstat(descriptor)
        why = _kind(status.st_mode)
        if why is not None:
            return Unread(shown, why)
        # os.read, not a file object: this runs once per event file (10,000 in a large timeline).
        # One byte more than the size: reading exactly the size means the end, with no second call.
        if limit is not None:
            return SeedFile(shown, _read_some(descriptor, limit))
        data = os.read(descriptor, status.st_size + 1)
        if len(data) != status.st_size:  # it changed while being read, or a short read: the rest
            chunks = [data]
            while chunk := os.read(descriptor, _CHUNK):
                chunks.append(chunk)
            data = b"".join(chunks)
        return SeedFile(shown, data)
    except OSError as error:  # a read error of the disk or the file system
        return Unread(shown, "unreadable", error.strerror or type(error).__name__)
    finally:
        os.close(descriptor)


def _read_some(descriptor: int, limit: int) -> bytes:
    """Return the first `limit` bytes of an open file (fewer if it is shorter)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0 and (chunk := os.read(descriptor, min(left, _CHUNK))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _folder(path: Path, shown: str) -> Unread | None:
    """Return why the folder at `path` cannot be listed, or None if it can (or is absent)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return Unread(shown, "unreadable", error.strerror or type(error).__name__)
    if stat.S_ISLNK(mode):
        return Unread(shown, "link")
    if not stat.S_ISDIR(mode):
        return Unread(shown, "not-a-folder")
    if not os.access(path, os.R_OK | os.X_OK):
        # Reported once here, rather than once for each file that cannot then be reached.
        return Unread(shown, "unreadable", os.strerror(errno.EACCES))
    return None


def unusable_folder(root: Path, folder: str) -> Unread | None:
    """Return why `folder` under seeds/events/ ("" or "2025/"), or a folder it is in, cannot hold
    event files (a link, a file, unreadable); None if all can, or are not there yet."""
    shown = [SEEDS_FOLDER, EVENTS_FOLDER]
    parts = [part for part in folder.split("/") if part]
    shown += [EVENTS_FOLDER + "/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    for path in shown:
        refused = _folder(root / path, path)
        if refused is not None:
            return refused
    return None


# What editors leave beside the file being edited: backups (Emacs, Vim with `backup`, Kate,
# gedit: `name.md~`), Emacs' auto-saves (`#name.md#`) and JetBrains' safe-write copies. Each
# appears while a contributor edits; reported as a stray, it stopped the preview mid-edit.
_BACKUP_ENDINGS = ("~", "___jb_tmp___", "___jb_old___")


def is_editor_backup(name: str) -> bool:
    """Return True for a file an editor makes beside the one being edited (never an event)."""
    return name.endswith(_BACKUP_ENDINGS) or (len(name) > 1 and name[0] == name[-1] == "#")


def _walk(top: Path, shown_top: str, max_depth: int) -> Iterator[tuple[str, os.DirEntry[str] | Unread]]:
    """Yield every entry under the folder `top` (shown as `shown_top`, which ends in "/"), any
    folder deep up to `max_depth` levels, as (path relative to it, the entry), in no set order;
    a link, a folder too deep or one that cannot be listed comes as why it was not read instead.

    Shared by seeds/events/ and seeds/images/, so that both are bounded and safe alike: links are
    never followed (they could point anywhere), names starting with "." (editor and OS files:
    .DS_Store, swap files, .git/) and editors' backups are skipped at any depth, and the depth is
    bounded.
    """
    # Folders still to list: (OS path, relative path with its final "/", levels below the top).
    # A stack rather than recursion: the depth is bounded anyway, but no frame per level.
    pending: list[tuple[str, str, int]] = [(str(top), "", 0)]
    while pending:
        folder, prefix, depth = pending.pop()
        # scandir knows each entry's type from the directory listing: no stat per file.
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            yield prefix.rstrip("/"), Unread((shown_top + prefix).rstrip("/") if depth else shown_top,
                                             "unreadable", error.strerror or type(error).__name__)
            continue
        for entry in entries:
            if entry.name.startswith(".") or is_editor_backup(entry.name):
                continue
            relative = prefix + entry.name
            shown = shown_top + relative
            if entry.is_symlink():
                yield relative, Unread(shown, "link")
            elif entry.is_dir(follow_symlinks=False):
                if depth + 1 > max_depth:
                    yield relative, Unread(shown, "too-deep")  # Not listed: the walk is bounded.
                elif not os.access(entry.path, os.R_OK | os.X_OK):
                    # Reported once here, rather than once for each file in it.
                    yield relative, Unread(shown, "unreadable", os.strerror(errno.EACCES))
                else:
                    pending.append((entry.path, relative + "/", depth + 1))
            else:
                yield relative, entry


def _walk_events(events_dir: Path, unread: list[Unread]) -> tuple[list[tuple[str, str]], list[str]]:
    """Return the event files under `events_dir`, any folder deep, as (shown path, OS path) in
    the order of their shown paths, and the stray files there; add what is not read to `unread`.

    The order is that of the paths' code points (Python's str order), the same on every OS, file
    system and locale: ids, problems and every page come out the same wherever the check runs.
    """
    files: list[tuple[str, str]] = []
    strays: list[str] = []
    for relative, entry in _walk(events_dir, EVENTS_FOLDER, EVENTS_MAX_DEPTH):
        if isinstance(entry, Unread):
            unread.append(entry)
            continue
        shown = EVENTS_FOLDER + relative
        if entry.is_file(follow_symlinks=False):
            if entry.name.endswith(EVENT_SUFFIX):
                files.append((shown, entry.path))
            else:
                strays.append(shown)
        else:
            try:
                why = _kind(entry.stat(follow_symlinks=False).st_mode) or "unreadable"
            except OSError:
                why = "unreadable"
            unread.append(Unread(shown, why))
    files.sort()
    strays.sort()
    return files, strays


# What says an event file is unchanged since it was read: its modification and change times, size
# and inode (an editor that saves by renaming a new file over the old one makes a new inode).
Status = tuple[int, int, int, int]
# Event files read before, by shown path, with their status then (kept by `mkdocs serve`).
ReadCache = dict[str, tuple[Status, SeedFile]]
# A file changed this recently is read again whatever its status says: two saves within one tick
# of the file system's clock can leave the same times and size (git's "racily clean" files).
RECENT_NS = 2_000_000_000


def _status(path: str) -> Status | None:
    """Return the status of a regular file that is not a link, or None for anything else."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino


def _read_event_files(files: list[tuple[str, str]], cache: ReadCache | None,
                      unread: list[Unread]) -> list[SeedFile]:
    """Return the event files read (an unchanged one taken from `cache`, which is brought up to
    date); add those that were not read to `unread`."""
    events: list[SeedFile] = []
    recent = time.time_ns() - RECENT_NS
    kept: ReadCache = {}
    for shown, path in files:
        status = _status(path) if cache is not None else None
        if status is not None:
            assert cache is not None
            before = cache.get(shown)
            # Either time: a copy that keeps the old modification time (cp -p) is a change.
            if before is not None and before[0] == status and max(status[0], status[1]) < recent:
                kept[shown] = before
                events.append(before[1])
                continue
        found = _read_file(path, shown)
        if isinstance(found, Unread):
            unread.append(found)
            continue
        if status is not None:
            kept[shown] = (status, found)
        events.append(found)
    if cache is not None:
        cache.clear()
        cache.update(kept)
    return events


def _walk_images(images_dir: Path) -> dict[str, ImageFile | Unread]:
    """Return every path under seeds/images/ (relative to it), any folder deep up to
    IMAGES_MAX_DEPTH: its size and what its first bytes say, or why it was not read (walked as
    seeds/events/ is: links never followed, names starting with "." skipped)."""
    found: dict[str, ImageFile | Unread] = {}
    refused = _folder(images_dir, IMAGES_FOLDER)
    if refused is not None:
        found[""] = refused  # every image is then refused with this reason
        return found
    if not images_dir.is_dir():
        return found
    for relative, entry in _walk(images_dir, IMAGES_FOLDER, IMAGES_MAX_DEPTH):
        found[relative] = entry if isinstance(entry, Unread) else \
            _image_file(entry.path, IMAGES_FOLDER + relative)
    return found


def _image_file(path: str, shown: str) -> ImageFile | Unread:
    """Return the size and first bytes of the image file at `path`, or why it was not read."""
    try:
        size = os.lstat(path).st_size
    except OSError as error:
        return Unread(shown, "unreadable", error.strerror or type(error).__name__)
    read = _read_file(path, shown, IMAGE_HEAD_BYTES)
    return read if isinstance(read, Unread) else image_file(size, read.data)


def read_image(root: Path, file: str) -> bytes | None:
    """Return the whole of the checked image `file` (a path under seeds/images/), to publish it;
    None if it is no longer a regular file of at most IMAGE_MAX_BYTES (it changed since the
    check: the next build reports it)."""
    read = _read_file(root / IMAGES_FOLDER / file, IMAGES_FOLDER + file, IMAGE_MAX_BYTES + 1)
    if isinstance(read, Unread) or len(read.data) > IMAGE_MAX_BYTES:
        return None
    return read.data


def read_seeds(root: Path, cache: ReadCache | None = None) -> Seeds:
    """Return the bytes of every seed file under `root/seeds` (the only reads of the pipeline).

    With a `cache` (kept by `mkdocs serve`), an event file whose status is that of its last read,
    and has not changed in the last two seconds, is not read again: at 10,000 events a rebuild
    then reads the one file saved, and 10,000 statuses (0.08-0.09 s instead of 0.13-0.15 s).
    """
    unread: list[Unread] = []

    def read(shown: str, limit: int | None = None) -> SeedFile | None:
        path = root / shown
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None  # An absent registry is an empty one.
        except OSError as error:
            unread.append(Unread(shown, "unreadable", error.strerror or type(error).__name__))
            return None
        why = _kind(mode)
        found = Unread(shown, why) if why is not None else _read_file(path, shown, limit)
        if isinstance(found, Unread):
            unread.append(found)
            return None
        return found

    seeds_refused = _folder(root / SEEDS, SEEDS_FOLDER)
    if seeds_refused is not None:
        # Nothing under a linked seeds/ is read: every path in it would lead outside.
        return Seeds((), None, None, None, (), (seeds_refused,))
    events: list[SeedFile] = []
    translations: list[SeedFile] = []
    strays: list[str] = []
    events_dir = root / EVENTS_FOLDER
    events_refused = _folder(events_dir, EVENTS_FOLDER)
    if events_refused is not None:
        unread.append(events_refused)
    elif events_dir.is_dir():
        files, strays = _walk_events(events_dir, unread)
        read_files = _read_event_files(files, cache, unread)  # one cache for both kinds
        events = [seed for seed in read_files if translation_of(seed.path) is None]
        translations = [seed for seed in read_files if translation_of(seed.path) is not None]
    registries = read(SOURCES_FILE), read(ACTORS_FILE), read(TAGS_FILE)
    eras = read(ERAS_FILE)  # before `unread` is taken: a linked eras.yml is reported, not absent
    lock = read(QUOTES_LOCK, QUOTES_LOCK_MAX_BYTES + 1)  # bounded: past the limit is refused
    return Seeds(tuple(events), *registries, tuple(strays), tuple(unread),
                 _walk_images(root / IMAGES_FOLDER), eras, lock, tuple(translations))


def read_quotes_lock(root: Path) -> SeedFile | None:
    """Return seeds/quotes.lock as `read_seeds` reads it, or None if there is none, or it is not
    a regular file (verify-quotes then writes a new one in its place)."""
    found = _read_file(root / QUOTES_LOCK, QUOTES_LOCK, QUOTES_LOCK_MAX_BYTES + 1) \
        if os.path.lexists(root / QUOTES_LOCK) else None
    return found if isinstance(found, SeedFile) else None


def read_archive(folder: Path, shown_folder: str, source_ids: Iterable[str]
                 ) -> dict[str, list[SeedFile | Unread]]:
    """Return, for each source id, its archived texts in `folder` (`<id>.txt`, `.md`, `.html`:
    one is expected), each read (its first ARCHIVE_TEXT_MAX_BYTES + 1 bytes) or why it was not:
    a symbolic link is never followed, and what is not a regular file is never opened, as for
    seed files. Only those names are looked at: nothing else in the folder is read."""
    found: dict[str, list[SeedFile | Unread]] = {}
    for source_id in source_ids:
        texts = found.setdefault(source_id, [])
        for suffix in ARCHIVE_SUFFIXES:
            path = folder / f"{source_id}{suffix}"
            shown = f"{shown_folder}/{source_id}{suffix}"
            try:
                why = _kind(os.lstat(path).st_mode)
            except FileNotFoundError:
                continue
            except OSError as error:
                texts.append(Unread(shown, "unreadable", error.strerror or type(error).__name__))
                continue
            texts.append(Unread(shown, why) if why is not None
                         else _read_file(path, shown, ARCHIVE_TEXT_MAX_BYTES + 1))
    return found
