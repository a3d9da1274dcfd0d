"""Translation files: read beside their events, checked on their own and against the event (an
English change is a warning, never an error), into the model; registries' Korean names; the
`translate` command's stub, which `check` then says what is missing in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.support import (
    SMALL,
    TODAY,
    TRANSLATIONS,
    F,
    check_with,
    read_seeds,
    run_cli,
    seeds_with,
    time_bound,
    translation_fixtures,
)
from timeline.check.seeds import SeedCache, check_seeds
from timeline.languages import event_fingerprint
from timeline.model import Form, QuoteTranslation, Timeline
from timeline.problems import Problem
from timeline.pipeline import check_timeline
from timeline.read import Seeds, translation_of

SUMMIT = "2025-05-12-summit-in-seoul"
TALKS = "2025-06-01-talks-postponed"
SUMMIT_KO = f"events/{SUMMIT}.ko.md"
_CHECKED, _ = check_with()
assert _CHECKED is not None
CHECKED = _CHECKED


def _translation(event_id: str = TALKS, extra: str = "", title: str = "회담 연기",
                 summary: str = "사흘간의 회담이 연기된다.", body: str = "") -> bytes:
    """Return a translation of a small-fixture event that follows its current text."""
    fingerprint = event_fingerprint(CHECKED.event(event_id))
    return (f"---\ntitle: {title}\nsummary: {summary}\ntranslated_from: {fingerprint}\n{extra}"
            f"---\n{body}").encode("utf-8")


def test_translation_file_names_give_their_event_and_language() -> None:
    assert translation_of("seeds/events/2025/a-b.ko.md") == ("seeds/events/2025/a-b.md", "ko")
    assert translation_of("seeds/events/a-b.pt-BR.md") == ("seeds/events/a-b.md", "pt-BR")
    # An event id holds no ".": no event file is taken for a translation, nor the reverse.
    for path in ("seeds/events/a-b.md", "seeds/events/.ko.md", "seeds/events/a.KO.md",
                 "seeds/events/a.ko.txt", "seeds/events/a.k.md"):
        assert translation_of(path) is None, path


def test_the_translation_fixture_reaches_the_model_with_every_part() -> None:
    timeline, problems = check_with(translation_fixtures())
    assert problems == [] and timeline is not None
    translation = timeline.translations["ko"][SUMMIT]
    summit = timeline.event(SUMMIT)
    assert (translation.language, translation.path, translation.event_id) == (
        "ko", f"seeds/{SUMMIT_KO}", SUMMIT)
    assert translation.translated_from == event_fingerprint(summit)
    assert (translation.translated_from_line, translation.translated_from_col) == (4, 18)
    assert translation.place == "서울"
    assert translation.body.startswith("정상들은 **세 시간** 동안 만났다.")
    assert translation.quotes == (QuoteTranslation("We have agreed to keep talking",
                                                   "계속 대화하기로 <b>합의</b>했다"),)
    assert [by for by, _ in translation.accounts] == [a.by for a in summit.accounts]
    assert translation.updates == ((dt.date(2025, 10, 5), "정상회담 장소를 서울로 바로잡았다."),)
    assert [file for file, _, _ in translation.images] == ["summit.png"]
    # The events themselves are the English ones: a translation is no event.
    assert [e.id for e in timeline.events] == [e.id for e in CHECKED.events]


def test_registry_records_carry_their_korean_forms_in_the_order_written() -> None:
    timeline, _ = check_with(translation_fixtures())
    assert timeline is not None
    assert timeline.actors["alice-example"].forms == (Form("ko", "name", "앨리스 예시"),
                                                      Form("ko", "role", "통상 <장관>"))
    assert timeline.tags["summits"].forms == (Form("ko", "name", "정상회담"),
                                              Form("ko", "description", "정상들의 만남."))
    assert timeline.sources["daily-2025-05-13"].forms[0] == Form("ko", "publisher", "데일리 예시")
    assert timeline.eras["summit-season"].forms == (Form("ko", "name", '정상회담 철 <b>&</b> "회담"'),)
    assert timeline.actors["bob-sample"].forms == ()
    # The English fields are the English ones.
    assert timeline.actors["alice-example"] == dataclasses.replace(
        CHECKED.actors["alice-example"], forms=timeline.actors["alice-example"].forms)


LIMITS = {  # each translated field at its English field's limit
    "title": ("", "title", F.TITLE_MAX),
    "summary": ("", "summary", F.SUMMARY_MAX),
    "place": ("place: {}\n", None, F.TITLE_MAX),
    "translation": ('quotes:\n  - quote: "We have agreed to keep talking"\n    translation: {}\n',
                    None, F.QUOTE_MAX),
    "says": ("accounts:\n  - by: bob-sample\n    says: {}\n", None, F.ACCOUNT_SAYS_MAX),
    "note": ("updates:\n  - date: 2025-10-05\n    note: {}\n", None, F.UPDATE_NOTE_MAX),
    "alt": ("images:\n  - file: summit.png\n    alt: {}\n", None, F.IMAGE_ALT_MAX),
    "caption": ("images:\n  - file: summit.png\n    alt: 악수\n    caption: {}\n", None,
                F.IMAGE_CAPTION_MAX),
}


@pytest.mark.parametrize("field", LIMITS)
def test_each_translated_field_at_its_limit_is_accepted(field: str) -> None:
    # One past each limit is a case (tests/cases/translation-*-too-long).
    extra, own, limit = LIMITS[field]
    text = "가" * limit
    made = _translation(SUMMIT, extra.format(text),
                        **({own: text} if own else {}))
    timeline, problems = check_with({SUMMIT_KO: made})
    assert problems == [] and timeline is not None
    translation = timeline.translations["ko"][SUMMIT]
    assert text in (translation.title, translation.summary, translation.place,
                    *(q.translation for q in translation.quotes),
                    *(says for _, says in translation.accounts),
                    *(note for _, note in translation.updates),
                    *(part for image in translation.images for part in image[1:]))


def test_lists_at_their_limits_are_accepted_and_one_more_is_refused() -> None:
    quotes = "quotes:\n" + "".join(f"  - quote: q{i}\n    translation: t{i}\n"
                                   for i in range(F.LIST_MAX))
    timeline, problems = check_with({SUMMIT_KO: _translation(SUMMIT, quotes)})
    # Quotes the event does not have: warnings, one each, and never an error.
    assert timeline is not None and len(problems) == F.LIST_MAX
    assert all(p.severity == "warning" for p in problems)


def test_an_english_change_makes_warnings_only_and_keeps_what_still_matches() -> None:
    made = _translation(SUMMIT, 'quotes:\n  - quote: "We have agreed to keep talking"\n'
                                "    translation: 계속 대화하기로 합의했다\n"
                                "accounts:\n  - by: bob-sample\n    says: 합의된 것은 없다.\n")
    changed = (SMALL / "seeds" / "events" / f"{SUMMIT}.md").read_text(encoding="utf-8").replace(
        'quote: "We have agreed to keep talking"', 'quote: "We agreed to keep talking"').replace(
        "  - by: bob-sample\n", "  - by: alice-example\n")
    timeline, problems = check_with({SUMMIT_KO: made, f"events/{SUMMIT}.md": changed.encode()})
    assert timeline is not None  # the build goes on
    assert [(p.line, p.severity) for p in problems] == [(4, "warning"), (6, "warning"),
                                                        (9, "warning")]
    assert "`git diff -- seeds/events/2025-05-12-summit-in-seoul.md` shows an edit not yet committed" in problems[0].message
    assert f"`translated_from: {event_fingerprint(timeline.event(SUMMIT))}`" in problems[0].message
    assert 'did you mean "We agreed to keep talking"?' in problems[1].message
    translation = timeline.translations["ko"][SUMMIT]
    # What the event no longer has is left out; the rest is kept for the page to show.
    assert translation.quotes == () and translation.accounts == ()
    assert translation.title == "회담 연기"


def test_a_translation_of_an_event_with_errors_waits_for_it_silently() -> None:
    broken = (SMALL / "seeds" / "events" / f"{TALKS}.md").read_bytes().replace(
        b"title: Talks postponed", b"titel: Talks postponed")
    timeline, problems = check_with({f"events/{TALKS}.ko.md": _translation(),
                                     f"events/{TALKS}.md": broken})
    assert timeline is None
    assert {p.path for p in problems} == {f"seeds/events/{TALKS}.md"}


def test_read_seeds_keeps_translations_apart_from_events(tmp_path: Path) -> None:
    shutil.copytree(SMALL / "seeds", tmp_path / "seeds")
    folder = tmp_path / "seeds" / "events" / "2025"
    folder.mkdir()
    (tmp_path / "seeds" / "events" / f"{TALKS}.ko.md").write_bytes(_translation())
    (folder / "2025-07-01-x.fr.md").write_bytes(b"---\n---\n")
    seeds = read_seeds(tmp_path)
    assert [s.path for s in seeds.translations] == [
        f"seeds/events/{TALKS}.ko.md", "seeds/events/2025/2025-07-01-x.fr.md"]
    assert not any(".ko." in s.path or ".fr." in s.path for s in seeds.events)
    timeline, problems = check_timeline_or_problems(tmp_path)
    assert timeline is None
    assert [p.message.split(" — ")[0] for p in problems] == [
        "this is named as a translation into fr, but there is no catalog for fr; the languages "
        "are ko"]


def check_timeline_or_problems(root: Path) -> tuple[Timeline | None, list[Problem]]:
    """Return check_seeds' answer for `root`, on TODAY."""
    return check_seeds(read_seeds(root), TODAY)


