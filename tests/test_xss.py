"""Nothing contributor-supplied runs in a reader's browser: real XSS payloads through every field."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import icalendar
import pytest
import yaml

from tests.browser import chromium, serve_site, site_urls, timelinejs_page, visit_all

if TYPE_CHECKING:
    from playwright.sync_api import Dialog
from tests.support import (
    BUILT_AT,
    REPO,
    SMALL,
    Publication,
    Timeline,
    check_with,
    export,
    format_event_date,
    make_project,
    mkdocs,
)

# Payloads from the usual XSS cheat sheets, plus Markdown- and template-specific ones.
PAYLOADS = [
    '<script>alert("xss")</script>',
    '<img src=x onerror=alert("xss")>',
    '"><svg onload=alert("xss")>',
    "javascript:alert('xss')",
    '](javascript:alert("xss"))',
    '[click](javascript:alert("xss"))',
    '<a href="javascript:alert(1)">x</a>',
    "'-alert('xss')-'",
    '</title><script>alert("xss")</script>',
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<details open ontoggle=alert("xss")>',
    '<style>@import "javascript:alert(1)";</style>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "`<script>alert(1)</script>`",
    '{: onclick="alert(1)" }',
    "![x](javascript:alert(1))",
    "<svg><script>alert(1)</script></svg>",
    '"; alert("xss"); "',
    "</script><script>alert(1)</script>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<object data="javascript:alert(1)"></object>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<p style=\"background:url('javascript:alert(1)')\">x</p>",
    "<<script>alert(1);//<</script>",
    "\\<script\\>alert(1)\\</script\\>",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


def xss_project(target: Path) -> Path:
    """Return a project whose seeds carry every payload in every field they can reach."""
    project = make_project(target, seeds=SMALL / "seeds")
    seeds = project / "seeds"
    sources = yaml.safe_load((seeds / "sources.yml").read_text(encoding="utf-8"))
    actors = yaml.safe_load((seeds / "actors.yml").read_text(encoding="utf-8"))
    tags = yaml.safe_load((seeds / "tags.yml").read_text(encoding="utf-8"))
    for number, payload in enumerate(PAYLOADS):
        sources[f"xss-{number}"] = {"title": payload, "publisher": payload,
                                    "published": "2025-01-01"}
        actors[f"xss-{number}"] = {"name": payload, "role": payload}
        tags[f"xss-{number}"] = {"name": f"{payload} {number}", "description": payload}
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
        front = {"title": payload, "date": day.isoformat(), "summary": payload, "place": payload,
                 "tags": [f"xss-{number}"], "actors": [f"xss-{number}"],
                 "sources": [{"source": f"xss-{number}", "quote": payload, "locator": payload}]}
        (seeds / "events" / f"{day.isoformat()}-xss-{number}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n"
            + f"{payload}\n\n- {payload}\n\n> {payload}\n", encoding="utf-8")
    for name, data in (("sources", sources), ("actors", actors), ("tags", tags)):
        (seeds / f"{name}.yml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                           encoding="utf-8")
    # Narratives the checker refuses (script-scheme links, unclosed blocks) never reach a page:
    # check that it refuses them for that reason, then keep the payload in the other fields only.
    _, problems = check_with(root=project)
    for problem in problems:
        if problem.severity != "error":
            continue
        assert ("links in a narrative must start with" in problem.message
                or "is never closed" in problem.message
                or "in the narrative: every reader's browser would fetch it" in problem.message
                or "closes nothing the narrative opened" in problem.message
                or "declaration" in problem.message), str(problem)
        path = project / problem.path
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("---\n", 4) + 4] + "Narrative refused by the checker.\n",
                        encoding="utf-8")
    REFUSED.update(p.path for p in problems if p.severity == "error")
    return project


REFUSED: set[str] = set()


class Scan(HTMLParser):
    """Collects everything in a page that could run code."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []
        self.in_script = False
        self.script_type = ""
        self.script_text: list[str] = []
        self.headings: list[str] = []
        self._h1: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value and re.match(r"\s*(javascript|data|vbscript):",
                                                             value, re.I):
                self.findings.append(f"<{tag} {name}={value}>")
        attributes = dict(attrs)
        if tag in ("iframe", "object", "embed", "base"):
            self.findings.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.findings.append("<meta refresh>")
        if tag == "script":
            self.in_script = True
            self.script_type = attributes.get("type") or ""
            self.script_text = []
            src = attributes.get("src") or ""
            if src and not src.split("/")[-1].endswith(".js"):
                self.findings.append(f"<script src={attributes['src']}>")
        if tag == "h1":
            self._h1 = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
            text = "".join(self.script_text)
            if self.script_type.endswith("json"):
                # Data, not code: it must still be whole JSON (a payload that broke out of it
                # would leave it cut short), and JSON-LD must name the page's event.
                try:
                    json.loads(text)
                except ValueError:
                    self.findings.append(f"broken JSON in script: {text[:80]}")
            elif "alert" in text:
                self.findings.append(f"script text: {text[:80]}")
        if tag == "h1" and self._h1 is not None:
            self.headings.append("".join(self._h1).replace("¶", "").strip())
            self._h1 = None

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.script_text.append(data)
        if self._h1 is not None:
            self._h1.append(data)


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = xss_project(tmp_path_factory.mktemp("xss"))
    mkdocs(project, "build", "--strict")
    return project / "site"


