"""Preview: what `mkdocs serve` adds to a build, so that the preview never hangs and never lies.

- While the seed files have problems, every page still answers, with the problems listed at its
  top (`problems_html`, put into each HTML page as the server sends it, by `with_problems`): the
  build goes on with the last good timeline instead of stopping, since MkDocs' server holds every
  request while its last rebuild has failed ("The server will appear stuck").
- Pages of events whose files were deleted or renamed are removed from the served folder
  (`remove_stale`): a dirty rebuild writes what changed and never deletes.
- The search index is exactly the one a full build would write (`SearchEntries`): Material's
  search plugin, under `serve --dirty`, replaces the entries of the first page it rebuilt and
  appends the others, so every edit added entries and old titles stayed findable.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem, printable
from .sites import SEARCH_INDEX, search_settings
from .urls import SEEDS_FOLDER

# The most problems listed on a page; the terminal and `make check` list every one.
PAGE_PROBLEMS_MAX = 50

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def problems_html(problems: tuple[Problem, ...], showing: str) -> bytes:
    """Return the notice a preview page shows at its top: every error (or, with none, a folded
    list of the warnings), each as `path:line:col` and its message; `showing` says what the page
    shows meanwhile."""
    errors = [p for p in problems if p.severity == "error"]
    listed = errors or list(problems)
    if not listed:
        return b""
    count = len(listed)
    noun = ("error" if errors else "warning") + ("" if count == 1 else "s")
    items = "".join(
        f"<li><code>{html.escape(printable(f'{p.path}:{p.line}:{p.col}'))}</code> "
        f"{html.escape(printable(p.message))}</li>" for p in listed[:PAGE_PROBLEMS_MAX])
    more = (f"<p>… and {count - PAGE_PROBLEMS_MAX:,} more: the terminal lists every one, as "
            "<code>make check</code> does.</p>" if count > PAGE_PROBLEMS_MAX else "")
    if errors:
        return (f'<div class="admonition failure" id="timeline-problems" role="alert">'
                f'<p class="admonition-title">{_where(listed)} {count:,} {noun}: {showing}</p>'
                f"<ol>{items}</ol>{more}<p>Fix {'it' if count == 1 else 'them'} and save: this "
                "page reloads by itself.</p>"
                "</div>").encode("utf-8")
    return (f'<details class="warning" id="timeline-warnings"><summary>{count:,} {noun} in the '
            f"seed files (the site builds; fix them when you can)</summary><ol>{items}</ol>{more}"
            "</details>").encode("utf-8")


def in_seed_files(problems: Iterable[Problem]) -> bool:
    """Return True if every problem is in a seed file (not a template's, nor mkdocs.yml's)."""
    return all(p.path.startswith(SEEDS_FOLDER) for p in problems)


def _where(problems: list[Problem]) -> str:
    """Return the start of the notice's title: the seed files have, or there are."""
    if in_seed_files(problems):
        return "The seed files have"
    return "There " + ("is" if len(problems) == 1 else "are")


# Where the notice goes: at the top of the page's content, else at the top of the body.
_CONTENT = b'<article class="md-content__inner md-typeset">'


def with_notice(page: bytes, notice: bytes) -> bytes:
    """Return an HTML page with `notice` at the top of its content."""
    if not notice:
        return page
    at = page.find(_CONTENT)
    if at >= 0:
        at += len(_CONTENT)
    else:
        body = page.find(b"<body")
        at = page.find(b">", body) + 1 if body >= 0 else 0
    return page[:at] + notice + page[at:]


def with_problems(app: WSGIApp, notice: Callable[[], bytes]) -> WSGIApp:
    """Return the server's WSGI application with `notice()` put into every HTML page it sends."""
    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        sent: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent[:] = [status, headers, exc_info]
            return lambda data: None  # the server's application never writes this way

        body = app(environ, hold)
        status, headers, exc_info = sent
        kind = next((value for name, value in headers if name.lower() == "content-type"), "")
        shown = notice() if kind.startswith("text/html") else b""
        if not shown:
            start_response(status, headers, exc_info)
            return body
        try:
            page = with_notice(b"".join(body), shown)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(page)))], exc_info)
        return [page]

    return serve


