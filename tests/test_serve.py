"""The preview, as `make serve` runs it: a real `build_timeline.py serve` on a free port, edited.

It never hangs: while a seed file is broken every page still answers, with the problem at its top,
and reloads itself when the file is fixed; deleted and renamed events leave it; and its search
index is byte for byte the one a full build of the same files writes.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.support import build_env, needs_polling, png_bytes

EVENT = "seeds/events/2026-01-29-first-day-of-washington-talks.md"
URL = "events/2026-01-29-first-day-of-washington-talks/"
BROKEN = (f'{EVENT}:3:7: date: "2026-01-32" is not a real date: January 2026 has 31 days — '
          "correct the day")
# What every page shows at its top while BROKEN stands (the title of the notice).
NOTICE = "The seed files have 1 error: this preview shows the timeline as it was before it"
# A page answers well within this while the seeds are broken (MkDocs' server used to hold every
# request until a rebuild succeeded): a bound, not a timing.
ANSWERS_WITHIN = 10.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(base: str, path: str, timeout: float = 5) -> str | None:
    """Return the page at `path` (a 404 page too), or None if the server does not answer."""
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def status(base: str, path: str) -> int | None:
    """Return the HTTP status of `path`, or None if the server does not answer."""
    try:
        with urllib.request.urlopen(base + path, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition: Callable[[], bool], what: str, limit: float = 90.0) -> None:
    """Poll `condition` until it holds; fail after `limit` seconds (a bound, not a timing)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up after {limit:.0f} s waiting for {what}")


def start(project: Path) -> tuple[subprocess.Popen[str], str]:
    """Return `make serve`'s command running on `project` on a free port, and its address."""
    port = free_port()
    log = (project / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "build_timeline.py", "serve", "--port", str(port)],
        cwd=project, env=build_env(), stdout=log, stderr=subprocess.STDOUT, text=True)
    log.close()
    return process, f"http://127.0.0.1:{port}/"


@pytest.fixture
def server(project: Path) -> Iterator[str]:
    """Yield the address of the preview of a copy of the project (its log: serve.log)."""
    process, base = start(project)
    try:
        wait_for(lambda: fetch(base, URL) is not None, "the preview to start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def logged(project: Path) -> str:
    """Return what the preview has printed so far."""
    return (project / "serve.log").read_text(encoding="utf-8")


def edit(project: Path, old: str, new: str, path: str = EVENT) -> None:
    """Replace `old` with `new` in a seed file, as an editor saves it."""
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_event_is_served_after_saving(project: Path, server: str) -> None:
    assert "First day of Washington talks ends without a deal" in (fetch(server, URL) or "")
    edit(project, "title: First day of Washington talks ends without a deal",
         "title: Washington talks pause after a long first day")
    wait_for(lambda: "Washington talks pause after a long first day" in (fetch(server, URL) or ""),
             "the edited title to be served")
    # The timeline lists the new title too.
    assert "Washington talks pause after a long first day" in (fetch(server, "timeline/") or "")


def test_a_broken_file_is_shown_on_every_page_which_still_answers_until_it_is_fixed(
        project: Path, server: str) -> None:
    edit(project, "date: 2026-01-29", "date: 2026-01-32")
    wait_for(lambda: NOTICE in (fetch(server, URL) or ""), "the problem to be shown")
    # Every page answers at once, the last good content below the problem: a hand-written page, a
    # generated one, the edited event's own, and a page that does not exist.
    for path in ("", "timeline/", URL, "about/", "no-such-page/"):
        started = time.monotonic()
        page = fetch(server, path, timeout=ANSWERS_WITHIN)
        assert page is not None and time.monotonic() - started < ANSWERS_WITHIN, path
        assert NOTICE in page, path
        assert f"<code>{EVENT}:3:7</code>" in page, path
    assert "First day of Washington talks ends without a deal" in (fetch(server, URL) or "")
    # The terminal lists the same problem, and says what the preview shows meanwhile.
    assert f"ERROR   -  {BROKEN}" in logged(project)
    assert ("ERROR   -  1 error in the seed files (listed above): this preview shows the "
            "timeline as it was before it, with the error at the top of every page, and reloads "
            "when you save a fix") in logged(project)
    assert "The server will appear stuck" not in logged(project)

    # Edited while broken, then fixed: the edit is served and the problem is gone from every page.
    edit(project, "Kim met Lutnick", "Kim met Lutnick (edited while broken)")
    edit(project, "date: 2026-01-32", "date: 2026-01-29")
    wait_for(lambda: "edited while broken" in (fetch(server, URL) or ""),
             "the fixed page to be served")
    for path in ("", "timeline/", URL):
        assert 'id="timeline-problems" role="alert"' not in (fetch(server, path) or ""), path


def test_a_preview_started_on_broken_files_answers_and_shows_them(project: Path) -> None:
    edit(project, "date: 2026-01-29", "date: 2026-01-32")
    process, base = start(project)
    try:
        wait_for(lambda: fetch(base, "timeline/") is not None, "the preview to start")
        page = fetch(base, "timeline/") or ""
        assert ("The seed files have 1 error: this preview shows no events until it is fixed"
                in page)
        assert f"<code>{EVENT}:3:7</code>" in page
        edit(project, "date: 2026-01-32", "date: 2026-01-29")
        wait_for(lambda: "First day of Washington talks" in (fetch(base, "timeline/") or ""),
                 "the timeline once fixed")
        assert 'role="alert"' not in (fetch(base, "timeline/") or "")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_open_page_reloads_itself_with_the_problem_and_again_when_it_is_fixed(
        project: Path, server: str) -> None:
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(server + URL)
        notice = tab.locator("#timeline-problems")
        assert notice.count() == 0
        edit(project, "date: 2026-01-29", "date: 2026-01-32")
        # Nobody reloads the tab: MkDocs' live reload script does, after each rebuild.
        notice.wait_for(state="visible", timeout=90_000)
        assert notice.get_attribute("role") == "alert"
        assert f"{EVENT}:3:7" in notice.inner_text()
        edit(project, "date: 2026-01-32", "date: 2026-01-29")
        notice.wait_for(state="detached", timeout=90_000)
        assert tab.title().startswith("First day of Washington talks ends without a deal")


def test_after_edits_renames_and_deletions_search_and_pages_are_those_of_a_full_build(
        project: Path, server: str, tmp_path: Path) -> None:
    events = project / "seeds" / "events"
    renamed = "2026-01-27-trump-says-both-sides-will-work-it-out"
    old = "2026-01-27-trump-says-the-two-sides-will-work-it-out"
    deleted = "2026-01-kim-to-meet-energy-secretary-wright"
    edit(project, "title: First day of Washington talks ends without a deal",
         "title: Talks run long on the first day")
    wait_for(lambda: "Talks run long" in (fetch(server, URL) or ""), "the edit")
    (events / f"{old}.md").rename(events / f"{renamed}.md")
    for path in events.glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace(old, renamed), encoding="utf-8")
    (events / f"{deleted}.md").unlink()
    for path in events.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if deleted in text:  # no event may relate to a deleted one
            path.write_text(text.replace(f", {deleted}", "").replace(f"{deleted}, ", ""),
                            encoding="utf-8")
    wait_for(lambda: status(server, f"events/{renamed}/") == 200
             and status(server, f"events/{deleted}/") == 404, "the rename and the deletion")
    assert status(server, f"events/{old}/") == 404
    assert f"events/{old}/" not in (fetch(server, "timeline/") or "")

    site = tmp_path / "full"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                   cwd=project, env=build_env(), check=True, capture_output=True)
    served = fetch(server, "search/search_index.json") or ""
    assert served == (site / "search" / "search_index.json").read_text(encoding="utf-8")
    titles = {doc["title"] for doc in json.loads(served)["docs"]}
    assert "Talks run long on the first day" in titles
    assert "First day of Washington talks ends without a deal" not in titles