def test_check_timeline_carries_the_translations(tmp_path: Path) -> None:
    shutil.copytree(SMALL / "seeds", tmp_path / "seeds")
    (tmp_path / "seeds" / "events" / f"{TALKS}.ko.md").write_bytes(_translation())
    timeline, warnings = check_timeline(tmp_path, TODAY)
    assert list(timeline.translations["ko"]) == [TALKS] and not [
        w for w in warnings if ".ko.md" in w.path]


def test_the_preview_checks_a_translation_once_and_its_staleness_on_every_english_change() -> None:
    cache = SeedCache()
    files = {f"events/{TALKS}.ko.md": _translation()}
    timeline, problems = check_seeds(_seeds(files), TODAY, cache)
    assert timeline is not None and problems == []
    (kept,) = cache.translated.values()
    # The English event changes: the same translation, kept, is now out of date.
    event = (SMALL / "seeds" / "events" / f"{TALKS}.md").read_bytes()
    files[f"events/{TALKS}.md"] = event.replace(b"are put off", b"are put off again")
    timeline, problems = check_seeds(_seeds(files), TODAY, cache)
    assert timeline is not None and [p.line for p in problems] == [4]
    assert problems[0].severity == "warning"
    assert next(iter(cache.translated.values())) is kept
    assert timeline.translations["ko"][TALKS].translated_from != \
        event_fingerprint(timeline.event(TALKS))
    # The translation is brought up to date: the warning goes.
    files[f"events/{TALKS}.ko.md"] = _translation().replace(
        event_fingerprint(CHECKED.event(TALKS)).encode(),
        event_fingerprint(timeline.event(TALKS)).encode())
    _, problems = check_seeds(_seeds(files), TODAY, cache)
    assert problems == [] and len(cache.translated) == 1


