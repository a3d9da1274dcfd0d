#!/usr/bin/env python3
"""The timeline's command line, and the MkDocs hook that `mkdocs.yml` lists.

    python build_timeline.py check             check every seed file, build nothing
    python build_timeline.py new TITLE DATE    write a new event file, checked, from a title and date
    python build_timeline.py translate EVENT_ID [--lang ko]
                                               write the event's translation file, to fill in
    python build_timeline.py render --out DIR  write a standalone project (mkdocs.yml, docs/ with
                                               every generated page, overrides/) to DIR
    python build_timeline.py serve [--port N]  preview the site, rebuilding as files change
    python build_timeline.py links             ask for every source and actor address over the web
    python build_timeline.py init DIR          make a new, empty timeline in DIR, with this tool
    python build_timeline.py import timelinejs FILE.json   write event files (and registry entries)
    python build_timeline.py import csv FILE.csv           from a TimelineJS timeline or its sheet
    python build_timeline.py verify-quotes [--archive DIR] [--check]
                                               find every quote in the archived text of its
                                               source, and record where in seeds/quotes.lock

Run it with the Python that has requirements.txt installed: `.venv/bin/python build_timeline.py`,
or the `make` targets, which set up .venv first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import logging
import os
import re
import socket
import stat
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

try:
    import click
    import yaml  # noqa: F401  (what `check` needs first, after Click)
except ImportError as missing:  # a Python without requirements.txt: one line, not a traceback
    sys.exit(f"build_timeline.py needs the packages in requirements.txt, and this Python "
             f"({sys.executable}) lacks {missing.name or 'them'} — run `make check` (it sets up "
             ".venv), or `.venv/bin/python build_timeline.py …`")

from timeline.dates import DateError
from timeline.fields import IMAGE_MAX_BYTES, IMPORT_MAX_BYTES, LOCK_TEMPORARY_STALE_SECONDS
from timeline.importers import (
    ImportRefused,
    Options,
    checked_plan,
    counts_line,
    read_sheet_csv,
    read_timelinejs,
    write_plan,
)
from timeline.links import (
    DEFAULT_TIMEOUT,
    Address,
    link_problems,
    registry_addresses,
    summary,
    timed_check,
)
from timeline.languages import SOURCE_LANGUAGE, TranslationSetting, translation_settings
from timeline.load import decode_seed, parse_yaml
from timeline.nodes import Mapping
from timeline.pipeline import (
    SiteFiles,
    build_site_files,
    build_time,
    check_day,
    check_timeline,
    epoch_pinned,
)
from timeline.preview import replace_file
from timeline.problems import Problem, ProblemsFound, github_annotation, output_line
from timeline.check.quotes import (
    Archived,
    archive_problem,
    lock_bytes,
    read_lock,
    text_hash,
    verify_quotes,
)
from timeline.check.seeds import check_seeds, unread_problem
from timeline.check.values import suggest
from timeline.languages import TRANSLATION_LANGUAGES
from timeline.quotes import archive_text
from timeline.read import SeedFile, Unread, read_archive, read_quotes_lock, read_seeds, \
    unusable_folder
from timeline.scaffold import FolderError, NewEvent, event_folder, scaffold
from timeline.starter import StarterError, start_timeline, target_problem, title_problem
from timeline.translating import translation_stub
from timeline.tree import TreeError, check_target, read_config, tree_files, write_tree
from timeline.urls import (
    ACTORS_FILE,
    ARCHIVE_FOLDER,
    EVENTS_FOLDER,
    PAGE_TEMPLATES,
    QUOTES_LOCK,
    SOURCES_FILE,
    TAGS_FILE,
    Publication,
    event_id_of,
    history_base,
    newest_first_setting,
    translation_seed,
)
from timeline.vocabulary import DEFAULT_IMPORTANCE, DEFAULT_STATUS, IMPORTANCE, STATUSES, counted

if __name__ != "__main__":
    # Loaded by MkDocs, which `mkdocs.yml` lists this file for as a hook (the command line has no
    # use for MkDocs and its plugins, which take a third of a second to import).
    from timeline.hook import (  # noqa: F401
        on_build_error,
        on_config,
        on_env,
        on_files,
        on_nav,
        on_page_content,
        on_page_context,
        on_page_markdown,
        on_post_build,
        on_post_page,
        on_serve,
        on_shutdown,
        on_startup,
        on_template_context,
    )

ROOT = Path(__file__).resolve().parent
TEMPLATES = ROOT / PAGE_TEMPLATES


def _report(problems: list[Problem], ok_line: str | None, github: bool = False) -> None:
    """Print problems one per line on stderr (or as GitHub annotations), then a summary."""
    for problem in problems:
        if github:
            # Workflow commands are read from standard output.
            click.echo(github_annotation(problem))
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(f"{counted(errors, 'error')}, {counted(warnings, 'warning')}: nothing was "
                   "written.", err=True)
    elif ok_line:
        click.echo(ok_line + (f" ({counted(warnings, 'warning')})" if warnings else ""))


def _publication(root: Path) -> tuple[dict[str, Any], Publication, tuple[TranslationSetting, ...]]:
    """Return mkdocs.yml's settings, where and when the site made from `root` is published, and
    the languages it is published in besides its own."""
    try:
        config = read_config(ROOT / "mkdocs.yml")  # `!ENV` values (TIMELINE_SITE_URL) resolved
    except TreeError as error:
        click.echo(output_line(str(error)), err=True)
        sys.exit(1)
    try:
        newest_first = newest_first_setting(config.get("extra"))
        translations = translation_settings(config.get("extra"))
    except ValueError as error:
        click.echo(output_line(str(error)), err=True)
        sys.exit(1)
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    language = language if isinstance(language, str) else SOURCE_LANGUAGE
    return config, Publication(config["site_name"], config.get("site_url") or None,
                               build_time(root), config.get("use_directory_urls", True),
                               newest_first,
                               history_base(config.get("repo_url"), config.get("edit_uri")),
                               language, language), translations


def _build_or_exit(root: Path, publication: Publication,
                   translations: tuple[TranslationSetting, ...] = ()) -> SiteFiles:
    """Return the site files made from `root/seeds` (in each of `translations` too), or report
    every problem and exit 1."""
    try:
        return build_site_files(root, TEMPLATES, publication,
                                today=check_day(publication.today, epoch_pinned()),
                                translations=translations)
    except ProblemsFound as found:
        _report(found.problems, None)
        sys.exit(1)


@click.group()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=ROOT,
              show_default="the folder of build_timeline.py",
              help="Folder holding the seeds/ to read.")
@click.pass_context
def cli(context: click.Context, root: Path) -> None:
    """Check the timeline's seed files and turn them into Markdown pages."""
    context.obj = root