def test_the_checker_refuses_the_narratives_that_link_to_scripts(xss_site: Path) -> None:
    assert 5 <= len(REFUSED) < len(PAYLOADS)  # the sanitiser still gets the others


def test_no_page_contains_anything_that_runs(xss_site: Path) -> None:
    pages = sorted(xss_site.rglob("*.html"))
    assert len(pages) > 2 * len(PAYLOADS)  # an event and an actor page per payload, at least
    for page in pages:
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        assert scan.findings == [], page.relative_to(xss_site)


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_each_payload_title_is_shown_exactly_as_typed(xss_site: Path, number: int) -> None:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
    page = (xss_site / "events" / f"{day.isoformat()}-xss-{number}" / "index.html")
    scan = Scan()
    scan.feed(page.read_text(encoding="utf-8"))
    assert scan.headings == [PAYLOADS[number]]
    title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    assert title and html.unescape(title.group(1)).startswith(PAYLOADS[number] + " - ")


def test_no_payload_runs_in_chromium_on_any_page_or_in_search(xss_site: Path) -> None:
    dialogs: list[str] = []
    with serve_site(xss_site) as base, chromium() as browser:
        urls = site_urls(base, xss_site)
        context = browser.new_context()

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(f"{dialog.page and dialog.page.url}: {dialog.message}")
            dialog.dismiss()

        context.on("dialog", on_dialog)
        context.add_init_script("window.__ran = []; for (const name of ['alert', 'confirm', "
                                "'prompt']) { const real = window[name]; window[name] = (...a) "
                                "=> { window.__ran.push(name); return real.apply(window, a); }; }")
        loaded = []
        for tab, url in visit_all(context, urls, wait_until="load"):
            tab.wait_for_timeout(20)
            assert tab.evaluate("window.__ran") == [], url
            loaded.append(url)
        assert loaded == urls and len(urls) > 2 * len(PAYLOADS)
        page = context.new_page()
        page.goto(base + "timeline/")
        page.keyboard.press("s")  # Material's shortcut to the search box
        page.keyboard.type("alert")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__ran") == []
    assert dialogs == []


# TimelineJS: timeline.json as the pinned TimelineJS renders it. --------------------------------

