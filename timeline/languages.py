"""Languages: the language a timeline is written in, the ones it is translated into, and the
catalog of our own labels in each (gettext, kept with Babel).

Events are written in the site's own language (mkdocs.yml `theme.language`, English here); each
translation language has its own site under `<code>/` (`site/ko/`), every page of the other, made
from the events' translations beside them (`seeds/events/<id>.ko.md`) and the registries' forms
(`ko: {name: …}`). A language is published only where we keep a catalog of our labels for it
(`timeline/locale/<code>/LC_MESSAGES/timeline.po`) and Material has its own labels.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

if TYPE_CHECKING:  # model.py's vocabulary marks its labels with N_ from here
    from .model import Event

# The catalogs of our labels, one per translation language: msgids are the English labels of the
# templates and of the Python that prints words (extracted with `make catalog`).
LOCALE_FOLDER = Path(__file__).parent / "locale"
CATALOG_DOMAIN = "timeline"

# The languages a timeline may be translated into: each has a catalog of ours and Material's own
# labels. Its name in itself, for the language switch. The site's own language is "en".
SOURCE_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}
TRANSLATION_LANGUAGES = ("ko",)

# mkdocs.yml: the languages the timeline is published in besides its own, and each one's site
# name and description: `extra: {timeline: {translations: {ko: {site_name: …}}}}`.
TRANSLATIONS_KEY = "translations"
TRANSLATIONS_SETTING = f"extra.timeline.{TRANSLATIONS_KEY}"


def N_(message: str) -> str:
    """Return `message` unchanged: marks an English label kept in a constant for `make catalog`
    (it is translated where a page shows it)."""
    return message


@dataclass(frozen=True)
class Language:
    """One language of the site: its code (BCP 47), its name in itself, and our labels in it."""

    code: str
    name: str

    @property
    def catalog(self) -> gettext.NullTranslations:
        """Return our labels in this language (the English msgids themselves for English)."""
        return catalog(self.code)

    def gettext(self, message: str) -> str:
        """Return `message` (an English label) in this language."""
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Return the singular or plural label for `count`, in this language."""
        return self.catalog.ngettext(singular, plural, count)


def catalog_path(code: str) -> Path:
    """Return the .po file of our labels in the language `code`."""
    return LOCALE_FOLDER / code / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def catalog(code: str) -> gettext.NullTranslations:
    """Return the catalog of our labels in `code`, read from its .po file (compiled in memory:
    no .mo file to build or to keep in step); English is the msgids themselves."""
    if code == SOURCE_LANGUAGE or not catalog_path(code).is_file():
        return gettext.NullTranslations()
    with catalog_path(code).open("rb") as po:
        messages = read_po(po, locale=code, domain=CATALOG_DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=CATALOG_DOMAIN)


@functools.lru_cache(maxsize=None)
def language(code: str) -> Language:
    """Return the language `code` (one of LANGUAGE_NAMES)."""
    return Language(code, LANGUAGE_NAMES[code])


@dataclass(frozen=True)
class TranslationSetting:
    """One language the site is published in besides its own (mkdocs.yml), with its site's name
    and description in that language."""

    code: str
    site_name: str
    site_description: str | None = None


def translation_settings(extra: object) -> tuple[TranslationSetting, ...]:
    """Return the translations mkdocs.yml's `extra` asks for, in the order given; raise
    ValueError, saying how to fix it, for a language we keep no catalog for or a setting that is
    not a mapping with a site_name."""
    timeline = extra.get("timeline") if isinstance(extra, dict) else None
    given = timeline.get(TRANSLATIONS_KEY) if isinstance(timeline, dict) else None
    if given is None:
        return ()
    example = "`translations: {ko: {site_name: \"…\"}}`"
    if not isinstance(given, dict):
        raise ValueError(f"mkdocs.yml: {TRANSLATIONS_SETTING} should map language codes to their "
                         f"site's name, as in {example}")
    settings = []
    for code, setting in given.items():
        if code not in TRANSLATION_LANGUAGES:
            raise ValueError(f"mkdocs.yml: {TRANSLATIONS_SETTING} has {str(code)[:20]!r}, which "
                             "the timeline cannot be published in — the languages with a catalog "
                             f"of its labels are {', '.join(TRANSLATION_LANGUAGES)}")
        name = setting.get("site_name") if isinstance(setting, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"mkdocs.yml: {TRANSLATIONS_SETTING}.{code} needs the site's name in "
                             f"that language, as in {example}")
        description = setting.get("site_description")
        settings.append(TranslationSetting(code, name.strip(),
                                           description if isinstance(description, str) else None))
    return tuple(settings)


def original_fingerprint(texts: dict[str, object]) -> str:
    """Return the fingerprint of an event's translatable text (what its translation follows):
    12 hex digits of the SHA-256 of its fields as canonical JSON. A translation records it as
    `translated_from:`; `check` warns at that line when the event's text no longer gives it."""
    data = json.dumps(texts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def translatable_text(event: Event) -> dict[str, object]:
    """Return what a translation of `event` translates: its title, summary, narrative and place,
    its quotes, its accounts, its updates' notes and its pictures' words."""
    return {
        "title": event.title, "summary": event.summary, "body": event.body, "place": event.place,
        "quotes": [c.quote for c in event.all_citations if c.quote],
        "accounts": [[a.by, a.says] for a in event.accounts],
        "updates": [[u.date.isoformat(), u.note] for u in event.updates],
        "images": [[i.file, i.alt, i.caption] for i in event.images],
    }


def event_fingerprint(event: Event) -> str:
    """Return the fingerprint of an event's translatable text, as its translations record it."""
    return original_fingerprint(translatable_text(event))