def remove_stale(site_dir: Path, before: set[str], now: set[str]) -> int:
    """Return how many files written by the last build (`before`, paths in the site) and not by
    this one (`now`) were removed from `site_dir`, with the folders they leave empty."""
    removed = 0
    for stale in sorted(before - now):
        path = site_dir / stale
        try:
            path.unlink()
        except OSError:  # gone already, or not ours to remove: the preview goes on
            continue
        removed += 1
        folder = path.parent
        while folder != site_dir and folder.is_relative_to(site_dir):
            try:
                folder.rmdir()  # only if empty
            except OSError:
                break
            folder = folder.parent
    return removed


@dataclass
class SearchEntries:
    """Every page's search entries as last built, so that the preview's index is the one a full
    build would write: the pages in the build's order, each with its entries (as JSON)."""

    by_page: dict[str, str] = field(default_factory=dict)  # src_uri -> its entries, as JSON
    order: list[str] = field(default_factory=list)  # pages (src_uri), in the order MkDocs builds
    built: int = 0  # pages built (and their entries taken) in this build
    # The folders of the translations' sites (`ko/`), by language: each has its own index, where
    # its pages' locations are relative to it.
    prefixes: dict[str, str] = field(default_factory=dict)

    def begin(self, pages: list[str], prefixes: dict[str, str] | None = None) -> None:
        """Start a build of these pages, in this order, with these translations' folders (by
        language); forget pages that are gone."""
        self.order, self.built = pages, 0
        if (prefixes or {}) != self.prefixes:
            self.by_page = {}  # their locations were written for other folders
        self.prefixes = prefixes or {}
        keep = set(pages)
        self.by_page = {page: entries for page, entries in self.by_page.items() if page in keep}

    def take(self, page: str, entries: list[dict[str, Any]]) -> None:
        """Keep the entries of a page just built."""
        # Each entry as Material's search plugin writes it (material/plugins/search/plugin.py),
        # so that the index is joined from them rather than written whole (0.17 s at 10,000).
        prefix = self._prefix(page)
        if prefix:
            entries = [{**entry, "location": str(entry.get("location", "")).removeprefix(prefix)}
                       for entry in entries]
        self.by_page[page] = ",".join(_compact(entry) for entry in entries)
        self.built += 1

    def _prefix(self, page: str) -> str:
        """Return the folder of the translation's site `page` is in, or "" (the site's own)."""
        return next((prefix for prefix in self.prefixes.values() if page.startswith(prefix)), "")

    def index(self, written: bytes) -> bytes | None:
        """Return the search index of every page, made from the one the search plugin wrote for
        the pages it built (its settings are taken from there); None if the plugin's is already
        complete, or if a page's entries are unknown."""
        if self.built == len(self.order) or any(p not in self.by_page for p in self.order):
            return None
        settings = _compact(json.loads(written)["config"])
        docs = ",".join(self.by_page[page] for page in self.order if self.by_page[page])
        return ('{"config":' + settings + ',"docs":[' + docs + "]}").encode("utf-8")

    def indexes(self, written: bytes) -> dict[str, bytes] | None:
        """Return the search index of each language, by its path in the site (see index), made
        from the one the search plugin wrote: the site's own language's pages in
        sites.SEARCH_INDEX, each translation's in its folder; None as index() returns None."""
        if self.built == len(self.order) or any(p not in self.by_page for p in self.order):
            return None
        settings = json.loads(written)["config"]
        docs: dict[str, list[str]] = {"": [], **{prefix: [] for prefix in self.prefixes.values()}}
        for page in self.order:
            if self.by_page[page]:
                docs[self._prefix(page)].append(self.by_page[page])
        found = {SEARCH_INDEX: _joined(settings, docs[""])}
        for code, prefix in self.prefixes.items():
            found[prefix + SEARCH_INDEX] = _joined(search_settings(settings, code), docs[prefix])
        return found


def _joined(settings: dict[str, object], docs: list[str]) -> bytes:
    """Return a search index of these settings and entries (each page's, as JSON)."""
    return ('{"config":' + _compact(settings) + ',"docs":[' + ",".join(docs) + "]}"
            ).encode("utf-8")


def _compact(data: object) -> str:
    """Return data as JSON the way Material's search plugin writes its index."""
    return json.dumps(data, separators=(",", ":"), default=str)


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, so a reader never sees half."""
    # A new file of a name no one chose (mkstemp: O_CREAT | O_EXCL, never through a link): a
    # pull request can commit links at every predictable name beside seeds/quotes.lock, and
    # writing through one overwrote a file outside the project.
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp's file is its owner's alone; a page or the lock is everyone's to read.
        os.fchmod(descriptor, 0o644)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
