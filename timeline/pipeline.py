"""Pipeline: read → check → model → render, the one path both doors (hook and CLI) take."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .check import ParseCache, check_seeds
from .model import Timeline
from .problems import Problem, ProblemsFound
from .read import read_seeds
from .speed import collection_paused, default_workers, map_in_parallel
from .urls import Publication, event_page

if TYPE_CHECKING:
    from .render import PlannedPage, RenderedPage

    # The work of a build: pages to render and data files to make; and what each one gives, a
    # page, or data files and the event ids they list (read back where they are made).
    Work = PlannedPage | Callable[[], dict[str, bytes]]
    Made = RenderedPage | tuple[dict[str, bytes], dict[str, list[str]]]


@dataclass(frozen=True)
class SiteFiles:
    """Everything the seeds become: Markdown pages, data exports, and the warnings found."""

    pages: dict[str, RenderedPage]
    exports: dict[str, bytes]
    warnings: list[Problem]


def source_date_epoch(root: Path) -> int | None:
    """Return SOURCE_DATE_EPOCH if set, else the last commit's time (git, in `root`), or None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return int(epoch)
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


def check_timeline(root: Path, today: dt.date, cache: ParseCache | None = None,
                   workers: int | None = None) -> tuple[Timeline, list[Problem]]:
    """Return the timeline read and checked from `root/seeds`, and its warnings; raise
    ProblemsFound on any error. `workers` processes share the parsing (default: every core)."""
    with collection_paused():
        timeline, problems = check_seeds(read_seeds(root), today, cache,
                                         default_workers() if workers is None else workers)
    if timeline is None:
        raise ProblemsFound(problems)
    return timeline, problems


def build_site_files(root: Path, templates_dir: Path, publication: Publication,
                     cache: ParseCache | None = None, workers: int | None = None) -> SiteFiles:
    """Return the pages and exports made from `root/seeds`; raise ProblemsFound on any error.

    `workers` processes share the parsing, then the pages and data files (default: every core).
    """
    # Imported here: `check` renders nothing, and these imports (Jinja2, the exporters) are about
    # a tenth of a second of a check that takes one or two.
    from .export import expected_listings, export_jobs, exported_ids
    from .markup import make_environment
    from .render import PlannedPage, plan_pages, render_page

    workers = default_workers() if workers is None else workers
    timeline, warnings = check_timeline(root, publication.today, cache, workers)
    env = make_environment(templates_dir)
    planned = list(plan_pages(timeline, publication))
    work: list[Work] = [*planned, *export_jobs(timeline, publication)]

    def make(item: Work) -> Made:
        if isinstance(item, PlannedPage):
            return render_page(env, item, timeline, publication)
        files = item()
        return files, exported_ids(files)  # read back where they are made

    with collection_paused():
        made = map_in_parallel(make, work, workers)
    pages = {page.uri: cast("RenderedPage", done) for page, done in zip(planned, made, strict=False)}
    exports: dict[str, bytes] = {}
    listed: dict[str, list[str]] = {}
    for done in made[len(planned):]:
        files, ids = cast("tuple[dict[str, bytes], dict[str, list[str]]]", done)
        exports.update(files)
        listed.update(ids)
    # Every event file has its page and its entry in every export, or nothing is published.
    broken = [Problem(event.path, 1, 1, "this event file produced no page — report this as a "
                                        "bug in build_timeline.py")
              for event in timeline.events if event_page(event.id) not in pages]
    for name, expected in expected_listings(timeline).items():
        if sorted(listed.get(name, [])) != sorted(expected):
            broken.append(Problem(name, 1, 1, f"{name} lists {len(listed.get(name, []))} events, "
                                              f"not the {len(expected)} it should — report this "
                                              "as a bug in build_timeline.py"))
    if broken:
        raise ProblemsFound(broken)
    return SiteFiles(pages, exports, warnings)
