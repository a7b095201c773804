"""LLMClassifier without any LLM: label sets, calibration on a dev split, occlusion."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.errors import InputError, ModelError
from interlang.labels import LabelSet
from interlang.models.llm.classifier import LLMClassifier, occlusion_units

LABELS = LabelSet.nominal(["German", "Mandarin", "Spanish"])


def test_scores_follow_the_backend_and_rows_sum_to_one(keyword_backend) -> None:
    clf = LLMClassifier(keyword_backend, task="l1", labels=LABELS)
    proba = clf.predict_proba(["We ate tapas and more tapas.", "A bratwurst.", "Nothing here."])
    assert proba.shape == (3, 3)
    assert proba.sum(axis=1) == pytest.approx(np.ones(3))
    assert clf.predict(["We ate tapas.", "Dumpling day.", "A bratwurst."]) == ["Spanish", "Mandarin", "German"]
    assert proba[2] == pytest.approx(np.full(3, 1 / 3))
    raw = clf.decision_function(["tapas"])
    assert raw[0].tolist() == pytest.approx([-4.5, -4.5, -1.5])  # sum of the two token log-probs
    clf_mean = LLMClassifier(keyword_backend, task="l1", labels=LABELS, length_norm="mean")
    assert clf_mean.decision_function(["tapas"])[0].tolist() == pytest.approx([-2.25, -2.25, -0.75])


def test_fit_records_labels_and_fits_temperature(keyword_backend) -> None:
    clf = LLMClassifier(keyword_backend, task="l1")
    with pytest.raises(ModelError, match="no label set"):
        clf.predict(["x"])
    texts = ["tapas"] * 6 + ["bratwurst"] * 6 + ["dumpling"] * 6
    gold = ["Spanish"] * 5 + ["German"] + ["German"] * 5 + ["Spanish"] + ["Mandarin"] * 6
    clf.fit(texts, gold)
    assert clf.labels == LABELS
    cal = clf.calibration_
    assert cal is not None and cal["method"] == "temperature" and cal["dev_n"] == 18
    assert cal["dev_nll_after"] <= cal["dev_nll_before"]
    assert clf.temperature != 1.0
    assert clf.get_params()["temperature"] == clf.temperature
    clf.fit(labels=LABELS)  # labels only: no calibration
    assert clf.temperature == 1.0 and clf.calibration_ == {"method": "none"}


def test_affine_calibration_corrects_a_prior(keyword_backend) -> None:
    backend = type(keyword_backend)({"Spanish": "tapas", "German": "bratwurst", "Mandarin": "dumpling"})
    clf = LLMClassifier(backend, task="l1", labels=LABELS, calibrate="affine")
    # every text mentions tapas once, so raw scores always say Spanish; the dev labels disagree
    texts = ["tapas bratwurst bratwurst"] * 4 + ["tapas dumpling dumpling"] * 4 + ["tapas tapas"] * 4
    gold = ["German"] * 4 + ["Mandarin"] * 4 + ["Spanish"] * 4
    clf.fit(texts, gold)
    assert clf.bias is not None and len(clf.bias) == 3
    assert clf.predict(texts) == gold


def test_level_labels_are_a_contiguous_cefr_range(keyword_backend) -> None:
    clf = LLMClassifier(keyword_backend, task="level").fit(labels=["B2", "A2"])
    assert clf.label_set == LabelSet.cefr(("A2", "B1", "B2"))
    assert "A2 (elementary)" in clf.render("x")


def test_invalid_options_and_inputs(keyword_backend) -> None:
    with pytest.raises(InputError):
        LLMClassifier(keyword_backend, task="topic")
    with pytest.raises(InputError):
        LLMClassifier(keyword_backend, task="l1", calibrate="isotonic")
    clf = LLMClassifier(keyword_backend, task="l1", labels=LABELS)
    with pytest.raises(InputError, match="empty text"):
        clf.predict_proba(["ok", "  "])


def test_long_texts_are_cut_and_counted(keyword_backend) -> None:
    clf = LLMClassifier(keyword_backend, task="l1", labels=LABELS, max_text_chars=50)
    clf.predict_proba(["word " * 100, "short"])
    assert clf.stats.truncated == 1
    assert len(clf.render("word " * 100).split("TEXT:\n")[1]) < 70


def test_occlusion_finds_the_sentence_with_the_cue(keyword_backend) -> None:
    clf = LLMClassifier(keyword_backend, task="l1", labels=LABELS)
    text = "I went to the market. We ate tapas there. It was sunny and warm."
    spans = clf.explain_text(text, top=2)
    assert spans[0]["span"] == "We ate tapas there."
    assert text[spans[0]["start"] : spans[0]["end"]] == spans[0]["span"]
    assert spans[0]["weight"] > 0.3 and spans[0]["label"] == "Spanish"
    assert len(spans) == 2 and spans[1]["weight"] == pytest.approx(0.0, abs=1e-9)


def test_occlusion_units_windows_and_merging() -> None:
    one_sentence = " ".join(f"w{i}" for i in range(20))
    units = occlusion_units(one_sentence, window=8)
    assert [one_sentence[s:e].split()[0] for s, e in units] == ["w0", "w8", "w16"]
    many = " ".join(f"Sentence {i}." for i in range(100))
    assert len(occlusion_units(many, max_units=40)) <= 40
