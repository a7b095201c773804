"""Post-hoc calibration of class probabilities on a dev split.

Feature classifiers (random forests above all) and fine-tuned transformers are over-confident:
the reference RandomForest on German CEFR texts has ECE 0.242 and Brier 0.634. A calibrator maps
a probability matrix ``(n, K)`` (columns in class order) to a better-calibrated one:

* :class:`TemperatureScaling` — one scalar ``T``: ``softmax(log p / T)`` (or ``softmax(z / T)``
  on logits). Rank-preserving per row, so accuracy never changes; the safest choice on small
  dev sets.
* :class:`IsotonicCalibrator` — one-vs-rest isotonic regression per column, renormalised. Most
  flexible, needs the most data.
* :class:`PlattCalibrator` — one-vs-rest sigmoid on the logit of each column, renormalised.
* :class:`IdentityCalibrator` — ``"none"``, the baseline every candidate must beat.

:func:`select_calibrator` picks among them by ECE measured with cross-fitting on the dev split
(each fold is calibrated by a calibrator fitted on the other folds), so the choice is not made
on the data it was fitted on. :class:`CalibratedModel` wraps a fitted classifier and a calibrator.

Fitted state is numpy arrays and floats only, so everything saves through
:class:`~interlang.models.bundle.Bundle` (skops) without extra trusted types.

Modules: :mod:`.calibrators` (the four maps), :mod:`.select` (cross-fitted choice, metric
table), :mod:`.wrapped` (:class:`CalibratedModel`). Shipped bundles name these classes by this
package (``interlang.models.calibration.CalibratedModel``, ``…PlattCalibrator``), so the
re-exports below are what skops resolves when it loads them.
"""

from __future__ import annotations

from interlang.models.calibration.calibrators import (
    CALIBRATORS,
    IdentityCalibrator,
    IsotonicCalibrator,
    PlattCalibrator,
    TemperatureScaling,
    make_calibrator,
)
from interlang.models.calibration.select import (
    CalibrationSelection,
    calibration_table,
    select_calibrator,
)
from interlang.models.calibration.wrapped import CalibratedModel

__all__ = [
    "CALIBRATORS",
    "CalibratedModel",
    "CalibrationSelection",
    "IdentityCalibrator",
    "IsotonicCalibrator",
    "PlattCalibrator",
    "TemperatureScaling",
    "calibration_table",
    "make_calibrator",
    "select_calibrator",
]
