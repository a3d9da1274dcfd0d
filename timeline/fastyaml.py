"""Fast YAML: ordinary front matter composed by libyaml in C, straight into our node tree.

Kept because it pays for what contributors wait for: the check of 10,000 event files (see the
README for the figures). Anything unusual (anchors, aliases, tags, repeated keys, deep nesting,
U+FEFF) is left to the event-by-event reader in load.py, which reports it in its own words; a
property test holds both readers to the same tree, and fails if ordinary files stop coming here.
"""

from __future__ import annotations

import re

import yaml
from yaml._yaml import CParser

from .fields import YAML_MAX_DEPTH
from .nodes import Mapping, Node, Scalar, Sequence


class _Composer(CParser):
    """libyaml's C composer with no tag resolution: every scalar stays text, as typed."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        """Return no tag: we never interpret a scalar."""
        return ""

    def descend_resolver(self, parent: object, index: object) -> None:
        """Do nothing: no path-dependent resolvers."""

    def ascend_resolver(self) -> None:
        """Do nothing: no path-dependent resolvers."""


# Anchors, aliases and tags (`&a`, `*a`, `!t`) can only start a node: at the start of a line
# (after its indentation and any `- ` or `? `), after `[`, `{` or `,` (and a `? `), or after `:`.
# The fast path leaves texts that may hold one to the event path; "Smith & Jones", "why? &",
# "AT&T" hold none. Each alternative is a fixed prefix and runs of blanks: linear.
_PROPERTY = re.compile(r"(?:^[ \t]*(?:[-?][ \t]+)*|[\[{,][ \t]*(?:\?[ \t]+)?|:[ \t]*)[&*!]",
                       re.MULTILINE)
_INDENT = re.compile(r"^ +", re.MULTILINE)
# libyaml's composer recurses once per level of nesting: it is fast and safe far below this (it
# crashes somewhere above 10,000 levels), so only texts that cannot nest deeper are composed in C.
FAST_MAX_DEPTH = 1000


def depth_bound(text: str) -> int:
    """Return a number no smaller than how deep the YAML in `text` can nest.

    Every level needs one of `-`, `:`, `?`, `[`, `{`: their count is a bound, enough for event
    files. For larger texts (registries), a closer one: each flow level needs a `{` or a `[` (a
    `[` can open two); a block level needs more indentation than its parent, or (once per
    indentation) a list under a field at the same indentation, or an indicator on the same line
    (`- - x`, `- a: b`, `? x`).
    """
    marks = sum(map(text.count, "-:?[{"))
    if marks <= FAST_MAX_DEPTH:
        return marks
    # Inside `[...]`, `a: b` and `? a` make a one-pair mapping with no `{`: two levels per `[`.
    flow = 2 * text.count("[") + text.count("{")
    if flow > FAST_MAX_DEPTH:
        return flow
    widest = max(map(len, _INDENT.findall(text)), default=0)
    indicators = max(line.count("- ") + line.count("? ") + line.count(": ") + line.endswith(("-", ":"))
                     for line in text.split("\n"))
    return flow + 2 * (widest + 1) + indicators + 1


def _converted(node: yaml.Node, first_line: int, depth: int, seen: set[int]) -> Node | None:
    """Return a composed libyaml node as our node tree; None where only the full path can tell.

    None for a duplicate key, a key that is not a scalar, nesting deeper than allowed, or (should
    one get past the checks before composing) a tag or an alias: the event-by-event path then
    reports those with its exact messages. An alias is a node met twice; following it would copy
    the whole subtree each time, which a few aliases can make exponential.
    """
    if node.tag or id(node) in seen:
        return None
    seen.add(id(node))
    mark = node.start_mark
    if type(node) is yaml.ScalarNode:
        return Scalar(node.value, mark.line + first_line, mark.column + 1,
                      node.end_mark.line + first_line, not node.style)
    if depth >= YAML_MAX_DEPTH:
        return None
    depth += 1
    if type(node) is yaml.SequenceNode:
        items = []
        for item in node.value:
            converted = _converted(item, first_line, depth, seen)
            if converted is None:
                return None
            items.append(converted)
        return Sequence(tuple(items), mark.line + first_line, mark.column + 1)
    pairs: list[tuple[Scalar, Node]] = []
    keys: set[str] = set()
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode or key_node.value in keys or key_node.tag \
                or id(key_node) in seen:
            return None
        seen.add(id(key_node))
        value = _converted(value_node, first_line, depth, seen)
        if value is None:
            return None
        keys.add(key_node.value)
        key_mark = key_node.start_mark
        pairs.append((Scalar(key_node.value, key_mark.line + first_line, key_mark.column + 1,
                             key_node.end_mark.line + first_line, not key_node.style), value))
    return Mapping(tuple(pairs), mark.line + first_line, mark.column + 1)


def compose_fast(text: str, first_line: int) -> tuple[bool, Node | None]:
    """Return (True, tree) for an ordinary document composed in C, or (False, None) if unusual.

    Most event files are plain fields and lists; libyaml composes them in C, several times faster
    than reading its events one by one in Python. Anything else takes the event-by-event path.
    """
    # libyaml skips U+FEFF where a line starts, so "\ufeff&a" is an anchor: such texts go slow.
    if "\ufeff" in text or (("&" in text or "*" in text or "!" in text) and _PROPERTY.search(text)) \
            or depth_bound(text) > FAST_MAX_DEPTH:
        return False, None
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError:
        return False, None
    finally:
        composer.dispose()
    if node is None:
        return True, None
    tree = _converted(node, first_line, 0, set())
    return tree is not None, tree