def _seeds(files: dict[str, bytes]) -> Seeds:
    """Return the small fixture's seeds with `files`."""
    return seeds_with(files)


# The `translate` command. -----------------------------------------------------------------------

@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return a folder holding a copy of the small fixture's seeds."""
    shutil.copytree(SMALL / "seeds", tmp_path / "seeds")
    return tmp_path


def test_translate_writes_a_stub_that_check_then_says_what_is_missing_in(root: Path) -> None:
    result = run_cli(root, "translate", SUMMIT)
    path = f"seeds/events/{SUMMIT}.ko.md"
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (f"Wrote {path}. Write each field in place of the English shown above "
                             "it, and the narrative after the closing ---, then run `make check`.\n")
    stub = (root / path).read_text(encoding="utf-8")
    summit = CHECKED.event(SUMMIT)
    assert f"translated_from: {event_fingerprint(summit)}\n" in stub
    # The English is shown to translate from: title, summary, quotes, narrative.
    assert f"# title: {summit.title}\ntitle:\n" in stub
    assert f"# summary: {summit.summary}\nsummary:\n" in stub
    assert '  - quote: "We have agreed to keep talking"\n    translation:\n' in stub
    assert "#   ## Details\n" in stub
    checked = run_cli(root, "check")
    assert checked.returncode == 1
    missing = [line.split(": ", 1)[1].split(" — ")[0] for line in checked.stderr.splitlines()
               if line.startswith(path)]
    assert missing == ["title: is empty", "summary: is empty", "translation: is empty",
                       "translation: is empty", "says: is empty", "says: is empty",
                       "note: is empty", "note: is empty", "alt: is empty"]


def test_a_filled_in_stub_checks_and_counts_as_a_translation(root: Path) -> None:
    assert run_cli(root, "translate", TALKS, "--lang", "ko").returncode == 0
    path = root / "seeds" / "events" / f"{TALKS}.ko.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:\n", "title: 회담 연기\n").replace(
        "summary:\n", "summary: 사흘간의 회담이 연기된다.\n"), encoding="utf-8")
    checked = run_cli(root, "check")
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout == "9 events and 1 translation checked: no errors.\n"


def test_translate_never_replaces_a_translation(root: Path) -> None:
    path = root / "seeds" / "events" / f"{TALKS}.ko.md"
    path.write_bytes(b"mine")
    result = run_cli(root, "translate", TALKS)
    assert result.returncode == 1 and path.read_bytes() == b"mine"
    assert result.stderr == (f"seeds/events/{TALKS}.ko.md already exists — edit it; `make check` "
                             "says what it still lacks and whether the event changed since it was "
                             "translated\n")


