"""Links: every source and actor address asked over the web, and which of them are dead.

`python build_timeline.py links` (by hand or on a schedule, never by the build or `make test`:
nothing offline needs it). The listing of addresses and the messages are pure; only `probe` and
`check_addresses` touch the network.

The standard library's http.client, not a new dependency: the check needs one request at a time
with its own redirects, timeouts and a bounded read, which http.client gives directly (urllib's
opener follows redirects itself, and of any scheme its handlers know, which is what we must not
do), and a link checker run twice a year is not worth a package in requirements.txt.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Literal
from urllib.parse import quote, urljoin, urlsplit

from .check.values import URL
from .load import decode_seed, parse_yaml
from .nodes import Mapping, Node, Scalar
from .problems import Problem
from .read import SeedFile

DEFAULT_TIMEOUT = 10.0  # seconds a request may take, connecting included
MAX_REDIRECTS = 5
BODY_MAX = 4096  # bytes of a body read at most (a GET after a refused HEAD): the status is enough
WORKERS = 8  # requests at a time: 500 addresses take seconds, and no server sees many at once
USER_AGENT = "timeline-links/1.0 (build_timeline.py links: checks that a timeline's sources answer)"
HEADERS = {"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
SHOWN_MAX = 300  # characters of an address from a server shown in a message (a Location header)

# What a check found: the address answers; has moved for good (the new one is suggested); is dead
# (the server says so, or nothing can reach it); is to be tried again later (a busy server, a
# timeout, no network); or the server turned the check away (some refuse programs, not browsers).
Kind = Literal["ok", "moved", "dead", "later", "refused"]


@dataclass(frozen=True)
class Address:
    """A web address in a registry file, where it is written and what it is for."""

    path: str
    line: int
    col: int
    field: str  # url or archive_url
    url: str
    record: str  # the source's or actor's id
    what: Literal["source", "actor"]
    archive: str | None = None  # for a source's url, its archive_url


@dataclass(frozen=True)
class Outcome:
    """What asking for an address found: its kind, and what happened in words."""

    kind: Kind
    said: str  # e.g. "answers 404 Not Found", for messages after the address
    moved_to: str | None = None  # the address it moved to for good


def registry_addresses(seed: SeedFile, what: Literal["source", "actor"]
                       ) -> tuple[list[Address], list[Problem]]:
    """Return the http(s) addresses of a registry file's records, with where each is written; or
    the problems that stop it being read (values of other forms are `check`'s to report)."""
    decoded = decode_seed(seed.path, seed.data)
    if decoded.text is None:
        return [], list(decoded.problems)
    root, problems = parse_yaml(seed.path, decoded.text)
    if problems:
        return [], list(problems)
    return addresses_of(seed.path, root, what), []


def addresses_of(path: str, root: Node | None, what: Literal["source", "actor"]) -> list[Address]:
    """Return the http(s) addresses of parsed registry records (a source's url and archive_url,
    an actor's url), in file order."""
    fields = ("url", "archive_url") if what == "source" else ("url",)
    found: list[Address] = []
    for key, record in root.items if isinstance(root, Mapping) else ():
        if not isinstance(record, Mapping):
            continue
        values = {name: _url(record.get(name)) for name in fields}
        archive = values.get("archive_url")
        for name, node in values.items():
            if node is not None:
                found.append(Address(path, node.line, node.col, name, node.value, key.value, what,
                                     archive.value if name == "url" and archive else None))
    return found


def _url(node: Node | None) -> Scalar | None:
    """Return a node if it is an http(s) address `check` would accept the form of."""
    return node if isinstance(node, Scalar) and URL.fullmatch(node.value) else None


def _shown(url: str) -> str:
    """Return an address from a server short enough for a message."""
    return url if len(url) <= SHOWN_MAX else url[:SHOWN_MAX] + "…"


def _status_words(status: int) -> str:
    """Return "404 Not Found": the status and its standard phrase (never the server's own)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class _Deadline:
    """Cuts a connection when its request has taken `seconds`: the socket's timeout bounds each
    wait, not the whole (a server that sends a byte every few seconds would hold it forever)."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.connection, self.passed = connection, False
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self) -> None:
        self.passed = True
        sock = self.connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv, which close() does not
            except OSError:
                pass


