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
# HTML elements that Python-Markdown treats as a raw block up to their closing tag.
BLOCK_TAGS = frozenset("""address article aside blockquote canvas details dialog div dl fieldset
figure footer form header iframe main math nav noscript object ol p pre script section style svg
table template textarea ul video audio""".split())


def _can_nest(body: str) -> bool:
    """Return True if a line of the narrative is indented or quoted (and so can nest)."""
    return body[:1] in (" ", "\t", ">") or "\n " in body or "\n\t" in body or "\n>" in body


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


def _unclosed_block(text: str) -> tuple[str, int] | None:
    """Return the first block-level element left open in `text`, and its line, or None."""
    parser = _BlockTags()
    parser.feed(text)
    parser.close()
    return parser.open[0] if parser.open else None



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
            ("<", F.NARRATIVE_MAX_ANGLES, "— remove the extra ones")):
        found = body.count(char)
        if found > limit:
            report.error(None, f'the narrative has {found:,} "{char}" characters, more than the '
                               f"{limit} allowed {advice}", first_line, 1)
            return False
    # Most narratives are plain paragraphs: each scan below runs only if what it looks for is there.
    lines = body.split("\n")
    for number, line in enumerate(lines if _can_nest(body) else (), start=first_line):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        quotes = len(re.match(r"[ >]*", line).group(0).replace(" ", ""))  # type: ignore[union-attr]
        if indent > F.NARRATIVE_MAX_INDENT or quotes > F.NARRATIVE_MAX_QUOTE_DEPTH:
            report.error(None, f"this line is nested too deeply (more than {F.NARRATIVE_MAX_INDENT} "
                               f"columns of indentation or {F.NARRATIVE_MAX_QUOTE_DEPTH} levels of "
                               '">" quotes) — flatten the lists or quotes', number, 1)
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
            report.error(None, "a level-1 heading (`# `) in the narrative; the event title is the "
                               "page's only level-1 heading — use `## ` for headings", number, 1)
    if fence is not None:
        report.error(None, f"this code block ({fence[0]}) is never closed, so it would swallow the "
                           f"rest of the page — add a closing {fence[0]} line", fence[1], 1)
        return True
    if "]" not in body and "<" not in body:
        return True  # no link and no HTML
    prose = _without_code(body)
    for number, line in enumerate(prose.split("\n") if "]" in body else (), start=first_line):
        if "]" not in line:
            continue
        for target in MARKDOWN_LINK.findall(line) + REFERENCE_LINK.findall(line):
            if not target.lower().startswith(("https://", "http://", "mailto:")):
                report.error(None, f'a link to "{target}": links in a narrative must start with '
                                   "https://, http:// or mailto: — to point to another event, list "
                                   "it under related:", number, 1)
    unclosed = _unclosed_block(prose) if "<" in prose else None
    if unclosed is not None:
        tag, line_offset = unclosed
        report.error(None, f"this <{tag}> is never closed, so it would swallow the rest of the page "
                           f"(the sources included) — close it with </{tag}>",
                     first_line + line_offset - 1, 1)
    return True

