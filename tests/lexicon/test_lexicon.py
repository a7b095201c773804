"""Lexicon build pieces, lookup rules and the shipped files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from interlang.lexicon import Lexicon, build
from interlang.lexicon.lookup import Entry


def _lex() -> Lexicon:
    return Lexicon(
        "en",
        [
            Entry("present", "NOUN", "A1", "cefrj", 400, ""),
            Entry("present", "ADJ", "B1", "cefrj", 400, ""),
            Entry("can", "AUX", "A1", "cefrj", 30, ""),
            Entry("can", "NOUN", "B2", "kelly", 30, ""),
            Entry("Zebra", "", "C1", "freq", 25000, ""),
        ],
    )


def test_lookup_prefers_exact_then_compatible_then_best() -> None:
    lex = _lex()
    assert lex.level("present", "ADJ") == "B1"
    assert lex.level("present", "VERB") == "A1"  # no verb entry: lowest level of the best source
    assert lex.level("can", "VERB") == "A1"  # AUX is compatible with VERB
    assert lex.level("can", "NOUN") == "B2"
    assert lex.level("ZEBRA") == "C1"
    assert lex.level("unicorn") is None
    assert lex.frequency_rank("zebra") == 25000


def test_german_ss_and_greek_accent_fallbacks() -> None:
    de = Lexicon("de", [Entry("Straße", "", "A1", "freq", 900, "")])
    assert de.level("Strasse") == "A1"
    el = Lexicon("el", [Entry("σπίτι", "NOUN", "A1", "kelly", 108, "")])
    assert el.level("σπιτι") == "A1"


@pytest.mark.parametrize(
    ("lang", "lemma", "upos", "level"),
    [("de", "Haus", None, "A1"), ("de", "haus", None, "A1"), ("en", "book", "VERB", "B1"), ("en", "book", "NOUN", "A1"), ("el", "παιδί", None, "A1")],
)
def test_shipped_lexicons(lang: str, lemma: str, upos: str | None, level: str) -> None:
    assert Lexicon.load(lang).level(lemma, upos) == level


def test_shipped_build_metadata_matches_file() -> None:
    import hashlib

    data = Path(__file__).resolve().parents[2] / "src" / "interlang" / "lexicon" / "data"
    for lang in ("de", "en", "el"):
        meta = json.loads((data / f"{lang}.build.json").read_text(encoding="utf-8"))
        tsv = data / meta["file"]
        assert hashlib.sha256(tsv.read_bytes()).hexdigest() == meta["file_sha256"]
        with gzip.open(tsv, "rt", encoding="utf-8") as fh:
            n = sum(1 for _ in fh) - 1
        assert n == meta["entries"] == sum(meta["counts"]["total"].values())


@pytest.mark.slow
def test_build_greek_from_shared_data(data_dir: Path, tmp_path: Path) -> None:
    info = build("el", data_dir=data_dir, out_dir=tmp_path, cap=3000)
    meta = json.loads((tmp_path / "el.build.json").read_text(encoding="utf-8"))
    assert meta["sources"][0]["name"].startswith("KELLY Greek")
    assert len(meta["sources"][0]["sha256"]) == 64
    lex = Lexicon.from_file(tmp_path / "el.tsv.gz", "el")
    assert lex.level("σπίτι") == "A1"
    assert info.counts["freq"]["C2"] == 0  # cap 3000: nothing beyond rank 3000
