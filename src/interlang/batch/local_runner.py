"""The local runners: this process, or a bounded process pool emitting chunks in input order."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from interlang.batch.jobs import Job, Outcome, ScoreOptions, failed_chunk, score_chunk
from interlang.batch.window import ordered_window

ChunkFn = Callable[[Sequence[Job], ScoreOptions], list[Outcome]]


def split_chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run_serial(chunks: Iterator[list[Job]], options: ScoreOptions) -> Iterator[list[Outcome]]:
    for chunk in chunks:
        yield score_chunk(chunk, options)


#: Native thread pools a worker process limits to one thread (OpenBLAS, MKL, OpenMP, BLIS).
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS", "BLIS_NUM_THREADS")


def one_native_thread() -> None:
    """Pool-worker initializer: each of ``n_jobs`` processes uses one BLAS/OpenMP thread.

    The processes are the parallelism. With BLAS threads on top (two per worker on two cores, for
    the e5 encoder's matrix products), two workers ran 2.7 times slower than one: they spent their
    time contending for the cores. Libraries loaded later read the variables; those already
    loaded (inherited through fork) are limited through threadpoolctl.
    """
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def run_pool(
    chunks: Iterator[list[Job]], options: ScoreOptions, n_jobs: int, max_in_flight: int
) -> Iterator[list[Outcome]]:
    """Chunks on a process pool through :func:`ordered_window`: input order, flat memory.

    A chunk whose worker process died is reported as skipped and the pool is started again for
    the rest.
    """
    pools = [ProcessPoolExecutor(max_workers=n_jobs, initializer=one_native_thread)]

    def submit(chunk: list[Job]) -> Future[list[Outcome]]:
        try:
            return pools[-1].submit(score_chunk, chunk, options)
        except BrokenProcessPool:
            pools[-1].shutdown(wait=False, cancel_futures=True)
            pools.append(ProcessPoolExecutor(max_workers=n_jobs, initializer=one_native_thread))
            return pools[-1].submit(score_chunk, chunk, options)

    def wait_any(pending: list[Future[list[Outcome]]]) -> set[Future[list[Outcome]]]:
        return wait(pending, return_when=FIRST_COMPLETED)[0]

    def collect(future: Future[list[Outcome]], chunk: list[Job]) -> list[Outcome]:
        try:
            return future.result()
        except Exception as exc:
            return failed_chunk(chunk, exc)

    try:
        yield from ordered_window(submit, chunks, max_in_flight, wait_any=wait_any, collect=collect)
    finally:
        pools[-1].shutdown(wait=True, cancel_futures=True)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


