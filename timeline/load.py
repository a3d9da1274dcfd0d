"""Load: seed files as text, front matter split from narrative, YAML as typed (with positions).

YAML is read into our own small node tree, so that every scalar keeps the exact text the
contributor typed (no date, bool, octal or sexagesimal guesses), every node keeps its line and
column, and anchors, aliases, tags and duplicate keys are reported instead of resolved. Ordinary
files are composed by libyaml in C; anything unusual is read event by event, which reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml
from yaml._yaml import CParser

from .fields import EVENT_FILE_MAX_BYTES, YAML_MAX_DEPTH
from .problems import Problem

# The C parser when PyYAML has it (it does in every wheel); the pure-Python one is ten times slower.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# C0 and C1 control characters other than tab and line feed: never part of a text file we accept.
# U+2028 and U+2029 too: YAML counts them as line breaks, which would shift every line number.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

# Plain (unquoted) scalars that YAML reads as "nothing"; we read them as empty, not as text.
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


# The nodes are named tuples rather than frozen dataclasses: an event file makes about thirty,
# and a tuple is made three times faster, which is a tenth of the check on 10,000 files.
class Scalar(NamedTuple):
    """A YAML scalar exactly as typed; `plain` is False when it was quoted or a block scalar."""

    value: str
    line: int
    col: int
    end_line: int
    plain: bool

    @property
    def is_null(self) -> bool:
        """Return True for an unquoted empty value, `~` or `null`."""
        return self.plain and self.value in NULL_WORDS


class Sequence(NamedTuple):
    """A YAML list with its position."""

    items: tuple[Node, ...]
    line: int
    col: int


class Mapping(NamedTuple):
    """A YAML mapping with its position; keys are scalars, in file order, without duplicates."""

    items: tuple[tuple[Scalar, Node], ...]
    line: int
    col: int

    def get(self, key: str) -> Node | None:
        """Return the value for `key`, or None."""
        for k, v in self.items:
            if k.value == key:
                return v
        return None


Node = Scalar | Sequence | Mapping


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
        line = text.count("\n", 0, control.start()) + 1
        col = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return SeedText(path, None, (Problem(
            path, line, col,
            f"the file contains the invisible control character U+{ord(control.group()):04X} here "
            "— delete it",
        ),))
    return SeedText(path, text, ())


def _is_delimiter(line: str, mark: str) -> bool:
    """Return True when `line` is the front matter delimiter `mark` (trailing spaces allowed)."""
    return line.rstrip() == mark


def split_front_matter(path: str, text: str) -> FrontMatterDocument:
    """Return the event file split at its `---` lines, with the front matter parsed as typed."""
    lines = text.split("\n")
    if not text.strip():
        return FrontMatterDocument(path, None, 1, "", 1, (Problem(
            path, 1, 1,
            'the file is empty; an event starts with its fields between two "---" lines — '
            "copy the example in docs/contributing.md",
        ),))
    if not _is_delimiter(lines[0], "---"):
        found = lines[0].strip()[:40]
        return FrontMatterDocument(path, None, 1, text, 1, (Problem(
            path, 1, 1,
            f'expected the first line to be "---" (the start of the front matter), found "{found}" — '
            'put the event\'s fields between two "---" lines at the top of the file',
        ),))
    for index in range(1, len(lines)):
        if _is_delimiter(lines[index], "---"):
            closing = index
            break
        if _is_delimiter(lines[index], "..."):
            return FrontMatterDocument(path, None, index + 1, "", index + 1, (Problem(
                path, index + 1, 1,
                'the front matter ends with "...", but it must end with "---" — '
                'replace "..." with "---"',
            ),))
    else:
        return FrontMatterDocument(path, None, len(lines), "", len(lines), (Problem(
            path, 1, 1,
            'the front matter opened here is never closed — add a line "---" after the last field',
        ),))
    yaml_text = "\n".join(lines[1:closing])
    node, problems = parse_yaml(path, yaml_text, first_line=2)
    body = "\n".join(lines[closing + 1:])
    if problems:
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
    return FrontMatterDocument(path, node, closing + 1, body, closing + 2, ())


_QUOTING_HINT = (
    'check the indentation, and put values that contain ": " or " #", or that start with a '
    "special character (such as [ { & * ! | > ' \" % @), in double quotes"
)


def _indented(text: str, index: int) -> bool:
    """Return True when line `index` (0-based) of `text` is an indented `name: value` line."""
    lines = text.split("\n")
    return index < len(lines) and re.match(r"[ \t]+[A-Za-z_][\w-]*:(\s|$)", lines[index]) is not None


def _starts_with_tab(text: str, index: int) -> bool:
    """Return True when line `index` (0-based) of `text` is indented with a tab."""
    lines = text.split("\n")
    return index < len(lines) and "\t" in lines[index][: len(lines[index]) - len(lines[index].lstrip())]


def _yaml_error(path: str, error: yaml.YAMLError, text: str, first_line: int) -> Problem:
    """Return a YAML syntax error as a problem at the place the contributor has to look."""
    mark = getattr(error, "problem_mark", None)
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    if "quoted scalar" in context and context_mark is not None:
        # The parser stops at the end of the text; the fix is where the quote was opened.
        mark, message = context_mark, (
            "this quotation mark is never closed — end the value with the same quotation mark "
            "on the same line"
        )
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
    else:
        detail = f"{context}, {what}" if context else what
        message = f"YAML cannot read this ({detail}) — {_QUOTING_HINT}"
    line = (mark.line if mark is not None else 0) + first_line
    col = (mark.column if mark is not None else 0) + 1
    return Problem(path, line, col, message)


class _Composer(CParser):
    """libyaml's C composer with no tag resolution: every scalar stays text, as typed."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        """Return no tag: we never interpret a scalar."""
        return ""

    def descend_resolver(self, parent: object, index: object) -> None:
        """Do nothing: no path-dependent resolvers."""

    def ascend_resolver(self) -> None:
        """Do nothing: no path-dependent resolvers."""