@cli.command()
@click.option("--format", "output", type=click.Choice(["text", "github"]), default="text",
              show_default=True,
              help="github: also print each problem as a GitHub Actions annotation.")
@click.pass_obj
def check(root: Path, output: str) -> None:
    """Check every seed file and report every problem; exit 1 if any is an error."""
    github = output == "github"
    try:
        timeline, warnings = check_timeline(root, check_day(build_time(root).date(), epoch_pinned()))
    except ProblemsFound as found:
        _report(found.problems, None, github)
        sys.exit(1)
    translated = sum(map(len, timeline.translations.values()))
    checked = counted(len(timeline.events), "event") + \
        (f" and {counted(translated, 'translation')}" if translated else "")
    _report(warnings, f"{checked} checked: no errors."
                      + ("" if timeline.events else " Add the first with `make new`."), github)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The new timeline's title, shown on every page (asked for if "
                              "missing).")
def init(folder: Path, title: str | None) -> None:
    """Make a new, empty timeline in FOLDER (new, or empty), with this timeline's tool.

    Nothing of this timeline's content goes with it; nothing is ever overwritten.
    """
    # Said before the title is asked for: no one types a title for a folder that cannot be used.
    refused = target_problem(folder, ROOT)
    if refused is None and not title:
        title = click.prompt("Title (shown on every page)")
    refused = refused or title_problem(title or "")
    try:
        if refused is not None:
            raise StarterError(refused)
        started = start_timeline(ROOT, folder, title or "")
    except StarterError as error:
        click.echo(output_line(f"init: {error}"), err=True)
        sys.exit(1)
    click.echo(output_line(f"Made the timeline \"{(title or '').strip()}\" in {started.folder} "
                           f"({started.files} files). Next: cd {started.folder} && make serve; "
                           "its README.md says how to add the first event."))


