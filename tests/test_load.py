"""What is valid stays valid: Windows and old Mac files, no narrative, any script in titles."""

from __future__ import annotations

import unicodedata

import frontmatter
import pytest

from tests.support import (
    Problem,
    Scalar,
    SeedHandler,
    Timeline,
    check_with,
    decode_seed,
    split_front_matter,
)

EVENT = ("---\ntitle: {title}\ndate: 2025-05-20\nsummary: One sentence.\nsources:\n"
         "  - source: daily-2025-05-13\n---\n{body}")


def check_one(name: str, data: bytes) -> tuple[Timeline | None, list[Problem]]:
    """Return the checked small timeline plus one extra event file, and the problems."""
    return check_with({f"events/{name}": data})


@pytest.mark.parametrize("encode", [
    pytest.param(lambda t: t.encode(), id="lf"),
    pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf-windows"),
    pytest.param(lambda t: t.replace("\n", "\r").encode(), id="cr-old-mac"),
    pytest.param(lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), id="bom-crlf"),
])
def test_line_endings_and_byte_order_mark_read_the_same(encode) -> None:
    text = EVENT.format(title="Talks resume", body="First line.\n\nSecond paragraph.\n")
    timeline, problems = check_one("2025-05-20-talks-resume.md", encode(text))
    assert problems == [] and timeline is not None
    event = timeline.event("2025-05-20-talks-resume")
    assert event.title == "Talks resume"
    assert event.body == "First line.\n\nSecond paragraph."


def test_an_error_in_a_crlf_file_has_the_same_line_number() -> None:
    text = EVENT.format(title="Talks resume", body="").replace("2025-05-20", "2025-05-32")
    _, problems = check_one("2025-05-20-x.md", text.replace("\n", "\r\n").encode())
    assert [(p.line, p.col) for p in problems] == [(3, 7)]


def test_front_matter_without_narrative_is_fine() -> None:
    timeline, problems = check_one("2025-05-20-no-body.md",
                                    EVENT.format(title="No body", body="").encode())
    assert problems == [] and timeline is not None
    assert timeline.event("2025-05-20-no-body").body == ""


@pytest.mark.parametrize("title", [
    "서울에서 열린 무역 회담",
    "محادثات التجارة في واشنطن",
    "Talks resume 🤝🇰🇷🇺🇸",
    unicodedata.normalize("NFD", "Café Séoul: réunion"),
])
def test_titles_in_any_script_are_kept_exactly(title: str) -> None:
    quoted = '"' + title + '"'
    timeline, problems = check_one("2025-05-20-any-script.md",
                                    EVENT.format(title=quoted, body="").encode())
    assert problems == [] and timeline is not None
    assert timeline.event("2025-05-20-any-script").title == title


@pytest.mark.parametrize("typed", ["no", "on", "yes", "3.10", "010", "1:30", "2025", "2026-01-29",
                                   "2026-01-29 10:00:00", "null", "~", ".inf", "0x1F"])
def test_values_are_read_as_typed_not_as_yaml_guesses(typed: str) -> None:
    document = split_front_matter("x.md", f"---\nplace: {typed}\n---\n")
    assert document.front_matter is not None
    node = document.front_matter.get("place")
    assert isinstance(node, Scalar) and node.value == typed


def test_decode_reports_the_line_of_a_bad_byte() -> None:
    decoded = decode_seed("x.md", b"---\ntitle: ok\nsummary: caf\xe9\n")
    assert decoded.text is None
    assert [str(p) for p in decoded.problems] == [
        "x.md:3:13: the byte 0xe9 here is not valid UTF-8 — save the file again choosing the "
        "UTF-8 encoding"]


def test_python_frontmatter_reads_an_event_as_typed_through_our_handler() -> None:
    post = frontmatter.loads("---\ntitle: Talks\ndate: 2026-01-29\nimportance: 3\nplace: no\n"
                             "tags: [a, b]\n---\nThe narrative.\n", handler=SeedHandler())
    # Every value is the text that was typed: no date, number or boolean guessed.
    assert post.metadata == {"title": "Talks", "date": "2026-01-29", "importance": "3",
                             "place": "no", "tags": ["a", "b"]}
    assert post.content == "The narrative."
    with pytest.raises(ValueError, match="^e.md:2:4: YAML anchors \\(&x\\) are not part"):
        frontmatter.loads("---\na: &x 1\nb: *x\n---\n", handler=SeedHandler("e.md"))
