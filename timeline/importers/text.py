"""Importers, text: TimelineJS's HTML turned into Markdown through an allow-list on the standard
library's HTML parser (every character of text escaped; links kept only to http, https and
mailto addresses; nothing else of the markup survives), and into plain text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

from .. import fields as F
from ..markup import escape_line_start, escape_markdown


# Levels of inline elements (<b><i><a>…) carried into Markdown; deeper ones keep their text only.
_INLINE_MAX_DEPTH = 8

_SPACES = re.compile(r"\s+")

_DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math", "template",
                      "noscript", "head", "title", "textarea", "select", "button"})

_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "h1", "h2", "h3", "h4",
                     "h5", "h6", "table", "tr", "figure", "figcaption", "address", "pre", "hr"})

_ITEMS = frozenset({"li", "dt", "dd"})

_EMPHASIS = {"em": "*", "i": "*", "cite": "*", "strong": "**", "b": "**"}

_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col"})


def safe_link(target: str) -> str | None:
    """Return an address a narrative may link to, written so Markdown reads it whole, or None."""
    target = target.strip()
    if not F.narrative_link_allowed(target) or len(target) > F.URL_MAX:
        return None
    # Spaces, parentheses and angle brackets would end the Markdown link early: percent-encoded.
    return quote(target, safe="/:?#[]@!$&'*+,;=%~.-_")


# A whole start or end tag: its name, then attributes up to ">", quoted values closed, no "<" on the
# way (possessive: each "<" is tried once, and a try ends at the next "<" or ">": linear in all).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*+(?=[\s/>])(?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+>")

# A declaration or processing instruction (<!doctype …>, <?xml …?>, <![CDATA[…>): no text of its own.
_DECLARATION = re.compile(r"<[!?][^<>]*+>")


def bounded_markup(text: str) -> str:
    """Return HTML with each "<" that does not begin a whole tag written as "&lt;" (text), and
    comments and declarations left out.

    The standard library's parser (Python 3.11) rescans the rest of the text at each "<" it cannot
    close, so "<a " repeated over 30 KB took 23 s, and "<![" made it fail; here each "<" is
    settled once, in one pass, and the parser is only given tags it reads at once.
    """
    out: list[str] = []
    start, comment_end = 0, -2  # -2: not searched yet; -1: no "-->" after this point
    at = text.find("<")
    while at != -1:
        out.append(text[start:at])
        if text.startswith("<!--", at):
            if comment_end != -1 and comment_end < at + 4:
                comment_end = text.find("-->", at + 4)
            if comment_end != -1:
                start = comment_end + 3
                at = text.find("<", start)
                continue
        found = _TAG.match(text, at) or _DECLARATION.match(text, at)
        if found is None:
            out.append("&lt;")
            start = at + 1
        else:
            out.append(found.group() if found.re is _TAG else "")
            start = found.end()
        at = text.find("<", start)
    out.append(text[start:])
    return "".join(out)


class _MarkdownWriter(HTMLParser):
    """HTML to Markdown through an allow-list: paragraphs, line breaks, list items, quotes,
    emphasis and http/https/mailto links; every character of text escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished paragraphs
        self.stack: list[tuple[str, str | None, list[str]]] = [("", None, [])]  # tag, href, parts
        self.dropping = 0  # depth inside <script>, <style>, …
        self.prefix = ""  # "- " for a list item, "> " inside a quote
        self.quote = 0

    def _flush(self) -> None:
        while len(self.stack) > 1:
            self._close_inline()
        text = "".join(self.stack[0][2]).strip()
        self.stack[0][2].clear()
        # Escaped again once stripped: " - x" escaped as a chunk begins with a space, not a "-".
        lines = [escape_line_start(line.strip()) for line in text.split("\n")]
        text = "  \n".join(line for line in lines if line)
        if text:
            prefix = ("> " if self.quote else "") + self.prefix
            self.blocks.append(prefix + text.replace("  \n", "  \n" + ("> " if self.quote else "")))

    def _close_inline(self) -> None:
        tag, href, parts = self.stack.pop()
        inner = "".join(parts)
        stripped = inner.strip()
        if not stripped:
            out = inner
        elif tag == "a" and href is not None:
            out = f"[{stripped}]({href})"
        elif tag in _EMPHASIS:
            out = f"{_EMPHASIS[tag]}{stripped}{_EMPHASIS[tag]}"
        else:
            out = stripped
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        self.stack[-1][2].append(lead + out + trail if stripped else out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += tag not in _VOID
            return
        if self.dropping:
            return
        if tag == "br":
            self.stack[-1][2].append("\n")
        elif tag in _BLOCKS or tag in _ITEMS or tag == "blockquote":
            self._flush()
            if tag in _ITEMS:
                self.prefix = "- "
            if tag == "blockquote":
                self.quote += 1
        elif (tag == "a" or tag in _EMPHASIS) and len(self.stack) <= _INLINE_MAX_DEPTH \
                and not any(t == tag or _EMPHASIS.get(t, t) == _EMPHASIS.get(tag, tag)
                            for t, _, _ in self.stack[1:]):  # one of each kind open at a time
            href = safe_link(dict(attrs).get("href") or "") if tag == "a" else None
            self.stack.append((tag, href, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.dropping:
            self.stack[-1][2].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        if tag in _BLOCKS or tag in _ITEMS or tag == "blockquote":
            self._flush()
            if tag in _ITEMS:
                self.prefix = ""
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)
        elif tag in ("ul", "ol", "dl"):
            self._flush()
            self.prefix = ""
        elif any(open_tag == tag for open_tag, _, _ in self.stack[1:]):
            while self.stack[-1][0] != tag:
                self._close_inline()
            self._close_inline()

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.stack[-1][2].append(escape_markdown(_SPACES.sub(" ", data)))

    def markdown(self) -> str:
        """Return the Markdown of everything fed, paragraphs apart."""
        self.close()
        self._flush()
        return "\n\n".join(self.blocks)


def html_to_markdown(text: str) -> str:
    """Return TimelineJS HTML as safe Markdown: allowed structure kept, all text escaped."""
    writer = _MarkdownWriter()
    writer.feed(bounded_markup(text))
    return writer.markdown()


class _PlainText(HTMLParser):
    """The text of an HTML fragment, without the text of <script>, <style> and the like."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += 1
        elif tag in _BLOCKS or tag in _ITEMS or tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCKS or tag in _ITEMS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def plain_text(text: str) -> str:
    """Return the text of an HTML fragment on one line, white space collapsed."""
    if "<" in text or "&" in text:
        parser = _PlainText()
        parser.feed(bounded_markup(text))
        parser.close()
        text = "".join(parser.parts)
    # Characters the checker refuses in any value (controls, noncharacters) go, markup or not;
    # white space (tabs, line breaks) becomes one space.
    return _SPACES.sub(" ", "".join(c for c in text if c.isprintable() or c.isspace())).strip()


def shown_twice(text: str) -> str:
    """Return the text TimelineJS shows for `group` and `display_date`: it takes the text of the
    value read as HTML, then writes that as HTML again (see export._tljs_decoded)."""
    return plain_text(plain_text(text))


def cut_at_word(text: str, limit: int) -> str:
    """Return `text` if it fits `limit` characters, else its longest run of whole words that fits
    with "…" after it."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    if " " in head and not text[limit - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-") + "…"


def first_sentence(text: str) -> str:
    """Return the first sentence of plain text: up to the first ".", "!" or "?" before a space."""
    for index, char in enumerate(text):
        if char in ".!?" and (index + 1 == len(text) or text[index + 1] == " ") and index > 0:
            return text[:index + 1]
    return text


def shown(text: str) -> str:
    """Return a value as a report quotes it: one line, at most ECHO_MAX characters."""
    one_line = _SPACES.sub(" ", text).strip()
    return one_line if len(one_line) <= F.ECHO_MAX else one_line[:F.ECHO_MAX - 1] + "…"