# Aimed at how TimelineJS 3.9.11 treats each field: it decodes `group` and `display_date` as HTML
# (stripMarkup) before writing them back with innerHTML, so escaped, double-escaped and numeric
# forms; it links bare addresses in a slide's text after sanitising it (linkify), and quotes there
# would end its href; and it drops the first <a> of a headline shown in the time navigation.
TIMELINEJS_PAYLOADS = [
    *PAYLOADS,
    "&lt;img src=x onerror=alert(1)&gt;",
    "<svg onload=alert(1)>",
    "&amp;lt;svg onload=alert(1)&amp;gt;",
    "&amp;amp;lt;b&amp;amp;gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3C;svg onload=alert(1)&#x3E;",
    "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;",
    "see www.example.org'onmouseover='alert(1)'style='position:fixed;inset:0'",
    "see www.example.org\"/onfocus=\"alert(1)\"/autofocus=\"",
    'see https://example.org/a"onmouseover="alert(1) and https://example.org/a-very-long-path-x',
    "mail x@example.org'onmouseover='alert(1)' now",
    "<a href=x>unlinked</a><img src=x onerror=alert(1)>",
    "<p>a paragraph</p><img src=x onerror=alert(1)>",
    "JAVASCRIPT:alert(1)",
    "Rules & *regulations* — “quoted” 'single' <b>bold</b>",
]
TIMELINEJS_SITE_NAME = ("<svg onload=alert(1)> &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; "
                        "www.example.org'onmouseover='alert(1)'")
TIMELINEJS_SITE = "https://timeline.example.org/xss/"
# Elements and attributes no value of ours becomes: TimelineJS writes divs, spans, headings and
# buttons; we write <p> and one <a href> per slide.
ACTIVE_ELEMENTS = ["img", "svg", "script", "iframe", "object", "embed", "style", "details", "math",
                   "form", "base", "meta", "link", "table", "input", "video", "audio", "b", "mtext"]
SCAN_SCRIPT = """([forbidden, urls, hrefs]) => {
  const found = [];
  const root = document.getElementById("embed");
  for (const el of root.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    const part = el.closest(".tl-timegroup, .tl-slide, .tl-timemarker, .tl-slidenav-next, "
                            + ".tl-slidenav-previous");
    const where = part === null ? "" : (part.id || part.className) + ": ";
    if (forbidden.includes(tag)) found.push(where + "<" + tag + ">: " + el.outerHTML.slice(0, 100));
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on") || urls.includes(attr.name)
          && /^\\s*(javascript|data|vbscript):/i.test(attr.value)) {
        found.push(where + tag + " " + attr.name + "=" + attr.value.slice(0, 60));
      }
    }
    if (tag === "a" && !hrefs.includes(el.getAttribute("href"))) {
      found.push(where + "a href=" + el.getAttribute("href"));
    }
  }
  return found;
}"""
SHOWN_SCRIPT = """() => {
  const text = (el) => el === null ? null : el.textContent;
  const slides = {};
  for (const slide of document.querySelectorAll(".tl-slide:not(.tl-slide-titleslide)")) {
    slides[slide.id] = {
      headline: text(slide.querySelector(".tl-headline")),
      date: text(slide.querySelector(".tl-headline-date")),
      text: text(slide.querySelector(".tl-text-content p")),
    };
  }
  const markers = {};
  for (const marker of document.querySelectorAll(".tl-timemarker")) {
    markers[marker.id] = text(marker.querySelector(".tl-headline"));
  }
  const groups = [...document.querySelectorAll(".tl-timegroup-message")].map(text);
  const title = text(document.querySelector(".tl-slide-titleslide .tl-headline"));
  return {slides, markers, groups, title};
}"""
NAV_SCRIPT = """() => Object.fromEntries(["previous", "next"].map(side => {
  const nav = document.querySelector(".tl-slidenav-" + side);
  return [side, nav.style.display === "none" ? null : [
    nav.querySelector(".tl-slidenav-title").textContent,
    nav.querySelector(".tl-slidenav-description").textContent]];
}))"""


