"""Check: every rule of the seed format, turning node trees into model objects or problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TypeVar

from . import fields as F
from .dates import DateError, parse_event_date
from .load import FrontMatterDocument, Mapping, Node, Scalar, Sequence
from .model import STATUSES, Actor, Citation, Event, EventDate, Source, Tag
from .problems import Problem

T = TypeVar("T")

EVENT_ID = re.compile(F.EVENT_ID_PATTERN)
EVENT_ID_DATE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)-", re.ASCII)
REGISTRY_ID = re.compile(F.ID_PATTERN)
URL = re.compile(F.URL_PATTERN)
LANGUAGE = re.compile(F.LANGUAGE_PATTERN)
ISO_DAY = re.compile(F.DAY_PATTERN)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING_1 = re.compile(r"^ {0,3}#(?:\s|$)")
# Characters that reorder or hide text: they make a title read differently from what it is.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters (tab and line feed aside) and the bidirectional controls, for plain text.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")
SUGGESTIONS_MAX = 10
# Where each registry lives, for messages.
REGISTRY_FILES = {"source": "seeds/sources.yml", "actor": "seeds/actors.yml", "tag": "seeds/tags.yml"}


@dataclass
class Report:
    """The problems found in one file so far (a collector; never raises)."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, node: Node | None, message: str, line: int = 1, col: int = 1) -> None:
        """Record an error at `node` (or at `line`:`col` when there is no node)."""
        if node is not None:
            line, col = node.line, node.col
        self.problems.append(Problem(self.path, line, col, message))

    def warning(self, node: Node | None, message: str, line: int = 1, col: int = 1) -> None:
        """Record a warning: reported, but the build goes on."""
        if node is not None:
            line, col = node.line, node.col
        self.problems.append(Problem(self.path, line, col, message, "warning"))


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """Return the choice closest to a misspelt `word`, or None if nothing is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _kind(node: Node) -> str:
    """Return how a contributor would describe what they wrote."""
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Mapping):
        return "a group of fields"
    return f'"{node.value}"'


def _check_keys(report: Report, mapping: Mapping, specs: dict[str, F.FieldSpec], what: str,
                missing_at: tuple[int, int]) -> None:
    """Report unknown keys (with a suggestion) and missing required ones."""
    names = list(specs)
    misspelt: set[str] = set()
    for key, _ in mapping.items:
        if key.value in specs:
            continue
        close = suggest(key.value, names)
        hint = f'did you mean "{close}"?' if close else f"the fields of {what} are: {', '.join(names)}"
        report.error(key, f'unknown field "{key.value}" — {hint}')
        if close:
            misspelt.add(close)
    for spec in specs.values():
        # A misspelt required field is reported once, as misspelt, not a second time as missing.
        if spec.required and mapping.get(spec.name) is None and spec.name not in misspelt:
            report.error(None, f'missing the required field "{spec.name}" — add {spec.how_to_add}',
                         *missing_at)


def check_plain_text(report: Report, node: Node | None, name: str, *, required: bool,
                     max_length: int | None = None, one_line: bool = True) -> str | None:
    """Return the plain text of a field (white space folded), or None if absent or wrong."""
    if node is None:
        return None
    if not isinstance(node, Scalar):
        report.error(node, f"{name}: expected plain text, found {_kind(node)} — write the text "
                           f"on the same line, after `{name}: `")
        return None
    if node.is_null or node.value.strip() == "":
        if required:
            report.error(node, f"{name}: is empty — write it after `{name}: `")
        return None
    if one_line and (node.end_line > node.line or "\n" in node.value.strip()):
        report.error(node, f"{name}: must be one line, found a value over several lines — "
                           "join it into one line")
        return None
    hidden = _INVISIBLE.search(node.value)
    if hidden is not None:
        char = hidden.group()
        label = unicodedata.name(char, "CONTROL CHARACTER")
        report.error(node, f"{name}: contains the invisible character U+{ord(char):04X} ({label}) "
                           f"at character {hidden.start() + 1} — delete it")
        return None
    text = " ".join(node.value.split())
    if max_length is not None and len(text) > max_length:
        report.error(node, f"{name}: is {len(text)} characters long, more than the {max_length} "
                           "allowed — shorten it")
        return None
    return text


def check_id_list(report: Report, node: Node | None, name: str, kind: str,
                  known: frozenset[str] | None, example: str) -> tuple[str, ...]:
    """Return a list of ids that exist in `known` (unchecked if None); report shapes, unknowns, repeats."""
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return ()
    if not isinstance(node, Sequence):
        shown = _kind(node)
        fix = f"{name}: [{node.value}]" if isinstance(node, Scalar) else example
        report.error(node, f"{name}: expected a list of {kind} ids such as {example.split(': ', 1)[1]}, "
                           f"found {shown} — write `{fix}`")
        return ()
    ids: list[str] = []
    unknown: set[str] = set()
    for item in node.items:
        if not isinstance(item, Scalar) or item.is_null:
            found = "an empty item" if isinstance(item, Scalar) else _kind(item)
            report.error(item, f"{name}: each item must be a {kind} id, found {found} — "
                               f"write `{example}`")
            continue
        value = item.value
        if value in ids or value in unknown:
            report.error(item, f'{name}: "{value}" is listed twice — remove one')
            continue
        if known is not None and value not in known:
            # Suggestions scan every known id: offer them for the first few unknown ids only.
            close = suggest(value, sorted(known)) if len(unknown) < SUGGESTIONS_MAX else None
            unknown.add(value)
            where = REGISTRY_FILES.get(kind, "seeds/events/")
            hint = (f'did you mean "{close}"?' if close
                    else f"add it to {where}, or use an id defined there")
            report.error(item, f'{name}: unknown {kind} "{value}" — {hint}')
            continue
        ids.append(value)
    return tuple(ids)


def check_choice(report: Report, node: Node | None, name: str, choices: dict[str, T],
                 default: T, expected: str, plain_only: bool = False) -> T:
    """Return the value a scalar names among `choices`, or `default` (reporting anything else).

    With `plain_only`, a quoted choice is refused: `importance: "3"` is text to every YAML editor.
    """
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return default
    if isinstance(node, Scalar) and node.value in choices and (node.plain or not plain_only):
        return choices[node.value]
    if isinstance(node, Scalar) and node.value in choices:
        report.error(node, f"{name}: write {node.value} without quotes — it is a number")
        return default
    found = _kind(node)
    close = suggest(node.value, list(choices)) if isinstance(node, Scalar) else None
    hint = f'did you mean "{close}"?' if close else f"write one of them after `{name}: `"
    report.error(node, f"{name}: expected {expected}; found {found} — {hint}")
    return default


def check_date(report: Report, node: Node | None) -> EventDate | None:
    """Return the event date, or None (reporting what to write)."""
    if node is None:
        return None
    if not isinstance(node, Scalar):
        report.error(node, f"date: expected a date such as 2026-01-29, found {_kind(node)} — "
                           "write one date, or an interval START/END, after `date: `")
        return None
    if node.is_null:
        report.error(node, "date: is empty — write the date after `date: `, e.g. `date: 2026-01-29`")
        return None
    try:
        return parse_event_date(node.value)
    except DateError as error:
        report.error(node, f"date: {error}")
        return None


def check_url(report: Report, node: Node | None, name: str) -> str | None:
    """Return an http or https URL, or None (reporting other schemes and malformed values)."""
    text = check_plain_text(report, node, name, required=False)
    if text is None:
        return None
    if not URL.fullmatch(text):
        report.error(node, f'{name}: expected an address starting with https:// or http://, found '
                           f'"{text}" — write the full web address')
        return None
    return text


def check_iso_day(report: Report, node: Node | None, name: str) -> dt.date | None:
    """Return a YYYY-MM-DD date, or None (reporting anything else)."""
    text = check_plain_text(report, node, name, required=True)
    if text is None:
        return None
    match = ISO_DAY.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        report.error(node, f'{name}: expected a real day written YYYY-MM-DD, found "{text}" — '
                           "for example 2026-01-30")
        return None


def _check_citations(report: Report, node: Node | None, sources: Registry
                     ) -> tuple[Citation, ...]:
    """Return the event's citations; every event needs at least one."""
    if node is None:
        return ()  # Reported as a missing required field.
    if (isinstance(node, Scalar) and node.is_null) or (isinstance(node, Sequence) and not node.items):
        report.error(node, "sources: at least one source is required — add a line "
                           "`  - source: <an id from seeds/sources.yml>` under `sources:`")
        return ()
    if not isinstance(node, Sequence):
        fix = f"- source: {node.value}" if isinstance(node, Scalar) else "- source: <id>"
        report.error(node, f"sources: expected a list of sources, found {_kind(node)} — write it as "
                           f"`sources:` followed by lines such as `  {fix}`")
        return ()
    citations: list[Citation] = []
    for item in node.items:
        if not isinstance(item, Mapping):
            value = item.value if isinstance(item, Scalar) else "<id>"
            report.error(item, f"sources: each source is written `- source: <id>`, found {_kind(item)} "
                               f"— write `- source: {value}`")
            continue
        _check_keys(report, item, F.CITATION_FIELDS, "a source entry", (item.line, item.col))
        source_node = item.get("source")
        source_id = check_plain_text(report, source_node, "source", required=True)
        quote = check_plain_text(report, item.get("quote"), "quote", required=False, one_line=False)
        locator = check_plain_text(report, item.get("locator"), "locator", required=False)
        if source_id is None:
            continue
        if sources.ids is not None and source_id not in sources.ids:
            close = suggest(source_id, sorted(sources.ids))
            hint = (f'did you mean "{close}"?' if close
                    else "add it to seeds/sources.yml, or use an id defined there")
            report.error(source_node, f'source: unknown source "{source_id}" — {hint}')
            continue
        citations.append(Citation(source_id, quote, locator))
    return tuple(citations)


