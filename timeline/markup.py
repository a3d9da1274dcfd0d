"""Markup: the Jinja2 environment of the page templates, and escaping for every context.

Every `{{ value }}` a template prints is escaped for Markdown and HTML unless it is `Markup`, so a
title or a name can never become a link, an emphasis or a tag; the only contributor text that goes
out as Markdown is an event's narrative, which the MkDocs hook sanitises after it becomes HTML.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import urls
from .dates import format_day, format_event_date
from .languages import LANGUAGE_NAMES, SOURCE_LANGUAGE, Language, language as language_of
from .model import Event
from .urls import Publication, file_link, html_link, image_link, markdown_link
from .views import Badge, event_badges

# Characters that mean something to Markdown, its Material extensions or HTML, written as numeric
# character references: every Markdown engine shows them as the character and parses no syntax.
_ESCAPES = str.maketrans({char: f"&#{ord(char)};" for char in "\\`*_{}[]#|~^=!<>&"})
_LINE_START = re.compile(r"^([-+]|\d+(?=[.)]))")


@functools.lru_cache(maxsize=65536)  # titles and summaries are printed on several pages
def escape_markdown(text: str) -> str:
    """Return plain text that Markdown renders literally, character for character."""
    return escape_line_start(text.translate(_ESCAPES))


def escape_line_start(text: str) -> str:
    """Return text with a leading "-", "+" or "1." escaped: where it begins a line, it would start
    a list (or, as "---", underline a heading)."""
    return _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(1)), text)


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


class Translated(Markup):
    """A label of ours from the catalog, trusted as Markdown (we wrote it, in both languages);
    what `%` puts into it is escaped as `{{ value }}` prints it, so that a title or a name in a
    label can never become a link, an emphasis or a tag."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: object) -> Translated:
        """Return `s` as a template prints it (markup._finalize): Markup as is, text escaped."""
        return cls(_finalize(s))


def _gettext(language: Language, message: str) -> Translated:
    """Return our label `message` in `language`, trusted, escaping what is put into it."""
    return Translated(language.gettext(message))


def _ngettext(language: Language, singular: str, plural: str, count: int) -> Translated:
    """Return the singular or plural label for `count` in `language`, trusted."""
    return Translated(language.ngettext(singular, plural, count))


def html_text(text: str) -> str:
    """Return text for places MkDocs and Material print as HTML (page titles, descriptions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _html(text: object) -> Markup:
    """Return text escaped for HTML text and double-quoted attributes (the HTML parts of pages)."""
    return Markup(html_text(str(text)))


def _site_href(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return the relative URL, from the page being rendered, of the published page `target`
    (for raw HTML, where MkDocs does not rewrite `.md` links)."""
    publication: Publication = context["publication"]
    return Markup(html.escape(html_link(context["page_uri"], target, publication.directory_urls),
                              quote=True))


def _original_href(context: jinja2.runtime.Context, target: str, language: str) -> Markup:
    """Return the relative URL, from the page being rendered (in its language's folder, `ko/`),
    of the published page `target` in the site of `language`: an event's original, in raw HTML."""
    publication: Publication = context["publication"]
    there = urls.language_prefix(language, publication.source_language) + target
    return Markup(html.escape(html_link(publication.prefix + context["page_uri"], there,
                                        publication.directory_urls), quote=True))


def _image_src(context: jinja2.runtime.Context, file: str) -> Markup:
    """Return the relative URL, from the page being rendered, of the image `file` (a path under
    seeds/images/), for raw HTML: the site's own copy, never another host."""
    publication: Publication = context["publication"]
    # Pictures are served once, at the root, for every language's pages.
    return Markup(html.escape(image_link(publication.prefix + context["page_uri"], file,
                                         publication.directory_urls), quote=True))


def _file_href(context: jinja2.runtime.Context, path: str) -> Markup:
    """Return the relative URL, from the page being rendered, of the site file `path`."""
    publication: Publication = context["publication"]
    return Markup(html.escape(file_link(context["page_uri"], path, publication.directory_urls),
                              quote=True))


def _shared_href(context: jinja2.runtime.Context, path: str) -> Markup:
    """Return a relative Markdown link from the page being rendered to a file every language's
    site shares at the root (the JSON Schemas)."""
    publication: Publication = context["publication"]
    return Markup(markdown_link(publication.prefix + context["page_uri"], path))


