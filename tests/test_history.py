"""When each event file last changed, from real temporary git repositories (commits dated with
fixed GIT_AUTHOR_DATE and GIT_COMMITTER_DATE): the dates pages, events.json and JSON-LD show, and
nothing at all without a repository."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import (
    PUBLICATION,
    SMALL,
    TEST_REPO_URL,
    BuildCache,
    Build,
    Change,
    build_files,
    history_base,
    last_changes,
    make_project,
    mkdocs,
    repository_head,
    run_cli,
    text_of,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

EVENT = "seeds/events/2025-05-12-summit-in-seoul.md"
OTHER = "seeds/events/2025-10-03-seoul-statement.md"


def git(root: Path, *args: str, when: str = "2026-02-03T10:00:00+00:00",
        author_when: str | None = None) -> str:
    """Run git in `root` as a fixed committer on a fixed date; return what it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Ed Itor", GIT_AUTHOR_EMAIL="ed@example.org",
               GIT_COMMITTER_NAME="Ed Itor", GIT_COMMITTER_EMAIL="ed@example.org",
               GIT_AUTHOR_DATE=author_when or when, GIT_COMMITTER_DATE=when,
               GIT_CONFIG_NOSYSTEM="1", HOME=str(root))
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True, timeout=60).stdout


def commit(root: Path, message: str, when: str, author_when: str | None = None) -> str:
    """Commit everything in `root` on `when`; return the commit's hash."""
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "-m", message, when=when, author_when=author_when)
    return git(root, "rev-parse", "HEAD", when=when).strip()


def repository(tmp_path: Path) -> Path:
    """Return a new repository holding two event files (nothing committed yet)."""
    root = tmp_path / "project"
    (root / "seeds" / "events").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for path in (EVENT, OTHER):
        (root / path).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    return root


def test_each_file_is_dated_by_the_last_commit_that_touched_it(tmp_path: Path) -> None:
    root = repository(tmp_path)
    first = commit(root, "two events", "2026-02-03T10:00:00+00:00")
    (root / OTHER).write_text("---\ntitle: y\n---\n", encoding="utf-8")
    # The commit's date, not its author's (a rebased or cherry-picked commit lands on its day).
    second = commit(root, "one corrected", "2026-03-04T23:30:00-05:00",
                    author_when="2025-01-01T00:00:00+00:00")
    assert last_changes(root, [EVENT, OTHER]) == {
        EVENT: Change(dt.date(2026, 2, 3), first),
        OTHER: Change(dt.date(2026, 3, 5), second),  # 23:30 in New York is the 5th in UTC
    }


def test_nothing_without_a_repository_or_a_commit(tmp_path: Path) -> None:
    root = tmp_path / "loose"
    (root / "seeds" / "events").mkdir(parents=True)
    (root / EVENT).write_text("x", encoding="utf-8")
    assert repository_head(root) is None
    assert last_changes(root, [EVENT]) == {}
    git(root, "init", "-q")
    assert last_changes(root, [EVENT]) == {}  # a repository without a commit


def test_nothing_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path)
    commit(root, "two events", "2026-02-03T10:00:00+00:00")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no git on the PATH, as on a machine without it
    assert last_changes(root, [EVENT]) == {}


def test_a_folder_inside_a_repository_is_not_read(tmp_path: Path) -> None:
    # A timeline is its own repository: the fixtures under tests/ have no history of their own.
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    root = outer / "inner"
    (root / "seeds" / "events").mkdir(parents=True)
    (root / EVENT).write_text("x", encoding="utf-8")
    commit(outer, "inside", "2026-02-03T10:00:00+00:00")
    assert repository_head(root) is None
    assert last_changes(root, [EVENT]) == {}


def test_a_file_never_committed_has_no_date_and_an_edit_keeps_the_commits(tmp_path: Path) -> None:
    root = repository(tmp_path)
    first = commit(root, "two events", "2026-02-03T10:00:00+00:00")
    new = "seeds/events/2026-02-04-new.md"
    (root / new).write_text("new", encoding="utf-8")
    (root / EVENT).write_text("edited, not committed", encoding="utf-8")
    assert last_changes(root, [EVENT, new]) == {EVENT: Change(dt.date(2026, 2, 3), first)}


