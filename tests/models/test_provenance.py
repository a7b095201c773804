"""data_hash and CorpusInfo: what a bundle records about its training data."""

from __future__ import annotations

import pytest

from interlang.corpora.record import Record
from interlang.models.provenance import CorpusInfo, data_hash


def test_data_hash_is_order_independent_and_content_sensitive() -> None:
    texts = ["Ich bin hier.", "I am here.", "Je suis là."]
    labels = ["A1", "A2", "A1"]
    h = data_hash(texts=texts, labels=labels)
    assert h.startswith("sha256:") and len(h) == len("sha256:") + 64
    assert data_hash(texts=texts[::-1], labels=labels[::-1]) == h
    assert data_hash(texts=texts, labels=["A1", "A2", "A2"]) != h
    assert data_hash(texts=texts + texts[:1], labels=labels + labels[:1]) != h
    assert data_hash(texts=texts) != h

    records = [Record(id=str(i), text=t, language="de", cefr=c) for i, (t, c) in enumerate(zip(texts, labels, strict=True))]
    renamed = [Record(id=f"x{r.id}", text=r.text, language="de", cefr=r.cefr, metadata={"split": "train"}) for r in records]
    assert data_hash(records) == data_hash(list(reversed(renamed)))
    assert data_hash([{"text": r.text, "language": "de", "cefr": r.cefr} for r in records]) == data_hash(records)
    with pytest.raises(ValueError):
        data_hash()


def test_corpus_info_round_trips_through_json_fields() -> None:
    info = CorpusInfo("merlin-de", "sha256:" + "0" * 64, 827, "CC BY-SA 4.0", False)
    assert CorpusInfo.from_dict(info.to_dict()) == info
    assert CorpusInfo.from_dict({"name": "x", "hash": "h"}) == CorpusInfo("x", "h")
