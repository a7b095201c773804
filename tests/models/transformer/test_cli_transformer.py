"""``interlang train|evaluate|explain --model transformer`` end to end on a tiny BERT and a tiny CSV corpus."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the transformers extra (torch) is not installed")
pytest.importorskip("transformers", reason="the transformers extra is not installed")
pytest.importorskip("safetensors", reason="the transformers extra (safetensors) is not installed")

from interlang.models.bundle import Bundle

WORDS = ["the", "a", "cat", "dog", "sat", "on", "mat", "is", "was", "big", "small", "house", "we", "they",
         "went", "because", "very", "really", "good", "and", "but", "."]
LOW = ["the cat sat .", "a dog is big .", "we went .", "the mat is small ."]
HIGH = ["they really went because the house was very good and big .",
        "we went on the mat because the dog was really small but good ."]


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("cli-bert")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    BertModel(BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=64)).save_pretrained(folder)
    BertTokenizerFast(str(folder / "vocab.txt")).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "levels.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "cefr", "language"])
        for i in range(20):
            writer.writerow([f"a{i}", f"{LOW[i % 4]} {LOW[(i + 1) % 4]}", "A2", "en"])
            writer.writerow([f"b{i}", f"{HIGH[i % 2]} {HIGH[(i + 1) % 2]}", "B2", "en"])
    return path


def test_train_evaluate_explain_through_the_cli(run_cli, tiny_bert: Path, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "level-tiny.zip"
    code, stdout, err = run_cli([
        "train", "level", "--model", "transformer", "--base", str(tiny_bert), "--corpus", str(corpus),
        "--out", str(out), "--option", "max_length=16", "--option", "epochs=3", "--option", "lr=0.005",
        "--option", "batch_size=8", "--option", "progress=false",
    ])
    assert code == 0, err
    assert "wrote" in stdout
    bundle = Bundle.load(out, load_estimator=False)
    assert bundle.extra["family"] == "transformer" and bundle.extra["base"] == str(tiny_bert)
    assert bundle.labels.labels == ("A2", "B1", "B2")
    assert bundle.metrics["test"]["n"] > 0 and bundle.corpora[0].hash.startswith("sha256:")
    with zipfile.ZipFile(out) as zf:
        assert "arrays/weights.safetensors" in zf.namelist()
        assert not any(n.startswith("estimator") for n in zf.namelist())

    code, stdout, err = run_cli(["evaluate", "--model", str(out), "--corpus", str(corpus), "--json"])
    assert code == 0, err
    assert "macro_f1" in stdout

    text = "they really went because the house was very good ."
    code, stdout, err = run_cli(["explain", text, "--model", str(out), "--json"])
    assert code == 0, err
    payload = json.loads(stdout)
    spans = payload if isinstance(payload, list) else next(v for v in payload.values() if isinstance(v, list))
    assert spans and all(text[s["start"] : s["end"]] == s["span"] for s in spans)


def test_bad_base_is_one_clear_error(run_cli, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli(["train", "level", "--model", "transformer", "--base", str(tmp_path / "missing"),
                            "--corpus", str(corpus), "--out", str(tmp_path / "x")])
    assert code != 0
    assert "known alias" in err and "Traceback" not in err
