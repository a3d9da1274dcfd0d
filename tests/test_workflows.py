"""The GitHub Actions workflows, which run on strangers' pull requests, pass zizmor's audit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import REPO

WORKFLOWS = REPO / ".github" / "workflows"
# zizmor, pinned in requirements.txt, installed beside this Python.
ZIZMOR = Path(sys.executable).parent / "zizmor"
# The strictest persona (code smells included): any finding at all fails the tests. --offline:
# the audits that ask GitHub (known-vulnerable actions, impostor commits) need the network.
# No colour: zizmor colours its output when it sees CI set, and the tests read it as text.
ZIZMOR_ARGS = ("--offline", "--persona", "pedantic", "--format", "plain", "--color", "never")


def zizmor(*inputs: Path) -> subprocess.CompletedProcess[str]:
    """Return the finished audit of `inputs`; its exit status is 0 only without findings."""
    return subprocess.run([str(ZIZMOR), *ZIZMOR_ARGS, *map(str, inputs)], capture_output=True,
                          text=True, timeout=120)


def test_the_workflows_have_no_zizmor_finding() -> None:
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_an_action_on_a_movable_tag_fails_the_audit(tmp_path: Path) -> None:
    # What the audit above would say if a workflow went back to a tag instead of a commit.
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    pinned = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    unpinned = pinned.replace("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
                              "actions/checkout@v7")
    assert unpinned != pinned
    (workflows / "pull-request.yml").write_text(unpinned, encoding="utf-8")
    result = zizmor(workflows)
    assert result.returncode == 14  # zizmor's status for a high-severity finding
    assert "error[unpinned-uses]: unpinned action reference" in result.stdout
    assert "actions/checkout@v7" in result.stdout
