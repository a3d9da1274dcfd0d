"""Quotes checked against the archived text of their sources: `verify-quotes`, seeds/quotes.lock,
and what `check` and the pages say of each quote.

On tests/fixtures/quotes: two events quoting three made-up reports, whose texts (our own
writing) are in its archive/ as .txt, .html and .md. Every run is dated TODAY (SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import (
    F,
    QUOTES,
    REPO,
    SOURCE_DATE_EPOCH,
    Closest,
    Found,
    archive_text,
    build_env,
    find_quote,
    make_project,
    mkdocs,
    normalise,
    run_cli,
    time_bound,
)

HARBOUR = "seeds/events/2026-03-02-harbour-reopens.md"
COUNCIL = "seeds/events/2026-03-04-council-votes-repairs.md"
LOCK = "seeds/quotes.lock"


@pytest.fixture
def quotes_project(tmp_path: Path) -> Path:
    """Return a copy of the quotes fixture: its seeds, and its archive in archive/."""
    shutil.copytree(QUOTES / "seeds", tmp_path / "seeds")
    shutil.copytree(QUOTES / "archive", tmp_path / "archive")
    return tmp_path


def verify(project: Path, *args: str, epoch: str = SOURCE_DATE_EPOCH) -> tuple[int, str, str]:
    """Return how `verify-quotes --archive archive` ends in the project: status, stdout, stderr."""
    ran = run_cli(project, "verify-quotes", "--archive", str(project / "archive"), *args,
                  epoch=epoch)
    return ran.returncode, ran.stdout, ran.stderr.replace(str(project), "PROJECT")


def edit(project: Path, path: str, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in a file of the project."""
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


# Normalising: what is forgiven, and nothing else. -------------------------------------------------

@pytest.mark.parametrize(("written", "archived"), [
    ("a b", "a \n\t b"),  # runs of white space and line breaks
    ("a b", "a\u00a0b"), ("a b", "a\u2009b"), ("a b", "a\u202fb"), ("a b", "a\u3000b"),
    ("it's", "it\u2019s"), ("it's", "it\u2018s"), ("5'", "5\u2032"),  # apostrophes, primes
    ('"a"', "\u201ca\u201d"), ('"a"', "\u201ea\u201f"), ('5"', "5\u2033"),  # double quotes
    ("a-b", "a\u2010b"), ("a-b", "a\u2011b"), ("a - b", "a \u2013 b"), ("a - b", "a \u2014 b"),
    ("a-b", "a\u2015b"), ("a-b", "a\u2212b"), ("a-b", "a\u2012b"),  # dashes, the minus sign
])
def test_each_forgiven_difference_is_found(written: str, archived: str) -> None:
    assert isinstance(find_quote(written, archive_text("x.txt", f"Before {archived} after.")), Found)


@pytest.mark.parametrize(("written", "archived"), [
    ("The Harbour", "the harbour"),  # case
    ("wait...", "wait\u2026"),  # an ellipsis
    ("ferries, on Monday", "ferries on Monday"),  # punctuation
    ("ab", "a b"),  # a space is not nothing
    ("café", "cafe"),  # accents
])
def test_nothing_else_is_forgiven(written: str, archived: str) -> None:
    assert isinstance(find_quote(written, archive_text("x.txt", f"Before {archived} after.")),
                      Closest)


def test_normalising_keeps_the_way_back_to_each_character() -> None:
    text = "He said\n\n\u201cno\u201d \u2014  twice."
    normalised, index = normalise(text)
    assert normalised == 'He said "no" - twice.'
    for at, char in enumerate(normalised):
        assert text[index.original(at)] == char or char in " \"-"
    assert text[index.original(normalised.index("twice"))] == "t"


# Where a quote stands, in each kind of archived text. ---------------------------------------------

def test_a_quote_is_found_at_its_line_and_column_in_txt_md_and_html() -> None:
    txt = archive_text("a.txt", "Title\n\nOne two\n   three four\nfive")
    assert find_quote("three four five", txt) == Found(4, 4)
    md = archive_text("a.md", "# Notes\n\n- Sailings resume at 06:40.\n")
    assert find_quote("Sailings resume at 06:40.", md) == Found(3, 3)
    html = archive_text("a.html", "<html><head><script>var a = 'one two';</script></head>\n"
                                  "<body><p>Zero</p><p>one &amp; two\nthree <b>four</b></p>")
    assert find_quote("one & two three four", html) == Found(2, 21)
    assert find_quote("four", html) == Found(3, 10)
    assert find_quote("Zero one", html) == Found(2, 10)  # blocks are apart, as a reader sees them
    assert isinstance(find_quote("var a", html), Closest)  # scripts and styles are no text


