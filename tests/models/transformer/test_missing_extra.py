"""Without torch the transformer family fails with MissingExtra naming the extra (no traceback)."""

from __future__ import annotations

import sys

import pytest

from interlang.errors import MissingExtra


def test_missing_torch_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from interlang.labels import LabelSet
    from interlang.models.bundle import Bundle
    from interlang.models.transformer.predict import load_text_model
    from interlang.tasks.transformer_training import train_bundle

    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    with pytest.raises(MissingExtra, match=r"interlang\[transformers\]"):
        train_bundle("level", "cefr-sp", base="minilm")
    bundle = Bundle(name="x", task="level", labels=LabelSet.cefr(["A1", "A2"]), extra={"family": "transformer"})
    with pytest.raises(MissingExtra, match=r"interlang\[transformers\]"):
        load_text_model(bundle)
