"""Helpers shared by the tests and by `make golden` (tests/regenerate.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from timeline.check import check_seeds
from timeline.pipeline import build_site_files
from timeline.problems import ProblemsFound
from timeline.read import SeedFile, Seeds, read_seeds
from timeline.urls import Publication

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
SMALL = TESTS / "fixtures" / "small"
CASES = TESTS / "cases"
GOLDEN = TESTS / "golden" / "small"
TEMPLATES = REPO / "templates" / "pages"
# A fixed "today", so that warnings about scheduled events do not change as the calendar moves.
TODAY = dt.date(2026, 11, 22)
# What a project needs besides its seeds: copied into temporary projects for real builds.
PROJECT_FILES = ("mkdocs.yml", "build_timeline.py", "timeline", "templates", "docs")


def case_seeds(case: Path) -> Seeds:
    """Return the small fixture's seeds with the case's files added or replacing theirs."""
    base = read_seeds(SMALL)
    events = {seed.path: seed for seed in base.events}
    registries = {"sources.yml": base.sources, "actors.yml": base.actors, "tags.yml": base.tags}
    strays = list(base.strays)
    for path in sorted(case.rglob("*")):
        if not path.is_file() or path.name == "expected.txt":
            continue
        relative = path.relative_to(case).as_posix()
        if relative in registries:
            registries[relative] = SeedFile(f"seeds/{relative}", path.read_bytes())
        elif relative.startswith("events/") and path.suffix == ".md":
            events[f"seeds/{relative}"] = SeedFile(f"seeds/{relative}", path.read_bytes())
        else:
            strays.append(f"seeds/{relative}")
    return Seeds(tuple(events[k] for k in sorted(events)), registries["sources.yml"],
                 registries["actors.yml"], registries["tags.yml"], tuple(strays))


def case_output(case: Path) -> str:
    """Return what `check` reports for a case, one problem per line."""
    _, problems = check_seeds(case_seeds(case), TODAY)
    return "".join(f"{problem}\n" for problem in problems)


# Where the fixture timeline pretends to be published, and when.
PUBLICATION = Publication("Small timeline", "https://timeline.example.org/small/",
                          dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC))


def build_small():
    """Return the small fixture's site files (pages, exports, warnings)."""
    try:
        return build_site_files(SMALL, TEMPLATES, PUBLICATION)
    except ProblemsFound as found:  # pragma: no cover - the fixture is valid
        raise AssertionError("\n".join(map(str, found.problems))) from None


def render_small() -> dict[str, str]:
    """Return the small fixture's generated pages as Markdown."""
    return {uri: page.markdown for uri, page in build_small().pages.items()}


def make_project(target: Path, seeds: Path = REPO / "seeds") -> Path:
    """Return a copy of the project in `target`, with the seeds taken from `seeds`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(seeds, target / "seeds")
    return target
