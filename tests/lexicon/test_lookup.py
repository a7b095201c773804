"""Each token of a document is looked up in the lexicon once, whatever number of groups ask."""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterator

import pytest

from interlang.analysis import analyze, sample_text
from interlang.features import extract
from interlang.features.vocabulary import counted_tokens, token_entry
from interlang.lexicon import Lexicon, lookup
from interlang.text import parse
from interlang.text.document import Token


@pytest.fixture()
def spied(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Counter[int], list[int]]]:
    """(per-token calls of the token lookup, total queries of the lexicon itself)."""
    per_token: Counter[int] = Counter()
    queries = [0]
    real_lookup, real_entry = lookup.look_up_token, Lexicon.entry

    def look_up_token(lexicon: Lexicon, t: Token) -> lookup.TokenLookup:
        per_token[t.i] += 1
        return real_lookup(lexicon, t)

    def entry(self: Lexicon, lemma: str, upos: str | None = None) -> lookup.Entry | None:
        queries[0] += 1
        return real_entry(self, lemma, upos)

    monkeypatch.setattr(lookup, "look_up_token", look_up_token)
    monkeypatch.setattr(Lexicon, "entry", entry)
    yield per_token, queries


@pytest.mark.parametrize(("lang", "backend"), [("en", None), ("de", None), ("el", None), ("en", "rules")])
def test_each_token_is_looked_up_once_per_analyze(
    lang: str, backend: str | None, spied: tuple[Counter[int], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    per_token, queries = spied
    result = analyze(sample_text(lang), lang=lang, backend=backend)
    counted = counted_tokens(result.doc, Lexicon.load(lang))
    assert counted and result.vocabulary_profile is not None
    assert {t.i for t in counted} <= set(per_token)  # every counted token has its entry ...
    assert max(per_token.values()) == 1  # ... looked up once for features, ratios and profile
    during_analyze = queries[0]
    # The lexicon was queried exactly as often as one pass over the tokens needs (so no group
    # repeated the lookup on its own).
    queries[0] = 0
    fresh = parse(sample_text(lang), lang, backend=backend)
    for i in per_token:
        token_entry(Lexicon.load(lang), fresh.tokens[i])
    assert during_analyze == queries[0]
    # Extracting again reuses the document's entries: no new lookup at all.
    queries[0] = 0
    extract(result.doc)
    assert queries[0] == 0 and max(per_token.values()) == 1


def test_entries_match_the_one_token_lookup() -> None:
    doc = parse(sample_text("de"), "de")
    lex = Lexicon.load("de")
    shared = lookup.document_lexicon(doc, lex)
    assert lookup.document_lexicon(doc, lex) is shared
    for t in counted_tokens(doc, lex):
        assert shared.entry(t) == token_entry(lex, t)
    assert len(shared) == len(counted_tokens(doc, lex))


def test_a_document_pickles_without_its_cache() -> None:
    doc = parse(sample_text("en"), "en")
    before = extract(doc).values
    copy = pickle.loads(pickle.dumps(doc))
    assert "_derived" in doc.__dict__ and "_derived" not in copy.__dict__
    assert copy == doc
    after = extract(copy).values
    assert after.keys() == before.keys()
    assert all(after[k] == before[k] or (after[k] != after[k] and before[k] != before[k]) for k in before)
