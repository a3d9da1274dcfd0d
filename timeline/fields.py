"""Fields: the one definition of every field the seed files may use.

The checker, the JSON Schemas editors use and the contributing page are all made from these specs,
so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .languages import LANGUAGE_NAMES, TRANSLATION_LANGUAGES
from .vocabulary import IMPORTANCE, STATUSES, status_help

TITLE_MAX = 120
SUMMARY_MAX = 300
# Every other value has a limit too, so that no value can make a step slow or a page huge. Each is
# several times the longest real value (seeds/ and tests/fixtures/: a quote of 147 characters, a
# source title of 96, a role of 35), so that nothing a real timeline holds comes near it.
QUOTE_MAX = 2_000  # "a short passage": about 300 words
LOCATOR_MAX = 200
SOURCE_TITLE_MAX = 300  # headlines, and the long titles of reports and papers
NAME_MAX = 200  # publishers, people and bodies: "Ministry of Trade, Industry and Energy" is 38
ROLE_MAX = 300
TAG_NAME_MAX = 100
SITE_TITLE_MAX = 120  # a timeline's title (`init --title`): it heads every page
ERA_NAME_MAX = 100
# Eras in seeds/eras.yml: each is drawn on the overview and named on every event it covers, so
# their number bounds every page's size and the time to lay it out (real timelines hold a few
# dozen: the dynasties of a country, the periods of geology).
ERAS_MAX = 200
DESCRIPTION_MAX = 1_000
# Sitemaps and most servers allow 2,048 characters in an address.
URL_MAX = 2_048
# Accounts of one event (`accounts:`): two or more parties who put the same act differently; a
# page shows them side by side, so a handful at most.
ACCOUNTS_MIN = 2
ACCOUNTS_MAX = 10
ACCOUNT_SAYS_MAX = 500  # what one party says happened: a sentence or two, in their terms
# Updates and corrections of one event (`updates:`), each a dated note shown at the top of its page.
UPDATES_MAX = 100
UPDATE_NOTE_MAX = 500
# RFC 5646 (4.4.1) asks software to accept language tags of up to 35 characters.
LANGUAGE_MAX = 35
# A country outside the 249 codes is answered "not an ISO 3166-1 code"; past this, it is refused
# as too long before being shown in that message.
COUNTRY_MAX = 100
# Ids of sources, actors and tags become file names and web addresses (tags/<id>/, actors/<id>/):
# 80 is four times the longest real one and far below the 255 bytes of a file name, whatever is
# added around it.
ID_MAX = 80
# An event id is its file name without .md: a date, then words. `new` makes ids of at most 71
# characters (a 60-character slug); 120 leaves hand-named files room, far below 255 bytes.
EVENT_ID_MAX = 120
# Items in each list of an event (tags, actors, related, sources): real events list at most 3.
LIST_MAX = 100
# Images of an event (`images:`), each a file stored under seeds/images/: a page of ten figures is
# already long, and every one is copied into the site.
IMAGES_MAX = 10
IMAGE_MAX_BYTES = 5_000_000  # a full-width photograph saved for the web is a few hundred KB
IMAGE_ALT_MAX = 300  # a sentence or two describing the picture, for readers who cannot see it
IMAGE_CREDIT_MAX = NAME_MAX  # who took or owns it: a person, an agency, a ministry
IMAGE_CAPTION_MAX = 300
# A picture's width and height in pixels, as its header says. A reader's browser decodes the whole
# picture (4 bytes a pixel) and lays the page out by them: 40 megapixels is 160 MB decoded, above
# any camera picture saved within IMAGE_MAX_BYTES for the web; 10,000 pixels a side holds an 8K
# screen's width (7,680) and a panorama, and keeps a page from being laid out millions of pixels
# tall by a header claiming 1 x 2,147,483,647.
IMAGE_MAX_SIDE = 10_000
IMAGE_MAX_PIXELS = 40_000_000
# The formats browsers show without help, by extension (lowercase): their contents must match.
# No SVG: an SVG file can hold script, which would run on the site's own address.
IMAGE_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp"}
# The width and height are read from a file's first bytes only: a JPEG's size comes after its
# metadata (Exif and colour profiles, at most 64 KB per segment), far within this.
IMAGE_HEAD_BYTES = 262_144
# Levels of folders below seeds/images/ that are read, as for seeds/events/.
IMAGES_MAX_DEPTH = 16
# The file of an image: a relative path under seeds/images/ ending in one of IMAGE_FORMATS (any
# case), no "..", no absolute path, no address (the checker says which of these is wrong).
IMAGE_FILE_PATTERN = (r"^(?![/\\])(?![A-Za-z]:)(?![hH][tT][tT][pP][sS]?:)(?!(.*/)?\.\.(/|$))"
                      r"[^\\]*\.([jJ][pP][eE]?[gG]|[pP][nN][gG]|[gG][iI][fF]|[wW][eE][bB][pP])$")
IMAGE_PATH_MAX = 255

# What YAML 1.2 editors may read a plain-text value as: `title: 2025` is text to the checker.
_TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"]}
# Patterns shared by the checker (re.fullmatch) and the JSON Schemas.
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# An event id starts with its date as examples.event_id_prefix writes it: 2026-01-29, 2026-01, 2026,
# 19xx, 2026-xx, 2001-21 (a season), 44bce-03-15, 13800000001bce, 170000002; then words (BCE years
# have one digit more than YEAR_DIGITS_MAX: Y-999999999999 is 1000000000000bce). It holds
# at least one letter: "2026-01" would be both an id and a month's anchor.
EVENT_ID_PATTERN = ("^(?=.*[a-z])([0-9]{4}|[0-9]{3}x|[0-9]{2}xx|[0-9]xxx|[0-9]{5,12}|[0-9]{1,13}bce)"
                    "(-([0-9]{2}|xx)(-([0-9]{2}|xx))?)?(-[a-z0-9]+)+$")
DAY_PATTERN = "^([0-9]{4})-([0-9]{2})-([0-9]{2})$"
# A host's first character, then anything but white space: each character can be matched one way
# only ("[^\s/?#]+[^\s]*", the same language, took 84 s to refuse a 99 KB address ending in a
# space, trying every split between the two runs).
URL_PATTERN = "^[hH][tT][tT][pP][sS]?://[^\\s/?#][^\\s]*$"
LANGUAGE_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
# Years of more than four digits are written Y-13800000000 (EDTF): at most this many digits, a
# trillion years, which is more than any timeline needs (the universe is 13.8 billion years old).
YEAR_DIGITS_MAX = 12
_ID = ID_PATTERN
_EVENT_ID = EVENT_ID_PATTERN
_POINT = (rf"(Y-?[1-9][0-9]{{4,{YEAR_DIGITS_MAX - 1}}}|[0-9]{{3}}X|[0-9]{{2}}XX|[0-9]XXX|"
          r"-?[0-9]{4}(-(0[1-9]|1[0-2]|2[1-4]|XX)(-(0[1-9]|[12][0-9]|3[01]|XX))?)?)[?~%]?")
EDTF_PATTERN = rf"^{_POINT}(/({_POINT}|\.\.))?$"
ERA_DATE_PATTERN = rf"^{_POINT}/({_POINT}|\.\.)$"  # an era is always an interval


def _ids(pattern: str, max_length: int) -> dict[str, Any]:
    """Return the schema of a list of distinct ids."""
    return {"type": "array", "items": {"type": "string", "pattern": pattern, "maxLength": max_length},
            "uniqueItems": True, "maxItems": LIST_MAX}


def _text(max_length: int) -> dict[str, Any]:
    """Return the schema of a plain-text value of at most `max_length` characters."""
    return {**_TEXT, "maxLength": max_length}


@dataclass(frozen=True)
class FieldSpec:
    """One field: required or not, what to write (for people), an example, and its JSON Schema."""

    name: str
    required: bool
    example: str
    description: str
    schema: dict[str, Any] = field(default_factory=lambda: dict(_TEXT))

    @property
    def how_to_add(self) -> str:
        """Return how to write the field, for messages (block values shown line by line)."""
        return how_to_add(self.example)


def how_to_add(example: str) -> str:
    """Return how to write a field from an example of it, for messages (block values line by line)."""
    first, *rest = example.split("\n")
    return f"`{first}`" + "".join(f" followed by the line `{line}`" for line in rest)


def _fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    """Return the specs keyed by name, in the order given."""
    return {spec.name: spec for spec in specs}


CITATION_FIELDS = _fields(
    FieldSpec("source", True, "- source: agency-2026-03-04",
              "The id of the report in `seeds/sources.yml`.",
              {"type": "string", "pattern": _ID, "maxLength": ID_MAX}),
    FieldSpec("quote", False, 'quote: "The committee today published its first report"',
              f"A short passage copied word for word from the report, at most {QUOTE_MAX:,} "
              "characters.", {"type": "string", "maxLength": QUOTE_MAX}),
    FieldSpec("locator", False, "locator: paragraph 4",
              f"Where in the report: a page or a paragraph, at most {LOCATOR_MAX} characters.",
              _text(LOCATOR_MAX)),
)

_CITATIONS_SCHEMA: dict[str, Any] = {
    "type": "array", "minItems": 1, "maxItems": LIST_MAX, "items": {
        "type": "object", "additionalProperties": False, "required": ["source"],
        "properties": {name: spec.schema for name, spec in CITATION_FIELDS.items()}}}

ACCOUNT_FIELDS = _fields(
    FieldSpec("by", True, "- by: agency-2026-03-04",
              "Whose account this is: the id of an actor in `seeds/actors.yml` (shown as \"… "
              "says\") or of a source in `seeds/sources.yml` (\"… reports\"); one account per "
              "party.",
              {"type": "string", "pattern": _ID, "maxLength": ID_MAX}),
    FieldSpec("says", True, "says: The committee rejected the report.",
              f"What they say happened, in your words but their terms (\"announced\", \"vowed"
              f"\"), at most {ACCOUNT_SAYS_MAX} characters of plain text; their exact words go "
              "in a `quote:` under its `sources:`.",
              {**_TEXT, "maxLength": ACCOUNT_SAYS_MAX, "minLength": 1}),
    FieldSpec("sources", True, "sources:\n  - source: agency-2026-03-04",
              "The reports where they say it, written as the event's `sources:` are (with "
              "`quote:` and `locator:`).", _CITATIONS_SCHEMA),
)

UPDATE_FIELDS = _fields(
    FieldSpec("date", True, "- date: 2026-03-05",
              "The day the update or correction was made, YYYY-MM-DD: not after today (tomorrow "
              "is allowed for time zones east of UTC).",
              {"type": "string", "pattern": DAY_PATTERN}),
    FieldSpec("note", True, "note: Corrected the date of the report, which was the 4th.",
              f"What changed and why, at most {UPDATE_NOTE_MAX} characters of plain text, shown "
              "as written on the event's page, the Corrections and updates page and its feed.",
              {**_TEXT, "maxLength": UPDATE_NOTE_MAX, "minLength": 1}),
    FieldSpec("source", False, "source: agency-2026-03-05",
              "The id of the report in `seeds/sources.yml` that prompted it, if any.",
              {"type": "string", "pattern": _ID, "maxLength": ID_MAX}),
)

IMAGE_FIELDS = _fields(
    FieldSpec("file", True, "- file: 2026-03-04-first-report.jpg",
              "The image's file under `seeds/images/` (sub-folders allowed): a JPEG, PNG, GIF or "
              f"WebP of at most {IMAGE_MAX_BYTES // 1_000_000} MB, {IMAGE_MAX_SIDE:,} pixels a side "
              f"and {IMAGE_MAX_PIXELS // 1_000_000} megapixels, stored in the repository. No "
              "SVG (it can hold script) and no web address.",
              {"type": "string", "pattern": IMAGE_FILE_PATTERN, "maxLength": IMAGE_PATH_MAX}),
    FieldSpec("alt", True, "alt: Jane Doe holds up the printed report",
              f"What the picture shows, for readers who cannot see it, at most {IMAGE_ALT_MAX} "
              "characters.", {**_TEXT, "maxLength": IMAGE_ALT_MAX, "minLength": 1}),
    FieldSpec("credit", True, "credit: The committee's press office",
              f"Who took it or holds its rights, at most {IMAGE_CREDIT_MAX} characters.",
              {**_TEXT, "maxLength": IMAGE_CREDIT_MAX, "minLength": 1}),
    FieldSpec("caption", False, "caption: The report on the day it was published",
              f"A line shown under the picture, at most {IMAGE_CAPTION_MAX} characters.",
              _text(IMAGE_CAPTION_MAX)),
)

EVENT_FIELDS = _fields(
    FieldSpec("title", True, "title: Committee publishes its first report",
              f"One line of plain text, at most {TITLE_MAX} characters. Shown exactly as written: "
              "Markdown and HTML are not interpreted.",
              {**_TEXT, "maxLength": TITLE_MAX, "minLength": 1}),
    FieldSpec("date", True, "date: 2026-01-29",
              "When it happened, in EDTF: YYYY, YYYY-MM or YYYY-MM-DD; a year before 1 CE as "
              "-YYYY (0000 is 1 BCE, -0043 is 44 BCE); a year of more than four digits as "
              "Y-13800000000; unknown digits as X (19XX, 2026-XX); a season as YYYY-21 to -24 "
              "(spring to winter); each optionally followed by ? (uncertain), ~ (approximate) or % "
              "(both); or an interval START/END, or START/.. for something still going on.",
              {"type": "string", "pattern": EDTF_PATTERN}),
    FieldSpec("summary", True, "summary: One plain sentence saying what happened.",
              f"One plain-text sentence, at most {SUMMARY_MAX} characters, for lists, feeds and "
              "previews.", {**_TEXT, "maxLength": SUMMARY_MAX, "minLength": 1}),
    FieldSpec("status", False, "status: occurred",
              status_help("`") + ".", {"enum": list(STATUSES)}),
    FieldSpec("tags", False, "tags: [reports]",
              f"A list of tag ids from `seeds/tags.yml`, at most {LIST_MAX}.", _ids(_ID, ID_MAX)),
    FieldSpec("actors", False, "actors: [jane-doe, the-committee]",
              f"A list of actor ids from `seeds/actors.yml`, at most {LIST_MAX}.", _ids(_ID, ID_MAX)),
    FieldSpec("place", False, "place: Geneva",
              f"Where it happened, in plain text, at most {TITLE_MAX} characters.", _text(TITLE_MAX)),
    FieldSpec("importance", False, "importance: 2",
              "`1` (minor), `2` (the default) or `3` (a key event, shown larger).",
              {"enum": list(IMPORTANCE)}),
    FieldSpec("sources", True, "sources:\n  - source: agency-2026-03-04",
              f"At least one report and at most {LIST_MAX}, each written `- source: <id>` with an "
              "optional `quote:` (a short passage copied word for word) and `locator:` (a page or "
              "paragraph).", _CITATIONS_SCHEMA),
    FieldSpec("related", False, "related: [2026-02-10-committee-is-set-up]",
              f"A list of ids of other events, at most {LIST_MAX}; the link shows on both events' "
              "pages.", _ids(_EVENT_ID, EVENT_ID_MAX)),
    FieldSpec("images", False, "images:\n  - file: 2026-03-04-first-report.jpg\n    alt: Jane Doe "
              "holds up the printed report\n    credit: The committee's press office",
              f"At most {IMAGES_MAX} pictures stored under `seeds/images/`, each written "
              "`- file: <file>` with `alt:` (what it shows) and `credit:` (who took it), and an "
              "optional `caption:`; the first is the event's thumbnail on the timeline.",
              {"type": "array", "maxItems": IMAGES_MAX, "items": {
                  "type": "object", "additionalProperties": False, "required": ["file", "alt",
                                                                                 "credit"],
                  "properties": {name: spec.schema for name, spec in IMAGE_FIELDS.items()}}}),
    FieldSpec("accounts", False, "accounts:\n  - by: agency-2026-03-04\n    says: The committee "
              "rejected the report.\n    sources:\n      - source: agency-2026-03-04",
              f"Only where the sources disagree, or put the same act differently (one reports an "
              "announcement, another a threat): not for reactions or opinions, which the "
              "narrative can tell, nor when the sources agree. "
              f"{ACCOUNTS_MIN} to {ACCOUNTS_MAX} accounts, each written `- by: <actor or source "
              "id>` with `says:` (what they say, in their terms) and its own `sources:`; the page "
              "shows them side by side and marks the event \"Accounts differ\". Keep the title "
              "and summary neutral between them.",
              {"type": "array", "minItems": ACCOUNTS_MIN, "maxItems": ACCOUNTS_MAX, "items": {
                  "type": "object", "additionalProperties": False,
                  "required": [n for n, spec in ACCOUNT_FIELDS.items() if spec.required],
                  "properties": {name: spec.schema for name, spec in ACCOUNT_FIELDS.items()}}}),
    FieldSpec("updates", False, "updates:\n  - date: 2026-03-05\n    note: Corrected the date "
              "of the report, which was the 4th.",
              f"Corrections and updates on the record, at most {UPDATES_MAX}, each written "
              "`- date: YYYY-MM-DD` (the day it was made) with `note:` (what changed) and an "
              "optional `source:`; shown at the top of the event's page, newest first, and on the "
              "Corrections and updates page and its feed. Add one whenever you correct a fact of a "
              "published event.",
              {"type": "array", "maxItems": UPDATES_MAX, "items": {
                  "type": "object", "additionalProperties": False,
                  "required": [n for n, spec in UPDATE_FIELDS.items() if spec.required],
                  "properties": {name: spec.schema for name, spec in UPDATE_FIELDS.items()}}}),
)

SOURCE_FIELDS = _fields(
    FieldSpec("title", True, "title: Committee calls for evidence in its first report",
              f"The report's headline, at most {SOURCE_TITLE_MAX} characters.",
              _text(SOURCE_TITLE_MAX)),
    FieldSpec("publisher", True, "publisher: Example News Agency",
              f"Who published it, at most {NAME_MAX} characters.", _text(NAME_MAX)),
    FieldSpec("published", True, "published: 2026-03-04", "The day it was published, YYYY-MM-DD.",
              {"type": "string", "pattern": DAY_PATTERN}),
    FieldSpec("url", False, "url: https://example.org/report",
              f"Its address, starting with https:// or http://, at most {URL_MAX:,} characters.",
              {"type": "string", "pattern": URL_PATTERN, "maxLength": URL_MAX}),
    FieldSpec("language", False, "language: en", "Its language code, such as `en` or `fr`.",
              {"type": "string", "pattern": LANGUAGE_PATTERN, "maxLength": LANGUAGE_MAX}),
    FieldSpec("archive_url", False,
              "archive_url: https://web.archive.org/web/20260304120000/https://example.org/report",
              "An archived copy of it (on the Wayback Machine, say), linked beside `url` in case "
              f"that stops working; starting with https:// or http://, at most {URL_MAX:,} "
              "characters. Needs `archived:`.",
              {"type": "string", "pattern": URL_PATTERN, "maxLength": URL_MAX}),
    FieldSpec("archived", False, "archived: 2026-03-04",
              "The day the archived copy was made, YYYY-MM-DD, not after today (a Wayback Machine "
              "address holds it: /web/20260304…/ is 2026-03-04).",
              {"type": "string", "pattern": DAY_PATTERN}),
    FieldSpec("accessed", False, "accessed: 2026-03-05",
              "The day you last read the report at its address, YYYY-MM-DD, not after today; "
              "shown beside its links.",
              {"type": "string", "pattern": DAY_PATTERN}),
)

TAG_FIELDS = _fields(
    FieldSpec("name", True, "name: Reports",
              f"The tag as readers see it, at most {TAG_NAME_MAX} characters.", _text(TAG_NAME_MAX)),
    FieldSpec("description", False, "description: The committee's reports and what they found.",
              f"A sentence saying what the tag covers, at most {DESCRIPTION_MAX:,} characters.",
              _text(DESCRIPTION_MAX)),
)

ERA_DATE_EXAMPLE = "1914-07-28/1918-11-11"
ERA_FIELDS = _fields(
    FieldSpec("name", True, "name: First World War",
              f"The era as readers see it, at most {ERA_NAME_MAX} characters.", _text(ERA_NAME_MAX)),
    FieldSpec("date", True, f"date: {ERA_DATE_EXAMPLE}",
              "When it lasted: an interval START/END, or START/.. for an era still going on, each "
              "end written as an event's date is.",
              {"type": "string", "pattern": ERA_DATE_PATTERN}),
    FieldSpec("description", False, "description: The war that began in Europe in 1914.",
              f"A sentence saying what the era was, at most {DESCRIPTION_MAX:,} characters.",
              _text(DESCRIPTION_MAX)),
)

# A translation file, `seeds/events/<id>.<code>.md` beside its event (languages.py): the event's
# text in that language, each field with the limit of the English field it translates.
FINGERPRINT_PATTERN = "^[0-9a-f]{12}$"  # languages.event_fingerprint: 12 hex digits
QUOTE_TRANSLATION_FIELDS = _fields(
    FieldSpec("quote", True, '- quote: "The committee today published its first report"',
              "One of the event's quotes (in its `sources:` or its accounts'), exactly as the "
              "event gives it, in the source's own language.",
              {**CITATION_FIELDS["quote"].schema, "minLength": 1}),
    FieldSpec("translation", True, 'translation: "위원회는 오늘 첫 보고서를 발표했다"',
              f"Our translation of it, at most {QUOTE_MAX:,} characters, shown after the quote and "
              "marked as ours (the quote itself is never replaced).",
              {"type": "string", "maxLength": QUOTE_MAX, "minLength": 1}),
)
ACCOUNT_TRANSLATION_FIELDS = _fields(
    FieldSpec("by", True, "- by: agency-2026-03-04",
              "The `by:` of one of the event's accounts, as the event gives it.",
              ACCOUNT_FIELDS["by"].schema),
    FieldSpec("says", True, "says: 위원회는 보고서를 거부했다.",
              f"What that account says, translated, at most {ACCOUNT_SAYS_MAX} characters of "
              "plain text.", ACCOUNT_FIELDS["says"].schema),
)
UPDATE_TRANSLATION_FIELDS = _fields(
    FieldSpec("date", True, "- date: 2026-03-05",
              "The `date:` of one of the event's updates, as the event gives it.",
              UPDATE_FIELDS["date"].schema),
    FieldSpec("note", True, "note: 보고서 날짜를 4일로 바로잡았다.",
              f"That update's note, translated, at most {UPDATE_NOTE_MAX} characters of plain "
              "text.", UPDATE_FIELDS["note"].schema),
)
IMAGE_TRANSLATION_FIELDS = _fields(
    FieldSpec("file", True, "- file: 2026-03-04-first-report.jpg",
              "The `file:` of one of the event's pictures, as the event gives it.",
              IMAGE_FIELDS["file"].schema),
    FieldSpec("alt", True, "alt: 제인 도가 인쇄된 보고서를 들어 보이고 있다",
              f"What the picture shows, translated, at most {IMAGE_ALT_MAX} characters.",
              IMAGE_FIELDS["alt"].schema),
    FieldSpec("caption", False, "caption: 보고서가 발표된 날",
              f"Its caption, translated, at most {IMAGE_CAPTION_MAX} characters.",
              IMAGE_FIELDS["caption"].schema),
)


def _entries(specs: dict[str, FieldSpec], most: int) -> dict[str, Any]:
    """Return the schema of a list of at most `most` entries whose fields are `specs`."""
    return {"type": "array", "maxItems": most, "items": {
        "type": "object", "additionalProperties": False,
        "required": [name for name, spec in specs.items() if spec.required],
        "properties": {name: spec.schema for name, spec in specs.items()}}}


TRANSLATION_FIELDS = _fields(
    FieldSpec("title", True, "title: 위원회, 첫 보고서 발표",
              f"The event's title, translated: one line of plain text, at most {TITLE_MAX} "
              "characters.", EVENT_FIELDS["title"].schema),
    FieldSpec("summary", True, "summary: 위원회가 첫 보고서를 발표하고 6월 말까지 의견을 받는다.",
              f"Its summary, translated: plain text, at most {SUMMARY_MAX} characters.",
              EVENT_FIELDS["summary"].schema),
    FieldSpec("translated_from", True, "translated_from: 3f2a9c1b7e40",
              "The fingerprint of the English text this translation follows, 12 hex digits: "
              "`translate` writes it, and `check` says when the event has changed since (and the "
              "value to write once the translation says what the event now says).",
              # A fingerprint of digits alone (1 in 280) or one like 1234e5678901 reads as a
              # number in YAML 1.2 editors: the checker reads it as typed.
              {"type": ["string", "number"], "pattern": FINGERPRINT_PATTERN}),
    FieldSpec("place", False, "place: 제네바",
              f"Where it happened, translated, at most {TITLE_MAX} characters.",
              EVENT_FIELDS["place"].schema),
    FieldSpec("quotes", False, 'quotes:\n  - quote: "The committee today published its first '
              'report"\n    translation: "위원회는 오늘 첫 보고서를 발표했다"',
              "Our translations of the event's quotes, each written `- quote: <the quote, as in "
              "the event>` with `translation:`.",
              _entries(QUOTE_TRANSLATION_FIELDS, LIST_MAX)),
    FieldSpec("accounts", False, "accounts:\n  - by: agency-2026-03-04\n    says: 위원회는 "
              "보고서를 거부했다.",
              "Each account's words, translated, written `- by: <the account's by:>` with "
              "`says:`.", _entries(ACCOUNT_TRANSLATION_FIELDS, ACCOUNTS_MAX)),
    FieldSpec("updates", False, "updates:\n  - date: 2026-03-05\n    note: 보고서 날짜를 4일로 "
              "바로잡았다.",
              "Each update's note, translated, written `- date: <the update's date:>` with "
              "`note:`.", _entries(UPDATE_TRANSLATION_FIELDS, UPDATES_MAX)),
    FieldSpec("images", False, "images:\n  - file: 2026-03-04-first-report.jpg\n    alt: 제인 "
              "도가 인쇄된 보고서를 들어 보이고 있다",
              "Each picture's words, translated, written `- file: <the picture's file:>` with "
              "`alt:` and an optional `caption:` (the credit is not translated).",
              _entries(IMAGE_TRANSLATION_FIELDS, IMAGES_MAX)),
)

# The text fields of a registry record that a translation language gives in its own words
# (`ko: {name: 김정관}`), each with the English field's limit; the rest (ids, days, addresses,
# codes) are the same in every language.
FORM_FIELD_NAMES = {"source": ("publisher", "title"), "actor": ("name", "role"),
                    "tag": ("name", "description"), "era": ("name", "description")}
# Examples of each translated field, in Korean (the language the project is translated into).
_FORM_EXAMPLES = {"publisher": "연합뉴스", "title": "위원회, 첫 보고서 발표", "name": "제인 도",
                  "role": "위원장", "description": "위원회의 보고서와 그 내용."}


def form_fields(what: str) -> dict[str, FieldSpec]:
    """Return the fields of a `<language>:` mapping in a record of registry `what`: its text
    fields, none required, each with the English field's limit."""
    specs = {"source": SOURCE_FIELDS, "actor": ACTOR_FIELDS, "tag": TAG_FIELDS,
             "era": ERA_FIELDS}[what]
    return _fields(*(FieldSpec(name, False, f"{name}: {_FORM_EXAMPLES[name]}",
                               f"The {name} in that language; the same limit as `{name}`.",
                               specs[name].schema)
                     for name in FORM_FIELD_NAMES[what]))


