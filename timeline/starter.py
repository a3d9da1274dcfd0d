"""Starter: a new timeline project made by `python build_timeline.py init DIR`.

The new project holds the tool as it is here (STARTER_TOOL, less STARTER_LEFT_OUT) and content of
its own: mkdocs.yml with its title, the home and about pages, a README, empty registries and an
empty seeds/events/ (written from templates/init/). Nothing of this timeline's content goes with it.
It is built in a temporary folder beside DIR and renamed into place, so DIR is either the whole
project or untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import fields as F
from .markup import escape_markdown
from .urls import (
    ACTORS_FILE,
    EVENTS_FOLDER,
    SOURCES_FILE,
    STARTER_LEFT_OUT,
    STARTER_TEMPLATES,
    STARTER_TOOL,
    TAGS_FILE,
)

CONFIG = "mkdocs.yml"
# What init writes from templates/init/, and where in the new project.
STARTER_PAGES = {"index.md.j2": "docs/index.md", "about.md.j2": "docs/about.md",
                 "README.md.j2": "README.md", "sources.yml": SOURCES_FILE,
                 "actors.yml": ACTORS_FILE, "tags.yml": TAGS_FILE}
# Keeps seeds/events/ in git while it holds no event (names starting with "." are not read).
EVENTS_KEEP = f"{EVENTS_FOLDER}.gitkeep"
# MkDocs prints the site name into every page's HTML as it is, attributes included.
TITLE_REFUSED = '<>&"'
# Anything that is not one printable line: control characters and Unicode's noncharacters.
_NOT_PRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{F.NONCHARACTERS}]")
_SITE_NAME = re.compile(r"^site_name:.*$", re.MULTILINE)
# site_description: with its folded continuation lines (indented).
_SITE_DESCRIPTION = re.compile(r"^site_description:.*(?:\n[ \t]+\S.*)*$", re.MULTILINE)
# The tool's timeline is published in Korean too (extra.timeline.translations, with its comment);
# a new one starts in its own language alone: it has no translations yet.
_TRANSLATIONS = re.compile(r"^extra:\n  timeline:\n(?:    #.*\n)*    translations:\n(?:      .*\n)*\n?",
                           re.MULTILINE)


class StarterError(Exception):
    """Why a new timeline cannot be made: one line, with what to do instead."""


@dataclass(frozen=True)
class Started:
    """A new timeline, in place: its folder and how many files it holds."""

    folder: Path
    files: int


def title_problem(title: str) -> str | None:
    """Return why `title` cannot be a timeline's title, or None if it can."""
    if not title.strip():
        return "the title is empty — give the timeline a title, such as --title \"Water rights in the Andes\""
    if _NOT_PRINTABLE.search(title):
        return "the title must be one line of printable text — remove line breaks and control characters"
    if len(title.strip()) > F.SITE_TITLE_MAX:
        return (f"the title is {len(title.strip()):,} characters long, more than the "
                f"{F.SITE_TITLE_MAX} allowed — shorten it (it heads every page)")
    refused = sorted({char for char in title if char in TITLE_REFUSED})
    if refused:
        return (f"the title cannot hold {' or '.join(refused)}, which MkDocs would write into every "
                "page as HTML — write \"and\" for &, and leave out the others")
    return None


def target_problem(target: Path, tool: Path) -> str | None:
    """Return why a new timeline cannot be made at `target`, or None if it can."""
    try:
        return _target_problem(target, tool)
    except OSError as error:  # a name too long, a folder that cannot be read
        return f"{target} cannot be used ({error.strerror}) — give the path of a new folder"


def _target_problem(target: Path, tool: Path) -> str | None:
    """Return why a new timeline cannot be made at `target`, or None if it can (may raise OSError)."""
    shown = str(target)
    if target.is_symlink():
        return f"{shown} is a symbolic link — give the path of a new folder"
    if target.exists():
        if not target.is_dir():
            return f"{shown} exists and is not a folder — give the path of a new folder"
        if any(target.iterdir()):
            return (f"{shown} already exists and is not empty — give the path of a new folder, "
                    "or of an empty one (nothing is ever overwritten)")
    resolved = target.resolve()
    if resolved == tool or resolved.is_relative_to(tool):
        return (f"{shown} is inside this timeline's folder ({tool}) — give a folder outside it, "
                "such as ../my-timeline")
    if target.parent.exists() and not target.parent.is_dir():
        return f"{target.parent} is not a folder — give the path of a new folder"
    return None


