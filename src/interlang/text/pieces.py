"""Cutting a long text into pieces a parser can take one at a time, with bounded memory.

A trained pipeline's memory grows with the size of what it parses at once (a 1.3 MB text parsed
as 26 chunks in one ``nlp.pipe`` batch peaked at 2.4 GB). Pieces are cut at the last paragraph
break in a window, else a line break, else a sentence end, else a space, so a cut almost always
falls where a sentence ends anyway; batches are bounded by characters, not only by count, so a
batch of long pieces stays small.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Gaps a cut may follow, best first: paragraph break, line break, sentence end, clause break
#: (``;`` is also the Greek question mark), any space.
_GAPS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p) for p in (r"\n\s*\n\s*", r"\n\s*", r"[.!?…\u037e]\s+", r"[;:]\s+", r"\s+")
)


def split_points(text: str, limit: int) -> list[int]:
    """Piece ends (exclusive) so that every piece is ≤ ``limit`` chars.

    A cut goes after the last paragraph break, else line break, else sentence end, else space
    in the window (past its first quarter, so pieces do not get tiny); a window without any gap
    is cut hard (only a pathological input, such as one 50,000-letter "word", has none).
    """
    ends: list[int] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start : start + limit]
        cut = -1
        for pattern in _GAPS:
            last = None
            for m in pattern.finditer(window):
                if m.end() > limit // 4:
                    last = m
            if last is not None:
                cut = start + last.end()
                break
        if cut <= start:
            cut = start + limit
        ends.append(cut)
        start = cut
    ends.append(n)
    return ends


def split_chunks(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of ≤ ``limit`` chars at gaps; ``"".join(result) == text``."""
    chunks: list[str] = []
    start = 0
    for end in split_points(text, limit):
        chunks.append(text[start:end])
        start = end
    return chunks


def char_batches(items: Iterable[tuple[str, T]], max_items: int, max_chars: int) -> Iterator[list[tuple[str, T]]]:
    """``(text, tag)`` pairs grouped in order into batches of ≤ ``max_items`` and about ≤ ``max_chars``.

    A batch closes as soon as it reaches either bound (a single piece longer than ``max_chars``
    is a batch of its own), so the parser never holds more than about ``max_chars`` of text.
    """
    batch: list[tuple[str, T]] = []
    chars = 0
    for item in items:
        if batch and chars + len(item[0]) > max_chars:
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
        if len(batch) >= max_items:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch
