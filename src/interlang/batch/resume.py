"""``interlang score --resume``: continue an interrupted output file instead of starting again.

A run writes ``OUT.meta.json`` before its first row: what was read (path, size, a hash of the
first MiB), the options that change rows, the shipped models (bundle hashes) and the interlang
version, and ``complete: false``; the end of the run sets ``complete: true``. ``--resume``
refuses when any of that differs (naming the field: resumed rows from another input, model or
option would mix two runs in one file), cuts a torn last line (a kill between commits), reads
the ids already written and scores only the others, appending. Rows are emitted in input order
and scoring is deterministic, so an interrupted-then-resumed file equals an uninterrupted one.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from interlang.errors import InputError

META_FORMAT = "interlang-score-meta"
#: Bytes of the input hashed for its fingerprint (with its size): cheap for any input size.
HEAD_BYTES = 1 << 20
#: Fields compared on ``--resume``; ``run`` (runner, jobs, strict) may change between runs.
CHECKED = ("input", "options", "models", "interlang", "columns")
RESUMABLE = (".jsonl", ".csv")


def meta_path(out: Path) -> Path:
    return out.with_name(out.name + ".meta.json")


def input_files(source: str, data_dir: str | os.PathLike[str] | None) -> tuple[Path, list[Path]]:
    """The input's path and its files in reading order (a corpus name → its data folder)."""
    from interlang.corpora import READERS
    from interlang.settings import data_dir as default_data_dir

    if source in READERS:
        root = Path(data_dir) if data_dir is not None else default_data_dir()
        path = root / READERS[source].folder
    else:
        path = Path(source).expanduser()
    path = path.resolve()
    if path.is_file():
        return path, [path]
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
    return path, files


