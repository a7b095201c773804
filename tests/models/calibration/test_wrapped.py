"""CalibratedModel: a fitted classifier followed by a calibrator."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from interlang.errors import InputError
from interlang.models.calibration import (
    CalibratedModel,
)

from .conftest import LABELS


def test_calibrated_model_wraps_fitted_classifier() -> None:
    rng = np.random.default_rng(9)
    X = rng.normal(size=(600, 6))
    codes = np.clip(np.round(X[:, 0] + X[:, 1] + rng.normal(0, 0.7, 600) + 1.5), 0, 3).astype(int)
    y = np.asarray(LABELS.labels)[codes]
    base = LogisticRegression(C=100.0, max_iter=2000).fit(X[:300], y[:300])
    model = CalibratedModel(base, "temperature").fit(X[300:450], y[300:450])
    assert list(model.classes_) == list(base.classes_)
    q = model.predict_proba(X[450:])
    np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_array_equal(model.predict(X[450:]), base.predict(X[450:]))
    auto = CalibratedModel(base).fit(X[300:450], y[300:450])
    assert auto.selection_["method"] in {"none", "temperature", "isotonic", "platt"}
    copy = clone(model)
    assert copy.base_estimator is base and copy.calibrator == "temperature"
    with pytest.raises(InputError, match="not fitted"):
        CalibratedModel(base, "temperature").predict_proba(X[:3])
