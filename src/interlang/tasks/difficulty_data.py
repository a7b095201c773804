"""The sentence-difficulty training data: CEFR-SP and ReadMe++, with their label policies.

* **CEFR-SP** (English, SCoRE + Wiki-Auto): two annotators label every sentence 1–6. Both labels
  are kept (``annotator_a``/``annotator_b``); the training target is ``max(A, B)``, the label
  the corpus's authors score against and the gold label of ``interlang evaluate --corpus
  cefr-sp`` (:func:`interlang.corpora.sentences.cefr_sp_gold`). With ``policy="both"`` the
  target is soft instead: half the mass on each annotator's label.
* **ReadMe++** (en, ar, fr, hi, ru): one rating 1–6 per sentence; sentences of one paragraph
  share a group (``prompt_id``) so they never straddle a split.

The official train files train, the dev/val files are the development split (early stopping,
temperature); the test files are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from interlang.errors import InputError
from interlang.labels import CEFR_LEVELS

__all__ = ["TARGET_POLICIES", "SentenceData", "load_sentence_data"]

TARGET_POLICIES = ("max", "both")


@dataclass
class SentenceData:
    texts: list[str] = field(default_factory=list)
    #: Soft targets over A1..C2 (rows sum to 1).
    targets: list[np.ndarray] = field(default_factory=list)
    #: Gold level index (0 = A1) as the evaluation scores it.
    gold: list[int] = field(default_factory=list)
    corpus: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)
    group: list[str] = field(default_factory=list)

    def add(self, text: str, target: np.ndarray, gold: int, corpus: str, lang: str, group: str) -> None:
        self.texts.append(text)
        self.targets.append(target)
        self.gold.append(gold)
        self.corpus.append(corpus)
        self.lang.append(lang)
        self.group.append(group)

    def target_matrix(self) -> np.ndarray:
        return np.vstack(self.targets) if self.targets else np.zeros((0, len(CEFR_LEVELS)))

    def __len__(self) -> int:
        return len(self.texts)


def _one_hot(index: int) -> np.ndarray:
    v = np.zeros(len(CEFR_LEVELS))
    v[index] = 1.0
    return v


def load_sentence_data(
    data_dir: str | Path | None = None,
    *,
    languages: tuple[str, ...] = ("en", "ar", "fr", "hi", "ru"),
    cefr_sp: bool = True,
    policy: str = "max",
) -> tuple[SentenceData, SentenceData]:
    """(train, dev) from the CEFR-SP and ReadMe++ files under ``data_dir``."""
    from interlang.corpora import read_corpus

    if policy not in TARGET_POLICIES:
        raise InputError(f"unknown target policy {policy!r}; choose one of {', '.join(TARGET_POLICIES)}")
    train, dev = SentenceData(), SentenceData()
    index = {level: i for i, level in enumerate(CEFR_LEVELS)}
    if cefr_sp:
        records, _ = read_corpus("cefr-sp", data_dir=data_dir, gold="max")
        for r in records:
            meta = r.metadata or {}
            a, b = index[str(meta["annotator_a"])], index[str(meta["annotator_b"])]
            target = _one_hot(max(a, b)) if policy == "max" else (_one_hot(a) + _one_hot(b)) / 2
            split = dev if meta.get("split") == "dev" else train if meta.get("split") == "train" else None
            if split is not None:
                split.add(r.text, target, max(a, b), "cefr-sp", "en", r.id)
    if languages:
        records, _ = read_corpus("readme-plusplus", data_dir=data_dir)
        for r in records:
            if r.language not in languages or r.cefr not in index:
                continue
            split_name = (r.metadata or {}).get("split")
            split = dev if split_name in ("val", "dev") else train if split_name == "train" else None
            if split is not None:
                level = index[r.cefr]
                split.add(r.text, _one_hot(level), level, "readme-plusplus", str(r.language), str(r.prompt_id or r.id))
    if not len(train):
        raise InputError("no CEFR-SP / ReadMe++ training sentences found (is INTERLANG_DATA set?)")
    return train, dev
