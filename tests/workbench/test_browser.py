"""The whole loop in real headless Chromium: log in, import, assign, annotate blind, review, approve, export.

Debian's ``chromium`` driven by Playwright (``executable_path``; Playwright's own browser download
is not used). Screenshots go to ``$INTERLANG_TEST_ARTEFACTS`` or pytest's tmp dir.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("INTERLANG_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CSV = ("title,text,language,genre\n"
       "Mein Tag,Ich stehe um sieben Uhr auf. Dann frühstücke ich mit meiner Familie. Danach fahre ich mit dem Bus zur Arbeit.,de,diary\n"
       "Kaputt,,de,diary\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """The workbench on 127.0.0.1 in a thread (uvicorn), with one reviewer and two annotators."""
    uvicorn = pytest.importorskip("uvicorn", reason="the workbench needs the [web] extra")
    pytest.importorskip("fastapi", reason="the workbench needs the [web] extra")
    from interlang.workbench import service
    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    app = create_app(WorkbenchSettings(db_url=f"sqlite:///{tmp_path / 'wb.db'}", models_dir=tmp_path / "models"))
    with app.state.workbench.sessions() as db:
        for name, role in (("rita", "reviewer"), ("ann1", "annotator"), ("ann2", "annotator")):
            service.create_user(db, name, PASSWORD, role)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture()
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                               args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def artefacts(tmp_path: Path) -> Path:
    base = os.environ.get("INTERLANG_TEST_ARTEFACTS")
    path = Path(base) if base else tmp_path / "artefacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _login(page: Any, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(lambda url: "/login" not in url)


def _logout(page: Any) -> None:
    page.click("text=Log out")
    page.wait_for_url("**/login")


def test_full_loop_in_chromium(server: str, browser: Any, artefacts: Path, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    blocked = _csp_violations(page)

    # reviewer imports a CSV: one good row, one bad row reported with its number
    _login(page, server, "rita")
    page.click("text=Import")
    upload = tmp_path / "texts.csv"
    upload.write_text(CSV, encoding="utf-8")
    page.set_input_files("#file", str(upload))
    page.click("#upload")
    page.wait_for_selector("#import-result")
    result = page.inner_text("#import-result")
    assert "1 text(s) imported" in result and "1 row(s) refused" in result and "text is empty" in result

    # submit it for review and assign two annotators automatically
    page.goto(f"{server}/texts")
    page.click("#text-list >> text=Mein Tag")
    page.wait_for_selector("#to-pending_review")
    text_url = page.url
    page.click("#to-pending_review")
    page.wait_for_selector("#status:has-text('pending review')")
    page.click("text=Assignments")
    page.fill("#k", "2")
    page.click("#auto-assign")
    page.wait_for_selector("text=2 new assignment(s)")
    _logout(page)

    # each annotator: blind view, keys pick the level, Enter submits
    for user, key, level in (("ann1", "3", "B1"), ("ann2", "4", "B2")):
        _login(page, server, user)
        page.click("#queue >> text=Mein Tag")
        page.wait_for_selector("#assess")
        body = page.inner_text("main")
        assert "Ich stehe um sieben Uhr auf" in body and "prediction" not in body.lower()
        page.keyboard.press(key)
        assert page.is_checked(f"input[name=level][value={level}]")
        if user == "ann1":
            page.screenshot(path=str(artefacts / "annotate.png"), full_page=True)
        page.keyboard.press("Enter")
        page.wait_for_selector("text=your queue is done")
        _logout(page)

    # reviewer sees both assessments and the prediction, approves with the final level
    _login(page, server, "rita")
    page.goto(text_url)
    page.wait_for_selector("#assessments")
    assessments = page.inner_text("#assessments")
    assert "ann1" in assessments and "B1" in assessments and "ann2" in assessments and "B2" in assessments
    assert page.inner_text("#review").count("Model prediction") == 1
    page.select_option("#final-level", "B1")
    page.click("#to-approved")
    page.wait_for_selector("#status:has-text('approved')")
    assert page.inner_text("#level") == "B1"
    page.screenshot(path=str(artefacts / "review-approved.png"), full_page=True)

    # export the approved corpus as CSV
    page.click("text=Export")
    page.select_option("#format", "csv")
    page.select_option("select[name=status]", "approved")
    with page.expect_download() as info:
        page.click("#export")
    saved = tmp_path / "export.csv"
    info.value.save_as(str(saved))
    exported = saved.read_text(encoding="utf-8-sig")
    assert "Ich stehe um sieben Uhr auf" in exported and "B1" in exported

    page.click("text=Dashboard")
    page.wait_for_selector("svg")
    page.screenshot(path=str(artefacts / "dashboard.png"), full_page=True)
    context.close()
    assert (artefacts / "review-approved.png").stat().st_size > 10_000
    assert blocked == []  # every page works under the Content-Security-Policy (no inline script)


def _csp_violations(page: Any) -> list[str]:
    """What Chromium refuses under the page's Content-Security-Policy (it logs each refusal)."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


def test_api_docs_run_under_the_csp(server: str, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    blocked = _csp_violations(page)
    response = page.goto(f"{server}/docs")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)  # Swagger UI started from swagger-init.js
    assert "interlang CEFR workbench" in page.inner_text(".swagger-ui .info .title")
    page.goto(f"{server}/login")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                  " document.body.appendChild(s); }")
    assert page.evaluate("() => window.injected") is None  # an injected inline script does not run
    assert any("inline script" in b for b in blocked) and not any("swagger" in b for b in blocked)
    context.close()
