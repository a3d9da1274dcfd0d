"""`build_timeline.py init DIR`: a new, empty timeline with the tool and none of this one's content.

The command line runs in this process (its messages word for word); one new timeline is made once
for the module and built with the real MkDocs, as its owner would, then given its first event.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml

from tests.support import F, REPO, mkdocs, run_cli, run_cli_process, text_of

TITLE = "Water rights in the Andes"
# Words of the tariff timeline: none may reach a new timeline's site, pages or registries.
TARIFF = re.compile(r"tariff|korea|lutnick|trump|washington|seoul|anadolu|kim jung|kim-jung|"
                    r"yonhap|yeo han|investment pledge", re.IGNORECASE)


def init(tmp_path: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Return how `init ARGS` ends (status, stdout, stderr), run from `tmp_path`."""
    result = run_cli(tmp_path, "init", *args, stdin=stdin)
    return result.returncode, result.stdout, result.stderr


def everything_under(folder: Path) -> list[str]:
    """Return every path under `folder`, relative and sorted (to see that nothing was written)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_init_makes_the_timeline_and_says_what_next(tmp_path: Path) -> None:
    status, out, err = init(tmp_path, "new-timeline", "--title", f"  {TITLE} ")
    made = tmp_path / "new-timeline"
    files = sum(1 for p in made.rglob("*") if p.is_file())
    assert (status, err) == (0, "")
    assert out == (f'Made the timeline "{TITLE}" in new-timeline ({files} files). Next: cd '
                   "new-timeline && make serve; its README.md says how to add the first event.\n")
    # Only the project: the temporary folder it was built in is gone.
    assert [p.name for p in tmp_path.iterdir()] == ["new-timeline"]
    config = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]", "null", (made / "mkdocs.yml").read_text()))
    assert config["site_name"] == TITLE and config["hooks"] == ["build_timeline.py"]
    assert config["site_description"].startswith(f"{TITLE}: a timeline")
    assert (made / "docs" / "index.md").read_text().startswith(f"# {TITLE}\n")
    assert (made / "README.md").read_text().startswith(f"# {TITLE}\n")
    assert everything_under(made / "seeds") == ["actors.yml", "events", "events/.gitkeep",
                                                "sources.yml", "tags.yml"]
    # The tool, runnable as it is here (modes kept), without this checkout's installs and
    # without the tests of this timeline's content.
    assert (made / "build_timeline.py").stat().st_mode & 0o111
    assert (made / ".ci" / "run").stat().st_mode & 0o111
    for tool in ("Makefile", "requirements.txt", "pyproject.toml", "timeline/starter.py",
                 "templates/init/index.md.j2", ".github/workflows/deploy.yml", "tests/support.py",
                 "bench/run.py", "schemas/event.schema.json", ".gitignore"):
        assert (made / tool).read_bytes() == (REPO / tool).read_bytes(), tool
    for left in ("tests/test_content.py", ".venv", "tests/js/node_modules", "site"):
        assert not (made / left).exists(), left
    assert not list(made.rglob("__pycache__"))
    for own in ("mkdocs.yml", "README.md", "docs/index.md", "docs/about.md", "seeds/sources.yml",
                "seeds/actors.yml", "seeds/tags.yml"):
        assert not TARIFF.search((made / own).read_text()), own
    # The new timeline's own check: no events yet, and what to do.
    check = run_cli(made, "check")
    assert check.returncode == 0
    assert check.stdout == "0 events checked: no errors. Add the first with `make new`.\n"


def test_init_uses_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    status, out, _ = init(tmp_path, "empty", "--title", TITLE)
    assert status == 0 and out.startswith(f'Made the timeline "{TITLE}" in empty (')
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()


def test_init_asks_for_the_title(tmp_path: Path) -> None:
    status, out, _ = init(tmp_path, "asked", stdin=f"{TITLE}\n")
    assert status == 0
    assert out.startswith(f'Title (shown on every page): {TITLE}\nMade the timeline "{TITLE}" in asked (')


@pytest.mark.parametrize(("title", "message"), [
    ("  ", 'init: the title is empty — give the timeline a title, such as --title "Water rights in '
           'the Andes"\n'),
    ("x" * (F.SITE_TITLE_MAX + 1), f"init: the title is {F.SITE_TITLE_MAX + 1} characters long, "
                                   f"more than the {F.SITE_TITLE_MAX} allowed — shorten it (it "
                                   "heads every page)\n"),
    ("Tea\u2028and sympathy", "init: the title must be one line of printable text — remove line "
                              "breaks and control characters\n"),
    ("Trade \x1b[31m", "init: the title must be one line of printable text — remove line breaks "
                       "and control characters\n"),
    ('Ports & "harbours" <b>', 'init: the title cannot hold " or & or < or >, which MkDocs would '
                               'write into every page as HTML — write "and" for &, and leave out '
                               "the others\n"),
])
def test_init_refuses_a_title_it_cannot_print_and_writes_nothing(tmp_path: Path, title: str,
                                                                 message: str) -> None:
    status, out, err = init(tmp_path, "new-timeline", "--title", title)
    assert (status, out, err) == (1, "", message)
    assert everything_under(tmp_path) == []


def test_a_title_at_the_limit_is_accepted(tmp_path: Path) -> None:
    status, _, _ = init(tmp_path, "long", "--title", "x" * F.SITE_TITLE_MAX)
    assert status == 0


def test_init_never_overwrites_and_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine\n")
    (tmp_path / "file.txt").write_text("mine\n")
    (tmp_path / "link").symlink_to(tmp_path / "used")
    before = everything_under(tmp_path)
    assert init(tmp_path, "used", "--title", TITLE) == (
        1, "", "init: used already exists and is not empty — give the path of a new folder, or of "
               "an empty one (nothing is ever overwritten)\n")
    assert init(tmp_path, "file.txt", "--title", TITLE) == (
        1, "", "init: file.txt exists and is not a folder — give the path of a new folder\n")
    assert init(tmp_path, "link", "--title", TITLE) == (
        1, "", "init: link is a symbolic link — give the path of a new folder\n")
    assert init(tmp_path, "file.txt/new", "--title", TITLE) == (
        1, "", "init: file.txt is not a folder — give the path of a new folder\n")
    # Said before the title is asked for.
    assert init(tmp_path, "used")[2].startswith("init: used already exists and is not empty")
    assert everything_under(tmp_path) == before
    assert (tmp_path / "used" / "notes.txt").read_text() == "mine\n"


def test_a_failure_leaves_nothing_behind_not_even_the_folders_on_the_way(tmp_path: Path) -> None:
    # A name the file system takes, but not with the temporary folder's prefix and suffix.
    name = "x" * 250
    assert init(tmp_path, f"on/the/way/{name}", "--title", TITLE) == (
        1, "", f"init: cannot make a folder beside on/the/way/{name} (File name too long) — give "
               "another folder\n")
    assert everything_under(tmp_path) == []


def test_init_refuses_a_folder_inside_the_tool(tmp_path: Path) -> None:
    inside = REPO / "tests" / "output" / "new-timeline"
    status, _, err = init(tmp_path, str(inside), "--title", TITLE)
    assert status == 1 and not inside.exists()
    assert err == (f"init: {inside} is inside this timeline's folder ({REPO}) — give a folder "
                   "outside it, such as ../my-timeline\n")


# The new timeline as its owner uses it: built with the real MkDocs, then given an event. ------

@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a new timeline made by `init`, built once with `mkdocs build --strict`."""
    parent = tmp_path_factory.mktemp("init")
    assert init(parent, "andes", "--title", TITLE)[0] == 0
    mkdocs(parent / "andes", "build", "--strict")
    return parent / "andes"


