"""What `mkdocs serve` skips on a rebuild (timeline/serving.py): a real LiveReloadServer and real
Jinja environments; the whole `mkdocs serve` is in tests/test_serve.py."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from tests.support import (
    GeneratedFiles,
    TemplateCache,
    Watches,
    digest_of,
    move_watches,
    needs_polling,
    time_bound,
)

def render(cache: TemplateCache, templates: dict[str, str], **options: object) -> str:
    """Return page.html rendered in a new environment, as MkDocs makes one for every rebuild."""
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), bytecode_cache=cache,
                             **options)  # type: ignore[arg-type]
    return env.get_template("page.html").render(title="Talks")


def test_an_edited_template_is_compiled_again() -> None:
    cache = TemplateCache()
    base = {"page.html": "{% extends 'base.html' %}{% block body %}<h1>{{ title }}</h1>"
                         "{% endblock %}",
            "base.html": "<main>{% block body %}{% endblock %}</main>"}
    assert render(cache, base) == "<main><h1>Talks</h1></main>"
    assert len(cache.code) == 2
    assert render(cache, base) == "<main><h1>Talks</h1></main>"
    edited = {**base, "base.html": "<article>{% block body %}{% endblock %}</article>"}
    assert render(cache, edited) == "<article><h1>Talks</h1></article>"


def test_other_syntax_settings_do_not_reuse_compiled_code() -> None:
    cache = TemplateCache()
    templates = {"page.html": "[% if title %]<h1>{{ title }}</h1>[% endif %]"}
    assert render(cache, templates) == "[% if title %]<h1>Talks</h1>[% endif %]"
    assert render(cache, templates, block_start_string="[%", block_end_string="%]") \
        == "<h1>Talks</h1>"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A real LiveReloadServer watching `folders`, its builder counting rebuilds."""

    def __init__(self, root: Path, folders: list[Path]) -> None:
        self.builds = 0
        self.built = threading.Condition()
        (root / "site").mkdir()
        self.server = LiveReloadServer(builder=self.build, host="127.0.0.1", port=free_port(),
                                       root=str(root / "site"))
        for folder in folders:
            self.server.watch(str(folder))

    def build(self) -> None:
        """Count a rebuild."""
        with self.built:
            self.builds += 1
            self.built.notify_all()

    def wait_for_builds(self, count: int, limit: float) -> bool:
        """Return True once `count` rebuilds have started, False if not within `limit` seconds."""
        with self.built:
            return self.built.wait_for(lambda: self.builds >= count, timeout=limit)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[Server, Path, Path]]:
    """Yield a server watching a plain folder (events/) and one holding a symbolic link."""
    events, linked = tmp_path / "events", tmp_path / "linked"
    events.mkdir()
    linked.mkdir()
    (events / "a.md").write_text("title: A\n", encoding="utf-8")
    (linked / "b.md").write_text("title: B\n", encoding="utf-8")
    (linked / "link.md").symlink_to(events / "a.md")
    server = Server(tmp_path, [events, linked])
    assert move_watches(server.server)
    thread = threading.Thread(target=server.server.serve, daemon=True)
    thread.start()
    time.sleep(0.7)  # the polling observer's first snapshot
    try:
        yield server, events, linked
    finally:
        server.server.shutdown()
        thread.join(10)


def test_a_save_starts_a_rebuild_and_a_read_does_not(serve: tuple[Server, Path, Path]) -> None:
    server, events, _ = serve
    if (reason := needs_polling(str(events))) is not None:
        pytest.skip(f"inotify is not used for {events}: {reason}")
    observer = server.server.observer
    assert isinstance(observer, Watches)
    assert {watch.path for watch in observer.native_watches} == {str(events)}
    with time_bound(30):
        (events / "a.md").read_text(encoding="utf-8")
        assert not server.wait_for_builds(1, 1.5)  # the hook reads every seed file: no loop
        (events / "a.md").write_text("title: A, edited\n", encoding="utf-8")
        assert server.wait_for_builds(1, 10)
        (events / "new.md").write_text("title: New\n", encoding="utf-8")
        assert server.wait_for_builds(2, 10)
        (events / "new.md").unlink()
        assert server.wait_for_builds(3, 10)


def test_a_folder_with_a_symbolic_link_is_polled_and_still_rebuilds(
        serve: tuple[Server, Path, Path], caplog: pytest.LogCaptureFixture) -> None:
    server, _, linked = serve
    assert needs_polling(str(linked)) == \
        f"it holds a symbolic link ({os.path.realpath(linked)}{os.sep}link.md)"
    with time_bound(30):
        (linked / "b.md").write_text("title: B, edited\n", encoding="utf-8")
        assert server.wait_for_builds(1, 10)


def test_watches_added_after_the_move_follow_the_same_rule(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    tmp_path = Path(os.path.realpath(tmp_path))
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "link").symlink_to(tmp_path)
    server = Server(tmp_path, [])
    assert move_watches(server.server)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.timeline"):
        server.server.watch(str(tmp_path / "seeds"))
        server.server.watch(str(tmp_path / "site"))
        server.server.watch(str(tmp_path / "seeds" / "link"))
    assert caplog.messages == [
        f"Watching {tmp_path / 'seeds'} by polling every 0.5 s: it holds a symbolic link "
        f"({tmp_path / 'seeds' / 'link'})"]
    observer = server.server.observer
    assert isinstance(observer, Watches)
    if needs_polling(str(tmp_path / "site")) is None:
        assert {watch.path for watch in observer.native_watches} == {str(tmp_path / "site")}
    server.server.unwatch(str(tmp_path / "site"))
    assert not observer.native_watches
    observer.stop()


def test_a_server_this_hook_does_not_know_keeps_polling(tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    server = Server(tmp_path, [tmp_path])
    observer = server.server.observer
    del server.server._watch_refs
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.timeline"):
        assert not move_watches(server.server)
    assert server.server.observer is observer
    assert caplog.messages == ["MkDocs' file watcher is not the one this hook knows (MkDocs 1.6): "
                               "it polls the watched files as usual"]


def test_unchanged_generated_files_are_taken_back_until_a_build_fails(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Files\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    kept = GeneratedFiles()
    kept.start(config)
    content = b"# Talks\n"
    file = File("events/a.md", None, config.site_dir, config.use_directory_urls)
    page = Page(None, file, config)
    page.content, page.active = "<h1>Talks</h1>", True
    kept.put("events/a.md", content, digest_of(content), "seeds/events/a.md", file)
    kept.written()
    kept.start(config)
    assert kept.get("events/a.md", b"# Talks\n", "seeds/events/a.md") is file  # equal, not same
    # As MkDocs makes a new Page: not rendered, not active.
    state: tuple[object, ...] = (page.content, page.active, page.title)
    assert state == (None, False, None)
    assert kept.get("events/a.md", b"# Talks, edited\n", "seeds/events/a.md") is None
    assert kept.get("events/a.md", content, "seeds/events/b.md") is None
    kept.failed()  # after start(): the pages may not have been written
    assert kept.get("events/a.md", content, "seeds/events/a.md") is None
    kept.start(config)
    kept.put("events/a.md", content, digest_of(content), None, file)
    kept.written()
    kept.failed()  # before start(), as a seed file's problem stops on_config
    assert kept.get("events/a.md", content, None) is file
    (tmp_path / "mkdocs.yml").write_text("site_name: Files\nuse_directory_urls: false\n",
                                         encoding="utf-8")
    kept.start(load_config(str(tmp_path / "mkdocs.yml")))
    assert kept.get("events/a.md", content, None) is None
