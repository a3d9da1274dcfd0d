"""Large timelines: cut into light pages, checked in parallel, with the same results as in serial."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from tests.support import (
    FEED_ENTRIES,
    PAGE_EVENTS,
    SiteFiles,
    build_files,
    check_with,
    latest_ids,
    map_in_parallel,
)


@pytest.fixture(scope="module")
def built_here(large: Path) -> SiteFiles:
    """Return the large timeline's pages and data files, made in this process alone."""
    return build_files(large, workers=1)


@pytest.fixture(scope="module")
def built_shared(large: Path) -> SiteFiles:
    """Return the large timeline's pages and data files, made here and in a forked worker."""
    return build_files(large, workers=2)


def test_forked_workers_give_the_same_timeline(large: Path, built_here: SiteFiles,
                                               built_shared: SiteFiles) -> None:
    serial, serial_problems = check_with(root=large, workers=1)
    parallel, parallel_problems = check_with(root=large, workers=2)
    assert serial is not None and serial == parallel
    assert serial_problems == parallel_problems
    assert built_here.pages == built_shared.pages and built_here.exports == built_shared.exports


def test_a_large_timeline_is_cut_into_pages_that_link_up(built_here: SiteFiles) -> None:
    pages = built_here.pages
    parts = sorted(uri for uri in pages if uri.startswith("timeline/"))
    assert len(parts) >= 2000 // PAGE_EVENTS
    index = pages["timeline.md"].markdown
    for part in parts:
        assert f"]({part})" in index, part  # the index links every part
        cards = re.findall(r'<li class="tl-event', pages[part].markdown)
        assert 0 < len(cards) <= PAGE_EVENTS
    seen = [re.findall(r'<li class="tl-event[^"]*" id="([a-z0-9-]+)"', pages[p].markdown)
            for p in parts]
    assert sum(len(ids) for ids in seen) == 2000
    # Each event page points at the part that holds its card.
    event_id = seen[3][0]
    assert f"(../{parts[3]}#{event_id})" in pages[f"events/{event_id}.md"].markdown
    # Long lists are paginated too: a tag on many events gets several pages.
    assert "tags/tag-00.md" in pages and "tags/tag-00/2.md" in pages
    assert "Page 1 of " in pages["tags/tag-00.md"].markdown


def test_a_large_site_builds_strictly_with_no_heavy_page(large_site: Path) -> None:
    # `large` (conftest.py) has 2,000 events; its strict build started with the session.
    site = large_site
    heaviest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < 300 * 1024, heaviest
    index = (site / "search" / "search_index.json").stat().st_size
    assert index / 2000 < 1.5 * 1024
    assert "2,000 events on " in (site / "timeline" / "index.html").read_text(encoding="utf-8")


def test_citations_of_a_large_site_reach_their_source_on_its_page(large_site: Path) -> None:
    # Sources are listed on several pages here; a citation is a raw HTML link MkDocs does not check.
    reached = 0
    for event in sorted((large_site / "events").glob("*/index.html"))[::100]:
        for page, anchor in re.findall(r'<a href="([^"#]+)#([^"]+)">“',
                                       event.read_text(encoding="utf-8")):
            assert f'id="{anchor}"' in (event.parent / page / "index.html").read_text(
                encoding="utf-8"), (event, page, anchor)
            reached += 1
    assert reached >= 20


def test_feeds_of_a_large_timeline_list_the_latest_events(built_shared: SiteFiles) -> None:
    built = built_shared
    feed = feedparser.parse(built.exports["feed.xml"])
    assert feed.bozo == 0
    newest = latest_ids(json.loads(built.exports["events.json"])["events"])
    assert len(feed.entries) == FEED_ENTRIES
    assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries] == newest[:FEED_ENTRIES]
    tag_feed = feedparser.parse(built.exports["feeds/tag-00.xml"])
    assert len(tag_feed.entries) == FEED_ENTRIES
    assert all("tag-00" in [t.term for t in entry.tags] for entry in tag_feed.entries)
    # Every other data file still lists all 2,000 events, and the Data page says so.
    assert len(json.loads(built.exports["events.json"])["events"]) == 2000
    data_page = built.pages["data.md"].markdown
    assert "Every file lists all 2,000 events\n(the feeds, the 50 latest)" in data_page
    assert "feed readers: the 50 latest events, newest first" in data_page


def test_work_is_dealt_out_in_turn_and_comes_back_in_order() -> None:
    # Few items: everything runs here, with no worker started.
    assert map_in_parallel(lambda n: n * n, [1, 2, 3], 2) == [1, 4, 9]
    # Many: this process takes every other item, a forked worker the rest; results in order.
    ran = map_in_parallel(lambda n: (n, os.getpid()), list(range(1001)), 2)
    assert [n for n, _ in ran] == list(range(1001))
    assert {pid for n, pid in ran if n % 2 == 0} == {os.getpid()}
    assert os.getpid() not in {pid for n, pid in ran if n % 2 == 1}
    assert map_in_parallel(lambda n: n * n, list(range(1001)), 2) == [n * n for n in range(1001)]


def fails_on(bad: int) -> Callable[[int], int]:
    """Return a step that raises ValueError on the item `bad`."""
    def step(n: int) -> int:
        if n == bad:
            raise ValueError(f"item {n}")
        return n
    return step


@pytest.mark.parametrize("bad", [0, 1], ids=["in this process", "in the worker"])
def test_an_error_in_either_process_is_raised_here(bad: int) -> None:
    with pytest.raises(ValueError, match=f"^item {bad}$"):
        map_in_parallel(fails_on(bad), list(range(1001)), 2)


def test_an_oversized_event_file_is_refused_not_a_crash(large: Path) -> None:
    # Named to sort last, so that its weight falls at the end of the work to share.
    timeline, problems = check_with({"events/9999-12-31-notes.md": b"x" * 3_000_000}, root=large,
                                    workers=2)
    assert timeline is None
    assert [str(p) for p in problems if p.severity == "error"] == [
        "seeds/events/9999-12-31-notes.md:1:1: the file is 3,000,000 bytes, more than the 100,000 "
        "allowed — shorten it (a narrative can link to a longer document instead of holding it)"]
