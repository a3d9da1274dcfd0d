"""The tree `render --out` writes: a project of its own, the same bytes every time it is rendered
from a commit, that MkDocs and Zensical both build with every event page and the build's date."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.support import REPO, SMALL, build_time, make_project, mkdocs, read_config

EPOCH = "1769731200"  # Friday 30 January 2026, 00:00 UTC
FOOTER = 'Last updated <time datetime="{}">{}</time>'
EVENT_IDS = sorted(path.stem for path in (SMALL / "seeds" / "events").glob("*.md"))
# What the commits of the git tests are dated: not today, so that the clock cannot pass for it.
COMMIT_DATE = "2026-02-01T12:00:00Z"


def render(out: Path, project: Path = REPO, root: Path = SMALL,
           **env: str) -> subprocess.CompletedProcess[str]:
    """Return the finished `build_timeline.py --root ROOT render --out OUT` run in `project`."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("TIMELINE_") and k != "SOURCE_DATE_EPOCH"}
    environment.update(env)
    return subprocess.run([sys.executable, "build_timeline.py", "--root", str(root), "render",
                           "--out", str(out)], cwd=project, env=environment, capture_output=True,
                          text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def commit_all(project: Path) -> None:
    """Make `project` a git repository with everything in one commit dated COMMIT_DATE."""
    git = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", *command], cwd=project, env=git, check=True)


def assert_every_event_page(site: Path, day: str, text: str) -> None:
    """Check that `site` has a page for every event of the fixture, each with the footer date."""
    footer = FOOTER.format(day, text)
    for event_id in EVENT_IDS:
        page = site / "events" / event_id / "index.html"
        assert page.is_file(), f"{page} is missing"
        html = page.read_text(encoding="utf-8")
        assert footer in html, f"{page} has no footer dated {day}"
        assert '<script type="application/ld+json">' in html  # the overrides' main.html
    assert footer in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "timeline.css").is_file() and (site / "timeline.ics").is_file()


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the small fixture's tree, rendered with SOURCE_DATE_EPOCH set to EPOCH."""
    out = tmp_path_factory.mktemp("portable") / "tree"
    result = render(out, SOURCE_DATE_EPOCH=EPOCH)
    assert result.returncode == 0, result.stderr
    return out


def test_the_tree_is_a_project_of_its_own(tree: Path) -> None:
    files = snapshot(tree)
    assert {f"docs/events/{event_id}.md" for event_id in EVENT_IDS} <= files.keys()
    assert {"mkdocs.yml", ".timeline-render", "docs/index.md", "docs/about.md", "docs/timeline.md",
            "docs/timeline.ics", "overrides/main.html",
            "overrides/partials/copyright.html"} <= files.keys()
    assert snapshot(REPO / "templates" / "overrides") == {
        name.removeprefix("overrides/"): content for name, content in files.items()
        if name.startswith("overrides/")}
    text = files["mkdocs.yml"].decode("utf-8")
    settings = "".join(line for line in text.splitlines(True) if not line.startswith("#"))
    assert "!ENV" not in settings and "hooks:" not in settings
    config, project = yaml.safe_load(text), read_config(REPO / "mkdocs.yml")
    for key in ("site_name", "site_description", "plugins", "markdown_extensions", "nav",
                "validation", "extra_css", "extra_javascript"):
        assert config[key] == project[key], key
    # The Korean pages (docs/ko/) are pages of the one site there, out of its navigation.
    assert config["not_in_nav"] == project["not_in_nav"] + "/ko/\n"
    assert config["docs_dir"] == "docs"
    theme = project["theme"]
    assert config["theme"] == {
        **theme, "custom_dir": "overrides",
        "features": [f for f in theme["features"] if f != "content.action.edit"]}
    assert config["extra"] == {"timeline": {"updated": "2026-01-30",
                                            "updated_text": "30 January 2026"}}
    assert {"site_url", "repo_url", "edit_uri"} & config.keys() == set()


