"""Speed: the two mechanisms that keep `check` quick on large timelines, behind one small interface.

Both pay for what a contributor waits for (figures in the README): forked workers share the
parsing of event files, and the cyclic garbage collector is paused while a build's objects pile up.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting a worker costs more than it saves (about 30 ms against about
# 100 µs to parse and check one event file).
PARALLEL_FROM = 500

# What forked workers run: set just before they are forked, so that they inherit the step (with
# everything it closes over) and the items, instead of receiving them pickled.
_inherited: dict[str, Any] = {"step": None, "items": ()}


def default_workers() -> int:
    """Return how many processes to use: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run_inherited(bounds: tuple[int, int]) -> object:
    """Return the inherited step applied to the inherited items between `bounds` (in a worker)."""
    start, stop = bounds
    return _inherited["step"](_inherited["items"][start:stop])


def in_parallel(step: Callable[[Sequence[T]], R], items: Sequence[T], workers: int) -> list[R]:
    """Return `step` applied to `workers` consecutive slices of `items` of equal length, in order.

    This process runs the first slice while forked processes run the others, so the first slice's
    results are never pickled. Workers are forked (POSIX only), so `step` may close over anything;
    only their results travel back, pickled. With one worker, few items, or no fork, everything
    runs here.
    """
    if workers <= 1 or len(items) < PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [step(items)]
    size = -(-len(items) // workers)
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _inherited.update(step=step, items=items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=len(bounds) - 1, mp_context=context) as pool:
            others = [pool.submit(_run_inherited, share) for share in bounds[1:]]
            start, stop = bounds[0]
            first = step(items[start:stop])
            return [first, *(cast(R, future.result()) for future in others)]
    finally:
        _inherited.update(step=None, items=())


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration (and restore it after).

    A build makes hundreds of thousands of small objects that live until its end and form no
    cycles; the collector would walk all of them again and again and find nothing. Reference
    counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
