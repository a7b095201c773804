"""Web UI: cookie login with CSRF, every page per role, forms that change state."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import pytest

from .conftest import PASSWORD, WEB_EXTRA, World

TestClient = pytest.importorskip("fastapi.testclient", reason=WEB_EXTRA).TestClient


def login(w: World, username: str) -> TestClient:
    """A separate browser-like client logged in as ``username`` (cookies kept)."""
    client = TestClient(w.app)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    r = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/", r.text
    return client


def csrf_of(client: TestClient, url: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert m is not None
    return m.group(1)


def test_login_needs_the_form_token_and_right_password(world: World) -> None:
    client = TestClient(world.app)
    assert client.get("/texts", follow_redirects=False).headers["location"] == "/login"
    r = client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "forged"}, follow_redirects=False)
    assert "login form expired" in r.headers["location"].replace("+", " ")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    r = client.post("/login", data={"username": "admin", "password": "nope-nope", "csrf_token": token}, follow_redirects=False)
    assert "wrong username or password" in r.headers["location"].replace("+", " ")


PAGES = {
    "/texts": ("admin", "reviewer"), "/import": ("admin", "reviewer"), "/assignments": ("admin", "reviewer"),
    "/dashboard": ("admin", "reviewer"), "/export": ("admin", "reviewer"), "/users": ("admin",),
    "/jobs": ("admin",), "/annotate": ("ann1",),
}


@pytest.mark.parametrize("role", ["admin", "reviewer", "ann1"])
def test_pages_per_role(world: World, role: str) -> None:
    client = login(world, role)
    t = world.text(genre="news")
    world.assign(t["id"], "ann1")
    for url, allowed in PAGES.items():
        r = client.get(url)
        assert r.status_code == (200 if role in allowed else 403), (url, role)
    r = client.get(f"/texts/{t['id']}")
    assert r.status_code == (403 if role == "ann1" else 200)
    home = client.get("/", follow_redirects=False).headers["location"]
    assert home == ("/annotate" if role == "ann1" else "/texts")


def test_forms_need_csrf(world: World) -> None:
    client = login(world, "reviewer")
    t = world.text()
    r = client.post(f"/texts/{t['id']}/transition", data={"to": "pending_review", "version": "1"}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    r = client.post(f"/texts/{t['id']}/transition", data={"to": "pending_review", "version": "1", "csrf_token": "x" * 43},
                    follow_redirects=False)
    assert r.status_code == 403
    # the API with a session cookie needs the header too
    assert client.patch(f"/api/texts/{t['id']}", json={"version": 1, "genre": "x"}).status_code == 403
    token = csrf_of(client, "/texts")
    ok = client.patch(f"/api/texts/{t['id']}", json={"version": 1, "genre": "x"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200
    r = client.post(f"/texts/{t['id']}/transition", data={"to": "pending_review", "version": "2", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303 and "now pending review" in r.headers["location"].replace("+", " ")


def test_web_round_trip(world: World) -> None:
    reviewer = login(world, "reviewer")
    token = csrf_of(reviewer, "/import")
    r = reviewer.post("/import", data={"csrf_token": token},
                      files={"file": ("t.csv", "title,text,language\nEins,Ich wohne in Berlin.,de\nZwei,,de\n", "text/csv")})
    assert r.status_code == 200 and "1 text(s) imported" in r.text and "<td>3</td>" in r.text
    tid = world.client.get("/api/texts", headers=world.h("admin")).json()["items"][0]["id"]
    r = reviewer.post(f"/texts/{tid}/assign-annotators", data={"csrf_token": token, "annotator_ids": [str(world.ids["ann1"])]},
                      follow_redirects=False)
    assert "1 new assignment" in r.headers["location"].replace("+", " ")
    ann = login(world, "ann1")
    atoken = csrf_of(ann, f"/annotate/{tid}")
    r = ann.post(f"/annotate/{tid}", data={"csrf_token": atoken, "level": "A2", "comment": "leicht"}, follow_redirects=False)
    assert r.headers["location"].startswith("/annotate?msg=saved")
    page = reviewer.get(f"/texts/{tid}")
    assert "leicht" in page.text and "A2" in page.text
    for to, extra in (("pending_review", {}), ("approved", {"level": "A2"})):
        version = world.client.get(f"/api/texts/{tid}", headers=world.h("admin")).json()["version"]
        r = reviewer.post(f"/texts/{tid}/transition", data={"csrf_token": token, "to": to, "version": str(version), **extra},
                          follow_redirects=False)
        assert "err=" not in r.headers["location"], r.headers["location"]
    assert world.client.get(f"/api/texts/{tid}", headers=world.h("admin")).json()["level"] == "A2"
    r = reviewer.get("/export/download?format=csv&status=approved")
    assert r.status_code == 200 and "Ich wohne in Berlin." in r.text
    r = reviewer.get("/dashboard")
    assert r.status_code == 200 and "<svg" in r.text
    r = reviewer.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.headers["location"] == "/login"
    assert reviewer.get("/texts", follow_redirects=False).status_code == 303


def test_stale_edit_in_the_browser_is_refused(world: World) -> None:
    client = login(world, "reviewer")
    t = world.text()
    token = csrf_of(client, f"/texts/{t['id']}")
    world.client.patch(f"/api/texts/{t['id']}", json={"version": 1, "genre": "first"}, headers=world.h("admin"))
    r = client.post(f"/texts/{t['id']}/edit", data={"csrf_token": token, "version": "1", "text": t["text"], "genre": "second"},
                    follow_redirects=False)
    assert "changed by someone else" in r.headers["location"].replace("+", " ")
    assert world.client.get(f"/api/texts/{t['id']}", headers=world.h("admin")).json()["genre"] == "first"


def test_static_htmx_is_vendored(world: World) -> None:
    r = TestClient(world.app).get("/static/htmx.min.js")
    assert r.status_code == 200 and "htmx" in r.text[:2000]
    page = TestClient(world.app).get("/login").text
    assert 'src="/static/htmx.min.js"' in page and "https://" not in page


def test_manual_segmentation_form(world: World) -> None:
    t = world.text(text="Der Hund läuft schnell über die große Wiese.\nDie Kinder lachen laut und spielen Ball im Garten.")
    world.move(t["id"], "pending_review", "approved", level="A2")
    client = login(world, "reviewer")
    token = csrf_of(client, f"/texts/{t['id']}")
    marked = "Der Hund läuft schnell über die große Wiese.\n---\nDie Kinder lachen laut und spielen Ball im Garten."
    r = client.post(f"/texts/{t['id']}/segment", data={"csrf_token": token, "mode": "manual", "marked": marked},
                    follow_redirects=False)
    assert "2 segments" in r.headers["location"].replace("+", " ")
    segs = world.client.get(f"/api/texts/{t['id']}/segments", headers=world.h("admin")).json()
    assert [s["text"] for s in segs] == marked.split("\n---\n")
    bad = client.post(f"/texts/{t['id']}/segment", data={"csrf_token": token, "mode": "manual", "marked": "erfunden\n---\nx"},
                      follow_redirects=False)
    assert "err=" in bad.headers["location"]


def test_admin_manages_users_in_the_browser(world: World) -> None:
    client = login(world, "admin")
    token = csrf_of(client, "/users")
    r = client.post("/users", data={"csrf_token": token, "username": "newbie", "password": "long-password", "role": "annotator"},
                    follow_redirects=False)
    assert "created newbie" in r.headers["location"].replace("+", " ")
    uid = next(u["id"] for u in world.client.get("/api/users", headers=world.h("admin")).json() if u["username"] == "newbie")
    r = client.post(f"/users/{uid}", data={"csrf_token": token, "role": "reviewer"}, follow_redirects=False)
    assert "newbie: reviewer, active" in unquote_plus(r.headers["location"])
    r = client.post(f"/users/{uid}", data={"csrf_token": token, "active": "false"}, follow_redirects=False)
    assert "inactive" in r.headers["location"]
    assert world.client.post("/api/auth/token", json={"username": "newbie", "password": "long-password"}).status_code == 401
    r = client.post(f"/users/{world.ids['admin']}", data={"csrf_token": token, "active": "false"}, follow_redirects=False)
    assert "cannot deactivate yourself" in r.headers["location"].replace("+", " ")


def test_web_import_refuses_oversized_upload(world: World) -> None:
    client = login(world, "reviewer")
    token = csrf_of(client, "/import")
    r = client.post("/import", data={"csrf_token": token}, files={"file": ("big.csv", b"text\n" + b"x" * 70_000, "text/csv")})
    assert r.status_code == 413 and "split the file" in r.text and 'id="import-error"' in r.text