def test_a_broken_template_is_shown_like_a_broken_seed_file(project: Path, server: str) -> None:
    template = "templates/pages/tags.md.j2"
    edit(project, "{% for", "{% if x %}{% for", path=template)
    wait_for(lambda: "the template cannot be used" in (fetch(server, "") or ""),
             "the template's problem to be shown")
    page = fetch(server, "tags/") or ""
    assert f"<code>{template}:" in page
    assert "Unexpected end of template" in page
    assert "The server will appear stuck" not in logged(project)
    edit(project, "{% if x %}{% for", "{% for", path=template)
    wait_for(lambda: 'role="alert"' not in (fetch(server, "tags/") or ""), "the fix")


def test_each_save_is_one_rebuild_and_the_next_save_is_served_too(project: Path,
                                                                  server: str) -> None:
    log = project / "serve.log"
    if needs_polling(str(project / "seeds")) is None:  # a local file system: inotify, not polling
        assert "by polling" not in log.read_text(encoding="utf-8")
    # The preview has no sitemap (it would list every page on every rebuild), nor the template.
    assert status(server, "sitemap.xml") == status(server, "sitemap.xml.gz") == 404
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


def test_a_markdown_extension_that_loses_the_narrative_is_shown_not_a_hang(
        project: Path, server: str) -> None:
    edit(project, "  - attr_list\n", "  - attr_list\n  - pymdownx.striphtml\n", path="mkdocs.yml")
    lost = "the narrative&#x27;s place was lost in the page&#x27;s HTML"
    wait_for(lambda: lost in (fetch(server, URL) or ""), "the problem to be shown")
    assert re.search(r"There (is 1 error|are [0-9]+ errors): this preview shows it as well as it can",
                     fetch(server, URL) or "")
    assert "The server will appear stuck" not in logged(project)
    edit(project, "  - pymdownx.striphtml\n", "", path="mkdocs.yml")
    wait_for(lambda: lost not in (fetch(server, URL) or ""), "the fix")


def test_an_image_added_changed_and_deleted_is_served_then_gone(project: Path, server: str) -> None:
    # The preview watches seeds/images/ like the rest of seeds/: a new folder of pictures, a
    # picture saved again, a picture and its entry removed.
    images = project / "seeds" / "images"
    images.mkdir()
    (images / "talks.png").write_bytes(png_bytes(30, 20))
    edit(project, "importance: 3\n", "importance: 3\nimages:\n  - file: talks.png\n"
         "    alt: The two delegations at the table\n    credit: Ministry press office\n")
    wait_for(lambda: 'width="30" height="20"' in (fetch(server, URL) or ""), "the new picture")
    assert status(server, "images/talks.png") == 200
    (images / "talks.png").write_bytes(png_bytes(60, 40))
    wait_for(lambda: 'width="60" height="40"' in (fetch(server, URL) or ""), "the changed picture")
    edit(project, "images:\n  - file: talks.png\n    alt: The two delegations at the table\n"
         "    credit: Ministry press office\n", "")
    (images / "talks.png").unlink()
    wait_for(lambda: status(server, "images/talks.png") == 404, "the deleted picture to go")
    assert "tl-figure" not in (fetch(server, URL) or "")
