"""The four feature-selection strategies on synthetic data with known informative features."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from interlang.errors import InputError
from interlang.models.selection import (
    CombinedSelector,
    CorrelationSelector,
    ImportanceSelector,
    RFESelector,
    make_selector,
)


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, np.ndarray]:
    """f0, f2 drive the 3-level ordinal target; f1 is a noisy copy of the latent level; rest noise."""
    rng = np.random.default_rng(0)
    n = 300
    X = rng.normal(size=(n, 8))
    latent = X[:, 0] + X[:, 2]
    y = np.digitize(latent + rng.normal(0, 0.4, n), [-0.7, 0.7])
    # f1 is nearly f0 (r > 0.85) but tracks the target better than f0 does.
    X[:, 1] = 0.6 * X[:, 0] + 0.4 * latent + rng.normal(0, 0.1, n)
    return pd.DataFrame(X, columns=[f"f{i}" for i in range(8)]), y


def test_importance_keeps_informative_features(data) -> None:  # type: ignore[no-untyped-def]
    X, y = data
    sel = ImportanceSelector(threshold=0.1, n_estimators=50).fit(X, y)
    assert set(sel.get_feature_names_out()) == {"f0", "f1", "f2"}
    assert sel.transform(X).shape == (len(X), 3)
    assert sel.importances_.sum() == pytest.approx(1.0)
    # an impossible threshold still keeps min_features
    assert ImportanceSelector(threshold=2.0, n_estimators=20, min_features=2).fit(X, y).get_support().sum() == 2


def test_correlation_keeps_the_member_closer_to_the_target(data) -> None:  # type: ignore[no-untyped-def]
    X, y = data
    sel = CorrelationSelector(0.85).fit(X, y)
    assert sel.target_correlation_[1] > sel.target_correlation_[0]
    assert list(sel.get_feature_names_out()) == ["f1", "f2", "f3", "f4", "f5", "f6", "f7"]
    assert [d[:2] for d in sel.dropped_] == [("f0", "f1")]
    # Without a target the earlier column survives.
    no_y = CorrelationSelector(0.85).fit(X)
    assert "f0" in no_y.get_feature_names_out() and "f1" not in no_y.get_feature_names_out()
    # Nothing is dropped below the threshold.
    assert CorrelationSelector(0.999).fit(X, y).get_support().all()


def test_correlation_handles_nan_and_constant_columns() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3))
    X[:, 1] = X[:, 0] * 2 + 1
    X[::7, 1] = np.nan
    X[:, 2] = 5.0
    support = CorrelationSelector().fit(X).get_support()
    assert list(support) == [True, False, True]


@pytest.mark.parametrize("estimator", ["linear", "tree"])
def test_rfe_selects_n_features(data, estimator: str) -> None:  # type: ignore[no-untyped-def]
    X, y = data
    sel = RFESelector(3, estimator, step=2).fit(X, y)
    assert sel.get_support().sum() == 3
    assert {"f0", "f2"} <= set(sel.get_feature_names_out())
    assert RFESelector(99).fit(X, y).get_support().all()
    with pytest.raises(InputError, match="finite"):
        RFESelector(2).fit(X.where(X > -2.5), y)


def test_combined_runs_all_stages_and_fits_in_a_pipeline(data) -> None:  # type: ignore[no-untyped-def]
    X, y = data
    sel = CombinedSelector(importance_threshold=0.05, n_features_to_select=2, n_estimators=50)
    pipe = make_pipeline(StandardScaler(), sel).fit(X, y)
    names = list(pipe.get_feature_names_out())
    assert len(names) == 2 and "f2" in names and "f0" not in names  # f0 lost to f1 at stage 1
    fitted = pipe[-1]
    assert not fitted.correlation_.get_support()[0] and fitted.rfe_ is not None
    paper = CombinedSelector(importance_threshold=0.05, n_features_to_select=None, n_estimators=50).fit(X, y)
    assert paper.rfe_ is None and paper.get_support().sum() >= 2
    clone(sel)


def test_make_selector() -> None:
    assert isinstance(make_selector("combined"), CombinedSelector)
    assert isinstance(make_selector("correlation"), CorrelationSelector)
    with pytest.raises(InputError, match="unknown feature selection"):
        make_selector("lasso")
