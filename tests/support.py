"""Helpers shared by the tests and by `make golden` (tests/regenerate.py).

The tests reach the package `timeline` through this module only: every import of it is in the
section below, and the pipeline is called through `check_with`, `build_files` and `run_cli`, so
that a change of its modules or signatures is adapted here, in one place.

Tests of the code run on the fixtures in tests/fixtures/ (see its README), dated TODAY and built at
BUILT_AT; only tests/test_content.py reads the real seeds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

# The package under test: its modules and the names the tests use. ------------------------------
from timeline import export
from timeline import fields as F
from timeline.check import SeedCache, check_seeds
from timeline.dates import DateError, format_event_date, format_span, format_year, parse_event_date
from timeline.daycount import date_of_day_number, iso_day, year_of_day_number
from timeline.export import FEED_ENTRIES
from timeline.fastyaml import compose_fast, depth_bound
from timeline import importers
from timeline.history import Change, last_changes, repository_head
from timeline.guide import ERA_EXAMPLE, EXAMPLE_EVENT, EXAMPLE_PATH, example_problems
from timeline.links import (
    MAX_REDIRECTS,
    STUCK_MAX,
    USER_AGENT,
    WORKERS,
    Outcome,
    addresses_of,
    check_addresses,
    link_problems,
    probe,
)
from timeline.load import (
    SeedHandler,
    _parse_events,
    decode_seed,
    parse_yaml,
    split_front_matter,
)
from timeline.markup import escape_markdown, make_environment
from timeline.render import plan_pages, render_page
from timeline import overview
from timeline.model import DatePoint, Era, Event, EventDate, Timeline, TranslationMark, edtf_year
from timeline.nodes import NULL_WORDS, Node, Scalar
from timeline.nodes import Mapping as YamlMapping
from timeline.paging import PAGE_EVENTS, timeline_parts
from timeline.languages import event_fingerprint
from timeline.pipeline import BuildCache, SiteFiles, build_site_files, build_time, check_timeline
from timeline.preview import PAGE_PROBLEMS_MAX, problems_html, with_notice
from timeline.quotes import Closest, Found, archive_text, find_quote, normalise
from timeline.check.quotes import read_lock
from timeline.problems import Problem, ProblemsFound
from timeline.read import SeedFile, Seeds, Unread, image_file, read_seeds, translation_of
from timeline.sanitise import render_narrative, sanitise
from timeline.sites import counterpart, page_language, search_indexes
from timeline.schema import json_schemas, schema_files
from timeline.serving import GeneratedFiles, TemplateCache, Watches, digest_of, move_watches, \
    needs_polling
from timeline.speed import map_in_parallel, set_aside_survivors
from timeline.tree import read_config
from timeline.urls import Publication, _relative_path, history_base

# -------------------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
SMALL = FIXTURES / "small"
# A frozen copy of the tariff timeline (tests/fixtures/README.md): real text, known counts.
TARIFFS = FIXTURES / "tariffs"
TRANSLATIONS = FIXTURES / "translations"  # overlays of SMALL: translation_fixtures()
# Eight events across the ages: deep time, years before 1 CE, unspecified digits, a season.
AGES = FIXTURES / "ages"
# Two events quoting three made-up reports, and their texts (.txt, .html, .md) in archive/.
QUOTES = FIXTURES / "quotes"
CASES = TESTS / "cases"
GOLDEN = TESTS / "golden" / "small"
TEMPLATES = REPO / "templates" / "pages"
# A fixed "today", so that warnings about scheduled events do not change as the calendar moves.
TODAY = dt.date(2026, 11, 22)
# When every fixture build is dated (SOURCE_DATE_EPOCH): the footer, the feeds, the sitemap and the
# "Awaiting update" badges of the built site never depend on the day the tests run.
BUILT_AT = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
SOURCE_DATE_EPOCH = str(int(BUILT_AT.timestamp()))
# The real seeds (tests/test_content.py) are checked and built on the day of this checkout's last
# commit, as the site they make is published: their corrections are dated up to that day
# (`updates:`), which a fixed day would one day precede.
REAL_EPOCH = str(int(build_time(REPO).timestamp()))
# Where the small fixture pretends to be published, and when.
PUBLICATION = Publication("Small timeline", "https://timeline.example.org/small/", BUILT_AT)
# The repository the tariffs builds pretend to live in (for the Edit buttons).
TEST_REPO_URL = "https://github.com/example-org/tariff-timeline"
# What a project needs besides its seeds: copied into temporary projects for real builds.
PROJECT_FILES = ("mkdocs.yml", "build_timeline.py", "timeline", "templates", "docs")


def event_ids(root: Path) -> list[str]:
    """Return the ids of the event files under `root/seeds/events`, in any folder not starting
    with ".", sorted (the file names; translation files are not events)."""
    events = root / "seeds" / "events"
    return sorted(p.stem for p in events.rglob("*.md")
                  if not any(part.startswith(".") for part in p.relative_to(events).parts)
                  and translation_of(p.name) is None)  # `<id>.ko.md` translates an event


# Checking and building in this process. -----------------------------------------------------------

@functools.cache
def _fixture_seeds(root: Path) -> Seeds:
    return read_seeds(root)


def translation_fixtures() -> dict[str, bytes]:
    """Return the translation fixtures as files for `check_with`: a Korean translation of the small
    fixture's summit (events/) and its four registries with Korean names (forms/)."""
    return {(path.relative_to(TRANSLATIONS / "forms").as_posix() if path.parent.name == "forms"
             else path.relative_to(TRANSLATIONS).as_posix()): path.read_bytes()
            for path in sorted(TRANSLATIONS.rglob("*.*")) if path.suffix in (".md", ".yml")}


