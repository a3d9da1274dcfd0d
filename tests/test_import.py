"""`build_timeline.py import`: TimelineJS JSON and the Google Sheets CSV become checked event files.

The conversions are tested as pure functions; whole imports run the command on the hand-written
fixtures in tests/fixtures/imports/ (see its README) into an empty project, then `check` and a real
`mkdocs build --strict`.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import markdown
import pytest

from tests.support import (
    FIXTURES,
    F,
    AGES,
    SMALL,
    Build,
    build_files,
    build_small,
    png_bytes,
    check_with,
    edtf_year,
    event_ids,
    export,
    importers,
    make_project,
    run_cli,
    time_bound,
)

IMPORTS = FIXTURES / "imports"


def empty_project(tmp_path: Path) -> Path:
    """Return a project with no events and empty registries."""
    seeds = tmp_path / "empty-seeds"
    (seeds / "events").mkdir(parents=True)
    for name in ("sources.yml", "actors.yml", "tags.yml"):
        (seeds / name).write_text("")
    return make_project(tmp_path / "project", seeds)


def slides(data: dict[str, object]) -> importers.Timeline:
    """Return the slides of a TimelineJS timeline given as data."""
    return importers.read_timelinejs(json.dumps(data).encode(), "t.json")


# Dates. -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("year", "edtf"), [
    (1835, "1835"), (1, "0001"), (9999, "9999"), (0, "0000"), (-1, "0000"), (-44, "-0043"),
    (-10000, "-9999"), (-10001, "Y-10000"), (12000, "Y12000"), (-13_800_000_000, "Y-13799999999"),
])
def test_timelinejs_years_become_edtf_years(year: int, edtf: str) -> None:
    assert edtf_year(export.year_of_tljs(year)) == edtf
    assert year == 0 or export.tljs_year(export.year_of_tljs(year)) == year


def test_a_date_keeps_year_month_and_day_and_says_what_it_drops() -> None:
    point = importers.edtf_point({"year": "1857", "month": "4", "day": "9", "hour": "10",
                                  "minute": "30"}, False, "start_date")
    assert point.edtf == "1857-04-09"
    assert point.notes == ("start_date: the time of day (10:30) was dropped: event dates carry "
                           "no time",)
    assert importers.edtf_point({"year": "1900", "month": "02", "day": "29"}, False, "start_date"
                                ).notes == ('start_date.day "29" is not a day of that month; '
                                            "kept the year and month",)
    assert importers.edtf_point({"year": "2000", "month": "02", "day": "29"}, False, "x").edtf \
        == "2000-02-29"
    assert importers.edtf_point({"year": "0"}, False, "start_date").notes == (
        "start_date.year: TimelineJS shows the year 0 as \"0\"; imported as 1 BCE (EDTF's year "
        "0000)",)
    cosmic = importers.edtf_point({"year": "-13800000000", "month": "1"}, True, "start_date")
    assert cosmic == importers.Point("Y-13799999999", (
        "start_date.month and start_date.day dropped: a cosmological timeline counts years only",))
    with pytest.raises(ValueError, match='^start_date.year "1e9" is not a whole number of at most '
                                         f"12 digits — {importers.YEAR_FIX}$"):
        importers.edtf_point({"year": "1e9"}, False, "start_date")
    with pytest.raises(ValueError, match="^start_date.year \"1234567890123\" is not"):
        importers.edtf_point({"year": "1234567890123"}, False, "start_date")


def test_display_dates_in_this_sites_words_restore_qualifiers() -> None:
    assert importers.restored_date("2025-03", "c. March 2025") == "2025-03~"
    assert importers.restored_date("2025-08", "August 2025 (uncertain) – ongoing") == "2025-08?/.."
    assert importers.restored_date("2025-08", "Late summer") is None


# Text. --------------------------------------------------------------------------------------------

def test_html_becomes_markdown_through_an_allow_list() -> None:
    hostile = ('<p>Hi <b>bold</b> *star* [x](y) <a href="javascript:alert(1)">js</a> '
               '<a href="https://e.org/a b(c)">ok</a> <a href="//e.org">rel</a></p>'
               '<script>alert("x")</script><style>p{}</style><img src=x onerror=alert(1)>'
               '<iframe src="https://e.org"></iframe><ul><li>one</li><li>two<br>lines</li></ul>'
               "<blockquote>Quoted</blockquote><svg><a href='https://e.org'>in svg</a></svg>")
    assert importers.html_to_markdown(hostile) == (
        "Hi **bold** &#42;star&#42; &#91;x&#93;(y) js [ok](https://e.org/a%20b%28c%29) rel\n\n"
        "- one\n\n- two  \nlines\n\n> Quoted")


def test_deep_and_unclosed_markup_stays_bounded() -> None:
    assert importers.html_to_markdown("<b>" * 5000 + "x") == "**x**"
    assert importers.html_to_markdown("<a href='https://e.org'>" * 3 + "x") == \
        "[x](https://e.org)"


def test_titles_are_cut_at_a_word_and_summaries_are_first_sentences() -> None:
    assert importers.cut_at_word("a" * 120, 120) == "a" * 120
    assert importers.cut_at_word("word " * 30, 120) == ("word " * 24).strip() + "…"
    assert len(importers.cut_at_word("word " * 30, 120)) <= 120
    assert importers.first_sentence("One. Two.") == "One."
    assert importers.plain_text("<b>A</b>&amp;<script>x</script> <i>B</i>") == "A& B"


# Refused inputs, word for word. ------------------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    (b"\xff\xfe", "t.json is not UTF-8 text (byte 1 cannot be read) — save it as UTF-8 and import "
                  "it again"),
    (b"{", "t.json:1:2: this is not JSON (Expecting property name enclosed in double quotes) — "
           "export the timeline from TimelineJS again, or correct the file"),
    (b"[]", 't.json is not a TimelineJS timeline: it needs an object with a list "events" — give '
            "the JSON file TimelineJS reads"),
    (b"[" * 21 + b"]" * 21, "t.json nests lists and objects 21 levels deep, more than the 20 a "
                            "TimelineJS file needs — export the timeline from TimelineJS again"),
    (json.dumps({"events": [{}] * 10_001}).encode(),
     "t.json holds 10,001 slides, more than the 10,000 one import takes — split it into smaller "
     "files and import each"),
    (b" " * 20_000_001, "t.json is 20,000,001 bytes, more than the 20,000,000 one import reads — "
                        "split the timeline into smaller files and import each"),
])
def test_unreadable_json_is_refused_with_its_own_message(data: bytes, message: str) -> None:
    with pytest.raises(importers.ImportRefused) as refused:
        importers.read_timelinejs(data, "t.json")
    assert str(refused.value) == message


def test_twenty_levels_of_json_are_read() -> None:
    nested = b'{"events": [], "x": ' + b"[" * 18 + b"]" * 18 + b"}"
    assert importers.read_timelinejs(nested, "t.json").slides == ()


def test_a_csv_without_the_templates_columns_is_refused() -> None:
    with pytest.raises(importers.ImportRefused) as refused:
        importers.read_sheet_csv(b"Date,Title\n2020,x\n", "s.csv")
    assert str(refused.value) == (
        "s.csv:1: the first row has no Year and no Headline column, so this is not a CSV of the "
        "TimelineJS sheet template — its first row names the columns "
        + ", ".join(importers.CSV_COLUMNS))


def test_the_command_says_why_nothing_was_imported(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    (tmp_path / "none.json").write_text('{"events": [{"text": {"headline": "x"}}]}')
    ran = run_cli(project, "import", "timelinejs", str(tmp_path / "none.json"))
    assert ran.returncode == 1
    assert ran.stderr == ("none.json: events[0]: not carried: start_date.year is missing — write "
                          "the year as a whole number, such as -44 for 44 BCE\n"
                          "Nothing was imported from none.json: it holds no slide that could be "
                          "carried (see above)\n")
    missing = run_cli(project, "import", "csv", str(tmp_path / "gone.csv"))
    assert missing.returncode == 1
    assert missing.stderr == (f"{tmp_path / 'gone.csv'}: it cannot be read (No such file or "
                              "directory) — give the path of the file to import\n")
    assert event_ids(project) == []
    assert (project / "seeds" / "sources.yml").read_bytes() == b""


# Whole imports. -----------------------------------------------------------------------------------

def test_fixtures_import_check_and_build(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    pilot = run_cli(project, "import", "timelinejs", str(IMPORTS / "pilot.json"))
    assert pilot.returncode == 0, pilot.stderr
    assert pilot.stderr.splitlines() == [
        "pilot.json: title: the title slide's text is not carried: a source record holds a title "
        "only",
        "pilot.json: events[1]: start_date: the time of day (10:30) was dropped: event dates carry "
        "no time",
        'pilot.json: events[5]: start_date.month "13" is not 1 to 12; kept the year only',
        'pilot.json: events[6]: start_date.day "30" is not a day of that month; kept the year '
        "and month",
        "pilot.json: events[7]: end_date is before start_date; imported without its end",
        'pilot.json: events[8]: not carried: start_date.year "nineteen-twelve" is not a whole '
        "number of at most 12 digits — write the year as a whole number, such as -44 for 44 BCE",
        "pilot.json: events[9]: not carried: start_date.year is missing — write the year as a "
        "whole number, such as -44 for 44 BCE",
        "pilot.json: events[10]: not carried: it has no headline, no text and no media caption — "
        "give it a text.headline",
    ]
    assert pilot.stdout == ("Imported 9 events, 2 new tags, 0 eras, 0 images from pilot.json, "
                            "citing new source the-life-of-ada-thorne-river-pilot; 3 slides not "
                            "carried.\n")
    century = run_cli(project, "import", "timelinejs", str(IMPORTS / "century.json"),
                      "--into", "seventh")
    assert century.stdout == ("Imported 5 events, 2 new tags, 1 era, 0 images from century.json, "
                              "citing new source a-seventh-century; 0 slides not carried.\n")
    sheet = run_cli(project, "import", "csv", str(IMPORTS / "sheet.csv"))
    assert sheet.stderr.splitlines() == [
        "sheet.csv:2: the title slide's text is not carried: a source record holds a title only",
        "sheet.csv:6: Time: the time of day (09:00) was dropped: event dates carry no time",
        "sheet.csv:8: not carried: Year is empty — write the year as a whole number, such as -44 "
        "for 44 BCE",
    ]
    assert sheet.stdout == ("Imported 4 events, 2 new tags, 1 era, 0 images from sheet.csv, citing "
                            "new source harbour-works; 1 slide not carried.\n")
    assert len(event_ids(project)) == 18
    checked = run_cli(project, "check")
    assert (checked.returncode, checked.stdout) == (0, "18 events checked: no errors.\n")

    events = project / "seeds" / "events"
    born = (events / "1838-11-30-ada-thorne-is-born.md").read_text()
    assert born == ("---\ntitle: Ada Thorne is born\ndate: 1838-11-30\nsummary: She is born in a "
                    "river town.\ntags: [family]\nsources:\n  - source: "
                    "the-life-of-ada-thorne-river-pilot\n---\nShe is born in a river town. Her "
                    "father keeps a **ferry**.\n\nDate as the original timeline showed it: Late "
                    "autumn, 1838\n")
    marriage = (events / "1870-02-marriage.md").read_text()
    assert "javascript" not in marriage and "<script" not in marriage
    assert "[a real one](https://example.org/wedding)" in marriage
    licence = (events / "1857-04-09-first-licence.md").read_text()
    assert "[A film of the river](https://www.youtube.com/watch?v=abc123) (Example films)" in licence
    assert (events / "seventh" / "0618-06-18-a-new-dynasty.md").is_file()
    stone = (events / "1901-03-04-the-first-stone.md").read_text()
    assert "[The stone on the day](https://example.org/stone.jpg) (Town archive)" in stone
    assert "tags: [building]" in stone
    eras = (project / "seeds" / "eras.yml").read_text()
    assert eras == ("the-last-great-war:\n  name: The last great war\n  date: 0602/0628\n"
                    "  description: Twenty-six years of war.\n\nthe-harbour-years:\n"
                    "  name: The harbour years\n  date: 1901/1931\n"
                    "  description: Thirty years of building.\n")

    build = Build(project)
    try:
        site = build.site()
    finally:
        build.stop()
    page = (site / "events" / "1870-02-marriage" / "index.html").read_text()
    assert 'href="https://example.org/wedding"' in page and "javascript:" not in page
    timeline = json.loads((site / "timeline.json").read_text())
    assert len(timeline["events"]) == 18


def test_registries_are_appended_to_byte_for_byte(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    tags = b"# Our tags, kept as typed.\nfamily:\n  name: Family\n  description: Kin.  "
    (project / "seeds" / "tags.yml").write_bytes(tags)
    sources = b"# no trailing newline\nold-source:\n  title: Old\n  publisher: P\n  published: 2020-01-01"
    (project / "seeds" / "sources.yml").write_bytes(sources)
    ran = run_cli(project, "import", "timelinejs", str(IMPORTS / "pilot.json"))
    assert ran.returncode == 0, ran.stderr
    after = (project / "seeds" / "tags.yml").read_bytes()
    assert after.startswith(tags)
    assert after[len(tags):] == b"\n\nriver:\n  name: River\n"  # Family was there already
    assert (project / "seeds" / "sources.yml").read_bytes().startswith(sources + b"\n\n# Imported")
    assert run_cli(project, "check").returncode == 0
    again = run_cli(project, "import", "timelinejs", str(IMPORTS / "pilot.json"),
                    "--source", "old-source")
    assert again.returncode == 0, again.stderr
    assert "ada-thorne-is-born-2" in " ".join(event_ids(project))
    assert run_cli(project, "check").returncode == 0
    unknown = run_cli(project, "import", "timelinejs", str(IMPORTS / "pilot.json"),
                      "--source", "nope")
    assert unknown.stderr == ('--source: "nope" is not an id in seeds/sources.yml — give the id of '
                              "a source listed there, or leave --source out to add a source record "
                              "for the file\n")


def test_the_writer_writes_nothing_if_a_file_would_be_replaced(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    timeline = importers.read_timelinejs((IMPORTS / "century.json").read_bytes(), "century.json")
    existing = importers.Existing(frozenset(), b"", b"", None, frozenset(), {}, frozenset())
    plan = importers.plan_import(timeline, existing, importers.Options(
        "century.json", None, "", "2026-11-22"), lambda path: "unused")
    taken = project / plan.events[2].path
    taken.write_text("mine")
    assert importers.write_plan(project, plan) == [
        f"{plan.events[2].path} already exists, and an import never replaces a file — move it "
        "away or import into another folder with --into"]
    assert event_ids(project) == [taken.stem]
    assert taken.read_text() == "mine"
    assert (project / "seeds" / "tags.yml").read_bytes() == b""
    assert not (project / "seeds" / "eras.yml").exists()


def test_our_own_export_imports_back_to_the_same_events(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SMALL / "seeds", seeds)
    for event in (seeds / "events").iterdir():
        event.unlink()
    project = make_project(tmp_path / "project", seeds)
    exported = tmp_path / "timeline.json"
    exported.write_bytes(build_small().exports["timeline.json"])
    source = next(line.split(":")[0] for line in (seeds / "sources.yml").read_text().splitlines()
                  if line and not line.startswith((" ", "#")))
    ran = run_cli(project, "import", "timelinejs", str(exported), "--source", source)
    assert ran.returncode == 0, ran.stderr
    before, _ = check_with()
    after, problems = check_with(root=project)
    assert before is not None and after is not None, problems
    # timeline.json names one group per slide: an event's first tag.
    assert [(e.id, e.title, e.date, e.tags[:1]) for e in after.events] == \
        [(e.id, e.title, e.date, e.tags[:1]) for e in before.events]


# After the dates, eras and images parts merge. ----------------------------------------------------

def test_years_before_the_common_era_import(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    ran = run_cli(project, "import", "timelinejs", str(IMPORTS / "science.json"))
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == ('science.json: title: the title slide\'s text is not carried: a source '
                          "record holds a title only\n"
                          'science.json: events[2]: start_date.year: TimelineJS shows the year 0 as '
                          "\"0\"; imported as 1 BCE (EDTF's year 0000)\n")
    assert event_ids(project) == ["0140-a-book-of-the-stars", "1bce-a-year-timelinejs-calls-0",
                                  "2560bce-a-great-pyramid-is-finished",
                                  "44bce-03-15-a-calendar-in-use"]
    assert "date: -0043-03-15\n" in (project / "seeds" / "events" /
                                     "44bce-03-15-a-calendar-in-use.md").read_text()
    assert run_cli(project, "check").returncode == 0
    build = Build(project)
    try:
        page = (build.site() / "events" / "44bce-03-15-a-calendar-in-use" / "index.html")
        assert "15 March 44 BCE" in page.read_text()
    finally:
        build.stop()


def test_a_cosmological_timeline_imports_and_checks(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    ran = run_cli(project, "import", "timelinejs", str(IMPORTS / "cosmos.json"))
    assert ran.returncode == 0, ran.stderr
    assert event_ids(project) == ["13800000000bce-the-universe-begins",
                                  "4600000000bce-the-sun-forms", "66000000bce-a-great-extinction"]
    assert "date: Y-13799999999\n" in (project / "seeds" / "events" /
                                       "13800000000bce-the-universe-begins.md").read_text()
    assert run_cli(project, "check").stdout == "3 events checked: no errors.\n"


# A real build of these three events was killed (out of memory) after two minutes on main at
# 075519c: the overview strip then gave every month of 13.8 billion years its room.
def test_a_cosmological_timeline_builds(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    assert run_cli(project, "import", "timelinejs", str(IMPORTS / "cosmos.json")).returncode == 0
    build = Build(project)
    try:
        build.site()
    finally:
        build.stop()


def test_eras_are_shown_after_import(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    assert run_cli(project, "import", "csv", str(IMPORTS / "sheet.csv")).returncode == 0
    build = Build(project)
    try:
        timeline = json.loads((build.site() / "timeline.json").read_text())
    finally:
        build.stop()
    assert [era["text"]["headline"] for era in timeline["eras"]] == ["The harbour years"]


def test_a_local_image_beside_the_input_is_copied(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    (tmp_path / "in" / "pictures").mkdir(parents=True)
    png = png_bytes(8, 6)
    (tmp_path / "in" / "pictures" / "pier.png").write_bytes(png)
    (tmp_path / "in" / "t.json").write_text(json.dumps({"events": [
        {"start_date": {"year": "1901"}, "text": {"headline": "The pier"},
         "media": {"url": "pictures/pier.png", "credit": "Town archive", "caption": "The pier"}},
        {"start_date": {"year": "1902"}, "text": {"headline": "Outside"},
         "media": {"url": "../secret.png", "credit": "x"}}]}))
    ran = run_cli(project, "import", "timelinejs", str(tmp_path / "in" / "t.json"))
    assert ran.returncode == 0, ran.stderr
    assert (project / "seeds" / "images" / "1901-the-pier.png").read_bytes() == png
    assert "images:\n  - file: 1901-the-pier.png\n    alt: The pier\n    credit: Town archive\n" \
        in (project / "seeds" / "events" / "1901-the-pier.md").read_text()
    assert run_cli(project, "check").returncode == 0


def test_a_remote_media_link_is_named_by_its_caption_or_its_host() -> None:
    timeline = slides({"events": [
        {"start_date": {"year": "1901"}, "text": {"headline": "Map"},
         "media": {"url": "https://maps.example.org/place?q=(a b)"}},
        {"start_date": {"year": "1902"}, "text": {"headline": "Odd"},
         "media": {"url": "http://[broken/x.jpg", "caption": "An *odd* one"}}]})
    existing = importers.Existing(frozenset(), None, None, None, frozenset(), {}, frozenset())
    plan = importers.plan_import(timeline, existing, importers.Options("t.json", None, "",
                                                                       "2026-11-22"),
                                 lambda path: "unused")
    assert plan.events[0].text.endswith(
        "---\n[Media on maps.example.org](https://maps.example.org/place?q=%28a%20b%29)\n")
    assert plan.events[1].text.endswith("---\n[An &#42;odd&#42; one](http://[broken/x.jpg)\n")


# Attacks and a second reading (issue 13). --------------------------------------------------------

NOTHING = importers.Existing(frozenset(), None, None, None, frozenset(), {}, frozenset())
OPTIONS = importers.Options("t.json", None, "", "2026-01-30")


def plan_of(data: dict[str, object], existing: importers.Existing = NOTHING) -> importers.Plan:
    """Return the plan of importing a TimelineJS timeline given as data into `existing`."""
    return importers.plan_import(slides(data), existing, OPTIONS, lambda path: "no file")


def test_ids_of_many_alike_slides_are_made_unique_in_linear_time() -> None:
    same: dict[str, object] = {"events": [{"start_date": {"year": "2020"}, "text": {"headline": "Same"},
                        "group": "a" + "!" * (n % 30)} for n in range(10_000)]}
    with time_bound(10, ": ids are made unique trying -2, -3, … from the start each time"):
        plan = plan_of(same)
    paths = [event.path for event in plan.events]
    assert len(set(paths)) == 10_000
    assert paths[:3] == ["seeds/events/2020-same.md", "seeds/events/2020-same-2.md",
                         "seeds/events/2020-same-3.md"]
    assert paths[-1] == "seeds/events/2020-same-10000.md"
    tags = plan.appended["seeds/tags.yml"][1].splitlines()[::2]
    assert tags[:3] == ["a:", "a-2:", "a-3:"] and tags[-1] == "a-30:"


def test_unclosed_tags_are_text_read_in_linear_time() -> None:
    with time_bound(10, ": the HTML parser rescans the text at each unclosed '<'"):
        for hostile in ("<a " * 100_000, '<a x="' * 50_000, "<!--" * 50_000):
            assert len(importers.html_to_markdown(hostile)) >= len(hostile)
            assert importers.plain_text(hostile) == hostile.strip()
    assert importers.html_to_markdown("<a <b>x</b> y") == "&#60;a **x** y"
    assert importers.html_to_markdown("<![CDATA[x]]><!doctype html>a<!-- hidden -->b") == "ab"
    assert importers.plain_text("<![<![<![") == "<![<![<!["


def test_text_after_a_space_stays_text_not_lists_or_headings() -> None:
    hostile = "<p> - not a list</p><p>Just words<br> ---</p><p> 1. not numbered</p><p> + plus</p>"
    assert importers.html_to_markdown(hostile) == (
        "&#45; not a list\n\nJust words  \n&#45;--\n\n&#49;. not numbered\n\n&#43; plus")
    page = markdown.markdown(importers.html_to_markdown(hostile))
    assert "<li>" not in page and "<h2>" not in page and "<hr" not in page
    assert page == ("<p>&#45; not a list</p>\n<p>Just words<br />\n&#45;--</p>\n"
                    "<p>&#49;. not numbered</p>\n<p>&#43; plus</p>")


def test_a_file_name_not_in_utf8_or_with_a_line_break_is_named_in_one_line(
        tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    slide = b'{"events": [{"start_date": {"year": "2020"}, "text": {"headline": "B"}}]}'
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff.json"))
    odd.write_bytes(slide)
    ran = run_cli(project, "import", "timelinejs", str(odd))
    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout == ("Imported 1 event, 0 new tags, 0 eras, 0 images from bad\ufffd.json, "
                          "citing new source bad-json; 0 slides not carried.\n")
    assert "TimelineJS file bad\ufffd.json" in (project / "seeds" / "sources.yml").read_text()
    broken = tmp_path / "two\nlines.json"
    broken.write_bytes(slide)
    ran = run_cli(project, "import", "timelinejs", str(broken))
    assert (ran.returncode, ran.stderr) == (1, (
        "two\\nlines.json: the file's name holds a line break or another character that cannot be "
        "printed, and the new source record and the reports name the file — rename it and import "
        "it again\n"))


def test_unprintable_characters_go_from_text_with_or_without_markup() -> None:
    assert importers.plain_text("Bad \x01one\u200b\tend\n") == "Bad one end"
    assert importers.plain_text("<b>Bad \x01one\u200b</b>\tend") == "Bad one end"
    plan = plan_of({"events": [{"start_date": {"year": "2020"},
                                "text": {"headline": "Bad \x01 one"}}]})
    assert plan.events[0].text.startswith("---\ntitle: Bad one\n")


@pytest.mark.parametrize(("start", "end", "edtf", "notes"), [
    ({"year": "2025", "month": "3"}, {"year": "2025"}, "2025-03/2025", ()),
    ({"year": "2025"}, {"year": "2025", "month": "3"}, "2025/2025-03", ()),
    ({"year": "2025", "month": "3"}, {"year": "2025", "month": "3"}, "2025-03", ()),
    ({"year": "2025", "month": "3"}, {"year": "2024"}, "2025-03",
     ("end_date is before start_date; imported without its end",)),
    ({"year": "-44"}, {"year": "-45"}, "-0043",
     ("end_date is before start_date; imported without its end",)),
])
def test_an_end_is_before_its_start_only_if_the_checker_says_so(
        start: dict[str, str], end: dict[str, str], edtf: str, notes: tuple[str, ...]) -> None:
    slide = importers.Slide("events[0]", "event", start, end)
    assert importers.edtf_date(slide, False) == importers.Point(edtf, notes)


def test_eras_beyond_the_registrys_limit_are_reported_one_by_one(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    (project / "seeds" / "eras.yml").write_text("".join(
        f"old-{n}:\n  name: Old {n}\n  date: 1900/1901\n" for n in range(3)))
    era = {"start_date": {"year": "2001"}, "end_date": {"year": "2002"}}
    (tmp_path / "eras.json").write_text(json.dumps({
        "events": [{"start_date": {"year": "2001"}, "text": {"headline": "One"}}],
        "eras": [{**era, "text": {"headline": f"Era {n}"}} for n in range(199)]}))
    ran = run_cli(project, "import", "timelinejs", str(tmp_path / "eras.json"))
    assert ran.returncode == 0
    assert ran.stderr == "".join(
        f"eras.json: eras[{n}]: not carried: seeds/eras.yml holds at most 200 eras — make room "
        "there and add this one by hand if it matters more\n" for n in (197, 198))
    assert ran.stdout.startswith("Imported 1 event, 0 new tags, 197 eras, 0 images from eras.json")
    assert check_with(root=project)[0] is not None


def test_a_number_of_thousands_of_digits_is_a_year_too_long_not_bad_json() -> None:
    data = b'{"events": [{"start_date": {"year": ' + b"9" * 5000 + b'}, "text": {"headline": "x"}}]}'
    plan = importers.plan_import(importers.read_timelinejs(data, "t.json"), NOTHING, OPTIONS,
                                 lambda path: "no file")
    assert plan.notes == [("events[0]", 'not carried: start_date.year "' + "9" * (F.ECHO_MAX - 1)
                           + '…" is not a whole number of at most 12 digits — write the year as '
                           "a whole number, such as -44 for 44 BCE")]


@pytest.mark.parametrize(("data", "message"), [
    (b"Year,Headline,Text\n2020,h," + b"x" * 131_073 + b"\n",
     "s.csv:2: a cell holds more than the 131,072 characters a CSV cell may have here — shorten it "
     "(an event's narrative holds at most 50,000), or import the timeline's JSON instead"),
    (b'Year,Headline\n2019,a\n2020,"unterminated\n2021,b\n',
     's.csv:3: a quoted cell begins in this row and its quote is never closed, so every line after '
     "it would be that cell's text — close the quote (a quote inside a cell is written twice: \"\") "
     "and import again"),
])
def test_csv_that_cannot_be_read_whole_says_where_and_why(data: bytes, message: str) -> None:
    with pytest.raises(importers.ImportRefused) as refused:
        importers.read_sheet_csv(data, "s.csv")
    assert str(refused.value) == message


def test_a_cell_at_the_csv_limit_and_quoted_lines_are_read() -> None:
    read = importers.read_sheet_csv(b'Year,Headline,Text\n2020,h,' + b"x" * 131_072
                                    + b'\n2021,"two\nlines",""""\n', "s.csv")
    assert [(s.where, s.headline, len(s.text)) for s in read.slides] == [
        ("line 2", "h", 131_072), ("line 3", "two\nlines", 1)]