def _left_out(relative: Path) -> bool:
    """Return True if a file of the tool stays behind (built, cached or this timeline's own)."""
    text = relative.as_posix()
    return (text in STARTER_LEFT_OUT or any(text.startswith(f"{out}/") for out in STARTER_LEFT_OUT)
            or "__pycache__" in relative.parts or relative.suffix == ".pyc")


def _copy_tool(tool: Path, into: Path) -> int:
    """Copy the tool's files into `into`, keeping their modes; return how many were copied.

    Symbolic links (.venv, tests/js/node_modules) are not followed: they point into this
    checkout's installs, which the new project makes for itself.
    """
    copied = 0
    for name in STARTER_TOOL:
        source = tool / name
        if source.is_symlink() or not source.exists():
            continue
        paths = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in paths:
            relative = path.relative_to(tool)
            if path.is_symlink() or _left_out(relative) or any(
                    (tool / parent).is_symlink() for parent in relative.parents):
                continue
            if path.is_file():
                (into / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, into / relative)
                copied += 1
    return copied


def new_config(text: str, title: str) -> str:
    """Return the tool's mkdocs.yml with the new timeline's title and description instead, and
    without the tool's translations."""
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    description = json.dumps(f"{title}: a timeline, event by event, with every claim linked to "
                             "its source.", ensure_ascii=False)
    with_name = _SITE_NAME.sub(lambda _: f"site_name: {quoted}", text, count=1)
    alone = _TRANSLATIONS.sub("", with_name, count=1)
    return _SITE_DESCRIPTION.sub(lambda _: f"site_description: {description}", alone, count=1)


def _starter_files(tool: Path, title: str) -> dict[str, str]:
    """Return the new timeline's own files (path: text), written from templates/init/."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(tool / STARTER_TEMPLATES),
                                     undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                                     autoescape=False)
    files = {CONFIG: new_config((tool / CONFIG).read_text(encoding="utf-8"), title)}
    for template, path in STARTER_PAGES.items():
        files[path] = environment.get_template(template).render(title=escape_markdown(title))
    files[EVENTS_KEEP] = ""
    return files


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders (deepest first) that are still empty; return nothing."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty, or gone: someone else's now


def start_timeline(tool: Path, target: Path, title: str) -> Started:
    """Return the new timeline made at `target` from the tool in `tool`, titled `title`.

    Raises StarterError, having written nothing, if it cannot be made there.
    """
    title = title.strip()
    problem = title_problem(title) or target_problem(target, tool)
    if problem is not None:
        raise StarterError(problem)
    # Folders made on the way to the target, removed again if the timeline is not made.
    made = [parent for parent in target.absolute().parents if not parent.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    except OSError as error:
        _remove_empty(made)
        raise StarterError(f"cannot make a folder beside {target} ({error.strerror}) — give "
                           "another folder") from None
    try:
        count = _copy_tool(tool, building)
        for path, text in _starter_files(tool, title).items():
            (building / path).parent.mkdir(parents=True, exist_ok=True)
            (building / path).write_text(text, encoding="utf-8")
            count += 1
        # mkdtemp's folder is private (0700); the project gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        building.chmod(0o777 & ~umask)
        try:
            # Replaces DIR only if it is (still) an empty folder: rename(2) refuses any other.
            os.rename(building, target)
        except OSError as error:
            raise StarterError(f"{target} was changed meanwhile ({error.strerror}) — nothing was "
                               "written; run the command again") from None
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        _remove_empty(made)
        raise StarterError(f"cannot write the new timeline beside {target} ({error.strerror}) — "
                           "nothing was written; free some space or give another folder") from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        _remove_empty(made)
        raise
    return Started(target, count)
