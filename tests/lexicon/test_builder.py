"""Merging seeds with frequency ranks: which source wins, what is kept in ``alt``."""

from __future__ import annotations

from interlang.lexicon.builder import merge
from interlang.lexicon.seeds import Seed


def test_merge_seed_wins_and_disagreement_is_recorded() -> None:
    seeds = [Seed("book", "VERB", "B1", "cefrj"), Seed("book", "VERB", "A2", "kelly"), Seed("cat", "NOUN", "A1", "kelly")]
    ranked = [("the", 1.0), ("book", 0.5), ("dog", 0.1)]
    rows = {(r.lemma, r.upos): r for r in merge(seeds, ranked)}
    book = rows[("book", "VERB")]
    assert (book.level, book.source, book.rank) == ("B1", "cefrj", 2)
    assert book.alt == "freq:A1 kelly:A2"
    assert rows[("cat", "NOUN")].rank is None
    assert rows[("dog", "")].source == "freq"
    assert ("book", "") not in rows  # no frequency row beside a seeded lemma


def test_unrated_kelly_yields_to_frequency() -> None:
    rows = merge([Seed("πάω", "VERB", "C2", "kelly-unrated")], [("πάω", 1.0)])
    assert (rows[0].level, rows[0].source, rows[0].alt) == ("A1", "freq", "kelly-unrated:C2")
