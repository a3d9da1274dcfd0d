"""Two sites from one build: the small fixture published in English at the root and in Korean
under ko/, each page in its own language, with its own navigation, search index and switch.

The Korean home is hand-written here (docs/ko/index.md) and the Korean About page left out, so
that a page with no counterpart is tested too; the other Korean pages are the generated ones.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.support import SMALL, make_project, mkdocs, search

SITE_URL = "https://timeline.example.org/small/"
KO_NAME = "작은 타임라인"
KO_DESCRIPTION = "시험용 타임라인"
TRANSLATIONS = f"""extra:
  timeline:
    translations:
      ko:
        site_name: "{KO_NAME}"
        site_description: "{KO_DESCRIPTION}"

"""
# The Korean home: a person's name followed by a particle (김정관은), a place and a theme word.
KO_HOME = "# 작은 타임라인\n\n김정관은 워싱턴에서 반도체 관세를 두고 협상했다.\n"
EVENT = "2025-10-03-seoul-statement"  # written in Korean in the fixture: its words are Korean


def two_languages(target: Path) -> Path:
    """Return a copy of the small project published in English and Korean."""
    project = make_project(target, SMALL / "seeds")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^extra:\n(?:[ #].*\n|\n)*", "", text)  # the repository's own, if any
    config.write_text(text.replace("extra_css:", TRANSLATIONS + "extra_css:", 1),
                      encoding="utf-8")
    korean = project / "docs" / "ko"
    korean.mkdir(exist_ok=True)
    (korean / "index.md").write_text(KO_HOME, encoding="utf-8")
    (korean / "about.md").unlink(missing_ok=True)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the built site of the two-language small project (its address known)."""
    project = two_languages(tmp_path_factory.mktemp("two-languages"))
    mkdocs(project, "build", TIMELINE_SITE_URL=SITE_URL)
    return project / "site"


def page(site: Path, path: str) -> str:
    """Return the built page at `path` (a folder of the site, "" for the home)."""
    return (site / path / "index.html").read_text(encoding="utf-8")


