"""The workbench grades levels: its prediction paths go through the predictor protocol and never run the L1 model."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import World


@pytest.fixture()
def l1_calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every call into an L1 predictor (the shipped ``l1-de`` is installed, so analyze would run it)."""
    from interlang.analysis import predictors

    calls: list[Any] = []
    original = predictors.L1Model._predict

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(predictors.L1Model, "_predict", spy)
    return calls


@pytest.fixture()
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every model loaded through the predictor protocol."""
    from interlang.analysis import predictors

    loaded: list[str] = []
    original = predictors.load

    def spy(name: Any) -> Any:
        loaded.append(str(name))
        return original(name)

    monkeypatch.setattr(predictors, "load", spy)
    return loaded


def test_predict_and_ingestion_run_no_l1_model(world: World, l1_calls: list[Any]) -> None:
    r = world.client.post("/api/predict", json={"text": "Ich wohne in Berlin. Das ist schön.", "language": "de"},
                          headers=world.h("reviewer"))
    assert r.status_code == 200, r.text
    assert r.json()["models"]["ml"]["available"] and r.json()["models"]["ml"]["model"] == "level-de"
    world.text()  # ingestion computes features and the shipped level prediction
    assert l1_calls == []


def test_difficulty_only_prediction_runs_no_proficiency_model(world: World, loaded: list[str]) -> None:
    r = world.client.post("/api/predict", json={"text": "Ich wohne in Berlin.", "language": "de", "models": ["difficulty"]},
                          headers=world.h("reviewer"))
    assert r.status_code == 200, r.text
    assert loaded == ["difficulty-de"] and r.json()["combined_from"] == ["difficulty"]
    assert r.json()["level"] == r.json()["models"]["difficulty"]["level"]


def test_rules_only_prediction_skips_the_shipped_level_model(world: World, loaded: list[str]) -> None:
    r = world.client.post("/api/predict", json={"text": "Ich wohne in Berlin.", "language": "de", "models": ["rules"]},
                          headers=world.h("reviewer"))
    assert r.status_code == 200, r.text
    assert set(r.json()["models"]) == {"rules"} and r.json()["level"] is None
    assert loaded == []
