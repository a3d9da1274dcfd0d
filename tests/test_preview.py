"""What the preview keeps between rebuilds changes nothing it shows: after any sequence of edits,
a rebuild with the cache makes exactly what a fresh build makes, and re-renders only the pages
that show what changed; the notice of problems says what the terminal says."""

from __future__ import annotations

import os
import shutil
import time
import weakref
from pathlib import Path

import pytest

from tests.support import (
    PAGE_PROBLEMS_MAX,
    SMALL,
    BuildCache,
    Problem,
    ProblemsFound,
    build_files,
    problems_html,
    read_seeds,
    set_aside_survivors,
    with_notice,
)

SUMMIT = "seeds/events/2025-05-12-summit-in-seoul.md"
POSTPONED = "seeds/events/2025-06-01-talks-postponed.md"
# Enough events past the one-page limit for the timeline to be cut into pages by year and month.
EXTRA = 170
# One of them, tagged as the summit is: its page names the tag.
FILLER = "events/2023-05-03-filler-4.md"


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace `old` with `new` in a seed file."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def large(tmp_path: Path) -> Path:
    """Return a copy of the small fixture with EXTRA more events, in 2023 and 2024."""
    root = tmp_path / "large"
    shutil.copytree(SMALL / "seeds", root / "seeds")
    for number in range(EXTRA):
        month = 1 + number % 12
        year = 2023 + number % 2
        (root / "seeds" / "events" / f"{year}-{month:02d}-03-filler-{number}.md").write_text(
            f"---\ntitle: Filler number {number}\ndate: {year}-{month:02d}-03\n"
            f"summary: Something happened, number {number}.\ntags: [summits]\n"
            "sources:\n  - source: daily-2025-05-13\n---\nA short narrative.\n", encoding="utf-8")
    return root


def same_as_fresh(root: Path, cache: BuildCache) -> set[str]:
    """Assert that a rebuild with `cache` makes what a fresh build makes; return the pages it
    rendered again."""
    before = {uri: page for uri, (_, page) in cache.rendered.items()}
    kept = build_files(root, workers=1, cache=cache)
    fresh = build_files(root, workers=1)
    assert kept.pages == fresh.pages
    assert kept.exports == fresh.exports
    assert kept.warnings == fresh.warnings
    return {uri for uri, page in kept.pages.items() if before.get(uri) is not page}


def test_every_rebuild_with_the_cache_makes_what_a_fresh_build_makes(large: Path) -> None:
    cache = BuildCache()
    first = same_as_fresh(large, cache)
    assert len(first) == len(cache.rendered) > EXTRA  # the first build renders every page
    assert FILLER in first

    # An edited title: the event's page, its neighbours on the timeline, the pages listing it.
    edit(large, SUMMIT, "title: \"Summit *not*", "title: \"Summit, edited, *not*")
    rendered = same_as_fresh(large, cache)
    assert "events/2025-05-12-summit-in-seoul.md" in rendered
    assert "events/2025-06-01-talks-postponed.md" in rendered  # it lists the summit as related
    assert FILLER not in rendered
    assert len(rendered) < 15

    # A date that moves the event to another year's page, a renamed tag, a new file, a move.
    edit(large, SUMMIT, "date: 2025-05-12", "date: 2023-05-12")
    assert FILLER not in same_as_fresh(large, cache)
    edit(large, "seeds/tags.yml", "name: Summits", "name: Summit meetings")
    assert FILLER in same_as_fresh(large, cache)  # its tag's name
    (large / "seeds" / "events" / "2023-02-03-new-one.md").write_text(
        "---\ntitle: A new one\ndate: 2023-02-03\nsummary: New.\nsources:\n"
        "  - source: daily-2025-05-13\n---\n", encoding="utf-8")
    # A new event: its page, its timeline page and the pages that count or list every event.
    assert len(same_as_fresh(large, cache)) < 12
    (large / "seeds" / "events" / "2023-02-03-new-one.md").rename(
        large / "seeds" / "events" / "2023-02-03-renamed-one.md")
    assert "events/2023-02-03-renamed-one.md" in same_as_fresh(large, cache)


def test_an_event_relating_to_a_deleted_one_is_checked_again(large: Path) -> None:
    cache = BuildCache()
    build_files(large, workers=1, cache=cache)
    (large / POSTPONED).unlink()
    with pytest.raises(ProblemsFound) as kept:
        build_files(large, workers=1, cache=cache)
    with pytest.raises(ProblemsFound) as fresh:
        build_files(large, workers=1)
    assert kept.value.problems == fresh.value.problems
    assert [p.path for p in kept.value.problems if p.severity == "error"] == [SUMMIT]
    # Fixed, the cache builds again what a fresh build makes.
    edit(large, SUMMIT, "related: [2025-06-01-talks-postponed]\n", "")
    same_as_fresh(large, cache)


