"""Messages draw their examples from the file in hand and its registries, never from the tariff
timeline the contributing page documents: a contributor to another timeline must not be told to
write `date: 2026-01-29` or to cite `anadolu-2026-01-30`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import CASES, SMALL, case_output, check_with

# Words of the tariff timeline (its subject, people, ids, dates and examples).
TARIFF_WORDS = ("tariff", "Washington", "Korea", "Seoul", "Lutnick", "Kim Jung", "kim-jung-kwan",
                "howard-lutnick", "trade-deal", "anadolu", "negotiations", "Trump", "2026-01-29",
                "2026-01-30", "2026-01-26", "KR", "Yonhap", "MOTIE")
_WORD = re.compile("|".join(rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])" for w in TARIFF_WORDS),
                   re.IGNORECASE)

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _words(text: str) -> set[str]:
    """Return the tariff words in `text`, lowercased."""
    return {match.group().lower() for match in _WORD.finditer(text)}


def _inputs(folder: Path) -> str:
    """Return the text of every file under `folder` but the expected messages."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.rglob("*"))
                     if p.is_file() and p.name != "expected.txt")


def test_the_small_fixture_is_not_about_tariffs() -> None:
    # What makes the test below mean something: the fixture's seeds name none of the words, bar
    # a city and a country code (its summit is in Seoul), which no message below may quote unless
    # the case's own files hold it.
    assert _words(_inputs(SMALL)) == {"seoul", "kr"}


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_no_message_names_the_tariff_timeline_unless_its_file_does(case: Path) -> None:
    inputs = _words(_inputs(case))
    for line in case_output(case).splitlines():
        message = line.split(":", 3)[3]  # after path:line:col, which are the case's own
        assert _words(message) <= inputs, line


def _messages(files: dict[str, str]) -> list[str]:
    """Return the messages `check` gives for `files` added to the small fixture."""
    return [str(p) for p in check_with({k: v.encode() for k, v in files.items()})[1]]


def test_missing_fields_are_suggested_from_the_file_name_and_the_registry() -> None:
    assert _messages({"events/2031-03-04-talks-resume.md": "---\nsummary: S.\n---\n"}) == [
        'seeds/events/2031-03-04-talks-resume.md:3:1: missing the required field "date" — add '
        "`date: 2031-03-04`",
        # The first source of the registry by id: a real one, which does not move as events are added.
        'seeds/events/2031-03-04-talks-resume.md:3:1: missing the required field "sources" — add '
        "`sources:` followed by the line `  - source: daily-2025-05-13`",
        'seeds/events/2031-03-04-talks-resume.md:3:1: missing the required field "title" — add '
        "`title: Talks resume`"]


def test_a_file_name_of_a_month_or_without_words_gives_what_it_has() -> None:
    assert _messages({"events/2031-03-vote.md": "---\nsummary: S.\nsources:\n"
                                                "  - source: daily-2025-05-13\n---\n"}) == [
        'seeds/events/2031-03-vote.md:5:1: missing the required field "date" — add `date: 2031-03`',
        'seeds/events/2031-03-vote.md:5:1: missing the required field "title" — add `title: Vote`']
    # An invalid file name: a valid one made of its words, and neutral forms for the rest.
    assert _messages({"events/Vote_Day.md": "---\nsummary: S.\ndate:\nsources:\n"
                                            "  - source: daily-2025-05-13\n---\n"}) == [
        'seeds/events/Vote_Day.md:1:1: the file name "Vote_Day.md" is not a valid event id — use '
        "lowercase letters a-z, digits and hyphens, starting with the date and then words, e.g. "
        "YYYY-MM-DD-vote-day.md",
        "seeds/events/Vote_Day.md:3:6: date: is empty — write the date after `date: `, e.g. "
        "`date: YYYY-MM-DD`",
        'seeds/events/Vote_Day.md:6:1: missing the required field "title" — add `title: Vote day`']


def test_a_date_message_suggests_the_file_name_date() -> None:
    assert _messages({"events/2031-03-04-vote.md": "---\ntitle: Vote\ndate: 4 March\nsummary: S.\n"
                                                   "sources:\n  - source: daily-2025-05-13\n---\n"}) \
        == ['seeds/events/2031-03-04-vote.md:3:7: date: expected YYYY, YYYY-MM or YYYY-MM-DD '
            "(-YYYY before 1 CE, Y-YYYYY for longer years, X for unknown digits, YYYY-21 to "
            "YYYY-24 for seasons), optionally followed by ? (uncertain), ~ (approximate) or % "
            "(both), or an interval START/END or "
            'START/..; found "4 March" — for example: 2031-03-04']


