"""Score many texts (CEFR level + L1 top-3) into one flat row each, streamed to a file.

One per-chunk function (:func:`score_chunk`) does the work; a runner decides where it runs:
in this process (``n_jobs=1``), on a local process pool (``runner="local"``) or on Dask
distributed (``runner="dask"``, :mod:`interlang.batch.dask_runner`). Every runner keeps a bounded
number of chunks in flight and emits rows in input order, so a 100k-text batch neither sits in
memory nor loses its order. A record that cannot be scored (empty text, unsupported language,
any exception) becomes a :class:`SkippedRecord` with its source, row, id and reason; the batch
goes on.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interlang.batch.accounting import Accounting, StrictFailure, read_skips
from interlang.batch.jobs import (
    AUTO_LANGUAGE,
    DEFAULT_CHUNK_SIZE,
    OUTPUT_FORMATS,
    Job,
    Outcome,
    Runner,
    ScoreOptions,
    SkippedRecord,
    failed_chunk,
    result_columns,
    score_chunk,
    score_one,
)
from interlang.batch.local_runner import default_jobs, run_pool, run_serial, split_chunks
from interlang.batch.rows import RowWriter, iter_inputs, write_skipped
from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS

__all__ = [
    "AUTO_LANGUAGE", "DEFAULT_CHUNK_SIZE", "OUTPUT_FORMATS", "Accounting", "Job", "Outcome", "RowWriter",
    "Runner", "ScoreOptions", "ScoreResult", "SkippedRecord", "StrictFailure", "default_jobs", "failed_chunk", "iter_inputs",
    "iter_score_chunks", "iter_scores", "result_columns", "score_chunk", "score_one", "score_records", "write_skipped",
]

if TYPE_CHECKING:
    from interlang.corpora.formats import CorpusReport
    from interlang.corpora.record import Record


def iter_scores(
    records: Iterable[Record],
    *,
    runner: Runner = "local",
    n_jobs: int | None = None,
    scheduler: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
    retries: int = 2,
    options: ScoreOptions | None = None,
) -> Iterator[Outcome]:
    """Rows and skipped records, one per input record, in input order, computed lazily."""
    for outcomes in iter_score_chunks(
        records, runner=runner, n_jobs=n_jobs, scheduler=scheduler, chunk_size=chunk_size,
        max_in_flight=max_in_flight, retries=retries, options=options,
    ):
        yield from outcomes


def iter_score_chunks(
    records: Iterable[Record],
    *,
    runner: Runner = "local",
    n_jobs: int | None = None,
    scheduler: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
    retries: int = 2,
    options: ScoreOptions | None = None,
) -> Iterator[list[Outcome]]:
    """:func:`iter_scores` a chunk at a time: the unit a writer commits to disk."""
    if chunk_size < 1:
        raise InputError(f"chunk_size must be at least 1, got {chunk_size}")
    if runner not in ("local", "dask"):
        raise InputError(f"unknown runner {runner!r}; choose local or dask")
    options = options or ScoreOptions()
    jobs = n_jobs or default_jobs()
    window = max_in_flight or 2 * jobs
    chunks = split_chunks((Job.from_record(r) for r in records), chunk_size)
    results: Iterator[list[Outcome]]
    if runner == "dask":
        from interlang.batch.dask_runner import run_dask

        results = run_dask(
            chunks, options, scheduler=scheduler, n_workers=n_jobs, max_in_flight=max_in_flight,
            retries=retries,
        )
    elif jobs == 1:
        results = run_serial(chunks, options)
    else:
        results = run_pool(chunks, options, jobs, window)
    yield from results


# --- the batch ----------------------------------------------------------------------------------


@dataclass
class ScoreResult:
    """What a batch did: counts, skipped records with reasons, timing; rows when not written.

    ``n_scored`` counts the rows scored by this run; ``n_resumed`` the rows an earlier run had
    already written (``skip_ids``); ``accounting`` adds the reader's skipped rows, when given.
    """

    n_scored: int = 0
    skipped: list[SkippedRecord] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    out: Path | None = None
    rows: list[dict[str, Any]] | None = None
    runner: str = "local"
    n_resumed: int = 0
    accounting: Accounting = field(default_factory=Accounting)

    @property
    def n_records(self) -> int:
        return self.n_scored + len(self.skipped)

    @property
    def texts_per_second(self) -> float:
        return self.n_records / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "n_scored": self.n_scored,
            "n_skipped": len(self.skipped),
            "n_resumed": self.n_resumed,
            "levels": dict(self.levels),
            "seconds": round(self.seconds, 3),
            "texts_per_second": round(self.texts_per_second, 3),
            "runner": self.runner,
            "out": str(self.out) if self.out else None,
            "accounting": self.accounting.to_dict(),
        }


def score_records(
    records: Iterable[Record],
    *,
    out: str | os.PathLike[str] | None = None,
    runner: Runner = "local",
    n_jobs: int | None = None,
    scheduler: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
    retries: int = 2,
    lang: str | None = None,
    backend: str | None = None,
    features: bool = False,
    progress: bool = True,
    keep_rows: bool | None = None,
    append: bool = False,
    skip_ids: Collection[str] = (),
    strict: bool = False,
    read_report: CorpusReport | None = None,
) -> ScoreResult:
    """Score every record (level + L1 top-3, optionally every feature) with skip-and-report.

    ``out`` (``.jsonl``, ``.csv`` or ``.parquet``) receives the rows as they come, in input
    order, committed (written, flushed, fsynced) a chunk at a time; without it the rows are kept
    in :attr:`ScoreResult.rows` (``keep_rows`` forces either). ``append`` continues an existing
    JSONL/CSV ``out`` and ``skip_ids`` names the records it already holds (``--resume``).
    ``runner="local"`` uses ``n_jobs`` processes (1: this process); ``runner="dask"`` uses
    ``scheduler`` (an address such as ``tcp://host:8786``, or a ``distributed.Client``) or a
    ``LocalCluster`` of ``n_jobs`` single-threaded workers; ``retries`` re-runs a chunk whose
    Dask worker was lost. ``lang`` overrides each record's language; records whose language is
    ``"auto"`` or empty are detected. ``read_report`` is the reader's report: its skipped rows
    count in :attr:`ScoreResult.accounting`. ``strict`` stops at the first skipped row (read or
    scored), removes ``out`` and raises :class:`StrictFailure`.
    """
    from tqdm.auto import tqdm

    total = len(records) if isinstance(records, Sequence) else None
    options = ScoreOptions(lang=lang, backend=backend, features=features)
    keep = (out is None) if keep_rows is None else keep_rows
    result = ScoreResult(out=Path(out) if out is not None else None, rows=[] if keep else None,
                         runner=runner)
    writer = RowWriter(out, result_columns(features), append=append) if out is not None else None
    done = set(skip_ids)

    def fresh(items: Iterable[Record]) -> Iterator[Record]:
        for record in items:
            if record.id in done:
                result.n_resumed += 1
                bar.update(1)
                continue
            yield record

    def strict_skips() -> list[SkippedRecord]:
        return [*read_skips(read_report), *result.skipped] if strict else []

    levels: Counter[str] = Counter()
    bar = tqdm(total=total, desc=f"scoring ({runner})", unit="text", disable=not progress)
    start = time.perf_counter()
    failure: StrictFailure | None = None
    try:
        for outcomes in iter_score_chunks(
            fresh(records), runner=runner, n_jobs=n_jobs, scheduler=scheduler,
            chunk_size=chunk_size, max_in_flight=max_in_flight, retries=retries, options=options,
        ):
            for outcome in outcomes:
                bar.update(1)
                if isinstance(outcome, SkippedRecord):
                    result.skipped.append(outcome)
                    continue
                result.n_scored += 1
                levels[outcome["level"] or "none"] += 1
                if writer is not None:
                    writer.write(outcome)
                if result.rows is not None:
                    result.rows.append(outcome)
            if bad := strict_skips():
                failure = StrictFailure(bad)
                break
            if writer is not None:
                writer.commit()
        if failure is None and (bad := strict_skips()):  # a reader may report at the file's end
            failure = StrictFailure(bad)
    finally:
        bar.close()
        if writer is not None:
            writer.close()
    if failure is not None:
        if result.out is not None:
            result.out.unlink(missing_ok=True)
        raise failure
    result.seconds = time.perf_counter() - start
    order = {level: i for i, level in enumerate((*CEFR_LEVELS, "none"))}
    result.levels = {k: levels[k] for k in sorted(levels, key=lambda k: order.get(k, 99))}
    result.accounting = Accounting.of(result.n_scored + result.n_resumed, result.skipped,
                                      read_report, resumed=result.n_resumed)
    return result
