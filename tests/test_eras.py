"""Eras (seeds/eras.yml): optional, checked, drawn behind the overview and on the timeline page,
and exported to TimelineJS and events.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from jsonschema import Draft202012Validator

from tests.browser import drawn_by_timelinejs
from tests.support import (
    ERA_EXAMPLE,
    PUBLICATION,
    SMALL,
    TARIFFS,
    BuildCache,
    DatePoint,
    Era,
    Event,
    EventDate,
    Timeline,
    build_files,
    build_small,
    check_with,
    export,
)

BUILT = build_small()
SUMMIT_SEASON = 'Summit season <b>&</b> "talks"'


def test_no_eras_file_is_no_eras() -> None:
    timeline, problems = check_with(root=TARIFFS)
    assert timeline is not None and timeline.eras == {}
    assert not [p for p in problems if "eras" in p.path]
    assert "eras" not in json.loads(build_files(TARIFFS).exports["timeline.json"])


def test_the_contributing_pages_example_is_a_valid_era() -> None:
    timeline, problems = check_with({"eras.yml": ERA_EXAMPLE.encode()})
    assert problems == [] or all(p.severity == "warning" for p in problems)
    assert timeline is not None
    (war,) = timeline.eras.values()
    assert (war.id, war.name, war.date.edtf) == ("first-world-war", "First World War",
                                                 "1914-07-28/1918-11-11")
    assert ERA_EXAMPLE in BUILT.pages["contributing.md"].markdown


def test_the_small_fixtures_eras_are_checked_in_date_order() -> None:
    timeline, _ = check_with()
    assert timeline is not None
    assert timeline.eras["summit-season"].name == SUMMIT_SEASON
    assert timeline.eras["after-the-statement"].date.ongoing


def test_the_timeline_page_heads_each_era_where_it_begins_and_names_it_on_its_events() -> None:
    page = BUILT.pages["timeline.md"].markdown
    heading = page.index('<li class="tl-era" id="era-summit-season">')
    assert page.index('id="2025-03-preparations-begin"') < heading < page.index(
        'id="2025-05-12-summit-in-seoul"')
    assert "<p class=\"tl-era__date\">1 May – 31 October 2025</p>" in page
    assert page.count('<span class="tl-era-name">After the statement</span>') == 3
    # The name is text, not markup, on the page and on the strip.
    assert "Summit season <b>" not in page
    assert "Summit season &lt;b&gt;&amp;&lt;/b&gt; &quot;talks&quot;" in page
    assert '<rect class="tl-overview__band"' in page


def test_eras_are_exported_to_timelinejs_and_events_json() -> None:
    data = json.loads(BUILT.exports["timeline.json"])
    assert data["eras"] == [
        {"start_date": {"year": "2025", "month": "5", "day": "1"},
         "end_date": {"year": "2025", "month": "10", "day": "31"},
         "text": {"headline": "Summit season &lt;b&gt;&amp;&lt;/b&gt; &quot;talks&quot;",
                  "text": "From the summit in Seoul to the statement."}},
        # Going on: it ends with the timeline's last day, as TimelineJS needs an end.
        {"start_date": {"year": "2025", "month": "10"},
         "end_date": {"year": "2099", "month": "1", "day": "15"},
         "text": {"headline": "After the statement", "text": ""}}]
    events = json.loads(BUILT.exports["events.json"])
    schema = json.loads(BUILT.exports["schemas/events-1.schema.json"])
    assert list(Draft202012Validator(schema).iter_errors(events)) == []
    assert events["eras"]["summit-season"] == {
        "name": SUMMIT_SEASON, "description": "From the summit in Seoul to the statement.",
        "date": {"edtf": "2025-05-01/2025-10-31", "display": "1 May – 31 October 2025",
                 "start": "2025-05-01", "end": "2025-10-31", "ongoing": False}}
    assert events["eras"]["after-the-statement"]["date"]["end"] is None


def test_a_bce_era_has_timelinejs_years() -> None:
    # TimelineJS shows year -44 as "44 BCE": EDTF's -0043.
    event = Event("44bce-03-15-ides", "seeds/events/44bce-03-15-ides.md", "The Ides of March",
                  EventDate(DatePoint(-43, 3, 15)), "Caesar is killed.", ())
    era = Era("late-republic", "Late Republic", EventDate(DatePoint(-132), DatePoint(-26)))
    data = json.loads(export.export_timelinejs(Timeline((event,), eras={era.id: era}), PUBLICATION))
    assert data["events"][0]["start_date"] == {"year": "-44", "month": "3", "day": "15"}
    assert data["eras"][0]["start_date"] == {"year": "-133"}
    assert data["eras"][0]["end_date"] == {"year": "-27"}


def test_timelinejs_itself_draws_the_eras(tmp_path: Path) -> None:
    with drawn_by_timelinejs(tmp_path, BUILT.exports["timeline.json"]) as (page, errors):
        names = page.eval_on_selector_all(".tl-timeera .tl-headline", "els => els.map(e => e.textContent)")
    assert sorted(names) == sorted([SUMMIT_SEASON, "After the statement"])
    assert errors == []


def test_the_preview_rebuilds_when_eras_change(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(SMALL / "seeds", root / "seeds")
    cache = BuildCache()
    build_files(root, workers=1, cache=cache)
    eras = root / "seeds" / "eras.yml"
    eras.write_text(eras.read_text(encoding="utf-8").replace("After the statement", "Afterwards"),
                    encoding="utf-8")
    kept = build_files(root, workers=1, cache=cache)
    assert kept.pages == build_files(root, workers=1).pages
    assert "Afterwards" in kept.pages["timeline.md"].markdown
    eras.unlink()
    kept = build_files(root, workers=1, cache=cache)
    assert "tl-era" not in kept.pages["timeline.md"].markdown
    assert kept.exports == build_files(root, workers=1).exports


def test_an_end_is_exported_as_the_last_part_it_covers(tmp_path: Path) -> None:
    # An end written 21XX covers up to 2199, a spring up to May, a winter up to the next
    # February: TimelineJS, which takes a date for its first moment, is given that last part.
    century = Era("twenty-first", "The twenty-first century",
                  EventDate(DatePoint(2000, year_unspecified=2), DatePoint(2100, year_unspecified=2)))
    winter = Era("winter-talks", "Winter talks",
                 EventDate(DatePoint(2025, season=24), DatePoint(2026, season=21)))
    talks = Event("2025-21-talks", "seeds/events/2025-21-talks.md", "Talks all year",
                  EventDate(DatePoint(2025, season=21), DatePoint(2025, season=24)), "Talks.", ())
    months = Event("2026-01-months", "seeds/events/2026-01-months.md", "Months of talks",
                   EventDate(DatePoint(2026, 1), DatePoint(2026, 3)), "Talks.", ())
    exported = export.export_timelinejs(
        Timeline((talks, months), eras={century.id: century, winter.id: winter}), PUBLICATION)
    data = json.loads(exported)
    assert [(e["start_date"], e["end_date"]) for e in data["eras"]] == [
        ({"year": "2000"}, {"year": "2199"}),
        ({"year": "2025", "month": "12"}, {"year": "2026", "month": "5"})]
    assert [(e["start_date"], e["end_date"]) for e in data["events"]] == [
        ({"year": "2025", "month": "3"}, {"year": "2026", "month": "2"}),
        ({"year": "2026", "month": "1"}, {"year": "2026", "month": "3"})]
    with drawn_by_timelinejs(tmp_path, exported) as (page, errors):
        drawn = page.evaluate("Array.from(document.querySelectorAll('.tl-timeera')).map(e => "
                              "[e.querySelector('.tl-headline').textContent, e.offsetWidth])")
        ends = page.evaluate("window.timeline.config.eras.map(e => [e.end_date.data.year, "
                             "e.end_date.data.month, new Date(e.end_date.getTime()).toISOString()])")
    assert sorted(name for name, _ in drawn) == ["The twenty-first century", "Winter talks"]
    # The bands TimelineJS draws reach 2199 and May 2026.
    assert ends == [["2199", None, "2199-01-01T00:00:00.000Z"],
                    ["2026", "5", "2026-05-01T00:00:00.000Z"]]
    assert errors == []
