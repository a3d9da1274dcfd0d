"""Problems: what is wrong with a seed file, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


def _escape_data(text: str) -> str:
    """Return text for the message part of a GitHub workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
