"""Images: an event's `images:` list checked against the files under seeds/images/."""

from __future__ import annotations

from .. import fields as F
from ..images import FORMAT_NAMES
from ..model import Image
from ..nodes import Mapping, Node, Scalar, Sequence
from ..read import ImageFile, Unread
from ..urls import IMAGES_FOLDER, image_seed
from .values import Report, check_keys, check_plain_text, kind_of, shown, suggest

# The image files of a check: read.Seeds.images.
ImageIndex = dict[str, ImageFile | Unread]
_KINDS = [f"{FORMAT_NAMES[kind]} ({' or '.join(e for e, k in F.IMAGE_FORMATS.items() if k == kind)})"
          for kind in dict.fromkeys(F.IMAGE_FORMATS.values())]
_EXTENSIONS = ", ".join(_KINDS[:-1]) + " or " + _KINDS[-1]  # JPEG (.jpg or .jpeg), ... or WebP
_REMOTE = ("http:", "https:")
# The lines a missing field's message suggests (the specs' examples are the contributing page's,
# from another timeline).
_EXAMPLES = {"file": f"- file: <a file under {IMAGES_FOLDER}>",
             "alt": "alt: <what the picture shows>", "credit": "credit: <who took it>"}
_NOT_A_FILE = {"folder": "a folder", "fifo": "a named pipe (FIFO)", "socket": "a socket",
               "device": "a device file", "not-a-folder": "a file where a folder must be"}


def _megabytes(size: int) -> str:
    """Return a size in MB, as messages say it: "6.2 MB"."""
    return f"{size / 1_000_000:.1f} MB"


def _refused(unread: Unread, file: str) -> str:
    """Return why the image `file` was not read, and the fix."""
    path = image_seed(file)
    if unread.why == "link":
        where = "" if unread.path == path else f" ({unread.path} is)"
        return (f"file: {path} is a symbolic link{where}, which is never followed: it could lead "
                "out of the repository — replace the link with the picture itself")
    if unread.why == "unreadable":
        detail = f" ({unread.detail})" if unread.detail else ""
        return (f"file: {unread.path} cannot be read{detail} — give everyone permission to read "
                "it, e.g. with `chmod a+rX`")
    if unread.why == "too-deep":
        return (f"file: {path} is more than {F.IMAGES_MAX_DEPTH} folders below {IMAGES_FOLDER}, "
                f"so it was not read — move it to a folder at most {F.IMAGES_MAX_DEPTH} levels "
                "down")
    return (f"file: {unread.path} is {_NOT_A_FILE.get(unread.why, 'not a file')}, not a picture "
            f"— put the picture itself at {path}")


def _leaves_folder(file: str) -> bool:
    """Return True for a path that is absolute or climbs out with "..": it leads out of
    seeds/images/ (a Windows drive "C:" too)."""
    return (file.startswith("/") or (len(file) > 1 and file[1] == ":" and file[0].isascii()
                                     and file[0].isalpha())
            or ".." in file.split("/"))


def _found(file: str, images: ImageIndex) -> ImageFile | Unread | None:
    """Return the image `file` in the index, or why it (or a folder on its way) was not read."""
    found = images.get(file)
    if found is not None:
        return found
    if "" in images:  # seeds/images/ itself was refused
        return images[""]
    parts = file.split("/")
    for end in range(1, len(parts)):  # a linked or unreadable folder on the way
        refused = images.get("/".join(parts[:end]))
        if isinstance(refused, Unread):
            return refused
    return None


