"""Write ``constraints/test.txt``: the exact versions of the test-only tools and what they pull in.

Run it in a brand-new virtual environment after ``pip install -e ".[test]"`` (see
docs/development.md). It pins the tools the tests run with (pytest, schemathesis, hypothesis,
playwright, ruff, mypy, import-linter, the reference implementations textstat, krippendorff and
statsmodels, …) and their dependencies, but none of interlang's runtime dependencies (those
stay loose: a library must not over-pin its users, and the README's commands must pass with
whatever versions resolve today).
"""

from __future__ import annotations

import argparse
import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
#: The extras that make up the runtime (never pinned) and the test extra (pinned).
RUNTIME_EXTRAS = ("ml", "web", "dask", "transformers", "llm")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requires(dist: str, extras: tuple[str, ...] = ()) -> list[Requirement]:
    try:
        raw = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return []
    out = []
    for line in raw:
        req = Requirement(line)
        env = {"extra": ""}
        if req.marker is None or req.marker.evaluate(env) or any(
            req.marker.evaluate({"extra": e}) for e in extras
        ):
            out.append(req)
    return out


def _closure(roots: list[Requirement]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        req = stack.pop()
        name = _canonical(req.name)
        if name in seen or name == "interlang":
            continue
        try:
            metadata.version(req.name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        stack.extend(_requires(req.name, tuple(req.extras)))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "constraints" / "test.txt")
    args = parser.parse_args()

    runtime_extras = ("", *RUNTIME_EXTRAS)

    def only_for_tests(req: Requirement) -> bool:
        marker = req.marker
        return marker is not None and marker.evaluate({"extra": "test"}) and not any(
            marker.evaluate({"extra": e}) for e in runtime_extras
        )

    declared = [r for r in _requires("interlang", ("test", *RUNTIME_EXTRAS)) if _canonical(r.name) != "interlang"]
    runtime = _closure([r for r in declared if not only_for_tests(r)])
    test = _closure([r for r in declared if only_for_tests(r)]) - runtime
    lines = [
        "# Test tooling versions the suite is tested with (scripts/refresh_test_lock.py writes this).",
        "# Used as a pip constraints file: pip install -e \".[test]\" -c constraints/test.txt",
        "# Runtime dependencies are deliberately absent: they stay loose.",
    ]
    lines += sorted(f"{name}=={metadata.version(name)}" for name in test)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(test)} pins)")


if __name__ == "__main__":
    main()