def test_environment_values_are_written_as_they_were_at_render_time(tmp_path: Path) -> None:
    out = tmp_path / "tree"
    result = render(out, SOURCE_DATE_EPOCH=EPOCH, TIMELINE_SITE_URL="https://example.org/t/",
                    TIMELINE_REPO_URL="https://github.com/example-org/tariff-timeline")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://example.org/t/"
    assert config["repo_url"] == "https://github.com/example-org/tariff-timeline"
    # The pages are generated from seed files the tree does not hold: no Edit button to miss them.
    assert "edit_uri" not in config and "content.action.edit" not in config["theme"]["features"]


def test_two_renders_of_a_commit_are_byte_identical(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=SMALL / "seeds")
    commit_all(project)
    out = tmp_path / "tree"
    assert render(out, project, project).returncode == 0
    first = snapshot(out)
    time.sleep(1.1)  # a clock reading would now differ by a second
    again = render(out, project, project)  # replaces the tree it made
    assert again.returncode == 0, again.stderr
    second = snapshot(out)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # Dated by the last commit (no SOURCE_DATE_EPOCH), not by the clock.
    config = yaml.safe_load(first["mkdocs.yml"])
    assert config["extra"]["timeline"] == {"updated": "2026-02-01",
                                           "updated_text": "1 February 2026"}
    assert b'"generated":"2026-02-01T12:00:00+00:00"' in first["docs/events.json"]


def test_the_build_date_is_source_date_epoch_then_the_last_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build_time(tmp_path).isoformat() == "2026-01-30T00:00:00+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    commit_all(tmp_path)
    assert build_time(tmp_path).isoformat() == "2026-02-01T12:00:00+00:00"


def test_render_refuses_a_hand_written_page_it_would_replace(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=SMALL / "seeds")
    (project / "docs" / "timeline.md").write_text("# Mine\n", encoding="utf-8")
    result = render(tmp_path / "tree", project, project, SOURCE_DATE_EPOCH=EPOCH)
    assert result.returncode == 1
    assert result.stderr == ("docs/timeline.md is generated from the seed files — remove or "
                             "rename the hand-written docs/timeline.md\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_mkdocs_builds_the_tree_with_every_event_page(tree: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    # The tree's own mkdocs.yml, which lists no hook.
    mkdocs(tree, "build", "--strict", "-d", str(tmp_path / "site"))
    print(f"mkdocs build of the tree: {time.perf_counter() - started:.2f} s")
    assert_every_event_page(tmp_path / "site", "2026-01-30", "30 January 2026")


def test_zensical_builds_the_tree_with_every_event_page(tree: Path, tmp_path: Path) -> None:
    if importlib.util.find_spec("zensical") is None:
        pytest.fail("zensical is not installed: it is pinned in requirements.txt, which "
                    "`make test` installs into .venv")
    project = tmp_path / "tree"
    shutil.copytree(tree, project)  # Zensical writes site/ and .cache/ into the project itself
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    print(f"zensical build of the tree: {time.perf_counter() - started:.2f} s")
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}\n{result.stderr}"
    site = project / "site"
    assert_every_event_page(site, "2026-01-30", "30 January 2026")
    # Zensical's own search button, not Material's form, which its script does not drive.
    assert 'class="md-search__button"' in (site / "index.html").read_text(encoding="utf-8")


def test_a_build_with_the_hook_dates_its_footer_as_its_pages(small_site: Path) -> None:
    page = (small_site / "events" / EVENT_IDS[0] / "index.html").read_text(encoding="utf-8")
    found = re.search(FOOTER.format("([0-9-]+)", "([^<]+)"), page)
    assert found is not None, "no footer date"
    day, text = found.groups()
    date = dt.date.fromisoformat(day)
    assert text == f"{date.day} {date:%B %Y}"
    assert f"Last updated {text}." in page  # the "Cite this event" line: the same build date
    assert 'class="md-search__input"' in page  # Material's search form, under MkDocs
