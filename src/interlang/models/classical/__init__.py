"""Feature-based classifiers: imputation → z-scoring → optional selection → model, tuned by CV.

:class:`FeatureClassifier` follows the reference feature-based CEFR classifier (§4.2.2): features
z-scored on the training data, grid search with stratified 3-fold CV optimising macro F1,
balanced class weights. Additions: median imputation (learner texts yield NaN for undefined
ratios), optional missing-value indicators, LightGBM and logistic regression, small-class
handling, and a fixed class order from a :class:`~interlang.labels.LabelSet` (labels absent from
training get probability 0, so ``predict_proba`` always has one column per label).

Default grids (≤ 8 combinations each; keys are the estimator's own parameter names):

========  =====================================================================================
``rf``    ``n_estimators=[300]``, ``max_depth=[None, 7]``, ``min_samples_leaf=[1, 3]``,
          ``max_features=["sqrt", 0.3]``
``gb``    ``n_estimators=[100, 200]``, ``learning_rate=[0.05, 0.1]``, ``max_depth=[2, 3]``
``svm``   RBF kernel (:class:`ProbabilisticSVC`), ``C=[0.1, 1, 10]``, ``gamma=["scale", 0.01]``
``xgb``   ``n_estimators=[200]``, ``max_depth=[3, 6]``, ``learning_rate=[0.05, 0.1]``,
          ``subsample=[0.8, 1.0]``
``lgbm``  ``n_estimators=[200]``, ``num_leaves=[15, 31]``, ``learning_rate=[0.05, 0.1]``,
          ``min_child_samples=[5, 20]``
``logreg`` ``C=[0.01, 0.1, 1, 10]``
========  =====================================================================================

Class imbalance: ``class_weight="balanced"`` sets balanced class weights for RF, SVM, logistic
regression and LightGBM, and balanced *sample* weights for GB and XGBoost (which lack
``class_weight``). XGBoost and LightGBM are the ``[ml]`` extra, imported only when chosen.

Modules: :mod:`.grids` (families, default grids), :mod:`.imputer` (:class:`MedianImputer`),
:mod:`.svm` (:class:`ProbabilisticSVC`), :mod:`.classifier` (:class:`FeatureClassifier`).
Shipped bundles name ``interlang.models.classical.MedianImputer``: the re-exports below are
what skops resolves when it loads them.
"""

from __future__ import annotations

from interlang.models.classical.classifier import FeatureClassifier
from interlang.models.classical.grids import DEFAULT_GRIDS, MODELS
from interlang.models.classical.imputer import MedianImputer
from interlang.models.classical.svm import ProbabilisticSVC

__all__ = ["DEFAULT_GRIDS", "MODELS", "FeatureClassifier", "MedianImputer", "ProbabilisticSVC"]
