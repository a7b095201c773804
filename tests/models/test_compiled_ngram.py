"""The numpy-only compiled n-gram (L1) model reproduces the estimator and explains with spans."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from interlang.errors import ModelError
from interlang.explain.ngram import indicative_ngrams, l1_spans
from interlang.models.bundle import Bundle
from interlang.models.compiled_ngram import (
    CompiledNgramModel,
    add_compiled_ngram,
    compile_ngram_model,
    load_compiled_ngram,
    verify_compiled_ngram,
)
from interlang.models.l1_predict import L1Predictor
from interlang.models.ngram import NgramClassifier
from interlang.models.shipped import shipped_path

STYLES = {
    "A": "I am agree that the peoples is very happy when they make the sport in the weekend.",
    "B": "Moreover, one must consider that education shall be equal for all, as it was stated.",
    "C": "Actually it depends of the situation, because every person have his own opinion about it.",
}
UNSEEN = [
    "I am agree that the sport make peoples happy.",
    "  Moreover,\n\n  education   shall be equal\tfor all!!  ",
    "Completely different words here: zebra quantum xylophone.",
    "",
    "İstanbul",
]


def _texts() -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(0)
    texts, labels = [], []
    for label, base in STYLES.items():
        words = base.split()
        for _ in range(12):
            cut = rng.integers(4, len(words))
            texts.append(" ".join(words[:cut]) + " " + " ".join(rng.permutation(words)[:5]))
            labels.append(label)
    return texts, labels


@pytest.fixture(scope="module", params=["svm", "logreg"])
def fitted(request: pytest.FixtureRequest) -> NgramClassifier:
    texts, labels = _texts()
    model = NgramClassifier(lang="en", classifier=request.param, C=1.0, clean=False, temperature=0.5)
    return model.fit(texts, labels)


def test_compiled_probabilities_equal_the_estimator(fitted: NgramClassifier) -> None:
    arrays, spec = compile_ngram_model(fitted)
    compiled = CompiledNgramModel(arrays, spec)
    assert verify_compiled_ngram(fitted, compiled, UNSEEN + _texts()[0][:5]) < 1e-6
    assert list(compiled.predict(UNSEEN)) == list(fitted.predict(UNSEEN))


def test_contributions_add_up_to_the_contrast_score(fitted: NgramClassifier) -> None:
    compiled = CompiledNgramModel(*compile_ngram_model(fitted))
    text = UNSEEN[1]
    label = str(compiled.predict([text])[0])
    per_char = compiled.char_contributions(text, label)
    # Sum over characters = sum over features of value × (coef_k − mean of other coefs).
    k = list(compiled.classes_).index(label)
    z = compiled.decision_function([text])[0] - compiled.intercept
    others = np.delete(z, k).mean()
    assert per_char.sum() == pytest.approx(z[k] - others, abs=1e-9)


def test_spans_index_the_prepared_text_and_favour_the_label(fitted: NgramClassifier) -> None:
    compiled = CompiledNgramModel(*compile_ngram_model(fitted))
    text = "I am agree that the peoples make the sport. Moreover, education shall be equal."
    result = l1_spans(compiled, text, "A", top=5)
    assert result["spans"], "a text in style A has evidence for A"
    for span in result["spans"]:
        assert result["text"][span["start"] : span["end"]] == span["span"]
        assert span["weight"] > 0
    weights = [s["weight"] for s in result["spans"]]
    assert weights == sorted(weights, reverse=True)
    ngrams = indicative_ngrams(compiled, ["A"], k=5)["A"]
    assert len(ngrams) == 5 and ngrams[0]["weight"] >= ngrams[-1]["weight"]
    with pytest.raises(ModelError):
        compiled.char_contributions(text, "Klingon")


def test_pos_family_does_not_compile() -> None:
    model = NgramClassifier(families=("char", "pos"))
    model.families = ("char", "pos")
    with pytest.raises(ModelError, match="families"):
        compile_ngram_model(model)


def test_bundle_round_trip_and_stale_payload(tmp_path, fitted: NgramClassifier) -> None:  # type: ignore[no-untyped-def]
    from interlang.labels import LabelSet

    bundle = Bundle("l1-test", "l1", LabelSet.nominal(sorted(STYLES)), estimator=fitted, language="en")
    path = bundle.save(tmp_path / "b")
    assert add_compiled_ngram(path, UNSEEN) < 1e-6
    predictor = L1Predictor.load(path)
    assert predictor.compiled is not None
    assert predictor.bundle.estimator_pending  # the estimator was never rebuilt
    expected = fitted.predict_proba(["I am agree with the peoples."])
    got = predictor.predict_proba(["I am agree with the peoples."])
    cols = [predictor.labels.index(str(c)) for c in fitted.classes_]
    assert np.allclose(got[:, cols], expected, atol=1e-6)
    # A retrained estimator saved over the bundle makes the stored compiled form stale.
    lazy = Bundle.load(path, load_estimator=False)
    lazy.estimator = NgramClassifier(clean=False).fit(*_texts())
    lazy.save(path, overwrite=True)
    assert load_compiled_ngram(Bundle.load(path, load_estimator=False)) is None


@pytest.mark.parametrize("name", ["l1-en", "l1-de"])
def test_shipped_l1_models_are_compiled_and_load_without_scikit_learn(name: str) -> None:
    if shipped_path(name) is None:
        pytest.skip(f"{name} is not installed")
    code = (
        "import sys; from interlang.models.l1_predict import L1Predictor; "
        f"p = L1Predictor.load({name!r}); assert p.compiled is not None; "
        "r = p.predict_text('This is a short text. ' * 20, explain=True); "
        "assert len(r['top']) == 3 and 'evidence' in r; "
        "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules, 'heavy import'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_long_text_is_scored_and_explained_without_holding_its_ngrams(fitted: NgramClassifier) -> None:
    """Memory is the vocabulary's, not the text's (issue 16: a 1.3 MB text used to peak at 1.35 GiB)."""
    import tracemalloc

    compiled = CompiledNgramModel(*compile_ngram_model(fitted))
    text = " ".join([STYLES["A"], STYLES["B"], STYLES["C"]] * 75)  # ≈ 19,000 characters
    tracemalloc.start()
    try:
        proba = compiled.predict_proba([text], prepared=True)
        evidence = l1_spans(compiled, text, str(compiled.classes_[0]), prepared=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.isclose(proba.sum(), 1.0) and evidence["spans"]
    # Listing its (n-gram, start, end) tuples took ≈ 17 MB; counting them takes ≈ 1 MB.
    assert peak < 5e6, f"peak {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("classifier", ["logreg", "svm"])
def test_binary_models_compile_to_the_same_probabilities(classifier: str) -> None:
    """Two classes give one margin s: logistic regression's P is sigmoid(s), the SVM's softmax([-s, s]/T)."""
    texts, labels = _texts()
    keep = [i for i, lab in enumerate(labels) if lab != "C"]
    model = NgramClassifier(lang="en", classifier=classifier, C=1.0, clean=False, temperature=0.5)
    model.fit([texts[i] for i in keep], [labels[i] for i in keep])
    compiled = CompiledNgramModel(*compile_ngram_model(model))
    assert np.allclose(compiled.predict_proba(UNSEEN), model.predict_proba(UNSEEN), atol=1e-6)
