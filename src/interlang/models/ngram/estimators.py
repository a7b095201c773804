"""The n-gram L1 estimators: a plain concatenated model, Malmasi & Dras stacking, a baseline.

The field's strongest classical system (Malmasi & Dras 2018): each feature family gets its own
linear classifier, and a meta-classifier learns from their out-of-fold probabilities how far to
trust each family for each L1. Also here: a plain concatenated-feature model, and the seed
paper's baseline (per-sentence embeddings + SGD, sentence probabilities summed per text) with a
documented substitute embedding because no word vectors ship offline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from interlang.models.ngram.inputs import family_inputs, make_vectorizer
from interlang.numeric import softmax
from interlang.settings import DEFAULT_SEED

__all__ = ["NgramClassifier", "SentenceBaseline", "StackedNLI", "balance_indices", "make_model"]

FloatArray = NDArray[np.float64]


def _linear(kind: str, C: float, balance: str | None, seed: int) -> Any:
    weight = "balanced" if balance == "weights" else None
    if kind == "svm":
        return LinearSVC(C=C, class_weight=weight, random_state=seed)
    if kind == "logreg":
        return LogisticRegression(C=C, class_weight=weight, max_iter=2000)
    raise ValueError(f"classifier must be 'logreg' or 'svm', not {kind!r}")


def balance_indices(y: Sequence[str] | NDArray[np.object_], seed: int = DEFAULT_SEED) -> NDArray[np.int64]:
    """Row indices down-sampling every class to the smallest class's size (the paper's choice)."""
    labels = np.asarray(y, dtype=object)
    classes, counts = np.unique(labels, return_counts=True)
    rng = np.random.default_rng(seed)
    keep = [rng.choice(np.flatnonzero(labels == c), size=int(counts.min()), replace=False) for c in classes]
    return np.sort(np.concatenate(keep)).astype(np.int64)


def _two_d(scores: Any) -> FloatArray:
    """Binary scikit-learn models return one score column; make it (-s, s) like multiclass."""
    s = np.asarray(scores, dtype=np.float64)
    return np.column_stack([-s, s]) if s.ndim == 1 else s


class NgramClassifier(ClassifierMixin, BaseEstimator):
    """One linear model over the concatenation of the chosen n-gram families (the plain model).

    ``balance``: None, ``"weights"`` (class weights) or ``"downsample"`` (majority classes
    down-sampled to the smallest class). ``clean=False`` when texts are already cleaned.
    ``temperature`` divides an SVM's decision scores before the softmax that turns them into
    probabilities (fitted on out-of-fold scores by :func:`train_l1`; 1.0 = none).
    """

    def __init__(
        self,
        lang: str = "en",
        families: tuple[str, ...] = ("char", "word"),
        classifier: str = "logreg",
        C: float = 10.0,
        max_features: int | None = None,
        balance: str | None = None,
        clean: bool = True,
        seed: int = DEFAULT_SEED,
        temperature: float = 1.0,
    ) -> None:
        self.lang = lang
        self.families = families
        self.classifier = classifier
        self.C = C
        self.max_features = max_features
        self.balance = balance
        self.clean = clean
        self.seed = seed
        self.temperature = temperature

    def _features(self, inputs: dict[str, list[str]], fit: bool) -> Any:
        from scipy.sparse import hstack

        blocks = []
        for f in self.families:
            vec = self.vectorizers_[f]
            blocks.append(vec.fit_transform(inputs[f]) if fit else vec.transform(inputs[f]))
        return hstack(blocks).tocsr()

    def fit(self, X: Sequence[str], y: Sequence[str]) -> NgramClassifier:
        texts, labels = list(X), np.asarray(y, dtype=object)
        if self.balance == "downsample":
            idx = balance_indices(labels, self.seed)
            texts, labels = [texts[i] for i in idx], labels[idx]
        inputs = family_inputs(texts, self.families, self.lang, self.clean)
        self.vectorizers_ = {f: make_vectorizer(f, self.max_features, self.lang) for f in self.families}
        self.model_ = _linear(self.classifier, self.C, self.balance, self.seed)
        self.model_.fit(self._features(inputs, fit=True), labels)
        self.classes_ = self.model_.classes_
        return self

    def decision_function(self, X: Sequence[str]) -> FloatArray:
        inputs = family_inputs(list(X), self.families, self.lang, self.clean)
        return _two_d(self.model_.decision_function(self._features(inputs, fit=False)))

    def predict_proba(self, X: Sequence[str]) -> FloatArray:
        if hasattr(self.model_, "predict_proba"):
            inputs = family_inputs(list(X), self.families, self.lang, self.clean)
            return np.asarray(self.model_.predict_proba(self._features(inputs, fit=False)), dtype=np.float64)
        return softmax(self.decision_function(X), axis=1, temperature=float(getattr(self, "temperature", 1.0)))

    def predict(self, X: Sequence[str]) -> NDArray[np.object_]:
        return np.asarray(self.classes_[np.argmax(self.predict_proba(X), axis=1)], dtype=object)


class StackedNLI(ClassifierMixin, BaseEstimator):
    """Malmasi & Dras stacking: a linear model per n-gram family, a meta-classifier on top.

    Each base model's out-of-fold scores (``cv`` stratified folds of the training texts, which
    are whole texts, so a writer's text never scores itself) train a multinomial logistic
    regression meta-classifier; the base models are then refitted on all training texts.
    ``families`` may include ``"function"`` (function-word n-grams,
    :mod:`interlang.models.nli_features`) and ``"spelling"`` (misspelling features).
    """

    def __init__(
        self,
        lang: str = "en",
        families: tuple[str, ...] = ("char", "word", "pos"),
        classifier: str = "svm",
        C: float = 1.0,
        meta_C: float = 1.0,
        max_features: int | None = None,
        balance: str | None = "weights",
        cv: int = 5,
        clean: bool = True,
        seed: int = DEFAULT_SEED,
    ) -> None:
        self.lang = lang
        self.families = families
        self.classifier = classifier
        self.C = C
        self.meta_C = meta_C
        self.max_features = max_features
        self.balance = balance
        self.cv = cv
        self.clean = clean
        self.seed = seed

    def _base(self, family: str) -> Any:
        if family == "spelling":
            from interlang.models.nli_features import SpellingFeatures

            return Pipeline([("vec", SpellingFeatures(lang=self.lang)), ("clf", _linear("logreg", 1.0, self.balance, self.seed))])
        return Pipeline([
            ("vec", make_vectorizer(family, self.max_features, self.lang)),
            ("clf", _linear(self.classifier, self.C, self.balance, self.seed)),
        ])

    @staticmethod
    def _scores(model: Any, inputs: list[str]) -> FloatArray:
        return _two_d(model.decision_function(inputs))

    def _inputs(self, texts: Sequence[str]) -> dict[str, list[str]]:
        families = [f for f in self.families if f != "spelling"]
        inputs = family_inputs(texts, families, self.lang, self.clean)
        if "spelling" in self.families:
            from interlang.corpora.clean import clean_text

            inputs["spelling"] = [clean_text(t, self.lang) for t in texts] if self.clean else list(texts)
        return inputs

    def fit(self, X: Sequence[str], y: Sequence[str]) -> StackedNLI:
        texts, labels = list(X), np.asarray(y, dtype=object)
        if self.balance == "downsample":
            idx = balance_indices(labels, self.seed)
            texts, labels = [texts[i] for i in idx], labels[idx]
        self.classes_ = np.unique(labels)
        inputs = self._inputs(texts)
        n_splits = max(2, min(self.cv, int(np.unique(labels, return_counts=True)[1].min())))
        folds = list(StratifiedKFold(n_splits, shuffle=True, random_state=self.seed).split(texts, labels))
        oof = []
        for family in self.families:
            scores = np.zeros((len(texts), len(self.classes_)))
            for tr, te in folds:
                model = self._base(family).fit([inputs[family][i] for i in tr], labels[tr])
                scores[te] = self._scores(model, [inputs[family][i] for i in te])
            oof.append(scores)
        self.meta_ = LogisticRegression(C=self.meta_C, max_iter=2000, class_weight="balanced" if self.balance == "weights" else None)
        self.meta_.fit(np.hstack(oof), labels)
        self.bases_ = [self._base(f).fit(inputs[f], labels) for f in self.families]
        return self

    def base_scores(self, X: Sequence[str]) -> list[FloatArray]:
        """Each family's decision scores (columns in ``classes_`` order)."""
        inputs = self._inputs(list(X))
        return [self._scores(m, inputs[f]) for m, f in zip(self.bases_, self.families, strict=True)]

    def predict_proba(self, X: Sequence[str]) -> FloatArray:
        return np.asarray(self.meta_.predict_proba(np.hstack(self.base_scores(X))), dtype=np.float64)

    def predict(self, X: Sequence[str]) -> NDArray[np.object_]:
        return np.asarray(self.classes_[np.argmax(self.predict_proba(X), axis=1)], dtype=object)


