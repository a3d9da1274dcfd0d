"""Quotes: finding a quote word for word in the archived text of its source (nothing here reads
a file; `verify-quotes` in build_timeline.py reads the archive through read.py).

A quote matches if it is in the text once both are normalised, which forgives exactly what the
issue lists and nothing else: a run of white space or line breaks (NBSP and the other Unicode
spaces included) is one space; typographic single quotes, apostrophes and primes are `'`;
typographic double quotes `"`; dashes, hyphens and the minus sign `-`. Case, punctuation,
ellipses and every other character must be as the source has them.

Every step is linear in the text: normalising is a translation and one regex of a single class;
finding is str.find (linear for long needles); the closest passage, when a quote is not found, is
a window of the quote's length slid over the text's words, scored by shared words as it moves.
"""

from __future__ import annotations

import bisect
import re
import string
from array import array
from collections import Counter
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from .fields import PASSAGE_SHOWN_MAX

# What is forgiven, character by character (each becomes one character: positions stay put).
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc"  # ‘ ’ ‚ ‛ ′ ‵ ʼ
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036"  # “ ” „ ‟ ″ ‶
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # ‐ ‑ ‒ – — ― −
_TRANSLATION = str.maketrans({**dict.fromkeys(SINGLE_QUOTES, "'"),
                              **dict.fromkeys(DOUBLE_QUOTES, '"'), **dict.fromkeys(DASHES, "-")})
# White space and line breaks, Unicode's spaces included (NBSP, thin and narrow spaces, the
# ideographic space); a run of them is one space. One class repeated: linear.
SPACES = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_RUN = re.compile(f"[{SPACES}]+")
_PUNCTUATION = string.punctuation + "\u2026\u00ab\u00bb"
_QUOTATION_MARKS = "'\"" + SINGLE_QUOTES + DOUBLE_QUOTES + "\u00ab\u00bb"


@dataclass(frozen=True)
class IndexMap:
    """Where each character of a normalised text came from in the original, by runs: from
    normalised index `starts[i]` on, characters are consecutive from original index `origins[i]`
    (one pair per run of spaces, not one number per character: a 5 MB text would need 180 MB)."""

    starts: array[int]
    origins: array[int]

    def original(self, index: int) -> int:
        """Return the index in the original text of the normalised text's character `index`."""
        run = bisect.bisect_right(self.starts, index) - 1
        return self.origins[run] + index - self.starts[run]


def normalise(text: str) -> tuple[str, IndexMap]:
    """Return `text` normalised (spaces, quotes and dashes forgiven) and where each of its
    characters came from."""
    translated = text.translate(_TRANSLATION)
    parts: list[str] = []
    starts, origins = array("q", [0]), array("q", [0])
    done = length = 0
    for run in _SPACE_RUN.finditer(translated):
        parts.append(translated[done:run.start()])
        parts.append(" ")
        length += run.start() - done + 1
        done = run.end()
        starts.append(length)
        origins.append(done)
    parts.append(translated[done:])
    return "".join(parts), IndexMap(starts, origins)


def normalised_quote(quote: str) -> str:
    """Return a quote as it is looked for: normalised, without spaces at either end."""
    return normalise(quote)[0].strip(" ")


@dataclass(frozen=True)
class Piece:
    """Where a stretch of an archived text's words stands in its file: from index `start` of the
    text, at `line` and `column` of the file; `verbatim`: the stretch is the file's characters as
    they are (so its own line breaks count), not an HTML entity or a break made for a tag."""

    start: int
    line: int
    column: int
    verbatim: bool


