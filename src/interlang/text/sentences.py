"""Sentence boundaries without a parser, for any script: what the difficulty model reads.

The difficulty model scores sentences of texts in any language e5 covers, most of which have no
pipeline here. A boundary is end punctuation (``. ! ? … 。 ！ ？ ؟ । ۔``, with closing quotes or
brackets) followed by white space and not preceded by a short abbreviation (``Dr.``, ``z.B.``,
``St.``), or a line break that ends a paragraph or a heading. Parsed documents use their
parser's sentences instead (:func:`document_sentences`).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["document_sentences", "split_sentences"]

_END = re.compile(r"[.!?…。！？؟।۔]+[\"'”’»)\]]*(?=\s)|\n\s*\n|\n(?=\s*[-*•\d])")
_ABBREV = re.compile(
    r"(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|e\.g|i\.e|z\.B|d\.h|u\.a|bzw|usw|ca|Nr|Str|Hr|Fr|vgl|Abb|"
    r"Jh|Mio|Mrd|bzgl|ggf|evtl|inkl|max|min|No|Vol|pp|cf|[A-Z])\.$"
)
_NUMBER = re.compile(r"\d\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of the sentences of ``text`` (white space trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        piece = text[start:end]
        if m.group().startswith(".") and (_ABBREV.search(piece) or _NUMBER.search(piece)):
            # "Dr." / "z.B." / "3." inside a sentence: not a boundary unless a new line follows
            following = text[end : end + 2]
            if "\n" not in following:
                continue
        rest = text[end:].lstrip()
        if rest[:1].islower() and "\n" not in m.group():  # '"Go!" she said': the sentence goes on
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def document_sentences(doc: Any) -> list[str]:
    """The sentence texts of a parsed :class:`~interlang.text.document.Document`."""
    out = []
    for tokens in doc.iter_sentences():
        text = "".join(t.text + t.whitespace for t in tokens).strip()
        if text:
            out.append(text)
    return out
