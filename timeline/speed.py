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
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting a worker costs more than it saves (about 30 ms, against about
# 100 µs to parse and check an event file or to render a page).
PARALLEL_FROM = 500


def default_workers() -> int:
    """Return how many processes to use: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run_share(step: Callable[[T], R], items: Sequence[T], share: int, shares: int,
               results: Connection) -> None:
    """Send back the step applied to every `shares`-th item from `share` on, or what it raised
    (in a forked worker)."""
    try:
        outcome: tuple[bool, object] = (True, [step(item) for item in items[share::shares]])
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, error)
    results.send(outcome)
    results.close()


def map_in_parallel(step: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """Return [step(item) for item in items], the items dealt out in turn between this process and
    `workers - 1` forked ones (so that each gets its part of every kind of item).

    Workers are forked (POSIX only): they inherit `step`, with everything it closes over, and the
    items; only their results travel back, pickled. With one worker, few items, or no fork,
    everything runs here.
    """
    if workers <= 1 or len(items) < PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [step(item) for item in items]
    shares = min(workers, len(items))
    context = multiprocessing.get_context("fork")
    children = []
    for share in range(1, shares):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_run_share, args=(step, items, share, shares, sender),
                                daemon=True)
        child.start()
        sender.close()
        children.append((child, receiver))
    try:
        parts = [[step(item) for item in items[0::shares]]]
    except BaseException:
        for child, _ in children:  # blocked on sending results nobody will read
            child.terminate()
            child.join()
        raise
    for child, receiver in children:
        try:
            ok, outcome = receiver.recv()
        except EOFError:
            raise RuntimeError(f"a worker process ended with exit code {child.exitcode} before "
                               "sending its results") from None
        finally:
            child.join()
        if not ok:
            raise cast(BaseException, outcome)
        parts.append(cast(list[R], outcome))
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


def set_aside_survivors(everything: bool = False) -> None:
    """Collect what is garbage now, then set everything still alive aside from the collector.

    For `mkdocs serve`, after each rebuild's pipeline: what the preview keeps between rebuilds (the
    parsed, checked and rendered seeds) is millions of objects at 10,000 events, which every full
    collection would walk again, finding nothing (0.8 s of some edits). Set aside (gc.freeze), they
    are still freed as usual when no longer referenced, but a cycle among them is not: MkDocs'
    Files and Pages are cycles, so after a rebuild that replaced many of them, `everything` takes
    back what was set aside and collects it all first (without it, every edit of mkdocs.yml left
    40 MB behind at 1,000 events).
    """
    if everything:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
