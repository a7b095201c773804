"""Zero-shot LLM classification of CEFR level or L1 by the likelihood of each label.

:class:`LLMClassifier` renders a prompt (:mod:`~interlang.models.llm.prompts`) for each text, asks
its backend for the log-probability of every label continuation and turns the scores into
probabilities (:mod:`~interlang.models.llm.scoring`). Nothing is learned from the training texts:
``fit`` records the label set and, given labelled texts (a dev split), fits a temperature — or a
temperature plus per-label bias (``calibrate="affine"``) — on their scores.

When a backend cannot return prompt log-probabilities (a server without ``echo``), the classifier
generates a short answer instead and maps it with
:class:`~interlang.models.llm.normalize.LabelNormalizer`. Such rows are counted as
``mode="generation"``; their probabilities are one-hot on the normalised label, and an answer
that names no label is counted as *invalid*: its row is uniform (no information) and
:meth:`LLMClassifier.predict` returns None for it, never a class.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interlang.errors import InputError, ModelError
from interlang.labels import CEFR_LEVELS, LabelSet
from interlang.models.llm.backends import Backend
from interlang.models.llm.normalize import LabelNormalizer
from interlang.models.llm.prompts import continuation, get_prompt
from interlang.models.llm.scoring import fit_affine, fit_temperature, label_scores, softmax

__all__ = ["CALIBRATIONS", "LLMClassifier", "ScoreStats", "occlusion_units"]

FloatArray = NDArray[np.float64]
CALIBRATIONS = ("none", "temperature", "affine")
#: Invalid free-text answers kept verbatim in the stats (for the report).
_KEEP_EXAMPLES = 5


@dataclass
class ScoreStats:
    """What scoring did: modes used, invalid answers, truncated texts, time."""

    n: int = 0
    loglik: int = 0
    generation: int = 0
    invalid: int = 0
    truncated: int = 0
    seconds: float = 0.0
    invalid_examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "modes": {"loglik": self.loglik, "generation": self.generation},
            "invalid": self.invalid,
            "invalid_rate": self.invalid / self.n if self.n else 0.0,
            "truncated": self.truncated,
            "seconds": round(self.seconds, 3),
            "texts_per_second": round(self.n / self.seconds, 3) if self.seconds > 0 else None,
            "invalid_examples": list(self.invalid_examples),
        }


def _label_set(task: str, labels: LabelSet | Sequence[str]) -> LabelSet:
    if isinstance(labels, LabelSet):
        return labels
    names = [str(x) for x in labels]
    if task == "level" and all(x in CEFR_LEVELS for x in names):
        present = sorted({CEFR_LEVELS.index(x) for x in names})
        return LabelSet.cefr(CEFR_LEVELS[present[0] : present[-1] + 1])
    return LabelSet.nominal(names)


class LLMClassifier:
    """Scores a closed label set with an LLM; see the module docstring.

    ``length_norm`` is "sum" (log-likelihood of the label string) or "mean" (per token);
    ``max_text_chars`` cuts longer texts at a word boundary (counted in the stats as truncated).
    """

    def __init__(
        self,
        backend: Backend,
        *,
        task: str,
        labels: LabelSet | Sequence[str] | None = None,
        prompt: str | None = None,
        language: str | None = None,
        length_norm: str = "sum",
        calibrate: str = "temperature",
        max_text_chars: int = 6000,
        generation_tokens: int = 8,
        temperature: float = 1.0,
        bias: Sequence[float] | None = None,
    ) -> None:
        if task not in ("level", "l1"):
            raise InputError(f"task must be 'level' or 'l1', not {task!r}")
        if calibrate not in CALIBRATIONS:
            raise InputError(f"calibrate must be one of {CALIBRATIONS}, not {calibrate!r}")
        if length_norm not in ("sum", "mean"):
            raise InputError(f"length_norm must be 'sum' or 'mean', not {length_norm!r}")
        self.backend = backend
        self.task = task
        self.prompt = get_prompt(prompt, task)
        self.language = language
        self.length_norm = length_norm
        self.calibrate = calibrate
        self.max_text_chars = int(max_text_chars)
        self.generation_tokens = int(generation_tokens)
        self.temperature = float(temperature)
        self.bias: FloatArray | None = None if bias is None else np.asarray(bias, dtype=np.float64)
        self.labels: LabelSet | None = None if labels is None else _label_set(task, labels)
        self.stats = ScoreStats()
        self.calibration_: dict[str, Any] | None = None

    # ------------------------------------------------------------------------- params
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The configuration a bundle stores (no weights: the model is referenced, not copied)."""
        return {
            "task": self.task,
            "labels": None if self.labels is None else list(self.labels.labels),
            "prompt": self.prompt.name,
            "language": self.language,
            "length_norm": self.length_norm,
            "calibrate": self.calibrate,
            "max_text_chars": self.max_text_chars,
            "generation_tokens": self.generation_tokens,
            "temperature": self.temperature,
            "bias": None if self.bias is None else [float(b) for b in self.bias],
            "backend": self.backend.describe(),
        }

    @property
    def label_set(self) -> LabelSet:
        if self.labels is None:
            raise ModelError("the LLM classifier has no label set yet: call fit(labels=...) first")
        return self.labels

    def reset_stats(self) -> ScoreStats:
        """Return the stats gathered so far and start counting afresh."""
        stats, self.stats = self.stats, ScoreStats()
        return stats

    # ---------------------------------------------------------------------------- fit
    def fit(self, X: Sequence[str] | None = None, y: Sequence[str] | None = None, *,
            labels: LabelSet | Sequence[str] | None = None) -> LLMClassifier:
        """Record the label set (``labels``, else the values of ``y``); with ``X`` and ``y``,
        fit the calibration (``self.calibrate``) on their scores."""
        if labels is not None:
            self.labels = _label_set(self.task, labels)
        elif y is not None and self.labels is None:
            self.labels = _label_set(self.task, sorted({str(v) for v in y}))
        labels_ = self.label_set
        self.temperature, self.bias, self.calibration_ = 1.0, None, {"method": "none"}
        if X is None or y is None or self.calibrate == "none":
            return self
        if len(X) != len(y):
            raise InputError(f"{len(X)} texts but {len(y)} labels")
        scores, _ = self._scores(X)
        keep = np.flatnonzero(np.all(np.isfinite(scores), axis=1) & np.asarray([v in labels_ for v in y]))
        if keep.size < 2:
            self.calibration_ = {"method": "none", "reason": f"only {keep.size} dev texts scored by log-likelihood"}
            return self
        codes = np.asarray(labels_.encode([str(y[int(i)]) for i in keep]), dtype=np.int64)
        s = scores[keep]
        before = _nll(softmax(s), codes)
        if self.calibrate == "affine":
            self.temperature, self.bias = fit_affine(s, codes)
        else:
            self.temperature = fit_temperature(s, codes)
        after = _nll(softmax(s, self.temperature, self.bias), codes)
        self.calibration_ = {
            "method": self.calibrate, "temperature": self.temperature,
            "bias": None if self.bias is None else [float(b) for b in self.bias],
            "dev_n": int(keep.size), "dev_nll_before": before, "dev_nll_after": after,
        }
        return self

    # -------------------------------------------------------------------------- score
    def _cut(self, text: str) -> tuple[str, bool]:
        if len(text) <= self.max_text_chars:
            return text, False
        head = text[: self.max_text_chars]
        space = head.rfind(" ")
        return (head[:space] if space > self.max_text_chars // 2 else head), True

    def render(self, text: str) -> str:
        """The prompt for ``text`` (after truncation to ``max_text_chars``)."""
        return self.prompt.render(self._cut(text)[0], self.label_set.labels, self.language)

    def _scores(self, texts: Sequence[str]) -> tuple[FloatArray, list[str | None]]:
        """(n, k) label log-likelihood scores (NaN rows where generation was used) and, for
        those rows, the normalised answer (None = invalid)."""
        labels_ = self.label_set
        conts = [continuation(label) for label in labels_.labels]
        normalizer: LabelNormalizer | None = None
        scores = np.full((len(texts), len(labels_)), np.nan)
        answers: list[str | None] = [None] * len(texts)
        start = time.perf_counter()
        for i, text in enumerate(texts):
            if not isinstance(text, str) or not text.strip():
                raise InputError("empty text", row=i)
            cut, truncated = self._cut(text)
            self.stats.truncated += int(truncated)
            prompt = self.prompt.render(cut, labels_.labels, self.language)
            logprobs = self.backend.token_logprobs(prompt, conts)
            self.stats.n += 1
            if logprobs is not None:
                scores[i] = label_scores(logprobs, self.length_norm)
                self.stats.loglik += 1
                continue
            normalizer = normalizer or LabelNormalizer(labels_)
            raw = self.backend.generate(prompt, self.generation_tokens)
            answers[i] = normalizer(raw)
            self.stats.generation += 1
            if answers[i] is None:
                self.stats.invalid += 1
                if len(self.stats.invalid_examples) < _KEEP_EXAMPLES:
                    self.stats.invalid_examples.append(raw.strip()[:80])
        self.stats.seconds += time.perf_counter() - start
        return scores, answers

    def decision_function(self, texts: Sequence[str]) -> FloatArray:
        """Raw label scores (log-likelihoods); NaN rows for texts answered by generation."""
        return self._scores(texts)[0]

    def _proba(self, scores: FloatArray, answers: Sequence[str | None]) -> FloatArray:
        labels_ = self.label_set
        k = len(labels_)
        proba = np.full(scores.shape, 1.0 / k)
        finite = np.all(np.isfinite(scores), axis=1)
        if finite.any():
            proba[finite] = softmax(scores[finite], self.temperature, self.bias)
        for i in np.flatnonzero(~finite):
            answer = answers[int(i)]
            if answer is not None:
                proba[i] = 0.0
                proba[i, labels_.index(answer)] = 1.0
        return proba

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """(n, k) probabilities in label-set order; rows sum to 1 (uniform for invalid answers)."""
        scores, answers = self._scores(texts)
        return self._proba(scores, answers)

    def predict_with_proba(self, texts: Sequence[str]) -> tuple[list[str | None], FloatArray]:
        """Predicted labels (None for invalid generated answers) and probabilities, one pass."""
        scores, answers = self._scores(texts)
        proba = self._proba(scores, answers)
        names = self.label_set.labels
        preds: list[str | None] = []
        for i in range(len(texts)):
            if np.all(np.isfinite(scores[i])):
                preds.append(names[int(np.argmax(proba[i]))])
            else:
                preds.append(answers[i])
        return preds, proba

    def predict(self, texts: Sequence[str]) -> list[str | None]:
        """Top label per text; None where a generated answer named no label (counted invalid)."""
        return self.predict_with_proba(texts)[0]

    # ------------------------------------------------------------------------ explain
    def explain_text(self, text: str, *, top: int = 10, max_units: int = 40) -> list[dict[str, Any]]:
        """Occlusion for the top class: drop each sentence (or word window) and re-score.

        ``weight`` is p(top | text) − p(top | text without the span): positive spans pushed the
        text towards its top label. At most ``max_units`` spans (neighbours are merged beyond).
        """
        base = self.predict_proba([text])[0]
        target = int(np.argmax(base))
        units = occlusion_units(text, max_units=max_units)
        if len(units) < 2:
            return []
        variants = [(text[:s] + text[e:]).strip() for s, e in units]
        occluded = self.predict_proba([v or "." for v in variants])[:, target]
        out: list[dict[str, Any]] = [
            {"span": text[s:e], "start": s, "end": e, "weight": float(base[target] - p),
             "label": self.label_set.labels[target]}
            for (s, e), p in zip(units, occluded, strict=True)
        ]
        out.sort(key=lambda d: -float(d["weight"]))
        return out[:top]


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_WORD = re.compile(r"\S+")


def occlusion_units(text: str, *, max_units: int = 40, window: int = 8) -> list[tuple[int, int]]:
    """Character spans to occlude: sentences, or ``window``-word windows for a single sentence;
    neighbours are merged until there are at most ``max_units``."""
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    spans = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]
    if len(spans) < 2:
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        spans = [(words[i][0], words[min(i + window, len(words)) - 1][1]) for i in range(0, len(words), window)]
    while len(spans) > max_units:
        spans = [(spans[i][0], spans[min(i + 1, len(spans) - 1)][1]) for i in range(0, len(spans), 2)]
    return spans


def _nll(proba: FloatArray, codes: NDArray[np.int64]) -> float:
    return float(-np.mean(np.log(np.clip(proba[np.arange(len(codes)), codes], 1e-12, 1.0))))
