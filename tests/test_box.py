"""A narrative stays in its section of the event page and makes no reader's browser ask another
host: check refuses what would reach out, and the build confines what the checker missed."""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import chromium, serve_site, site_urls, visit_all
from tests.support import SMALL, F, check_with, make_project, mkdocs

FRONT = ("---\ntitle: {title}\ndate: {date}\nsummary: One sentence.\nsources:\n"
         "  - source: daily-2025-05-13\n---\n")
# What each hostile narrative tries: every construct that check/narrative.py refuses, and more.
HOSTILE = {
    "unclosed-strike": "The talks were <s>a success, they said.",
    "unclosed-link": 'Read <a href="https://example.org/report">the report, which never ends',
    "unclosed-bold-in-list": "- one <b>bold\n- two",
    "unclosed-div": "A paragraph.\n\n<div class=\"note\">\nThe note goes on.",
    "unclosed-span-selfclosed": "A <span/> that HTML opens.",
    "stray-closing-tags": "A paragraph.</div></article></main>\n\n</div>\n\nMore text.",
    "doctype": "A paragraph.\n\n<!DOCTYPE html",
    "doctype-inline": "A paragraph <!DOCTYPE html and text",
    "cdata": "A paragraph.\n\n<![CDATA[ never closed",
    "processing-instruction": "A paragraph.\n\n<?xml version=\"1.0\"",
    "unclosed-comment": "A paragraph. <!-- a note to self\n\nMore text.",
    "plaintext": "A paragraph.\n\n<plaintext>",
    "style": "<style>h2, ol { color: red !important; text-decoration: line-through }</style>\n\n"
             "<p class=\"md-dialog md-dialog--active tl-event\">Layout classes.</p>",
    "setext-title": "A second title\n==============\n\nA paragraph.",
    "raw-title": "<h1>A second title</h1>\n\nA paragraph.",
    "headings-taking-ids": "## Sources\n\n## What happened\n\n## Cite this event\n\n"
                           "### Background { #related-events }\n\nText {: #sources }\n\n"
                           '<span id="__search">a</span> <a name="__drawer">b</a> '
                           '<b id="shadowme">c</b> <i id="what-happened">d</i> '
                           '<i id="narrative-background">e</i>',
    "images": "![chart](https://images.example/a.png) ![ref][chart]\n\n"
              "[chart]: https://images.example/b.png\n\n"
              '<img src="//images.example/c.png"> <img src="https://images.example/d.png">\n\n'
              '<picture><source srcset="https://images.example/e.png"><img alt="e"></picture>\n\n'
              '<video poster="https://images.example/f.png" src="https://images.example/f.mp4">'
              '</video> <iframe src="https://images.example/g.html"></iframe>\n\n'
              '<svg><image href="https://images.example/h.png"/></svg>',
    "links": '<a href="//tracker.example/x">protocol-relative</a> '
             '<a href="../../feed.xml">relative</a> <a href="/root">root</a> '
             '<a href="../../../../../outside">outside</a> '
             "[md protocol-relative](//tracker.example/y) [md relative](../../feed.xml)",
}
# Every target above that must not survive as a link (or load).
BAD_TARGETS = ("//tracker.example", "feed.xml", "/root", "outside", "images.example")
# An event whose id is the anchor the timeline page gave a year's events without a month.
YEAR_EVENT = "2026-whole-year"
# An event titled as Material's search box, by an actor and under a tag named as its other ids.
MATERIAL_EVENT = "2025-05-21-material-ids"


def hostile_project(target: Path) -> tuple[Path, list[str]]:
    """Return a project with the hostile narratives, built with the narrative checks turned off,
    and the ids of their events."""
    project = make_project(target, seeds=SMALL / "seeds")
    events = project / "seeds" / "events"
    ids = []
    for day, (name, narrative) in enumerate(HOSTILE.items(), start=1):
        event_id = f"2025-12-{day:02d}-hostile-{name}"
        (events / f"{event_id}.md").write_text(
            FRONT.format(title=f"Hostile {name}", date=f"2025-12-{day:02d}") + narrative + "\n",
            encoding="utf-8")
        ids.append(event_id)
    (events / f"{YEAR_EVENT}.md").write_text(FRONT.format(title="A year", date="2026")
                                             + "Some year.\n", encoding="utf-8")
    # Titles and names that Python-Markdown's toc would turn into Material's own ids.
    seeds = project / "seeds"
    with open(seeds / "actors.yml", "a", encoding="utf-8") as actors:
        actors.write("material-drawer:\n  name: __drawer\n")
    with open(seeds / "tags.yml", "a", encoding="utf-8") as tags:
        tags.write("material-toc:\n  name: __toc\n")
    (events / f"{MATERIAL_EVENT}.md").write_text(
        FRONT.format(title="__search", date="2025-05-21").replace(
            "sources:", "actors: [material-drawer]\ntags: [material-toc]\nsources:"),
        encoding="utf-8")
    # The narrative checks off: what follows is what the build alone makes of such narratives.
    (project / "no_narrative_check.py").write_text(
        "import timeline.check.events\n\n"
        "timeline.check.events.check_narrative = lambda report, body, first_line: True\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n  - build_timeline.py", "hooks:\n  - no_narrative_check.py\n  - build_timeline.py"),
        encoding="utf-8")
    return project, ids


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    project, ids = hostile_project(tmp_path_factory.mktemp("box"))
    mkdocs(project, "build", "--strict")
    return project / "site", ids


