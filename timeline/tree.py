"""The rendered tree: a project of its own that MkDocs and Zensical both build, without our hook.

`python build_timeline.py render --out DIR` writes, byte for byte the same for a commit:

    DIR/mkdocs.yml        the project's mkdocs.yml made standalone (see `standalone_config`)
    DIR/docs/             the hand-written docs/ plus every generated page and data file
    DIR/overrides/        the theme overrides (templates/overrides)
    DIR/.timeline-render  the mark that lets a later render replace DIR, and nothing else

The footer's date comes from `config.extra` (`build_date_extra`), which the hook sets for a build
of the project and the standalone mkdocs.yml carries, so that no template calls a Python method:
Zensical renders templates with MiniJinja, which has none.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
import yaml_env_tag

from .dates import format_month
from .languages import SOURCE_LANGUAGE, TRANSLATIONS_KEY
from .pipeline import SiteFiles
from .swap import SwapError, Target, acquire, check_place, make_staging, put_in_place, tidy
from .urls import language_prefix

RENDER_MARK = ".timeline-render"
CONFIG_NAME = "mkdocs.yml"
DOCS = "docs"
OVERRIDES = "overrides"
# Where the footer's date lives: config.extra.timeline.updated (ISO) and .updated_text (in words).
EXTRA_KEY = "timeline"
# Settings that only make sense in the project itself: the hook (the tree needs none), folders
# (the tree's own are written instead) and edit links (the tree's pages are generated from seed
# files it does not hold, so an Edit button would open a docs/ file the repository does not have).
PROJECT_ONLY = ("hooks", "docs_dir", "site_dir", "edit_uri", "edit_uri_template")
EDIT_FEATURE = "content.action.edit"
HEADER = """\
# Made by `python build_timeline.py render` from the project's mkdocs.yml; render again rather than
# edit. Build it here with `mkdocs build` or `zensical build`. docs/ already holds every generated
# page and data file (no hook); !ENV values are as they were when it was rendered; no Edit
# buttons, since the pages are generated from seed files this folder does not hold.
"""


class TreeError(Exception):
    """A tree that cannot be written; the message says why and what to do."""


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader with MkDocs' `!ENV` tag (from pyyaml_env_tag, as MkDocs reads it)."""


yaml_env_tag.add_env_tag(_ConfigLoader)


class _ConfigDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with lists indented under their key as in the project's mkdocs.yml."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent the next block, lists included (PyYAML writes them flush with their key)."""
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Return a YAML scalar for `text`, as a `|` block if it spans lines (not_in_nav)."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", text,
                                   style="|" if "\n" in text else None)


_ConfigDumper.add_representer(str, _represent_text)


def read_config(path: Path) -> dict[str, Any]:
    """Return the settings of a mkdocs.yml, `!ENV` values resolved from the environment now."""
    try:
        with path.open(encoding="utf-8") as file:
            config = yaml.load(file, Loader=_ConfigLoader)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as error:
        raise TreeError(f"{path.name} cannot be read: {error}") from None
    if not isinstance(config, dict):
        raise TreeError(f"{path.name} must be a mapping of settings, as MkDocs expects")
    return config


def build_date_extra(built_at: dt.datetime) -> dict[str, str]:
    """Return the footer's `config.extra.timeline` values: the build's UTC day, ISO and in words."""
    day = built_at.astimezone(dt.UTC).date()
    return {"updated": day.isoformat(),
            "updated_text": f"{day.day} {format_month(day.year, day.month)}"}


def standalone_config(config: Mapping[str, Any], built_at: dt.datetime) -> dict[str, Any]:
    """Return the project's settings for the tree: its own folders, no hook, no edit links.

    Everything else is kept as it is (site name, theme, plugins, Markdown extensions, nav,
    not_in_nav, validation...); unset values (`!ENV` with nothing set) are left out.
    """
    made = {key: value for key, value in config.items()
            if key not in PROJECT_ONLY and value is not None}
    theme = made.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    if theme.get("custom_dir"):
        theme["custom_dir"] = OVERRIDES
    if "features" in theme:
        theme["features"] = [feature for feature in theme["features"] if feature != EDIT_FEATURE]
    made["theme"] = theme
    made["docs_dir"] = DOCS
    extra = dict(made.get("extra") or {})
    given = dict(extra.get(EXTRA_KEY) or {}) if isinstance(extra.get(EXTRA_KEY), dict) else {}
    # A translation's pages are in the tree under its folder (docs/ko/), built as pages of the one
    # site: without our hook there is no second language (no Korean labels, navigation or search
    # index), so the setting goes and its folders leave the navigation.
    codes = [code for code in given.pop(TRANSLATIONS_KEY, None) or {} if isinstance(code, str)]
    if codes:
        theme_language = theme.get("language") if isinstance(theme.get("language"), str) else None
        folders = "".join(f"/{language_prefix(code, theme_language or SOURCE_LANGUAGE)}\n"
                          for code in codes)
        made["not_in_nav"] = (made.get("not_in_nav") or "") + folders
    extra[EXTRA_KEY] = {**given, **build_date_extra(built_at)}
    made["extra"] = extra
    return made


def dump_config(config: Mapping[str, Any]) -> bytes:
    """Return the settings as the tree's mkdocs.yml, in their order, after a header about it."""
    text: str = yaml.dump(dict(config), Dumper=_ConfigDumper, sort_keys=False,
                          allow_unicode=True, default_flow_style=False, width=100)
    return (HEADER + text).encode("utf-8")


def _folder(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` by relative POSIX path, in sorted order."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts}


def tree_files(project: Path, config: Mapping[str, Any], built: SiteFiles,
               built_at: dt.datetime) -> dict[str, bytes]:
    """Return every file of the tree by relative path, sorted; raise TreeError on a clash.

    `project` holds the mkdocs.yml that `config` was read from, its docs/ and theme overrides.
    """
    docs = _folder(project / str(config.get("docs_dir") or "docs"))
    generated = {**{uri: page.content for uri, page in built.pages.items()}, **built.exports}
    for uri in sorted(generated):
        if uri in docs:
            raise TreeError(f"docs/{uri} is generated from the seed files — remove or rename the "
                            f"hand-written docs/{uri}")
    files = {f"{DOCS}/{uri}": content for uri, content in {**docs, **generated}.items()}
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir:
        files.update({f"{OVERRIDES}/{name}": content
                      for name, content in _folder(project / str(custom_dir)).items()})
    files[CONFIG_NAME] = dump_config(standalone_config(config, built_at))
    files[RENDER_MARK] = b"made by build_timeline.py render\n"
    return dict(sorted(files.items()))


def check_target(out: Path) -> None:
    """Raise TreeError unless `out` is missing, empty, or a tree an earlier render made."""
    if out.exists() and any(out.iterdir()) and not (out / RENDER_MARK).exists():
        raise TreeError(f"{out} exists and was not made by `render` — choose an empty or new "
                        "folder")


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` in a folder beside `out`, then swap it in: no reader sees half a tree.

    One render at a time (swap.py's lock), and what an interrupted render left is removed first.
    """
    target = Target(out, "render", "choose another --out folder")
    try:
        lock = acquire(target)
    except SwapError as error:
        raise TreeError(str(error)) from None
    try:
        tidy(lock)
        check_target(out)
        check_place(target)
        staging = make_staging(target)
        try:
            for name, content in files.items():
                path = staging / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            put_in_place(target, staging)
        except OSError as error:
            raise target.fail(error, f"writing {out}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already once it is in place
    except SwapError as error:
        raise TreeError(f"{error}; {out.name}/ was left as it was") from None
    finally:
        lock.release()
