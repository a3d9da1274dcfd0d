"""Sites per language: the language a page is in, its counterpart in another language, and one
search index per language, as the hook gives them to MkDocs and Material.

The site's own language is at the root, each translation under `<code>/` (urls.language_prefix):
a page `ko/<uri>` is the Korean counterpart of `<uri>`. MkDocs builds them all in one run, with
one navigation and one search index; the hook gives each language's pages their own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .urls import language_prefix

# Where Material's search plugin writes its index, and each language's beside its pages
# (`ko/search/search_index.json`: Material's script asks for it at the `base` of the page's site).
SEARCH_INDEX = "search/search_index.json"

# How each translation's search index cuts and reduces its words (Material's worker reads them
# from the index). Korean: words are separated by spaces and punctuation (a name or a place
# often comes between quotation marks or brackets); particles follow a word without one
# (김정관은, 김정관이), which Material's search finds all the same, since every term it looks
# for is a prefix (김정관*). No pipeline: lunr's Korean trimmer keeps only Hangul and Latin
# letters, so "2026년" would lose its year, and its stop words hold particles that are also
# whole words.
SEARCH_SETTINGS: dict[str, dict[str, object]] = {
    "ko": {"separator": r"[\s\-,.:;!?()\[\]{}\"'“”‘’「」『』《》〈〉·…~]+", "pipeline": []},
}


def page_language(src_uri: str, translations: Sequence[str], source_language: str) -> str:
    """Return the language of the page `src_uri`: a translation's if it is under that
    language's folder (`ko/…`), else the site's own."""
    head = src_uri.partition("/")[0]
    return head if head in translations and "/" in src_uri else source_language


def counterpart(src_uri: str, language: str, other: str, source_language: str) -> str:
    """Return the page that is `src_uri` (a page in `language`) in the language `other`."""
    own = language_prefix(language, source_language)
    return language_prefix(other, source_language) + src_uri.removeprefix(own)


def search_indexes(index: bytes, translations: Sequence[str], source_language: str,
                   ) -> dict[str, bytes]:
    """Return one search index per language, by its path in the site, from the index of every
    page Material's search plugin wrote: the site's own language's at SEARCH_INDEX, each
    translation's pages at `<code>/` + SEARCH_INDEX, their locations relative to their site."""
    data = json.loads(index)
    settings, docs = data["config"], data["docs"]
    prefixes = {code: language_prefix(code, source_language) for code in translations}
    split: dict[str, list[object]] = {"": [], **{prefix: [] for prefix in prefixes.values()}}
    for doc in docs:
        location = doc.get("location", "")
        prefix = next((p for p in prefixes.values() if location.startswith(p)), "")
        if prefix:
            doc = {**doc, "location": location.removeprefix(prefix)}
        split[prefix].append(doc)
    written = {SEARCH_INDEX: _index(settings, split[""])}
    for code, prefix in prefixes.items():
        written[prefix + SEARCH_INDEX] = _index(search_settings(settings, code), split[prefix])
    return written


def search_settings(settings: dict[str, object], code: str) -> dict[str, object]:
    """Return the settings of the search index of the language `code`, from Material's."""
    return {**settings, "lang": [code], **SEARCH_SETTINGS.get(code, {})}


def _index(settings: object, docs: list[object]) -> bytes:
    """Return a search index as Material's search plugin writes one."""
    return json.dumps({"config": settings, "docs": docs}, separators=(",", ":"),
                      default=str).encode("utf-8")
