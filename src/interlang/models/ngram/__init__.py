"""N-gram NLI: TF-IDF character, word and POS n-grams, one linear model each, stacked.

Every estimator takes *raw* texts: cleaning (:func:`interlang.corpora.clean.clean_text`) and
POS tagging happen inside, so prediction sees texts prepared exactly like the training data.

Modules: :mod:`.inputs` (POS sequences, vectorisers), :mod:`.estimators` (plain, stacked,
sentence baseline), :mod:`.compact` (smaller saved models); the training workflow that reads a corpus is
:mod:`interlang.tasks.l1_training`.
Shipped bundles name their classes by this package (``interlang.models.ngram.NgramClassifier``,
``…TermIndex``), so the re-exports below are what skops resolves when it loads them.
"""

from __future__ import annotations

from interlang.models.l1_predict import L1Predictor
from interlang.models.ngram.compact import TermIndex, compact_estimator
from interlang.models.ngram.estimators import (
    NgramClassifier,
    SentenceBaseline,
    StackedNLI,
    balance_indices,
    make_model,
)
from interlang.models.ngram.inputs import FAMILIES, pos_sequence, pos_sequences
from interlang.numeric import fit_temperature

__all__ = [
    "FAMILIES",
    "L1Predictor",
    "NgramClassifier",
    "SentenceBaseline",
    "StackedNLI",
    "TermIndex",
    "balance_indices",
    "compact_estimator",
    "fit_temperature",
    "make_model",
    "pos_sequence",
    "pos_sequences",
]
