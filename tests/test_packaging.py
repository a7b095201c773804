"""The test-tooling lock: every test-only tool pinned, no runtime dependency pinned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="Python 3.11+")

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]).lower()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints" / "test.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints/test.txt: {line!r} is not an exact pin"
            pins[_name(name)] = version
    return pins


def test_every_test_only_tool_is_pinned() -> None:
    project = _project()
    extras = project["optional-dependencies"]
    runtime = {_name(r) for r in project["dependencies"]}
    for extra, reqs in extras.items():
        if extra not in ("test", "all"):
            runtime |= {_name(r) for r in reqs}
    tools = {_name(r) for r in extras["test"]} - runtime - {"interlang"}
    missing = sorted(tools - set(_pins()))
    assert not missing, f"test tools without a pin in constraints/test.txt: {missing}"


def test_no_runtime_dependency_is_pinned() -> None:
    project = _project()
    runtime = {_name(r) for r in project["dependencies"]}
    for extra, reqs in project["optional-dependencies"].items():
        if extra not in ("test", "all"):
            runtime |= {_name(r) for r in reqs}
    pinned = sorted(runtime & set(_pins()))
    assert not pinned, f"runtime dependencies must stay loose, but are pinned: {pinned}"


def test_readme_and_ci_use_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" -c constraints/test.txt && python -m pytest' in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c constraints/test.txt" in ci and "python3 -m venv" in ci