def _check_body(report: Report, body: str, first_line: int) -> bool:
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
    for number, line in enumerate(lines if _NESTED_LINE.search(body) else (), start=first_line):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        quotes = len(re.match(r"[ >]*", line).group(0).replace(" ", ""))  # type: ignore[union-attr]
        if indent > F.NARRATIVE_MAX_INDENT or quotes > F.NARRATIVE_MAX_QUOTE_DEPTH:
            report.error(None, f"this line is nested too deeply (more than {F.NARRATIVE_MAX_INDENT} "
                               f"columns of indentation or {F.NARRATIVE_MAX_QUOTE_DEPTH} levels of "
                               '">" quotes) — flatten the lists or quotes', number, 1)
            return False
    fence: tuple[str, int] | None = None
    for number, line in enumerate(lines if _FENCE_OR_HEADING.search(body) else (),
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


# Lines that can nest (indented, or quoted with ">"); fences and headings.
_NESTED_LINE = re.compile(r"^[ \t>]", re.MULTILINE)
_FENCE_OR_HEADING = re.compile(r"```|~~~|#")
# Inline links and images `[text](target)`, and reference definitions `[label]: target`.
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^\s)>]+)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# HTML elements that Python-Markdown treats as a raw block up to their closing tag.
BLOCK_TAGS = frozenset("""address article aside blockquote canvas details dialog div dl fieldset
figure footer form header iframe main math nav noscript object ol p pre script section style svg
table template textarea ul video audio""".split())


