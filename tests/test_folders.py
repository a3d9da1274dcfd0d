"""Folders under seeds/events/: read at any depth up to the limit, in one order on every system; an
event's id is its file name whatever the folder, so moving a file changes only its Edit link."""

from __future__ import annotations

import dataclasses
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    SMALL,
    TEST_REPO_URL,
    TODAY,
    Build,
    F,
    SeedCache,
    SeedFile,
    Seeds,
    build_files,
    check_seeds,
    make_project,
    read_seeds,
    run_cli,
    time_bound,
)

LINK = ("this is a symbolic link, which is never followed; seed files and their folders must be "
        "real files and folders in the repository — replace the link with the file or folder "
        "itself")
SUMMIT = "2025-05-12-summit-in-seoul"
NEW = ("--summary", "Talks resume.", "--source", "anadolu-2026-01-30")


@pytest.fixture(autouse=True)
def within_a_minute() -> Iterator[None]:
    """Fail a test that hangs (a walk that never ends, a named pipe opened)."""
    with time_bound(60):
        yield


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return a project root holding a copy of the small fixture's seeds (valid, nine events)."""
    shutil.copytree(SMALL / "seeds", tmp_path / "root" / "seeds")
    return tmp_path / "root"


def events_of(root: Path) -> Path:
    """Return the seeds/events/ folder of a project."""
    return root / "seeds" / "events"


def file_under(root: Path, event_id: str, folder: str) -> Path:
    """Move the event file `event_id` from seeds/events/ into `folder` under it; return its path."""
    target = events_of(root) / folder / f"{event_id}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    (events_of(root) / f"{event_id}.md").rename(target)
    return target


def file_by_year(root: Path) -> None:
    """Move every event file directly in seeds/events/ into the folder of its year."""
    for path in sorted(events_of(root).glob("*.md")):
        file_under(root, path.stem, path.stem[:4])


def check(root: Path) -> tuple[int, str, list[str]]:
    """Return the exit status of `check` on `root`, its standard output and its error lines."""
    result = run_cli(root, "check")
    return result.returncode, result.stdout, result.stderr.splitlines()


def nested(depth: int) -> str:
    """Return a folder path `depth` levels deep: "1/2/3"."""
    return "/".join(str(level) for level in range(1, depth + 1))


def test_event_files_are_read_in_the_code_point_order_of_their_paths(root: Path) -> None:
    # Orders a walk could take instead: folder by folder ("2025/…" before "2025-…"), ignoring case
    # ("a/" before "B/"), by a locale ("é/" among the e's), or the file system's listing order.
    for event_id, folder in (("2025-06-01-talks-postponed", "é"), ("2024-rules-change", "B"),
                             ("2025-08-inquiry-opens", "2025"), (SUMMIT, "2025/05"),
                             ("2025-03-preparations-begin", "a")):
        file_under(root, event_id, folder)
    read = [seed.path for seed in read_seeds(root).events]
    assert read == [
        "seeds/events/2025-09-30-meeting-cancelled.md",
        "seeds/events/2025-10-03-seoul-statement.md",
        "seeds/events/2025-11-01-narrative-with-html.md",
        f"seeds/events/2025/05/{SUMMIT}.md",
        "seeds/events/2025/2025-08-inquiry-opens.md",
        "seeds/events/2099-01-15-future-vote.md",
        "seeds/events/B/2024-rules-change.md",
        "seeds/events/a/2025-03-preparations-begin.md",
        "seeds/events/é/2025-06-01-talks-postponed.md",
    ]
    assert [seed.path for seed in read_seeds(root).events] == read
    assert check(root) == (0, "9 events checked: no errors.\n", [])


def test_a_timeline_filed_three_folders_deep_is_the_flat_timeline(root: Path) -> None:
    flat, _ = check_seeds(read_seeds(root), TODAY)
    for path in sorted(events_of(root).glob("*.md")):
        file_under(root, path.stem, f"{path.stem[:4]}/{path.stem[5:7]}/notes")
    filed, problems = check_seeds(read_seeds(root), TODAY)
    assert flat is not None and filed is not None and problems == []
    assert [event.path for event in filed.events][:2] == [
        "seeds/events/2024/ru/notes/2024-rules-change.md",
        "seeds/events/2025/03/notes/2025-03-preparations-begin.md"]
    # The same events, ids and all, but for where their files are.
    assert [dataclasses.replace(event, path="") for event in filed.events] == \
        [dataclasses.replace(event, path="") for event in flat.events]


