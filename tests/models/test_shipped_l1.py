"""The shipped L1 models (l1-en, l1-de): they load, give top-3 guesses, flag short texts.

No corpus needed: the bundles ship inside the package.
"""

from __future__ import annotations

import pytest

from interlang.models.shipped import shipped_path

EN = (
    "In my opinion the university education is very important for the young people, because "
    "they can learn many things which are useful in the future life. Nowadays a lot of students "
    "think only about money and they choose the studies which give them a good work after. I "
    "think this is not correct, because the knowledge has a value in itself and we must not "
    "forget it when we speak about the education."
)
DE = (
    "Liebe Frau Müller, ich schreibe Ihnen, weil ich eine Wohnung in Ihrer Stadt suche. Ich "
    "arbeite seit zwei Jahren in einer Firma und ich möchte näher an meiner Arbeit wohnen. Die "
    "Wohnung soll drei Zimmer haben und nicht zu teuer sein. Ich habe einen kleinen Hund, er ist "
    "sehr ruhig. Können Sie mir bitte sagen, wann ich die Wohnung besichtigen kann? Vielen Dank "
    "für Ihre Antwort. Mit freundlichen Grüßen"
)


@pytest.mark.parametrize("name,lang,text", [("l1-en", "en", EN), ("l1-de", "de", DE)])
def test_shipped_l1_model_predicts_top3(name: str, lang: str, text: str) -> None:
    path = shipped_path(name)
    assert path is not None, f"{name} is not installed"
    # Estimator + its compiled numpy form (for a fast cold start) stay small enough to ship.
    assert sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) < 6 * 1024 * 1024
    from interlang.models.l1_predict import L1Predictor

    predictor = L1Predictor.load(name)
    bundle = predictor.bundle
    assert bundle.task == "l1" and bundle.language == lang and len(bundle.labels) >= 2
    assert bundle.corpora and bundle.corpora[0].hash.startswith("sha256:")
    assert bundle.extra["data_use"] and bundle.licence
    result = predictor.predict_text(text, lang)
    top = result["top"]
    assert len(top) == 3 and len({label for label, _ in top}) == 3
    assert {label for label, _ in top} <= set(bundle.labels.labels)
    probs = [p for _, p in top]
    assert probs == sorted(probs, reverse=True) and all(0.0 <= p <= 1.0 for p in probs)
    assert sum(probs) <= 1.0 + 1e-9
    assert not result["too_short"] and result["n_words"] >= 50


def test_shipped_licences_are_stated() -> None:
    from interlang.models.bundle import Bundle

    icle = Bundle.load(shipped_path("l1-en"), load_estimator=False)  # type: ignore[arg-type]
    merlin = Bundle.load(shipped_path("l1-de"), load_estimator=False)  # type: ignore[arg-type]
    assert icle.non_commercial and "non-commercial" in icle.extra["data_use"]
    assert not merlin.non_commercial and "CC BY-SA" in merlin.extra["data_use"]


@pytest.mark.parametrize("name,lang,text", [("l1-en", "en", EN), ("l1-de", "de", DE)])
def test_short_text_is_flagged(name: str, lang: str, text: str) -> None:
    from interlang.models.l1_predict import L1Predictor

    short = " ".join(text.split()[:30])
    result = L1Predictor.load(name).predict_text(short, lang)
    assert result["too_short"] and "too short" in result["note"]
    assert len(result["top"]) == 3