def check_file(report: Report, node: Node, file: str, images: ImageIndex) -> tuple[int, int] | None:
    """Return the width and height of the image `file`, or None after reporting what is wrong."""
    value = shown(file)
    if file.lower().startswith(_REMOTE):
        report.error(node, f'file: "{value}" is a web address, but images are stored in the '
                           f"repository, under {IMAGES_FOLDER} — save the picture there (if its "
                           "licence allows) and write its file name here; a link to a picture "
                           "or video elsewhere belongs in the narrative, as a link")
        return None
    if "\\" in file:
        report.error(node, f'file: "{value}" has a "\\" — write paths with "/" between folders, '
                           "e.g. `2026/talks.jpg`")
        return None
    if _leaves_folder(file):
        report.error(node, f'file: "{value}" leads out of {IMAGES_FOLDER} — write the path of '
                           f'a picture inside {IMAGES_FOLDER}, relative to it, without ".." or '
                           'a leading "/"')
        return None
    extension = "." + file.rsplit(".", 1)[-1].lower() if "." in file.rsplit("/", 1)[-1] else ""
    if extension == ".svg":
        report.error(node, f'file: "{value}" is an SVG image, refused for readers\' safety (an '
                           "SVG file can hold script, which would run on the site) — save the "
                           "picture as PNG or WebP instead")
        return None
    expected = F.IMAGE_FORMATS.get(extension)
    if expected is None:
        ending = f'ends in "{shown(extension)}"' if extension else "has no extension"
        report.error(node, f'file: "{value}" {ending}, not a format the site shows — use a '
                           f"{_EXTENSIONS} file")
        return None
    found = _found(file, images)
    if found is None:
        names = frozenset(k for k, v in images.items() if isinstance(v, ImageFile))
        close = suggest(file, names) if names else None
        hint = f'did you mean "{shown(close)}"?' if close else (
            f"add the picture to {IMAGES_FOLDER}, or correct the name")
        report.error(node, f"file: there is no file {image_seed(value)} — {hint}")
        return None
    if isinstance(found, Unread):
        report.error(node, _refused(found, file))
        return None
    path = image_seed(value)
    if found.size > F.IMAGE_MAX_BYTES:
        report.error(node, f"file: {path} is {_megabytes(found.size)}, more than the "
                           f"{F.IMAGE_MAX_BYTES // 1_000_000} MB allowed — save it smaller (2,000 "
                           "pixels across is plenty for a web page)")
        return None
    sniffed = found.sniffed
    name = FORMAT_NAMES[expected]
    if sniffed is None:
        report.error(node, f"file: {path} does not hold a {name} image (its first bytes are not "
                           f"those of any image format) — save the picture again as {name}")
        return None
    if sniffed.format == "svg":
        report.error(node, f"file: {path} holds an SVG image, refused for readers' safety (an SVG "
                           f"file can hold script, which would run on the site) — save the "
                           f"picture as {name}")
        return None
    if sniffed.format != expected:
        right = next(e for e, f in F.IMAGE_FORMATS.items() if f == sniffed.format)
        report.error(node, f'file: {path} ends in "{extension}" but holds a '
                           f"{FORMAT_NAMES[sniffed.format]} image — rename it to end in {right}")
        return None
    if sniffed.width is None or sniffed.height is None:
        if not found.whole:
            why = f"whose width and height are not in its first {F.IMAGE_HEAD_BYTES // 1024} KB"
        else:
            why = "cut short or damaged: its width and height cannot be read"
        report.error(node, f"file: {path} is a {name} image {why} — save it again with an image "
                           "editor, without large metadata")
        return None
    width, height = sniffed.width, sniffed.height
    pixels = f"{width:,} × {height:,} pixels"
    if max(width, height) > F.IMAGE_MAX_SIDE:
        report.error(node, f"file: {path} is {pixels}, more than the {F.IMAGE_MAX_SIDE:,} pixels "
                           "allowed on a side — save it smaller (2,000 pixels across is plenty "
                           "for a web page)")
        return None
    if width * height > F.IMAGE_MAX_PIXELS:
        report.error(node, f"file: {path} is {pixels}, {width * height:,} in all, more than the "
                           f"{F.IMAGE_MAX_PIXELS:,} ({F.IMAGE_MAX_PIXELS // 1_000_000} "
                           "megapixels) allowed — save it smaller (2,000 pixels across is plenty "
                           "for a web page)")
        return None
    return width, height


def check_images(report: Report, node: Node | None, images: ImageIndex) -> tuple[Image, ...]:
    """Return an event's images (none if absent), every mistake in them reported."""
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return ()
    if not isinstance(node, Sequence):
        report.error(node, f"images: expected a list of images, found {kind_of(node)} — write it "
                           "as `images:` followed by lines such as `  - file: <file>`, each with "
                           "`alt:` and `credit:` lines under it")
        return ()
    if len(node.items) > F.IMAGES_MAX:
        report.error(node, f"images: has {len(node.items):,} images, more than the "
                           f"{F.IMAGES_MAX} allowed — keep the {F.IMAGES_MAX} that show the event "
                           "best")
        return ()
    checked: list[Image] = []
    for item in node.items:
        if not isinstance(item, Mapping):
            value = item.value if isinstance(item, Scalar) and not item.is_null else "<file>"
            report.error(item, f"images: each image is a few lines, found {kind_of(item)} — write "
                               f"`- file: {shown(value)}` followed by `alt:` and `credit:` lines "
                               "indented under it")
            continue
        check_keys(report, item, F.IMAGE_FIELDS, "an image", (item.line, item.col), _EXAMPLES)
        file_node = item.get("file")
        file = check_plain_text(report, file_node, "file", required=True,
                                max_length=F.IMAGE_PATH_MAX)
        alt = check_plain_text(report, item.get("alt"), "alt", required=True,
                               max_length=F.IMAGE_ALT_MAX)
        credit = check_plain_text(report, item.get("credit"), "credit", required=True,
                                  max_length=F.IMAGE_CREDIT_MAX)
        caption = check_plain_text(report, item.get("caption"), "caption", required=False,
                                   max_length=F.IMAGE_CAPTION_MAX)
        size = None if file is None or file_node is None else \
            check_file(report, file_node, file, images)
        if size is not None and file is not None and alt is not None and credit is not None:
            checked.append(Image(file, alt, credit, size[0], size[1], caption))
    return tuple(checked)
