"""Simple-vs-standard text collections: Klexikon, DEplain-web (documents), OneStopEnglish.

None of them is CEFR-rated per text, so ``cefr`` is None and the version goes to
``metadata["level"]``. Versions of the same article share ``prompt_id``, so a split grouped by
``prompt_id`` never puts two versions of one article on both sides.
"""

from __future__ import annotations

import re
import tarfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from interlang.corpora.formats import (
    CorpusReport,
    clean_text,
    decode_bytes,
    iter_csv,
    read_text,
    relative,
    split_from_name,
)
from interlang.corpora.record import Record
from interlang.labels import normalize_cefr

_KLEXIKON_LEVEL = {"klexikon": "simple", "wiki": "standard"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _klexikon_record(
    corpus: str, split: str, side: str, stem: str, data: bytes, source: str, report: CorpusReport
) -> Record | None:
    text = clean_text(decode_bytes(data, source, report))
    if not text:
        report.skip(source, None, "empty text")
        return None
    article = _nfc(stem)
    level = _KLEXIKON_LEVEL[side]
    return Record(
        id=f"{corpus}/{split}/{level}/{article}",
        text=text,
        language="de",
        cefr=None,
        prompt_id=article,
        metadata={"split": split, "level": level, "source": side, "file": source},
    )


def read_klexikon(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Klexikon (simple) and Wikipedia (standard) articles, read straight from the tar.

    Reads ``data/splits.tar.gz`` (members ``splits/<split>/<klexikon|wiki>/<title>.txt``)
    without unpacking it, or an unpacked ``data/splits/`` folder when there is no archive.
    """
    corpus = str(options.get("corpus") or folder.name)
    archives = sorted(folder.rglob("splits*.tar*"))
    for archive in archives:
        source = relative(archive, folder)
        report.files.append(source)
        try:
            with tarfile.open(archive, "r:*") as tar:
                for member in tar:
                    if not member.isfile() or not member.name.endswith(".txt"):
                        continue
                    parts = PurePosixPath(member.name).parts
                    if len(parts) < 3 or parts[-2] not in _KLEXIKON_LEVEL:
                        report.skip(
                            f"{source}:{member.name}",
                            None,
                            "not <split>/<klexikon|wiki>/<title>.txt",
                        )
                        continue
                    handle = tar.extractfile(member)
                    if handle is None:
                        report.skip(f"{source}:{member.name}", None, "unreadable tar member")
                        continue
                    record = _klexikon_record(
                        corpus,
                        parts[-3],
                        parts[-2],
                        PurePosixPath(parts[-1]).stem,
                        handle.read(),
                        f"{source}:{member.name}",
                        report,
                    )
                    if record is not None:
                        yield record
        except (tarfile.TarError, OSError, EOFError) as exc:
            report.skip(source, None, f"broken archive: {exc}")
    if archives:
        return
    for path in sorted(folder.rglob("*.txt")):
        if path.parent.name not in _KLEXIKON_LEVEL:
            continue
        source = relative(path, folder)
        report.files.append(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.skip(source, None, f"cannot read file: {exc.strerror or exc}")
            continue
        record = _klexikon_record(
            corpus, path.parent.parent.name, path.parent.name, path.stem, data, source, report
        )
        if record is not None:
            yield record


def read_deplain_doc(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """DEplain-web document pairs: each row gives a plain and a standard record.

    Reads the ``plain-text/<split>.csv`` files (``all.csv`` only where no split file sits
    beside it, as it repeats train + dev). The level each website claims for its texts goes to
    ``metadata["claimed_level"]`` (raw) and ``metadata["claimed_cefr"]`` (normalised, None for
    ranges like ``A2-B1``); it is not a per-text rating, so ``cefr`` stays None.
    """
    corpus = str(options.get("corpus") or folder.name)
    files = sorted(folder.rglob("*.csv"))
    plain = [p for p in files if p.parent.name == "plain-text"] or [
        p for p in files if "sentence-split" not in p.parts
    ]
    chosen = [
        p
        for p in plain
        if p.stem != "all" or not any(q.parent == p.parent and q.stem != "all" for q in plain)
    ]
    for path in chosen:
        source = relative(path, folder)
        report.files.append(source)
        split = split_from_name(path.name) or path.stem
        origin = (
            "/".join(path.relative_to(folder).parts[-4:-2])
            if len(path.relative_to(folder).parts) >= 4
            else ""
        )
        for row_number, row in iter_csv(
            path, report, required=("original", "simplification"), source=source
        ):
            pair = (
                row.get("pair_id")
                or row.get("complex_document_id", "").split("-")[0]
                or str(row_number)
            ).strip()
            shared = {
                "split": split,
                "file": source,
                "alignment": origin or None,
                "pair_id": pair,
                "website": row.get("corpus") or row.get("website") or None,
                "domain": row.get("domain") or None,
                "license": row.get("license") or row.get("license_summary") or None,
            }
            for level, column, prefix in (
                ("plain", "simplification", "simple"),
                ("standard", "original", "complex"),
            ):
                text = clean_text(row[column])
                if not text:
                    report.skip(source, row_number, f"empty {level} text")
                    continue
                claimed = (row.get(f"{prefix}_level") or "").strip()
                yield Record(
                    id=f"{corpus}/{split}/{pair}/{level}",
                    text=text,
                    language="de",
                    cefr=None,
                    prompt_id=f"{split}/{pair}",
                    metadata={
                        **shared,
                        "level": level,
                        "claimed_level": claimed or None,
                        "claimed_cefr": normalize_cefr(claimed),
                        "title": row.get(f"{prefix}_title") or None,
                        "url": row.get(f"{prefix}_url") or None,
                    },
                )


_ONESTOP_LEVELS = {"ele": "elementary", "int": "intermediate", "adv": "advanced"}
_ONESTOP_NAME = re.compile(r"^(?P<article>.+)-(?P<level>ele|int|adv)$", re.IGNORECASE)


def read_onestopenglish(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """``{Ele,Int,Adv}-Txt/<article>-<ele|int|adv>.txt``: one article in three versions."""
    corpus = str(options.get("corpus") or folder.name)
    for path in sorted(folder.rglob("*.txt")):
        m = _ONESTOP_NAME.match(path.stem)
        if m is None or "sentence-aligned" in path.parent.name.lower():
            continue
        source = relative(path, folder)
        report.files.append(source)
        content = read_text(path, report, source)
        if content is None:
            continue
        text = clean_text(content)
        if not text:
            report.skip(source, None, "empty text")
            continue
        article = m.group("article").strip()
        level = _ONESTOP_LEVELS[m.group("level").lower()]
        yield Record(
            id=f"{corpus}/{article}/{level}",
            text=text,
            language="en",
            cefr=None,
            prompt_id=article,
            metadata={"split": options.get("split"), "level": level, "file": source},
        )