def test_translate_names_the_event_meant(root: Path) -> None:
    result = run_cli(root, "translate", "2025-06-01-talks-postpond")
    assert (result.returncode, result.stderr) == (
        1, f'translate: there is no event "2025-06-01-talks-postpond" — did you mean "{TALKS}"?\n')
    assert run_cli(root, "translate", TALKS, "--lang", "fr").returncode == 2  # click: not a choice


def test_another_translation_in_progress_does_not_stop_translate(root: Path) -> None:
    assert run_cli(root, "translate", SUMMIT).returncode == 0  # its fields still empty
    assert run_cli(root, "translate", TALKS).returncode == 0
    assert (root / "seeds" / "events" / f"{TALKS}.ko.md").is_file()


def test_translate_asks_for_a_timeline_without_errors(root: Path) -> None:
    event = root / "seeds" / "events" / f"{TALKS}.md"
    event.write_text(event.read_text(encoding="utf-8").replace("title:", "titel:"),
                     encoding="utf-8")
    result = run_cli(root, "translate", TALKS)
    assert result.returncode == 1
    assert result.stderr.endswith("Fix these first: a translation follows the checked event.\n")
    assert not (root / "seeds" / "events" / f"{TALKS}.ko.md").exists()


def test_the_fixture_registries_differ_from_the_small_ones_only_by_their_korean_names() -> None:
    for path in sorted((TRANSLATIONS / "forms").glob("*.yml")):
        small = (SMALL / "seeds" / path.name).read_text(encoding="utf-8").splitlines()
        ours = path.read_text(encoding="utf-8").splitlines()
        assert [line for line in ours if line not in small][0] == "  ko:", path.name


# The contributing page. -------------------------------------------------------------------------

def _contributing(translations: tuple[str, ...]) -> str:
    """Return the small fixture's contributing page, on a site translated into `translations`."""
    from tests.support import PUBLICATION, build_files
    from timeline import urls
    publication = dataclasses.replace(PUBLICATION, translations=translations)
    return build_files(SMALL, workers=1, publication=publication).pages[urls.CONTRIBUTING].markdown


def test_a_translated_site_says_how_to_translate_with_every_field_of_the_format() -> None:
    page = _contributing(("ko",))
    section = page[page.index("## Translating { #translating }"):page.index("## Check your change")]
    assert "make translate EVENT=2026-03-04-committee-publishes-its-first-report\n" in section
    for specs in (F.TRANSLATION_FIELDS, F.QUOTE_TRANSLATION_FIELDS, F.ACCOUNT_TRANSLATION_FIELDS,
                  F.UPDATE_TRANSLATION_FIELDS, F.IMAGE_TRANSLATION_FIELDS):
        for spec in specs.values():
            assert f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {spec.description} |" \
                in section
    for what, names in F.FORM_FIELD_NAMES.items():
        assert ": " + ", ".join(f"`{name}`" for name in names) + "\n" in section, what


def test_a_site_in_one_language_says_nothing_of_translating() -> None:
    assert "## Translating" not in _contributing(())


def test_long_quotes_the_event_no_longer_has_are_answered_at_once() -> None:
    # Each is compared with the event's quotes for a "did you mean" only among a few: 45 quotes
    # of 2,000 characters against 45 took 7.5 s when every pair was compared.
    words = "the committee said that we agreed talks would resume next week after a pause".split()

    def quote(seed: int) -> str:
        text = " ".join(words[(seed * 7 + i * i) % len(words)] for i in range(330))
        return f"{seed} {text}"[:F.QUOTE_MAX]

    cited = "".join(f'  - source: daily-2025-05-13\n    quote: "{quote(n)}"\n' for n in range(45))
    event = f"---\ntitle: T\ndate: 2025-05-20\nsummary: S.\nsources:\n{cited}---\n".encode()
    checked, _ = check_with({"events/2025-05-20-long-quotes.md": event})
    assert checked is not None
    fingerprint = event_fingerprint(checked.event("2025-05-20-long-quotes"))
    ours = "".join(f'  - quote: "{quote(n + 100)}"\n    translation: 번역\n' for n in range(45))
    translation = (f"---\ntitle: T\nsummary: S\ntranslated_from: {fingerprint}\nquotes:\n{ours}"
                   "---\n").encode()
    with time_bound(2):
        _, problems = check_with({"events/2025-05-20-long-quotes.md": event,
                                  "events/2025-05-20-long-quotes.ko.md": translation})
    assert len(problems) == 45 and all(p.severity == "warning" for p in problems)
