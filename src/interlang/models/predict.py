"""Level prediction from raw text with a trained bundle (shipped name or local path).

``LevelPredictor.load("level-de").predict_text(text)`` parses the text
(:func:`interlang.text.parse`), extracts the registered features
(:func:`interlang.features.extract`), adds the bundle's fitted TF-IDF→PCA components when it has
them, runs the model and the post-hoc calibrator, and returns the level, the full distribution,
the confidence, an adjacent-level hint and the top reasons (SHAP or the documented fallback of
:mod:`interlang.explain`).

Heavy libraries (scikit-learn, skops, shap) are imported only when a model is loaded or used,
so importing this module is cheap. Bundles that carry a compiled model
(:mod:`interlang.models.compiled`, as the shipped ones do) are scored with numpy only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import ModelError
from interlang.models.level_pipeline import LevelPipeline

__all__ = ["ADJACENT_RATIO", "LevelPipeline", "LevelPrediction", "LevelPredictor", "load_cached"]

#: The runner-up counts as "close" when its probability is at least this share of the top one.
ADJACENT_RATIO = 0.6


@dataclass
class LevelPrediction:
    """One text's level, distribution, confidence, adjacent hint and reasons."""

    level: str
    probabilities: dict[str, float]
    confidence: float
    adjacent: str | None
    reasons: list[dict[str, Any]] = field(default_factory=list)
    reason_method: str | None = None
    model: str = ""
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
            "confidence": round(self.confidence, 4),
            "adjacent": self.adjacent,
            "reasons": self.reasons,
            "reason_method": self.reason_method,
            "model": self.model,
            "note": self.note,
        }


def adjacent_hint(labels: Sequence[str], proba: Sequence[float], ratio: float = ADJACENT_RATIO) -> str | None:
    """``"between B1 and B2"`` when the two most likely levels are neighbours and close."""
    p = np.asarray(proba, dtype=np.float64)
    if p.size < 2:
        return None
    first, second = (int(i) for i in np.argsort(-p, kind="stable")[:2])
    if abs(first - second) != 1 or p[second] < ratio * p[first]:
        return None
    lo, hi = sorted((first, second))
    return f"between {labels[lo]} and {labels[hi]}"