def _href(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return a relative link from the page being rendered to the page `target` (an .md path)."""
    return Markup(markdown_link(context["page_uri"], target))


def _external(url: str) -> Markup:
    """Return a checked http(s) URL as a Markdown link destination that cannot break out."""
    return Markup(quote(url, safe=":/?#[]@!$&'*+,;=%~"))


def _external_attribute(url: str) -> Markup:
    """Return a checked http(s) URL for a double-quoted HTML attribute (the `<a>` of a source's
    Robust Links): quoted as `external` quotes it, then escaped for HTML."""
    return Markup(html.escape(str(_external(url)), quote=True))


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


# The narrative's bounds on an event page: the MkDocs hook renders what lies between them on its own
# (so nothing in it can open an element around the rest of the page) and puts it back sanitised.
# Every other text of the page is escaped (its "<" written "&#60;"), so the first start and the
# last end are these; Markdown and Zensical leave the comments as they are.
NARRATIVE_START = "<!--tl-narrative-->"
NARRATIVE_END = "<!--/tl-narrative-->"
# The front matter key of an event page whose narrative is shown in another language than the
# page's (an untranslated one, on a translated site): the hook puts the narrative in an element
# with that `lang`, as the template cannot (the narrative is rendered apart from the page).
NARRATIVE_LANG = "narrative_lang"


def _narrative(text: str) -> Markup:
    """Return an event's narrative Markdown as written, between its markers (sanitised later,
    after it is HTML)."""
    return Markup(f"{NARRATIVE_START}\n\n{text}\n\n{NARRATIVE_END}")


def _badges(context: jinja2.runtime.Context, event: Event) -> tuple[Badge, ...]:
    """Return the badges of an event on the day of the build, in the page's language."""
    publication: Publication = context["publication"]
    return event_badges(event, publication.today, language_of(publication.language))


def count_of(count: int, noun: str, language: Language | None = None) -> str:
    """Return "1 event" or "3 events" ("사건 3건") in `language` (English by default); `noun` is
    the one templates count, "event"."""
    assert noun == "event", noun  # the one noun counted: its plural is the catalog's
    labels = language or language_of(SOURCE_LANGUAGE)
    return labels.ngettext("%(count)s event", "%(count)s events", count) % {"count": count}


def make_environment(templates_dir: Path, language: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """Return the Jinja2 environment for page templates in `language`: strict, escaping by
    default, our labels from its catalog (languages.py)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        auto_reload=False,  # an environment renders one build: no stat of a template per page
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    labels = language_of(language)
    # Newstyle gettext: `_("Updated %(day)s", day=…)` formats the label itself, and our Translated
    # escapes what it puts in; `{% trans %}` compiles to the same call.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        functools.partial(_gettext, labels), functools.partial(_ngettext, labels), newstyle=True)
    env.filters.update(
        date_text=functools.partial(format_event_date, language=language),
        href=jinja2.pass_context(_href),
        site_href=jinja2.pass_context(_site_href),
        original_href=jinja2.pass_context(_original_href),
        image_src=jinja2.pass_context(_image_src),
        file_href=jinja2.pass_context(_file_href),
        shared_href=jinja2.pass_context(_shared_href),
        h=_html,
        # Text escaped as `{{ }}` prints it, as Markup: for a link built to go into a label.
        escape_markdown=lambda text: Markup(escape_markdown(str(text))),
        external=_external,
        external_attribute=_external_attribute,
        front_matter=_front_matter,
        narrative=_narrative,
        day_text=functools.partial(format_day, language=language),
        count_of=functools.partial(count_of, language=labels),
        language_name=lambda code: LANGUAGE_NAMES.get(code, code),  # 한국어, in itself
        number=lambda count: f"{count:,}",  # 10,000 rather than 10000
        raw=lambda text: Markup(text),  # for ids, which are [a-z0-9-] by construction
    )
    env.globals.update(urls=urls, badges=jinja2.pass_context(_badges), hard_break=Markup("  "),
                       strong=Markup("**"))
    # Macros every page may call, imported once here. An `{% include %}` per listed event copies
    # the page's whole context each time, and a `{% from %}` in it imports again each time (Jinja
    # cannot cache an import made with a page's context): a fifth of the rendering of a large
    # timeline, which lists each event on three to five pages.
    macros = env.get_template("_macros.md.j2").module
    env.globals.update(marks=macros.marks, report_link=macros.report_link,  # type: ignore[attr-defined]
                       entry=macros.entry, quote_check=macros.quote_check)  # type: ignore[attr-defined]
    return env
