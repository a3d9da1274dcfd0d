"""Bounded work: inputs that would crash or stall YAML or Markdown get their own clear error, fast."""

from __future__ import annotations

import random
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest

from tests.support import (
    SMALL,
    F,
    check_with,
    json_schemas,
    mkdocs,
    render_narrative,
    time_bound,
)

HEAD = "---\ntitle: T\ndate: 2025-05-20\nsummary: S.\nsources:\n  - source: daily-2025-05-13\n---\n"
PATHOLOGICAL = {
    "huge-file": (HEAD + "word " * 30_000,
                  "1:1: the file is 150,084 bytes, more than the 100,000 allowed — shorten it (a "
                  "narrative can link to a longer document instead of holding it)"),
    "deep-flow-yaml": ("---\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n---\n",
                       "2:13: lists and groups of fields are nested more than 6 levels deep here; "
                       "seed files never need that — remove the extra brackets or indentation"),
    "deep-block-yaml": ("---\ntitle:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
                        + "---\n",
                        "8:13: lists and groups of fields are nested more than 6 levels deep here; "
                        "seed files never need that — remove the extra brackets or indentation"),
    "many-brackets": (HEAD + "[" * 5_000 + "\n",
                      '8:1: the narrative has 5,000 "[" characters, more than the 500 allowed (each '
                      "link needs one) — remove the extra brackets"),
    "deeply-nested-list": (HEAD + "\n".join("    " * i + "- item" for i in range(100)) + "\n",
                           "17:1: this line is nested too deeply (more than 32 columns of "
                           'indentation or 8 levels of ">" quotes) — flatten the lists or quotes'),
    "deeply-nested-quote": (HEAD + ">" * 1000 + " quoted\n",
                            "8:1: this line is nested too deeply (more than 32 columns of "
                            'indentation or 8 levels of ">" quotes) — flatten the lists or quotes'),
    "chained-list-markers": (HEAD + "- " * 2_000 + "x\n",
                             "8:1: this line opens 2,000 levels of lists and quotes (list markers "
                             'such as "- " or "1. ", ">" and indentation), more than the 16 '
                             "allowed — flatten the lists or quotes"),
    "chained-markers-and-quotes": (HEAD + "text\n" + "> - 1. * " * 5 + "x\n",
                                   "9:1: this line opens 20 levels of lists and quotes (list "
                                   'markers such as "- " or "1. ", ">" and indentation), more '
                                   "than the 16 allowed — flatten the lists or quotes"),
    "many-headings": (HEAD + "## a\n" * 10_000,
                      "8:1: the narrative has 10,000 headings and horizontal rules, more than the "
                      "100 allowed — split it into several events, or keep only the headings a "
                      "reader needs"),
    # Python-Markdown nests one element per level of emphasis, and ~980 levels crash the build.
    "nested-emphasis": (HEAD + "*a " * 1_200 + "b" + " c*" * 1_200 + "\n",
                        '8:1: the narrative has 2,400 "*" and "_" characters, more than the 1,000 '
                        "allowed (emphasis nested that deep crashes the build); this line passes "
                        "the limit — remove the extra ones, or split the narrative into several "
                        "events"),
    "nested-strong-past-a-paragraph": (HEAD + "Some *emphasis*.\n\n" + "**" * 1_000 + "a"
                                       + "**" * 1_000 + "\n",
                                       '10:1: the narrative has 4,002 "*" and "_" characters, '
                                       "more than the 1,000 allowed (emphasis nested that deep "
                                       "crashes the build); this line passes the limit — remove "
                                       "the extra ones, or split the narrative into several events"),
    # Python-Markdown's tables extension is quadratic in the backticks of a row (this took 9 s).
    "table-row-of-backticks": (HEAD + "a|b\n-|-\n" + "`|`|" * 12_475 + "\n",
                               '10:1: this line has a "|" and 24,950 backticks (`), more than the '
                               "100 allowed in a table row — split the row, or put the code below "
                               "the table"),
    "long-narrative": (HEAD + ("A sentence of the narrative. " * 2_000),
                       "8:1: the narrative is 58,000 characters long, more than the 50,000 allowed "
                       "— shorten it, or link to a longer document"),
}


