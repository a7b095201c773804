"""Training overlap is decided by text content, not by corpus name (issue 11 item 5)."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from interlang.tasks.overlap import (
    PAYLOAD,
    record_training_texts,
    text_fingerprints,
    training_overlap,
)

SIMPLE = ["I like my cat.", "The sun is hot.", "We go to school.", "He has a red car.", "I eat bread."]
COMPLEX = [
    "Although the committee had deliberated extensively, its recommendations remained controversial.",
    "Notwithstanding considerable opposition, the legislation was eventually enacted.",
    "The researchers hypothesised that degradation would accelerate unless governments intervened.",
]


class _FakeBundle:
    """Just the bundle surface the overlap check reads."""

    def __init__(self, corpora: list[Any] | None = None) -> None:
        self.corpora = corpora or []
        self._arrays: dict[str, dict[str, np.ndarray]] = {}

    @property
    def array_names(self) -> list[str]:
        return list(self._arrays)

    def save_arrays(self, name: str, arrays: dict[str, np.ndarray]) -> None:
        self._arrays[name] = dict(arrays)

    def load_arrays(self, name: str) -> dict[str, np.ndarray]:
        return self._arrays[name]


def _rec(text: str, cefr: str = "B1") -> Any:
    return SimpleNamespace(text=text, language="en", cefr=cefr, l1=None)


def test_fingerprints_ignore_whitespace_and_are_compact() -> None:
    a = text_fingerprints(["A  text.\n", "Other"])
    assert a.dtype == np.uint64 and a.size == 2 and list(a) == sorted(a)
    assert np.array_equal(text_fingerprints(["A text."]), text_fingerprints([" A\ttext. "]))


def test_counts_only_texts_seen_in_training() -> None:
    bundle = _FakeBundle()
    assert record_training_texts(bundle, ["one text", "two texts"]) == 2
    overlap = training_overlap(bundle, [_rec("one text"), _rec("a new one"), _rec("another new one")])
    assert (overlap.n, overlap.total) == (1, 3)
    assert "1 of 3 texts were in m's training data" in (overlap.warning("m") or "")
    none = training_overlap(bundle, [_rec("never seen")])
    assert none.n == 0 and none.warning("m", same_name=True) is None and none.to_json() == 0


def test_without_fingerprints_the_corpus_hash_decides_or_it_is_unknown() -> None:
    from interlang.models.bundle import data_hash

    records = [_rec("one text"), _rec("two texts", "B2")]
    bundle = _FakeBundle([SimpleNamespace(name="c", hash=data_hash(records))])
    same = training_overlap(bundle, records)
    assert (same.n, same.total, same.method) == (2, 2, "corpus hash")
    other = training_overlap(bundle, [_rec("something else")])
    assert other.n is None and other.to_json() == "unknown"
    assert other.warning("m") is None  # another corpus name: nothing claimed
    assert "overlap unknown" in (other.warning("m", same_name=True) or "")
    assert PAYLOAD not in bundle.array_names


def _write(path: Path, texts: list[tuple[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "text", "cefr", "language"])
        writer.writeheader()
        for i, (text, cefr) in enumerate(texts):
            writer.writerow({"id": f"t{i}", "text": text, "cefr": cefr, "language": "en"})
    return path


@pytest.mark.slow
def test_evaluate_warns_only_for_texts_seen_in_training(tmp_path: Path) -> None:
    from interlang.tasks.evaluate import evaluate_model
    from interlang.tasks.level_training import train_level

    rng = np.random.default_rng(1)
    rows = []
    for i in range(10):
        rows.append((" ".join(rng.choice(SIMPLE, 3 + i % 3)) + f" Day {i}.", "A2"))
        rows.append((" ".join(rng.choice(COMPLEX, 2 + i % 2)) + f" Case {i}.", "C1"))
    train_csv = _write(tmp_path / "train" / "tiny.csv", rows)
    fresh = [(" ".join(rng.choice(SIMPLE, 4)) + f" Night {i}.", "A2") for i in range(4)]
    fresh += [(" ".join(rng.choice(COMPLEX, 2)) + f" Item {i}.", "C1") for i in range(4)]
    other_csv = _write(tmp_path / "other" / "tiny.csv", fresh)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = train_level(str(train_csv), "logreg", cache=tmp_path / "cache", n_jobs=1, tfidf=False,
                             param_grid={"C": [1.0]}, n_bootstrap=0, calibrate=False)
    assert PAYLOAD in result.bundle.array_names
    model = result.bundle.save(tmp_path / "model")
    seen = evaluate_model(model, train_csv, n_jobs=1, cache=False, n_bootstrap=0)
    n_seen = sum(result.sizes[:2])
    assert seen.to_json()["training_overlap"] == n_seen
    assert any(f"{n_seen} of {len(rows)} texts were in" in w for w in seen.warnings)
    new = evaluate_model(model, other_csv, n_jobs=1, cache=False, n_bootstrap=0)
    assert new.to_json()["training_overlap"] == 0
    assert new.warnings == []
