"""Mistakes: a YAML error reported where the contributor made it, in words about that mistake,
and the values a comment cut short.

PyYAML says where it gave up ("expected <block end>", line 11); the mistake is often lines before
(a quote opened on line 2). Each rule here looks at the lines at and above that place for one
common mistake, runs only once a file has failed to parse, and is linear in the lines it reads.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import yaml

from .fields import PROBLEMS_MAX_PER_FILE, PROSE_FIELDS
from .nodes import Mapping, Node, Scalar, Sequence
from .problems import Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as load.py reads

_QUOTING_HINT = (
    'check the indentation, and put values that contain ": " or " #", or that start with a '
    "special character (such as [ { & * ! | > ' \" % @), in double quotes"
)

# The shapes of a front matter or registry line, each anchored and without nested repetition.
_FIELD = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?=[ \t]|$)")  # `name:` (or `name :`), then a blank
_NO_SPACE = re.compile(r"([A-Za-z_][\w-]*):([^\s:/][^\s]*)")  # `name:value`, no blank between
_KEY_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*)[ \t]*:[ \t]+")  # up to a value
_LIST_ITEM = re.compile(r"[ \t]*-(?:[ \t]+|$)")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*(?:[ \t]+#.*)?")


def runs_into_narrative(front_matter: str, problems: tuple[Problem, ...]) -> bool:
    """Return True when the front matter's one error is a paragraph of prose: the narrative, read
    as fields because the closing `---` is missing (and a `---` comes later, a rule)."""
    if len(problems) != 1 or problems[0].message != _NOT_A_FIELD:
        return False
    index = problems[0].line - 2  # the front matter starts on line 2 of the file
    lines = front_matter.split("\n")
    if not 0 < index < len(lines):
        return False
    # Followed by more lines, none of which is a field: a paragraph. A single stray line just
    # before the closing `---`, or one among fields (a forgotten colon), is not.
    return index + 1 < len(lines) and not any(_FIELD.match(line) for line in lines[index + 1:])


def _indented(text: str, index: int) -> bool:
    """Return True when line `index` (0-based) of `text` is an indented `name: value` line."""
    lines = text.split("\n")
    return index < len(lines) and re.match(r"[ \t]+[A-Za-z_][\w-]*:(\s|$)", lines[index]) is not None


def _starts_with_tab(text: str, index: int) -> bool:
    """Return True when line `index` (0-based) of `text` is indented with a tab."""
    lines = text.split("\n")
    return index < len(lines) and "\t" in lines[index][: len(lines[index]) - len(lines[index].lstrip())]


def _indent(line: str) -> int:
    """Return how many blanks start `line`."""
    return len(line) - len(line.lstrip(" \t"))


def _closing_quote(line: str, start: int) -> int:
    """Return the index of the quote that closes the one at `start` in `line`, or -1."""
    quote = line[start]
    index = start + 1
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2  # an escape: the next character is not the closing quote
            continue
        if char == quote:
            if quote == "'" and line.startswith("'", index + 1):
                index += 2  # '' is an apostrophe inside single quotes
                continue
            return index
        index += 1
    return -1


def _starts_entry(line: str) -> bool:
    """Return True for a line that starts a field (`name: `) at the margin, or a list item."""
    return _FIELD.match(line) is not None or _LIST_ITEM.match(line) is not None


_NOT_A_FIELD = (
    "this line is not a field written as `name: value` — if it continues the value above, indent "
    'it or join it to that line; if the fields end above it, add a line "---" before it')
FRONT_MATTER_NOT_CLOSED = (
    'the front matter opened here is never closed — add a line "---" after the last field')
_NEVER_CLOSED = "the quote {q} opened here is never closed — add a closing {q} at the end of the line"


def _line_mistake(lines: list[str], last: int) -> tuple[int, int, str] | None:
    """Return the first common mistake on lines 0..`last` (0-based line, column and message).

    Only called once YAML has failed: each rule names a mistake at the line it is on, where the
    parser's error may be far below it (a runaway quote ends where the next quote is).
    """
    previous = -1  # the last line that holds something, for the rules that look back
    index = 0
    while index <= last and index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        indent = _indent(line)
        if "\t" in line[:indent]:
            return index, line.index("\t"), (
                "a tab is used here; YAML indents with spaces only — replace the tab with spaces")
        missing_space = _NO_SPACE.match(line) if indent == 0 else None
        if missing_space is not None and _FIELD.match(line) is None:
            name, value = missing_space.groups()
            return index, len(name) + 1, (
                f'a space is missing after "{name}:" — write "{name}: {value}"')
        if indent == 0 and not _starts_entry(line) and not line.startswith(("'", '"', "?", "[", "{")):
            return index, 0, _NOT_A_FIELD
        if _LIST_ITEM.match(line) and previous >= 0:
            owner = lines[previous]
            owner_pair = _KEY_VALUE.match(owner)
            value = owner[owner_pair.end():].strip() if owner_pair is not None else ""
            if (owner_pair is not None and value and not value.startswith("#")
                    and _indent(owner) <= indent and not _LIST_ITEM.match(owner)):
                name = owner_pair.group(1)
                return previous, owner_pair.end(), (
                    f'"{name}:" has the value "{value}" on its line and a list under it — remove '
                    f'"{value}" so that the list is the value of {name}')
        pair = _KEY_VALUE.match(line)
        item = _LIST_ITEM.match(line)
        # Where a value starts: after `name: ` or `- `; other lines continue a value above.
        value_at = pair.end() if pair is not None else item.end() if item is not None else -1
        opener = line[value_at:value_at + 1] if value_at >= 0 else ""
        if _BLOCK_SCALAR.fullmatch(line[value_at:].rstrip() if value_at >= 0 else ""):
            # `summary: >` and the like: the lines indented under it are text, not YAML.
            end = index + 1
            while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
                end += 1
            previous, index = end - 1, end
            continue
        if opener in ("'", '"'):
            close = _closing_quote(line, value_at)
            if close < 0:
                # A quoted value may go on over the next lines (a summary): it is a runaway
                # quote when a line it would swallow starts a field or a list item, or never ends.
                end = index + 1
                def runs_into(line: str) -> bool:
                    """Return True for a line that starts an entry no deeper than this one."""
                    return _starts_entry(line) and _indent(line) <= indent

                while end < len(lines):
                    if runs_into(lines[end]) or (opener in lines[end]
                                                 and _closing_quote(opener + lines[end], 0) >= 0):
                        break
                    end += 1
                if end >= len(lines) or runs_into(lines[end]):
                    return index, value_at, _NEVER_CLOSED.format(q=opener)
                previous, index = end, end + 1
                continue
            rest = line[close + 1:]
            # `]`, `}` and `,` after a quoted item close or go on with a list or group around it.
            if rest.strip(" \t]},") and not rest.lstrip().startswith("#"):
                return index, close + 1 + _indent(rest), (
                    f"the value ends with the closing quote {opener} before this text — quote "
                    "the whole value"
                    + (' (write a " inside double quotes as \\")' if opener == '"'
                       else " (write an apostrophe inside single quotes as '')"))
        elif opener in ("[", "{") and line.rstrip().endswith(("[", "{", ",")) is False:
            closer = "]" if opener == "[" else "}"
            if closer not in line[value_at:] and (index + 1 >= len(lines)
                                                  or _starts_entry(lines[index + 1])):
                what = "list" if opener == "[" else "group"
                return index, value_at, (
                    f'the {what} opened with "{opener}" here is never closed — end it with '
                    f'"{closer}" on the same line')
        previous = index
        index += 1
    return None


def _reads(lines: list[str], blamed: int) -> bool:
    """Return True if YAML reads the lines up to the one after `blamed` (the next that holds
    something), so that a rule's mistake there is no mistake. A runaway quote is not checked so:
    the lines up to it never read."""
    through = blamed + 1
    while through < len(lines) and not lines[through].strip():
        through += 1
    try:
        yaml.compose("\n".join(lines[:through + 1]), Loader=_LOADER)
    except yaml.YAMLError:
        return False
    return True


def yaml_error(path: str, error: yaml.YAMLError, text: str, first_line: int) -> Problem:
    """Return a YAML syntax error as a problem at the place the contributor has to look."""
    mark = getattr(error, "problem_mark", None)
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    lines = text.split("\n")
    mistake = _line_mistake(lines, mark.line if mark is not None else len(lines) - 1)
    if mistake is not None and not mistake[2].startswith(_NEVER_CLOSED[:9]) \
            and _reads(lines, mistake[0]):
        mistake = None  # YAML reads the lines the rule blamed: the mistake is elsewhere
    if mistake is not None:
        line, col, message = mistake
        return Problem(path, line + first_line, col + 1, message)
    if "unknown escape" in what and mark is not None:
        escape = lines[mark.line][mark.column:mark.column + 2] if mark.line < len(lines) else "\\"
        message = (f'"{escape}" is not an escape YAML knows: a backslash in double quotes starts '
                   "one — write \\\\ for a backslash, or put the value in single quotes")
    elif ("escape code" in what or "hexdecimal" in what) and mark is not None \
            and mark.line < len(lines) and "\\" in lines[mark.line][:mark.column]:
        # The mark is at the escape's digits; the escape starts at the backslash before them.
        start = lines[mark.line].rfind("\\", 0, mark.column)
        mark = yaml.Mark(mark.name, mark.index, mark.line, start, None, 0)
        kind = lines[mark.line][start + 1:start + 2]
        digits = {"x": 2, "u": 4, "U": 8}.get(kind, 4)
        hexadecimal = lines[mark.line][start + 2:start + 2 + digits]
        shown = len(hexadecimal) - len(hexadecimal.lstrip("0123456789abcdefABCDEF"))
        escape = f"\\{kind}{hexadecimal[:shown] if shown < digits else hexadecimal}"
        if "escape code" in what and not 0xD800 <= int(hexadecimal[:shown] or "0", 16) <= 0xDFFF:
            message = (f'"{escape}" is past the last character Unicode has (U+10FFFF) — check the '
                       "digits, or type the character itself")
        elif "escape code" in what:
            message = (f'"{escape}" is half of a character (a UTF-16 surrogate), which YAML cannot '
                       "write — type the character itself, or write it as one \\U escape of 8 "
                       "digits")
        else:
            message = (f'"{escape}" needs {digits} hexadecimal digits after \\{kind} — complete '
                       "it, or write \\\\ for a backslash")
    elif "quoted scalar" in context and context_mark is not None:
        # The parser stops at the end of the text; the fix is where the quote was opened.
        mark = context_mark
        quote = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
        quote = quote if quote in ("'", '"') else '"'
        message = _NEVER_CLOSED.format(q=quote)
    elif "flow" in context and context_mark is not None:
        mark = context_mark
        marked = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
        if marked not in ("[", "{"):
            # "while parsing a flow node" marks where the list ran into the next field: the list
            # opened on the nearest line above that opens more than it closes.
            for above in range(min(mark.line, len(lines) - 1), max(mark.line - 50, -1), -1):
                text_above = lines[above]
                if text_above.count("[") + text_above.count("{") > \
                        text_above.count("]") + text_above.count("}"):
                    column = max(text_above.rfind("["), text_above.rfind("{"))
                    mark = yaml.Mark(mark.name, mark.index, above, column, None, 0)
                    break
        opener = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
        opener = opener if opener in ("[", "{") else "["
        closer, what = ("]", "list") if opener == "[" else ("}", "group")
        message = (f'the {what} opened with "{opener}" here is not closed where YAML expects — '
                   f'separate its items with ", " and end it with "{closer}"')
    elif re.search(r"\btab\b", what) or (mark is not None and _starts_with_tab(text, mark.line)):
        message = "a tab is used here; YAML indents with spaces only — replace the tab with spaces"
    elif "mapping values are not allowed" in what and mark is not None and _indented(text, mark.line):
        message = (
            "this line is indented, so YAML reads it as the rest of the value above it — "
            "start each field at the beginning of a line, without spaces before it"
        )
    elif "mapping values are not allowed" in what:
        message = (
            'this value contains ": ", which YAML reads as a new field — '
            "put the whole value in double quotes"
        )
    elif "cannot start any token" in what and mark is not None and mark.line < len(lines):
        char = lines[mark.line][mark.column:mark.column + 1]
        message = (f'a value cannot start with "{char}" unless it is quoted — put the whole value '
                   "in double quotes")
    elif ("expected key" in what or "'-' indicator" in what) and mark is not None \
            and mark.column > 0:
        message = ("this line is indented differently from the lines above it — line it up with "
                   "the field it belongs with (list items' fields line up under the first one)")
    else:
        detail = f"{context}, {what}" if context else what
        message = f"YAML cannot read this ({detail}) — {_QUOTING_HINT}"
    line = (mark.line if mark is not None else 0) + first_line
    col = (mark.column if mark is not None else 0) + 1
    return Problem(path, line, col, message)


# The longest comment or value a warning about a cut value shows (a line can be 100 KB long).
COMMENT_EXAMPLE_MAX = 120


def cut_by_comments(path: str, text: str, first_line: int, node: Node | None) -> tuple[Problem, ...]:
    """Return a warning for each unquoted prose value of `text` (parsed as `node`) that a " #"
    cut short."""
    if node is None or "#" not in text:
        return ()
    return tuple(itertools.islice(_cut_by_comments(path, text.split("\n"), first_line, node),
                                  PROBLEMS_MAX_PER_FILE))


def _cut_by_comments(path: str, lines: list[str], first_line: int, node: Node) -> Iterator[Problem]:
    """Yield a warning for each unquoted prose value that a ` #` on its line cut short: YAML
    reads the rest as a comment, so `title: Round #2 of talks` is the title "Round"."""
    if isinstance(node, Sequence):
        for item in node.items:
            yield from _cut_by_comments(path, lines, first_line, item)
        return
    if not isinstance(node, Mapping):
        return
    for key, value in node.items:
        if not isinstance(value, Scalar):
            yield from _cut_by_comments(path, lines, first_line, value)
            continue
        if key.value not in PROSE_FIELDS or not value.plain or value.end_line != value.line:
            continue
        line = lines[value.line - first_line] if 0 <= value.line - first_line < len(lines) else ""
        end = (value.col - 1 + len(value.value)) if value.value else key.col + len(key.value)
        rest = line[end:]
        comment = rest.lstrip(" \t")
        blanks = len(rest) - len(comment)
        # One blank before "#" is how a "#" in text is typed; two or more, how a comment is.
        if not comment.startswith("#") or (value.value and blanks != 1):
            continue
        kept = f'is only "{value.value}"' if value.value else "is empty"
        whole = f"{value.value} {comment}".strip().replace("\\", "\\\\").replace('"', '\\"')
        example = f': {key.value}: "{whole}"' if len(whole) <= COMMENT_EXAMPLE_MAX else ""
        yield Problem(path, value.line, end + len(rest) - len(comment) + 1,
                      f'{key.value}: YAML reads "{comment[:COMMENT_EXAMPLE_MAX]}" as a comment, so '
                      f'the {key.value} {kept} — if the "#" is part of it, put the whole value in '
                      f"double quotes{example}",
                      "warning")