def test_folders_are_read_down_to_the_depth_limit_and_no_deeper(root: Path) -> None:
    assert F.EVENTS_MAX_DEPTH == 16
    file_under(root, SUMMIT, nested(16))
    assert check(root) == (0, "9 events checked: no errors.\n", [])
    file_under(root, "2025-08-inquiry-opens", nested(17))
    (events_of(root) / nested(17) / "18").mkdir()
    assert check(root) == (1, "", [
        f"seeds/events/{nested(17)}:1:1: this folder is more than 16 levels below seeds/events/, "
        "so nothing in it was read — move its event files to a folder at most 16 levels down, "
        "such as seeds/events/2025/",
        "1 error, 0 warnings: nothing was written."])
    assert len(read_seeds(root).events) == 8  # the file 17 levels down was not read


def test_an_id_in_two_folders_is_reported_at_each_later_file_naming_the_first(root: Path) -> None:
    file_under(root, SUMMIT, "2025")
    for folder in ("archive", "2025/05"):
        (events_of(root) / folder).mkdir(parents=True)
        shutil.copy(events_of(root) / "2025" / f"{SUMMIT}.md", events_of(root) / folder)
    code, out, err = check(root)
    assert (code, out) == (1, "")
    assert err == [
        f"seeds/events/2025/{SUMMIT}.md:1:1: this event's id '{SUMMIT}' is also in "
        f"seeds/events/2025/05/{SUMMIT}.md: an id is the file name, whatever the folder — rename "
        "one of the two files, or delete the copy",
        f"seeds/events/archive/{SUMMIT}.md:1:1: this event's id '{SUMMIT}' is also in "
        f"seeds/events/2025/05/{SUMMIT}.md: an id is the file name, whatever the folder — rename "
        "one of the two files, or delete the copy",
        "2 errors, 0 warnings: nothing was written."]


def test_a_linked_sub_folder_or_file_is_refused_and_nothing_from_outside_is_read(
        root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2025-05-20-from-outside.md").write_bytes(
        (events_of(root) / f"{SUMMIT}.md").read_bytes())
    (events_of(root) / "2025").symlink_to(elsewhere, target_is_directory=True)
    (events_of(root) / "real" / "deeper").mkdir(parents=True)
    (events_of(root) / "real" / "deeper" / "2025-05-21-linked.md").symlink_to(
        elsewhere / "2025-05-20-from-outside.md")
    assert check(root) == (1, "", [
        f"seeds/events/2025:1:1: {LINK}",
        f"seeds/events/real/deeper/2025-05-21-linked.md:1:1: {LINK}",
        "2 errors, 0 warnings: nothing was written."])


def test_a_stray_file_in_a_sub_folder_is_named_at_its_real_path(root: Path) -> None:
    (events_of(root) / "2025" / "05").mkdir(parents=True)
    (events_of(root) / "2025" / "05" / "notes.txt").write_text("x\n", encoding="utf-8")
    assert check(root) == (1, "", [
        "seeds/events/2025/05/notes.txt:1:1: this is not an event file: seeds/events/ holds only "
        "event files named <id>.md — rename it to end in .md, or move it out of seeds/events/",
        "1 error, 0 warnings: nothing was written."])


def test_hidden_entries_are_skipped_and_empty_folders_are_fine_at_any_depth(root: Path) -> None:
    # As directly in seeds/events/: editor and OS files, and folders such as .git/, are not read.
    (events_of(root) / "2025" / ".drafts").mkdir(parents=True)
    (events_of(root) / "2025" / ".drafts" / "2025-05-20-draft.md").write_text("---\n", "utf-8")
    (events_of(root) / "2025" / ".DS_Store").write_bytes(b"\0\1")
    (events_of(root) / "2026" / "empty").mkdir(parents=True)
    assert check(root) == (0, "9 events checked: no errors.\n", [])


