"""MERLIN learner essays (German, Italian, Czech) in both published layouts.

* **MERLIN v1.1 text files** (``merlin-de``): one ``.txt`` per text with a ``METADATA`` block
  (author id, test level, task, mother tongue, age, gender), a ``Rating`` block (overall CEFR
  rating + 6 analytic ratings) and a ``Learner text:`` block; optionally an index CSV
  (``merlin_*index*.csv``) holding the same fields plus ``learner_text``. Texts present as files
  win; index rows without a file are read from the index.
* **Vajjala & Rama (2018) re-packaging** (``merlin-it``, ``merlin-cz``): ``<id>_<LANG>_<CEFR>.txt``
  holding only the learner text, and ``<LANG>Metadata.txt`` with the overall and analytic
  ratings. The metadata's overall rating is the CEFR label; the file-name level is the fallback.
  No L1 here.

Policy: ``cefr`` = overall rating through :func:`normalize_cefr`; ``l1`` = "Mother tongue" unless it
names no language ("not reported", "other", empty → None; the raw value stays in
``metadata["mother_tongue"]``); ``writer_id`` = author id; ``prompt_id`` = the task's ID when
the task line carries one (``... - ID: 1023_080401``), else the task text. A text with no usable
label (unknown rating *and* no L1) is skipped unless ``keep_unlabelled=True``; a text with an L1
but no rating is kept with ``cefr=None`` (it still serves native-language identification).
MERLIN defines no splits: ``metadata["split"]`` is None unless the caller passes ``split=``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interlang.corpora.formats import CorpusReport, clean_text, iter_csv, read_text, relative
from interlang.corpora.record import Record
from interlang.labels import normalize_cefr

#: MERLIN's language names and Vajjala & Rama's codes → ISO 639-1.
LANGUAGE_CODES: dict[str, str] = {
    "german": "de",
    "italian": "it",
    "czech": "cs",
    "de": "de",
    "it": "it",
    "cz": "cs",
    "cs": "cs",
}

#: Analytic rating names as MERLIN writes them → metadata keys.
ANALYTIC: dict[str, str] = {
    "grammatical accuracy": "grammatical_accuracy",
    "grammaticalaccuracy": "grammatical_accuracy",
    "orthography": "orthography",
    "vocabulary range": "vocabulary_range",
    "vocabularyrange": "vocabulary_range",
    "vocabulary control": "vocabulary_control",
    "vocabularycontrol": "vocabulary_control",
    "coherence/cohesion": "coherence_cohesion",
    "coherencecohesion": "coherence_cohesion",
    "coherence_cohesion": "coherence_cohesion",
    "sociolinguistic appropriateness": "sociolinguistic_appropriateness",
    "sociolinguisticappropriateness": "sociolinguistic_appropriateness",
}
for _key in list(ANALYTIC.values()):
    ANALYTIC.setdefault(_key, _key)

#: Mother-tongue values that name no language.
NO_L1 = frozenset({"", "not reported", "other", "unknown", "n/a", "na", "none", "-"})

#: File names that are documentation or metadata, not learner texts.
_NOT_TEXTS = ("metadata", "readme", "provenance", "license", "changelog")

_VR_NAME = re.compile(r"^(?P<id>.+?)_(?P<lang>[A-Za-z]{2})_(?P<level>[^_]+)$")
_SEPARATOR = re.compile(r"^-{4,}\s*$")
_KEY_VALUE = re.compile(r"^\s*([^:]+?)\s*:\s*(.*?)\s*$")
_TASK_ID = re.compile(r"\bID:\s*(\S+)\s*$")


def l1_from_mother_tongue(raw: str | None) -> str | None:
    """The writer's L1, or None when the corpus value names no language."""
    if raw is None:
        return None
    value = raw.strip()
    return None if value.lower() in NO_L1 else value


def task_prompt_id(task: str | None) -> str | None:
    """The task's ID (``... - ID: 1023_080401`` → ``1023_080401``), else the whole task text."""
    if not task or not task.strip():
        return None
    m = _TASK_ID.search(task)
    return m.group(1) if m else task.strip()


def parse_v11(text: str) -> dict[str, Any] | None:
    """Split a MERLIN v1.1 file into header fields, ratings and blocks; None if not one."""
    start = text.find("METADATA")
    if start < 0:
        return None
    fields: dict[str, str] = {}
    blocks: dict[str, list[str]] = {}
    current: str | None = None
    for line in text[start:].splitlines():
        if _SEPARATOR.match(line):
            current = None
            continue
        if current is not None:
            blocks[current].append(line)
            continue
        stripped = line.strip()
        lowered = stripped.lower()
        if lowered.startswith(("learner text", "target hypothesis")) and stripped.endswith(":"):
            current = lowered.rstrip(":").strip()
            blocks[current] = []
            continue
        m = _KEY_VALUE.match(line)
        if m and m.group(2):
            fields.setdefault(m.group(1).strip().lower(), m.group(2))
    if "learner text" not in blocks:
        return None
    return {
        "fields": fields,
        "text": "\n".join(blocks["learner text"]),
        "target_hypotheses": {
            k: "\n".join(v).strip() for k, v in blocks.items() if k != "learner text"
        },
    }


