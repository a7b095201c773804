"""Load ``transformer`` and ``embeddings`` bundles as :class:`~interlang.models.families.TextModel`.

* :class:`TransformerTextModel` rebuilds encoder + head from the bundle's safetensors weights,
  encoder config and tokenizer files (no download, no pickle). ``quantize="int8"`` runs
  prediction through a dynamically int8-quantised copy (CPU); explanations always use the fp32
  model. ``explain_text`` is gradient × input on the token embeddings for the top class,
  summed per word (averaged over the overlapping windows, as the logits are).
* :class:`EmbeddingTextModel` embeds texts with the bundle's frozen embedder and applies the
  stored head; ``explain_text`` is occlusion: the drop in the top-class probability when a word
  (or, in long texts, a run of words) is removed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from interlang.errors import EmptyTextError, ModelError

__all__ = ["EmbeddingTextModel", "TransformerTextModel", "load_text_model", "word_spans"]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
#: Occlusion units per text at most (long texts are occluded in runs of words).
MAX_OCCLUSIONS = 120


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words and punctuation marks of ``text``."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _top_spans(text: str, spans: Sequence[tuple[int, int]], weights: np.ndarray, top: int) -> list[dict[str, Any]]:
    order = np.argsort(-np.abs(weights), kind="stable")[: max(0, top)]
    return [{"span": text[spans[i][0] : spans[i][1]], "start": int(spans[i][0]), "end": int(spans[i][1]),
             "weight": float(weights[i])} for i in order]


def load_text_model(bundle: Any, *, quantize: str | None = None, device: str | None = None) -> Any:
    """The TextModel of a ``transformer`` or ``embeddings`` bundle.

    ``quantize`` defaults to ``$INTERLANG_TRANSFORMER_QUANTIZE`` (``int8`` or unset), so the CLI's
    ``evaluate`` / ``explain`` / ``analyze`` can run the int8 path too.
    """
    import os

    family = (bundle.extra or {}).get("family")
    if quantize is None:
        quantize = os.environ.get("INTERLANG_TRANSFORMER_QUANTIZE") or None
    if family == "transformer":
        return TransformerTextModel(bundle, quantize=quantize, device=device)
    if family == "embeddings":
        return EmbeddingTextModel(bundle)
    raise ModelError(f"bundle {bundle.name!r} is not a transformer/embeddings bundle (family {family!r})")


class TransformerTextModel:
    """A fine-tuned encoder bundle ready for raw texts."""

    def __init__(self, bundle: Any, *, quantize: str | None = None, device: str | None = None) -> None:
        from interlang.models.transformer.encoder import require_torch

        require_torch()  # MissingExtra naming the extra, not a bare ImportError
        from interlang.models.transformer.classifier import TransformerClassifier
        from interlang.models.transformer.config import TrainConfig

        self.bundle = bundle
        extra = bundle.extra or {}
        calibration = bundle.calibration or {}
        self.classifier = TransformerClassifier.from_state(
            encoder_config=bundle.load_json("encoder_config"),
            tokenizer_files=bundle.load_json("tokenizer"),
            arrays=bundle.load_arrays("weights"),
            classes=list(bundle.labels.labels),
            config=TrainConfig.from_dict(extra.get("config") or {}),
            temperature=float(calibration.get("temperature", 1.0)) if calibration.get("method") == "temperature" else 1.0,
            device=device,
            base=str(extra.get("base", "")),
            seed=int(bundle.seed),
        )
        self.quantize = quantize
        self._fast = self.classifier
        if quantize in ("int8", "dynamic-int8"):
            self._fast = copy.copy(self.classifier).quantize()
        elif quantize not in (None, "", "none", "fp32"):
            raise ModelError(f"quantize must be 'int8' or None, not {quantize!r}")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._fast.predict_proba(list(texts)))

    def explain_text(self, text: str, *, top: int = 10) -> list[dict[str, Any]]:
        """Gradient × input of the top class's log-probability, summed per word."""
        import torch

        if not text.strip():
            raise EmptyTextError("the text is empty")
        clf = self.classifier
        net = clf.net_
        windows = clf._windows([text])
        proba = self.predict_proba([text])[0]
        target = int(np.argmax(proba))
        spans = word_spans(text)
        if not spans:
            return []
        starts = np.asarray([s for s, _ in spans])
        weights = np.zeros(len(spans))
        embeddings: Any = net.encoder.get_input_embeddings()
        net.eval()
        for ids, offsets in zip(windows.input_ids, windows.offsets, strict=True):
            ids_t = torch.as_tensor([ids], dtype=torch.long, device=clf.device_)
            mask = torch.ones_like(ids_t)
            emb = embeddings(ids_t).detach().requires_grad_(True)
            logits = net(None, mask, inputs_embeds=emb)
            torch.log_softmax(logits / clf.temperature_, dim=-1)[0, target].backward()
            assert emb.grad is not None
            scores = (emb.grad * emb).sum(-1)[0].detach().cpu().numpy()
            for score, (a, b) in zip(scores, offsets, strict=True):
                if b <= a:  # special tokens
                    continue
                word = int(np.searchsorted(starts, a, side="right") - 1)
                if word >= 0 and a < spans[word][1]:
                    weights[word] += float(score)
        weights /= max(1, len(windows))
        return _top_spans(text, spans, weights, top)


class EmbeddingTextModel:
    """A frozen-embedding + head bundle ready for raw texts."""

    def __init__(self, bundle: Any) -> None:
        self.bundle = bundle
        extra = bundle.extra or {}
        self.embedder = str((extra.get("embedder") or {}).get("embedder", "e5-small"))
        self.columns = [int(c) for c in extra.get("columns", range(len(bundle.labels)))]
        self.estimator = bundle.load_estimator() if getattr(bundle, "estimator_pending", False) else bundle.estimator
        if self.estimator is None:
            raise ModelError(f"bundle {bundle.name!r} has no head estimator")

    def predict_vectors(self, vectors: np.ndarray) -> np.ndarray:
        from interlang.models.transformer.train import _columns

        return _columns(np.asarray(self.estimator.predict_proba(vectors)), self.columns)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        from interlang.models.transformer.embeddings import embed

        return self.predict_vectors(embed(list(texts), self.embedder))

    def explain_text(self, text: str, *, top: int = 10) -> list[dict[str, Any]]:
        """Occlusion: top-class probability of the text minus that of the text without a span."""
        from interlang.models.transformer.embeddings import embed

        if not text.strip():
            raise EmptyTextError("the text is empty")
        words = word_spans(text)
        if not words:
            return []
        size = max(1, -(-len(words) // MAX_OCCLUSIONS))
        units = [(words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)]
        variants = [text] + [text[:a] + text[b:] for a, b in units]
        proba = self.predict_vectors(embed(variants, self.embedder))
        target = int(np.argmax(proba[0]))
        weights = proba[0, target] - proba[1:, target]
        return _top_spans(text, units, weights, top)
