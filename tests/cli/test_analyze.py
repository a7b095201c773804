"""The command line as a user meets it: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import os
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
        (b"", "the text is empty"),
        (b"   \n ", "the text is empty"),
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
    assert str(path.name) in err


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
    code, out, _ = run_cli(["analyze", "--sample", "de", "--details"])
    assert code == 0
    for heading in ("basic", "readability", "syntax", "vocabulary profile"):
        assert heading in out


def _cli(args: list[str], columns: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "interlang.cli", *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("columns", [40, 200])
@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "the text is empty"), ("Grüße aus Köln, wir sehen uns.".encode("latin-1"), "not valid utf-8")],
)
def test_errors_are_one_physical_line_at_any_width(tmp_path: Path, columns: int, content: bytes, needle: str) -> None:
    folder = tmp_path / ("a-very-long-folder-name-[x]-" * 6)
    folder.mkdir()
    path = folder / "bad.txt"
    path.write_bytes(content)
    assert len(str(path)) > 150
    res = _cli(["analyze", str(path), "--lang", "de"], columns)
    assert res.returncode == 2
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ") and str(path) in lines[0] and needle in lines[0]


def test_a_directory_is_named_as_such(tmp_path: Path, run_cli: CliRunner) -> None:
    code, _, err = run_cli(["analyze", str(tmp_path), "--lang", "de"])
    assert code == 2 and err.splitlines() == [f"error: {tmp_path}: is a directory"]


def test_an_empty_file_is_named_as_such_without_lang(tmp_path: Path, run_cli: CliRunner) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, _, err = run_cli(["analyze", str(path)])
    assert code == 2 and err.splitlines() == [f"error: {path}: the text is empty"]


def test_analyze_leads_with_the_answer_in_80_columns(run_cli: CliRunner) -> None:
    code, out, _ = run_cli(["analyze", "--sample", "de"])
    assert code == 0
    lines = out.splitlines()
    head = "\n".join(lines[:10])
    assert "proficiency (learner writing): " in head and "runner-up" in head
    assert "L1 (native language): " in head
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    reasons = [line for line in lines if line.startswith("  - ")]
    assert 3 <= len(reasons) <= 5
    assert "readability" not in out.split("why", 1)[0]  # no feature table by default


def test_analyze_quiet_is_one_line(run_cli: CliRunner) -> None:
    code, out, _ = run_cli(["analyze", "--sample", "de", "-q"])
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("de  difficulty ")  # the reading difficulty first, then proficiency, then L1
    assert "  level " in lines[0] and "(runner-up " in lines[0] and "  L1 " in lines[0]


def test_analyze_details_adds_the_feature_table(run_cli: CliRunner) -> None:
    _, short, _ = run_cli(["analyze", "--sample", "de"])
    code, out, _ = run_cli(["analyze", "--sample", "de", "--details"])
    assert code == 0 and out.startswith(short.splitlines()[0])
    assert "vocabulary profile" in out and "readability" in out and "syntax" in out and "│" in out
    assert "│" not in short and "vocabulary profile (words per level)" not in short


def test_analyze_json_keeps_every_key_and_adds_difficulty(run_cli: CliRunner) -> None:
    code, out, _ = run_cli(["analyze", "--sample", "de", "--json"])
    assert code == 0
    assert set(json.loads(out)) == {
        "lang", "lang_source", "backend", "annotation_layers", "n_tokens", "n_words", "n_sentences", "warnings",
        "features", "unavailable", "feature_info", "vocabulary_profile", "level", "l1", "difficulty", "learner_text"}


def test_cold_start_imports_no_heavy_library() -> None:
    code = "import sys, interlang.cli; print([m for m in ('spacy', 'sklearn', 'torch') if m in sys.modules])"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


def test_difficulty_comes_first_and_names_its_task(run_cli: CliRunner, tmp_path: Path) -> None:
    from interlang.models.shipped import shipped_path

    if shipped_path("difficulty-en") is None:
        pytest.skip("difficulty-en is not installed")
    path = tmp_path / "a1.txt"
    path.write_text("My name is Anna. I have a brother and a sister. I get up at seven. I go to school by bus.",
                    encoding="utf-8")
    code, out, _ = run_cli(["analyze", str(path), "--lang", "en"])
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("reading difficulty: A")  # an A1 reading text is easy to read ...
    assert "proficiency (learner writing): B1 or below" in out  # ... and level-en says what it cannot know
    code, out, _ = run_cli(["analyze", str(path), "--lang", "en", "--reading", "--target", "A1", "--json"])
    data = json.loads(out)
    assert data["learner_text"] is False and data["level"] is None and data["l1"] is None
    assert data["difficulty"]["task"] == "difficulty" and data["difficulty"]["range"]["trained"] == ["A1", "C2"]
    assert data["target"]["target"] == "A1" and data["target"]["n_sentences"] == 4
