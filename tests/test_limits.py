"""Bounded work: inputs that would crash or stall YAML or Markdown get their own clear error, fast."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import check_with, mkdocs

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
    "long-narrative": (HEAD + ("A sentence of the narrative. " * 2_000),
                       "8:1: the narrative is 58,000 characters long, more than the 50,000 allowed "
                       "— shorten it, or link to a longer document"),
}


@pytest.fixture(autouse=True)
def at_most_ten_seconds() -> Iterator[None]:
    """Fail a test that runs for more than 10 s: a bound against hangs, not a timing."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("took more than 10 s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


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
                                  " " * 32 + "- x\n", "## a\n" * 50 + "- - -\n" * 50])
def test_nesting_and_headings_at_their_limits_are_accepted(body: str) -> None:
    timeline, problems = check_with({"events/2025-05-20-at-limit.md": (HEAD + body).encode()})
    assert timeline is not None and not problems
