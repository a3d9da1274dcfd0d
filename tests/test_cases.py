"""Every bad input in tests/cases/ gets exactly the message in its expected.txt (`make golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import CASES, case_output

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_reports_exactly_the_expected_problems(case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert expected, f"{case.name} expects no problem: a case must show one"
    assert case_output(case) == expected


def test_every_problem_names_file_line_and_column() -> None:
    for case in CASE_DIRS:
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            path, line_no, col, message = line.split(":", 3)
            assert path.startswith("seeds/"), line
            assert int(line_no) >= 1 and int(col) >= 1, line
            assert " — " in message, f"no fix given: {line}"
