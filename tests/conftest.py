"""Shared fixtures: real MkDocs builds of temporary copies of the project, each made once.

Session builds are shared by every module that reads them; a test that changes a project gets
its own copy (`project`, or `built_project` with the tariffs site already built in it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import (
    REPO,
    SMALL,
    TARIFFS,
    TEST_REPO_URL,
    copy_project,
    make_project,
    mkdocs,
)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site built, strictly, from the real seeds: for tests/test_content.py only."""
    project = make_project(tmp_path_factory.mktemp("real"), REPO / "seeds")
    mkdocs(project, "build", "--strict", repo_url=TEST_REPO_URL)
    return project / "site"


@pytest.fixture(scope="session")
def tariffs_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project with the tariffs fixture's seeds and its site built strictly in site/,
    with a repository set. Shared: never change it (copy it with `built_project`)."""
    project = make_project(tmp_path_factory.mktemp("tariffs"), TARIFFS / "seeds")
    mkdocs(project, "build", "--strict", repo_url=TEST_REPO_URL)
    return project


@pytest.fixture(scope="session")
def tariffs_site(tariffs_project: Path) -> Path:
    """Return the site built from the tariffs fixture (nine events, known counts)."""
    return tariffs_project / "site"


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site built, strictly, from the small fixture timeline, with no repository set."""
    project = make_project(tmp_path_factory.mktemp("small"), SMALL / "seeds")
    mkdocs(project, "build", "--strict")
    return project / "site"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a fresh copy of the project with the tariffs fixture's seeds, for tests that change it."""
    return make_project(tmp_path / "project", TARIFFS / "seeds")


@pytest.fixture
def built_project(tariffs_project: Path, tmp_path: Path) -> Path:
    """Return a copy of the tariffs project with its site already built, for tests that change it."""
    return copy_project(tariffs_project, tmp_path / "project")