@cli.command()
@click.argument("title", required=False)
@click.argument("date", required=False)
@click.option("--summary", help="One plain sentence saying what happened (asked for if missing).")
@click.option("--source", "sources", multiple=True,
              help=f"Id of a report in {SOURCES_FILE}; repeat for several (asked for if missing).")
@click.option("--tag", "tags", multiple=True, help=f"Id of a tag in {TAGS_FILE}; repeatable.")
@click.option("--actor", "actors", multiple=True, help=f"Id of an actor in {ACTORS_FILE}; repeatable.")
@click.option("--place", help="Where it happened.")
@click.option("--importance", type=click.IntRange(min(IMPORTANCE), max(IMPORTANCE)),
              default=DEFAULT_IMPORTANCE, show_default=True,
              help=", ".join(f"{level} {name}" for level, name in IMPORTANCE.items()) + ".")
@click.option("--status", type=click.Choice(STATUSES), default=DEFAULT_STATUS, show_default=True)
@click.option("--folder", help=f"Folder under {EVENTS_FOLDER} to write the file in, such as 2025 "
                               "(made if missing). Default: the folder of its year if every event "
                               f"is in a folder and some are in year folders ({EVENTS_FOLDER}2025/),"
                               f" else {EVENTS_FOLDER} itself.")
