"""Rows in and out: input records from corpora, tables or text files; JSONL/CSV/Parquet writers; the skip report."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from interlang.batch.jobs import AUTO_LANGUAGE, OUTPUT_FORMATS, SkippedRecord
from interlang.errors import InputError

if TYPE_CHECKING:
    from interlang.corpora.formats import CorpusReport
    from interlang.corpora.record import Record

# --- writers ------------------------------------------------------------------------------------


def check_output_format(path: Path) -> str:
    """The output's suffix, if it is one of :data:`OUTPUT_FORMATS`; else an input error."""
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(
            f"unknown output format {suffix or '(none)'!r}; use {', '.join(OUTPUT_FORMATS)}",
            source=str(path),
        )
    return suffix


class RowWriter:
    """Writes result rows to JSONL, CSV or Parquet (chosen by extension), in whole chunks.

    JSONL and CSV rows are buffered until :meth:`commit`, which writes them in one call, then
    flushes and fsyncs: a run killed at any moment leaves whole lines on disk (the batch scorer
    commits after every chunk). ``append=True`` continues an existing JSONL/CSV file (no second
    CSV header), for ``--resume``.
    """

    def __init__(
        self, path: str | os.PathLike[str], columns: Sequence[str], *, batch_rows: int = 1000,
        append: bool = False,
    ) -> None:
        self.path = Path(path)
        self.columns = list(columns)
        self.suffix = check_output_format(self.path)
        if append and self.suffix == ".parquet":
            raise InputError("cannot append to a Parquet file; use .jsonl or .csv", source=str(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.n_rows = 0
        self._batch: list[dict[str, Any]] = []
        self._batch_rows = batch_rows
        self._handle: IO[str] | None = None
        self._buffer = io.StringIO()
        self._csv: Any = None
        self._parquet: Any = None
        self._schema: Any = None
        if self.suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            self._schema = pa.schema([(c, _arrow_type(c)) for c in self.columns])
            self._parquet = pq.ParquetWriter(self.path, self._schema)
        else:
            self._handle = self.path.open("a" if append else "w", encoding="utf-8", newline="")
            if self.suffix == ".csv":
                self._csv = csv.DictWriter(self._buffer, fieldnames=self.columns, extrasaction="ignore")
                if not append or self._handle.tell() == 0:
                    self._csv.writeheader()
                    self.commit()

    def write(self, row: dict[str, Any]) -> None:
        self.n_rows += 1
        if self._parquet is not None:
            self._batch.append(row)
            if len(self._batch) >= self._batch_rows:
                self._flush()
        elif self._csv is not None:
            self._csv.writerow(row)
        else:
            ordered = {c: row.get(c) for c in self.columns}
            self._buffer.write(json.dumps(ordered, ensure_ascii=False) + "\n")

    def commit(self) -> None:
        """Write the buffered rows in one call and make them durable (flush + fsync)."""
        if self._handle is None:
            return
        data = self._buffer.getvalue()
        if data:
            self._handle.write(data)
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._buffer.seek(0)
            self._buffer.truncate()

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
            self.commit()
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
        "id", "language", "lang_source", "difficulty", "difficulty_model", "level", "level_adjacent",
        "level_model", "l1_1", "l1_2", "l1_3", "l1_model", "warnings", "gold_cefr", "gold_l1",
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
    from interlang.corpora.formats import CorpusReport

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
    from interlang.corpora.formats import clean_text, read_text, relative
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
