"""Transformer family on a tiny randomly initialised BERT written to a temp folder (seconds)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the transformers extra (torch) is not installed")
transformers = pytest.importorskip("transformers", reason="the transformers extra is not installed")
pytest.importorskip("safetensors", reason="the transformers extra (safetensors) is not installed")

from interlang.errors import InputError, ModelError  # noqa: E402
from interlang.labels import LabelSet  # noqa: E402
from interlang.models.bundle import Bundle  # noqa: E402
from interlang.models.transformer.classifier import (  # noqa: E402
    TransformerClassifier,
    encode_windows,
    pool_windows,
)
from interlang.models.transformer.config import PRESETS, TrainConfig, preset  # noqa: E402
from interlang.models.transformer.encoder import resolve_base  # noqa: E402

WORDS = ["the", "a", "cat", "dog", "sat", "on", "mat", "is", "was", "big", "small", "red", "blue", "house", "tree", "car", "i", "you", "we", "they", "have", "has", "very", "really", "good", "bad", "run", "ran", "go", "went", "and", "but", "because", "."]
LOW = ["the cat sat .", "a dog is big .", "i have a cat .", "the car is red .", "we go .", "you ran ."]
HIGH = ["they really went because the house was very good and big .",
        "we have a small blue car but the tree was really bad .",
        "the big dog ran on the mat because i was very good .",
        "you went to the red house and they have a really small tree ."]


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer, 32-dim BERT with a 40-word WordPiece vocabulary, saved like any HF checkpoint."""
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, "##s", "##ed", "to"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(str(folder / "vocab.txt"))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def _data(n: int = 6) -> tuple[list[str], list[str]]:
    texts = (LOW * n)[: 3 * n] + (HIGH * n)[: 3 * n]
    return texts, ["A2"] * (3 * n) + ["B2"] * (3 * n)


def _tiny_config(**changes: object) -> TrainConfig:
    options: dict[str, object] = {"max_length": 16, "stride": 4, "batch_size": 4, "epochs": 2, "lr": 5e-3, "dropout": 0.1}
    return preset("cpu", **{**options, **changes})


def test_presets_match_the_paper() -> None:
    assert PRESETS["default"].batch_size == 8 and PRESETS["default"].epochs == 10 and PRESETS["default"].lr == 2e-5
    assert PRESETS["fast"].batch_size == 16 and PRESETS["fast"].max_length == 256
    assert PRESETS["accurate"].lr == 1e-5 and PRESETS["accurate"].dropout == 0.2 and PRESETS["accurate"].patience == 5
    assert PRESETS["cpu"].batch_size == 4 and not PRESETS["cpu"].mixed_precision
    assert preset("cpu", epochs="3").epochs == 3  # CLI strings are coerced
    with pytest.raises(InputError):
        preset("huge")
    with pytest.raises(InputError):
        preset("cpu", stride=200)


def test_missing_files_give_a_clear_model_error(tmp_path: Path, tiny_bert: Path) -> None:
    with pytest.raises(ModelError, match="neither a directory nor a known alias"):
        resolve_base(tmp_path / "nowhere")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="missing weights"):
        resolve_base(tmp_path)
    assert resolve_base(tiny_bert) == tiny_bert


def test_long_texts_are_windowed_and_pooled(tiny_bert: Path) -> None:
    clf = TransformerClassifier(tiny_bert, config=_tiny_config())
    clf._build(["A2", "B2"])
    long_text = " ".join(HIGH * 3)
    windows = encode_windows(clf.tokenizer_, ["the cat sat .", long_text], 16, 4)
    per_text = np.bincount(windows.text_index)
    assert per_text[0] == 1 and per_text[1] >= 5  # the long text is split, not truncated
    last = max((w for w, t in zip(windows.offsets, windows.text_index, strict=True) if t == 1), key=lambda o: o[-2][1])
    assert last[-2][1] == len(long_text)  # the last window reaches the end of the text
    logits = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]])
    pooled = pool_windows(logits, np.array([0, 1, 1]), 2, "mean-logits")
    assert np.allclose(pooled[0], 0.5) and np.allclose(pooled[1], 0.5)
    assert np.allclose(pool_windows(logits, np.array([0, 1, 1]), 2, "max-proba").sum(axis=1), 1.0)


