"""Narrative: the checks of an event's Markdown narrative, which keep it inside its page and keep
Python-Markdown fast."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .. import fields as F
from .values import Report

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING_1 = re.compile(r"^ {0,3}#(?:\s|$)")
# Lines that can nest (indented, or quoted with ">"); fences and headings.
# Inline links and images `[text](target)`, and reference definitions `[label]: target`.
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^\s)>]+)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
BACKTICKS = re.compile("`+")
# What a line opens before its text: indentation, ">" quotes and list markers, chained as in
# `> - 1. text` (each alternative is one character or a bounded marker: the match is linear).
# Python-Markdown's ordered-list marker is `\d+.`: any number of digits, of any script ("١.").
LINE_PREFIX = re.compile(r"(?:[ \t>]|(?:[-+*]|\d+[.)])(?=[ \t]|$))*")
LIST_MARKER = re.compile(r"[-+*]|\d+[.)]")
# Once quotes and indentation are set aside: a horizontal rule, and a setext heading's underline.
RULE = re.compile(r"([-*_])[ \t]*(?:\1[ \t]*){2,}$")
UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
# The first characters of the lines that can nest, or be a heading or a rule; prose lines start
# with anything else, and are skipped at the cost of one test.
NESTING_START = frozenset(" \t>-+*0123456789")
BLOCK_START = NESTING_START | frozenset("#_=")
# HTML elements that Python-Markdown treats as a raw block up to their closing tag.
BLOCK_TAGS = frozenset("""address article aside blockquote canvas details dialog div dl fieldset
figure footer form header iframe main math nav noscript object ol p pre script section style svg
table template textarea ul video audio""".split())


def _blank(line: str) -> bool:
    """Return True for a line Python-Markdown takes as blank: spaces and tabs only (a no-break
    space is text, under which a line of "-" makes a heading)."""
    return not line.strip(" \t")


def _levels(prefix: str) -> int:
    """Return the levels of lists and quotes a line's prefix (LINE_PREFIX) opens."""
    markers = len(LIST_MARKER.findall(prefix)) if prefix.strip(" \t>") else 0
    quotes = prefix.count(">")
    # One space after each marker or ">" belongs to it; four more columns open a level.
    spaces = prefix.expandtabs(4).count(" ") - markers - quotes
    return markers + quotes + max(spaces, 0) // 4


def _without_code_spans(line: str) -> str:
    r"""Return a line with its code spans removed, as `(`+)(?:(?!\1).)+?\1` substituted by "" would.

    That regex tried every delimiter length at every backtick against the rest of the line (a 1 KB
    line of 500 backticks and 500 letters took 7 s); this finds the same spans in one pass over the
    runs of backticks. Its first match starts in the first run that has a later run; a delimiter
    of d backticks matches only if under d of the run are left after it (else they would close the
    span at once, with nothing inside), and only if a later run has d or more; the longest such d
    is taken, so the match starts where the tail of the run left is at most 2 × (the longest
    later run) − 1 long; it ends d backticks into the first later run of d or more.
    """
    runs = [(match.start(), match.end()) for match in BACKTICKS.finditer(line)]
    # longest_after[i]: the longest run after run i (0 if none).
    longest_after = [0] * (len(runs) + 1)
    for index in range(len(runs) - 1, 0, -1):
        longest_after[index - 1] = max(longest_after[index], runs[index][1] - runs[index][0])
    kept, position, index = [], 0, 0
    while index < len(runs):
        start, end = max(runs[index][0], position), runs[index][1]
        if start >= end:  # the run was used up closing the span before
            index += 1
            continue
        if longest_after[index] == 0:
            break  # no later run can close anything
        tail = min(end - start, 2 * longest_after[index] - 1)
        delimiter = min(tail, longest_after[index])
        closing = index + 1
        while runs[closing][1] - runs[closing][0] < delimiter:
            closing += 1
        kept.append(line[position:end - tail])
        position, index = runs[closing][0] + delimiter, closing
    kept.append(line[position:])
    return "".join(kept)


def _without_code(body: str) -> str:
    """Return the narrative with code spans and fenced blocks blanked (lines kept)."""
    if "`" not in body and "~~~" not in body:
        return body  # no code: most narratives (this halves the check of long ones)
    lines, fence = [], None
    for line in body.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0]
            lines.append("")
        elif fence is not None:
            if match and match.group(1)[0] == fence:
                fence = None
            lines.append("")
        else:
            lines.append(_without_code_spans(line) if "`" in line else line)
    return "\n".join(lines)


