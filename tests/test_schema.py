"""The published JSON Schemas agree with the checker on a shared set of good and bad files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.support import (
    CASES,
    NULL_WORDS,
    REPO,
    SMALL,
    TARIFFS,
    TRANSLATIONS,
    Node,
    Scalar,
    YamlMapping,
    case_output,
    check_with,
    decode_seed,
    json_schemas,
    parse_yaml,
    schema_files,
    split_front_matter,
    translation_fixtures,
)
from timeline.read import translation_of

SCHEMAS = {name: Draft202012Validator(schema) for name, schema in json_schemas().items()}
# Bad inputs both must refuse. The checker refuses more (impossible days, unknown ids, misplaced
# files, values YAML 1.2 folds or coerces such as a wrapped title or `importance: 03`).
BAD_EVENT_CASES = [
    "unknown-field-did-you-mean", "unknown-field-no-suggestion", "missing-required-fields",
    "empty-title", "null-title", "title-too-long", "title-is-a-list", "summary-too-long",
    "date-month-13", "date-time-of-day", "date-timestamp", "date-sexagesimal", "date-in-words",
    "date-ambiguous", "date-free-text", "date-empty", "date-missing-padding",
    "date-interval-open-start", "date-is-a-list", "status-unknown", "status-boolean-word",
    "status-on", "importance-word", "importance-quoted", "tags-not-a-list", "tags-a-mapping",
    "tag-listed-twice", "sources-missing", "sources-empty", "sources-a-single-id",
    "sources-item-not-a-mapping", "source-entry-unknown-field", "quote-is-a-list",
    "tags-too-many", "tag-id-too-long", "quote-too-long",
    # Of the images, what a file's name says (its contents are the checker's alone).
    "image-missing-alt", "image-missing-credit", "image-remote-url", "image-wrong-extension",
    "image-svg", "image-leaves-the-folder", "image-absolute-path", "image-backslash",
    "images-not-a-list", "image-entry-not-a-mapping", "image-unknown-field", "image-too-many",
]
BAD_REGISTRY_CASES = [
    "registry-url-scheme", "registry-url-not-a-url", "registry-published-not-a-date",
    "registry-missing-publisher", "registry-unknown-field", "registry-country-lowercase",
    "registry-country-unknown", "registry-bad-id", "registry-entry-not-a-mapping",
    "registry-not-a-mapping", "registry-id-too-long", "registry-title-too-long",
    "registry-name-too-long", "registry-form-unknown-field", "registry-form-not-a-mapping",
    "registry-form-tag-name-too-long", "registry-form-actor-role-too-long",
    "registry-form-source-title-too-long", "registry-form-era-name-too-long",
]


def as_yaml_12(node: Node | None) -> Any:
    """Return what a YAML 1.2 editor (core schema) reads: `2026-01-29` text, `3` a number."""
    if node is None:
        return None
    if isinstance(node, YamlMapping):
        return {key.value: as_yaml_12(value) for key, value in node.items}
    if not isinstance(node, Scalar):
        return [as_yaml_12(item) for item in node.items]
    if not node.plain:
        return node.value
    value = node.value
    if value in NULL_WORDS:
        return None
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value.lower() == "true"
    if re.fullmatch(r"[-+]?[0-9]+", value):
        return int(value)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
        return float(value)
    return value


def front_matter(path: Path) -> Any:
    document = split_front_matter(path.name, decode_seed(path.name, path.read_bytes()).text or "")
    assert document.front_matter is not None, document.problems
    return as_yaml_12(document.front_matter)


def registry(path: Path) -> Any:
    node, problems = parse_yaml(path.name, decode_seed(path.name, path.read_bytes()).text or "")
    assert not problems
    return as_yaml_12(node)


def test_the_committed_schemas_are_the_generated_ones() -> None:
    for name, content in schema_files().items():
        assert (REPO / name).read_bytes() == content, f"{name} is stale: run `make golden`"


# Good files are the fixtures' (contributors' files are checked by `check`, not by these tests).
GOOD_EVENTS = sorted(p for p in [*(TARIFFS / "seeds" / "events").glob("*.md"),
                                  *(SMALL / "seeds" / "events").glob("*.md")]
                     if translation_of(p.as_posix()) is None)
# A translation of the small fixture's summit, and its registries with Korean names.
GOOD_TRANSLATIONS = sorted((TRANSLATIONS / "events").glob("*.md"))
GOOD_FORMS = sorted((TRANSLATIONS / "forms").glob("*.yml"))
# Bad translation files both must refuse (the checker alone compares one with its event).
BAD_TRANSLATION_CASES = [
    "translation-missing-title-and-summary", "translation-unknown-field-did-you-mean",
    "translation-entry-unknown-field", "translation-title-too-long", "translation-summary-too-long",
    "translation-place-too-long", "translation-quote-translation-too-long",
    "translation-says-too-long", "translation-note-too-long", "translation-alt-too-long",
    "translation-caption-too-long", "translation-quotes-not-a-list", "translation-quotes-too-many",
    "translation-accounts-too-many", "translation-entry-not-a-mapping",
    "translation-translated-from-not-a-fingerprint", "translation-missing-translated-from",
    "translation-copies-the-events-own-fields", "translation-entry-copies-the-events-own-field",
]


@pytest.mark.parametrize("path", GOOD_EVENTS, ids=[p.name for p in GOOD_EVENTS])
def test_good_event_files_are_valid_for_both(path: Path) -> None:
    assert list(SCHEMAS["event"].iter_errors(front_matter(path))) == []


def test_the_translation_fixtures_are_there_and_check_on_the_small_fixture() -> None:
    assert GOOD_TRANSLATIONS and len(GOOD_FORMS) == 4  # what makes the tests below mean something
    timeline, problems = check_with(translation_fixtures())
    assert problems == [] and timeline is not None and timeline.translations["ko"]


@pytest.mark.parametrize("path", GOOD_TRANSLATIONS, ids=[p.name for p in GOOD_TRANSLATIONS])
def test_good_translation_files_are_valid_for_both(path: Path) -> None:
    assert list(SCHEMAS["translation"].iter_errors(front_matter(path))) == []


@pytest.mark.parametrize("case", BAD_TRANSLATION_CASES)
def test_bad_translation_files_are_refused_by_both(case: str) -> None:
    assert case_output(CASES / case), "the checker accepts it"
    (path,) = (CASES / case / "events").glob("*.md")
    assert not SCHEMAS["translation"].is_valid(front_matter(path)), "the schema accepts it"


@pytest.mark.parametrize("root", [TARIFFS, SMALL], ids=["tariffs", "small"])
@pytest.mark.parametrize("name", ["sources", "actors", "tags"])
def test_good_registries_are_valid_for_both(root: Path, name: str) -> None:
    assert list(SCHEMAS[name].iter_errors(registry(root / "seeds" / f"{name}.yml"))) == []


@pytest.mark.parametrize("path", GOOD_FORMS, ids=[p.name for p in GOOD_FORMS])
def test_registries_with_korean_names_are_valid_for_both(path: Path) -> None:
    assert list(SCHEMAS[path.stem].iter_errors(registry(path))) == []


@pytest.mark.parametrize("case", BAD_EVENT_CASES)
def test_bad_event_files_are_refused_by_both(case: str) -> None:
    assert case_output(CASES / case), "the checker accepts it"
    (path,) = (CASES / case / "events").glob("*.md")
    assert not SCHEMAS["event"].is_valid(front_matter(path)), "the schema accepts it"


@pytest.mark.parametrize("case", BAD_REGISTRY_CASES)
def test_bad_registries_are_refused_by_both(case: str) -> None:
    assert case_output(CASES / case), "the checker accepts it"
    (path,) = (CASES / case).glob("*.yml")
    assert not SCHEMAS[path.stem].is_valid(registry(path)), "the schema accepts it"
