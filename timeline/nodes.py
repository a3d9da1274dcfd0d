"""Nodes: a YAML document as typed, each value with its place (the tree the checker reads)."""

from __future__ import annotations

from typing import NamedTuple

# Plain (unquoted) scalars that YAML reads as "nothing"; we read them as empty, not as text.
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


# The nodes are named tuples rather than frozen dataclasses: an event file makes about thirty,
# and a tuple is made three times faster, which is a tenth of the check on 10,000 files.
class Scalar(NamedTuple):
    """A YAML scalar exactly as typed; `plain` is False when it was quoted or a block scalar."""

    value: str
    line: int
    col: int
    end_line: int
    plain: bool

    @property
    def is_null(self) -> bool:
        """Return True for an unquoted empty value, `~` or `null`."""
        return self.plain and self.value in NULL_WORDS


class Sequence(NamedTuple):
    """A YAML list with its position."""

    items: tuple[Node, ...]
    line: int
    col: int


class Mapping(NamedTuple):
    """A YAML mapping with its position; keys are scalars, in file order, without duplicates."""

    items: tuple[tuple[Scalar, Node], ...]
    line: int
    col: int

    def get(self, key: str) -> Node | None:
        """Return the value for `key`, or None."""
        for k, v in self.items:
            if k.value == key:
                return v
        return None


Node = Scalar | Sequence | Mapping
