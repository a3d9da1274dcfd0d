"""`links`: every source and actor address asked over HTTP, against a real local server.

The server is the standard library's, on 127.0.0.1 in a thread: each path answers as a real site
might (moved, gone, looping, refusing HEAD, hanging, busy). Nothing here leaves this machine.
"""

from __future__ import annotations

import collections
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

import pytest

from tests.support import (
    MAX_REDIRECTS,
    STUCK_MAX,
    USER_AGENT,
    WORKERS,
    Outcome,
    Problem,
    addresses_of,
    link_problems,
    parse_yaml,
    probe,
    run_cli,
)

# What each path answers: a status, and where a redirect goes.
ROUTES: dict[str, tuple[int, str | None]] = {
    "/ok": (200, None),
    "/moved": (301, "/moved-again"),
    "/moved-again": (308, "/ok"),
    "/moved-then-found": (301, "/for-now"),
    "/for-now": (302, "/ok"),
    "/temporary": (307, "/ok"),
    "/loop-a": (302, "/loop-b"),
    "/loop-b": (302, "/loop-a"),
    "/gone": (404, None),
    "/removed": (410, None),
    "/ftp": (301, "ftp://files.example.org/report.pdf"),
    "/busy": (503, None),
    "/slow-down": (429, None),
    "/forbidden": (403, None),
    "/nowhere": (302, None),
    "/to-malformed": (302, "http://[::1"),
    "/to-long": (301, "/ok?" + "a" * 2_100),  # URL_MAX is 2,048
    "/to-space": (301, "/ok?a b"),
    "/to-credentials": (301, "http://maintainer:hunter2@127.0.0.1:{port}/ok"),
    "/to-at-the-limit": (301, "/ok?" + "a" * (2_048 - len("http://127.0.0.1:NNNNN/ok?"))),
}


class Site(BaseHTTPRequestHandler):
    """A site whose pages answer as ROUTES says; /hops/N redirects N times before answering,
    /no-head refuses HEAD (405) and serves GET with a long body, /hang answers after 5 s and
    /drip sends its headers a byte at a time."""

    asked: collections.Counter[tuple[str, str]] = collections.Counter()
    agents: set[str] = set()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        """Log nothing: the tests read what `links` says."""

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        Site.asked[(method, self.path)] += 1
        Site.agents.add(self.headers.get("User-Agent", ""))
        hops = re.fullmatch(r"/(slow-)?hops/(\d+)", self.path)
        if hops:
            if hops.group(1):
                time.sleep(0.5)
            left = int(hops.group(2))
            self._send(302 if left else 200, f"/{hops.group(1) or ''}hops/{left - 1}" if left
                       else None)
        elif self.path in ("/head-404", "/head-403", "/head-400"):  # CDNs and news sites do
            self._send(int(self.path[-3:]) if method == "HEAD" else 200, None)
        elif self.path == "/no-head":
            if method == "HEAD":
                self._send(405, None)
            else:
                self.send_response(200)
                self.send_header("Content-Length", str(1_000_000))
                self.end_headers()
                try:
                    self.wfile.write(b"x" * 1_000_000)  # `links` reads a few KB and hangs up
                except OSError:
                    pass
        elif self.path == "/hang":
            time.sleep(5)
            self._send(200, None)
        elif self.path == "/drip":
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(50):  # every wait is short; the whole is 10 s
                    self.wfile.write(b"X-Slow: 1\r\n")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            self.close_connection = True
        else:
            self._send(*ROUTES.get(self.path.partition("?")[0], (404, None)))

    def _send(self, status: int, location: str | None) -> None:
        self.send_response(status)
        if location is not None:
            port = cast(ThreadingHTTPServer, self.server).server_port
            self.send_header("Location", location.replace("{port}", str(port))
                             .replace("NNNNN", str(port)))
        self.send_header("Content-Length", "0")
        self.end_headers()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a hanging handler does not hold up the end of the tests


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """Return the address of the local site, served in a thread for this module's tests."""
    server = Server(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path, kind, said", [
    ("/ok", "ok", "answers 200 OK"),
    ("/temporary", "ok", "answers 200 OK"),  # a temporary redirect is the site's business
    ("/gone", "dead", "answers 404 Not Found"),
    ("/removed", "dead", "answers 410 Gone"),
    ("/busy", "later", "answers 503 Service Unavailable"),
    ("/slow-down", "later", "answers 429 Too Many Requests"),
    ("/forbidden", "refused", "answers 403 Forbidden"),
    ("/nowhere", "dead", "answers 302 Found without saying where to"),
])
def test_a_status_says_whether_the_address_is_dead(site: str, path: str, kind: str,
                                                   said: str) -> None:
    assert probe(site + path, 5) == Outcome(kind, said)  # type: ignore[arg-type]


