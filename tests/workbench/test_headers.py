"""Security headers on every route, and templates the Content-Security-Policy can allow (no inline JS)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from .conftest import World

EXPECTED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "interlang" / "workbench" / "web" / "templates"


class _InlineScripts(HTMLParser):
    """Collects what a ``script-src 'self'`` policy would block: inline scripts, handlers, js: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script":
            self._in_script = True
            if "src" not in names:
                self.found.append(f"<script> without src at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…> at line {self.getpos()[0]}")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=\"javascript:…\"> at line {self.getpos()[0]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"inline script body at line {self.getpos()[0]}: {data.strip()[:40]!r}")


def inline_scripts(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_detector_finds_inline_script() -> None:
    assert inline_scripts('<script>alert(1)</script>') and inline_scripts('<button onclick="x()">')
    assert inline_scripts('<a href="javascript:void(0)">') and inline_scripts('<div hx-on:click="x()">')
    assert inline_scripts('<script src="/a.js">alert(1)</script>')
    assert inline_scripts('<script src="/static/a.js" defer></script><a href="/x" class="on">') == []


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_have_no_inline_script(template: str) -> None:
    assert inline_scripts((TEMPLATES / template).read_text(encoding="utf-8")) == []


def _check(response: Any, hsts: bool) -> list[str]:
    problems = []
    for name, value in EXPECTED.items():
        if response.headers.get(name) != value:
            problems.append(f"{name}: {response.headers.get(name)!r}")
    csp = response.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    if directives.get("script-src") != ["'self'"]:
        problems.append(f"script-src: {directives.get('script-src')}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors: {directives.get('frame-ancestors')}")
    if ("strict-transport-security" in response.headers) != hsts:
        problems.append(f"strict-transport-security: {response.headers.get('strict-transport-security')!r}")
    if response.headers.get("content-type", "").startswith("text/html"):
        problems += [f"inline JS: {f}" for f in inline_scripts(response.text)]
    return problems


def _routes(app: Any) -> list[Any]:
    """``app.routes`` with included routers expanded (FastAPI ≥ 0.16x keeps them as one entry each)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def _requests(app: Any, ids: dict[str, int]) -> list[tuple[str, str]]:
    """(method, URL) for every route of the app, path parameters filled with existing rows."""
    from starlette.routing import Mount

    out = []
    for route in _routes(app):
        if isinstance(getattr(route, "original_route", route), Mount):
            out.append(("GET", route.path + "/style.css"))
            continue
        path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(ids.get(m.group(1), 1)), route.path)
        for method in sorted(route.methods or ()):
            out.append((method, path))
    # Deletions last, so the other routes still find their rows.
    return sorted(out, key=lambda r: r[0] == "DELETE")


def test_every_route_sends_the_security_headers(world: World) -> None:
    text = world.text()
    world.assign(text["id"], "ann1")
    ids = {"text_id": text["id"], "user_id": world.ids["ann1"]}
    walked, problems = set(), []
    for method, url in _requests(world.app, ids):
        for who in ("admin", None):  # authenticated, and refused (401 / redirect to the login page)
            headers = world.h(who) if who else {}
            kwargs: dict[str, Any] = {} if method in ("GET", "HEAD", "DELETE") else {"json": {}}
            response = world.client.request(method, url, headers=headers, follow_redirects=False, **kwargs)
            walked.add((method, url))
            problems += [f"{method} {url} ({who or 'anonymous'}, {response.status_code}): {p}"
                         for p in _check(response, hsts=False)]
    assert len(walked) > 60  # every API and page route, the docs, the OpenAPI spec and static files
    assert ("GET", "/docs") in walked and ("GET", "/login") in walked and ("POST", "/api/auth/token") in walked
    assert not problems, "\n".join(problems)


def test_hsts_only_with_secure_cookies(tmp_path: Path) -> None:
    pytest.importorskip("fastapi", reason="the workbench needs the [web] extra")
    from fastapi.testclient import TestClient

    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    for secure in (False, True):
        settings = WorkbenchSettings(db_url=f"sqlite:///{tmp_path / f'{secure}.db'}", background_jobs=False,
                                     analyse=False, secure_cookies=secure, models_dir=tmp_path / "models")
        app = create_app(settings)
        with TestClient(app) as client:
            for url in ("/login", "/api/me", "/docs", "/static/htmx.min.js", "/no-such-page"):
                response = client.get(url, follow_redirects=False)
                assert _check(response, hsts=secure) == [], (url, secure)
            if secure:
                assert client.get("/login").headers["strict-transport-security"].startswith("max-age=31536000")
        app.state.workbench.engine.dispose()


def test_api_docs_load_their_script_from_a_file(world: World) -> None:
    page = world.client.get("/docs")
    assert page.status_code == 200 and '<script src="/static/swagger-init.js">' in page.text
    script = world.client.get("/static/swagger-init.js")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.text and "/openapi.json" in script.text
