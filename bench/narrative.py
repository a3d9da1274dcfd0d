"""`python -m bench.narrative [NAME ...]`: how long one event page takes to build, per narrative.

Each narrative in NARRATIVES (the adversarial ones found while bounding Markdown's work, each
inside every narrative limit) is put in a one-event project (the small fixture's registries and
one event file) and built with a real `mkdocs build` (our hook, Python-Markdown and the extensions
mkdocs.yml enables, nh3, Material's search index), a fresh process timed from outside. What the
page costs is that time less the same build with a one-line narrative. `check` runs first: a
narrative it refuses is reported as such and not built.

Figures (2026-12-01, a shared 2-core machine; page = build less the one-line build). Before the
heading limit: 9,980 "## a" lines in one block 60 s, 16,633 "#a" 234 s, 12,475 setext headings
462 s, 8,316 blank-separated headings 18 s (Material's search looks each heading up in the whole
table of contents). After: all refused; at the limit of 100 in one block 0.4-0.7 s CPU. Left: the
costs linear in elements, 1.2-1.6 s CPU (16,633 paragraphs, 12,475 list items, 12,475 table
rows) and 2.8 s for 1,020 lines of 16 chained "1. " (16,000 nested lists).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SMALL_SEEDS = REPO / "tests" / "fixtures" / "small" / "seeds"
PROJECT_FILES = ("mkdocs.yml", "build_timeline.py", "timeline", "templates", "docs")
HEAD = ("---\ntitle: Adversarial narrative\ndate: 2025-05-20\nsummary: One event.\n"
        "sources:\n  - source: daily-2025-05-13\n---\n")
FULL = 49_900  # characters: a narrative just inside NARRATIVE_MAX_CHARS (50,000)


def _fill(unit: str, total: int = FULL) -> str:
    """Return `unit` repeated to about `total` characters."""
    return unit * (total // len(unit))


# Within every documented limit (50,000 characters, 500 "[", 500 "<", indentation 32, quotes 8).
NARRATIVES: dict[str, str] = {
    "plain": "One line of narrative.\n",
    "prose": _fill("A sentence of the narrative, about the talks. "),
    "headings-one-block": _fill("## a\n"),
    "headings-no-space": _fill("#a\n"),
    "headings-apart": _fill("## a\n\n"),
    "setext-one-block": _fill("a\n=\n"),
    "rules-one-block": _fill("- - -\n"),
    "notes-one-block": _fill("!!! note\n"),
    "table-rows": "a|b\n-|-\n" + _fill("c|d\n"),
    "table-columns": "|".join("a" * 2000) + "\n" + "|".join("-" * 2000) + "\n" + _fill(
        "|".join("b" * 2000) + "\n", FULL - 8000),
    "pipes": _fill("|"),
    "list-items": _fill("- a\n"),
    "nested-lists": _fill("".join("    " * i + "- a\n" for i in range(8))),
    "short-paragraphs": _fill("a\n\n"),
    "hard-breaks": _fill("a  \n"),
    "emphasis-mix": _fill("_*"),
    "emphasis-words": _fill("*a_ "),
    "code-spans": _fill("`a"),
    "backslashes": _fill("\\"),
    "entities": _fill("&amp;"),
    "attr-lists": _fill("## a {: #x .y }\n\n"),
    "quotes": _fill("> " * 8 + "- a\n"),
    "markers-on-one-line": _fill("1. " * 16 + "a\n"),
    # At NARRATIVE_MAX_HEADINGS (100): in one block of lines, then the longest paragraph after.
    "headings-at-limit": "## a\n" * 100 + _fill("x", FULL - 500),
    "rules-at-limit": "- - -\n" * 100 + _fill("x", FULL - 600),
    "setext-at-limit": "a\n=\n" * 100 + _fill("x", FULL - 400),
}


def make_project(target: Path, narrative: str) -> Path:
    """Return a one-event project in `target` whose event has `narrative`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    seeds = target / "seeds"
    (seeds / "events").mkdir(parents=True)
    for registry in ("sources.yml", "actors.yml", "tags.yml"):
        shutil.copy2(SMALL_SEEDS / registry, seeds / registry)
    (seeds / "events" / "2025-05-20-adversarial.md").write_text(HEAD + narrative,
                                                                 encoding="utf-8")
    return target


def timed(project: Path, *command: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Return the CPU time (user and system) of `command` run in `project`, and how it ended.

    CPU time, not wall time: on a shared machine the wall time of a 3 s build varies by seconds.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795348800"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                            timeout=1200)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, result


def measure(name: str, narrative: str, baseline: float | None) -> float:
    """Print and return the build time of the one-event project with `narrative`."""
    with tempfile.TemporaryDirectory(prefix="narrative-") as folder:
        project = make_project(Path(folder), narrative)
        _, checked = timed(project, sys.executable, "build_timeline.py", "check")
        if checked.returncode != 0:
            last = (checked.stdout + checked.stderr).strip().splitlines()[:1]
            print(f"{name:22} {len(narrative):6,} chars  refused by check: {' '.join(last)[:150]}")
            return 0.0
        seconds, built = timed(project, sys.executable, "-m", "mkdocs", "build", "--strict")
        page = "" if baseline is None else f"  page {seconds - baseline:6.2f} s"
        state = "ok" if built.returncode == 0 else "BUILD FAILED: " + built.stderr[-200:]
        print(f"{name:22} {len(narrative):6,} chars  build {seconds:6.2f} s CPU{page}  {state}",
              flush=True)
        return seconds


def main() -> None:
    """Time the narratives named on the command line (all of them by default)."""
    names = sys.argv[1:] or list(NARRATIVES)
    baseline = min(measure("plain", NARRATIVES["plain"], None) for _ in range(2))
    for name in names:
        if name != "plain":
            measure(name, NARRATIVES[name], baseline)


if __name__ == "__main__":
    main()