# Anchors, aliases and tags (`&a`, `*a`, `!t`) start a node: after a space, a line start or an
# indicator. The fast path leaves texts that may hold one ("AT&T" does not) to the event path.
_PROPERTY = re.compile(r"(?:^|[\s\[\]{},:?-])[&*!]", re.MULTILINE)
_INDENT = re.compile(r"^ +", re.MULTILINE)
# libyaml's composer recurses once per level of nesting: it is fast and safe far below this (it
# crashes somewhere above 10,000 levels), so only texts that cannot nest deeper are composed in C.
_FAST_MAX_DEPTH = 1000


def _depth_bound(text: str) -> int:
    """Return a number no smaller than how deep the YAML in `text` can nest.

    Every level needs one of `-`, `:`, `?`, `[`, `{`: their count is a bound, enough for event
    files. For larger texts (registries), a closer one: each flow level needs a `{` or a `[` (a
    `[` can open two); a block level needs more indentation than its parent, or (once per
    indentation) a list under a field at the same indentation, or an indicator on the same line
    (`- - x`, `- a: b`, `? x`).
    """
    marks = sum(map(text.count, "-:?[{"))
    if marks <= _FAST_MAX_DEPTH:
        return marks
    # Inside `[...]`, `a: b` and `? a` make a one-pair mapping with no `{`: two levels per `[`.
    flow = 2 * text.count("[") + text.count("{")
    if flow > _FAST_MAX_DEPTH:
        return flow
    widest = max(map(len, _INDENT.findall(text)), default=0)
    indicators = max(line.count("- ") + line.count("? ") + line.count(": ") + line.endswith(("-", ":"))
                     for line in text.split("\n"))
    return flow + 2 * (widest + 1) + indicators + 1


def _converted(node: yaml.Node, first_line: int, depth: int, seen: set[int]) -> Node | None:
    """Return a composed libyaml node as our node tree; None where only the full path can tell.

    None for a duplicate key, a key that is not a scalar, nesting deeper than allowed, or (should
    one get past the checks before composing) a tag or an alias: the event-by-event path then
    reports those with its exact messages. An alias is a node met twice; following it would copy
    the whole subtree each time, which a few aliases can make exponential.
    """
    if node.tag or id(node) in seen:
        return None
    seen.add(id(node))
    mark = node.start_mark
    if type(node) is yaml.ScalarNode:
        return Scalar(node.value, mark.line + first_line, mark.column + 1,
                      node.end_mark.line + first_line, not node.style)
    if depth >= YAML_MAX_DEPTH:
        return None
    depth += 1
    if type(node) is yaml.SequenceNode:
        items = []
        for item in node.value:
            converted = _converted(item, first_line, depth, seen)
            if converted is None:
                return None
            items.append(converted)
        return Sequence(tuple(items), mark.line + first_line, mark.column + 1)
    pairs: list[tuple[Scalar, Node]] = []
    keys: set[str] = set()
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode or key_node.value in keys or key_node.tag \
                or id(key_node) in seen:
            return None
        seen.add(id(key_node))
        value = _converted(value_node, first_line, depth, seen)
        if value is None:
            return None
        keys.add(key_node.value)
        key_mark = key_node.start_mark
        pairs.append((Scalar(key_node.value, key_mark.line + first_line, key_mark.column + 1,
                             key_node.end_mark.line + first_line, not key_node.style), value))
    return Mapping(tuple(pairs), mark.line + first_line, mark.column + 1)


def _compose_fast(text: str, first_line: int) -> tuple[bool, Node | None]:
    """Return (True, tree) for an ordinary document composed in C, or (False, None) if unusual.

    Most event files are plain fields and lists; libyaml composes them in C, several times faster
    than reading its events one by one in Python. Anything else takes the event-by-event path.
    """
    # libyaml skips U+FEFF where a line starts, so "\ufeff&a" is an anchor: such texts go slow.
    if "\ufeff" in text or (("&" in text or "*" in text or "!" in text) and _PROPERTY.search(text)) \
            or _depth_bound(text) > _FAST_MAX_DEPTH:
        return False, None
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError:
        return False, None
    finally:
        composer.dispose()
    if node is None:
        return True, None
    tree = _converted(node, first_line, 0, set())
    return tree is not None, tree


def parse_yaml(path: str, text: str, first_line: int = 1) -> tuple[Node | None, tuple[Problem, ...]]:
    """Return the YAML document in `text` as a node tree, or the problems that prevent it."""
    done, tree = _compose_fast(text, first_line)
    if done:
        return tree, ()
    return _parse_events(path, text, first_line)


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


def read_bytes(path: Path) -> bytes:
    """Return the bytes of a seed file (the one place seeds are read from disk)."""
    return path.read_bytes()
