#!/usr/bin/env python3
"""The timeline's command line, and the MkDocs hook that `mkdocs.yml` lists.

    python build_timeline.py check             check every seed file, build nothing
    python build_timeline.py new TITLE DATE    write a new event file, checked, from a title and date
    python build_timeline.py render --out DIR  write a standalone project (mkdocs.yml, docs/ with
                                               every generated page, overrides/) to DIR
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from timeline.dates import DateError
from timeline.load import decode_seed, parse_yaml
from timeline.nodes import Mapping
from timeline.pipeline import SiteFiles, build_site_files, build_time, check_timeline
from timeline.problems import Problem, ProblemsFound, github_annotation, output_line
from timeline.read import SeedFile, read_seeds
from timeline.scaffold import NewEvent, scaffold
from timeline.tree import TreeError, check_target, read_config, tree_files, write_tree
from timeline.urls import ACTORS_FILE, PAGE_TEMPLATES, SOURCES_FILE, TAGS_FILE, Publication
from timeline.vocabulary import DEFAULT_IMPORTANCE, DEFAULT_STATUS, IMPORTANCE, STATUSES

if __name__ != "__main__":
    # Loaded by MkDocs, which `mkdocs.yml` lists this file for as a hook (the command line has no
    # use for MkDocs and its plugins, which take a third of a second to import).
    from timeline.hook import (  # noqa: F401
        on_build_error,
        on_config,
        on_env,
        on_files,
        on_page_content,
        on_page_markdown,
        on_post_build,
        on_serve,
        on_shutdown,
        on_startup,
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
        click.echo(f"{errors} error{'s' if errors != 1 else ''}, {warnings} "
                   f"warning{'s' if warnings != 1 else ''}: nothing was written.", err=True)
    elif ok_line:
        click.echo(ok_line + (f" ({warnings} warning{'s' if warnings != 1 else ''})"
                              if warnings else ""))


def _publication(root: Path) -> tuple[dict[str, Any], Publication]:
    """Return mkdocs.yml's settings and where and when the site made from `root` is published."""
    try:
        config = read_config(ROOT / "mkdocs.yml")  # `!ENV` values (TIMELINE_SITE_URL) resolved
    except TreeError as error:
        click.echo(output_line(str(error)), err=True)
        sys.exit(1)
    return config, Publication(config["site_name"], config.get("site_url") or None,
                               build_time(root), config.get("use_directory_urls", True))


def _build_or_exit(root: Path, publication: Publication) -> SiteFiles:
    """Return the site files made from `root/seeds`, or report every problem and exit 1."""
    try:
        return build_site_files(root, TEMPLATES, publication)
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
        timeline, warnings = check_timeline(root, build_time(root).date())
    except ProblemsFound as found:
        _report(found.problems, None, github)
        sys.exit(1)
    _report(warnings, f"{len(timeline.events):,} events checked: no errors.", github)


@cli.command()
@click.argument("title")
@click.argument("date")
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
@click.pass_obj
def new(root: Path, title: str, date: str, summary: str | None, sources: tuple[str, ...],
        tags: tuple[str, ...], actors: tuple[str, ...], place: str | None, importance: int,
        status: str) -> None:
    """Write a new, checked event file named after DATE and TITLE; never overwrite one."""
    seeds = read_seeds(root)
    if summary is None:
        summary = click.prompt("Summary (one plain sentence)")
    if not sources:
        known = ", ".join(sorted(_registry_ids(seeds.sources))) or "none yet"
        sources = tuple(click.prompt(f"Source id (known: {known})").split())
    request = NewEvent(title, date, summary, sources, tags, actors, place, importance, status)
    try:
        path, text, problems = scaffold(request, seeds, build_time(root).date())
    except DateError as error:
        click.echo(output_line(f"DATE: {error}"), err=True)
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
    config, publication = _publication(root)
    built = _build_or_exit(root, publication)
    try:
        write_tree(out, tree_files(ROOT, config, built, publication.built_at))
    except TreeError as error:
        click.echo(output_line(str(error)), err=True)
        sys.exit(1)
    _report(built.warnings, f"Wrote {len(built.pages)} generated pages, {len(built.exports)} data "
                            f"files, docs/, overrides/ and mkdocs.yml to {out}.")


if __name__ == "__main__":
    cli()
