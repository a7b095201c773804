"""FeatureClassifier on a small synthetic feature table (NaN, string labels, tiny classes)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from interlang.errors import InputError, ModelError
from interlang.evaluation.metrics import macro_f1
from interlang.evaluation.splits import SmallClassWarning
from interlang.labels import CEFR, LabelSet
from interlang.models.calibration import CalibratedModel
from interlang.models.classical import FeatureClassifier

LEVELS = LabelSet.cefr(CEFR.labels[:4])
SMALL_GRID = {"rf": {"n_estimators": [30], "max_depth": [None, 4]}, "gb": {"n_estimators": [30]},
              "xgb": {"n_estimators": [30]}, "lgbm": {"n_estimators": [30]}}


def _table(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6))
    codes = np.digitize(X[:, 0] + 0.6 * X[:, 1] + rng.normal(0, 0.4, n), [-0.8, 0.0, 0.8])
    X[rng.random(X.shape) < 0.08] = np.nan
    frame = pd.DataFrame(X, columns=["ttr", "mean_sent_len", "n_noise1", "n_noise2", "n_noise3", "n_noise4"])
    return frame, np.asarray(LEVELS.labels)[codes]


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame, np.ndarray]:
    X, y = _table(240, seed=0)
    X_test, y_test = _table(200, seed=1)
    return X, y, X_test, y_test


@pytest.mark.parametrize("model", ["rf", "gb", "svm", "logreg", "xgb", "lgbm"])
def test_each_model_learns_and_orders_columns(data, model: str) -> None:  # type: ignore[no-untyped-def]
    if model == "xgb":
        pytest.importorskip("xgboost")
    if model == "lgbm":
        pytest.importorskip("lightgbm")
    X, y, X_test, y_test = data
    grid = SMALL_GRID.get(model, {"C": [1.0]})
    clf = FeatureClassifier(model, param_grid=grid, labels=LEVELS).fit(X, y)
    assert list(clf.classes_) == list(LEVELS.labels)
    proba = clf.predict_proba(X_test)
    assert proba.shape == (200, 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    np.testing.assert_array_equal(clf.predict(X_test), clf.classes_[proba.argmax(axis=1)])
    assert macro_f1(y_test, clf.predict(X_test), LEVELS) > 0.5  # chance is 0.25
    assert list(clf.feature_names_in_) == list(X.columns)
    assert 0 < clf.best_score_ <= 1 and set(clf.best_params_) <= {k for k in grid}
    if model != "svm":
        imp = clf.feature_importances()
        assert set(imp.index[:2]) == {"ttr", "mean_sent_len"}


def test_grid_search_records_and_summary(data) -> None:  # type: ignore[no-untyped-def]
    X, y, _, _ = data
    clf = FeatureClassifier("logreg", param_grid={"C": [0.01, 1.0]}).fit(X, y)
    assert len(clf.cv_results_["params"]) == 2 and clf.n_splits_ == 3
    summary = clf.cv_summary()
    assert list(summary["rank"]) == [1, 2]
    assert clf.best_params_["C"] in (0.01, 1.0)
    assert clone(clf).get_params()["param_grid"] == {"C": [0.01, 1.0]}


def test_selection_and_missing_indicators(data) -> None:  # type: ignore[no-untyped-def]
    X, y, X_test, _ = data
    X = X.assign(ttr_copy=X["ttr"] * 1.01)
    clf = FeatureClassifier(
        "rf", param_grid={"n_estimators": [30]}, selection="correlation", add_indicator=True
    ).fit(X, y)
    names = clf.selected_features_
    assert ("ttr" in names) != ("ttr_copy" in names)
    assert "missing_ttr" in names or "missing_ttr_copy" in names
    assert len(clf.feature_importances()) == len(names)
    with pytest.raises(InputError, match="expected 7 features"):
        clf.predict(X_test)  # the ttr_copy column is missing
    with pytest.raises(InputError, match="differ"):
        clf.predict(X_test.assign(ttr_copy=0.0)[["ttr_copy", *X_test.columns]])


def test_permutation_importance_for_svm(data) -> None:  # type: ignore[no-untyped-def]
    X, y, X_test, y_test = data
    clf = FeatureClassifier("svm", param_grid={"C": [1.0]}).fit(X, y)
    with pytest.raises(ModelError, match="permutation"):
        clf.feature_importances()
    imp = clf.feature_importances(X_test, y_test, n_repeats=2)
    assert imp.index[0] == "ttr"


def test_small_classes_reduce_folds_and_unseen_labels_get_zero(data) -> None:  # type: ignore[no-untyped-def]
    X, y, X_test, _ = data
    y = y.copy()
    c1 = np.flatnonzero(y == "B2")
    y[c1[2:]] = "B1"  # B2 keeps 2 members
    with pytest.warns(SmallClassWarning, match="using 2 folds"):
        clf = FeatureClassifier("logreg", param_grid={"C": [1.0]}, cv=3, labels=CEFR).fit(X, y)
    assert clf.n_splits_ == 2
    proba = clf.predict_proba(X_test)
    assert proba.shape == (200, 6) and np.all(proba[:, 4:] == 0)
    y[c1[1]] = "B1"  # a single B2 text
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FeatureClassifier("logreg", param_grid={"C": [1.0]}).fit(X, y)
    assert any("single-member" in str(w.message) for w in caught)


def test_input_errors(data) -> None:  # type: ignore[no-untyped-def]
    X, y, _, _ = data
    with pytest.raises(InputError, match="unknown model"):
        FeatureClassifier("knn").fit(X, y)
    with pytest.raises(InputError, match="outside"):
        FeatureClassifier("logreg", labels=["A1", "A2"]).fit(X, y)
    with pytest.raises(InputError, match="two classes"):
        FeatureClassifier("logreg").fit(X, ["A1"] * len(y))
    with pytest.raises(InputError, match="infinite"):
        FeatureClassifier("logreg").fit(X.replace(np.nan, np.inf), y)


@pytest.mark.parametrize(("model", "trusted"), [("logreg", ()), ("svm", ()), ("rf", ("sklearn.tree._tree.Tree",))])
def test_calibrated_feature_classifier_bundle_roundtrip(data, tmp_path: Path, model: str, trusted) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("skops")
    from interlang.models.bundle import Bundle

    X, y, X_test, _ = data
    clf = FeatureClassifier(model, param_grid=SMALL_GRID.get(model, {"C": [1.0]}), labels=LEVELS).fit(X[:160], y[:160])
    wrapped = CalibratedModel(clf).fit(X[160:], y[160:])
    bundle = Bundle(
        name="level-test", task="level", labels=LEVELS, estimator=wrapped, features=list(X.columns),
        calibration=wrapped.selection_,
    )
    loaded = Bundle.load(bundle.save(tmp_path / "model.zip"), trusted=list(trusted))
    np.testing.assert_array_equal(loaded.estimator.predict_proba(X_test), wrapped.predict_proba(X_test))
    np.testing.assert_array_equal(loaded.estimator.predict(X_test), wrapped.predict(X_test))
    assert loaded.calibration["method"] == wrapped.selection_["method"]
