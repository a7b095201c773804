"""Property-based API run (schemathesis) against the OpenAPI spec: no request may cause a 5xx.

Bounded: a few examples per operation, as an admin (every route is allowed), on one SQLite app
with a little data. Token revocation and user edits are left out so the run keeps its admin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from .conftest import World, make_world  # noqa: E402

pytestmark = pytest.mark.slow

_state: dict[str, Any] = {}


def _world() -> World:
    if "world" not in _state:
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="interlang-schemathesis-"))
        gen = make_world(f"sqlite:///{path / 'wb.db'}", path, analyse=False)
        world = next(gen)
        _state.update(world=world, gen=gen)
        t = world.text(genre="news")
        world.assign(t["id"], "ann1")
    return _state["world"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module", autouse=True)
def _close() -> Any:
    yield
    gen = _state.pop("gen", None)
    if gen is not None:
        gen.close()


def _schema() -> Any:
    world = _world()
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.app)
    return schema.exclude(path="/api/auth/token", method="DELETE").exclude(path_regex=r"^/api/users/")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema() -> Any:
    return _schema()


@schema.parametrize()
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case: Any) -> None:
    world = _world()
    response = case.call(headers=world.h("admin"))
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:500])
