"""Readers' view, proven in headless Chromium against the tariffs fixture's site on 127.0.0.1.

The fixture is a frozen copy of the tariff timeline: its counts ("3 of 9 events") stay put.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.browser import chromium, serve_site, site_urls, visit_all

if TYPE_CHECKING:
    from playwright.sync_api import Page
from tests.support import REPO, TODAY

OUTPUT = REPO / "tests" / "output"
AXE = REPO / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
THURSDAY = "2026-01-29-first-day-of-washington-talks"
KIM_EVENTS = ["2026-01-kim-to-meet-energy-secretary-wright", THURSDAY,
              "2026-01-30-kim-and-lutnick-to-meet-again"]


@pytest.fixture(scope="module")
def site(tariffs_site: Path) -> Iterator[tuple[str, object]]:
    """Yield the base URL of the tariffs site and a Chromium browser."""
    with serve_site(tariffs_site) as base, chromium() as browser:
        yield base, browser


@pytest.fixture
def page(site) -> Iterator[Page]:
    """Yield a new tab of its own (cookies, storage), closed after the test."""
    _, browser = site
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def search_page(site) -> Iterator[Page]:
    """Yield the home page, its search index loaded: shared by the tests that only search."""
    base, browser = site
    context = browser.new_context()
    shared = context.new_page()
    shared.goto(base)
    yield shared
    context.close()


def ask(page: Page, query: str) -> list[str]:
    """Return the links Material's search lists for `query`, typed into a cleared search box."""
    page.click(".md-search__input")
    page.fill(".md-search__input", "")
    page.wait_for_function("!document.querySelector('.md-search-result__item')")
    page.keyboard.type(query, delay=20)  # Material searches as keys are pressed
    page.locator(".md-search-result__link").first.wait_for(timeout=10_000)
    page.wait_for_timeout(200)
    return page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                     "els => els.map(e => e.getAttribute('href'))")


def visible_events(page: Page) -> list[str]:
    return page.eval_on_selector_all(".tl-event:not([hidden])", "els => els.map(e => e.id)")


def test_search_for_lutnick_reaches_the_thursday_talks(site, page: Page) -> None:
    base, _ = site
    page.goto(base)
    page.click(".md-search__input")
    page.keyboard.type("Lutnick", delay=20)  # Material searches as keys are pressed
    result = page.locator(".md-search-result__link", has_text="First day of Washington talks")
    result.first.wait_for(timeout=10_000)
    result.first.click()
    page.wait_for_url(f"**/events/{THURSDAY}/**")
    assert page.inner_text("h1").startswith("First day of Washington talks ends without a deal")


@pytest.mark.parametrize("query, expected", [
    ("Kim Jung-kwan", THURSDAY),
    ("Washington", THURSDAY),
    ("shipbuilding", "2025-11-investment-memorandum-signed"),
    ("2026-01-29", THURSDAY),
    ("Seoul", "2026-02-assembly-to-vote-on-investment-bill"),
])
def test_search_finds_events_the_way_people_ask(search_page: Page, query: str,
                                                 expected: str) -> None:
    hrefs = ask(search_page, query)
    top = [urlsplit(h).path.rstrip("/").rsplit("/", 1)[-1] for h in hrefs[:5]]
    assert expected in top, f"{query!r} found {top}"
    # The event's own page, not a page that lists it, comes first among pages about events.
    assert not any(h.split("#")[0].endswith(("timeline/", "tags/", "sources/", "actors/"))
                   for h in hrefs[:3]), hrefs[:3]


def test_search_for_a_month_finds_that_months_events(search_page: Page) -> None:
    hrefs = ask(search_page, "January 2026")
    pages = [urlsplit(h).path.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]
    top = list(dict.fromkeys(pages))[:6]  # a page's sections come right after it
    assert sum(page_id.startswith("2026-01") for page_id in top) >= 4, top


def test_filter_by_actor_counts_and_survives_a_reload(site, page: Page) -> None:
    base, _ = site
    page.goto(base + "timeline/")
    assert page.inner_text(".tl-filters__count") == "9 of 9 events"
    assert len(visible_events(page)) == 9
    page.select_option("select[name=actor]", "kim-jung-kwan")
    assert page.inner_text(".tl-filters__count") == "3 of 9 events"
    assert visible_events(page) == KIM_EVENTS
    assert page.url.endswith("/timeline/?actor=kim-jung-kwan")
    assert not page.is_visible("[id='2025-07']")  # months with nothing left are hidden too
    page.reload()
    assert page.input_value("select[name=actor]") == "kim-jung-kwan"
    assert page.inner_text(".tl-filters__count") == "3 of 9 events"
    assert visible_events(page) == KIM_EVENTS
    page.select_option("select[name=tag]", "tariffs")
    assert page.inner_text(".tl-filters__count") == "1 of 9 events"
    assert page.url.endswith("/timeline/?actor=kim-jung-kwan&tag=tariffs")
    page.click(".tl-filters__reset")
    page.wait_for_function("document.querySelector('.tl-filters__count').textContent === "
                           "'9 of 9 events'")
    assert page.url.endswith("/timeline/")


