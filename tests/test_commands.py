"""Commands as written: `make new`, `make serve PORT=…`, the README's commands, and a Python
without the requirements, each from a fresh copy and without activating anything."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import REPO, build_env, event_ids, run_cli

MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")
TARGETS = frozenset(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.MULTILINE))
VARIABLES = frozenset(re.findall(r"^(?:override )?([A-Z_]+) [?:]=", MAKEFILE, re.MULTILINE))
BIN = Path(sys.executable).parent  # the venv the tests run in, which `make` would have made


@pytest.fixture
def listening() -> Iterator[int]:
    """Yield a port on 127.0.0.1 that another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def busy_line(port: int) -> str:
    """Return what serve says of a busy port."""
    return (f"Port {port} on 127.0.0.1 is in use (another `make serve`?) — stop it or run "
            f"`make serve PORT={port + 1}`\n")


def test_serve_on_a_busy_port_says_so_in_one_line_and_builds_nothing(project: Path,
                                                                      listening: int) -> None:
    result = run_cli(project, "serve", "--port", str(listening))
    assert (result.returncode, result.stdout, result.stderr) == (1, "", busy_line(listening))


def _make(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Return `make ARGS` run in `project` as a fresh clone would, with the tests' venv as its .venv
    (`-o`: the venv counts as set up, so nothing is installed)."""
    # As a contributor runs it, not as a make inside `make test` (which says "make[1]: ...").
    env = {name: value for name, value in build_env().items()
           if name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", f"BIN={BIN}",
                           *args], cwd=project, env=env, input=stdin, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def clone(project: Path) -> Path:
    """Return the project copy with what a clone has besides: the Makefile and requirements.txt."""
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(REPO / name, project / name)
    return project


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_serve_takes_the_port_and_a_busy_one_is_one_line(clone: Path, listening: int) -> None:
    result = _make(clone, "serve", f"PORT={listening}")
    assert result.returncode == 2  # make's own status for a recipe that failed
    assert result.stdout == (f"{BIN}/python build_timeline.py serve --host 127.0.0.1 "
                             f"--port {listening}\n")
    ours, make_says = result.stderr.splitlines()
    assert ours + "\n" == busy_line(listening)
    assert make_says.startswith("make: *** [Makefile:")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_new_takes_title_and_date_whatever_the_title_holds(clone: Path) -> None:
    # Quotes, a $ and a leading dash reach the command as typed, never the shell.
    title = """-5% on "cars" $HOME `date` it's"""
    result = _make(clone, "new", f"TITLE={title}", "DATE=2026-02-03",
                   stdin="Talks resume.\nanadolu-2026-01-30\n")
    assert result.returncode == 0, result.stderr
    path = clone / "seeds/events/2026-02-03-5-on-cars-home-date-its.md"
    assert f"Wrote {path.relative_to(clone)}." in result.stdout
    assert "title: -5% on \"cars\" $HOME `date` it's\n" in path.read_text(encoding="utf-8")
    assert run_cli(clone, "check").returncode == 0


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_translate_takes_the_event_and_never_the_locale_for_a_language(clone: Path) -> None:
    event = event_ids(clone)[0]
    # LANG in the environment is the locale (make reads it as a variable too): not a language.
    env = {name: value for name, value in build_env(LANG="en_US.UTF-8").items()
           if name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", f"BIN={BIN}",
                             "translate", f"EVENT={event}"], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f'{BIN}/python build_timeline.py translate --lang "ko" -- '
                                    f'"$EVENT"\nWrote seeds/events/{event}.ko.md.')
    assert (clone / "seeds" / "events" / f"{event}.ko.md").is_file()
    again = _make(clone, "translate", f"EVENT={event}", "LANG=ko")
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_new_alone_asks_for_everything(clone: Path) -> None:
    result = _make(clone, "new", stdin="Talks resume\n2026-02-03\nThey meet.\nanadolu-2026-01-30\n")
    assert result.returncode == 0, result.stderr
    assert "Title (one line saying what happened): Date (YYYY-MM-DD, or YYYY-MM or YYYY if the day " \
           "is not known): Summary (one plain sentence): Source id" in result.stdout
    assert (clone / "seeds/events/2026-02-03-talks-resume.md").is_file()