def test_fit_predict_shapes_and_learning(tiny_bert: Path) -> None:
    texts, y = _data(4)
    clf = TransformerClassifier(tiny_bert, labels=LabelSet.cefr(["A2", "B1", "B2"]), config=_tiny_config(epochs=5), seed=1)
    clf.fit(texts, y, dev_texts=texts, dev_y=y)
    proba = clf.predict_proba([*texts, " ".join(HIGH * 4)])
    assert proba.shape == (len(texts) + 1, 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert list(clf.classes_) == ["A2", "B1", "B2"]
    losses = [h["loss"] for h in clf.history_]
    assert np.mean(losses[-3:]) < np.mean(losses[:3])
    assert (clf.predict(texts) == np.asarray(y, dtype=object)).mean() >= 0.75
    assert clf.get_params()["seed"] == 1


def test_seeded_training_is_deterministic(tiny_bert: Path) -> None:
    texts, y = _data(2)
    a = TransformerClassifier(tiny_bert, config=_tiny_config(), seed=3).fit(texts, y).predict_proba(texts)
    b = TransformerClassifier(tiny_bert, config=_tiny_config(), seed=3).fit(texts, y).predict_proba(texts)
    assert np.allclose(a, b)


def test_resume_from_checkpoint_matches_an_uninterrupted_run(tiny_bert: Path, tmp_path: Path) -> None:
    texts, y = _data(2)
    cfg = _tiny_config(epochs=2, checkpoint_every=2)
    full = TransformerClassifier(tiny_bert, config=cfg, seed=5).fit(texts, y)

    class Stop(Exception):
        pass

    def interrupt(record: dict[str, object]) -> None:
        if record["step"] == 5:
            raise Stop

    ckpt = tmp_path / "ckpt"
    with pytest.raises(Stop):
        TransformerClassifier(tiny_bert, config=cfg, seed=5, checkpoint_dir=ckpt).fit(texts, y, on_step=interrupt)
    assert (ckpt / "checkpoint.pt").is_file()
    resumed = TransformerClassifier(tiny_bert, config=cfg, seed=5, checkpoint_dir=ckpt, resume=True).fit(texts, y)
    assert resumed.history_[0]["step"] == 1 and resumed.n_steps_ == full.n_steps_
    assert np.allclose(resumed.predict_proba(texts), full.predict_proba(texts), atol=1e-5)
    with pytest.raises(ModelError, match="another run"):
        TransformerClassifier(tiny_bert, config=cfg, seed=6, checkpoint_dir=ckpt, resume=True).fit(texts, y)


def _bundle(clf: TransformerClassifier) -> Bundle:
    bundle = Bundle(name="tiny", task="level", labels=LabelSet.cefr(list(clf.classes_)),
                    extra={"family": "transformer", "config": clf.train_config.to_dict(), "base": "tiny"})
    bundle.save_arrays("weights", clf.state_arrays(), format="safetensors")
    bundle.save_json("encoder_config", json.loads(json.dumps(clf.encoder_config_, default=str)))
    bundle.save_json("tokenizer", clf.tokenizer_files())
    return bundle


def test_bundle_round_trip_is_exact_and_pickle_free(tiny_bert: Path, tmp_path: Path) -> None:
    from interlang.models.families import load_text_model

    texts, y = _data(2)
    clf = TransformerClassifier(tiny_bert, config=_tiny_config(), seed=2).fit(texts, y)
    path = _bundle(clf).save(tmp_path / "tiny.zip")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert "arrays/weights.safetensors" in names
        assert not [n for n in names if n.endswith((".pkl", ".pt", ".bin", ".joblib", ".skops"))]
        for name in names:
            assert b"\x80\x04\x95" not in zf.read(name)[:64]  # no pickle protocol-4 header
    model = load_text_model(path)
    sample = [*texts, " ".join(HIGH * 3)]
    assert np.array_equal(model.predict_proba(sample), clf.predict_proba(sample))


def test_int8_quantisation_keeps_predictions_close(tiny_bert: Path) -> None:
    from interlang.models.transformer.predict import TransformerTextModel

    texts, y = _data(2)
    clf = TransformerClassifier(tiny_bert, config=_tiny_config(epochs=4), seed=2).fit(texts, y)
    bundle = _bundle(clf)
    fp32 = TransformerTextModel(bundle)
    int8 = TransformerTextModel(bundle, quantize="int8")
    assert int8._fast.quantized_ and not fp32.classifier.quantized_
    assert "DynamicQuantizedLinear" in repr(int8._fast.net_.head)
    p32, p8 = fp32.predict_proba(texts), int8.predict_proba(texts)
    assert np.allclose(p8.sum(axis=1), 1.0)
    assert np.abs(p32 - p8).max() < 0.1
    with pytest.raises(ModelError, match="quantised"):
        int8._fast.state_arrays()


def test_explain_spans_map_back_to_the_text(tiny_bert: Path) -> None:
    from interlang.models.transformer.predict import TransformerTextModel

    texts, y = _data(2)
    clf = TransformerClassifier(tiny_bert, config=_tiny_config(), seed=2).fit(texts, y)
    model = TransformerTextModel(_bundle(clf))
    text = "The big dog ran on the mat because I was very good. " * 3
    spans = model.explain_text(text, top=5)
    assert 0 < len(spans) <= 5
    for item in spans:
        assert text[item["start"] : item["end"]] == item["span"]
        assert np.isfinite(item["weight"])
    weights = [abs(s["weight"]) for s in spans]
    assert weights == sorted(weights, reverse=True) and weights[0] > 0
