"""The generated Markdown of the small fixture matches tests/golden/small/ (`make golden`)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from tests.support import (
    GOLDEN,
    TEMPLATES,
    build_files,
    escape_markdown,
    make_environment,
    render_small,
)

PAGES = render_small()


def test_the_same_pages_are_generated() -> None:
    golden = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert sorted(PAGES) == golden


@pytest.mark.parametrize("uri", sorted(PAGES))
def test_page_matches_its_golden_file(uri: str) -> None:
    assert PAGES[uri] == (GOLDEN / uri).read_text(encoding="utf-8"), (
        f"{uri} differs from its golden file; if the change is intended, run `make golden` "
        "and review the diff")


def test_timeline_lists_every_event_in_date_order_with_its_date() -> None:
    dates = re.findall(r'<time datetime="[0-9-]+">(.*?)</time>', PAGES["timeline.md"])
    assert dates == ["2024", "c. March 2025", "Monday 12 May 2025", "1–3 June 2025",
                     "August 2025 (uncertain) – ongoing", "Tuesday 30 September 2025",
                     "Friday 3 October 2025", "Saturday 1 November 2025", "Thursday 15 January 2099"]


def test_related_events_are_listed_in_both_directions() -> None:
    assert "(2025-06-01-talks-postponed.md)" in PAGES["events/2025-05-12-summit-in-seoul.md"]
    assert "(2025-05-12-summit-in-seoul.md)" in PAGES["events/2025-06-01-talks-postponed.md"]


@pytest.mark.parametrize("text, escaped", [
    ("a *b* _c_", "a &#42;b&#42; &#95;c&#95;"),
    ("[x](javascript:alert(1))", "&#91;x&#93;(javascript:alert(1))"),
    ("<script>", "&#60;script&#62;"),
    ("- item", "&#45; item"),
    ("1. first", "&#49;. first"),
    ("C# & `code`", "C&#35; &#38; &#96;code&#96;"),
    ("{: onclick=x }", "&#123;: onclick&#61;x &#125;"),
    ("Kim Jung-kwan, 15% → 25%", "Kim Jung-kwan, 15% → 25%"),
])
def test_plain_text_cannot_become_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_pages_render_where_no_template_cache_can_be_kept(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    # Jinja refuses a cache folder it does not own alone; the build goes on without one.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / f"_jinja2-cache-{os.getuid()}").write_text("not a folder", encoding="utf-8")
    env = make_environment(TEMPLATES)
    assert env.bytecode_cache is None
    pages = build_files(workers=1).pages
    assert {uri: page.markdown for uri, page in pages.items()} == render_small()
