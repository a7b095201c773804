"""``analyze --target``: sentences and words above the target level."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from interlang.analysis.target import beyond_target
from interlang.errors import InputError


def _result() -> SimpleNamespace:
    text = "I have a cat. Notwithstanding everything, it prevailed."
    return SimpleNamespace(
        text=text, lang="en",
        difficulty={"sentences": [{"start": 0, "end": 13, "level": "A1", "expected_level": 1.2},
                                  {"start": 14, "end": len(text), "level": "C1", "expected_level": 4.8}]},
        vocabulary_profile={"A1": ["I", "have"], "C1": ["notwithstanding", "notwithstanding"], "B2": ["prevailed"]},
    )


def test_sentences_and_words_above_the_target() -> None:
    report = beyond_target(_result(), "b1")
    assert report.target == "B1"
    assert [s["text"] for s in report.sentences] == ["Notwithstanding everything, it prevailed."]
    assert report.words == {"B2": ["prevailed"], "C1": ["notwithstanding"]}
    assert 0.5 < report.share_above < 1.0
    assert report.to_dict()["n_sentences"] == 2


def test_nothing_above_c2_and_unknown_targets_are_refused() -> None:
    report = beyond_target(_result(), "C2")
    assert report.sentences == [] and report.words == {}
    with pytest.raises(InputError, match="unknown target level"):
        beyond_target(_result(), "B3")