@click.pass_obj
def new(root: Path, title: str | None, date: str | None, summary: str | None,
        sources: tuple[str, ...], tags: tuple[str, ...], actors: tuple[str, ...], place: str | None,
        importance: int, status: str, folder: str | None) -> None:
    """Write a new, checked event file named after DATE and TITLE; never overwrite one.

    TITLE, DATE, the summary and the sources are asked for when not given (an empty TITLE or
    DATE counts as not given: `make new` passes what its TITLE and DATE hold).
    """
    try:
        asked = None if folder is None else event_folder(folder)
    except FolderError as error:
        click.echo(output_line(f"--folder: {error}"), err=True)
        sys.exit(1)
    seeds = read_seeds(root)
    if not title:
        title = click.prompt("Title (one line saying what happened)")
    if not date:
        date = click.prompt("Date (YYYY-MM-DD, or YYYY-MM or YYYY if the day is not known)")
    if summary is None:
        summary = click.prompt("Summary (one plain sentence)")
    if not sources:
        known = ", ".join(sorted(_registry_ids(seeds.sources))) or "none yet"
        sources = tuple(click.prompt(f"Source id (known: {known})").split())
    request = NewEvent(title, date, summary, sources, tags, actors, place, importance, status)
    try:
        path, text, problems = scaffold(request, seeds, check_day(build_time(root).date(), epoch_pinned()), asked)
    except DateError as error:
        click.echo(output_line(f"DATE: {error}"), err=True)
        sys.exit(1)
    # Before anything is looked up in it: a linked folder is never followed, nor written through.
    refused = unusable_folder(root, path.removeprefix(EVENTS_FOLDER).rpartition("/")[0])
    if refused is not None:
        click.echo(str(unread_problem(refused)), err=True)
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    target = root / path
    if target.exists():
        click.echo(f"{output_line(path)} already exists — edit it, or give the new event a different title",
                   err=True)
        sys.exit(1)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo("Nothing was written: fix the values above and run the command again.", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as file:  # "x": never replace a file made meanwhile
        file.write(text)
    click.echo(f"Wrote {path}. Add tags, actors, quotes and the narrative, then run "
               "`make check`.")


@cli.command()
@click.argument("event_id", required=False)
@click.option("--lang", "language", type=click.Choice(TRANSLATION_LANGUAGES),
              default=TRANSLATION_LANGUAGES[0], show_default=True,
              help="The language to translate it into.")
@click.pass_obj
def translate(root: Path, event_id: str | None, language: str) -> None:
    """Write the translation file of the event EVENT_ID beside it, to fill in; never replace one.

    Each field to translate is left empty under its English, so that `check` lists what is still
    missing; `translated_from:` is set to the text it follows (an empty EVENT_ID counts as not
    given: `make translate` passes what its EVENT holds).
    """
    if not event_id:
        event_id = click.prompt("Event id (its file name without .md)")
    seeds = read_seeds(root)
    seed = next((seed for seed in seeds.events if event_id_of(seed.path) == event_id), None)
    if seed is None:
        close = suggest(event_id, frozenset(event_id_of(seed.path) for seed in seeds.events))
        hint = f'did you mean "{close}"?' if close else \
            f"give the id of an event in {EVENTS_FOLDER} (its file name without .md)"
        click.echo(output_line(f'translate: there is no event "{event_id}" — {hint}'), err=True)
        sys.exit(1)
    path = translation_seed(seed.path, language)
    target = root / path
    if os.path.lexists(target):
        click.echo(f"{output_line(path)} already exists — edit it; `make check` says what it "
                   "still lacks and whether the event changed since it was translated", err=True)
        sys.exit(1)
    # The fingerprint is of the checked event (its accounts as the registries make them); the
    # translations are not checked: another one being written must not stop this one.
    timeline, problems = check_seeds(dataclasses.replace(seeds, translations=()),
                                     check_day(build_time(root).date(), epoch_pinned()))
    if timeline is None:
        _report(problems, None)
        click.echo("Fix these first: a translation follows the checked event.", err=True)
        sys.exit(1)
    event = timeline.event(event_id)
    with target.open("x", encoding="utf-8") as file:  # "x": never replace a file made meanwhile
        file.write(translation_stub(event, language))
    click.echo(output_line(f"Wrote {path}. Write each field in place of the English shown above "
                           "it, and the narrative after the closing ---, then run `make check`."))


def _registry_ids(seed: SeedFile | None) -> list[str]:
    """Return the top-level ids of a registry file, or none if it cannot be read."""
    if seed is None:
        return []
    decoded = decode_seed(seed.path, seed.data)
    node, _ = parse_yaml(seed.path, decoded.text) if decoded.text is not None else (None, ())
    return [key.value for key, _ in node.items] if isinstance(node, Mapping) else []


@cli.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write; replaced only if empty or made by an earlier render.")
@click.pass_obj
def render(root: Path, out: Path) -> None:
    """Write to OUT a project that `mkdocs build` and `zensical build` build without our hook."""
    out = out.resolve()
    try:
        check_target(out)
    except TreeError as error:
        click.echo(output_line(str(error)), err=True)
        sys.exit(2)
    config, publication, translations = _publication(root)
    built = _build_or_exit(root, publication, translations)
    try:
        write_tree(out, tree_files(ROOT, config, built, publication.built_at))
    except TreeError as error:
        click.echo(output_line(str(error)), err=True)
        sys.exit(1)
    _report(built.warnings, f"Wrote {len(built.pages)} generated pages, {len(built.exports)} data "
                            f"files, docs/, overrides/ and mkdocs.yml to {out}.")


@cli.command()
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=DEFAULT_TIMEOUT,
              show_default=True,
              help="Seconds each address may take, everything included: name lookup, "
                   "connecting, HEAD, GET and every redirect.")
@click.option("--format", "output", type=click.Choice(["text", "github"]), default="text",
              show_default=True,
              help="github: also print each problem as a GitHub Actions annotation.")
@click.pass_obj
def links(root: Path, timeout: float, output: str) -> None:
    """Ask for every source's and actor's address over the web; exit 1 if one is dead and has
    no archived copy. Never run by the build: nothing offline needs it."""
    seeds = read_seeds(root)
    addresses: list[Address] = []
    problems = [unread_problem(unread) for unread in seeds.unread
                if unread.path in (SOURCES_FILE, ACTORS_FILE)]
    for seed, what in ((seeds.sources, "source"), (seeds.actors, "actor")):
        if seed is not None:
            listed, unreadable = registry_addresses(seed, what)  # type: ignore[arg-type]
            addresses += listed
            problems += unreadable
    if problems:
        _report(problems, None, output == "github")
        click.echo("Fix these first (`make check` says the same), then run `links` again.",
                   err=True)
        sys.exit(1)
    if not addresses:
        click.echo(f"No address to check: {SOURCES_FILE} and {ACTORS_FILE} have no url.")
        return
    outcomes, seconds = timed_check(addresses, timeout)
    found = link_problems(addresses, outcomes)
    for problem in found:
        if output == "github":
            click.echo(github_annotation(problem))
        click.echo(str(problem), err=True)
    click.echo(output_line(summary(outcomes, seconds)))
    if any(problem.severity == "error" for problem in found):
        sys.exit(1)


