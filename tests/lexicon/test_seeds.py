"""Seed-list parsing: Greek KELLY variants."""

from __future__ import annotations

from interlang.lexicon.seeds import greek_variants


def test_greek_variants() -> None:
    assert greek_variants("αβγό, αυγό") == ["αβγό", "αυγό"]
    assert greek_variants("αστυνομικός,-ή,-ό") == ["αστυνομικός"]
    assert greek_variants("δική μου,σου") == ["δική μου"]
