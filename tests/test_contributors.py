"""The contributor's tools: `new`, GitHub annotations, the workflows, pre-commit and VS Code."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support import (
    EXAMPLE_EVENT,
    EXAMPLE_PATH,
    REPO,
    TARIFFS,
    TODAY,
    example_problems,
    run_cli,
    run_cli_process,
)

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def test_new_writes_a_checked_file_named_after_date_and_title(project: Path) -> None:
    result = run_cli(project, "new", "Talks resume: Kim & Lutnick's second day", "2026-01-30",
                     "--summary", "Kim and Lutnick meet again.", "--source", "anadolu-2026-01-30",
                     "--tag", "negotiations", "--actor", "kim-jung-kwan", "--place",
                     "Washington, D.C.")
    assert result.returncode == 0, result.stderr
    path = "seeds/events/2026-01-30-talks-resume-kim-lutnicks-second-day.md"
    assert result.stdout == (f"Wrote {path}. Add tags, actors, quotes and the narrative, then run "
                             "`make check`.\n")
    text = (project / path).read_text(encoding="utf-8")
    assert "title: 'Talks resume: Kim & Lutnick''s second day'\n" in text
    assert ("tags: [negotiations]  # known: investment, legislation, negotiations, tariffs, "
            "trade-deal\n") in text
    check = run_cli(project, "check")
    assert check.returncode == 0 and check.stdout.startswith("10 events checked: no errors.")


def test_new_asks_for_summary_and_source_when_not_given(project: Path) -> None:
    # In its own process: the prompts are read from standard input, as in a terminal.
    asked = run_cli_process(project, "new", "회담 재개", "2026-02-03",
                            stdin="Talks resume.\nwire-2026-01-30\n")
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.startswith("Summary (one plain sentence): Source id (known: "
                                   "anadolu-2026-01-30, wire-2026-01-30): Wrote "
                                   "seeds/events/2026-02-03-event.md.")
    assert "title: 회담 재개\n" in (project / "seeds/events/2026-02-03-event.md").read_text("utf-8")


def test_new_refuses_to_overwrite(project: Path) -> None:
    before = (project / "seeds/events/2026-01-29-first-day-of-washington-talks.md").read_bytes()
    again = run_cli(project, "new", "First day of Washington talks", "2026-01-29", "--summary",
                    "Other.", "--source", "anadolu-2026-01-30")
    assert again.returncode == 1
    assert again.stderr == ("seeds/events/2026-01-29-first-day-of-washington-talks.md already "
                            "exists — edit it, or give the new event a different title\n")
    assert (project / "seeds/events/2026-01-29-first-day-of-washington-talks.md").read_bytes() \
        == before


def test_new_writes_nothing_when_a_value_is_wrong(project: Path) -> None:
    before = sorted((project / "seeds" / "events").iterdir())
    bad_date = run_cli(project, "new", "Vote", "2026-02-30", "--summary", "S.", "--source", "x")
    assert (bad_date.returncode, bad_date.stderr) == (
        1, 'DATE: "2026-02-30" is not a real date: February 2026 has 28 days — correct the day\n')
    bad_ids = run_cli(project, "new", "Vote", "2026-02", "--summary", "S.", "--source",
                      "anadolu-2026-01-30", "--tag", "tarifs")
    assert bad_ids.returncode == 1
    assert bad_ids.stderr == (
        'seeds/events/2026-02-vote.md:5:8: tags: unknown tag "tarifs" — did you mean "tariffs"? '
        "To add a new tag, add `tarifs:` with an indented `name:` to seeds/tags.yml\n"
        "Nothing was written: fix the values above and run the command again.\n")
    assert sorted((project / "seeds" / "events").iterdir()) == before


def test_check_prints_github_annotations(project: Path) -> None:
    (project / "seeds" / "events" / "2026-02-01-bad.md").write_text(
        "---\ntitle: 50%, or more: no\ndate: 2026-02-01\n---\n", encoding="utf-8")
    result = run_cli(project, "check", "--format", "github")
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert errors == [
        "::error file=seeds/events/2026-02-01-bad.md,line=2,col=20,title=Timeline error::this "
        'value contains ": ", which YAML reads as a new field — put the whole value in double '
        "quotes"]


def workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflows_have_least_privilege(path: Path) -> None:
    data = workflow(path)
    assert "pull_request_target" not in data["on"]
    assert data["permissions"] == {}
    for name, job in data["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"job {name} must say which permissions it needs"
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= {"pages", "id-token"}, f"job {name} writes {writes}"
        assert not writes or name == "deploy"
        for step in job["steps"]:
            # Untrusted text (titles, branch names) must never be pasted into a shell script.
            assert "${{" not in step.get("run", ""), step
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow_checks_builds_and_uploads_a_preview() -> None:
    data = workflow(REPO / ".github" / "workflows" / "pull-request.yml")
    assert list(data["on"]) == ["pull_request"]
    (job,) = data["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert "python build_timeline.py check --format github" in runs
    assert "python -m mkdocs build --strict" in runs
    assert any(step.get("uses", "").startswith("actions/upload-artifact")
               and step["with"]["path"] == "site/" for step in job["steps"])


def test_deploy_workflow_publishes_main_to_pages() -> None:
    data = workflow(REPO / ".github" / "workflows" / "deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in build["steps"])
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_pre_commit_runs_the_checker_on_seed_changes() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    assert hook["entry"] == "make --no-print-directory check" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("seeds/events/2026-01-29-x.md") and files.search("seeds/tags.yml")
    assert not files.search("docs/index.md") and not files.search("timeline/check.py")
    result = subprocess.run(hook["entry"].split(), cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.search(r"events( and \d+ translations?)? checked: no errors\.", result.stdout)


def test_vscode_maps_the_registry_schemas_and_matches_problems() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, target in settings["yaml.schemas"].items():
        # seeds/eras.yml is optional (no file, no eras): its schema waits for it.
        assert (REPO / schema).is_file() and ((REPO / target).is_file() or target == "seeds/eras.yml")
    task = json.loads((REPO / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"][0]
    pattern = task["problemMatcher"]["pattern"]
    # VS Code uses JavaScript regular expressions; this one is also valid Python.
    found = re.match(pattern["regexp"], "seeds/events/a.md:4:9: warning: status: scheduled")
    assert found and found.group(pattern["file"]) == "seeds/events/a.md"
    assert found.group(pattern["severity"]) == "warning"
    assert found.group(pattern["message"]) == "status: scheduled"


def test_the_contributing_page_example_is_a_valid_event_of_no_timeline_in_particular() -> None:
    # The page is every timeline's (`init` gives it to each new one): its example passes `check`
    # and names nothing of the tariff timeline (nor of the fixtures').
    assert example_problems(TODAY)[0] == []
    assert not (TARIFFS / EXAMPLE_PATH).exists()
    for word in ("tariff", "Washington", "Korea", "Lutnick", "kim-jung-kwan", "anadolu",
                 "negotiations", "2026-01-29", "Seoul"):
        assert word.lower() not in (EXAMPLE_PATH + EXAMPLE_EVENT).lower(), word