def test_a_renamed_file_is_dated_by_its_rename(tmp_path: Path) -> None:
    root = repository(tmp_path)
    commit(root, "two events", "2026-02-03T10:00:00+00:00")
    moved = "seeds/events/2025/2025-05-12-summit-in-seoul.md"
    (root / "seeds/events/2025").mkdir()
    git(root, "mv", EVENT, moved)
    renamed = commit(root, "filed by year", "2026-04-01T08:00:00+00:00")
    assert last_changes(root, [moved, OTHER])[moved] == Change(dt.date(2026, 4, 1), renamed)


def test_paths_with_spaces_and_unicode(tmp_path: Path) -> None:
    root = repository(tmp_path)
    odd = "seeds/events/été 2026/2026-07-14-fête nationale \"défilé\".md"
    (root / odd).parent.mkdir()
    (root / odd).write_text("x", encoding="utf-8")
    made = commit(root, "odd names", "2026-07-15T12:00:00+00:00")
    assert last_changes(root, [odd]) == {odd: Change(dt.date(2026, 7, 15), made)}


def test_history_links_follow_the_edit_uri() -> None:
    repo = "https://github.com/OWNER/REPO"
    assert history_base(repo, "edit/main/docs/") == f"{repo}/commits/main/"
    assert history_base(repo + "/", "edit/release/2026/docs/") == f"{repo}/commits/release/2026/"
    assert history_base("https://gitlab.com/o/r", "-/edit/main/docs/") == \
        "https://gitlab.com/o/r/-/commits/main/"
    assert history_base(None, "edit/main/docs/") is None
    assert history_base(repo, None) is None
    assert history_base(repo, "docs/") is None  # no branch in it
    publication = dataclasses.replace(PUBLICATION, history_base=f"{repo}/commits/main/")
    assert publication.history_url("seeds/events/a b.md") == \
        f"{repo}/commits/main/seeds/events/a%20b.md"


def small_repository(tmp_path: Path) -> Path:
    """Return a copy of the small fixture made a repository: its events committed on
    2026-02-03, the summit's corrected on 2026-03-04."""
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "the small timeline", "2026-02-03T10:00:00+00:00")
    path = root / EVENT
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    commit(root, "summit corrected", "2026-03-04T10:00:00+00:00")
    return root


def test_pages_and_data_say_when_each_file_last_changed(tmp_path: Path) -> None:
    root = small_repository(tmp_path)
    publication = dataclasses.replace(PUBLICATION, history_base=history_base(TEST_REPO_URL,
                                                                             "edit/main/docs/"))
    built = build_files(root, workers=1, publication=publication)
    page = built.pages["events/2025-05-12-summit-in-seoul.md"].markdown
    assert ("Last changed 4 March 2026 ([history](https://github.com/example-org/tariff-timeline/"
            "commits/main/seeds/events/2025-05-12-summit-in-seoul.md)).") in page
    assert "Last changed 3 February 2026 (" in built.pages[
        "events/2025-10-03-seoul-statement.md"].markdown
    jsonld = json.loads(json.loads(re.search(r"^jsonld: (.*)$", page, re.M).group(1)))  # type: ignore[union-attr]
    assert jsonld["dateModified"] == "2026-03-04"
    events = {e["id"]: e for e in json.loads(built.exports["events.json"])["events"]}
    assert events["2025-05-12-summit-in-seoul"]["last_changed"] == "2026-03-04"
    assert events["2025-10-03-seoul-statement"]["last_changed"] == "2026-02-03"
    # Two builds of one commit are the same bytes, pages and data files alike.
    again = build_files(root, workers=1, publication=publication)
    assert {u: p.content for u, p in again.pages.items()} == \
        {u: p.content for u, p in built.pages.items()}
    assert again.exports == built.exports


