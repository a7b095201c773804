"""Run the batch scorer's chunks on Dask distributed: an existing cluster or a ``LocalCluster``.

The same :func:`interlang.batch.jobs.score_chunk` the local runner uses runs on each worker, so
both runners give identical rows. Chunks are submitted through ``client.submit`` with at most
``max_in_flight`` of them submitted but not yet emitted, completed ones collected with
``as_completed`` and emitted in input order: memory stays flat on both sides however long the
input is. Lost workers are Dask's job: the scheduler reschedules their tasks (up to
``distributed.scheduler.allowed-failures`` times, default 3, before ``KilledWorker``);
``retries=`` re-runs a chunk whose task raised (an import error on a badly set-up worker, say).
A chunk that still fails becomes skipped rows naming the error; the batch goes on.

``dask[distributed]`` is the ``dask`` extra and is imported only when this runner is used.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

from interlang.batch.jobs import Job, Outcome, ScoreOptions, failed_chunk, score_chunk
from interlang.batch.window import ordered_window
from interlang.errors import InputError, MissingExtra

#: How long to wait for an existing scheduler to answer, and for at least one of its workers.
CONNECT_TIMEOUT_S = 30.0
WORKER_TIMEOUT_S = 60.0


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise MissingExtra("dask[distributed]", "dask") from exc
    return distributed


def _interlang_version() -> str:
    """Run on every worker: interlang must import there (same install as the client)."""
    from interlang.version import __version__ as version

    return str(version)


@contextlib.contextmanager
def dask_client(
    scheduler: Any = None,
    *,
    n_workers: int | None = None,
    processes: bool = True,
    dashboard_address: str | None = ":0",
) -> Iterator[Any]:
    """A connected ``distributed.Client``; a cluster this function starts is shut down after.

    ``scheduler`` is an address (``tcp://host:8786``), an existing ``Client`` (left open), or
    None for a ``LocalCluster`` of ``n_workers`` single-threaded workers (processes unless
    ``processes=False``, which runs the workers as threads of this process).
    """
    distributed = _distributed()
    if isinstance(scheduler, distributed.Client):
        yield scheduler
        return
    if scheduler is not None:
        address = str(scheduler)
        try:
            client = distributed.Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            try:
                client.wait_for_workers(1, timeout=WORKER_TIMEOUT_S)
            except TimeoutError:
                raise InputError(
                    f"no Dask worker joined the scheduler at {address} within "
                    f"{WORKER_TIMEOUT_S:.0f} s; start one with: dask worker {address}"
                ) from None
            check_workers(client)
            yield client
        finally:
            client.close()
        return
    from interlang.batch.local_runner import default_jobs

    cluster = distributed.LocalCluster(
        n_workers=n_workers or default_jobs(),
        threads_per_worker=1,
        processes=processes,
        dashboard_address=dashboard_address,
    )
    try:
        client = distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def check_workers(client: Any) -> dict[str, str]:
    """Every worker's interlang version; a worker that cannot import interlang is an error."""
    from interlang.version import __version__

    try:
        versions: dict[str, str] = client.run(_interlang_version)
    except Exception as exc:
        raise InputError(
            f"a Dask worker cannot import interlang ({type(exc).__name__}: {exc}); "
            "install the same interlang on every worker"
        ) from None
    other = {w: v for w, v in versions.items() if v != __version__}
    if other:
        warnings.warn(
            f"Dask workers run another interlang version than this client ({__version__}): "
            f"{other}; results may differ",
            stacklevel=2,
        )
    return versions


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:
        return 1


def run_dask(
    chunks: Iterator[list[Job]],
    options: ScoreOptions,
    *,
    scheduler: Any = None,
    n_workers: int | None = None,
    max_in_flight: int | None = None,
    retries: int = 2,
    processes: bool = True,
) -> Iterator[list[Outcome]]:
    """Each chunk's outcomes, in input order, computed on the Dask cluster."""
    distributed = _distributed()
    with dask_client(scheduler, n_workers=n_workers, processes=processes) as client:
        window = max_in_flight or 2 * _threads(client)
        yield from _ordered(client, distributed.as_completed(), chunks, options, window, retries)


def _ordered(
    client: Any,
    completed: Any,
    chunks: Iterator[list[Job]],
    options: ScoreOptions,
    window: int,
    retries: int,
) -> Iterator[list[Outcome]]:
    """Chunks as Dask futures through :func:`ordered_window`; each future released once read."""

    def submit(chunk: list[Job]) -> Any:
        future = client.submit(score_chunk, chunk, options, retries=retries, pure=False)
        completed.add(future)
        return future

    def collect(future: Any, chunk: list[Job]) -> list[Outcome]:
        try:
            outcomes: list[Outcome] = future.result()
        except Exception as exc:
            outcomes = failed_chunk(chunk, exc)
        future.release()
        return outcomes

    yield from ordered_window(
        submit, chunks, window, wait_any=lambda _pending: [next(completed)], collect=collect,
        cancel=lambda future: future.cancel(),
    )
