"""The ``interlang`` command: thin modules, one per command group, that parse, call, print.

``app`` is the Typer app; ``main`` the console-script entry point (one-line errors, exit 2).
"""

from __future__ import annotations

import typer

from interlang.cli import analyze, corpus, evaluate, features, lexicon, score, serve, train  # noqa: F401  (register)
from interlang.cli.inputs import MAX_INPUT_BYTES, read_text_input
from interlang.cli.render import print_error
from interlang.cli.root import app
from interlang.errors import InterlangError
from interlang.version import __version__

__all__ = ["MAX_INPUT_BYTES", "app", "main", "read_text_input"]


@app.command()
def version() -> None:
    """Print the interlang version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user mistakes become one clear line and exit code 2, never a traceback."""
    try:
        app(args=argv, prog_name="interlang")
    except InterlangError as exc:
        print_error(str(exc))
        raise SystemExit(2) from None