def test_permanent_redirects_suggest_the_new_address(site: str) -> None:
    assert probe(site + "/moved", 5) == Outcome("moved", f"has moved for good to {site}/ok",
                                                f"{site}/ok")
    # A permanent move to an address that then redirects for now: the address it moved to.
    assert probe(site + "/moved-then-found", 5) == Outcome(
        "moved", f"has moved for good to {site}/for-now", f"{site}/for-now")


def test_redirects_are_followed_five_times_and_no_more(site: str) -> None:
    assert MAX_REDIRECTS == 5
    assert probe(f"{site}/hops/5", 5) == Outcome("ok", "answers 200 OK")
    assert probe(f"{site}/hops/6", 5) == Outcome("dead", "redirects more than 5 times")
    # The sixth redirect is not followed: /hops/0 was asked for by the five-hop chain only.
    assert Site.asked[("HEAD", "/hops/0")] == 1


def test_a_redirect_loop_is_dead(site: str) -> None:
    assert probe(site + "/loop-a", 5) == Outcome("dead", f"redirects in a loop, back to {site}/loop-a")


def test_a_redirect_to_another_scheme_is_reported_never_followed(site: str) -> None:
    assert probe(site + "/ftp", 5) == Outcome(
        "dead", "redirects to ftp://files.example.org/report.pdf, which is not a web address "
                "(not followed)")


def test_a_refused_head_is_asked_again_with_get_reading_only_a_little(site: str) -> None:
    started = time.monotonic()
    assert probe(site + "/no-head", 5) == Outcome("ok", "answers 200 OK")
    assert Site.asked[("HEAD", "/no-head")] >= 1 and Site.asked[("GET", "/no-head")] >= 1
    assert time.monotonic() - started < 5
    assert Site.agents >= {USER_AGENT}


def test_a_server_that_hangs_is_given_up_on_at_the_timeout(site: str) -> None:
    started = time.monotonic()
    assert probe(site + "/hang", 0.5) == Outcome("later", "did not answer within 0.5 s")
    # Bytes every 0.2 s keep each wait short: the whole request is bounded all the same.
    assert probe(site + "/drip", 0.5) == Outcome("later", "did not answer within 0.5 s")
    assert time.monotonic() - started < 4


def test_an_address_nothing_answers_at_is_to_try_later() -> None:
    # Port 9 (discard) on this machine: nothing listens there in the tests' sandbox.
    assert probe("http://127.0.0.1:9/report", 2) == Outcome(
        "later", "cannot be reached: nothing answers at its host")
    assert probe("http://127.0.0.1:notaport/report", 2) == Outcome(
        "dead", "cannot be reached: its host or port is not valid")


SOURCES = """\
alive-2025-01-01:
  title: A report that answers
  publisher: P
  published: 2025-01-01
  url: {site}/ok
gone-2025-01-02:
  title: A report that is gone
  publisher: P
  published: 2025-01-02
  url: {site}/gone
kept-2025-01-03:
  title: A report that is gone, with a copy
  publisher: P
  published: 2025-01-03
  url: {site}/removed
  archive_url: {site}/ok
  archived: 2025-01-04
lost-2025-01-05:
  title: A report and its copy, both gone
  publisher: P
  published: 2025-01-05
  url: {site}/ftp
  archive_url: {site}/gone
  archived: 2025-01-06
moved-2025-01-07:
  title: A report that moved
  publisher: P
  published: 2025-01-07
  url: {site}/moved
busy-2025-01-08:
  title: A report on a busy server
  publisher: P
  published: 2025-01-08
  url: {site}/busy
again-2025-01-09:
  title: The report that answers, cited again
  publisher: P
  published: 2025-01-09
  url: {site}/ok
"""
ACTORS = """\
someone:
  name: Someone
  url: {site}/loop-a
nobody:
  name: Nobody
  url: {site}/hang
"""


