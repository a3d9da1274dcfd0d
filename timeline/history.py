"""History: when each event file last changed, from the repository's commits (git), read in one pass.

The edge where the build asks git; everything else is given the answer as data (render.py,
export.py). Dates are commit dates, never file times, so that two builds of one commit are the
same bytes wherever they run. There is no answer (an empty mapping) when git is missing, the
project is not the top of a repository (a timeline is its own repository, as `init` makes it:
the fixtures under tests/ are not read from this project's history), or git fails; the build
goes on without it.

Measured on a repository of 10,000 event files (bench/generate.py) and 100 commits (the first
adding them all, each of the others changing 100), on a shared 2-core machine: the one `git log`
takes 0.9 s and writes 1.3 MB when all of it is read (here, 100 files were never changed after the
first commit); it is read only until every file is dated (newest commits first), so 0.02 s when
the files asked for are those of the last commit. `git rev-parse HEAD`, which tells the preview
whether its last answer still holds (pipeline.BuildCache), takes 2 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .urls import EVENTS_FOLDER

# Git is asked with a bound on its time and on what is read of its answer: a repository of 10,000
# event files and 100 commits writes 1.3 MB, and an answer is read only until every file is dated.
GIT_TIMEOUT_SECONDS = 30
GIT_MAX_BYTES = 256_000_000
_CHUNK = 1 << 16
# A commit's line of `git log --format`: \x01, its hash, a space, its commit time (Unix seconds).
_FORMAT = "--format=%x01%H %ct"


@dataclass(frozen=True)
class Change:
    """The last commit that touched a file: its day (UTC) and its hash."""

    date: dt.date
    commit: str


def _git_env() -> dict[str, str]:
    """Return git's environment: the user's, without settings that would change its answer's form."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["LC_ALL"] = "C"
    return env


def repository_head(root: Path) -> str | None:
    """Return the commit checked out in `root` if `root` is the top of a git work tree that has
    one; else None (no git, no repository, a sub-folder of one, no commit yet)."""
    try:
        found = subprocess.run(["git", "rev-parse", "--show-prefix", "HEAD"], cwd=root,
                               capture_output=True, text=True, timeout=GIT_TIMEOUT_SECONDS,
                               env=_git_env(), stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = found.stdout.split("\n")
    # At the top of the work tree the prefix is an empty line; then HEAD's hash.
    if found.returncode != 0 or len(lines) < 2 or lines[0] != "":
        return None
    head = lines[1].strip()
    return head if len(head) >= 40 and all(c in "0123456789abcdef" for c in head) else None


def last_changes(root: Path, paths: Collection[str]) -> dict[str, Change]:
    """Return, for each of `paths` (event files, as `seeds/events/…` relative to `root`) that a
    commit touched, the last commit that did; {} without a repository at `root` or if git fails.

    One `git log` of seeds/events, newest commit first, read until every path is dated.
    """
    if not paths or repository_head(root) is None:
        return {}
    wanted = set(paths)
    found: dict[str, Change] = {}
    try:
        process = subprocess.Popen(
            ["git", "-c", "core.quotepath=off", "log", _FORMAT, "--name-only", "--no-renames",
             "-z", "--", EVENTS_FOLDER], cwd=root, env=_git_env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return {}
    timer = threading.Timer(GIT_TIMEOUT_SECONDS, process.kill)
    timer.start()
    try:
        assert process.stdout is not None
        pending, read = b"", 0
        change: Change | None = None
        # Until every path is dated: the rest of the history is not needed.
        while len(found) < len(wanted):
            chunk = os.read(process.stdout.fileno(), _CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > GIT_MAX_BYTES:
                return {}
            *tokens, pending = (pending + chunk).split(b"\0")
            for token in tokens:
                change = _take(token, change, wanted, found)
    finally:
        timer.cancel()
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]
    # Read to its end, git must have succeeded: killed by the timer, or failing, it gives nothing.
    if len(found) < len(wanted) and process.returncode != 0:
        return {}
    return found


def _take(token: bytes, change: Change | None, wanted: set[str],
          found: dict[str, Change]) -> Change | None:
    """Return the commit a token of git's answer belongs to, dating the path it names if it is
    one of `wanted` not yet dated (the first commit to name a path is its last)."""
    token = token.removeprefix(b"\n")
    if token.startswith(b"\x01"):
        commit, _, stamp = token[1:].decode("ascii", "replace").partition(" ")
        try:
            day = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            return None
        return Change(day, commit)
    if change is None or not token:
        return change
    path = os.fsdecode(token)
    if path in wanted and path not in found:
        found[path] = change
    return change
