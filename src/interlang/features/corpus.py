"""Feature extraction over a corpus on every local core, with skip-and-report."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from interlang.corpora.record import Record, SkippedRow
from interlang.errors import InterlangError


@dataclass
class BatchResult:
    """One row of features per record that could be analysed; the others with their reason."""

    frame: pd.DataFrame
    skipped: list[SkippedRow] = field(default_factory=list)
    unavailable: dict[str, int] = field(default_factory=dict)
    """How many records had each feature unavailable (a feature missing everywhere shows here)."""


def _featurise(item: tuple[str, str, str, str | None]) -> tuple[str, dict[str, float] | None, list[str], str | None]:
    from interlang.features import extract
    from interlang.text import parse

    record_id, text, lang, backend = item
    try:
        doc = parse(text, lang, backend=backend)
        values = extract(doc)
    except InterlangError as exc:
        return record_id, None, [], str(exc)
    except Exception as exc:  # a bug on one text must not kill a 100k-text batch
        return record_id, None, [], f"{type(exc).__name__}: {exc}"
    return record_id, dict(values.values), list(values.unavailable), None


def default_jobs() -> int:
    return max(1, (os.cpu_count() or 1))


def extract_features(
    records: Sequence[Record] | Iterable[Record],
    *,
    lang: str | None = None,
    backend: str | None = None,
    n_jobs: int | None = None,
    progress: bool = True,
    chunksize: int = 4,
) -> BatchResult:
    """Parse and featurise every record; ``lang`` overrides the records' own language."""
    from tqdm.auto import tqdm

    records = list(records)
    items = [(r.id, r.text, lang or r.language, backend) for r in records]
    meta = {r.id: r for r in records}
    jobs = n_jobs or default_jobs()
    rows: list[dict[str, Any]] = []
    skipped: list[SkippedRow] = []
    unavailable: dict[str, int] = {}
    bar = tqdm(total=len(items), desc="features", unit="text", disable=not progress)
    try:
        if jobs == 1 or len(items) < 2 * jobs:
            results: Iterable[Any] = map(_featurise, items)
            _consume(results, rows, skipped, unavailable, meta, bar)
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                results = pool.map(_featurise, items, chunksize=chunksize)
                _consume(results, rows, skipped, unavailable, meta, bar)
    finally:
        bar.close()
    return BatchResult(pd.DataFrame(rows), skipped, unavailable)


def _consume(
    results: Iterable[tuple[str, dict[str, float] | None, list[str], str | None]],
    rows: list[dict[str, Any]],
    skipped: list[SkippedRow],
    unavailable: dict[str, int],
    meta: dict[str, Record],
    bar: Any,
) -> None:
    for record_id, values, missing, error in results:
        bar.update(1)
        if values is None:
            skipped.append(SkippedRow(record_id, None, error or "unknown error"))
            continue
        record = meta[record_id]
        row: dict[str, Any] = {
            "id": record_id,
            "language": record.language,
            "cefr": record.cefr,
            "l1": record.l1,
            "split": record.split,
        }
        row.update(values)
        rows.append(row)
        for name in missing:
            unavailable[name] = unavailable.get(name, 0) + 1
