from __future__ import annotations

import numpy as np

from interlang.evaluation.nli import family_order, nli_report, top_k_per_label
from interlang.labels import LabelSet


def test_family_order_groups_related_languages() -> None:
    labels = ["Turkish", "Spanish", "German", "Italian", "Russian", "Klingon"]
    order = family_order(labels)
    assert sorted(order) == sorted(labels)
    assert abs(order.index("Spanish") - order.index("Italian")) == 1
    assert order[-1] == "Klingon"


def test_top_k_per_label_by_hand() -> None:
    labels = LabelSet.nominal(["a", "b", "c"])
    proba = np.array([[0.6, 0.3, 0.1], [0.5, 0.2, 0.3], [0.1, 0.2, 0.7]])
    out = top_k_per_label(["a", "b", "c"], proba, labels, ks=(1, 2))
    assert out["a"] == {"n": 1, "top1": 1.0, "top2": 1.0}
    assert out["b"]["top1"] == 0.0 and out["b"]["top2"] == 0.0


def test_report_excludes_unknown_and_tests_cefr(tmp_path) -> None:
    labels = LabelSet.nominal(["a", "b"])
    y = ["a", "b", "a", "b", None, "zz"] * 4
    proba = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.3, 0.7], [0.5, 0.5], [0.5, 0.5]] * 4)
    cefr = ["A2", "A2", "B2", "B2", "A2", "B2"] * 4
    report, extras = nli_report(y, proba, labels, cefr=cefr, out_dir=tmp_path)
    assert report.n == 16 and report.excluded == {"<missing>": 4, "zz": 4}
    assert extras["accuracy_per_cefr"]["A2"]["accuracy"] == 1.0
    assert extras["accuracy_per_cefr"]["B2"]["accuracy"] == 0.5
    assert extras["cefr_chi_square"]["p_value"] < 0.05
    assert (tmp_path / "confusion.png").exists() and (tmp_path / "confusion_A2.png").exists()
