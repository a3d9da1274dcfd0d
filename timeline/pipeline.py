"""Pipeline: read → check → model → render, the one path both doors (hook and CLI) take."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .export import ExportJob, Publication, exported_ids, plan_exports
from .markup import make_environment
from .parallel import collection_paused, default_workers, in_parallel
from .problems import Problem, ProblemsFound
from .render import PageJob, RenderedPage, plan_pages, render_page
from .seeds import ParseCache, check_seeds, event_id_of, read_seeds


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
    """Return the build's one date: SOURCE_DATE_EPOCH, else the last commit's time, else now."""
    epoch = source_date_epoch(root)
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


Work = PageJob | ExportJob
# What a share of the work gives back: a page, or data files and the event ids they list.
Made = RenderedPage | tuple[dict[str, bytes], dict[str, list[str]]]


def build_site_files(root: Path, templates_dir: Path, today: dt.date, publication: Publication,
                     cache: ParseCache | None = None, workers: int | None = None) -> SiteFiles:
    """Return the pages and exports made from `root/seeds`; raise ProblemsFound on any error.

    `workers` processes share the parsing, the pages and the data files (default: every core).
    """
    workers = default_workers() if workers is None else workers
    with collection_paused():
        seeds = read_seeds(root)
        timeline, problems = check_seeds(seeds, today, cache, workers)
        if timeline is None:
            raise ProblemsFound(problems)
        env = make_environment(templates_dir)
        planned = plan_pages(timeline, publication)
        # Shares are cut in this order by cost: this process takes the first (the data files,
        # timeline parts and sources), a worker the rest, which are mostly the pages that list
        # events (event, actor and tag pages), so that list entries are rendered in one process.
        listing = {"event.md.j2", "actor.md.j2", "tag.md.j2"}
        work: list[Work] = [*plan_exports(timeline, publication),
                            *(job for job in planned if job.template not in listing),
                            *(job for job in planned if job.template in listing)]

        def make(share: Sequence[Work]) -> list[Made]:
            made: list[Made] = []
            for job in share:
                if isinstance(job, PageJob):
                    made.append(render_page(env, job, timeline, publication))
                else:
                    files = job.make()
                    made.append((files, exported_ids(files)))  # read back where they are made
            return made

        results = [made for share in in_parallel(make, work, workers, lambda job: job.weight)
                   for made in share]
        made_by_job = dict(zip(map(id, work), results, strict=True))
        pages: dict[str, RenderedPage] = {}
        exports: dict[str, bytes] = {}
        broken: list[Problem] = []
        for job in work:
            made = made_by_job[id(job)]
            if isinstance(made, RenderedPage):
                assert isinstance(job, PageJob)
                pages[job.uri] = made
            else:
                assert isinstance(job, ExportJob)
                files, listed = made
                exports.update(files)
                broken.extend(_unlisted(job, listed))
        pages = {job.uri: pages[job.uri] for job in planned}  # in the planned order
    # Every event file has its page and its entry in every export, or nothing is published.
    ids = [event_id_of(seed) for seed in seeds.events]
    broken[:0] = [Problem(f"seeds/events/{i}.md", 1, 1, "this event file produced no page — "
                                                        "report this as a bug in build_timeline.py")
                  for i in ids if f"events/{i}.md" not in pages]
    if broken:
        raise ProblemsFound(broken)
    return SiteFiles(pages, exports, problems)


def _unlisted(job: ExportJob, listed: dict[str, list[str]]) -> list[Problem]:
    """Return a problem for each file of `job` that, read back, does not list its events."""
    return [Problem(name, 1, 1, f"{name} lists {len(listed.get(name, []))} events, not the "
                                f"{len(expected)} it should — report this as a bug in "
                                "build_timeline.py")
            for name, expected in job.lists.items() if sorted(listed.get(name, [])) != sorted(expected)]
