"""The n-gram proficiency workflow: data prepared for the CV protocol, refusals, a loadable bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from interlang.errors import InputError
from interlang.tasks.proficiency_ngram import level_texts, train_ngram_level

LOW = ["Ciao, sono Marco. Ho un cane.", "Mi chiamo Anna. Abito a Roma.", "Ho una casa. La casa è bella.",
       "Io mangio la pasta. È buona."]
HIGH = ["Sebbene la situazione fosse complicata, abbiamo deciso di affrontare le difficoltà insieme.",
        "Vorrei sottolineare che, nonostante gli sforzi, i risultati non sono stati soddisfacenti.",
        "Qualora fosse necessario, sarei disposto a riconsiderare la mia posizione al riguardo.",
        "Benché avessi poco tempo, ho voluto scrivere una lettera dettagliata al direttore."]


def _corpus(tmp_path: Path, rows: list[tuple[str, str]]) -> str:
    lines = ["id,text,cefr,language"] + [f'{i},"{t}",{lev},it' for i, (t, lev) in enumerate(rows)]
    path = tmp_path / "levels.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_level_texts_keeps_the_levels_present_in_order(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, [(t, "B1") for t in HIGH] + [(t, "A1") for t in LOW])
    data = level_texts(corpus)
    assert data.labels.labels == ("A1", "B1") and data.labels.ordinal
    assert len(data.texts) == len(data.y) == len(data.groups) == 8 and data.lang == "it"
    assert len(set(data.groups)) == 8  # every writer its own group (no prompt recorded)


def test_one_level_is_refused_with_the_corpus_named(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, [(t, "A2") for t in LOW])
    with pytest.raises(InputError, match="at least two CEFR levels"):
        level_texts(corpus)


def test_train_writes_a_bundle_that_predicts_proficiency(tmp_path: Path) -> None:
    import interlang

    corpus = _corpus(tmp_path, [(t, "A1") for t in LOW] * 3 + [(t, "B1") for t in HIGH] * 3)
    out = tmp_path / "level-it-mini"
    cv = train_ngram_level(corpus, params={"classifier": "logreg", "C": 10.0, "clean": False}, out=out,
                           name="level-it-mini", n_repeats=1, n_splits=2, progress=False)
    assert set(cv["metrics"]) >= {"weighted_f1", "qwk", "ece"}
    predictor = interlang.load(out)
    assert predictor.task == "proficiency" and predictor.labels == ["A1", "B1"]
    assert predictor.metadata["metrics"]["cv_protocol"].startswith("1x2-fold")
    assert predictor.predict(HIGH[0])[0].label == "B1"
