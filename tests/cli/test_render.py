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
