"""Accounts that differ: checked at their limits, shown side by side and attributed, marked on the
card and the page, filtered on the timeline, and carried by every export (read back by its reader).

The messages themselves are tested word for word in tests/cases/accounts-*.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import chromium, drawn_by_timelinejs, serve_site
from tests.support import REPO, Event, F, build_small, check_with

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SUMMIT = "2025-05-12-summit-in-seoul"
EXPORTS = build_small().exports
DAILY_SAYS = "The leaders agreed to keep talking & meet again <script>alert(1)</script>"
BOB_SAYS = "*Nothing* was agreed: the summit was [a failure](javascript:alert(1))."
HEAD = """---
title: A valid title
date: 2025-05-20
summary: One sentence.
sources:
  - source: daily-2025-05-13
accounts:
"""


def account(by: str, says: str = "What they say.") -> str:
    """Return one account of an event file, citing the daily."""
    return (f"  - by: {by}\n    says: {says}\n    sources:\n      - source: daily-2025-05-13\n"
            '        quote: "a joint statement"\n')


def check_accounts(*accounts: str, actors: str = "") -> tuple[Event | None, list[str]]:
    """Return the checked case event (None on errors) and the messages of `check`."""
    files = {"events/2025-05-20-case.md": (HEAD + "".join(accounts) + "---\n").encode()}
    if actors:
        files["actors.yml"] = actors.encode()
    timeline, problems = check_with(files)
    event = next((e for e in timeline.events if e.id == "2025-05-20-case"), None) \
        if timeline else None
    return event, [str(p) for p in problems]


def parties(count: int, length: int = 12) -> str:
    """Return an actors.yml with the small fixture's two actors and `count` more, with ids of
    `length` characters."""
    text = (REPO / "tests/fixtures/small/seeds/actors.yml").read_text(encoding="utf-8")
    return text + "".join(f"{f'p{n}-'.ljust(length, 'x')}:\n  name: Party {n}\n"
                          for n in range(count))


def party(n: int, length: int = 12) -> str:
    return f"p{n}-".ljust(length, "x")


def test_ten_accounts_pass_and_each_knows_its_kind() -> None:
    event, messages = check_accounts(account("daily-2025-05-13"),
                                     *(account(party(n)) for n in range(F.ACCOUNTS_MAX - 1)),
                                     actors=parties(F.ACCOUNTS_MAX - 1))
    assert messages == [] and event is not None
    assert len(event.accounts) == F.ACCOUNTS_MAX and event.accounts_differ
    assert [a.by_kind for a in event.accounts] == ["source"] + ["actor"] * (F.ACCOUNTS_MAX - 1)


def test_eleven_accounts_are_refused() -> None:
    event, messages = check_accounts(*(account(party(n)) for n in range(F.ACCOUNTS_MAX + 1)),
                                     actors=parties(F.ACCOUNTS_MAX + 1))
    assert event is None
    assert messages == ["seeds/events/2025-05-20-case.md:8:3: accounts: has 11 accounts, more "
                        "than the 10 allowed — keep the accounts that differ most"]


def test_two_accounts_are_the_fewest() -> None:
    event, messages = check_accounts(account("daily-2025-05-13"), account("bob-sample"))
    assert messages == [] and event is not None and len(event.accounts) == F.ACCOUNTS_MIN
    _, messages = check_accounts(account("daily-2025-05-13"))
    assert messages == [
        'seeds/events/2025-05-20-case.md:8:3: accounts: lists one account; "accounts differ" '
        "needs at least 2, by different parties — add the account of the party who puts it "
        "differently, or, if the sources agree, remove `accounts:` and tell it in the summary "
        "and the narrative"]


def test_says_of_500_characters_passes_and_501_fails() -> None:
    event, messages = check_accounts(account("daily-2025-05-13", "a" * F.ACCOUNT_SAYS_MAX),
                                     account("bob-sample"))
    assert messages == [] and event is not None
    assert event.accounts[0].says == "a" * F.ACCOUNT_SAYS_MAX
    _, messages = check_accounts(account("daily-2025-05-13", "a" * (F.ACCOUNT_SAYS_MAX + 1)),
                                 account("bob-sample"))
    assert messages == ["seeds/events/2025-05-20-case.md:9:11: says: is 501 characters long, "
                        "more than the 500 allowed — shorten it"]


def test_says_may_run_over_several_lines() -> None:
    event, messages = check_accounts(account("daily-2025-05-13", "They say\n      it ended."),
                                     account("bob-sample"))
    assert messages == [] and event is not None
    assert event.accounts[0].says == "They say it ended."


def test_a_party_id_of_80_characters_passes_and_81_fails() -> None:
    event, messages = check_accounts(account("bob-sample"), account(party(0, F.ID_MAX)),
                                     actors=parties(1, F.ID_MAX))
    assert messages == [] and event is not None
    _, messages = check_accounts(account("bob-sample"), account(party(0, F.ID_MAX + 1)))
    assert messages == ["seeds/events/2025-05-20-case.md:13:9: by: this id is 81 characters "
                        "long, more than the 80 allowed — use an id defined in seeds/actors.yml "
                        "or seeds/sources.yml"]


def test_accounts_quotes_are_the_events_citations_too_with_where_they_stand() -> None:
    event, _ = check_accounts(account("daily-2025-05-13"), account("bob-sample"))
    assert event is not None
    quotes = [(c.source, c.quote, c.line, c.col) for c in event.all_citations]
    # The event's own source has no quote; each account's quote stands at line 12 and 17, column 16.
    assert quotes == [("daily-2025-05-13", None, 0, 0),
                      ("daily-2025-05-13", "a joint statement", 12, 16),
                      ("daily-2025-05-13", "a joint statement", 17, 16)]


# TimelineJS first: it runs its own Chromium, which cannot start while this module's runs.

def test_timelinejs_shows_the_accounts_as_typed(tmp_path: Path) -> None:
    with drawn_by_timelinejs(tmp_path, EXPORTS["timeline.json"]) as (page, errors):
        text = page.inner_text(f"[id='{SUMMIT}'] .tl-text-content")
        scripts = page.eval_on_selector_all(f"[id='{SUMMIT}'] .tl-text-content script", "s => s.length")
        links = page.eval_on_selector_all(f"[id='{SUMMIT}'] .tl-text-content a",
                                          "els => els.map(a => a.getAttribute('href'))")
    assert "Accounts differ" in text
    assert f"The Daily Example reports: {DAILY_SAYS}" in text
    assert f"Bob <Sample> & Co says: {BOB_SAYS}" in text
    assert scripts == 0 and links == ["https://timeline.example.org/small/events/"
                                      f"{SUMMIT}/"]
    assert errors == []


# The pages. -------------------------------------------------------------------------------------

def summit_html(small_site: Path) -> str:
    return (small_site / "events" / SUMMIT / "index.html").read_text(encoding="utf-8")


def test_the_page_shows_the_accounts_between_what_happened_and_sources(small_site: Path) -> None:
    page = summit_html(small_site)
    order = [page.index(f'id="{anchor}"') for anchor in ("what-happened", "accounts", "sources")]
    assert order == sorted(order)
    section = page[order[1]:order[2]]
    assert "The sources put this differently. Each account below is theirs, told in our words, with their own words quoted." in section
    headings = re.findall(r'<h3 class="tl-account__by">(.*?)</h3>', section)
    assert headings == ['<a href="../../sources/#daily-2025-05-13">The Daily Example</a> reports:',
                        '<a href="../../actors/bob-sample/">Bob &lt;Sample&gt; &amp; Co</a> says:']
    # What they say, escaped: no element, no link, no emphasis made of it.
    assert ('<p class="tl-account__says">The leaders agreed to keep talking &amp; meet again '
            "&lt;script&gt;alert(1)&lt;/script&gt;</p>") in section
    assert ('<p class="tl-account__says">*Nothing* was agreed: the summit was '
            "[a failure](javascript:alert(1)).</p>") in section
    assert "“결렬” (paragraph 3)" in section and "“We have agreed to keep talking”" in section
    # The mark after the date.
    assert "· <em>Accounts differ</em>" in page


def test_the_mark_shows_on_the_card_and_in_lists(small_site: Path) -> None:
    timeline = (small_site / "timeline" / "index.html").read_text(encoding="utf-8")
    card = re.search(rf'<li class="tl-event[^"]*" id="{SUMMIT}".*?</li>', timeline, re.S)
    assert card and '<span class="tl-badge tl-badge--accounts">Accounts differ</span>' in card[0]
    assert card[0].count("Accounts differ") == 1
    assert timeline.count("tl-badge--accounts") == 1  # the one event whose accounts differ
    related = (small_site / "events" / "2025-06-01-talks-postponed" / "index.html").read_text(
        encoding="utf-8")
    assert "★ Key event · <em>Accounts differ</em>" in related


@pytest.fixture(scope="module")
def small(small_site: Path) -> Iterator[tuple[str, Browser]]:
    with serve_site(small_site) as base, chromium() as browser:
        yield base, browser


@pytest.mark.parametrize("width, side_by_side", [(390, False), (1440, True)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accounts_stand_side_by_side_and_stack_on_phones(small, width: int, side_by_side: bool,
                                                          scheme: str) -> None:
    base, browser = small
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base}events/{SUMMIT}/")
    first, second = (page.locator(".tl-account").nth(n).bounding_box() for n in (0, 1))
    assert first and second
    if side_by_side:
        assert abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"] + first["width"]
    else:
        assert second["y"] >= first["y"] + first["height"]
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # Readable in either scheme: the heading's colour is not the background's.
    colour, background = page.evaluate("""() => {
        const by = document.querySelector('.tl-account__by a');
        return [getComputedStyle(by).color,
                getComputedStyle(document.querySelector('.tl-account')).backgroundColor];
    }""")
    assert colour != background
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [f"events/{SUMMIT}/", "timeline/"])
def test_axe_finds_no_serious_violation_in_the_accounts_or_the_filter(small, path: str,
                                                                       scheme: str) -> None:
    base, browser = small
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base + path)
    page.add_script_tag(path=str(REPO / "tests/js/node_modules/axe-core/axe.min.js"))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
    context.close()
    assert violations == []


def visible(page) -> list[str]:
    return page.eval_on_selector_all(".tl-event:not([hidden])", "els => els.map(e => e.id)")


def test_the_filter_shows_only_the_events_whose_accounts_differ(small) -> None:
    base, browser = small
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "timeline/")
    assert page.inner_text(".tl-filters__check") == "Only where accounts differ (1)"
    assert page.inner_text(".tl-filters__count") == "9 of 9 events"
    page.check("input[name=accounts]")
    assert page.inner_text(".tl-filters__count") == "1 of 9 events"
    assert visible(page) == [SUMMIT]
    assert page.url.endswith("/timeline/?accounts=differ")
    page.reload()
    assert page.is_checked("input[name=accounts]")
    assert visible(page) == [SUMMIT]
    page.select_option("select[name=year]", "2024")  # no event of 2024 has accounts
    assert page.inner_text(".tl-filters__count") == "0 of 9 events"
    page.click(".tl-filters__reset")
    page.wait_for_function("document.querySelector('.tl-filters__count').textContent === "
                           "'9 of 9 events'")
    assert not page.is_checked("input[name=accounts]") and page.url.endswith("/timeline/")
    context.close()
    no_script = browser.new_context(java_script_enabled=False)
    page = no_script.new_page()
    page.goto(base + "timeline/?accounts=differ")
    assert len(visible(page)) == 9 and not page.is_visible(".tl-filters")
    no_script.close()


def test_the_filter_is_offered_only_where_accounts_differ(tariffs_site: Path) -> None:
    timeline = (tariffs_site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert 'class="tl-filters"' in timeline and 'name="accounts"' not in timeline


# The exports, read back. ------------------------------------------------------------------------

def test_events_json_carries_who_says_what() -> None:
    events = {e["id"]: e for e in json.loads(EXPORTS["events.json"])["events"]}
    assert events[SUMMIT]["accounts_differ"] is True
    assert events[SUMMIT]["accounts"] == [
        {"by": "daily-2025-05-13", "by_kind": "source", "by_name": "The Daily Example",
         "says": DAILY_SAYS, "sources": [{"source": "daily-2025-05-13",
                                          "quote": "We have agreed to keep talking",
                                          "locator": None, "verified": None}]},
        {"by": "bob-sample", "by_kind": "actor", "by_name": "Bob <Sample> & Co", "says": BOB_SAYS,
         "sources": [{"source": "gazette-2025-10-04", "quote": "결렬",
                      "locator": "paragraph 3", "verified": None}]}]
    assert events["2024-rules-change"]["accounts_differ"] is False
    assert events["2024-rules-change"]["accounts"] == []


def test_csv_says_which_accounts_differ() -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(EXPORTS["events.csv"].decode("utf-8")))}
    summit = rows[SUMMIT]
    assert summit["accounts_differ"] == "yes" and rows["2024-rules-change"]["accounts_differ"] == "no"
    assert summit["accounts_by"] == "daily-2025-05-13; bob-sample"
    assert summit["accounts"].split("\n") == [f"The Daily Example reports: {DAILY_SAYS}",
                                              f"Bob <Sample> & Co says: {BOB_SAYS}"]
    assert rows["2024-rules-change"]["accounts"] == ""


def test_json_ld_gives_each_account_as_a_claim(small_site: Path) -> None:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                          summit_html(small_site), re.S)
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["subjectOf"] == [
        {"@type": "Claim", "author": {"@type": "Organization", "name": "The Daily Example"},
         "text": DAILY_SAYS,
         "appearance": [{"@type": "CreativeWork", "name": "Summit ends with a joint statement",
                         "publisher": {"@type": "Organization", "name": "The Daily Example"},
                         "datePublished": "2025-05-13",
                         "url": "https://news.example.org/2025/05/13/summit?ref=a&b=(c)",
                         "archivedAt": "https://web.archive.org/web/20250514093000/"
                                       "https://news.example.org/2025/05/13/summit?ref=a&b=(c)"}]},
        {"@type": "Claim", "author": {"name": "Bob <Sample> & Co"},
         "text": BOB_SAYS,
         "appearance": [{"@type": "CreativeWork", "name": "서울 정상회담 결과",
                         "publisher": {"@type": "Organization", "name": "Example Gazette"},
                         "datePublished": "2025-10-04",
                         "archivedAt": "https://archive.example.net/gazette/2025-10-04/"
                                       "seoul-summit"}]}]
    # The event's citations are every report it cites, its accounts' too (one record each).
    assert [work["name"] for work in data["citation"]] == [
        "Summit ends with a joint statement", "서울 정상회담 결과"]


# The real timeline. -----------------------------------------------------------------------------
