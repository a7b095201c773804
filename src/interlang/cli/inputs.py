"""Reading a text file or stdin for a command, and ``key=value`` options."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from interlang.errors import EmptyTextError, InputError

#: Uploads/files larger than this are refused before reading them whole.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def read_text_input(source: str, encoding: str = "utf-8") -> str:
    """Read a file (or ``-`` for stdin) and decode it, naming the file and offset on failure."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError("is a directory", source=source)
        if not path.is_file():
            raise InputError("no such file", source=source)
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(
                f"file is {path.stat().st_size:,} bytes; the limit is {MAX_INPUT_BYTES:,}", source=source
            )
        data = path.read_bytes()
        name = source
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input exceeds the limit of {MAX_INPUT_BYTES:,} bytes", source=name)
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file or pass --encoding (e.g. cp1252, latin-1)",
            source=name,
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", source=name) from None
    if not text.strip():
        raise EmptyTextError("the text is empty", source=name)
    return text


def parse_options(pairs: list[str] | None) -> dict[str, Any]:
    """``key=value`` pairs → options; numbers and true/false are converted."""
    options: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--option expects key=value, got {pair!r}")
        value: Any = raw
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        else:
            for cast in (int, float):
                try:
                    value = cast(raw)
                    break
                except ValueError:
                    continue
        options[key.strip().replace("-", "_")] = value
    return options


def is_file(source: str) -> bool:
    """Whether ``source`` names a file (a long inline text is not a path: no OSError)."""
    try:
        return "\n" not in source and Path(source).is_file()
    except (OSError, ValueError):
        return False
