"""MedianImputer: training medians, an all-NaN column, missing-value indicators."""

from __future__ import annotations

import numpy as np

from interlang.models.classical import MedianImputer


def test_median_imputer() -> None:
    X = np.array([[1.0, np.nan, np.nan], [3.0, 2.0, np.nan], [np.nan, 4.0, np.nan]])
    imp = MedianImputer(add_indicator=True).fit(X)
    out = imp.transform(X)
    np.testing.assert_array_equal(out[:, :3], [[1, 3, 0], [3, 2, 0], [2, 4, 0]])
    assert out.shape == (3, 6)
    assert list(imp.get_feature_names_out(["a", "b", "c"])) == ["a", "b", "c", "missing_a", "missing_b", "missing_c"]
