"""Memo: what is made from one event, kept between the rebuilds of `mkdocs serve`.

A rebuild after an edit gets back new Event objects only for the files that changed (the check
keeps the others, see check/seeds.py); everything made from an unchanged event alone (its JSON-LD,
its card, its rows in the data files) is the same as last time, and is taken from here. Each value
is kept with the event it was made from and found by that very object, so a changed event, even
an equal one, is never served a value made from another. The values may also depend on the
registries and on where the site is published: a change in either forgets everything.

At 10,000 events this takes an edit's planning and data files from about 1.5 s to 0.1 s. Values
made from a page's events (its overview, its filters) are kept by the page's name, while its
events stay the same. A build uses NO_MEMO, which keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from .model import Event, Timeline
from .urls import Publication

T = TypeVar("T")


class EventMemo:
    """Values made from one event each, by kind, for as long as the registries and the
    publication stay the same."""

    def __init__(self, keep: bool = True) -> None:
        self._keep = keep
        self._values: dict[int, tuple[Event, dict[str, object]]] = {}  # by id() of the event
        self._by_events: dict[tuple[str, str], tuple[tuple[Event, ...], object]] = {}
        self._made_with: object = None

    def begin(self, timeline: Timeline, publication: Publication) -> None:
        """Start a rebuild: forget the values of events that are gone, or all of them if the
        registries or the publication changed."""
        if not self._keep:
            return
        made_with = (timeline.sources, timeline.actors, timeline.tags, timeline.eras, publication)
        if made_with != self._made_with:
            self._values, self._by_events, self._made_with = {}, {}, made_with
            return
        if len(self._values) > len(timeline.events) * 5 // 4 + 100:
            # Forget the events that are gone, now and then (each rebuild would cost 0.1 s).
            alive = {id(event) for event in timeline.events}
            self._values = {key: kept for key, kept in self._values.items() if key in alive}

    def get(self, kind: str, event: Event, make: Callable[[Event], T]) -> T:
        """Return the value of this kind made from `event`: kept, or made now by `make(event)`."""
        if not self._keep:
            return make(event)
        kept = self._values.get(id(event))
        if kept is None or kept[0] is not event:
            kept = self._values[id(event)] = (event, {})
        values = kept[1]
        if kind in values:
            return cast(T, values[kind])
        value = values[kind] = make(event)
        return value

    def of_events(self, kind: str, name: str, events: tuple[Event, ...],
                  make: Callable[[], T]) -> T:
        """Return the value of this kind made from these events (a page's, say, by its name):
        kept if the page had the same events last time, or made now by `make()`."""
        if not self._keep:
            return make()
        kept = self._by_events.get((kind, name))
        # Unchanged events are the same objects: the comparison is mostly one of identities.
        if kept is not None and kept[0] == events:
            return cast(T, kept[1])
        value = make()
        self._by_events[(kind, name)] = (events, value)
        return value

    def each(self, kind: str, events: Iterable[Event], make: Callable[[Event], T]) -> list[T]:
        """Return the value of this kind of every event, in order."""
        return [self.get(kind, event, make) for event in events]


NO_MEMO = EventMemo(keep=False)
