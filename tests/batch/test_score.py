"""The batch scorer on the local runners: skip-and-report, order, output files, the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from interlang.analysis import sample_text
from interlang.batch import SkippedRecord, iter_inputs, result_columns, score_records
from interlang.corpora.record import Record

GOOD = ["de-sample", "en-sample", "de-short", "en-auto", "en-short"]


def mixed_records() -> list[Record]:
    """Good texts in de/en (one with its language left to detection) among bad ones."""
    return [
        Record("de-sample", sample_text("de"), "de", cefr="B1", l1="Spanish"),
        Record("empty", "   ", "de"),
        Record("en-sample", sample_text("en"), "en"),
        Record("french", "Bonjour, je m'appelle Marie et j'habite à Paris depuis dix ans.", "fr"),
        Record("de-short", "Ich wohne in Berlin. Die Stadt ist groß und schön. Ich habe viele Freunde.", "de"),
        Record("undetectable", "12345 !!! 678 ... 90", "auto"),
        Record("en-auto", sample_text("en")[:400], "auto"),
        Record("en-short", "I live in London and I like it very much because the people are nice.", "en"),
    ]


@pytest.fixture(scope="module")
def serial() -> list[dict]:
    result = score_records(mixed_records(), n_jobs=1, progress=False)
    assert result.rows is not None
    return result.rows


def test_good_rows_scored_bad_ones_skipped_with_reason(tmp_path: Path) -> None:
    out = tmp_path / "scores.jsonl"
    result = score_records(mixed_records(), out=out, n_jobs=1, progress=False, keep_rows=True)
    assert result.n_scored == len(GOOD) and result.n_records == 8
    assert result.rows is not None and [r["id"] for r in result.rows] == GOOD
    reasons = {s.id: s.reason for s in result.skipped}
    assert set(reasons) == {"empty", "french", "undetectable"}
    assert "empty" in reasons["empty"]
    assert "'fr' is not supported" in reasons["french"]
    assert "could not tell the text's language" in reasons["undetectable"]
    assert sum(result.levels.values()) == len(GOOD)

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == GOOD
    assert list(lines[0]) == result_columns()
    by_id = {r["id"]: r for r in lines}
    de = by_id["de-sample"]
    assert de["language"] == "de" and de["lang_source"] == "given" and de["n_words"] > 100
    probs = [de[f"p_{level}"] for level in ("A1", "A2", "B1", "B2", "C1", "C2")]
    assert math.isclose(sum(p for p in probs if p is not None), 1.0, abs_tol=1e-3)
    assert de["level"] in {"A1", "A2", "B1", "B2", "C1", "C2"}
    assert de["level_confidence"] == max(p for p in probs if p is not None)
    assert de["l1_1"] and de["l1_1_p"] >= de["l1_2_p"] >= de["l1_3_p"] > 0
    assert de["l1_too_short"] is False and de["l1_model"] == "l1-de"
    assert de["gold_cefr"] == "B1" and de["gold_l1"] == "Spanish"
    assert by_id["en-auto"]["lang_source"].startswith("detected") and by_id["en-auto"]["language"] == "en"
    assert by_id["de-short"]["l1_too_short"] is True
    assert "short text" in by_id["de-short"]["warnings"]


def test_csv_and_parquet_hold_the_same_rows(tmp_path: Path, serial: list[dict]) -> None:
    records = mixed_records()
    for suffix in (".csv", ".parquet"):
        out = tmp_path / f"scores{suffix}"
        score_records(records, out=out, n_jobs=1, progress=False)
        frame = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
        assert list(frame.columns) == result_columns()
        assert list(frame["id"]) == GOOD
        assert list(frame["level"]) == [r["level"] for r in serial]
        assert list(frame["l1_1"]) == [r["l1_1"] for r in serial]
        assert frame["p_B1"].tolist() == pytest.approx([r["p_B1"] for r in serial])


def test_unknown_output_format_is_an_input_error(tmp_path: Path) -> None:
    from interlang.errors import InputError

    with pytest.raises(InputError, match="unknown output format"):
        score_records(mixed_records()[:1], out=tmp_path / "scores.txt", n_jobs=1, progress=False)


def test_process_pool_gives_the_serial_rows_in_order(serial: list[dict]) -> None:
    # chunk_size=1 and a window of 2 chunks: completions come back out of order, rows must not
    result = score_records(mixed_records(), n_jobs=2, chunk_size=1, max_in_flight=2, progress=False)
    assert result.rows == serial
    assert [s.id for s in result.skipped] == ["empty", "french", "undetectable"]


def test_features_add_every_feature_column() -> None:
    result = score_records(mixed_records()[:1], n_jobs=1, progress=False, features=True)
    assert result.rows is not None
    row = result.rows[0]
    assert list(row) == result_columns(features=True)
    assert row["basic_words"] == row["n_words"] > 100


def test_lang_override_and_bad_backend_skip_every_record() -> None:
    records = [Record("x", sample_text("en"), "de")]
    result = score_records(records, n_jobs=1, progress=False, lang="en")
    assert result.rows is not None and result.rows[0]["language"] == "en"
    bad = score_records(records, n_jobs=1, progress=False, backend="no-such-backend")
    assert bad.n_scored == 0 and len(bad.skipped) == 1 and bad.skipped[0].id == "x"


def test_text_folder_is_read_one_record_per_file(tmp_path: Path) -> None:
    (tmp_path / "essays").mkdir()
    (tmp_path / "essays" / "b.txt").write_text(sample_text("en")[:300], encoding="utf-8")
    (tmp_path / "essays" / "a.txt").write_text(sample_text("de")[:300], encoding="utf-8")
    records = list(iter_inputs(tmp_path / "essays"))
    assert [r.id for r in records] == ["essays/a.txt", "essays/b.txt"]
    assert {r.language for r in records} == {"auto"}
    rows = score_records(records, n_jobs=1, progress=False).rows
    assert rows is not None and [r["language"] for r in rows] == ["de", "en"]


def test_skipped_record_names_source_row_and_id() -> None:
    item = SkippedRecord("c/7", "c.csv", 7, "empty text")
    assert str(item) == "c.csv, row 7 (c/7): empty text"


def test_cli_scores_a_csv_and_reports_skips(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "essays.csv"
    de = "Ich wohne in Berlin. Die Stadt ist groß und schön. Ich habe viele Freunde."
    src.write_text(
        "id,text,language\n"
        f'a1,"{de}",de\n'
        "a2,,de\n"
        'a3,"I live in London and I like it very much because the people are nice.",en\n'
        'a4,"a broken row",en,unexpected\n'
        'a5,"Bonjour, je m\'appelle Marie et j\'habite à Paris.",fr\n',
        encoding="utf-8",
    )
    out = tmp_path / "scores.jsonl"
    code, stdout, err = run_cli(["score", str(src), "--out", str(out), "--jobs", "1", "--json"])
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["n_scored"] == 2 and summary["n_skipped"] == 3
    assert summary["n_skipped_reading"] == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["essays/a1", "essays/a3"]
    report = pd.read_csv(summary["skipped_report"])
    assert list(report["stage"]) == ["read", "read", "score"]
    assert list(report["row"].fillna(-1).astype(int)) == [3, 5, -1]
    assert "expected 3 fields, got 4" in report["reason"][1]
    assert report["id"][2] == "essays/a5" and "not supported" in report["reason"][2]

    code, stdout, _ = run_cli(["score", str(src), "--out", str(tmp_path / "s.csv"), "-j", "1", "--limit", "1"])
    assert code == 0 and "scored 1 text" in stdout
    assert len(pd.read_csv(tmp_path / "s.csv")) == 1


def test_cli_refuses_bad_options(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "one.txt"
    src.write_text(sample_text("en"), encoding="utf-8")
    code, _, err = run_cli(["score", str(src), "--out", str(tmp_path / "x.xlsx"), "-j", "1"])
    assert code == 2 and "unknown output format" in err
    code, _, err = run_cli(["score", str(src), "--out", str(tmp_path / "x.csv"), "--runner", "spark"])
    assert code == 2 and "unknown runner" in err
    code, _, err = run_cli(["score", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x.csv")])
    assert code == 2 and "no such corpus" in err
