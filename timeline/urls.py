"""URLs: where every seed file, page, feed and data file lives, and how pages link to each other.

The one place that spells the site's layout. Page locations are `uri`s, MkDocs' paths of files
under docs/ (`events/<id>.md`); `published_path` turns one into the path MkDocs publishes it at
(`events/<id>/`), and `Publication` into a full address.
"""

from __future__ import annotations

import datetime as dt
import functools
import urllib.parse
from dataclasses import dataclass

# Seed files, as messages name them.
SEEDS = "seeds"
SEEDS_FOLDER = f"{SEEDS}/"  # as messages name it
EVENTS_FOLDER = f"{SEEDS}/events/"
SOURCES_FILE = f"{SEEDS}/sources.yml"
ACTORS_FILE = f"{SEEDS}/actors.yml"
TAGS_FILE = f"{SEEDS}/tags.yml"
ERAS_FILE = f"{SEEDS}/eras.yml"
IMAGES_FOLDER = f"{SEEDS}/images/"  # the events' pictures, served under IMAGES
REGISTRY_FILES = {"source": SOURCES_FILE, "actor": ACTORS_FILE, "tag": TAGS_FILE}
EVENT_SUFFIX = ".md"
# Where each quote was found in the archived text of its source, written by `verify-quotes`.
QUOTES_LOCK = f"{SEEDS}/quotes.lock"
# The archived texts `verify-quotes` reads by default (git-ignored: maintainers keep it), and the
# forms of one source's text there: `<source-id>.txt`, `.md` (read as text) or `.html`.
ARCHIVE_FOLDER = "archive"
ARCHIVE_SUFFIXES = (".txt", ".md", ".html")

# The project's templates: of the generated pages, and the theme overrides.
TEMPLATES = "templates"
PAGE_TEMPLATES = f"{TEMPLATES}/pages"
# What `init` writes a new timeline's own pages, README and registries from.
STARTER_TEMPLATES = f"{TEMPLATES}/init"
# The tool, which `init` copies into a new timeline: everything but this timeline's content
# (mkdocs.yml's title, docs/, seeds/, README.md), which it writes anew ...
STARTER_TOOL = ("build_timeline.py", "timeline", TEMPLATES, "Makefile", "requirements.txt",
                "pyproject.toml", ".ci", ".github", ".gitignore", ".pre-commit-config.yaml",
                ".vscode", "schemas", "tests", "bench")
# ... less the tests of this timeline's content, and what builds and tests leave behind.
STARTER_LEFT_OUT = ("tests/test_content.py", "tests/output", "tests/js/node_modules")

# Generated pages.
EVENT_PAGES = "events/"  # the folder of every event's page
TIMELINE = "timeline.md"
ACTORS = "actors/index.md"
SOURCES = "sources.md"
# Every correction and update of every event, newest first, and its Atom feed.
UPDATES = "updates.md"
UPDATES_FEED = "updates.xml"
TAGS = "tags.md"
DATA = "data.md"
CONTRIBUTING = "contributing.md"
# The hand-written page and the template the contributing page is made from (for Edit buttons).
CONTRIBUTING_TEMPLATE = f"{PAGE_TEMPLATES}/contributing.md.j2"

# Where the site serves the events' pictures: seeds/images/<file> at images/<file>.
IMAGES = "images/"

# Data files.
EVENTS_JSON = "events.json"
EVENTS_CSV = "events.csv"
ICALENDAR = "timeline.ics"
TIMELINEJS = "timeline.json"
# Every event id in timeline order: a large timeline's event pages say where they stand from it
# (in the reader's browser), so that adding an event does not rewrite every event page.
EVENT_ORDER = "event-order.json"
FEED = "feed.xml"


def event_seed(event_id: str, folder: str = "") -> str:
    """Return the seed file of a new event: `seeds/events/<folder><id>.md` (`folder` is "" or
    ends in "/"). An existing event's file is Event.path: it may be in any folder."""
    return f"{EVENTS_FOLDER}{folder}{event_id}{EVENT_SUFFIX}"


