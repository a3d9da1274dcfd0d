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

import collections
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

from . import fields as F
from .check.values import URL, acceptable_url
from .load import decode_seed, parse_yaml
from .nodes import Mapping, Node, Scalar
from .problems import Problem
from .read import SeedFile

# Seconds one address may take, everything included: name lookup, connecting, HEAD, GET and every
# redirect (12 requests of 0.9 s each made one address take 10.9 s at --timeout 1).
DEFAULT_TIMEOUT = 10.0
GRACE = 0.5  # seconds past an address's timeout before its check is given up on, unended
MAX_REDIRECTS = 5
BODY_MAX = 4096  # bytes of a body read at most (a GET after a refused HEAD): the status is enough
WORKERS = 8  # addresses at a time: 500 addresses take seconds, and no server sees many at once
# Checks given up on while stuck (in a name lookup, which nothing can cut) may still run: no check
# starts while THREADS_MAX run, stuck ones included (and each running one has a timer thread, which
# ends at its deadline), so a stuck resolver cannot make threads without end.
STUCK_MAX = 8
THREADS_MAX = WORKERS + STUCK_MAX
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
    decoded = decode_seed(seed.path, seed.data, F.REGISTRY_FILE_MAX_BYTES)  # as `check` reads it
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
    """Return an address from a server as a message may show it: at most SHOWN_MAX characters,
    with what does not print (a line break in a header, a control) escaped."""
    shown = "".join(char if char.isprintable() else ascii(char)[1:-1]
                    for char in url[:SHOWN_MAX])
    return shown + ("…" if len(url) > SHOWN_MAX else "")


def suggestible(url: str) -> bool:
    """Return whether an address from a server may be suggested as a new `url:`: `check` accepts
    it, and it holds no user name or password (which would be published)."""
    if not acceptable_url(url):
        return False
    try:
        return urlsplit(url).username is None
    except ValueError:  # "http://[::1": no address at all
        return False


def _without_password(url: str) -> str:
    """Return `url` with its user name and password, if any, cut out (a message must not publish
    them, in a CI log for one)."""
    scheme, sep, rest = url.partition("://")
    end = min((at for at in map(rest.find, "/?#") if at >= 0), default=len(rest))
    if "@" not in rest[:end]:
        return url
    return f"{scheme}{sep}…@{rest[:end].rpartition('@')[2]}{rest[end:]}"


def _status_words(status: int) -> str:
    """Return "404 Not Found": the status and its standard phrase (never the server's own)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class _Cutter:
    """Shuts a request's socket down once its address's time is up: the socket's timeout bounds
    each wait, not the whole (a server that sends a byte every few seconds would hold it forever),
    and a socket made after the time is up is refused (the timer may fire while connecting)."""

    def __init__(self, deadline: float) -> None:
        self.deadline, self.passed = deadline, False
        self.sock: socket.socket | None = None
        self.lock = threading.Lock()
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._cut)
        self.timer.daemon = True
        self.timer.start()

    def left(self) -> float:
        """Return the seconds left; raise TimeoutError if there are none."""
        left = self.deadline - time.monotonic()
        if left <= 0 or self.passed:
            raise TimeoutError
        return left

    def hold(self, sock: socket.socket) -> None:
        """Keep `sock` to cut it at the deadline; raise TimeoutError if that has passed."""
        with self.lock:
            if self.passed:
                raise TimeoutError
            self.sock = sock

    def _cut(self) -> None:
        with self.lock:
            self.passed = True
            if self.sock is not None:
                try:  # the plain socket's shutdown, for a TLS one too: it wakes a blocked recv
                    socket.socket.shutdown(self.sock, socket.SHUT_RDWR)
                except OSError:
                    pass


def _connect(host: str, port: int, cutter: _Cutter) -> socket.socket:
    """Return a socket connected to `host`, trying its addresses in turn within the time left
    (socket.create_connection gives each address the whole timeout); raise OSError if none."""
    failure: OSError = TimeoutError()
    for family, kind, protocol, _, address in socket.getaddrinfo(host, port,
                                                                 type=socket.SOCK_STREAM):
        sock = socket.socket(family, kind, protocol)
        try:
            cutter.hold(sock)
            sock.settimeout(cutter.left())
            sock.connect(address)
            cutter.left()  # connected just as the time ran out: as good as not
            return sock
        except OSError as error:
            sock.close()
            failure = error
            if cutter.passed or time.monotonic() >= cutter.deadline:
                raise TimeoutError from None
    raise failure


class _HTTP(http.client.HTTPConnection):
    """A connection whose connecting, like the rest of its request, ends by the deadline."""

    def __init__(self, host: str, port: int, cutter: _Cutter) -> None:
        super().__init__(host, port, timeout=cutter.left())
        self.cutter = cutter

    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self.cutter)


class _HTTPS(http.client.HTTPSConnection):
    """A TLS connection whose connecting and handshake end by the deadline."""

    def __init__(self, host: str, port: int, cutter: _Cutter) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=cutter.left(), context=self.tls)
        self.cutter = cutter

    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self.cutter)
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host,
                                         do_handshake_on_connect=False)
        self.cutter.hold(self.sock)  # the TLS socket, for the handshake to be cut too
        self.sock.do_handshake()


def _request(method: str, url: str, deadline: float) -> tuple[int, str | None]:
    """Return the status of one request for `url` and its Location header (no redirect followed);
    raise OSError or http.client.HTTPException if it fails, TimeoutError if the deadline passes
    (ValueError for an address that is no address)."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port  # ValueError for a port that is no number
    if not host:
        raise ValueError(url)  # "http://:80/": http.client would ask this machine
    https = parts.scheme.lower() == "https"
    # An address as typed may hold spaces' cousins or non-ASCII letters: sent percent-encoded
    # (what is already encoded stays as it is).
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (
        "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~?") if parts.query else "")
    cutter = _Cutter(deadline)
    try:
        # The port always given: http.client would read "::1" (from http://[::1]/) as host ":"
        # and port 1.
        port = port or (443 if https else 80)
        connection = _HTTPS(host, port, cutter) if https else _HTTP(host, port, cutter)
        try:
            connection.request(method, target, headers=HEADERS)
            response = connection.getresponse()
            if method == "GET":
                response.read(BODY_MAX)
            if cutter.passed:  # cut short, the headers may look complete: they are not
                raise TimeoutError
            return response.status, response.getheader("Location")
        finally:
            connection.close()
    except (OSError, http.client.HTTPException):
        if cutter.passed or time.monotonic() >= deadline:
            raise TimeoutError from None
        raise
    finally:
        cutter.timer.cancel()