def _without_code(body: str) -> str:
    """Return the narrative with code spans and fenced blocks blanked (lines kept)."""
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
            lines.append(CODE_SPAN.sub("", line))
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


def check_event(document: FrontMatterDocument, event_id: str, sources: Registry,
                actors: Registry, tags: Registry, event_ids: frozenset[str] | None,
                today: dt.date) -> tuple[Event | None, list[Problem]]:
    """Return the checked event (or None) and every problem found in its file."""
    report = Report(document.path)
    report.problems.extend(document.problems)
    if not EVENT_ID.fullmatch(event_id):
        report.error(None, f'the file name "{event_id}.md" is not a valid event id — use lowercase '
                           "letters a-z, digits and hyphens, starting with the date and then words, "
                           "e.g. 2026-01-29-first-day-of-washington-talks.md")
    fm = document.front_matter
    if fm is None:
        return None, report.problems
    missing_at = (document.closing_line, 1)
    _check_keys(report, fm, F.EVENT_FIELDS, "an event", missing_at)
    given = {key.value: value for key, value in fm.items}  # keys are unique: the loader saw to it
    title = check_plain_text(report, given.get("title"), "title", required=True, max_length=F.TITLE_MAX)
    date = check_date(report, given.get("date"))
    summary = check_plain_text(report, given.get("summary"), "summary", required=True,
                               max_length=F.SUMMARY_MAX, one_line=False)
    status = check_choice(report, given.get("status"), "status", {s: s for s in STATUSES}, "occurred",
                          "occurred, scheduled, postponed or cancelled")
    importance = check_choice(report, given.get("importance"), "importance", {"1": 1, "2": 2, "3": 3}, 2,
                              "1 (minor), 2 (the default) or 3 (key event)", plain_only=True)
    place = check_plain_text(report, given.get("place"), "place", required=False, max_length=F.TITLE_MAX)
    tag_ids = check_id_list(report, given.get("tags"), "tags", "tag", tags.ids, "tags: [negotiations]")
    actor_ids = check_id_list(report, given.get("actors"), "actors", "actor", actors.ids,
                              "actors: [kim-jung-kwan]")
    related_node = given.get("related")
    if isinstance(related_node, Sequence):
        for item in related_node.items:
            if isinstance(item, Scalar) and item.value == event_id:
                report.error(item, "related: an event cannot be related to itself — remove "
                                   f'"{event_id}"')
        related_node = Sequence(tuple(i for i in related_node.items
                                      if not (isinstance(i, Scalar) and i.value == event_id)),
                                related_node.line, related_node.col)
    # The event's own id was taken out of the list above, so event_ids may include it.
    related = check_id_list(report, related_node, "related", "event", event_ids,
                            "related: [2026-01-26-trump-announces-higher-tariffs]")
    citations = _check_citations(report, given.get("sources"), sources)
    _check_body(report, document.body, document.body_line)

    if date is not None:
        id_date = EVENT_ID_DATE.match(event_id)
        if id_date and not date.start.edtf.rstrip("?~%").startswith(id_date.group(1)):
            report.warning(given.get("date"), f'the file name starts with {id_date.group(1)} but the date '
                                           f"is {date.edtf} — if this event is not published yet, "
                                           "rename the file to start with its date (published ids "
                                           "never change)")
        if status == "scheduled" and date.last_day < today:
            report.warning(given.get("status"), f"status: scheduled for {date.edtf}, which has passed — "
                                             "change it to occurred, postponed or cancelled and say "
                                             "what happened")

    if any(p.severity == "error" for p in report.problems):
        return None, report.problems
    assert title is not None and date is not None and summary is not None
    event = Event(
        id=event_id, path=document.path, title=title, date=date, summary=summary,
        sources=citations, status=status, tags=tag_ids, actors=actor_ids, place=place,
        importance=importance, related=related, body=document.body.strip("\n"),
    )
    return event, report.problems