def _project(tmp_path: Path, site: str) -> Path:
    """Return a project folder whose registries cite the local site."""
    seeds = tmp_path / "seeds"
    (seeds / "events").mkdir(parents=True)
    (seeds / "sources.yml").write_text(SOURCES.format(site=site), encoding="utf-8")
    (seeds / "actors.yml").write_text(ACTORS.format(site=site), encoding="utf-8")
    return tmp_path


def test_links_says_which_addresses_are_dead_where_they_are_written(tmp_path: Path,
                                                                     site: str) -> None:
    Site.asked.clear()
    # The whole of an address in 2 s (a 0.5 s budget for three hops was flaky on a loaded machine).
    result = run_cli(_project(tmp_path, site), "links", "--timeout", "2")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"seeds/actors.yml:3:8: url: {site}/loop-a redirects in a loop, back to {site}/loop-a — "
        "write its new address, or remove `url:`",
        f"seeds/actors.yml:6:8: warning: url: {site}/hang did not answer within 2 s — try again "
        "later",
        f"seeds/sources.yml:10:8: url: {site}/gone answers 404 Not Found — it is dead and the "
        "source has no archived copy that answers: add `archive_url:` with a copy (look for one "
        "on https://web.archive.org/), or write the report's new address",
        f"seeds/sources.yml:15:8: warning: url: {site}/removed answers 410 Gone — readers still "
        "have its archived copy (archive_url); write the report's new address if it has one",
        f"seeds/sources.yml:22:8: url: {site}/ftp redirects to ftp://files.example.org/report.pdf, "
        "which is not a web address (not followed) — it is dead and the source has no archived "
        "copy that answers: add `archive_url:` with a copy (look for one on "
        "https://web.archive.org/), or write the report's new address",
        f"seeds/sources.yml:23:16: archive_url: {site}/gone answers 404 Not Found — the archived "
        "copy is gone: link another copy of the report",
        f"seeds/sources.yml:29:8: warning: url: {site}/moved has moved for good to {site}/ok — "
        f"write the new address: `url: {site}/ok`",
        f"seeds/sources.yml:34:8: warning: url: {site}/busy answers 503 Service Unavailable — try "
        "again later",
    ]
    assert re.fullmatch(r"8 addresses checked in \d+\.\d s: 1 fine, 1 moved, 4 dead, "
                        r"2 to try again later\.\n", result.stdout), result.stdout
    # Cited twice (and as an archived copy), asked once.
    assert Site.asked[("HEAD", "/ok")] == 2  # once for itself, once at the end of /moved


def test_links_passes_when_only_warnings_remain(tmp_path: Path, site: str) -> None:
    project = _project(tmp_path, site)
    sources = project / "seeds" / "sources.yml"
    sources.write_text(SOURCES.format(site=site).split("lost-2025-01-05:")[0]
                       .replace(f"url: {site}/gone", f"url: {site}/ok"), encoding="utf-8")
    (project / "seeds" / "actors.yml").write_text("", encoding="utf-8")
    result = run_cli(project, "links", "--format", "github")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        f"::warning file=seeds/sources.yml,line=15,col=8,title=Timeline warning::url: "
        f"{site}/removed answers 410 Gone — readers still have its archived copy (archive_url); "
        "write the report's new address if it has one")
    assert re.fullmatch(r"2 addresses checked in \d+\.\d s: 1 fine, 1 dead\.",
                        result.stdout.splitlines()[1])


def test_links_with_no_address_says_so(tmp_path: Path) -> None:
    (tmp_path / "seeds" / "events").mkdir(parents=True)
    result = run_cli(tmp_path, "links")
    assert (result.returncode, result.stdout) == (
        0, "No address to check: seeds/sources.yml and seeds/actors.yml have no url.\n")


