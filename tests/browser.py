"""Headless Chromium for the tests: Debian's /usr/bin/chromium driven by Playwright, no download."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]



# The pinned TimelineJS (tests/js/package.json), loaded from disk: no request leaves the machine.
TIMELINEJS = Path(__file__).resolve().parent / "js" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"


def timelinejs_page(folder: Path, timeline_json: bytes) -> Path:
    """Return `folder` set up to show `timeline_json` in the real TimelineJS (its index.html sets
    `window.timeline`, and `window.loaded` once TimelineJS has drawn it)."""
    assert TIMELINEJS.is_dir(), "run `make test`: it installs tests/js (npm ci)"
    shutil.copytree(TIMELINEJS, folder / "tljs")
    (folder / "timeline.json").write_bytes(timeline_json)
    (folder / "index.html").write_text("""<!doctype html>
<html><head><meta charset="utf-8"><title>TimelineJS</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="tljs/css/timeline.css"><script src="tljs/js/timeline.js"></script>
</head><body><div id="embed" style="width: 1000px; height: 600px"></div><script>
fetch("timeline.json").then(r => r.json()).then(data => {
  window.timeline = new TL.Timeline("embed", data, {script_path: "tljs/js/", font: null});
  window.timeline.on("loaded", () => { window.loaded = true; });
});
</script></body></html>""", encoding="utf-8")
    return folder

@contextmanager
def drawn_by_timelinejs(folder: Path, timeline_json: bytes) -> Iterator[tuple[Page, list[str]]]:
    """Yield a Chromium page on which the real TimelineJS has drawn `timeline_json` (served from
    `folder`), and the list that collects the page's uncaught errors as it goes on."""
    timelinejs_page(folder, timeline_json)
    errors: list[str] = []
    with serve_site(folder) as base, chromium() as browser:
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "index.html")
        page.wait_for_function("window.loaded === true", timeout=20_000)
        yield page, errors


def require_chromium() -> None:
    """Skip on a developer machine without Chromium; in CI (CI=true) fail instead."""
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def handle(self) -> None:
        # A browser that leaves a page while it loads closes the connection: not an error.
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """Yield the base URL of `site` served on 127.0.0.1 (a port chosen by the system)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_urls(base: str, site: Path) -> list[str]:
    """Return the URL of every page of a built site (each index.html), sorted."""
    paths = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    return [base + ("" if path == "." else path + "/") for path in paths]


def visit_all(context: BrowserContext, urls: Sequence[str],
              wait_until: Literal["load", "networkidle"], tabs: int = 4,
              ) -> Iterator[tuple[Page, str]]:
    """Yield (tab, url) as each URL has loaded (to `wait_until`) in one of `tabs` tabs.

    Several pages load at once, as in a reader's tabs: waiting for the network to fall idle on one
    costs no time on the others. A tab gets its next URL only once the caller is done with it.
    """
    pending = iter(urls)
    in_flight: deque[tuple[Page, str]] = deque()

    def start(tab: Page) -> None:
        url = next(pending, None)
        if url is not None:
            tab.evaluate("url => { location.assign(url); }", url)  # returns as loading starts
            in_flight.append((tab, url))

    opened = [context.new_page() for _ in range(min(tabs, len(urls)))]
    try:
        for tab in opened:
            start(tab)
        while in_flight:
            tab, url = in_flight.popleft()
            tab.wait_for_url(url, wait_until=wait_until)
            yield tab, url
            start(tab)
    finally:
        for tab in opened:
            tab.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Yield a Playwright browser running Debian's Chromium."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            yield browser
        finally:
            browser.close()