class _JsonCalibrator:
    """A calibrator rebuilt from the plain JSON a rules bundle stores (no pickled objects)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = dict(data)

    def predict_proba(self, proba: np.ndarray) -> np.ndarray:
        from interlang.models import calibration as C

        method = self.data.get("method", "none")
        cal: Any
        if method == "temperature":
            cal = C.TemperatureScaling()
            cal.temperature_ = float(self.data["temperature"])
        elif method == "platt":
            cal = C.PlattCalibrator()
            cal.coef_ = np.asarray(self.data["coef"], dtype=np.float64)
            cal.intercept_ = np.asarray(self.data["intercept"], dtype=np.float64)
        elif method == "isotonic":
            cal = C.IsotonicCalibrator()
            cal.x_thresholds_ = [np.asarray(x, dtype=np.float64) for x in self.data["x"]]
            cal.y_thresholds_ = [np.asarray(y, dtype=np.float64) for y in self.data["y"]]
        else:
            return np.asarray(proba, dtype=np.float64)
        return np.asarray(cal._transform(np.asarray(proba, dtype=np.float64)), dtype=np.float64)


def _components(bundle: Any) -> tuple[LevelPipeline, Any]:
    """The level pipeline and calibrator of a bundle whose estimator is loaded (or a rules bundle)."""
    if "rules" in bundle.json_names:
        from interlang.models.rules import RuleBasedClassifier

        rules = RuleBasedClassifier.from_dict(bundle.load_json("rules"))
        pipeline = LevelPipeline(rules, bundle.features, bundle.labels.labels, None, bundle.language)
        cal = _JsonCalibrator(bundle.load_json("calibrator")) if "calibrator" in bundle.json_names else None
        return pipeline, cal
    est = bundle.load_estimator()
    if isinstance(est, LevelPipeline):
        return est, None
    from interlang.models.calibration import CalibratedModel

    if isinstance(est, CalibratedModel):
        return est.base_estimator, est.calibrator
    raise ModelError(f"bundle {bundle.name!r} holds no level pipeline ({bundle.estimator_class})")


def _compiled_of(bundle: Any) -> Any:
    """The bundle's compiled model (:mod:`interlang.models.compiled`) when it can stand in for the
    stored estimator: present, and compiled from exactly the estimator file the bundle holds."""
    from interlang.models.compiled import PAYLOAD, CompiledLevelModel

    if PAYLOAD not in bundle.array_names or PAYLOAD not in bundle.json_names:
        return None
    meta = bundle.load_json(PAYLOAD)
    digest = meta.get("estimator_sha256") if isinstance(meta, dict) else None
    stored = bundle.estimator_bytes
    if digest is None or stored is None:
        return None
    import hashlib

    if hashlib.sha256(stored).hexdigest() != digest:  # the estimator changed since compiling
        return None
    return CompiledLevelModel.from_bundle(bundle)


class LevelPredictor:
    """A loaded level bundle, ready to score raw texts.

    Built from a bundle that carries a compiled model (:mod:`interlang.models.compiled`), it
    scores and explains (linear reasons) with numpy only; :attr:`pipeline` and
    :attr:`calibrator` — the full estimator, needed for other explanation methods and for
    pandas tables — are then rebuilt from the bundle on first use.
    """

    def __init__(
        self, bundle: Any, pipeline: LevelPipeline | None = None, calibrator: Any = None, compiled: Any = None
    ) -> None:
        if pipeline is None and compiled is None:
            raise ModelError("a level predictor needs a pipeline or a compiled model")
        self.bundle = bundle
        self._pipeline = pipeline
        self._calibrator = calibrator
        self.compiled = compiled

    def _full(self) -> tuple[LevelPipeline, Any]:
        if self._pipeline is None:
            self._pipeline, self._calibrator = _components(self.bundle)
        return self._pipeline, self._calibrator

    @property
    def pipeline(self) -> LevelPipeline:
        """The full level pipeline (rebuilt from the bundle's estimator on first use)."""
        return self._full()[0]

    @property
    def calibrator(self) -> Any:
        return self._full()[1]

    @property
    def labels(self) -> list[str]:
        if self.compiled is not None:
            return list(self.compiled.labels)
        return list(self.pipeline.labels)

    @property
    def language(self) -> str | None:
        return self.bundle.language

    @classmethod
    def load(cls, name_or_path: str | Path, *, compiled: bool = True) -> LevelPredictor:
        """Load a shipped model by name (``level-de``) or a bundle directory / zip.

        With ``compiled=True`` (default) a bundle carrying a compiled model is scored with numpy
        only and its estimator is rebuilt (importing scikit-learn) only if needed;
        ``compiled=False`` always loads the full estimator.
        """
        from interlang.models.bundle import Bundle
        from interlang.models.shipped import resolve

        path = resolve(name_or_path)
        bundle = Bundle.load(path, load_estimator=False)
        if bundle.task != "level":
            raise ModelError(f"{name_or_path}: a {bundle.task!r} model, not a level model")
        return cls.from_bundle(bundle, compiled=compiled)

    @classmethod
    def from_bundle(cls, bundle: Any, *, compiled: bool = True) -> LevelPredictor:
        """A predictor for a level bundle; its compiled model is used when ``compiled`` and valid."""
        if compiled and bundle.estimator_pending:
            model = _compiled_of(bundle)
            if model is not None:
                return cls(bundle, compiled=model)
        pipeline, cal = _components(bundle)
        return cls(bundle, pipeline, cal)

    # ---------------------------------------------------------------------------- scoring
    def predict_proba_frame(self, frame: Any) -> np.ndarray:
        """Calibrated probabilities for a ready model table."""
        raw = self.pipeline.predict_proba_parts(frame)
        return raw if self.calibrator is None else np.asarray(self.calibrator.predict_proba(raw), dtype=np.float64)

    def predict_records(self, feature_rows: Sequence[Mapping[str, float]], texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities for many texts from their feature mappings."""
        if self.compiled is not None:
            return np.asarray(self.compiled.predict_proba(feature_rows, texts), dtype=np.float64)
        return self.predict_proba_frame(self.pipeline.frame(feature_rows, texts))

    def predict_features(
        self, values: Mapping[str, float], text: str, *, explain: bool = True, top: int = 5, method: str = "auto"
    ) -> LevelPrediction:
        """Predict from already extracted features (what ``analyze`` has) and the raw text."""
        labels = self.labels
        reasons: list[dict[str, Any]] = []
        used = None
        if self.compiled is not None and (not explain or method in ("auto", "linear")):
            # The compiled model is linear: "auto" explains it with coef x z, as explain_local does.
            table = self.compiled.design([values], [text])
            proba = self.compiled.predict_proba_table(table)[0]
            k = int(np.argmax(proba))
            if explain:
                reasons, used = self.compiled.explain(table, k, top=top), self.compiled.explain_method
        else:
            frame = self.pipeline.frame([values], [text])
            proba = self.predict_proba_frame(frame)[0]
            k = int(np.argmax(proba))
            if explain:
                from interlang.explain import explain_local

                local = explain_local(self.pipeline, frame, class_index=k, top=top, method=method)
                reasons, used = local.reasons, local.method
        policy = (self.bundle.extra or {}).get("label_policy", {})
        note = None
        if policy.get("map"):
            note = "; ".join(f"{a} is reported as {b}" for a, b in policy["map"].items())
        return LevelPrediction(
            level=labels[k],
            probabilities={label: float(p) for label, p in zip(labels, proba, strict=True)},
            confidence=float(proba[k]),
            adjacent=adjacent_hint(labels, proba),
            reasons=reasons,
            reason_method=used,
            model=self.bundle.name,
            note=note,
        )

    def predict_text(self, text: str, lang: str | None = None, *, explain: bool = True, top: int = 5) -> LevelPrediction:
        """Parse, featurise and score one raw text."""
        from interlang.features import extract
        from interlang.text import parse

        code = lang or self.language
        if code is None:
            raise ModelError(f"bundle {self.bundle.name!r} records no language: pass lang")
        doc = parse(text, code)
        values = extract(doc)
        return self.predict_features(values.values, text, explain=explain, top=top)


_LOADED: dict[str, LevelPredictor] = {}


def load_cached(name_or_path: str | Path) -> LevelPredictor:
    """:meth:`LevelPredictor.load`, memoised per process (``analyze`` on many texts loads once)."""
    key = str(name_or_path)
    if key not in _LOADED:
        _LOADED[key] = LevelPredictor.load(name_or_path)
    return _LOADED[key]
