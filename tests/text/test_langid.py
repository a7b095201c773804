"""Language identification: obvious cases, refusals, speed, and accuracy on UD sentences."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from interlang.text.langid import LanguageGuess, detect


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The man who lives here is very nice to everybody.", "en"),
        ("I have met my friend yesterday at the station.", "en"),
        ("In my opinion, young people should learn more languages at school.", "en"),
        ("Der Mann, der hier wohnt, ist sehr nett zu allen.", "de"),
        ("Ich habe gestern meinen Freund am Bahnhof getroffen.", "de"),
        ("Meiner Meinung nach sollten Jugendliche mehr Sprachen lernen.", "de"),
        ("Ο άνθρωπος που μένει εδώ είναι πολύ καλός.", "el"),
        ("Χθες συνάντησα τον φίλο μου στον σταθμό.", "el"),
        ("Ieri ho incontrato il mio amico alla stazione.", "it"),
        ("Secondo me i giovani dovrebbero imparare più lingue a scuola.", "it"),
        ("Včera jsem potkal svého kamaráda na nádraží.", "cs"),
        ("Podle mě by se mladí lidé měli ve škole učit víc jazyků.", "cs"),
    ],
)
def test_obvious_sentences(text: str, lang: str) -> None:
    guess = detect(text)
    assert guess.lang == lang
    assert guess.confidence >= 0.9
    assert guess.scores[lang] == max(guess.scores.values())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12 345 !!!",
        "ok",
        "Привет, как у тебя дела сегодня?",
        "Le chat est sur la table et mange du poisson.",
        "Yo no sé por qué se fue tan temprano esta mañana.",
        "Ik weet niet waarom hij zo vroeg vertrokken is.",
        "Dobrý deň, volám sa Peter a bývam v Bratislave.",  # Slovak, not Czech
    ],
)
def test_too_short_or_unsupported_gives_none(text: str) -> None:
    guess = detect(text)
    assert isinstance(guess, LanguageGuess)
    assert guess.lang is None


def test_learner_text_with_errors_still_detected() -> None:
    assert (
        detect("Yesterday I go to the school and my teacher say me that I am good student.").lang
        == "en"
    )
    assert (
        detect(
            "Gestern ich bin gegangen in die Schule und mein Lehrer hat gesagt das ich gut."
        ).lang
        == "de"
    )


@pytest.mark.needs_data
@pytest.mark.parametrize(("corpus", "lang"), [("merlin-it", "it"), ("merlin-cz", "cs")])
def test_learner_essays_in_italian_and_czech(data_dir: Path, corpus: str, lang: str) -> None:
    from interlang.corpora import read_corpus

    if not (data_dir / corpus).is_dir():
        pytest.skip(f"{corpus} not found under {data_dir} (set INTERLANG_DATA)")
    records, _ = read_corpus(corpus, data_dir=data_dir)
    guesses = [detect(r.text).lang for r in records[:150]]
    assert sum(g == lang for g in guesses) >= 0.97 * len(guesses)
    assert all(g in (lang, None) for g in guesses)


def test_scores_are_probabilities() -> None:
    guess = detect("Das ist ein ganz normaler deutscher Satz mit einigen Wörtern.")
    assert all(0.0 <= v <= 1.0 for v in guess.scores.values())
    assert sum(guess.scores.values()) == pytest.approx(1.0, abs=1e-3)


def test_fast_on_a_paragraph() -> None:
    paragraph = (
        "Ich denke, dass das Internet heute sehr wichtig für die Jugend ist. Wir müssen den "
        "Schülerinnen und Schülern helfen, Informationen kritisch zu prüfen, und ihnen zeigen, "
        "wie man Quellen vergleicht. Viele Eltern wissen selbst nicht genau, was ihre Kinder "
        "online machen, und das ist ein Problem für die ganze Gesellschaft."
    )
    detect(paragraph)  # profiles are built once per process
    timings = []
    for _ in range(20):
        t0 = time.perf_counter()
        detect(paragraph)
        timings.append(time.perf_counter() - t0)
    timings.sort()
    assert timings[len(timings) // 2] < 0.005


def _sentences(path: Path, min_words: int = 8) -> list[str]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# text = "):
                text = line[len("# text = ") :].strip()
                if len(text.split()) >= min_words:
                    out.append(text)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "rel"),
    [
        ("en", "UD_English-EWT/en_ewt-ud-test.conllu.gz"),
        ("de", "UD_German-GSD/de_gsd-ud-test.conllu.gz"),
        ("el", "UD_Greek-GUD/el_gud-ud-test.conllu.gz"),
    ],
)
def test_accuracy_on_ud_test_sentences(data_dir: Path, lang: str, rel: str) -> None:
    path = data_dir / "ud" / rel
    if not path.exists():
        pytest.skip(f"{rel} not in the data folder")
    sentences = _sentences(path)
    assert len(sentences) > 200
    correct = sum(detect(s).lang == lang for s in sentences)
    assert correct / len(sentences) >= 0.95
