"""``interlang lexicon build``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interlang.cli.render import (
    console,
)
from interlang.cli.root import lexicon_app


@lexicon_app.command("build")
def lexicon_build(
    lang: Annotated[str, typer.Option("--lang", "-l", help="A supported language code (de, en, el, it, cs).")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder with aux-wordlists/.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Where to write the lexicon (default: the package's data folder).")] = None,
) -> None:
    """Build the CEFR lexicon of a language from seed lists and frequency bands."""
    from interlang.lexicon import build

    info = build(lang, data_dir=data_dir, out_dir=out_dir)
    console.print(info)
