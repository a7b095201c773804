"""ICLE 500 (Thwaites et al. 2024): argumentative essays with a rubric CEFR rating and the L1.

Layout: a metadata CSV (``ICLE_rubric_rated_500.csv``: filename, L1, prompt, CEFR_MFRM, ...) and
``Texts/<nnn>_<code>[_relabelled].txt``. ``<code>`` (e.g. ``GESU1021``) starts with the ICLE
sub-corpus code, which *is* the L1: it becomes the ``writer_id`` and the id, and never reaches
the text. The first line ``Title: <prompt>`` is the prompt, not the learner's writing: it moves to
``metadata["title"]``; any line that is the file code or an ICLE header (``<ICLE-GE-...>``) is
dropped. Only texts present as files are read; the CSV may list more (a split holds a subset).

``cefr`` = ``CEFR_MFRM`` with the sub-level policy (``B2+`` → ``B2``; raw value in
``metadata["cefr_raw"]``); an unrated text (``NA``) is kept with ``cefr=None`` for its L1.
"""

from __future__ import annotations

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
    to_float,
    to_int,
)
from interlang.corpora.record import Record
from interlang.labels import normalize_cefr

_FILE_NAME = re.compile(r"^(?:\d+_)?(?P<code>[A-Z]{2,6}\d{3,5})(?P<suffix>_[A-Za-z]+)?$")
_HEADER_LINE = re.compile(r"^\s*<\s*ICLE[^>]*>\s*$", re.IGNORECASE)
_TITLE_LINE = re.compile(r"^\s*Title\s*:\s*(.*)$", re.IGNORECASE)


def strip_icle_headers(text: str, code: str) -> tuple[str, str | None]:
    """Remove the title line, ICLE header lines and lines naming the file code.

    Returns the cleaned text and the title (None if there was none).
    """
    title: str | None = None
    kept: list[str] = []
    for index, line in enumerate(text.splitlines()):
        if title is None and not kept and index < 3:
            m = _TITLE_LINE.match(line)
            if m:
                title = m.group(1).strip()
                continue
        if _HEADER_LINE.match(line) or line.strip() == code:
            continue
        kept.append(line)
    return "\n".join(kept), title


def subcorpus_code(code: str) -> str:
    """The ICLE sub-corpus (L1) code of a file code: ``GESU1021`` → ``GE``."""
    return code[:2]


def read_icle(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Every ICLE text present under ``folder/Texts`` joined with its metadata row."""
    corpus = str(options.get("corpus") or folder.name)
    meta: dict[str, tuple[str, int, dict[str, str]]] = {}
    for path in sorted(folder.glob("*.csv")):
        source = relative(path, folder)
        report.files.append(source)
        for row_number, row in iter_csv(path, report, required=("filename", "L1"), source=source):
            code = row["filename"].strip()
            if not code:
                report.skip(source, row_number, "row without filename")
                continue
            meta[code] = (source, row_number, row)
    text_dir = folder / "Texts" if (folder / "Texts").is_dir() else folder
    for path in sorted(text_dir.glob("*.txt")):
        source = relative(path, folder)
        if text_dir == folder and path.name.lower() in {"readme.txt", "manifest.txt"}:
            continue
        m = _FILE_NAME.match(path.stem)
        if m is None:
            report.skip(source, None, "file name is not <nnn>_<ICLE code>.txt")
            continue
        code = m.group("code")
        report.files.append(source)
        if code not in meta:
            report.skip(source, None, f"no metadata row for {code!r}")
            continue
        content = read_text(path, report, source)
        if content is None:
            continue
        body, title = strip_icle_headers(clean_text(content), code)
        body = clean_text(body)
        if not body:
            report.skip(source, None, "empty text")
            continue
        meta_source, row_number, row = meta[code]
        l1 = row["L1"].strip() or None
        raw = row.get("CEFR_MFRM", "").strip()
        cefr = normalize_cefr(raw)
        if cefr is None:
            if l1 is None and not options.get("keep_unlabelled", False):
                report.skip(source, None, f"unknown CEFR {raw!r} and no L1")
                continue
            report.note(source, None, f"unknown CEFR {raw!r}: kept for its L1")
        prompt = (row.get("prompt") or title or "").strip() or None
        yield Record(
            id=f"{corpus}/{code}",
            text=body,
            language="en",
            cefr=cefr,
            l1=l1,
            writer_id=code,
            prompt_id=prompt,
            metadata={
                "split": options.get("split"),
                "file": source,
                "metadata_file": meta_source,
                "metadata_row": row_number,
                "cefr_raw": raw or None,
                "subcorpus": subcorpus_code(code),
                "title": title,
                "relabelled": bool(m.group("suffix") and "relabel" in m.group("suffix").lower()),
                "length_in_words": to_int(row.get("length_in_words")),
                "fair_mean_avge_MFRM": to_float(row.get("fair_mean_avge_MFRM")),
                "measure_MFRM": to_float(row.get("measure_MFRM")),
                "rank_rubric_MFRM": to_int(row.get("rank_rubric_MFRM")),
            },
        )