def _read_input(path: Path, limit: int) -> bytes | str:
    """Return the bytes of a regular file (at most `limit` + 1 of them), or why it cannot be read."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return "it is a symbolic link, which an import never follows"
        if not stat.S_ISREG(info.st_mode):
            return "it is not a regular file"
        with path.open("rb") as file:
            return file.read(limit + 1)
    except OSError as error:
        return f"it cannot be read ({error.strerror or error})"


def _beside(folder: Path) -> Any:
    """Return the reader of media files beside the input: inside its folder, no link followed."""
    def local_file(relative: str) -> bytes | str:
        current = folder
        for part in relative.split("/"):
            current = current / part
            if current.is_symlink():
                return "it is a symbolic link, which an import never follows"
        if not current.exists():
            return f"there is no such file beside the input ({relative})"
        return _read_input(current, IMAGE_MAX_BYTES)
    return local_file


def _import(root: Path, file: Path, source: str | None, into: str | None, kind: str) -> None:
    """Import a TimelineJS file into `root`'s seeds, report each slide not carried, and exit 1
    only if nothing could be imported."""
    # Bytes of the name that are not UTF-8 (kept by Python as lone surrogates, which cannot be
    # written out) are shown as U+FFFD: the name goes into the new source record and each report.
    name = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in file.name)
    if not name.isprintable():
        click.echo(output_line(f"{name}: the file's name holds a line break or another character "
                               "that cannot be printed, and the new source record and the reports "
                               "name the file — rename it and import it again"), err=True)
        sys.exit(1)
    try:
        folder = "" if into is None else event_folder(into)
    except FolderError as error:
        click.echo(output_line(f"--into: {error}"), err=True)
        sys.exit(1)
    data = _read_input(file, IMPORT_MAX_BYTES)
    if isinstance(data, str):
        click.echo(output_line(f"{file}: {data} — give the path of the file to import"), err=True)
        sys.exit(1)
    seeds = read_seeds(root)
    today = check_day(build_time(root).date(), epoch_pinned())
    try:
        timeline = (read_timelinejs if kind == "timelinejs" else read_sheet_csv)(data, name)
        plan = checked_plan(timeline, seeds,
                            Options(name, source, folder, today.isoformat()),
                            _beside(file.parent), today)
    except ImportRefused as error:
        click.echo(output_line(str(error)), err=True)
        sys.exit(1)
    for where, what in plan.notes:
        line = where.removeprefix("line ")
        click.echo(output_line(f"{name}:{line}: {what}" if line != where else
                               f"{name}: {where}: {what}"), err=True)
    if not plan.events:
        click.echo(output_line(f"Nothing was imported from {name}: it holds no slide that could be "
                               "carried (see above)"), err=True)
        sys.exit(1)
    refused = write_plan(root, plan)
    if refused:
        for line in refused:
            click.echo(output_line(line), err=True)
        click.echo("Nothing was written: an import never replaces a file.", err=True)
        sys.exit(1)
    click.echo(counts_line(plan, name))


@cli.group("import")
def import_group() -> None:
    """Import a timeline made with Knight Lab's TimelineJS, as event files.

    Each slide becomes an event file (its date, headline, text, group as a tag and media); the
    title slide names a new source record for the file, unless --source names one; eras go to
    seeds/eras.yml. Every slide that cannot be carried is reported with its place in the file.
    """


_SOURCE_HELP = (f"Id of a source in {SOURCES_FILE} for every event to cite (default: a new source "
                "record for the file, named after its title slide).")
_INTO_HELP = f"Folder under {EVENTS_FOLDER} to write the event files in (made if missing)."


@import_group.command("timelinejs")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", help=_SOURCE_HELP)
@click.option("--into", help=_INTO_HELP)
@click.pass_obj
def import_timelinejs(root: Path, file: Path, source: str | None, into: str | None) -> None:
    """Import FILE, a TimelineJS timeline's JSON."""
    _import(root, file, source, into, "timelinejs")


