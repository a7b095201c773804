"""Settings from ``INTERLANG_*`` environment variables; CLI flags override them."""

from __future__ import annotations

import os
from pathlib import Path

#: Relative to the repository root, where ``../shared/data`` lives beside the checkout.
_DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Folder holding the public corpora (``INTERLANG_DATA``, default ``../shared/data``)."""
    if override is not None:
        return Path(override).expanduser()
    env = os.environ.get("INTERLANG_DATA")
    if env:
        return Path(env).expanduser()
    if _DEFAULT_DATA.exists():
        return _DEFAULT_DATA
    return Path.cwd().parent / "shared" / "data"


def home_dir() -> Path:
    """Per-user data folder (``INTERLANG_HOME``, default ``~/.local/share/interlang``)."""
    env = os.environ.get("INTERLANG_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "interlang"


#: Fixed default seed, recorded in every bundle.
DEFAULT_SEED = 13