def translation_seed(event_path: str, language: str) -> str:
    """Return the translation file of the event file `event_path` into `language`, beside it:
    `seeds/events/<folder>/<id>.ko.md`."""
    return f"{event_path.removesuffix(EVENT_SUFFIX)}.{language}{EVENT_SUFFIX}"


def language_prefix(language: str, source_language: str) -> str:
    """Return the folder of a language's site: "" for the site's own language, else `ko/`."""
    return "" if language == source_language else f"{language}/"


def event_id_of(seed_path: str) -> str:
    """Return the id of an event file from its path: its name without `.md`, whatever its folder
    (so that moving the file between folders keeps its page's address)."""
    return seed_path.rsplit("/", 1)[-1].removesuffix(EVENT_SUFFIX)


def event_page(event_id: str) -> str:
    """Return the generated page of an event."""
    return f"{EVENT_PAGES}{event_id}.md"


def actor_page(actor_id: str) -> str:
    """Return the generated page of an actor."""
    return f"actors/{actor_id}.md"


def tag_page(tag_id: str) -> str:
    """Return the generated page of a tag (large timelines only: Material lists the small ones)."""
    return f"tags/{tag_id}.md"


def year_slug(year: int, unspecified: int = 0) -> str:
    """Return the name of a year in anchors, part pages and filters: 2026, bce-44 (the
    astronomical year -43), 1900s (19XX). None is an event id, which starts with a digit and has
    words after its date."""
    if unspecified:
        return f"{year}s"
    return str(year) if year >= 1 else f"bce-{1 - year}"


def timeline_part(key: str) -> str:
    """Return the page of one part of a large timeline: `timeline/2026.md`, `timeline/2026-01.md`."""
    return f"timeline/{key}.md"


def filtered_timeline(**filters: str) -> str:
    """Return the timeline page showing only some events: `timeline.md?actor=<id>`."""
    return TIMELINE + "?" + "&".join(f"{name}={value}" for name, value in filters.items())


def anchored(uri: str, anchor: str) -> str:
    """Return a link to `anchor` on the page `uri`."""
    return f"{uri}#{anchor}"


def list_page(base: str, number: int) -> str:
    """Return page `number` of a list whose first page is `base`: `sources/2.md`."""
    return base if number == 1 else f"{base.removesuffix('.md')}/{number}.md"


def tag_feed(tag_id: str) -> str:
    """Return the Atom feed of one tag."""
    return f"feeds/{tag_id}.xml"


def events_schema(version: int) -> str:
    """Return the JSON Schema of events.json, version `version`."""
    return f"schemas/events-{version}.schema.json"


def seed_schema(name: str) -> str:
    """Return the JSON Schema of a kind of seed file (event, sources, actors, tags)."""
    return f"schemas/{name}.schema.json"


def image_seed(file: str) -> str:
    """Return the seed path of an image, as messages name it: `seeds/images/<file>`."""
    return f"{IMAGES_FOLDER}{file}"


def image_uri(file: str) -> str:
    """Return where the site serves the image `file` (a path under seeds/images/): MkDocs' uri
    of the copy, `images/<file>`."""
    return f"{IMAGES}{file}"


def _url_path(path: str) -> str:
    """Return a site path as it is written in an address (spaces and other characters escaped)."""
    return urllib.parse.quote(path, safe="/")


def opaque_image_path(file: str) -> str:
    """Return where the site serves the image `file` with every byte of its name but each "/" and
    its extension written as %XX ("youtu.be.png" as "images/%79%6F%75%74%75%2E%62%65.png"): the
    same file to any server, which decodes %XX, under a name no pattern of TimelineJS's media
    types but its image pattern can match."""
    # TimelineJS picks a media type by the first of its patterns that matches the URL, several of
    # them unanchored ("youtu.be", "documentcloud.org/", ".+.wikipedia.org") and all before its
    # image pattern: a picture named youtu.be-still.png would be embedded as YouTube. Written as
    # %XX, no three letters or digits follow one another and no "." is left but the extension's.
    stem, dot, extension = file.rpartition(".")
    return IMAGES + "/".join("".join(f"%{byte:02X}" for byte in part.encode("utf-8"))
                             for part in stem.split("/")) + dot + extension