@import_group.command("csv")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", help=_SOURCE_HELP)
@click.option("--into", help=_INTO_HELP)
@click.pass_obj
def import_csv(root: Path, file: Path, source: str | None, into: str | None) -> None:
    """Import FILE, a CSV of Knight Lab's Google Sheets template for TimelineJS."""
    _import(root, file, source, into, "csv")


def _archived_text(folder: Path, shown: str, source_id: str
                   ) -> tuple[Archived | None, list[Problem]]:
    """Return a source's archived text in `folder` (None: it has none that can be used), and
    what keeps a text that is there from being used. Read when its quotes are looked for, and
    let go after: one text in memory at a time."""
    files = read_archive(folder, shown, [source_id])[source_id]
    if len(files) > 1:
        names = " and ".join(f.path.rsplit("/", 1)[1] for f in files)
        return None, [Problem(files[1].path, 1, 1, "the archive holds two texts of the source "
                              f"\"{source_id}\", {names} — keep one of them")]
    if not files:
        return None, []
    found = files[0]
    if isinstance(found, Unread):
        why = ("a symbolic link, which verify-quotes never follows — replace it with the file "
               "itself" if found.why == "link" else
               f"cannot be read ({found.detail}) — give everyone permission to read it"
               if found.why == "unreadable" else
               "not a regular file — replace it with a file holding the report's text")
        return None, [Problem(found.path, 1, 1, f"this is {why}" if found.why != "unreadable"
                              else f"this {why}")]
    text, problem = archive_problem(found.path, found.data)
    if problem is not None or text is None:
        return None, [problem] if problem is not None else []
    name = found.path.rsplit("/", 1)[1]
    return Archived(name, text_hash(found.data), archive_text(name, text)), []


# The temporary files replace_file writes the lock through: mkstemp's 8 random characters.
def _remove_stale_lock_temporaries(lock: Path) -> None:
    """Remove the temporary files of the lock that a run killed mid-write left beside it, if old.

    Only regular files of exactly that name are removed, never through a link (unlink removes
    the name itself), and only those older than LOCK_TEMPORARY_STALE_SECONDS.
    """
    # Named as replace_file names them: ".quotes.lock." and mkstemp's 8 random characters.
    name = re.compile(re.escape(f".{lock.name}.") + "[a-z0-9_]{8}")
    now = time.time()
    try:
        with os.scandir(lock.parent) as entries:
            stale = [entry.path for entry in entries if name.fullmatch(entry.name)
                     and entry.is_file(follow_symlinks=False)
                     and now - entry.stat(follow_symlinks=False).st_mtime
                     > LOCK_TEMPORARY_STALE_SECONDS]
        for path in stale:
            os.unlink(path)
    except OSError:
        pass  # left for the next run: nothing depends on it


@cli.command("verify-quotes")
@click.option("--archive", type=click.Path(path_type=Path), default=None,
              show_default=f"{ARCHIVE_FOLDER}/ beside seeds/",
              help="Folder holding the text of each source: <source-id>.txt, .md or .html.")
@click.option("--check", "check_only", is_flag=True,
              help=f"Verify, write nothing, and exit 1 if {QUOTES_LOCK} is not up to date.")
