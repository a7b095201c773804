"""N-gram NLI: TF-IDF character, word and POS n-grams, one linear model each, stacked.

Every estimator takes *raw* texts: cleaning (:func:`interlang.corpora.clean.clean_text`) and
POS tagging happen inside, so prediction sees texts prepared exactly like the training data.

Modules: :mod:`.inputs` (POS sequences, vectorisers), :mod:`.estimators` (plain, stacked,
sentence baseline), :mod:`.compact` (smaller saved models), :mod:`.training` (``train_l1``).
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
from interlang.models.ngram.training import MIN_TEXTS_PER_L1, drop_rare, licence_terms, train_l1
from interlang.numeric import fit_temperature

__all__ = [
    "FAMILIES",
    "MIN_TEXTS_PER_L1",
    "L1Predictor",
    "NgramClassifier",
    "SentenceBaseline",
    "StackedNLI",
    "TermIndex",
    "balance_indices",
    "compact_estimator",
    "drop_rare",
    "fit_temperature",
    "licence_terms",
    "make_model",
    "pos_sequence",
    "pos_sequences",
    "train_l1",
]