def _request(method: str, url: str, timeout: float) -> tuple[int, str | None]:
    """Return the status of one request for `url` and its Location header (no redirect followed);
    raise OSError or http.client.HTTPException if it fails, TimeoutError if it takes too long."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port  # ValueError for a port that is no number
    if not host:
        raise ValueError(url)  # "http://:80/": http.client would ask this machine
    # An address as typed may hold spaces' cousins or non-ASCII letters: sent percent-encoded
    # (what is already encoded stays as it is).
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (
        "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~?") if parts.query else "")
    connection: http.client.HTTPConnection = (
        http.client.HTTPSConnection(host, port, timeout=timeout,
                                    context=ssl.create_default_context())
        if parts.scheme.lower() == "https" else http.client.HTTPConnection(host, port,
                                                                           timeout=timeout))
    deadline = _Deadline(connection, timeout)
    deadline.timer.start()
    try:
        connection.request(method, target, headers=HEADERS)
        response = connection.getresponse()
        if method == "GET":
            response.read(BODY_MAX)
        if deadline.passed:  # cut short, the headers may look complete: they are not
            raise TimeoutError
        return response.status, response.getheader("Location")
    except (OSError, http.client.HTTPException):
        if deadline.passed:
            raise TimeoutError from None
        raise
    finally:
        deadline.timer.cancel()
        connection.close()


def _exchange(url: str, timeout: float) -> tuple[int, str | None]:
    """Return the status and Location of `url`: HEAD, then GET if the server refuses HEAD."""
    status, location = _request("HEAD", url, timeout)
    if status in (405, 501):
        status, location = _request("GET", url, timeout)
    return status, location


def probe(url: str, timeout: float = DEFAULT_TIMEOUT) -> Outcome:
    """Return what asking for `url` finds, following at most MAX_REDIRECTS http(s) redirects."""
    seen, current, moved_to, permanent = {url}, url, None, True
    for hop in range(MAX_REDIRECTS + 1):
        try:
            status, location = _exchange(current, timeout)
        except TimeoutError:
            return Outcome("later", f"did not answer within {timeout:g} s")
        except (ValueError, http.client.InvalidURL):  # UnicodeError is a ValueError
            return Outcome("dead", "cannot be reached: its host or port is not valid")
        except ssl.SSLCertVerificationError as error:
            return Outcome("dead", f"cannot be read safely: its certificate was refused "
                                   f"({error.verify_message})")
        except socket.gaierror as error:
            if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
                return Outcome("dead", f"cannot be reached: its host {urlsplit(current).hostname} "
                                       "is not found")
            return Outcome("later", "cannot be reached: the name of its host could not be looked up")
        except (ConnectionRefusedError, ConnectionResetError):
            return Outcome("later", "cannot be reached: nothing answers at its host")
        except (OSError, http.client.HTTPException):
            # A network that is down, or a server that does not speak HTTP.
            return Outcome("later", "cannot be reached: the connection failed")
        if status in REDIRECTS and location:
            target = urljoin(current, location.strip())
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                return Outcome("dead", f"redirects to {_shown(target)}, which is not a web "
                                       "address (not followed)")
            if target in seen:
                return Outcome("dead", f"redirects in a loop, back to {_shown(target)}")
            if hop == MAX_REDIRECTS:
                break
            permanent = permanent and status in PERMANENT
            if permanent:
                moved_to = target
            seen.add(target)
            current = target
            continue
        return _by_status(status, moved_to)
    return Outcome("dead", f"redirects more than {MAX_REDIRECTS} times")


def _by_status(status: int, moved_to: str | None) -> Outcome:
    """Return what a final status means (after the permanent redirects to `moved_to`, if any)."""
    words = f"answers {_status_words(status)}"
    if status in REDIRECTS:  # with no Location: a dead end
        return Outcome("dead", f"{words} without saying where to")
    if 200 <= status < 400:
        if moved_to is not None:
            return Outcome("moved", f"has moved for good to {_shown(moved_to)}", moved_to)
        return Outcome("ok", words)
    if status in (401, 403):
        return Outcome("refused", words)
    if status in (408, 425, 429) or status >= 500:
        return Outcome("later", words)
    return Outcome("dead", words)


def check_addresses(urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT,
                    ask: Callable[[str, float], Outcome] = probe) -> dict[str, Outcome]:
    """Return what asking for each address found, each asked once, WORKERS at a time."""
    unique = list(dict.fromkeys(urls))

    def asked(url: str) -> Outcome:
        try:
            return ask(url, timeout)
        except Exception as error:  # noqa: BLE001 - one odd server is reported, never a traceback
            return Outcome("later", f"could not be checked ({type(error).__name__})")

    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return dict(zip(unique, pool.map(asked, unique)))


def link_problems(addresses: list[Address], outcomes: dict[str, Outcome]) -> list[Problem]:
    """Return a problem for each address that does not simply answer: an error for a dead one
    with no archived copy that answers, a warning for the rest."""
    problems = []
    for address in addresses:
        outcome = outcomes[address.url]
        if outcome.kind == "ok":
            continue
        what = f"{address.field}: {address.url} {outcome.said}"
        severity: Literal["error", "warning"] = "warning"
        if outcome.kind == "dead":
            archived = address.archive is not None and \
                outcomes.get(address.archive, Outcome("dead", "")).kind != "dead"
            if address.field == "archive_url":
                fix, severity = "the archived copy is gone: link another copy of the report", "error"
            elif archived:
                fix = ("readers still have its archived copy (archive_url); write the report's "
                       "new address if it has one")
            elif address.what == "source":
                fix, severity = ("it is dead and the source has no archived copy that answers: add "
                                 "`archive_url:` with a copy (look for one on "
                                 "https://web.archive.org/), or write the report's new address"), \
                    "error"
            else:
                fix, severity = "write its new address, or remove `url:`", "error"
        elif outcome.kind == "moved":
            fix = f"write the new address: `{address.field}: {outcome.moved_to}`"
        elif outcome.kind == "refused":
            fix = "the server turns programs away; open it in a browser to check it"
        else:
            fix = "try again later"
        problems.append(Problem(address.path, address.line, address.col, f"{what} — {fix}",
                                severity))
    return sorted(problems)


def summary(outcomes: dict[str, Outcome], seconds: float) -> str:
    """Return the last line of `links`: how many addresses were checked, and what was found."""
    counts = {kind: sum(o.kind == kind for o in outcomes.values())
              for kind in ("ok", "moved", "dead", "later", "refused")}
    total = len(outcomes)
    parts = [f"{counts['ok']:,} fine"]
    parts += [f"{counts[kind]:,} {words}" for kind, words in (
        ("moved", "moved"), ("dead", "dead"), ("later", "to try again later"),
        ("refused", "turned the check away")) if counts[kind]]
    return (f"{total:,} address{'' if total == 1 else 'es'} checked in {seconds:.1f} s: "
            + ", ".join(parts) + ".")


def timed_check(addresses: list[Address], timeout: float) -> tuple[dict[str, Outcome], float]:
    """Return what asking for every address (archived copies included) found, and the seconds it
    took."""
    start = time.monotonic()
    outcomes = check_addresses((a.url for a in addresses), timeout)
    return outcomes, time.monotonic() - start