@dataclass(frozen=True)
class ArchiveText:
    """The words of one archived source, normalised, with the way back to its file's lines."""

    file: str  # its name in the archive: `<source-id>.txt`, `.md` or `.html`
    text: str  # its words: the file's text, or an HTML file's text without its tags
    normalised: str
    index: IndexMap
    pieces: tuple[Piece, ...]
    piece_starts: array[int]  # each piece's start, to find a piece by bisection
    breaks: array[int]  # the index in `text` of every line break

    def place(self, index: int) -> tuple[int, int]:
        """Return the line and column (from 1) in the file of the text's character `index`."""
        piece = self.pieces[bisect.bisect_right(self.piece_starts, index) - 1]
        if not piece.verbatim:
            return piece.line, piece.column
        before = bisect.bisect_left(self.breaks, index) - bisect.bisect_left(self.breaks,
                                                                             piece.start)
        if before == 0:
            return piece.line, piece.column + index - piece.start
        last = self.breaks[bisect.bisect_left(self.breaks, index) - 1]
        return piece.line + before, index - last


def archive_text(file: str, text: str) -> ArchiveText:
    """Return an archived text ready to search: an .html file's text without its tags, scripts
    and styles (entities decoded), any other file's text as it is."""
    if file.endswith(".html"):
        words, pieces = _html_text(text)
    else:
        words, pieces = text, (Piece(0, 1, 1, True),)
    normalised, index = normalise(words)
    breaks = array("q", (m.start() for m in re.finditer("\n", words)))
    return ArchiveText(file, words, normalised, index, pieces,
                       array("q", (piece.start for piece in pieces)), breaks)


# Elements whose end or start does not break the flow of words (the rest are blocks, cells, line
# breaks: a space is put where they start and end, so "<p>a</p><p>b</p>" reads "a b").
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font",
                     "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
                     "sup", "time", "u", "var", "wbr"})
# Elements whose content is not text a reader sees (html.parser reads script and style as raw
# text: no tag inside them opens anything).
_HIDDEN = frozenset({"script", "style"})


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML file, and where each stretch of it stands."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # entities one by one: each at its own place
        self.parts: list[str] = []
        self.pieces: list[Piece] = [Piece(0, 1, 1, False)]
        self.length = 0
        self.hidden: str | None = None

    def _add(self, text: str, verbatim: bool) -> None:
        if not text:
            return
        # Data right after data is the file's next characters: one piece for both (a text of
        # a million "<" comes as a million calls, which would otherwise be a million pieces).
        if not (verbatim and self.pieces[-1].verbatim):
            line, offset = self.getpos()
            self.pieces.append(Piece(self.length, line, offset + 1, verbatim))
        self.parts.append(text)
        self.length += len(text)

    def _tag(self, inline: bool) -> None:
        """Mark where a tag stands: a break between blocks, or (inline) an end of the run of
        data before it, so that the data after it is placed anew."""
        if inline:
            line, offset = self.getpos()
            self.pieces.append(Piece(self.length, line, offset + 1, False))
        else:
            self._add("\n", False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden = tag
        elif self.hidden is None:
            self._tag(tag in _INLINE)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden is None:
            self._tag(tag in _INLINE)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.hidden:
            self.hidden = None
        elif self.hidden is None:
            self._tag(tag in _INLINE)

    def handle_comment(self, data: str) -> None:
        self._tag(True)

    def handle_decl(self, decl: str) -> None:
        self._tag(True)

    def handle_pi(self, data: str) -> None:
        self._tag(True)

    def handle_data(self, data: str) -> None:
        if self.hidden is None:
            self._add(data, True)

    def handle_entityref(self, name: str) -> None:
        if self.hidden is None:
            self._add(unescape(f"&{name};"), False)

    def handle_charref(self, name: str) -> None:
        if self.hidden is None:
            self._add(unescape(f"&#{name};"), False)


def _html_text(html: str) -> tuple[str, tuple[Piece, ...]]:
    """Return the visible text of an HTML file and where each stretch of it stands."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), tuple(parser.pieces)


@dataclass(frozen=True)
class Found:
    """Where a quote stands in an archived text: its file's line and column, from 1."""

    line: int
    column: int


@dataclass(frozen=True)
class Closest:
    """The passage of an archived text closest to a quote that is not in it (None: no passage
    shares a word with it), shortened to PASSAGE_SHOWN_MAX, and the line it starts on."""

    passage: str | None
    line: int


# Scripts without spaces between words (Thai, Lao, Myanmar, Khmer; CJK and Hangul are above
# U+2E80): there a quote may start or end inside what looks like one run of letters.
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))
# Occurrences of a quote rejected for starting or ending inside a word before it counts as not
# found: each costs a search of the quote's length, and "a a a …" against "aaaa…" has millions.
FIND_TRIES_MAX = 1_000


