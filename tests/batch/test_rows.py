"""RowWriter: whole chunks per commit (a kill leaves whole lines), appending for --resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interlang.batch.rows import RowWriter
from interlang.errors import InputError

COLUMNS = ["id", "level", "warnings"]


def test_rows_reach_the_file_only_on_commit(tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    writer = RowWriter(out, COLUMNS)
    writer.write({"id": "a", "level": "B1", "warnings": ""})
    assert out.read_text(encoding="utf-8") == ""
    writer.commit()
    assert json.loads(out.read_text(encoding="utf-8")) == {"id": "a", "level": "B1", "warnings": ""}
    writer.write({"id": "b", "level": None, "warnings": "x"})
    writer.close()  # close commits
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "b"]


def test_csv_append_writes_no_second_header(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    with RowWriter(out, COLUMNS) as writer:
        writer.write({"id": "a", "level": "B1", "warnings": "two\nlines"})
    with RowWriter(out, COLUMNS, append=True) as writer:
        writer.write({"id": "b", "level": "B2", "warnings": ""})
    import pandas as pd

    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame["id"]) == ["a", "b"] and frame["warnings"][0] == "two\nlines"


def test_appending_to_parquet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot append to a Parquet file"):
        RowWriter(tmp_path / "s.parquet", COLUMNS, append=True)