def _exchange(url: str, deadline: float) -> tuple[int, str | None]:
    """Return the status and Location of `url`: HEAD, then GET if HEAD gets an error status (some
    servers refuse HEAD, others answer it 403 or 404 and GET 200: the GET is trusted)."""
    status, location = _request("HEAD", url, deadline)
    if status >= 400:
        status, location = _request("GET", url, deadline)
    return status, location


def _timed_out(timeout: float, hops: int) -> Outcome:
    """Return the outcome of an address whose time ran out after following `hops` redirects."""
    after = f" ({hops} redirect{'' if hops == 1 else 's'} followed)" if hops else ""
    return Outcome("later", f"did not answer within {timeout:g} s{after}")


def probe(url: str, timeout: float = DEFAULT_TIMEOUT) -> Outcome:
    """Return what asking for `url` finds, following at most MAX_REDIRECTS http(s) redirects, all
    within `timeout` seconds (every request and redirect included; a name lookup cannot be cut,
    which `check_addresses` stops waiting for)."""
    deadline = time.monotonic() + timeout
    seen, current, moved_to, permanent = {url}, url, None, True
    for hop in range(MAX_REDIRECTS + 1):
        try:
            status, location = _exchange(current, deadline)
        except TimeoutError:
            return _timed_out(timeout, hop)
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
            try:
                target = urljoin(current, location.strip())
                scheme = urlsplit(target).scheme.lower()
            except ValueError:  # "http://[::1": urlsplit refuses it
                return Outcome("dead", f"redirects to a malformed address, {_shown(location)} "
                                       "(not followed)")
            if scheme not in ("http", "https"):
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
        if moved_to is not None and suggestible(moved_to):
            return Outcome("moved", f"has moved for good to {_shown(moved_to)}", moved_to)
        if moved_to is not None:
            return Outcome("moved", "has moved for good to an address that cannot be used as it "
                                    f'is, "{_shown(_without_password(moved_to))}"')
        return Outcome("ok", words)
    if status in (401, 403):
        return Outcome("refused", words)
    if status in (408, 425, 429) or status >= 500:
        return Outcome("later", words)
    return Outcome("dead", words)


def check_addresses(urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT,
                    ask: Callable[[str, float], Outcome] = probe) -> dict[str, Outcome]:
    """Return what asking for each address found, each asked once, WORKERS at a time, each given
    up on `timeout` (and GRACE) seconds after it started."""
    unique = list(dict.fromkeys(urls))
    waiting = collections.deque(unique)
    outcomes: dict[str, Outcome] = {}
    running: dict[str, float] = {}  # an address being asked, and when it is given up on
    stuck = 0  # threads given up on and still running (in a name lookup that does not end)
    changed = threading.Condition()

    def asked(url: str) -> None:
        nonlocal stuck
        try:
            outcome = ask(url, timeout)
        except Exception as error:  # noqa: BLE001 - one odd server is reported, never a traceback
            outcome = Outcome("later", f"could not be checked ({type(error).__name__})")
        with changed:
            if running.pop(url, None) is not None:
                outcomes[url] = outcome
            else:  # given up on: its outcome was written then
                stuck -= 1
            changed.notify()

    # Every address is given up on by its deadline, so the slots free up by then: the whole
    # takes ceil(n / WORKERS) deadlines. A check starts only while fewer than THREADS_MAX are
    # running, stuck ones included; and by `last`, what was not asked is given up too.
    last = time.monotonic() + (-(-len(unique) // WORKERS) + 1) * (timeout + GRACE)
    with changed:
        while waiting or running:
            now = time.monotonic()
            for url, due in list(running.items()):
                if now >= due:  # the thread is left to end (a daemon: never waited for)
                    del running[url]
                    outcomes[url] = _timed_out(timeout, 0)
                    stuck += 1
            if waiting and now >= last:
                for url in waiting:
                    outcomes[url] = Outcome("later", f"was not asked: {stuck} checks before it "
                                                     "are stuck (name lookups that do not end)")
                waiting.clear()
            while waiting and len(running) < WORKERS and len(running) + stuck < THREADS_MAX:
                url = waiting.popleft()
                running[url] = now + timeout + GRACE
                threading.Thread(target=asked, args=(url,), daemon=True,
                                 name=f"links-{len(outcomes) + len(running)}").start()
            if waiting or running:
                changed.wait(max(0.0, min([*running.values(), last]) - now))
    return {url: outcomes[url] for url in unique}


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
        elif outcome.kind == "moved" and outcome.moved_to is not None:
            fix = f"write the new address: `{address.field}: {outcome.moved_to}`"
        elif outcome.kind == "moved":  # too long, not one web address, or with a password
            fix = f"open it in a browser and write the address it leads to as `{address.field}:`"
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
