"""The fault-tolerant reading helpers every reader relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from interlang.corpora.formats import (
    CorpusReport,
    clean_text,
    detect_encoding,
    iter_csv,
    iter_json_records,
    read_text,
    sniff_delimiter,
    split_from_name,
    to_float,
)


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("CEFR-SP_SCoRE_dev.txt", "dev"),
        ("CEFR-SP_Wikiauto_train.txt", "train"),
        ("readme_en_val.csv", "val"),
        ("readme_en_test.csv", "test"),
        ("validation", "validation"),
        ("merlin_de_index.csv", None),
        ("contest.csv", None),
        ("attestation_train_data.csv", "train"),
    ],
)
def test_split_from_name(name: str, split: str | None) -> None:
    assert split_from_name(name) == split


def test_cp1252_file_is_decoded_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_bytes("Sentence\nNatürlich „Seifenblase“\n".encode("cp1252"))
    report = CorpusReport("x")
    assert detect_encoding(path) == "cp1252"
    rows = list(iter_csv(path, report))
    assert rows == [(2, {"Sentence": "Natürlich „Seifenblase“"})]
    assert [n.reason for n in report.notes] == ["not valid UTF-8; decoded as cp1252"]
    assert read_text(path, report) is not None


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"caf\xe9 \x81")
    report = CorpusReport("x")
    assert read_text(path, report) == "café \x81"
    assert "latin-1" in report.notes[0].reason


def test_utf8_bom_is_not_a_fallback(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffa,b\n1,2\n".encode())
    report = CorpusReport("x")
    assert list(iter_csv(path, report)) == [(2, {"a": "1", "b": "2"})]
    assert report.notes == []


def test_malformed_rows_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        'id,text\n1,"two\nlines"\n2\n3,ok,surplus\n4,trailing,\n\n5,fine\n', encoding="utf-8"
    )
    report = CorpusReport("x")
    rows = list(iter_csv(path, report))
    assert [line for line, _ in rows] == [2, 6, 8]
    assert rows[0][1]["text"] == "two\nlines"
    assert [(s.row, s.reason) for s in report.skipped] == [
        (4, "expected 2 fields, got 1"),
        (5, "expected 2 fields, got 3"),
    ]


def test_missing_required_column_skips_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,x\n", encoding="utf-8")
    report = CorpusReport("x")
    assert list(iter_csv(path, report, required=("text",))) == []
    assert report.skipped[0].row is None
    assert "missing column(s): text" in report.skipped[0].reason


def test_unreadable_and_empty_files_are_reported(tmp_path: Path) -> None:
    report = CorpusReport("x")
    assert list(iter_csv(tmp_path / "absent.csv", report)) == []
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert list(iter_csv(tmp_path / "empty.csv", report)) == []
    assert [s.reason.split(":")[0] for s in report.skipped] == ["cannot read file", "empty file"]


def test_semicolon_export_is_sniffed() -> None:
    assert sniff_delimiter("a;b;c\n1;2;3") == ";"
    assert sniff_delimiter("a\tb\n") == "\t"
    assert sniff_delimiter("single") == ","


def test_json_array_and_lines(tmp_path: Path) -> None:
    report = CorpusReport("x")
    array = tmp_path / "a.json"
    array.write_text('[{"a": 1}, 2, {"a": 3}]', encoding="utf-8")
    assert [row for row, _ in iter_json_records(array, report)] == [1, 3]
    lines = tmp_path / "b.jsonl"
    lines.write_text('{"a": 1}\n{oops\n\n[1]\n{"a": 2}\n', encoding="utf-8")
    assert [row for row, _ in iter_json_records(lines, report)] == [1, 5]
    wrapped = tmp_path / "c.json"
    wrapped.write_text('{"data": [{"a": 1}]}', encoding="utf-8")
    assert [obj for _, obj in iter_json_records(wrapped, report)] == [{"a": 1}]
    broken = tmp_path / "d.json"
    broken.write_text('[{"a": 1},', encoding="utf-8")
    assert list(iter_json_records(broken, report)) == []
    reasons = [s.reason for s in report.skipped]
    assert reasons[0] == "JSON item is not an object"
    assert reasons[1].startswith("broken JSON line")
    assert reasons[2] == "JSON line is not an object"
    assert reasons[3].startswith("invalid JSON")


def test_clean_text_and_numbers() -> None:
    assert clean_text("\ufeff a\r\nb\rc\x00 ") == "a\nb\nc"
    assert clean_text(None) == ""
    assert to_float("2,5") == 2.5
    assert to_float("NA") is None
    assert to_float("x") is None


def test_unterminated_quote_is_reported_not_scored(tmp_path: Path) -> None:
    """A quote never closed swallows every later line: report it (file + row), lose nothing silently."""
    from interlang.corpora.formats import CorpusReport, iter_csv

    path = tmp_path / "bad.csv"
    path.write_text('id,text\n1,"unterminated\n2,ok text here\n3,another\n', encoding="utf-8")
    report = CorpusReport("bad")
    rows = list(iter_csv(path, report))
    assert rows == []
    assert len(report.skipped) == 1
    skipped = report.skipped[0]
    assert skipped.source == "bad.csv" and skipped.row == 2
    assert "unterminated quote" in skipped.reason and "lines 2-4" in skipped.reason


def test_closed_multiline_fields_still_read(tmp_path: Path) -> None:
    from interlang.corpora.formats import CorpusReport, iter_csv

    path = tmp_path / "ok.csv"
    path.write_text('id,text\n1,"two\nlines"\n2,ok\n3,"last\nmulti"\n', encoding="utf-8")
    report = CorpusReport("ok")
    rows = list(iter_csv(path, report))
    assert [r["id"] for _, r in rows] == ["1", "2", "3"]
    assert rows[2][1]["text"] == "last\nmulti"
    assert not report.skipped


# ---------------------------------------------------------------- fuzzing: never an unhandled exception

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from interlang.errors import InputError  # noqa: E402

_FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
#: Bytes that look like the formats (so the fuzzer reaches past the first line), plus raw noise.
_STRUCTURED = st.lists(
    st.sampled_from([b"id,text,cefr\n", b"id\ttext\n", b'"', b",", b";", b"\t", b"\n", b"\r\n", b"\r",
                     b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"{", b"}", b"[", b"]", b'"text": ', b"null",
                     b"1", b"B2", b"\xe9", b"\xc3\xa9", b"\x80", b"\\", b" "]),
    max_size=60,
).map(b"".join)
_BYTES = st.one_of(st.binary(max_size=400), _STRUCTURED)


def _fuzz_file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@_FUZZ
@given(data=_BYTES, delimiter=st.sampled_from([None, ",", "\t", ";"]))
@example(data=b'id,text\n1,"never closed\n2,b\n', delimiter=None)
@example(data=b"\x00\x00\n\x00", delimiter=None)
def test_fuzzed_csv_only_skips(tmp_path: Path, data: bytes, delimiter: str | None) -> None:
    path = _fuzz_file(tmp_path, "fuzz.tsv" if delimiter == "\t" else "fuzz.csv", data)
    report = CorpusReport("fuzz")
    try:
        rows = list(iter_csv(path, report, delimiter=delimiter))
        list(iter_csv(path, CorpusReport("fuzz"), required=("text",), delimiter=delimiter))
    except InputError:
        return
    for line, row in rows:
        assert line >= 2 and isinstance(row, dict)
    for skipped in report.skipped:
        assert skipped.reason


@_FUZZ
@given(data=_BYTES, suffix=st.sampled_from([".jsonl", ".json"]))
@example(data=b"[" * 5000, suffix=".json")
@example(data=b'{"a": ' * 3000, suffix=".jsonl")
def test_fuzzed_json_only_skips(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = _fuzz_file(tmp_path, "fuzz" + suffix, data)
    report = CorpusReport("fuzz")
    try:
        records = list(iter_json_records(path, report))
    except InputError:
        return
    assert all(isinstance(obj, dict) and row >= 1 for row, obj in records)


@_FUZZ
@given(data=_BYTES)
def test_fuzzed_plain_text_decodes(tmp_path: Path, data: bytes) -> None:
    path = _fuzz_file(tmp_path, "fuzz.txt", data)
    text = read_text(path, CorpusReport("fuzz"))
    assert isinstance(text, str)
    cleaned = clean_text(text)
    assert "\x00" not in cleaned and "\r" not in cleaned
    assert detect_encoding(path) in ("utf-8-sig", "cp1252", "latin-1")