def _in_a_word(char: str) -> bool:
    """Return True for a letter or digit of a script that spaces its words (Latin, Greek,
    Cyrillic, …): a quote cannot start or end next to one inside the same word. Korean joins
    particles to nouns (김정관은) and Chinese and Japanese use no spaces, so they are exempt."""
    code = ord(char)
    return char.isalnum() and code < 0x2E80 and not any(a <= code <= b for a, b in _UNSPACED)


def find_quote(quote: str, archive: ArchiveText) -> Found | Closest:
    """Return where the quote stands in the archived text, whole words at both ends (a quote
    "convinced" is not in "unconvinced"), or the passage closest to it."""
    wanted = normalised_quote(quote)
    text = archive.normalised
    at = text.find(wanted) if wanted else -1
    for _ in range(FIND_TRIES_MAX):
        if at < 0:
            break
        end = at + len(wanted)
        cut_before = at > 0 and _in_a_word(wanted[0]) and _in_a_word(text[at - 1])
        cut_after = end < len(text) and _in_a_word(wanted[-1]) and _in_a_word(text[end])
        if not (cut_before or cut_after):
            return Found(*archive.place(archive.index.original(at)))
        at = text.find(wanted, at + 1)
    return closest_passage(wanted, archive)


def _key(word: str) -> str:
    """Return a word as passages are compared: without the punctuation around it, any case."""
    return word.strip(_PUNCTUATION).casefold()


def closest_passage(wanted: str, archive: ArchiveText) -> Closest:
    """Return the passage of the text, as many words long as the (normalised) quote, that shares
    the most words with it; the first of equals. Linear in the text's words: the window's count
    of shared words changes by at most one as each word enters or leaves it."""
    need = Counter(_key(word) for word in wanted.split(" ") if _key(word))
    words = archive.normalised.split(" ")
    size = max(1, min(len(wanted.split(" ")), len(words)))
    have: Counter[str] = Counter()
    shared = best = 0
    best_end = size
    keys = [_key(word) for word in words]
    for end, key in enumerate(keys, 1):
        if have[key] < need[key]:
            shared += 1
        have[key] += 1
        if end > size:
            gone = keys[end - size - 1]
            have[gone] -= 1
            if have[gone] < need[gone]:
                shared -= 1
        if shared > best:
            best, best_end = shared, end
    if best == 0:
        return Closest(None, 1)
    first = best_end - size if best_end > size else 0
    # Of equals the first wins, which may take in a word before the passage: the window is
    # trimmed to the words it shares at either end.
    while keys[first] not in need:
        first += 1
    while keys[best_end - 1] not in need:
        best_end -= 1
    start = sum(len(word) + 1 for word in words[:first])  # where the window starts, normalised
    length = sum(len(word) + 1 for word in words[first:best_end]) - 1
    origin = archive.index.original(start)
    end = archive.index.original(start + length - 1) + 1
    # Without the quotation marks around it, if the passage is itself quoted: the suggestion is
    # shown in quotation marks, and a quote of it is found without them.
    passage = _SPACE_RUN.sub(" ", archive.text[origin:end]).strip(_QUOTATION_MARKS)
    return Closest(shortened(passage), archive.place(origin)[0])


def shortened(passage: str) -> str:
    """Return a passage cut at a word to at most PASSAGE_SHOWN_MAX characters, "…" marking the cut."""
    if len(passage) <= PASSAGE_SHOWN_MAX:
        return passage
    cut = passage.rfind(" ", 0, PASSAGE_SHOWN_MAX)
    return passage[:cut if cut > 0 else PASSAGE_SHOWN_MAX - 1].rstrip() + "…"