@dataclass(frozen=True)
class Registry:
    """The checked records of one registry file, and every id it defines (even broken records).

    `ids` is None when the file could not be read at all: references to it are then not checked,
    so that one broken registry is reported once, not once per event that uses it.
    """

    records: dict
    ids: frozenset[str] | None


def check_registry(path: str, root: Node | None, readable: bool, specs: dict[str, F.FieldSpec],
                   what: str, build: Callable[[Report, str, Mapping], object | None]
                   ) -> tuple[Registry, list[Problem]]:
    """Return the records of a registry file keyed by id, and its problems."""
    report = Report(path)
    records: dict[str, object] = {}
    if not readable:
        return Registry(records, None), report.problems
    if root is None or (isinstance(root, Scalar) and root.is_null):
        return Registry(records, frozenset()), report.problems
    if not isinstance(root, Mapping):
        report.error(root, f"expected each {what} as `<id>:` followed by its indented fields, found "
                           f"{_kind(root)} — see the entries already in the file")
        return Registry(records, None), report.problems
    for key, value in root.items:
        if key.value in F.RESERVED_IDS:
            report.error(key, f'"{key.value}" cannot be an id: the list page of the {what}s has that '
                              "name — choose another id")
            continue
        if not REGISTRY_ID.fullmatch(key.value):
            report.error(key, f'"{key.value}" is not a valid id — use lowercase letters a-z, digits '
                              "and single hyphens, e.g. kim-jung-kwan")
            continue
        if not isinstance(value, Mapping):
            report.error(value, f"{key.value}: expected the {what}'s fields indented under its id, "
                                f"found {_kind(value)} — write e.g. `  {next(iter(specs.values())).example}`")
            continue
        _check_keys(report, value, specs, f"a {what}", (key.line, key.col))
        record = build(report, key.value, value)
        if record is not None:
            records[key.value] = record
    return Registry(records, frozenset(key.value for key, _ in root.items)), report.problems