def fingerprint(source: str, data_dir: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Path, file count, total size and a SHA-256 of the names, sizes and first MiB read."""
    path, files = input_files(source, data_dir)
    digest = hashlib.sha256()
    size = 0
    left = HEAD_BYTES
    for file in files:
        stat = file.stat()
        size += stat.st_size
        name = file.name if file == path else file.relative_to(path).as_posix()
        digest.update(f"{name}\0{stat.st_size}\0".encode())
        if left > 0:
            with file.open("rb") as handle:
                head = handle.read(left)
            digest.update(head)
            left -= len(head)
    return {"source": source, "path": str(path), "files": len(files), "size": size,
            "head_sha256": digest.hexdigest()}


def model_versions() -> dict[str, str]:
    """Every installed shipped model → the SHA-256 of its ``bundle.json`` (which hashes its files)."""
    from interlang.models.shipped import available, shipped_path

    versions = {}
    for name in available():
        path = shipped_path(name)
        if path is not None:
            versions[name] = hashlib.sha256((path / "bundle.json").read_bytes()).hexdigest()
    return versions


def run_meta(
    source: str, *, data_dir: str | os.PathLike[str] | None, options: Mapping[str, Any],
    columns: Sequence[str], run: Mapping[str, Any],
) -> dict[str, Any]:
    """The sidecar of a run that starts now (``complete`` false until :func:`finish`)."""
    from interlang.version import __version__

    return {
        "format": META_FORMAT, "interlang": __version__, "input": fingerprint(source, data_dir),
        "options": dict(options), "models": model_versions(), "columns": list(columns),
        "run": dict(run), "complete": False,
    }


def write_meta(out: Path, meta: Mapping[str, Any]) -> None:
    """Written beside OUT atomically (a temporary file renamed over it)."""
    path = meta_path(out)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_meta(out: Path) -> dict[str, Any] | None:
    path = meta_path(out)
    if not path.is_file():
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {path.name}: {exc}", source=str(path)) from None
    if not isinstance(meta, dict) or meta.get("format") != META_FORMAT:
        raise InputError(f"{path.name} is not an interlang score sidecar", source=str(path))
    return meta


def finish(out: Path, meta: Mapping[str, Any], counts: Mapping[str, Any]) -> None:
    write_meta(out, {**meta, "complete": True, "counts": dict(counts)})


def difference(saved: Mapping[str, Any], current: Mapping[str, Any]) -> str | None:
    """The first checked field that differs, as ``options.lang (was 'de', now 'en')``."""
    for key in CHECKED:
        was, now = saved.get(key), current.get(key)
        if was == now:
            continue
        if isinstance(was, dict) and isinstance(now, dict):
            for sub in sorted({*was, *now}):
                if was.get(sub) != now.get(sub):
                    return f"{key}.{sub} (was {was.get(sub)!r}, now {now.get(sub)!r})"
        return f"{key} (was {was!r}, now {now!r})"
    return None


def prepare(out: Path, meta: Mapping[str, Any], *, resume: bool, overwrite: bool) -> list[str]:
    """Decide how a run may treat an existing OUT; the ids already written (``--resume``).

    Without ``--resume`` an existing OUT is replaced, as ever, unless its sidecar says an
    earlier run was interrupted: that file is refused unless ``--overwrite``, so a forgotten
    ``--resume`` never discards hours of work.
    """
    saved = read_meta(out) if out.exists() else None
    if not resume:
        interrupted = saved is not None and not saved.get("complete")
        if interrupted and not overwrite and _holds_rows(out, list(meta["columns"])):
            raise InputError(
                f"{out} is the output of an interrupted run ({meta_path(out).name}); pass --resume "
                "to continue it or --overwrite to start again"
            )
        return []
    if out.suffix.lower() not in RESUMABLE:
        raise InputError(f"--resume needs a .jsonl or .csv output, not {out.suffix or '(none)'}: "
                         "a Parquet file cut short has no footer to continue from")
    if not out.exists():
        return []
    if saved is None:
        raise InputError(f"cannot resume {out}: no {meta_path(out).name} beside it says what "
                         "produced it; run without --resume to replace it")
    if (field := difference(saved, meta)) is not None:
        raise InputError(f"cannot resume {out}: {field} differs from the interrupted run; "
                         "run without --resume (and with --overwrite) to start again")
    return written_ids(out, list(meta["columns"]))


def _holds_rows(out: Path, columns: list[str]) -> bool:
    """More than an empty file (or a CSV header): a run that failed before its first row is not
    worth protecting."""
    header = len(",".join(columns)) + 2 if out.suffix.lower() == ".csv" else 0
    return out.stat().st_size > header


def _lines(handle: Any) -> Iterator[bytes]:
    yield from iter(handle.readline, b"")


def written_ids(out: Path, columns: list[str]) -> list[str]:
    """The ids of OUT's whole rows; a torn or unreadable tail is cut off the file."""
    good = 0  # byte offset after the last whole row
    ids: list[str] = []
    with out.open("rb") as handle:
        if out.suffix.lower() == ".csv":
            good = _csv_rows(handle, columns, ids, out)
        else:
            for line in _lines(handle):
                try:
                    row = json.loads(line) if line.endswith(b"\n") else None
                except ValueError:
                    row = None
                if not isinstance(row, dict) or "id" not in row:
                    break
                ids.append(str(row["id"]))
                good += len(line)
    if good < out.stat().st_size:
        with out.open("r+b") as handle:
            handle.truncate(good)
            handle.flush()
            os.fsync(handle.fileno())
    return ids


def _csv_rows(handle: Any, columns: list[str], ids: list[str], out: Path) -> int:
    """Reads rows until a torn one; returns the byte offset after the last whole row.

    ``csv.reader`` pulls exactly the lines of one record (a quoted field may span several), so
    the bytes fed so far mark where each record ends.
    """
    consumed = 0
    last = b""

    def feed() -> Iterator[str]:
        nonlocal consumed, last
        for line in _lines(handle):
            consumed += len(line)
            last = line
            yield line.decode("utf-8", errors="replace")

    reader = csv.reader(feed(), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return 0
    if not last.endswith(b"\n"):
        return 0  # the header itself is torn
    if header != columns:
        raise InputError(f"cannot resume {out}: its header is not this run's columns", source=str(out))
    good = consumed
    id_column = columns.index("id")
    while True:
        try:
            row = next(reader)
        except (StopIteration, csv.Error):
            return good
        if len(row) != len(columns) or not last.endswith(b"\n"):
            return good
        ids.append(row[id_column])
        good = consumed
