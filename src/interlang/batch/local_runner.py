"""The local runners: this process, or a bounded process pool emitting chunks in input order."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from interlang.batch.jobs import Job, Outcome, ScoreOptions, failed_chunk, score_chunk

if TYPE_CHECKING:
    pass


ChunkFn = Callable[[Sequence[Job], ScoreOptions], list[Outcome]]


def split_chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run_serial(chunks: Iterator[list[Job]], options: ScoreOptions) -> Iterator[list[Outcome]]:
    for chunk in chunks:
        yield score_chunk(chunk, options)


def run_pool(
    chunks: Iterator[list[Job]], options: ScoreOptions, n_jobs: int, max_in_flight: int
) -> Iterator[list[Outcome]]:
    """Chunks on a process pool, at most ``max_in_flight`` submitted but not yet emitted.

    ``Executor.map`` would submit the whole input at once; this window keeps memory flat and
    emits in input order. A chunk whose worker process died is reported as skipped and the pool
    is started again for the rest.
    """
    pool = ProcessPoolExecutor(max_workers=n_jobs)
    pending: dict[Future[list[Outcome]], tuple[int, list[Job]]] = {}
    ready: dict[int, list[Outcome]] = {}
    next_index = emitted = 0
    exhausted = False
    try:
        while True:
            while not exhausted and next_index - emitted < max_in_flight:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                try:
                    future = pool.submit(score_chunk, chunk, options)
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = ProcessPoolExecutor(max_workers=n_jobs)
                    future = pool.submit(score_chunk, chunk, options)
                pending[future] = (next_index, chunk)
                next_index += 1
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index, chunk = pending.pop(future)
                try:
                    ready[index] = future.result()
                except Exception as exc:
                    ready[index] = failed_chunk(chunk, exc)
            while emitted in ready:
                yield ready.pop(emitted)
                emitted += 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