@pytest.fixture(autouse=True)
def at_most_ten_seconds() -> Iterator[None]:
    """Fail a test that runs for more than 10 s: a bound against hangs, not a timing."""
    with time_bound(10):
        yield


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_event_file_gets_its_own_error(name: str) -> None:
    text, expected = PATHOLOGICAL[name]
    path = f"seeds/events/2025-05-20-{name}.md"
    _, problems = check_with({path.removeprefix("seeds/"): text.encode()})
    assert [str(p) for p in problems] == [f"{path}:{expected}"]


def test_deeply_nested_registry_is_refused() -> None:
    tags = ("x: " + "{a: " * 50_000 + "}" * 50_000 + "\n").encode()
    _, problems = check_with({"tags.yml": tags})
    assert [str(p) for p in problems][0] == (
        "seeds/tags.yml:1:24: lists and groups of fields are nested more than 6 levels deep "
        "here; seed files never need that — remove the extra brackets or indentation")


def test_a_real_build_with_every_pathological_file_stops_quickly(project: Path) -> None:
    for name, (text, _) in PATHOLOGICAL.items():
        text = text.replace("daily-2025-05-13", "anadolu-2026-01-30")  # a source the project has
        (project / "seeds" / "events" / f"2025-05-20-{name}.md").write_text(text, encoding="utf-8")
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode == 1
    assert f"{len(PATHOLOGICAL)} problems in the seed files; nothing was built" in result.stderr


@pytest.mark.parametrize("body", ["- " * 16 + "x\n", "> " * 8 + "1. " * 8 + "x\n",
                                  " " * 32 + "- x\n", "## a\n" * 50 + "- - -\n" * 50,
                                  "*a " * 500 + "b" + " c*" * 500 + "\n", "_*" * 500 + "\n",
                                  "a|b\n-|-\n" + ("`a` " * 25 + "|" * 2_000 + "\n") * 20])
def test_nesting_emphasis_headings_and_rows_at_their_limits_are_accepted(body: str) -> None:
    timeline, problems = check_with({"events/2025-05-20-at-limit.md": (HEAD + body).encode()})
    assert timeline is not None and not problems


# Every field's limit: a value at the limit is accepted, one character more gets its own message. --

SMALL_SEEDS = SMALL / "seeds"
CITES = "sources:\n  - source: daily-2025-05-13\n"


def _words(length: int) -> str:
    """Return plain words, exactly `length` characters long."""
    return ("word " * length)[:length - 1] + "x"


def _url(length: int) -> str:
    """Return a web address exactly `length` characters long."""
    return "https://example.org/" + "a" * (length - 20)


def _language(length: int) -> str:
    """Return a language tag exactly `length` characters long (subtags of 2 to 8 characters)."""
    tag = "en"
    while len(tag) + 9 <= length:
        tag += "-abcdefgh"
    return tag + "-" + "x" * (length - len(tag) - 1) if len(tag) < length else tag


def _with(registry: str, entry: str) -> bytes:
    """Return the small fixture's registry file with `entry` added at its end."""
    return ((SMALL_SEEDS / registry).read_text(encoding="utf-8") + entry).encode()


def _at(text: str, value: str) -> str:
    """Return the line:col where `value` starts in `text`."""
    offset = text.index(value)
    return f"{text.count(chr(10), 0, offset) + 1}:{offset - text.rfind(chr(10), 0, offset)}"


def _messages(files: dict[str, bytes]) -> list[str]:
    """Return every problem `check` reports with `files` added to the small fixture."""
    return [str(problem) for problem in check_with(files)[1]]


