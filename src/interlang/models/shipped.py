"""Models that ship inside the package, addressable by name (``--model level-de``).

Each name maps to a bundle folder under ``interlang/models/shipped/``; a name whose folder is
absent (not trained yet, or stripped from a slim install) resolves to nothing rather than
failing, so ``analyze`` simply shows no level. :func:`resolve` also accepts a local bundle path.
"""

from __future__ import annotations

from pathlib import Path

from interlang.errors import ModelError

__all__ = ["SHIPPED", "available", "default_level_model", "default_model", "resolve", "shipped_path"]

_ROOT = Path(__file__).resolve().parent / "shipped"

#: name → (task, language, folder under ``models/shipped``).
SHIPPED: dict[str, tuple[str, str, str]] = {
    "level-de": ("level", "de", "level-de"),
    "level-en": ("level", "en", "level-en"),
    "level-it": ("level", "it", "level-it"),
    "level-cs": ("level", "cs", "level-cs"),
    "l1-en": ("l1", "en", "l1-en"),
    "l1-de": ("l1", "de", "l1-de"),
    "difficulty-en": ("difficulty", "en", "difficulty-en"),
    "difficulty-de": ("difficulty", "de", "difficulty-de"),
    #: every other language the multilingual encoder covers
    "difficulty-multi": ("difficulty", "*", "difficulty-multi"),
}


def shipped_path(name: str) -> Path | None:
    """The bundle folder of a shipped model, or None when it is not installed."""
    entry = SHIPPED.get(name)
    if entry is None:
        return None
    path = _ROOT / entry[2]
    return path if (path / "bundle.json").is_file() else None


def available() -> list[str]:
    """Names of the shipped models actually present in this installation."""
    return [name for name in SHIPPED if shipped_path(name) is not None]


def default_model(task: str, lang: str) -> str | None:
    """The shipped ``task`` ("level", "l1" or "difficulty") model for ``lang``, if one is installed;
    a model for any language (``"*"``) when none is specific to it."""
    for code in (lang, "*"):
        for name, (kind, model_lang, _) in SHIPPED.items():
            if kind == task and model_lang == code and shipped_path(name) is not None:
                return name
    return None


def default_level_model(lang: str) -> str | None:
    """The shipped level model for ``lang``, if one is installed."""
    return default_model("level", lang)


def resolve(name_or_path: str | Path) -> Path:
    """A shipped model name or a local bundle path → the bundle's path."""
    key = str(name_or_path)
    if key in SHIPPED:
        path = shipped_path(key)
        if path is None:
            raise ModelError(f"the shipped model {key!r} is not installed in this copy of interlang")
        return path
    path = Path(name_or_path).expanduser()
    if not path.exists():
        raise ModelError(
            f"no model {key!r}: not a shipped name ({', '.join(SHIPPED)}) and no such path"
        )
    return path