def test_shared_filter_links_from_actor_and_tag_pages(site, page: Page) -> None:
    base, _ = site
    page.goto(base + "actors/kim-jung-kwan/")
    page.click("text=See Kim Jung-kwan's events on the timeline")
    page.wait_for_url("**/timeline/?actor=kim-jung-kwan")
    page.wait_for_function("document.querySelector('.tl-filters__count').textContent === "
                           "'3 of 9 events'")
    page.goto(base + "tags/")
    page.locator("a", has_text="on the timeline").first.click()
    page.wait_for_url("**/timeline/?tag=investment")
    page.wait_for_function("document.querySelector('.tl-filters__count').textContent === "
                           "'2 of 9 events'")


def test_filters_work_from_the_keyboard(site, page: Page) -> None:
    base, _ = site
    page.goto(base + "timeline/")
    page.focus("select[name=year]")
    outline = page.eval_on_selector("select[name=year]", "e => getComputedStyle(e).outlineStyle")
    page.keyboard.press("ArrowDown")  # the first year, 2025
    page.wait_for_function("location.search === '?year=2025'")
    assert page.inner_text(".tl-filters__count") == "2 of 9 events"
    assert outline != "none"  # the focused control is visibly marked


def test_without_javascript_the_whole_timeline_shows(site) -> None:
    base, browser = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "timeline/?actor=kim-jung-kwan")
    assert len(visible_events(page)) == 9
    assert not page.is_visible(".tl-filters")
    context.close()


def test_clicking_an_event_in_the_overview_lands_on_its_entry(site) -> None:
    base, browser = site
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(base + "timeline/")
    page.click(f".tl-overview__mark[data-event='{THURSDAY}']")
    page.wait_for_url(f"**/timeline/#{THURSDAY}")
    box = page.locator(f"[id='{THURSDAY}']").bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_no_page_asks_another_host_and_none_logs_an_error(site, tariffs_site: Path) -> None:
    base, browser = site
    own = urlsplit(base).netloc
    urls = site_urls(base, tariffs_site)
    foreign: list[str] = []
    errors: list[str] = []
    context = browser.new_context()
    context.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).netloc not in
               (own, "") and not r.url.startswith("data:") else None)
    context.on("console", lambda m: errors.append(f"{m.page and m.page.url}: {m.text}")
               if m.type == "error" else None)
    context.on("weberror", lambda e: errors.append(f"{e.page and e.page.url}: {e.error}"))
    loaded = [url for _, url in visit_all(context, urls, wait_until="networkidle")]
    context.close()
    assert loaded == urls
    assert len(urls) >= 25
    assert foreign == []
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "timeline/", f"events/{THURSDAY}/", "actors/kim-jung-kwan/",
                                  "tags/"])
def test_axe_finds_no_serious_or_critical_violation(site, path: str, scheme: str) -> None:
    assert AXE.is_file(), "run `make test`: it installs tests/js (npm ci)"
    base, browser = site
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
    context.close()
    assert violations == []


@pytest.mark.parametrize("width, height", [(390, 844), (1440, 900)])
def test_screenshots_of_the_timeline(site, width: int, height: int) -> None:
    base, browser = site
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      color_scheme=scheme)
        page = context.new_page()
        page.goto(base + "timeline/")
        target = OUTPUT / f"timeline-{width}x{height}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        # Nothing may stick out sideways on a phone but the overview strip, which scrolls.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        context.close()
        assert target.stat().st_size > 10_000
        assert overflow <= 0


@pytest.fixture(scope="module")
def small_base(small_site: Path) -> Iterator[str]:
    """Yield the base URL of the small fixture's site (built on TODAY)."""
    with serve_site(small_site) as base:
        yield base


@pytest.mark.parametrize("day, badge", [(TODAY, "Scheduled"),
                                        (dt.date(2099, 1, 16), "Awaiting update")])
def test_a_scheduled_event_awaits_an_update_once_the_readers_day_is_past_it(
        site, small_base: str, day: dt.date, badge: str) -> None:
    # The vote of 15 January 2099 was still ahead when the site was built; the reader's browser,
    # its clock set to `day`, says whether it still is.
    _, browser = site
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime.combine(day, dt.time(12), dt.UTC))
    page.goto(small_base + "timeline/")
    assert page.inner_text("[id='2099-01-15-future-vote'] .tl-badge") == badge
    context.close()