def file_link(here: str, path: str, directory_urls: bool = True) -> str:
    """Return the relative URL from the page `here` (a .md uri) to the site file `path`, for raw
    HTML."""
    published = published_path(here, directory_urls)
    folder = published if published.endswith("/") or not published else folder_of(published)
    return _url_path(_relative_path(path, folder))


def image_link(here: str, file: str, directory_urls: bool = True) -> str:
    """Return the relative URL from the page `here` (a .md uri) to the image `file`, for raw HTML."""
    return file_link(here, image_uri(file), directory_urls)


def published_path(uri: str, directory_urls: bool = True) -> str:
    """Return where MkDocs publishes the page `uri` (a docs/ path), as MkDocs' File.url does."""
    stem = uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def folder_of(uri: str) -> str:
    """Return the docs/ folder a page is in ("" at the top)."""
    return uri.rpartition("/")[0]


def _relative_path(path: str, start: str) -> str:
    """Return posixpath.relpath(path, start) for clean relative paths, without its file system
    calls (a timeline page links a hundred and fifty events)."""
    to, frm = [p for p in path.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    while common < min(len(to), len(frm)) and to[common] == frm[common]:
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."


@functools.lru_cache(maxsize=1024)
def _relative_folder(here: str, there: str) -> str:
    """Return the path from folder `here` to folder `there` ("" or ending in "/")."""
    relative = _relative_path(there, here)
    return "" if relative == "." else relative + "/"


def markdown_link(here: str, target: str) -> str:
    """Return a relative link from the page `here` to the page `target` (both .md uris), for
    Markdown, where MkDocs rewrites `.md` links to the published pages."""
    path, _, rest = target.partition("#")
    folder, _, name = path.rpartition("/")
    return _relative_folder(folder_of(here), folder) + name + (f"#{rest}" if rest else "")


def html_link(here: str, target: str, directory_urls: bool = True) -> str:
    """Return the relative URL from the page `here` to the published page `target`, for raw HTML,
    where MkDocs does not rewrite `.md` links."""
    there_uri, _, anchor = target.partition("#")
    there = published_path(there_uri, directory_urls)
    published = published_path(here, directory_urls)
    # A browser resolves against the folder of the page's URL: all of "timeline/", but only the
    # folder part of "timeline.html".
    folder = published if published.endswith("/") or not published else folder_of(published)
    relative = _relative_path(there, folder)
    if (there.endswith("/") or not there) and not relative.endswith("/"):
        relative += "/"
    return relative + (f"#{anchor}" if anchor else "")


# The orders the timeline page may list its events in (mkdocs.yml: extra.timeline.order).
OLDEST_FIRST = "oldest-first"
NEWEST_FIRST = "newest-first"
ORDER_SETTING = "extra.timeline.order"


def history_base(repo_url: str | None, edit_uri: str | None) -> str | None:
    """Return where the repository shows the history of a file, to which its path is added
    (`https://github.com/OWNER/REPO/commits/main/`), or None without a repository or a branch.

    The branch is the one mkdocs.yml's `edit_uri` edits, `edit/<branch>/docs/` (GitLab's
    `-/edit/<branch>/docs/`): one setting, not two that could disagree. GitLab's form is
    `-/commits/<branch>/`, every other host's GitHub's.
    """
    if not repo_url or not edit_uri:
        return None
    parts = edit_uri.strip("/").removeprefix("-/").split("/")
    # edit/<branch, which may hold "/">/<the docs folder>
    if len(parts) < 3 or parts[0] not in ("edit", "blob", "tree") or not all(parts[1:-1]):
        return None
    branch = urllib.parse.quote("/".join(parts[1:-1]), safe="/")
    host = repo_url.split("//", 1)[-1].split("/", 1)[0].lower()
    commits = "-/commits" if "gitlab" in host else "commits"
    return f"{repo_url.rstrip('/')}/{commits}/{branch}/"


def newest_first_setting(extra: object) -> bool:
    """Return True if mkdocs.yml's `extra` asks for the timeline newest first
    (`extra: {timeline: {order: newest-first}}`); raise ValueError, saying how to fix it, for a
    value that is neither order."""
    timeline = extra.get("timeline") if isinstance(extra, dict) else None
    order = timeline.get("order", OLDEST_FIRST) if isinstance(timeline, dict) else OLDEST_FIRST
    if order not in (OLDEST_FIRST, NEWEST_FIRST):
        raise ValueError(f"mkdocs.yml: {ORDER_SETTING} is {str(order)[:80]!r} — write "
                         f"`order: {NEWEST_FIRST}` or `order: {OLDEST_FIRST}` (the default)")
    return order == NEWEST_FIRST


@dataclass(frozen=True)
class Publication:
    """Where and when the site is published: the address and date pages and exports print."""

    site_name: str
    site_url: str | None
    built_at: dt.datetime  # the build's one date: "today" for the check, the badges and the feeds
    directory_urls: bool = True  # MkDocs' use_directory_urls: events/<id>/ rather than .html
    newest_first: bool = False  # the timeline page lists the latest event first
    history_base: str | None = None  # where the repository shows a file's history (history_base)
    # The language of these pages and exports, the events' own language (mkdocs.yml
    # theme.language), and the languages the site is published in besides it (languages.py).
    language: str = "en"
    source_language: str = "en"
    translations: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        """Return the folder these pages are published in: "" for the site's own language, `ko/`."""
        return language_prefix(self.language, self.source_language)

    @property
    def languages(self) -> tuple[str, ...]:
        """Return every language the site is published in, its own first."""
        return (self.source_language, *self.translations)

    @property
    def today(self) -> dt.date:
        """Return the day of the build, in UTC."""
        return self.built_at.astimezone(dt.UTC).date()

    def url(self, path: str) -> str:
        """Return the address of a published `path` (absolute when the site's address is known)."""
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + path
        return path

    def page_url(self, uri: str) -> str:
        """Return the address of the page `uri` of this language's site."""
        return self.url(self.prefix + published_path(uri, self.directory_urls))

    def data_url(self, path: str) -> str:
        """Return the address of a data file or feed of this language's site (`ko/feed.xml`)."""
        return self.url(self.prefix + path)

    def page_url_in(self, uri: str, language: str) -> str:
        """Return the address of the page `uri` in the site of `language` (its counterpart)."""
        return self.url(language_prefix(language, self.source_language)
                        + published_path(uri, self.directory_urls))

    def image_url(self, file: str) -> str:
        """Return the address of an image (absolute when the site's address is known)."""
        return self.url(_url_path(image_uri(file)))

    def timelinejs_image_url(self, file: str) -> str:
        """Return the address of an image as TimelineJS's media wants it: one it can only take for
        a picture (see opaque_image_path), whatever the file's name."""
        return self.url(opaque_image_path(file))

    def event_url(self, event_id: str) -> str:
        """Return the address of an event's page."""
        return self.page_url(event_page(event_id))

    def history_url(self, path: str) -> str | None:
        """Return the address of the history of a project file (`seeds/events/<id>.md`), or None
        when no repository is configured."""
        return self.history_base + _url_path(path) if self.history_base else None

    @property
    def host(self) -> str | None:
        """Return the host name of the site's address, if it is known."""
        if not self.site_url:
            return None
        return self.site_url.split("//", 1)[-1].split("/", 1)[0] or None
