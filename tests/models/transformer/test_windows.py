"""Token windows: padding to the batch's own longest row, per-text pooling of window logits."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.errors import InputError, ModelError
from interlang.models.transformer.windows import Windows, encode_windows, pool_windows

torch = pytest.importorskip("torch", reason="the transformers extra (torch) is not installed")


def test_pad_batch_pads_to_the_longest_row_and_masks_the_padding() -> None:
    from interlang.models.transformer.windows import pad_batch

    ids, mask = pad_batch([[5, 6, 7], [8]], pad_id=0)
    assert ids.tolist() == [[5, 6, 7], [8, 0, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 0, 0]]
    assert ids.dtype == torch.long


def test_pooling_averages_the_windows_of_each_text() -> None:
    logits = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 0.0]])
    owner = np.array([0, 0, 1])
    mean_logits = pool_windows(logits, owner, 2, "mean-logits")
    assert np.allclose(mean_logits[0], [0.5, 0.5])  # the two windows cancel out
    assert mean_logits[1, 0] > 0.7
    for how in ("mean-logits", "mean-proba", "max-proba"):
        assert np.allclose(pool_windows(logits, owner, 2, how).sum(axis=1), 1.0)
    flat = pool_windows(logits, owner, 2, "mean-logits", temperature=10.0)
    assert flat[1, 0] < mean_logits[1, 0]  # a higher temperature flattens


def test_pooling_refuses_texts_without_windows_and_unknown_modes() -> None:
    with pytest.raises(ModelError, match="no token window"):
        pool_windows(np.zeros((1, 2)), np.array([0]), 2, "mean-logits")
    with pytest.raises(InputError, match="unknown chunk pooling"):
        pool_windows(np.zeros((1, 2)), np.array([0]), 1, "median")


class _Tokenizer:
    """Cuts on spaces; a text longer than ``max_length`` words gives overlapping windows."""

    def __call__(self, texts: list[str], *, max_length: int, stride: int, **_: object) -> dict[str, list]:
        ids, offsets, owner = [], [], []
        for t, text in enumerate(texts):
            words = text.split()
            step = max_length - stride
            for start in range(0, max(1, len(words) - stride), step):
                chunk = words[start : start + max_length]
                ids.append([len(w) for w in chunk])
                offsets.append([(i, i + 1) for i in range(len(chunk))])
                owner.append(t)
        return {"input_ids": ids, "offset_mapping": offsets, "overflow_to_sample_mapping": owner}


def test_encode_windows_keeps_the_owner_of_every_window() -> None:
    windows = encode_windows(_Tokenizer(), ["a bb ccc dddd eeeee ffffff", "x"], max_length=4, stride=2)
    assert isinstance(windows, Windows)
    assert windows.text_index.tolist() == [0, 0, 1]
    assert windows.input_ids[0] == [1, 2, 3, 4] and windows.input_ids[1] == [3, 4, 5, 6]
    assert len(windows) == 3
