"""The site swap: site/ is a complete site at every instant, whatever happens to a build.

Real `mkdocs build` processes, killed, stopped, run two at once and run out of room (a tiny file
system mounted in a private namespace, where Linux lets any user do that).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import SMALL, TEST_REPO_URL, build_env, mkdocs, run_cli

LOCK = ".site.lock"


def snapshot(site: Path) -> dict[str, bytes]:
    """Return every file of a site, by relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def beside(folder: Path, name: str = "site") -> list[str]:
    """Return the names the swap keeps beside `folder/name`: its lock, and any leftover."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def start_build(project: Path, *args: str) -> subprocess.Popen[str]:
    """Return a `mkdocs build --strict` started in `project`, its output in build.log."""
    log = (project.parent / "build.log").open("w", encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", *args],
                            cwd=project, env=build_env(TEST_REPO_URL), stdout=log,
                            stderr=subprocess.STDOUT, text=True)


def wait_for_staging(project: Path, build: subprocess.Popen[str], inside: str = "") -> Path:
    """Return the build's staging folder once it holds `inside`; fail if the build ends first."""
    deadline = time.monotonic() + 120  # a bound for a loaded machine, not a timing
    while time.monotonic() < deadline and build.poll() is None:
        for staging in project.glob(".site.building-*"):
            if (staging / inside).exists():
                return staging
        time.sleep(0.005)
    pytest.fail(f"the build ended ({build.poll()}) before its staging folder held {inside!r}")


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Return the lines MkDocs logged as errors, without its prefix."""
    assert "Traceback" not in result.stderr
    return [line.removeprefix("ERROR   -  ") for line in result.stderr.splitlines()
            if line.startswith("ERROR")]


def test_a_build_killed_halfway_leaves_the_previous_site_and_the_next_one_cleans_up(
        built_project: Path) -> None:
    before = snapshot(built_project / "site")
    build = start_build(built_project)
    try:
        staging = wait_for_staging(built_project, build, "assets/javascripts")
    finally:
        build.kill()
    assert build.wait() == -signal.SIGKILL
    assert snapshot(built_project / "site") == before
    assert beside(built_project) == sorted([LOCK, staging.name])
    result = mkdocs(built_project, "build", "--strict", repo_url=TEST_REPO_URL)
    assert f"Removed 1 folder(s) that interrupted builds left beside {built_project / 'site'}" \
        in result.stderr
    assert beside(built_project) == [LOCK]
    assert snapshot(built_project / "site") == before  # the same seeds: the same site


def test_a_site_moved_aside_by_a_killed_swap_is_put_back_even_if_the_build_fails(
        built_project: Path) -> None:
    # What a build killed between the two renames of a swap leaves (earlier versions always
    # swapped so; now only file systems that cannot exchange two names): no site/ at all.
    before = snapshot(built_project / "site")
    aside = built_project / ".site.old-k1lled"
    aside.mkdir()
    (built_project / "site").rename(aside / "site")
    (built_project / "seeds" / "events" / "2026-02-02-broken.md").write_text(
        "---\ntitle: Broken\n---\n", encoding="utf-8")
    result = mkdocs(built_project, "build", "--strict", repo_url=TEST_REPO_URL, check=False)
    assert result.returncode == 1
    assert "problems in the seed files; nothing was built" in result.stderr
    assert (f"Put back the previous site at {built_project / 'site'}, which an interrupted build "
            "had moved aside") in result.stderr
    assert snapshot(built_project / "site") == before
    assert beside(built_project) == [LOCK]


def test_a_second_build_at_the_same_time_stops_with_one_line(built_project: Path) -> None:
    first = start_build(built_project)
    try:
        wait_for_staging(built_project, first)
        first.send_signal(signal.SIGSTOP)  # holds the lock while the second one runs
        second = mkdocs(built_project, "build", "--strict", repo_url=TEST_REPO_URL, check=False)
        first.send_signal(signal.SIGCONT)
        assert first.wait(timeout=300) == 0
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 1
    assert errors(second) == [
        f"another build is writing site/ (pid {first.pid}) — wait for it to finish, or stop it, "
        "then try again"]
    assert (built_project / "site" / "events" / "2026-01-29-first-day-of-washington-talks"
            / "index.html").is_file()
    assert beside(built_project) == [LOCK]


def test_a_dirty_build_updates_the_site_in_one_swap(built_project: Path) -> None:
    event = built_project / "seeds" / "events" / "2026-01-29-first-day-of-washington-talks.md"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "First day of Washington talks ends without a deal", "Talks end without a deal, day one"),
        encoding="utf-8")
    mkdocs(built_project, "build", "--dirty", repo_url=TEST_REPO_URL)  # --dirty always warns
    page = built_project / "site" / "events" / event.stem / "index.html"
    assert "Talks end without a deal, day one" in page.read_text(encoding="utf-8")
    assert (built_project / "site" / "timeline" / "index.html").is_file()
    assert beside(built_project) == [LOCK]


def test_a_file_where_the_site_folder_must_go_is_one_line(built_project: Path) -> None:
    (built_project / "blocker").write_text("not a folder\n", encoding="utf-8")
    result = mkdocs(built_project, "build", "--strict", "-d", "blocker/site", check=False)
    assert result.returncode == 1
    blocker = built_project / "blocker"
    assert errors(result) == [
        f"preparing {blocker / 'site'} failed: File exists ({blocker}); a file stands where a "
        "folder must be — move it away, or build elsewhere with `mkdocs build -d DIR`"]


# A file system of its own: `unshare -rm` makes a mount namespace, where this user may mount a
# tmpfs over a folder for one command; nothing outside that command sees it.
def _can_mount() -> bool:
    """Return whether this machine lets the tests mount a private file system."""
    if shutil.which("unshare") is None or not sys.platform.startswith("linux"):
        return False
    try:
        return subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs `unshare -rm` and tmpfs")


def build_on_own_disk(project: Path, size: str = "", read_only: bool = False,
                      ) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Return how a build into `out/site` ended, on a tmpfs that holds a copy of the built site,
    and a copy of what out/ then held (the tmpfs is gone with the namespace)."""
    (project / "out").mkdir()
    options = f"-o size={size}" if size else ""
    remount = "mount -o remount,ro out &&" if read_only else ""
    script = (f"mount -t tmpfs {options} tmpfs out && cp -a site out/site && {remount} "
              f"{sys.executable} -m mkdocs build --strict -d out/site; status=$?; "
              "cp -a out seen && exit $status")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=project,
                            env=build_env(TEST_REPO_URL), capture_output=True, text=True,
                            timeout=300)
    return result, project / "seen"


