"""Shared fixtures: real MkDocs builds of temporary copies of the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO, SMALL, make_project

TEST_REPO_URL = "https://github.com/example-org/tariff-timeline"


def mkdocs(project: Path, *args: str, repo_url: str | None = None, check: bool = True,
           **env_vars: str) -> subprocess.CompletedProcess[str]:
    """Return the finished `mkdocs ARGS` run in `project`, with the repository URL given or unset."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TIMELINE_") and k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", **env_vars)
    if repo_url:
        env["TIMELINE_REPO_URL"] = repo_url
    result = subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs {' '.join(args)} failed:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site built, strictly, from a copy of the project and its real seeds."""
    project = make_project(tmp_path_factory.mktemp("real"))
    mkdocs(project, "build", "--strict", repo_url=TEST_REPO_URL)
    return project / "site"


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site built, strictly, from the small fixture timeline, with no repository set."""
    project = make_project(tmp_path_factory.mktemp("small"), seeds=SMALL / "seeds")
    mkdocs(project, "build", "--strict")
    return project / "site"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a fresh copy of the project with the real seeds, for tests that change it."""
    return make_project(tmp_path / "project")


__all__ = ["REPO", "TEST_REPO_URL", "mkdocs"]
