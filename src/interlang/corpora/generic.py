"""Generic formats: Universal-CEFR JSON, EFCAMDAT's cleaned subcorpus CSV, any CSV/JSONL.

A reader here takes a folder (every matching file inside, recursively) or a single file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interlang.corpora.formats import (
    CorpusReport,
    clean_text,
    iter_csv,
    iter_json_records,
    relative,
    split_from_name,
    to_float,
    to_int,
)
from interlang.corpora.record import Record
from interlang.labels import normalize_cefr


def _files(target: Path, suffixes: tuple[str, ...]) -> tuple[Path, list[Path]]:
    """(base folder for relative names, files to read)."""
    if target.is_file():
        return target.parent, [target]
    return target, sorted(
        p for p in target.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
    )


def _cefr(value: object, numeric: bool) -> str | None:
    """CEFR from letters (``B1+``) or, when allowed, the 1–6 scale."""
    level = normalize_cefr(value)
    if level is None and numeric:
        level = normalize_cefr(value, numeric=True)
    return level


# --- Universal-CEFR -----------------------------------------------------------------------------

UNIVERSAL_CEFR_FIELDS: tuple[str, ...] = (
    "title",
    "lang",
    "source_name",
    "format",
    "category",
    "cefr_level",
    "content",
    "license",
)


def read_universal_cefr(target: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Universal-CEFR records (JSON array, object holding one, or JSONL).

    Fields: ``title, lang, source_name, format, category, cefr_level, content, license``.
    ``cefr_level`` goes through :func:`normalize_cefr`; a record without a usable level is
    skipped unless ``keep_unlabelled=True``. Other fields land in metadata.
    """
    corpus = str(options.get("corpus") or "universal-cefr")
    base, files = _files(target, (".json", ".jsonl", ".ndjson"))
    for path in files:
        source = relative(path, base)
        report.files.append(source)
        for row, obj in iter_json_records(path, report, source=source):
            text = clean_text(str(obj.get("content") or ""))
            if not text:
                report.skip(source, row, "empty or missing content")
                continue
            raw = obj.get("cefr_level")
            cefr = _cefr(raw, numeric=True)
            if cefr is None and not options.get("keep_unlabelled", False):
                report.skip(source, row, f"unknown CEFR level {raw!r}")
                continue
            language = str(obj.get("lang") or options.get("language") or "").strip().lower()
            if not language:
                report.skip(source, row, "missing lang")
                continue
            name = str(obj.get("source_name") or path.stem)
            metadata = {k: v for k, v in obj.items() if k not in ("content", "lang")}
            metadata.update(
                {
                    "split": obj.get("split") or split_from_name(path.name),
                    "file": source,
                    "cefr_raw": raw,
                }
            )
            yield Record(
                id=f"{corpus}/{name}/{path.stem}/{row}",
                text=text,
                language=language,
                cefr=cefr,
                metadata=metadata,
            )


# --- EFCAMDAT -----------------------------------------------------------------------------------

EFCAMDAT_COLUMNS: tuple[str, ...] = (
    "writing_id",
    "learner_id",
    "nationality",
    "l1",
    "cefr",
    "level",
    "unit",
    "topic",
    "grade",
    "wordcount",
    "mtld",
    "text",
    "text_corrected",
)
EFCAMDAT_REQUIRED: tuple[str, ...] = ("writing_id", "learner_id", "cefr", "text")


def looks_like_efcamdat(columns: set[str]) -> bool:
    return set(EFCAMDAT_REQUIRED) <= {c.strip().lower() for c in columns}