def test_the_empty_timeline_builds_under_its_own_title(started: Path) -> None:
    site = started / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in home
    assert f'<h1 id="{TITLE.lower().replace(" ", "-")}">{TITLE}' in home
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    said = text_of(timeline.split('<article', 1)[1].split("</article>", 1)[0])
    assert ("There are no events yet. Every event is a file under seeds/events/: add the report it "
            "rests on to\nseeds/sources.yml, then run make new") in said
    assert "tl-filters" not in timeline  # no filters with nothing in them
    # Each list says it is empty, and where its entries come from.
    for page, line in (("actors", "none yet: a person or body is added to seeds/actors.yml"),
                       ("sources", "None yet: a report is added to seeds/sources.yml"),
                       ("tags", "none yet: a theme is added to seeds/tags.yml"),
                       ("data", "none yet: there are no tags")):
        listed = (site / page / "index.html").read_text(encoding="utf-8")
        assert line in text_of(listed.split("<article", 1)[1].split("</article>", 1)[0]), page
    # Nothing of the tariff timeline anywhere: pages, search index, data files, sitemap.
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics", ".csv", ".txt"):
            found = TARIFF.search(path.read_text(encoding="utf-8"))
            assert found is None, f"{path.relative_to(site)}: {found and found.group()}"


def test_the_empty_timeline_exports_valid_empty_data(started: Path) -> None:
    site = started / "site"
    events = json.loads((site / "events.json").read_text(encoding="utf-8"))
    assert events["events"] == [] and events["sources"] == {} and events["actors"] == {}
    timelinejs = json.loads((site / "timeline.json").read_text(encoding="utf-8"))
    assert timelinejs["events"] == [] and timelinejs["title"]["text"]["headline"] == TITLE
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == f"{TITLE}: all events" and feed.entries == []
    calendar = icalendar.Calendar.from_ical((site / "timeline.ics").read_bytes())
    assert calendar["X-WR-CALNAME"] == TITLE and not calendar.walk("VEVENT")
    rows = list(csv.reader(io.StringIO((site / "events.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 1  # the header alone


def test_new_writes_the_first_event_of_the_new_timeline(started: Path) -> None:
    sources = started / "seeds" / "sources.yml"
    sources.write_text(sources.read_text() + "\nagency-2026-03-04:\n  title: Rivers run dry\n"
                       "  publisher: Example News Agency\n  published: 2026-03-04\n")
    # The new timeline's own build_timeline.py, in its own process.
    made = run_cli_process(started, "new", "Rivers run dry", "2026-03-04", "--summary",
                           "Two rivers run dry.", "--source", "agency-2026-03-04")
    assert made.returncode == 0, made.stderr
    assert made.stdout == ("Wrote seeds/events/2026-03-04-rivers-run-dry.md. Add tags, actors, "
                           "quotes and the narrative, then run `make check`.\n")
    check = run_cli_process(started, "check")
    assert (check.returncode, check.stdout) == (0, "1 event checked: no errors.\n")