_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


class SentenceBaseline(ClassifierMixin, BaseEstimator):
    """The seed paper's baseline, done right: sentence vectors + SGD, sentence log-probabilities
    summed per text (labels and predictions aligned by text, split by writer outside).

    The paper used GloVe; no word vectors ship offline here, so each sentence is embedded as an
    L2-normalised hashed bag of words and character 3-grams (2^14 dimensions): a documented
    substitute that keeps the method (sentence-level linear model, per-text aggregation).
    """

    def __init__(self, lang: str = "en", balance: str | None = "weights", clean: bool = True, seed: int = DEFAULT_SEED) -> None:
        self.lang = lang
        self.balance = balance
        self.clean = clean
        self.seed = seed

    def _embed(self, sentences: list[str]) -> Any:
        from scipy.sparse import hstack

        words = HashingVectorizer(n_features=2**13, alternate_sign=False, norm="l2")
        chars = HashingVectorizer(n_features=2**13, analyzer="char_wb", ngram_range=(3, 3), alternate_sign=False, norm="l2")
        return hstack([words.transform(sentences), chars.transform(sentences)]).tocsr()

    def _sentences(self, texts: Sequence[str]) -> tuple[list[str], NDArray[np.int64]]:
        from interlang.corpora.clean import clean_text

        sents: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            text = clean_text(text, self.lang) if self.clean else text
            parts = [s for s in _SENT_SPLIT.split(text) if len(s.split()) >= 3] or [text]
            sents.extend(parts)
            owner.extend([i] * len(parts))
        return sents, np.asarray(owner, dtype=np.int64)

    def fit(self, X: Sequence[str], y: Sequence[str]) -> SentenceBaseline:
        texts, labels = list(X), np.asarray(y, dtype=object)
        if self.balance == "downsample":
            idx = balance_indices(labels, self.seed)
            texts, labels = [texts[i] for i in idx], labels[idx]
        sents, owner = self._sentences(texts)
        self.model_ = SGDClassifier(
            loss="log_loss", alpha=1e-4, class_weight="balanced" if self.balance == "weights" else None,
            random_state=self.seed, max_iter=50, tol=1e-3,
        )
        self.model_.fit(self._embed(sents), labels[owner])
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: Sequence[str]) -> FloatArray:
        texts = list(X)
        sents, owner = self._sentences(texts)
        logp = np.log(np.clip(self.model_.predict_proba(self._embed(sents)), 1e-9, 1.0))
        total = np.zeros((len(texts), len(self.classes_)))
        np.add.at(total, owner, logp)
        return softmax(total, axis=1)

    def predict(self, X: Sequence[str]) -> NDArray[np.object_]:
        return np.asarray(self.classes_[np.argmax(self.predict_proba(X), axis=1)], dtype=object)


def make_model(name: str, lang: str, **params: Any) -> Any:
    """A fresh estimator by benchmark name: plain, plain-svm, stacked, stacked-full, baseline."""
    models: dict[str, Any] = {
        "plain": NgramClassifier(lang=lang),
        "plain-svm": NgramClassifier(lang=lang, classifier="svm", C=10.0),
        "stacked": StackedNLI(lang=lang),
        "stacked-full": StackedNLI(lang=lang, families=("char", "word", "pos", "function", "spelling")),
        "baseline": SentenceBaseline(lang=lang),
    }
    if name not in models:
        raise ValueError(f"unknown model {name!r}; choose from {sorted(models)}")
    return clone(models[name]).set_params(**params)