def test_an_html_archive_is_read_as_a_browser_shows_it() -> None:
    html = archive_text("a.html", (
        '<!DOCTYPE html><p title="a > b">One <!-- hidden words --> two</p>\n'
        "<template><p>not shown</p></template><p>x < y and 3<4</p><STYLE>p{}</STYLE>\n"
        "<p>caf&eacute; &#8220;ok&#x201d; &amp</p><?php echo 1 ?></ p>\n"
        "<p>tail <unfinished"))
    assert html.text == "One  two\nx < y and 3<4\ncafé “ok” &\ntail <unfinished"
    assert find_quote("One two", html) == Found(1, 33)  # a ">" in quotes does not end a tag
    assert find_quote("x < y and 3<4", html) == Found(2, 41)  # a "<" that begins no tag is text
    assert find_quote('café "ok" &', html) == Found(3, 4)  # entities, each at its own place
    assert find_quote("tail <unfinished", html) == Found(4, 4)  # a tag left open is text
    for hidden in ("hidden words", "not shown", "echo 1", 'b" One'):
        assert isinstance(find_quote(hidden, html), Closest)


@pytest.mark.parametrize(("quote", "text", "found"), [
    ("convinced by the offer", "They were unconvinced by the offer.", False),  # cut at the start
    ("were unconvinced by the off", "They were unconvinced by the offer.", False),  # at the end
    ("convinced by the offer", "unconvinced by the offer, then convinced by the offer", True),
    ("unconvinced by the offer", "They were unconvinced by the offer.", True),
    ("“by the offer”", "unconvinced “by the offer”.", True),  # the quote's own marks bound it
    ("김정관", "김정관은 말했다", True),  # Korean joins particles to nouns
    ("15%", "from 15% to 25%", True), ("5%", "from 15% to 25%", False),
])
def test_a_quote_is_found_only_as_whole_words(quote: str, text: str, found: bool) -> None:
    assert isinstance(find_quote(quote, archive_text("a.txt", text)), Found) is found


def test_a_quote_cut_inside_words_everywhere_is_given_up_in_bounded_time() -> None:
    # Millions of occurrences inside one word: each rejected one costs a search.
    text = archive_text("a.txt", "b" + "a" * F.ARCHIVE_TEXT_MAX_BYTES)
    with time_bound(30):
        assert isinstance(find_quote("a" * 1_000, text), Closest)


def test_the_closest_passage_is_the_window_sharing_most_words() -> None:
    text = archive_text("a.txt", "Intro line.\nThe ferry leaves at nine from the north quay,\n"
                                 "the bus at ten.\n")
    assert find_quote("The ferry leaves at ten from the north quay", text) == Closest(
        "The ferry leaves at nine from the north quay,", 2)
    assert find_quote("Nothing in common", text) == Closest(None, 1)


# verify-quotes and its lock. ------------------------------------------------------------------------

EXPECTED_LOCK = re.compile(
    r"# seeds/quotes\.lock: .*\n# Do not edit it by hand.*\n# quote: .*\n"
    r"- \{event: 2026-03-02-harbour-reopens, source: harbour-report, quote: sha256:[0-9a-f]{64}, "
    r"file: harbour-report\.txt, text: sha256:[0-9a-f]{64}, line: 5, column: 1, "
    r"verified: 2026-11-22\}\n"
    r"- \{event: 2026-03-04-council-votes-repairs, source: council-minutes, quote: sha256:[0-9a-f]{64}, "
    r"file: council-minutes\.html, text: sha256:[0-9a-f]{64}, line: 8, column: 4, "
    r"verified: 2026-11-22\}\n"
    r"- \{event: 2026-03-04-council-votes-repairs, source: ferry-notes, quote: sha256:[0-9a-f]{64}, "
    r"file: ferry-notes\.md, text: sha256:[0-9a-f]{64}, line: 3, column: 3, "
    r"verified: 2026-11-22\}\n")


