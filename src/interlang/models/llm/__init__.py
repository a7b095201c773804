"""Zero-shot LLM classification of CEFR level and L1 (the ``llm`` model family).

Labels are scored by their log-likelihood as a continuation of a prompt (:mod:`.prompts`), through
a local GGUF model (llama-cpp-python) or any OpenAI-compatible server (:mod:`.backends`); free
generation + :class:`.normalize.LabelNormalizer` is the fallback for servers that cannot echo
prompt log-probabilities. Importing this package loads neither llama-cpp-python nor httpx.
"""

from __future__ import annotations

from interlang.models.llm.normalize import ALIAS_GROUPS, LabelNormalizer
from interlang.models.llm.prompts import PROMPTS, PromptTemplate, get_prompt, register_prompt

__all__ = ["ALIAS_GROUPS", "PROMPTS", "LabelNormalizer", "PromptTemplate", "get_prompt", "register_prompt"]