def test_new_asks_for_the_date_and_checks_it(project: Path) -> None:
    asked = run_cli(project, "new", "Talks resume", "--summary", "S.", "--source",
                    "anadolu-2026-01-30", stdin="3 February\n")
    # A date that cannot name the file: its message suggests the build's day, not another timeline's.
    assert asked.returncode == 1
    assert asked.stderr == ('DATE: expected YYYY, YYYY-MM or YYYY-MM-DD (-YYYY before 1 CE, '
                            "Y-YYYYY for longer years, X for unknown digits, YYYY-21 to YYYY-24 "
                            "for seasons), optionally followed by ? (uncertain), ~ (approximate) "
                            "or % (both), or an interval "
                            'START/END or START/..; found "3 February" — for example: 2026-11-22\n')
    written = run_cli(project, "new", "", "", "--summary", "S.", "--source", "anadolu-2026-01-30",
                      stdin="Talks resume\n2026-02-03\n")
    assert written.returncode == 0, written.stderr
    assert written.stdout.endswith("Wrote seeds/events/2026-02-03-talks-resume.md. Add tags, actors, "
                                   "quotes and the narrative, then run `make check`.\n")


def test_a_python_without_the_requirements_says_what_to_run(project: Path) -> None:
    # -S: no site-packages, as a system Python without MkDocs, Click or PyYAML; -I: nothing of ours.
    bare = subprocess.run([sys.executable, "-I", "-S", "build_timeline.py", "check"], cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert (bare.returncode, bare.stdout) == (1, "")
    assert bare.stderr == (f"build_timeline.py needs the packages in requirements.txt, and this "
                           f"Python ({sys.executable}) lacks click — run `make check` (it sets up "
                           ".venv), or `.venv/bin/python build_timeline.py …`\n")


def fetch(url: str) -> str | None:
    """Return the page at `url`, or None if nothing answers yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def test_serve_previews_on_the_port_given(project: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "build_timeline.py", "serve", "--port", str(port)],
                                   cwd=project, env=build_env(), stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120  # a bound, not a timing: one build of the fixture
        while (page := fetch(f"http://127.0.0.1:{port}/timeline/")) is None:
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
        assert "Washington" in page
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    text = log.read_text(encoding="utf-8")
    # MkDocs' own lines, as `mkdocs serve` prints them (no colours: not a terminal).
    assert "INFO    -  Building documentation..." in text
    assert f"Serving on http://127.0.0.1:{port}/" in text
    assert "Traceback" not in text


# The README's commands. -------------------------------------------------------------------------

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """Return every command the README gives to run: lines of its `sh` blocks, and the first
    column of its tables headed `command`."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", README, re.MULTILINE | re.DOTALL):
        commands += [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    for table in re.findall(r"^\| command \|.*?\n\| ---.*?\n((?:\|.*\n)+)", README, re.MULTILINE):
        for row in table.splitlines():
            cell = re.match(r"\| `([^`]+)` \|", row)
            assert cell is not None, f"a command table's row without a command: {row}"
            commands.append(cell.group(1))
    return commands


def test_the_readme_lists_its_commands() -> None:
    commands = readme_commands()
    assert "make serve" in commands and "make new TITLE=\"Talks resume\" DATE=2026-02-03" in commands
    assert len(commands) >= 8


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_runs_from_a_fresh_clone_as_written(command: str) -> None:
    words = shlex.split(command)
    if words[0] == "make":
        # A target of the Makefile, which sets up .venv first, with variables it defines.
        assert words[1] in TARGETS, command
        for word in words[2:]:
            assert word.split("=")[0] in VARIABLES, command
        return
    # Otherwise the venv's own programs, named by path: nothing to activate.
    assert words[0].startswith(".venv/bin/"), command
    if words[1:2] == ["build_timeline.py"]:
        import build_timeline

        assert words[2] in build_timeline.cli.commands, command


def test_the_first_run_says_what_it_installs() -> None:
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-B", "check"], cwd=REPO,
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "MAKEFLAGS": ""})
    assert dry.returncode == 0, dry.stderr
    announce = next(line for line in dry.stdout.splitlines() if "Setting up" in line)
    said = subprocess.run(announce, shell=True, cwd=REPO, capture_output=True, text=True,
                          timeout=60).stdout
    packages = len(re.findall(r"^[A-Za-z]", (REPO / "requirements.txt").read_text(), re.MULTILINE))
    assert said == (f"Setting up .venv: MkDocs 1.6.1, Material 9.8.1 and {packages - 2} other pinned "
                    "packages from requirements.txt (once, and again when it changes; a minute or "
                    "two)…\n")
    assert "--quiet" not in MAKEFILE  # pip shows what it downloads and installs
