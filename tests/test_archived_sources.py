"""Sources that survive link rot: archive_url, archived and accessed, checked at their limits,
linked on the pages as Robust Links, and carried by the exports.

The small fixture's Daily Example report has a Wayback copy and an accessed day; the Gazette's has
only an archived copy. Checked on TODAY (2026-11-22); the bad inputs are in tests/cases/source-*.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown

from tests.support import SMALL, TODAY, build_small, check_with, render_narrative, sanitise

DAILY = "https://news.example.org/2025/05/13/summit?ref=a&b=(c)"
DAILY_COPY = "https://web.archive.org/web/20250514093000/" + DAILY
GAZETTE_COPY = "https://archive.example.net/gazette/2025-10-04/seoul-summit"
SOURCES = (SMALL / "seeds" / "sources.yml").read_text(encoding="utf-8")


def _with(archived: str, accessed: str) -> list[str]:
    """Return what `check` says of the small fixture with the Daily's copy and reading dated so."""
    text = SOURCES.replace("archived: 2025-05-14", f"archived: {archived}") \
        .replace("accessed: 2025-06-02", f"accessed: {accessed}") \
        .replace("web/20250514093000", f"web/{archived.replace('-', '')}093000")
    _, problems = check_with({"sources.yml": text.encode()})
    return [str(p) for p in problems if p.path.endswith("sources.yml")]


def test_the_days_may_be_today_or_tomorrow_east_of_utc_and_no_later() -> None:
    # The check's day is UTC's: a contributor in Seoul may already be on the next day.
    assert TODAY.isoformat() == "2026-11-22"
    assert _with("2026-11-22", "2026-11-22") == []
    assert _with("2026-11-23", "2026-11-23") == []
    assert _with("2026-11-24", "2026-11-22") == [
        "seeds/sources.yml:7:13: archived: 2026-11-24 is after today (2026-11-22, or 2026-11-23 "
        "east of UTC) — write the day the copy was made: it cannot be later than today"]
    assert _with("2026-11-22", "2026-11-24") == [
        "seeds/sources.yml:8:13: accessed: 2026-11-24 is after today (2026-11-22, or 2026-11-23 "
        "east of UTC) — write the day the report was last read at its address: it cannot be "
        "later than today"]


def test_a_copy_may_be_made_the_day_of_its_report_not_before() -> None:
    assert _with("2025-05-13", "2025-06-02") == []
    assert _with("2025-05-12", "2025-06-02") == [
        "seeds/sources.yml:7:13: warning: archived: 2025-05-12 is before the report was "
        "published (2025-05-13) — check both days: a copy cannot be older than its report"]


def test_the_checked_source_carries_its_copy() -> None:
    timeline, _ = check_with()
    assert timeline is not None
    daily, gazette = timeline.sources["daily-2025-05-13"], timeline.sources["gazette-2025-10-04"]
    assert (daily.url, daily.archive_url, str(daily.archived), str(daily.accessed)) == (
        DAILY, DAILY_COPY, "2025-05-14", "2025-06-02")
    assert (gazette.url, gazette.archive_url, str(gazette.archived), gazette.accessed) == (
        None, GAZETTE_COPY, "2025-10-05", None)


class _Links(HTMLParser):
    """Collects every <a> of a page: its attributes and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict[str, str | None], str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = []
            self.links.append((dict(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links[-1] = (self.links[-1][0], "".join(self._open))
            self._open = None


def _robust_links(page: Path, after: str = "") -> list[tuple[str, dict[str, str | None]]]:
    """Return the text and attributes of a built page's links to an external report or copy
    (from the first `after` on)."""
    parser = _Links()
    html = page.read_text(encoding="utf-8")
    parser.feed(html[html.index(after):])
    return [(text, attrs) for attrs, text in parser.links
            if text == "read the report" or text.startswith("archived copy")]


def test_pages_link_the_report_and_its_copy_as_robust_links(small_site: Path) -> None:
    # Built by MkDocs, the event page through the hook's sanitiser: the attributes are kept.
    quoted = "https://news.example.org/2025/05/13/summit?ref=a&b=%28c%29"
    daily = [("read the report", {"href": quoted, "data-versionurl": DAILY_COPY.replace(DAILY, quoted),
                                  "data-versiondate": "2025-05-14"}),
             ("archived copy, 14 May 2025", {"href": DAILY_COPY.replace(DAILY, quoted),
                                             "data-originalurl": quoted,
                                             "data-versiondate": "2025-05-14"})]
    gazette = [("archived copy, 5 October 2025", {"href": GAZETTE_COPY,
                                                  "data-versiondate": "2025-10-05"})]
    event = small_site / "events" / "2025-05-12-summit-in-seoul" / "index.html"
    # The Sources list; the accounts' boxes above it link their reports the same way.
    assert _robust_links(event, 'id="sources"') == daily + gazette
    assert _robust_links(event, 'id="accounts"')[:2] == daily
    assert _robust_links(small_site / "sources" / "index.html") == daily + gazette
    text = re.sub(r"<[^>]+>", "", event.read_text(encoding="utf-8"))
    assert "13 May 2025 · read the report · archived copy, 14 May 2025 · accessed 2 June 2025" in text
    assert "4 October 2025 · archived copy, 5 October 2025\n" in text


def test_a_narrative_cannot_make_robust_links() -> None:
    # Only the template's links carry the attributes: a narrative's are sanitised on their own.
    written = '<a href="https://x.example/" data-versionurl="https://y.example/">x</a>'
    assert "data-versionurl" not in render_narrative(written, markdown.Markdown(), set())
    assert "data-versionurl" in sanitise(written)  # the page's own HTML keeps them


def test_exports_carry_the_archived_copies(small_site: Path) -> None:
    data = json.loads(build_small().exports["events.json"])
    assert data["sources"]["daily-2025-05-13"] == {
        "title": "Summit ends with a joint statement", "publisher": "The Daily Example",
        "published": "2025-05-13", "url": DAILY, "language": "en", "archive_url": DAILY_COPY,
        "archived": "2025-05-14", "accessed": "2025-06-02"}
    assert data["sources"]["gazette-2025-10-04"]["url"] is None
    assert data["sources"]["gazette-2025-10-04"]["archive_url"] == GAZETTE_COPY
    page = (small_site / "events" / "2025-05-12-summit-in-seoul" / "index.html").read_text(
        encoding="utf-8")
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    daily, gazette = json.loads(block)["citation"]
    assert (daily["url"], daily["archivedAt"]) == (DAILY, DAILY_COPY)
    assert "url" not in gazette and gazette["archivedAt"] == GAZETTE_COPY