def test_verify_quotes_writes_the_lock_and_a_second_run_changes_nothing(quotes_project: Path) -> None:
    assert verify(quotes_project) == (0, "Wrote seeds/quotes.lock.\n"
                                         "3 of 3 quotes verified against 3 archived texts\n", "")
    written = (quotes_project / LOCK).read_bytes()
    assert EXPECTED_LOCK.fullmatch(written.decode("utf-8"))
    # Another day: every entry keeps the day it was verified, so the bytes stay the same.
    later = str(int(SOURCE_DATE_EPOCH) + 86_400 * 30)
    assert verify(quotes_project, epoch=later) == (
        0, "seeds/quotes.lock is unchanged.\n3 of 3 quotes verified against 3 archived texts\n", "")
    assert (quotes_project / LOCK).read_bytes() == written
    assert verify(quotes_project, "--check") == (
        0, "seeds/quotes.lock is up to date.\n3 of 3 quotes verified against 3 archived texts\n", "")
    assert run_cli(quotes_project, "check").stdout == "2 events checked: no errors.\n"


def test_a_changed_archived_text_is_verified_again_on_the_day(quotes_project: Path) -> None:
    verify(quotes_project)
    edit(quotes_project, "archive/ferry-notes.md", "# Notes", "# Notes, revised")
    later = str(int(SOURCE_DATE_EPOCH) + 86_400)
    assert verify(quotes_project, "--check", epoch=later)[0] == 1
    assert (quotes_project / LOCK).read_text(encoding="utf-8").count("2026-11-22") == 3
    verify(quotes_project, epoch=later)
    lock = (quotes_project / LOCK).read_text(encoding="utf-8")
    assert lock.count("verified: 2026-11-22") == 2
    assert "file: ferry-notes.md" in lock.splitlines()[-1]
    assert lock.splitlines()[-1].endswith("verified: 2026-11-23}")


def test_a_quote_not_in_its_source_says_the_closest_passage_and_the_rest_is_written(
        quotes_project: Path) -> None:
    edit(quotes_project, COUNCIL, "fund the repair of the north pier & the ferry ramp",
         "fund the repairs of the north pier and the ferry ramp")
    code, out, err = verify(quotes_project)
    assert code == 1
    assert err == (
        f"{COUNCIL}:7:12: quote: not found in the archived text PROJECT/archive/"
        "council-minutes.html — did you mean “The council voted 7 to 2 to fund the repair of the "
        "north pier & the ferry ramp.” (PROJECT/archive/council-minutes.html:8)? Copy the quote "
        "word for word from the source (only spaces, line breaks, curly quotes and dashes may "
        "differ)\n")
    assert out == ("Wrote seeds/quotes.lock, with the 2 quotes verified; the others are not in it "
                   "until they are found\n"
                   "2 of 3 quotes verified against 3 archived texts; 1 not found\n")
    assert (quotes_project / LOCK).read_text(encoding="utf-8").count("\n- {") == 2
    assert verify(quotes_project, "--check")[:2] == (
        1, "seeds/quotes.lock is up to date.\n"
           "2 of 3 quotes verified against 3 archived texts; 1 not found\n")


def test_a_source_without_an_archived_text_is_one_error_naming_the_file_to_add(
        quotes_project: Path) -> None:
    (quotes_project / "archive" / "council-minutes.html").unlink()
    code, out, err = verify(quotes_project)
    assert code == 1
    assert err == (f"{COUNCIL}:7:12: quote: the archive has no text of the source "
                   "\"council-minutes\" (1 quote cites it) — add PROJECT/archive/"
                   "council-minutes.txt or PROJECT/archive/council-minutes.md or "
                   "PROJECT/archive/council-minutes.html with the report's text, and run "
                   "verify-quotes again\n")
    assert out.endswith("2 of 3 quotes verified against 2 archived texts; "
                        "1 of sources with no archived text\n")


def test_archived_texts_that_cannot_be_used_are_each_said(quotes_project: Path) -> None:
    archive = quotes_project / "archive"
    (archive / "ferry-notes.txt").write_text("Sailings resume at 06:40 from the south quay.\n")
    (archive / "harbour-report.txt").write_bytes(b"The harbour \xff master\n")
    (archive / "council-minutes.html").unlink()
    (archive / "council-minutes.html").symlink_to(QUOTES / "archive" / "council-minutes.html")
    code, _, err = verify(quotes_project)
    assert code == 1
    assert err.splitlines() == [
        "PROJECT/archive/council-minutes.html:1:1: this is a symbolic link, which verify-quotes "
        "never follows — replace it with the file itself",
        "PROJECT/archive/ferry-notes.md:1:1: the archive holds two texts of the source "
        "\"ferry-notes\", ferry-notes.txt and ferry-notes.md — keep one of them",
        "PROJECT/archive/harbour-report.txt:1:13: the byte 0xff here is not valid UTF-8 — save "
        "the archived text again choosing the UTF-8 encoding",
    ]


