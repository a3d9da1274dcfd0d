"""Pipeline: read → check → model → render, the one path both doors (hook and CLI) take."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .check import SeedCache, check_seeds
from .history import Change, last_changes, repository_head
from .languages import TranslationSetting
from .localize import coverage, localized
from .memo import NO_MEMO, EventMemo
from .model import Timeline
from .problems import Problem, ProblemsFound
from .read import read_image, read_seeds
from .speed import collection_paused, default_workers, map_in_parallel
from .urls import Publication, event_page, image_seed, image_uri

if TYPE_CHECKING:
    import jinja2

    from .render import PlannedPage, RenderedPage

    # The work of a build: pages to render and data files to make; and what each one gives, a
    # page, or data files and the event ids they list (read back where they are made).
    Work = tuple[int, PlannedPage | Callable[[], dict[str, bytes]]]  # with its site's number
    Made = RenderedPage | tuple[dict[str, bytes], dict[str, list[str]]]


@dataclass
class BuildCache:
    """What `mkdocs serve` keeps between rebuilds, so that an edit costs what it changes: the seed
    files parsed and checked, and every page as last rendered with what it showed.

    A page is rendered again only if its context differs from the last one's (they are frozen
    dataclasses, compared by value), or the templates or the publication changed. At 10,000
    events an edit of one event re-renders a few pages instead of 10,651, and a new event about
    thirty.
    """

    seeds: SeedCache = field(default_factory=SeedCache)
    # Each language's site's own (by language code): what is made from one event, the templates
    # compiled with its catalog, and what its pages were rendered with.
    memos: dict[str, EventMemo] = field(default_factory=dict)
    envs: dict[str, jinja2.Environment] = field(default_factory=dict)
    rendered_with: dict[str, tuple[Publication, tuple[tuple[str, int, int], ...]]] = \
        field(default_factory=dict)
    # Every page as last rendered, by its place in the site (`ko/events/<id>.md`).
    rendered: dict[str, tuple[PlannedPage, RenderedPage]] = field(default_factory=dict)
    # When each event file last changed, the commit it was read at and the paths asked for: read
    # again only when HEAD moves or a path was not asked for (git log takes about a second at
    # 10,000 files, see history.py; rev-parse 2 ms).
    history: tuple[str, frozenset[str], dict[str, Change]] | None = None


def templates_state(templates_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Return each template's path, modification time and size: what says a template changed."""
    found = []
    for path in sorted(templates_dir.rglob("*")):
        try:
            # lstat: an editor's lock file is a link to nowhere (emacs' .#name), or gone already.
            status = path.lstat()
        except OSError:
            continue
        found.append((path.as_posix(), status.st_mtime_ns, status.st_size))
    return tuple(found)


@dataclass(frozen=True)
class SiteFiles:
    """Everything the seeds become: Markdown pages, data exports, and the warnings found."""

    pages: dict[str, RenderedPage]
    exports: dict[str, bytes]
    warnings: list[Problem]


def source_date_epoch(root: Path) -> int | None:
    """Return SOURCE_DATE_EPOCH if set, else the last commit's time (git, in `root`), or None."""
    if epoch_pinned():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        found = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                               text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None  # No git (or no answer): the build is dated by the clock.
    stamp = found.stdout.strip()
    return int(stamp) if found.returncode == 0 and stamp.isdigit() else None


def build_time(root: Path) -> dt.datetime:
    """Return the build's one date and time: SOURCE_DATE_EPOCH, else the last commit's time (so
    that two builds of a commit are byte-identical), else now.

    The check (has a scheduled event's date passed?), the badges, the feeds and the footer all
    use it, through Publication.today.
    """
    epoch = source_date_epoch(root)
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def epoch_pinned() -> bool:
    """Return True if SOURCE_DATE_EPOCH is set (by the user: the hook sets it for MkDocs too, and
    says so to check_day itself)."""
    return os.environ.get("SOURCE_DATE_EPOCH", "").isdigit()


def check_day(build_day: dt.date, pinned: bool) -> dt.date:
    """Return the day the check takes as today: the build's day, or the clock's (UTC) when later,
    unless the build's day is `pinned` (by SOURCE_DATE_EPOCH).

    Pages and exports are dated by the build's day, the last commit's, so that two builds of a
    commit are the same bytes. The check prints nothing into them, and must not refuse an update
    or an archived copy dated today because the last commit is older: `make check`, the
    pre-commit hook and the preview run before the commit that adds them.
    """
    return build_day if pinned else max(build_day, dt.datetime.now(dt.UTC).date())


