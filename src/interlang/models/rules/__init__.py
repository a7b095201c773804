"""Calibrated, traceable rule-based CEFR baseline (reference paper §4.2.1).

Three components each turn a few named features into a level; a weighted index average of the
three levels is the prediction. Every rule table is *learned* from a labelled feature table in
:meth:`RuleBasedClassifier.fit` (the paper's hand-set values are only defaults and fallbacks),
and every prediction can be traced to the thresholds that fired (:meth:`~RuleBasedClassifier.explain`).

* **Vocabulary** — cumulative coverage ``cum(L) = vocab_pct_a1 + … + vocab_pct_L``; the text gets
  the lowest level ``L`` (A1…C1) with ``cum(L) ≥ threshold(L)``, C2 when none fires or when more
  than ``unknown_threshold`` % of tokens are unknown. Defaults 85/80/75/70/65 % and 30 % (paper);
  ``fit`` searches each threshold over the training percentiles of ``cum(L)`` (coordinate ascent,
  two sweeps) maximising ``objective`` on the training rows.
* **Readability** — each of the seven formulas maps its score to a level through boundaries
  between adjacent levels = midpoints of the class medians (direction inferred from the sign of
  the C2−A1 median difference, made monotone; levels absent from training are interpolated);
  weighted majority vote (default weights WSTF 1.0, Amstad 0.9, FK 0.7, Fog 0.6, SMOG 0.6,
  ARI 0.65, CLI 0.65; with ``learn_formula_weights`` each is scaled by that formula's own
  training accuracy, as the paper did for components). NaN formulas (WSTF outside German) drop out.
* **Linguistic** — features of four categories (syntax, grammar, lexical, discourse) scaled to
  0–100 by their training percentiles (oriented so that 100 = most advanced); the composite is
  the mean of the category means, mapped to levels by midpoint-of-median boundaries. Features
  whose Spearman correlation with the level is below ``min_correlation`` are dropped in ``fit``.
* **Combination** — ``index = Σ w_c q_c level_c / Σ w_c q_c`` with base weights ``w`` (default
  0.30/0.40/0.30) and quality factors ``q_c``: vocabulary is down-weighted as unknown-word % grows
  beyond 10 % (to 0.5 at 30 %), readability by the share of formula weight available, linguistic
  by the share of its features available. When all three components disagree and
  ``median_on_disagreement``, the median level is taken. The base weights are chosen on a
  calibration split by a simplex grid (step ``weight_step``) maximising ``objective``
  (``"macro_f1"`` by default, as in the paper's model selection; ties → closest to the defaults).
* **Probabilities** — ``p_k ∝ exp(-(index − k)² / T)``; ``T`` minimises the NLL on the calibration
  split, so ECE is meaningful and ``argmax p`` is the predicted level (C2 when the index is ≥ 4.5).

The calibration split: ``fit(X, y, X_cal=, y_cal=)`` uses the given rows; otherwise a stratified
``calibration_size`` share of ``X`` is held out for weights and temperature, and the component
tables are then refitted on all of ``X``. All learned state is plain JSON (:meth:`to_dict`), so a
model goes into a :class:`~interlang.models.bundle.Bundle` with ``save_json("rules", ...)``.

Modules: :mod:`.defaults` (the paper's values, column names), :mod:`.cuts` (boundary search,
percentiles, the level kernel), one per component (:mod:`.vocabulary`, :mod:`.readability`,
:mod:`.linguistic`), :mod:`.classifier` (the estimator) and :mod:`.persistence` (JSON form).
"""

from __future__ import annotations

from interlang.models.rules.classifier import RuleBasedClassifier
from interlang.models.rules.defaults import (
    COMPONENTS,
    DEFAULT_FORMULA_WEIGHTS,
    DEFAULT_LINGUISTIC_FEATURES,
    DEFAULT_UNKNOWN_THRESHOLD,
    DEFAULT_VOCAB_THRESHOLDS,
    DEFAULT_WEIGHTS,
)

__all__ = [
    "COMPONENTS",
    "DEFAULT_FORMULA_WEIGHTS",
    "DEFAULT_LINGUISTIC_FEATURES",
    "DEFAULT_UNKNOWN_THRESHOLD",
    "DEFAULT_VOCAB_THRESHOLDS",
    "DEFAULT_WEIGHTS",
    "RuleBasedClassifier",
]
