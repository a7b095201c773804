"""A numpy-only inference path for the shipped L1 (NLI) models, with span attributions.

Loading an L1 bundle through skops rebuilds scikit-learn's TF-IDF vectorisers and a linear SVM
(about 5–7 s on a small machine) although scoring one text is: character and word n-grams,
sub-linear TF × IDF, L2 normalisation per family, one matrix product and a tempered softmax.
:func:`compile_ngram_model` extracts the vocabularies, IDF weights and coefficients of an
:class:`~interlang.models.ngram.NgramClassifier` (stored in the bundle as
``arrays/ngram.npz`` + ``json/ngram.json``, no pickle) and :class:`CompiledNgramModel`
reproduces ``predict_proba`` with numpy and the standard library (checked against the estimator
by :func:`verify_compiled_ngram`).

Because every feature is an n-gram at known character offsets, the model can also say *where*
in a text the evidence for an L1 sits: :meth:`CompiledNgramModel.char_contributions` spreads each
n-gram's contribution (its TF-IDF value × the class's coefficient relative to the other classes)
over the characters it covers, which :mod:`interlang.explain.ngram` turns into highlighted spans.

Supported: ``families`` ⊆ {char, word} (POS n-grams need a parser at inference and stay on the
full estimator), ``classifier`` svm or logreg.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interlang.errors import ModelError
from interlang.numeric import softmax

__all__ = [
    "NGRAM_PAYLOAD",
    "CompiledNgramModel",
    "add_compiled_ngram",
    "compile_ngram_model",
    "verify_compiled_ngram",
]

NGRAM_PAYLOAD = "ngram"
NGRAM_FORMAT = 1
_SUPPORTED_FAMILIES = ("char", "word")
#: scikit-learn's whitespace normalisation before character n-grams.
_WHITE_SPACES = re.compile(r"\s\s+")

FloatArray = NDArray[np.float64]


# ------------------------------------------------------------------------------- compilation
def compile_ngram_model(estimator: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Arrays + JSON that reproduce ``estimator.predict_proba`` (an :class:`NgramClassifier`)."""
    families = tuple(getattr(estimator, "families", ()))
    if not families or any(f not in _SUPPORTED_FAMILIES for f in families):
        raise ModelError(f"only char/word n-gram models compile, not families {families}")
    classifier = getattr(estimator, "classifier", None)
    if classifier not in ("svm", "logreg"):
        raise ModelError(f"unsupported classifier {classifier!r}")
    model = estimator.model_
    arrays: dict[str, np.ndarray] = {
        "coef": np.asarray(model.coef_, dtype=np.float32),
        "intercept": np.asarray(model.intercept_, dtype=np.float32).ravel(),
    }
    spec_families = []
    for family in families:
        vec = estimator.vectorizers_[family]
        if vec.norm != "l2" or vec.strip_accents is not None or vec.preprocessor is not None:
            raise ModelError(f"{family}: only l2-normalised vectorisers without custom preprocessing compile")
        vocab = vec.vocabulary_
        terms = [""] * len(vocab)
        for term, index in vocab.items():
            terms[int(index)] = term
        arrays[f"idf_{family}"] = np.asarray(vec.idf_, dtype=np.float64)
        spec_families.append({
            "name": family,
            "analyzer": vec.analyzer,
            "ngram_range": list(vec.ngram_range),
            "lowercase": bool(vec.lowercase),
            "token_pattern": vec.token_pattern,
            "sublinear_tf": bool(vec.sublinear_tf),
            "terms": terms,
        })
    if sum(len(f["terms"]) for f in spec_families) != arrays["coef"].shape[1]:
        raise ModelError("vocabulary sizes do not add up to the coefficient matrix")
    spec = {
        "format": NGRAM_FORMAT,
        "families": spec_families,
        "classifier": classifier,
        "classes": [str(c) for c in estimator.classes_],
        "temperature": float(getattr(estimator, "temperature", 1.0) or 1.0),
        "clean": bool(getattr(estimator, "clean", True)),
        "lang": str(getattr(estimator, "lang", "en")),
    }
    return arrays, spec


