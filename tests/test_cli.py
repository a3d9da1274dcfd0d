"""The command line: `check` and `render --out`, run as a contributor runs them.

On the tariffs fixture (tests/fixtures/tariffs), checked on TODAY: its three scheduled events
(January and February 2026) have passed, so `check` warns about each.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import SMALL, run_cli, run_cli_process


def test_check_passes_on_the_tariff_timeline_and_lists_warnings(project: Path) -> None:
    result = run_cli(project, "check")
    assert result.returncode == 0
    assert result.stdout == "9 events checked: no errors. (3 warnings)\n"
    warnings = result.stderr.splitlines()
    assert len(warnings) == 3
    for line in warnings:
        assert ": warning: status: scheduled for " in line


def test_check_in_its_own_process_exits_1_on_errors(project: Path) -> None:
    # What CI and pre-commit run: a real `python build_timeline.py check`, its exit status and
    # its two streams.
    (project / "seeds" / "events" / "2026-03-01-x.md").write_text("", encoding="utf-8")
    result = run_cli_process(project, "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "seeds/events/2026-03-01-x.md:1:1: the file is empty" in result.stderr
    # Its own process checks on the real day, so the count of warnings is left open.
    assert re.search(r"\n1 error, [0-9]+ warnings?: nothing was written\.\n$", result.stderr)


def test_check_reports_every_problem_sorted_and_exits_1(project: Path) -> None:
    events = project / "seeds" / "events"
    (events / "2026-03-01-b.md").write_text(
        "---\ntitle: B\ndate: 2026-03-01\nsummary: S.\ntags: [tarifs]\nsources:\n"
        "  - source: anadolu-2026-01-30\n---\n", encoding="utf-8")
    (events / "2026-03-01-a.md").write_text(
        "---\ntitel: A\ndate: 2026-03-01\nsummary: S.\nsources:\n"
        "  - source: anadolu-2026-01-31\n---\n", encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == [
        'seeds/events/2026-03-01-a.md:2:1: unknown field "titel" — did you mean "title"?',
        'seeds/events/2026-03-01-a.md:6:13: source: unknown source "anadolu-2026-01-31" — '
        'did you mean "anadolu-2026-01-30"? To add a new source, add `anadolu-2026-01-31:` with '
        "indented `title:`, `publisher:` and `published:` to seeds/sources.yml",
        'seeds/events/2026-03-01-b.md:5:8: tags: unknown tag "tarifs" — did you mean "tariffs"? To '
        "add a new tag, add `tarifs:` with an indented `name:` to seeds/tags.yml",
        "3 errors, 3 warnings: nothing was written.",
    ]


def test_render_writes_the_generated_tree_with_the_docs(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(project, "--root", str(SMALL), "render", "--out", str(out))
    assert result.returncode == 0, result.stderr
    # In English and in Korean (mkdocs.yml): 18 pages and 9 data files each, 8 JSON Schemas shared.
    assert result.stdout == (f"Wrote 36 generated pages, 26 data files, docs/, overrides/ and "
                             f"mkdocs.yml to {out}.\n")
    docs = out / "docs"
    assert (docs / "timeline.ics").is_file() and (docs / "feeds" / "summits.xml").is_file()
    assert (docs / "events" / "2025-05-12-summit-in-seoul.md").is_file()
    assert (docs / "contributing.md").is_file() and (docs / "timeline.md").is_file()
    assert (docs / "index.md").is_file() and (out / "overrides" / "main.html").is_file()
    assert (out / "mkdocs.yml").is_file()
    # A second render replaces the tree it made.
    assert run_cli(project, "--root", str(SMALL), "render", "--out", str(out)).returncode == 0


def test_render_refuses_to_replace_a_folder_it_did_not_make(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli(project, "render", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr == (f"{out} exists and was not made by `render` — choose an empty or "
                             "new folder\n")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_render_writes_nothing_when_a_seed_is_broken(project: Path, tmp_path: Path) -> None:
    (project / "seeds" / "events" / "2026-03-01-x.md").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(project, "render", "--out", str(out))
    assert result.returncode == 1
    assert "seeds/events/2026-03-01-x.md:1:1: the file is empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