def test_editor_backups_beside_an_event_are_skipped_not_reported_as_strays(root: Path) -> None:
    # Emacs, Vim, Kate and gedit backups, Emacs' auto-save and JetBrains' safe-write copies all
    # appear while a contributor edits; reported, they would stop the preview until deleted.
    for name in ("2025-05-20-x.md~", "#2025-05-20-x.md#", "2025-05-20-x.md___jb_tmp___",
                 "2025-05-20-x.md___jb_old___"):
        (events_of(root) / name).write_text("not yaml: [\n", "utf-8")
    # A lone "#" or a name ending in "#" alone is no auto-save: still reported.
    (events_of(root) / "notes#").write_text("x\n", "utf-8")
    assert check(root) == (1, "", [
        "seeds/events/notes#:1:1: this is not an event file: seeds/events/ holds only event files "
        "named <id>.md — rename it to end in .md, or move it out of seeds/events/",
        "1 error, 0 warnings: nothing was written."])


def test_a_moved_file_is_parsed_again_and_its_problems_follow_it() -> None:
    broken = b"---\ntitle: Broken\ndate: 2025-05-20\n"
    cache = SeedCache()
    seeds = read_seeds(SMALL)

    def checked(*extra: SeedFile) -> list[str]:
        every = Seeds(tuple(sorted((*seeds.events, *extra), key=lambda seed: seed.path)),
                      seeds.sources, seeds.actors, seeds.tags, images=seeds.images)
        return [str(problem) for problem in check_seeds(every, TODAY, cache)[1]]

    unclosed = ('1:1: the front matter opened here is never closed — add a line "---" after the '
                "last field")
    assert checked(SeedFile("seeds/events/2025-05-20-broken.md", broken)) == [
        f"seeds/events/2025-05-20-broken.md:{unclosed}"]
    assert checked(SeedFile("seeds/events/2025/05/2025-05-20-broken.md", broken)) == [
        f"seeds/events/2025/05/2025-05-20-broken.md:{unclosed}"]
    assert ("seeds/events/2025/05/2025-05-20-broken.md", broken) in cache.parsed
    assert ("seeds/events/2025-05-20-broken.md", broken) not in cache.parsed


def test_new_writes_in_the_year_folder_of_a_timeline_filed_by_year(project: Path) -> None:
    file_by_year(project)
    made = run_cli(project, "new", "Talks resume", "2026-02-03", *NEW)
    path = "seeds/events/2026/2026-02-03-talks-resume.md"
    assert (made.returncode, made.stdout) == (0, f"Wrote {path}. Add tags, actors, quotes and "
                                                 "the narrative, then run `make check`.\n")
    assert (project / path).is_file()
    # A year with no folder yet gets one.
    made = run_cli(project, "new", "Looking back", "2024-12", *NEW)
    assert made.stdout.startswith("Wrote seeds/events/2024/2024-12-looking-back.md. ")
    assert run_cli(project, "check").stdout.startswith("11 events checked: no errors.")


def test_new_writes_directly_in_seeds_events_while_some_files_are_there(project: Path) -> None:
    file_under(project, "2026-01-29-first-day-of-washington-talks", "2026")
    made = run_cli(project, "new", "Talks resume", "2026-02-03", *NEW)
    assert made.stdout.startswith("Wrote seeds/events/2026-02-03-talks-resume.md. ")


def test_new_writes_in_the_folder_asked_for(project: Path) -> None:
    made = run_cli(project, "new", "Talks resume", "2026-02-03", *NEW, "--folder", "2026/02/")
    assert made.stdout.startswith("Wrote seeds/events/2026/02/2026-02-03-talks-resume.md. ")
    deepest = nested(16)
    made = run_cli(project, "new", "Deep", "2026-02-04", *NEW, "--folder", deepest)
    assert made.stdout.startswith(f"Wrote seeds/events/{deepest}/2026-02-04-deep.md. ")
    assert run_cli(project, "check").stdout.startswith("11 events checked: no errors.")


