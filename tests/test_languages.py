"""Languages: a translated site is the whole timeline, each event in its translation's words or
marked as still in its own, with its own data files and feeds read back by real consumers."""

from __future__ import annotations

import dataclasses
import json

import feedparser
from jsonschema import Draft202012Validator

from tests.support import PUBLICATION, SMALL, TEMPLATES, TODAY
from timeline.export import export_events_json
from timeline.languages import TranslationSetting, event_fingerprint, translation_settings
from timeline.localize import coverage, localized
from timeline.model import EventTranslation, Form, QuoteTranslation, Timeline, TranslationMark
from timeline.pipeline import check_timeline, render_site_files
from timeline.schema import events_json_schema

SUMMIT = "2025-05-12-summit-in-seoul"
RULES = "2024-rules-change"
KOREAN = (TranslationSetting("ko", "작은 타임라인", "작은 타임라인의 설명"),)
CHECKED, _ = check_timeline(SMALL, TODAY)


def _translation(timeline: Timeline, event_id: str, **fields: object) -> EventTranslation:
    """Return a Korean translation of an event that follows its current text."""
    event = timeline.event(event_id)
    given: dict[str, object] = dict(title="서울 정상회담", summary="정상들이 만났다.",
                                    translated_from=event_fingerprint(event),
                                    body="정상들이 **세 시간** 동안 만났다.")
    given.update(fields)
    # As the check finds it: current while translated_from is the event's fingerprint.
    given["current"] = given["translated_from"] == event_fingerprint(event)
    return EventTranslation("ko", f"seeds/events/{event_id}.ko.md", event_id, **given)  # type: ignore[arg-type]


def _with(*translations: EventTranslation, timeline: Timeline = CHECKED) -> Timeline:
    """Return the timeline with these Korean translations."""
    return dataclasses.replace(timeline, translations={"ko": {t.event_id: t for t in translations}})


def test_a_translated_event_takes_its_translations_words_and_keeps_the_quotes() -> None:
    summit = CHECKED.event(SUMMIT)
    translation = _translation(CHECKED, SUMMIT, place="서울",
                               quotes=(QuoteTranslation("We have agreed to keep talking",
                                                        "계속 대화하기로 합의했다"),),
                               accounts=(("bob-sample", "아무것도 합의되지 않았다."),),
                               updates=((summit.updates[1].date, "정상회담 장소를 바로잡았다."),),
                               images=(("summit.png", "악수하는 두 정상", "정상회담 개막"),))
    shown = localized(_with(translation), "ko", "en").event(SUMMIT)
    assert (shown.title, shown.summary, shown.place) == ("서울 정상회담", "정상들이 만났다.", "서울")
    assert shown.body == "정상들이 **세 시간** 동안 만났다."
    assert shown.translation == TranslationMark("translated", "en", translation.path,
                                                body_translated=True)
    # The quote stays as the source says it, our translation beside it; a citation without one
    # is left as it was.
    assert [(c.quote, c.translation) for c in shown.sources] == [
        ("We have agreed to keep talking", "계속 대화하기로 합의했다"), (None, None)]
    assert [(a.by, a.says, a.lang) for a in shown.accounts] == [
        ("daily-2025-05-13", summit.accounts[0].says, "en"),
        ("bob-sample", "아무것도 합의되지 않았다.", None)]
    assert shown.accounts[0].sources[0].translation == "계속 대화하기로 합의했다"
    assert [(u.note, u.lang) for u in shown.updates] == [(summit.updates[0].note, "en"),
                                                        ("정상회담 장소를 바로잡았다.", None)]
    assert [(i.alt, i.caption, i.lang) for i in shown.images] == [
        ("악수하는 두 정상", "정상회담 개막", None)]
    # Everything else is the event's own.
    assert (shown.id, shown.date, shown.tags, shown.actors) == \
        (summit.id, summit.date, summit.tags, summit.actors)


def test_an_event_changed_after_its_translation_is_outdated_and_one_without_is_untranslated() -> None:
    translation = _translation(CHECKED, SUMMIT, translated_from="000000000000", body="")
    timeline = localized(_with(translation), "ko", "en")
    summit, rules = timeline.event(SUMMIT), timeline.event(RULES)
    assert summit.translation == TranslationMark("outdated", "en", translation.path,
                                                 body_translated=False)
    assert summit.body == CHECKED.event(SUMMIT).body  # no narrative translated: the original's
    assert rules.translation == TranslationMark("untranslated", "en")
    assert (rules.title, rules.summary) == (CHECKED.event(RULES).title, CHECKED.event(RULES).summary)
    assert [e.id for e in timeline.events] == [e.id for e in CHECKED.events]


def test_registry_records_take_their_forms_and_a_source_keeps_its_headline() -> None:
    source_id = next(iter(CHECKED.sources))
    actor_id = next(iter(CHECKED.actors))
    source = CHECKED.sources[source_id]
    timeline = dataclasses.replace(
        CHECKED,
        sources={**CHECKED.sources, source_id: dataclasses.replace(source, forms=(
            Form("ko", "publisher", "데일리 이그잼플"), Form("ko", "title", "정상회담 폐막")))},
        actors={**CHECKED.actors, actor_id: dataclasses.replace(
            CHECKED.actors[actor_id], forms=(Form("ko", "name", "앨리스"),))})
    shown = localized(timeline, "ko", "en")
    assert (shown.sources[source_id].publisher, shown.sources[source_id].title,
            shown.sources[source_id].translated_title) == ("데일리 이그잼플", source.title,
                                                          "정상회담 폐막")
    assert shown.actors[actor_id].name == "앨리스"
    assert shown.actors[actor_id].role == CHECKED.actors[actor_id].role
    cover = coverage(timeline, "ko")
    assert (cover.registry_translated, cover.registry_records) == (
        2, len(CHECKED.actors) + len(CHECKED.tags) + len(CHECKED.sources) + len(CHECKED.eras))