def test_links_on_a_broken_registry_says_so_and_asks_nothing(tmp_path: Path) -> None:
    (tmp_path / "seeds" / "events").mkdir(parents=True)
    (tmp_path / "seeds" / "sources.yml").write_text("a:\n  title: [unclosed\n", encoding="utf-8")
    result = run_cli(tmp_path, "links")
    assert result.returncode == 1
    assert result.stderr.startswith("seeds/sources.yml:2:")
    assert result.stderr.endswith("Fix these first (`make check` says the same), then run "
                                  "`links` again.\n")


def test_links_timeout_is_bounded(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "links", "--timeout", "0.05")
    assert result.returncode == 2
    assert "Invalid value for '--timeout': 0.05 is not in the range 0.1<=x<=120." in result.stderr


def test_addresses_are_listed_where_they_are_written() -> None:
    root, _ = parse_yaml("seeds/sources.yml", SOURCES.format(site="https://x.example"))
    listed = addresses_of("seeds/sources.yml", root, "source")
    assert [(a.line, a.col, a.field, a.url, a.archive) for a in listed[2:4]] == [
        (15, 8, "url", "https://x.example/removed", "https://x.example/ok"),
        (16, 16, "archive_url", "https://x.example/ok", None)]
    # What `check` refuses is its to report: not an http(s) address, not asked for.
    root, _ = parse_yaml("seeds/actors.yml", "a:\n  url: ftp://x.example/\nb: 1\n")
    assert addresses_of("seeds/actors.yml", root, "actor") == []


def test_a_dead_report_whose_copy_cannot_be_checked_still_counts_as_archived() -> None:
    # Only a copy known to be dead leaves the report without one: a busy archive is no reason
    # to fail the run.
    root, _ = parse_yaml("seeds/sources.yml", SOURCES.format(site="https://x.example"))
    listed = [a for a in addresses_of("seeds/sources.yml", root, "source") if a.line in (15, 16)]
    outcomes = {"https://x.example/removed": Outcome("dead", "answers 410 Gone"),
                "https://x.example/ok": Outcome("later", "answers 503 Service Unavailable")}
    problems = link_problems(listed, outcomes)
    assert [(p.line, p.severity) for p in problems] == [(15, "warning"), (16, "warning")]
    assert all(isinstance(p, Problem) for p in problems)


@pytest.mark.parametrize("path", ["/head-404", "/head-403", "/head-400"])
def test_an_error_to_head_is_asked_again_with_get_which_is_trusted(site: str, path: str) -> None:
    assert probe(site + path, 5) == Outcome("ok", "answers 200 OK")
    assert Site.asked[("GET", path)] >= 1


def test_one_budget_covers_every_request_of_an_address(site: str) -> None:
    # Each answer takes 0.5 s: two redirects fit in 1.25 s, the third request is cut at 1.25 s
    # (per request, the five hops took 3 s).
    started = time.monotonic()
    assert probe(site + "/slow-hops/5", 1.25) == Outcome(
        "later", "did not answer within 1.25 s (2 redirects followed)")
    assert time.monotonic() - started < 1.25 + 0.5


def test_a_move_is_suggested_only_to_an_address_check_accepts(site: str) -> None:
    at_limit = f"{site}/ok?" + "a" * (2_048 - len(f"{site}/ok?"))
    assert len(at_limit) == 2_048
    assert probe(site + "/to-at-the-limit", 5) == Outcome(
        "moved", f"has moved for good to {at_limit[:300]}…", at_limit)
    unusable = "has moved for good to an address that cannot be used as it is, "
    assert probe(site + "/to-long", 5) == Outcome(
        "moved", f'{unusable}"{(site + "/ok?" + "a" * 300)[:300]}…"')
    assert probe(site + "/to-space", 5) == Outcome("moved", f'{unusable}"{site}/ok?a b"')
    # The password is not repeated where a CI log would publish it.
    assert probe(site + "/to-credentials", 5) == Outcome(
        "moved", f'{unusable}"http://…@{site.removeprefix("http://")}/ok"')


