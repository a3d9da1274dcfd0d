"""Markup: the Jinja2 environment of the page templates, and escaping for every context.

Every `{{ value }}` a template prints is escaped for Markdown and HTML unless it is `Markup`, so a
title or a name can never become a link, an emphasis or a tag; the only contributor text that goes
out as Markdown is an event's narrative, which the MkDocs hook sanitises after it becomes HTML.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .dates import format_event_date, format_month
from .export import Publication, page_path
from .model import Actor, Event
from .paging import list_page_uri
from .views import event_badges

# Characters that mean something to Markdown, its Material extensions or HTML, written as numeric
# character references: every Markdown engine shows them as the character and parses no syntax.
log = logging.getLogger("mkdocs.hooks.timeline")

_ESCAPES = str.maketrans({char: f"&#{ord(char)};" for char in "\\`*_{}[]#|~^=!<>&"})
_LINE_START = re.compile(r"^([-+]|\d+(?=[.)]))")


@functools.lru_cache(maxsize=65536)  # titles and summaries are printed on several pages
def escape_markdown(text: str) -> str:
    """Return plain text that Markdown renders literally, character for character."""
    escaped = text.translate(_ESCAPES)
    # A leading "-", "+" or "1." would start a list where the value begins a line.
    return _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(1)), escaped)


def _finalize(value: object) -> str:
    """Return what a template prints: Markup as is, anything else escaped for Markdown."""
    kind = type(value)  # exact types first: this runs for every {{ }} of every page
    if kind is str:
        return escape_markdown(value)
    if kind is Markup:
        return value  # type: ignore[return-value]
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # coordinates and counts: nothing in them is markup
    return escape_markdown(str(value))


def html_text(text: str) -> str:
    """Return text for places MkDocs and Material print as HTML (page titles, descriptions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _html(text: object) -> Markup:
    """Return text escaped for HTML text and double-quoted attributes (the HTML parts of pages)."""
    return Markup(html_text(str(text)))


def _site_href(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return the relative URL, from the page being rendered, of the published page `target`.

    For raw HTML, where MkDocs does not rewrite `.md` links.
    """
    publication: Publication = context["publication"]
    here = page_path(context["page_uri"], publication.directory_urls)
    path, _, anchor = target.partition("#")
    there = page_path(path, publication.directory_urls)
    # A browser resolves against the folder of the page's URL: all of "timeline/", but only the
    # folder part of "timeline.html".
    folder = here if here.endswith("/") or not here else posixpath.dirname(here)
    relative = _relative_path(there, folder)
    if (there.endswith("/") or not there) and not relative.endswith("/"):
        relative += "/"
    return Markup(html.escape(relative + (f"#{anchor}" if anchor else ""), quote=True))


def _relative_path(path: str, start: str) -> str:
    """Return posixpath.relpath(path, start) for clean relative paths, without its file system
    calls (a timeline page links a hundred and fifty events)."""
    to, frm = [p for p in path.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    while common < min(len(to), len(frm)) and to[common] == frm[common]:
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."


@functools.lru_cache(maxsize=1024)
def _relative_folder(here: str, there: str) -> str:
    """Return the path from folder `here` to folder `there` ("" or ending in "/")."""
    relative = _relative_path(there, here)
    return "" if relative == "." else relative + "/"


def _link_from(here: str, target: str) -> str:
    """Return a relative link from a page in folder `here` to the page `target` (an .md path)."""
    path, _, rest = target.partition("#")
    folder, _, name = path.rpartition("/")
    return _relative_folder(here, folder) + name + (f"#{rest}" if rest else "")


def _href(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return a relative link from the page being rendered to the page `target` (an .md path)."""
    return Markup(_link_from(context["page_uri"].rpartition("/")[0], target))


# A relative link destination in generated Markdown. Every value a template prints escapes "]",
# so "](" only ever comes from a template's own link; absolute URLs and anchors are left alone.
_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)")


def rebase_links(markdown: str, here: str) -> str:
    """Return Markdown rendered for a page at the top of docs/, its relative links made to work
    from a page in folder `here` (exactly as `href` would have written them there)."""
    if not here:
        return markdown
    return _RELATIVE_LINK.sub(lambda link: f"]({_link_from(here, link.group(1))})", markdown)


def _external(url: str) -> Markup:
    """Return a checked http(s) URL as a Markdown link destination that cannot break out."""
    return Markup(quote(url, safe=":/?#[]@!$&'*+,;=%~"))


def _front_matter(data: dict[str, object]) -> Markup:
    """Return a page's YAML front matter block; values are dumped, never interpolated.

    Each value is written as JSON, which YAML reads as the same value (a double-quoted string, a
    flow list or mapping), and which is twenty times faster to write than PyYAML's emitter.
    """
    lines = []
    for key, value in data.items():
        # YAML counts U+2028 and U+2029 as line breaks inside quotes; JSON does not escape them.
        text = json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028") \
            .replace("\u2029", "\\u2029")
        lines.append(f"{key}: {text}\n")
    return Markup("---\n" + "".join(lines) + "---\n")


def _narrative(text: str) -> Markup:
    """Return an event's narrative Markdown as written (sanitised later, after it is HTML)."""
    return Markup(text)


def _marks(context: jinja2.runtime.Context, event: Event) -> Markup:
    """Return the marks after an event's date: " · ★ Key event · *Scheduled*", or nothing."""
    text = ""
    for badge in event_badges(event, context["publication"].built_at.date()):
        shown = "★ Key event" if badge.kind == "key" else badge.text
        text += f" · *{escape_markdown(shown)}*" if badge.kind != "key" else f" · {shown}"
    return Markup(text)


def _report_link(url: str | None) -> Markup:
    """Return " · [read the report](url)" for a source with an address, or nothing."""
    return Markup(f" · [read the report]({_external(url)})" if url else "")


def _count_of(count: int, noun: str) -> str:
    """Return "1 event" or "3 events"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, which never stops a build: one it cannot write is
    skipped (the template is compiled again next time)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store a compiled template, unless the cache folder cannot take it."""
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            log.debug(f"compiled template not cached: {error}")


def _template_cache() -> jinja2.BytecodeCache | None:
    """Return a cache of compiled templates, kept between builds as Python keeps compiled modules
    (in a private folder of the system's temp dir, keyed by each template's checksum), or None
    where no safe folder can be had."""
    try:
        return _TemplateCache()
    except (OSError, RuntimeError) as error:  # Jinja refuses a folder it does not own alone
        log.debug(f"compiled templates not cached: {error}")
        return None


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Return the Jinja2 environment for page templates: strict, escaping by default.

    An environment renders one build: its templates are read once, and each event's list entry
    (on event, actor and tag pages) is rendered once, its links rebased for each folder.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        auto_reload=False,  # otherwise every page and include stats its template file
        bytecode_cache=_template_cache(),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date_text=lambda date: format_event_date(date),
        href=jinja2.pass_context(_href),
        site_href=jinja2.pass_context(_site_href),
        h=_html,
        external=_external,
        front_matter=_front_matter,
        narrative=_narrative,
        day_text=lambda day: f"{day.day} {format_month(day.year, day.month)}",
        marks=jinja2.pass_context(_marks),
        report_link=_report_link,
        count_of=_count_of,
        number=lambda count: f"{count:,}",  # 10,000 rather than 10000
        raw=lambda text: Markup(text),  # for ids, which are [a-z0-9-] by construction
    )
    entries: dict[str, str] = {}
    rebased: dict[tuple[str, str], Markup] = {}

    @jinja2.pass_context
    def entry(context: jinja2.runtime.Context, event: Event) -> Markup:
        """Return the event's list entry (_event_entry.md.j2) as seen from the page rendered."""
        here = context["page_uri"].rpartition("/")[0]
        # Its links are relative, so the entry is the same on every page of one folder.
        text = rebased.get((event.id, here))
        if text is None:
            if event.id not in entries:
                entries[event.id] = env.get_template("_event_entry.md.j2").render(
                    page_uri="index.md", event=event, publication=context["publication"])
            text = rebased[(event.id, here)] = Markup(rebase_links(entries[event.id], here))
        return text

    env.globals.update(event_uri=event_uri, actor_uri=actor_uri, hard_break=Markup("  "),
                       list_page_uri=list_page_uri, entry=entry,
                       strong=Markup("**"))
    return env


def event_uri(event: Event) -> str:
    """Return the generated page of an event."""
    return f"events/{event.id}.md"


def actor_uri(actor: Actor) -> str:
    """Return the generated page of an actor."""
    return f"actors/{actor.id}.md"
