"""Local and global explanations on synthetic data where the informative feature is known."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from interlang.explain.shap_explain import explain_global, explain_local, has_shap, summary_plot
from interlang.models.level_pipeline import LevelPipeline
from interlang.models.predict import adjacent_hint

LABELS = ["A1", "A2", "B1"]


def _data(n: int = 90) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), n // 3)
    X = pd.DataFrame({
        "signal": y + rng.normal(0, 0.3, y.size),
        "noise_a": rng.normal(0, 1, y.size),
        "noise_b": rng.normal(0, 1, y.size),
    })
    return X, np.asarray([LABELS[i] for i in y], dtype=object)


def _pipeline(model: str) -> tuple[LevelPipeline, pd.DataFrame]:
    from interlang.labels import LabelSet
    from interlang.models.classical import FeatureClassifier
    from interlang.tasks.level_training import fit_family

    X, y = _data()
    labels = LabelSet.cefr(tuple(LABELS))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if model == "ordinal":
            est = fit_family("ordinal", X, y, labels, n_jobs=1)
        else:
            grid = {"C": [1.0]} if model == "logreg" else {"n_estimators": [50], "max_depth": [3]}
            est = FeatureClassifier(model=model, labels=labels, param_grid=grid, n_jobs=1).fit(X, y)
    return LevelPipeline(est, list(X.columns), LABELS), X


@pytest.mark.parametrize("model,method", [("logreg", "auto"), ("ordinal", "auto"), ("rf", "occlusion")])
def test_local_reason_is_the_informative_feature(model: str, method: str) -> None:
    pipe, X = _pipeline(model)
    high = X.iloc[[int(np.argmax(X["signal"]))]]
    local = explain_local(pipe, high, top=3, method=method)
    assert local.label == "B1"
    assert local.reasons[0]["feature"] == "signal"
    assert local.reasons[0]["direction"] == "towards"  # for ordinal: towards higher levels
    assert local.reasons[0]["value"] == pytest.approx(float(high["signal"].iloc[0]), abs=1e-3)


@pytest.mark.skipif(not has_shap(), reason="shap (the [ml] extra) is not installed")
def test_tree_shap_global_and_per_class(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pipe, X = _pipeline("rf")
    local = explain_local(pipe, X.iloc[[0]], top=2)
    assert local.method == "shap-tree" and local.reasons[0]["feature"] == "signal"
    glob = explain_global(pipe, X)
    assert glob.ranking(1)[0][0] == "signal"
    per_class = glob.per_class(1)
    assert per_class["A1"][0][0] == "signal" and per_class["B1"][0][0] == "signal"
    assert glob.direction("signal", "A1") < 0 < glob.direction("signal", "B1")
    assert glob.to_dict()["ranking"][0]["feature"] == "signal"
    png = summary_plot(glob, tmp_path / "shap.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_adjacent_hint() -> None:
    assert adjacent_hint(LABELS, [0.1, 0.5, 0.4]) == "between A2 and B1"
    assert adjacent_hint(LABELS, [0.1, 0.7, 0.2]) is None  # runner-up too far behind
    assert adjacent_hint(LABELS, [0.45, 0.1, 0.45]) is None  # not neighbours
