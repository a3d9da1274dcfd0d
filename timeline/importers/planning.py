"""Importers, planning: the event files and registry entries an import writes, checked by the
real checker before anything is written (a slide whose file it refuses is left out, reported).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from .. import fields as F
from ..check import check_seeds
from ..check.seeds import unread_problem
from ..examples import event_id_prefix, id_date_part, id_example
from ..images import sniff
from ..load import decode_seed, parse_yaml
from ..markup import escape_markdown
from ..nodes import Mapping, Scalar
from ..problems import Problem
from ..read import SeedFile, Seeds, image_file
from ..scaffold import _scalar, slugify
from ..urls import ERAS_FILE, IMAGES_FOLDER, SOURCES_FILE, TAGS_FILE, event_id_of, event_seed
from .dating import Point, date_as_written, edtf_date, restored_date
from .reading import NOT_CARRIED, ImportRefused, Slide, Timeline
from .text import (
    shown,
    cut_at_word,
    first_sentence,
    html_to_markdown,
    plain_text,
    safe_link,
    shown_twice,
)


@dataclass(frozen=True)
class Existing:
    """What the project holds already: ids taken, and the registries' bytes (None: no file)."""

    event_ids: frozenset[str]
    sources: bytes | None
    tags: bytes | None
    eras: bytes | None
    source_ids: frozenset[str]
    tag_names: dict[str, str]  # tag id -> name
    era_ids: frozenset[str]


@dataclass(frozen=True)
class NewEventFile:
    """One event file to write, and the slide it came from."""

    path: str
    text: str
    where: str
    image: tuple[str, bytes] | None = None  # the image's path under the project, and its bytes


@dataclass
class Plan:
    """What an import writes: new files, text appended to registries, and the row reports."""

    events: list[NewEventFile] = field(default_factory=list)
    appended: dict[str, tuple[bytes | None, str]] = field(default_factory=dict)  # path: (before, added)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, what): the row reports
    tags: int = 0
    eras: int = 0
    source: str = ""
    source_is_new: bool = False

    def note(self, where: str, what: str) -> None:
        """Add a row report: `what` happened to the slide at `where`."""
        self.notes.append((where, what))

    @property
    def not_carried(self) -> int:
        """Return how many slides were left out."""
        return sum(what.startswith(NOT_CARRIED) for _, what in self.notes)


class _Taken:
    """Ids in use, and for each base id the next number to try after it, so that making n ids
    unique takes time in proportion to n (not n² when many slides share a headline)."""

    def __init__(self, ids: set[str] | frozenset[str]) -> None:
        self.ids = set(ids)
        self.next: dict[str, int] = {}

    def __contains__(self, candidate: str) -> bool:
        return candidate in self.ids

    def add(self, candidate: str) -> None:
        """Mark an id as taken."""
        self.ids.add(candidate)

    def unique(self, base: str, limit: int) -> str:
        """Return `base`, or `base-2`, `base-3`, … (within `limit` characters), whichever is free,
        and mark it taken."""
        candidate, number = base, self.next.get(base, 2)
        while candidate in self.ids:
            suffix = f"-{number}"
            candidate = base[:limit - len(suffix)].rstrip("-") + suffix
            number += 1
        self.next[base] = number  # numbers below it are taken for good: ids are never freed
        self.ids.add(candidate)
        return candidate


def _appended_text(before: bytes | None, lines: list[str]) -> str:
    """Return what to add at the end of a registry file for new entries (a blank line first)."""
    if before is None or not before.strip():
        lead = "" if before is None or before.endswith(b"\n") or not before else "\n"
    else:
        lead = "\n" if before.endswith(b"\n") else "\n\n"
    return lead + "\n".join(lines) + "\n"


