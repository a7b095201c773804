"""read_corpus / iter_corpus / corpus_stats, the registry, and the generic formats."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interlang.corpora import READERS, Record, corpus_stats, iter_corpus, read_corpus
from interlang.corpora.formats import CorpusReport
from interlang.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"


def test_registry_entries_are_complete() -> None:
    expected = {
        "merlin-de",
        "merlin-it",
        "merlin-cz",
        "icle500",
        "cefr-sp",
        "readme-plusplus",
        "textcomplexityde19",
        "klexikon",
        "deplain-web-doc",
        "onestopenglish",
        "ellipse-test",
        "greek-glc2-elerrant",
        "efcamdat",
        "universal-cefr",
    }
    assert expected <= set(READERS)
    for name, spec in READERS.items():
        assert spec.name == name
        assert callable(spec.reader)
        assert spec.description and spec.licence and spec.folder
    assert READERS["merlin-de"].has_l1 and READERS["icle500"].has_l1
    assert not READERS["klexikon"].has_cefr


def test_missing_corpus_folder_names_path_and_corpora(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_corpus("merlin-de", data_dir=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "merlin-de") in message
    assert "icle500" in message and "cefr-sp" in message
    assert info.value.source == str(tmp_path / "merlin-de")
    with pytest.raises(InputError, match="registered corpora"):
        read_corpus(tmp_path / "nothing-here.csv")
    with pytest.raises(InputError, match="registered corpora"):
        iter_corpus("klexikon", data_dir=tmp_path)  # raises before the first record


def test_path_to_a_registered_folder_uses_its_reader(tmp_path: Path) -> None:
    target = tmp_path / "anywhere" / "cefr-sp"
    shutil.copytree(FIXTURES / "cefr-sp", target)
    records, report = read_corpus(target)
    assert report.corpus == "cefr-sp"
    assert len(records) == 4
    forced, _ = read_corpus(FIXTURES / "cefr-sp", format="cefr-sp")
    assert len(forced) == 4
    with pytest.raises(InputError, match="unknown format"):
        read_corpus(FIXTURES / "cefr-sp", format="docx")


def test_every_registered_fixture_has_unique_ids() -> None:
    for name in READERS:
        if not (FIXTURES / READERS[name].folder).is_dir():
            continue
        records, report = read_corpus(name, data_dir=FIXTURES)
        assert records, name
        assert len({r.id for r in records}) == len(records) == report.n_records
        assert all(r.id.startswith(f"{name}/") for r in records)
        assert all(r.text.strip() and r.language for r in records)
        assert all("split" in r.metadata for r in records), name


def test_duplicate_ids_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "onestopenglish"
    shutil.copytree(FIXTURES / "onestopenglish", folder)
    shutil.copytree(folder / "Ele-Txt", folder / "Ele-Txt" / "Ele-Txt")  # upstream's nested copy
    records, report = read_corpus("onestopenglish", data_dir=tmp_path)
    assert len(records) == 3
    assert [s.reason for s in report.skipped if "duplicate" in s.reason] == [
        "duplicate id 'onestopenglish/Amazon/elementary'"
    ]


def test_iter_corpus_streams_and_fills_the_report() -> None:
    report = CorpusReport("cefr-sp")
    stream = iter_corpus("cefr-sp", data_dir=FIXTURES, report=report)
    first = next(stream)
    assert isinstance(first, Record)
    assert report.n_records == 1
    rest = list(stream)
    assert report.n_records == 1 + len(rest) == 4
    assert len(report.skipped) == 3


# --- generic formats ----------------------------------------------------------------------------


def test_universal_cefr_array_and_jsonl() -> None:
    records, report = read_corpus(FIXTURES / "universal-cefr")
    assert [(r.language, r.cefr, r.text) for r in records] == [
        ("en", "A2", "I like tea."),
        ("en", "B1", "A short text."),
        ("de", "C1", "Ein Text."),
    ]
    assert records[1].metadata["source_name"] == "elg"
    assert records[1].metadata["license"] == "CC BY 4.0"
    assert records[2].metadata["cefr_raw"] == "C1+"
    got = sorted((s.source, s.row, s.reason.split(":")[0]) for s in report.skipped)
    assert got == [
        ("cambridge.jsonl", 2, "broken JSON line"),
        ("cambridge.jsonl", 4, "missing lang"),
        ("cambridge.jsonl", 5, "JSON line is not an object"),
        ("elg.json", 3, "unknown CEFR level 'B1/B2'"),
        ("elg.json", 4, "empty or missing content"),
        ("elg.json", 5, "JSON item is not an object"),
    ]
    single, _ = read_corpus(FIXTURES / "universal-cefr" / "elg.json")  # sniffed from its fields
    assert [r.cefr for r in single] == ["B1", "C1"]
    registered, _ = read_corpus("universal-cefr", data_dir=FIXTURES)
    assert len(registered) == 3


def test_efcamdat_comma_and_semicolon_exports() -> None:
    records, report = read_corpus("efcamdat", data_dir=FIXTURES)
    by_id = {r.id: r for r in records}
    assert sorted(by_id) == ["efcamdat/1", "efcamdat/2", "efcamdat/5", "efcamdat/7"]
    one = by_id["efcamdat/1"]
    assert (one.language, one.cefr, one.l1, one.writer_id, one.prompt_id) == (
        "en",
        "A1",
        "Portuguese",
        "101",
        "Introducing yourself by email",
    )
    assert one.metadata["nationality"] == "br"
    assert one.metadata["level"] == 1 and one.metadata["mtld"] == 40.5
    assert by_id["efcamdat/2"].prompt_id == "level4-unit2"  # no topic
    assert by_id["efcamdat/5"].cefr is None and by_id["efcamdat/5"].l1 == "French"
    seven = by_id["efcamdat/7"]
    assert (seven.cefr, seven.l1, seven.text) == ("B2", "Spanish", "I am applying; thank you.")
    assert [(s.row, s.reason) for s in report.skipped] == [
        (4, "unknown CEFR 'X9' and no L1"),
        (5, "empty text"),
        (7, "expected 13 fields, got 3"),
    ]
    # A lone EFCAMDAT file is recognised by its columns.
    lone, lone_report = read_corpus(FIXTURES / "efcamdat" / "efcamdat_clean.csv")
    assert lone_report.corpus == "efcamdat_clean"
    assert lone[0].writer_id == "101"


def test_efcamdat_missing_columns_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "efcamdat.csv"
    path.write_text("writing_id,text\n1,hello\n", encoding="utf-8")
    records, report = read_corpus(path, format="efcamdat")
    assert records == []
    assert report.skipped[0].reason == "missing column(s): learner_id, cefr"


def test_generic_table_with_column_mapping() -> None:
    columns = {
        "text": "essay",
        "cefr": "level",
        "l1": "native_language",
        "id": "doc",
        "language": "lang",
    }
    records, report = read_corpus(FIXTURES / "table" / "essays.csv", columns=columns, numeric=True)
    assert [(r.id, r.language, r.cefr, r.l1) for r in records] == [
        ("essays/d1", "de", "B1", "Turkish"),
        ("essays/d2", "en", "B1", None),
    ]
    assert [(s.row, s.reason) for s in report.skipped] == [
        (4, "empty or missing 'essay'"),
        (5, "unknown CEFR label 'Z9'"),
    ]
    strict, _ = read_corpus(FIXTURES / "table" / "essays.csv", columns=columns)
    assert [r.id for r in strict] == ["essays/d1"]  # "3" is not a level without numeric=True
    both, both_report = read_corpus(FIXTURES / "table", columns=columns, numeric=True)
    assert {r.id for r in both} == {"table/d1", "table/d2", "table/j1"}
    assert any(s.reason.startswith("broken JSON line") for s in both_report.skipped)


def test_generic_table_needs_a_language(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("text,cefr\nHallo Welt.,A1\n", encoding="utf-8")
    records, report = read_corpus(path)
    assert records == []
    assert "no language" in report.skipped[0].reason
    records, _ = read_corpus(path, language="de")
    assert [(r.id, r.language, r.cefr, r.metadata["file"]) for r in records] == [
        ("plain/plain/2", "de", "A1", "plain.csv")
    ]


# --- stats -------------------------------------------------------------------------------------


def test_corpus_stats_counts() -> None:
    records = [
        Record(
            "c/1",
            "one two three",
            "de",
            cefr="B1",
            l1="Russian",
            writer_id="w1",
            prompt_id="p",
            metadata={"split": "train"},
        ),
        Record(
            "c/2", "one two", "de", cefr="A2", l1=None, writer_id="w1", metadata={"split": "test"}
        ),
        Record("c/3", "x", "en", metadata={"level": "simple"}),
    ]
    stats = corpus_stats(records)
    assert stats["n_records"] == 3 and stats["n_words"] == 6
    assert stats["n_writers"] == 1 and stats["n_prompts"] == 1
    assert stats["languages"] == {"de": 2, "en": 1}
    assert list(stats["cefr"]) == ["A2", "B1", "none"]
    assert stats["l1"] == {"Russian": 1, "none": 2}
    assert stats["split"] == {"none": 1, "test": 1, "train": 1}
    assert stats["level"] == {"simple": 1}
    assert stats["words_per_level"]["B1"] == {"texts": 1, "words": 3, "mean": 3.0}
    assert corpus_stats([])["n_records"] == 0


GARBAGE_FILES: dict[str, tuple[str, ...]] = {
    "merlin-de": ("texts/1023_0000001.txt", "merlin_de_index.csv"),
    "merlin-it": ("texts/1325_0000001_IT_B1.txt", "ITMetadata.txt"),
    "icle500": ("ICLE_rubric_rated_500.csv", "Texts/001_GESU1001.txt"),
    "cefr-sp": ("SCoRE/CEFR-SP_SCoRE_test.txt",),
    "readme-plusplus": ("csv/readme_en_test.csv",),
    "textcomplexityde19": ("ratings.csv",),
    "klexikon": ("data/splits.tar.gz",),
    "deplain-web-doc": ("manual/open/plain-text/test.csv",),
    "onestopenglish": ("Ele-Txt/Amazon-ele.txt",),
    "ellipse-test": ("ELLIPSE_Final_github_test.csv",),
    "greek-glc2-elerrant": ("GLC2.csv", "GNC_orig.txt"),
    "efcamdat": ("efcamdat.csv",),
    "universal-cefr": ("data.json", "data.jsonl"),
}


@pytest.mark.parametrize("name", sorted(GARBAGE_FILES))
def test_garbage_files_never_crash_a_reader(tmp_path: Path, name: str) -> None:
    garbage = bytes(range(256)) * 3 + b'\n"unterminated,\x00;\t{[\n'
    for rel in GARBAGE_FILES[name]:
        path = tmp_path / READERS[name].folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(garbage)
    records, report = read_corpus(name, data_dir=tmp_path, include_native=True)
    # Whatever survived is well-formed; everything else is accounted for in the report.
    assert all(r.text and r.id.startswith(f"{name}/") for r in records)
    assert report.skipped or report.notes
