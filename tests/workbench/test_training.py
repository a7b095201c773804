"""Prediction endpoint and admin-triggered training from the approved corpus."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from .conftest import World

EASY = ["Ich heiße {n}. Ich wohne in Berlin. Ich habe einen Hund.", "Das ist {n}. Sie ist zehn Jahre alt. Sie spielt gern.",
        "Wir essen Brot. {n} trinkt Milch. Das Essen ist gut.", "Mein Name ist {n}. Ich lerne Deutsch. Das ist schön.",
        "{n} geht in die Schule. Die Schule ist groß. Er mag Mathe.", "Heute ist Montag. {n} kauft Äpfel. Die Äpfel sind rot.",
        "Ich bin müde. {n} schläft. Es ist Nacht."]
HARD = ["Obwohl die wirtschaftlichen Rahmenbedingungen sich erheblich verschlechtert hatten, beharrte {n} darauf, "
        "dass die Umstrukturierung des Unternehmens unverzüglich umgesetzt werden müsse.",
        "Die Auseinandersetzung um die Verantwortlichkeit für die gescheiterten Verhandlungen, die {n} angestoßen hatte, "
        "offenbarte tiefgreifende Meinungsverschiedenheiten innerhalb der Koalition.",
        "Angesichts der zunehmenden Digitalisierung sämtlicher Lebensbereiche wird von {n} gefordert, datenschutzrechtliche "
        "Bestimmungen konsequenter durchzusetzen und weiterzuentwickeln.",
        "Nachdem {n} die umfangreichen Forschungsergebnisse ausgewertet hatte, wurde deutlich, dass die ursprüngliche "
        "Hypothese nur eingeschränkt haltbar war.",
        "Die Einführung verbindlicher Qualitätsstandards, die {n} seit Jahren befürwortet, würde die Vergleichbarkeit "
        "wissenschaftlicher Veröffentlichungen erheblich verbessern.",
        "Infolge der außergewöhnlich langanhaltenden Trockenperiode sah sich {n} gezwungen, wasserintensive "
        "landwirtschaftliche Produktionsverfahren grundlegend zu überdenken.",
        "Es ist unbestreitbar, dass {n} durch die Verknüpfung interdisziplinärer Ansätze wesentliche Fortschritte "
        "bei der Bewältigung komplexer gesellschaftlicher Herausforderungen erzielt hat."]
NAMES = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta"]


def _approved_corpus(w: World, n: int = 6) -> None:
    for i in range(n):
        for template, level in ((EASY[i], "A1"), (HARD[i], "C1")):
            t = w.text(text=template.format(n=NAMES[i]))
            w.move(t["id"], "pending_review", "approved", level=level)


def test_predict_returns_level_probabilities_and_features(world: World) -> None:
    r = world.client.post("/api/predict", json={"text": EASY[0].format(n="Anna"), "language": "de"}, headers=world.h("reviewer"))
    assert r.status_code == 200, r.text
    out = r.json()
    # The answer is reading difficulty; the shipped proficiency model is shown, labelled, never combined.
    assert out["language"] == "de" and out["task"] == "difficulty" and out["combined_from"] == ["difficulty"]
    difficulty = out["models"]["difficulty"]
    assert difficulty["available"] and difficulty["model"] == "difficulty-de" and difficulty["task"] == "difficulty"
    assert out["probabilities"] == pytest.approx(difficulty["probabilities"], abs=1e-3)
    ml = out["models"]["ml"]
    assert ml["available"] and ml["model"] == "level-de" and ml["task"] == "proficiency"
    assert abs(sum(ml["probabilities"].values()) - 1) < 1e-3
    assert out["level"] == max(out["probabilities"], key=out["probabilities"].get) == "A1"
    assert "readability" in out["features"] and "read_flesch_amstad" in out["features"]["readability"]
    assert out["models"]["rules"]["available"] is False and "POST /api/jobs/train" in out["models"]["rules"]["reason"]
    bad = world.client.post("/api/predict", json={"text": "   "}, headers=world.h("reviewer"))
    assert bad.status_code == 422
    workbench = world.client.post("/api/predict", json={"text": "Hallo Welt, wie geht es?", "language": "de",
                                                         "ml_model": "workbench"}, headers=world.h("admin")).json()
    assert workbench["combined_from"] == ["difficulty"]
    assert "no workbench-trained model" in workbench["models"]["ml"]["reason"]


def test_training_refuses_too_few_texts(world: World) -> None:
    t = world.text()
    world.move(t["id"], "pending_review", "approved", level="A1")
    r = world.client.post("/api/jobs/train", json={"family": "logreg"}, headers=world.h("admin"))
    assert r.status_code == 422
    assert "too few approved de texts per level" in r.json()["detail"] and "A1 1" in r.json()["detail"]
    assert r.json()["info"]["counts"] == {"A1": 1}
    assert world.client.get("/api/jobs", headers=world.h("admin")).json() == []


@pytest.mark.slow
def test_training_job_then_prediction_with_the_trained_models(world: World) -> None:
    _approved_corpus(world)
    r = world.client.post("/api/jobs/train", json={"family": "logreg", "min_per_level": 5}, headers=world.h("admin"))
    assert r.status_code == 202, r.text
    job: dict[str, Any] = r.json()
    deadline = time.time() + 300
    while job["status"] in ("queued", "running") and time.time() < deadline:
        time.sleep(0.5)
        job = world.client.get(f"/api/jobs/{job['id']}", headers=world.h("admin")).json()
    assert job["status"] == "succeeded", job["error"]
    result = job["result"]
    assert result["language"] == "de" and result["n_texts"] == 12 and result["counts"] == {"A1": 6, "C1": 6}
    assert sum(result["ml"]["sizes"]) == 12 and "macro_f1" in result["ml"]["test"]
    out = world.client.post("/api/predict", json={"text": EASY[6].format(n="Greta"), "language": "de", "ml_model": "workbench"},
                            headers=world.h("reviewer")).json()
    assert out["models"]["ml"]["available"] and out["models"]["ml"]["model"].startswith("workbench-de-logreg-job")
    assert set(out["models"]["ml"]["probabilities"]) == {"A1", "A2", "B1", "B2", "C1"}
    rules = out["models"]["rules"]
    assert rules["available"] and rules["trace"]["components"] and out["combined_from"] == ["difficulty", "ml", "rules"]
    hard = world.client.post("/api/predict", json={"text": HARD[6].format(n="Greta"), "language": "de", "ml_model": "workbench"},
                             headers=world.h("reviewer")).json()
    assert hard["probabilities"]["C1"] > out["probabilities"]["C1"]
    from .test_web import login

    admin = login(world, "admin")
    page = admin.get("/jobs")
    assert page.status_code == 200 and "succeeded" in page.text and "macro-F1" in page.text
    if world.app.state.workbench.engine.dialect.name == "sqlite":  # the web form once (training is slow)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        r = admin.post("/jobs/train", data={"csrf_token": token, "family": "rf", "min_per_level": "5"}, follow_redirects=False)
        assert "started" in r.headers["location"]
        jobs = world.client.get("/api/jobs", headers=world.h("admin")).json()
        assert jobs[0]["params"]["family"] == "rf" and jobs[0]["status"] == "succeeded", jobs[0]["error"]
