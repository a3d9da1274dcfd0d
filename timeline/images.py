"""Images: what an image file's first bytes say it is (its format, width and height).

Nothing here reads a file: read.py gives the first bytes (at most IMAGE_HEAD_BYTES). Each reader
takes constant time except the JPEG one, which steps from segment to segment (at least two bytes a
step), so every answer is bounded by the bytes given.
"""

from __future__ import annotations

from dataclasses import dataclass

# What each format's files start with, as the checker names them.
FORMAT_NAMES = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP", "svg": "SVG"}
_PNG = b"\x89PNG\r\n\x1a\n"
# JPEG's start-of-frame markers, which hold the size: C0-CF but C4 (tables), C8 (reserved) and
# CC (arithmetic coding conditioning).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers without a length: TEM and the restart markers.
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


@dataclass(frozen=True)
class Sniffed:
    """An image's format (a key of FORMAT_NAMES), and its size in pixels if its header gives it."""

    format: str
    width: int | None = None
    height: int | None = None


def _u16be(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 2], "big")


def _u16le(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 2], "little")


def _u24le(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 3], "little")


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """Return a JPEG's (width, height) from its first frame header, or None if not in `head`."""
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None  # not a marker where one must be: a broken file
        marker = head[at + 1]
        if marker == 0xFF:  # a fill byte before the marker
            at += 1
            continue
        if marker in _JPEG_STANDALONE:
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # the end, or the image data, before any frame header
            return None
        length = _u16be(head, at + 2)
        if length < 2:
            return None
        if marker in _JPEG_FRAMES:
            if at + 9 > len(head):
                return None
            return _u16be(head, at + 7), _u16be(head, at + 5)
        at += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    """Return a WebP's (width, height) from its first chunk, or None if it cannot be read."""
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30 and head[23:26] == b"\x9d\x01\x2a":
        return _u16le(head, 26) & 0x3FFF, _u16le(head, 28) & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25 and head[20] == 0x2F:
        b0, b1, b2, b3 = head[21:25]
        return 1 + (((b1 & 0x3F) << 8) | b0), 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | (b1 >> 6))
    if chunk == b"VP8X" and len(head) >= 30:
        return 1 + _u24le(head, 24), 1 + _u24le(head, 27)
    return None


def sniff(head: bytes) -> Sniffed | None:
    """Return the format of the file whose first bytes are `head` and, if its header holds them,
    its width and height; None for anything that is none of the formats."""
    size: tuple[int, int] | None = None
    if head.startswith(_PNG):
        found = "png"
        if len(head) >= 24 and head[12:16] == b"IHDR":
            size = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    elif head.startswith((b"GIF87a", b"GIF89a")):
        found = "gif"
        if len(head) >= 10:
            size = _u16le(head, 6), _u16le(head, 8)
    elif head.startswith(b"\xff\xd8\xff"):
        found = "jpeg"
        size = _jpeg_size(head)
    elif head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        found = "webp"
        size = _webp_size(head)
    elif _looks_like_svg(head):
        return Sniffed("svg")
    else:
        return None
    if size is None or not all(size):
        return Sniffed(found)
    return Sniffed(found, *size)


def _looks_like_svg(head: bytes) -> bool:
    """Return True if the first bytes are those of an SVG (XML with an <svg element early on)."""
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in start