EVENT = "---\ntitle: Vote\ndate: 2031-03-04\nsummary: S.\n{extra}sources:\n  - source: {source}\n---\n"
PATH = "events/2031-03-04-vote.md"


def test_an_unknown_id_offers_the_close_one_and_says_how_to_add_a_new_one() -> None:
    text = EVENT.format(extra="tags: [sumits, weather]\nactors: [alice-exampel]\n",
                        source="daily-2025-05-31")
    assert _messages({PATH: text}) == [
        f'seeds/{PATH}:5:8: tags: unknown tag "sumits" — did you mean "summits"? To add a new tag, '
        "add `sumits:` with an indented `name:` to seeds/tags.yml",
        f'seeds/{PATH}:5:16: tags: unknown tag "weather" — no tag in seeds/tags.yml has a similar '
        "id. To add a new tag, add `weather:` with an indented `name:` to seeds/tags.yml",
        f'seeds/{PATH}:6:10: actors: unknown actor "alice-exampel" — did you mean "alice-example"? '
        "To add a new actor, add `alice-exampel:` with an indented `name:` to seeds/actors.yml",
        f'seeds/{PATH}:8:13: source: unknown source "daily-2025-05-31" — did you mean '
        '"daily-2025-05-13"? To add a new source, add `daily-2025-05-31:` with indented '
        "`title:`, `publisher:` and `published:` to seeds/sources.yml"]


def test_an_id_that_cannot_be_one_is_not_offered_as_a_record() -> None:
    assert _messages({PATH: EVENT.format(extra="tags: [Weather Day]\n", source="daily-2025-05-13")}) \
        == [f'seeds/{PATH}:5:8: tags: unknown tag "Weather Day" — no tag in seeds/tags.yml has a '
            "similar id. To add a new tag, add an id of lowercase letters, digits and hyphens with "
            "an indented `name:` to seeds/tags.yml"]


def test_empty_registries_say_how_to_add_the_first_record() -> None:
    files = {"tags.yml": "", "sources.yml": "", PATH: EVENT.format(extra="tags: weather\n",
                                                                   source="daily-2025-05-13")}
    found = [m for m in _messages(files) if m.startswith(f"seeds/{PATH}")]
    assert found == [
        f"seeds/{PATH}:5:7: tags: expected a list of tag ids such as [<an id from seeds/tags.yml>], "
        'found "weather" — write `tags: [weather]`',
        f'seeds/{PATH}:7:13: source: unknown source "daily-2025-05-13" — seeds/sources.yml defines '
        "no source yet. To add a new source, add `daily-2025-05-13:` with indented `title:`, "
        "`publisher:` and `published:` to seeds/sources.yml"]
    missing = EVENT.format(extra="", source="x").replace("sources:\n  - source: x\n", "")
    assert [m for m in _messages({"sources.yml": "", PATH: missing}) if PATH in m] == [(
        f'seeds/{PATH}:5:1: missing the required field "sources" — add `sources:` followed by the '
        "line `  - source: <an id from seeds/sources.yml>`")]


def test_registry_records_are_told_what_to_write_from_their_own_id() -> None:
    found = _messages({"sources.yml": "wire-2031-02-01:\n  url: https://example.org/\n",
                       "actors.yml": "ana-souza:\n  role: Mayor\n", "tags.yml": "Road_Works: x\n"})
    assert [m for m in found if not m.startswith("seeds/events/")] == [
        'seeds/actors.yml:1:1: missing the required field "name" — add `name: Ana Souza`',
        # A source's id often holds the day it was published.
        'seeds/sources.yml:1:1: missing the required field "published" — add `published: '
        "2031-02-01`",
        'seeds/sources.yml:1:1: missing the required field "publisher" — add `publisher: <who '
        "published it>`",
        'seeds/sources.yml:1:1: missing the required field "title" — add `title: <the report\'s '
        "headline>`",
        'seeds/tags.yml:1:1: "Road_Works" is not a valid id — use lowercase letters a-z, digits and '
        "single hyphens, e.g. road-works"]
