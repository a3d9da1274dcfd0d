"""Sanitise: event page HTML reduced to what cannot run, load from elsewhere or leave its place.

The hook renders an event page without its narrative, sanitises it (`sanitise`), then renders the
narrative on its own and sanitises it as a fragment (`render_narrative`): every element the
narrative opens is closed inside it, so nothing it leaves open can take in the sections after it.
Pure functions over strings; the checker (check/narrative.py) refuses the same things earlier, with
the line, and this is what holds if something gets past it.
"""

from __future__ import annotations

import html as html_text
import re
from html.parser import HTMLParser

import markdown
import nh3

from .fields import narrative_link_allowed

# What an event page's HTML may keep: what Markdown and our extensions write, nothing that runs,
# and no image in the narrative: an image from another host would make every reader's browser
# contact it. The page's own figures (PAGE_TAGS) show the site's copies of seeds/images/.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
# The narrative adds no second title: an <h1> in it keeps its text and loses the tag.
NARRATIVE_TAGS = ALLOWED_TAGS - {"h1"}
# The template's figures (the narrative's HTML is sanitised on its own, with NARRATIVE_TAGS).
PAGE_TAGS = ALLOWED_TAGS | {"figure", "figcaption", "img", "nav"}
PAGE_IMAGE_ATTRIBUTES = {"src", "alt", "width", "height", "loading", "decoding"}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "data-search-exclude"},
    "a": {"href"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Every id from a narrative starts so: none of the page's own can (Material's start with "__", the
# template's are fixed words and the toc's are made unique against the narrative's), and its "-"
# keeps it from naming a global variable (`window.x`).
NARRATIVE_ID_PREFIX = "narrative-"
# Classes a narrative's elements may not take: Material's layout and ours (fixed headers, overlays,
# timeline cards) would place or style them outside the narrative's box.
FOREIGN_CLASS_PREFIXES = ("md-", "tl-")
PAGE_ID = re.compile(r'\sid="([^"]*)"')  # ids as nh3 writes them


_IMG = re.compile("<img", re.IGNORECASE)
# The template's links to the previous and next events say so (rel), and its pager is named.
# On a large timeline, where the page stands is filled in by timeline.js (data-order, data-event).
# A source's report and its archived copy are Robust Links: each names the other and the copy's day.
ROBUST_LINK_ATTRIBUTES = {"data-originalurl", "data-versionurl", "data-versiondate"}
_PAGE_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": PAGE_IMAGE_ATTRIBUTES,
                    "a": {"href", "rel", *ROBUST_LINK_ATTRIBUTES},
                    "nav": {"aria-label"},
                    # The box of an event's corrections and updates is a named note.
                    "div": {"role", "aria-label"},
                    # A quote found in its source's archived text says when (seeds/quotes.lock).
                    "p": {"data-order", "data-event", "hidden", "data-quote-verified"}}


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Return the value an attribute keeps on an event page: an image's source only if it is a
    relative path (the site's own copy; no scheme, no "//host")."""
    if tag == "img" and attribute == "src":
        path = value.split("?", 1)[0].split("#", 1)[0]
        return None if ":" in path.split("/", 1)[0] or value.startswith(("/", "\\")) else value
    return value


def sanitise(html: str) -> str:
    """Return event page HTML reduced to the allow-list: no script, no on* or style, safe links,
    images from the site itself only."""
    # The filter (a Python call per attribute) only for pages with an image: most have none.
    return nh3.clean(html, tags=PAGE_TAGS, attributes=_PAGE_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None, strip_comments=True,
                     attribute_filter=_own_images_only if _IMG.search(html) else None)


class _NarrativeFilter:
    """nh3's attribute filter for a narrative: prefixed unique ids, its own anchors followed,
    links only to other sites, no class of the site's layout."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken  # every id on the page so far
        self.renamed: dict[str, str] = {}  # a narrative id -> its latest new name
        # The last number given to each id: 25,000 repeats of one id would otherwise try every
        # number before theirs (quadratic: 9 s for one page).
        self.numbered: dict[str, int] = {}

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        """Return the value the attribute keeps, or None to drop it."""
        if attribute == "id":
            base = NARRATIVE_ID_PREFIX + value
            new, number = base, self.numbered.get(base, 0)
            while new in self.taken:
                number += 1
                new = f"{base}_{number}"
            self.numbered[base] = number
            self.taken.add(new)
            self.renamed[value] = new  # the permalink right after a heading is to its own id
            return new
        if attribute == "href":
            if value.startswith("#"):
                # A heading's permalink (`¶`), which comes after the heading's id.
                target = self.renamed.get(value[1:])
                return None if target is None else "#" + target
            return value if narrative_link_allowed(value) else None
        if attribute == "class":
            kept = [name for name in value.split() if not name.startswith(FOREIGN_CLASS_PREFIXES)]
            return " ".join(kept) or None
        return value


class _Headings(HTMLParser):
    """Collects the headings (level, id, text as HTML) of sanitised HTML, for the page's toc."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, list[str]]] = []
        self._in: list[str] | None = None
        self._skip = 0  # inside a heading's permalink

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("h2", "h3", "h4", "h5", "h6") and attributes.get("id"):
            self._in = []
            self.found.append((int(tag[1]), attributes["id"] or "", self._in))
        elif self._in is not None and tag == "a" and "headerlink" in (attributes.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3", "h4", "h5", "h6"):
            self._in = None
        elif tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in is not None and not self._skip:
            self._in.append(html_text.escape(data, quote=False))


def narrative_headings(fragment: str) -> list[tuple[int, str, str]]:
    """Return the level, id and text (as HTML) of each heading of a sanitised narrative."""
    parser = _Headings()
    parser.feed(fragment)
    parser.close()
    return [(level, anchor_id, "".join(text).strip()) for level, anchor_id, text in parser.found]


def page_ids(html: str) -> set[str]:
    """Return the ids of sanitised HTML."""
    return set(PAGE_ID.findall(html))


def render_narrative(text: str, converter: markdown.Markdown, taken: set[str]) -> str:
    """Return a narrative's HTML rendered on its own and sanitised as a fragment: every element
    it opens closed inside it, no <h1>, ids that no other id of the page (in `taken`) has."""
    converter.reset()
    rendered = converter.convert(text)
    return nh3.clean(rendered, tags=NARRATIVE_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     attribute_filter=_NarrativeFilter(set(taken)))