# --------------------------------------------------------------------------------- inference
class _Family:
    """One vectoriser: n-grams of a text with their character spans."""

    def __init__(self, spec: Mapping[str, Any], idf: np.ndarray, offset: int) -> None:
        self.name = str(spec["name"])
        self.analyzer = str(spec["analyzer"])
        self.min_n, self.max_n = (int(v) for v in spec["ngram_range"])
        self.lowercase = bool(spec["lowercase"])
        self.sublinear = bool(spec["sublinear_tf"])
        self.pattern = re.compile(str(spec["token_pattern"])) if spec.get("token_pattern") else None
        self.index = {term: i for i, term in enumerate(spec["terms"])}
        self.idf = idf
        self.offset = offset
        self.size = len(spec["terms"])

    def ngrams(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(n-gram, start, end) in ``text``'s own offsets, as scikit-learn's analyser sees them.

        A generator: a long text's n-grams (≈ 5 per character per order) are never held at once,
        so memory stays flat however long the text is.
        """
        # Offsets are exact unless lower-casing changed the length (rare: "İ"); the n-grams
        # themselves are always scikit-learn's.
        doc = text.lower() if self.lowercase else text
        if self.analyzer == "char":
            return self._char(doc)
        if self.analyzer == "word" and self.pattern is not None:
            return self._word(doc)
        raise ModelError(f"unsupported analyzer {self.analyzer!r}")

    def _char(self, doc: str) -> Iterator[tuple[str, int, int]]:
        # Collapse runs of whitespace to one space, remembering each kept character's offset.
        kept: list[str] = []
        where: list[int] = []  # a list, not an array: the loop below indexes it per n-gram
        last = 0
        for m in _WHITE_SPACES.finditer(doc):
            kept.append(doc[last : m.start()])
            where.extend(range(last, m.start()))
            kept.append(" ")
            where.append(m.start())
            last = m.end()
        kept.append(doc[last:])
        where.extend(range(last, len(doc)))
        norm = "".join(kept)
        for n in range(self.min_n, min(self.max_n, len(norm)) + 1):
            for i in range(len(norm) - n + 1):
                yield norm[i : i + n], where[i], where[i + n - 1] + 1

    def _word(self, doc: str) -> Iterator[tuple[str, int, int]]:
        assert self.pattern is not None
        tokens = [(m.group(0), m.start(), m.end()) for m in self.pattern.finditer(doc)]
        for n in range(self.min_n, min(self.max_n, len(tokens)) + 1):
            for i in range(len(tokens) - n + 1):
                span = tokens[i : i + n]
                yield " ".join(t for t, _, _ in span), span[0][1], span[-1][2]

    def counts(self, text: str) -> Counter[int]:
        """How often each vocabulary n-gram occurs in ``text`` (column index → count)."""
        index = self.index
        return Counter(j for j in (index.get(g) for g, _, _ in self.ngrams(text)) if j is not None)

    def vector(self, counts: Counter[int]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row (indices, values), L2-normalised like scikit-learn's."""
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear:
            tf = np.log(tf) + 1.0
        values = tf * self.idf[idx]
        norm = float(np.sqrt(np.dot(values, values)))
        return idx, values / norm if norm > 0 else values


class CompiledNgramModel:
    """``predict_proba`` of a char/word n-gram linear model with numpy only."""

    def __init__(self, arrays: Mapping[str, np.ndarray], spec: Mapping[str, Any]) -> None:
        if int(spec.get("format", 0)) != NGRAM_FORMAT:
            raise ModelError(f"compiled n-gram format {spec.get('format')} is not {NGRAM_FORMAT}")
        self.spec = dict(spec)
        self.classes_ = np.asarray(spec["classes"], dtype=object)
        self.coef = np.asarray(arrays["coef"], dtype=np.float64)
        self.intercept = np.asarray(arrays["intercept"], dtype=np.float64)
        self.temperature = float(spec.get("temperature", 1.0))
        self.classifier = str(spec["classifier"])
        self.clean = bool(spec.get("clean", True))
        self.lang = str(spec.get("lang", "en"))
        self.families: list[_Family] = []
        offset = 0
        for fam in spec["families"]:
            family = _Family(fam, np.asarray(arrays[f"idf_{fam['name']}"]), offset)
            self.families.append(family)
            offset += family.size
        if offset != self.coef.shape[1]:
            raise ModelError("compiled n-gram payload is inconsistent (vocabulary vs coefficients)")

    def prepare(self, text: str) -> str:
        """The text the model sees: cleaned and masked as in training (when it was)."""
        if not self.clean:
            return text
        from interlang.corpora.clean import clean_text

        return clean_text(text, self.lang)

    def _row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        idx_parts, val_parts = [], []
        for family in self.families:
            idx, val = family.vector(family.counts(text))
            idx_parts.append(idx + family.offset)
            val_parts.append(val)
        return np.concatenate(idx_parts), np.concatenate(val_parts)

    def decision_function(self, texts: Sequence[str], *, prepared: bool = False) -> FloatArray:
        """Linear scores; ``prepared=True`` when the texts already went through :meth:`prepare`."""
        scores = np.empty((len(texts), self.coef.shape[0]))
        for i, raw in enumerate(texts):
            idx, val = self._row(raw if prepared else self.prepare(raw))
            scores[i] = self.coef[:, idx] @ val + self.intercept
        if scores.shape[1] == 1:
            scores = np.column_stack([-scores[:, 0], scores[:, 0]])
        return scores

    def predict_proba(self, texts: Sequence[str], *, prepared: bool = False) -> FloatArray:
        z = self.decision_function(texts, prepared=prepared)
        if self.classifier != "svm" and self.coef.shape[0] == 1:
            # binary logistic regression: P(second class) is the sigmoid of the one margin s,
            # softmax([0, s]), not softmax([-s, s]) (that is the SVM's convention, as trained)
            z = np.column_stack([np.zeros(len(z)), z[:, 1]])
        return softmax(z, axis=1, temperature=self.temperature if self.classifier == "svm" else 1.0)

    def predict(self, texts: Sequence[str]) -> NDArray[np.object_]:
        return np.asarray(self.classes_[self.predict_proba(texts).argmax(axis=1)], dtype=object)

    # ------------------------------------------------------------------ attributions
    def _contrast(self, label: str) -> np.ndarray:
        """The class's coefficients minus the mean of the others: what sets it apart."""
        k = int(np.flatnonzero(self.classes_ == label)[0]) if label in set(self.classes_) else -1
        if k < 0:
            raise ModelError(f"{label!r} is not one of the model's classes")
        if self.coef.shape[0] == 1:
            return self.coef[0] * (1.0 if k == 1 else -1.0)
        others = np.delete(self.coef, k, axis=0).mean(axis=0)
        return np.asarray(self.coef[k] - others)

    def char_contributions(self, prepared: str, label: str) -> FloatArray:
        """Per-character evidence for ``label`` in the (already prepared) text.

        Each n-gram feature's contribution (TF-IDF value × contrast coefficient) is shared
        equally by its occurrences and spread evenly over the characters each covers.
        """
        contrast = self._contrast(label)
        out = np.zeros(len(prepared))
        for family in self.families:  # two passes over the n-grams, none of them kept
            occurrences = family.counts(prepared)
            idx, val = family.vector(occurrences)
            weight = dict(zip(idx.tolist(), (val * contrast[idx + family.offset]).tolist(), strict=True))
            for gram, start, end in family.ngrams(prepared):
                j = family.index.get(gram)
                if j is None or end <= start:
                    continue
                out[start : min(end, len(out))] += weight[j] / occurrences[j] / (end - start)
        return out

    def top_ngrams(self, label: str, k: int = 15) -> list[tuple[str, str, float]]:
        """The ``k`` n-grams whose contrast weight for ``label`` is highest: (family, n-gram, weight)."""
        contrast = self._contrast(label)
        order = np.argsort(-contrast)
        out: list[tuple[str, str, float]] = []
        terms = [(f, t) for f in self.families for t in _terms_of(f)]
        for j in order[:k]:
            family, term = terms[int(j)]
            out.append((family.name, term, float(contrast[j])))
        return out


def _terms_of(family: _Family) -> list[str]:
    terms = [""] * family.size
    for term, i in family.index.items():
        terms[i] = term
    return terms


# ------------------------------------------------------------------------------- bundles
def load_compiled_ngram(bundle: Any) -> CompiledNgramModel | None:
    """The compiled form stored in ``bundle``, or None when absent or stale."""
    if NGRAM_PAYLOAD not in bundle.json_names or NGRAM_PAYLOAD not in bundle.array_names:
        return None
    spec = bundle.load_json(NGRAM_PAYLOAD)
    stored = bundle.estimator_bytes
    if stored is not None and spec.get("estimator_sha256") not in (None, hashlib.sha256(stored).hexdigest()):
        return None  # the estimator changed after compilation
    return CompiledNgramModel(bundle.load_arrays(NGRAM_PAYLOAD), spec)


def verify_compiled_ngram(estimator: Any, compiled: CompiledNgramModel, texts: Sequence[str]) -> float:
    """max |Δp| between the estimator and its compiled form on ``texts``; raises above 1e-4."""
    full = np.asarray(estimator.predict_proba(list(texts)), dtype=np.float64)
    cols = [list(compiled.classes_).index(str(c)) for c in estimator.classes_]
    fast = compiled.predict_proba(list(texts))[:, cols]
    delta = float(np.abs(full - fast).max()) if len(texts) else 0.0
    if delta > 1e-4:
        raise ModelError(f"compiled n-gram model disagrees with the estimator (max |Δp| = {delta:.2g})")
    return delta


def add_compiled_ngram(path: Any, texts: Sequence[str]) -> float:
    """Compile the L1 bundle at ``path`` in place, verify it on ``texts``: max |Δp|."""
    from pathlib import Path

    from interlang.models.bundle import Bundle

    path = Path(path)
    full = Bundle.load(path)
    arrays, spec = compile_ngram_model(full.estimator)
    lazy = Bundle.load(path, load_estimator=False)
    stored = lazy.estimator_bytes
    if stored is None:
        raise ModelError(f"{path}: the bundle has no stored estimator")
    spec["estimator_sha256"] = hashlib.sha256(stored).hexdigest()
    delta = verify_compiled_ngram(full.estimator, CompiledNgramModel(arrays, spec), texts)
    lazy.save_arrays(NGRAM_PAYLOAD, arrays)
    lazy.save_json(NGRAM_PAYLOAD, spec)
    lazy.save(path, overwrite=True)
    return delta
