"""The readers on the real shared corpora; counts as stated in each corpus's PROVENANCE.md.

The shared folder holds the public part (e.g. 827 of 1033 MERLIN-de texts, 400 of 500 ICLE);
where PROVENANCE counts the full release, the expected number here is the part that is present.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from interlang.corpora import corpus_stats, read_corpus


def _counts(values: list[object]) -> dict[object, int]:
    return dict(Counter(values))


def test_merlin_de(data_dir: Path) -> None:
    records, report = read_corpus("merlin-de", data_dir=data_dir)
    assert len(records) == 827 and report.skipped == []
    assert _counts([r.cefr for r in records]) == {
        "A1": 46,
        "A2": 245,
        "B1": 265,
        "B2": 234,
        "C1": 34,
        "C2": 3,
    }
    assert {r.language for r in records} == {"de"}
    # Every text has an author and a task; L1 None only where the corpus names no language.
    assert all(r.writer_id and r.prompt_id for r in records)
    assert {r.metadata["mother_tongue"] for r in records if r.l1 is None} == {
        "not reported",
        "other",
    }
    assert all(r.metadata["test_level"] in {"A1", "A2", "B1", "B2", "C1"} for r in records)
    assert all(len(r.metadata["analytic"]) == 6 for r in records)
    assert not any(
        "Overall CEFR rating" in r.text or "Target hypothesis" in r.text for r in records
    )
    # The text files and the index CSV agree (the index alone gives the same corpus).
    index = {
        row["file"][:-4]: row
        for row in csv.DictReader(
            (data_dir / "merlin-de" / "merlin_de_index.csv").open(encoding="utf-8")
        )
    }
    for record in records:
        row = index[record.id.split("/", 1)[1]]
        assert record.cefr == row["overall_cefr"]
        assert record.text == row["learner_text"].replace("\r\n", "\n").strip()


@pytest.mark.parametrize(
    ("name", "language", "levels"),
    [
        ("merlin-it", "it", {"A1": 23, "A2": 305, "B1": 315}),
        ("merlin-cz", "cs", {"A2": 150, "B1": 132, "B2": 65}),
    ],
)
def test_merlin_it_cz(data_dir: Path, name: str, language: str, levels: dict[str, int]) -> None:
    records, report = read_corpus(name, data_dir=data_dir)
    assert report.skipped == []
    assert (
        len(records) == len(list((data_dir / name / "texts").glob("*.txt"))) == sum(levels.values())
    )
    assert _counts([r.cefr for r in records]) == levels
    assert {r.language for r in records} == {language}
    # The file-name level agrees with the metadata's overall rating for every text here.
    assert all(r.cefr == r.metadata["file_level"] for r in records)


def test_icle500(data_dir: Path) -> None:
    records, report = read_corpus("icle500", data_dir=data_dir)
    assert len(records) == 400 and report.skipped == []
    l1 = Counter(r.l1 for r in records)
    assert len(l1) == 26 and None not in l1  # 25 L1s + Pakistani split as Punjabi / Urdu
    assert l1["Punjabi"] + l1["Urdu"] == 16
    assert all(n == 16 for k, n in l1.items() if k not in {"Punjabi", "Urdu"})
    assert _counts([r.cefr for r in records]) == {
        "A2": 1,
        "B1": 92,
        "B2": 176,
        "C1": 79,
        "C2": 46,
        None: 6,
    }
    for record in records:
        code = str(record.writer_id)
        sub = code[:2]
        assert code not in record.text
        assert not record.text.startswith("Title:")
        assert not any(
            line.strip() in {sub, code} or re.match(r"^\s*<ICLE", line)
            for line in record.text.splitlines()
        )


def test_cefr_sp(data_dir: Path) -> None:
    records, report = read_corpus("cefr-sp", data_dir=data_dir)
    assert report.skipped == []
    counts = Counter((r.metadata["subset"], r.split) for r in records)
    assert counts == {
        ("SCoRE", "train"): 1188,
        ("SCoRE", "dev"): 665,
        ("Wikiauto", "train"): 5990,
        ("Wikiauto", "dev"): 701,
    }
    for record in records:
        a, b = record.metadata["annotator_a"], record.metadata["annotator_b"]
        assert record.cefr == max(a, b)


def test_readme_plusplus(data_dir: Path) -> None:
    records, report = read_corpus("readme-plusplus", data_dir=data_dir)
    assert report.skipped == []
    counts = Counter((r.language, r.split) for r in records)
    assert counts == {
        ("en", "train"): 2243,
        ("en", "val"): 283,
        ("ar", "train"): 1543,
        ("ar", "val"): 196,
        ("fr", "train"): 1319,
        ("fr", "val"): 165,
        ("hi", "train"): 1179,
        ("hi", "val"): 149,
        ("ru", "train"): 1404,
        ("ru", "val"): 176,
    }
    en_train = Counter(r.cefr for r in records if r.language == "en" and r.split == "train")
    assert en_train == {"A1": 146, "A2": 539, "B1": 485, "B2": 713, "C1": 304, "C2": 56}


def test_textcomplexityde19(data_dir: Path) -> None:
    records, report = read_corpus("textcomplexityde19", data_dir=data_dir)
    assert len(records) == 1000 and report.skipped == []
    scores = [r.metadata["complexity"] for r in records]
    assert min(scores) == 1.0 and max(scores) == pytest.approx(6.33, abs=0.01)
    assert sum(scores) / len(scores) == pytest.approx(3.02, abs=0.01)
    assert all(r.cefr is None for r in records)
    assert any("ü" in r.text for r in records)  # decoded, not mojibake


@pytest.mark.slow
def test_klexikon(data_dir: Path) -> None:
    records, report = read_corpus("klexikon", data_dir=data_dir)
    assert report.skipped == []
    counts = Counter((r.split, r.metadata["level"]) for r in records)
    assert counts == {
        ("train", "simple"): 2350,
        ("train", "standard"): 2350,
        ("validation", "simple"): 274,
        ("validation", "standard"): 274,
        ("test", "simple"): 274,
        ("test", "standard"): 274,
    }
    # Every simple article has its standard twin under the same prompt id.
    pairs = Counter(r.prompt_id for r in records)
    assert len(pairs) == 2898 and set(pairs.values()) == {2}


def test_deplain_web_doc(data_dir: Path) -> None:
    records, report = read_corpus("deplain-web-doc", data_dir=data_dir)
    assert report.skipped == []
    pairs = Counter((r.split, r.metadata["level"]) for r in records)
    assert pairs == {
        ("train", "plain"): 197,
        ("train", "standard"): 197,
        ("dev", "plain"): 50,
        ("dev", "standard"): 50,
        ("test", "plain"): 147,
        ("test", "standard"): 147,
    }
    claimed = Counter(
        (r.metadata["claimed_level"].upper(), s.metadata["claimed_level"].upper())
        for r in records
        if r.metadata["level"] == "plain"
        for s in records
        if s.prompt_id == r.prompt_id and s.metadata["level"] == "standard"
    )
    assert claimed[("A1", "C2")] == 210 + 21 and claimed[("A2", "B2")] == 36 + 30


def test_onestopenglish(data_dir: Path) -> None:
    records, report = read_corpus("onestopenglish", data_dir=data_dir)
    assert len(records) == 567 and report.skipped == []
    assert _counts([r.metadata["level"] for r in records]) == {
        "elementary": 189,
        "intermediate": 189,
        "advanced": 189,
    }
    assert set(Counter(r.prompt_id for r in records).values()) == {3}
    assert not any(r.text.startswith("\ufeff") for r in records)


def test_ellipse(data_dir: Path) -> None:
    records, report = read_corpus("ellipse-test", data_dir=data_dir)
    assert len(records) == 2571 and report.skipped == []
    assert _counts([r.metadata["overall"] for r in records]) == {
        1.0: 2,
        1.5: 11,
        2.0: 217,
        2.5: 447,
        3.0: 949,
        3.5: 518,
        4.0: 360,
        4.5: 55,
        5.0: 12,
    }
    assert all(r.split == "test" and r.cefr is None and r.l1 is None for r in records)


def test_greek_glc2(data_dir: Path) -> None:
    records, report = read_corpus("greek-glc2-elerrant", data_dir=data_dir)
    assert len(records) == 1524 and report.skipped == []
    assert _counts([r.metadata["has_error"] for r in records]) == {True: 1364, False: 159, None: 1}
    assert {r.language for r in records} == {"el"}
    native, _ = read_corpus("greek-glc2-elerrant", data_dir=data_dir, include_native=True)
    assert 1524 < len(native) <= 1524 + 300


def test_stats_on_a_real_corpus(data_dir: Path) -> None:
    records, _ = read_corpus("merlin-de", data_dir=data_dir)
    stats = corpus_stats(records)
    assert stats["n_records"] == 827
    assert stats["l1"]["Russian"] > 0
    assert stats["words_per_level"]["A1"]["mean"] < stats["words_per_level"]["C1"]["mean"]
