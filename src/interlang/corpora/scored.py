"""Learner texts scored on other scales: ELLIPSE (1–5 proficiency) and the Greek GLC2 corpus.

Neither carries CEFR or L1 labels: ``cefr``/``l1`` are None and the scores sit in metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interlang.corpora.formats import (
    CorpusReport,
    clean_text,
    iter_csv,
    read_text,
    relative,
    split_from_name,
    to_float,
    to_int,
)
from interlang.corpora.record import Record

ELLIPSE_ANALYTIC: tuple[str, ...] = (
    "Cohesion",
    "Syntax",
    "Vocabulary",
    "Phraseology",
    "Grammar",
    "Conventions",
)


def read_ellipse(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Every ELLIPSE CSV in ``folder``: holistic ``Overall`` + 6 analytic scores (1–5).

    Race/ethnicity and SES stay in metadata as released; they are not L1 proxies.
    """
    corpus = str(options.get("corpus") or folder.name)
    for path in sorted(folder.glob("*.csv")):
        source = relative(path, folder)
        report.files.append(source)
        for row_number, row in iter_csv(
            path, report, required=("full_text", "Overall"), source=source
        ):
            text = clean_text(row["full_text"])
            if not text:
                report.skip(source, row_number, "empty text")
                continue
            overall = to_float(row["Overall"])
            if overall is None:
                report.skip(source, row_number, f"unknown Overall score {row['Overall'].strip()!r}")
                continue
            text_id = (
                row.get("text_id_kaggle") or row.get("text_id") or ""
            ).strip() or f"row{row_number}"
            yield Record(
                id=f"{corpus}/{text_id}",
                text=text,
                language="en",
                cefr=None,
                prompt_id=(row.get("prompt") or "").strip() or None,
                metadata={
                    "split": (row.get("set") or "").strip() or split_from_name(path.name),
                    "file": source,
                    "overall": overall,
                    "analytic": {k.lower(): to_float(row.get(k)) for k in ELLIPSE_ANALYTIC},
                    "scale": "1-5 in 0.5 steps",
                    "grade": to_int(row.get("grade")),
                    "gender": row.get("gender") or None,
                    "task": row.get("task") or None,
                    "race_ethnicity": row.get("race_ethnicity") or None,
                    "ses": row.get("SES") or None,
                },
            )


def read_greek_glc2(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Greek learner chunks (GLC2.csv: original, corrected, label 1 = has an error).

    ``metadata["has_error"]`` is True/False, or None where the label is missing. ``GLC2`` ids
    repeat across the chunks of one learner text: the record id is the row line number and the
    text id goes to ``metadata["text_id"]``. ``include_native=True`` adds the native GNC
    sentences (``GNC_orig.txt`` / ``GNC_corr.txt``) with ``metadata["native"] = True``.
    """
    corpus = str(options.get("corpus") or folder.name)
    for path in sorted(folder.glob("*.csv")):
        source = relative(path, folder)
        report.files.append(source)
        for row_number, row in iter_csv(
            path, report, required=("original_text", "corrected_text"), source=source
        ):
            text = clean_text(row["original_text"])
            if not text:
                report.skip(source, row_number, "empty text")
                continue
            label = (row.get("label") or "").strip()
            has_error = {"1": True, "0": False}.get(label)
            if has_error is None:
                report.note(
                    source, row_number, f"missing error label {label!r}: kept with has_error=None"
                )
            yield Record(
                id=f"{corpus}/{path.stem}/{row_number}",
                text=text,
                language="el",
                metadata={
                    "split": split_from_name(path.name),
                    "file": source,
                    "text_id": (row.get("id") or "").strip() or None,
                    "has_error": has_error,
                    "corrected": clean_text(row["corrected_text"]) or None,
                    "native": False,
                },
            )
    if not options.get("include_native", False):
        return
    original, corrected = folder / "GNC_orig.txt", folder / "GNC_corr.txt"
    if not original.is_file():
        return
    report.files.append(original.name)
    orig_text = read_text(original, report, original.name) or ""
    corr_text = (read_text(corrected, report, corrected.name) or "") if corrected.is_file() else ""
    corr_lines = corr_text.splitlines()
    for number, line in enumerate(orig_text.splitlines(), start=1):
        text = clean_text(line)
        if not text:
            continue
        fixed = clean_text(corr_lines[number - 1]) if number <= len(corr_lines) else ""
        yield Record(
            id=f"{corpus}/GNC/{number}",
            text=text,
            language="el",
            metadata={
                "split": None,
                "file": original.name,
                "has_error": (text != fixed) if fixed else None,
                "corrected": fixed or None,
                "native": True,
            },
        )