def seeds_with(files: Mapping[str, bytes | None], root: Path = SMALL) -> Seeds:
    """Return the seeds under `root` with `files` added or replacing theirs.

    Keys are paths under seeds/: `events/2025-05-20-x.md`, `tags.yml`, `images/x.png` (an image
    file; None: a symbolic link there); any other path is a stray file, which the checker reports.
    """
    base = _fixture_seeds(root) if root.is_relative_to(FIXTURES) else read_seeds(root)
    events = {seed.path: seed for seed in (*base.events, *base.translations)}
    registries = {"sources.yml": base.sources, "actors.yml": base.actors, "tags.yml": base.tags,
                  "eras.yml": base.eras}
    strays = list(base.strays)
    images = dict(base.images)
    for relative, data in sorted(files.items()):
        if relative.startswith("images/"):
            name = relative.removeprefix("images/")
            images[name] = Unread(f"seeds/{relative}", "link") if data is None else \
                image_file(len(data), data[:F.IMAGE_HEAD_BYTES])
        elif data is None:
            raise ValueError(f"only images may be links: {relative}")
        elif relative in registries:
            registries[relative] = SeedFile(f"seeds/{relative}", data)
        elif relative.startswith("events/") and relative.endswith(".md"):
            events[f"seeds/{relative}"] = SeedFile(f"seeds/{relative}", data)
        else:
            strays.append(f"seeds/{relative}")
    return Seeds(tuple(events[k] for k in sorted(events) if translation_of(k) is None),
                 registries["sources.yml"], registries["actors.yml"], registries["tags.yml"],
                 tuple(strays), base.unread, images, registries["eras.yml"],
                 translations=tuple(events[k] for k in sorted(events)
                                    if translation_of(k) is not None))


def png_bytes(width: int, height: int, rgb: tuple[int, int, int] = (30, 90, 160)) -> bytes:
    """Return a PNG image of one colour, `width` by `height` pixels (made here, with zlib)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def check_with(files: Mapping[str, bytes | None] | None = None, root: Path = SMALL,
               workers: int = 1) -> tuple[Timeline | None, list[Problem]]:
    """Return the timeline (None on errors) and every problem `check` finds, on TODAY."""
    return check_seeds(seeds_with(files or {}, root), TODAY, workers=workers)


def case_seeds(case: Path) -> Seeds:
    """Return the small fixture's seeds with the case's files added or replacing theirs (a
    symbolic link under images/ is a link, never followed, as read_seeds sees it)."""
    return seeds_with({path.relative_to(case).as_posix():
                       None if path.is_symlink() else path.read_bytes()
                       for path in sorted(case.rglob("*"))
                       if (path.is_file() or path.is_symlink()) and path.name != "expected.txt"})


def case_output(case: Path) -> str:
    """Return what `check` reports for a case, one problem per line."""
    _, problems = check_seeds(case_seeds(case), TODAY)
    return "".join(f"{problem}\n" for problem in problems)


def build_files(root: Path = SMALL, workers: int | None = None,
                cache: BuildCache | None = None,
                publication: Publication = PUBLICATION) -> SiteFiles:
    """Return the pages, data files and warnings made from `root/seeds`, on TODAY, at BUILT_AT
    (with `cache`, as `mkdocs serve` rebuilds them).

    Raises ProblemsFound when the seeds (or the read-back of the data files) have errors.
    """
    return build_site_files(root, TEMPLATES, publication, cache, workers)


@functools.cache
def build_small() -> SiteFiles:
    """Return the small fixture's site files (pages, exports, warnings), made once per session."""
    try:
        return build_files(SMALL)
    except ProblemsFound as found:  # pragma: no cover - the fixture is valid
        raise AssertionError("\n".join(map(str, found.problems))) from None