@pytest.mark.parametrize(("folder", "message"), [
    ("../elsewhere", '"../elsewhere" is not a folder inside seeds/events/ — give it relative to '
                     "seeds/events/, such as 2025"),
    ("/tmp", '"/tmp" is not a folder inside seeds/events/ — give it relative to seeds/events/, '
             "such as 2025"),
    ("2026/.drafts", '".drafts" starts with ".", and the checker skips such folders — choose a '
                     'name that does not start with "."'),
    (nested(17), f'"{nested(17)}" is 17 levels below seeds/events/, more than the 16 that are '
                 "read — choose a folder at most 16 levels down"),
])
def test_new_refuses_a_folder_the_checker_would_not_read(project: Path, folder: str,
                                                          message: str) -> None:
    before = sorted(events_of(project).rglob("*"))
    refused = run_cli(project, "new", "Talks resume", "2026-02-03", *NEW, "--folder", folder)
    assert (refused.returncode, refused.stdout, refused.stderr) == (1, "", f"--folder: {message}\n")
    assert sorted(events_of(project).rglob("*")) == before


def test_new_never_writes_through_a_linked_folder(project: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (events_of(project) / "2026").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    refused = run_cli(project, "new", "Talks resume", "2026-02-03", *NEW, "--folder", "2026/02")
    assert (refused.returncode, refused.stderr) == (
        1, f"seeds/events/2026:1:1: {LINK}\nNothing was written.\n")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_new_finds_an_existing_id_in_any_folder(project: Path) -> None:
    file_by_year(project)
    again = run_cli(project, "new", "First day of Washington talks", "2026-01-29", *NEW,
                    "--folder", "elsewhere")
    assert (again.returncode, again.stderr) == (
        1, "seeds/events/2026/2026-01-29-first-day-of-washington-talks.md already exists — edit "
           "it, or give the new event a different title\n")
    assert not (events_of(project) / "elsewhere").exists()


def test_moving_a_file_changes_only_its_edit_path(root: Path) -> None:
    flat = build_files(root)
    file_under(root, SUMMIT, "2025/05")
    moved = build_files(root)
    page = f"events/{SUMMIT}.md"
    assert moved.pages[page].edit_path == f"seeds/events/2025/05/{SUMMIT}.md"
    assert flat.pages[page].edit_path == f"seeds/events/{SUMMIT}.md"
    assert {uri: p.markdown for uri, p in moved.pages.items()} == \
        {uri: p.markdown for uri, p in flat.pages.items()}
    assert moved.exports == flat.exports


def snapshot(site: Path) -> dict[str, bytes]:
    """Return every file of a built site, by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_moved_event_keeps_its_address_and_its_edit_button_opens_the_new_path(
        tmp_path: Path) -> None:
    signal.alarm(600)  # two real builds, side by side, on a loaded machine
    flat = make_project(tmp_path / "flat", SMALL / "seeds")
    moved = make_project(tmp_path / "moved", SMALL / "seeds")
    file_under(moved, SUMMIT, "2025/05")
    builds = [Build(flat, TEST_REPO_URL), Build(moved, TEST_REPO_URL)]
    try:
        before, after = (snapshot(build.site()) for build in builds)
    finally:
        for build in builds:
            build.stop()
    page = f"events/{SUMMIT}/index.html"
    edit = re.compile(rb'<a href="([^"]+)"[^>]*title="Edit this page"')
    old_link, new_link = (edit.findall(site[page]) for site in (before, after))
    assert old_link == [f"{TEST_REPO_URL}/edit/main/seeds/events/{SUMMIT}.md".encode()]
    assert new_link == [f"{TEST_REPO_URL}/edit/main/seeds/events/2025/05/{SUMMIT}.md".encode()]
    # Every other byte of the site is the same: addresses, pages, feeds, data files, search.
    assert sorted(after) == sorted(before)
    # The Korean page of the event (mkdocs.yml publishes one) opens the same file.
    assert sorted(name for name in before if before[name] != after[name]) == [page, "ko/" + page]
    for name in (page, "ko/" + page):
        assert after[name].replace(new_link[0], old_link[0]) == before[name]