def test_check_refuses_every_hostile_narrative(hostile_site: tuple[Path, list[str]]) -> None:
    site, ids = hostile_site
    _, problems = check_with(root=site.parent)
    refused = {p.path for p in problems if p.severity == "error"}
    # Left to the build: <style> (nh3 drops it and its text) and layout classes (the hook drops them).
    assert refused == {f"seeds/events/{event_id}.md" for event_id in ids
                       if not event_id.endswith("-style")}


class Page(HTMLParser):
    """Collects a page's ids, level-1 headings, images and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.h1 = 0
        self.images: list[str] = []
        self.own_images: list[str] = []  # the template's figures: the site's copies of seeds/images/
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id") is not None:
            self.ids.append(attributes["id"] or "")
        self.h1 += tag == "h1"
        if tag in ("img", "image", "source", "video", "iframe", "picture"):
            self.images.append(f"<{tag} {attrs}>")
        # (`lang`: a picture's words shown untranslated on a translated page.)
        if tag == "img" and [name for name, _ in attrs if name not in ("class", "lang")] == [
                "src", "alt", "width", "height", "loading", "decoding"]:
            self.own_images.append(attributes["src"] or "")
        if tag == "a" and attributes.get("href") is not None:
            self.links.append(attributes["href"] or "")


def parsed(path: Path) -> Page:
    """Return a built page, parsed."""
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_every_page_has_unique_ids_one_title_no_image_from_elsewhere_and_no_link_out(
        hostile_site: tuple[Path, list[str]]) -> None:
    site, ids = hostile_site
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > len(ids)
    for path in pages:
        page, where = parsed(path), path.relative_to(site).as_posix()
        assert [i for i, n in Counter(page.ids).items() if n > 1] == [], where
        assert page.h1 == 1, where
        folder = posixpath.dirname(where)
        # No image but the event's own pictures (from seeds/images/, served by the site itself).
        assert len(page.images) == len(page.own_images), (where, page.images)
        for src in page.own_images:
            assert posixpath.normpath(posixpath.join(folder, src)).startswith("images/"), where
        for href in page.links:
            assert not href.startswith("//"), (where, href)
            if not urlsplit(href).scheme and not href.startswith("#"):
                resolved = posixpath.normpath(posixpath.join(folder, urlsplit(href).path))
                assert not resolved.startswith(("..", "/")), (where, href)
            if "/events/2025-12-" in "/" + where:
                assert not any(bad in href for bad in BAD_TARGETS), (where, href)


def test_the_narratives_headings_keep_their_place_in_the_toc_and_search(
        hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    uri = "events/2025-12-16-hostile-headings-taking-ids/"
    html = (site / uri / "index.html").read_text(encoding="utf-8")
    for anchor in ("sources", "narrative-sources", "narrative-what-happened",
                   "narrative-related-events"):
        assert f'href="#{anchor}"' in html, anchor  # in the table of contents
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert uri + "#narrative-related-events" in locations
    assert uri + "#sources" not in locations  # the real Sources stay out of search


def test_the_timeline_page_anchors_a_year_apart_from_an_event_of_that_name(
        hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    page = parsed(site / "timeline" / "index.html")
    # The year has no month: its heading is the anchor "2026", beside the event "2026-whole-year".
    assert page.ids.count(YEAR_EVENT) == 1 and page.ids.count("2026") == 1


# What the reader's browser makes of them: Sources where the page put them, nothing from elsewhere.
LAYOUT = """() => {
  const sources = document.getElementById("sources");
  const happened = document.getElementById("what-happened");
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  const list = sources && sources.nextElementSibling;
  return {
    h1: document.querySelectorAll("h1").length,
    sources: sources ? sources.textContent.replace("¶", "").trim() : null,
    siblings: !!sources && !!happened && sources.parentElement === happened.parentElement
      && sources.parentElement.matches("article.md-content__inner"),
    list: list ? list.tagName + " " + getComputedStyle(list).color : null,
    cite: getComputedStyle(document.getElementById("cite-this-event")).color,
    heading: sources ? getComputedStyle(sources).color : null,
    struck: sources ? getComputedStyle(sources).textDecorationLine : null,
    duplicates: ids.filter((id, i) => ids.indexOf(id) !== i),
    styles: document.querySelectorAll("article style, article link, article [style]").length,
    foreignClasses: document.querySelectorAll("article .md-dialog, article .tl-event").length,
    global: typeof window.shadowme,
  };
}"""


def test_in_chromium_sources_stay_in_place_and_no_page_asks_another_host(
        hostile_site: tuple[Path, list[str]]) -> None:
    site, ids = hostile_site
    with serve_site(site) as base, chromium() as browser:
        own = urlsplit(base).netloc
        foreign: list[str] = []
        context = browser.new_context()
        context.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).netloc not in
                   (own, "") and not r.url.startswith("data:") else None)
        hostile = {base + f"events/{event_id}/" for event_id in ids}
        urls = site_urls(base, site)
        seen = []
        for tab, url in visit_all(context, urls, wait_until="load"):
            if url in hostile:
                layout = tab.evaluate(LAYOUT)
                assert layout == {**layout, "h1": 1, "sources": "Sources", "siblings": True,
                                  "struck": "none", "duplicates": [], "styles": 0,
                                  "foreignClasses": 0, "global": "undefined",
                                  "heading": layout["cite"]}, url
                assert layout["list"] is not None and layout["list"].startswith("OL "), url
                assert "255, 0, 0" not in layout["list"], url
                seen.append(url)
        context.close()
    assert sorted(seen) == sorted(hostile)
    assert foreign == []


@pytest.mark.parametrize("narrative", [
    "The talks were <s>a success</s>, <b>they</b> said.<br> A <br/> break.",
    "Autolinks: <https://example.org/report> and <kim@example.org>.",
    "A note <!-- to self --> stays out of the page.",
    "If a < b and c > d, then <em>nothing</em> is HTML.",
    "A paragraph.\n\n=====\n\nA line of = after a blank line is a paragraph.",
    "Code shows tags: `<img src=x>`, `<s>`, `</div>`, `<!DOCTYPE`, `![x](y)`.",
    '<a href="https://example.org/a">a</a> <a href="http://example.org/b">b</a> '
    '<a href="MAILTO:press@example.org">c</a>',
    "A subtitle\n----------\n\n## A heading { .note }\n\nAn ! [aside] in brackets.",
    "<details><summary>More</summary>\n\nHidden text.\n\n</details>",
    # End tags HTML lets one leave out: the parent's end closes them.
    "<ul><li>one<li>two</ul>\n\n<table><tr><td>a<td>b</table>",
    "Wow![1] said no one, and ![this] is text too.",
])
def test_narratives_that_stay_in_their_box_are_accepted(narrative: str) -> None:
    _, problems = check_with({"events/2025-05-20-box.md":
                              (FRONT.format(title="Box", date="2025-05-20")
                               + narrative + "\n").encode()})
    assert [str(p) for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize(("narrative", "message"), [
    # Just past each limit of the accepted cases above.
    ("A title\n=", "a level-1 heading (a line of `=` under its text)"),
    ("> A quoted title\n> ===", "a level-1 heading (a line of `=` under its text)"),
    ("An image![x](https://example.org/x.png)", "an image (`![…]`)"),
    ('<a href="http:example.org">a</a>', 'a link to "http:example.org"'),
    ('<a href=" //example.org">a</a>', 'a link to " //example.org"'),
    ("<a>no end", "this <a> is never closed"),
    ("<b><i>crossed</b></i>", "this </i> closes nothing"),
    ("<p>text</p></p>", "this </p> closes nothing"),
    ("A <!-- -- > not closed", "this comment (<!--) is never closed"),
    ("<!---->fine <!doctype html>", "this <!…> declaration"),
])
def test_narratives_that_reach_out_are_refused(narrative: str, message: str) -> None:
    _, problems = check_with({"events/2025-05-20-box.md":
                              (FRONT.format(title="Box", date="2025-05-20")
                               + narrative + "\n").encode()})
    errors = [p.message for p in problems if p.severity == "error"]
    assert any(error.startswith(message) for error in errors), errors


# Up to the most headings a narrative may have (past that, one message says so, tests/test_limits.py).
@pytest.mark.parametrize("titles", [F.NARRATIVE_MAX_BOX_PROBLEMS, F.NARRATIVE_MAX_BOX_PROBLEMS + 1,
                                    F.NARRATIVE_MAX_HEADINGS])
def test_a_narrative_full_of_problems_gets_a_bounded_report(titles: int) -> None:
    _, problems = check_with({"events/2025-05-20-box.md":
                              (FRONT.format(title="Box", date="2025-05-20")
                               + "Title\n=\n" * titles).encode()})
    shown = min(titles, F.NARRATIVE_MAX_BOX_PROBLEMS)
    lines = [f"{p.line}: {p.message}" for p in problems]
    assert lines[:shown] == [f"{9 + 2 * n}: a level-1 heading (a line of `=` under its text) in "
                             "the narrative; the event title is the page's only level-1 heading "
                             "— use `## ` for headings" for n in range(shown)]
    more = titles - shown
    assert lines[shown:] == ([] if not more else [
        f"{9 + 2 * shown}: {more:,} more {'problem' if more == 1 else 'problems'} like the ones "
        "above in this narrative, from here on — fix those and check again"])
