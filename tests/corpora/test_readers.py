"""Each reader on a small fixture in its corpus's layout, broken rows included."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest

from interlang.corpora import read_corpus
from interlang.corpora.icle import strip_icle_headers
from interlang.corpora.merlin import l1_from_mother_tongue, parse_v11, task_prompt_id
from interlang.corpora.sentences import cefr_sp_gold
from interlang.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"


def reasons(report: object) -> list[tuple[str, int | None, str]]:
    return [(s.source, s.row, s.reason) for s in report.skipped]  # type: ignore[attr-defined]


# --- MERLIN --------------------------------------------------------------------------------------


def test_merlin_v11_files_and_index() -> None:
    records, report = read_corpus("merlin-de", data_dir=FIXTURES)
    by_id = {r.id: r for r in records}
    assert sorted(by_id) == [
        "merlin-de/1023_0000001",
        "merlin-de/1023_0000002",
        "merlin-de/1023_0000005",
        "merlin-de/1023_0000006",
        "merlin-de/1023_0000008",
    ]
    first = by_id["merlin-de/1023_0000001"]
    assert first.text == "Liebe Maria,\nich schreibe dir aus Berlin.\nViele Grüße"
    assert (first.language, first.cefr, first.l1) == ("de", "B1", "Russian")
    assert (first.writer_id, first.prompt_id) == ("1023_0000001", "1023_0101")
    assert first.metadata["test_level"] == "B1"
    assert first.metadata["age"] == 31
    assert first.metadata["gender"] == "female"
    assert first.metadata["analytic"]["coherence_cohesion"] == "B1"
    assert first.metadata["analytic"]["sociolinguistic_appropriateness"] == "A2"
    assert first.metadata["file"] == "texts/1023_0000001.txt"
    assert first.split is None
    # CRLF file, L1 not reported: l1 None, raw kept; text has no METADATA lines.
    second = by_id["merlin-de/1023_0000002"]
    assert second.l1 is None and second.metadata["mother_tongue"] == "not reported"
    assert second.text == "Hallo Peter, wie geht es dir?"
    # Unrated but L1 known: kept for NLI, with a note.
    assert by_id["merlin-de/1023_0000006"].cefr is None
    assert by_id["merlin-de/1023_0000006"].l1 == "Turkish"
    assert any("1023_0000006" in n.source for n in report.notes)
    # Index-only rows are read from the index; "other" names no language; A2+ → A2.
    fifth = by_id["merlin-de/1023_0000005"]
    assert (fifth.cefr, fifth.l1, fifth.prompt_id) == ("C1", "Spanish", "1023_0404")
    assert fifth.metadata["file"] == "merlin_de_index.csv"
    eighth = by_id["merlin-de/1023_0000008"]
    assert (eighth.cefr, eighth.l1, eighth.metadata["mother_tongue"]) == ("A2", None, "other")
    assert reasons(report) == [
        ("texts/1023_0000003.txt", None, "empty learner text"),
        ("texts/1023_0000004.txt", None, "unknown CEFR rating 'EMPTY' and no L1"),
        ("texts/broken.txt", None, "neither a MERLIN v1.1 file nor <id>_<LANG>_<CEFR>.txt"),
        ("merlin_de_index.csv", 7, "expected 17 fields, got 5"),
    ]
    assert report.n_records == 5


def test_merlin_keep_unlabelled_and_split_tag() -> None:
    records, _ = read_corpus("merlin-de", data_dir=FIXTURES, keep_unlabelled=True, split="test")
    assert "merlin-de/1023_0000004" in {r.id for r in records}
    assert {r.split for r in records} == {"test"}


def test_merlin_index_alone_is_a_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "merlin-de"
    folder.mkdir()
    shutil.copy(FIXTURES / "merlin-de" / "merlin_de_index.csv", folder)
    records, _ = read_corpus("merlin-de", data_dir=tmp_path)
    assert sorted(r.id for r in records) == [
        "merlin-de/1023_0000001",
        "merlin-de/1023_0000005",
        "merlin-de/1023_0000008",
    ]
    from_index = next(r for r in records if r.id.endswith("0000001"))
    assert from_index.text == "Liebe Maria,\nich schreibe dir aus Berlin.\nViele Grüße"


def test_merlin_vajjala_rama_layout() -> None:
    records, report = read_corpus("merlin-it", data_dir=FIXTURES)
    by_id = {r.id: r for r in records}
    assert sorted(by_id) == ["merlin-it/1325_0000001", "merlin-it/1325_0000002"]
    assert by_id["merlin-it/1325_0000001"].language == "it"
    assert by_id["merlin-it/1325_0000001"].metadata["analytic"]["orthography"] == "C2"
    # The metadata rating wins over the file name, and the disagreement is noted.
    assert by_id["merlin-it/1325_0000002"].cefr == "B1"
    assert by_id["merlin-it/1325_0000002"].metadata["file_level"] == "A2"
    assert any("differs from file name" in n.reason for n in report.notes)
    assert reasons(report) == [
        ("ITMetadata.txt", 4, "malformed metadata line"),
        ("texts/1325_0000003_IT_unrated.txt", None, "unknown CEFR rating 'unrated' and no L1"),
        ("texts/1325_0000004_IT_A1.txt", None, "empty learner text"),
    ]
    cz, _ = read_corpus("merlin-cz", data_dir=FIXTURES)
    assert [(r.id, r.language, r.cefr, r.l1) for r in cz] == [("merlin-cz/0601", "cs", "A2", None)]


def test_merlin_helpers() -> None:
    assert l1_from_mother_tongue(" not reported ") is None
    assert l1_from_mother_tongue("Other") is None
    assert l1_from_mother_tongue("Polish") == "Polish"
    assert task_prompt_id("ask for information - ID: 1023_080401") == "1023_080401"
    assert task_prompt_id("free task") == "free task"
    assert task_prompt_id("") is None
    assert parse_v11("no metadata here") is None
    assert parse_v11("METADATA\nAuthor ID: 1\n") is None  # no learner text block


# --- ICLE ----------------------------------------------------------------------------------------


def test_icle_texts_joined_with_metadata() -> None:
    records, report = read_corpus("icle500", data_dir=FIXTURES)
    by_id = {r.id: r for r in records}
    assert sorted(by_id) == ["icle500/FRUC1003", "icle500/GESU1001", "icle500/SPM01002"]
    ge = by_id["icle500/GESU1001"]
    assert ge.text == "Money is important for everybody.\nBut it is not everything."
    assert (ge.cefr, ge.l1, ge.writer_id, ge.language) == ("B2", "German", "GESU1001", "en")
    assert ge.prompt_id == "Money is the root of all evil"
    assert ge.metadata["cefr_raw"] == "B2+"
    assert ge.metadata["title"] == "Money is the root of all evil"
    assert by_id["icle500/FRUC1003"].cefr is None
    assert by_id["icle500/FRUC1003"].metadata["relabelled"] is True
    for record in records:
        assert record.writer_id is not None
        assert record.writer_id not in record.text
        assert "Title:" not in record.text and "<ICLE" not in record.text
    assert reasons(report) == [
        ("ICLE_rubric_rated_500.csv", 6, "expected 8 fields, got 3"),
        ("Texts/004_XXSU9999.txt", None, "no metadata row for 'XXSU9999'"),
        ("Texts/005_GESU1005.txt", None, "empty text"),
        ("Texts/notes.txt", None, "file name is not <nnn>_<ICLE code>.txt"),
    ]


def test_strip_icle_headers() -> None:
    body, title = strip_icle_headers(
        "Title: T\n<ICLE-SP-UCM-0001.2>\nSPUC1001\nText SPUC1001 stays.", "SPUC1001"
    )
    assert (body, title) == ("Text SPUC1001 stays.", "T")
    assert strip_icle_headers("No title\nline", "X")[1] is None


# --- sentence corpora ----------------------------------------------------------------------------


def test_cefr_sp_reads_whatever_splits_exist() -> None:
    records, report = read_corpus("cefr-sp", data_dir=FIXTURES)
    assert {(r.metadata["subset"], r.split) for r in records} == {
        ("SCoRE", "test"),
        ("Wikiauto", "train"),
    }
    score = [r for r in records if r.metadata["subset"] == "SCoRE"]
    assert [r.text for r in score] == [
        "Is that your bike ?",
        "She had a beautiful necklace .",
        "The committee deliberated .",
    ]
    assert [r.cefr for r in score] == ["A1", "B1", "C1"]  # higher of the two labels
    assert [(r.metadata["annotator_a"], r.metadata["annotator_b"]) for r in score][1] == (
        "A2",
        "B1",
    )
    assert score[1].id == "cefr-sp/SCoRE/test/2"
    assert [(s.row, s.reason) for s in report.skipped] == [
        (3, "expected 3 tab-separated fields, got 2"),
        (4, "unknown label(s) '7'/'2'"),
        (5, "empty sentence"),
    ]
    low, _ = read_corpus("cefr-sp", data_dir=FIXTURES, gold="min")
    assert [r.cefr for r in low if r.metadata["subset"] == "SCoRE"] == ["A1", "A2", "B2"]
    with pytest.raises(InputError, match="gold policy"):
        read_corpus("cefr-sp", data_dir=FIXTURES, gold="median")


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("max", 3), ("min", 2), ("a", 2), ("b", 3), ("mean_floor", 2), ("mean_ceil", 3)],
)
def test_cefr_sp_gold_policies(policy: str, expected: int) -> None:
    assert cefr_sp_gold(2, 3, policy) == expected


def test_readme_language_and_split_from_file_name() -> None:
    records, report = read_corpus("readme-plusplus", data_dir=FIXTURES)
    assert [(r.language, r.split, r.cefr, r.text) for r in records] == [
        ("en", "test", "A2", "The cat sat on the mat."),
        ("en", "test", "C1", "Photosynthesis converts light."),
        ("fr", "train", "A1", "Le chat dort."),
    ]
    # Sentences of one paragraph share a prompt id (grouped splits keep them together).
    assert records[0].prompt_id == records[1].prompt_id is not None
    assert records[0].metadata["domain"] == "Wikipedia"
    assert [(s.row, s.reason) for s in report.skipped] == [
        (4, "unknown rating 'seven'"),
        (5, "empty sentence"),
        (6, "expected 6 fields, got 8"),
    ]


def test_textcomplexityde19_cp1252_original(tmp_path: Path) -> None:
    folder = tmp_path / "textcomplexityde19"
    folder.mkdir()
    content = (
        "ID,Sentence,Article_ID,Article,Votes_Complexity,MOS_Complexity,Std_Complexity\n"
        "3,Natürlich entstand die erste Seifenblase.,1,Seifenblase,10,1.6,0.7\n"
        "4,Ohne Bewertung.,1,Seifenblase,0,,\n"
    )
    (folder / "ratings.csv").write_bytes(content.encode("cp1252"))
    records, report = read_corpus("textcomplexityde19", data_dir=tmp_path)
    assert [(r.id, r.text, r.cefr, r.metadata["complexity"], r.prompt_id) for r in records] == [
        ("textcomplexityde19/3", "Natürlich entstand die erste Seifenblase.", None, 1.6, "1")
    ]
    assert [n.reason for n in report.notes] == ["not valid UTF-8; decoded as cp1252"]
    assert [(s.row, s.reason) for s in report.skipped] == [(3, "unknown complexity ''")]


# --- simple vs standard --------------------------------------------------------------------------


def _klexikon_tar(folder: Path) -> None:
    (folder / "data").mkdir(parents=True)
    with tarfile.open(folder / "data" / "splits.tar.gz", "w:gz") as tar:
        for name, text in (
            ("splits/train/klexikon/Bär.txt", "Der Bär ist ein Tier.\n\nEr ist groß.\n"),
            ("splits/train/wiki/Bär.txt", "Die Bären (Ursidae) sind eine Familie der Raubtiere.\n"),
            ("splits/test/klexikon/Leer.txt", "   \n"),
            ("splits/test/other/Odd.txt", "misplaced\n"),
        ):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_klexikon_reads_from_the_tar_without_extracting(tmp_path: Path) -> None:
    folder = tmp_path / "klexikon"
    _klexikon_tar(folder)
    records, report = read_corpus("klexikon", data_dir=tmp_path)
    assert [(r.id, r.metadata["level"], r.split, r.prompt_id, r.cefr) for r in records] == [
        ("klexikon/train/simple/Bär", "simple", "train", "Bär", None),
        ("klexikon/train/standard/Bär", "standard", "train", "Bär", None),
    ]
    assert records[0].text == "Der Bär ist ein Tier.\n\nEr ist groß."
    assert sorted(p.name for p in (folder / "data").iterdir()) == ["splits.tar.gz"]
    assert [s.reason for s in report.skipped] == [
        "empty text",
        "not <split>/<klexikon|wiki>/<title>.txt",
    ]


def test_klexikon_broken_archive_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "klexikon" / "data"
    folder.mkdir(parents=True)
    (folder / "splits.tar.gz").write_bytes(b"not a tar at all")
    records, report = read_corpus("klexikon", data_dir=tmp_path)
    assert records == []
    assert report.skipped[0].reason.startswith("broken archive")


def test_deplain_pairs_and_claimed_levels() -> None:
    records, report = read_corpus("deplain-web-doc", data_dir=FIXTURES)
    got = {
        (
            r.split,
            r.metadata["pair_id"],
            r.metadata["level"],
            r.metadata["claimed_level"],
            r.metadata["claimed_cefr"],
        )
        for r in records
    }
    assert got == {
        ("test", "33", "plain", "a1", "A1"),
        ("test", "33", "standard", "c2", "C2"),
        ("test", "34", "standard", "b2", "B2"),
        ("train", "116", "plain", "A1", "A1"),
        ("train", "116", "standard", "C2", "C2"),
        ("train", "117", "plain", "A2-B1", None),
        ("train", "117", "standard", "C2", "C2"),
    }
    assert all(r.cefr is None for r in records)
    plain = next(r for r in records if r.id == "deplain-web-doc/test/33/plain")
    assert plain.text == "Am Anfang gab es nichts."
    assert (
        plain.prompt_id
        == "test/33"
        == next(r for r in records if r.id == "deplain-web-doc/test/33/standard").prompt_id
    )
    assert plain.metadata["license"] == "CC_BY_SA_3"
    assert [(s.row, s.reason) for s in report.skipped] == [(3, "empty plain text")]
    assert not any("all.csv" in f or "sentence-split" in f for f in report.files)


def test_onestopenglish_versions_share_the_article() -> None:
    records, report = read_corpus("onestopenglish", data_dir=FIXTURES)
    assert sorted((r.metadata["level"], r.prompt_id) for r in records) == [
        ("advanced", "Amazon"),
        ("elementary", "Amazon"),
        ("intermediate", "Amazon"),
    ]
    assert all(not r.text.startswith("\ufeff") and r.cefr is None for r in records)
    assert [(s.source, s.reason) for s in report.skipped] == [
        ("Adv-Txt/Empty-adv.txt", "empty text")
    ]


# --- other scales --------------------------------------------------------------------------------


def test_ellipse_scores_in_metadata() -> None:
    records, report = read_corpus("ellipse-test", data_dir=FIXTURES)
    assert len(records) == 1
    essay = records[0]
    assert essay.id == "ellipse-test/111"
    assert essay.text == "Technology helps students.\n\nIt is good."
    assert (essay.cefr, essay.l1, essay.prompt_id, essay.split) == (
        None,
        None,
        "Impact of technology",
        "test",
    )
    assert essay.metadata["overall"] == 2.5
    assert essay.metadata["analytic"] == {
        "cohesion": 2.5,
        "syntax": 2.0,
        "vocabulary": 3.0,
        "phraseology": 2.0,
        "grammar": 2.5,
        "conventions": 3.0,
    }
    assert [(s.row, s.reason) for s in report.skipped] == [
        (5, "unknown Overall score 'n/a'"),
        (6, "empty text"),
    ]


def test_greek_glc2_error_labels() -> None:
    records, report = read_corpus("greek-glc2-elerrant", data_dir=FIXTURES)
    assert [(r.metadata["has_error"], r.language, r.metadata["text_id"]) for r in records] == [
        (True, "el", "0207A115-1-037"),
        (False, "el", "0207A115-1-037"),
        (None, "el", "0207A115-1-038"),
    ]
    assert records[0].metadata["corrected"] == "Μια φορά κι έναν καιρό ζούσαν πουλάκια"
    assert len({r.id for r in records}) == 3
    assert [(s.row, s.reason) for s in report.skipped] == [(5, "empty text")]
    with_native, _ = read_corpus("greek-glc2-elerrant", data_dir=FIXTURES, include_native=True)
    native = [r for r in with_native if r.metadata["native"]]
    assert [(r.text, r.metadata["has_error"]) for r in native] == [
        ("Η εξέλιξη των Επιστημών αλλάζουν.", True),
        ("Σωστή πρόταση.", False),
    ]
