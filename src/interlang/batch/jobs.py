"""What a worker runs: one record → one flat result row (or a skipped record), per chunk.

Small, picklable :class:`Job` s go out; rows come back. Every runner (this process, the local
pool, Dask) ships :func:`score_chunk`, so all of them give the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from interlang.errors import InputError, InterlangError
from interlang.labels import CEFR_LEVELS

if TYPE_CHECKING:
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
        "id", "language", "lang_source", "n_words",
        "difficulty", "difficulty_confidence", "difficulty_expected", "difficulty_model",
        "level", "level_confidence",
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
    }
    # reading difficulty (any text), then proficiency ("level": the learner's writing) and L1
    difficulty = result.difficulty
    row["difficulty"] = difficulty["level"] if difficulty else None
    row["difficulty_confidence"] = difficulty["confidence"] if difficulty else None
    row["difficulty_expected"] = difficulty["expected_level"] if difficulty else None
    row["difficulty_model"] = difficulty["model"] if difficulty else None
    row.update({
        "level": level["level"] if level else None,
        "level_confidence": level["confidence"] if level else None,
    })
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