def test_coverage_counts_translated_outdated_and_untranslated_events() -> None:
    timeline = _with(_translation(CHECKED, SUMMIT),
                     _translation(CHECKED, RULES, translated_from="0123456789ab"))
    cover = coverage(timeline, "ko")
    assert (cover.events, cover.translated, cover.outdated, cover.untranslated) == (
        len(CHECKED.events), 1, 1, len(CHECKED.events) - 2)


BUILT = render_site_files(_with(_translation(CHECKED, SUMMIT)), [], TEMPLATES, PUBLICATION,
                          translations=KOREAN)


def test_the_korean_site_has_every_page_and_data_file_of_the_english_one_under_ko() -> None:
    english = {uri for uri in BUILT.pages if not uri.startswith("ko/")}
    assert {uri for uri in BUILT.pages if uri.startswith("ko/")} == {"ko/" + uri for uri in english}
    own = {path for path in BUILT.exports if not path.startswith("ko/")}
    # The JSON Schemas are shared, at the root.
    assert {path for path in BUILT.exports if path.startswith("ko/")} == {
        "ko/" + path for path in own if not path.startswith("schemas/")}


def test_the_korean_feed_is_korean_and_its_entries_are_its_own() -> None:
    english = feedparser.parse(BUILT.exports["feed.xml"])
    korean = feedparser.parse(BUILT.exports["ko/feed.xml"])
    assert korean.bozo == 0, korean.get("bozo_exception")
    assert english.feed.language == "en" and korean.feed.language == "ko"
    assert korean.feed.title.startswith("작은 타임라인: ")
    base = PUBLICATION.site_url
    assert korean.feed.links[0].href == f"{base}ko/feed.xml"
    by_link = {entry.link: entry for entry in korean.entries}
    summit = by_link[f"{base}ko/events/{SUMMIT}/"]
    assert summit.title == "서울 정상회담"
    # An event not yet translated is in English, and says so.
    rules = by_link[f"{base}ko/events/{RULES}/"]
    assert rules.title == CHECKED.event(RULES).title and rules.title_detail.language == "en"
    assert not {entry.id for entry in korean.entries} & {entry.id for entry in english.entries}


def test_korean_events_json_follows_the_schema_and_says_each_events_language() -> None:
    data = json.loads(BUILT.exports["ko/events.json"])
    Draft202012Validator(events_json_schema()).validate(data)
    assert data["language"] == "ko" and data["title"] == "작은 타임라인"
    by_id = {event["id"]: event for event in data["events"]}
    assert (by_id[SUMMIT]["language"], by_id[SUMMIT]["translation"]) == ("ko", "translated")
    assert (by_id[RULES]["language"], by_id[RULES]["translation"]) == ("en", "untranslated")
    assert by_id[SUMMIT]["url"] == f"{PUBLICATION.site_url}ko/events/{SUMMIT}/"
    own = json.loads(BUILT.exports["events.json"])
    assert own["language"] == "en" and {e["translation"] for e in own["events"]} == {None}


def test_json_ld_says_the_language_of_each_events_text() -> None:
    def json_ld(uri: str) -> dict[str, object]:
        page = BUILT.pages[uri].markdown
        line = next(line for line in page.splitlines() if line.startswith("jsonld: "))
        return json.loads(json.loads(line.removeprefix("jsonld: ")))

    assert json_ld(f"events/{SUMMIT}.md")["inLanguage"] == "en"
    assert json_ld(f"ko/events/{SUMMIT}.md")["inLanguage"] == "ko"
    assert json_ld(f"ko/events/{RULES}.md")["inLanguage"] == "en"


def test_a_one_language_site_is_what_it_was() -> None:
    alone = render_site_files(_with(_translation(CHECKED, SUMMIT)), [], TEMPLATES, PUBLICATION)
    assert not [uri for uri in (*alone.pages, *alone.exports) if uri.startswith("ko/")]
    assert alone.exports["events.json"] == export_events_json(CHECKED, PUBLICATION)


def test_two_builds_of_both_languages_are_the_same_bytes() -> None:
    again = render_site_files(_with(_translation(CHECKED, SUMMIT)), [], TEMPLATES, PUBLICATION,
                              translations=KOREAN)
    assert again.pages == BUILT.pages and again.exports == BUILT.exports


def test_the_translations_setting_says_how_to_fix_it() -> None:
    assert translation_settings({}) == ()
    assert translation_settings({"timeline": {"translations": {"ko": {"site_name": " 타임라인 "}}}}) \
        == (TranslationSetting("ko", "타임라인"),)
    for given, message in (
        ({"fr": {"site_name": "x"}}, "mkdocs.yml: extra.timeline.translations has 'fr', which the "
                                     "timeline cannot be published in — the languages with a "
                                     "catalog of its labels are ko"),
        ({"ko": {}}, "mkdocs.yml: extra.timeline.translations.ko needs the site's name in that "
                     "language, as in `translations: {ko: {site_name: \"…\"}}`"),
        (["ko"], "mkdocs.yml: extra.timeline.translations should map language codes to their "
                 "site's name, as in `translations: {ko: {site_name: \"…\"}}`"),
    ):
        try:
            translation_settings({"timeline": {"translations": given}})
        except ValueError as error:
            assert str(error) == message
        else:
            raise AssertionError(f"{given!r} was accepted")
