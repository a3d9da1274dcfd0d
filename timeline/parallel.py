"""Parallel: share a pure, CPU-bound step between this process and forked worker processes."""

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

# Below this total weight (about a microsecond each), starting a worker costs more than it saves.
PARALLEL_FROM = 200_000

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


def share_out(weights: Sequence[int], shares: int) -> list[tuple[int, int]]:
    """Return (start, stop) bounds cutting `weights` into at most `shares` runs of similar weight."""
    total = sum(weights)
    bounds: list[tuple[int, int]] = []
    start, running = 0, 0
    for index, weight in enumerate(weights):
        running += weight
        # Close a share once it holds its part of the whole, keeping the last for the remainder.
        if len(bounds) < shares - 1 and running * shares >= total * (len(bounds) + 1):
            bounds.append((start, index + 1))
            start = index + 1
    if start < len(weights) or not bounds:
        bounds.append((start, len(weights)))
    return bounds


def in_parallel(step: Callable[[Sequence[T]], R], items: Sequence[T], workers: int,
                weight: Callable[[T], int] = lambda item: 1000) -> list[R]:
    """Return `step` applied to consecutive slices of `items` of similar weight, in order.

    This process runs the first slice while `workers - 1` forked processes run the others, so the
    first slice's results are never pickled. Workers are forked (POSIX only), so `step` may close
    over anything; only their results travel back, pickled. With one worker, little work, or no
    fork, everything runs here.
    """
    weights = [weight(item) for item in items]
    if workers <= 1 or sum(weights) < PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [step(items)]
    bounds = share_out(weights, workers)
    if len(bounds) < 2:
        return [step(items)]  # one item outweighs the rest: nothing to share
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
    cycles; the collector would walk all of them again and again (a third of the check's time on
    10,000 files) and find nothing. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
