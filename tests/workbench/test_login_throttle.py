"""Login throttling: 5 failures lock the account (429 + Retry-After), the right password included.

The counters are rows of the database, so they hold across workers and processes; the clock is
the app's ``clock`` (moved here instead of sleeping).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, World

START = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A settable now for the throttle."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture()
def clock(world: World) -> Clock:
    fake = Clock()
    world.app.state.workbench.clock = fake
    return fake


def _token(w: World, username: str, password: str) -> Any:
    return w.client.post("/api/auth/token", json={"username": username, "password": password})


def _audit_lockouts(w: World) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from interlang.workbench.db.models import AuditLog

    with w.app.state.workbench.sessions() as db:
        rows = db.scalars(select(AuditLog).where(AuditLog.action == "login_locked").order_by(AuditLog.id))
        return [{"user_id": r.user_id, **(r.detail or {})} for r in rows]


def test_api_five_failures_lock_the_account_until_the_window_has_passed(world: World, clock: Clock) -> None:
    for _ in range(4):
        r = _token(world, "admin", "wrong-password")
        assert r.status_code == 401 and r.json()["detail"] == "wrong username or password"
    fifth = _token(world, "admin", "wrong-password")
    assert fifth.status_code == 429
    assert fifth.headers["Retry-After"] == "900"
    assert fifth.json()["detail"] == "too many failed logins for this account: try again in 15 minutes"
    clock.advance(minutes=10)
    refused = _token(world, "admin", PASSWORD)  # the right password during the lock-out
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "300"
    assert "try again in 5 minutes" in refused.json()["detail"]
    clock.advance(minutes=5, seconds=1)
    ok = _token(world, "admin", PASSWORD)
    assert ok.status_code == 201, ok.text
    (entry,) = _audit_lockouts(world)
    assert entry["scope"] == "account" and entry["key"] == "admin" and entry["seconds"] == 900
    assert entry["user_id"] == world.ids["admin"]


def test_success_resets_the_account_and_repeated_lockouts_double(world: World, clock: Clock) -> None:
    for _ in range(4):
        assert _token(world, "reviewer", "nope-nope").status_code == 401
    assert _token(world, "reviewer", PASSWORD).status_code == 201  # resets the counter
    for _ in range(4):
        assert _token(world, "reviewer", "nope-nope").status_code == 401  # four again, not locked
    assert _token(world, "reviewer", "nope-nope").headers["Retry-After"] == "900"
    clock.advance(minutes=16)
    for _ in range(4):
        assert _token(world, "reviewer", "nope-nope").status_code == 401
    second = _token(world, "reviewer", "nope-nope")
    assert second.status_code == 429 and second.headers["Retry-After"] == "1800"  # exponential back-off
    assert "30 minutes" in second.json()["detail"]
    assert [e["seconds"] for e in _audit_lockouts(world)] == [900, 1800]


def test_failures_outside_the_window_do_not_add_up(world: World, clock: Clock) -> None:
    for _ in range(4):
        assert _token(world, "ann1", "nope-nope").status_code == 401
    clock.advance(minutes=16)
    for _ in range(4):
        assert _token(world, "ann1", "nope-nope").status_code == 401
    assert _token(world, "ann1", PASSWORD).status_code == 201


def test_unknown_accounts_are_throttled_alike(world: World, clock: Clock) -> None:
    for _ in range(4):
        assert _token(world, "nobody", "nope-nope").status_code == 401
    r = _token(world, "Nobody ", "nope-nope")  # case and spaces do not start a fresh counter
    assert r.status_code == 429 and r.json()["detail"] == "too many failed logins for this account: try again in 15 minutes"
    assert _token(world, "admin", PASSWORD).status_code == 201  # another account is not affected


def test_the_client_address_is_throttled_across_accounts(world: World, clock: Clock) -> None:
    world.app.state.workbench.settings.login_max_failures_per_address = 3
    assert _token(world, "ann1", "nope-nope").status_code == 401
    assert _token(world, "ann2", "nope-nope").status_code == 401
    r = _token(world, "ann3", "nope-nope")
    assert r.status_code == 429 and "for your address" in r.json()["detail"]
    assert _token(world, "admin", PASSWORD).status_code == 429  # from this address, every account waits
    clock.advance(minutes=15, seconds=1)
    assert _token(world, "admin", PASSWORD).status_code == 201
    assert {e["scope"] for e in _audit_lockouts(world)} == {"address"}


def _form_login(w: World, password: str) -> Any:
    page = w.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    return w.client.post("/login", data={"username": "admin", "password": password, "csrf_token": token.group(1)},
                         follow_redirects=False)


def test_html_login_page_answers_429_with_retry_after(world: World, clock: Clock) -> None:
    for _ in range(4):
        r = _form_login(world, "wrong-password")
        assert r.status_code == 303 and "err=" in r.headers["location"]
    locked = _form_login(world, "wrong-password")
    assert locked.status_code == 429 and locked.headers["Retry-After"] == "900"
    assert "too many failed logins for this account: try again in 15 minutes" in locked.text
    assert 'name="csrf_token"' in locked.text  # the form is there for later
    clock.advance(minutes=14)
    refused = _form_login(world, PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "try again in 60 seconds" in refused.text
    clock.advance(minutes=1, seconds=1)
    ok = _form_login(world, PASSWORD)
    assert ok.status_code == 303 and ok.headers["location"] == "/"


def test_a_lockout_holds_in_every_worker(world: World, clock: Clock, db_url: str, tmp_path: Path) -> None:
    """A second app on the same database (another worker or process) sees the lock-out."""
    from fastapi.testclient import TestClient

    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    for _ in range(5):
        _token(world, "admin", "wrong-password")
    other = create_app(WorkbenchSettings(db_url=db_url, background_jobs=False, models_dir=tmp_path / "m2", analyse=False))
    other.state.workbench.clock = clock
    try:
        with TestClient(other) as client:
            r = client.post("/api/auth/token", json={"username": "admin", "password": PASSWORD})
            assert r.status_code == 429 and r.headers["Retry-After"] == "900"
            clock.advance(minutes=15, seconds=1)
            assert client.post("/api/auth/token", json={"username": "admin", "password": PASSWORD}).status_code == 201
    finally:
        other.state.workbench.engine.dispose()


def test_policy_wording_and_backoff_cap() -> None:
    from interlang.workbench.service.throttle import LoginPolicy, wording

    assert [wording(s) for s in (1, 59.2, 60, 90, 900, 5400, 7200)] == [
        "1 second", "60 seconds", "60 seconds", "2 minutes", "15 minutes", "2 hours", "2 hours"]
    policy = LoginPolicy()
    assert [policy.lockout_for(n).total_seconds() for n in (1, 2, 3)] == [900, 1800, 3600]
    assert policy.lockout_for(40) == policy.max_lockout

