"""The MkDocs door: check the seeds before MkDocs touches `site/`, then add the pages in memory.

`mkdocs.yml` lists `build_timeline.py` under `hooks:`, which re-exports the `on_*` functions here.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import posixpath
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import babel.dates
import jinja2
import markdown
import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from . import serving  # serving.py: what `mkdocs serve` need not redo (MkDocs' own costs)
from . import sites
from .languages import LANGUAGE_NAMES, N_, TranslationSetting, language, translation_settings
from .markup import NARRATIVE_END, NARRATIVE_LANG, NARRATIVE_START
from .model import Timeline
from .paging import is_large
from .pipeline import (
    BuildCache,
    SiteFiles,
    build_site_files,
    build_time,
    check_day,
    epoch_pinned,
    render_site_files,
    templates_state,
)
from .preview import SearchEntries, in_seed_files, problems_html, remove_stale, replace_file, \
    with_problems
from .problems import Problem, ProblemsFound
from .render import RenderedPage
from .sanitise import narrative_headings, page_ids, render_narrative, sanitise
from .speed import set_aside_survivors
from .swap import Lock, SwapError, Target, acquire, check_place, describe, make_staging, \
    put_in_place, tidy
from .tree import EXTRA_KEY, build_date_extra
from .urls import EVENT_PAGES, PAGE_TEMPLATES, SEEDS, TEMPLATES, Publication, history_base, \
    language_prefix, newest_first_setting, published_path
from .urls import TAGS as TAGS_PAGE
from .vocabulary import counted

log = logging.getLogger("mkdocs.hooks.timeline")


class GeneratedFile(File):
    """A generated page or data file that knows whether it differs from the last build's."""

    changed: bool = True
    reused: bool = False  # last build's File (serving.py), its edit address already set

    def is_modified(self) -> bool:
        """Return True if the content changed (MkDocs asks this only in --dirty builds)."""
        return self.changed


class WarningCount(logging.Handler):
    """Counts the warnings MkDocs logs during a build (what `--strict` fails on)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count one warning or error."""
        self.count += 1


@dataclass
class HookState:
    """Everything the hook keeps: the build under way, and what `mkdocs serve` keeps between
    rebuilds (the seeds read, checked and rendered, a digest of every generated file, the last
    good timeline, the problems every page shows, every page's search entries), so that an edit
    costs what it changes and the preview never stops answering."""

    command: str = "build"
    serving: bool = False
    dirty: bool = False
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    exports: dict[str, bytes] = field(default_factory=dict)
    # The page MkDocs writes -> its event's seed path (one per language: a seed has several).
    event_pages: dict[str, str] = field(default_factory=dict)
    target: Target | None = None  # where the site goes (a build, not serve)
    staging: Path | None = None  # where it is built meanwhile
    lock: Lock | None = None  # held from on_config to the end of the command
    warnings: WarningCount = field(default_factory=WarningCount)
    cache: BuildCache = field(default_factory=BuildCache)
    # Each generated file's digest and the seed file it is made from (its Edit button), last build.
    digests: dict[str, tuple[bytes, str | None]] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)  # event page -> its narrative Markdown
    narrative_md: markdown.Markdown | None = None  # renders narratives, with the site's extensions
    # The preview (`mkdocs serve`), kept between rebuilds: the last timeline without errors, the
    # notice every page shows while the seeds have problems, the generated files the last
    # build wrote, and every page's search entries.
    last_good: SiteFiles | None = None
    shown: tuple[Problem, ...] = ()  # the problems every page shows, and what it shows meanwhile
    showing: str = ""
    notice: bytes = b""
    overrides: tuple[tuple[str, int, int], ...] | None = None  # the theme overrides, last build
    epoch_ours: bool = False  # SOURCE_DATE_EPOCH set by the hook (from git), not by the user
    replaced: int = 0  # generated files the last build made anew
    written: set[str] = field(default_factory=set)
    search: SearchEntries = field(default_factory=SearchEntries)
    search_plugin: object | None = None  # Material's, for this build
    search_seen: int = 0  # entries of its index already taken by a page
    # The languages (mkdocs.yml): the site's own (theme.language) and its translations; this
    # build's files, each translation's navigation, each language's settings for its pages.
    source_language: str = "en"
    translations: tuple[TranslationSetting, ...] = ()
    files: Files | None = None
    navs: dict[str, Navigation] = field(default_factory=dict)
    page_configs: dict[str, MkDocsConfig] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the codes of the languages the site is translated into."""
        return tuple(setting.code for setting in self.translations)

    def new_build(self) -> None:
        """Forget the last build's pages and start counting its warnings afresh."""
        self.pages, self.exports, self.event_pages = {}, {}, {}
        self.files, self.navs, self.page_configs = None, {}, {}
        self.narratives, self.narrative_md = {}, None
        self.search_plugin, self.search_seen = None, 0
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.removeHandler(self.warnings)
        self.warnings = WarningCount()
        mkdocs_log.addHandler(self.warnings)


# MkDocs loads the hook module once per process: one state, reset in on_config, which runs first
# in every build and every `mkdocs serve` rebuild.
STATE = HookState()

