"""What `mkdocs serve` need not spend on each rebuild: MkDocs' own costs, cut from the hook.

Measured on a rebuild after a one-line edit (`mkdocs serve --dirty`, 10,000 events; MkDocs' part
of the rebuild went from 3.2 s to 1.8 s, the figures are in the commits of this module):

- The file watcher. MkDocs polls every watched tree every 0.5 s (watchdog's PollingObserver: a
  stat of every file, then a diff of two snapshots), which at 10,000 seed files costs 14-16% of a
  core all the time (during rebuilds too) and 0.3 to 2.8 s from saving to the rebuild starting,
  the more the busier the machine. `move_watches` hands each watched folder on a local Linux file
  system to inotify (0.2% of a core, 0.10 s: MkDocs' build_delay); the rest (a single file such as
  mkdocs.yml, a folder holding a symbolic link or on a network or virtual file system, where
  inotify can miss changes made elsewhere: why MkDocs polls, mkdocs/mkdocs#2477) is polled.
- Jinja compiles Material's templates again on every rebuild (MkDocs makes a new environment each
  time): `TEMPLATE_CACHE` keeps the compiled code in memory, keyed by the template's source, so an
  edited template is compiled again (0.27 s to 0.03 s, in 404.html, the first page built).
- sitemap.xml (and .gz) lists every page on every rebuild (0.18 s); the preview has no use for it.
- Every rebuild makes a new File for each of the 10,700 generated files (`File.generated`, then its
  edit address) and MkDocs a new Page for each (`get_navigation`), though a dirty rebuild renders
  only the few whose content changed. `GENERATED` gives back the last build's File, with its Page,
  for every file whose content is unchanged, while the settings they were made with are unchanged
  (on_files 0.89 s to 0.46 s, get_navigation 0.51 s to 0.02 s).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterator
from types import CodeType

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File
from mkdocs.structure.toc import TableOfContents
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.hooks.timeline")

SITEMAP = "sitemap.xml"
FAILED = object()  # the settings of a build that failed after its files were made  # MkDocs' static template; it writes sitemap.xml.gz beside it

# File systems on which inotify reports every change, whoever makes it. Anything else (NFS, SMB,
# FUSE, 9p under WSL2, VirtualBox and Docker Desktop shares) is polled: a change made on the other
# side of the mount may never be reported.
LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs",
                                "tmpfs", "overlay", "zfs"})
NOT_A_FOLDER = "not a folder"  # polled without a word
# A watched tree is walked once, when serving starts, to check it; one larger than this is polled.
MAX_WATCHED_ENTRIES = 200_000
# What changes the site: creating, writing, removing or renaming. Opening or reading a file (the
# hook reads every seed file on a rebuild) must not start another rebuild.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileClosedEvent, FileDeletedEvent,
    FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def skip_sitemap(config: MkDocsConfig) -> None:
    """Leave sitemap.xml (and .gz) out of a `mkdocs serve` build: it renders every page's address.

    Call it from on_files: MkDocs lists the theme's files before, leaving out its static templates,
    and would copy the template itself into the site if it were no longer one of them."""
    config.theme.static_templates.discard(SITEMAP)


class TemplateCache(BytecodeCache):
    """The compiled code of every template, kept in memory from one rebuild to the next.

    Jinja compares the source's checksum itself (an edited template is compiled again); the key
    adds what compiling depends on besides the source (the environment's syntax and extensions),
    so that a change of those in mkdocs.yml cannot reuse code compiled for other settings.
    """

    def __init__(self) -> None:
        self.code: dict[str, tuple[str, CodeType]] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        """Return the bucket of a template in this environment, with its code if compiled before."""
        key = hashlib.sha1(repr((_compile_settings(environment), name, filename)).encode())
        bucket = Bucket(environment, key.hexdigest(), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give the bucket its code, if this source was compiled before."""
        checksum, code = self.code.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a freshly compiled template's code."""
        if bucket.code is not None:
            self.code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        """Forget every compiled template."""
        self.code.clear()


def _compile_settings(environment: jinja2.Environment) -> tuple[object, ...]:
    """Return what Jinja's compiled code depends on besides a template's source."""
    def named(value: object) -> object:
        return getattr(value, "__qualname__", value) if callable(value) else value
    return (environment.block_start_string, environment.block_end_string,
            environment.variable_start_string, environment.variable_end_string,
            environment.comment_start_string, environment.comment_end_string,
            environment.line_statement_prefix, environment.line_comment_prefix,
            environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
            environment.keep_trailing_newline, environment.optimized, environment.is_async,
            named(environment.autoescape), named(environment.finalize),
            getattr(environment, "newstyle_gettext", None), tuple(sorted(environment.extensions)))


# One per process: `mkdocs serve` makes a new Jinja environment for every rebuild.
TEMPLATE_CACHE = TemplateCache()


def reuse_compiled_templates(env: jinja2.Environment) -> jinja2.Environment:
    """Return the environment, made to keep its compiled templates for the next rebuild."""
    env.bytecode_cache = TEMPLATE_CACHE
    return env


class GeneratedFiles:
    """The generated files of the last build, each with the digest of its content and its Page.

    Reused only by a dirty rebuild, which renders and writes only the files whose content changed:
    an unchanged file's Page is never rendered again, so last build's, put back as MkDocs makes a
    new one, is as good. Nothing is reused once a setting a File or a Page is made from changes
    (an edited mkdocs.yml)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, bytes, object, File]] = {}
        self.settings: tuple[object, ...] = ()
        self.unwritten = False  # files were put since MkDocs last finished writing a build


    def start(self, config: MkDocsConfig) -> bool:
        """Forget every file if this build's settings differ from the last build's; return True
        if they do, or if the last build failed after its files were made (so that what it did
        not write is written now), False for the first build."""
        try:
            with open(config.config_file_path, "rb") as source:
                written = digest_of(source.read())
        except (OSError, TypeError):
            written = b""  # a new File for every file, each time
        settings = (written, config.site_url, config.site_dir, config.docs_dir,
                    config.use_directory_urls, config.repo_url, config.edit_uri,
                    config.edit_uri_template)
        changed = bool(self.settings) and settings != self.settings
        if not written or settings != self.settings:
            self.files.clear()
        self.settings = settings
        self.unwritten = True
        return changed

    def get(self, uri: str, content: bytes, source: object) -> File | None:
        """Return last build's File for `uri` if its content and source are the same, else None."""
        kept = self.files.get(uri)
        if kept is None or kept[2] != source:
            return None
        if kept[0] is not content:  # the same object: a page that was not rendered again
            if kept[1] != digest_of(content):
                return None
            self.files[uri] = (content, kept[1], source, kept[3])
        file = kept[3]
        page = file.page
        if page is not None:
            # As MkDocs makes it (what get_navigation sets is set again), except the anchors its
            # HTML has, which are those of the same content: links to them are checked.
            page.parent = page.previous_page = page.next_page = None
            page.active = False
            page.markdown = page.content = page.links_to_anchors = None
            page.toc, page.meta = TableOfContents([]), {}
        return file

    def put(self, uri: str, content: bytes, digest: bytes, source: object, file: File) -> None:
        """Keep a file made for this build, for the next one."""
        self.files[uri] = (content, digest, source, file)

    def forget(self, uri: str) -> None:
        """Forget the file of `uri` (a hand-written page took its place: when it goes, the
        generated file must be written again)."""
        self.files.pop(uri, None)

    def written(self) -> None:
        """Note that MkDocs wrote this build's files (call it from on_post_build)."""
        self.unwritten = False

    def failed(self) -> None:
        """Forget every file if the build failed after they were made: it may not have written
        them, and a file taken back is not written again (call it from on_build_error)."""
        if self.unwritten:
            self.files.clear()
            self.settings = (FAILED,)  # the next build's settings differ, whatever they are
        self.unwritten = False


def digest_of(content: bytes) -> bytes:
    """Return the digest that tells a generated file's content from another's."""
    return hashlib.blake2b(content, digest_size=16).digest()


# One per process, as the hook's state.
GENERATED = GeneratedFiles()


def _mounts() -> list[tuple[str, str]]:
    """Return every mount point (deepest first) with its file system type; none if unknown."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as lines:
            mounts = []
            for line in lines:
                # "36 35 98:0 /root /mnt/point rw,noatime master:1 - ext4 /dev/root rw": the mount
                # point is the fifth field (spaces escaped as \040), the type follows " - ".
                fields, _, after = line.partition(" - ")
                parts = fields.split()
                if len(parts) >= 5 and after:
                    point = re.sub(r"\\([0-7]{3})", lambda code: chr(int(code[1], 8)), parts[4])
                    mounts.append((point, after.split()[0]))
    except OSError:
        return []
    return sorted(mounts, key=lambda mount: len(mount[0]), reverse=True)


def _file_system(path: str, mounts: list[tuple[str, str]]) -> str | None:
    """Return the type of the file system that holds `path` (a real path), if known."""
    for point, kind in mounts:
        if path == point or path.startswith(point.rstrip("/") + "/"):
            return kind
    return None


def _entries(root: str) -> Iterator[os.DirEntry[str]]:
    """Yield every entry under the folder `root`, without following symbolic links."""
    folders = [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                yield entry
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)


def needs_polling(path: str, mounts: list[tuple[str, str]] | None = None) -> str | None:
    """Return why the watched `path` must be polled, or None if inotify sees all its changes."""
    if mounts is None:
        mounts = _mounts()
    if not os.path.isdir(path) or os.path.islink(path):
        # A single file (mkdocs.yml) costs one stat a poll, and an editor that saves by writing a
        # new file and renaming it over the old would end an inotify watch of the file itself.
        return NOT_A_FOLDER
    real = os.path.realpath(path)
    kind = _file_system(real, mounts)
    if kind not in LOCAL_FILE_SYSTEMS:
        return f"it is on a {kind or 'unknown'} file system, which may not report every change"
    seen = 0
    try:
        for entry in _entries(real):
            seen += 1
            if seen > MAX_WATCHED_ENTRIES:
                return f"it holds more than {MAX_WATCHED_ENTRIES:,} files and folders"
            if entry.is_symlink():
                # Inotify sees a change to the link, not to what it points to.
                return f"it holds a symbolic link ({entry.path})"
            if entry.is_dir(follow_symlinks=False):
                inner = _file_system(entry.path, mounts)
                if inner not in LOCAL_FILE_SYSTEMS:
                    return f"{entry.path} is on a {inner or 'unknown'} file system"
    except OSError as error:
        return f"it could not be read ({error.strerror})"
    return None


def _native_observer() -> BaseObserver | None:
    """Return a started inotify observer, or None where there is none (not Linux)."""
    try:
        from watchdog.observers.inotify import InotifyObserver
        observer = InotifyObserver()
        # Started now, so that a watch that cannot be added (the inotify limits) fails when it is
        # scheduled, where it can be polled instead, not in MkDocs' own start of the observer.
        observer.start()
    except (ImportError, OSError):
        return None
    return observer


class Watches(PollingObserver):
    """MkDocs' polling observer, which hands each watched folder inotify can watch to it."""

    def __init__(self, timeout: float, native: BaseObserver) -> None:
        super().__init__(timeout=timeout)
        self.native = native
        self.native_watches: set[ObservedWatch] = set()
        self.mounts = _mounts()

    def schedule(self, event_handler: FileSystemEventHandler, path: str | os.PathLike[str], *,
                 recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None,
                 follow_symlink: bool = False) -> ObservedWatch:
        """Return the watch of `path`: by inotify if it can see every change there, else polled."""
        path = os.fspath(path)
        reason = needs_polling(path, self.mounts)
        if reason is None:
            try:
                watch = self.native.schedule(event_handler, path, recursive=recursive,
                                             event_filter=event_filter or CHANGES)
            except OSError as error:
                reason = f"inotify could not watch it ({error.strerror})"
            else:
                self.native_watches.add(watch)
                return watch
        if reason != NOT_A_FOLDER:
            log.info(f"Watching {path} by polling every {self.timeout:g} s: {reason}")
        return super().schedule(event_handler, path, recursive=recursive,
                                event_filter=event_filter, follow_symlink=follow_symlink)

    def unschedule(self, watch: ObservedWatch) -> None:
        """Stop watching what `watch` watches."""
        if watch in self.native_watches:
            self.native_watches.discard(watch)
            self.native.unschedule(watch)
        else:
            super().unschedule(watch)

    def stop(self) -> None:
        """Stop both observers."""
        self.native.stop()
        super().stop()

    def join(self, timeout: float | None = None) -> None:
        """Wait for both observers' threads to end."""
        self.native.join(timeout)
        super().join(timeout)


def move_watches(server: LiveReloadServer) -> bool:
    """Return True if the server's watches now go to inotify where it sees every change (the
    rest polled as before); False, with the server untouched, where this cannot be done.

    Call it from on_serve, before the server starts: it needs LiveReloadServer's `observer`,
    `_watched_paths` and `_watch_refs` (MkDocs 1.6), and calls its public `watch` again for each
    path, so that MkDocs' own handlers are kept."""
    observer = getattr(server, "observer", None)
    paths = getattr(server, "_watched_paths", None)
    refs = getattr(server, "_watch_refs", None)
    if (type(observer) is not PollingObserver or observer.is_alive()
            or not isinstance(paths, dict) or not isinstance(refs, dict)
            or set(paths) != set(refs)
            or not all(isinstance(ref, ObservedWatch) for ref in refs.values())):
        log.info("MkDocs' file watcher is not the one this hook knows (MkDocs 1.6): "
                 "it polls the watched files as usual")
        return False
    native = _native_observer()
    if native is None:
        return False  # not Linux: MkDocs polls, as it always does
    server.observer = Watches(observer.timeout, native)
    server._watched_paths, server._watch_refs = {}, {}
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path, recursive=refs[path].is_recursive)
    observer.unschedule_all()
    return True
