"""Load: seed files as text, front matter split from narrative, YAML as typed (with positions).

YAML is read into our own small node tree, so that every scalar keeps the exact text the
contributor typed (no date, bool, octal or sexagesimal guesses), every node keeps its line and
column, and anchors, aliases, tags and duplicate keys are reported instead of resolved. Ordinary
files are composed by libyaml in C; anything unusual is read event by event, which reports it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .fastyaml import compose_fast
from .fields import (
    EVENT_FILE_MAX_BYTES,
    NONCHARACTERS,
    PROBLEMS_MAX_PER_FILE,
    PROSE_FIELDS,
    YAML_MAX_DEPTH,
)
from .nodes import Mapping, Node, Scalar, Sequence
from .problems import Problem

# The C parser when PyYAML has it (it does in every wheel); the pure-Python one is ten times slower.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# C0 and C1 control characters other than tab and line feed: never part of a text file we accept.
# U+2028 and U+2029 too: YAML counts them as line breaks, which would shift every line number.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Unicode's noncharacters (fields.NONCHARACTERS), never text.
_NONCHARACTER = re.compile(f"[{NONCHARACTERS}]")


@dataclass(frozen=True)
class SeedText:
    """A seed file decoded to text with line endings normalised, or the problems that stopped it."""

    path: str
    text: str | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class FrontMatterDocument:
    """An event file split into its front matter (as a node tree) and its narrative."""

    path: str
    front_matter: Mapping | None
    closing_line: int
    body: str
    body_line: int
    problems: tuple[Problem, ...]


def _line_col_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters, as editors count) of byte `offset`."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def _line_col_of_index(text: str, index: int) -> tuple[int, int]:
    """Return the line and column (1-based, in characters) of `index` in `text`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def decode_seed(path: str, data: bytes, max_bytes: int = EVENT_FILE_MAX_BYTES) -> SeedText:
    """Return the text of a seed file: UTF-8, BOM dropped, CRLF and CR read as LF."""
    if len(data) > max_bytes:
        return SeedText(path, None, (Problem(
            path, 1, 1,
            f"the file is {len(data):,} bytes, more than the {max_bytes:,} allowed — shorten it "
            "(a narrative can link to a longer document instead of holding it)",
        ),))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return SeedText(path, None, (Problem(
            path, 1, 1,
            "the file is saved as UTF-16; seed files must be UTF-8 — "
            "save it again choosing the UTF-8 encoding",
        ),))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # CR-only (old Mac) and CRLF (Windows) files count lines the same way as LF files.
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col_of_offset(data, nul)
        return SeedText(path, None, (Problem(
            path, line, col,
            "the file contains a NUL byte, so it is not a text file — "
            "save it again as plain UTF-8 text",
        ),))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _line_col_of_offset(data, error.start)
        byte = data[error.start]
        return SeedText(path, None, (Problem(
            path, line, col,
            f"the byte 0x{byte:02x} here is not valid UTF-8 — "
            "save the file again choosing the UTF-8 encoding",
        ),))
    control = _CONTROL.search(text)
    if control is not None:
        line, col = _line_col_of_index(text, control.start())
        return SeedText(path, None, (Problem(
            path, line, col,
            f"the file contains the invisible control character U+{ord(control.group()):04X} here "
            "— delete it",
        ),))
    nonchar = None if text.isascii() else _NONCHARACTER.search(text)
    if nonchar is not None:
        line, col = _line_col_of_index(text, nonchar.start())
        return SeedText(path, None, (Problem(
            path, line, col,
            f"the file contains U+{ord(nonchar.group()):04X} here, a noncharacter that is not text "
            "and that feeds and calendars cannot carry — delete it",
        ),))
    return SeedText(path, text, ())


class FrontMatterError(ValueError):
    """Why a text has no front matter to split off: the problem, in its place."""

    def __init__(self, problem: Problem, closing_line: int, body: str = "") -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.closing_line = closing_line
        self.body = body  # what is left as the narrative: all of it, if nothing looks like fields


