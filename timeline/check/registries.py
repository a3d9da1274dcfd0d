"""Registries: sources.yml, actors.yml and tags.yml checked into records keyed by id."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from pymdownx.slugs import slugify

from .. import examples as X
from .. import fields as F
from ..load import decode_seed, parse_yaml
from ..mistakes import cut_by_comments
from ..model import Actor, Era, Form, Source, Tag
from ..nodes import Mapping, Node, Scalar
from ..vocabulary import a_or_an
from ..problems import Problem
from ..read import SeedFile
from .values import (
    Report,
    after_today,
    check_date,
    check_iso_day,
    check_keys,
    check_plain_text,
    check_url,
    kind_of,
    latest_day,
    shown,
)

REGISTRY_ID = re.compile(F.ID_PATTERN)
Record = Source | Actor | Tag | Era  # what a registry file's entries are built into
LANGUAGE = re.compile(F.LANGUAGE_PATTERN)
# The moment a Wayback Machine address (and the archives that copy its scheme) was taken:
# /web/20260304120000/ or /web/20260304120000id_/; its first eight digits are the day.
WAYBACK_STAMP = re.compile(r"/web/(\d{4})(\d{2})(\d{2})\d{0,6}(?:[a-z]{2}_)?/")


def wayback_day(url: str) -> tuple[str, str] | None:
    """Return the day a Wayback Machine address was archived (YYYY-MM-DD) and the part of the
    address that says so ("/web/20260304120000/"), or None if it holds no real day."""
    match = WAYBACK_STAMP.search(url)
    if match is None:
        return None
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day.isoformat(), match.group(0)


@dataclass(frozen=True)
class Registry:
    """The checked records of one registry file, and every id it defines (even broken records).

    `ids` is None when the file could not be read at all: references to it are then not checked,
    so that one broken registry is reported once, not once per event that uses it.
    `example` is the id messages show in their examples: the first of its valid records by id
    (a real id that passes; found once per check, and not moved by events added elsewhere, as
    the most cited one would be), or None if it has none.
    """

    records: dict
    ids: frozenset[str] | None
    example: str | None = None


def record_examples(what: str, record_id: str) -> dict[str, str]:
    """Return the lines to suggest for a record's fields, drawn from its id (never another
    timeline's names): a tag or an actor is named after the words of its id."""
    if what == "source":
        return {"title": f"title: {X.SOURCE_TITLE_PLACEHOLDER}",
                "publisher": f"publisher: {X.PUBLISHER_PLACEHOLDER}",
                "published": f"published: {X.day_in_id(record_id) or X.DAY_FORM}"}
    if what == "era":
        return {"name": f"name: {X.name_example(record_id, capitalise_every_word=True)}",
                "date": f"date: {F.ERA_DATE_EXAMPLE}"}
    return {"name": f"name: {X.name_example(record_id, capitalise_every_word=what == 'actor')}"}




def check_registry(path: str, root: Node | None, readable: bool, specs: dict[str, F.FieldSpec],
                   what: str, build: Callable[[Report, str, Mapping], object | None]
                   ) -> tuple[Registry, list[Problem]]:
    """Return the records of a registry file keyed by id, and its problems."""
    report = Report(path)
    records: dict[str, object] = {}
    if not readable:
        return Registry(records, None), report.listed()
    if root is None or (isinstance(root, Scalar) and root.is_null):
        return Registry(records, frozenset()), report.listed()
    if not isinstance(root, Mapping):
        report.error(root, f"expected each {what} as `<id>:` followed by its indented fields, found "
                           f"{kind_of(root)} — see the entries already in the file")
        return Registry(records, None), report.listed()
    if what == "era" and len(root.items) > F.ERAS_MAX:
        report.error(root.items[F.ERAS_MAX][0], f"this file holds {len(root.items):,} eras, more "
                                                f"than the {F.ERAS_MAX} allowed — keep the eras "
                                                "that matter most")
        return Registry(records, None), report.listed()
    for key, value in root.items:
        if report.full:
            # Records past the first screen of problems are not built: each costs what checking
            # it does (a 5 MB file of empty entries took 16 s); their ids are still defined.
            report.stopped_at = key.line
            break
        if key.value in F.RESERVED_IDS:
            report.error(key, f'"{key.value}" cannot be an id: the list page of the {what}s has that '
                              "name — choose another id")
            continue
        if len(key.value) > F.ID_MAX:
            report.error(key, f"this id is {len(key.value):,} characters long, more than the "
                              f"{F.ID_MAX} allowed — shorten it (it becomes a file name and a web "
                              "address)")
            continue
        if not REGISTRY_ID.fullmatch(key.value):
            example = X.id_example(key.value)
            report.error(key, f'"{shown(key.value)}" is not a valid id — use lowercase letters a-z, '
                              "digits and single hyphens"
                              + (f", e.g. {example}" if example else ""))
            continue
        examples = record_examples(what, key.value)
        if not isinstance(value, Mapping):
            report.error(value, f"{key.value}: expected the {what}'s fields indented under its id, "
                                f"found {kind_of(value)} — write e.g. `  {next(iter(examples.values()))}`")
            continue
        check_keys(report, value, {**specs, **F.form_specs(what)}, a_or_an(what),
                   (key.line, key.col), examples)
        before = report.errors
        forms = check_forms(report, value, what)
        record = build(report, key.value, value)
        if record is not None and report.errors == before:
            records[key.value] = dataclasses.replace(cast(Record, record), forms=forms) \
                if forms else record
    return (Registry(records, frozenset(key.value for key, _ in root.items), min(records, default=None)),
            report.listed())


