"""Quotes: finding a quote word for word in the archived text of its source (nothing here reads
a file; `verify-quotes` in build_timeline.py reads the archive through read.py).

A quote matches if it is in the text once both are normalised, which forgives exactly what the
issue lists and nothing else: a run of white space or line breaks (NBSP and the other Unicode
spaces included) is one space; typographic single quotes, apostrophes and primes are `'`;
typographic double quotes `"`; dashes, hyphens and the minus sign `-`. Case, punctuation,
ellipses and every other character must be as the source has them.

Every step is linear in the text: an HTML file is read by a tokenizer of its own (one pass of
possessive regexes; not html.parser, quadratic in Python 3.11.7); normalising is a translation and
one regex of a single class; finding is str.find (linear for long needles); the closest passage,
when a quote is not found, is a window of the quote's length slid over the text's words (split
and keyed once per text), scored by shared words as it moves.
"""

from __future__ import annotations

import bisect
import re
import string
from array import array
from collections import Counter
from dataclasses import dataclass
from html import unescape

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
class ArchiveText:
    """The words of one archived source, normalised, with the way back to its file's lines.

    The way back is by pieces, in arrays (not one object each: a 5 MB page of `<p>` made 2.5
    million): from index `piece_starts[i]` of the text, a piece comes from offset
    `piece_origins[i]` of the file, character for character if `verbatim[i]` (the file's own
    characters), else as one place (an HTML entity, or a break made for a tag)."""

    file: str  # its name in the archive: `<source-id>.txt`, `.md` or `.html`
    text: str  # its words: the file's text, or an HTML file's text without its tags
    normalised: str
    index: IndexMap
    piece_starts: array[int]
    piece_origins: array[int]
    verbatim: bytes
    breaks: array[int]  # the offset in the file of every line break

    def place(self, index: int) -> tuple[int, int]:
        """Return the line and column (from 1) in the file of the text's character `index`."""
        piece = bisect.bisect_right(self.piece_starts, index) - 1
        offset = self.piece_origins[piece]
        if self.verbatim[piece]:
            offset += index - self.piece_starts[piece]
        before = bisect.bisect_left(self.breaks, offset)
        return before + 1, offset - (self.breaks[before - 1] if before else -1)


def archive_text(file: str, text: str) -> ArchiveText:
    """Return an archived text ready to search: an .html file's text without its tags, scripts
    and styles (entities decoded), any other file's text as it is."""
    if file.endswith(".html"):
        words, starts, origins, verbatim = _html_text(text)
    else:
        words, starts, origins, verbatim = text, array("i", [0]), array("i", [0]), b"\x01"
    normalised, index = normalise(words)
    breaks = array("i", (m.start() for m in re.finditer("\n", text)))
    return ArchiveText(file, words, normalised, index, starts, origins, verbatim, breaks)


# Elements whose end or start does not break the flow of words (the rest are blocks, cells, line
# breaks: a space is put where they start and end, so "<p>a</p><p>b</p>" reads "a b").
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font",
                     "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
                     "sup", "time", "u", "var", "wbr"})
# Elements whose content is not text a reader sees: skipped to their end tag, nothing inside
# them opens anything.
_HIDDEN = frozenset({"script", "style", "template"})
_HIDDEN_END = {name: re.compile(f"</{name}(?=[\t\n\f\r />]|\\Z)", re.IGNORECASE)
               for name in _HIDDEN}

# The file is read by our own tokenizer, not the standard library's html.parser: Python 3.11.7's
# rescans the rest of the file at each "<" it cannot close (CVE-2025-6069), so 100 KB of "<a<"
# took 12 s and 1 MB of "</" over 120 s. Here each character is read once: every pattern below
# is anchored where the last one stopped, uses possessive quantifiers (no backtracking), and
# never fails past where it stands; a construct left open runs to the end of the file.
# Markup: a start or end tag (its name, then attributes, quoted values read whole, so that a ">"
# inside quotes does not end it); a comment; a declaration (<!DOCTYPE html>) or a processing
# instruction; "</" and what is not a letter (a bogus comment, to the next ">"). Each up to its
# ">", or, left open, to the end of the file. A "<" followed by anything else begins no markup.
_MARKUP = re.compile(r"<(?:(?P<end>/?)(?P<name>[a-zA-Z][^\t\n\f\r />]*+)"
                     r"(?:[^>\"']++|\"[^\"]*+\"?|'[^']*+'?)*+>?"
                     r"|!--(?:[^-]++|-(?!->))*+(?:-->)?|[!?][^>]*+>?|/(?:[^>a-zA-Z][^>]*+)?>?)")
# An entity, as html.unescape reads one (decoded by it, one at a time, each at its own place).
_ENTITY = re.compile(r"&(?:#[0-9]++;?|#[xX][0-9a-fA-F]++;?|[^\t\n\f <&#;]{1,32};?)")