def hostile_timeline() -> tuple[Timeline, dict[str, str]]:
    """Return the small timeline with an event per TimelineJS payload, the payload in each of its
    fields and registry records, and the payload of each such event by id."""
    registries = {name: yaml.safe_load((SMALL / "seeds" / name).read_text(encoding="utf-8"))
                  for name in ("sources.yml", "actors.yml", "tags.yml")}
    files: dict[str, bytes] = {}
    events: dict[str, str] = {}
    for number, payload in enumerate(TIMELINEJS_PAYLOADS):
        key = f"xss-{number}"
        registries["sources.yml"][key] = {"title": payload, "publisher": payload,
                                          "published": "2025-01-01"}
        registries["actors.yml"][key] = {"name": payload, "role": payload}
        registries["tags.yml"][key] = {"name": f"{payload} {number}", "description": payload}
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
        front = {"title": payload, "date": day.isoformat(), "summary": payload, "place": payload,
                 "tags": [key, "rules"], "actors": [key],
                 "sources": [{"source": key, "quote": payload, "locator": payload}]}
        event_id = f"{day.isoformat()}-xss-{number}"
        files[f"events/{event_id}.md"] = (
            "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
            + "---\nNarrative.\n").encode("utf-8")
        events[event_id] = payload
    for name, data in registries.items():
        files[name] = yaml.safe_dump(data, allow_unicode=True, width=1000).encode("utf-8")
    timeline, problems = check_with(files)
    assert timeline is not None, "\n".join(map(str, problems))
    return timeline, events


def test_timelinejs_shows_every_hostile_value_as_text_and_runs_none(tmp_path: Path) -> None:
    timeline, payloads = hostile_timeline()
    publication = Publication(TIMELINEJS_SITE_NAME, TIMELINEJS_SITE, BUILT_AT)
    timelinejs_page(tmp_path, export.export_timelinejs(timeline, publication))
    hrefs = [publication.event_url(e.id) for e in timeline.events]
    hrefs.append("https://timeline.knightlab.com")  # TimelineJS' own credit
    dialogs: list[str] = []
    errors: list[str] = []
    with serve_site(tmp_path) as base, chromium() as browser:
        page = browser.new_page()

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script("window.__ran = []; for (const name of ['alert', 'confirm', "
                             "'prompt', 'print']) { window[name] = (...a) => { "
                             "window.__ran.push(name + ': ' + a.join(' ')); }; }")
        page.goto(base + "index.html")
        page.wait_for_function("window.loaded === true", timeout=20_000)
        shown = page.evaluate(SHOWN_SCRIPT)
        found = page.evaluate(SCAN_SCRIPT, [ACTIVE_ELEMENTS, sorted(URL_ATTRIBUTES), hrefs])
        # Visit every slide, the title slide first: the previous and next buttons are rewritten
        # (innerHTML) at each step, with the neighbours' headlines and dates.
        navs = []
        for index in range(len(timeline.events) + 1):
            page.evaluate("n => window.timeline.goTo(n)", index)
            page.wait_for_timeout(30)
            navs.append(page.evaluate(NAV_SCRIPT))
            found += page.evaluate(SCAN_SCRIPT, [ACTIVE_ELEMENTS, sorted(URL_ATTRIBUTES), hrefs])
        ran = page.evaluate("window.__ran")
    assert dialogs == [] and ran == [] and errors == []
    assert sorted(set(found)) == []
    # Each text as typed: the slide's headline, date and summary, the headline in the time
    # navigation, the site's name on the title slide, the group labels (first tags' names).
    assert shown["slides"] == {e.id: {"headline": e.title, "date": format_event_date(e.date),
                                      "text": e.summary} for e in timeline.events}
    assert shown["markers"] == {e.id + "-marker": e.title for e in timeline.events}
    assert {e.id: e.title for e in timeline.events if e.id in payloads} == payloads  # all there
    assert shown["title"] == TIMELINEJS_SITE_NAME
    # One group per first tag, and an unnamed one for the events without a tag.
    groups = {timeline.tags[e.tags[0]].name if e.tags else "" for e in timeline.events}
    assert sorted(shown["groups"]) == sorted(groups)
    titles = [TIMELINEJS_SITE_NAME, *(e.title for e in timeline.events)]
    dates = ["", *(format_event_date(e.date) for e in timeline.events)]
    for index, nav in enumerate(navs):
        assert nav["previous"] == (None if index == 0 else [titles[index - 1], dates[index - 1]])
        assert nav["next"] == (None if index == len(titles) - 1 else
                               [titles[index + 1], dates[index + 1]])


