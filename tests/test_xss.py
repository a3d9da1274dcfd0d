"""Nothing contributor-supplied runs in a reader's browser: real XSS payloads through every field."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from tests.browser import chromium, serve_site, site_urls, visit_all

if TYPE_CHECKING:
    from playwright.sync_api import Dialog
from tests.support import SMALL, check_with, make_project, mkdocs

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