def render_small() -> dict[str, str]:
    """Return the small fixture's generated pages as Markdown."""
    return {uri: page.markdown for uri, page in build_small().pages.items()}


# The command line. --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ran:
    """How a command ended: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(project: Path, *args: str, stdin: str | None = None,
            epoch: str | None = SOURCE_DATE_EPOCH) -> Ran:
    """Return how `python build_timeline.py ARGS` ends when run in `project`, on TODAY.

    Run in this process (the command line's own code, without starting Python again), on
    `project`'s seeds unless ARGS give `--root` (mkdocs.yml, templates and docs/ are this
    checkout's, the files every project copy has), the build dated BUILT_AT (so today is TODAY); `run_cli_process` starts a real process where that is what is tested.
    """
    from click.testing import CliRunner

    import build_timeline

    root = () if "--root" in args else ("--root", str(project))
    # The build's date, TODAY's, comes from SOURCE_DATE_EPOCH, which build_env() sets.
    with mock.patch.dict(os.environ, build_env(epoch=epoch), clear=True), \
            contextlib.chdir(project):
        result = CliRunner().invoke(build_timeline.cli, [*root, *args], input=stdin,
                                    catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_cli_process(project: Path, *args: str, stdin: str | None = None,
                    ) -> subprocess.CompletedProcess[str]:
    """Return the finished `python build_timeline.py ARGS` process run in `project`."""
    return subprocess.run([sys.executable, "build_timeline.py", *args], cwd=project,
                          env=build_env(), input=stdin, capture_output=True, text=True,
                          timeout=120)


# Reading what was built. -------------------------------------------------------------------------

def text_of(fragment: str) -> str:
    """Return the visible text of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def search(site: Path, *queries: str, index: str | None = None) -> dict[str, list[str]]:
    """Return, per query, the pages Material's own search worker finds, best first, in the
    index at `index` (a path in the site, `ko/search/search_index.json`; default the root's)."""
    where = ["--index", index] if index else []
    out = subprocess.run(["node", str(TESTS / "search_worker.js"), str(site), *where, *queries],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return {query: [group[0].split("#")[0] for group in groups]
            for query, groups in json.loads(out).items()}


def latest_ids(events: Sequence[dict[str, Any]]) -> list[str]:
    """Return the ids of events (as events.json lists them), latest first: the feeds' order."""
    return [e["id"] for e in sorted(events, key=lambda e: (e["date"]["start"],
                                                           e["date"]["end"] or "9999-12-31",
                                                           e["id"]), reverse=True)]


@contextlib.contextmanager
def time_bound(seconds: int, hint: str = "") -> Iterator[None]:
    """Raise TimeoutError in the block once it has run for `seconds` (a bound against hangs,
    not a timing); a test inside may set a longer one with signal.alarm."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s{hint}")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# Real projects and MkDocs. -----------------------------------------------------------------------

def make_project(target: Path, seeds: Path) -> Path:
    """Return a copy of the project in `target`, with the seeds copied from the folder `seeds`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(seeds, target / "seeds")
    return target


def copy_project(project: Path, target: Path) -> Path:
    """Return a copy of a project, its built site/ included, in `target`."""
    shutil.copytree(project, target, symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return target


def build_env(repo_url: str | None = None, epoch: str | None = SOURCE_DATE_EPOCH,
              **env_vars: str) -> dict[str, str]:
    """Return the environment of a build: none of the developer's TIMELINE_* settings, the
    repository URL given (or none), dated `epoch` (None: unset, so the hook dates it itself)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TIMELINE_") and k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", **env_vars)
    if repo_url:
        env["TIMELINE_REPO_URL"] = repo_url
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


class Build:
    """`mkdocs build --strict` of a project, running in the background until `site()` is asked."""

    def __init__(self, project: Path, repo_url: str | None = None,
                 epoch: str | None = SOURCE_DATE_EPOCH) -> None:
        self.project = project
        self._log = (project / "build.log").open("w+", encoding="utf-8")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
            env=build_env(repo_url, epoch), stdout=self._log, stderr=subprocess.STDOUT, text=True)

    def site(self) -> Path:
        """Return the built site, once the build has succeeded (fail if it did not)."""
        try:
            code = self._process.wait(timeout=600)
        finally:
            self._log.seek(0)
            log = self._log.read()
        if code != 0:
            raise AssertionError(f"mkdocs build --strict failed:\n{log}")
        return self.project / "site"

    def stop(self) -> None:
        """End the build if it still runs."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._log.close()


def mkdocs(project: Path, *args: str, repo_url: str | None = None, check: bool = True,
           epoch: str | None = SOURCE_DATE_EPOCH, **env_vars: str,
           ) -> subprocess.CompletedProcess[str]:
    """Return the finished `mkdocs ARGS` run in `project` (see build_env)."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project,
                            env=build_env(repo_url, epoch, **env_vars), capture_output=True,
                            text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs {' '.join(args)} failed:\n{result.stderr}")
    return result


# What the tests take from the package, besides the helpers above.
__all__ = [
    "AGES", "F", "Closest", "Found", "archive_text", "find_quote", "normalise", "read_lock", "edtf_year", "importers", "BuildCache", "DateError", "PAGE_PROBLEMS_MAX", "problems_html",
    "with_notice",
    "SeedCache", "check_seeds", "render_narrative", "sanitise", "time_bound", "EXAMPLE_EVENT", "EXAMPLE_PATH", "FEED_ENTRIES", "NULL_WORDS", "Node",
    "PAGE_EVENTS", "timeline_parts", "Problem", "ProblemsFound", "Publication", "Scalar", "SeedFile", "Seeds",
    "SeedHandler", "SiteFiles", "build_time", "read_config", "Timeline", "YamlMapping", "_parse_events", "_relative_path",
    "compose_fast", "decode_seed", "set_aside_survivors", "depth_bound", "escape_markdown", "example_problems", "export",
    "format_event_date", "format_span", "iso_day", "json_schemas", "make_environment", "map_in_parallel",
    "parse_event_date", "parse_yaml", "read_seeds", "schema_files", "split_front_matter",
    "GeneratedFiles", "TemplateCache", "Watches", "digest_of", "move_watches", "needs_polling",
    "overview", "ERA_EXAMPLE", "DatePoint", "Era", "Event", "EventDate", "format_year", "year_of_day_number",
    "date_of_day_number", "Change", "last_changes", "repository_head", "history_base",
    "MAX_REDIRECTS", "USER_AGENT", "Outcome", "addresses_of", "link_problems", "probe",
    "STUCK_MAX", "WORKERS", "check_addresses", "event_fingerprint", "check_timeline",
    "counterpart", "page_language", "search_indexes",
]


# The small fixture in Korean, localized by hand (as localize.py does): for the Korean templates. -----

GOLDEN_KO = TESTS / "golden" / "small-ko"
PUBLICATION_KO = dataclasses.replace(PUBLICATION, site_name="작은 타임라인", language="ko",
                                     translations=())
STATUSES_KO = ("translated", "outdated", "untranslated")


def korean_event(event: Event, status: str, body_translated: bool = True) -> Event:
    """Return `event` as the Korean site shows it with a translation of `status`."""
    mark = TranslationMark(status, "en", None if status == "untranslated" else  # type: ignore[arg-type]
                           f"{event.path.removesuffix('.md')}.ko.md",
                           body_translated and status != "untranslated")
    if status == "untranslated":
        return dataclasses.replace(
            event, translation=mark,
            accounts=tuple(dataclasses.replace(a, lang="en") for a in event.accounts),
            updates=tuple(dataclasses.replace(u, lang="en") for u in event.updates),
            images=tuple(dataclasses.replace(i, lang="en") for i in event.images))
    sources = tuple(dataclasses.replace(c, translation=f"{c.quote}의 번역 *별표* <b>")
                    if c.quote else c for c in event.sources)
    return dataclasses.replace(
        event, translation=mark, title=f"{event.title} (한국어)", summary="한국어 요약입니다.",
        body="한국어 서술입니다." if body_translated and event.body else event.body,
        sources=sources)


def korean_timeline() -> Timeline:
    """Return the small fixture's timeline localized by hand: its events translated, outdated
    and untranslated in turn."""
    timeline, problems = check_with()
    assert timeline is not None, problems
    events = tuple(korean_event(e, STATUSES_KO[n % 3]) for n, e in enumerate(timeline.events))
    return dataclasses.replace(timeline, events=events)


def render_korean(timeline: Timeline | None = None) -> dict[str, str]:
    """Return the Korean pages of the small fixture (localized by hand) as Markdown."""
    env = make_environment(TEMPLATES, "ko")
    return {page.uri: render_page(env, page, PUBLICATION_KO).markdown
            for page in plan_pages(timeline or korean_timeline(), PUBLICATION_KO)}