def check_timeline(root: Path, today: dt.date, cache: SeedCache | None = None,
                   workers: int | None = None, verify: bool = True
                   ) -> tuple[Timeline, list[Problem]]:
    """Return the timeline read and checked from `root/seeds`, and its warnings; raise
    ProblemsFound on any error. `workers` processes share the parsing (default: every core);
    `verify`: match the quotes to seeds/quotes.lock (see check_seeds)."""
    with collection_paused():
        timeline, problems = check_seeds(read_seeds(root, None if cache is None else cache.read),
                                         today, cache,
                                         default_workers() if workers is None else workers,
                                         verify)
    if timeline is None:
        raise ProblemsFound(problems)
    return timeline, problems


def build_site_files(root: Path, templates_dir: Path, publication: Publication,
                     cache: BuildCache | None = None, workers: int | None = None,
                     today: dt.date | None = None,
                     translations: tuple[TranslationSetting, ...] = ()) -> SiteFiles:
    """Return the pages and exports made from `root/seeds`; raise ProblemsFound on any error.

    `workers` processes share the parsing, then the pages and data files (default: every core).
    With a `cache` (kept by `mkdocs serve`), only what changed since its last build is parsed,
    checked and rendered again. `today` is the check's day (check_day; default: the build's).
    `translations`: the languages the site is published in besides its own (mkdocs.yml), each
    site under its folder (`ko/`).
    """
    workers = default_workers() if workers is None else workers
    timeline, warnings = check_timeline(root, publication.today if today is None else today,
                                        None if cache is None else cache.seeds, workers)
    history = file_history(root, timeline, cache)
    built = render_site_files(timeline, warnings, templates_dir, publication, cache, workers,
                              history, translations)
    built.exports.update(image_files(root, timeline))
    return built


def file_history(root: Path, timeline: Timeline, cache: BuildCache | None = None,
                 ) -> dict[str, Change]:
    """Return when each event file last changed, by path (history.last_changes); with a `cache`,
    the last answer while HEAD and the paths asked for hold it."""
    paths = frozenset(event.path for event in timeline.events)
    if cache is None:
        return last_changes(root, paths)
    head = repository_head(root)
    if head is None:
        cache.history = None
        return {}
    if cache.history is not None and cache.history[0] == head and paths <= cache.history[1]:
        return cache.history[2]
    found = last_changes(root, paths)
    cache.history = (head, paths, found)
    return found


def image_files(root: Path, timeline: Timeline) -> dict[str, bytes]:
    """Return every image the events show, by the site path it is served at (images/<file>);
    raise ProblemsFound if one changed since the check (the next build checks it again)."""
    files: dict[str, bytes] = {}
    changed: list[Problem] = []
    for event in timeline.events:
        for image in event.images:
            uri = image_uri(image.file)
            if uri in files:
                continue
            data = read_image(root, image.file)
            if data is None:
                changed.append(Problem(image_seed(image.file), 1, 1, "this picture changed or went "
                                                                     "while the site was built — "
                                                                     "build again"))
            else:
                files[uri] = data
    if changed:
        raise ProblemsFound(changed)
    return files


@dataclass(frozen=True)
class Site:
    """One language's site of a build: where it goes ("" or `ko/`), the timeline as it shows it,
    and its publication (its language and name)."""

    prefix: str
    timeline: Timeline
    publication: Publication


def sites_of(timeline: Timeline, publication: Publication,
             translations: tuple[TranslationSetting, ...]) -> tuple[Site, ...]:
    """Return the site in the timeline's own language, then one per translation, localized."""
    own = dataclasses.replace(publication, translations=tuple(s.code for s in translations)) \
        if translations else publication
    sites = [Site("", timeline, own)]
    for setting in translations:
        translated = dataclasses.replace(own, language=setting.code, site_name=setting.site_name)
        sites.append(Site(translated.prefix,
                          localized(timeline, setting.code, own.source_language), translated))
    return tuple(sites)


