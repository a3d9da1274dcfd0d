"""Translating: the translation file `translate` writes for an event, for a translator to fill in.

The stub holds every field the event has to translate, each under its English text shown as a
comment, and `translated_from:` set to the event's fingerprint. The fields to write are left empty,
so that `check` lists exactly what is still missing, each at its line; the narrative's English is
shown in comments at the end of the front matter, and the file's narrative is left to write.
"""

from __future__ import annotations

import json

from .languages import LANGUAGE_NAMES, event_fingerprint
from .model import Event


def _comment(label: str, text: str, indent: str = "") -> str:
    """Return `text` (any number of lines) as YAML comment lines, the first after `label`."""
    lines = text.split("\n")
    first = f"{indent}# {label}: {lines[0]}".rstrip()
    return "\n".join([first, *(f"{indent}#   {line}".rstrip() for line in lines[1:])]) + "\n"


def _quoted(text: str) -> str:
    """Return text as a YAML double-quoted scalar (JSON's string syntax, which YAML reads)."""
    return json.dumps(text, ensure_ascii=False)


def translation_stub(event: Event, language: str) -> str:
    """Return the translation file of `event` into `language` to fill in: its fields empty under
    their English, `translated_from:` set, the English narrative in comments."""
    name = LANGUAGE_NAMES[language]
    out = ["---\n",
           f"# The translation of {event.path}\n"
           f"# into {name} ({language}). Write each field in place of the English shown above it,\n"
           "# then run `make check`: it lists what is still empty. A field, or an entry of a\n"
           "# list, you leave out is shown in English.\n",
           _comment("title", event.title), "title:\n",
           _comment("summary", event.summary), "summary:\n",
           f"translated_from: {event_fingerprint(event)}\n"]
    if event.place:
        out += [_comment("place", event.place), "place:\n"]
    quotes = list(dict.fromkeys(c.quote for c in event.all_citations if c.quote))
    if quotes:
        out.append("# Each quote stays as the source wrote it; write our translation under it.\n"
                   "quotes:\n")
        out += [f"  - quote: {_quoted(quote)}\n    translation:\n" for quote in quotes]
    if event.accounts:
        out.append("accounts:\n")
        for account in event.accounts:
            out += [f"  - by: {account.by}\n", _comment("says", account.says, "    "),
                    "    says:\n"]
    if event.updates:
        out.append("updates:\n")
        for update in event.updates:
            out += [f"  - date: {update.date.isoformat()}\n",
                    _comment("note", update.note, "    "), "    note:\n"]
    if event.images:
        out.append("images:\n")
        for image in event.images:
            out += [f"  - file: {_quoted(image.file)}\n", _comment("alt", image.alt, "    "),
                    "    alt:\n"]
            if image.caption:
                out += [_comment("caption", image.caption, "    "), "    caption:\n"]
    if event.body:
        out.append(_comment("narrative, in Markdown, to write after the closing line", event.body))
    out.append("---\n")
    return "".join(out)
