"""The floors hold: no import cycle, no private name across packages, no file over the limit.

The layer order itself is checked by import-linter (``.importlinter``, run here and in CI as
``lint-imports``); this module adds the rules import-linter has no contract for.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp", reason="pip install import-linter (the [test] extra)")

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "interlang"
#: Files allowed over MAX_LINES while they wait to be split (none left: keep it that way).
LONG_FILES_ALLOWED: dict[str, int] = {}
MAX_LINES = 400


def _package_of(module: str) -> str:
    """``interlang.models.rules.components`` → ``interlang.models`` (the top-level package)."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def test_no_import_cycles() -> None:
    """No strongly connected component of more than one module (imports inside functions count)."""
    graph = grimp.build_graph("interlang", include_external_packages=False)
    modules = sorted(graph.modules)
    index = {m: i for i, m in enumerate(modules)}
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    # Tarjan's algorithm, iterative.
    counter, stack, on_stack = 0, [], set()
    low: dict[str, int] = {}
    num: dict[str, int] = {}
    cycles: list[list[str]] = []
    for start in modules:
        if start in num:
            continue
        work = [(start, iter(edges[start]))]
        num[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    continue
                if nxt not in num:
                    num[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges[nxt])))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], num[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == num[node]:
                component = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    component.append(m)
                    if m == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    # A package's __init__ re-exporting its own submodules is not a cycle between concerns.
    real = [c for c in cycles if not _only_package_reexports(c, edges)]
    assert not real, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in real)


def _only_package_reexports(component: list[str], edges: dict[str, list[str]]) -> bool:
    """True when every edge inside the component touches a package that contains the other end."""
    members = set(component)
    for a in component:
        for b in edges[a]:
            if b in members and not (b.startswith(a + ".") or a.startswith(b + ".")):
                return False
    return True


def _private_imports(path: Path, module: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _package_of(module)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            target = node.module
            if not target.startswith("interlang.") or _package_of(target) == own:
                continue
            if any(part.startswith("_") for part in target.split(".")[1:]):
                found.append(f"{module}: from {target} import …")
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{module}: from {target} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                if target.startswith("interlang.") and _package_of(target) != own and any(
                    part.startswith("_") for part in target.split(".")[1:]
                ):
                    found.append(f"{module}: import {target}")
    return found


def test_no_private_name_crosses_a_package() -> None:
    found = []
    for module, path in sorted(_modules().items()):
        found += _private_imports(path, module)
    assert not found, "private names imported across packages:\n" + "\n".join(found)


def test_source_files_stay_small() -> None:
    long = []
    for path in sorted(SRC.rglob("*.py")):
        rel = str(path.relative_to(SRC))
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > LONG_FILES_ALLOWED.get(rel, MAX_LINES):
            long.append(f"{rel}: {n} lines")
    assert not long, f"source files over {MAX_LINES} lines:\n" + "\n".join(long)


def test_the_debt_list_is_current() -> None:
    """An allowed long file that was split (or removed) must leave the list."""
    stale = []
    for rel in LONG_FILES_ALLOWED:
        path = SRC / rel
        if not path.exists() or len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES:
            stale.append(rel)
    assert not stale, f"remove from LONG_FILES_ALLOWED (now split or gone): {stale}"


def test_layer_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.skip("lint-imports not installed (pip install import-linter)")
    result = subprocess.run(
        [exe, str(ROOT / ".importlinter")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
