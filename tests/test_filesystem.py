"""The file system and the output stream: nothing outside the repository is read, nothing that is
not a regular file is opened, and no line we print can be read as a CI command unless we wrote it."""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import SMALL, mkdocs, make_project, run_cli, time_bound

LINK = ("this is a symbolic link, which is never followed; seed files and their folders must be "
        "real files and folders in the repository — replace the link with the file or folder "
        "itself")
REGISTRY_NOT_A_FILE = ("not a file, so it was not read — replace it with the YAML file of this "
                       "name, or remove it (no file is an empty registry)")
# The only lines that may start with `::` (after spaces): our annotations, one per problem.
OURS = re.compile(r"::(error|warning) file=[^:\n]*,line=\d+,col=\d+,title=Timeline "
                  r"(error|warning)::[^\n]*")
# A file name that tries to start a line of its own as a workflow command, both forms.
HOSTILE_NAME = "x\n::error file=a.md::pwned ##[error]pwned\r::warning::x"


@pytest.fixture(autouse=True)
def within_ten_seconds() -> Iterator[None]:
    """Fail a test that takes more than 10 s: opening a named pipe would wait for ever."""
    with time_bound(10, " (was a named pipe opened?)"):
        yield


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return a project root holding a copy of the small fixture's seeds (valid)."""
    shutil.copytree(SMALL / "seeds", tmp_path / "root" / "seeds")
    return tmp_path / "root"


def check_lines(root: Path, *options: str) -> tuple[int, list[str], list[str]]:
    """Return the exit status of `check` on `root`, and its standard output and error lines."""
    result = run_cli(root, "check", *options)
    return result.returncode, result.stdout.splitlines(), result.stderr.splitlines()


def outside(tmp_path: Path) -> Path:
    """Return a folder outside the project holding valid seeds, one event more than the fixture."""
    folder = tmp_path / "elsewhere"
    shutil.copytree(SMALL / "seeds", folder)
    (folder / "events" / "2025-05-20-from-outside.md").write_bytes(
        next((SMALL / "seeds" / "events").glob("*.md")).read_bytes())
    return folder


def test_a_linked_seeds_folder_is_refused_and_nothing_under_it_is_read(root: Path,
                                                                       tmp_path: Path) -> None:
    shutil.rmtree(root / "seeds")
    (root / "seeds").symlink_to(outside(tmp_path), target_is_directory=True)
    assert check_lines(root) == (1, [], [f"seeds/:1:1: {LINK}",
                                         "1 error, 0 warnings: nothing was written."])


def test_a_linked_events_folder_is_refused_and_no_event_from_outside_is_read(
        root: Path, tmp_path: Path) -> None:
    shutil.rmtree(root / "seeds" / "events")
    (root / "seeds" / "events").symlink_to(outside(tmp_path) / "events", target_is_directory=True)
    assert check_lines(root) == (1, [], [f"seeds/events/:1:1: {LINK}",
                                         "1 error, 0 warnings: nothing was written."])


def test_a_link_to_etc_lists_no_name_there(root: Path) -> None:
    shutil.rmtree(root / "seeds" / "events")
    (root / "seeds" / "events").symlink_to("/etc", target_is_directory=True)
    code, out, err = check_lines(root)
    assert (code, err) == (1, [f"seeds/events/:1:1: {LINK}",
                               "1 error, 0 warnings: nothing was written."])


def test_a_linked_registry_is_one_problem_and_its_references_are_not_reported(root: Path,
                                                                               tmp_path: Path
                                                                               ) -> None:
    tags = root / "seeds" / "tags.yml"
    shutil.move(tags, tmp_path / "tags.yml")
    tags.symlink_to(tmp_path / "tags.yml")
    assert check_lines(root)[2] == [f"seeds/tags.yml:1:1: {LINK}",
                                    "1 error, 0 warnings: nothing was written."]


def test_a_registry_that_is_a_folder_is_one_problem_at_its_path(root: Path) -> None:
    (root / "seeds" / "tags.yml").unlink()
    (root / "seeds" / "tags.yml").mkdir()
    assert check_lines(root) == (1, [], [
        f"seeds/tags.yml:1:1: this is a folder, {REGISTRY_NOT_A_FILE}",
        "1 error, 0 warnings: nothing was written."])


def test_a_registry_that_is_a_named_pipe_is_never_opened(root: Path) -> None:
    (root / "seeds" / "sources.yml").unlink()
    os.mkfifo(root / "seeds" / "sources.yml")
    assert check_lines(root) == (1, [], [
        f"seeds/sources.yml:1:1: this is a named pipe (FIFO), {REGISTRY_NOT_A_FILE}",
        "1 error, 0 warnings: nothing was written."])


