"""Nothing is lost: a build succeeds completely or leaves site/ as it was; builds are reproducible."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.support import (
    TEST_REPO_URL,
    ProblemsFound,
    Publication,
    Timeline,
    build_files,
    export,
    mkdocs,
    run_cli,
)

FAIL_HALFWAY = '''
"""A hook that breaks the build after some pages have been written."""
written = []


def on_post_page(output, page, config):
    written.append(page.file.src_uri)
    if len(written) == 12:
        raise RuntimeError("injected failure halfway through the build")
    return output
'''


def snapshot(site: Path) -> dict[str, bytes]:
    """Return every file of a site, by relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_build_failing_halfway_leaves_the_previous_site_byte_for_byte(built_project: Path,
                                                                       ) -> None:
    project = built_project
    before = snapshot(project / "site")
    (project / "fail_halfway.py").write_text(FAIL_HALFWAY, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n  - build_timeline.py\n", "hooks:\n  - build_timeline.py\n  - fail_halfway.py\n"),
        encoding="utf-8")
    (project / "seeds" / "events" / "2026-01-31-new.md").write_text(
        "---\ntitle: New\ndate: 2026-01-31\nsummary: S.\nsources:\n"
        "  - source: anadolu-2026-01-30\n---\n", encoding="utf-8")
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode != 0
    assert "injected failure halfway through the build" in result.stderr
    assert snapshot(project / "site") == before
    # Only the lock file the next build takes stays beside site/ (see timeline/swap.py).
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def test_strict_warnings_leave_the_previous_site(built_project: Path) -> None:
    project = built_project
    before = snapshot(project / "site")
    (project / "docs" / "about.md").write_text("# About\n\n[broken](nowhere.md)\n",
                                               encoding="utf-8")
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode == 1
    assert "warnings in strict mode (listed above); site/ was left as it was" in result.stderr
    assert snapshot(project / "site") == before


def test_two_builds_of_the_same_commit_are_byte_identical(tariffs_project: Path,
                                                          tmp_path: Path) -> None:
    # The shared tariffs site, and the same project built again, in another process and folder.
    mkdocs(tariffs_project, "build", "--strict", "-d", str(tmp_path / "two"),
           repo_url=TEST_REPO_URL)
    one, two = snapshot(tariffs_project / "site"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_the_build_is_dated_by_the_last_commit(project: Path) -> None:
    git = {**os.environ, "GIT_AUTHOR_DATE": "2026-02-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2026-02-01T12:00:00Z", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", *command], cwd=project, env=git, check=True)
    # SOURCE_DATE_EPOCH unset, as on a contributor's machine: the hook takes the commit's time.
    mkdocs(project, "build", "--strict", epoch=None,
           TIMELINE_SITE_URL="https://example.org/timeline/")
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2026-02-01"}


def test_a_symbolic_link_is_never_followed(project: Path) -> None:
    (project / "seeds" / "events" / "2026-02-01-link.md").symlink_to("/etc/passwd")
    result = run_cli(project, "check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors[0] == (
        "seeds/events/2026-02-01-link.md:1:1: this is a symbolic link, which is never followed; "
        "seed files and their folders must be real files and folders in the repository — replace "
        "the link with the file or folder itself")
    assert "root:" not in result.stderr


def test_the_published_site_is_readable_by_a_web_server(tariffs_site: Path) -> None:
    assert tariffs_site.stat().st_mode & 0o777 == 0o755


def test_links_follow_use_directory_urls(project: Path) -> None:
    mkdocs(project, "build", "--strict", "--no-directory-urls",
           TIMELINE_SITE_URL="https://example.org/timeline/")
    site = project / "site"
    timeline = (site / "timeline.html").read_text(encoding="utf-8")
    links = re.findall(r'<p class="tl-event__title"><a href="([^"]+)"', timeline)
    assert len(links) == 9 and all((site / link).is_file() for link in links)
    # Citations link to their source as raw HTML (Markdown scanned a title character by character,
    # twice), which MkDocs does not check: each must reach its source's anchor.
    event = site / "events" / "2026-01-29-first-day-of-washington-talks.html"
    cited = re.findall(r'<a href="([^"#]+)#([^"]+)">“', event.read_text(encoding="utf-8"))
    assert cited and all(f'id="{anchor}"' in (event.parent / page).read_text(encoding="utf-8")
                         for page, anchor in cited)
    events = (site / "events.json").read_text(encoding="utf-8")
    assert "https://example.org/timeline/events/2026-01-29-first-day-of-washington-talks.html" \
        in events


def test_an_export_that_drops_an_event_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    # The build reads every data file back: a bug that loses an event publishes nothing.
    real = export.export_icalendar

    def loses_the_last_event(timeline: Timeline, publication: Publication, *memo: object) -> bytes:
        return real(Timeline(timeline.events[:-1], timeline.sources, timeline.actors,
                             timeline.tags), publication)

    monkeypatch.setattr(export, "export_icalendar", loses_the_last_event)
    with pytest.raises(ProblemsFound) as raised:
        build_files(workers=1)
    assert [str(p) for p in raised.value.problems] == [
        "timeline.ics:1:1: timeline.ics lists 8 events, not the 9 it should — report this as a bug "
        "in build_timeline.py"]