def test_the_notice_lists_every_error_with_its_place_escaped() -> None:
    problems = (Problem("seeds/events/x.md", 3, 7, 'title: "<script>alert(1)</script>" is bad — '
                                                   "fix it"),
                Problem("seeds/tags.yml", 1, 1, "a warning", "warning"))
    notice = problems_html(problems, "this preview shows the timeline as it was before it")
    assert notice == (
        b'<div class="admonition failure" id="timeline-problems" role="alert">'
        b'<p class="admonition-title">The seed files have 1 error: this preview shows the '
        b"timeline as it was before it</p><ol><li><code>seeds/events/x.md:3:7</code> title: "
        b"&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; is bad \xe2\x80\x94 fix it</li></ol>"
        b"<p>Fix it and save: this page reloads by itself.</p></div>")


def test_the_notice_lists_at_most_fifty_errors_and_counts_the_rest() -> None:
    problems = tuple(Problem(f"seeds/events/{n:03d}.md", 1, 1, "wrong")
                     for n in range(PAGE_PROBLEMS_MAX + 1))
    notice = problems_html(problems, "this preview shows no events until they are fixed")
    assert notice.count(b"<li>") == PAGE_PROBLEMS_MAX == 50
    assert b"The seed files have 51 errors" in notice
    assert (b"<p>\xe2\x80\xa6 and 1 more: the terminal lists every one, as <code>make check</code>"
            b" does.</p><p>Fix them and save") in notice


def test_warnings_alone_are_folded_and_no_problem_is_no_notice() -> None:
    notice = problems_html((Problem("seeds/events/x.md", 4, 9, "status: passed", "warning"),), "")
    assert notice == (b'<details class="warning" id="timeline-warnings"><summary>1 warning in '
                      b"the seed files (the site builds; fix them when you can)</summary><ol><li>"
                      b"<code>seeds/events/x.md:4:9</code> status: passed</li></ol></details>")
    assert problems_html((), "") == b""


def test_the_notice_goes_at_the_top_of_the_content_or_else_of_the_body() -> None:
    page = b'<body class="x"><header>h</header><article class="md-content__inner md-typeset">A'
    assert with_notice(page, b"<p>N</p>") == (
        b'<body class="x"><header>h</header><article class="md-content__inner md-typeset">'
        b"<p>N</p>A")
    assert with_notice(b"<html><body dir=ltr>404", b"<p>N</p>") == (
        b"<html><body dir=ltr><p>N</p>404")
    assert with_notice(b"plain", b"") == b"plain"


def test_a_rebuild_reads_again_only_the_files_that_changed(large: Path) -> None:
    events = large / "seeds" / "events"
    old = 1_700_000_000  # long ago: a file saved in the last two seconds is always read again
    for path in events.glob("*.md"):
        os.utime(path, (old, old))
    time.sleep(2.1)  # and their change times (which utime set to now) two seconds old
    cache = BuildCache()
    first = {seed.path: seed for seed in read_seeds(large, cache.seeds.read).events}
    edit(large, SUMMIT, "title: \"Summit *not*", "title: \"Summit, edited, *not*")
    (events / "2023-01-03-filler-0.md").unlink()
    (events / "2023-01-03-filler-0.md").symlink_to(events / "2023-02-03-filler-1.md")
    seeds = read_seeds(large, cache.seeds.read)
    again = {seed.path: seed for seed in seeds.events}
    assert b"Summit, edited" in again[SUMMIT].data
    assert "seeds/events/2023-01-03-filler-0.md" not in again  # a link: refused, as ever
    assert [u.path for u in seeds.unread] == ["seeds/events/2023-01-03-filler-0.md"]
    unchanged = [path for path in again if path != SUMMIT]
    assert len(unchanged) == len(first) - 2
    assert all(again[path] is first[path] for path in unchanged)  # not read again
    assert set(cache.seeds.read) == set(again)


def test_what_was_set_aside_is_collected_after_a_rebuild_that_replaced_much() -> None:
    class Cycle:
        other: object = None

    one = Cycle()
    one.other = one
    gone = weakref.ref(one)
    set_aside_survivors()
    del one
    set_aside_survivors()
    assert gone() is not None  # set aside: a cycle is not collected
    set_aside_survivors(everything=True)
    assert gone() is None
