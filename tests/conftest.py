"""Shared fixtures: the public corpora folder (skips with a reason when absent)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from interlang.settings import data_dir as _data_dir


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``../shared/data`` or ``$INTERLANG_DATA``; tests using it are skipped when it is missing."""
    path = _data_dir()
    if not path.is_dir():
        pytest.skip(f"public corpora not found at {path} (set INTERLANG_DATA)")
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests that ask for the data fixture carry the needs_data marker automatically.
    for item in items:
        if "data_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.needs_data)


CliRunner = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture()
def run_cli(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run ``interlang ARGS`` in-process as a user would: (exit code, stdout, stderr)."""
    from interlang.cli import main

    def run(args: list[str]) -> tuple[int, str, str]:
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
