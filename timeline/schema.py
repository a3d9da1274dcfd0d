"""Schema: JSON Schemas of event front matter and the registries, made from the field specs."""

from __future__ import annotations

import json
from typing import Any

from . import fields as F

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = ("event", "sources", "actors", "tags")


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


def _registry(specs: dict[str, F.FieldSpec], what: str) -> dict[str, Any]:
    """Return the schema of a registry file: ids mapped to records."""
    return {
        "$schema": DRAFT,
        "$id": f"{what}.schema.json",
        "title": f"seeds/{what}.yml: every {what[:-1]} by id",
        "type": ["object", "null"],
        "propertyNames": {"pattern": F.ID_PATTERN},
        "additionalProperties": _record(specs, f"A {what[:-1]}"),
    }


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the four schemas, keyed by name (event, sources, actors, tags)."""
    event = {"$schema": DRAFT, "$id": "event.schema.json",
             **_record(F.EVENT_FIELDS, "The front matter of an event file in seeds/events/")}
    return {
        "event": event,
        "sources": _registry(F.SOURCE_FIELDS, "sources"),
        "actors": _registry(F.ACTOR_FIELDS, "actors"),
        "tags": _registry(F.TAG_FIELDS, "tags"),
    }


def schema_files() -> dict[str, bytes]:
    """Return each schema as the bytes of `schemas/<name>.schema.json`."""
    return {f"schemas/{name}.schema.json": (json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
            .encode("utf-8") for name, schema in json_schemas().items()}
