"""Data out: every export is read back by a real consumer and lists every event."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import feedparser
import icalendar
import pytest
from jsonschema import Draft202012Validator

from tests.browser import chromium, serve_site, timelinejs_page
from tests.support import REPO, TARIFFS, build_small, event_ids

BUILT = build_small()
EXPORTS = BUILT.exports
EVENT_IDS = sorted(uri[len("events/"):-len(".md")] for uri in BUILT.pages if uri.startswith("events/"))
SUMMIT_TITLE = "Summit *not* a [deal](javascript:alert(1)) <b>#1</b> & more"
BASE = "https://timeline.example.org/small/"


def test_atom_feed_lists_every_event_newest_first() -> None:
    feed = feedparser.parse(EXPORTS["feed.xml"])
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    assert sorted(link[len(BASE) + len("events/"):-1] for link in links) == EVENT_IDS
    assert links[0] == BASE + "events/2099-01-15-future-vote/"
    assert links[-1] == BASE + "events/2024-rules-change/"
    summit = next(e for e in feed.entries if "summit-in-seoul" in e.link)
    assert summit.title == SUMMIT_TITLE
    assert summit.id == BASE + "events/2025-05-12-summit-in-seoul/"
    assert [t.term for t in summit.tags] == ["summits", "rules"]


def test_one_feed_per_tag() -> None:
    summits = feedparser.parse(EXPORTS["feeds/summits.xml"])
    assert summits.bozo == 0
    assert summits.feed.title == "Small timeline: Summits"
    assert [e.link for e in summits.entries] == [BASE + "events/2025-06-01-talks-postponed/",
                                                 BASE + "events/2025-05-12-summit-in-seoul/"]


def calendar_events() -> dict[str, icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(EXPORTS["timeline.ics"])
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_icalendar_has_a_stable_uid_per_event() -> None:
    events = calendar_events()
    assert sorted(events) == sorted(f"{i}@timeline.example.org" for i in EVENT_IDS)


@pytest.mark.parametrize("event_id, start, end, status", [
    ("2025-05-12-summit-in-seoul", "2025-05-12", "2025-05-13", "CONFIRMED"),  # a day
    ("2025-03-preparations-begin", "2025-03-01", "2025-04-01", "CONFIRMED"),  # a whole month
    ("2024-rules-change", "2024-01-01", "2025-01-01", "CONFIRMED"),  # a whole year
    ("2025-06-01-talks-postponed", "2025-06-01", "2025-06-04", "TENTATIVE"),  # an interval
    ("2025-08-inquiry-opens", "2025-08-01", "2025-09-01", "CONFIRMED"),  # ongoing: its start
    ("2025-09-30-meeting-cancelled", "2025-09-30", "2025-10-01", "CANCELLED"),
    ("2099-01-15-future-vote", "2099-01-15", "2099-01-16", "TENTATIVE"),
])
def test_icalendar_dates_cover_exactly_the_written_precision(event_id: str, start: str, end: str,
                                                             status: str) -> None:
    event = calendar_events()[f"{event_id}@timeline.example.org"]
    assert event.decoded("dtstart") == dt.date.fromisoformat(start)  # a date: an all-day event
    assert event.decoded("dtend") == dt.date.fromisoformat(end)
    assert str(event["status"]) == status
    assert str(event["url"]) == f"{BASE}events/{event_id}/"


def test_icalendar_keeps_text_exactly() -> None:
    summit = calendar_events()["2025-05-12-summit-in-seoul@timeline.example.org"]
    assert str(summit["summary"]) == SUMMIT_TITLE
    assert str(summit["location"]) == "Seoul"
    assert str(calendar_events()["2025-08-inquiry-opens@timeline.example.org"]["description"]) \
        .startswith("August 2025 (uncertain) – ongoing. ")


def test_events_json_follows_its_versioned_schema() -> None:
    data = json.loads(EXPORTS["events.json"])
    schema = json.loads(EXPORTS["schemas/events-1.schema.json"])
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert data["version"] == 1 and data["$schema"] == BASE + "schemas/events-1.schema.json"


def test_events_json_says_nothing_its_schema_does_not_describe() -> None:
    # The schema is written beside the record it describes: a field added to, or renamed in,
    # one of them and not the other fails here (the published schema stays open to additions).
    data = json.loads(EXPORTS["events.json"])
    event = json.loads(EXPORTS["schemas/events-1.schema.json"])["properties"]["events"]["items"]
    for record in data["events"]:
        assert set(record) == set(event["properties"])
        assert set(record["date"]) == set(event["properties"]["date"]["properties"])
        for citation in record["sources"]:
            assert set(citation) == set(event["properties"]["sources"]["items"]["properties"])
    assert sorted(e["id"] for e in data["events"]) == EVENT_IDS
    summit = next(e for e in data["events"] if e["id"] == "2025-05-12-summit-in-seoul")
    assert summit["title"] == SUMMIT_TITLE
    assert summit["date"] == {"edtf": "2025-05-12", "display": "Monday 12 May 2025",
                              "start": "2025-05-12", "end": "2025-05-12", "precision": "day",
                              "uncertain": False, "approximate": False, "ongoing": False}
    assert data["actors"]["bob-sample"]["name"] == "Bob <Sample> & Co"


def test_events_csv_has_a_row_per_event_and_no_formulas() -> None:
    rows = list(csv.DictReader(io.StringIO(EXPORTS["events.csv"].decode("utf-8"))))
    assert sorted(row["id"] for row in rows) == EVENT_IDS
    summit = next(r for r in rows if r["id"] == "2025-05-12-summit-in-seoul")
    assert summit["title"] == SUMMIT_TITLE
    assert summit["summary"].startswith("'- Leaders meet")  # would be a formula in a spreadsheet
    assert summit["tags"] == "summits; rules"


def test_timelinejs_json_is_in_knight_labs_format() -> None:
    data = json.loads(EXPORTS["timeline.json"])
    slides = {e["unique_id"]: e for e in data["events"]}
    assert sorted(slides) == EVENT_IDS
    assert slides["2025-03-preparations-begin"]["start_date"] == {"year": "2025", "month": "3"}
    assert slides["2025-06-01-talks-postponed"]["end_date"] == {"year": "2025", "month": "6",
                                                                "day": "3"}
    assert slides["2025-06-01-talks-postponed"]["display_date"] == "1–3 June 2025"
    assert slides["2025-05-12-summit-in-seoul"]["group"] == "Summits"
    # TimelineJS decodes a group as HTML, then writes it as HTML: escaped twice (test_xss.py).
    assert slides["2024-rules-change"]["group"] == "Rules &amp;amp; *regulations*"
    assert all(slide["autolink"] is False for slide in [data["title"], *data["events"]])
    assert slides["2025-05-12-summit-in-seoul"]["text"]["headline"] == (
        "Summit *not* a [deal](javascript:alert(1)) &lt;b&gt;#1&lt;/b&gt; &amp; more")


def test_timelinejs_itself_shows_one_slide_per_event(tmp_path: Path) -> None:
    timelinejs_page(tmp_path, EXPORTS["timeline.json"])
    errors: list[str] = []
    with serve_site(tmp_path) as base, chromium() as browser:
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "index.html")
        page.wait_for_function("window.loaded === true", timeout=20_000)
        slide_ids = page.eval_on_selector_all(".tl-slide", "els => els.map(e => e.id)")
        headline = page.inner_text("[id='2025-05-12-summit-in-seoul'] .tl-headline")
    assert sorted(i for i in slide_ids if i in EVENT_IDS) == EVENT_IDS
    assert len(slide_ids) == len(EVENT_IDS) + 1  # and the title slide
    assert headline == SUMMIT_TITLE
    assert errors == []


def test_json_ld_in_event_pages_parses_back(small_site: Path) -> None:
    def json_ld(event_id: str) -> dict:
        page = (small_site / "events" / event_id / "index.html").read_text(encoding="utf-8")
        (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        return json.loads(block)

    summit = json_ld("2025-05-12-summit-in-seoul")
    assert summit["@type"] == "Event" and summit["name"] == SUMMIT_TITLE
    assert summit["startDate"] == "2025-05-12" and "endDate" not in summit
    assert summit["eventStatus"] == "https://schema.org/EventScheduled"
    assert summit["location"] == {"@type": "Place", "name": "Seoul"}
    assert summit["about"] == [{"@type": "Thing", "name": "Summits"},
                               {"@type": "Thing", "name": "Rules & *regulations*"}]
    assert [c["publisher"]["name"] for c in summit["citation"]] == ["The Daily Example",
                                                                     "Example Gazette"]
    assert summit["citation"][0]["url"] == "https://news.example.org/2025/05/13/summit?ref=a&b=(c)"
    talks = json_ld("2025-06-01-talks-postponed")
    assert (talks["startDate"], talks["endDate"]) == ("2025-06-01", "2025-06-03")
    assert talks["eventStatus"] == "https://schema.org/EventPostponed"
    assert json_ld("2025-03-preparations-begin")["startDate"] == "2025-03"
    assert json_ld("2025-09-30-meeting-cancelled")["eventStatus"] == \
        "https://schema.org/EventCancelled"


def test_exports_are_published_with_the_site(tariffs_site: Path) -> None:
    for name in ("events.json", "events.csv", "timeline.ics", "timeline.json", "feed.xml",
                 "feeds/negotiations.xml", "schemas/event.schema.json"):
        assert (tariffs_site / name).is_file(), name
    published = json.loads((tariffs_site / "events.json").read_text(encoding="utf-8"))["events"]
    assert sorted(e["id"] for e in published) == event_ids(TARIFFS)  # each of the nine, once
    data_page = (tariffs_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../timeline.ics"' in data_page and 'href="../feeds/negotiations.xml"' in data_page
