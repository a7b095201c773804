"""``interlang evaluate`` warns about training overlap by content, for the shipped L1 model too."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from interlang.models.shipped import shipped_path

NEW = [
    "Yesterday I went to the market with my sister and we bought many vegetables for the week. "
    "The weather was nice and we walked home slowly, talking about our plans for the summer holidays.",
    "In my opinion television has a bad influence on children because they spend too much time in front "
    "of the screen instead of playing outside with their friends or reading interesting books.",
    "Many people believe that money brings happiness, but I think that family and friends are much more "
    "important for a good life than a big house or an expensive car.",
]


def _csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "text", "l1", "language"])
        writer.writeheader()
        for i, (text, l1) in enumerate(rows):
            writer.writerow({"id": f"x{i}", "text": text, "l1": l1, "language": "en"})
    return path


@pytest.fixture()
def l1_en() -> str:
    if shipped_path("l1-en") is None:
        pytest.skip("l1-en is not installed")
    return "l1-en"


def test_new_texts_get_no_training_warning(l1_en: str, tmp_path: Path) -> None:
    from interlang.tasks.evaluate import evaluate_model

    data = _csv(tmp_path / "new.csv", [(t, l1) for t, l1 in zip(NEW, ("German", "French", "Spanish"), strict=True)])
    result = evaluate_model(l1_en, data, n_bootstrap=0)
    assert result.to_json()["training_overlap"] == 0
    assert not any("training" in w for w in result.warnings)


def test_training_texts_are_counted(l1_en: str, tmp_path: Path) -> None:
    from interlang.corpora import read_corpus
    from interlang.errors import InterlangError
    from interlang.tasks.evaluate import evaluate_model

    try:
        records, _ = read_corpus("icle500")
    except InterlangError:
        pytest.skip("ICLE500 is not in INTERLANG_DATA")
    seen = [(r.text, str(r.l1)) for r in records if r.l1 in ("German", "French")][:2]
    data = _csv(tmp_path / "mixed.csv", [*seen, (NEW[0], "German")])
    result = evaluate_model(l1_en, data, n_bootstrap=0)
    assert result.to_json()["training_overlap"] == 2
    assert any("2 of 3 texts were in l1-en's training data" in w for w in result.warnings)
