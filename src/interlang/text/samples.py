"""The sample texts that ship with interlang (quick start, compile checks, tests).

Kept on floor 1 so that models (checking a compiled bundle) and the CLI (``analyze --sample``)
read them without importing the analysis layer.
"""

from __future__ import annotations

from importlib import resources

from interlang.errors import InputError
from interlang.text.languages import get_language

__all__ = ["sample_text"]


def sample_text(lang: str) -> str:
    """The shipped sample text for ``lang`` (:class:`InputError` when none ships)."""
    code = get_language(lang).code
    path = resources.files("interlang") / "samples" / f"{code}.txt"
    if not path.is_file():
        raise InputError(f"no sample text ships for {code!r}")
    return path.read_text(encoding="utf-8")
