"""What `check` accepts, the build builds; what the build cannot build, `check` refuses at file:line.

Adversarial seed files (each at a limit, or just past it) are checked; the refused ones must be
refused in their own file, at the line of the trouble; every accepted one goes into one real
`mkdocs build --strict`, which must succeed and publish each of them, its feeds readable.
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from tests.support import (
    REPO,
    SMALL,
    F,
    check_with,
    make_project,
    mkdocs,
    render_narrative,
    time_bound,
)

HEAD = ("---\ntitle: {title}\ndate: 2025-05-20\nsummary: {summary}\n{extra}sources:\n"
        "  - source: daily-2025-05-13\n---\n")
LONG_ID = "a" * F.ID_MAX  # the longest id allowed: it becomes a folder, a file name and an address


def event(body: str, title: str = "Adversarial", summary: str = "One event.",
          extra: str = "") -> bytes:
    """Return an event file with `body` as its narrative (line 8, with no `extra` fields)."""
    return (HEAD.format(title=title, summary=summary, extra=extra) + body).encode()


def _fill(unit: str, total: int = 49_900) -> str:
    return unit * (total // len(unit))


LEVELS = F.NARRATIVE_MAX_EMPHASIS // 2
NESTED = "*a " * LEVELS + "b" + " c*" * LEVELS
DEEPEST = {
    "emphasis-in-lists-at-limit": {"events/2025-05-20-deep-lists.md": event(
        "- " * F.NARRATIVE_MAX_NESTING + "[" + NESTED + "](https://example.org/)\n")},
    "emphasis-in-quotes-at-limit": {"events/2025-05-20-deep-quotes.md": event(
        "> " * F.NARRATIVE_MAX_QUOTE_DEPTH + "1. " * 8 + NESTED + "\n")},
    "strong-at-limit": {"events/2025-05-20-deep-strong.md": event(
        "**" * (LEVELS // 2) + "a" + "**" * (LEVELS // 2) + "\n")},
}

# name -> the files (paths under seeds/) the case adds to the small fixture; each accepted case's
# files go into the one build, so a registry file appears in one case only.
ACCEPTED = {
    "markers-at-limit": {"events/2025-05-20-markers.md": event(
        "- " * 16 + "x\n\n" + "1. " * 16 + "x\n\n" + "> " * 8 + "- 1. " * 4 + "x\n\n"
        + " " * 32 + "- x\n\n" + "* + - " * 5 + "x\n")},
    "markers-on-every-line": {"events/2025-05-20-marker-lines.md": event(
        _fill("> - 1. " * 5 + "+ a\n"))},
    "headings-at-limit": {"events/2025-05-20-headings.md": event(
        "## a\n" * 50 + "a\n-\n" * 25 + "- - -\n" * 25 + _fill("x", 45_000))},
    "emphasis-and-escapes": {"events/2025-05-20-emphasis.md": event(
        _fill("_*", F.NARRATIVE_MAX_EMPHASIS) + "\n\n" + _fill("\\", 15_000) + "\n\n"
        + _fill("&#123;", 14_000))},
    # The deepest a narrative can nest: all its "*" as emphasis (two a level), inside a link,
    # inside the most list and quote levels a line may open (the build crashes at ~980 levels).
    **DEEPEST,
    "table-rows-at-limit": {"events/2025-05-20-table-rows.md": event(
        "a|b\n-|-\n" + ("`a` " * (F.NARRATIVE_MAX_ROW_BACKTICKS // 2) + "|" * 2_000 + "\n") * 22)},
    "links-and-tables-at-limit": {"events/2025-05-20-links.md": event(
        "[a](https://example.org/) " * 500 + "\n\n" + "a|b\n-|-\n" + _fill("c|d\n", 30_000))},
    # The characters next to the ones XML forbids, everywhere a feed, the calendar or a page has
    # text: the last of the Basic Multilingual Plane, private use, the last code point, an emoji.
    "edges-of-xml": {
        "events/2025-05-20-edges.md": event(
            "Text \ufffd \ue000 \U0010fffd \U0001f600.\n", title="Edge \ufffd\ue000\U0010fffd",
            summary="Summary \U0001f600\ufffd.", extra="tags: [summits]\nplace: Seoul \ufffd\n"),
        "tags.yml": "summits:\n  name: Summits \ufffd\U0010fffd\n  description: D \ue000.\n"
                    "rules:\n  name: Rules\n".encode()},
    "long-registry-ids": {
        "events/2025-05-20-long-ids.md": event("Text.\n", extra=f"actors: [{LONG_ID}]\n"),
        "actors.yml": (SMALL / "seeds" / "actors.yml").read_bytes()
        + f"{LONG_ID}:\n  name: Long\n".encode()},
}
# name -> (the files, the file and line at fault)
REFUSED = {
    "dashes-on-one-line": ({"events/2025-05-20-x.md": event("- " * 2000 + "x\n")}, 8),
    "numbers-on-one-line": ({"events/2025-05-20-x.md": event("text\n\n" + "1. " * 2000 + "x\n")},
                            10),
    "mixed-markers": ({"events/2025-05-20-x.md": event("* + - " * 500 + "x\n")}, 8),
    "quotes-and-markers": ({"events/2025-05-20-x.md": event("> - 1. " * 300 + "x\n")}, 8),
    "markers-after-indentation": ({"events/2025-05-20-x.md": event(
        "- a\n" + "    " * 8 + "- " * 9 + "x\n")}, 9),
    "markers-one-past-limit": ({"events/2025-05-20-x.md": event("- " * 17 + "x\n")}, 8),
    "emphasis-one-past-limit": ({"events/2025-05-20-x.md": event(
        NESTED + "\n\nAn address with one more: https://example.org/a_b\n")}, 10),
    "emphasis-nested-past-limit": ({"events/2025-05-20-x.md": event(
        "text\n" + "*a " * 1_200 + "b" + " c*" * 1_200 + "\n")}, 9),
    "table-row-one-past-limit": ({"events/2025-05-20-x.md": event(
        "a|b\n-|-\nc|d\n" + "`a` " * 50 + "`|\n")}, 11),
    "table-row-of-backticks": ({"events/2025-05-20-x.md": event(
        "a|b\n-|-\n" + "`|`|" * 12_475 + "\n")}, 10),
    "headings-past-limit": ({"events/2025-05-20-x.md": event("## a\n" * 101)}, 8),
    "U+FFFE-in-title": ({"events/2025-05-20-x.md": event("x\n", title="A \ufffe")}, 2),
    "U+FFFF-in-narrative": ({"events/2025-05-20-x.md": event("a\n\nb \uffff\n")}, 10),
    "U+FFFF-in-tag-name": ({"tags.yml": "summits:\n  name: S \uffff\n".encode()}, 2),
    "U+FDD0-in-actor-name": ({"actors.yml": "bob:\n  name: B \ufdd0\n".encode()}, 2),
    "U+10FFFF-in-a-comment": ({"sources.yml": (SMALL / "seeds" / "sources.yml").read_bytes()
                               + "# \U0010ffff\n".encode()},
                              (SMALL / "seeds" / "sources.yml").read_bytes().count(b"\n") + 1),
}


@pytest.fixture(autouse=True)
def at_most_five_minutes() -> Iterator[None]:
    """Fail a test that runs for more than 300 s: a bound against hangs, not a timing."""
    with time_bound(300):
        yield


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_refuses_what_the_build_cannot_build_at_its_line(name: str) -> None:
    files, line = REFUSED[name]
    timeline, problems = check_with(files)
    assert timeline is None
    (path,) = files
    assert [(p.path, p.line) for p in problems if p.severity == "error"] == [(f"seeds/{path}", line)]


def test_what_check_accepts_the_build_builds(tmp_path: Path) -> None:
    files: dict[str, bytes] = {}
    for name, case in ACCEPTED.items():
        timeline, problems = check_with(case)
        assert timeline is not None, (name, [str(p) for p in problems])
        assert not files.keys() & case.keys()
        files.update(case)
    assert check_with(files)[0] is not None
    project = make_project(tmp_path / "project", SMALL / "seeds")
    for path, data in files.items():
        (project / "seeds" / path).write_bytes(data)
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    for path in files:
        if path.startswith("events/"):
            page = site / "events" / Path(path).stem / "index.html"
            assert page.is_file(), path
    assert (site / "actors" / LONG_ID / "index.html").is_file()
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in ET.parse(site / "feed.xml").iterfind(f"{atom}entry")]
    assert "Edge \ufffd\ue000\U0010fffd" in titles
    summits = ET.parse(site / "feeds" / "summits.xml").getroot()
    assert summits.findtext(f"{atom}title", "").endswith("Summits \ufffd\U0010fffd")
    ics = (site / "timeline.ics").read_text(encoding="utf-8")
    assert "Edge \ufffd\ue000\U0010fffd" in ics


def test_the_deepest_emphasis_builds_without_directory_urls_too(tmp_path: Path) -> None:
    # The pages are made at another depth of Python's stack there: the limit must hold as well.
    project = make_project(tmp_path / "project", SMALL / "seeds")
    for case in DEEPEST.values():
        for path, data in case.items():
            (project / "seeds" / path).write_bytes(data)
    result = mkdocs(project, "build", "--strict", "--no-directory-urls", check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (project / "site" / "events" / "2025-05-20-deep-lists.html").read_text(encoding="utf-8")
    assert "<em>a " * LEVELS + "b" + " c</em>" * LEVELS in page


@functools.cache
def _markdown() -> markdown.Markdown:
    """Return Python-Markdown as the hook makes it for narratives: the extensions MkDocs loads
    from mkdocs.yml, its defaults (toc, tables, fenced_code) included, with their settings."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs)


# Lines of chained list markers, quotes and indentation, as long as Python-Markdown can crash on.
prefixes = st.lists(st.sampled_from(["- ", "* ", "+ ", "1. ", "23) ", "> ", ">", " ", "    ", "\t",
                                     "-", "1.", "# ", "a "]), max_size=600)
narratives = st.lists(prefixes.map(lambda parts: "".join(parts) + "x"), min_size=1, max_size=4)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(narratives)
def test_markdown_renders_every_nesting_check_accepts(lines: list[str]) -> None:
    body = "\n".join(lines) + "\n"
    timeline, _ = check_with({"events/2025-05-20-fuzz.md": event(body)})
    if timeline is not None:
        render_narrative(body, _markdown(), set())  # a RecursionError here would fail the test
