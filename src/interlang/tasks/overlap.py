"""Did a model see these texts in training? Decided by content, not by corpus name.

Training records compact fingerprints of every text the model was fitted or calibrated on: the
first 8 bytes of the SHA-256 of the normalised text (Unicode NFC, whitespace collapsed), as a
sorted ``uint64`` array in the bundle (``arrays/training_texts.npz``). ``interlang evaluate``
counts how many evaluated texts are among them and warns only when some are. Bundles without
fingerprints (the shipped ones predate them) fall back to the recorded corpus hash: identical
data means every text overlaps; otherwise the overlap is reported as unknown, never claimed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["PAYLOAD", "Overlap", "record_training_texts", "text_fingerprints", "training_overlap"]

#: Name of the array payload inside a bundle.
PAYLOAD = "training_texts"


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_fingerprints(texts: Iterable[str]) -> np.ndarray:
    """Sorted unique 8-byte SHA-256 prefixes of the normalised texts, as ``uint64``."""
    values = {
        int.from_bytes(hashlib.sha256(_normalise(t).encode("utf-8")).digest()[:8], "big") for t in texts
    }
    return np.asarray(sorted(values), dtype=np.uint64)


def record_training_texts(bundle: Any, texts: Iterable[str]) -> int:
    """Store the fingerprints of ``texts`` in ``bundle``; returns how many distinct texts."""
    prints = text_fingerprints(texts)
    bundle.save_arrays(PAYLOAD, {"sha256_prefix": prints})
    return int(prints.size)


@dataclass(frozen=True)
class Overlap:
    """How many of ``total`` evaluated texts were in the training data (None: unknown)."""

    n: int | None
    total: int
    method: str

    def to_json(self) -> int | str:
        return "unknown" if self.n is None else self.n

    def warning(self, model: str, *, same_name: bool = False) -> str | None:
        """The warning to show, or None when no evaluated text was seen in training.

        An unknown overlap is worth a line only when the evaluated corpus carries the name of a
        training corpus (``same_name``): a copy of it in another folder may or may not differ.
        """
        if self.n is None:
            if not same_name:
                return None
            return (
                f"training overlap unknown: {model} records no fingerprints of its training texts and "
                "the corpus differs from its recorded training data"
            )
        if self.n == 0:
            return None
        return (
            f"{self.n} of {self.total} texts were in {model}'s training data: scores on them overstate "
            "accuracy on new writers; use a held-out split or benchmarks/nli.py (grouped CV)"
        )


def training_overlap(bundle: Any, records: Sequence[Any], *, also: Sequence[Sequence[Any]] = ()) -> Overlap:
    """Count the evaluated ``records`` (with ``.text``) that ``bundle`` saw in training.

    Without fingerprints, ``records`` and each record list in ``also`` (e.g. the whole corpus as
    read) are compared with the bundle's recorded corpus hash.
    """
    total = len(records)
    if PAYLOAD in bundle.array_names:
        seen = np.asarray(bundle.load_arrays(PAYLOAD)["sha256_prefix"], dtype=np.uint64)
        prints = [
            int.from_bytes(hashlib.sha256(_normalise(r.text).encode("utf-8")).digest()[:8], "big")
            for r in records
        ]
        found = np.isin(np.asarray(prints, dtype=np.uint64), seen)
        return Overlap(int(found.sum()), total, "fingerprints")
    from interlang.models.bundle import data_hash

    if total and bundle.corpora:
        recorded = {c.hash for c in bundle.corpora}
        for candidate in (records, *also):
            if candidate and data_hash(candidate) in recorded:
                return Overlap(total, total, "corpus hash")
    if not bundle.corpora:
        return Overlap(0, total, "no training data (zero-shot)")
    return Overlap(None, total, "unknown")