class SeedHandler(YAMLHandler):
    """python-frontmatter's handler for our files: front matter between two `---` lines (trailing
    spaces allowed), read as typed, into nodes that know their line and column.

    python-frontmatter's own `parse` strips the text (shifting line numbers), keeps only dict
    metadata and accepts `----`; so the pipeline calls this handler's `split` and `load` itself.
    """

    FM_BOUNDARY = re.compile(r"^---[^\S\n]*$", re.MULTILINE)

    def __init__(self, path: str = "<text>") -> None:
        super().__init__()
        self.path = path

    def split_at(self, text: str) -> tuple[str, str, int]:
        """Return the front matter, the narrative and the 0-based index of the closing line;
        raise FrontMatterError saying what is wrong and how to fix it."""
        lines = text.split("\n")
        path = self.path
        if not text.strip():
            raise FrontMatterError(Problem(
                path, 1, 1,
                'the file is empty; an event starts with its fields between two "---" lines — '
                "copy the example in docs/contributing.md",
            ), 1)
        if not _is_delimiter(lines[0], "---"):
            found = lines[0].strip()[:40]
            raise FrontMatterError(Problem(
                path, 1, 1,
                f'expected the first line to be "---" (the start of the front matter), found '
                f'"{found}" — put the event\'s fields between two "---" lines at the top of the file',
            ), 1, text)
        for index in range(1, len(lines)):
            if _is_delimiter(lines[index], "---"):
                return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index
            dashes = lines[index].rstrip()
            # Four or more dashes: a closing line mistyped ("-" and "--" can be YAML list items).
            if len(dashes) > 3 and dashes == "-" * len(dashes):
                raise FrontMatterError(Problem(
                    path, index + 1, 1,
                    f'the front matter ends with {len(dashes)} dashes, but it must end with exactly '
                    'three — write "---"',
                ), index + 1)
            if _is_delimiter(lines[index], "..."):
                raise FrontMatterError(Problem(
                    path, index + 1, 1,
                    'the front matter ends with "...", but it must end with "---" — '
                    'replace "..." with "---"',
                ), index + 1)
        raise FrontMatterError(Problem(path, 1, 1, _FRONT_MATTER_NOT_CLOSED), len(lines))

    def split(self, text: str) -> tuple[str, str]:
        """Return the front matter and the narrative (python-frontmatter's interface)."""
        front_matter, body, _ = self.split_at(text)
        return front_matter, body

    def load_nodes(self, fm: str) -> tuple[Node | None, tuple[Problem, ...]]:
        """Return the front matter (which starts on line 2) as nodes, or its problems."""
        return parse_yaml(self.path, fm, first_line=2)

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        """Return the front matter as plain values, each the text that was typed (for
        `frontmatter.loads(text, handler=SeedHandler())`); raise ValueError if it cannot be read."""
        node, problems = self.load_nodes(fm)
        if problems:
            raise ValueError(str(problems[0]))
        value = _plain(node)
        return value if isinstance(value, dict) else {}


def _plain(node: Node | None) -> Any:
    """Return a node tree as plain values: text, None, lists and dicts."""
    if node is None or isinstance(node, Scalar):
        return None if node is None or node.is_null else node.value
    if isinstance(node, Sequence):
        return [_plain(item) for item in node.items]
    return {key.value: _plain(value) for key, value in node.items}


def _is_delimiter(line: str, mark: str) -> bool:
    """Return True when `line` is the front matter delimiter `mark` (trailing spaces allowed)."""
    return line.rstrip() == mark


def split_front_matter(path: str, text: str) -> FrontMatterDocument:
    """Return the event file split at its `---` lines, with the front matter parsed as typed."""
    handler = SeedHandler(path)
    try:
        yaml_text, body, closing = handler.split_at(text)
    except FrontMatterError as error:
        return FrontMatterDocument(path, None, error.closing_line, error.body,
                                   error.closing_line, (error.problem,))
    node, problems = handler.load_nodes(yaml_text)
    if problems:
        if _runs_into_narrative(yaml_text, problems):
            # The `---` found is a rule in the narrative: the real closing line is missing.
            problems = (Problem(path, 1, 1, _FRONT_MATTER_NOT_CLOSED),)
        return FrontMatterDocument(path, None, closing + 1, body, closing + 2, problems)
    if node is None:
        node = Mapping((), 2, 1)
    if not isinstance(node, Mapping):
        kind = "a list" if isinstance(node, Sequence) else "a single value"
        return FrontMatterDocument(path, None, closing + 1, body, closing + 2, (Problem(
            path, node.line, node.col,
            f"expected the front matter to be fields written as `name: value`, found {kind} — "
            "write one field per line, e.g. `title: ...`",
        ),))
    return FrontMatterDocument(path, node, closing + 1, body, closing + 2,
                               cut_by_comments(path, yaml_text, 2, node))


_QUOTING_HINT = (
    'check the indentation, and put values that contain ": " or " #", or that start with a '
    "special character (such as [ { & * ! | > ' \" % @), in double quotes"
)

