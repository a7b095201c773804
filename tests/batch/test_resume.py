"""Resume helpers: torn tails cut off, ids read back, the sidecar compared field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from interlang.batch import resume
from interlang.batch.rows import RowWriter
from interlang.errors import InputError

COLUMNS = ["id", "level", "warnings"]


def _rows(n: int) -> list[dict[str, str]]:
    return [{"id": f"r{i}", "level": "B1", "warnings": "multi\nline" if i % 2 else ""} for i in range(n)]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_whole_rows_read_back_and_a_torn_tail_cut(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"s{suffix}"
    with RowWriter(out, COLUMNS) as writer:
        for row in _rows(5):
            writer.write(row)
    whole = out.read_bytes()
    assert resume.written_ids(out, COLUMNS) == [f"r{i}" for i in range(5)]
    assert out.read_bytes() == whole, "a file of whole rows is left alone"
    # a kill mid-write: a sixth row cut at every possible byte, including inside the quoted field
    with RowWriter(tmp_path / f"six{suffix}", COLUMNS) as writer:
        for row in _rows(6):
            writer.write(row)
    six = (tmp_path / f"six{suffix}").read_bytes()
    for cut in range(len(whole), len(six)):
        out.write_bytes(six[:cut])
        assert resume.written_ids(out, COLUMNS) == [f"r{i}" for i in range(5)], cut
        assert out.read_bytes() == whole, cut


def test_a_broken_jsonl_line_ends_the_readable_part(tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    out.write_bytes(b'{"id": "a"}\n{"id": \n{"id": "c"}\n')
    assert resume.written_ids(out, COLUMNS) == ["a"]
    assert out.read_bytes() == b'{"id": "a"}\n'


def test_a_csv_with_other_columns_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    out.write_text("id,other\r\na,b\r\n", encoding="utf-8")
    with pytest.raises(InputError, match="header is not this run's columns"):
        resume.written_ids(out, COLUMNS)


def test_difference_names_the_first_changed_field() -> None:
    saved = {"input": {"size": 10, "head_sha256": "x"}, "options": {"lang": None, "limit": 5},
             "models": {"level-en": "h1"}, "interlang": "0.1.0", "columns": COLUMNS}
    assert resume.difference(saved, dict(saved)) is None
    assert resume.difference(saved, {**saved, "options": {"lang": "en", "limit": 5}}) == \
        "options.lang (was None, now 'en')"
    assert resume.difference(saved, {**saved, "models": {"level-en": "h2"}}) == \
        "models.level-en (was 'h1', now 'h2')"
    assert resume.difference(saved, {**saved, "interlang": "0.2.0"}) == "interlang (was '0.1.0', now '0.2.0')"
    assert resume.difference(saved, {**saved, "run": {"jobs": 4}}) is None, "runner and jobs may change"


def test_fingerprint_follows_content_not_the_clock(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,text\n1,hello\n", encoding="utf-8")
    first = resume.fingerprint(str(src), None)
    src.touch()
    assert resume.fingerprint(str(src), None) == first
    src.write_text("id,text\n1,hellO\n", encoding="utf-8")
    changed = resume.fingerprint(str(src), None)
    assert changed["size"] == first["size"] and changed["head_sha256"] != first["head_sha256"]


def _meta(tmp_path: Path, **options: object) -> dict:
    src = tmp_path / "in.csv"
    if not src.exists():
        src.write_text("id,text\n1,hello\n", encoding="utf-8")
    return resume.run_meta(str(src), data_dir=None, options={"lang": None, **options}, columns=COLUMNS,
                           run={"jobs": 1})


def test_prepare_decides_what_an_existing_output_may_become(tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    meta = _meta(tmp_path)
    assert resume.prepare(out, meta, resume=True, overwrite=False) == [], "nothing to resume: a fresh run"
    out.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"no s\.jsonl\.meta\.json beside it"):
        resume.prepare(out, meta, resume=True, overwrite=False)
    assert resume.prepare(out, meta, resume=False, overwrite=False) == [], "no sidecar: replaced as before"
    resume.write_meta(out, meta)
    with pytest.raises(InputError, match=r"interrupted run .* --resume .* --overwrite"):
        resume.prepare(out, meta, resume=False, overwrite=False)
    assert resume.prepare(out, meta, resume=False, overwrite=True) == []
    assert resume.prepare(out, meta, resume=True, overwrite=False) == ["a"]
    with pytest.raises(InputError, match=r"cannot resume .*: options.lang \(was None, now 'de'\) differs"):
        resume.prepare(out, _meta(tmp_path, lang="de"), resume=True, overwrite=False)
    resume.finish(out, meta, {"rows_read": 1})
    assert resume.read_meta(out)["complete"] is True
    assert resume.prepare(out, meta, resume=False, overwrite=False) == [], "a complete output is replaced"
    with pytest.raises(InputError, match=r"needs a \.jsonl or \.csv output"):
        resume.prepare(tmp_path / "s.parquet", meta, resume=True, overwrite=False)
