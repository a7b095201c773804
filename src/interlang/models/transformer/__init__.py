"""Transformer families: fine-tuned encoders (``transformer``) and frozen embeddings + head (``embeddings``).

Importing this package is cheap; torch and transformers load only inside the submodules that
need them (:mod:`.classifier`, :mod:`.predict`, :mod:`.train`). Entry points, registered in
:mod:`interlang.models.families`:

* :func:`interlang.models.transformer.train.train_bundle` / ``train_embeddings_bundle``
* :func:`interlang.models.transformer.predict.load_text_model`

Presets: :data:`interlang.models.transformer.config.PRESETS`. See ``docs/transformers.md``.
"""

from __future__ import annotations

from interlang.models.transformer.config import PRESETS, TrainConfig, preset

__all__ = ["PRESETS", "TrainConfig", "preset"]