# The shapes of a front matter or registry line, each anchored and without nested repetition.
_FIELD = re.compile(r"[A-Za-z_][\w-]*:(?=[ \t]|$)")  # `name:` then a blank or the end
_NO_SPACE = re.compile(r"([A-Za-z_][\w-]*):([^\s:/][^\s]*)")  # `name:value`, no blank between
_KEY_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*):[ \t]+")  # up to a value
_LIST_ITEM = re.compile(r"[ \t]*-(?:[ \t]+|$)")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*(?:[ \t]+#.*)?")


def _runs_into_narrative(front_matter: str, problems: tuple[Problem, ...]) -> bool:
    """Return True when the front matter's one error is a paragraph of prose: the narrative, read
    as fields because the closing `---` is missing (and a `---` comes later, a rule)."""
    if len(problems) != 1 or problems[0].message != _NOT_A_FIELD:
        return False
    index = problems[0].line - 2  # the front matter starts on line 2 of the file
    lines = front_matter.split("\n")
    if not 0 < index < len(lines):
        return False
    # After a blank line, or followed by more lines none of which is a field: a paragraph. A
    # single stray line just before the closing `---`, or one among fields, is not.
    return index + 1 < len(lines) and (
        not lines[index - 1].strip() or not any(_FIELD.match(line) for line in lines[index + 1:]))


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
_FRONT_MATTER_NOT_CLOSED = (
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
                while end < len(lines):
                    if _starts_entry(lines[end]) or (opener in lines[end]
                                                     and _closing_quote(opener + lines[end], 0) >= 0):
                        break
                    end += 1
                if end >= len(lines) or _starts_entry(lines[end]):
                    return index, value_at, _NEVER_CLOSED.format(q=opener)
                previous, index = end, end + 1
                continue
            rest = line[close + 1:]
            if rest.strip() and not rest.lstrip().startswith("#"):
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


def _yaml_error(path: str, error: yaml.YAMLError, text: str, first_line: int) -> Problem:
    """Return a YAML syntax error as a problem at the place the contributor has to look."""
    mark = getattr(error, "problem_mark", None)
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    lines = text.split("\n")
    mistake = _line_mistake(lines, mark.line if mark is not None else len(lines) - 1)
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
        quote = lines[mark.line][mark.column] if mark.line < len(lines) else '"'
        message = _NEVER_CLOSED.format(q=quote)
    elif "flow" in context and context_mark is not None:
        mark = context_mark
        opener = lines[mark.line][mark.column] if mark.line < len(lines) else "["
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


def parse_yaml(path: str, text: str, first_line: int = 1) -> tuple[Node | None, tuple[Problem, ...]]:
    """Return the YAML document in `text` as a node tree, or the problems that prevent it."""
    done, tree = compose_fast(text, first_line)
    if done:
        return tree, ()
    return _parse_events(path, text, first_line)


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


def _parse_events(path: str, text: str, first_line: int) -> tuple[Node | None, tuple[Problem, ...]]:
    """Return the YAML document in `text` read event by event, or every problem found in it."""
    problems: list[Problem] = []
    # Each open collection: (kind, start line, start col, items, pending key, keys seen so far).
    stack: list[list] = []
    root: Node | None = None
    documents = 0

    def place(event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        assert mark is not None  # the parser marks every event
        return mark.line + first_line, mark.column + 1

    def add(node: Node, event: yaml.Event) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        if top[0] == "seq":
            top[3].append(node)
        elif top[4] is None:
            if not isinstance(node, Scalar):
                line, col = place(event)
                problems.append(Problem(
                    path, line, col,
                    "expected a field name here, found a list or mapping used as a name — "
                    "field names are plain words such as `title`",
                ))
                node = Scalar("", node.line, node.col, node.line, True)
            top[4] = node
        else:
            key: Scalar = top[4]
            earlier = top[5].get(key.value)
            if earlier is not None:
                problems.append(Problem(
                    path, key.line, key.col,
                    f'"{key.value}" is given twice (first on line {earlier.line}) — '
                    "keep only one of them",
                ))
            else:
                top[5][key.value] = key
                top[3].append((key, node))
            top[4] = None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = place(event)
                    problems.append(Problem(
                        path, line, col,
                        "found a second YAML document inside the front matter — "
                        'remove the extra "---" or "..." line',
                    ))
                    break
                continue
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent):
                line, col = place(event)
                problems.append(Problem(
                    path, line, col,
                    f"YAML aliases (*{anchor}) are not part of the event format — "
                    "write the value out in full",
                ))
                add(Scalar("", line, col, line, True), event)
                continue
            if anchor is not None and isinstance(
                event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
            ):
                line, col = place(event)
                problems.append(Problem(
                    path, line, col,
                    f"YAML anchors (&{anchor}) are not part of the event format — remove the anchor",
                ))
            # Events carry a tag only where the file wrote one (`!!str`, `!!python/...`, `!x`).
            tag = getattr(event, "tag", None)
            if tag is not None:
                line, col = place(event)
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(Problem(
                    path, line, col,
                    f"YAML tags ({shown}) are not part of the event format — remove the tag and "
                    "write the value as plain text",
                ))
            if isinstance(event, yaml.ScalarEvent):
                line, col = place(event)
                assert event.end_mark is not None
                add(Scalar(event.value, line, col, event.end_mark.line + first_line,
                           event.style in (None, "")), event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                line, col = place(event)
                if len(stack) >= YAML_MAX_DEPTH:
                    # Stop the parser here: deep nesting is never needed and can be made slow.
                    return None, (*problems, Problem(
                        path, line, col,
                        f"lists and groups of fields are nested more than {YAML_MAX_DEPTH} levels "
                        "deep here; seed files never need that — remove the extra brackets or "
                        "indentation",
                    ))
                kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
                stack.append([kind, line, col, [], None, {}])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                kind, line, col, items, _, _ = stack.pop()
                closed: Node = (Sequence(tuple(items), line, col) if kind == "seq"
                                else Mapping(tuple(items), line, col))
                add(closed, event)
    except yaml.YAMLError as error:
        return None, (_yaml_error(path, error, text, first_line),)
    if problems:
        return None, tuple(problems)
    return root, ()