# name: (registry, entry with {v} for the value, field, limit, a value of a given length)
REGISTRY_FIELDS = {
    "source-title": ("sources.yml", "long-1:\n  title: {v}\n  publisher: P\n  published: 2025-01-01\n",
                     "title", 300, _words),
    "publisher": ("sources.yml", "long-1:\n  title: T\n  publisher: {v}\n  published: 2025-01-01\n",
                  "publisher", 200, _words),
    "source-url": ("sources.yml", "long-1:\n  title: T\n  publisher: P\n  published: 2025-01-01\n"
                   "  url: {v}\n", "url", 2048, _url),
    "language": ("sources.yml", "long-1:\n  title: T\n  publisher: P\n  published: 2025-01-01\n"
                 "  language: {v}\n", "language", 35, _language),
    "actor-name": ("actors.yml", "long-1:\n  name: {v}\n", "name", 200, _words),
    "role": ("actors.yml", "long-1:\n  name: N\n  role: {v}\n", "role", 300, _words),
    "actor-url": ("actors.yml", "long-1:\n  name: N\n  url: {v}\n", "url", 2048, _url),
    "tag-name": ("tags.yml", "long-1:\n  name: {v}\n", "name", 100, _words),
    "description": ("tags.yml", "long-1:\n  name: N\n  description: {v}\n", "description", 1000,
                    _words),
}


@pytest.mark.parametrize("name", sorted(REGISTRY_FIELDS))
def test_each_registry_field_has_a_limit_with_its_own_message(name: str) -> None:
    registry, entry, field, limit, value = REGISTRY_FIELDS[name]
    assert _messages({registry: _with(registry, entry.format(v=value(limit)))}) == []
    text = _with(registry, entry.format(v=value(limit + 1))).decode()
    assert _messages({registry: text.encode()}) == [
        f"seeds/{registry}:{_at(text, value(limit + 1))}: {field}: is {limit + 1:,} characters "
        f"long, more than the {limit:,} allowed — shorten it"]


def test_a_country_is_answered_not_a_code_up_to_its_limit_then_too_long() -> None:
    entry = "long-1:\n  name: N\n  country: {v}\n"
    text = _with("actors.yml", entry.format(v="K" * 100)).decode()
    assert _messages({"actors.yml": text.encode()}) == [
        f'seeds/actors.yml:{_at(text, "K" * 100)}: country: "{"K" * 100}" is not an ISO 3166-1 '
        "country code — use the two-letter ISO 3166-1 code, e.g. US or FR"]
    text = _with("actors.yml", entry.format(v="K" * 101)).decode()
    assert _messages({"actors.yml": text.encode()}) == [
        f'seeds/actors.yml:{_at(text, "K" * 101)}: country: is 101 characters long, more than the '
        "100 allowed — shorten it"]


@pytest.mark.parametrize("registry, entry", [
    ("sources.yml", "{id}:\n  title: T\n  publisher: P\n  published: 2025-01-01\n"),
    ("actors.yml", "{id}:\n  name: N\n"),
    ("tags.yml", "{id}:\n  name: N\n"),
])
def test_registry_ids_have_a_limit(registry: str, entry: str) -> None:
    at_limit = "a" * 40 + "-" + "b" * 39
    assert _messages({registry: _with(registry, entry.format(id=at_limit))}) == []
    text = _with(registry, entry.format(id=at_limit + "c")).decode()
    assert _messages({registry: text.encode()}) == [
        f"seeds/{registry}:{_at(text, at_limit + 'c')}: this id is 81 characters long, more than "
        "the 80 allowed — shorten it (it becomes a file name and a web address)"]


def _event(front: str, event_id: str = "2025-05-20-case") -> tuple[str, str]:
    """Return the path and text of an event file with these fields (and title, date, summary)."""
    return (f"events/{event_id}.md",
            f"---\ntitle: T\ndate: 2025-05-20\nsummary: S.\n{front}---\nNarrative.\n")


@pytest.mark.parametrize("field, limit", [("quote", 2000), ("locator", 200)])
def test_quotes_and_locators_have_a_limit(field: str, limit: int) -> None:
    path, text = _event(f"{CITES}    {field}: {_words(limit)}\n")
    assert _messages({path: text.encode()}) == []
    path, text = _event(f"{CITES}    {field}: {_words(limit + 1)}\n")
    assert _messages({path: text.encode()}) == [
        f"seeds/{path}:{_at(text, _words(limit + 1))}: {field}: is {limit + 1:,} characters long, "
        f"more than the {limit:,} allowed — shorten it"]