@click.pass_obj
def verify_quotes_command(root: Path, archive: Path | None, check_only: bool) -> None:
    """Find every quote in the archived text of its source and record where in seeds/quotes.lock.

    Spaces, line breaks, typographic quotes and dashes may differ; nothing else. Quotes found are
    written to the lock even if others are not (those are reported, with the closest passage).
    The day of verification is today's (SOURCE_DATE_EPOCH's, if set); an entry whose quote and
    text are unchanged keeps its day, so that running it again changes nothing.
    """
    # The check's day (SOURCE_DATE_EPOCH's, else today's by the clock): a verification is dated
    # when it is done, not by the last commit.
    day = check_day(build_time(root).date(), epoch_pinned())
    try:
        # Not matched to the lock: a broken lock must not stop the command that writes it anew.
        timeline, _ = check_timeline(root, day, verify=False)
    except ProblemsFound as found:
        _report(found.problems, None)
        sys.exit(1)
    folder = root / ARCHIVE_FOLDER if archive is None else archive
    shown = ARCHIVE_FOLDER if archive is None else str(archive).rstrip("/") or "/"
    if not folder.is_dir():
        click.echo(output_line(f"{shown}: there is no archive folder here — give the folder "
                               "holding the text of each source (<source-id>.txt, .md or .html) "
                               "with --archive DIR"), err=True)
        sys.exit(2)
    old = read_quotes_lock(root)
    old_entries = read_lock(old, day)[0] if old is not None else []
    verified = verify_quotes(timeline, partial(_archived_text, folder, output_line(shown)),
                             output_line(shown), old_entries, day)
    for problem in sorted(verified.problems):
        click.echo(str(problem), err=True)
    data = lock_bytes(verified.entries)
    unchanged = old is not None and old.data == data
    failed = bool(verified.problems)
    if check_only:
        # Every line that names the folder is escaped (output_line): a folder's name may hold
        # a line break, and the line after it could then start a workflow command.
        click.echo(f"{QUOTES_LOCK} is up to date." if unchanged else
                   output_line(f"{QUOTES_LOCK} is not up to date — run `make verify-quotes "
                               f"ARCHIVE={shown}` and commit it"))
        click.echo(verified.summary())
        sys.exit(0 if unchanged and not failed else 1)
    _remove_stale_lock_temporaries(root / QUOTES_LOCK)
    if unchanged:
        click.echo(f"{QUOTES_LOCK} is unchanged.")
    else:
        replace_file(root / QUOTES_LOCK, data)
        kept = (f" ({verified.kept:,} kept as they were: their sources have no usable text in "
                f"{shown})" if verified.kept else "")
        click.echo(output_line(f"Wrote {QUOTES_LOCK}" + (
            f", with the {len(verified.entries):,} quotes verified{kept}; the others are not in "
            "it until they are found" if failed else ".")))
    click.echo(verified.summary())
    sys.exit(1 if failed else 0)


DEFAULT_PORT = 8000


def _port_problem(host: str, port: int) -> str | None:
    """Return why `host`:`port` cannot be served on (in use, not allowed), or None if it can.

    Probed by binding as MkDocs' server does (SO_REUSEADDR, so a port left in TIME_WAIT counts as
    free), then closing, so that a busy port is said before a build of the whole site.
    """
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return _bind_message(host, port, error)
    return None


def _bind_message(host: str, port: int, error: OSError) -> str:
    """Return the one line that says a port cannot be served on, and what to run instead."""
    other = port + 1 if port < 65535 else DEFAULT_PORT
    if error.errno == errno.EADDRINUSE:
        why = f"Port {port} on {host} is in use (another `make serve`?) — stop it or run"
    elif error.errno == errno.EACCES:
        why = f"Port {port} on {host} needs privileges to listen on — run"
    else:
        why = (f"Cannot listen on {host}:{port} ({error.strerror or error}) — check the address "
               "or run")
    return output_line(f"{why} `make serve PORT={other}`")


@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on (127.0.0.1: this machine only).")
@click.pass_obj
def serve(root: Path, port: int, host: str) -> None:
    """Preview the site on http://HOST:PORT/, rebuilding what changed when a file is saved.

    What `mkdocs serve --livereload --dirty` does, with a busy port said in one line.
    """
    problem = _port_problem(host, port)
    if problem is not None:
        click.echo(problem, err=True)
        sys.exit(1)
    import mkdocs.__main__  # noqa: PLC0415  (the command line needs it only here)
    from mkdocs.commands import serve as mkdocs_serve  # noqa: PLC0415

    # MkDocs' own logging, as its command line sets it up: its colours on a terminal only.
    logging_state = mkdocs.__main__.State()  # type: ignore[no-untyped-call]
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        logging_state.stream.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    mkdocs.__main__._enable_warnings()  # type: ignore[no-untyped-call]
    try:
        mkdocs_serve.serve(config_file=str(root / "mkdocs.yml"), livereload=True,
                           build_type="dirty", dev_addr=f"{host}:{port}")
    except KeyboardInterrupt:  # Ctrl-C during the first build, before MkDocs' server catches it
        sys.exit(130)
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        # Taken between the probe and MkDocs' bind, after the first build.
        click.echo(_bind_message(host, port, error), err=True)
        sys.exit(1)
    finally:
        del logging_state


if __name__ == "__main__":
    cli()
