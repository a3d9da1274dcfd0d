"""Fields: the one definition of every field the seed files may use (the checker reads it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One field: whether it is required, and an example line shown in fixes."""

    name: str
    required: bool
    example: str

    @property
    def how_to_add(self) -> str:
        """Return how to write the field, for messages (block values shown line by line)."""
        first, *rest = self.example.split("\n")
        return f"`{first}`" + "".join(f" followed by the line `{line}`" for line in rest)


def _fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    """Return the specs keyed by name, in the order given."""
    return {spec.name: spec for spec in specs}


EVENT_FIELDS = _fields(
    FieldSpec("title", True, "title: First day of Washington talks ends without a deal"),
    FieldSpec("date", True, "date: 2026-01-29"),
    FieldSpec("summary", True, "summary: One plain sentence saying what happened."),
    FieldSpec("status", False, "status: occurred"),
    FieldSpec("tags", False, "tags: [negotiations]"),
    FieldSpec("actors", False, "actors: [kim-jung-kwan, howard-lutnick]"),
    FieldSpec("place", False, "place: Washington, D.C."),
    FieldSpec("importance", False, "importance: 2"),
    FieldSpec("sources", True, "sources:\n  - source: anadolu-2026-01-30"),
    FieldSpec("related", False, "related: [2026-01-26-trump-announces-higher-tariffs]"),
)

CITATION_FIELDS = _fields(
    FieldSpec("source", True, "- source: anadolu-2026-01-30"),
    FieldSpec("quote", False, 'quote: "We had extensive talks"'),
    FieldSpec("locator", False, "locator: paragraph 4"),
)

SOURCE_FIELDS = _fields(
    FieldSpec("title", True, "title: S. Korea, US fail to reach deal in first day of tariff talks"),
    FieldSpec("publisher", True, "publisher: Anadolu Agency"),
    FieldSpec("published", True, "published: 2026-01-30"),
    FieldSpec("url", False, "url: https://example.org/report"),
    FieldSpec("language", False, "language: en"),
)

ACTOR_FIELDS = _fields(
    FieldSpec("name", True, "name: Kim Jung-kwan"),
    FieldSpec("role", False, "role: Minister of Trade, Industry and Energy"),
    FieldSpec("country", False, "country: KR"),
    FieldSpec("url", False, "url: https://example.org/profile"),
)

TAG_FIELDS = _fields(
    FieldSpec("name", True, "name: Negotiations"),
    FieldSpec("description", False, "description: Talks between the two governments."),
)

TITLE_MAX = 120
SUMMARY_MAX = 300

# Limits that keep every build bounded, whatever a file holds. Sizes are checked before any parser
# runs; YAML depth as the parser streams (it stops at the first level too deep, having built
# nothing); the narrative before Python-Markdown ever sees it.
EVENT_FILE_MAX_BYTES = 100_000
REGISTRY_FILE_MAX_BYTES = 5_000_000
YAML_MAX_DEPTH = 6  # levels of nested lists and mappings; an event file uses 3
NARRATIVE_MAX_CHARS = 50_000
# Python-Markdown's inline patterns go quadratic on runs of "[" (5,000 of them take 3 s) ...
NARRATIVE_MAX_BRACKETS = 500
# ... and it recurses once per level of nested lists or quotes (a few hundred levels crash it).
NARRATIVE_MAX_INDENT = 32  # columns, eight levels of lists
NARRATIVE_MAX_QUOTE_DEPTH = 8

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