def _failed(report: Report, before: int) -> bool:
    """Return True when errors were recorded since `before`."""
    return any(p.severity == "error" for p in report.problems[before:])


def build_source(report: Report, source_id: str, record: Mapping) -> Source | None:
    """Return a source record, or None if it has errors."""
    before = len(report.problems)
    title = check_plain_text(report, record.get("title"), "title", required=True)
    publisher = check_plain_text(report, record.get("publisher"), "publisher", required=True)
    published = check_iso_day(report, record.get("published"), "published")
    url = check_url(report, record.get("url"), "url")
    language = check_plain_text(report, record.get("language"), "language", required=False)
    if language is not None and not LANGUAGE.fullmatch(language):
        report.error(record.get("language"), f'language: expected a language code such as en or ko, '
                                             f'found "{language}"')
    if _failed(report, before) or title is None or publisher is None or published is None:
        return None
    return Source(source_id, title, publisher, published, url, language)


def build_actor(report: Report, actor_id: str, record: Mapping) -> Actor | None:
    """Return an actor record, or None if it has errors."""
    before = len(report.problems)
    name = check_plain_text(report, record.get("name"), "name", required=True)
    role = check_plain_text(report, record.get("role"), "role", required=False)
    country = check_plain_text(report, record.get("country"), "country", required=False)
    url = check_url(report, record.get("url"), "url")
    if country is not None and country not in F.COUNTRY_CODES:
        upper = country.upper()
        hint = (f'did you mean "{upper}"?' if upper in F.COUNTRY_CODES
                else "use the two-letter ISO 3166-1 code, e.g. KR or US")
        report.error(record.get("country"), f'country: "{country}" is not an ISO 3166-1 country code '
                                            f"— {hint}")
    if _failed(report, before) or name is None:
        return None
    return Actor(actor_id, name, role, country, url)


def build_tag(report: Report, tag_id: str, record: Mapping) -> Tag | None:
    """Return a tag record, or None if it has errors."""
    before = len(report.problems)
    name = check_plain_text(report, record.get("name"), "name", required=True)
    description = check_plain_text(report, record.get("description"), "description", required=False,
                                   one_line=False)
    if _failed(report, before) or name is None:
        return None
    return Tag(tag_id, name, description)