def alternates(text: str) -> dict[str, str]:
    """Return the page's `<link rel="alternate" hreflang>` links, by language."""
    return {lang: html.unescape(href) for href, lang in
            re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', text)}


def switch(text: str) -> dict[str, str]:
    """Return the header's language switch (Material's), by language."""
    return {lang: html.unescape(href) for href, lang in
            re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link">', text)}


def nav_links(text: str) -> list[str]:
    """Return the links of the page's primary navigation to pages (not its own headings)."""
    nav = text[text.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index('<div class="md-sidebar md-sidebar--secondary"')]
    return [link for link in re.findall(r'<a href="([^"]*)" class="md-nav__link', nav)
            if not link.startswith("#")]


def script_config(text: str) -> dict[str, object]:
    """Return Material's settings for its script in the page."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
    assert found
    return json.loads(found[1])


def test_korean_pages_are_in_korean_and_english_pages_in_english(site: Path) -> None:
    for path in ("ko", "ko/timeline", f"ko/events/{EVENT}"):
        text = page(site, path)
        assert '<html lang="ko" class="no-js">' in text
        assert re.search(rf"<title>[^<]* - {KO_NAME}</title>", text)
        assert 'placeholder="검색"' in text  # Material's own Korean labels
    # A page without a description of its own has its site's.
    assert f'<meta name="description" content="{KO_DESCRIPTION}">' in page(site, "ko")
    for path in ("", "timeline", f"events/{EVENT}"):
        text = page(site, path)
        assert '<html lang="en" class="no-js">' in text
        assert KO_NAME not in text
        assert 'placeholder="Search"' in text


def test_korean_navigation_has_the_korean_pages_and_english_none_of_them(site: Path) -> None:
    # From ko/timeline/: "../" is the Korean home; About has no Korean page, so no entry.
    assert nav_links(page(site, "ko/timeline")) == [
        "../", "./", "../actors/", "../sources/", "../updates/", "../tags/", "../data/",
        "../contributing/"]
    english = nav_links(page(site, "timeline"))
    assert english == ["..", "./", "../actors/", "../sources/", "../updates/", "../tags/",
                       "../data/", "../contributing/", "../about/"]
    # Previous and next (the footer) go along the Korean navigation.
    home = page(site, "ko")
    assert re.search(r'<a href="timeline/" class="md-footer__link md-footer__link--next"', home)
    assert "md-footer__link--prev" not in home
    last = page(site, "ko/contributing")
    assert re.search(r'<a href="../data/" class="md-footer__link md-footer__link--prev"', last)
    assert "md-footer__link--next" not in last


def test_the_switch_leads_to_the_same_page_in_the_other_language(site: Path) -> None:
    korean = page(site, f"ko/events/{EVENT}")
    assert switch(korean) == alternates(korean) == {"en": f"../../../events/{EVENT}/", "ko": "./"}
    english = page(site, f"events/{EVENT}")
    assert switch(english) == alternates(english) == {"en": "./", "ko": f"../../ko/events/{EVENT}/"}
    assert switch(page(site, "ko")) == {"en": "../", "ko": "./"}
    # About has no Korean page: its switch leads to the Korean home.
    assert switch(page(site, "about")) == {"en": "./", "ko": "../ko/"}
    # Each language by its name in itself.
    assert re.search(r'hreflang="ko" class="md-select__link">\s*한국어\s*</a>', english)


def test_each_language_has_its_own_search_index(site: Path) -> None:
    english = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    korean = json.loads((site / "ko" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"]
    assert korean["config"]["lang"] == ["ko"]
    english_pages = {doc["location"].split("#")[0] for doc in english["docs"]}
    korean_pages = {doc["location"].split("#")[0] for doc in korean["docs"]}
    # The same pages in each (but About), each index's relative to its site.
    assert not any(location.startswith("ko/") for location in english_pages)
    assert not any(location.startswith("ko/") for location in korean_pages)
    assert english_pages - korean_pages == {"about/"}
    assert f"events/{EVENT}/" in korean_pages
    assert {doc["title"] for doc in korean["docs"] if doc["location"] == ""} == {KO_NAME}
    # Korean pages look for the Korean index: Material's script asks `base` for it.
    assert script_config(page(site, f"ko/events/{EVENT}"))["base"] == "../../../ko/"
    assert script_config(page(site, "ko"))["base"] == "../ko/"
    assert script_config(page(site, f"events/{EVENT}"))["base"] == "../.."


def test_the_korean_index_finds_names_places_and_themes_with_their_particles(site: Path) -> None:
    korean = "ko/search/search_index.json"
    found = search(site, "김정관", "김정관은", "김정관이", "워싱턴", "반도체 관세", "서울", "성명",
                   index=korean)
    # Material's worker loads lunr's Korean support from the site (search_worker.js checks it).
    assert found["김정관"] == found["김정관은"] == [""]
    assert found["김정관이"] == []  # the page says 김정관은: a prefix, not a stem
    assert found["워싱턴"] == found["반도체 관세"] == [""]
    assert f"events/{EVENT}/" in found["서울"]
    assert f"events/{EVENT}/" in found["성명"]
    # Neither index has the other's pages.
    assert search(site, "김정관")["김정관"] == []
    assert all(not location.startswith("ko/") for location in search(site, "서울")["서울"])


def test_the_sitemap_lists_every_page_of_both_with_their_alternates(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    urls = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    pages = {re.search(r"<loc>(.*?)</loc>", url)[1]: dict(  # type: ignore[index]
        (lang, href) for lang, href in
        re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]*)" href="([^"]*)"/>', url))
        for url in urls}
    built = {SITE_URL + ("" if path.parent == site else path.parent.relative_to(site).as_posix()
                         + "/") for path in site.rglob("index.html")}
    assert set(pages) == built
    event, korean = f"{SITE_URL}events/{EVENT}/", f"{SITE_URL}ko/events/{EVENT}/"
    assert pages[event] == pages[korean] == {"en": event, "ko": korean}
    assert pages[SITE_URL] == pages[SITE_URL + "ko/"] == {"en": SITE_URL, "ko": SITE_URL + "ko/"}
    assert pages[SITE_URL + "about/"] == {}  # no Korean page: no alternate


def test_each_tags_page_lists_the_pages_of_its_language(site: Path) -> None:
    english, korean = page(site, "tags"), page(site, "ko/tags")
    assert re.findall(r'href="\.\./events/', english) and re.findall(r'href="\.\./events/', korean)
    assert "../ko/events/" not in english
    assert "../../events/" not in korean
