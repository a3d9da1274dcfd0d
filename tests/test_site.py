"""Real `mkdocs build --strict` runs with MkDocs and Material, checked as a reader would.

On the fixtures: the tariffs fixture (a frozen copy of the tariff timeline) and the small one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.support import (
    TARIFFS,
    TEST_REPO_URL,
    event_ids,
    mkdocs,
    run_cli,
    search,
    text_of,
)

EVENT_IDS = event_ids(TARIFFS)
# The tariff timeline as a reader must see it: every event, in order, with its date.
EXPECTED_TIMELINE = [
    ("July 2025", "2025-07-us-and-south-korea-agree-trade-deal"),
    ("November 2025", "2025-11-investment-memorandum-signed"),
    ("January 2026", "2026-01-kim-to-meet-energy-secretary-wright"),
    ("January 2026", "2026-01-yeo-han-koo-leaves-for-washington"),
    ("Monday 26 January 2026", "2026-01-26-trump-announces-higher-tariffs"),
    ("Tuesday 27 January 2026", "2026-01-27-trump-says-the-two-sides-will-work-it-out"),
    ("Thursday 29 January 2026", "2026-01-29-first-day-of-washington-talks"),
    ("Friday 30 January 2026", "2026-01-30-kim-and-lutnick-to-meet-again"),
    ("February 2026", "2026-02-assembly-to-vote-on-investment-bill"),
]


def page(site: Path, url: str) -> str:
    """Return the HTML of the page at `url` (a directory URL such as `timeline/`)."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def h1(site: Path, url: str) -> str:
    """Return the text of the page's first-level heading."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page(site, url), re.S)
    assert match, f"{url} has no <h1>"
    return text_of(re.sub(r'<a class="headerlink".*?</a>', "", match.group(1)))


def test_every_event_file_has_its_page(tariffs_site: Path) -> None:
    assert sorted(i for _, i in EXPECTED_TIMELINE) == EVENT_IDS
    for event_id in EVENT_IDS:
        assert (tariffs_site / "events" / event_id / "index.html").is_file(), event_id


def test_timeline_lists_every_event_in_order_with_its_date(tariffs_site: Path) -> None:
    timeline = page(tariffs_site, "timeline")
    entries = re.findall(r'<li class="tl-event[^"]*" id="([a-z0-9-]+)".*?<time datetime="[0-9-]+">'
                         r'(.*?)</time>.*?href="\.\./events/([a-z0-9-]+)/"', timeline, re.S)
    assert [(date, link) for _, date, link in entries] == EXPECTED_TIMELINE
    assert [entry_id for entry_id, _, _ in entries] == [i for _, i in EXPECTED_TIMELINE]


def test_event_page_shows_date_place_people_sources_and_related(tariffs_site: Path) -> None:
    talks = page(tariffs_site, "events/2026-01-29-first-day-of-washington-talks")
    text = text_of(talks)
    assert h1(tariffs_site, "events/2026-01-29-first-day-of-washington-talks") == \
        "First day of Washington talks ends without a deal"
    assert "Thursday 29 January 2026 (2026-01-29) · Washington, D.C. · ★ Key event" in text
    assert 'href="../../actors/howard-lutnick/"' in talks
    assert "“We had extensive talks and agreed to meet again tomorrow morning”" in text
    assert "Anadolu Agency" in text and 'href="../../sources/#anadolu-2026-01-30"' in talks
    # Related in both directions: the Friday meeting lists Thursday, not the other way round.
    assert 'href="../2026-01-30-kim-and-lutnick-to-meet-again/"' in talks
    assert 'href="../2026-01-26-trump-announces-higher-tariffs/"' in talks


def test_month_precision_is_shown_as_written(tariffs_site: Path) -> None:
    deal = text_of(page(tariffs_site, "events/2025-07-us-and-south-korea-agree-trade-deal"))
    assert "July 2025 (2025-07) · ★ Key event" in deal
    assert "1 July 2025" not in deal


def test_scheduled_events_whose_date_passed_await_an_update(tariffs_site: Path) -> None:
    # The build is dated BUILT_AT (22 November 2026), after 30 January 2026.
    friday = text_of(page(tariffs_site, "events/2026-01-30-kim-and-lutnick-to-meet-again"))
    assert "Friday 30 January 2026 (2026-01-30) · Washington, D.C. · Awaiting update" in friday
    timeline = page(tariffs_site, "timeline")
    card = timeline.split('id="2026-01-30-kim-and-lutnick-to-meet-again"', 1)[1].split("</li>")[0]
    assert '<span class="tl-badge tl-badge--awaiting">Awaiting update</span>' in card


def test_scheduled_events_still_ahead_are_marked_scheduled(small_site: Path) -> None:
    vote = text_of(page(small_site, "events/2099-01-15-future-vote"))
    assert "Thursday 15 January 2099 (2099-01-15) · Scheduled" in vote


def test_search_finds_events_by_person_theme_and_goods(tariffs_site: Path) -> None:
    found = search(tariffs_site, "Lutnick", "shipbuilding", "pharmaceuticals")
    assert "events/2026-01-29-first-day-of-washington-talks/" in found["Lutnick"]
    assert found["shipbuilding"][0] == "events/2025-11-investment-memorandum-signed/"
    assert "events/2026-01-26-trump-announces-higher-tariffs/" in found["pharmaceuticals"][:2]


def test_actor_page_lists_their_events_in_order(tariffs_site: Path) -> None:
    kim = page(tariffs_site, "actors/kim-jung-kwan")
    assert re.findall(r'href="\.\./\.\./events/([a-z0-9-]+)/"', kim) == [
        "2026-01-kim-to-meet-energy-secretary-wright",
        "2026-01-29-first-day-of-washington-talks",
        "2026-01-30-kim-and-lutnick-to-meet-again",
    ]


def test_sources_page_lists_each_source_with_the_events_citing_it(tariffs_site: Path) -> None:
    sources = page(tariffs_site, "sources")
    assert 'id="anadolu-2026-01-30"' in sources and 'id="wire-2026-01-30"' in sources
    wire = sources.split('id="wire-2026-01-30"', 1)[1]
    assert 'href="../events/2026-01-27-trump-says-the-two-sides-will-work-it-out/"' in wire


def test_tags_index_lists_events_under_each_tag(tariffs_site: Path) -> None:
    tags = page(tariffs_site, "tags")
    negotiations = tags.split('id="tag:negotiations"', 1)[1].split("<h2", 1)[0]
    assert "../events/2026-01-29-first-day-of-washington-talks/" in negotiations
    assert "../events/2025-11-investment-memorandum-signed/" not in negotiations


def test_edit_button_opens_the_seed_file(tariffs_site: Path) -> None:
    def edit_link(url: str) -> str | None:
        match = re.search(r'<a href="([^"]+)"[^>]*title="Edit this page"', page(tariffs_site, url))
        return match.group(1) if match else None

    assert edit_link("events/2026-01-29-first-day-of-washington-talks") == (
        f"{TEST_REPO_URL}/edit/main/seeds/events/2026-01-29-first-day-of-washington-talks.md")
    assert edit_link("actors/kim-jung-kwan") == f"{TEST_REPO_URL}/edit/main/seeds/actors.yml"
    assert edit_link("about") == f"{TEST_REPO_URL}/edit/main/docs/about.md"
    assert edit_link("timeline") is None


def test_no_edit_button_without_a_repository(small_site: Path) -> None:
    assert 'title="Edit this page"' not in page(small_site, "events/2025-05-12-summit-in-seoul")


def test_plain_text_fields_are_shown_literally(small_site: Path) -> None:
    title = "Summit *not* a [deal](javascript:alert(1)) <b>#1</b> & more"
    url = "events/2025-05-12-summit-in-seoul"
    summit = page(small_site, url)
    assert h1(small_site, url) == title
    head = re.search(r"<title>(.*?)</title>", summit)
    assert head and text_of(head.group(1)).startswith(title + " - ")
    assert "<b>#1</b>" not in summit and "<script>alert(1)" not in summit
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', summit))
    assert text_of(page(small_site, "actors/bob-sample").split("<h1", 1)[1].split("</h1>")[0]
                   .split(">", 1)[1]).startswith("Bob <Sample> & Co")


def test_narrative_html_is_sanitised(small_site: Path) -> None:
    narrative = page(small_site, "events/2025-11-01-narrative-with-html")
    article = narrative.split('<article', 1)[1].split("</article>", 1)[0]
    assert "<strong>bold</strong>" in article
    assert '<a href="https://example.org/safe">a safe link</a>' in article
    for forbidden in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "data:",
                      "style=", "<iframe", "alert("):
        assert forbidden not in article, forbidden


def test_a_broken_event_stops_the_build_and_keeps_the_old_site(built_project: Path) -> None:
    project = built_project
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    broken = project / "seeds" / "events" / "2026-01-29-first-day-of-washington-talks.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("date: 2026-01-29",
                                                                 "date: 2026-01-32"),
                      encoding="utf-8")
    (project / "seeds" / "events" / "2026-01-31-extra.md").write_text("---\ntitle: x\n",
                                                                      encoding="utf-8")
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode == 1
    assert ("seeds/events/2026-01-29-first-day-of-washington-talks.md:3:7: date: "
            '"2026-01-32" is not a real date: January 2026 has 31 days — correct the day'
            in result.stderr)
    assert ("seeds/events/2026-01-31-extra.md:1:1: the front matter opened here is never closed "
            '— add a line "---" after the last field' in result.stderr)
    assert "2 problems in the seed files; nothing was built" in result.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_generated_pages_never_replace_a_hand_written_one(project: Path) -> None:
    (project / "docs" / "timeline.md").write_text("# Mine\n", encoding="utf-8")
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode == 1
    assert ("docs/timeline.md is generated from the seed files — remove or rename the "
            "hand-written docs/timeline.md") in result.stderr


def test_no_hand_written_page_is_published_where_a_generated_one_goes(project: Path) -> None:
    # Another name, the same address: its words would join the search index and the sitemap at
    # the event's address (in either language).
    event_id = event_ids(project)[0]
    for folder in (f"events/{event_id}", f"ko/events/{event_id}"):
        (project / "docs" / folder).mkdir(parents=True)
        (project / "docs" / folder / "index.md").write_text("# Mine\n", encoding="utf-8")
        result = mkdocs(project, "build", "--strict", check=False)
        assert result.returncode == 1
        assert (f"docs/{folder}/index.md would be published at {folder}/index.html, where a page "
                "made from the seed files goes — remove or rename it") in result.stderr
        shutil.rmtree(project / "docs" / folder)


def test_rendered_tree_builds_with_plain_mkdocs(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "tree"
    result = run_cli(project, "render", "--out", str(out))
    assert result.returncode == 0, result.stderr
    # The tree stands alone: its own mkdocs.yml, no hook (tests/test_portable.py has the details).
    mkdocs(out, "build", "--strict", "-d", str(tmp_path / "plain"))
    plain = tmp_path / "plain"
    assert h1(plain, "events/2026-01-29-first-day-of-washington-talks") == \
        "First day of Washington talks ends without a deal"
    assert len(list((plain / "events").iterdir())) == len(EVENT_IDS)
