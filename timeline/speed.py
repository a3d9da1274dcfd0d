"""Speed: the two mechanisms that keep large timelines quick, behind one small interface.

Both pay for what people wait for (figures in the README): forked workers share the parsing of
event files (for `check`) and the rendering of pages and data files (for the full build), and the
cyclic garbage collector is paused while a build's objects pile up.
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

# Below this many items, starting a worker costs more than it saves (about 30 ms, against about
# 100 µs to parse and check an event file or to render a page).
PARALLEL_FROM = 500

# What forked workers run: set just before they are forked, so that they inherit the step (with
# everything it closes over) and the items, instead of receiving them pickled.
_inherited: dict[str, Any] = {"step": None, "items": (), "shares": 1}


def default_workers() -> int:
    """Return how many processes to use: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run_inherited(share: int) -> list[object]:
    """Return the inherited step applied to every `shares`-th inherited item from `share` on."""
    step, items, shares = _inherited["step"], _inherited["items"], _inherited["shares"]
    return [step(item) for item in items[share::shares]]


def map_in_parallel(step: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """Return [step(item) for item in items], the items dealt out in turn between this process and
    `workers - 1` forked ones (so that each gets its part of every kind of item).

    Workers are forked (POSIX only), so `step` may close over anything; only their results travel
    back, pickled. With one worker, few items, or no fork, everything runs here.
    """
    if workers <= 1 or len(items) < PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [step(item) for item in items]
    shares = min(workers, len(items))
    _inherited.update(step=step, items=items, shares=shares)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=shares - 1, mp_context=context) as pool:
            others = [pool.submit(_run_inherited, share) for share in range(1, shares)]
            parts = [[step(item) for item in items[0::shares]],
                     *(cast(list[R], future.result()) for future in others)]
    finally:
        _inherited.update(step=None, items=(), shares=1)
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    for share, part in enumerate(parts):
        results[share::shares] = part
    return results


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
