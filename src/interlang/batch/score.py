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

import csv
import itertools
import json
import math
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from interlang.errors import InputError, InterlangError
from interlang.labels import CEFR_LEVELS

if TYPE_CHECKING:
    from interlang.corpora._io import CorpusReport
    from interlang.corpora.record import Record

#: A record's language that means "detect it" (files without a language column).
AUTO_LANGUAGE = "auto"
#: Texts per task: big enough to amortise task overhead, small enough for a smooth progress bar.
DEFAULT_CHUNK_SIZE = 16
#: Output formats by file extension.
OUTPUT_FORMATS = (".jsonl", ".csv", ".parquet")

Runner = Literal["local", "dask"]


@dataclass(frozen=True)
class Job:
    """What a worker needs to score one record (small and picklable: no metadata dict)."""

    id: str
    text: str
    language: str | None
    source: str | None = None
    row: int | None = None
    gold_cefr: str | None = None
    gold_l1: str | None = None

    @classmethod
    def from_record(cls, record: Record) -> Job:
        meta = record.metadata
        row = meta.get("row")
        return cls(
            id=record.id,
            text=record.text,
            language=record.language or None,
            source=str(meta["file"]) if meta.get("file") is not None else None,
            row=int(row) if isinstance(row, int) else None,
            gold_cefr=record.cefr,
            gold_l1=record.l1,
        )


@dataclass(frozen=True)
class ScoreOptions:
    """Settings every worker applies (``lang`` overrides the records' own language)."""

    lang: str | None = None
    backend: str | None = None
    features: bool = False


@dataclass(frozen=True)
class SkippedRecord:
    """A record that was read but could not be scored, and why."""

    id: str | None
    source: str | None
    row: int | None
    reason: str
    stage: str = "score"

    def __str__(self) -> str:
        where = self.source or ""
        if self.row is not None:
            where += f", row {self.row}"
        if self.id is not None:
            where += f" ({self.id})" if where else self.id
        return f"{where}: {self.reason}" if where else self.reason

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "row": self.row, "stage": self.stage,
                "reason": self.reason}


Outcome = dict[str, Any] | SkippedRecord


def result_columns(features: bool = False) -> list[str]:
    """The output columns in order: fixed, so CSV and Parquet can be written row by row."""
    cols = [
        "id", "language", "lang_source", "n_words", "level", "level_confidence",
        *(f"p_{level}" for level in CEFR_LEVELS),
        "level_adjacent", "level_model",
        "l1_1", "l1_1_p", "l1_2", "l1_2_p", "l1_3", "l1_3_p", "l1_too_short", "l1_model",
        "warnings", "gold_cefr", "gold_l1",
    ]
    if features:
        from interlang.features import list_features

        cols += [f.name for f in list_features()]
    return cols


def _number(value: float | None, digits: int = 6) -> float | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return round(float(value), digits)


def score_one(job: Job, options: ScoreOptions) -> Outcome:
    """One record → one flat row, or a :class:`SkippedRecord` (never raises)."""
    try:
        return _score(job, options)
    except InterlangError as exc:
        return SkippedRecord(job.id, job.source, job.row, str(exc))
    except Exception as exc:  # a bug on one text must not kill a 100k-text batch
        return SkippedRecord(job.id, job.source, job.row, f"{type(exc).__name__}: {exc}")


def _score(job: Job, options: ScoreOptions) -> dict[str, Any]:
    from interlang.analysis import analyze

    lang = options.lang or job.language
    if lang in (None, "", AUTO_LANGUAGE):
        lang = None
    if not job.text.strip():
        raise InputError("empty text")
    # No per-text explanations: they cost more than the predictions themselves.
    result = analyze(job.text, lang=lang, backend=options.backend, explain=False)
    warnings = list(result.warnings)
    level, l1 = result.level, result.l1
    row: dict[str, Any] = {
        "id": job.id,
        "language": result.lang,
        "lang_source": result.lang_source,
        "n_words": len(result.doc.words),
        "level": level["level"] if level else None,
        "level_confidence": level["confidence"] if level else None,
    }
    probabilities = level["probabilities"] if level else {}
    for name in CEFR_LEVELS:
        row[f"p_{name}"] = probabilities.get(name)
    row["level_adjacent"] = level["adjacent"] if level else None
    row["level_model"] = level["model"] if level else None
    top = list(l1["top"]) if l1 else []
    for i in range(3):
        label, p = top[i] if i < len(top) else (None, None)
        row[f"l1_{i + 1}"] = label
        row[f"l1_{i + 1}_p"] = _number(p, 4)
    row["l1_too_short"] = bool(l1["too_short"]) if l1 else None
    row["l1_model"] = l1["model"] if l1 else None
    row["warnings"] = "; ".join(warnings)
    row["gold_cefr"] = job.gold_cefr
    row["gold_l1"] = job.gold_l1
    if options.features:
        row.update({k: _number(v) for k, v in result.features.values.items()})
    return row


