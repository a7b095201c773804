"""One bounded, order-preserving in-flight window shared by every parallel runner.

``Executor.map`` or ``client.map`` would submit the whole input at once: a 100k-text batch would
sit in memory as pending tasks. :func:`ordered_window` submits ahead at most ``max_in_flight``
items (submitted but not yet yielded, so results that finished early and wait for a slower
predecessor count too), and yields results in input order. The runner supplies how to submit,
how to wait for completions and how to turn a finished future into a result (including a
failed one), so the process pool and Dask share one loop and one set of tests.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Handle = TypeVar("Handle", bound=Hashable)

__all__ = ["ordered_window"]


def ordered_window(
    submit: Callable[[Item], Handle],
    items: Iterable[Item],
    max_in_flight: int,
    *,
    wait_any: Callable[[list[Handle]], Iterable[Handle]],
    collect: Callable[[Handle, Item], Result],
    cancel: Callable[[Handle], None] | None = None,
) -> Iterator[Result]:
    """``collect(submit(item), item)`` for every item, in input order, ``max_in_flight`` ahead.

    ``wait_any(pending)`` blocks until at least one of the pending handles has finished and
    returns the finished ones (more than one is fine); ``collect`` turns a finished handle into
    its result and must not raise for a failed task if the batch is to go on. ``items`` is
    consumed lazily, so a generator input is never materialised. Handles still pending when the
    consumer stops early (or an error escapes) are passed to ``cancel``.
    """
    if max_in_flight < 1:
        raise ValueError(f"max_in_flight must be at least 1, got {max_in_flight}")
    source = iter(items)
    pending: dict[Handle, tuple[int, Item]] = {}
    ready: dict[int, Result] = {}
    next_index = emitted = 0
    exhausted = False
    try:
        while True:
            # ready results count against the window too: they are held until emitted
            while not exhausted and next_index - emitted < max_in_flight:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending[submit(item)] = (next_index, item)
                next_index += 1
            if not pending:
                break
            for handle in wait_any(list(pending)):
                index, item = pending.pop(handle)
                ready[index] = collect(handle, item)
            while emitted in ready:
                yield ready.pop(emitted)
                emitted += 1
    finally:
        if cancel is not None:
            for handle in pending:
                cancel(handle)
