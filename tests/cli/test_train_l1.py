"""`interlang clean`, `interlang train l1` and `interlang evaluate` for L1 models, on small fixtures."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from interlang.cli import main

CliRunner = Callable[[list[str]], tuple[int, str, str]]  # the run_cli fixture (conftest)

SHARED = [
    "Many people think about this question every day.",
    "The government should help the young people more.",
    "Technology changes our life very quickly now.",
    "Students must choose their studies with care.",
    "Money is not the only thing that matters in life.",
    "Television shows a lot of violence to children.",
    "The environment is in danger because of pollution.",
    "Travelling abroad opens the mind of young persons.",
]
#: Each fake L1 has its own habits (spelling, function words), like transfer in real essays.
HABITS = {
    "Spanish": [
        "In my opinion is very importent to discuss it.",
        "The people in general thinks that is necesary.",
        "Is clear that we have to make more efforts.",
        "For example, the persons who has problems.",
    ],
    "German": [
        "Actually I become always more informations about it.",
        "This is a problem, which we must solve also.",
        "I would like to make a critic of this opinion.",
        "Therefore we should discuss about this theme.",
    ],
    "Chinese": [
        "I think so this problem is very serious problem.",
        "Although it is good, but it has some disadvantage.",
        "We should pay more attention on this thing.",
        "Nowadays, more and more people think that.",
    ],
}


def _text(rng: random.Random, l1: str, i: int) -> str:
    sentences = rng.sample(SHARED, 4) + rng.sample(HABITS[l1], 3)
    rng.shuffle(sentences)
    return " ".join(sentences) + f" This is essay number {i} in our class."


def write_corpus(path: Path, per_l1: int = 10, seed: int = 3) -> Path:
    """A JSONL corpus: 3 L1s × ``per_l1`` texts, one rare L1, one "not reported", a duplicate."""
    rng = random.Random(seed)
    rows = []
    for l1 in HABITS:
        for i in range(per_l1):
            rows.append({"id": f"{l1[:2]}{i}", "text": _text(rng, l1, i), "language": "en", "l1": l1,
                         "writer_id": f"{l1[:2]}-w{i}", "cefr": rng.choice(["B1", "B2"])})
    rows.append({"id": "rare1", "text": _text(rng, "German", 99), "language": "en", "l1": "Klingon", "writer_id": "k1"})
    rows.append({"id": "nr1", "text": _text(rng, "Spanish", 98), "language": "en", "l1": "not reported", "writer_id": "n1"})
    rows.append({"id": "dup1", "text": rows[0]["text"], "language": "en", "l1": rows[0]["l1"], "writer_id": "d1"})
    rows.append({"id": "geo1", "text": "I come from Germany and I speak German at home. " + _text(rng, "German", 97),
                 "language": "en", "l1": "German", "writer_id": "g1"})
    rows.append({"id": "broken1", "text": "!!! ???", "language": "en", "l1": "German", "writer_id": "b1"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path



@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("nli") / "essays.jsonl")


@pytest.fixture(scope="module")
def bundle(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nli-model") / "l1-test"
    try:
        main(["train", "l1", "--corpus", str(corpus), "--model", "plain", "--min-texts", "5", "--out", str(out)])
    except SystemExit as exc:  # pragma: no cover - reported by the assertion below
        assert not exc.code, exc.code
    return out


def test_clean_writes_jsonl_and_reports(corpus: Path, tmp_path: Path, run_cli: CliRunner) -> None:
    out = tmp_path / "clean.jsonl"
    code, stdout, _ = run_cli(["clean", str(corpus), "--out", str(out)])
    assert code == 0, stdout
    assert "exact duplicates dropped" in stdout and "masked: Country" in stdout and "rows out" in stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 33  # 35 in, one broken, one exact duplicate
    geo = next(r for r in rows if r["id"].endswith("geo1"))
    assert "Germany" not in geo["text"] and "Country" in geo["text"]
    assert {"id", "text", "language", "l1", "writer_id", "cefr"} <= set(geo)

    code, stdout, _ = run_cli(["clean", str(corpus), "--out", str(out), "--no-mask", "--json"])
    report = json.loads(stdout)
    assert report["n_in"] == 35 and report["n_out"] == 33 and report["exact_duplicates"] == 1
    assert report["masked"] == {} and report["dropped"]
    assert any("Germany" in line for line in out.read_text(encoding="utf-8").splitlines())


def test_clean_refuses_other_output_format(corpus: Path, tmp_path: Path, run_cli: CliRunner) -> None:
    code, _, err = run_cli(["clean", str(corpus), "--out", str(tmp_path / "x.csv")])
    assert code == 2 and ".jsonl" in err


def test_train_l1_writes_a_bundle(bundle: Path) -> None:
    from interlang.models.bundle import Bundle

    meta = Bundle.load(bundle, load_estimator=False)
    assert meta.task == "l1" and sorted(meta.labels.labels) == ["Chinese", "German", "Spanish"]
    assert meta.extra["dropped"] == {"Klingon": 1, "not reported": 1}


def test_train_l1_with_too_few_texts_is_one_clear_error(corpus: Path, tmp_path: Path, run_cli: CliRunner) -> None:
    code, _, err = run_cli(["train", "l1", "--corpus", str(corpus), "--min-texts", "50", "--out", str(tmp_path / "m")])
    err = " ".join(err.split())  # rich wraps long lines
    assert code == 2 and "no L1 has at least 50 texts" in err and "Traceback" not in err
    code, _, err = run_cli(["train", "l1", "--corpus", str(corpus), "--model", "nope", "--out", str(tmp_path / "m")])
    assert not (tmp_path / "m").exists()
    assert code == 2 and "unknown model" in err


KEYS = ("n", "accuracy", "macro_f1", "weighted_f1", "ece", "mce", "brier", "top1", "top3", "top5")


def test_evaluate_l1_json_excludes_unknown_labels(corpus: Path, bundle: Path, run_cli: CliRunner) -> None:
    code, stdout, err = run_cli(
        ["evaluate", "--model", str(bundle), "--corpus", str(corpus), "--json", "--bootstrap", "0"])
    assert code == 0, err
    data = json.loads(stdout)
    for key in KEYS:
        assert key in data, key
    assert data["excluded"] == {"Klingon": 1, "not reported": 1} and data["n_excluded"] == 2
    assert data["n"] == 33  # broken rows are scored too: cleaning never drops an evaluation record
    assert data["top1"] <= data["top3"] <= data["top5"] == 1.0
    assert set(data["top_k_per_l1"]) == {"Chinese", "German", "Spanish"}
    assert set(data["accuracy_per_cefr"]) >= {"B1", "B2"}


def test_evaluate_shipped_l1_en_on_a_small_corpus(tmp_path: Path, run_cli: CliRunner) -> None:
    from interlang.models.shipped import shipped_path

    if shipped_path("l1-en") is None:
        pytest.skip("l1-en not installed")
    rng = random.Random(5)
    rows = [
        {"id": f"s{i}", "text": " ".join(_text(rng, "Spanish", i) for _ in range(2)), "language": "en",
         "l1": ["Spanish", "German", "Klingon", "not reported"][i % 4], "writer_id": f"w{i}"}
        for i in range(8)
    ]
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, stdout, err = run_cli(["evaluate", "--model", "l1-en", "--corpus", str(path), "--json", "--bootstrap", "0"])
    assert code == 0, err
    data = json.loads(stdout)
    assert data["n"] == 4 and data["excluded"] == {"Klingon": 2, "not reported": 2}
    for key in KEYS:
        assert key in data, key


EFCAMDAT_COLUMNS = ["writing_id", "learner_id", "nationality", "l1", "cefr", "level", "unit", "topic", "grade",
                    "wordcount", "mtld", "text", "text_corrected"]


def write_efcamdat(folder: Path, writers_per_l1: int = 8, seed: int = 7) -> Path:
    """An EFCAMDAT-format CSV: 3 L1s, two texts per learner, CEFR A1–B2, plus rows to drop."""
    import csv

    rng = random.Random(seed)
    nationality = {"Spanish": "mx", "German": "de", "Chinese": "cn"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "efcamdat_clean.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(EFCAMDAT_COLUMNS)
        wid = 0
        for l1 in HABITS:
            for w in range(writers_per_l1):
                learner = f"{l1[:2]}{w}"
                cefr = ["A1", "A2", "B1", "B2"][w % 4]
                for level in (1 + w % 4 * 3, 2 + w % 4 * 3):
                    wid += 1
                    # every third learner writes with another L1's habits: the model must err
                    habits = list(HABITS)[(list(HABITS).index(l1) + 1) % 3] if w % 3 == 2 else l1
                    text = _text(rng, habits, wid)
                    out.writerow([wid, learner, nationality[l1], l1, cefr, level, 1, "Describing your hometown", 90,
                                  len(text.split()), 60.0, text, ""])
        out.writerow([wid + 1, "x1", "br", "", "B1", 7, 1, "t", 80, 3, 1.0, "I like it very much.", ""])
        out.writerow([wid + 2, "x2", "jp", "Japanese", "A2", 4, 1, "t", 80, 3, 1.0, _text(rng, "Chinese", 0), ""])
    return path


def test_experiment_nli_end_to_end(tmp_path: Path, run_cli: CliRunner) -> None:
    write_efcamdat(tmp_path / "data" / "efcamdat")
    out = tmp_path / "result"
    code, stdout, err = run_cli(
        ["experiment", "nli", "--corpus", "efcamdat", "--data-dir", str(tmp_path / "data"), "--out", str(out),
         "--min-texts", "5", "--test-size", "0.25"])
    assert code == 0, err
    text = " ".join(stdout.split())
    assert "top-1" in text and "accuracy per CEFR level" in text and "chi-square" in text
    assert "Japanese 1" in text  # the rare L1 is dropped and said so
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for key in KEYS:
        assert key in report, key
    sizes = report["sizes"]
    assert sizes["train_writers"] + sizes["test_writers"] == 24  # no learner on both sides
    assert sizes["train"] + sizes["test"] == 48
    assert set(report["accuracy_per_cefr"]) <= {"A1", "A2", "B1", "B2"} and report["accuracy_per_cefr"]
    assert "p_value" in report["cefr_chi_square"] and report["cefr_chi_square"]["n"] == sizes["test"]
    assert (out / "confusion.png").stat().st_size > 0 and (out / "report.md").is_file()
    assert any(p.name.startswith("confusion_") for p in out.glob("*.png"))
    assert 0.5 <= report["top1"] < 1.0  # the habits are learnable, the noisy learners are not


def test_experiment_nli_too_few_texts_is_a_clear_error(tmp_path: Path, run_cli: CliRunner) -> None:
    write_efcamdat(tmp_path / "efcamdat", writers_per_l1=2)
    code, _, err = run_cli(["experiment", "nli", "--data-dir", str(tmp_path), "--out", str(tmp_path / "o")])
    assert code == 2 and "lower --min-texts" in " ".join(err.split())


ESSAY = (
    "In my opinion the university education is very important for the young people, because they "
    "can learn many things which are useful in the future life. Nowadays a lot of students think "
    "only about money and they choose the studies which give them a good work after. I think this "
    "is not correct, because the knowledge has a value in itself."
)


def test_analyze_shows_l1_top3_and_takes_extra_models(tmp_path: Path, run_cli: CliRunner) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text(ESSAY, encoding="utf-8")
    code, out, err = run_cli(["analyze", str(essay), "--lang", "en", "--json", "--model", "l1-en"])
    assert code == 0, err
    data = json.loads(out)
    assert len(data["l1"]["top"]) == 3 and data["l1"]["too_short"] is False
    assert data["l1"]["evidence"]["spans"], "the words behind the top L1 are listed"
    extra = data["models"][0]
    assert extra["task"] == "l1" and extra["top"] == data["l1"]["top"]
    code, out, err = run_cli(["analyze", str(essay), "--lang", "en"])
    assert code == 0 and "L1 (native language)" in out
    code, out, err = run_cli(["analyze", str(essay), "--lang", "en", "--model", "l1-de"])
    assert code == 2 and "is for 'de'" in err


def test_explain_l1_highlights_evidence(tmp_path: Path, run_cli: CliRunner) -> None:
    code, out, err = run_cli(["explain", ESSAY, "--model", "l1-en", "--json", "--top", "5"])
    assert code == 0, err
    data = json.loads(out)
    assert len(data["evidence"]["spans"]) <= 5 and len(data["indicative_ngrams"]) == 5
    for span in data["evidence"]["spans"]:
        assert data["evidence"]["text"][span["start"] : span["end"]] == span["span"]
