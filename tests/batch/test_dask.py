"""The batch scorer on Dask distributed (a real LocalCluster) gives the local runner's rows."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'interlang[dask]')")

from interlang.batch import score_records
from interlang.corpora.record import Record

from .test_score import mixed_records


@pytest.fixture(scope="module")
def local_result() -> Any:
    return score_records(mixed_records(), n_jobs=1, progress=False)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two single-threaded workers as threads of this process: a real scheduler, fast to start."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def test_dask_rows_equal_local_rows(client: Any, local_result: Any) -> None:
    # chunks of one text and a window of two: completions arrive out of order
    result = score_records(mixed_records(), runner="dask", scheduler=client, chunk_size=1, max_in_flight=2, progress=False)
    assert result.rows == local_result.rows
    assert result.skipped == local_result.skipped
    assert result.levels == local_result.levels and result.runner == "dask"
    deadline = time.monotonic() + 5  # releases reach the client's event loop asynchronously
    while client.futures and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not client.futures, "every chunk's future is released"


def test_dask_by_scheduler_address_and_streamed_file(client: Any, local_result: Any, tmp_path: Any) -> None:
    import pandas as pd

    out = tmp_path / "scores.parquet"
    records = mixed_records() * 3
    records = [Record(f"{r.id}-{i}", r.text, r.language, r.cefr, r.l1) for i, r in enumerate(records)]
    result = score_records(records, out=out, runner="dask", scheduler=client.scheduler.address, chunk_size=3, progress=False)
    frame = pd.read_parquet(out)
    assert result.rows is None and result.n_scored == len(frame) == 15
    assert list(frame["id"]) == [r.id for r in records if r.id.rsplit("-", 1)[0] in {row["id"] for row in local_result.rows}]
    assert list(frame["level"]) == [row["level"] for row in local_result.rows] * 3
    assert len(result.skipped) == 9


def test_unreachable_scheduler_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from interlang.batch import dask_runner
    from interlang.errors import InputError

    monkeypatch.setattr(dask_runner, "CONNECT_TIMEOUT_S", 1.0)
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        score_records(mixed_records()[:1], runner="dask", scheduler="tcp://127.0.0.1:9", progress=False)


def test_missing_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from interlang.errors import MissingExtra

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtra, match=r"interlang\[dask\]"):
        score_records(mixed_records()[:1], runner="dask", progress=False)


@pytest.mark.slow
def test_dask_worker_processes_equal_local_rows(local_result: Any) -> None:
    """A LocalCluster the runner starts itself: two worker processes, each loading the models."""
    result = score_records(mixed_records(), runner="dask", n_jobs=2, chunk_size=2, progress=False)
    assert result.rows == local_result.rows
    assert [s.id for s in result.skipped] == [s.id for s in local_result.skipped]
