"""The catalog of our labels: every label of the templates and the Python is translated, and a
label in Korean escapes what it is given as every `{{ value }}` does."""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from timeline.catalog import extracted
from timeline.languages import TRANSLATION_LANGUAGES, catalog_path
from timeline.markup import Translated, escape_markdown

RUN = "run `make catalog`, then translate its new entries in"


def _po(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language)


def test_every_label_is_translated_in_every_language() -> None:
    wanted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in extracted() if m.id}
    for language in TRANSLATION_LANGUAGES:
        po = _po(language)
        path = catalog_path(language).as_posix()
        held = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in po if m.id}
        missing = sorted(map(str, wanted - held.keys()))
        assert not missing, f"{path} lacks {len(missing)} labels ({missing[:3]}): {RUN} {path}"
        gone = sorted(map(str, held.keys() - wanted))
        assert not gone, f"{path} holds labels no template uses ({gone[:3]}): {RUN} {path}"
        assert not po.obsolete, f"{path} has obsolete entries: {RUN} {path}"
        empty = [str(key) for key, m in held.items()
                 if not (m.string if isinstance(m.string, str) else all(m.string or ()))]
        assert not empty, f"{path} has untranslated labels ({empty[:3]}): translate them"
        fuzzy = [str(key) for key, m in held.items() if m.fuzzy]
        assert not fuzzy, f"{path} has fuzzy labels ({fuzzy[:3]}): check them, remove `#, fuzzy`"


def test_every_translation_keeps_its_placeholders() -> None:
    for language in TRANSLATION_LANGUAGES:
        for message in _po(language):
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
            names = set(re.findall(r"%\(\w+\)s", ids[-1]))
            for text in strings:
                assert set(re.findall(r"%\(\w+\)s", text)) == names, message.id


TITLE = "*bold* [x](javascript:alert(1)) <script>alert(1)</script> 1. list"


def test_a_label_escapes_the_title_put_into_it() -> None:
    shown = Translated("Events involving %(name)s.") % {"name": TITLE}
    assert shown == f"Events involving {escape_markdown(TITLE)}."
    assert "<script>" not in shown and "[x](" not in shown and "*bold*" not in shown
    korean = Translated("%(name)s 관련 사건.") % {"name": TITLE}
    assert korean == f"{escape_markdown(TITLE)} 관련 사건."
    assert isinstance(korean, Translated)