def check_forms(report: Report, record: Mapping, what: str) -> tuple[Form, ...]:
    """Return a record's text fields in each translation language (`ko: {name: …}`), in the
    order written, each checked as its English field is; mistakes reported."""
    forms: list[Form] = []
    fields = F.form_fields(what)
    for code in F.form_specs(what):
        node = record.get(code)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            continue
        if not isinstance(node, Mapping):
            first = next(iter(fields))
            written = shown(node.value) if isinstance(node, Scalar) else "…"
            report.error(node, f"{code}: expected the {what}'s fields in that language indented "
                               f"under `{code}:`, found {kind_of(node)} — write "
                               f"{F.how_to_add(f'{code}:' + chr(10) + f'  {first}: {written}')}")
            continue
        check_keys(report, node, fields, f"`{code}:`", (node.line, node.col))
        for key, value in node.items:
            if key.value not in fields:
                continue  # reported by check_keys
            most = fields[key.value].schema["maxLength"]
            text = check_plain_text(report, value, key.value, required=True, max_length=most,
                                    one_line=key.value not in _SEVERAL_LINES)
            if text is not None:
                forms.append(Form(code, key.value, text))
    return tuple(forms)


# The registry fields that may run over several lines (the rest are one line, as in English).
_SEVERAL_LINES = frozenset({"description"})


def _failed(report: Report, before: int) -> bool:
    """Return True when errors were recorded since the count of errors was `before`."""
    return report.errors > before


def build_source(report: Report, source_id: str, record: Mapping,
                 today: dt.date | None = None) -> Source | None:
    """Return a source record, or None if it has errors (`today`, the build's day, is the latest
    an archived copy or a reading of the report can be from)."""
    before = report.errors
    title = check_plain_text(report, record.get("title"), "title", required=True,
                             max_length=F.SOURCE_TITLE_MAX)
    publisher = check_plain_text(report, record.get("publisher"), "publisher", required=True,
                                 max_length=F.NAME_MAX)
    published = check_iso_day(report, record.get("published"), "published", X.day_in_id(source_id))
    url = check_url(report, record.get("url"), "url")
    language = check_plain_text(report, record.get("language"), "language", required=False,
                                max_length=F.LANGUAGE_MAX)
    if language is not None and not LANGUAGE.fullmatch(language):
        report.error(record.get("language"), f'language: expected a language code such as en, fr or '
                                             f'pt-BR, found "{shown(language)}" — write the code of '
                                             "the report's language")
    archive_url, archived, accessed = _check_archive(report, record, published, today)
    if _failed(report, before) or title is None or publisher is None or published is None:
        return None
    return Source(source_id, title, publisher, published, url, language, archive_url, archived,
                  accessed)


def _check_archive(report: Report, record: Mapping, published: dt.date | None,
                   today: dt.date | None) -> tuple[str | None, dt.date | None, dt.date | None]:
    """Return a source's archived copy, its day and the day the report was last read (each None
    if absent or wrong, reported)."""
    archive_node, archived_node = record.get("archive_url"), record.get("archived")
    archive_url = check_url(report, archive_node, "archive_url")
    days: dict[str, dt.date | None] = {}
    for name in ("archived", "accessed"):
        node = record.get(name)
        day = None if node is None else check_iso_day(report, node, name)
        if day is not None and today is not None and day > latest_day(today):
            report.error(node, f"{name}: {after_today(day, today)} — "
                               f"write the day the {_WHAT_DAY[name]}: it cannot be later than "
                               "today")
            day = None
        days[name] = day
    archived = days["archived"]
    stamp = None if archive_url is None else wayback_day(archive_url)
    if archive_url is not None and archived_node is None:
        fix = (f"add `archived: {stamp[0]}`, the day its address holds ({stamp[1]})" if stamp else
               "add `archived: YYYY-MM-DD` under it (a Wayback Machine address holds the day: "
               "/web/20260304120000/ is 2026-03-04)")
        report.error(archive_node, f"archive_url: the day of this archived copy is missing — {fix}")
    if archived_node is not None and record.get("archive_url") is None:
        report.error(archived_node, "archived: there is no archived copy for this day — add "
                                    "`archive_url:` with the copy's address, or remove `archived:`")
    if archived is not None and stamp is not None and stamp[0] != archived.isoformat():
        report.warning(archived_node, f"archived: {archived.isoformat()}, but the archived copy's "
                                      f"address says {stamp[0]} ({stamp[1]}) — write `archived: "
                                      f"{stamp[0]}`, or check that archive_url is the right copy")
    if archived is not None and published is not None and archived < published:
        report.warning(archived_node, f"archived: {archived.isoformat()} is before the report was "
                                      f"published ({published.isoformat()}) — check both days: "
                                      "a copy cannot be older than its report")
    return archive_url, archived, days["accessed"]


