"""Workbench fixtures: one app per test on SQLite, and on PostgreSQL when INTERLANG_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the workbench needs the [web] extra")
pytest.importorskip("sqlalchemy", reason="the workbench needs the [web] extra")

from fastapi.testclient import TestClient

PASSWORD = "correct-horse-1"
POSTGRES_ENV = "INTERLANG_TEST_POSTGRES_URL"
_counter = itertools.count(1)


def _reset_postgres(url: str) -> None:
    """Drop every workbench table so each test starts from an empty, freshly migrated schema."""
    from sqlalchemy import text

    from interlang.workbench.db.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """argon2 with production parameters takes ~1 s per hash on a busy CI core; tests need no strength."""
    from argon2 import PasswordHasher

    from interlang.workbench import security

    original = security._hasher
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    security._hasher = lambda: cheap  # type: ignore[assignment]
    yield
    security._hasher = original  # type: ignore[assignment]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL: a fresh SQLite file, or the test PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workbench.db'}"
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (set by .ci/services.sh)")
    _reset_postgres(url)
    return url


@dataclass
class World:
    """A running app with one user per role (two more annotators) and their bearer headers."""

    client: TestClient
    app: Any
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def h(self, who: str) -> dict[str, str]:
        return self.headers[who]

    def text(self, who: str = "admin", **values: Any) -> dict[str, Any]:
        body = {"text": "Ich heiße Anna. Ich wohne in Berlin. Mein Bruder spielt gern Fußball.", "language": "de"}
        body.update(values)
        r = self.client.post("/api/texts", json=body, headers=self.h(who))
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    def move(self, text_id: int, *targets: str, level: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for to in targets:
            body: dict[str, Any] = {"to": to}
            if to == "approved":
                body["level"] = level or "A2"
            r = self.client.post(f"/api/texts/{text_id}/transition", json=body, headers=self.h("admin"))
            assert r.status_code == 200, r.text
            data = r.json()
        return data

    def assign(self, text_id: int, *who: str) -> None:
        ids = [self.ids[w] for w in who]
        r = self.client.post("/api/assignments", json={"text_id": text_id, "annotator_ids": ids}, headers=self.h("admin"))
        assert r.status_code == 201, r.text

    def unique(self, prefix: str) -> str:
        return f"{prefix}{next(_counter)}"


def make_world(db_url: str, tmp_path: Path, analyse: bool = True) -> Iterator[World]:
    from interlang.workbench import service
    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    settings = WorkbenchSettings(db_url=db_url, background_jobs=False, models_dir=tmp_path / "models",
                                 analyse=analyse, max_upload_bytes=64 * 1024, min_segment_words=10)
    app = create_app(settings)
    world = World(TestClient(app), app)
    with app.state.workbench.sessions() as db:
        for name, role in (("admin", "admin"), ("reviewer", "reviewer"), ("ann1", "annotator"),
                           ("ann2", "annotator"), ("ann3", "annotator")):
            user = service.create_user(db, name, PASSWORD, role)
            world.ids[name] = user.id
            world.headers[name] = {"Authorization": "Bearer " + service.issue_token(db, user)}
    world.headers["annotator"] = world.headers["ann1"]
    world.ids["annotator"] = world.ids["ann1"]
    with world.client:
        yield world
    app.state.workbench.engine.dispose()


@pytest.fixture()
def world(db_url: str, tmp_path: Path) -> Iterator[World]:
    yield from make_world(db_url, tmp_path)