def test_feeds_calendar_and_events_json_keep_hostile_values_as_text() -> None:
    # The same values as their readers take them: Atom text constructs (type="text", which feed
    # readers show as text), iCalendar TEXT values, JSON strings; none changed, none added.
    timeline, payloads = hostile_timeline()
    publication = Publication(TIMELINEJS_SITE_NAME, TIMELINEJS_SITE, BUILT_AT)
    by_url = {publication.event_url(e.id): e for e in timeline.events}
    feeds = export.export_feeds(timeline, publication, export.newest_first(timeline.events))
    assert len(feeds) == 1 + len(timeline.tags)
    for path, data in feeds.items():
        feed = feedparser.parse(data)
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert feed.feed.author == TIMELINEJS_SITE_NAME
        assert feed.feed.title_detail.type == "text/plain"
        for entry in feed.entries:
            event = by_url[entry.link]
            assert (entry.title, entry.title_detail.type) == (event.title, "text/plain")
            assert (entry.summary, entry.summary_detail.type) == (
                f"{format_event_date(event.date)}. {event.summary}", "text/plain")
            assert [t.label for t in entry.get("tags", [])] == [
                timeline.tags[t].name for t in event.tags]
    assert feedparser.parse(feeds["feeds/xss-1.xml"]).feed.title == \
        f"{TIMELINEJS_SITE_NAME}: {TIMELINEJS_PAYLOADS[1]} 1"

    calendar = icalendar.Calendar.from_ical(export.export_icalendar(timeline, publication))
    # icalendar leaves an X- property as written: it must be the name as icalendar writes TEXT.
    assert calendar["x-wr-calname"].to_ical() == icalendar.vText(TIMELINEJS_SITE_NAME).to_ical()
    vevents = {str(v["uid"]).split("@")[0]: v for v in calendar.walk("VEVENT")}
    assert sorted(vevents) == sorted(e.id for e in timeline.events)
    for event in timeline.events:
        vevent = vevents[event.id]
        assert set(vevent) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION",
                               "STATUS", "URL", *(["LOCATION"] if event.place else []),
                               *(["CATEGORIES"] if event.tags else [])}
        assert str(vevent["summary"]) == event.title
        assert str(vevent["description"]) == f"{format_event_date(event.date)}. {event.summary}"
        assert str(vevent.get("location", "")) == (event.place or "")
        categories = vevent.get("categories")
        assert ([str(c) for c in categories.cats] if categories else []) == [
            timeline.tags[t].name for t in event.tags]

    data = json.loads(export.export_events_json(timeline, publication))
    assert data["title"] == TIMELINEJS_SITE_NAME
    records = {r["id"]: r for r in data["events"]}
    for event_id, payload in payloads.items():
        record = records[event_id]
        assert (record["title"], record["summary"], record["place"]) == (payload,) * 3
        assert record["sources"] == [{"source": record["tags"][0], "quote": payload,
                                      "locator": payload, "verified": None}]
        key = record["tags"][0]
        assert data["tags"][key] == {"name": f"{payload} {key[4:]}", "description": payload}
        assert data["actors"][key] == {"name": payload, "role": payload, "country": None,
                                       "url": None}
        assert (data["sources"][key]["title"], data["sources"][key]["publisher"]) == (payload,
                                                                                      payload)