TAG_IDS = [f"t-{i:03d}" for i in range(101)]
MANY_TAGS = _with("tags.yml", "".join(f"{tag}:\n  name: {tag}\n" for tag in TAG_IDS))


@pytest.mark.parametrize("field, items, registry", [
    ("tags", TAG_IDS, {"tags.yml": MANY_TAGS}),
    ("related", [f"2025-05-20-e{i}" for i in range(101)], {}),
])
def test_lists_of_ids_have_a_limit(field: str, items: list[str], registry: dict[str, bytes]
                                   ) -> None:
    others = {f"events/{item}.md": _event(CITES, item)[1].encode() for item in items} \
        if field == "related" else {}
    path, text = _event(f"{field}: [{', '.join(items[:100])}]\n{CITES}")
    assert _messages({**registry, **others, path: text.encode()}) == []
    path, text = _event(f"{field}: [{', '.join(items)}]\n{CITES}")
    assert _messages({**registry, **others, path: text.encode()}) == [
        f"seeds/{path}:5:{len(field) + 3}: {field}: has 101 items, more than the 100 allowed — "
        f"keep the {'tag' if field == 'tags' else 'event'}s that matter most"]


def test_an_event_cites_at_most_a_hundred_sources() -> None:
    path, text = _event("sources:\n" + "  - source: daily-2025-05-13\n" * 100)
    assert _messages({path: text.encode()}) == []
    path, text = _event("sources:\n" + "  - source: daily-2025-05-13\n" * 101)
    assert _messages({path: text.encode()}) == [
        f"seeds/{path}:6:3: sources: has 101 items, more than the 100 allowed — keep the sources "
        "that matter most"]


def test_ids_in_an_event_have_the_registry_limit() -> None:
    tag = "a" * 80
    tags = _with("tags.yml", f"{tag}:\n  name: Long\n")
    path, text = _event(f"tags: [{tag}]\n{CITES}")
    assert _messages({"tags.yml": tags, path: text.encode()}) == []
    path, text = _event(f"tags: [{tag}b]\nsources:\n  - source: {'s' * 81}\n")
    assert _messages({"tags.yml": tags, path: text.encode()}) == [
        f"seeds/{path}:5:8: tags: this id is 81 characters long, more than the 80 allowed — use an "
        "id defined in seeds/tags.yml",
        f"seeds/{path}:7:13: source: this id is 81 characters long, more than the 80 allowed — use "
        "an id defined in seeds/sources.yml"]


def test_event_ids_have_a_limit() -> None:
    at_limit = "2025-05-20-" + "w" * 109
    path, text = _event(CITES, at_limit)
    assert _messages({path: text.encode()}) == []
    path, text = _event(CITES, at_limit + "x")
    assert _messages({path: text.encode()}) == [
        f"seeds/{path}:1:1: the event's id (its file name without .md) is 121 characters long, "
        "more than the 120 allowed — shorten the file name to the date and a few words"]


# Patterns and scans over contributor text: linear, whatever the text. ----------------------------

def test_a_long_address_ending_in_a_space_is_refused_at_once() -> None:
    text = _with("actors.yml", 'long-1:\n  name: N\n  url: "http://' + "a" * 99_000 + ' x"\n').decode()
    assert _messages({"actors.yml": text.encode()}) == [
        f"seeds/actors.yml:{_at(text, chr(34) + 'http://')}: url: is 99,009 characters long, more "
        "than the 2,048 allowed — shorten it"]
    # The pattern itself (the schemas' too) is linear: the old one took 84 s on this.
    pattern = json_schemas()["sources"]["additionalProperties"]["properties"]["url"]["pattern"]
    assert re.fullmatch(pattern, "http://" + "a" * 99_000 + " x") is None
    assert re.fullmatch(pattern, "https://" + "a" * 99_000) is not None


