"""Why a level model decided what it did: SHAP when installed, a cheaper attribution otherwise.

Explanations are computed for the *base* model (the calibrator is a monotone per-class
re-scaling and does not change which features push a text up or down), in the space the model
sees: median-imputed, z-scored features (plus TF-IDF components), reported with the raw value.

Methods (``method="auto"`` picks the first that applies):

* ``"tree"`` — ``shap.TreeExplainer`` (exact, for RF / GB / XGBoost / LightGBM), needs the
  ``[ml]`` extra (``shap``);
* ``"kernel"`` — ``shap.KernelExplainer`` with a sampled background (k-means, 10 centres) for SVM
  and other models; slow, so ``auto`` uses it only for global explanations;
* ``"linear"`` — without shap, for linear models (logistic regression, ordinal logit):
  ``coef_k · z`` — the exact SHAP value of a linear logit under an independent, mean-zero
  (z-scored) background;
* ``"occlusion"`` — without shap, for any model: the drop in the predicted class's probability
  when one feature is set to its training median (z = 0). Cheap (one batched call) and
  model-agnostic, but ignores feature interactions;
* ``"rules"`` — the rule-based model: the component levels and thresholds that fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import MissingExtra

__all__ = ["GlobalExplanation", "LocalExplanation", "explain_global", "explain_local", "model_space", "summary_plot"]

_TREE_TYPES = (
    "RandomForestClassifier", "ExtraTreesClassifier", "GradientBoostingClassifier",
    "XGBClassifier", "LGBMClassifier", "DecisionTreeClassifier",
)


def _shap() -> Any:
    try:
        import shap
    except ImportError:
        raise MissingExtra("shap", "ml") from None
    return shap


def has_shap() -> bool:
    try:
        _shap()
    except MissingExtra:
        return False
    return True


@dataclass
class ModelSpace:
    """The final estimator, its input matrix builder and names, and class-column mapping."""

    clf: Any
    names: list[str]
    transform: Any  # frame → Z matrix
    present: np.ndarray  # label index of each column of clf.predict_proba
    kind: str  # "tree", "linear", "other", "rules"


def model_space(pipeline: Any) -> ModelSpace:
    """Unwrap a :class:`~interlang.models.predict.LevelPipeline` to the final estimator."""
    model = pipeline.model
    n_labels = len(pipeline.labels)
    if type(model).__name__ == "RuleBasedClassifier":
        return ModelSpace(model, list(pipeline.features), lambda f: f, np.arange(n_labels), "rules")
    columns = pipeline.columns
    inner = getattr(model, "pipeline_", None)
    present = np.asarray(getattr(model, "present_", np.arange(n_labels)))
    if inner is None and hasattr(model, "steps"):
        inner = model
    if inner is None:
        return ModelSpace(model, columns, lambda f: np.asarray(f[columns], dtype=np.float64), np.arange(n_labels), "other")
    pre, clf = inner[:-1], inner[-1]
    try:
        names = [str(n) for n in pre.get_feature_names_out(np.asarray(columns, dtype=object))]
    except Exception:  # a step without feature names: positional names
        names = columns
    use_frame = not hasattr(model, "pipeline_")  # the ordinal pipeline was fitted on a DataFrame

    def transform(frame: Any) -> np.ndarray:
        data = frame[columns] if use_frame else np.asarray(frame[columns], dtype=np.float64)
        return np.asarray(pre.transform(data), dtype=np.float64)

    name = type(clf).__name__
    if name in _TREE_TYPES:
        kind = "tree"
    elif name in ("LogisticRegression", "OrdinalLogistic"):
        kind = "linear"
    else:
        kind = "other"
    return ModelSpace(clf, names, transform, present, kind)


def _full_proba(space: ModelSpace, Z: np.ndarray, n_labels: int) -> np.ndarray:
    inner = np.asarray(space.clf.predict_proba(Z), dtype=np.float64)
    out = np.zeros((Z.shape[0], n_labels))
    out[:, space.present] = inner
    return out


def _tree_shap(space: ModelSpace, Z: np.ndarray, n_labels: int) -> np.ndarray:
    """SHAP values as (n, features, labels); labels absent from training stay 0."""
    shap = _shap()
    explainer = shap.TreeExplainer(space.clf)
    values = explainer.shap_values(Z, check_additivity=False)
    arr = np.asarray(values, dtype=np.float64)
    if isinstance(values, list):  # old API: one (n, f) array per class
        arr = np.stack(values, axis=-1)
    if arr.ndim == 2:  # binary models may return one column
        arr = np.stack([-arr, arr], axis=-1)
    out = np.zeros((Z.shape[0], Z.shape[1], n_labels))
    out[:, :, space.present[: arr.shape[2]]] = arr
    return out


def _linear_contrib(space: ModelSpace, Z: np.ndarray, n_labels: int) -> np.ndarray:
    coef = np.asarray(space.clf.coef_, dtype=np.float64)
    out = np.zeros((Z.shape[0], Z.shape[1], n_labels))
    if coef.ndim == 1:
        # Ordinal logit: one latent score for every level; a contribution > 0 pushes the text
        # towards *higher* levels (reported as such), < 0 towards lower ones.
        out[:] = (Z * coef[None, :])[:, :, None]
        return out
    if coef.shape[0] == 1:
        coef = np.vstack([-coef, coef])
    for j, k in enumerate(space.present[: coef.shape[0]]):
        out[:, :, k] = Z * coef[j][None, :]
    return out


def _occlusion(space: ModelSpace, Z: np.ndarray, n_labels: int, class_index: int) -> np.ndarray:
    """Per feature: p_k(z) − p_k(z with that feature at 0, the training median after z-scoring)."""
    out = np.zeros((Z.shape[0], Z.shape[1], n_labels))
    for i in range(Z.shape[0]):
        base = _full_proba(space, Z[i : i + 1], n_labels)[0]
        masked = np.repeat(Z[i : i + 1], Z.shape[1], axis=0)
        masked[np.arange(Z.shape[1]), np.arange(Z.shape[1])] = 0.0
        out[i] = base[None, :] - _full_proba(space, masked, n_labels)
    return out


def _kernel_shap(space: ModelSpace, Z: np.ndarray, background: np.ndarray, n_labels: int, nsamples: int) -> np.ndarray:
    shap = _shap()
    bg = shap.kmeans(background, min(10, len(background))) if len(background) > 10 else background
    explainer = shap.KernelExplainer(lambda z: _full_proba(space, z, n_labels), bg)
    values = explainer.shap_values(Z, nsamples=nsamples, silent=True)
    arr = np.asarray(values, dtype=np.float64)
    if isinstance(values, list):
        arr = np.stack(values, axis=-1)
    return arr


def _contributions(
    space: ModelSpace, Z: np.ndarray, n_labels: int, method: str, class_index: int,
    background: np.ndarray | None = None, nsamples: int = 200,
) -> tuple[np.ndarray, str]:
    if method == "auto":
        if space.kind == "tree" and has_shap():
            method = "tree"
        elif space.kind == "linear":
            method = "linear"
        else:
            method = "occlusion"
    if method == "tree":
        return _tree_shap(space, Z, n_labels), "shap-tree"
    if method == "linear":
        ordinal = np.asarray(space.clf.coef_).ndim == 1
        return _linear_contrib(space, Z, n_labels), "linear (coef x z)" + (", + = towards higher levels" if ordinal else "")
    if method == "kernel":
        bg = Z if background is None else background
        return _kernel_shap(space, Z, bg, n_labels, nsamples), "shap-kernel"
    if method == "occlusion":
        return _occlusion(space, Z, n_labels, class_index), "occlusion (feature set to training median)"
    raise ValueError(f"unknown explanation method {method!r}")


@dataclass
class LocalExplanation:
    """Top features pushing one text towards (or away from) the explained level."""

    label: str
    method: str
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _raw_value(frame: Any, name: str) -> float | None:
    if name in getattr(frame, "columns", ()):
        value = float(frame[name].iloc[0])
        return None if np.isnan(value) else round(value, 4)
    return None


def explain_local(
    pipeline: Any, frame: Any, class_index: int | None = None, *, top: int = 5, method: str = "auto"
) -> LocalExplanation:
    """Reasons for one text (``frame``: a one-row model table) for level ``class_index``."""
    labels = list(pipeline.labels)
    space = model_space(pipeline)
    if space.kind == "rules":
        trace = space.clf.explain(frame[pipeline.features].iloc[[0]])
        k = labels.index(str(trace.get("level", labels[0]))) if class_index is None else class_index
        reasons = []
        for comp, info in (trace.get("components") or {}).items():
            reasons.append({"feature": comp, "level": info.get("level"), "detail": _short(info)})
        return LocalExplanation(labels[k], "rules (component levels and thresholds)", reasons)
    Z = space.transform(frame)
    if class_index is None:
        class_index = int(np.argmax(_full_proba(space, Z, len(labels))[0]))
    contrib, used = _contributions(space, Z, len(labels), method, class_index)
    row = contrib[0, :, class_index]
    order = np.argsort(-np.abs(row), kind="stable")[:top]
    reasons = [
        {
            "feature": space.names[j],
            "value": _raw_value(frame, space.names[j]),
            "z": round(float(Z[0, j]), 3),
            "contribution": round(float(row[j]), 4),
            "direction": "towards" if row[j] > 0 else "away from",
        }
        for j in order
        if row[j] != 0
    ]
    return LocalExplanation(labels[class_index], used, reasons)


def _short(info: Any) -> Any:
    if not isinstance(info, dict):
        return info
    return {k: v for k, v in info.items() if k in ("level", "confidence", "fired", "score", "votes", "composite", "threshold")}


@dataclass
class GlobalExplanation:
    """Mean |contribution| per feature overall and per class, over a sample of texts."""

    method: str
    labels: list[str]
    names: list[str]
    values: np.ndarray  # (n, features, labels)
    Z: np.ndarray

    def ranking(self, top: int | None = None) -> list[tuple[str, float]]:
        score = np.abs(self.values).mean(axis=(0, 2))
        order = np.argsort(-score, kind="stable")[:top]
        return [(self.names[j], float(score[j])) for j in order]

    def per_class(self, top: int = 10) -> dict[str, list[tuple[str, float]]]:
        """Per level: the features with the largest mean |contribution| to that level's score.

        (Signed means are ~0 by construction over the background, so magnitudes are ranked;
        :meth:`direction` says whether a high value pushes towards the level.)
        """
        out: dict[str, list[tuple[str, float]]] = {}
        for k, label in enumerate(self.labels):
            score = np.abs(self.values[:, :, k]).mean(axis=0)
            order = np.argsort(-score, kind="stable")[:top]
            out[label] = [(self.names[j], float(score[j])) for j in order]
        return out

    def direction(self, feature: str, label: str) -> float:
        """Correlation of a feature's (z) value with its contribution to ``label``: > 0 pushes up."""
        j, k = self.names.index(feature), self.labels.index(label)
        x, c = self.Z[:, j], self.values[:, j, k]
        if np.std(x) == 0 or np.std(c) == 0:
            return 0.0
        return float(np.corrcoef(x, c)[0, 1])

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        return {
            "method": self.method,
            "ranking": [{"feature": n, "mean_abs": round(v, 5)} for n, v in self.ranking(top)],
            "per_class": {
                k: [{"feature": n, "mean_abs": round(v, 5), "direction": round(self.direction(n, k), 3)} for n, v in rows]
                for k, rows in self.per_class(10).items()
            },
        }


