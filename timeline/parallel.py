"""Parallel: share a pure, CPU-bound step among forked worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting workers costs more than it saves.
PARALLEL_FROM = 2000

# What forked workers run: set just before they are forked, so that they inherit the step (with
# everything it closes over) and the items, instead of receiving them pickled.
_inherited: dict[str, Any] = {"step": None, "items": ()}


def default_workers() -> int:
    """Return how many processes to use: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run_inherited(bounds: tuple[int, int]) -> object:
    """Run the inherited step on the inherited items between `bounds` (in a worker)."""
    start, stop = bounds
    return _inherited["step"](_inherited["items"][start:stop])


def in_parallel(step: Callable[[Sequence[T]], R], items: Sequence[T], workers: int) -> list[R]:
    """Return `step` applied to consecutive slices of `items`, one slice per worker, in order.

    Workers are forked (POSIX only), so `step` may close over anything; only its results travel,
    pickled. With one worker, few items, or no fork, everything runs in this process.
    """
    if workers <= 1 or len(items) < PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [step(items)]
    size = -(-len(items) // workers)
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _inherited.update(step=step, items=items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return cast(list[R], list(pool.map(_run_inherited, bounds)))
    finally:
        _inherited.update(step=None, items=())
