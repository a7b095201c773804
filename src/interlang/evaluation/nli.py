"""NLI-specific analysis on top of the shared evaluation suite.

Top-k per L1, accuracy per CEFR level with a chi-square test of independence (the seed paper's
Figure 4 question: is NLI easier at low proficiency?), confusion matrices with L1s ordered by
language family so related-language confusions sit together, and a learning curve.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from interlang.evaluation.report import EvaluationReport, evaluate, exclude_unknown
from interlang.labels import LabelSet

__all__ = [
    "FAMILIES",
    "family_order",
    "learning_curve",
    "nli_report",
    "top_k_per_label",
]

#: Language families (and major branches) in display order; unknown L1s go last.
FAMILIES: dict[str, tuple[str, ...]] = {
    "Romance": ("French", "Italian", "Spanish", "Portuguese", "Romanian", "Catalan"),
    "Germanic": ("German", "Dutch", "English", "Swedish", "Norwegian", "Danish"),
    "Slavic": ("Russian", "Polish", "Czech", "Slovak", "Bulgarian", "Macedonian", "Serbian",
               "Croatian", "Ukrainian", "Slovenian"),
    "Baltic": ("Lithuanian", "Latvian"),
    "Hellenic": ("Greek",),
    "Indo-Iranian": ("Persian", "Punjabi", "Urdu", "Hindi", "Bengali"),
    "Uralic": ("Finnish", "Hungarian", "Estonian"),
    "Turkic": ("Turkish", "Kazakh", "Azerbaijani"),
    "Semitic": ("Arabic", "Hebrew"),
    "Sino-Tibetan": ("Chinese", "Mandarin", "Cantonese"),
    "Japonic/Koreanic": ("Japanese", "Korean"),
    "Bantu": ("Tswana", "Zulu", "Swahili"),
}


def family_order(labels: Sequence[str]) -> list[str]:
    """``labels`` reordered so that members of one family are adjacent (a permutation)."""
    rank = {name: (i, j) for i, members in enumerate(FAMILIES.values()) for j, name in enumerate(members)}
    return sorted(labels, key=lambda lab: (*rank.get(lab, (len(FAMILIES), 0)), lab))


def top_k_per_label(
    y_true: Sequence[str], proba: ArrayLike, labels: LabelSet, ks: Sequence[int] = (1, 3, 5)
) -> dict[str, dict[str, float | int]]:
    """Per gold L1: its count and the share of its texts whose label is in the top k."""
    p = np.asarray(proba, dtype=np.float64)
    gold = np.asarray([labels.index(y) for y in y_true])
    order = np.argsort(-p, axis=1)
    out: dict[str, dict[str, float | int]] = {}
    for code, name in enumerate(labels.labels):
        rows = np.flatnonzero(gold == code)
        entry: dict[str, float | int] = {"n": int(rows.size)}
        for k in ks:
            entry[f"top{k}"] = float(np.mean((order[rows, :k] == code).any(axis=1))) if rows.size else float("nan")
        out[name] = entry
    return out


def nli_report(
    y_true: Sequence[str | None],
    proba: ArrayLike,
    labels: LabelSet,
    *,
    cefr: Sequence[str | None] | None = None,
    out_dir: str | Path | None = None,
    title: str | None = None,
    n_bootstrap: int = 0,
) -> tuple[EvaluationReport, dict[str, Any]]:
    """The shared report plus NLI extras; gold labels outside ``labels`` are excluded, counted.

    With ``cefr``, the report's ``groups["cefr"]`` holds accuracy per level and
    ``group_tests["cefr"]`` the chi-square test of correctness × level. With ``out_dir`` a
    family-ordered confusion matrix PNG (``confusion.png``, and one per CEFR level) is written.
    """
    keep, excluded = exclude_unknown(list(y_true), labels)
    p = np.asarray(proba, dtype=np.float64)[keep]
    gold = [str(y_true[i]) for i in keep]
    pred = [labels.labels[j] for j in np.argmax(p, axis=1)]
    groups = {"cefr": [cefr[i] for i in keep]} if cefr is not None else None
    report = evaluate(gold, pred, p, labels=labels, groups=groups, excluded=excluded, n_bootstrap=n_bootstrap)
    extras: dict[str, Any] = {
        "top_k_per_l1": top_k_per_label(gold, p, labels),
        "family_order": family_order(labels.labels),
    }
    if cefr is not None:
        extras["accuracy_per_cefr"] = {k: {"n": v.n, "accuracy": v.accuracy} for k, v in report.groups["cefr"].items()}
        test = report.group_tests.get("cefr")
        extras["cefr_chi_square"] = None if test is None else test.to_dict()
    if out_dir is not None:
        from interlang.evaluation.plots import plot_confusion_matrix

        out = Path(out_dir)
        order = family_order(labels.labels)
        paths = [str(plot_confusion_matrix(report.confusion, labels.labels, out / "confusion.png", order=order, title=title))]
        if cefr is not None:
            from interlang.evaluation.metrics import confusion_matrix

            levels = np.asarray([str(c) for c in groups["cefr"]], dtype=object) if groups else np.array([])
            for level in sorted(set(levels)):
                rows = np.flatnonzero(levels == level)
                cm = confusion_matrix([gold[i] for i in rows], [pred[i] for i in rows], labels)
                paths.append(str(plot_confusion_matrix(
                    cm, labels.labels, out / f"confusion_{level}.png", order=order,
                    title=f"{title or 'NLI'}: CEFR {level}",
                )))
        extras["figures"] = paths
    return report, extras


def learning_curve(
    make_model: Callable[[], Any],
    texts: Sequence[str],
    y: Sequence[str],
    train_idx: Sequence[int],
    test_idx: Sequence[int],
    fractions: Sequence[float] = (0.25, 0.5, 0.75, 1.0),
    seed: int = 13,
) -> list[dict[str, float]]:
    """Top-1 on a fixed test part as the training part grows (stratified subsamples).

    Tells whether more data would help: a curve still rising at 1.0 says yes.
    """
    rng = np.random.default_rng(seed)
    labels = np.asarray(y, dtype=object)
    train = np.asarray(train_idx)
    test = np.asarray(test_idx)
    points = []
    for frac in fractions:
        chosen = []
        for cls in np.unique(labels[train]):
            rows = train[labels[train] == cls]
            size = max(2, round(frac * rows.size))
            chosen.extend(rng.choice(rows, size=min(size, rows.size), replace=False).tolist())
        model = make_model().fit([texts[i] for i in chosen], labels[chosen])
        pred = model.predict([texts[i] for i in test])
        points.append({"fraction": float(frac), "n_train": len(chosen), "top1": float(np.mean(pred == labels[test]))})
    return points
