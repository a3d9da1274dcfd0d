"""Pipeline: read → check → model → render, the one path both doors (hook and CLI) take."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .export import Publication, exported_ids, render_exports
from .parallel import default_workers
from .problems import Problem, ProblemsFound
from .render import RenderedPage, render_pages
from .seeds import ParseCache, check_seeds, read_seeds


@dataclass(frozen=True)
class SiteFiles:
    """Everything the seeds become: Markdown pages, data exports, and the warnings found."""

    pages: dict[str, RenderedPage]
    exports: dict[str, bytes]
    warnings: list[Problem]


def build_time() -> dt.datetime:
    """Return SOURCE_DATE_EPOCH as a time (for reproducible builds), or now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def build_site_files(root: Path, templates_dir: Path, today: dt.date, publication: Publication,
                     cache: ParseCache | None = None, workers: int | None = None) -> SiteFiles:
    """Return the pages and exports made from `root/seeds`; raise ProblemsFound on any error.

    `workers` processes share the parsing and the event pages (default: every core available).
    """
    workers = default_workers() if workers is None else workers
    seeds = read_seeds(root)
    timeline, problems = check_seeds(seeds, today, cache, workers)
    if timeline is None:
        raise ProblemsFound(problems)
    pages = render_pages(timeline, templates_dir, publication, workers)
    exports = render_exports(timeline, publication)
    # Every event file has its page and its entry in every export, or nothing is published.
    ids = [seed.path.rsplit("/", 1)[1][: -len(".md")] for seed in seeds.events]
    broken = [Problem(f"seeds/events/{i}.md", 1, 1, "this event file produced no page — report "
                                                     "this as a bug in build_timeline.py")
              for i in ids if f"events/{i}.md" not in pages]
    for name, listed in exported_ids(exports).items():
        if sorted(listed) != sorted(ids):
            broken.append(Problem(name, 1, 1, f"{name} lists {len(listed)} events, not the "
                                              f"{len(ids)} event files — report this as a bug in "
                                              "build_timeline.py"))
    if broken:
        raise ProblemsFound(broken)
    return SiteFiles(pages, exports, problems)