@needs_mount
def test_a_full_disk_is_one_line_and_leaves_the_previous_site(built_project: Path) -> None:
    before = snapshot(built_project / "site")
    room = sum(len(content) for content in before.values()) + 512 * 1024
    result, seen = build_on_own_disk(built_project, size=str(room))
    assert result.returncode == 1
    [line] = errors(result)
    site = built_project / "out" / "site"
    assert line.startswith(f"writing the site failed: No space left on device ({site}/")
    assert line.endswith("); the disk is full — free some space on it, or build elsewhere with "
                         "`mkdocs build -d DIR`, then try again; site/ was left as it was")
    assert snapshot(seen / "site") == before
    assert beside(seen) == [LOCK]


@needs_mount
def test_a_read_only_disk_is_one_line_and_leaves_the_previous_site(built_project: Path) -> None:
    before = snapshot(built_project / "site")
    result, seen = build_on_own_disk(built_project, read_only=True)
    assert result.returncode == 1
    site = built_project / "out" / "site"
    assert errors(result) == [
        f"preparing {site} failed: Read-only file system ({site.parent / LOCK}); that file system "
        "is read-only — build elsewhere with `mkdocs build -d DIR`"]
    assert snapshot(seen / "site") == before


def test_render_removes_what_an_interrupted_render_left(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "tree"
    assert run_cli(project, "--root", str(SMALL), "render", "--out", str(out)).returncode == 0
    before = snapshot(out)
    # A render killed while writing, and one killed between the two renames of a swap.
    (tmp_path / ".tree.building-k1lled" / "docs").mkdir(parents=True)
    (tmp_path / ".tree.old-k1lled").mkdir()
    out.rename(tmp_path / ".tree.old-k1lled" / "tree")
    assert run_cli(project, "--root", str(SMALL), "render", "--out", str(out)).returncode == 0
    assert snapshot(out) == before
    assert beside(tmp_path, "tree") == [".tree.lock"]


def test_a_file_named_site_is_kept_and_the_build_says_so(project: Path) -> None:
    (project / "site").write_text("my notes\n", encoding="utf-8")
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode == 1
    assert errors(result) == [
        f"{project / 'site'} is a file, not a folder — move it away, or build elsewhere with "
        "`mkdocs build -d DIR`"]
    assert (project / "site").read_text(encoding="utf-8") == "my notes\n"


def test_gh_deploy_publishes_the_swapped_site(project: Path, tmp_path: Path) -> None:
    # `mkdocs gh-deploy` reads site_dir after the build: the hook points it back at site/.
    git = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], env=git, check=True)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "seeds"],
                    ["remote", "add", "origin", str(remote)]):
        subprocess.run(["git", *command], cwd=project, env=git, check=True)
    mkdocs(project, "gh-deploy", "--force", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    published = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only",
                                "gh-pages"], capture_output=True, text=True, check=True).stdout
    assert "events/2026-01-29-first-day-of-washington-talks/index.html" in published.splitlines()
    assert not any(name.startswith(".site") for name in published.splitlines())
    assert beside(project) == [LOCK]