# What each day of a source's archived copy says, in messages.
_WHAT_DAY = {"archived": "copy was made", "accessed": "report was last read at its address"}


def build_actor(report: Report, actor_id: str, record: Mapping) -> Actor | None:
    """Return an actor record, or None if it has errors."""
    before = report.errors
    name = check_plain_text(report, record.get("name"), "name", required=True, max_length=F.NAME_MAX)
    role = check_plain_text(report, record.get("role"), "role", required=False, max_length=F.ROLE_MAX)
    country = check_plain_text(report, record.get("country"), "country", required=False,
                               max_length=F.COUNTRY_MAX)
    url = check_url(report, record.get("url"), "url")
    if country is not None and country not in F.COUNTRY_CODES:
        upper = country.upper()
        hint = (f'did you mean "{upper}"?' if upper in F.COUNTRY_CODES
                else "use the two-letter ISO 3166-1 code, e.g. US or FR")
        report.error(record.get("country"), f'country: "{country}" is not an ISO 3166-1 country code '
                                            f"— {hint}")
    if _failed(report, before) or name is None:
        return None
    return Actor(actor_id, name, role, country, url)


def build_tag(report: Report, tag_id: str, record: Mapping) -> Tag | None:
    """Return a tag record, or None if it has errors."""
    before = report.errors
    name = check_plain_text(report, record.get("name"), "name", required=True,
                            max_length=F.TAG_NAME_MAX)
    description = check_plain_text(report, record.get("description"), "description", required=False,
                                   max_length=F.DESCRIPTION_MAX, one_line=False)
    if _failed(report, before) or name is None:
        return None
    return Tag(tag_id, name, description)


def build_era(report: Report, era_id: str, record: Mapping) -> Era | None:
    """Return an era record, or None if it has errors."""
    before = report.errors
    name = check_plain_text(report, record.get("name"), "name", required=True,
                            max_length=F.ERA_NAME_MAX)
    node = record.get("date")
    date = check_date(report, node, None)
    if date is not None and not date.is_interval:
        report.error(node, f"date: an era lasts from one date to another, but {date.edtf} is a "
                           "single date — write its end after a slash, e.g. "
                           f"`date: {X.interval_example(date.edtf)}`, or `date: {date.edtf}/..` "
                           "for an era still going on")
        date = None
    description = check_plain_text(report, record.get("description"), "description", required=False,
                                   max_length=F.DESCRIPTION_MAX, one_line=False)
    if _failed(report, before) or name is None or date is None:
        return None
    return Era(era_id, name, date, description)


# The anchor Material's tags plugin gives each tag name on the tags page (its default slug).
TAG_ANCHOR = slugify(case="lower")


def check_tag_anchors(path: str, root: Node | None, tags: dict[str, object]) -> list[Problem]:
    """Return a problem for each tag whose name gives the anchor of an earlier tag on the tags page
    (the page would hold one id twice, and links would all reach the first)."""
    report = Report(path)
    seen: dict[str, tuple[str, str, int]] = {}  # anchor -> the first tag's id, name and line
    for key, value in root.items if isinstance(root, Mapping) else ():
        tag, name = tags.get(key.value), value.get("name") if isinstance(value, Mapping) else None
        if not isinstance(tag, Tag) or name is None:
            continue
        anchor = TAG_ANCHOR(tag.name, "-")  # "" for a name of no letter: "tag:" is an id too
        if anchor in seen:
            first_id, first_name, line = seen[anchor]
            report.error(name, f'name: "{tag.name}" has the same address on the tags page as '
                               f'"{first_name}" (the tag {first_id}, line {line}) — give this tag '
                               "a name of its own, or use that tag")
        else:
            seen[anchor] = (key.value, tag.name, name.line)
    return report.listed()


def check_registry_file(seed: SeedFile | None, specs: dict[str, F.FieldSpec], what: str,
                        problems: list[Problem], today: dt.date | None = None) -> Registry:
    """Return one registry file checked (an absent file is an empty registry), adding its problems
    (`today`, the build's day, bounds the days a source was archived or read)."""
    if seed is None:
        return Registry({}, frozenset())
    decoded = decode_seed(seed.path, seed.data, F.REGISTRY_FILE_MAX_BYTES)
    node, found = (None, decoded.problems) if decoded.text is None else parse_yaml(seed.path, decoded.text)
    problems.extend(found)
    build = functools.partial(build_source, today=today) if what == "source" else BUILDERS[what]
    registry, checked = check_registry(seed.path, node, not found, specs, what, build)
    problems.extend(checked)
    if what == "tag":
        problems.extend(check_tag_anchors(seed.path, node, registry.records))
    if not found and decoded.text is not None:
        problems.extend(cut_by_comments(seed.path, decoded.text, 1, node))
    return registry


# How each registry's records are built.
BUILDERS: dict[str, Callable[[Report, str, Mapping], object | None]] = {
    "source": build_source, "actor": build_actor, "tag": build_tag, "era": build_era}