def form_specs(what: str) -> dict[str, FieldSpec]:
    """Return the `<language>:` field of a record of registry `what`, one per translation
    language: a mapping of its text fields in that language."""
    fields = form_fields(what)
    first = next(iter(fields.values()))
    return _fields(*(FieldSpec(
        code, False, f"{code}:\n  {first.example}",
        f"Its {' and '.join(f'`{name}`' for name in fields)} in {LANGUAGE_NAMES[code]} "
        f"({code}), each with the same limit as in English.",
        {"type": "object", "additionalProperties": False,
         "properties": {name: spec.schema for name, spec in fields.items()}})
        for code in TRANSLATION_LANGUAGES))


# Fields of prose (as opposed to ids, dates, addresses and choices): a " #" in one, unquoted,
# starts a YAML comment and silently cuts the text, which the loader warns about.
PROSE_FIELDS = frozenset({"title", "summary", "place", "quote", "locator", "publisher", "name",
                          "role", "description", "alt", "credit", "caption", "says", "note",
                          "translation"})

# Unicode's 66 noncharacters, never text: XML 1.0 forbids U+FFFE and U+FFFF (a title holding one
# made the feeds unreadable, and the build stop) and discourages the others, which feeds, the
# calendar and the sitemap would carry to readers' software. Refused in every file (load.py) and in
# every value, where a YAML escape such as "\uFFFE" can make one from plain ASCII (check/values.py).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))

