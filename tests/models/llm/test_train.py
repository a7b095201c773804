"""train_bundle / load_text_model end to end against the fake server (no LLM needed)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from interlang.errors import InputError, ModelError
from interlang.models.bundle import Bundle
from interlang.models.families import load_text_model
from interlang.tasks.families import train_family
from interlang.tasks.llm_training import train_bundle

CUES = {"Spanish": "tapas", "German": "bratwurst", "Mandarin": "dumpling"}


def _corpus(path: Path, n_per: int = 24) -> Path:
    rows = []
    levels = {"Spanish": "A2", "German": "B1", "Mandarin": "B2"}
    for l1, cue in CUES.items():
        for i in range(n_per):
            text = f"Text number {i}. Yesterday I ate {cue} with friends. It was good."
            if i % 6 == 0:  # a few texts point at the wrong L1
                text = "Yesterday I ate tapas and bratwurst and dumpling dumpling."
            rows.append({"id": f"{l1}-{i}", "text": text, "language": "en", "l1": l1,
                         "cefr": levels[l1], "writer_id": f"{l1}-{i}"})
    rows.append({"id": "rare-1", "text": "A text.", "language": "en", "l1": "Tswana", "cefr": "B1", "writer_id": "r"})
    target = path / "toy.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_l1_bundle_over_http_roundtrip(fake_server, tmp_path: Path) -> None:
    fake_server.config.cues = CUES
    corpus = _corpus(tmp_path)
    bundle = train_family("llm", "l1", str(corpus), endpoint=fake_server.url,
                          calibrate="temperature", model="fake-model", limit=12)
    bundle.save(tmp_path / "b")
    assert bundle.extra["family"] == "llm"
    assert bundle.labels.labels == ("German", "Mandarin", "Spanish")
    assert bundle.extra["dropped"] == {"Tswana": 1}
    test = bundle.metrics["test"]
    assert test["top1"] >= 0.75 and test["top3"] == 1.0 and "macro_f1" in test
    assert bundle.metrics["invalid"] == {"n": 0, "rate": 0.0}
    assert bundle.metrics["scoring"]["modes"]["loglik"] == test["n"]
    assert bundle.calibration["method"] == "temperature"
    config = bundle.load_json("llm")
    assert config["kind"] == "openai" and config["endpoint"] == fake_server.url and config["prompt"] == "nli"
    assert bundle.corpora[0].hash.startswith("sha256:")

    loaded = Bundle.load(tmp_path / "b")
    assert not loaded.estimator_pending and loaded.estimator is None  # config only, no weights
    model = load_text_model(tmp_path / "b")
    proba = model.predict_proba(["We ate bratwurst.", "Dumpling time."])
    assert proba.shape == (2, 3) and np.allclose(proba.sum(axis=1), 1.0)
    assert list(np.asarray(loaded.labels.labels)[proba.argmax(axis=1)]) == ["German", "Mandarin"]
    spans = model.explain_text("I like cars. We ate tapas. The end.", top=3)
    assert spans[0]["span"] == "We ate tapas." and spans[0]["weight"] > 0


def test_level_bundle_with_limit_and_generation_fallback(fake_server, tmp_path: Path) -> None:
    fake_server.config.echo = False
    fake_server.config.answer = "Level B1+"
    bundle = train_bundle("level", str(_corpus(tmp_path)), endpoint=fake_server.url, limit="6",
                          model="fake-model", retries="0")
    assert bundle.labels.labels == ("A2", "B1", "B2") and bundle.labels.ordinal
    assert bundle.metrics["sizes"][1:] == [6, 6]
    assert bundle.metrics["scoring"]["modes"] == {"loglik": 0, "generation": 6}
    assert bundle.metrics["test"]["accuracy"] == pytest.approx(1 / 3, abs=0.2)  # always says B1
    assert bundle.calibration["method"] == "none"
    fake_server.config.answer = "no idea"
    model = load_text_model(bundle)
    model.predict_proba(["x"])
    assert model.stats["invalid"] == 1


def test_bad_options(tmp_path: Path, fake_server) -> None:
    corpus = str(_corpus(tmp_path))
    with pytest.raises(InputError, match="exactly one of"):
        train_bundle("l1", corpus)
    with pytest.raises(InputError, match="unknown option 'colour'"):
        train_bundle("l1", corpus, endpoint=fake_server.url, colour="red")
    with pytest.raises(InputError, match="wrong type"):
        train_bundle("l1", corpus, endpoint=fake_server.url, limit="many")
    with pytest.raises(ModelError, match="does not exist"):
        train_bundle("l1", corpus, gguf=str(tmp_path / "missing.gguf"))


def test_cap_is_stratified_and_exactly_the_limit() -> None:
    from interlang.models.llm.train import cap_indices as _cap

    y = np.asarray(["A"] * 20 + ["B"] * 8 + ["C"] * 2, dtype=object)
    idx = np.arange(30)
    for limit in (1, 3, 5, 12):
        chosen = _cap(idx, y, limit, 13)
        assert len(chosen) == limit and len(set(chosen.tolist())) == limit
    assert set(y[_cap(idx, y, 12, 13)]) == {"A", "B", "C"}
    assert len(_cap(idx, y, 0, 13)) == 0 and len(_cap(idx, y, None, 13)) == 30
    many = np.asarray([f"L{i % 24}" for i in range(58)], dtype=object)  # 24 classes of 2-3
    assert len(_cap(np.arange(58), many, 30, 13)) == 30