# A rebuild that made more files anew than this (a registry, mkdocs.yml or the date changed) is
# followed by a full garbage collection (0.6 s at 10,000 events): see speed.set_aside_survivors.
REPLACED_MANY = 1000

# What a build that cannot write site/ can do instead (the messages of swap.py).
ELSEWHERE = "build elsewhere with `mkdocs build -d DIR`"


def project_root(config: MkDocsConfig) -> Path:
    """Return the folder that holds mkdocs.yml, seeds/ and templates/."""
    return Path(config.config_file_path).resolve().parent


def _narrative_toc(fragment: str) -> list[AnchorLink]:
    """Return the toc entries of a sanitised narrative's headings, nested by level."""
    roots: list[AnchorLink] = []
    stack: list[AnchorLink] = []
    for level, anchor_id, text in narrative_headings(fragment):
        link = AnchorLink(text, anchor_id, level)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(link)
        stack.append(link)
    return roots


def _narrative_markdown(config: MkDocsConfig) -> markdown.Markdown:
    """Return the build's Markdown converter for narratives: the site's extensions, as MkDocs'."""
    if STATE.narrative_md is None:
        STATE.narrative_md = markdown.Markdown(extensions=config.markdown_extensions,
                                               extension_configs=config.mdx_configs or {})
    return STATE.narrative_md


