"""Sentence-level difficulty corpora: CEFR-SP, ReadMe++ and TextComplexityDE19.

Files are discovered by pattern so that a folder holding only some splits (e.g. only the test
files) reads as well as the full release; the split comes from the file name.
"""

from __future__ import annotations

import hashlib
import re
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
from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS, normalize_cefr

#: How CEFR-SP's two annotator labels become one gold label (see :func:`cefr_sp_gold`).
CEFR_SP_GOLD_POLICIES: tuple[str, ...] = ("max", "min", "a", "b", "mean_floor", "mean_ceil")


def cefr_sp_gold(a: int, b: int, policy: str = "max") -> int:
    """Gold level of a CEFR-SP sentence from annotators A and B (1–6).

    Default ``max``: the higher of the two labels. CEFR-SP's release documents no single gold
    label; the authors' model code keeps both (``slabels_low``/``slabels_high``) and scores
    against the higher, and the corpus provenance counts use ``max(A, B)`` too. ``min``,
    ``a``, ``b``, ``mean_floor`` (rounded-down mean) and ``mean_ceil`` are the alternatives.
    """
    if policy == "max":
        return max(a, b)
    if policy == "min":
        return min(a, b)
    if policy == "a":
        return a
    if policy == "b":
        return b
    if policy == "mean_floor":
        return (a + b) // 2
    if policy == "mean_ceil":
        return -((-(a + b)) // 2)
    raise InputError(
        f"unknown CEFR-SP gold policy {policy!r}; choose one of {', '.join(CEFR_SP_GOLD_POLICIES)}"
    )


def _level(value: str) -> int | None:
    number = to_float(value)
    if number is None or not number.is_integer() or not 1 <= number <= 6:
        return None
    return int(number)


def _subset_of(path: Path) -> str:
    """``CEFR-SP_SCoRE_dev.txt`` → ``SCoRE``; ``CEFR-SP_Wikiauto_train.txt`` → ``Wikiauto``."""
    parts = path.stem.split("_")
    if len(parts) >= 3:
        return "_".join(parts[1:-1])
    return path.parent.name


def read_cefr_sp(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Every ``CEFR-SP_*.txt`` below ``folder``: ``sentence<TAB>label A<TAB>label B``."""
    corpus = str(options.get("corpus") or folder.name)
    policy = str(options.get("gold", "max"))
    if policy not in CEFR_SP_GOLD_POLICIES:
        raise InputError(
            f"unknown CEFR-SP gold policy {policy!r}; choose one of {', '.join(CEFR_SP_GOLD_POLICIES)}"
        )
    for path in sorted(folder.rglob("CEFR-SP_*.txt")):
        source = relative(path, folder)
        report.files.append(source)
        split = split_from_name(path.name)
        subset = _subset_of(path)
        content = read_text(path, report, source)
        if content is None:
            continue
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.rstrip("\r\n").rsplit("\t", 2)
            if len(parts) != 3:
                report.skip(source, number, f"expected 3 tab-separated fields, got {len(parts)}")
                continue
            sentence = clean_text(parts[0])
            a, b = _level(parts[1]), _level(parts[2])
            if not sentence:
                report.skip(source, number, "empty sentence")
                continue
            if a is None or b is None:
                report.skip(
                    source, number, f"unknown label(s) {parts[1].strip()!r}/{parts[2].strip()!r}"
                )
                continue
            gold = cefr_sp_gold(a, b, policy)
            yield Record(
                id=f"{corpus}/{subset}/{split or 'all'}/{number}",
                text=sentence,
                language="en",
                cefr=CEFR_LEVELS[gold - 1],
                metadata={
                    "split": split,
                    "subset": subset,
                    "file": source,
                    "line": number,
                    "annotator_a": CEFR_LEVELS[a - 1],
                    "annotator_b": CEFR_LEVELS[b - 1],
                    "gold_policy": policy,
                },
            )


_README_NAME = re.compile(r"^readme_(?P<lang>[a-z]{2,3})_(?P<split>[a-z]+)$", re.IGNORECASE)


def _paragraph_key(language: str, paragraph: str) -> str | None:
    """Sentences of one paragraph share context: group them under one prompt id."""
    if not paragraph.strip():
        return None
    digest = hashlib.sha1(paragraph.strip().encode("utf-8")).hexdigest()[:12]
    return f"{language}:{digest}"


def read_readme(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Every ``readme_<lang>_<split>.csv`` below ``folder`` (Sentence, Rating 1–6, Domain, ...)."""
    corpus = str(options.get("corpus") or folder.name)
    for path in sorted(folder.rglob("readme_*.csv")):
        source = relative(path, folder)
        m = _README_NAME.match(path.stem)
        if m is None:
            report.skip(source, None, "file name is not readme_<lang>_<split>.csv")
            continue
        report.files.append(source)
        language, split = m.group("lang").lower(), m.group("split").lower()
        for row_number, row in iter_csv(
            path, report, required=("Sentence", "Rating"), source=source
        ):
            text = clean_text(row["Sentence"])
            if not text:
                report.skip(source, row_number, "empty sentence")
                continue
            cefr = normalize_cefr(row["Rating"], numeric=True)
            if cefr is None:
                report.skip(source, row_number, f"unknown rating {row['Rating'].strip()!r}")
                continue
            metadata: dict[str, Any] = {
                "split": split,
                "file": source,
                "rating": to_int(row["Rating"]),
                "domain": row.get("Domain") or None,
                "sub_domain": row.get("Sub-domain") or None,
                "context": row.get("Context") or None,
            }
            if row.get("Transliteration"):
                metadata["transliteration"] = row["Transliteration"]
            yield Record(
                id=f"{corpus}/{language}/{split}/{row_number}",
                text=text,
                language=language,
                cefr=cefr,
                prompt_id=_paragraph_key(language, row.get("Paragraph", "")),
                metadata=metadata,
            )


def read_textcomplexityde19(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """``ratings.csv`` (or its UTF-8 copy): 1000 sentences with 1–7 complexity MOS, not CEFR."""
    corpus = str(options.get("corpus") or folder.name)
    candidates = sorted(folder.glob("ratings*.csv"))
    utf8 = [p for p in candidates if ".utf8" in p.name]
    for path in utf8 or candidates:
        source = relative(path, folder)
        report.files.append(source)
        split = split_from_name(path.name.replace(".utf8", ""))
        for row_number, row in iter_csv(
            path, report, required=("ID", "Sentence", "MOS_Complexity"), source=source
        ):
            text = clean_text(row["Sentence"])
            if not text:
                report.skip(source, row_number, "empty sentence")
                continue
            complexity = to_float(row["MOS_Complexity"])
            if complexity is None:
                report.skip(
                    source, row_number, f"unknown complexity {row['MOS_Complexity'].strip()!r}"
                )
                continue
            yield Record(
                id=f"{corpus}/{row['ID'].strip() or row_number}",
                text=text,
                language="de",
                cefr=None,
                prompt_id=(row.get("Article_ID") or "").strip() or None,
                metadata={
                    "split": split,
                    "file": source,
                    "complexity": complexity,
                    "complexity_std": to_float(row.get("Std_Complexity")),
                    "complexity_votes": to_int(row.get("Votes_Complexity")),
                    "understandability": to_float(row.get("MOS_Understandability")),
                    "lexical_difficulty": to_float(row.get("MOS_Lexical_difficulty")),
                    "article": row.get("Article") or None,
                    "scale": "MOS 1-7 (complexity as rated by A/B learners)",
                },
            )
