"""Frequency bands and the spelling wordfreq's case-folding loses."""

from __future__ import annotations

from interlang.lexicon import frequency_level
from interlang.lexicon.frequency import restore_spelling


def test_frequency_bands_edges() -> None:
    assert [frequency_level(r) for r in (1, 2000, 2001, 5000, 5001, 10000, 10001, 20000, 20001, 35000, 35001)] == [
        "A1", "A1", "A2", "A2", "B1", "B1", "B2", "B2", "C1", "C1", "C2",
    ]  # fmt: skip


def test_spelling_restoration() -> None:
    assert restore_spelling("τησ", "el") == "της"
    assert [restore_spelling(w, "de") for w in ("strasse", "dass", "weiss", "wasser")] == ["straße", "dass", "weiß", "wasser"]