def test_lines_of_backticks_are_checked_at_once() -> None:
    # 45 lines of 500 backticks and 500 letters: the old code-span regex took 7 s a line.
    line = "x " + "`" * 500 + "a" * 500 + " [link](https://example.org)\n"
    path, text = _event(CITES)
    assert _messages({path: (text + line * 45).encode()}) == []


def test_links_in_code_spans_are_not_checked_exactly_as_before() -> None:
    # Each line: backticks, letters and a bad link, mixed at random; the link is reported where
    # removing what the old code-span regex matched leaves it.
    old_code_span = re.compile(r"(`+)(?:(?!\1).)+?\1")
    pieces = ["`", "``", "```", "a", "[x](bad)"]
    chance = random.Random(7)
    files, expected = {}, []
    for number in range(20):
        lines = ["x " + "".join(chance.choice(pieces) for _ in range(chance.randint(1, 12)))
                 for _ in range(100)]
        while sum(line.count("[") for line in lines) > 500:
            lines.pop()
        path, text = _event(CITES, f"2025-05-20-code-{number:02d}")
        files[path] = (text + "\n".join(lines) + "\n").encode()
        for offset, line in enumerate(lines):
            expected += [f"seeds/{path}:{9 + offset}:1: a link to \"bad\": links in a narrative must "
                         "start with https://, http:// or mailto: — to point to another event, list "
                         "it under related:"] * old_code_span.sub("", line).count("](bad)")
    assert expected and sorted(_messages(files)) == sorted(expected)


def test_three_thousand_unknown_ids_against_twenty_thousand_sources_finish() -> None:
    signal.alarm(120)  # a generous bound for a slow machine: it ran for minutes
    sources = _with("sources.yml", "".join(
        f"src-{i:05d}-report:\n  title: Report {i}\n  publisher: P\n  published: 2025-01-01\n"
        for i in range(20_000)))
    files = {"sources.yml": sources}
    for number in range(300):
        cites = "".join(f"  - source: src-{number * 10 + k:05d}-reprot\n" for k in range(10))
        files[f"events/2025-05-20-unknown-{number:03d}.md"] = (
            f"---\ntitle: T\ndate: 2025-05-20\nsummary: S.\nsources:\n{cites}---\n").encode()
    messages = _messages(files)
    assert len(messages) == 3000
    assert messages[0] == ('seeds/events/2025-05-20-unknown-000.md:6:13: source: unknown source '
                           '"src-00000-reprot" — did you mean "src-00000-report"? To add a new '
                           "source, add `src-00000-reprot:` with indented `title:`, `publisher:` "
                           "and `published:` to seeds/sources.yml")
    assert all("did you mean" in message for message in messages)


def test_a_real_build_of_every_value_at_its_limit_builds(project: Path) -> None:
    # What check accepts, the build builds: ids at their limits become file names and addresses
    # (a 300-letter tag id used to pass check and crash the build with "File name too long"), and
    # a source title at its limit, cited by nine events, costs the build nothing noticeable.
    signal.alarm(300)  # a real build on a loaded machine; without the limits it took minutes
    seeds = project / "seeds"
    tag, actor, source = "t" * 80, "a" * 80, "s" * 80

    def add(name: str, entry: str) -> None:
        path = seeds / name
        path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")

    add("tags.yml", f"{tag}:\n  name: {_words(100)}\n  description: {_words(1000)}\n")
    add("actors.yml", f"{actor}:\n  name: {_words(200)}\n  role: {_words(300)}\n  country: KR\n"
                      f"  url: {_url(2048)}\n")
    add("sources.yml", f"{source}:\n  title: {_words(300)}\n  publisher: {_words(200)}\n"
                       f"  published: 2025-01-01\n  url: {_url(2048)}\n  language: {_language(35)}\n")
    event_ids = ["2025-05-20-" + "w" * 109] + [f"2025-05-2{n}-cites-a-long-title" for n in range(1, 9)]
    for event_id in event_ids:
        (seeds / "events" / f"{event_id}.md").write_text(
            f"---\ntitle: {_words(120)}\ndate: {event_id[:10]}\nsummary: {_words(300)}\n"
            f"tags: [{tag}]\nactors: [{actor}]\nplace: {_words(120)}\nsources:\n"
            f"  - source: {source}\n    quote: {_words(2000)}\n    locator: {_words(200)}\n"
            "---\nNarrative.\n", encoding="utf-8")
    mkdocs(project, "build", "--strict")
    page = (project / "site" / "events" / event_ids[0] / "index.html").read_text(encoding="utf-8")
    assert _words(300) in page and _words(2000) in page
    assert (project / "site" / "actors" / actor / "index.html").is_file()


