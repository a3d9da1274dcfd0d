"""The tariff timeline itself (the real seeds/): the facts of the seed reports, and every event
published everywhere.

Contributors add, correct and remove events, and none of that may break these tests: nothing here
lists the events or counts them by hand (counts come from the files in seeds/events/), and facts
are found by their date and the people in them, never by file name or title. The facts are those
of the four key events the others refer to (`related:`); how the code shows events, with exact
lists and counts, is tested on the frozen copy in tests/fixtures/tariffs/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest

from tests.support import (
    FEED_ENTRIES,
    REAL_EPOCH,
    REPO,
    event_ids,
    latest_ids,
    run_cli,
    search,
    text_of,
)
from timeline.read import translation_of

SEED_IDS = event_ids(REPO)


@pytest.fixture(scope="module")
def published(real_site: Path) -> dict[str, Any]:
    """Return events.json of the real site: every event as the site publishes it."""
    data: dict[str, Any] = json.loads((real_site / "events.json").read_text(encoding="utf-8"))
    return data


def said(event: dict[str, Any]) -> str:
    """Return everything an event says: title, summary, place, narrative and quotes."""
    quotes = [c["quote"] or "" for c in event["sources"]]
    return " ".join([event["title"], event["summary"], event["place"] or "", event["narrative"],
                     *quotes])


def dated(published: dict[str, Any], date: str, *actors: str) -> list[dict[str, Any]]:
    """Return the events whose date starts with `date` (2026-01-29, or 2025-07 for a month) and
    that involve every one of `actors`."""
    return [e for e in published["events"] if e["date"]["edtf"].startswith(date)
            and set(actors) <= set(e["actors"])]


def cited(published: dict[str, Any], event: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the registry records of the reports an event cites."""
    return [published["sources"][c["source"]] for c in event["sources"]]


# The facts of the seed reports (DESIGN.md, "The first subject"). ------------------------------

def test_july_2025_the_deal_lowers_the_tariff_to_15_percent(published: dict[str, Any]) -> None:
    deal = [e for e in dated(published, "2025-07")
            if "15%" in said(e) and "tariff" in said(e).lower() and "deal" in said(e).lower()]
    assert deal, "no event of July 2025 says that the deal lowers the US tariff to 15%"


def test_november_2025_the_memorandum_ties_the_tariff_to_350_billion(
        published: dict[str, Any]) -> None:
    memorandum = [e for e in dated(published, "2025-11") if "350 billion" in said(e)]
    assert memorandum, "no event of November 2025 gives the USD 350 billion investment pledge"
    text = " ".join(said(e) for e in memorandum)
    # USD 200 billion in cash (at most 20 a year) and USD 150 billion for shipbuilding.
    for figure in ("200 billion", "20 billion", "150 billion", "shipbuilding"):
        assert figure in text, figure


def test_26_january_2026_tariffs_are_to_rise_from_15_to_25_percent(
        published: dict[str, Any]) -> None:
    announced = [e for e in dated(published, "2026-01-26", "donald-trump")
                 if "15%" in said(e) and "25%" in said(e)]
    assert announced, "no event of 26 January 2026 has Trump raising tariffs from 15% to 25%"
    text = " ".join(said(e) for e in announced)
    for goods in ("autos", "lumber", "pharmaceuticals"):
        assert goods in text, goods
    assert any("national-assembly" in e["actors"] or "National Assembly" in said(e)
               for e in announced)


def test_29_january_2026_kim_and_lutnick_talk_in_washington_citing_a_report(
        published: dict[str, Any], real_site: Path) -> None:
    talks = [e for e in dated(published, "2026-01-29", "kim-jung-kwan", "howard-lutnick")
             if "Washington" in (e["place"] or "") and "again" in said(e)]
    assert talks, ("no event of 29 January 2026 has Kim Jung-kwan and Howard Lutnick talking in "
                   "Washington and agreeing to meet again")
    # The reader sees who published each report it cites, and reaches the report on the
    # sources page.
    shown = []
    for event in talks:
        page = (real_site / "events" / event["id"] / "index.html").read_text(encoding="utf-8")
        shown.append(all(report["publisher"] in text_of(page) for report in cited(published, event))
                     and all(re.search(rf'href="[^"]*sources/[^"]*#{c["source"]}"', page)
                             for c in event["sources"]))
    assert any(shown), [e["id"] for e in talks]
    found = search(real_site, "Lutnick")["Lutnick"]
    assert any(f"events/{e['id']}/" in found for e in talks)


# Every event file is published, everywhere. ---------------------------------------------------

def test_check_passes_on_the_real_seeds() -> None:
    result = run_cli(REPO, "check", epoch=REAL_EPOCH)
    assert result.returncode == 0, result.stderr
    translated = sum(1 for path in (REPO / "seeds" / "events").rglob("*.md")
                     if translation_of(path.name) is not None)
    assert result.stdout.startswith(
        f"{len(SEED_IDS)} event{'' if len(SEED_IDS) == 1 else 's'}"
        + (f" and {translated} translation{'' if translated == 1 else 's'}" if translated else "")
        + " checked: no errors.")
    assert all(": warning: " in line for line in result.stderr.splitlines()), result.stderr