def score_chunk(jobs: Sequence[Job], options: ScoreOptions) -> list[Outcome]:
    """The unit of work every runner ships: a few records scored in order.

    Models load once per process (``load_cached`` / ``load_cached_l1``), so a worker pays for
    them on its first chunk only.
    """
    return [score_one(job, options) for job in jobs]


def failed_chunk(jobs: Sequence[Job], exc: BaseException) -> list[Outcome]:
    """Every record of a chunk whose worker died, as skipped rows naming the failure."""
    reason = f"worker failed on this chunk ({type(exc).__name__}: {exc})"
    return [SkippedRecord(j.id, j.source, j.row, reason) for j in jobs]


# --- runners ------------------------------------------------------------------------------------

ChunkFn = Callable[[Sequence[Job], ScoreOptions], list[Outcome]]


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _run_serial(chunks: Iterator[list[Job]], options: ScoreOptions) -> Iterator[list[Outcome]]:
    for chunk in chunks:
        yield score_chunk(chunk, options)


def _run_pool(
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
    if chunk_size < 1:
        raise InputError(f"chunk_size must be at least 1, got {chunk_size}")
    if runner not in ("local", "dask"):
        raise InputError(f"unknown runner {runner!r}; choose local or dask")
    options = options or ScoreOptions()
    jobs = n_jobs or default_jobs()
    window = max_in_flight or 2 * jobs
    chunks = _chunks((Job.from_record(r) for r in records), chunk_size)
    results: Iterator[list[Outcome]]
    if runner == "dask":
        from interlang.batch.dask_runner import run_dask

        results = run_dask(
            chunks, options, scheduler=scheduler, n_workers=n_jobs, max_in_flight=max_in_flight,
            retries=retries,
        )
    elif jobs == 1:
        results = _run_serial(chunks, options)
    else:
        results = _run_pool(chunks, options, jobs, window)
    for outcomes in results:
        yield from outcomes


# --- writers ------------------------------------------------------------------------------------


class RowWriter:
    """Writes result rows one at a time to JSONL, CSV or Parquet (chosen by extension)."""

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[str], *, batch_rows: int = 1000) -> None:
        self.path = Path(path)
        self.columns = list(columns)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in OUTPUT_FORMATS:
            raise InputError(
                f"unknown output format {self.suffix or '(none)'!r}; use {', '.join(OUTPUT_FORMATS)}",
                source=str(self.path),
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.n_rows = 0
        self._batch: list[dict[str, Any]] = []
        self._batch_rows = batch_rows
        self._handle: IO[str] | None = None
        self._csv: Any = None
        self._parquet: Any = None
        self._schema: Any = None
        if self.suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            self._schema = pa.schema([(c, _arrow_type(c)) for c in self.columns])
            self._parquet = pq.ParquetWriter(self.path, self._schema)
        else:
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            if self.suffix == ".csv":
                self._csv = csv.DictWriter(self._handle, fieldnames=self.columns, extrasaction="ignore")
                self._csv.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        self.n_rows += 1
        if self._parquet is not None:
            self._batch.append(row)
            if len(self._batch) >= self._batch_rows:
                self._flush()
        elif self._csv is not None:
            self._csv.writerow(row)
        else:
            assert self._handle is not None
            ordered = {c: row.get(c) for c in self.columns}
            self._handle.write(json.dumps(ordered, ensure_ascii=False) + "\n")

    def _flush(self) -> None:
        if self._batch:
            import pyarrow as pa

            table = pa.Table.from_pylist(
                [{c: r.get(c) for c in self.columns} for r in self._batch], schema=self._schema
            )
            self._parquet.write_table(table)
            self._batch = []

    def close(self) -> None:
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
            self._parquet = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    if column == "n_words":
        return pa.int64()
    if column == "l1_too_short":
        return pa.bool_()
    if column in {
        "id", "language", "lang_source", "level", "level_adjacent", "level_model", "l1_1", "l1_2",
        "l1_3", "l1_model", "warnings", "gold_cefr", "gold_l1",
    }:
        return pa.string()
    return pa.float64()


def write_skipped(path: str | os.PathLike[str], skipped: Iterable[SkippedRecord]) -> Path:
    """The skip report as CSV: stage, source, row, id, reason."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["stage", "source", "row", "id", "reason"])
        writer.writeheader()
        for item in skipped:
            writer.writerow(item.to_dict())
    return out


# --- the batch ----------------------------------------------------------------------------------


@dataclass
class ScoreResult:
    """What a batch did: counts, skipped records with reasons, timing; rows when not written."""

    n_scored: int = 0
    skipped: list[SkippedRecord] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    out: Path | None = None
    rows: list[dict[str, Any]] | None = None
    runner: str = "local"

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
            "levels": dict(self.levels),
            "seconds": round(self.seconds, 3),
            "texts_per_second": round(self.texts_per_second, 3),
            "runner": self.runner,
            "out": str(self.out) if self.out else None,
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
) -> ScoreResult:
    """Score every record (level + L1 top-3, optionally every feature) with skip-and-report.

    ``out`` (``.jsonl``, ``.csv`` or ``.parquet``) receives the rows as they come, in input
    order; without it the rows are kept in :attr:`ScoreResult.rows` (``keep_rows`` forces either).
    ``runner="local"`` uses ``n_jobs`` processes (1: this process); ``runner="dask"`` uses
    ``scheduler`` (an address such as ``tcp://host:8786``, or a ``distributed.Client``) or a
    ``LocalCluster`` of ``n_jobs`` single-threaded workers; ``retries`` re-runs a chunk whose
    Dask worker was lost. ``lang`` overrides each record's language; records whose language is
    ``"auto"`` or empty are detected.
    """
    from tqdm.auto import tqdm

    total = len(records) if isinstance(records, Sequence) else None
    options = ScoreOptions(lang=lang, backend=backend, features=features)
    keep = (out is None) if keep_rows is None else keep_rows
    result = ScoreResult(out=Path(out) if out is not None else None, rows=[] if keep else None,
                         runner=runner)
    writer = RowWriter(out, result_columns(features)) if out is not None else None
    levels: Counter[str] = Counter()
    bar = tqdm(total=total, desc=f"scoring ({runner})", unit="text", disable=not progress)
    start = time.perf_counter()
    try:
        for outcome in iter_scores(
            records, runner=runner, n_jobs=n_jobs, scheduler=scheduler, chunk_size=chunk_size,
            max_in_flight=max_in_flight, retries=retries, options=options,
        ):
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
    finally:
        bar.close()
        if writer is not None:
            writer.close()
    result.seconds = time.perf_counter() - start
    order = {level: i for i, level in enumerate((*CEFR_LEVELS, "none"))}
    result.levels = {k: levels[k] for k in sorted(levels, key=lambda k: order.get(k, 99))}
    return result


# --- inputs -------------------------------------------------------------------------------------


def iter_inputs(
    source: str | os.PathLike[str],
    *,
    data_dir: str | os.PathLike[str] | None = None,
    lang: str | None = None,
    report: CorpusReport | None = None,
) -> Iterator[Record]:
    """Records of a corpus name, a CSV/TSV/JSON(L) file or folder, or ``.txt`` file(s), streamed.

    A plain-text file is one record (id = its path relative to the folder). Records of a file
    without a language column get ``lang`` or :data:`AUTO_LANGUAGE` (detected when scored).
    """
    from interlang.corpora import READERS, iter_corpus
    from interlang.corpora._io import CorpusReport

    report = report if report is not None else CorpusReport(str(source))
    key = str(source)
    if key in READERS:
        return iter_corpus(key, data_dir=data_dir, report=report)
    path = Path(source).expanduser()
    texts = _text_files(path)
    if texts is not None:
        return _read_texts(path, texts, lang or AUTO_LANGUAGE, report)
    if path.is_dir() and path.name in {spec.folder for spec in READERS.values()}:
        return iter_corpus(path, data_dir=data_dir, report=report)  # its reader knows the language
    return iter_corpus(path, data_dir=data_dir, report=report, language=lang or AUTO_LANGUAGE)


_TABLE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")


def _text_files(path: Path) -> list[Path] | None:
    """The ``.txt`` files to read one text each, or None when ``path`` is a table source."""
    if path.is_file():
        return [path] if path.suffix.lower() == ".txt" else None
    if not path.is_dir():
        return None
    files = sorted(p for p in path.rglob("*") if p.is_file())
    if any(p.suffix.lower() in _TABLE_SUFFIXES for p in files):
        return None
    txt = [p for p in files if p.suffix.lower() == ".txt"]
    return txt or None


def _read_texts(path: Path, files: list[Path], language: str, report: CorpusReport) -> Iterator[Record]:
    from interlang.corpora._io import clean_text, read_text, relative
    from interlang.corpora.record import Record

    base = path if path.is_dir() else path.parent
    corpus = path.stem if path.is_file() else path.name
    for file in files:
        name = relative(file, base)
        report.files.append(name)
        text = read_text(file, report, source=name)
        if text is None:
            continue
        report.n_records += 1
        yield Record(id=f"{corpus}/{name}", text=clean_text(text), language=language,
                     metadata={"file": name})
