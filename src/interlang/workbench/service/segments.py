"""Segmentation of approved texts into ordered, levelled pieces."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interlang.workbench.db.models import Segment, User
from interlang.workbench.errors import Conflict, Invalid
from interlang.workbench.service.common import (
    INHERITED,
    REVIEWERS,
    audit,
    check_level,
    fetch,
    get_text,
    require,
)


def _sentences(text: str, language: str | None) -> list[str]:
    from interlang.errors import InterlangError
    from interlang.text import parse

    try:
        doc = parse(text, language or "en")
    except InterlangError as exc:
        raise Invalid(f"cannot split this text into sentences: {exc}") from None
    out = []
    for sent in doc.sentences:
        toks = doc.tokens[sent.start:sent.end]
        out.append("".join(t.text + t.whitespace for t in toks).strip())
    return [s for s in out if s]


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def segment_text(db: Session, actor: User, text_id: int, mode: str = "sentences", size: int = 1,
                 parts: Sequence[str] | None = None, min_words: int = 20) -> list[Segment]:
    """Split an approved text into ordered segments (replacing earlier ones).

    ``sentences``: groups of ``size`` sentences; ``paragraphs``: blank-line separated blocks
    grouped by ``size``; ``manual``: ``parts``, each a piece of the text, in order.
    """
    require(actor, *REVIEWERS)
    item = get_text(db, text_id)
    if item.status != "approved":
        raise Conflict(f"only approved texts are segmented; text {item.id} is {item.status}")
    if _word_count(item.text) < min_words:
        raise Invalid(f"text {item.id} has fewer than {min_words} words: too short to segment")
    if size < 1 or size > 1000:
        raise Invalid("size must be between 1 and 1000")
    if mode == "sentences":
        units = _sentences(item.text, item.language)
    elif mode == "paragraphs":
        units = [p.strip() for p in re.split(r"\n\s*\n", item.text) if p.strip()]
    elif mode == "manual":
        if not parts:
            raise Invalid("manual segmentation needs parts: the pieces of the text, in order")
        pos = 0
        for i, part in enumerate(parts, start=1):
            found = item.text.find(part.strip(), pos)
            if not part.strip() or found < 0:
                raise Invalid(f"part {i} is not a piece of the text after part {i - 1}")
            pos = found + len(part.strip())
        units, size = [p.strip() for p in parts], 1
    else:
        raise Invalid("mode must be sentences, paragraphs or manual")
    chunks = [" ".join(units[i:i + size]) if mode == "sentences" else "\n\n".join(units[i:i + size])
              for i in range(0, len(units), size)]
    inherited = {k: getattr(item, k) for k in INHERITED}
    for old in list(item.segments):
        db.delete(old)
    db.flush()
    segments = [Segment(text_id=item.id, order=i, text=chunk, inherited=inherited, level=None)
                for i, chunk in enumerate(chunks, start=1)]
    db.add_all(segments)
    audit(db, item, actor, "segment", item.status, item.status, {"mode": mode, "size": size, "n": len(segments)})
    db.commit()
    return segments


def segments_of(db: Session, actor: User, text_id: int) -> list[Segment]:
    require(actor, *REVIEWERS)
    get_text(db, text_id)
    return list(db.scalars(select(Segment).where(Segment.text_id == text_id).order_by(Segment.order)))


def set_segment_level(db: Session, actor: User, segment_id: int, level: Any) -> Segment:
    require(actor, *REVIEWERS)
    seg = fetch(db, Segment, segment_id, "segment")
    seg.level = check_level(level)
    db.commit()
    return seg
