"""Timelines of any era: deep time, years before 1 CE, unspecified digits and seasons, from the
checker through the pages to every export, read back by its consumer."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import icalendar
import pytest

from tests.browser import drawn_by_timelinejs
from tests.support import (
    AGES,
    build_files,
    check_with,
    make_project,
    mkdocs,
    run_cli,
    timeline_parts,
)

BUILT = build_files(AGES)
EXPORTS = BUILT.exports
ORDER = ["13800000001bce-big-bang", "66000001bce-chicxulub-impact", "44bce-augustus-principate",
         "44bce-03-15-ides-of-march", "0622-07-16-hijra", "19xx-a-decade-unknown",
         "1910-04-21-a-long-span", "2001-21-a-spring"]


def test_events_of_every_era_are_checked_and_sorted_by_when_they_began() -> None:
    timeline, problems = check_with(root=AGES)
    assert problems == []
    assert timeline is not None
    assert [e.id for e in timeline.events] == ORDER


def test_the_timeline_page_shows_each_date_as_readers_say_it() -> None:
    page = html.unescape(BUILT.pages["timeline.md"].markdown)  # "## &#49;&#51;.8": not a list
    for heading in ("## 13.8 billion years ago { #bce-13800000001 .tl-year }",
                    "## 66 million years ago { #bce-66000001 .tl-year }",
                    "## 44 BCE { #bce-44 .tl-year }", "### March 44 BCE { #bce-44-03 .tl-month }",
                    "## 622 { #622 .tl-year }", "## 1900s { #1900s .tl-year }",
                    "### Spring 2001 { #2001-21 .tl-month }"):
        assert heading in page
    for shown in ('<time>c. 13.8 billion years ago</time>', "<time>15 March 44 BCE</time>",
                  '<time>44 BCE – 14 CE</time> <span class="tl-event__span">58 years</span>',
                  # No weekday before the Gregorian calendar; <time datetime> from year 1 on.
                  '<time datetime="0622-07-16">16 July 622</time>',
                  '<time datetime="1900-01-01">1900s</time>',
                  '<span class="tl-event__span">about 37 years</span>',
                  '<time datetime="2001-03-01">Spring 2001</time>'):
        assert shown in page
    assert page.index("13.8 billion years ago") < page.index("44 BCE") < page.index("1900s")
    # A year whose events have no month has no heading under its own ("During 1900s"); one with
    # months has ("During 44 BCE", for the interval that starts then).
    assert "During 1900s" not in page and "During 13.8" not in page
    assert "### During 44 BCE { #during-bce-44 .tl-month }" in page


def test_the_year_filter_lists_years_in_order_as_readers_say_them() -> None:
    page = BUILT.pages["timeline.md"].markdown
    options = [line for line in page.splitlines() if line.startswith('<option value="') and
               "(1)" in line or "(2)" in line and line.startswith("<option")]
    years = [o for o in options if 'value="bce-' in o or 'value="622"' in o or 'value="19' in o
             or 'value="2001"' in o]
    assert years == ['<option value="bce-13800000001">13.8 billion years ago (1)</option>',
                     '<option value="bce-66000001">66 million years ago (1)</option>',
                     '<option value="bce-44">44 BCE (2)</option>',
                     '<option value="622">622 (1)</option>',
                     '<option value="1900s">1900s (1)</option>',
                     '<option value="1910">1910 (1)</option>',
                     '<option value="2001">2001 (1)</option>']


def test_events_json_gives_each_date_its_days_in_iso_8601() -> None:
    events = {e["id"]: e["date"] for e in json.loads(EXPORTS["events.json"])["events"]}
    assert events["44bce-03-15-ides-of-march"] == {
        "edtf": "-0043-03-15", "display": "15 March 44 BCE", "start": "-0043-03-15",
        "end": "-0043-03-15", "precision": "day", "uncertain": False, "approximate": False,
        "ongoing": False}
    assert events["13800000001bce-big-bang"]["start"] == "-13800000000-01-01"
    assert events["2001-21-a-spring"]["precision"] == "season"
    assert events["2001-21-a-spring"]["end"] == "2001-05-31"
    rows = list(csv.DictReader(io.StringIO(EXPORTS["events.csv"].decode("utf-8"))))
    # A cell starting with "-" gets the apostrophe that keeps a spreadsheet from running it.
    assert [r["start"] for r in rows][:4] == ["'-13800000000-01-01", "'-66000000-01-01",
                                              "'-0043-01-01", "'-0043-03-15"]


def test_icalendar_leaves_out_what_its_years_cannot_hold() -> None:
    calendar = icalendar.Calendar.from_ical(EXPORTS["timeline.ics"])
    uids = [str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT")]
    assert uids == ORDER[4:]  # from 622 on; RFC 5545 dates have four-digit years from 0001


def test_timelinejs_gets_its_own_numbering_of_years_before_1_ce() -> None:
    data = json.loads(EXPORTS["timeline.json"])
    # Years beyond JavaScript's Date need TimelineJS's cosmological scale, which places years only.
    assert data["scale"] == "cosmological"
    slides = {s["unique_id"]: s for s in data["events"]}
    # TimelineJS shows a negative year without its sign and with "BCE": -44 is "44 BCE".
    assert slides["44bce-03-15-ides-of-march"]["start_date"] == {"year": "-44"}
    assert slides["44bce-augustus-principate"]["end_date"] == {"year": "14"}
    assert slides["13800000001bce-big-bang"]["start_date"] == {"year": "-13800000001"}
    assert slides["2001-21-a-spring"]["display_date"] == "Spring 2001"


def test_timelinejs_itself_draws_the_cosmological_timeline(tmp_path: Path) -> None:
    with drawn_by_timelinejs(tmp_path, EXPORTS["timeline.json"]) as (page, errors):
        slide_ids = page.eval_on_selector_all(".tl-slide", "els => els.map(e => e.id)")
    assert [i for i in slide_ids if i in ORDER] == ORDER
    assert errors == []


def test_json_ld_dates_are_iso_8601_at_the_precision_known() -> None:
    def start_of(event_id: str) -> str:
        page = BUILT.pages[f"events/{event_id}.md"].markdown
        line = next(line for line in page.splitlines() if line.startswith("jsonld: "))
        return str(json.loads(json.loads(line.removeprefix("jsonld: ")))["startDate"])

    assert start_of("44bce-03-15-ides-of-march") == "-0043-03-15"
    assert start_of("13800000001bce-big-bang") == "-13800000000"
    assert start_of("19xx-a-decade-unknown") == "19"  # the century, as ISO 8601 writes it
    assert start_of("2001-21-a-spring") == "2001"


def test_the_site_of_every_era_builds_with_mkdocs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "ages", AGES / "seeds")
    mkdocs(project, "build", "--strict")
    page = (project / "site" / "events" / "44bce-03-15-ides-of-march" / "index.html").read_text()
    assert "<strong>15 March 44 BCE</strong> (-0043-03-15)" in page


@pytest.mark.parametrize("date, file_name", [
    ("-0043-03-15", "44bce-03-15-caesar-is-killed.md"), ("0000", "1bce-caesar-is-killed.md"),
    ("Y-66000000", "66000001bce-caesar-is-killed.md"), ("19XX", "19xx-caesar-is-killed.md"),
    ("2001-21", "2001-21-caesar-is-killed.md"),
    ("Y-999999999999", "1000000000000bce-caesar-is-killed.md")])
def test_new_names_the_file_after_any_date(tmp_path: Path, date: str, file_name: str) -> None:
    project = make_project(tmp_path / "p", AGES / "seeds")
    # After `--`, as `make new` passes them: a date starting with "-" is not an option.
    ran = run_cli(project, "new", "--summary", "S.", "--source", "notes-2026-11-01", "--",
                  "Caesar is killed", date)
    assert ran.returncode == 0, ran.stderr
    assert (project / "seeds" / "events" / file_name).is_file()
    assert run_cli(project, "check").returncode == 0


def test_a_file_name_that_does_not_start_with_the_date_is_warned_about() -> None:
    _, problems = check_with({"events/44bce-03-16-caesar.md": (
        b"---\ntitle: T\ndate: -0043-03-15\nsummary: S.\nsources:\n  - source: notes-2026-11-01\n"
        b"---\n")}, root=AGES)
    assert [str(p) for p in problems] == [
        "seeds/events/44bce-03-16-caesar.md:3:7: warning: the file name starts with 44bce-03-16 "
        "but the date is -0043-03-15 — if this event is not published yet, rename the file to "
        "start with 44bce-03-15 (published ids never change)"]


def test_a_title_of_numbers_only_still_names_a_valid_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", AGES / "seeds")
    ran = run_cli(project, "new", "--summary", "S.", "--source", "notes-2026-11-01", "--",
                  "1969", "1969")
    assert ran.returncode == 0, ran.stderr
    assert (project / "seeds" / "events" / "1969-event-1969.md").is_file()


def test_the_fix_for_an_id_without_a_letter_is_a_valid_name() -> None:
    _, problems = check_with({"events/1969-1969.md": (
        b"---\ntitle: T\ndate: 1969\nsummary: S.\nsources:\n  - source: notes-2026-11-01\n---\n")},
        root=AGES)
    assert [str(p) for p in problems] == [
        'seeds/events/1969-1969.md:1:1: the file name "1969-1969.md" is not a valid event id — use '
        "lowercase letters a-z, digits and hyphens, starting with the date and then words, e.g. "
        "1969-what-happened-1969.md"]


def _century(extra: int = 0) -> dict[str, bytes]:
    """Return 1,000 events over a century (1800-1899), and `extra` more in 1800."""
    files = {}
    for n in range(1000 + extra):
        year = 1800 + (n % 100) if n < 1000 else 1800
        files[f"events/{year}-event-{n}.md"] = (
            f"---\ntitle: Event {n}\ndate: {year}\nsummary: S.\nsources:\n"
            "  - source: notes-2026-11-01\n---\n").encode()
    return files


def test_a_large_timeline_is_cut_by_decade_and_an_added_event_moves_no_other_page() -> None:
    before, _ = check_with(_century(), root=AGES)
    after, _ = check_with(_century(extra=1), root=AGES)
    assert before is not None and after is not None
    parts = [(p.uri, p.title, len(p.events)) for p in timeline_parts(before.events)]
    assert parts[:4] == [("timeline/bce-13999999999-to-bce-13000000000.md",
                          "14 billion years ago – 13 billion years ago", 1),
                         ("timeline/bce-66999999-to-bce-66000000.md",
                          "67 million years ago – 66 million years ago", 1),
                         ("timeline/bce-49-to-bce-40.md", "49 BCE – 40 BCE", 2),
                         ("timeline/620-to-629.md", "620–629", 1)]
    assert ("timeline/1800-to-1809.md", "1800–1809", 100) in parts
    changed = [a for a, b in zip(timeline_parts(before.events), timeline_parts(after.events),
                                 strict=True) if (a.uri, len(a.events)) != (b.uri, len(b.events))]
    assert [p.uri for p in changed] == ["timeline/1800-to-1809.md"]