def test_every_event_file_has_its_page_with_its_title(published: dict[str, Any],
                                                      real_site: Path) -> None:
    assert sorted(e["id"] for e in published["events"]) == SEED_IDS
    for event in published["events"]:
        page = (real_site / "events" / event["id"] / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert h1, event["id"]
        assert text_of(re.sub(r'<a class="headerlink".*?</a>', "", h1.group(1))) == event["title"]
        assert f'{event["date"]["display"]} ({event["date"]["edtf"]})' in text_of(page)


def test_the_timeline_shows_every_event_once_in_date_order(published: dict[str, Any],
                                                           real_site: Path) -> None:
    order = [e["id"] for e in published["events"]]
    assert sorted(order) == SEED_IDS
    pages = [real_site / "timeline" / "index.html",
             *sorted((real_site / "timeline").glob("*/**/index.html"))]  # a large one has parts
    cards: list[str] = []
    for path in pages:
        listed = re.findall(r'<li class="tl-event[^"]*" id="([a-z0-9-]+)"',
                            path.read_text(encoding="utf-8"))
        assert listed == sorted(listed, key=order.index), path  # oldest first
        cards += listed
    assert sorted(cards) == SEED_IDS
    index = text_of(pages[0].read_text(encoding="utf-8"))
    assert f"{len(SEED_IDS):,} events" in index


def test_every_event_is_in_every_data_file(published: dict[str, Any], real_site: Path) -> None:
    rows = csv.DictReader(io.StringIO((real_site / "events.csv").read_text(encoding="utf-8")))
    assert sorted(row["id"] for row in rows) == SEED_IDS
    calendar = icalendar.Calendar.from_ical((real_site / "timeline.ics").read_bytes())
    assert sorted(str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT")) == SEED_IDS
    slides = json.loads((real_site / "timeline.json").read_text(encoding="utf-8"))["events"]
    assert sorted(s["unique_id"] for s in slides) == SEED_IDS
    feed = feedparser.parse((real_site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    newest = latest_ids(published["events"])
    assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries] == newest[:FEED_ENTRIES]
    for tag in published["tags"]:
        tagged = [i for i in newest if tag in next(e["tags"] for e in published["events"]
                                                   if e["id"] == i)]
        tag_feed = feedparser.parse((real_site / "feeds" / f"{tag}.xml").read_bytes())
        assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in tag_feed.entries] == \
            tagged[:FEED_ENTRIES], tag


def test_every_correction_is_on_its_page_and_in_the_updates_feed(published: dict[str, Any],
                                                                  real_site: Path) -> None:
    updates = [(u["date"], e["id"]) for e in published["events"] for u in e["updates"]]
    feed = feedparser.parse((real_site / "updates.xml").read_bytes())
    assert feed.bozo == 0
    assert len(feed.entries) == min(len(updates), FEED_ENTRIES)
    listed = text_of((real_site / "updates" / "index.html").read_text(encoding="utf-8"))
    for day, event_id in updates:
        page = (real_site / "events" / event_id / "index.html").read_text(encoding="utf-8")
        assert 'id="updates"' in page, event_id
        assert next(e["title"] for e in published["events"] if e["id"] == event_id) in listed


def test_every_event_whose_accounts_differ_shows_them_and_is_marked(published: dict[str, Any],
                                                                    real_site: Path) -> None:
    timeline = (real_site / "timeline" / "index.html").read_text(encoding="utf-8")
    for event in published["events"]:
        page = (real_site / "events" / event["id"] / "index.html").read_text(encoding="utf-8")
        assert event["accounts_differ"] == bool(event["accounts"]) == ('id="accounts"' in page)
        assert page.count('<div class="tl-account ') == len(event["accounts"]), event["id"]
        for account in event["accounts"]:
            assert f"{account['by_name']} " in text_of(page), (event["id"], account["by"])
        if event["accounts"]:
            assert "Accounts differ" in text_of(page)


def test_every_quote_the_lock_verifies_is_marked_on_its_page(published: dict[str, Any],
                                                             real_site: Path) -> None:
    # The lock (seeds/quotes.lock) may lag the seeds: a new quote is a warning, never a failure.
    for event in published["events"]:
        citations = event["sources"] + [c for a in event["accounts"] for c in a["sources"]]
        page = (real_site / "events" / event["id"] / "index.html").read_text(encoding="utf-8")
        verified = [c["verified"]["date"] for c in citations if c["verified"]]
        assert page.count("data-quote-verified=") == len(verified), event["id"]
        for day in set(verified):
            assert f'data-quote-verified="{day}"' in page


def test_every_event_is_on_the_pages_of_its_actors_sources_and_tags(
        published: dict[str, Any], real_site: Path) -> None:
    def links(url: str) -> set[str]:
        html = (real_site / url / "index.html").read_text(encoding="utf-8")
        return set(re.findall(r'href="(?:\.\./)+events/([a-z0-9-]+)/"', html))

    sources, tags = links("sources"), links("tags")
    for event in published["events"]:
        for actor in event["actors"]:
            assert event["id"] in links(f"actors/{actor}"), (actor, event["id"])
        assert event["id"] in sources and (event["id"] in tags or not event["tags"])


def test_search_knows_every_event_page(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"events/{i}/" for i in SEED_IDS} <= locations