def _add_to_toc(toc: TableOfContents, entries: list[AnchorLink]) -> None:
    """Put a narrative's headings under its page's "What happened" in the table of contents."""
    items = list(toc)
    while items:
        item = items.pop(0)
        if item.id == "what-happened":
            item.children.extend(entries)
            return
        items.extend(item.children)


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve` (a temp folder) or a build (written atomically)."""
    STATE.command = command
    STATE.serving = command == "serve"
    STATE.dirty = dirty


def _lock_site(config: MkDocsConfig) -> Target:
    """Return where the site goes, locked for this build, with what interrupted builds left
    removed (and the previous site put back if one was killed in mid-swap)."""
    target = Target(Path(config.site_dir).absolute(), "build", ELSEWHERE)
    try:
        check_place(target)
        if STATE.lock is None or STATE.lock.fd is None or STATE.lock.target != target:
            if STATE.lock is not None:
                STATE.lock.release()
            STATE.lock = acquire(target)
        restored, removed = tidy(STATE.lock)
    except SwapError as error:
        raise PluginError(str(error)) from None
    if restored:
        log.info(f"Put back the previous site at {target.final}, which an interrupted build had "
                 "moved aside")
    if removed:
        log.info(f"Removed {removed:,} folder(s) that interrupted builds left beside "
                 f"{target.final}")
    return target


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check and render every seed file before MkDocs empties `site/`; stop the build on errors
    (a preview goes on with the last good timeline, the errors shown on every page)."""
    STATE.new_build()
    # Locked first: a second build stops at once, and a site lost in mid-swap comes back even if
    # this build then fails.
    target = None if STATE.serving else _lock_site(config)
    root = project_root(config)
    if STATE.epoch_ours:
        # Set by this hook for the last build of a preview: a commit since then dates this one.
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    pinned = epoch_pinned()  # by the user, before this hook sets it for MkDocs
    built_at = build_time(root)
    # MkDocs dates the build (the sitemap, Material's footer) with SOURCE_DATE_EPOCH: the same date.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(built_at.timestamp()))
        STATE.epoch_ours = True
    if not config.repo_url:
        # Without a repository there is nothing to edit; MkDocs would warn on every page.
        config.edit_uri = None
    try:
        newest_first = newest_first_setting(dict(config.extra))
    except ValueError as error:
        if not STATE.serving:
            raise PluginError(str(error)) from None
        log.error(str(error))  # a preview goes on, oldest first
        newest_first = False
    try:
        STATE.translations = translation_settings(dict(config.extra))
    except ValueError as error:
        if not STATE.serving:
            raise PluginError(str(error)) from None
        log.error(str(error))  # a preview goes on, in one language
        STATE.translations = ()
    STATE.source_language = config.theme["language"]
    if STATE.translations:
        # Each translation's pages are in its own navigation (on_nav), not in MkDocs' one.
        folders = pathspec.GitIgnoreSpec.from_lines(
            f"/{language_prefix(code, STATE.source_language)}" for code in STATE.codes)
        config.not_in_nav = folders if config.not_in_nav is None else config.not_in_nav + folders
    publication = Publication(config.site_name, config.site_url, built_at,
                              config.use_directory_urls, newest_first,
                              history_base(config.repo_url, config.edit_uri),
                              language=STATE.source_language,
                              source_language=STATE.source_language, translations=STATE.codes)
    # The footer prints the build's date from here (templates cannot call Python in Zensical),
    # beside the settings given there (the timeline's order).
    given = config.extra.get(EXTRA_KEY)
    config.extra[EXTRA_KEY] = {**(given if isinstance(given, dict) else {}),
                               **build_date_extra(publication.built_at)}
    started = time.perf_counter()
    try:
        # No forked workers under `mkdocs serve`: its server threads would be forked along.
        built = build_site_files(root, root / PAGE_TEMPLATES, publication,
                                 STATE.cache if STATE.serving else None,
                                 1 if STATE.serving else None,
                                 check_day(publication.today, pinned),
                                 translations=STATE.translations)
    except ProblemsFound as found:
        for problem in found.problems:
            (log.error if problem.severity == "error" else log.info)(str(problem))
        if not STATE.serving:
            raise PluginError(str(found)) from None
        built, built_despite = _despite(found.problems, root, publication), True
    except Exception as error:  # noqa: BLE001 - under serve only: a raise would hang the preview
        if not STATE.serving:
            raise
        problem = _unexpected(error, root)
        log.error(str(problem))
        built, built_despite = _despite([problem], root, publication), True
    else:
        built_despite = False
        for problem in built.warnings:
            # Info, not warning: `mkdocs build --strict` must not start failing as the calendar
            # moves.
            log.info(str(problem))
        if STATE.serving:
            STATE.last_good = built
            _show(tuple(built.warnings), "")
    if STATE.serving:
        _serve_search(config)
        # After a rebuild that replaced many files, their old Files and Pages (cycles, set aside
        # with the rest) are collected too; else only what is new since the last one.
        set_aside_survivors(everything=STATE.replaced > REPLACED_MANY)
    if not built_despite:
        events = sum(1 for uri in built.pages if uri.startswith(EVENT_PAGES))
        log.info(f"Timeline: {counted(events, 'event')} checked, {counted(len(built.pages), 'page')} "
                 f"and {counted(len(built.exports), 'data file')} made in {time.perf_counter() - started:.2f} s")
    STATE.pages, STATE.exports = built.pages, built.exports
    if target is not None:
        # MkDocs empties site_dir and then writes page by page; build beside it and swap at the end,
        # so a build that fails halfway leaves the previous site exactly as it was.
        try:
            staging = STATE.staging = make_staging(target)
        except SwapError as error:
            raise PluginError(str(error)) from None
        STATE.target = target
        if STATE.dirty and target.final.is_dir():
            # A dirty build writes only what changed: it starts from a copy of the current site.
            try:
                shutil.copytree(target.final, staging, symlinks=True, dirs_exist_ok=True)
            except OSError as error:
                raise PluginError(describe(error, f"copying {target.final} for a dirty build",
                                           ELSEWHERE)) from None
        config.site_dir = str(staging)
    return config


def _fail(path: str, message: str) -> None:
    """Stop a build with `path: message`; in a preview, show it on every page instead (a raise
    would hold every request of MkDocs' server until the next save)."""
    if not STATE.serving:
        raise PluginError(f"{path}: {message}")
    problem = Problem(path, 1, 1, message)
    log.error(str(problem))
    _show(STATE.shown + (problem,), STATE.showing or "this preview shows it as well as it can")


def _show(problems: tuple[Problem, ...], showing: str) -> None:
    """Make these problems the ones every page of the preview shows at its top."""
    STATE.shown, STATE.showing = problems, showing
    STATE.notice = problems_html(problems, showing)


def _unexpected(error: Exception, root: Path) -> Problem:
    """Return what the preview says of an error that is not in a seed file: a template's, at its
    line, or a bug's (a raise would hold every request of MkDocs' server until the next save)."""
    if isinstance(error, jinja2.TemplateError):
        path, line = "templates/", 1
        if isinstance(error, jinja2.TemplateSyntaxError):
            if error.filename:
                found = Path(error.filename)
                path = found.relative_to(root).as_posix() if found.is_relative_to(root) else \
                    found.as_posix()
            line = error.lineno or 1
        return Problem(path, line, 1, f"the template cannot be used: {error.message} — correct "
                                      "the template and save")
    return Problem("build_timeline.py", 1, 1, f"the timeline could not be rebuilt "
                                              f"({type(error).__name__}: {error}) — report this "
                                              "as a bug in build_timeline.py; `make check` may say "
                                              "more")


def _despite(problems: list[Problem], root: Path, publication: Publication) -> SiteFiles:
    """Return what the preview shows while the seeds have errors: the last timeline without
    them (or, before there was one, an empty timeline), its pages noting every problem."""
    errors = sum(problem.severity == "error" for problem in problems)
    them = "it" if errors == 1 else "them"
    if STATE.last_good is not None:
        showing = f"this preview shows the timeline as it was before {them}"
        built = STATE.last_good
    else:
        showing = f"this preview shows no events until {them} {'is' if errors == 1 else 'are'} fixed"
        try:
            built = render_site_files(Timeline(()), [], root / PAGE_TEMPLATES, publication)
        except Exception:  # noqa: BLE001 - the templates are what is broken: no generated pages
            built = SiteFiles({}, {}, [])
    _show(tuple(problems), showing)
    where = "in the seed files" if in_seed_files(problems) else "to fix"
    log.error(f"{counted(errors, 'error')} {where} (listed above): "
              f"{showing}, with the {'error' if errors == 1 else 'errors'} at the top of every "
              "page, and reloads when you save a fix")
    return built


def _serve_search(config: MkDocsConfig) -> None:
    """Take over the search index of a preview: Material's search plugin would merge this
    build's entries into the last build's (wrongly, see preview.py); it writes only this build's,
    and on_post_build writes them all."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is not None and hasattr(plugin, "search_index_prev") \
            and hasattr(plugin, "search_index") and getattr(plugin.config, "enabled", True):
        plugin.search_index_prev = None
        STATE.search_plugin = plugin
    tags = config.plugins.get("material/tags") or config.plugins.get("tags")
    if tags is not None and hasattr(tags, "config") and hasattr(tags.config, "export"):
        # Its tags.json lists only the pages a dirty rebuild renders: none, rather than a wrong one.
        tags.config.export = False


def _generated(config: MkDocsConfig, uri: str, content: bytes,
               source: str | None = None) -> GeneratedFile:
    """Return a generated file, marked changed if its content differs from the previous build's."""
    # serving.py: a dirty `mkdocs serve` rebuild takes back last build's File (and Page) if unchanged.
    kept = serving.GENERATED.get(uri, content, source) if STATE.serving and STATE.dirty else None
    if isinstance(kept, GeneratedFile):
        kept.changed, kept.reused = False, True
        return kept
    file = GeneratedFile.generated(config, uri, content=content)
    assert isinstance(file, GeneratedFile)  # File.generated builds an instance of its class
    digest = serving.digest_of(content)
    # The seed file too: a file moved between folders has a new Edit button, the same content.
    file.changed = STATE.digests.get(uri) != (digest, source)
    STATE.digests[uri] = (digest, source)
    if STATE.serving and STATE.dirty:
        serving.GENERATED.put(uri, content, digest, source, file)  # serving.py
    return file


def _published_at(uri: str, directory_urls: bool) -> str:
    """Return the file MkDocs writes a generated page `uri` to (`events/<id>/index.html`)."""
    path = published_path(uri, directory_urls)
    return path + "index.html" if path.endswith("/") or not path else path


def _refuse_same_address(files: Files, config: MkDocsConfig, docs_dir: Path) -> None:
    """Refuse a hand-written file of docs/ that MkDocs would publish where a generated page or
    data file goes under another name (`docs/ko/events/<id>/index.md` for `ko/events/<id>.md`):
    its title and text would join the search index and the sitemap under the event's address.
    A preview leaves it out, the problem shown on every page."""
    taken = {_published_at(uri, config.use_directory_urls) for uri in STATE.pages}
    taken.update(STATE.exports)
    problems = []
    for file in list(files):
        if file.generated_by is not None or file.src_uri in STATE.pages \
                or file.src_uri in STATE.exports or file.dest_uri not in taken \
                or not Path(file.abs_src_path or "/").is_relative_to(docs_dir):
            continue
        problems.append(Problem(f"docs/{file.src_uri}", 1, 1,
                                f"docs/{file.src_uri} would be published at {file.dest_uri}, "
                                "where a page made from the seed files goes — remove or rename "
                                "it"))
        files.remove(file)
    _refuse(problems, "this preview leaves the hand-written file out")


def _refuse(problems: list[Problem], showing: str) -> None:
    """Stop a build at the first of these problems of docs/; in a preview, show them all on
    every page (saying what it shows meanwhile, unless it says so already)."""
    if not problems:
        return
    if not STATE.serving:
        raise PluginError(str(problems[0]).split(": ", 1)[1])
    for problem in problems:
        log.error(str(problem))
    _show(STATE.shown + tuple(problems), STATE.showing or showing)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages to MkDocs' files, in memory; refuse to shadow a hand-written page
    (a preview keeps the hand-written one, the problem shown on every page)."""
    docs_dir = Path(config.docs_dir).resolve()
    root = project_root(config)
    if STATE.serving:
        serving.skip_sitemap(config)  # serving.py (only now: before, the theme's files are listed)
    # serving.py: forgets last build's files if a setting changed (or the last build failed).
    settings_changed = serving.GENERATED.start(config)
    _refuse_same_address(files, config, docs_dir)
    shadowed = [uri for uri in (*STATE.pages, *STATE.exports) if uri in files.src_uris]
    _refuse([Problem(f"docs/{uri}", 1, 1, f"docs/{uri} is generated from the seed files — remove "
                                          f"or rename the hand-written docs/{uri}")
             for uri in shadowed], "this preview shows the hand-written page in its place")
    generated: list[GeneratedFile] = []
    for uri, page in STATE.pages.items():
        if uri in files.src_uris:  # get_file_from_path, without making a PurePath of each uri
            STATE.digests.pop(uri, None)  # shadowed (above): written again when it comes back
            serving.GENERATED.forget(uri)
            continue
        file = _generated(config, uri, page.content, page.edit_path)
        generated.append(file)
        # A preview checks the pages it writes (10,000 checks took 0.15 s of each rebuild).
        if _is_event_uri(uri) and page.edit_path is not None and \
                (file.changed or not STATE.serving):
            STATE.event_pages[file.dest_uri] = page.edit_path
        if page.edit_path is not None and not file.reused:
            # MkDocs joins repo_url, edit_uri and this path, and resolves the "..".
            file.edit_uri = posixpath.relpath((root / page.edit_path).as_posix(), docs_dir.as_posix())
        files.append(file)
    for uri, content in STATE.exports.items():
        if uri in files.src_uris:
            STATE.digests.pop(uri, None)  # shadowed (above): written again when it comes back
            serving.GENERATED.forget(uri)
            continue
        file = _generated(config, uri, content)
        generated.append(file)
        files.append(file)
    if STATE.serving:
        _preview_files(files, generated, config, settings_changed)
    return files


def _preview_files(files: Files, generated: list[GeneratedFile], config: MkDocsConfig,
                   settings_changed: bool) -> None:
    """Make a preview's dirty rebuild write what a full build would change: everything after an
    edit of mkdocs.yml or the theme overrides (or a failed build); the tags page (and, on a small
    timeline, every event page) whenever anything changed, since Material's tags plugin reads the
    tags of the pages it renders only; and remove what the last build wrote and this one does
    not."""
    custom_dir = config.theme.custom_dir
    overrides = templates_state(Path(custom_dir)) if custom_dir else ()
    if settings_changed or (STATE.overrides is not None and overrides != STATE.overrides):
        for file in files:
            file.is_modified = lambda: True  # type: ignore[method-assign]
        for file in generated:
            file.changed = True
    STATE.overrides = overrides
    # Files that replace others (the first build's replace none: nothing of theirs to collect).
    STATE.replaced = sum(file.changed for file in generated) if STATE.written else 0
    written = {file.dest_uri for file in files}
    if written != STATE.written or any(file.changed for file in generated):
        small = not is_large(sum(1 for uri in STATE.pages if uri.startswith(EVENT_PAGES)))
        for file in generated:
            own = _own_uri(file.src_uri)
            if own == TAGS_PAGE or (small and own.startswith(EVENT_PAGES)):
                file.changed = True
    remove_stale(Path(config.site_dir), STATE.written, written)
    STATE.written = written


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Return MkDocs' navigation, of the site's own language's pages; make each translation's
    from it, of its own pages (with their own previous and next), and each one's settings."""
    STATE.files = files
    if not STATE.translations:
        return nav
    STATE.page_configs[STATE.source_language] = _language_config(config, None)
    for setting in STATE.translations:
        STATE.navs[setting.code] = _translated_nav(nav, files, setting.code)
        STATE.page_configs[setting.code] = _language_config(config, setting)
    return nav


# The titles mkdocs.yml gives the hand-written pages (and `init` writes), for the catalog; the
# generated pages' titles are in it from their templates.
NAV_TITLES = (N_("Home"), N_("About"))
# The names mkdocs.yml gives the colour switch (theme.palette), for the catalog.
PALETTE_NAMES = (N_("Switch to dark mode"), N_("Switch to light mode"))


def _translated_nav(nav: Navigation, files: Files, code: str) -> Navigation:
    """Return the navigation of the language `code`: `nav`'s entries, each leading to its page in
    that language under its title in that language, those with no such page left out."""
    words = language(code)
    pages: list[Page] = []

    def translated(items: list[StructureItem], parent: Section | None) -> list[StructureItem]:
        found: list[StructureItem] = []
        for item in items:
            if isinstance(item, Page):
                there = files.get_file_from_path(sites.counterpart(
                    item.file.src_uri, STATE.source_language, code, STATE.source_language))
                if there is None or there.page is None:
                    continue
                page = there.page
                title = words.gettext(item.title) if item.title else None
                # A title the catalog does not know (a hand-written page's, in mkdocs.yml): the
                # translated page's own (its first heading).
                if title and (title != item.title or there.generated_by is not None):
                    page.title = title
                page.parent = parent
                pages.append(page)
                found.append(page)
            elif isinstance(item, Section):
                section = Section(words.gettext(item.title), [])
                section.parent = parent
                section.children = translated(item.children, section)
                if section.children:
                    found.append(section)
            elif isinstance(item, Link):
                link = Link(words.gettext(item.title), item.url)
                link.parent = parent
                found.append(link)
        return found

    items = translated(nav.items, None)
    for at, page in enumerate(pages):
        # Its neighbours in this navigation (Material's footer links).
        page.previous_page = pages[at - 1] if at else None
        page.next_page = pages[at + 1] if at + 1 < len(pages) else None
    translated_nav = Navigation(items, pages)
    home = files.get_file_from_path(sites.counterpart("index.md", STATE.source_language, code,
                                                      STATE.source_language))
    translated_nav.homepage = home.page if home is not None else None
    return translated_nav


def _language_config(config: MkDocsConfig, setting: TranslationSetting | None) -> MkDocsConfig:
    """Return the settings the pages of a language are rendered with (None: the site's own): its
    site's name and description, Material's labels in it (theme.language), the folder of its
    site for our overrides (`extra.timeline.prefix`)."""
    own = copy.copy(config)  # a new mapping of the same settings: 1 µs
    code = STATE.source_language if setting is None else setting.code
    extra = dict(config.extra)
    given = extra.get(EXTRA_KEY)
    extra[EXTRA_KEY] = {**(given if isinstance(given, dict) else {}),
                        "prefix": language_prefix(code, STATE.source_language)}
    own["extra"] = extra
    if setting is not None:
        words = language(code)
        # Our overrides' words (the footer, the feed's link), in this language; Material's own
        # come from its theme.language. The day as Babel writes it in full ("2026년 11월 22일").
        updated = extra[EXTRA_KEY].get("updated")
        if isinstance(updated, str):
            extra[EXTRA_KEY]["updated_text"] = babel.dates.format_date(
                dt.date.fromisoformat(updated), "long", locale=code)
        extra[EXTRA_KEY].update(last_updated=words.gettext("Last updated"),
                                made_with=words.gettext("Made with"),
                                all_events=words.gettext("all events"))
        theme = copy.deepcopy(config.theme)
        theme["language"] = setting.code
        # The colour switch's names are mkdocs.yml's (English), which Material prints as they are.
        for scheme in theme["palette"] if isinstance(theme["palette"], list) else ():
            toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
            label = toggle.get("name") if isinstance(toggle, dict) else None
            if isinstance(toggle, dict) and isinstance(label, str):
                toggle["name"] = words.gettext(label)
        own["theme"] = theme
        own["site_name"], own["site_description"] = setting.site_name, setting.site_description
    return own


def _alternates(src_uri: str, code: str) -> list[dict[str, str]]:
    """Return the language switch of the page `src_uri` (in the language `code`), as Material's
    `extra.alternate`: each language with the same page in it, or its home if it has none."""
    files = STATE.files
    assert files is not None  # on_nav runs before any page is rendered
    switch = []
    for other in (STATE.source_language, *STATE.codes):
        there = files.get_file_from_path(sites.counterpart(src_uri, code, other,
                                                           STATE.source_language)) \
            or files.get_file_from_path(language_prefix(other, STATE.source_language) + "index.md")
        if there is not None:
            switch.append({"name": LANGUAGE_NAMES[other], "lang": other, "link": there.url})
    return switch


@event_priority(110)  # before the tags plugin's (100), which lists every page's tags then
def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Return the theme's environment; under `mkdocs serve`, keeping compiled templates, and
    noting the pages this build goes through, in the order it builds them (for search); with
    translations, each tags page listing the pages of its own language."""
    if STATE.translations:
        _tags_per_language(config)
    if STATE.search_plugin is not None:
        STATE.search.begin([file.src_uri for file in
                            files.documentation_pages(inclusion=InclusionLevel.is_in_serve)],
                           {code: language_prefix(code, STATE.source_language)
                            for code in STATE.codes})
    return serving.reuse_compiled_templates(env) if STATE.serving else env  # serving.py


def _tags_per_language(config: MkDocsConfig) -> None:
    """Make Material's tags plugin list, on each page that lists tags (`<!-- material/tags -->`,
    tags.md), the pages of that page's language only: it lists every page of the build."""
    tags = config.plugins.get("material/tags") or config.plugins.get("tags")
    listings = getattr(tags, "listings", None)
    if listings is None or not hasattr(listings, "populate") or not hasattr(listings, "data"):
        return

    def populate_all(mappings: object, renderer: object) -> None:
        every = list(mappings)  # type: ignore[call-overload]
        for listing in listings.data:
            code = sites.page_language(listing.page.file.src_uri, STATE.codes,
                                       STATE.source_language)
            listings.populate(listing, [m for m in every if sites.page_language(
                m.item.file.src_uri, STATE.codes, STATE.source_language) == code], renderer)

    listings.populate_all = populate_all  # Material 9.8's ListingManager, called from its on_env
    closest = getattr(listings, "closest", None)
    if closest is None:
        return

    def closest_of_language(mapping: object) -> list[object]:
        # A page's tags link to the listing of its own language: both feature every tag, and
        # Material ranks them by the path they share with the page (none, for either), then by
        # the order of a set: an English page's tags linked to ko/tags/ in some builds.
        item = getattr(mapping, "item", None)
        file = getattr(item, "file", None)
        if file is None:
            return list(closest(mapping))
        code = sites.page_language(file.src_uri, STATE.codes, STATE.source_language)
        return [listing for listing in closest(mapping) if sites.page_language(
            listing.page.file.src_uri, STATE.codes, STATE.source_language) == code]

    listings.closest = closest_of_language


def _own_uri(uri: str) -> str:
    """Return a page's uri in its own language's site (`ko/events/<id>.md` -> `events/<id>.md`)."""
    if not STATE.translations:
        return uri
    code = sites.page_language(uri, STATE.codes, STATE.source_language)
    return sites.counterpart(uri, code, STATE.source_language, STATE.source_language)


def _is_event_uri(uri: str) -> bool:
    """Return True for the uri of an event's page, in any language."""
    return _own_uri(uri).startswith(EVENT_PAGES)


def _is_event_page(page: Page) -> bool:
    """Return True for a generated event page, in any language."""
    return _is_event_uri(page.file.src_uri) and page.file.generated_by is not None


@event_priority(100)
def on_page_markdown(markdown_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Return an event page's Markdown with its narrative taken out (rendered on its own later),
    so that nothing the narrative leaves open can take in the page's other sections."""
    if not _is_event_page(page):
        return markdown_text
    start = markdown_text.find(NARRATIVE_START)
    end = markdown_text.rfind(NARRATIVE_END)
    if start < 0 and end < 0:
        return markdown_text  # an event without a narrative
    if start < 0 or end < start:
        # Every other text of the page is escaped, so only a broken template gets here; rendering
        # the page whole would let the narrative take in the sections after it.
        _fail(page.file.src_uri, "the narrative's markers are missing or out of order — check "
                                 "templates/pages/event.md.j2 (the narrative filter)")
        return markdown_text.replace(NARRATIVE_START, "").replace(NARRATIVE_END, "")
    STATE.narratives[page.file.src_uri] = markdown_text[start + len(NARRATIVE_START):end]
    return markdown_text[:start + len(NARRATIVE_START)] + markdown_text[end + len(NARRATIVE_END):]


@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Return event pages sanitised before anything else (search included) sees them, with the
    narrative rendered in its place."""
    if not _is_event_page(page):
        return html
    narrative = STATE.narratives.pop(page.file.src_uri, None)
    before, marker, after = html.partition(NARRATIVE_START)
    if narrative is None:
        return sanitise(html)
    if not marker:
        _fail(page.file.src_uri, "the narrative's place was lost in the page's HTML, so it "
                                 "would not be published — check the Markdown extensions in "
                                 "mkdocs.yml (one of them dropped an HTML comment)")
        return sanitise(html)
    before, after = sanitise(before), sanitise(after)
    fragment = render_narrative(narrative, _narrative_markdown(config), page_ids(before + after))
    lang = page.meta.get(NARRATIVE_LANG)
    if isinstance(lang, str) and lang.isascii() and lang.isalpha():  # a language code, from render.py
        fragment = f'<div lang="{lang}">{fragment}</div>'
    if "<h" in fragment and page.toc is not None:
        _add_to_toc(page.toc, _narrative_toc(fragment))
    return before + fragment + after


@event_priority(-100)
def on_page_context(context: dict[str, object], page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, object]:
    """Return the page's context in its own language (its settings, navigation and language
    switch: Material's `<html lang>`, labels, site name and hreflang links follow them); keep, in a
    preview, the search entries the search plugin just made for this page."""
    plugin = STATE.search_plugin
    if plugin is not None:
        entries = plugin.search_index.entries  # type: ignore[attr-defined]
        STATE.search.take(page.file.src_uri, entries[STATE.search_seen:])
        STATE.search_seen = len(entries)
    if STATE.translations:
        code = sites.page_language(page.file.src_uri, STATE.codes, STATE.source_language)
        own = copy.copy(STATE.page_configs[code])
        own["extra"] = {**own["extra"], "alternate": _alternates(page.file.src_uri, code)}
        context["config"] = own
        if code != STATE.source_language:
            context["nav"] = STATE.navs[code]
    return context


# Material's settings for its script, in every page: `base`, the root of the page's site, is where
# it looks for the search index (and resolves what it finds).
_SCRIPT_CONFIG = '<script id="__config" type="application/json">'
_BASE = '"base": "'  # as Jinja's tojson writes it, keys sorted


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Return a translation's page with Material's search pointed at its language's index."""
    if not STATE.translations:
        return output
    code = sites.page_language(page.file.src_uri, STATE.codes, STATE.source_language)
    if code == STATE.source_language:
        return output
    start = output.find(_SCRIPT_CONFIG)
    end = output.find("</script>", start)
    key = output.find(_BASE, start, end) if start >= 0 else -1
    if key < 0:
        return output
    # The root of its language's site, ending in "/" (its script resolves the index against it).
    # Material writes `base` as a relative path ("../.."), which JSON writes as it is: replaced
    # in place (11 µs a page of 21 kB, against 34 µs to read and write the JSON again).
    value = key + len(_BASE)
    close = output.find('"', value)
    base = posixpath.join(output[value:close], language_prefix(code, STATE.source_language))
    return output[:value] + base + output[close:]


def on_template_context(context: dict[str, object], template_name: str,
                        config: MkDocsConfig) -> dict[str, object]:
    """Return sitemap.xml's context with each page's addresses in every language it is in
    (`alternates`: src_uri -> [(language, address)], templates/overrides/sitemap.xml)."""
    if template_name != serving.SITEMAP or not STATE.translations or STATE.files is None:
        return context
    files = STATE.files
    alternates: dict[str, list[tuple[str, str]]] = {}
    for file in files.documentation_pages():
        code = sites.page_language(file.src_uri, STATE.codes, STATE.source_language)
        found = []
        for other in (STATE.source_language, *STATE.codes):
            there = files.get_file_from_path(sites.counterpart(file.src_uri, code, other,
                                                               STATE.source_language))
            if there is not None and there.page is not None:
                found.append((other, there.page.canonical_url or there.page.abs_url or ""))
        if len(found) > 1:
            alternates[file.src_uri] = found
    context["alternates"] = alternates
    return context


def _write_search_index(config: MkDocsConfig) -> None:
    """Write the search index of each language, of its pages (a preview's: every page's entries,
    as a full build writes them)."""
    path = Path(config.site_dir) / sites.SEARCH_INDEX
    if (STATE.search_plugin is None and not STATE.translations) or not path.is_file():
        return
    try:
        written = path.read_bytes()
        if STATE.translations:
            # A preview's rebuild joins each language's from every page's entries; a build (and
            # a preview's first) splits the search plugin's.
            indexes = STATE.search.indexes(written) if STATE.search_plugin is not None else None
            if indexes is None:
                indexes = sites.search_indexes(written, STATE.codes, STATE.source_language)
            for name, data in indexes.items():
                (Path(config.site_dir) / name).parent.mkdir(parents=True, exist_ok=True)
                replace_file(Path(config.site_dir) / name, data)
        elif STATE.search_plugin is not None:
            index = STATE.search.index(written)
            if index is not None:
                replace_file(path, index)
    except (OSError, ValueError, KeyError) as error:
        if not STATE.serving:
            raise PluginError(f"the search index could not be written per language: {error}") \
                from None
        # A preview goes on with Material's own.
        log.warning(f"The preview's search index could not be completed ({error}); it lists only "
                    "the pages of this rebuild until the next one")


def on_post_build(config: MkDocsConfig) -> None:
    """Check that every event file has its page, then put the new site in place in one step (a
    preview writes its complete search index instead)."""
    missing = sorted({seed for dest, seed in STATE.event_pages.items()
                      if not (Path(config.site_dir) / dest).is_file()})
    if missing:
        _fail(missing[0], "these event files have no page in the built site, so nothing was "
                          f"published: {', '.join(missing)}")
    # After Material's search plugin has written its index (hooks run after plugins).
    _write_search_index(config)
    serving.GENERATED.written()  # serving.py: MkDocs has written every page
    if STATE.staging is None or STATE.target is None:
        return
    if config.strict and STATE.warnings.count:
        # MkDocs would abort right after this event, with the new site already in place.
        raise PluginError("warnings in strict mode (listed above); "
                          f"{STATE.target.final.name}/ was left as it was")
    try:
        put_in_place(STATE.target, STATE.staging)
    except SwapError as error:
        raise PluginError(f"{error}; {STATE.target.final.name}/ was left as it was") from None
    final = STATE.target.final
    config.site_dir = str(final)  # `mkdocs gh-deploy` publishes from here next.
    STATE.staging = None
    log.info(f"The new site is in place at {final}")


def on_build_error(error: Exception) -> None:
    """Throw away the half-built site (the previous one was never touched); turn a file-system
    failure while MkDocs wrote it (a full disk) into one line that says what to do."""
    serving.GENERATED.failed()  # serving.py: what the build made may not have been written
    # Nor may what changed: the next build must not take it for unchanged (and leave it unwritten).
    STATE.digests.clear()
    staging = STATE.staging
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
        STATE.staging = None
    written = _written(error, staging) if isinstance(error, OSError) else None
    if written is not None:
        assert isinstance(error, OSError) and STATE.target is not None  # set with the staging
        # Named where it was going, in site/ (the staging folder is gone).
        failed = OSError(error.errno, error.strerror, str(STATE.target.final / written))
        log.error(f"{describe(failed, 'writing the site', ELSEWHERE)}; "
                  f"{STATE.target.final.name}/ was left as it was")
        raise Abort("Aborted with a BuildError!") from None


def _written(error: OSError, staging: Path | None) -> Path | None:
    """Return the path in the staging folder that `error` failed to write, if it names one
    (a copy names its source first, then its destination)."""
    if staging is None:
        return None
    for name in (error.filename, error.filename2):
        if name is not None and Path(os.fsdecode(name)).is_relative_to(staging):
            return Path(os.fsdecode(name)).relative_to(staging)
    return None


def on_shutdown() -> None:
    """Let the next build have site/ (`mkdocs gh-deploy` keeps it while it publishes)."""
    if STATE.lock is not None and STATE.command != "gh-deploy":
        STATE.lock.release()
        STATE.lock = None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when a seed file or a template changes, as for docs/."""
    if STATE.lock is not None:
        # `serve --clean` starts as a build (MkDocs calls on_startup with "build"): its site is a
        # private temporary folder, which needs no lock, and the lock file would outlive it.
        STATE.lock.release()
        STATE.lock.target.lock_path.unlink(missing_ok=True)
        STATE.lock = None
    STATE.serving = True
    # Every HTML page the preview sends shows the seed files' problems at its top, read as it is
    # sent: pages a dirty rebuild did not write are shown with them too.
    app = server.get_app()
    if app is not None:
        server.set_app(with_problems(app, lambda: STATE.notice))
    root = project_root(config)
    for folder in (SEEDS, TEMPLATES):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    serving.move_watches(server)  # serving.py: inotify instead of polling where it sees all changes
    return server
