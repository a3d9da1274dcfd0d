"""Corrections and updates on the record (`updates:`): the checker at its limits, the box at the
top of an event's page, the Corrections and updates page and its Atom feed, read back by a feed
reader (feedparser)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import feedparser

from tests.support import (
    PUBLICATION,
    SMALL,
    TARIFFS,
    TODAY,
    F,
    build_files,
    build_small,
    check_with,
    run_cli,
    text_of,
)

SUMMIT = "2025-05-12-summit-in-seoul"
STATEMENT = "2025-10-03-seoul-statement"
SUMMIT_TITLE = "Summit *not* a [deal](javascript:alert(1)) <b>#1</b> & more"
BASE = "https://timeline.example.org/small/"


def event_with(updates: str) -> dict[str, bytes]:
    """Return a case's one event file, with `updates` (YAML lines) in its front matter."""
    return {"events/2025-05-20-case.md": (
        "---\ntitle: A valid title\ndate: 2025-05-20\nsummary: One sentence.\nsources:\n"
        f"  - source: daily-2025-05-13\n{updates}---\n").encode("utf-8")}


def test_at_the_limits_updates_pass() -> None:
    many = "".join(f"  - date: 2025-05-21\n    note: Change {n}.\n" for n in range(F.UPDATES_MAX))
    timeline, problems = check_with(event_with("updates:\n" + many))
    assert problems == [] and timeline is not None
    assert len(timeline.event("2025-05-20-case").updates) == F.UPDATES_MAX
    note = "x" * F.UPDATE_NOTE_MAX
    timeline, problems = check_with(event_with(
        f"updates:\n  - date: {TODAY.isoformat()}\n    note: {note}\n"
        "    source: gazette-2025-10-04\n"))
    assert problems == [] and timeline is not None
    update, = timeline.event("2025-05-20-case").updates
    assert (update.date, update.note, update.source) == (TODAY, note, "gazette-2025-10-04")


def test_no_updates_is_fine() -> None:
    for given in ("", "updates:\n", "updates: []\n"):
        timeline, problems = check_with(event_with(given))
        assert problems == [] and timeline is not None
        assert timeline.event("2025-05-20-case").updates == ()


def test_the_event_page_shows_its_updates_first_newest_first(small_site: Path) -> None:
    html = (small_site / "events" / SUMMIT / "index.html").read_text(encoding="utf-8")
    box = re.search(r'(<div class="tl-updates" id="updates"[^>]*>)(.*?)</div>', html, re.S)
    assert box is not None
    # A named note, so that a screen reader says what the list is.
    assert box.group(1).endswith(' role="note" aria-label="Corrections and updates">')
    box = re.search(r'<div class="tl-updates" id="updates"[^>]*>(.*?)</div>', html, re.S)
    assert box is not None
    items = [text_of(item) for item in re.findall(r"<li>(.*?)</li>", box.group(1), re.S)]
    assert items == [
        "Updated 5 October 2025: Corrected the place of the summit, which was Seoul.",
        "Updated 4 October 2025: Added the *joint* statement's <b>wording</b> & a second "
        "[source](javascript:alert(1)). (source: Example Gazette)",
    ]
    # Right after the date line, before the summary; the note's markup shown, never run.
    article = html.index("<article")
    assert article < html.index('id="updates"') < html.index("Leaders meet", article)
    assert "<b>wording" not in box.group(1) and "javascript:" not in re.sub(
        r">[^<]*<", "><", box.group(1))
    assert 'href="../../sources/#gazette-2025-10-04"' in box.group(1)
    # The mark on the page's date line (and on cards and lists).
    assert re.search(r"Monday 12 May 2025.*Updated", text_of(html[article:].split('id="updates"')[0]))


def test_an_event_without_updates_has_no_box() -> None:
    page = build_small().pages["events/2025-06-01-talks-postponed.md"].markdown
    assert 'id="updates"' not in page


