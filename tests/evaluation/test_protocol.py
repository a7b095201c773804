"""The CV protocol: groups never span folds, repeats reshuffle, nested CV picks on inner folds."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from interlang.errors import InputError
from interlang.evaluation.protocol import connected_groups, cross_validate
from interlang.labels import LabelSet

LABELS = LabelSet.cefr(("A2", "B1", "B2"))


def _data(n: int = 180, seed: int = 0) -> tuple[np.ndarray, list[str], list[str]]:
    rng = np.random.default_rng(seed)
    y_codes = rng.integers(0, 3, size=n)
    X = y_codes[:, None] + rng.normal(scale=0.7, size=(n, 2))
    writers = [f"w{i // 3}" for i in range(n)]  # three texts per writer
    return X, [LABELS.labels[c] for c in y_codes], writers


class Spy:
    """A nearest-centroid classifier that records which rows it was trained on."""

    seen: ClassVar[list[set[int]]] = []

    def __init__(self, shrink: float = 0.0) -> None:
        self.shrink = shrink

    def fit(self, X: np.ndarray, y: list[str]) -> Spy:
        Spy.seen.append({int(v) for v in X[:, -1]})
        self.classes_ = np.array(sorted(set(y)))
        Xf = X[:, :-1]
        self.centres_ = np.array([Xf[np.array(y) == c].mean(axis=0) for c in self.classes_])
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        d = ((X[:, None, :-1] - self.centres_[None]) ** 2).sum(axis=2)
        z = -d / (1.0 + self.shrink)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


def test_groups_never_span_train_and_test() -> None:
    X, y, writers = _data()
    Xi = np.hstack([X, np.arange(len(y))[:, None]])  # last column: row id
    Spy.seen = []
    result = cross_validate(Spy, Xi, y, labels=LABELS, groups=writers, n_splits=5, n_repeats=2)
    assert len(Spy.seen) == 10
    by_writer: dict[str, set[int]] = {}
    for i, w in enumerate(writers):
        by_writer.setdefault(w, set()).add(i)
    for train_rows in Spy.seen:
        for rows in by_writer.values():
            assert rows <= train_rows or not (rows & train_rows)
    assert result.oof_proba.shape == (2, len(y), 3)
    assert np.allclose(result.oof_proba.sum(axis=2), 1.0)
    assert result.mean("accuracy") > 0.6  # the signal is real
    assert result.sd("accuracy") >= 0.0
    assert "qwk" in result.per_repeat and len(result.per_repeat["qwk"]) == 2


def test_repeats_reshuffle_and_seed_reproduces() -> None:
    X, y, writers = _data()
    Xi = np.hstack([X, np.arange(len(y))[:, None]])
    a = cross_validate(Spy, Xi, y, labels=LABELS, groups=writers, n_repeats=2, seed=3)
    b = cross_validate(Spy, Xi, y, labels=LABELS, groups=writers, n_repeats=2, seed=3)
    assert np.array_equal(a.oof_proba, b.oof_proba)
    assert not np.array_equal(a.oof_proba[0], a.oof_proba[1])


def test_nested_cv_records_a_choice_per_outer_fold() -> None:
    X, y, writers = _data()
    Xi = np.hstack([X, np.arange(len(y))[:, None]])
    result = cross_validate(
        Spy, Xi, y, labels=LABELS, groups=writers, n_splits=3, n_repeats=1,
        param_grid={"shrink": [0.0, 50.0]}, select_on="ece",
    )
    assert len(result.chosen_params) == 3
    assert all(p["shrink"] in (0.0, 50.0) for p in result.chosen_params)
    table = result.to_markdown()
    assert "macro_f1" in table and "| B1 |" in table
    assert result.to_dict()["protocol"] == "1x3-fold, stratified, grouped"


def test_connected_groups_join_writers_and_prompts() -> None:
    writers = ["a", "a", "b", "c", "d"]
    prompts = ["p1", "p2", "p2", "p3", None]
    g = connected_groups(writers, prompts)
    assert g[0] == g[1] == g[2]  # a wrote p1 and p2; b wrote p2
    assert len({g[0], g[3], g[4]}) == 3


def test_bad_input_is_refused() -> None:
    X, y, writers = _data(30)
    with pytest.raises(InputError):
        cross_validate(Spy, X, y, labels=LABELS, groups=writers[:-1])
    with pytest.raises(InputError):
        cross_validate(Spy, X, ["C2", *y[1:]], labels=LABELS, groups=writers)