# Ids that would collide with the list pages (actors/index.md, tags/index.md).
RESERVED_IDS = frozenset({"index"})

# Where a narrative's links may go, in Markdown and in HTML: to other sites and mail addresses,
# nothing relative, no "//host"; another event is listed under related: instead.
NARRATIVE_LINK_STARTS = ("https://", "http://", "mailto:")


def narrative_link_allowed(target: str) -> bool:
    """Return True if a narrative may link to `target` (the checker and the sanitiser ask this)."""
    return target.lower().startswith(NARRATIVE_LINK_STARTS)

# Limits that keep every build bounded, whatever a file holds. Sizes are checked before any parser
# runs; YAML depth as the parser streams (it stops at the first level too deep, having built
# nothing); the narrative before Python-Markdown ever sees it.
EVENT_FILE_MAX_BYTES = 100_000
# Levels of folders below seeds/events/ that are read (seeds/events/2025/ is one): a folder per
# year, or per year and month, is two; a folder deeper than this is reported, and not listed.
EVENTS_MAX_DEPTH = 16
REGISTRY_FILE_MAX_BYTES = 5_000_000
YAML_MAX_DEPTH = 6  # levels of nested lists and mappings; an event file uses 3
NARRATIVE_MAX_CHARS = 50_000
# Python-Markdown's inline patterns go quadratic on runs of "[" (5,000 of them take 3 s) ...
NARRATIVE_MAX_BRACKETS = 500
# ... and on runs of "<" (17,000 "<a " take 46 s).
NARRATIVE_MAX_ANGLES = 500
# ... and on " {" in a heading or a table cell: attr_list looks for `{: …}` from each one to the
# end of the line again (24,000 after a `## x` took 6 s for the page).
NARRATIVE_MAX_BRACES = 500
# ... and it recurses once per level of nested lists or quotes (a few hundred levels crash it).
NARRATIVE_MAX_INDENT = 32  # columns, eight levels of lists
NARRATIVE_MAX_QUOTE_DEPTH = 8
# ... which list markers chained on one line open as well (`- - - x`, `> 1. - x`: about 500 `- `
# crash it): the levels one line opens, its quotes, markers and indentation together.
NARRATIVE_MAX_NESTING = 16
# ... and once per level of nested emphasis, `*a *b … c* d*` or `**…**` on one line (the build
# crashes past 947 levels inside 16 of lists and a link, 978 alone): each level takes at least two
# "*" or "_", so 1,000 of them nest 500 levels at most. Real narratives use a few dozen.
NARRATIVE_MAX_EMPHASIS = 1_000
# Its tables extension pairs the backticks of a row with the rest of the row's, and each "|" with
# the code spans before it: a 50,000-character row of "`|`|" took 9 s; rows of 100 take 0.3 s.
NARRATIVE_MAX_ROW_BACKTICKS = 100
# Each heading or horizontal rule inside a block of lines makes Python-Markdown scan the rest of
# the block again, and Material's search looks each heading up in the whole table of contents:
# 10,000 "## a" lines, apart or not, took 18 s to a few minutes per page; 100 take 0.2 s.
NARRATIVE_MAX_HEADINGS = 100
# Problems of a narrative's box (titles, tags, images) reported one by one; past this, one line
# says how many more (a file of 25,000 `===` lines would otherwise print 25,000).
NARRATIVE_MAX_BOX_PROBLEMS = 20
# The longest value a message quotes (values.shown), and the longest date: 2026-01-29?/2026-01-30?
# is 23 characters, and a date's messages quote it.
ECHO_MAX = 80
DATE_MAX = 64
# What one `import` reads (timeline/importers/): a TimelineJS file of 10,000 slides with long
# texts is a few megabytes (Knight Lab's examples are 5 to 20 KB); the slides or rows of one file
# (the timeline's 10,000-event target); levels of JSON nesting (a TimelineJS file uses 4).
IMPORT_MAX_BYTES = 20_000_000
IMPORT_MAX_ROWS = 10_000
IMPORT_MAX_DEPTH = 20
# Quotes checked against the archived text of their sources (`verify-quotes`, timeline/quotes.py):
# one archived text (`<source-id>.txt`, `.md` or `.html`) is read whole; a long report is about
# 100 KB of text, a saved web page with its scripts a few MB. The lock, seeds/quotes.lock, holds
# one line of about 290 bytes per quote: 20 MB is some 70,000 quotes (10,000 events cite 1 to 3).
ARCHIVE_TEXT_MAX_BYTES = 5_000_000
QUOTES_LOCK_MAX_BYTES = 20_000_000
# Lines of the lock written otherwise than verify-quotes writes them (by hand) are read as YAML,
# one by one, at about 0.1 ms each: 80,000 of them took 8 s. A lock written by verify-quotes has
# none; a hand edit a few.
QUOTES_LOCK_HAND_LINES_MAX = 1_000
# A temporary file the lock is written through (seeds/.quotes.lock.XXXXXXXX), left by a run
# killed mid-write, is removed by the next verify-quotes once it is this old (a younger one may
# be another run's, still writing).
LOCK_TEMPORARY_STALE_SECONDS = 3_600
# "Did you mean …": the closest passage of a text is shown at most this long (cut at a word).
PASSAGE_SHOWN_MAX = 200
# Quotes of one archived text given the closest passage when not found: each slides a window
# over every word of the text (up to 1 s over 5 MB of a million words; 100 of them took 122 s).
# Past these, a quote not found is said so without a passage. A source has a few quotes.
CLOSEST_PASSAGES_MAX = 10
# Problems listed for one file; past this, one line says how many more (values.Report).
PROBLEMS_MAX_PER_FILE = 100

# ISO 3166-1 alpha-2, the officially assigned codes (249), from CLDR via Babel.
COUNTRY_CODES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())

ACTOR_FIELDS = _fields(
    FieldSpec("name", True, "name: Jane Doe",
              f"The person's or body's name, at most {NAME_MAX} characters.", _text(NAME_MAX)),
    FieldSpec("role", False, "role: Chair of the committee",
              f"Their role at the time of the events, at most {ROLE_MAX} characters.",
              _text(ROLE_MAX)),
    FieldSpec("country", False, "country: GB",
              "The two-letter ISO 3166-1 code of their country, such as `GB` or `US`.",
              {"enum": sorted(COUNTRY_CODES)}),
    FieldSpec("url", False, "url: https://example.org/profile",
              f"A page about them, starting with https:// or http://, at most {URL_MAX:,} characters.",
              SOURCE_FIELDS["url"].schema),
)
