"""Large timelines: cut into light pages, checked in parallel, with the same results as in serial."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.generate import generate
from tests.conftest import mkdocs
from tests.support import PUBLICATION, TEMPLATES, TODAY, make_project
from timeline.paging import PAGE_EVENTS
from timeline.pipeline import build_site_files
from timeline.seeds import check_seeds, read_seeds


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the root of a synthetic timeline of 2,000 events (deterministic)."""
    root = tmp_path_factory.mktemp("large")
    generate(2000, root)
    return root


def test_forked_workers_give_the_same_timeline(large: Path) -> None:
    seeds = read_seeds(large)
    serial, serial_problems = check_seeds(seeds, TODAY, workers=1)
    parallel, parallel_problems = check_seeds(seeds, TODAY, workers=2)
    assert serial is not None and serial == parallel
    assert serial_problems == parallel_problems
    one = build_site_files(large, TEMPLATES, TODAY, PUBLICATION, workers=1)
    two = build_site_files(large, TEMPLATES, TODAY, PUBLICATION, workers=2)
    assert one.pages == two.pages and one.exports == two.exports


def test_a_large_timeline_is_cut_into_pages_that_link_up(large: Path) -> None:
    pages = build_site_files(large, TEMPLATES, TODAY, PUBLICATION, workers=1).pages
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


def test_a_large_site_builds_strictly_with_no_heavy_page(large: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=large / "seeds")
    mkdocs(project, "build", "--strict", SOURCE_DATE_EPOCH="1767225600")
    site = project / "site"
    heaviest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < 300 * 1024, heaviest
    index = (site / "search" / "search_index.json").stat().st_size
    assert index / 2000 < 1.5 * 1024
