"""Every API route × every role: allowed roles get the expected status, others 403, anonymous 401."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import World, make_world

ALL = ("admin", "reviewer", "annotator")
REV = ("admin", "reviewer")
ADMIN = ("admin",)
ANN = ("annotator",)
LONG = " ".join(["Der Hund läuft schnell über die große Wiese, und die Kinder lachen laut."] * 4)

Request = tuple[str, str, dict[str, Any] | None]


def _job(w: World) -> int:
    from interlang.workbench.db.models import TrainingJob

    with w.app.state.workbench.sessions() as db:
        job = TrainingJob(status="failed", params={"family": "logreg"}, error="test")
        db.add(job)
        db.commit()
        return job.id


def _segment(w: World) -> int:
    t = w.text(text=LONG)
    w.move(t["id"], "pending_review", "approved")
    r = w.client.post(f"/api/texts/{t['id']}/segments", json={"mode": "sentences"}, headers=w.h("admin"))
    assert r.status_code == 201, r.text
    return int(r.json()[0]["id"])


def _activity(w: World) -> int:
    t = w.text()
    r = w.client.post("/api/activities", json={"text_id": t["id"], "title": "Read", "level": "A2"}, headers=w.h("admin"))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _assigned(w: World) -> int:
    t = w.text()
    w.assign(t["id"], "ann1")
    return int(t["id"])


def _assignment(w: World) -> int:
    t = w.text()
    w.assign(t["id"], "ann2")
    r = w.client.get(f"/api/assignments?text_id={t['id']}", headers=w.h("admin"))
    return int(r.json()[0]["id"])


def _approved_text(w: World) -> int:
    t = w.text(text=LONG)
    w.move(t["id"], "pending_review", "approved")
    return int(t["id"])


#: route → (roles allowed, status they get, request factory)
CASES: dict[str, tuple[tuple[str, ...], int, Callable[[World], Request]]] = {
    "GET /api/me": (ALL, 200, lambda w: ("GET", "/api/me", None)),
    "DELETE /api/auth/token": (ALL, 204, lambda w: ("DELETE", "/api/auth/token", None)),
    "GET /api/users": (REV, 200, lambda w: ("GET", "/api/users", None)),
    "POST /api/users": (ADMIN, 201, lambda w: ("POST", "/api/users", {"username": w.unique("u"), "password": "password-1", "role": "annotator"})),
    "PATCH /api/users/{user_id}": (ADMIN, 200, lambda w: ("PATCH", f"/api/users/{w.ids['ann3']}", {"active": True})),
    "GET /api/texts": (REV, 200, lambda w: ("GET", "/api/texts?status=draft", None)),
    "POST /api/texts": (REV, 201, lambda w: ("POST", "/api/texts", {"text": "Das ist gut.", "language": "de"})),
    "POST /api/texts/import": (REV, 200, lambda w: ("IMPORT", "/api/texts/import", None)),
    "GET /api/texts/{text_id}": (REV, 200, lambda w: ("GET", f"/api/texts/{w.text()['id']}", None)),
    "PATCH /api/texts/{text_id}": (REV, 200, lambda w: ("PATCH", f"/api/texts/{w.text()['id']}", {"version": 1, "genre": "news"})),
    "PUT /api/texts/{text_id}": (REV, 200, lambda w: ("PUT", f"/api/texts/{w.text()['id']}", {"version": 1, "text": "Neu."})),
    "DELETE /api/texts/{text_id}": (ADMIN, 204, lambda w: ("DELETE", f"/api/texts/{w.text()['id']}", None)),
    "POST /api/texts/{text_id}/transition": (REV, 200, lambda w: ("POST", f"/api/texts/{w.text()['id']}/transition", {"to": "pending_review"})),
    "GET /api/texts/{text_id}/audit": (REV, 200, lambda w: ("GET", f"/api/texts/{w.text()['id']}/audit", None)),
    "GET /api/texts/{text_id}/assessments": (REV, 200, lambda w: ("GET", f"/api/texts/{w.text()['id']}/assessments", None)),
    "GET /api/texts/{text_id}/review": (REV, 200, lambda w: ("GET", f"/api/texts/{w.text()['id']}/review", None)),
    "POST /api/texts/{text_id}/segments": (REV, 201, lambda w: ("POST", f"/api/texts/{_approved_text(w)}/segments", {"mode": "sentences", "size": 2})),
    "GET /api/texts/{text_id}/segments": (REV, 200, lambda w: ("GET", f"/api/texts/{w.text()['id']}/segments", None)),
    "PATCH /api/segments/{segment_id}": (REV, 200, lambda w: ("PATCH", f"/api/segments/{_segment(w)}", {"level": "B1"})),
    "GET /api/activities": (REV, 200, lambda w: ("GET", "/api/activities", None)),
    "POST /api/activities": (REV, 201, lambda w: ("POST", "/api/activities", {"text_id": w.text()["id"], "title": "Quiz", "level": "B1"})),
    "GET /api/activities/{activity_id}": (REV, 200, lambda w: ("GET", f"/api/activities/{_activity(w)}", None)),
    "PATCH /api/activities/{activity_id}": (REV, 200, lambda w: ("PATCH", f"/api/activities/{_activity(w)}", {"level": "C1"})),
    "DELETE /api/activities/{activity_id}": (REV, 204, lambda w: ("DELETE", f"/api/activities/{_activity(w)}", None)),
    "GET /api/assignments": (ALL, 200, lambda w: ("GET", "/api/assignments", None)),
    "POST /api/assignments": (REV, 201, lambda w: ("POST", "/api/assignments", {"text_id": w.text()["id"], "annotator_ids": [w.ids["ann2"]]})),
    "POST /api/assignments/auto": (REV, 201, lambda w: ("POST", "/api/assignments/auto", {"k": 2, "text_ids": [w.text()["id"]]})),
    "DELETE /api/assignments/{assignment_id}": (REV, 204, lambda w: ("DELETE", f"/api/assignments/{_assignment(w)}", None)),
    "GET /api/annotations": (ANN, 200, lambda w: ("GET", "/api/annotations", None)),
    "GET /api/annotations/{text_id}": (ANN, 200, lambda w: ("GET", f"/api/annotations/{_assigned(w)}", None)),
    "POST /api/annotations/{text_id}": (ANN, 201, lambda w: ("POST", f"/api/annotations/{_assigned(w)}", {"level": "B1"})),
    "GET /api/agreement": (REV, 200, lambda w: ("GET", "/api/agreement", None)),
    "GET /api/stats": (REV, 200, lambda w: ("GET", "/api/stats", None)),
    "GET /api/stats.xlsx": (REV, 200, lambda w: ("GET", "/api/stats.xlsx", None)),
    "GET /api/export": (REV, 200, lambda w: ("GET", "/api/export?format=csv", None)),
    "POST /api/predict": (REV, 200, lambda w: ("POST", "/api/predict", {"text": "Ich wohne in Berlin. Das ist schön.", "language": "de", "models": ["ml"]})),
    "POST /api/jobs/train": (ADMIN, 422, lambda w: ("POST", "/api/jobs/train", {"family": "logreg"})),
    "GET /api/jobs": (ADMIN, 200, lambda w: ("GET", "/api/jobs", None)),
    "GET /api/jobs/{job_id}": (ADMIN, 200, lambda w: ("GET", f"/api/jobs/{_job(w)}", None)),
}
PUBLIC = {"POST /api/auth/token"}


@pytest.fixture(scope="module")
def mworld(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One SQLite app for the whole matrix (each case builds the rows it needs)."""
    path = tmp_path_factory.mktemp("matrix")
    yield from make_world(f"sqlite:///{path / 'wb.db'}", path, analyse=False)


