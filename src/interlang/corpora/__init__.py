"""Corpus readers: every public corpus, and the generic formats, as one :class:`Record` type.

``read_corpus("merlin-de")`` reads ``<data_dir>/merlin-de/`` (every split file present there);
``read_corpus("some/file.csv", columns={...})`` reads a file or folder by its format. Bad input
never stops a run: each skipped row is in the returned report as (file, row, reason).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interlang.corpora.formats import CorpusReport
from interlang.corpora.generic import (
    ColumnMap,
    read_efcamdat,
    read_table,
    read_universal_cefr,
    sniff_format,
)
from interlang.corpora.icle import read_icle
from interlang.corpora.merlin import read_merlin
from interlang.corpora.parallel import read_deplain_doc, read_klexikon, read_onestopenglish
from interlang.corpora.record import ReadReport, Record, SkippedRow
from interlang.corpora.scored import read_ellipse, read_greek_glc2
from interlang.corpora.sentences import read_cefr_sp, read_readme, read_textcomplexityde19
from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS
from interlang.settings import data_dir as _data_dir

Reader = Callable[..., Iterator[Record]]


@dataclass(frozen=True)
class ReaderSpec:
    """A registered corpus: how to read it and what it offers."""

    name: str
    reader: Reader
    languages: tuple[str, ...]
    description: str
    licence: str
    folder: str
    has_cefr: bool = False
    has_l1: bool = False
    options: tuple[tuple[str, Any], ...] = ()

    def read(self, folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
        merged = {**dict(self.options), "corpus": self.name, **options}
        return self.reader(folder, report, **merged)


READERS: dict[str, ReaderSpec] = {
    spec.name: spec
    for spec in (
        ReaderSpec(
            "merlin-de",
            read_merlin,
            ("de",),
            "MERLIN v1.1 German learner essays (TELC exams): overall + analytic CEFR, L1, task",
            "CC BY-SA 4.0",
            "merlin-de",
            has_cefr=True,
            has_l1=True,
            options=(("language", "de"),),
        ),
        ReaderSpec(
            "merlin-it",
            read_merlin,
            ("it",),
            "MERLIN Italian learner essays (Vajjala & Rama 2018 layout): CEFR in the file name + metadata file",
            "CC BY-SA 4.0",
            "merlin-it",
            has_cefr=True,
            options=(("language", "it"),),
        ),
        ReaderSpec(
            "merlin-cz",
            read_merlin,
            ("cs",),
            "MERLIN Czech learner essays (Vajjala & Rama 2018 layout): CEFR in the file name + metadata file",
            "CC BY-SA 4.0",
            "merlin-cz",
            has_cefr=True,
            options=(("language", "cs"),),
        ),
        ReaderSpec(
            "icle500",
            read_icle,
            ("en",),
            "ICLE 500 argumentative essays: rubric CEFR (MFRM) and L1 (25 L1s)",
            "research use (CC0 per the Universal-CEFR directory; ICLE texts otherwise licensed)",
            "icle500",
            has_cefr=True,
            has_l1=True,
        ),
        ReaderSpec(
            "cefr-sp",
            read_cefr_sp,
            ("en",),
            "CEFR-SP sentences (SCoRE, Wiki-Auto), two annotators' 1–6 labels; gold = higher label",
            "CC BY-SA 3.0 (Wiki-Auto), CC BY-NC-SA 4.0 (SCoRE)",
            "cefr-sp",
            has_cefr=True,
        ),
        ReaderSpec(
            "readme-plusplus",
            read_readme,
            ("en", "ar", "fr", "hi", "ru"),
            "ReadMe++ multilingual sentences with CEFR 1–6 readability ratings",
            "research, non-commercial",
            "readme-plusplus",
            has_cefr=True,
        ),
        ReaderSpec(
            "textcomplexityde19",
            read_textcomplexityde19,
            ("de",),
            "TextComplexityDE19 Wikipedia sentences, complexity MOS 1–7 (not CEFR)",
            "MIT",
            "textcomplexityde19",
        ),
        ReaderSpec(
            "klexikon",
            read_klexikon,
            ("de",),
            "Klexikon (simple) vs Wikipedia (standard) article pairs, read from the tar",
            "CC BY-SA",
            "klexikon",
        ),
        ReaderSpec(
            "deplain-web-doc",
            read_deplain_doc,
            ("de",),
            "DEplain-web plain vs standard document pairs; level claimed per website",
            "per row: CC BY(-SA), CC BY-NC-ND, research-only",
            "deplain-web-doc",
        ),
        ReaderSpec(
            "onestopenglish",
            read_onestopenglish,
            ("en",),
            "OneStopEnglish news articles in elementary / intermediate / advanced versions",
            "CC BY-SA 4.0, research use",
            "onestopenglish",
        ),
        ReaderSpec(
            "ellipse-test",
            read_ellipse,
            ("en",),
            "ELLIPSE essays of US English learners: holistic + 6 analytic scores 1–5",
            "CC BY-NC-SA 4.0",
            "ellipse-test",
        ),
        ReaderSpec(
            "greek-glc2-elerrant",
            read_greek_glc2,
            ("el",),
            "Greek learner chunks with corrections (error / no error), no CEFR",
            "MIT",
            "greek-glc2-elerrant",
        ),
        ReaderSpec(
            "efcamdat",
            read_efcamdat,
            ("en",),
            "EFCAMDAT cleaned subcorpus CSV (obtained from its owners): CEFR, L1, learner, topic",
            "EFCAMDAT licence (from its owners)",
            "efcamdat",
            has_cefr=True,
            has_l1=True,
        ),
        ReaderSpec(
            "universal-cefr",
            read_universal_cefr,
            (),
            "Universal-CEFR JSON / JSONL (title, lang, source_name, format, category, cefr_level, content, license)",
            "per record (license field)",
            "universal-cefr",
            has_cefr=True,
        ),
    )
}

#: Generic readers chosen by a path's format.
FORMATS: dict[str, Reader] = {
    "universal-cefr": read_universal_cefr,
    "efcamdat": read_efcamdat,
    "table": read_table,
    "csv": read_table,
    "jsonl": read_table,
}


def _missing(path: Path) -> InputError:
    return InputError(
        f"no such corpus folder or file; registered corpora: {', '.join(sorted(READERS))} "
        f"(names are looked up under the data folder, INTERLANG_DATA)",
        source=str(path),
    )


def _resolve(
    name_or_path: str | os.PathLike[str],
    data_dir: str | os.PathLike[str] | None,
    options: dict[str, Any],
) -> tuple[Callable[[CorpusReport], Iterator[Record]], str, Path]:
    """(record generator factory, corpus name, target path)."""
    key = str(name_or_path)
    fmt = options.pop("format", None)
    if key in READERS and fmt is None:
        spec = READERS[key]
        folder = _data_dir(data_dir) / spec.folder
        if not folder.is_dir():
            raise _missing(folder)
        return (lambda report: spec.read(folder, report, **options)), spec.name, folder
    path = Path(name_or_path).expanduser()
    if not path.exists():
        raise _missing(path)
    if fmt is not None:
        if fmt in READERS:
            spec = READERS[fmt]
            return (lambda report: spec.read(path, report, **options)), spec.name, path
        if fmt not in FORMATS:
            raise InputError(
                f"unknown format {fmt!r}; choose one of {', '.join(sorted({*FORMATS, *READERS}))}"
            )
        reader = FORMATS[fmt]
    elif path.is_dir():
        by_folder = {spec.folder: spec for spec in READERS.values()}
        if path.name in by_folder:
            spec = by_folder[path.name]
            return (lambda report: spec.read(path, report, **options)), spec.name, path
        reader = read_table
    else:
        reader = FORMATS[sniff_format(path)]
    name = str(options.get("corpus") or (path.stem if path.is_file() else path.name))
    return (lambda report: reader(path, report, **{"corpus": name, **options})), name, path


def iter_corpus(
    name_or_path: str | os.PathLike[str],
    data_dir: str | os.PathLike[str] | None = None,
    report: CorpusReport | None = None,
    **options: Any,
) -> Iterator[Record]:
    """Stream the records of a corpus; fills ``report`` (if given) as it goes.

    Duplicate ids are skipped and reported. Raises :class:`InputError` for a missing corpus
    before yielding anything.
    """
    factory, name, _ = _resolve(name_or_path, data_dir, dict(options))
    report = report if report is not None else CorpusReport(name)
    return _dedupe(factory(report), report)


def _dedupe(records: Iterable[Record], report: CorpusReport) -> Iterator[Record]:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            report.skip(
                str(record.metadata.get("file", report.corpus)), None, f"duplicate id {record.id!r}"
            )
            continue
        seen.add(record.id)
        report.n_records += 1
        yield record


def read_corpus(
    name_or_path: str | os.PathLike[str],
    data_dir: str | os.PathLike[str] | None = None,
    **options: Any,
) -> tuple[list[Record], CorpusReport]:
    """All records of a registered corpus (under ``data_dir``) or of a file / folder.

    Options go to the reader: ``split=`` tags corpora that define no split, ``keep_unlabelled=``
    keeps texts without a usable label, ``gold=`` picks CEFR-SP's gold policy,
    ``include_native=`` adds Greek GNC, ``columns=``/``language=``/``numeric=`` configure the
    generic table reader, ``format=`` forces a reader.
    """
    factory, name, _ = _resolve(name_or_path, data_dir, dict(options))
    report = CorpusReport(name)
    records = list(_dedupe(factory(report), report))
    return records, report


def _words(text: str) -> int:
    return len(text.split())


def corpus_stats(records: Iterable[Record]) -> dict[str, Any]:
    """Counts per language / CEFR / L1 / split / level, and words per CEFR level.

    Words are whitespace tokens: enough for a corpus overview, not for features.
    """
    languages: Counter[str] = Counter()
    cefr: Counter[str] = Counter()
    l1: Counter[str] = Counter()
    splits: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    words: Counter[str] = Counter()
    writers: set[str] = set()
    prompts: set[str] = set()
    n = total_words = 0
    for record in records:
        n += 1
        count = _words(record.text)
        total_words += count
        languages[record.language] += 1
        key = record.cefr or "none"
        cefr[key] += 1
        words[key] += count
        l1[record.l1 or "none"] += 1
        splits[str(record.split) if record.split is not None else "none"] += 1
        level = record.metadata.get("level")
        if isinstance(level, str):
            levels[level] += 1
        if record.writer_id:
            writers.add(record.writer_id)
        if record.prompt_id:
            prompts.add(record.prompt_id)
    order = {level: i for i, level in enumerate((*CEFR_LEVELS, "none"))}

    def by_level(counter: Counter[str]) -> dict[str, int]:
        return {k: counter[k] for k in sorted(counter, key=lambda k: order.get(k, 99))}

    return {
        "n_records": n,
        "n_words": total_words,
        "n_writers": len(writers),
        "n_prompts": len(prompts),
        "languages": dict(languages.most_common()),
        "cefr": by_level(cefr),
        "l1": dict(l1.most_common()),
        "split": dict(sorted(splits.items())),
        "level": dict(levels.most_common()),
        "words_per_level": {
            k: {"texts": cefr[k], "words": words[k], "mean": round(words[k] / cefr[k], 1)}
            for k in by_level(cefr)
        },
    }


__all__ = [
    "FORMATS",
    "READERS",
    "ColumnMap",
    "CorpusReport",
    "ReadReport",
    "ReaderSpec",
    "Record",
    "SkippedRow",
    "corpus_stats",
    "iter_corpus",
    "read_corpus",
]