class _BlockTags(HTMLParser):
    """Records the block-level elements a text opens and does not close."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return  # <div/> opens nothing

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return


# Elements that have no end tag, and elements that load what they show from an address.
VOID_TAGS = frozenset("""area base br col embed hr img input keygen link meta param source track
wbr""".split())
IMAGE_TAGS = frozenset({"img", "picture", "image"})
# Elements whose end tag HTML lets one leave out: their parent's end closes them (<li> in <ul>).
OPTIONAL_END_TAGS = frozenset("""li dt dd p tr td th thead tbody tfoot colgroup caption option
optgroup rp rt""".split())
ONE_TITLE = "the event title is the page's only level-1 heading — use `## ` for headings"
LINK_RULE = ("links in a narrative must start with https://, http:// or mailto: — to point to "
             "another event, list it under related:")
IMAGE_FIX = "link to it instead: [description](https://…)"


def _is_element(tag: str) -> bool:
    """Return True for the name of an HTML element (not an autolink like <https://…> or <a@b.c>)."""
    return tag.isascii() and tag[:1].isalpha() and tag.replace("-", "").isalnum()


class _Box(HTMLParser):
    """Records the raw HTML of a narrative that would reach outside its section: elements left
    open or closed without being opened, a second title, ids and names, images, links to other
    than another site."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.found: list[tuple[int, str]] = []  # (line in the text, message)

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record what an element's name and attributes would do outside the narrative."""
        line = self.getpos()[0]
        if tag == "h1":
            self.found.append((line, f"a level-1 heading (<h1>) in the narrative; {ONE_TITLE}"))
        if tag in IMAGE_TAGS:
            self.found.append((line, f"an image (<{tag}>) in the narrative: every reader's browser "
                                     f"would fetch it from another host — {IMAGE_FIX}"))
        for name, value in attrs:
            if name in ("id", "name"):
                self.found.append((line, f'this <{tag}> has {name}="{value or ""}": a narrative\'s '
                                         "ids and names could clash with the page's own (its "
                                         "sections, its search box) — remove the "
                                         f"{name}= attribute"))
            elif tag == "a" and name == "href" and not F.narrative_link_allowed(value or ""):
                self.found.append((line, f'a link to "{value or ""}": {LINK_RULE}'))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if _is_element(tag):
            self._attributes(tag, attrs)
            if tag not in VOID_TAGS:
                self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Browsers ignore the "/" of <span/>: it opens a span like <span>.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not _is_element(tag):
            return
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                self._unclosed(self.open[index + 1:])
                del self.open[index:]
                return
        self.found.append((self.getpos()[0], f"this </{tag}> closes nothing the narrative opened, "
                                             "so it could close an element of the page around it "
                                             f"— remove it, or add the <{tag}> it should close"))

    def _unclosed(self, elements: list[tuple[str, int]]) -> None:
        """Record inline elements left open (_unclosed_block reports the block-level ones)."""
        for tag, line in elements:
            if tag not in BLOCK_TAGS and tag not in OPTIONAL_END_TAGS:
                self.found.append((line, f"this <{tag}> is never closed, so it would restyle or "
                                         "swallow the rest of the page (the sources included) — "
                                         f"close it with </{tag}>"))


def _declarations(text: str) -> list[tuple[int, str]]:
    """Return (line, message) for each <!…> or <?…> construct of `text` and each unclosed
    comment; closed comments are fine (the page drops them)."""
    found: list[tuple[int, str]] = []
    position = text.find("<")
    line, counted = 1, 0  # lines counted up to `counted`: each character is counted once
    while position >= 0:
        kind = text[position + 1:position + 2]
        line, counted = line + text.count("\n", counted, position), position
        if text.startswith("<!--", position):
            end = text.find("-->", position + 4)
            if end < 0:
                found.append((line, "this comment (<!--) is never closed, so it would hide the rest "
                                    "of the page (the sources included) — close it with -->"))
                break
            position = text.find("<", end + 3)
            continue
        if kind == "!":
            found.append((line, "this <!…> declaration (such as <!DOCTYPE html> or <![CDATA[) has "
                                "no place in a narrative, and an unfinished one swallows the rest of "
                                "the page — remove it"))
        elif kind == "?":
            found.append((line, "this <?…> processing instruction has no place in a narrative, and "
                                "an unfinished one swallows the rest of the page — remove it"))
        position = text.find("<", position + 1)
    return found


def _markdown_images(text: str) -> list[tuple[int, str]]:
    """Return (line, message) for each line of `text` with a Markdown image: `![…](…)`, `![…][…]`,
    or, where the narrative defines references, `![…]` (`Wow![1]` is text without them)."""
    lines = text.split("\n")
    defined = any(REFERENCE_LINK.match(line) for line in lines if "]:" in line)
    return [(number, "an image (`![…]`) in the narrative: every reader's browser would fetch it "
                     f"from another host — {IMAGE_FIX}")
            for number, line in enumerate(lines, start=1)
            if "![" in line and (defined or "](" in line[line.index("!["):]
                                 or "][" in line[line.index("!["):])]


def _setext_titles(text: str) -> list[tuple[int, str]]:
    """Return (line, message) for each line of `=` under text: a level-1 heading in Markdown."""
    found: list[tuple[int, str]] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index and "=" in line:  # a quick test first: most lines hold no "="
            bare = line.lstrip(" >").rstrip(" \t")
            if bare and not bare.strip("=") and lines[index - 1].lstrip(" >").strip():
                found.append((index + 1, "a level-1 heading (a line of `=` under its text) in "
                                         f"the narrative; {ONE_TITLE}"))
    return found


def check_box(report: Report, prose: str, first_line: int) -> None:
    """Report what in a narrative (code blanked) would reach outside its section of the page: a
    second title, elements left open or closed twice, declarations, ids, images, local links."""
    found = _setext_titles(prose) if "=" in prose else []
    if "![" in prose:
        found += _markdown_images(prose)
    if "<" in prose:
        found += _declarations(prose)
        parser = _Box()
        parser.feed(prose)
        parser.close()
        parser._unclosed(parser.open)
        found += parser.found
    found.sort(key=lambda item: item[0])  # by line, stable
    for line, message in found[:F.NARRATIVE_MAX_BOX_PROBLEMS]:
        report.error(None, message, first_line + line - 1, 1)
    if len(found) > F.NARRATIVE_MAX_BOX_PROBLEMS:
        line, more = found[F.NARRATIVE_MAX_BOX_PROBLEMS][0], len(found) - F.NARRATIVE_MAX_BOX_PROBLEMS
        report.error(None, f"{more:,} more {'problem' if more == 1 else 'problems'} like the ones "
                           "above in this narrative, from here on — fix those and check again",
                     first_line + line - 1, 1)


def _unclosed_block(text: str) -> tuple[str, int] | None:
    """Return the first block-level element left open in `text`, and its line, or None."""
    parser = _BlockTags()
    parser.feed(text)
    parser.close()
    return parser.open[0] if parser.open else None



def _emphasis_and_rows_fit(report: Report, body: str, first_line: int) -> bool:
    """Return False, having reported the line, if the narrative has more "*" and "_" than
    Python-Markdown can nest, or a line with "|" (a table row) more backticks than it pairs fast."""
    emphasis = body.count("*") + body.count("_")
    if emphasis > F.NARRATIVE_MAX_EMPHASIS:
        # Reported where the count passes the limit: that is where the extra ones start.
        seen = 0
        for number, line in enumerate(body.split("\n"), start=first_line):
            seen += line.count("*") + line.count("_")
            if seen > F.NARRATIVE_MAX_EMPHASIS:
                report.error(None, f'the narrative has {emphasis:,} "*" and "_" characters, more '
                                   f"than the {F.NARRATIVE_MAX_EMPHASIS:,} allowed (emphasis "
                                   "nested that deep crashes the build); this line passes the "
                                   "limit — remove the extra ones, or split the narrative into "
                                   "several events",
                             number, 1)
                return False
    if "|" in body and "`" in body:
        for number, line in enumerate(body.split("\n"), start=first_line):
            ticks = line.count("`") if "|" in line else 0
            if ticks > F.NARRATIVE_MAX_ROW_BACKTICKS:
                report.error(None, f'this line has a "|" and {ticks:,} backticks (`), more than '
                                   f"the {F.NARRATIVE_MAX_ROW_BACKTICKS} allowed in a table row — "
                                   "split the row, or put the code below the table", number, 1)
                return False
    return True


def check_narrative(report: Report, body: str, first_line: int) -> bool:
    """Report narrative Markdown that would swallow or break the page, or make Markdown slow.

    Returns False when a limit is exceeded (the other checks are then skipped).
    """
    if len(body) > F.NARRATIVE_MAX_CHARS:
        report.error(None, f"the narrative is {len(body):,} characters long, more than the "
                           f"{F.NARRATIVE_MAX_CHARS:,} allowed — shorten it, or link to a longer "
                           "document", first_line, 1)
        return False
    # Python-Markdown's inline patterns go quadratic on runs of these characters.
    for char, limit, advice in (
            ("[", F.NARRATIVE_MAX_BRACKETS, "(each link needs one) — remove the extra brackets"),
            ("<", F.NARRATIVE_MAX_ANGLES, "— remove the extra ones"),
            ("{", F.NARRATIVE_MAX_BRACES, "— remove the extra ones")):
        found = body.count(char)
        if found > limit:
            report.error(None, f'the narrative has {found:,} "{char}" characters, more than the '
                               f"{limit} allowed {advice}", first_line, 1)
            return False
    if not _emphasis_and_rows_fit(report, body, first_line):
        return False
    # Most narratives are plain paragraphs: each scan below runs only if what it looks for is there.
    lines = body.split("\n")
    headings, previous_blank = 0, True
    for number, line in enumerate(lines, start=first_line):
        start = line[:1]
        if start not in BLOCK_START and not start.isdigit():  # digits of any script start lists
            previous_blank = _blank(line)
            continue
        if start in NESTING_START or start.isdigit():
            if start in " \t>":
                expanded = line.expandtabs(4)
                indent = len(expanded) - len(expanded.lstrip(" "))
                quotes = line[:len(line) - len(line.lstrip(" >"))].count(">")
                if indent > F.NARRATIVE_MAX_INDENT or quotes > F.NARRATIVE_MAX_QUOTE_DEPTH:
                    report.error(None, "this line is nested too deeply (more than "
                                       f"{F.NARRATIVE_MAX_INDENT} columns of indentation or "
                                       f"{F.NARRATIVE_MAX_QUOTE_DEPTH} levels of \">\" quotes) — "
                                       "flatten the lists or quotes", number, 1)
                    return False
            prefix = LINE_PREFIX.match(line).group(0)  # type: ignore[union-attr]
            levels = _levels(prefix)
            if levels > F.NARRATIVE_MAX_NESTING:
                report.error(None, f"this line opens {levels:,} levels of lists and quotes "
                                   f"(list markers such as \"- \" or \"1. \", \">\" and "
                                   f"indentation), more than the {F.NARRATIVE_MAX_NESTING} allowed "
                                   "— flatten the lists or quotes", number, 1)
                return False
        else:
            prefix = ""
        # Headings and rules, wherever they are (in a quote or a list item too).
        bare = line.lstrip(" \t>")
        if line[len(prefix):].startswith("#") or RULE.match(bare) \
                or (not previous_blank and UNDERLINE.match(bare)):
            headings += 1
        previous_blank = _blank(line)
    if headings > F.NARRATIVE_MAX_HEADINGS:
        report.error(None, f"the narrative has {headings:,} headings and horizontal rules, more "
                           f"than the {F.NARRATIVE_MAX_HEADINGS} allowed — split it into several "
                           "events, or keep only the headings a reader needs", first_line, 1)
        return False
    fence: tuple[str, int] | None = None
    for number, line in enumerate(lines if "#" in body or "```" in body or "~~~" in body else (),
                                  start=first_line):
        match = FENCE.match(line)
        if fence is None and match:
            fence = (match.group(1), number)
        elif fence is not None and match and match.group(1)[0] == fence[0][0] \
                and len(match.group(1)) >= len(fence[0]) and line.strip() == match.group(1):
            fence = None
        elif fence is None and HEADING_1.match(line):
            report.error(None, f"a level-1 heading (`# `) in the narrative; {ONE_TITLE}", number, 1)
    if fence is not None:
        report.error(None, f"this code block ({fence[0]}) is never closed, so it would swallow the "
                           f"rest of the page — add a closing {fence[0]} line", fence[1], 1)
        return True
    if "]" not in body and "<" not in body:
        if "=" in body:
            check_box(report, _without_code(body), first_line)  # a `===` title needs neither
        return True  # no link and no HTML
    prose = _without_code(body)
    for number, line in enumerate(prose.split("\n") if "]" in body else (), start=first_line):
        if "]" not in line:
            continue
        for target in MARKDOWN_LINK.findall(line) + REFERENCE_LINK.findall(line):
            if not F.narrative_link_allowed(target):
                report.error(None, f'a link to "{target}": {LINK_RULE}', number, 1)
    unclosed = _unclosed_block(prose) if "<" in prose else None
    if unclosed is not None:
        tag, line_offset = unclosed
        report.error(None, f"this <{tag}> is never closed, so it would swallow the rest of the page "
                           f"(the sources included) — close it with </{tag}>",
                     first_line + line_offset - 1, 1)
    check_box(report, prose, first_line)
    return True

