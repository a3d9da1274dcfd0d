"""Pipeline: read → check → model → render, the one path both doors (hook and CLI) take."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .problems import Problem, ProblemsFound
from .render import RenderedPage, render_pages
from .seeds import check_seeds, read_seeds


def build_pages(root: Path, templates_dir: Path, today: dt.date
                ) -> tuple[dict[str, RenderedPage], list[Problem]]:
    """Return the pages generated from `root/seeds` and the warnings; raise ProblemsFound on errors."""
    seeds = read_seeds(root)
    timeline, problems = check_seeds(seeds, today)
    if timeline is None:
        raise ProblemsFound(problems)
    pages = render_pages(timeline, templates_dir)
    # Every event file has its page, or nothing is published.
    missing = [seed.path for seed in seeds.events
               if f"events/{seed.path.rsplit('/', 1)[1]}" not in pages]
    if missing:
        raise ProblemsFound([Problem(path, 1, 1, "this event file produced no page — report this "
                                                 "as a bug in build_timeline.py") for path in missing])
    return pages, problems
