"""One-line errors and warnings: never wrapped, never read as rich markup."""

from __future__ import annotations

import pytest

from interlang.cli.render import one_line, print_error, print_warning


def test_one_line_joins_every_kind_of_break() -> None:
    assert one_line("a\nb\tc\r\n  d") == "a b c d"


def test_print_error_keeps_brackets_and_long_paths(capsys: pytest.CaptureFixture[str]) -> None:
    path = "/tmp/" + "[x]-folder-" * 20 + "bad.txt"
    print_error(f"{path}: not valid utf-8")
    err = capsys.readouterr().err
    assert err == f"error: {path}: not valid utf-8\n"


def test_print_warning_goes_where_it_is_asked(capsys: pytest.CaptureFixture[str]) -> None:
    print_warning("short text\n(12 words)")
    print_warning("to stderr", stderr=True)
    out, err = capsys.readouterr()
    assert out == "warning: short text (12 words)\n" and err == "warning: to stderr\n"


def test_details_tables_show_labels_and_units_json_keeps_names(capsys: pytest.CaptureFixture[str]) -> None:
    from interlang.analysis import analyze, sample_text
    from interlang.cli import render

    result = analyze(sample_text("de"), lang="de")
    old_width = render.console.width
    render.console.width = 200
    try:
        render.print_analysis(result)
    finally:
        render.console.width = old_width
    out = capsys.readouterr().out
    assert "Wiener Sachtextformel" in out and "% words at A1" in out
    assert f"{result.features['basic_words']:.0f} words" in out  # the value with its unit
    assert "grade " in out  # a readability grade reads "grade 8.3"
    data = result.to_dict()
    assert "read_wstf" in data["features"]["readability"]  # --json keeps the raw names