class _TextOfHtml:
    """Collects the visible text of an HTML file, and where each piece of it comes from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        # A first piece from the start, so that every index has one.
        self.starts, self.origins = array("i", [0]), array("i", [0])
        self.verbatim = bytearray(b"\x00")
        self.length = 0
        self.joined = False  # True: the next characters of the file continue the last piece
        self.broken = True  # True: the text ends in a break made for a tag (or is empty)

    def data(self, text: str, origin: int) -> None:
        """Add the file's own characters from `origin`, entities decoded."""
        if "&" not in text:
            self._verbatim(text, origin)
            return
        done = 0
        for entity in _ENTITY.finditer(text):
            decoded = unescape(entity.group())
            if decoded != entity.group():
                self._verbatim(text[done:entity.start()], origin + done)
                self._made(decoded, origin + entity.start())
                done = entity.end()
        self._verbatim(text[done:], origin + done)

    def _verbatim(self, text: str, origin: int) -> None:
        if not text or (self.broken and text.isspace()):
            # White space after a break is part of the same space once normalised: a page of
            # "<p>\n" repeated would otherwise be two pieces a tag.
            return
        if not self.joined:
            self._piece(origin, True)
        self._append(text)
        self.joined, self.broken = True, False

    def _made(self, text: str, origin: int) -> None:
        self._piece(origin, False)
        self._append(text)
        self.joined, self.broken = False, False

    def tag(self, inline: bool, origin: int) -> None:
        """Mark a tag at `origin`: a break between blocks (one for a run of them), or (inline)
        the end of the run of the file's characters before it."""
        self.joined = False
        if not inline and not self.broken:
            self._piece(origin, False)
            self._append("\n")
            self.broken = True

    def _piece(self, origin: int, verbatim: bool) -> None:
        self.starts.append(self.length)
        self.origins.append(origin)
        self.verbatim.append(verbatim)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


def _html_text(html: str) -> tuple[str, array[int], array[int], bytes]:
    """Return the visible text of an HTML file and its pieces: where each starts in the text,
    where it comes from in the file, and whether character for character. Linear in the file."""
    out = _TextOfHtml()
    at = 0
    while (markup := _MARKUP.search(html, at)) is not None:
        start, end = markup.span()
        if html[end - 1] != ">":
            break  # left open to the end of the file: as html.parser does, the rest is text
        if start > at:
            out.data(html[at:start], at)
        at = end
        name = markup.group("name")
        if name is None:  # a comment, a declaration
            out.tag(True, start)
            continue
        name = name.lower()
        if name in _HIDDEN:
            # Not a break, as a browser shows "a<script>…</script>b": "ab".
            out.tag(True, start)
            if not markup.group("end"):
                close = _HIDDEN_END[name].search(html, at)
                at = len(html) if close is None else close.start()
        else:
            out.tag(name in _INLINE, start)
    out.data(html[at:], at)
    return "".join(out.parts), out.starts, out.origins, bytes(out.verbatim)


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


def locate(quote: str, archive: ArchiveText) -> Found | None:
    """Return where the quote stands in the archived text, whole words at both ends (a quote
    "convinced" is not in "unconvinced"), or None if it is not there."""
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
    return None


def find_quote(quote: str, archive: ArchiveText, words: Words | None = None) -> Found | Closest:
    """Return where the quote stands in the archived text, or the passage closest to it
    (`words`: the text's, if already made)."""
    found = locate(quote, archive)
    if found is not None:
        return found
    return closest_passage(normalised_quote(quote), archive, words or words_of(archive))


def _key(word: str) -> str:
    """Return a word as passages are compared: without the punctuation around it, any case."""
    return word.strip(_PUNCTUATION).casefold()


@dataclass(frozen=True)
class Words:
    """An archived text's words as passages are compared, made once for all the quotes not
    found in it (each made them anew: 1.2 s a quote over 5 MB): each word's key, as a number
    (one per different key), and where the word starts in the normalised text."""

    ids: dict[str, int]
    keys: array[int]
    starts: array[int]
    length: int  # of the normalised text


def words_of(archive: ArchiveText) -> Words:
    """Return the words of an archived text, split at its (normalised) spaces."""
    ids: dict[str, int] = {}
    keys, starts = array("i"), array("i")
    at = 0
    for word in archive.normalised.split(" "):
        keys.append(ids.setdefault(_key(word), len(ids)))
        starts.append(at)
        at += len(word) + 1
    return Words(ids, keys, starts, len(archive.normalised))


def closest_passage(wanted: str, archive: ArchiveText, words: Words) -> Closest:
    """Return the passage of the text, as many words long as the (normalised) quote, that shares
    the most words with it; the first of equals. Linear in the text's words: the window's count
    of shared words changes by at most one as each word enters or leaves it."""
    need: Counter[int] = Counter()
    for word in wanted.split(" "):
        word_key = _key(word)
        if word_key and word_key in words.ids:
            need[words.ids[word_key]] += 1
    keys = words.keys
    size = max(1, min(len(wanted.split(" ")), len(keys)))
    have: Counter[int] = Counter()
    shared = best = 0
    best_end = size
    for end, key in enumerate(keys, 1):
        # Only the quote's words count (the rest are skipped at the cost of one look-up).
        if key in need:
            if have[key] < need[key]:
                shared += 1
            have[key] += 1
        if end > size and (gone := keys[end - size - 1]) in need:
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
    start = words.starts[first]  # where the window starts, normalised
    stop = words.starts[best_end] - 1 if best_end < len(keys) else words.length
    origin = archive.index.original(start)
    end = archive.index.original(stop - 1) + 1
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
