"""N-gram NLI: TF-IDF character, word and POS n-grams, one linear model each, stacked.

The field's strongest classical system (Malmasi & Dras 2018): each feature family gets its own
linear classifier, and a meta-classifier learns from their out-of-fold probabilities how far to
trust each family for each L1. Also here: a plain concatenated-feature model, and the seed
paper's baseline (per-sentence embeddings + SGD, sentence probabilities summed per text) with a
documented substitute embedding because no word vectors ship offline.

Every estimator takes *raw* texts: cleaning (:func:`interlang.corpora.clean.clean_text`) and
POS tagging happen inside, so prediction sees texts prepared exactly like the training data.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from interlang.models.l1_predict import MIN_WORDS, L1Predictor
from interlang.numeric import fit_temperature, softmax
from interlang.settings import DEFAULT_SEED

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
    "licence_terms",
    "pos_sequence",
    "pos_sequences",
    "train_l1",
]

FloatArray = NDArray[np.float64]

#: Closed-class UPOS whose word form is kept in the POS sequence ("mixed" n-grams): function
#: word choice is one of the clearest transfer signals, content words are mostly topic.
_KEEP_FORM = frozenset({"ADP", "DET", "PRON", "AUX", "CCONJ", "SCONJ", "PART"})
_POS_CACHE: dict[str, str] = {}


def pos_sequence(doc: Any) -> str:
    """A parsed document as one string: UPOS tags, function words as their lower-case form."""
    out: list[str] = []
    sent = -1
    for tok in doc.tokens:
        if tok.sent != sent:
            out.append("BOS")
            sent = tok.sent
        if tok.upos == "PUNCT":
            out.append("P" + ("." if tok.text in ".!?" else ","))
        elif tok.upos in _KEEP_FORM:
            out.append(tok.text.lower().replace(" ", "_"))
        else:
            out.append(tok.upos)
    return " ".join(out)


def pos_sequences(texts: Sequence[str], lang: str) -> list[str]:
    """:func:`pos_sequence` of each text with ``interlang.text.parse``; cached per text."""
    from interlang.errors import EmptyTextError
    from interlang.text import parse_many

    keys = [hashlib.sha1(f"{lang}\0{t}".encode()).hexdigest() for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in _POS_CACHE}.items())
    if todo:
        valid = [(k, t) for k, t in todo if any(c.isalnum() for c in t)]
        for k, _ in todo:
            _POS_CACHE[k] = ""
        try:
            for (k, _), doc in zip(valid, parse_many([t for _, t in valid], lang), strict=True):
                _POS_CACHE[k] = pos_sequence(doc)
        except EmptyTextError:  # pragma: no cover - filtered above
            pass
    return [_POS_CACHE[k] for k in keys]


# --------------------------------------------------------------------------------- features
FAMILIES = ("char", "word", "pos")


def _vectorizer(family: str, max_features: int | None, lang: str) -> Any:
    if family == "char":
        return TfidfVectorizer(
            analyzer="char", ngram_range=(1, 5), sublinear_tf=True, min_df=2,
            max_features=max_features, lowercase=False, dtype=np.float32,
        )
    if family == "word":
        return TfidfVectorizer(
            analyzer="word", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
            max_features=max_features, token_pattern=r"(?u)\b\w+\b|[^\w\s]", lowercase=True,
            dtype=np.float32,
        )
    if family == "pos":
        return TfidfVectorizer(
            analyzer="word", ngram_range=(1, 4), sublinear_tf=True, min_df=2,
            max_features=max_features, token_pattern=r"\S+", lowercase=False, dtype=np.float32,
        )
    if family == "function":
        from interlang.models.nli_features import function_word_vocabulary

        return TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
            vocabulary=function_word_vocabulary(lang), token_pattern=r"(?u)\b\w+\b",
            dtype=np.float32,
        )
    raise ValueError(f"unknown feature family {family!r}; choose from {(*FAMILIES, 'function')}")


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


class _TextPrep:
    """Cleaning + the per-family inputs (raw text for char/word, POS string for pos)."""

    @staticmethod
    def inputs(texts: Sequence[str], families: Sequence[str], lang: str, clean: bool) -> dict[str, list[str]]:
        from interlang.corpora.clean import clean_text

        cleaned = [clean_text(t, lang) for t in texts] if clean else list(texts)
        out = {f: cleaned for f in families if f != "pos"}
        if "pos" in families:
            out["pos"] = pos_sequences(cleaned, lang)
        return out


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
        inputs = _TextPrep.inputs(texts, self.families, self.lang, self.clean)
        self.vectorizers_ = {f: _vectorizer(f, self.max_features, self.lang) for f in self.families}
        self.model_ = _linear(self.classifier, self.C, self.balance, self.seed)
        self.model_.fit(self._features(inputs, fit=True), labels)
        self.classes_ = self.model_.classes_
        return self

    def decision_function(self, X: Sequence[str]) -> FloatArray:
        inputs = _TextPrep.inputs(list(X), self.families, self.lang, self.clean)
        return _two_d(self.model_.decision_function(self._features(inputs, fit=False)))

    def predict_proba(self, X: Sequence[str]) -> FloatArray:
        if hasattr(self.model_, "predict_proba"):
            inputs = _TextPrep.inputs(list(X), self.families, self.lang, self.clean)
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
            ("vec", _vectorizer(family, self.max_features, self.lang)),
            ("clf", _linear(self.classifier, self.C, self.balance, self.seed)),
        ])

    @staticmethod
    def _scores(model: Any, inputs: list[str]) -> FloatArray:
        return _two_d(model.decision_function(inputs))

    def _inputs(self, texts: Sequence[str]) -> dict[str, list[str]]:
        families = [f for f in self.families if f != "spelling"]
        inputs = _TextPrep.inputs(texts, families, self.lang, self.clean)
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


# ------------------------------------------------------------------------- training & shipping
class TermIndex(Mapping[str, int]):
    """A fitted vectorizer's ``vocabulary_`` stored as one byte array (NUL-separated terms).

    skops writes a plain dict of 24,000 n-grams as 24,000 JSON nodes (16 MB for l1-en); this
    mapping saves as a single ``uint8`` array and rebuilds the dict on first lookup. Term ``i``
    is feature column ``i``, as in the vectorizer.
    """

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        if [vocabulary[t] for t in terms] != list(range(len(terms))):
            raise ValueError("vocabulary indices must be 0..n-1")
        if any("\0" in t for t in terms):
            raise ValueError("a vocabulary term contains NUL")
        self.data = np.frombuffer("\0".join(terms).encode("utf-8"), dtype=np.uint8).copy()
        self.size = len(terms)
        self._index: dict[str, int] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self.data, "size": self.size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.data, self.size, self._index = state["data"], int(state["size"]), None

    def _lookup(self) -> dict[str, int]:
        if self._index is None:
            terms = bytes(self.data).decode("utf-8").split("\0") if self.size else []
            self._index = {t: i for i, t in enumerate(terms)}
        return self._index

    def __getitem__(self, key: str) -> int:
        return self._lookup()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lookup())

    def __len__(self) -> int:
        return self.size


def compact_estimator(estimator: Any) -> Any:
    """Shrink a fitted n-gram model for saving; predictions are unchanged (to ~1e-6).

    Linear coefficients become float32, vocabularies :class:`TermIndex`, and TF-IDF's
    ``stop_words_`` (every pruned n-gram, introspection only: 20 MB for ICLE char 1-5-grams) is
    dropped.
    """
    vectorizers = list(getattr(estimator, "vectorizers_", {}).values())
    vectorizers += [b.named_steps["vec"] for b in getattr(estimator, "bases_", [])]
    for vec in vectorizers:
        if hasattr(vec, "stop_words_"):
            vec.stop_words_ = None
        if isinstance(getattr(vec, "vocabulary_", None), dict) and not getattr(vec, "fixed_vocabulary_", False):
            vec.vocabulary_ = TermIndex(vec.vocabulary_)
    models = [b.named_steps["clf"] for b in getattr(estimator, "bases_", [])]
    models += [estimator.model_] if hasattr(estimator, "model_") else []
    for clf in models:
        if hasattr(clf, "coef_"):
            clf.coef_ = clf.coef_.astype(np.float32)
            clf.intercept_ = np.asarray(clf.intercept_).astype(np.float32)
    return estimator


#: MERLIN-de L1s with fewer texts are dropped from training (documented in the bundle).
MIN_TEXTS_PER_L1 = 20


def drop_rare(records: list[Any], min_texts: int) -> tuple[list[Any], dict[str, int]]:
    from collections import Counter

    counts = Counter(r.l1 for r in records if r.l1)
    kept = [r for r in records if r.l1 and counts[r.l1] >= min_texts]
    dropped = {str(k): v for k, v in sorted(counts.items()) if v < min_texts}
    missing = sum(1 for r in records if not r.l1)
    if missing:
        dropped["<missing>"] = missing
    return kept, dropped


_NC = re.compile(r"\b(?:research[- ]use|research only|non[- ]?commercial|NC)\b", re.IGNORECASE)


def licence_terms(licence: str | None) -> tuple[bool, str]:
    """``(non_commercial, plain-words note)`` for a training corpus's licence text.

    Research-use and CC *-NC licences make the model research/non-commercial; share-alike
    (CC BY-SA) licences are commercial-friendly but the note says attribution and share-alike
    apply to the training data. Matches whole words, so "licence" does not read as "NC".
    """
    if not licence:
        return False, "training data licence unknown; check before any use"
    if _NC.search(licence):
        return True, f"research / non-commercial use only: the training data is licensed {licence}"
    if re.search(r"\bSA\b|share[- ]alike", licence, re.IGNORECASE):
        return False, f"training data licensed {licence} (attribution, share-alike)"
    return False, f"training data licensed {licence}"


def _calibrate_temperature(estimator: Any, texts: list[str], y: list[str], groups: list[str], seed: int) -> dict[str, Any] | None:
    """Fit ``estimator.temperature`` on out-of-fold SVM scores (folds grouped by writer)."""
    from interlang.evaluation.metrics import expected_calibration_error
    from interlang.evaluation.splits import grouped_kfold
    from interlang.labels import LabelSet

    labels = np.asarray(y, dtype=object)
    classes, counts = np.unique(labels, return_counts=True)
    n_splits = min(5, int(counts.min()), len(set(groups)))
    if n_splits < 2:
        return None
    column = {c: i for i, c in enumerate(classes)}
    scores = np.full((len(texts), len(classes)), -1e3)
    for tr, te in grouped_kfold(groups, n_splits, labels=y, seed=seed):
        model = clone(estimator).set_params(temperature=1.0).fit([texts[i] for i in tr], labels[tr])
        cols = np.asarray([column[c] for c in model.classes_], dtype=np.int64)
        scores[np.ix_(te, cols)] = model.decision_function([texts[i] for i in te])
    codes = np.asarray([column[c] for c in labels], dtype=np.int64)
    temperature = fit_temperature(scores, codes)
    label_set = LabelSet.nominal([str(c) for c in classes])
    before = expected_calibration_error(list(labels), softmax(scores, axis=1), label_set)
    after = expected_calibration_error(list(labels), softmax(scores, axis=1, temperature=temperature), label_set)
    return {
        "method": "temperature", "temperature": temperature, "folds": n_splits, "grouped_by": "writer",
        "oof_ece_before": before, "oof_ece_after": after,
        "oof_top1": float(np.mean(scores.argmax(axis=1) == codes)),
    }


def train_l1(
    corpus: str | Sequence[Any],
    *,
    name: str | None = None,
    model: str = "plain-svm",
    min_texts: int = MIN_TEXTS_PER_L1,
    data_dir: str | None = None,
    calibrate: bool = True,
    **params: Any,
) -> Any:
    """Clean a corpus, train an L1 model on it and return a :class:`~interlang.models.bundle.Bundle`.

    With ``calibrate`` an SVM model's probability temperature is fitted on out-of-fold scores
    (5 folds grouped by writer; ``bundle.calibration`` has the ECE before and after).

    ``corpus`` is a registered name ("icle500", "merlin-de") or a list of Records. L1s with
    fewer than ``min_texts`` texts and texts without L1 are dropped (counts in
    ``bundle.extra["dropped"]``); cleaning counts are in ``bundle.extra["cleaning"]``.
    """
    from interlang.corpora import READERS, read_corpus
    from interlang.corpora.clean import clean_records
    from interlang.errors import InputError
    from interlang.labels import LabelSet
    from interlang.models.bundle import Bundle, CorpusInfo, data_hash

    corpus_name = corpus if isinstance(corpus, str) else "custom"
    make_model(model, "en", **params)  # an unknown model or parameter fails before reading
    records = read_corpus(corpus, data_dir=data_dir)[0] if isinstance(corpus, str) else list(corpus)
    n_read = len(records)
    records, dropped = drop_rare(records, min_texts)
    n_l1 = len({r.l1 for r in records})
    if n_l1 < 2:
        kept = "no L1" if n_l1 == 0 else "only one L1"
        raise InputError(
            f"{kept} has at least {min_texts} texts ({n_read} records read; "
            f"texts per L1: {dropped or 'none with an L1'}); lower --min-texts or use a larger corpus",
            source=corpus_name,
        )
    records, cleaning = clean_records(records)
    if len({r.l1 for r in records}) < 2:
        raise InputError(f"fewer than two L1s left after cleaning ({cleaning.summary()})", source=corpus_name)
    lang = records[0].language
    estimator = make_model(model, lang, clean=False, **params)
    texts, y = [r.text for r in records], [str(r.l1) for r in records]
    calibration = None
    if calibrate and isinstance(estimator, NgramClassifier) and estimator.classifier == "svm":
        calibration = _calibrate_temperature(estimator, texts, y, [r.writer_id or r.id for r in records], estimator.seed)
        if calibration is not None:
            estimator.set_params(temperature=calibration["temperature"])
    estimator.fit(texts, y)
    estimator.clean = True  # prediction cleans raw input itself
    spec = READERS.get(corpus_name) if isinstance(corpus, str) else None
    licence = spec.licence if spec else None
    non_commercial, data_use = licence_terms(licence)
    return Bundle(
        name=name or f"l1-{lang}",
        task="l1",
        labels=LabelSet.nominal([str(r.l1) for r in records]),
        estimator=estimator,
        features=list(getattr(estimator, "families", ("char", "word"))),
        language=lang,
        corpora=[CorpusInfo(corpus_name, data_hash(records), len(records), licence, non_commercial)],
        licence=licence,
        non_commercial=non_commercial,
        calibration=calibration,
        extra={
            "model": model, "min_texts": min_texts, "dropped": dropped, "cleaning": cleaning.to_json(),
            "min_words": MIN_WORDS, "data_use": data_use,
        },
    )