def test_outside_a_repository_pages_keep_the_builds_day() -> None:
    # The fixtures are built where they are, inside this repository but not at its top.
    page = build_files(SMALL, workers=1).pages["events/2025-05-12-summit-in-seoul.md"].markdown
    assert "Last updated 22 November 2026." in page and "Last changed" not in page
    events = json.loads(build_files(SMALL, workers=1).exports["events.json"])["events"]
    assert {e["last_changed"] for e in events} == {None}


def test_the_preview_asks_git_again_only_when_head_moves(tmp_path: Path) -> None:
    root = small_repository(tmp_path)
    cache = BuildCache()
    first = build_files(root, workers=1, cache=cache)
    read = cache.history
    assert read is not None
    (root / OTHER).write_text((root / OTHER).read_text(encoding="utf-8") + "\nEdited.\n",
                              encoding="utf-8")
    build_files(root, workers=1, cache=cache)
    assert cache.history is read  # an edit moves no commit: the last answer holds
    commit(root, "statement edited", "2026-05-06T10:00:00+00:00")
    after = build_files(root, workers=1, cache=cache)
    assert cache.history is not read
    page = after.pages["events/2025-10-03-seoul-statement.md"].markdown
    assert "Last changed 6 May 2026." in page
    assert "Last changed 3 February 2026." in first.pages[
        "events/2025-10-03-seoul-statement.md"].markdown


def test_a_real_build_links_each_event_to_its_history(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site", SMALL / "seeds")
    git(project, "init", "-q", "-b", "main")
    commit(project, "the small timeline", "2026-02-03T10:00:00+00:00")
    build = Build(project, repo_url=TEST_REPO_URL)
    site = build.site()
    html = (site / "events" / "2025-05-12-summit-in-seoul" / "index.html").read_text("utf-8")
    cite = re.search(r'<p class="tl-cite">(.*?)</p>', html, re.S)
    assert cite is not None
    assert "Last changed 3 February 2026 (history)." in text_of(cite.group(1))
    assert ('href="https://github.com/example-org/tariff-timeline/commits/main/seeds/events/'
            '2025-05-12-summit-in-seoul.md"') in cite.group(1)


def test_an_update_dated_today_passes_check_before_it_is_committed(tmp_path: Path) -> None:
    # Pages are dated by the last commit (reproducible builds), but the check takes the clock's
    # day when that is later: `make check` and the pre-commit hook run before the commit that
    # adds the update, and the last commit may be weeks old.
    project = make_project(tmp_path / "site", SMALL / "seeds")
    git(project, "init", "-q", "-b", "main")
    commit(project, "the timeline", "2026-02-03T10:00:00+00:00")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    event = project / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace(
        "updates:\n", f"updates:\n  - date: {today}\n    note: Corrected today.\n", 1),
        encoding="utf-8")
    assert f"date: {today}" in event.read_text(encoding="utf-8")
    assert run_cli(project, "check", epoch=None).returncode == 0
    # Pinned by SOURCE_DATE_EPOCH (a reproducible build of that commit), the day is the pinned one.
    pinned = run_cli(project, "check", epoch=str(int(dt.datetime(2026, 2, 3, tzinfo=dt.UTC)
                                                     .timestamp())))
    assert pinned.returncode == 1
    assert pinned.stderr == (
        f"seeds/events/2025-05-12-summit-in-seoul.md:14:11: date: {today} is after today "
        "(2026-02-03, or 2026-02-04 east of UTC) — an update is dated the day it is made: write "
        "that day\n1 error, 0 warnings: nothing was written.\n")
    # The build and the preview check it on the same day as `check` (the hook sets
    # SOURCE_DATE_EPOCH for MkDocs from the last commit, which does not pin the check's day);
    # its pages stay dated by the commit.
    built = mkdocs(project, "build", "--strict", epoch=None)
    assert built.returncode == 0
    html = (project / "site" / "events" / "2025-05-12-summit-in-seoul" / "index.html").read_text(
        encoding="utf-8")
    assert "Corrected today." in html and "Last updated 3 February 2026" in text_of(html)
