"""The MkDocs door: check the seeds before MkDocs touches `site/`, then add the pages in memory.

`mkdocs.yml` lists `build_timeline.py` under `hooks:`, which re-exports the `on_*` functions here.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from pathlib import Path

import nh3
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .problems import ProblemsFound
from .render import RenderedPage
from .pipeline import build_pages

log = logging.getLogger("mkdocs.hooks.timeline")

# Pages rendered for the build under way (MkDocs loads hooks afresh for each build and rebuild).
_pages: dict[str, RenderedPage] = {}

# What an event page's HTML may keep: what Markdown and our extensions write, nothing that runs.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "data-search-exclude"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def project_root(config: MkDocsConfig) -> Path:
    """Return the folder that holds mkdocs.yml, seeds/ and templates/."""
    return Path(config.config_file_path).resolve().parent


def sanitise(html: str) -> str:
    """Return event page HTML reduced to the allow-list: no script, no on* or style, safe links."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check and render every seed file before MkDocs empties `site/`; stop the build on errors."""
    _pages.clear()
    if not config.repo_url:
        # Without a repository there is nothing to edit; MkDocs would warn on every page.
        config.edit_uri = None
    try:
        root = project_root(config)
        pages, warnings = build_pages(root, root / "templates" / "pages", today=dt.date.today())
    except ProblemsFound as found:
        for problem in found.problems:
            (log.error if problem.severity == "error" else log.info)(str(problem))
        raise PluginError(str(found)) from None
    for problem in warnings:
        # Info, not warning: `mkdocs build --strict` must not start failing as the calendar moves.
        log.info(str(problem))
    _pages.update(pages)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages to MkDocs' files, in memory; refuse to shadow a hand-written page."""
    docs_dir = Path(config.docs_dir).resolve()
    root = project_root(config)
    for uri, page in _pages.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} is generated from the seed files — remove or rename "
                              "the hand-written docs/" + uri)
        file = File.generated(config, uri, content=page.markdown)
        if page.edit_path is not None:
            # MkDocs joins repo_url, edit_uri and this path, and resolves the "..".
            file.edit_uri = posixpath.relpath((root / page.edit_path).as_posix(), docs_dir.as_posix())
        files.append(file)
    return files


@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Return event pages sanitised before anything else (search included) sees them."""
    if page.file.src_uri.startswith("events/") and page.file.generated_by is not None:
        return sanitise(html)
    return html


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when a seed file or a template changes, as for docs/."""
    root = project_root(config)
    for folder in ("seeds", "templates"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
