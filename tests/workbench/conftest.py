"""Workbench fixtures: one app per test on SQLite, and on PostgreSQL when INTERLANG_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

WEB_EXTRA = "the workbench needs the [web] extra (pip install 'interlang[web]')"
PASSWORD = "correct-horse-1"
POSTGRES_ENV = "INTERLANG_TEST_POSTGRES_URL"
_counter = itertools.count(1)


_MIGRATED: set[str] = set()
_TEMPLATE: dict[str, Any] = {}
USERS = (("admin", "admin"), ("reviewer", "reviewer"), ("ann1", "annotator"), ("ann2", "annotator"),
         ("ann3", "annotator"))


def _reset_postgres(url: str) -> None:
    """Empty the test database: the schema is rebuilt by the migration once per run, then truncated."""
    from sqlalchemy import text

    from interlang.workbench.db.engine import make_engine, upgrade
    from interlang.workbench.db.models import Base

    engine = make_engine(url)
    if url not in _MIGRATED:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade(engine)
        _MIGRATED.add(url)
    else:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _seed(sessions: Any) -> tuple[dict[str, int], dict[str, dict[str, str]]]:
    """One user per role (and two more annotators) with a bearer token each."""
    from interlang.workbench import service

    ids: dict[str, int] = {}
    headers: dict[str, dict[str, str]] = {}
    with sessions() as db:
        for name, role in USERS:
            user = service.create_user(db, name, PASSWORD, role)
            ids[name] = user.id
            headers[name] = {"Authorization": "Bearer " + service.issue_token(db, user)}
    return ids, headers


def _sqlite_template() -> dict[str, Any]:
    """A migrated and seeded SQLite file, built once per run and copied for each test (fast setup)."""
    if not _TEMPLATE:
        import tempfile

        from interlang.workbench.db.engine import make_engine, session_factory, upgrade

        path = Path(tempfile.mkdtemp(prefix="interlang-wb-template-")) / "template.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        ids, headers = _seed(session_factory(engine))
        engine.dispose()
        _TEMPLATE.update(path=path, ids=ids, headers=headers)
    return _TEMPLATE


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """argon2 with production parameters takes ~1 s per hash on a busy CI core; tests need no strength."""
    try:
        from argon2 import PasswordHasher
    except ImportError:  # no [web] extra: the workbench tests skip themselves
        yield
        return

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
    import shutil

    pytest.importorskip("fastapi", reason=WEB_EXTRA)
    pytest.importorskip("sqlalchemy", reason=WEB_EXTRA)
    from fastapi.testclient import TestClient

    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    settings = WorkbenchSettings(db_url=db_url, background_jobs=False, models_dir=tmp_path / "models",
                                 analyse=analyse, max_upload_bytes=64 * 1024, min_segment_words=10)
    target = Path(db_url[len("sqlite:///"):]) if db_url.startswith("sqlite:///") else None
    if target is not None and not target.exists():
        template = _sqlite_template()
        shutil.copyfile(template["path"], target)
        app = create_app(settings)
        ids, headers = dict(template["ids"]), {k: dict(v) for k, v in template["headers"].items()}
    else:
        app = create_app(settings)
        ids, headers = _seed(app.state.workbench.sessions)
    world = World(TestClient(app), app, headers, ids)
    world.headers["annotator"] = world.headers["ann1"]
    world.ids["annotator"] = world.ids["ann1"]
    with world.client:
        yield world
    app.state.workbench.engine.dispose()


@pytest.fixture()
def world(db_url: str, tmp_path: Path) -> Iterator[World]:
    yield from make_world(db_url, tmp_path)
