"""The ordered in-flight window: input order kept, never more than N pending, lazy input."""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import pytest

from interlang.batch.window import ordered_window


class FakeTasks:
    """Handles that finish in a shuffled order, with the peak number in flight recorded."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.in_flight: set[int] = set()
        self.peak = 0
        self.cancelled: list[int] = []

    def submit(self, item: int) -> int:
        self.in_flight.add(item)
        self.peak = max(self.peak, len(self.in_flight))
        return item

    def wait_any(self, pending: list[int]) -> list[int]:
        assert set(pending) <= self.in_flight
        done = self.rng.sample(pending, self.rng.randint(1, len(pending)))
        return done

    def collect(self, handle: int, item: int) -> int:
        assert handle == item
        self.in_flight.discard(item)
        return item * 10


def test_results_come_in_input_order_though_tasks_finish_shuffled() -> None:
    tasks = FakeTasks()
    out = list(ordered_window(tasks.submit, range(500), 7, wait_any=tasks.wait_any, collect=tasks.collect))
    assert out == [i * 10 for i in range(500)]
    assert tasks.peak == 7


def test_a_generator_of_100k_items_never_has_more_than_n_pending() -> None:
    consumed = 0

    def items() -> Iterator[int]:
        nonlocal consumed
        for i in range(100_000):
            consumed += 1
            yield i

    tasks = FakeTasks(seed=1)
    window = ordered_window(tasks.submit, items(), 4, wait_any=tasks.wait_any, collect=tasks.collect)
    emitted = 0
    for value in window:
        assert value == emitted * 10
        emitted += 1
        # pulled from the input but not yet handed out (held results included): window - 1
        # once this one has been handed out
        assert consumed - emitted <= 4 - 1
        assert len(tasks.in_flight) <= 4
    assert emitted == consumed == 100_000 and tasks.peak == 4


def test_finished_results_held_for_a_slow_first_item_count_against_the_window() -> None:
    submitted: list[int] = []

    def submit(i: int) -> int:
        submitted.append(i)
        return i

    # the newest pending task always finishes first: item 0 of each window finishes last
    window = ordered_window(submit, range(10), 3, wait_any=lambda p: [max(p)], collect=lambda h, i: i)
    assert next(window) == 0
    assert submitted == [0, 1, 2], "no item submitted while 1 and 2 wait, finished, for item 0"
    assert list(window) == list(range(1, 10))


def test_pending_handles_are_cancelled_when_the_consumer_stops() -> None:
    tasks = FakeTasks()
    window = ordered_window(tasks.submit, range(100), 5, wait_any=lambda p: [min(p)], collect=tasks.collect,
                            cancel=tasks.cancelled.append)
    assert next(window) == 0
    window.close()
    assert sorted(tasks.cancelled) == [1, 2, 3, 4], "the four submitted behind the emitted one"


def test_real_thread_pool_futures_keep_order() -> None:
    rng = random.Random(3)
    delays = [rng.random() / 500 for _ in range(200)]

    def work(i: int) -> int:
        import time

        time.sleep(delays[i])
        return i

    with ThreadPoolExecutor(max_workers=4) as pool:
        out = list(ordered_window(
            lambda i: pool.submit(work, i), range(200), 6,
            wait_any=lambda p: wait(p, return_when=FIRST_COMPLETED)[0],
            collect=lambda f, i: (f.result(), i),
        ))
    assert out == [(i, i) for i in range(200)]


def test_a_failed_task_is_the_collector_s_to_report() -> None:
    def submit(i: int) -> Future[int]:
        future: Future[int] = Future()
        if i == 2:
            future.set_exception(RuntimeError("boom"))
        else:
            future.set_result(i)
        return future

    def collect(future: Future[int], i: int) -> str:
        exc = future.exception()
        return f"failed {i}: {exc}" if exc else str(future.result())

    out = list(ordered_window(submit, range(4), 2, wait_any=lambda p: p, collect=collect))
    assert out == ["0", "1", "failed 2: boom", "3"]


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(ordered_window(lambda i: i, [1], 0, wait_any=lambda p: p, collect=lambda h, i: i))
