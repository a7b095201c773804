"""Cutting long texts into pieces and batching them by characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interlang.text.pieces import char_batches, split_chunks, split_points


def test_cuts_prefer_paragraphs_then_sentence_ends() -> None:
    paragraph = "One sentence here. Another one there; with a clause. "
    text = (paragraph * 3).strip() + "\n\n" + (paragraph * 3).strip()
    chunks = split_chunks(text, limit=len(text) - 10)
    assert "".join(chunks) == text
    assert chunks[0].endswith("\n\n")  # the paragraph break, not a sentence end inside it
    single = paragraph * 6
    cut = split_chunks(single, limit=100)
    assert all(c.rstrip().endswith(".") for c in cut[:-1])  # never at the ';' inside a sentence


def test_a_text_without_gaps_is_cut_hard() -> None:
    assert split_points("x" * 250, 100) == [100, 200, 250]


@settings(max_examples=100, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=80), max_size=40),
    max_items=st.integers(min_value=1, max_value=6),
    max_chars=st.integers(min_value=1, max_value=200),
)
def test_char_batches_keep_order_and_bounds(sizes: list[int], max_items: int, max_chars: int) -> None:
    items = [("a" * n, k) for k, n in enumerate(sizes)]
    batches = list(char_batches(items, max_items, max_chars))
    assert [pair for batch in batches for pair in batch] == items
    for batch in batches:
        assert 1 <= len(batch) <= max_items
        chars = sum(len(text) for text, _ in batch)
        assert chars <= max_chars or len(batch) == 1  # only a lone oversized piece exceeds it