def test_the_updates_page_lists_every_update_newest_first(small_site: Path) -> None:
    html = (small_site / "updates" / "index.html").read_text(encoding="utf-8")
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split(
        "</article>", 1)[0]
    entries = [" ".join(text_of(li).split()) for li in re.findall(r"<li>(.*?)</li>", article, re.S)]
    # Of one day, in timeline order: the summit (May) before the statement (October).
    assert entries == [
        f"5 October 2025 · {SUMMIT_TITLE} Corrected the place of the summit, which was Seoul.",
        "5 October 2025 · 서울 정상회담 성명 발표 🎉 성명 원문 인용을 추가했다.",
        f"4 October 2025 · {SUMMIT_TITLE} Added the *joint* statement's <b>wording</b> & a second "
        "[source](javascript:alert(1)). (source: Example Gazette)",
    ]
    assert f'href="../events/{SUMMIT}/#updates"' in article
    assert 'href="../updates.xml"' in article
    # In the navigation, after Sources.
    nav = re.findall(r'md-nav__link[^>]*>\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', html)
    assert nav.index("Corrections and updates") == nav.index("Sources") + 1


def test_without_updates_the_page_says_so() -> None:
    page = build_files(TARIFFS, workers=1).pages["updates.md"].markdown
    assert "No correction or update yet." in page
    assert "(updates.xml)" in page
    feed = feedparser.parse(build_files(TARIFFS, workers=1).exports["updates.xml"])
    assert feed.bozo == 0 and feed.entries == []


def test_the_updates_feed_has_an_entry_per_update() -> None:
    feed = feedparser.parse(build_small().exports["updates.xml"])
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Small timeline: corrections and updates"
    assert feed.feed.link == BASE + "updates/"
    assert [(e.title, e.updated[:10], e.link) for e in feed.entries] == [
        (f"Updated: {SUMMIT_TITLE}", "2025-10-05", f"{BASE}events/{SUMMIT}/#updates"),
        ("Updated: 서울 정상회담 성명 발표 🎉", "2025-10-05", f"{BASE}events/{STATEMENT}/#updates"),
        (f"Updated: {SUMMIT_TITLE}", "2025-10-04", f"{BASE}events/{SUMMIT}/#updates"),
    ]
    assert feed.entries[2].summary == ("Added the *joint* statement's <b>wording</b> & a second "
                                       "[source](javascript:alert(1)). (source: Example Gazette, "
                                       "“서울 정상회담 결과”)")
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    # Stable: the same wherever the site is published.
    elsewhere = dataclasses.replace(PUBLICATION, site_url=None)
    moved = feedparser.parse(build_files(publication=elsewhere, workers=1).exports["updates.xml"])
    assert [e.id for e in moved.entries] == ids


def test_an_update_added_above_the_others_keeps_their_feed_ids(tmp_path: Path) -> None:
    # Written newest first, as pages show them: a new update goes at the top of `updates:`.
    before = {e.link + e.updated: e.id
              for e in feedparser.parse(build_small().exports["updates.xml"]).entries}
    shutil.copytree(SMALL / "seeds", tmp_path / "seeds")
    event = tmp_path / "seeds" / "events" / f"{SUMMIT}.md"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "updates:\n", "updates:\n  - date: 2025-11-01\n    note: A newer note.\n", 1),
        encoding="utf-8")
    after = feedparser.parse(build_files(tmp_path, workers=1).exports["updates.xml"]).entries
    assert len(after) == len(before) + 1
    assert {e.link + e.updated: e.id for e in after if e.summary != "A newer note."} == before


def test_events_json_carries_the_updates() -> None:
    events = {e["id"]: e for e in json.loads(build_small().exports["events.json"])["events"]}
    assert events[SUMMIT]["updates"] == [
        {"date": "2025-10-04", "note": "Added the *joint* statement's <b>wording</b> & a second "
                                       "[source](javascript:alert(1)).",
         "source": "gazette-2025-10-04"},
        {"date": "2025-10-05", "note": "Corrected the place of the summit, which was Seoul.",
         "source": None},
    ]
    assert events["2025-06-01-talks-postponed"]["updates"] == []


def test_a_new_timeline_has_the_page_in_its_navigation(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "init", "new", "--title", "Water rights")
    assert result.returncode == 0, result.stderr
    assert "  - Corrections and updates: updates.md\n" in \
        (tmp_path / "new" / "mkdocs.yml").read_text(encoding="utf-8")