def _local_media(url: str) -> str | None:
    """Return a media value as a path inside the input's folder ("img/a.jpg"), or None if it is an
    address or leaves that folder."""
    if not url or ":" in url.split("/", 1)[0] or url.startswith(("/", "\\")) or "\\" in url:
        return None
    parts = [p for p in url.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or any(p.startswith(".") for p in parts):
        return None
    return "/".join(parts)


def _image_suffix(path: str) -> str:
    """Return the lowercase extension of a path (".jpg"), or ""."""
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


@dataclass(frozen=True)
class Options:
    """How to import: the input's name, the source to cite, the folder, the import's day."""

    name: str
    source: str | None  # an existing source id, or None for a new record of the file
    folder: str  # "" or "a/b/" under seeds/events/
    today: str  # YYYY-MM-DD: the new source record's `published` placeholder


def plan_import(timeline: Timeline, existing: Existing, options: Options,
                local_file: Callable[[str], bytes | str],
                refused: dict[str, str] | None = None) -> Plan:
    """Return the files an import writes and its row reports.

    `local_file(path)` returns the bytes of a file beside the input, or why it cannot be read;
    `refused` names slides left out, with why (what the checker said of their event files).
    """
    refused = refused or {}
    plan = Plan(notes=list(timeline.notes))
    taken_events = _Taken(existing.event_ids)
    tag_by_name = {name: tag_id for tag_id, name in existing.tag_names.items()}
    taken_tags = _Taken(frozenset(existing.tag_names))
    new_tags: list[str] = []
    taken_eras = _Taken(existing.era_ids)
    new_eras: list[str] = []

    title_slide = next((s for s in timeline.slides if s.kind == "title"), None)
    if options.source is not None:
        plan.source = options.source
    else:
        title = cut_at_word((plain_text(title_slide.headline)
                             or first_sentence(plain_text(title_slide.text))) if title_slide
                            else "", F.SOURCE_TITLE_MAX) or options.name
        plan.source = _Taken(existing.source_ids).unique(id_example(title) or "imported-timeline",
                                                         F.ID_MAX)
        plan.source_is_new = True
        lines = [f"# Imported from {options.name} on {options.today}: publisher and published are "
                 "placeholders — correct them.",
                 f"{plan.source}:", f"  title: {_scalar(title)}",
                 f"  publisher: {_scalar(cut_at_word('TimelineJS file ' + options.name, F.NAME_MAX))}",
                 f"  published: {options.today}"]
        plan.appended[SOURCES_FILE] = (existing.sources, _appended_text(existing.sources, lines))
    for slide in timeline.slides:
        if slide.kind == "title" and slide is not title_slide:
            plan.note(slide.where, NOT_CARRIED + "a second title slide (the first one names the "
                      "source) — clear its Type cell to make it an event")
        elif slide.kind == "title" and plain_text(slide.text) and plain_text(slide.headline) \
                and options.source is None:
            plan.note(slide.where, f"the title slide's text is not carried: a source "
                              "record holds a title only")

    def tag_of(group: str, where: str) -> str:
        name = shown_twice(group)
        if len(name) > F.TAG_NAME_MAX:
            plan.note(where, f"the group name was cut to {F.TAG_NAME_MAX} characters")
            name = cut_at_word(name, F.TAG_NAME_MAX)
        if name in tag_by_name:
            return tag_by_name[name]
        tag_id = taken_tags.unique(id_example(name) or "group", F.ID_MAX)
        tag_by_name[name] = tag_id
        new_tags.extend([f"{tag_id}:", f"  name: {_scalar(name)}"])
        plan.tags += 1
        return tag_id

    for slide in timeline.slides:
        if slide.kind == "title":
            continue
        if slide.where in refused:
            plan.note(slide.where, NOT_CARRIED + refused[slide.where])
            continue
        try:
            date = edtf_date(slide, timeline.cosmological, timeline.sheet)
        except ValueError as error:
            plan.note(slide.where, f"{NOT_CARRIED}{error}")
            continue
        for note in date.notes:
            plan.note(slide.where, note)
        headline, body = plain_text(slide.headline), plain_text(slide.text)
        if slide.kind == "era":
            era = _plan_era(slide, date, headline, body, taken_eras, plan,
                            F.ERAS_MAX - len(existing.era_ids), timeline.sheet)
            if era:
                new_eras.extend(era)
            continue
        caption = plain_text(slide.media_caption)
        if not headline and not body and not caption:
            plan.note(slide.where, f"{NOT_CARRIED}it has no headline, no text and no media caption "
                      f"— give it a {'Headline' if timeline.sheet else 'text.headline'}")
            continue
        title = headline or first_sentence(body) or caption
        if len(title) > F.TITLE_MAX:
            plan.note(slide.where, f"the title was cut at a word to {F.TITLE_MAX} characters"
                      + (" (the whole headline is in the narrative)" if headline else ""))
        summary = cut_at_word(first_sentence(body) if body else title, F.SUMMARY_MAX)
        display = shown_twice(slide.display_date)
        restored = restored_date(date_as_written(slide, timeline.cosmological), display,
                                 timeline.cosmological, id_date_part(slide.unique_id)) \
            if display else None
        if restored is not None:  # the display date says nothing the date does not
            date, slide = Point(restored, date.notes), replace(slide, display_date="")
        event_id = _event_id(slide, date.edtf, title, taken_events)
        taken_events.add(event_id)
        tags = [tag_of(slide.group, slide.where)] if shown_twice(slide.group) else []
        image, media_lines = _media(slide, event_id, headline or title, local_file, plan)
        narrative = _narrative(slide, title, media_lines)
        lines = ["---", f"title: {_scalar(cut_at_word(title, F.TITLE_MAX))}",
                 f"date: {date.edtf}", f"summary: {_scalar(summary)}"]
        if tags:
            lines.append(f"tags: [{', '.join(tags)}]")
        if image is not None:
            lines += ["images:", f"  - file: {image[0].removeprefix(IMAGES_FOLDER)}",
                      f"    alt: {_scalar(image[2])}", f"    credit: {_scalar(image[3])}"]
            if image[4]:
                lines.append(f"    caption: {_scalar(image[4])}")
        lines += ["sources:", f"  - source: {plan.source}", "---", narrative]
        plan.events.append(NewEventFile(event_seed(event_id, options.folder),
                                        "\n".join(lines) + "\n", slide.where,
                                        None if image is None else (image[0], image[1])))
    if new_tags:
        plan.appended[TAGS_FILE] = (existing.tags, _appended_text(existing.tags, new_tags))
    if new_eras:
        plan.appended[ERAS_FILE] = (existing.eras, _appended_text(existing.eras, new_eras))
    return plan


def _event_id(slide: Slide, edtf: str, title: str, taken: _Taken) -> str:
    """Return a new event's id: the slide's unique_id if it is already an event id that starts
    with the date (our own timeline.json keeps ids), else the date and the title's slug."""
    prefix = event_id_prefix(edtf)
    kept = slide.unique_id
    # Kept only if its date part is the date's own (2026-xx-… for 2026-XX, not 2026-… for 2026).
    if (len(kept) <= F.EVENT_ID_MAX and re.fullmatch(F.EVENT_ID_PATTERN, kept)
            and id_date_part(kept) == prefix and kept not in taken):
        return kept
    return taken.unique(f"{prefix}-{slugify(title)}", F.EVENT_ID_MAX)


def _plan_era(slide: Slide, date: Point, headline: str, body: str, taken: _Taken,
              plan: Plan, room: int, sheet: bool) -> list[str] | None:
    """Return the lines of a seeds/eras.yml entry for an era slide, or None (reported) if it
    cannot be one or the registry has no `room` left for it."""
    if "/" not in date.edtf:
        plan.note(slide.where, NOT_CARRIED + "an era needs an end date after its start — give it "
                  + ("an End Year after its Year" if sheet else "an end_date after its start_date"))
        return None
    name = headline or first_sentence(body)
    if not name:
        plan.note(slide.where, NOT_CARRIED + "an era needs a headline (its name) — give it "
                  + ("a Headline" if sheet else "a text.headline"))
        return None
    if len(name) > F.ERA_NAME_MAX:
        plan.note(slide.where, f"the era's name was cut at a word to {F.ERA_NAME_MAX} "
                          "characters")
    if plan.eras >= room:  # the first ones that fit are carried, not none
        plan.note(slide.where, f"{NOT_CARRIED}{ERAS_FILE} holds at most {F.ERAS_MAX} eras — make "
                               "room there and add this one by hand if it matters more")
        return None
    era_id = taken.unique(id_example(name) or "era", F.ID_MAX)
    lines = [f"{era_id}:", f"  name: {_scalar(cut_at_word(name, F.ERA_NAME_MAX))}",
             f"  date: {date.edtf}"]
    if body and headline:
        if len(body) > F.DESCRIPTION_MAX:
            plan.note(slide.where, f"the era's text was cut at a word to "
                              f"{F.DESCRIPTION_MAX:,} characters")
        lines.append(f"  description: {_scalar(cut_at_word(body, F.DESCRIPTION_MAX))}")
    plan.eras += 1
    return lines


def _media(slide: Slide, event_id: str, alt: str, local_file: Callable[[str], bytes | str],
           plan: Plan) -> tuple[tuple[str, bytes, str, str, str] | None, list[str]]:
    """Return a slide's media as an image to copy (path, bytes, alt, credit, caption), or as
    narrative lines linking to it."""
    url = slide.media_url
    if not url:
        return None, []
    caption = cut_at_word(plain_text(slide.media_caption), F.IMAGE_CAPTION_MAX)
    credit = plain_text(slide.media_credit)
    link = safe_link(url)
    if link is not None:
        try:
            host = urlsplit(url.strip()).hostname or ""
        except ValueError:  # "http://[x": an address urllib cannot split still links as written
            host = ""
        words = escape_markdown(caption or (f"Media on {host}" if host else "Media"))
        credit_text = f" ({escape_markdown(cut_at_word(credit, F.NAME_MAX))})" if credit else ""
        return None, [f"[{words}]({link}){credit_text}"]
    if "<" in url:  # TimelineJS shows HTML media (a quote, an embed) as is: its text is kept
        quoted = html_to_markdown(url)
        return None, [quoted] if quoted else []
    local = _local_media(url)
    if local is None:
        plan.note(slide.where, f"the media was not carried: it is neither an http or "
                          "https address nor a file beside the input")
        return None, []
    suffix = _image_suffix(local)
    if suffix not in F.IMAGE_FORMATS:
        plan.note(slide.where, f'the media "{shown(local)}" was not carried: only '
                          ".jpg, .jpeg, .png, .gif and .webp images are stored")
        return None, []
    if not credit:
        plan.note(slide.where, f'the image "{shown(local)}" was not carried: it has no '
                          "Media Credit, and a stored image needs one")
        return None, []
    data = local_file(local)
    if isinstance(data, str):
        plan.note(slide.where, f'the image "{shown(local)}" was not carried: {data}')
        return None, []
    if len(data) > F.IMAGE_MAX_BYTES:
        plan.note(slide.where, f'the image "{shown(local)}" was not carried: it is '
                          f"{len(data):,} bytes, more than the {F.IMAGE_MAX_BYTES:,} an image may be")
        return None, []
    sniffed = sniff(data[:F.IMAGE_HEAD_BYTES])
    if sniffed is None or sniffed.format != F.IMAGE_FORMATS[suffix]:
        plan.note(slide.where, f'the image "{shown(local)}" was not carried: its '
                          f"contents are not a {suffix} image")
        return None, []
    target = f"{IMAGES_FOLDER}{event_id}{'.jpg' if suffix == '.jpeg' else suffix}"
    return (target, data, cut_at_word(caption or alt, F.IMAGE_ALT_MAX),
            cut_at_word(credit, F.IMAGE_CREDIT_MAX), caption), []


def _narrative(slide: Slide, title: str, media_lines: list[str]) -> str:
    """Return an event's narrative: the slide's text as Markdown, its display date, its media."""
    parts: list[str] = []
    headline = plain_text(slide.headline)
    if len(headline) > F.TITLE_MAX:
        parts.append(escape_markdown(headline))
    text = html_to_markdown(slide.text) if slide.text.strip() else ""
    if text:
        parts.append(text)
    display = shown_twice(slide.display_date)
    if display:
        parts.append(f"Date as the original timeline showed it: {escape_markdown(display)}")
    parts += media_lines
    return "\n\n".join(parts)


def registry_entries(path: str, data: bytes | None) -> dict[str, str]:
    """Return a registry file's ids and each record's `name` ("" if none), or none if unreadable."""
    if data is None:
        return {}
    decoded = decode_seed(path, data, F.REGISTRY_FILE_MAX_BYTES)
    node, _ = parse_yaml(path, decoded.text) if decoded.text is not None else (None, ())
    if not isinstance(node, Mapping):
        return {}
    names: dict[str, str] = {}
    for key, value in node.items:
        name = value.get("name") if isinstance(value, Mapping) else None
        names[key.value] = name.value if isinstance(name, Scalar) else ""
    return names


def checked_plan(timeline: Timeline, seeds: Seeds, options: Options,
                 local_file: Callable[[str], bytes | str], today: dt.date) -> Plan:
    """Return the plan of an import whose every file passes the checker: a slide whose event file
    has an error is left out, reported with the checker's first message about it.

    Raises ImportRefused if the registry entries it adds have errors (which would be a fault here).
    """
    names = registry_entries(TAGS_FILE, seeds.tags.data if seeds.tags else None)
    eras = seeds.eras.data if seeds.eras else None
    existing = Existing(
        frozenset(event_id_of(seed.path) for seed in seeds.events),
        seeds.sources.data if seeds.sources else None, seeds.tags.data if seeds.tags else None,
        eras, frozenset(registry_entries(SOURCES_FILE, seeds.sources.data if seeds.sources
                                         else None)),
        names, frozenset(registry_entries(ERAS_FILE, eras)))
    if options.source is not None and options.source not in existing.source_ids:
        raise ImportRefused(f'--source: "{shown(options.source)}" is not an id in {SOURCES_FILE} '
                           "— give the id of a source listed there, or leave --source out to add "
                           "a source record for the file")
    # A registry that cannot be read (a symbolic link, say) is the project's to fix, first.
    _refuse_broken_registry([unread_problem(u) for u in seeds.unread], None)
    refused: dict[str, str] = {}
    for _ in range(2):  # the second pass only confirms: a slide left out changes no other file
        plan = plan_import(timeline, existing, options, local_file, refused)
        problems = _trial(plan, seeds, today)
        by_path = {event.path: event.where for event in plan.events}
        ours = [p for p in problems if p.severity == "error" and p.path in by_path]
        for problem in ours:
            refused.setdefault(by_path[problem.path], "the checker refused its event file: "
                               f"line {problem.line}: {problem.message}")
        broken = [p for p in problems if p.severity == "error" and p.path in plan.appended
                  and p.line > _line_count(plan.appended[p.path][0])]
        if broken:
            # A registry wrong before the import (a symbolic link, say) is the project's to fix.
            _refuse_broken_registry(check_seeds(seeds, today)[1], plan)
            raise ImportRefused("the registry entries this import would add have errors, so "
                               "nothing was written — report this with the input file: "
                               + "; ".join(map(str, broken[:3])))
        if not ours:
            return plan
    return plan


def _refuse_broken_registry(problems: list[Problem], plan: Plan | None) -> None:
    """Raise ImportRefused if one of `problems` is an error in a registry the import adds to (any
    registry if `plan` is None): the project's own, to fix before importing."""
    own = [p for p in problems if p.severity == "error" and p.path in
           (plan.appended if plan is not None else (SOURCES_FILE, TAGS_FILE, ERAS_FILE))]
    if own:
        raise ImportRefused(f"{own[0].path} has an error of its own, and the import adds to it, "
                            f"so nothing was written — fix it, then import again: {own[0]}")


def _line_count(data: bytes | None) -> int:
    """Return the lines a file had before an import appended to it."""
    return 0 if not data else data.count(b"\n") + (not data.endswith(b"\n"))


def _trial(plan: Plan, seeds: Seeds, today: dt.date) -> list[Problem]:
    """Return every problem the checker finds in the project with the plan's files added."""
    def registry(path: str, seed: SeedFile | None) -> SeedFile | None:
        if path not in plan.appended:
            return seed
        before, added = plan.appended[path]
        return SeedFile(path, (before or b"") + added.encode("utf-8"))

    events = (*seeds.events, *(SeedFile(e.path, e.text.encode("utf-8")) for e in plan.events))
    # The images it would copy are checked as the files they would be under seeds/images/.
    images = {**seeds.images, **{path.removeprefix(IMAGES_FOLDER): image_file(len(data),
                                                                           data[:F.IMAGE_HEAD_BYTES])
                                 for path, data in (e.image[:2] for e in plan.events if e.image)}}
    trial = Seeds(tuple(sorted(events, key=lambda seed: seed.path)),
                  registry(SOURCES_FILE, seeds.sources), seeds.actors,
                  registry(TAGS_FILE, seeds.tags), seeds.strays, seeds.unread, images,
                  eras=registry(ERAS_FILE, seeds.eras))
    return check_seeds(trial, today)[1]
