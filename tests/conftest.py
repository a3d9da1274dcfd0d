"""Shared fixtures: real MkDocs builds of temporary copies of the project, each made once.

Session builds are shared by every module that reads them; a test that changes a project gets
its own copy (`project`, or `built_project` with the tariffs site already built in it). The
builds that a session will need later (the real site, the small site, the large timeline's) start
in the background when the session starts (once the tariffs site, which the first tests need, is
built), on the core the tests leave free, and their fixtures wait for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.generate import generate
from tests.support import (
    REAL_EPOCH,
    REPO,
    SMALL,
    SOURCE_DATE_EPOCH,
    TARIFFS,
    TEST_REPO_URL,
    Build,
    copy_project,
    make_project,
    mkdocs,
)

# The events of the large synthetic timeline (bench/generate.py): enough for every kind of page
# a large timeline is cut into (years, months, paginated lists of tags and sources).
LARGE_EVENTS = 2000


@pytest.fixture(scope="session")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the root of a synthetic timeline of LARGE_EVENTS events (deterministic)."""
    root = tmp_path_factory.mktemp("large")
    generate(LARGE_EVENTS, root)
    return root


@pytest.fixture(scope="session", autouse=True)
def background_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                      ) -> Iterator[dict[str, Build]]:
    """Start the builds the collected tests will ask for later; yield them by fixture name."""
    wanted = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    if "tariffs_project" in wanted:
        request.getfixturevalue("tariffs_project")  # the first tests need it: built alone
    builds: dict[str, Build] = {}
    try:
        if "large_site" in wanted:
            large: Path = request.getfixturevalue("large")
            builds["large_site"] = Build(make_project(tmp_path_factory.mktemp("large-site"),
                                                      large / "seeds"))
        if "real_site" in wanted:
            builds["real_site"] = Build(make_project(tmp_path_factory.mktemp("real"),
                                                     REPO / "seeds"), repo_url=TEST_REPO_URL,
                                        epoch=REAL_EPOCH)
        if "small_site" in wanted:
            builds["small_site"] = Build(make_project(tmp_path_factory.mktemp("small"),
                                                      SMALL / "seeds"))
        yield builds
    finally:
        for build in builds.values():
            build.stop()


def _site(builds: dict[str, Build], name: str, tmp_path_factory: pytest.TempPathFactory,
          seeds: Path, repo_url: str | None = None, epoch: str = SOURCE_DATE_EPOCH) -> Path:
    """Return the site a background build made, or build it now if none was started."""
    if name not in builds:
        builds[name] = Build(make_project(tmp_path_factory.mktemp(name), seeds), repo_url, epoch)
    return builds[name].site()


@pytest.fixture(scope="session")
def real_site(background_builds: dict[str, Build],
              tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site built, strictly, from the real seeds: for tests/test_content.py only."""
    return _site(background_builds, "real_site", tmp_path_factory, REPO / "seeds", TEST_REPO_URL,
                 REAL_EPOCH)


@pytest.fixture(scope="session")
def small_site(background_builds: dict[str, Build],
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site built, strictly, from the small fixture timeline, with no repository set."""
    return _site(background_builds, "small_site", tmp_path_factory, SMALL / "seeds")


@pytest.fixture(scope="session")
def large_site(background_builds: dict[str, Build], large: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site built, strictly, from the large synthetic timeline."""
    return _site(background_builds, "large_site", tmp_path_factory, large / "seeds")


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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a fresh copy of the project with the tariffs fixture's seeds, to change."""
    return make_project(tmp_path / "project", TARIFFS / "seeds")


@pytest.fixture
def built_project(tariffs_project: Path, tmp_path: Path) -> Path:
    """Return a copy of the tariffs project with its site already built, to change."""
    return copy_project(tariffs_project, tmp_path / "project")
