"""`mkdocs serve` rebuilds when a seed file changes, and keeps serving the last good site on errors."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import build_env, needs_polling

EVENT = "seeds/events/2026-01-29-first-day-of-washington-talks.md"
URL = "events/2026-01-29-first-day-of-washington-talks/"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(base: str, path: str) -> str | None:
    """Return the page at `path`, or None if the server does not answer yet."""
    try:
        with urllib.request.urlopen(base + path, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, what: str, limit: float = 60.0) -> None:
    """Poll `condition` until it holds; fail after `limit` seconds (a bound, not a timing)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up after {limit:.0f} s waiting for {what}")


@pytest.fixture
def server(project: Path):
    """Yield the base URL of `mkdocs serve` running on a copy of the project (log: serve.log)."""
    port = free_port()
    env = build_env()
    log = (project / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        # As `make serve` runs it: --dirty rebuilds only the pages whose content changed.
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload",
         "--dirty"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base, URL) is not None, "mkdocs serve to start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def edit(project: Path, old: str, new: str) -> None:
    path = project / EVENT
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_edited_event_is_served_after_saving(project: Path, server: str) -> None:
    assert "First day of Washington talks ends without a deal" in (fetch(server, URL) or "")
    edit(project, "title: First day of Washington talks ends without a deal",
         "title: Washington talks pause after a long first day")
    wait_for(lambda: "Washington talks pause after a long first day" in (fetch(server, URL) or ""),
             "the edited title to be served")
    # The timeline lists the new title too, and search still knows every page.
    assert "Washington talks pause after a long first day" in (fetch(server, "timeline/") or "")
    index = json.loads(fetch(server, "search/search_index.json") or "null")
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"events/{p.stem}/" for p in (project / "seeds" / "events").glob("*.md")} <= locations


def test_a_broken_edit_is_reported_and_the_fix_is_served(project: Path, server: str) -> None:
    edit(project, "date: 2026-01-29", "date: 2026-01-32")
    edit(project, "Kim met Lutnick", "Kim met Lutnick (edited while broken)")
    # MkDocs holds requests while the last rebuild has failed; the log says what to fix.
    message = (f'{EVENT}:3:7: date: "2026-01-32" is not a real date: January 2026 has 31 days — '
               "correct the day")
    wait_for(lambda: message in (project / "serve.log").read_text(encoding="utf-8"),
             "the problem to be logged")
    edit(project, "date: 2026-01-32", "date: 2026-01-29")
    wait_for(lambda: "edited while broken" in (fetch(server, URL) or ""),
             "the fixed page to be served")


def test_each_save_is_one_rebuild_and_the_next_save_is_served_too(project: Path,
                                                                  server: str) -> None:
    log = project / "serve.log"
    if needs_polling(str(project / "seeds")) is None:  # a local file system: inotify, not polling
        assert "by polling" not in log.read_text(encoding="utf-8")
    # The preview has no sitemap (it would list every page on every rebuild), nor the template.
    assert fetch(server, "sitemap.xml") is None and fetch(server, "sitemap.xml.gz") is None
    edit(project, "title: First day of Washington talks ends without a deal",
         "title: Washington talks pause after a long first day")
    wait_for(lambda: "Washington talks pause after a long first day" in (fetch(server, URL) or ""),
             "the edited title to be served")
    # Reading every seed file to rebuild must not look like a change (it would rebuild forever).
    time.sleep(2)
    assert log.read_text(encoding="utf-8").count("Detected file changes") == 1
    # The second rebuild takes back the unchanged pages of the first (timeline/serving.py).
    edit(project, "title: Washington talks pause after a long first day",
         "title: Washington talks end their first day")
    wait_for(lambda: "Washington talks end their first day" in (fetch(server, URL) or ""),
             "the second edit to be served")
    assert "Washington talks end their first day" in (fetch(server, "timeline/") or "")
    assert log.read_text(encoding="utf-8").count("Detected file changes") == 2
    assert "Traceback" not in log.read_text(encoding="utf-8")