def test_a_registry_wrong_before_the_import_is_the_projects_to_fix(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    tags = project / "seeds" / "tags.yml"
    tags.rename(project / "seeds" / "t.yml")
    tags.symlink_to("t.yml")
    (tmp_path / "g.json").write_text(json.dumps({"events": [
        {"start_date": {"year": "2020"}, "text": {"headline": "T"}, "group": "G"}]}))
    ran = run_cli(project, "import", "timelinejs", str(tmp_path / "g.json"))
    assert ran.returncode == 1
    assert ran.stderr == (
        "seeds/tags.yml has an error of its own, and the import adds to it, so nothing was "
        "written — fix it, then import again: seeds/tags.yml:1:1: this is a symbolic link, which "
        "is never followed; seed files and their folders must be real files and folders in the "
        "repository — replace the link with the file or folder itself\n")


def test_reports_on_slides_name_the_inputs_own_fields_and_say_the_fix() -> None:
    sheet = importers.read_sheet_csv(
        b"Year,Month,Day,End Year,End Month,Headline,Type\n"
        b"x,1,1,,,A,\n2020,13,,2019,,B,\n2020,2,30,,,C,\n2020,,5,,,D,\n,,,,,E,\n"
        b"2020,,,,,,\n2020,,,,,F,era\n2020,,,2021,,,era\n2020,,,,,G,title\n2020,,,,,H,title\n",
        "s.csv")
    plan = importers.plan_import(sheet, NOTHING, OPTIONS, lambda path: "no file")
    assert [f"{where}: {what}" for where, what in plan.notes] == [
        "line 11: not carried: a second title slide (the first one names the source) — clear its "
        "Type cell to make it an event",
        'line 2: not carried: Year "x" is not a whole number of at most 12 digits — write the year '
        "as a whole number, such as -44 for 44 BCE",
        'line 3: Month "13" is not 1 to 12; kept the year only',
        "line 3: End Year, End Month and End Day are before Year, Month and Day; imported without "
        "its end",
        'line 4: Day "30" is not a day of that month; kept the year and month',
        "line 5: Day without Month was dropped",
        "line 6: not carried: Year is empty — write the year as a whole number, such as -44 for "
        "44 BCE",
        "line 7: not carried: it has no headline, no text and no media caption — give it a "
        "Headline",
        "line 8: not carried: an era needs an end date after its start — give it an End Year "
        "after its Year",
        "line 9: not carried: an era needs a headline (its name) — give it a Headline",
    ]
    assert plan.not_carried == 6


def test_eras_yml_as_a_link_is_the_projects_to_fix(tmp_path: Path) -> None:
    project = empty_project(tmp_path)
    (project / "seeds" / "e.yml").write_text("")
    (project / "seeds" / "eras.yml").symlink_to("e.yml")
    ran = run_cli(project, "import", "csv", str(IMPORTS / "sheet.csv"))
    assert (ran.returncode, ran.stderr) == (1, (
        "seeds/eras.yml has an error of its own, and the import adds to it, so nothing was "
        "written — fix it, then import again: seeds/eras.yml:1:1: this is a symbolic link, which "
        "is never followed; seed files and their folders must be real files and folders in the "
        "repository — replace the link with the file or folder itself\n"))
    checked = run_cli(project, "check")  # check says it too: eras.yml is read with the seeds
    assert checked.returncode == 1 and "seeds/eras.yml:1:1: this is a symbolic link" in (
        checked.stdout + checked.stderr)


# Each EDTF form of the ages fixture, and those it lacks, with qualifiers: our own export of them
# must import back to the same ids and dates.
NEW_FORMS = {"198x-decade": "198X%", "2001-24-winter": "2001-24", "2026-xx-some-month": "2026-XX",
             "1985-04-xx-some-day": "1985-04-XX~", "1990-span": "1990~/2001-21?",
             "2025-03-about": "2025-03~", "2025-08-going": "2025-08?/..",
             "1985-xx-xx-a-year": "1985-XX-XX?", "19xx-a-century": "19XX~/20XX",
             "2020-06-01-a-day": "2020-06-01%", "44bce-03-15-to-44bce": "-0043-03-15/-0043?"}


@pytest.mark.parametrize("fixture", [SMALL, AGES], ids=["small", "ages"])
def test_our_own_export_of_every_date_form_imports_back(tmp_path: Path, fixture: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(fixture / "seeds", seeds)
    source = next(line.split(":")[0] for line in (seeds / "sources.yml").read_text().splitlines()
                  if line and not line.startswith((" ", "#")))
    for name, date in NEW_FORMS.items():
        (seeds / "events" / f"{name}.md").write_text(
            f"---\ntitle: {name}\ndate: '{date}'\nsummary: S.\nsources:\n  - source: {source}\n"
            "---\nBody.\n")
    exported = tmp_path / "timeline.json"
    exported.write_bytes(build_files(make_project(tmp_path / "before", seeds)).exports[
        "timeline.json"])
    before, problems = check_with(root=tmp_path / "before")
    assert before is not None, problems
    shutil.rmtree(seeds / "events")
    (seeds / "events").mkdir()
    project = make_project(tmp_path / "project", seeds)
    ran = run_cli(project, "import", "timelinejs", str(exported), "--source", source)
    assert ran.returncode == 0, ran.stderr
    after, problems = check_with(root=project)
    assert after is not None and problems == [], problems
    assert sorted((e.id, e.date.edtf, e.title) for e in after.events) == \
        sorted((e.id, e.date.edtf, e.title) for e in before.events)
    assert "Date as the original timeline showed it" not in "".join(
        path.read_text() for path in (project / "seeds" / "events").iterdir())