def render_site_files(timeline: Timeline, warnings: list[Problem], templates_dir: Path,
                      publication: Publication, cache: BuildCache | None = None,
                      workers: int = 1, history: dict[str, Change] | None = None,
                      translations: tuple[TranslationSetting, ...] = ()) -> SiteFiles:
    """Return the pages and exports of a checked timeline, in its own language and in each of
    `translations` (under `ko/`); raise ProblemsFound if one is missing.

    `workers` processes share the pages and data files; with a `cache`, only the pages whose
    context changed are rendered again. `history` says when each event file last changed.
    """
    # Imported here: `check` renders nothing, and these imports (Jinja2, the exporters) are about
    # a tenth of a second of a check that takes one or two.
    from .export import expected_listings, export_jobs, exported_ids
    from .markup import make_environment
    from .render import PlannedPage, plan_pages, render_page

    sites = sites_of(timeline, publication, translations)
    covered = tuple(coverage(timeline, setting.code) for setting in translations)
    work: list[Work] = []
    envs: list[jinja2.Environment] = []
    kept_sites: set[int] = set()  # the sites whose last rendering may be taken back
    for number, site in enumerate(sites):
        language = site.publication.language
        memo = NO_MEMO if cache is None else cache.memos.setdefault(language, EventMemo())
        with collection_paused():  # see speed.py: the cache of a preview holds millions of objects
            memo.begin(site.timeline, site.publication)
            work.extend((number, page) for page in plan_pages(site.timeline, site.publication,
                                                               memo, history, covered))
        work.extend((number, job) for job in export_jobs(site.timeline, site.publication, memo,
                                                         history, shared=not site.prefix))
        if cache is None:
            envs.append(make_environment(templates_dir, language))
            continue
        rendered_with = (site.publication, templates_state(templates_dir))
        env = cache.envs.get(language)
        if cache.rendered_with.get(language) == rendered_with and env is not None:
            kept_sites.add(number)
        else:
            # Compiling the templates again takes 0.2 s: kept while they stay the same. Nothing
            # rendered with others is kept (even if this rendering fails).
            env = cache.envs[language] = make_environment(templates_dir, language)
        cache.rendered_with[language] = rendered_with
        envs.append(env)
    last = {} if cache is None else cache.rendered

    def make(item: Work) -> Made:
        number, thing = item
        site = sites[number]
        if isinstance(thing, PlannedPage):
            kept = last.get(site.prefix + thing.uri) if number in kept_sites else None
            if kept is not None and kept[0] == thing:
                return kept[1]
            return render_page(envs[number], thing, site.publication)
        files = thing()
        # Read back where they are made; not in the preview, where at 10,000 events that is
        # 0.3 s of every edit (the build that publishes always does it).
        ids = exported_ids(files) if cache is None else {}
        return ({site.prefix + path: data for path, data in files.items()},
                {site.prefix + name: listed for name, listed in ids.items()})

    with collection_paused():
        made = map_in_parallel(make, work, workers)
    pages: dict[str, RenderedPage] = {}
    exports: dict[str, bytes] = {}
    listed: dict[str, list[str]] = {}
    rendered: dict[str, tuple[PlannedPage, RenderedPage]] = {}
    for (number, thing), done in zip(work, made, strict=True):
        if isinstance(thing, PlannedPage):
            uri = sites[number].prefix + thing.uri
            pages[uri] = cast("RenderedPage", done)
            rendered[uri] = (thing, pages[uri])
        else:
            files, ids = cast("tuple[dict[str, bytes], dict[str, list[str]]]", done)
            exports.update(files)
            listed.update(ids)
    if cache is not None:
        cache.rendered = rendered
    # Every event file has its page and its entry in every export, in every language, or nothing
    # is published.
    broken = [Problem(event.path, 1, 1, "this event file produced no page — report this as a "
                                        "bug in build_timeline.py")
              for site in sites for event in timeline.events
              if site.prefix + event_page(event.id) not in pages]
    for site in sites if cache is None else ():
        for name, expected in expected_listings(site.timeline).items():
            name = site.prefix + name
            if sorted(listed.get(name, [])) != sorted(expected):
                broken.append(Problem(name, 1, 1, f"{name} lists {len(listed.get(name, []))} "
                                                  f"events, not the {len(expected)} it should — "
                                                  "report this as a bug in build_timeline.py"))
    if broken:
        raise ProblemsFound(broken)
    return SiteFiles(pages, exports, warnings)

