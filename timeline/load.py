"""Load: seed files as text, front matter split from narrative, YAML as typed (with positions).

YAML is read into our own small node tree, so that every scalar keeps the exact text the
contributor typed (no date, bool, octal or sexagesimal guesses), every node keeps its line and
column, and anchors, aliases, tags and duplicate keys are reported instead of resolved. Ordinary
files are composed by libyaml in C; anything unusual is read event by event, which reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .fastyaml import compose_fast
from .fields import EVENT_FILE_MAX_BYTES, NONCHARACTERS, YAML_MAX_DEPTH
from .mistakes import FRONT_MATTER_NOT_CLOSED, cut_by_comments, runs_into_narrative, yaml_error
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
    found = _CONTROL.search(text)
    what = "the invisible control character U+{:04X} here"
    if found is None and not text.isascii():
        found = _NONCHARACTER.search(text)
        what = ("U+{:04X} here, a noncharacter that is not text and that feeds and calendars "
                "cannot carry")
    if found is not None:
        line, col = _line_col_of_index(text, found.start())
        return SeedText(path, None, (Problem(
            path, line, col, f"the file contains {what.format(ord(found.group()))} — delete it"),))
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
        raise FrontMatterError(Problem(path, 1, 1, FRONT_MATTER_NOT_CLOSED), len(lines))

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
        if runs_into_narrative(yaml_text, problems):
            # The `---` found is a rule in the narrative: the real closing line is missing.
            problems = (Problem(path, 1, 1, FRONT_MATTER_NOT_CLOSED),)
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



def parse_yaml(path: str, text: str, first_line: int = 1) -> tuple[Node | None, tuple[Problem, ...]]:
    """Return the YAML document in `text` as a node tree, or the problems that prevent it."""
    done, tree = compose_fast(text, first_line)
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
        return None, (yaml_error(path, error, text, first_line),)
    if problems:
        return None, tuple(problems)
    return root, ()