def test_an_unusable_move_is_not_suggested(tmp_path: Path, site: str) -> None:
    project = _project(tmp_path, site)
    (project / "seeds" / "sources.yml").write_text(
        "m:\n  title: M\n  publisher: P\n  published: 2025-01-01\n"
        f"  url: {site}/to-credentials\n", encoding="utf-8")
    (project / "seeds" / "actors.yml").write_text("", encoding="utf-8")
    result = run_cli(project, "links", "--timeout", "5")
    assert result.returncode == 0
    assert result.stderr == (
        f"seeds/sources.yml:5:8: warning: url: {site}/to-credentials has moved for good to an "
        f'address that cannot be used as it is, "http://…@{site.removeprefix("http://")}/ok" — '
        "open it in a browser and write the address it leads to as `url:`\n")


def test_a_redirect_to_a_malformed_address_is_dead(site: str) -> None:
    assert probe(site + "/to-malformed", 5) == Outcome(
        "dead", "redirects to a malformed address, http://[::1 (not followed)")


def test_a_registry_as_large_as_check_allows_is_read(tmp_path: Path, site: str) -> None:
    project = _project(tmp_path, site)
    record = "s-{}:\n  title: A report\n  publisher: P\n  published: 2025-01-01\n  url: {}/ok\n"
    text = "".join(record.format(i, site) for i in range(1_500))
    assert len(text.encode()) > 100_000  # an event file's limit, not a registry's (5 MB)
    (project / "seeds" / "sources.yml").write_text(text, encoding="utf-8")
    (project / "seeds" / "actors.yml").write_text("", encoding="utf-8")
    result = run_cli(project, "links", "--timeout", "5")
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(r"1 address checked in \d+\.\d s: 1 fine\.\n", result.stdout)


def test_a_connection_that_never_opens_ends_at_the_timeout() -> None:
    # A listener whose accept queue is full: the kernel drops the next SYN, as a firewall does,
    # so the connection attempt hangs (a routable but dropped address, offline).
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = [socket.create_connection(listener.getsockname(), timeout=5)]  # fills it
    try:
        started = time.monotonic()
        assert probe(f"http://127.0.0.1:{listener.getsockname()[1]}/", 0.5) == Outcome(
            "later", "did not answer within 0.5 s")
        assert time.monotonic() - started < 1.5
    finally:
        for sock in [*fillers, listener]:
            sock.close()


STUCK = """\
import threading, time
from tests.support import STUCK_MAX, WORKERS, Outcome, check_addresses
started = time.monotonic()
def ask(url, timeout):  # a check stuck where nothing can cut it (a name lookup, say)
    if url.endswith("/fine"):
        return Outcome("ok", "answers 200 OK")
    threading.Event().wait()
urls = ["http://a.example/fine"] + [f"http://a.example/{i}" for i in range(3 * WORKERS)]
found = check_addresses(urls, 0.2, ask)
print(round(time.monotonic() - started, 1), threading.active_count())
for url, outcome in found.items():
    print(url, outcome.kind, outcome.said)
"""


def test_checks_stuck_for_ever_are_given_up_on_bounded_and_never_waited_for() -> None:
    # The interpreter ends with the stuck threads still running: they are daemons (a
    # ThreadPoolExecutor's workers would be joined at exit, and the command never end).
    result = subprocess.run([sys.executable, "-c", STUCK], capture_output=True, text=True,
                            timeout=60, cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stderr
    first, *lines = result.stdout.splitlines()
    seconds, threads = first.split()
    # 25 addresses, 8 at a time: 4 rounds of the timeout and its grace (0.7 s), and one more
    # at most, (25 / 8 + 1) x 0.7 s.
    assert float(seconds) < 5 * 0.7 + 1
    # The main thread, 8 checks and 8 stuck ones at most: no check starts past that.
    assert WORKERS == STUCK_MAX == 8
    assert int(threads) <= 1 + WORKERS + STUCK_MAX
    assert lines[0] == "http://a.example/fine ok answers 200 OK"
    given_up = [line for line in lines if line.endswith(" later did not answer within 0.2 s")]
    not_asked = [line for line in lines if line.endswith(
        " later was not asked: 16 checks before it are stuck (name lookups that do not end)")]
    assert (len(given_up), len(not_asked)) == (16, 8)