def _record(
    corpus: str,
    text_id: str,
    text: str,
    language: str,
    fields: dict[str, str],
    source: str,
    row: int | None,
    report: CorpusReport,
    options: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Record | None:
    """One MERLIN record from normalised fields; skips (and reports) unusable texts."""
    text = clean_text(text)
    if not text:
        report.skip(source, row, "empty learner text")
        return None
    overall = fields.get("overall cefr rating") or fields.get("overall_cefr") or ""
    cefr = normalize_cefr(overall)
    mother_tongue = fields.get("mother tongue", fields.get("mother_tongue"))
    l1 = l1_from_mother_tongue(mother_tongue)
    if cefr is None and not options.get("keep_unlabelled", False):
        if l1 is None:
            report.skip(source, row, f"unknown CEFR rating {overall!r} and no L1")
            return None
        report.note(source, row, f"unknown CEFR rating {overall!r}: kept for its L1")
    analytic = {ANALYTIC[k]: v for k, v in fields.items() if k in ANALYTIC and v}
    task = fields.get("task")
    age_raw = fields.get("age")
    metadata: dict[str, Any] = {
        "split": options.get("split"),
        "file": source,
        "cefr_raw": overall or None,
        "test_level": fields.get("cefr level of test", fields.get("test_level")) or None,
        "test_language": fields.get("test language", fields.get("test_language")) or None,
        "mother_tongue": mother_tongue,
        "age": int(age_raw) if age_raw and age_raw.strip().isdigit() else (age_raw or None),
        "gender": fields.get("gender") or None,
        "task": task or None,
        "analytic": {k: normalize_cefr(v) or v for k, v in analytic.items()},
    }
    if extra:
        metadata.update(extra)
    author = fields.get("author id", fields.get("author_id")) or None
    return Record(
        id=f"{corpus}/{text_id}",
        text=text,
        language=language,
        cefr=cefr,
        l1=l1,
        writer_id=author,
        prompt_id=task_prompt_id(task),
        metadata=metadata,
    )


def _read_vr_metadata(folder: Path, report: CorpusReport) -> dict[str, dict[str, str]]:
    """``<LANG>Metadata.txt``: ``id,OverallCEFRrating:B1,Grammaticalaccuracy:B1,...``."""
    table: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*Metadata*.txt")):
        source = relative(path, folder)
        content = read_text(path, report, source)
        if content is None:
            continue
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            fields: dict[str, str] = {}
            for part in parts[1:]:
                key, sep, value = part.partition(":")
                if not sep:
                    break
                norm = key.strip().lower()
                fields["overall cefr rating" if norm == "overallcefrrating" else norm] = value
            if not parts[0] or "overall cefr rating" not in fields:
                report.skip(source, number, "malformed metadata line")
                continue
            table[parts[0]] = fields
    return table


def read_merlin(folder: Path, report: CorpusReport, **options: Any) -> Iterator[Record]:
    """Every MERLIN text in ``folder`` (either layout; see the module docstring)."""
    corpus = str(options.get("corpus") or folder.name)
    default_language = options.get("language")
    vr_metadata = _read_vr_metadata(folder, report)
    seen: set[str] = set()
    text_dir = folder / "texts" if (folder / "texts").is_dir() else folder
    files = sorted(
        p for p in text_dir.rglob("*.txt") if not any(w in p.name.lower() for w in _NOT_TEXTS)
    )
    for path in files:
        source = relative(path, folder)
        report.files.append(source)
        content = read_text(path, report, source)
        if content is None:
            continue
        parsed = parse_v11(content)
        if parsed is not None:
            fields = parsed["fields"]
            language = LANGUAGE_CODES.get((fields.get("test language") or "").strip().lower())
            language = language or default_language or "de"
            text_id = path.stem
            if content.find("METADATA") > 0 and content[: content.find("METADATA")].strip():
                report.note(source, 1, "text before the METADATA block ignored")
            extra: dict[str, Any] = {}
            th1 = parsed["target_hypotheses"].get("target hypothesis 1")
            if th1:
                extra["target_hypothesis_1"] = th1
            record = _record(
                corpus,
                text_id,
                parsed["text"],
                language,
                fields,
                source,
                None,
                report,
                options,
                extra,
            )
        else:
            m = _VR_NAME.match(path.stem)
            if m is None:
                report.skip(source, None, "neither a MERLIN v1.1 file nor <id>_<LANG>_<CEFR>.txt")
                continue
            text_id = m.group("id")
            language = LANGUAGE_CODES.get(
                m.group("lang").lower(), default_language or m.group("lang").lower()
            )
            fields = dict(vr_metadata.get(text_id, {}))
            if not fields:
                fields = {"overall cefr rating": m.group("level")}
            elif normalize_cefr(fields["overall cefr rating"]) != normalize_cefr(m.group("level")):
                report.note(
                    source,
                    None,
                    f"metadata rating {fields['overall cefr rating']!r} differs from file name {m.group('level')!r}; metadata used",
                )
            fields.setdefault("author id", text_id)
            record = _record(
                corpus,
                text_id,
                content,
                language,
                fields,
                source,
                None,
                report,
                options,
                {"file_level": m.group("level")},
            )
        if record is not None:
            seen.add(text_id)
            yield record
    # Index CSV rows for texts not present as files (an index alone is a complete corpus).
    for path in sorted(folder.glob("*.csv")):
        source = relative(path, folder)
        report.files.append(source)
        for row_number, row in iter_csv(
            path, report, required=("file", "learner_text"), source=source
        ):
            text_id = Path(row["file"]).stem or row.get("author_id", "")
            if not text_id:
                report.skip(source, row_number, "row without file name")
                continue
            if text_id in seen:
                continue
            language = LANGUAGE_CODES.get(
                row.get("test_language", "").strip().lower(), default_language or "de"
            )
            fields = {k.strip().lower(): v for k, v in row.items() if k != "learner_text"}
            record = _record(
                corpus,
                text_id,
                row["learner_text"],
                language,
                fields,
                source,
                row_number,
                report,
                options,
            )
            if record is not None:
                seen.add(text_id)
                yield record