# Bounded reports: a file lists at most PROBLEMS_MAX_PER_FILE problems, then says how many more. --

def test_an_event_file_lists_a_hundred_problems_then_counts_the_rest() -> None:
    fields = "".join(f"field-{n:03d}: x\n" for n in range(150))
    path, text = _event(fields + CITES)
    messages = _messages({path: text.encode()})
    assert len(messages) == F.PROBLEMS_MAX_PER_FILE + 1
    assert messages[0] == (f'seeds/{path}:5:1: unknown field "field-000" — the fields of an event '
                           "are: title, date, summary, status, tags, actors, place, importance, "
                           "sources, related, images, accounts, updates")
    assert messages[-1] == (f"seeds/{path}:105:1: 50 more problems in this file from here on, "
                            "after the 100 listed — fix those and check again")


def test_a_registry_stops_being_checked_after_a_hundred_problems() -> None:
    # A registry at its size limit with nothing but empty entries made 1.6 million lines (188 MB)
    # in 35 s; its records past the first hundred problems are not built.
    signal.alarm(60)  # a 5 MB file on a loaded machine; it took 10 s here
    text = "".join(f"e{n}: {{}}\n" for n in range(420_000))
    assert len(text.encode()) <= F.REGISTRY_FILE_MAX_BYTES
    messages = [m for m in _messages({"tags.yml": text.encode()}) if m.startswith("seeds/tags.yml")]
    assert len(messages) == F.PROBLEMS_MAX_PER_FILE + 1
    assert messages[0] == ('seeds/tags.yml:1:1: missing the required field "name" — add '
                           "`name: E0`")  # the words of its id
    assert messages[-1] == ("seeds/tags.yml:101:1: the rest of this file, from here on, was not "
                            "checked after the 100 problems above — fix those and check again")


def test_a_narrative_repeating_one_id_renders_at_once() -> None:
    # 7,128 copies of `*a*{#x}`: each id was renamed by trying every number before its own
    # (9 s for one page).
    converter = markdown.Markdown(extensions=["attr_list", "toc"])
    html = render_narrative("*a*{#x} " * 7_128, converter, {"title"})
    assert html.count('id="narrative-x') == 7_128
    assert 'id="narrative-x_7127"' in html


def test_messages_quote_at_most_eighty_characters_of_a_value() -> None:
    key, status = "k" * 1_000, "o" * 45_000  # YAML keys are at most 1,024 characters
    path, text = _event(f"{key}: 1\nstatus: {status}\n{CITES}")
    assert _messages({path: text.encode()}) == [
        f'seeds/{path}:5:1: unknown field "{"k" * 80}…" — the fields of an event are: title, date, '
        "summary, status, tags, actors, place, importance, sources, related, images, accounts, updates",
        f'seeds/{path}:6:9: status: expected occurred, scheduled, postponed or cancelled; found '
        f'"{"o" * 80}…" — write one of them after `status: `']


def test_a_date_has_a_limit() -> None:
    path, text = _event(CITES)
    text = text.replace("date: 2025-05-20", "date: " + "2025-05-20/" * 10)
    assert _messages({path: text.encode()}) == [
        f"seeds/{path}:3:7: date: is 110 characters long, more than the 64 a date or an interval "
        "needs — write one date such as 2025-05-20, or an interval START/END"]
