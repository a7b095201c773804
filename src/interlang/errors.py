"""One error hierarchy: the CLI turns these into one clear line, never a traceback."""

from __future__ import annotations


class InterlangError(Exception):
    """Base class of every error interlang raises on purpose."""


class InputError(InterlangError, ValueError):
    """Bad user input; says what was wrong and where (file and row when known)."""

    def __init__(self, reason: str, *, source: str | None = None, row: int | None = None) -> None:
        self.reason = reason
        self.source = source
        self.row = row
        where = ""
        if source is not None:
            where = f"{source}"
            if row is not None:
                where += f", row {row}"
            where += ": "
        super().__init__(f"{where}{reason}")


class EmptyTextError(InputError):
    """The text has no words to analyse."""


class UnsupportedLanguage(InterlangError, ValueError):
    """The language has no resources in interlang."""

    def __init__(self, lang: str, supported: list[str] | tuple[str, ...]) -> None:
        self.lang = lang
        self.supported = tuple(supported)
        super().__init__(
            f"language {lang!r} is not supported; supported: {', '.join(self.supported)}"
        )


class ModelError(InterlangError):
    """A model or bundle cannot be loaded or used."""


class MissingExtra(InterlangError, ImportError):
    """An optional dependency is missing; names the extra that provides it."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{package} is not installed; install it with: pip install 'interlang[{extra}]'"
        )
