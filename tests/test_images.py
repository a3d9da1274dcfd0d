"""Images on events: the files are checked (format, size, place), served by the site itself, shown
with their alt text, caption and credit, and exported; and a long timeline reads event by event."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import chromium, serve_site, timelinejs_page
from tests.support import (
    EXAMPLE_EVENT,
    EXAMPLE_PATH,
    SMALL,
    F,
    ProblemsFound,
    build_env,
    build_files,
    build_small,
    check_with,
    make_project,
    png_bytes,
    read_seeds,
    run_cli,
    run_cli_process,
    sanitise,
    seeds_with,
)

SUMMIT = "2025-05-12-summit-in-seoul"
SUMMIT_PAGE = f"events/{SUMMIT}/"
SUMMIT_ALT = 'Two leaders "shake" hands <b>before</b> the talks'
CASE = "events/2025-05-20-case.md"
HEAD = ("---\ntitle: A valid title\ndate: 2025-05-20\nsummary: One sentence.\nsources:\n"
        "  - source: daily-2025-05-13\n")


def event_with(images: str) -> bytes:
    """Return an event file whose front matter ends with `images` (YAML lines)."""
    return (HEAD + images + "---\n").encode("utf-8")


def image_entry(file: str = "summit.png", alt: str = "Two leaders", credit: str = "Press",
                caption: str | None = None) -> str:
    """Return one entry of `images:` as YAML lines."""
    lines = f"  - file: {file}\n    alt: {alt}\n    credit: {credit}\n"
    return lines + (f"    caption: {caption}\n" if caption is not None else "")


def messages(files: dict[str, bytes | None]) -> list[str]:
    """Return what the check says of the small fixture with `files` added."""
    return [str(p) for p in check_with(files)[1]]


def jpeg_head(width: int, height: int, app1: int = 0) -> bytes:
    """Return the first bytes of a JPEG (its markers up to the frame header), with an APP1
    (Exif) segment of `app1` bytes first, as cameras write."""
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    if app1:
        data += b"\xff\xe1" + (app1 + 2).to_bytes(2, "big") + b"\x00" * app1
    frame = b"\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big") + b"\x03" + b"\x00" * 9
    return data + b"\xff\xc0" + (len(frame) + 2).to_bytes(2, "big") + frame + b"\xff\xda"


def webp_head(kind: bytes, width: int, height: int) -> bytes:
    """Return the first bytes of a WebP of each kind: lossy (VP8), lossless (VP8L), extended."""
    if kind == b"VP8 ":
        body = b"\x00\x00\x00" + b"\x9d\x01\x2a" + width.to_bytes(2, "little") + \
            height.to_bytes(2, "little")
    elif kind == b"VP8L":
        bits = (width - 1) | ((height - 1) << 14)
        body = b"\x2f" + bits.to_bytes(4, "little")
    else:
        body = b"\x00" * 4 + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    chunk = kind + len(body).to_bytes(4, "little") + body
    return b"RIFF" + (len(chunk) + 4).to_bytes(4, "little") + b"WEBP" + chunk


# What the check reads from each format's header: the sizes every page then sets.
@pytest.mark.parametrize(("file", "data"), [
    ("a.png", png_bytes(640, 360)),
    ("a.gif", b"GIF89a" + (320).to_bytes(2, "little") + (200).to_bytes(2, "little") + b"\x00" * 8),
    ("a.jpg", jpeg_head(1024, 768)),
    ("a.jpeg", jpeg_head(1024, 768, app1=65_000)),  # an Exif block before the frame header
    ("a.webp", webp_head(b"VP8 ", 800, 600)),
    ("a.webp", webp_head(b"VP8L", 800, 600)),
    ("a.WEBP", webp_head(b"VP8X", 800, 600)),
], ids=["png", "gif", "jpeg", "jpeg-exif", "webp-lossy", "webp-lossless", "webp-extended"])
def test_each_format_is_accepted_with_its_width_and_height(file: str, data: bytes) -> None:
    timeline, problems = check_with({CASE: event_with("images:\n" + image_entry(file)),
                                     f"images/{file}": data})
    assert problems == [] and timeline is not None
    (image,) = timeline.event("2025-05-20-case").images
    assert (image.file, image.alt, image.credit) == (file, "Two leaders", "Press")
    assert (image.width, image.height) in {(640, 360), (320, 200), (1024, 768), (800, 600)}


def test_the_contributing_pages_example_checks_as_written() -> None:
    page = build_small().pages["contributing.md"].markdown
    example = re.search(r"```yaml\n(images:\n.*?)```", page, re.S)
    assert example is not None
    event = EXAMPLE_EVENT.replace("---\nThe narrative", example.group(1) + "---\nThe narrative")
    event = re.sub(r"^(tags|actors|related):.*\n", "", event, flags=re.M)
    event = event.replace("agency-2026-03-04", "daily-2025-05-13")
    assert "seeds/images/2026-03-04-first-report.jpg" in page
    timeline, problems = check_with({EXAMPLE_PATH.removeprefix("seeds/"): event.encode(),
                                     "images/2026-03-04-first-report.jpg": jpeg_head(1200, 800)})
    assert [str(p) for p in problems] == [] and timeline is not None


@pytest.mark.parametrize(("field", "limit"), [("alt", F.IMAGE_ALT_MAX),
                                              ("credit", F.IMAGE_CREDIT_MAX),
                                              ("caption", F.IMAGE_CAPTION_MAX)])
def test_alt_credit_and_caption_have_a_limit(field: str, limit: int) -> None:
    def entry(length: int) -> str:
        values: dict[str, str] = {"alt": "Two leaders", "credit": "Press", field: "a" * length}
        return "images:\n" + image_entry("summit.png", values["alt"], values["credit"],
                                         values.get("caption"))

    assert messages({CASE: event_with(entry(limit))}) == []
    assert messages({CASE: event_with(entry(limit + 1))}) == [
        f"seeds/{CASE}:{ {'alt': '9:10', 'credit': '10:13', 'caption': '11:14'}[field] }: "
        f"{field}: is {limit + 1:,} characters long, more than the {limit:,} allowed — shorten it"]


def test_ten_images_are_accepted() -> None:
    entries = "images:\n" + "".join(image_entry(alt=f"Picture {n}") for n in range(F.IMAGES_MAX))
    timeline, problems = check_with({CASE: event_with(entries)})
    assert problems == [] and timeline is not None
    assert len(timeline.event("2025-05-20-case").images) == F.IMAGES_MAX


def test_an_image_of_five_megabytes_is_accepted_and_one_byte_more_refused() -> None:
    picture = png_bytes(8, 8)
    at_limit = picture + b"\x00" * (F.IMAGE_MAX_BYTES - len(picture))
    event = event_with("images:\n" + image_entry("big.png"))
    assert messages({CASE: event, "images/big.png": at_limit}) == []
    assert messages({CASE: event, "images/big.png": at_limit + b"\x00"}) == [
        f"seeds/{CASE}:8:11: file: seeds/images/big.png is 5.0 MB, more than the 5 MB allowed — "
        "save it smaller (2,000 pixels across is plenty for a web page)"]


def png_head(width: int, height: int) -> bytes:
    """Return the first bytes of a PNG `width` by `height` pixels (its header), as the checker
    reads them: the pixels themselves are never decoded."""
    return png_bytes(1, 1)[:16] + width.to_bytes(4, "big") + height.to_bytes(4, "big") + \
        png_bytes(1, 1)[24:]


def test_a_picture_of_at_most_ten_thousand_pixels_a_side_and_forty_megapixels_is_accepted() -> None:
    event = event_with("images:\n" + image_entry("big.png"))
    assert F.IMAGE_MAX_SIDE == 10_000 and F.IMAGE_MAX_PIXELS == 40_000_000
    for width, height in ((10_000, 4_000), (4_000, 10_000), (6_324, 6_324), (10_000, 1)):
        timeline, problems = check_with({CASE: event, "images/big.png": png_head(width, height)})
        assert problems == [] and timeline is not None
        image = next(e for e in timeline.events if e.id == "2025-05-20-case").images[0]
        assert (image.width, image.height) == (width, height)
    assert messages({CASE: event, "images/big.png": png_head(1, 10_001)}) == [
        f"seeds/{CASE}:8:11: file: seeds/images/big.png is 1 × 10,001 pixels, more than the 10,000 "
        "pixels allowed on a side — save it smaller (2,000 pixels across is plenty for a web page)"]
    assert messages({CASE: event, "images/big.png": png_head(10_000, 4_001)}) == [
        f"seeds/{CASE}:8:11: file: seeds/images/big.png is 10,000 × 4,001 pixels, 40,010,000 in "
        "all, more than the 40,000,000 (40 megapixels) allowed — save it smaller (2,000 pixels "
        "across is plenty for a web page)"]


def test_a_folder_of_thousands_of_pictures_is_checked_in_little_memory(tmp_path: Path) -> None:
    # 2,000 pictures of 300 KB (sparse files) that no event shows: each is read and sniffed, but
    # only what the checker needs of it is kept (the first 256 KB of each held 550 MB).
    project = make_project(tmp_path / "project", SMALL / "seeds")
    for number in range(2_000):
        with open(project / "seeds" / "images" / f"photo-{number}.jpg", "wb") as picture:
            picture.truncate(300_000)
    # The check in a process of its own, which measures its children's peak memory.
    measure = ("import resource, subprocess, sys; ran = subprocess.run([sys.executable, "
               "'build_timeline.py', 'check'], capture_output=True); print(ran.returncode, "
               "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    ran = subprocess.run([sys.executable, "-c", measure], cwd=project, env=build_env(),
                         capture_output=True, text=True, timeout=120)
    returncode, peak_kb = map(int, ran.stdout.split())
    assert returncode == 0, ran.stderr
    assert peak_kb < 200_000


def test_links_under_seeds_images_are_never_followed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SMALL / "seeds")
    images = project / "seeds" / "images"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png_bytes(4, 4))
    os.symlink(outside / "secret.png", images / "linked.png")
    os.symlink(outside, images / "folder")
    (images / ".hidden.png").write_bytes(png_bytes(4, 4))
    entries = "images:\n" + "".join(image_entry(name) for name in
                                    ("linked.png", "folder/secret.png", ".hidden.png"))
    (project / "seeds" / CASE).write_bytes(event_with(entries))
    seeds = read_seeds(project)
    assert seeds.images["summit.png"].size == len(png_bytes(64, 40))  # type: ignore[union-attr]
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert (result.stdout + result.stderr).splitlines()[:3] == [
        f"seeds/{CASE}:8:11: file: seeds/images/linked.png is a symbolic link, which is never "
        "followed: it could lead out of the repository — replace the link with the picture itself",
        f"seeds/{CASE}:11:11: file: seeds/images/folder/secret.png is a symbolic link "
        "(seeds/images/folder is), which is never followed: it could lead out of the repository "
        "— replace the link with the picture itself",
        f"seeds/{CASE}:14:11: file: there is no file seeds/images/.hidden.png — add the picture "
        "to seeds/images/, or correct the name"]


def test_exports_carry_the_images_from_the_site_itself() -> None:
    built = build_small()
    base = "https://timeline.example.org/small/"
    assert built.exports["images/summit.png"] == (SMALL / "seeds/images/summit.png").read_bytes()
    slide = next(e for e in json.loads(built.exports["timeline.json"])["events"]
                 if e["unique_id"] == SUMMIT)
    # Written as %XX but for its extension, so that TimelineJS takes it for nothing but a picture.
    assert slide["media"] == {"url": base + "images/%73%75%6D%6D%69%74.png",
                              "caption": "The summit&#x27;s opening &lt;script&gt;alert(1)&lt;/script&gt;",
                              "credit": "Seoul Press &amp; Photo", "alt": SUMMIT_ALT}
    record = next(e for e in json.loads(built.exports["events.json"])["events"] if e["id"] == SUMMIT)
    assert record["images"] == [{"url": base + "images/summit.png", "file": "summit.png",
                                 "alt": SUMMIT_ALT, "credit": "Seoul Press & Photo",
                                 "caption": "The summit's opening <script>alert(1)</script>",
                                 "width": 64, "height": 40}]
    # Only the images events show: nothing else under seeds/images/ is published.
    assert [uri for uri in built.exports if uri.startswith("images/")] == ["images/summit.png"]


def test_a_real_build_shows_the_figure_and_the_thumbnail(small_site: Path) -> None:
    page = (small_site / SUMMIT_PAGE / "index.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="tl-figure">.*?</figure>', page, re.S)
    assert figure is not None
    assert figure.group() == (
        '<figure class="tl-figure">\n<img src="../../images/summit.png" alt="Two leaders '
        '&quot;shake&quot; hands &lt;b&gt;before&lt;/b&gt; the talks" width="64" height="40" '
        'loading="lazy" decoding="async">\n<figcaption>The summit\'s opening '
        "&lt;script&gt;alert(1)&lt;/script&gt; <span class=\"tl-figure__credit\">Credit: Seoul "
        "Press &amp; Photo</span></figcaption>\n</figure>")
    assert (small_site / "images" / "summit.png").read_bytes() == \
        (SMALL / "seeds/images/summit.png").read_bytes()
    timeline = (small_site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert timeline.count('class="tl-event__thumb"') == 1
    assert '<img class="tl-event__thumb" src="../images/summit.png" alt="Two leaders ' in timeline
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page,
                                re.S).group(1))  # type: ignore[union-attr]
    assert data["image"] == [{"@type": "ImageObject",
                              "contentUrl": "images/summit.png", "width": 64, "height": 40,
                              "caption": "The summit's opening <script>alert(1)</script>",
                              "creditText": "Seoul Press & Photo"}]


def test_render_out_writes_the_images_into_the_tree(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SMALL / "seeds")
    result = run_cli(project, "render", "--out", str(tmp_path / "tree"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tree" / "docs" / "images" / "summit.png").read_bytes() == \
        (SMALL / "seeds/images/summit.png").read_bytes()


def test_an_image_changed_or_deleted_changes_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SMALL / "seeds")
    picture = project / "seeds" / "images" / "summit.png"
    picture.write_bytes(png_bytes(120, 80))
    built = build_files(project)
    assert 'width="120" height="80"' in built.pages[f"events/{SUMMIT}.md"].markdown
    assert built.exports["images/summit.png"] == png_bytes(120, 80)
    picture.unlink()
    with pytest.raises(ProblemsFound) as refused:
        build_files(project)
    assert [p.message for p in refused.value.problems] == [
        "file: there is no file seeds/images/summit.png — add the picture to seeds/images/, or "
        "correct the name"]


def test_only_relative_image_sources_survive_on_event_pages() -> None:
    kept = sanitise('<img src="../../images/a.png" alt="a"><img src="https://x.org/a.png">'
                    '<img src="//x.org/a.png"><img src="/a.png"><IMG SRC="javascript:x">')
    assert kept == '<img src="../../images/a.png" alt="a"><img><img><img><img>'


def test_seeds_with_is_what_read_seeds_sees() -> None:
    # The in-memory seeds of the corpus hold the image files as read_seeds reads them.
    assert seeds_with({}).images == read_seeds(SMALL).images


# Reading a long timeline. --------------------------------------------------------------------

SMALL_ORDER = sorted(p.stem for p in (SMALL / "seeds" / "events").glob("*.md"))


def test_every_event_page_leads_to_its_neighbours_and_says_where_it_stands() -> None:
    pages = build_small().pages
    order = json.loads(build_small().exports["event-order.json"])["events"]
    assert len(order) == len(SMALL_ORDER) == 9
    for number, event_id in enumerate(order):
        page = pages[f"events/{event_id}.md"].markdown
        assert f"Event {number + 1} of 9" in page
        assert ('rel="prev"' in page) == (number > 0)
        assert ('rel="next"' in page) == (number < 8)
        if number > 0:
            assert f'href="../{order[number - 1]}/"><span class="tl-pager__direction">← ' in page
            assert f'tl_prev: "events/{order[number - 1]}/"' in page


def test_newest_first_lists_the_latest_event_first(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SMALL / "seeds")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nextra:\n  timeline:\n"
                      "    order: newest-first\n", encoding="utf-8")
    result = run_cli_process(project, "render", "--out", str(tmp_path / "tree"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "tree" / "docs" / "timeline.md").read_text(encoding="utf-8")
    ids = re.findall(r'<li class="tl-event[^"]*" id="([^"]+)"', page)
    order = json.loads(build_small().exports["event-order.json"])["events"]
    assert ids == order[::-1]
    assert "9 events, newest first." in page
    assert f"[Jump to the latest event](timeline.md#{order[-1]})" in page
    config.write_text(config.read_text(encoding="utf-8").replace("newest-first", "latest"),
                      encoding="utf-8")
    result = run_cli_process(project, "render", "--out", str(tmp_path / "tree"))
    assert result.returncode == 1
    assert result.stderr.strip() == ("mkdocs.yml: extra.timeline.order is 'latest' — write "
                                     "`order: newest-first` or `order: oldest-first` (the "
                                     "default)")


def test_the_timeline_starts_with_a_link_to_the_latest_event() -> None:
    page = build_small().pages["timeline.md"].markdown
    order = json.loads(build_small().exports["event-order.json"])["events"]
    assert page.split("\n")[8] == (f"[Jump to the latest event](timeline.md#{order[-1]})"
                                   "{ .tl-latest }")
    assert "9 events, oldest first." in page


# In Chromium. --------------------------------------------------------------------------------

def test_the_image_loads_from_the_site_itself_and_keys_walk_the_events(small_site: Path) -> None:
    order = json.loads((small_site / "event-order.json").read_text(encoding="utf-8"))["events"]
    with serve_site(small_site) as base, chromium() as browser:
        page = browser.new_page()
        hosts: set[str] = set()
        page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
        page.goto(base + SUMMIT_PAGE)
        image = page.locator(".tl-figure img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('.tl-figure img').complete")
        assert image.evaluate("i => [i.naturalWidth, i.naturalHeight, i.alt]") == [64, 40,
                                                                                 SUMMIT_ALT]
        here = order.index(SUMMIT)
        assert page.inner_text(".tl-pager__position") == f"Event {here + 1} of 9"
        page.keyboard.press("n")
        page.wait_for_url(base + f"events/{order[here + 1]}/")
        page.keyboard.press("p")
        page.wait_for_url(base + SUMMIT_PAGE)
        # Keys typed in the search box are text, not moves.
        page.click(".md-search__input")
        page.keyboard.type("np")
        assert page.url == base + SUMMIT_PAGE
        page.goto(base + f"events/{order[0]}/")
        assert page.inner_text(".tl-pager__position") == "Event 1 of 9"
        assert page.locator(".tl-pager__link--prev").count() == 0
        assert page.locator("link[rel=prev]").count() == 0
        page.keyboard.press("p")  # nothing before the first
        page.wait_for_timeout(300)
        assert page.url == base + f"events/{order[0]}/"
        page.goto(base + f"events/{order[-1]}/")
        assert page.inner_text(".tl-pager__position") == "Event 9 of 9"
        assert page.locator(".tl-pager__link--next, link[rel=next]").count() == 0
        # The footer of MkDocs (pages in the navigation) says nothing else on an event page.
        assert page.locator(".md-footer__link").count() == 0
        page.goto(base + "timeline/")
        thumb = page.locator(".tl-event__thumb")
        thumb.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('.tl-event__thumb').complete")
        assert thumb.evaluate("i => i.naturalWidth") == 64
    assert hosts == {base.split("/")[2]}


def test_timelinejs_reads_the_media_back(tmp_path: Path) -> None:
    timelinejs_page(tmp_path, build_small().exports["timeline.json"])
    picture = (SMALL / "seeds/images/summit.png").read_bytes()
    with serve_site(tmp_path) as base, chromium() as browser:
        page = browser.new_page()
        # The export names the published site's address: answered here, from the fixture.
        page.route("https://timeline.example.org/**", lambda route: route.fulfill(
            status=200, content_type="image/png", body=picture))
        page.goto(base + "index.html")
        page.wait_for_function("window.loaded === true", timeout=20_000)
        page.evaluate(f"window.timeline.goToId('{SUMMIT}')")
        slide = page.locator(f"[id='{SUMMIT}']")
        slide.locator(".tl-media-image").wait_for(timeout=30_000)
        shown = slide.locator(".tl-media-image").evaluate(
            "i => [i.getAttribute('src'), i.alt]")
        caption = slide.locator(".tl-caption").inner_text()
        credit = slide.locator(".tl-credit").inner_text()
    assert shown == ["https://timeline.example.org/small/images/%73%75%6D%6D%69%74.png", SUMMIT_ALT]
    assert caption == "The summit's opening <script>alert(1)</script>"
    assert credit == "Seoul Press & Photo"


def test_a_large_timelines_event_page_says_where_it_stands(large_site: Path) -> None:
    order = json.loads((large_site / "event-order.json").read_text(encoding="utf-8"))["events"]
    with serve_site(large_site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + f"events/{order[41]}/")
        page.locator(".tl-pager__position").wait_for(state="visible", timeout=10_000)
        assert page.inner_text(".tl-pager__position") == f"Event 42 of {len(order):,}"


def test_screenshots_of_an_event_with_a_picture(small_site: Path) -> None:
    shots = Path(os.environ.get("TIMELINE_SHOTS", "")) if os.environ.get("TIMELINE_SHOTS") else None
    if shots is None:
        pytest.skip("set TIMELINE_SHOTS to a folder to take the screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    with serve_site(small_site) as base, chromium() as browser:
        for width in (390, 1440):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base + SUMMIT_PAGE)
            page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
            page.wait_for_timeout(500)
            page.screenshot(path=str(shots / f"event-{width}.png"), full_page=True)
            page.goto(base + f"timeline/#{SUMMIT}")
            page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
            page.wait_for_timeout(500)
            page.locator(f"[id='{SUMMIT}']").screenshot(path=str(shots / f"card-{width}.png"))
            page.close()
    shutil.rmtree(shots / "unused", ignore_errors=True)


# Names that one of TimelineJS 3.9.11's media patterns tried before its image pattern matches
# (tljs/js/timeline.js, the list with type "youtube"; the first match wins): unanchored ones
# anywhere in the name, and the later ones (pdf, spotify, iframe...) for good measure.
MEDIA_LOOKALIKES = ("youtu.be-still.png", "documentcloud.org/memo-page-1.png",
                    "kim-jung-kwan-wikipedia.org.png", "google-earth/maps/@37.5,127.0,12z.png",
                    "imgur.com/the-summit.png", "report.pdf.png", "spotify.png", "iframe.png",
                    "blockquote.png", "wistia.com/clip.png", "www.youtube.com-still.PNG")


def test_timelinejs_shows_every_picture_as_a_picture_whatever_its_name(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SMALL / "seeds")
    for number, name in enumerate(MEDIA_LOOKALIKES, start=10):
        (project / "seeds" / "images" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "seeds" / "images" / name).write_bytes(png_bytes(30 + number, 20))
        (project / "seeds" / f"events/2025-05-{number}-picture.md").write_bytes(
            event_with("images:\n" + image_entry(name)).replace(b"2025-05-20",
                                                                 f"2025-05-{number}".encode()))
    try:
        exports = build_files(project).exports
    except ProblemsFound as found:
        raise AssertionError("\n".join(map(str, found.problems))) from None
    urls = {e["unique_id"]: e["media"]["url"] for e in json.loads(exports["timeline.json"])["events"]
            if "media" in e}
    assert urls["2025-05-11-picture"] == ("https://timeline.example.org/small/images/%64%6F%63%75"
                                          "%6D%65%6E%74%63%6C%6F%75%64%2E%6F%72%67/%6D%65%6D%6F%2D"
                                          "%70%61%67%65%2D%31.png")
    # Served from here, as the site serves them: the same files under the same paths.
    site = timelinejs_page(tmp_path / "site", exports["timeline.json"].replace(
        b"https://timeline.example.org/small/", b""))
    shutil.copytree(project / "seeds" / "images", site / "images")
    with serve_site(site) as base, chromium() as browser:
        page = browser.new_page()
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith((base, "data:"))
                else outside.append(r.url))
        page.route(re.compile(r"^(?!http://127\.0\.0\.1)(?!data:)"), lambda route: route.abort())
        page.goto(base + "index.html")
        page.wait_for_function("window.loaded === true", timeout=20_000)
        shown = {}
        for number, name in enumerate(MEDIA_LOOKALIKES, start=10):
            event_id = f"2025-05-{number}-picture"
            page.evaluate(f"window.timeline.goToId('{event_id}')")
            media = page.locator(f"[id='{event_id}'] .tl-media-item")
            media.wait_for(timeout=30_000)
            page.wait_for_function(f"(() => {{ const i = document.querySelector(\"[id='{event_id}']"
                                   " img.tl-media-image\"); return i && i.complete; })()",
                                   timeout=30_000)
            shown[name] = media.evaluate("m => [m.classList.contains('tl-media-image'), "
                                         "m.tagName, m.naturalWidth]")
    assert shown == {name: [True, "IMG", 30 + number]
                     for number, name in enumerate(MEDIA_LOOKALIKES, start=10)}
    assert outside == []


def test_the_timelinejs_picture_address_loads_from_a_real_build(small_site: Path) -> None:
    slide = next(e for e in json.loads((small_site / "timeline.json").read_bytes())["events"]
                 if e["unique_id"] == SUMMIT)
    assert slide["media"]["url"].endswith("images/%73%75%6D%6D%69%74.png")
    with serve_site(small_site) as base, chromium() as browser:
        page = browser.new_page()
        answer = page.request.get(base + slide["media"]["url"].rpartition("images/")[1]
                                  + slide["media"]["url"].rpartition("images/")[2])
        assert answer.status == 200
        assert answer.body() == (SMALL / "seeds/images/summit.png").read_bytes()
