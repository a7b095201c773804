"""The local process pool: chunks in input order, one native thread per worker."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

from interlang.batch.local_runner import THREAD_VARIABLES, one_native_thread, split_chunks


def _native_threads() -> tuple[dict[str, str | None], list[int]]:
    import numpy as np
    from threadpoolctl import threadpool_info

    np.ones((64, 64)) @ np.ones((64, 64))  # BLAS is loaded and used
    return {v: os.environ.get(v) for v in THREAD_VARIABLES}, [int(i["num_threads"]) for i in threadpool_info()]


def test_pool_workers_use_one_native_thread_each() -> None:
    """Two workers with two BLAS threads each on two cores ran 2.7 times slower than one worker."""
    with ProcessPoolExecutor(max_workers=1, initializer=one_native_thread) as pool:
        variables, threads = pool.submit(_native_threads).result()
    assert set(variables.values()) == {"1"}
    assert threads and set(threads) == {1}


def test_split_chunks_keeps_order_and_sizes() -> None:
    chunks = list(split_chunks(range(7), 3))
    assert chunks == [[0, 1, 2], [3, 4, 5], [6]]
