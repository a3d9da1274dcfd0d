"""Korean pages of the small fixture (localized by hand, as localize.py localizes): they match
tests/golden/small-ko/ (`make golden`), and every mark of translation renders."""

from __future__ import annotations

import dataclasses

import pytest

from tests.support import GOLDEN_KO, STATUSES_KO, korean_event, korean_timeline, render_korean

PAGES = render_korean()


def test_every_korean_page_has_a_golden_file() -> None:
    golden = sorted(p.relative_to(GOLDEN_KO).as_posix() for p in GOLDEN_KO.rglob("*.md"))
    assert sorted(PAGES) == golden


@pytest.mark.parametrize("uri", sorted(PAGES))
def test_korean_page_matches_its_golden_file(uri: str) -> None:
    assert PAGES[uri] == (GOLDEN_KO / uri).read_text(encoding="utf-8"), (
        f"{uri} differs from its golden file; if the change is intended, run `make golden` "
        "and review the diff")


@pytest.mark.parametrize("status", STATUSES_KO)
@pytest.mark.parametrize("body_translated", [True, False])
def test_every_event_renders_with_every_mark(status: str, body_translated: bool) -> None:
    timeline = korean_timeline()
    events = tuple(korean_event(dataclasses.replace(e, translation=None), status, body_translated)
                   for e in timeline.events)
    pages = render_korean(dataclasses.replace(timeline, events=events))
    for event in events:
        page = pages[f"events/{event.id}.md"]
        marked = '{ #title lang="en" }' in page
        assert marked == (status == "untranslated"), event.id
        if status == "untranslated":
            assert "아직 번역되지 않았습니다" in page and 'hreflang="en"' in page
        if status == "outdated":
            assert "원문이 바뀌었습니다" in page
    assert "번역 전" in pages["timeline.md"] if status == "untranslated" else True


def test_an_untranslated_event_links_to_its_english_page() -> None:
    page = PAGES["events/2025-05-12-summit-in-seoul.md"]
    assert '<a href="../../../events/2025-05-12-summit-in-seoul/" hreflang="en">원문 보기</a>' in page
    assert "# Summit" in page and '{ #title lang="en" }' in page


def test_a_quote_translation_is_marked_as_ours_and_escaped() -> None:
    page = PAGES["events/2024-rules-change.md"]
    lines = [line for line in page.splitlines() if "우리 번역" in line]
    for line in lines:
        assert "*별표*" not in line and "<b>" not in line
        assert "&#42;별표&#42; &#60;b&#62;" in line


def test_korean_labels_and_dates() -> None:
    timeline_page = PAGES["timeline.md"]
    assert "# 타임라인" in timeline_page and "오래된 순" in timeline_page
    assert "2025년 5월 12일 (월)" in PAGES["events/2025-05-12-summit-in-seoul.md"]


def test_an_untranslated_narrative_is_marked_in_its_language(monkeypatch: pytest.MonkeyPatch) -> None:
    import markdown as md
    from types import SimpleNamespace

    from timeline import hook

    monkeypatch.setattr(hook.STATE, "narrative_md", None)
    config = SimpleNamespace(markdown_extensions=["attr_list", "tables"], mdx_configs={})
    uri = "events/2025-05-12-summit-in-seoul.md"  # untranslated, with a narrative
    source = PAGES[uri]
    meta_end = source.index("\n---\n", 4) + 5
    assert 'narrative_lang: "en"' in source[:meta_end]
    page = SimpleNamespace(file=SimpleNamespace(src_uri=uri, generated_by="timeline"),
                           meta={"narrative_lang": "en"}, toc=None)
    body = hook.on_page_markdown(source[meta_end:], page, config, None)  # type: ignore[arg-type]
    html = hook.on_page_content(md.markdown(body, extensions=["attr_list", "tables"]),
                                page, config, None)  # type: ignore[arg-type]
    assert '<div lang="en">' in html
    assert "아직 번역되지 않았습니다. 아래 서술은 원문 언어 그대로입니다." in html


def test_the_data_page_shows_each_translation_s_coverage() -> None:
    from timeline.markup import make_environment
    from timeline.model import Coverage
    from timeline.render import PlannedPage, plan_pages, render_page

    from tests.support import PUBLICATION, TEMPLATES, check_with

    timeline, _ = check_with()
    assert timeline is not None
    data = next(p for p in plan_pages(timeline, PUBLICATION) if p.template == "data.md.j2")
    assert "## Translations" not in render_page(make_environment(TEMPLATES), data,
                                                PUBLICATION).markdown
    covered = PlannedPage(data.template, data.uri, data.edit_path, {
        **data.context, "coverage": (Coverage("ko", 1200, 1000, 50, 40, 30),)})
    page = render_page(make_environment(TEMPLATES), covered, PUBLICATION).markdown
    assert ("| language | events translated | outdated | not yet translated | registry records "
            "translated |") in page
    assert "| 한국어 | 1,000 / 1,200 | 50 | 150 | 30 / 40 |" in page