def explain_global(
    pipeline: Any, frame: Any, *, method: str = "auto", max_rows: int = 200, nsamples: int = 100, seed: int = 13
) -> GlobalExplanation:
    """Contributions for up to ``max_rows`` texts of ``frame`` (kernel SHAP for non-tree models
    when shap is installed and ``method="auto"``)."""
    labels = list(pipeline.labels)
    space = model_space(pipeline)
    if space.kind == "rules":
        raise ValueError("the rule-based model is explained by its traces (explain_local), not SHAP")
    if len(frame) > max_rows:
        frame = frame.sample(max_rows, random_state=seed)
    Z = space.transform(frame)
    if method == "auto" and space.kind == "other" and has_shap():
        method = "kernel"
    contrib, used = _contributions(space, Z, len(labels), method, 0, background=Z, nsamples=nsamples)
    if used.startswith("occlusion"):
        # occlusion was computed for every class at once; nothing else to do
        pass
    return GlobalExplanation(used, labels, space.names, contrib, Z)


def summary_plot(explanation: GlobalExplanation, path: str | Path, top: int = 20) -> Path:
    """PNG bar chart of the global ranking, bars split by level (the SHAP summary layout)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ranking = explanation.ranking(top)
    names = [n for n, _ in ranking][::-1]
    idx = [explanation.names.index(n) for n in names]
    per_class = np.abs(explanation.values).mean(axis=0)[idx]  # (top, labels)
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(names) + 1.5))
    left = np.zeros(len(names))
    for k, label in enumerate(explanation.labels):
        ax.barh(names, per_class[:, k], left=left, label=label)
        left += per_class[:, k]
    ax.set_xlabel(f"mean |contribution| ({explanation.method})")
    ax.legend(title="level", fontsize=8)
    fig.tight_layout()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def top_names(explanation: GlobalExplanation, top: int = 5) -> Sequence[str]:
    return [n for n, _ in explanation.ranking(top)]
