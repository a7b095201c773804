"""The accounting line: rows read = scored + skipped, skipped rows named, physical lines."""

from __future__ import annotations

from pathlib import Path

from interlang.batch.accounting import Accounting, StrictFailure
from interlang.batch.jobs import SkippedRecord
from interlang.corpora.formats import CorpusReport, iter_csv


def test_line_adds_up_and_names_read_then_scoring_skips() -> None:
    report = CorpusReport("essays")
    report.files.append("essays.csv")
    report.skip("essays.csv", 3, "expected 3 fields, got 4")
    scored_skip = SkippedRecord("essays/a5", "essays.csv", None, "language 'fr' is not supported")
    report.lines["essays.csv"] = 5
    accounting = Accounting.of(2, [scored_skip], report)
    assert accounting.rows_read == 4
    line = accounting.line()
    assert line.startswith("rows read 4 = scored 2 + skipped 2 [essays.csv row 3, essays.csv (essays/a5)]")
    assert "5 physical lines" in line and "\n" not in line
    assert accounting.to_dict() == {"rows_read": 4, "scored": 2, "resumed": 0, "skipped": 2, "physical_lines": 5}


def test_physical_lines_only_when_they_differ_and_every_file_was_counted() -> None:
    report = CorpusReport("c")
    report.files += ["a.csv", "b.txt"]
    report.lines["a.csv"] = 10
    assert Accounting.of(3, [], report).physical_lines is None  # b.txt has no line count
    report.files.remove("b.txt")
    assert "physical" not in Accounting.of(10, [], report).line()
    assert "10 physical lines" in Accounting.of(9, [], report).line()


def test_resumed_rows_are_part_of_scored_and_long_lists_are_cut() -> None:
    skips = [SkippedRecord(f"x{i}", "f.csv", i, "empty text") for i in range(8)]
    line = Accounting.of(10, skips, None, resumed=4).line()
    assert line.startswith("rows read 18 = scored 10 (4 already in the output, 6 now) + skipped 8")
    assert "f.csv row 4, … 3 more]" in line


def test_strict_failure_names_rows_and_first_reason() -> None:
    failure = StrictFailure([SkippedRecord(None, "e.csv", 7, "empty or missing 'text'")])
    assert str(failure) == "--strict: 1 row(s) skipped: e.csv row 7 (first: empty or missing 'text')"


def test_csv_reader_counts_physical_lines_of_a_file_read_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text('id,text\n1,"two\nlines"\n\n2,plain\n', encoding="utf-8")
    report = CorpusReport("e")
    rows = list(iter_csv(path, report, source="e.csv"))
    assert [r["id"] for _, r in rows] == ["1", "2"]
    assert report.lines == {"e.csv": 4}  # header excluded; the blank line is a line, not a row
    partial = CorpusReport("e")
    next(iter_csv(path, partial, source="e.csv"))
    assert partial.lines == {}, "a file not read to its end has no count"
