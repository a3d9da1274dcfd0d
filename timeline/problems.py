"""Problems: what is wrong with a seed file, where, and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# What must never reach a terminal or a CI log as it is: control characters (a line feed would
# start a new line, which could read as a workflow command), line and paragraph separators,
# bidirectional overrides and isolates (they reorder what is shown), and lone surrogates (bytes of
# a file name that are not UTF-8, which cannot even be printed).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# GitHub's runner reads `::command::` at the start of a line (after spaces) and the older
# `##[command]` anywhere in a line (github.com/actions/runner, ActionCommand.cs).
_COMMAND_ANYWHERE = "##["


def _escape_char(match: re.Match[str]) -> str:
    """Return an escape for one unprintable character: \\n, \\xNN for a byte, or \\uNNNN."""
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode gives it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Return text safe to print as part of one line: every unprintable character escaped, and
    nothing a CI runner could read as a command."""
    return _UNPRINTABLE.sub(_escape_char, text).replace(_COMMAND_ANYWHERE, "##\\[")


def output_line(text: str) -> str:
    """Return text as one printable output line that cannot start a workflow command."""
    line = printable(text)
    if line.lstrip().startswith("::"):
        # Not one of ours: only github_annotation writes a line that starts with `::`.
        line = line.replace(":", "\\x3a", 1)
    return line


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place; `message` says what was expected, what was found and the fix."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """Return the problem as `path:line:col: message` (warnings say so)."""
        prefix = "warning: " if self.severity == "warning" else ""
        # Escaped here, where every problem leaves as text (the command line, MkDocs' log).
        return output_line(f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}")


def _escape_data(text: str) -> str:
    """Return text for the message part of a GitHub workflow command."""
    # printable() has written line breaks as \n and \r already.
    return printable(text).replace("%", "%25")


def _escape_property(text: str) -> str:
    """Return text for a property (file=, title=) of a GitHub workflow command."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """Return the problem as a GitHub Actions annotation on its file, line and column."""
    level = "warning" if problem.severity == "warning" else "error"
    return (f"::{level} file={_escape_property(problem.path)},line={problem.line},"
            f"col={problem.col},title={_escape_property('Timeline ' + level)}::"
            f"{_escape_data(problem.message)}")


def errors(problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
    """Return only the problems that stop a build."""
    return [p for p in problems if p.severity == "error"]


class ProblemsFound(Exception):
    """Raised at the edges when the seeds have errors; carries every problem, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(errors(self.problems))
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the seed files; nothing was built")