def read_efcamdat(target: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """EFCAMDAT cleaned subcorpus (CSV, or an XLSX exported to CSV; ``,`` ``;`` or tab).

    ``writer_id`` = learner_id; ``prompt_id`` = topic, else ``level<level>-unit<unit>``;
    ``l1`` = the l1 column (nationality stays in metadata); language en. Rows whose CEFR is
    not a level are skipped unless they carry an L1 (kept for NLI with ``cefr=None``).
    """
    corpus = str(options.get("corpus") or "efcamdat")
    base, files = _files(target, (".csv", ".tsv", ".txt"))
    for path in files:
        source = relative(path, base)
        report.files.append(source)
        for row_number, raw_row in iter_csv(
            path, report, required=(), source=source, encoding=options.get("encoding")
        ):
            row = {k.strip().lower(): v for k, v in raw_row.items()}
            missing = [c for c in EFCAMDAT_REQUIRED if c not in row]
            if missing:
                report.skip(source, None, f"missing column(s): {', '.join(missing)}")
                break
            text = clean_text(row["text"])
            if not text:
                report.skip(source, row_number, "empty text")
                continue
            writing_id = row["writing_id"].strip()
            if not writing_id:
                report.skip(source, row_number, "missing writing_id")
                continue
            cefr = _cefr(row["cefr"], numeric=False)
            l1 = (row.get("l1") or "").strip() or None
            if cefr is None and not options.get("keep_unlabelled", False):
                if l1 is None:
                    report.skip(
                        source, row_number, f"unknown CEFR {row['cefr'].strip()!r} and no L1"
                    )
                    continue
                report.note(
                    source, row_number, f"unknown CEFR {row['cefr'].strip()!r}: kept for its L1"
                )
            topic = (row.get("topic") or "").strip()
            level, unit = (row.get("level") or "").strip(), (row.get("unit") or "").strip()
            prompt = topic or (f"level{level}-unit{unit}" if level or unit else None)
            yield Record(
                id=f"{corpus}/{writing_id}",
                text=text,
                language="en",
                cefr=cefr,
                l1=l1,
                writer_id=row["learner_id"].strip() or None,
                prompt_id=prompt,
                metadata={
                    "split": (row.get("split") or "").strip()
                    or options.get("split")
                    or split_from_name(path.name),
                    "file": source,
                    "cefr_raw": row["cefr"].strip() or None,
                    "nationality": (row.get("nationality") or "").strip() or None,
                    "level": to_int(level),
                    "unit": to_int(unit),
                    "topic": topic or None,
                    "grade": to_float(row.get("grade")),
                    "wordcount": to_int(row.get("wordcount")),
                    "mtld": to_float(row.get("mtld")),
                    "text_corrected": clean_text(row.get("text_corrected")) or None,
                },
            )


# --- any CSV / JSONL ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds which Record field; unmapped columns go to metadata."""

    text: str = "text"
    cefr: str | None = "cefr"
    l1: str | None = "l1"
    id: str | None = "id"
    language: str | None = "language"
    writer_id: str | None = "writer_id"
    prompt_id: str | None = "prompt_id"
    split: str | None = "split"
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_options(cls, mapping: Mapping[str, str | None] | None) -> ColumnMap:
        if not mapping:
            return cls()
        known = {k: v for k, v in mapping.items() if k in cls.__dataclass_fields__ and k != "extra"}
        return cls(**known)  # type: ignore[arg-type]


def _generic_row(
    corpus: str,
    row: Mapping[str, Any],
    columns: ColumnMap,
    path: Path,
    source: str,
    row_number: int,
    report: CorpusReport,
    options: Mapping[str, Any],
) -> Record | None:
    text = clean_text(str(row.get(columns.text) or ""))
    if not text:
        report.skip(source, row_number, f"empty or missing {columns.text!r}")
        return None
    raw_cefr = row.get(columns.cefr) if columns.cefr else None
    cefr = (
        _cefr(raw_cefr, numeric=bool(options.get("numeric", False)))
        if raw_cefr not in (None, "")
        else None
    )
    if raw_cefr not in (None, "") and cefr is None and not options.get("keep_unlabelled", False):
        report.skip(source, row_number, f"unknown CEFR label {raw_cefr!r}")
        return None
    language = str(
        (row.get(columns.language) if columns.language else None) or options.get("language") or ""
    ).strip()
    if not language:
        report.skip(source, row_number, "no language (add a language column or pass language=)")
        return None

    def pick(name: str | None) -> str | None:
        value = row.get(name) if name else None
        if value is None:
            return None
        return str(value).strip() or None

    used = {
        c
        for c in (
            columns.text,
            columns.cefr,
            columns.l1,
            columns.id,
            columns.language,
            columns.writer_id,
            columns.prompt_id,
            columns.split,
        )
        if c
    }
    metadata: dict[str, Any] = {k: v for k, v in row.items() if k not in used and k}
    metadata.update({"split": pick(columns.split) or split_from_name(path.name), "file": source})
    if raw_cefr not in (None, ""):
        metadata["cefr_raw"] = raw_cefr
    ident = pick(columns.id) or f"{path.stem}/{row_number}"
    return Record(
        id=f"{corpus}/{ident}",
        text=text,
        language=language.lower(),
        cefr=cefr,
        l1=pick(columns.l1),
        writer_id=pick(columns.writer_id),
        prompt_id=pick(columns.prompt_id),
        metadata=metadata,
    )


def read_table(target: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Any CSV/TSV/JSONL/JSON file(s) with a column mapping.

    ``columns={"text": "essay", "cefr": "level", "l1": "native_language", "id": "doc"}``
    renames; ``language="de"`` supplies a language when there is no column; ``numeric=True``
    accepts 1–6 levels. Rows whose CEFR value is present but unknown are skipped.
    """
    corpus = str(options.get("corpus") or (target.stem if target.is_file() else target.name))
    columns = ColumnMap.from_options(options.get("columns"))
    base, files = _files(target, (".csv", ".tsv", ".jsonl", ".json", ".ndjson"))
    for path in files:
        source = relative(path, base)
        report.files.append(source)
        if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
            rows: Iterator[tuple[int, Mapping[str, Any]]] = iter_json_records(
                path, report, source=source
            )
        else:
            rows = iter_csv(
                path,
                report,
                required=(columns.text,),
                source=source,
                delimiter="\t" if path.suffix.lower() == ".tsv" else None,
                encoding=options.get("encoding"),
            )
        for row_number, row in rows:
            record = _generic_row(corpus, row, columns, path, source, row_number, report, options)
            if record is not None:
                yield record


def sniff_format(path: Path) -> str:
    """Guess the reader for a lone file: ``efcamdat``, ``universal-cefr`` or ``table``."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".ndjson"):
        try:
            with path.open("r", encoding="utf-8", errors="replace") as handle:
                head = handle.read(4096)
        except OSError:
            return "table"
        return "universal-cefr" if "cefr_level" in head and "content" in head else "table"
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            header = handle.readline()
    except OSError:
        return "table"
    cells = {
        c.strip().strip('"').lstrip("\ufeff") for sep in (",", ";", "\t") for c in header.split(sep)
    }
    return "efcamdat" if looks_like_efcamdat(cells) else "table"