def test_a_named_pipe_among_the_events_is_never_opened_at_any_depth(root: Path) -> None:
    events = root / "seeds" / "events"
    os.mkfifo(events / "2025-05-20-pipe.md")
    (events / "2025" / "05").mkdir(parents=True)
    os.mkfifo(events / "2025" / "05" / "2025-05-21-pipe.md")
    rest = ("not a file, so it was not read; seeds/events/ holds only event files named <id>.md "
            "— move it out of seeds/events/")
    assert check_lines(root) == (1, [], [
        f"seeds/events/2025-05-20-pipe.md:1:1: this is a named pipe (FIFO), {rest}",
        f"seeds/events/2025/05/2025-05-21-pipe.md:1:1: this is a named pipe (FIFO), {rest}",
        "2 errors, 0 warnings: nothing was written."])


def test_an_events_folder_that_is_a_file_is_reported(root: Path) -> None:
    shutil.rmtree(root / "seeds" / "events")
    (root / "seeds" / "events").write_text("", encoding="utf-8")
    assert check_lines(root)[2] == [
        "seeds/events/:1:1: this must be a folder, but it is a file — replace it with a folder of "
        "seed files", "1 error, 0 warnings: nothing was written."]


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not apply to root")
def test_an_unreadable_registry_and_event_are_each_one_problem(root: Path) -> None:
    (root / "seeds" / "actors.yml").chmod(0)
    event = next((root / "seeds" / "events").glob("*.md"))
    event.chmod(0)
    fix = "— give everyone permission to read it, e.g. with `chmod a+rX`"
    assert check_lines(root)[2] == [
        f"seeds/actors.yml:1:1: this cannot be read (Permission denied) {fix}",
        f"seeds/events/{event.name}:1:1: this cannot be read (Permission denied) {fix}",
        "2 errors, 0 warnings: nothing was written."]


def test_a_registry_that_is_not_utf8_is_reported_at_its_own_path(root: Path) -> None:
    (root / "seeds" / "tags.yml").write_bytes(b"rules:\n  name: R\xe9gles\n")
    assert check_lines(root)[2] == [
        "seeds/tags.yml:2:10: the byte 0xe9 here is not valid UTF-8 — save the file again "
        "choosing the UTF-8 encoding", "1 error, 0 warnings: nothing was written."]


def assert_no_command_but_ours(lines: list[str]) -> None:
    """Fail if a line could be read by GitHub's runner as a command we did not write."""
    for line in lines:
        assert "\r" not in line and "##[" not in line, line
        assert not line.lstrip().startswith("::") or OURS.fullmatch(line), line


def test_a_file_name_cannot_print_a_workflow_command(root: Path) -> None:
    source = next((root / "seeds" / "events").glob("*.md"))
    shutil.copy(source, root / "seeds" / "events" / f"{HOSTILE_NAME}.md")
    shown = r"x\n::error file=a.md::pwned ##\[error]pwned\r::warning::x.md"
    message = (f'the file name "{shown}" is not a valid event id — use lowercase letters a-z, '
               "digits and hyphens, starting with the date and then words, e.g. "
               # A name made of its letters and digits only: no workflow command either.
               "YYYY-MM-DD-x-error-file-a-md-pwned-error-pwned-warning-x.md")
    code, out, err = check_lines(root)
    assert (code, out, err) == (1, [], [f"seeds/events/{shown}:1:1: {message}",
                                        "1 error, 0 warnings: nothing was written."])
    code, out, err = check_lines(root, "--format", "github")
    assert len(out) == 1 and len(err) == 2
    assert_no_command_but_ours(out + err)
    assert out[0].endswith(f"::{message}")


def test_a_value_cannot_print_a_workflow_command(root: Path) -> None:
    event = next((root / "seeds" / "events").glob("*.md"))
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("\ntitle:", '\nstatus: "x\\n::error::pwned ##[add-mask]y"\n'
                                              "title:", 1), encoding="utf-8")
    for options in ((), ("--format", "github")):
        code, out, err = check_lines(root, *options)
        assert code == 1 and len(err) == 2, err
        assert r'found "x\n::error::pwned ##\[add-mask]y"' in err[0]
        assert_no_command_but_ours(out + err)


def test_a_file_name_cannot_print_a_workflow_command_in_the_mkdocs_log(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SMALL / "seeds")
    source = next((project / "seeds" / "events").glob("*.md"))
    shutil.copy(source, project / "seeds" / "events" / f"{HOSTILE_NAME}.md")
    signal.alarm(120)  # a real build, stopped by the error at its start
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).splitlines()
    assert any(r"seeds/events/x\n::error file=a.md::pwned" in line for line in lines)
    assert_no_command_but_ours(lines)
