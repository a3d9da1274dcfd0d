#!/usr/bin/env python3
"""The timeline's command line, and the MkDocs hook that `mkdocs.yml` lists.

    python build_timeline.py check             check every seed file, build nothing
    python build_timeline.py render --out DIR  write the generated Markdown tree (with docs/) to DIR
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import click
from mkdocs.utils.yaml import yaml_load

from timeline.hook import (  # noqa: F401 (the MkDocs hook: mkdocs.yml lists this file)
    on_build_error,
    on_config,
    on_files,
    on_page_content,
    on_post_build,
    on_serve,
    on_startup,
)
from timeline.export import Publication
from timeline.pipeline import SiteFiles, build_site_files, build_time
from timeline.problems import ProblemsFound

ROOT = Path(__file__).resolve().parent
TEMPLATES = ROOT / "templates" / "pages"
# Written into every tree `render` makes, so that a later `render` may replace it and nothing else.
RENDER_MARK = ".timeline-render"


def _report(problems: list, ok_line: str | None) -> None:
    """Print problems one per line on stderr, then a one-line summary."""
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''}, {warnings} "
                   f"warning{'s' if warnings != 1 else ''}: nothing was written.", err=True)
    elif ok_line:
        click.echo(ok_line + (f" ({warnings} warning{'s' if warnings != 1 else ''})"
                              if warnings else ""))


def _build_or_exit(root: Path) -> SiteFiles:
    """Return the site files made from `root/seeds`, or report every problem and exit 1."""
    # MkDocs' own reader resolves the `!ENV` values (TIMELINE_SITE_URL) as a build would.
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file)
    publication = Publication(config["site_name"], config.get("site_url") or None, build_time())
    try:
        return build_site_files(root, TEMPLATES, dt.date.today(), publication)
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
@click.pass_obj
def check(root: Path) -> None:
    """Check every seed file and report every problem; exit 1 if any is an error."""
    built = _build_or_exit(root)
    events = sum(uri.startswith("events/") for uri in built.pages)
    _report(built.warnings, f"{events} events checked: no errors.")


@cli.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write; replaced only if empty or made by an earlier render.")
@click.pass_obj
def render(root: Path, out: Path) -> None:
    """Write docs/ plus every generated page to OUT, a tree any MkDocs-like engine can build."""
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / RENDER_MARK).exists():
        click.echo(f"{out} exists and was not made by `render` — choose an empty or new folder",
                   err=True)
        sys.exit(2)
    built = _build_or_exit(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then swap: a reader of OUT never sees half a tree.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    shutil.copytree(ROOT / "docs", staging, dirs_exist_ok=True)
    for uri, page in built.pages.items():
        target = staging / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for uri, content in built.exports.items():
        target = staging / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (staging / RENDER_MARK).write_text("made by build_timeline.py render\n", encoding="utf-8")
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        out.rename(old / out.name)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)
    _report(built.warnings, f"Wrote {len(built.pages)} generated pages, {len(built.exports)} data "
                            f"files and docs/ to {out}.")


if __name__ == "__main__":
    cli()
