"""The command line as a user meets it: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CliRunner = Callable[[list[str]], tuple[int, str, str]]  # the run_cli fixture (conftest)



@pytest.mark.parametrize("lang", ["de", "en", "el"])
def test_analyze_sample_json_has_every_group(lang: str, run_cli: CliRunner) -> None:
    code, out, _ = run_cli(["analyze", "--sample", lang, "--json"])
    assert code == 0
    result = json.loads(out)
    assert result["lang"] == lang
    assert result["n_words"] > 100
    for group in ("basic", "readability", "vocabulary", "diversity"):
        assert group in result["features"], group
    assert result["features"]["basic"]["basic_words"] == result["n_words"]
    for name, reason in result["unavailable"].items():
        assert reason, name


def test_analyze_reads_a_file_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("The weather was lovely yesterday, so we walked to the old harbour and ate fish.", encoding="utf-8")
    by_file = subprocess.run(
        [sys.executable, "-m", "interlang.cli", "analyze", str(path), "--lang", "en", "--json"],
        capture_output=True, text=True, check=True,
    )
    by_stdin = subprocess.run(
        [sys.executable, "-m", "interlang.cli", "analyze", "-", "--lang", "en", "--json"],
        input=path.read_text(), capture_output=True, text=True, check=True,
    )
    assert json.loads(by_file.stdout)["features"] == json.loads(by_stdin.stdout)["features"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "no words"),
        (b"   \n ", "no words"),
        ("Grüße aus Köln, wir sehen uns morgen.".encode("latin-1"), "not valid utf-8"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, content: bytes, needle: str, run_cli: CliRunner) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = run_cli(["analyze", str(path), "--lang", "de"])
    assert code == 2
    assert needle in err
    assert "Traceback" not in err
    assert str(path.name) in err or needle == "no words"


def test_wrong_encoding_can_be_named(tmp_path: Path, run_cli: CliRunner) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Grüße aus Köln, wir sehen uns morgen wieder.".encode("latin-1"))
    code, out, _ = run_cli(["analyze", str(path), "--lang", "de", "--encoding", "latin-1", "--json"])
    assert code == 0
    assert json.loads(out)["n_words"] == 8


def test_missing_file_and_unknown_language(run_cli: CliRunner) -> None:
    code, _, err = run_cli(["analyze", "does-not-exist.txt", "--lang", "en"])
    assert code == 2 and "no such file" in err
    code, _, err = run_cli(["analyze", "--sample", "en", "--lang", "xx"])
    assert code == 2 and "not supported" in err


def test_german_text_analysed_as_english_warns(run_cli: CliRunner) -> None:
    code, out, _ = run_cli(["analyze", "--sample", "de", "--lang", "en", "--json"])
    assert code == 0
    warnings = json.loads(out)["warnings"]
    assert any("German" in w and "English" in w for w in warnings)


def test_features_list(run_cli: CliRunner) -> None:
    code, out, _ = run_cli(["features", "--list", "--json"])
    assert code == 0
    feats = json.loads(out)
    names = [f["name"] for f in feats]
    assert len(names) == len(set(names)) >= 50
    assert all(f["description"] and f["unit"] and f["group"] for f in feats)


def test_human_readable_analysis_prints_tables(run_cli: CliRunner) -> None:
    code, out, _ = run_cli(["analyze", "--sample", "de"])
    assert code == 0
    for heading in ("basic", "readability", "syntax", "vocabulary profile"):
        assert heading in out
