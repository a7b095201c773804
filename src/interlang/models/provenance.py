"""Where a model's training data came from: content hashes and corpus records for bundles."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CorpusInfo", "data_hash", "licence_terms"]


def _record_fields(record: Any) -> list[Any]:
    get: Callable[[str], Any]
    if isinstance(record, Mapping):
        get = record.get
    else:
        def get(key: str) -> Any:
            return getattr(record, key, None)
    return [get("text"), get("language"), get("cefr"), get("l1")]


def data_hash(
    records: Iterable[Any] | None = None,
    *,
    texts: Sequence[str] | None = None,
    labels: Sequence[Any] | None = None,
) -> str:
    """Order-independent SHA-256 of training data, as ``"sha256:<hex>"``.

    Pass :class:`~interlang.corpora.record.Record` objects (or mappings): the hash covers each
    record's text, language, CEFR level and L1 — what a model learns from — not ids or metadata.
    Or pass ``texts`` with optional aligned ``labels``. Each item is serialised as canonical JSON
    and hashed; the sorted item digests are hashed again, so shuffling the corpus keeps the hash
    while adding, removing, duplicating or relabelling a text changes it.
    """
    if (records is None) == (texts is None):
        raise ValueError("pass either records or texts (with optional labels)")
    items: Iterable[list[Any]]
    if records is not None:
        items = (_record_fields(r) for r in records)
    else:
        assert texts is not None
        if labels is not None and len(labels) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        items = ([t] if labels is None else [t, labels[i]] for i, t in enumerate(texts))
    digests = sorted(
        hashlib.sha256(
            json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
        ).digest()
        for item in items
    )
    outer = hashlib.sha256()
    for digest in digests:
        outer.update(digest)
    return f"sha256:{outer.hexdigest()}"


@dataclass(frozen=True)
class CorpusInfo:
    """A training corpus: its name, content hash, size and the licence of its texts."""

    name: str
    hash: str
    n_records: int | None = None
    licence: str | None = None
    non_commercial: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "hash": self.hash,
            "n_records": self.n_records,
            "licence": self.licence,
            "non_commercial": self.non_commercial,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CorpusInfo:
        return cls(
            str(data["name"]),
            str(data["hash"]),
            None if data.get("n_records") is None else int(data["n_records"]),
            data.get("licence"),
            bool(data.get("non_commercial", False)),
        )


_NC = re.compile(r"\b(?:research[- ]use|research only|non[- ]?commercial|NC)\b", re.IGNORECASE)


def licence_terms(licence: str | None) -> tuple[bool, str]:
    """``(non_commercial, plain-words note)`` for a training corpus's licence text.

    Research-use and CC *-NC licences make the model research/non-commercial; share-alike
    (CC BY-SA) licences are commercial-friendly but the note says attribution and share-alike
    apply to the training data. Matches whole words, so "licence" does not read as "NC".
    """
    if not licence:
        return False, "training data licence unknown; check before any use"
    if _NC.search(licence):
        return True, f"research / non-commercial use only: the training data is licensed {licence}"
    if re.search(r"\bSA\b|share[- ]alike", licence, re.IGNORECASE):
        return False, f"training data licensed {licence} (attribution, share-alike)"
    return False, f"training data licensed {licence}"
