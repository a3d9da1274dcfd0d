"""Fuzzing: whatever bytes or front matter a file holds, the loader returns problems or events."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from tests.support import (
    REPO,
    _parse_events,
    _relative_path,
    check_with,
    compose_fast,
    depth_bound,
    read_seeds,
)

FIELDS = ["title", "date", "summary", "status", "tags", "actors", "place", "importance",
          "sources", "related", "source", "quote", "locator", "titel"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=40), st.dates(), st.sampled_from(
                        ["2025-05-20", "2025", "2025-05~", "2025/..", "no", "on", "010", "1:30",
                         "summits", "daily-2025-05-13", "2025-06-01-talks-postponed", "3"]))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=4)),
    max_leaves=20)
front_matters = st.dictionaries(st.sampled_from(FIELDS), values, max_size=10)
# 300 examples per test in `make test`; FUZZ_EXAMPLES=4000 for a longer hunt.
fuzz = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def check_one(name: str, data: bytes) -> None:
    """Check the small fixture plus one event file; any exception fails the test."""
    timeline, problems = check_with({f"events/{name}": data})
    assert (timeline is None) == any(p.severity == "error" for p in problems)
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message


@fuzz
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_loader(data: bytes) -> None:
    check_one("2025-05-20-fuzz.md", data)


@fuzz
@given(st.binary(max_size=500))
def test_arbitrary_bytes_after_a_front_matter_line_never_crash(data: bytes) -> None:
    check_one("2025-05-20-fuzz.md", b"---\n" + data + b"\n---\n")


@fuzz
@given(front_matters, st.text(max_size=200))
def test_arbitrary_front_matter_structures_never_crash(front_matter: dict, body: str) -> None:
    text = "---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\n" + body
    check_one("2025-05-20-fuzz.md", text.encode("utf-8", "surrogatepass"))


@fuzz
@given(st.dictionaries(st.text(max_size=12), values, max_size=5))
def test_arbitrary_registries_never_crash(registry: dict) -> None:
    tags = yaml.safe_dump(registry, allow_unicode=True).encode("utf-8", "surrogatepass")
    timeline, problems = check_with({"tags.yml": tags})
    assert (timeline is None) == any(p.severity == "error" for p in problems)


yaml_texts = st.one_of(
    front_matters.map(lambda fm: yaml.safe_dump(fm, allow_unicode=True)),
    front_matters.map(lambda fm: yaml.safe_dump(fm, allow_unicode=True, default_flow_style=True)),
    st.text(alphabet="ab:- \n[]{},'\"#|>?&*!\t\ufeff", max_size=60),
)


@fuzz
@given(yaml_texts)
def test_the_fast_yaml_path_reads_what_the_event_path_reads(text: str) -> None:
    # Ordinary front matter is composed in C; it must give the exact tree (positions, plain or
    # quoted) that reading events one by one gives, and hand back everything else.
    done, tree = compose_fast(text, 2)
    if done:
        # repr names the node types: an empty list and an empty mapping differ.
        assert repr((tree, ())) == repr(_parse_events("x.md", text, 2))


# Text as titles and summaries are written: ampersands, exclamation and question marks, asterisks
# inside words, percentages, quotes, Korean (not ": *x", which YAML reads as an alias).
words = st.lists(st.sampled_from(
    ["Kim", "&", "Lutnick", "AT&T", "Trump's", "15%", "$350", "talks", "(ends)", "U.S.", "won't",
     "deal!", "why?", "#1", "–", "Seoul’s", "“quoted”", "김정관", "is*not*", "a/b", "x:y",
     "1:30", "no", "2026-01-29", "a,b", "- x", "? y"]), min_size=1,
    max_size=12).map(" ".join)
ids = st.from_regex(r"[a-z]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
ordinary_front_matters = st.fixed_dictionaries(
    {"title": words, "date": st.sampled_from(["2026-01-29", "2025-07", "2025", "2025-07~/..",
                                              "2026-01-29/2026-01-30", "2026-02?"]),
     "summary": words},
    optional={"status": st.sampled_from(["occurred", "scheduled"]), "tags": st.lists(ids),
              "actors": st.lists(ids), "place": words, "importance": st.integers(1, 3),
              "sources": st.lists(st.fixed_dictionaries(
                  {"source": ids}, optional={"quote": words, "locator": words}), min_size=1,
                  max_size=3),
              "related": st.lists(ids)})


@fuzz
@given(ordinary_front_matters, st.booleans())
def test_ordinary_front_matter_takes_the_fast_path(front_matter: dict[str, object],
                                                   flow: bool) -> None:
    # The fast path is what keeps `check` quick: ordinary files that stop taking it (a check
    # before composing grown too wary) would make every large check several times slower.
    # One line per value, as people write them (PyYAML would fold long ones at 80 columns).
    text = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=None if flow else False)
    done, tree = compose_fast(text, 2)
    assert done and tree is not None, text


@pytest.mark.parametrize("timeline", ["tariff", "synthetic"])
def test_every_ordinary_seed_file_takes_the_fast_path(timeline: str, tmp_path: Path) -> None:
    # The tariff timeline's files and the benchmark's (the small fixture is hostile on purpose).
    root = REPO
    if timeline == "synthetic":
        generate(300, tmp_path)
        root = tmp_path
    seeds = read_seeds(root)
    for seed in seeds.events:
        front_matter = seed.data.decode("utf-8").split("---\n", 2)[1]
        assert compose_fast(front_matter, 2)[0], seed.path
    for registry in (seeds.sources, seeds.actors, seeds.tags):
        assert registry is not None and compose_fast(registry.data.decode("utf-8"), 1)[0]


folders = st.lists(st.sampled_from(["events", "timeline", "2021", "tags", "a-b"]), max_size=3)


@fuzz
@given(folders, folders, st.booleans())
def test_relative_paths_are_those_posixpath_gives(to: list[str], start: list[str],
                                                   slash: bool) -> None:
    path = "/".join(to) + ("/" if slash and to else "")
    assert _relative_path(path, "/".join(start)) == posixpath.relpath(path or ".",
                                                                      "/".join(start) or ".")


def nesting(node: yaml.Node | None) -> int:
    """Return how many collections deep a composed YAML node goes (without recursing)."""
    if node is None:
        return 0  # an empty document
    deepest, stack = 0, [(node, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)
        else:
            deepest = max(deepest, depth)
    return deepest


deep_values = st.recursive(st.sampled_from(["x", "", "a b"]), lambda children: st.one_of(
    st.lists(children, min_size=1, max_size=2),
    st.dictionaries(st.sampled_from(["a", "b"]), children, min_size=1, max_size=2)),
    max_leaves=40)


@fuzz
@given(deep_values, st.sampled_from([None, True, False]), st.sampled_from([0, 1, 2]))
def test_the_depth_bound_is_never_below_the_real_depth(value: object, flow: bool | None,
                                                       indent: int) -> None:
    # Only texts whose bound is small go to libyaml's recursive composer, which crashes when
    # nesting is very deep: the bound must never underestimate.
    text = yaml.safe_dump(value, default_flow_style=flow, indent=indent + 2)
    assert nesting(yaml.compose(text, Loader=yaml.CSafeLoader)) <= depth_bound(text)


@pytest.mark.parametrize("opening", ["[a:\n", '["a":', "[?\n", "- ", "fields"])
@pytest.mark.parametrize("levels", [10, 400, 700])
def test_the_depth_bound_holds_for_hand_made_nesting(opening: str, levels: int) -> None:
    # One-pair mappings inside a flow list (`[a: [b: ...]]`) open two levels per bracket.
    if opening == "fields":
        text = "".join(" " * i + f"a{i}:\n" for i in range(levels)) + " " * levels + "x\n"
    else:
        text = opening * levels + "x" + "]" * opening.count("[") * levels + "\n"
    assert nesting(yaml.compose(text, Loader=yaml.CSafeLoader)) <= depth_bound(text)


def test_an_alias_behind_a_byte_order_mark_is_reported_not_followed() -> None:
    # libyaml skips U+FEFF at the start of a line, so "\ufeff*a" is an alias; followed, a few
    # of them would copy the same subtree again and again.
    text = "{a: &a [x, y],\n\ufeffb: [*a, *a],\n\ufeffc: !!str z}\n"
    assert compose_fast(text, 2) == (False, None)
    _, problems = _parse_events("x.md", text, 2)
    assert [p.message for p in problems] == [
        "YAML anchors (&a) are not part of the event format — remove the anchor",
        "YAML aliases (*a) are not part of the event format — write the value out in full",
        "YAML aliases (*a) are not part of the event format — write the value out in full",
        "YAML tags (!!str) are not part of the event format — remove the tag and write the "
        "value as plain text"]
