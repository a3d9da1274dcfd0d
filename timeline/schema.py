"""Schema: the JSON Schemas of the seed files (made from the field specs) and of events.json."""

from __future__ import annotations

import json
from typing import Any

from . import fields as F
from . import urls
from .vocabulary import IMPORTANCE, PRECISIONS, STATUSES, a_or_an

DRAFT = "https://json-schema.org/draft/2020-12/schema"
EVENTS_JSON_VERSION = 1


def _properties(specs: dict[str, F.FieldSpec]) -> dict[str, Any]:
    """Return the `properties` of an object whose fields are `specs`, with their descriptions."""
    return {name: {**spec.schema, "description": spec.description} for name, spec in specs.items()}


def _record(specs: dict[str, F.FieldSpec], title: str) -> dict[str, Any]:
    """Return the schema of one record: its fields, the required ones, nothing else."""
    return {
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, spec in specs.items() if spec.required],
        "properties": _properties(specs),
    }


def _registry(specs: dict[str, F.FieldSpec], what: str, most: int | None = None) -> dict[str, Any]:
    """Return the schema of a registry file: ids mapped to records (at most `most` of them)."""
    return {
        "$schema": DRAFT,
        "$id": urls.seed_schema(what).rsplit("/", 1)[1],
        "title": f"{urls.SEEDS}/{what}.yml: every {what[:-1]} by id",
        "type": ["object", "null"],
        "propertyNames": {"pattern": F.ID_PATTERN, "maxLength": F.ID_MAX},
        **({"maxProperties": most} if most is not None else {}),
        "additionalProperties": _record({**specs, **F.form_specs(what[:-1])},
                                        a_or_an(what[:-1]).capitalize()),
    }


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the six schemas, keyed by name (event, translation, sources, actors, tags, eras)."""
    event = {"$schema": DRAFT, "$id": urls.seed_schema("event").rsplit("/", 1)[1],
             **_record(F.EVENT_FIELDS, f"The front matter of an event file in {urls.EVENTS_FOLDER}")}
    translation = {"$schema": DRAFT, "$id": urls.seed_schema("translation").rsplit("/", 1)[1],
                   **_record(F.TRANSLATION_FIELDS, "The front matter of a translation file "
                                                   f"beside its event in {urls.EVENTS_FOLDER} "
                                                   "(<id>.<language>.md)")}
    return {
        "event": event,
        "translation": translation,
        "sources": _registry(F.SOURCE_FIELDS, "sources"),
        "actors": _registry(F.ACTOR_FIELDS, "actors"),
        "tags": _registry(F.TAG_FIELDS, "tags"),
        "eras": _registry(F.ERA_FIELDS, "eras", F.ERAS_MAX),
    }


def schema_bytes(schema: dict[str, Any]) -> bytes:
    """Return a schema as the bytes of its published file."""
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def events_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of events.json, version EVENTS_JSON_VERSION."""
    text = {"type": "string"}
    maybe_text = {"type": ["string", "null"]}
    ids = {"type": "array", "items": text}
    citations = {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["source"],
        "properties": {**{name: maybe_text if not spec.required else text
                          for name, spec in F.CITATION_FIELDS.items()},
                       # Found in the source's archived text (seeds/quotes.lock), or null.
                       "verified": {"type": ["object", "null"],
                                    "required": ["date", "archive_file", "text_sha256", "line",
                                                 "column"],
                                    "properties": {
                                        "date": text, "archive_file": text, "text_sha256": text,
                                        "line": {"type": "integer", "minimum": 1},
                                        "column": {"type": "integer", "minimum": 1}}}}}}
    event = {
        "type": "object",
        "required": ["id", "url", "title", "date", "summary", "status", "importance", "sources"],
        "properties": {
            "id": text, "url": text, "title": text, "summary": text, "place": maybe_text,
            "status": {"enum": list(STATUSES)},
            "importance": {"enum": list(IMPORTANCE)},
            "date": {"type": "object", "required": ["edtf", "display", "start", "end", "precision"],
                     "properties": {"edtf": text, "display": text, "start": text,
                                    "end": maybe_text, "precision": {"enum": list(PRECISIONS)},
                                    "uncertain": {"type": "boolean"},
                                    "approximate": {"type": "boolean"},
                                    "ongoing": {"type": "boolean"}}},
            "tags": ids, "actors": ids, "related": ids, "narrative": text,
            "images": {"type": "array", "items": {
                "type": "object",
                "required": ["url", "file", "alt", "credit", "caption", "width", "height"],
                "properties": {"url": text, "file": text, "alt": text, "credit": text,
                               "caption": maybe_text, "width": {"type": "integer", "minimum": 1},
                               "height": {"type": "integer", "minimum": 1}}}},
            "sources": citations,
            # Not required: files written before updates existed have neither.
            "updates": {"type": "array", "maxItems": F.UPDATES_MAX, "items": {
                "type": "object", "required": ["date", "note", "source"],
                "properties": {name: maybe_text if not spec.required else text
                               for name, spec in F.UPDATE_FIELDS.items()}}},
            # The day of the last commit that touched the event's file, YYYY-MM-DD; null when the
            # site was built outside its repository.
            "last_changed": maybe_text,
            # Not required: files written before accounts existed have none.
            "accounts_differ": {"type": "boolean"},
            "accounts": {"type": "array", "items": {
                "type": "object", "required": ["by", "by_kind", "by_name", "says", "sources"],
                "properties": {"by": text, "by_kind": {"enum": ["actor", "source"]},
                               "by_name": text, "says": text, "sources": citations}}},
            # Not required: files written before translations existed have neither. The
            # language of the event's text (BCP 47), and on a translated site how far it is
            # translated (null on the site in the timeline's own language).
            "language": text,
            "translation": {"enum": ["translated", "outdated", "untranslated", None]},
        },
    }
    return {
        "$schema": DRAFT,
        "$id": urls.events_schema(EVENTS_JSON_VERSION).rsplit("/", 1)[1],
        "title": f"events.json, version {EVENTS_JSON_VERSION}",
        "type": "object",
        "required": ["version", "events", "sources", "actors", "tags"],
        "properties": {"version": {"const": EVENTS_JSON_VERSION}, "events": {"type": "array",
                                                                            "items": event},
                       # The language of this file's site (BCP 47): ko/events.json is "ko".
                       "language": text,
                       "sources": {"type": "object", "additionalProperties": {
                           "type": "object",
                           "required": [n for n, spec in F.SOURCE_FIELDS.items() if spec.required],
                           # Each field as in sources.yml; the days YYYY-MM-DD.
                           "properties": {name: text if spec.required else maybe_text
                                          for name, spec in F.SOURCE_FIELDS.items()}}},
                       "actors": {"type": "object"},
                       "tags": {"type": "object"},
                       # Not required: files written before eras existed have none.
                       "eras": {"type": "object", "additionalProperties": {
                           "type": "object", "required": ["name", "date"],
                           "properties": {"name": text, "description": maybe_text,
                                          "date": {"type": "object",
                                                   "required": ["edtf", "display", "start", "end"],
                                                   "properties": {"edtf": text, "display": text,
                                                                  "start": text, "end": maybe_text,
                                                                  "ongoing": {"type": "boolean"}}}}}}},
    }


def schema_files() -> dict[str, bytes]:
    """Return each seed file schema as the bytes of `schemas/<name>.schema.json`."""
    return {urls.seed_schema(name): schema_bytes(schema) for name, schema in json_schemas().items()}