def _send(w: World, req: Request, headers: dict[str, str]) -> Any:
    method, url, body = req
    if method == "IMPORT":
        files = {"file": ("t.csv", b"text,level\nEin Satz.,A1\n", "text/csv")}
        return w.client.post(url, files=files, headers=headers)
    return w.client.request(method, url, json=body, headers=headers)


def test_matrix_covers_every_api_route(mworld: World) -> None:
    spec = mworld.app.openapi()
    routes = {f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops}
    assert routes - set(CASES) - PUBLIC == set(), "add new routes to the role matrix"
    assert set(CASES) - routes == set(), "the matrix names routes that do not exist"


@pytest.mark.parametrize("role", ["admin", "reviewer", "annotator", "anonymous"])
@pytest.mark.parametrize("route", sorted(CASES))
def test_route_role(mworld: World, route: str, role: str) -> None:
    allowed, expected, factory = CASES[route]
    req = factory(mworld)
    if role == "anonymous":
        assert _send(mworld, req, {}).status_code == 401
        return
    headers = mworld.h(role)
    if route == "DELETE /api/auth/token":  # revoke a throw-away token, not the shared one
        r = mworld.client.post("/api/auth/token", json={"username": {"annotator": "ann1"}.get(role, role),
                                                          "password": "correct-horse-1"})
        headers = {"Authorization": "Bearer " + r.json()["access_token"]}
    r = _send(mworld, req, headers)
    if role in allowed:
        assert r.status_code == expected, (route, role, r.text)
    else:
        assert r.status_code == 403, (route, role, r.text)
        assert "role" in r.json()["detail"]


def test_token_login(mworld: World) -> None:
    r = mworld.client.post("/api/auth/token", json={"username": "reviewer", "password": "correct-horse-1"})
    assert r.status_code == 201 and r.json()["role"] == "reviewer"
    token = r.json()["access_token"]
    assert mworld.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["username"] == "reviewer"
    bad = mworld.client.post("/api/auth/token", json={"username": "reviewer", "password": "wrong-password"})
    assert bad.status_code == 401 and bad.json()["detail"] == "wrong username or password"
    assert mworld.client.get("/api/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_revoked_token_stops_working(mworld: World) -> None:
    token = mworld.client.post("/api/auth/token", json={"username": "ann2", "password": "correct-horse-1"}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert mworld.client.delete("/api/auth/token", headers=headers).status_code == 204
    assert mworld.client.get("/api/me", headers=headers).status_code == 401


def test_openapi_docs(mworld: World, tmp_path: Path) -> None:
    docs = mworld.client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
    assert mworld.client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    spec = mworld.client.get("/openapi.json").json()
    assert "/api/predict" in spec["paths"] and "/api/export" in spec["paths"]