def test_an_archived_text_at_the_limit_is_read_and_past_it_is_refused(quotes_project: Path) -> None:
    report = quotes_project / "archive" / "harbour-report.txt"
    text = report.read_bytes()
    report.write_bytes(text + b"x" * (F.ARCHIVE_TEXT_MAX_BYTES - len(text)))
    with time_bound(60):
        assert verify(quotes_project)[0] == 0
    report.write_bytes(text + b"x" * (F.ARCHIVE_TEXT_MAX_BYTES + 1 - len(text)))
    code, _, err = verify(quotes_project)
    assert code == 1
    assert err == (f"PROJECT/archive/harbour-report.txt:1:1: this archived text is "
                   f"{F.ARCHIVE_TEXT_MAX_BYTES + 1:,} bytes, more than the "
                   f"{F.ARCHIVE_TEXT_MAX_BYTES:,} allowed — keep only the report's text (save "
                   "the page as text, or cut what is not the report)\n")


def test_a_long_quote_against_a_large_archive_takes_bounded_time() -> None:
    # A quote at QUOTE_MAX, nearly in a 5 MB text of many words: every window is scored.
    words = " ".join(f"w{n % 997}" for n in range(F.ARCHIVE_TEXT_MAX_BYTES // 5))
    text = archive_text("a.txt", words[:F.ARCHIVE_TEXT_MAX_BYTES])
    quote = " ".join(f"w{n * 7 % 991}" for n in range(F.QUOTE_MAX // 5))[:F.QUOTE_MAX]
    with time_bound(60):
        found = find_quote(quote, text)
    assert isinstance(found, Closest) and found.passage is not None
    assert len(found.passage) <= F.PASSAGE_SHOWN_MAX and found.passage.endswith("…")


@pytest.mark.parametrize("hostile", [
    "<div>" * 200_000 + "deep words" + "</div>" * 200_000,  # deeply nested
    "<p>" + "word " * 900_000 + "</p>",  # one huge line
    "<" * 1_000_000, "&" * 1_000_000, "<!--" + "-" * 1_000_000,  # unfinished markup
    "<a " + 'b="c" ' * 300_000 + ">",
])
def test_hostile_html_archives_take_bounded_time(hostile: str) -> None:
    with time_bound(60):
        text = archive_text("a.html", hostile)
        find_quote("deep words and more", text)


@pytest.mark.parametrize("unit", [
    "<a<", "<!--", "</", "<?", "<!",  # each rescanned the rest of the file in html.parser
    "<p>\n", "a<i>", "&amp;b", '<a "', "<script>",  # a piece each, quotes never closed
])
def test_html_archives_at_the_limit_are_read_in_linear_time(unit: str) -> None:
    # Python 3.11.7's html.parser took 12 s over 100 KB of "<a<" and over 120 s over 1 MB of
    # "</": the archive's own tokenizer reads 5 MB of each in about 2 s at most.
    hostile = (unit * (F.ARCHIVE_TEXT_MAX_BYTES // len(unit) + 1))[:F.ARCHIVE_TEXT_MAX_BYTES]
    with time_bound(60, f"5 MB of {unit!r}"):
        text = archive_text("a.html", hostile)
        assert isinstance(find_quote("deep words", text), Closest)


def test_verify_quotes_holds_one_archived_text_at_a_time(quotes_project: Path) -> None:
    # Four pages at the limit, each parsed into some 430 MB when all were held at once: under
    # 1 GB of address space that ran out of memory; one at a time it needs some 60 MB.
    page = "<p>\n" * (F.ARCHIVE_TEXT_MAX_BYTES // 4 - 5) + "<p>found here</p>"
    sources = quotes_project / "seeds" / "sources.yml"
    for n in range(4):
        with sources.open("a", encoding="utf-8") as registry:
            registry.write(f"page-{n}:\n  title: \"Page {n}\"\n  publisher: P\n"
                           "  published: 2026-01-01\n")
        (quotes_project / "archive" / f"page-{n}.html").write_text(page, encoding="utf-8")
        edit(quotes_project, HARBOUR, "sources:\n",
             f"sources:\n  - source: page-{n}\n    quote: \"found here\"\n")
    limit = 1_000_000_000
    with time_bound(120):
        ran = subprocess.run(
            [sys.executable, str(REPO / "build_timeline.py"), "--root", str(quotes_project),
             "verify-quotes", "--archive", str(quotes_project / "archive")],
            env=build_env(), capture_output=True, text=True, timeout=120,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout.endswith("7 of 7 quotes verified against 7 archived texts\n")
    lock = (quotes_project / LOCK).read_text(encoding="utf-8")
    assert [line.split(", ")[1] for line in lock.splitlines()[3:7]] == [
        f"source: page-{n}" for n in (3, 2, 1, 0)]  # as the event's file lists them
    assert "file: page-0.html, text: sha256:" in lock and "line: 1249996, column: 4," in lock


def test_the_lock_lists_each_events_quotes_in_file_order_whatever_their_sources(
        quotes_project: Path) -> None:
    edit(quotes_project, COUNCIL, "  - source: council-minutes\n", "  - source: COUNCIL\n")
    edit(quotes_project, COUNCIL, "  - source: ferry-notes\n", "  - source: council-minutes\n")
    edit(quotes_project, COUNCIL, "  - source: COUNCIL\n", "  - source: ferry-notes\n")
    edit(quotes_project, COUNCIL, '    quote: "The council voted', '    quote: "TEMP')
    edit(quotes_project, COUNCIL, '    quote: "Sailings resume at 06:40 from the south quay."',
         '    quote: "The council voted 7 to 2 to fund the repair of the north pier & the ferry '
         'ramp."')
    edit(quotes_project, COUNCIL, '    quote: "TEMP 7 to 2 to fund the repair of the north pier & '
                                  'the ferry ramp."',
         '    quote: "Sailings resume at 06:40 from the south quay."')
    assert verify(quotes_project)[0] == 0
    lines = (quotes_project / LOCK).read_text(encoding="utf-8").splitlines()[3:]
    assert [line.split(", ")[:2] for line in lines] == [
        ["- {event: 2026-03-02-harbour-reopens", "source: harbour-report"],
        ["- {event: 2026-03-04-council-votes-repairs", "source: ferry-notes"],
        ["- {event: 2026-03-04-council-votes-repairs", "source: council-minutes"]]


def test_the_closest_passage_is_given_to_the_first_quotes_not_found_in_a_text(
        quotes_project: Path) -> None:
    # A text at the limit, and 100 quotes not in it (the event's, and as many more as a list
    # holds): each slid a window over its million words
    # anew (122 s); its words are now made once, for at most CLOSEST_PASSAGES_MAX of them.
    (quotes_project / "archive" / "harbour-report.txt").write_text(
        "word " * (F.ARCHIVE_TEXT_MAX_BYTES // 5), encoding="utf-8")
    edit(quotes_project, HARBOUR, "sources:\n", "sources:\n" + "".join(
        f"  - source: harbour-report\n    quote: \"word absent{n}\"\n"
        for n in range(F.LIST_MAX - 1)))
    with time_bound(60):
        code, _, err = verify(quotes_project)
    assert code == 1
    lines = err.splitlines()
    fix = ("opy the quote word for word from the source (only spaces, line breaks, curly quotes "
           "and dashes may differ)")
    file = "PROJECT/archive/harbour-report.txt"
    assert lines[F.CLOSEST_PASSAGES_MAX - 1] == (
        f"{HARBOUR}:{5 + 2 * F.CLOSEST_PASSAGES_MAX}:12: quote: not found in the archived text "
        f"{file} — did you mean “word” ({file}:1)? C{fix}")
    assert lines[F.CLOSEST_PASSAGES_MAX] == (
        f"{HARBOUR}:{7 + 2 * F.CLOSEST_PASSAGES_MAX}:12: quote: not found in the archived text "
        f"{file} (the closest passage is looked for only for the first "
        f"{F.CLOSEST_PASSAGES_MAX} quotes of a text not found in it) — c{fix}")
    assert len(lines) == F.LIST_MAX
    assert sum("did you mean" in line for line in lines) == F.CLOSEST_PASSAGES_MAX


def test_the_archive_folders_name_is_escaped_on_every_line(quotes_project: Path) -> None:
    folder = quotes_project / "arch\n::error::pwned"
    shutil.copytree(quotes_project / "archive", folder)
    (folder / "ferry-notes.md").unlink()
    for args in (("--check",), ()):
        ran = run_cli(quotes_project, "verify-quotes", "--archive", str(folder), *args)
        assert ran.returncode == 1
        out = ran.stdout.replace(str(quotes_project), "PROJECT")
        assert not [line for line in (out + ran.stderr).splitlines() if line.startswith("::")]
        assert out.splitlines()[0] == (
            "seeds/quotes.lock is not up to date — run `make verify-quotes "
            "ARCHIVE=PROJECT/arch\\n::error::pwned` and commit it" if args else
            "Wrote seeds/quotes.lock, with the 2 quotes verified; the others are not in it until "
            "they are found")
    verify(quotes_project)
    with (folder / "harbour-report.txt").open("a", encoding="utf-8") as report:
        report.write("A line added.\n")
    ran = run_cli(quotes_project, "verify-quotes", "--archive", str(folder),
                  epoch=str(int(SOURCE_DATE_EPOCH) + 86_400))
    assert ran.stdout.replace(str(quotes_project), "PROJECT").splitlines()[0] == (
        "Wrote seeds/quotes.lock, with the 3 quotes verified (1 kept as they were: their sources "
        "have no usable text in PROJECT/arch\\n::error::pwned); the others are not in it until "
        "they are found")


def test_temporary_files_left_by_a_killed_run_are_removed_after_an_hour(quotes_project: Path
                                                                        ) -> None:
    seeds = quotes_project / "seeds"
    outside = quotes_project / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    old = time.time() - F.LOCK_TEMPORARY_STALE_SECONDS - 60
    (seeds / ".quotes.lock.abcd_123").write_text("- {half", encoding="utf-8")  # left, an hour ago
    (seeds / ".quotes.lock.young123").write_text("- {half", encoding="utf-8")  # another run's
    (seeds / ".quotes.lock.short").write_text("not ours", encoding="utf-8")
    (seeds / ".quotes.lock.folder12").mkdir()
    (seeds / ".quotes.lock.linked12").symlink_to(outside)
    for name in ("abcd_123", "short", "folder12", "linked12"):
        os.utime(seeds / f".quotes.lock.{name}", (old, old), follow_symlinks=False)
    assert run_cli(quotes_project, "check").stdout == "2 events checked: no errors.\n"
    assert verify(quotes_project, "--check")[0] == 1  # writes nothing, removes nothing
    assert (seeds / ".quotes.lock.abcd_123").exists()
    assert verify(quotes_project)[0] == 0
    assert sorted(path.name for path in seeds.glob(".quotes.lock.*")) == [
        ".quotes.lock.folder12", ".quotes.lock.linked12", ".quotes.lock.short",
        ".quotes.lock.young123"]
    assert outside.read_text(encoding="utf-8") == "precious\n"


# check: the lock read offline. ---------------------------------------------------------------------

def test_check_warns_at_a_quote_edited_since_it_was_verified(quotes_project: Path) -> None:
    verify(quotes_project)
    edit(quotes_project, HARBOUR, "on Monday - weather", "on Tuesday - weather")
    ran = run_cli(quotes_project, "check")
    assert ran.returncode == 0
    assert ran.stdout == "2 events checked: no errors. (1 warning)\n"
    assert ran.stderr == (
        f"{HARBOUR}:7:12: warning: quote: changed since it was verified on 2026-11-22 against the "
        "archived text harbour-report.txt — copy it word for word from the source again, or, if "
        "the source says this, ask a maintainer to run `make verify-quotes ARCHIVE=DIR`\n")


def test_check_warns_at_a_quote_never_verified(quotes_project: Path) -> None:
    verify(quotes_project)
    edit(quotes_project, HARBOUR, "sources:\n", "sources:\n  - source: ferry-notes\n"
                                                "    quote: \"The last sailing leaves at 21:15.\"\n")
    ran = run_cli(quotes_project, "check")
    assert ran.returncode == 0
    assert ran.stderr == (
        f"{HARBOUR}:7:12: warning: quote: not verified against the archived text of the source "
        "\"ferry-notes\" — nothing to do without the archive: a maintainer runs `make "
        "verify-quotes ARCHIVE=DIR`, which records it in seeds/quotes.lock\n")


def test_without_a_lock_check_says_nothing_of_quotes(quotes_project: Path) -> None:
    assert run_cli(quotes_project, "check").stderr == ""


@pytest.mark.parametrize(("line", "message"), [
    ("- {event: x, source: y}", "1:1: this entry has no quote:, which every entry has"),
    ("- {event: 2026-03-02-x, source: y, quote: sha256:abc}",
     '1:43: quote: "sha256:abc" is not sha256: and 64 hexadecimal digits'),
    ("- {even: x}", '1:4: even: is not a field of the lock'),
    ("event: x", "1:1: this line is not an entry of the lock, which are written - {event: …, "
                 "source: …, quote: sha256:…, file: …, text: sha256:…, line: N, column: N, "
                 "verified: YYYY-MM-DD}"),
    ("- {event: [x", "1:1: this line is not an entry of the lock, which are written - {event: …, "
                     "source: …, quote: sha256:…, file: …, text: sha256:…, line: N, column: N, "
                     "verified: YYYY-MM-DD}"),
])
def test_a_malformed_lock_is_an_error_at_its_line(quotes_project: Path, line: str,
                                                  message: str) -> None:
    (quotes_project / LOCK).write_text(line + "\n", encoding="utf-8")
    ran = run_cli(quotes_project, "check")
    assert ran.returncode == 1
    assert ran.stderr.splitlines()[0] == (
        f"{LOCK}:{message} — run `make verify-quotes ARCHIVE=DIR` again, or restore it with "
        "`git checkout seeds/quotes.lock`")
    # verify-quotes is not stopped by it: it writes the lock anew.
    assert verify(quotes_project)[0] == 0
    assert run_cli(quotes_project, "check").returncode == 0


def test_a_lock_line_written_by_hand_in_another_yaml_style_is_read(quotes_project: Path) -> None:
    verify(quotes_project)
    lock = quotes_project / LOCK
    lines = lock.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("line: 5", "line: '5'").replace("{event: ", "{ event: ")
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli(quotes_project, "check").stderr == ""


def test_a_lock_past_its_limit_is_refused(quotes_project: Path) -> None:
    (quotes_project / LOCK).write_bytes(b"#" * (F.QUOTES_LOCK_MAX_BYTES + 1))
    ran = run_cli(quotes_project, "check")
    assert ran.stderr.splitlines()[0] == (
        f"{LOCK}:1:1: the lock is {F.QUOTES_LOCK_MAX_BYTES + 1:,} bytes, more than the "
        f"{F.QUOTES_LOCK_MAX_BYTES:,} allowed — run `make verify-quotes ARCHIVE=DIR` again, or "
        "restore it with `git checkout seeds/quotes.lock`")


def test_a_lock_of_junk_lines_lists_a_hundred_problems_and_stops(quotes_project: Path) -> None:
    # 2 MB of lines that are no entries: every one was parsed and reported (300 MB of output).
    (quotes_project / LOCK).write_bytes(b"x\n" * 1_000_000)
    with time_bound(30):
        ran = run_cli(quotes_project, "check")
    lines = ran.stderr.splitlines()
    assert ran.returncode == 1 and len(lines) == F.PROBLEMS_MAX_PER_FILE + 2
    assert lines[F.PROBLEMS_MAX_PER_FILE] == (
        f"{LOCK}:{F.PROBLEMS_MAX_PER_FILE + 1}:1: the rest of the lock, from here on, was not read "
        f"after the {F.PROBLEMS_MAX_PER_FILE} problems above — run `make verify-quotes "
        "ARCHIVE=DIR` again, or restore it with `git checkout seeds/quotes.lock`")


def test_lines_written_by_hand_are_read_up_to_their_limit(quotes_project: Path) -> None:
    verify(quotes_project)
    lock = quotes_project / LOCK
    entry = lock.read_text(encoding="utf-8").splitlines()[3].replace("{event: ", "{ event: ")
    lock.write_text((entry + "\n") * F.QUOTES_LOCK_HAND_LINES_MAX, encoding="utf-8")
    assert run_cli(quotes_project, "check").returncode == 0
    lock.write_text((entry + "\n") * (F.QUOTES_LOCK_HAND_LINES_MAX + 1), encoding="utf-8")
    ran = run_cli(quotes_project, "check")
    assert ran.stderr.splitlines()[0] == (
        f"{LOCK}:{F.QUOTES_LOCK_HAND_LINES_MAX + 1}:1: more than "
        f"{F.QUOTES_LOCK_HAND_LINES_MAX:,} lines of the lock are not written as verify-quotes "
        "writes them, - {event: …, source: …, quote: sha256:…, file: …, text: sha256:…, line: N, "
        "column: N, verified: YYYY-MM-DD} — run `make verify-quotes ARCHIVE=DIR` again, or "
        "restore it with `git checkout seeds/quotes.lock`")


def test_a_lock_with_old_mac_line_ends_is_read_line_by_line(quotes_project: Path) -> None:
    verify(quotes_project)
    lock = quotes_project / LOCK
    lock.write_bytes(lock.read_bytes().replace(b"\n", b"\r"))
    assert run_cli(quotes_project, "check").stderr == ""


@pytest.mark.parametrize(("old", "new", "message"), [
    ("verified: 2026-11-22}", "verified: 9999-12-31}",
     "verified: 9999-12-31 is after today (2026-11-22, or 2026-11-23 east of UTC), so no quote "
     "was verified then"),
    ("line: 5,", "line: 99999999,", 'line: "99999999" is not a line number, from 1 to 5,000,000'),
])
def test_a_lock_entry_that_cannot_be_true_is_refused(quotes_project: Path, old: str, new: str,
                                                      message: str) -> None:
    verify(quotes_project)
    lock = quotes_project / LOCK
    lines = lock.read_text(encoding="utf-8").splitlines()
    assert old in lines[3]
    lines[3] = lines[3].replace(old, new)
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ran = run_cli(quotes_project, "check")
    assert ran.returncode == 1
    assert ran.stderr.splitlines()[0].startswith(f"{LOCK}:4:")
    assert ran.stderr.splitlines()[0].split(": ", 1)[1] == (
        f"{message} — run `make verify-quotes ARCHIVE=DIR` again, or restore it with "
        "`git checkout seeds/quotes.lock`")


def test_an_event_of_many_unverified_quotes_is_matched_in_linear_time(quotes_project: Path
                                                                      ) -> None:
    verify(quotes_project)
    quotes = "".join(f"  - source: ferry-notes\n    quote: \"Sailing number {n}.\"\n"
                     for n in range(F.LIST_MAX - 1))
    edit(quotes_project, HARBOUR, "sources:\n", "sources:\n" + quotes)
    with time_bound(10):
        ran = run_cli(quotes_project, "check")
    assert ran.returncode == 0 and ran.stderr.count("warning: quote: not verified") == F.LIST_MAX - 1


def test_verify_quotes_never_writes_through_a_link_beside_the_lock(quotes_project: Path) -> None:
    # A pull request can commit links at every name a temporary file could have had.
    outside = quotes_project / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    for pid in range(0, 70_000, 7):
        (quotes_project / "seeds" / f".quotes.lock.{pid}").symlink_to(outside)
    assert verify(quotes_project)[0] == 0
    assert outside.read_text(encoding="utf-8") == "precious\n"
    lock = quotes_project / LOCK
    assert not lock.is_symlink() and lock.read_text(encoding="utf-8").startswith("# seeds/")
    assert oct(lock.stat().st_mode & 0o777) == "0o644"


def test_entries_kept_for_sources_without_a_text_are_counted_as_kept(quotes_project: Path
                                                                     ) -> None:
    verify(quotes_project)
    (quotes_project / "archive" / "ferry-notes.md").unlink()
    harbour = next((quotes_project / "archive").glob("harbour-report.*"))
    harbour.write_text(harbour.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    status, out, _ = verify(quotes_project, epoch=str(int(SOURCE_DATE_EPOCH) + 86_400))
    assert status == 1
    assert out.replace(str(quotes_project), "PROJECT").splitlines()[0] == (
        "Wrote seeds/quotes.lock, with the 3 quotes verified (1 kept as they were: their sources "
        "have no usable text in PROJECT/archive); the others are not in it until they are found")


# The page and the exports. -------------------------------------------------------------------------

def test_a_verified_quote_says_so_on_its_page_and_in_events_json(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site", QUOTES / "seeds")
    shutil.copytree(QUOTES / "archive", project / "archive")
    assert verify(project)[0] == 0
    edit(project, HARBOUR, "on Monday", "on Monday,")  # changed: no mark
    mkdocs(project, "build", "--strict")
    page = (project / "site" / "events" / "2026-03-04-council-votes-repairs" / "index.html"
            ).read_text(encoding="utf-8")
    marked = re.findall(r'<p class="tl-quote" data-quote-verified="2026-11-22">(.*?)</p>', page,
                        re.DOTALL)
    assert len(marked) == 2
    assert '<span class="tl-quote-check" title="Found at line 8, column 4 of the archived text ' \
           'council-minutes.html (SHA-256 ' in marked[0]
    assert marked[0].endswith(">✓ Checked against the archived text council-minutes.html on 22 "
                              "November 2026</span>")
    harbour = (project / "site" / "events" / "2026-03-02-harbour-reopens" / "index.html"
               ).read_text(encoding="utf-8")
    assert "data-quote-verified" not in harbour and "✓ Checked" not in harbour
    events = json.loads((project / "site" / "events.json").read_text(encoding="utf-8"))["events"]
    by_id = {e["id"]: e for e in events}
    assert by_id["2026-03-02-harbour-reopens"]["sources"][0]["verified"] is None
    check = by_id["2026-03-04-council-votes-repairs"]["sources"][1]["verified"]
    assert check["date"] == "2026-11-22" and check["archive_file"] == "ferry-notes.md"
    assert (check["line"], check["column"]) == (3, 3) and len(check["text_sha256"]) == 64
