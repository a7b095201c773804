"""The numpy-only compiled level model reproduces the full scikit-learn pipeline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from interlang.errors import ModelError
from interlang.models.shipped import shipped_path

SHIPPED = [("level-de", "de"), ("level-en", "en")]

TEXTS = {
    "de": [
        "Ich heiße Anna. Ich wohne in Berlin.",
        "Hallo! Wie geht es dir? Mir geht es gut.",
        "Am Wochenende spiele ich Fußball mit meinen Freunden im Park.",
        "Gestern bin ich mit meinem Bruder ins Kino gegangen, weil der Film sehr gut war.",
        "Liebe Frau Müller, vielen Dank für Ihre Einladung. Leider kann ich am Samstag nicht kommen, "
        "weil ich arbeiten muss.",
        "Ich möchte mich für die Stelle als Verkäuferin bewerben, die Sie in der Zeitung "
        "ausgeschrieben haben.",
        "Obwohl die Digitalisierung zahlreiche Vorteile mit sich bringt, dürfen die sozialen Folgen "
        "für ältere Menschen nicht unterschätzt werden.",
        "Meiner Meinung nach sollte man das Rauchen in öffentlichen Gebäuden verbieten, da es der "
        "Gesundheit schadet.",
        "Die Wohnung ist groß und hell. Sie hat drei Zimmer, eine Küche und ein Bad.",
        "Es wäre wünschenswert gewesen, wenn die Verantwortlichen die Bedenken der Anwohner "
        "frühzeitig berücksichtigt hätten.",
        "Hallo",
    ],
    "en": [
        "My name is Tom. I like football.",
        "Hello! How are you? I am fine, thank you.",
        "On Sundays I usually visit my grandparents and we eat lunch together.",
        "Last summer I went to London with my family and we visited many museums.",
        "Dear Sir, I am writing to complain about the poor service I received in your shop "
        "last week.",
        "In my opinion, students should wear school uniforms because it reduces pressure "
        "to buy expensive clothes.",
        "Although globalisation has undeniably fostered economic growth, its distributional "
        "consequences have provoked a considerable backlash.",
        "The proliferation of social media has fundamentally altered the way in which political "
        "discourse is conducted, arguably to its detriment.",
        "The flat is big. It has two bedrooms and a small garden.",
        "Had the government anticipated the crisis, it could have mitigated its most severe effects.",
        "Hello",
    ],
}


def _installed(name: str) -> bool:
    path = shipped_path(name)
    return path is not None and (path / "json" / "compiled.json").is_file()


@pytest.fixture(scope="module")
def predictors() -> dict[str, tuple[object, object]]:
    from interlang.models.predict import LevelPredictor

    out = {}
    for name, _ in SHIPPED:
        if _installed(name):
            out[name] = (LevelPredictor.load(name), LevelPredictor.load(name, compiled=False))
    return out


def _features(text: str, lang: str) -> dict[str, float]:
    from interlang.features import extract
    from interlang.text import parse

    return dict(extract(parse(text, lang)).values)


def _compare(fast: object, full: object, values: dict[str, float], text: str) -> None:
    a = fast.predict_features(values, text, top=8)  # type: ignore[attr-defined]
    b = full.predict_features(values, text, top=8)  # type: ignore[attr-defined]
    labels = list(b.probabilities)
    pa = np.array([a.probabilities[k] for k in labels])
    pb = np.array([b.probabilities[k] for k in labels])
    assert np.abs(pa - pb).max() <= 1e-9
    assert a.level == b.level and int(pa.argmax()) == int(pb.argmax())
    assert [r["feature"] for r in a.reasons] == [r["feature"] for r in b.reasons]
    assert a.reasons == b.reasons and a.reason_method == b.reason_method
    assert a.to_dict() == b.to_dict()


@pytest.mark.parametrize("name,lang", SHIPPED)
def test_shipped_compiled_matches_full_pipeline(name: str, lang: str, predictors: dict) -> None:
    if name not in predictors:
        pytest.skip(f"{name} is not installed with a compiled model")
    from interlang.text.samples import sample_text

    fast, full = predictors[name]
    assert fast.compiled is not None and full.compiled is None
    texts = [sample_text(lang), *TEXTS[lang]]
    rows = [_features(t, lang) for t in texts]
    for values, text in zip(rows, texts, strict=True):
        _compare(fast, full, values, text)
    # The batch path (``interlang evaluate``) agrees with the full pipeline's frame path.
    batch = fast.predict_records(rows, texts)
    reference = full.predict_proba_frame(full.pipeline.frame(rows, texts))
    assert np.abs(batch - reference).max() <= 1e-9
    # Missing features are imputed the same way.
    _compare(fast, full, {}, texts[0])


def test_at_least_twenty_texts() -> None:
    assert sum(len(t) + 1 for t in TEXTS.values()) >= 20


@pytest.mark.parametrize("name,lang,corpus", [("level-de", "de", "merlin-de")])
def test_compiled_matches_on_corpus_texts(name: str, lang: str, corpus: str, data_dir: Path, predictors: dict) -> None:
    if name not in predictors:
        pytest.skip(f"{name} is not installed with a compiled model")
    from interlang.corpora import read_corpus

    records, _ = read_corpus(corpus, data_dir=data_dir)
    fast, full = predictors[name]
    for record in records[:: max(1, len(records) // 15)][:15]:
        _compare(fast, full, _features(record.text, lang), record.text)


def test_compiled_path_imports_no_sklearn_scipy_skops() -> None:
    if not _installed("level-de"):
        pytest.skip("level-de is not installed with a compiled model")
    code = (
        "import sys\n"
        "from interlang.models.predict import load_cached\n"
        "p = load_cached('level-de')\n"
        "assert p.compiled is not None\n"
        "pred = p.predict_features({'basic_words': 120.0}, 'Ich wohne seit zwei Jahren in Berlin.')\n"
        "assert pred.reasons and abs(sum(pred.probabilities.values()) - 1) < 1e-9\n"
        "bad = [m for m in ('sklearn', 'scipy', 'skops', 'pandas') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_full_estimator_is_rebuilt_on_demand() -> None:
    if not _installed("level-de"):
        pytest.skip("level-de is not installed with a compiled model")
    from interlang.models.predict import LevelPredictor

    fast = LevelPredictor.load("level-de")
    assert fast.bundle.estimator_pending
    values = {"basic_words": 80.0}
    occl = fast.predict_features(values, "Ich wohne in Berlin.", method="occlusion")
    assert occl.reason_method and occl.reason_method.startswith("occlusion")
    assert not fast.bundle.estimator_pending and fast.pipeline.model is not None


def test_stale_compiled_payload_is_ignored(tmp_path: Path) -> None:
    if not _installed("level-en"):
        pytest.skip("level-en is not installed with a compiled model")
    from interlang.models.bundle import Bundle
    from interlang.models.compiled import PAYLOAD
    from interlang.models.predict import LevelPredictor

    path = shipped_path("level-en")
    assert path is not None
    bundle = Bundle.load(path, load_estimator=False)
    stored = bundle.estimator_bytes
    meta = dict(bundle.load_json(PAYLOAD), estimator_sha256="0" * 64)
    bundle.save_json(PAYLOAD, meta)
    target = bundle.save(tmp_path / "level-en")
    assert (target / "estimator.skops").read_bytes() == stored  # written back unchanged
    assert LevelPredictor.load(target).compiled is None
    assert Bundle.load(target).estimator is not None


# ------------------------------------------------------------------ synthetic pipelines
def _synthetic(n: int = 60, d: int = 5, seed: int = 0) -> tuple[list[dict[str, float]], list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X[rng.random(size=X.shape) < 0.1] = np.nan
    score = np.nan_to_num(X[:, 0]) + 0.5 * np.nan_to_num(X[:, 1])
    y = np.asarray(["A", "B", "C"], dtype=object)[np.digitize(score, [-0.5, 0.5])]
    words = ["cat", "dog", "house", "tree", "car", "sun", "big", "small", "red", "blue"]
    texts = [" ".join(rng.choice(words, size=int(rng.integers(3, 12)))) for _ in range(n)]
    rows = [{f"f{j}": float(X[i, j]) for j in range(d)} for i in range(n)]
    return rows, texts, y


def _level_pipeline(model: object, rows: list[dict[str, float]], texts: list[str], y: np.ndarray, tfidf: bool) -> object:
    from interlang.features.tfidf import TfidfPCA
    from interlang.models.level_pipeline import LevelPipeline

    features = sorted(rows[0])
    pcs = TfidfPCA(n_components=3, max_features=30).fit(texts) if tfidf else None
    pipeline = LevelPipeline(None, features, ["A", "B", "C"], pcs, "en")
    frame = pipeline.frame(rows, texts)
    pipeline.model = model.fit(frame[pipeline.columns], y)  # type: ignore[attr-defined]
    return pipeline


@pytest.mark.parametrize("method", ["none", "temperature", "platt", "isotonic"])
def test_logreg_with_calibrators_matches(method: str) -> None:
    from interlang.explain import explain_local
    from interlang.models.calibration import CalibratedModel, make_calibrator
    from interlang.models.classical import FeatureClassifier
    from interlang.models.compiled import CompiledLevelModel
    from interlang.models.compiling import compile_level_model

    rows, texts, y = _synthetic()
    clf = FeatureClassifier(model="logreg", labels=["A", "B", "C"], param_grid={"C": [1.0]}, cv=2)
    pipeline = _level_pipeline(clf, rows, texts, y, tfidf=True)
    frame = pipeline.frame(rows, texts)  # type: ignore[attr-defined]
    cal = make_calibrator(method).fit(pipeline.predict_proba_parts(frame), y, ["A", "B", "C"])  # type: ignore[attr-defined]
    model = CalibratedModel(pipeline, cal)
    compiled = CompiledLevelModel(*compile_level_model(model))
    expected = cal.predict_proba(pipeline.predict_proba_parts(frame))  # type: ignore[attr-defined]
    got = compiled.predict_proba(rows, texts)
    assert np.abs(got - expected).max() <= 1e-9
    for i in range(5):
        one = pipeline.frame(rows[i : i + 1], texts[i : i + 1])  # type: ignore[attr-defined]
        k = int(expected[i].argmax())
        local = explain_local(pipeline, one, class_index=k, top=4)
        assert compiled.explain(compiled.design(rows[i : i + 1], texts[i : i + 1]), k, top=4) == local.reasons
        assert compiled.explain_method == local.method


def test_ordinal_pipeline_without_text_matches() -> None:
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from interlang.models.classical import MedianImputer
    from interlang.models.compiled import CompiledLevelModel
    from interlang.models.compiling import compile_level_model
    from interlang.models.ordinal import OrdinalLogistic

    rows, texts, y = _synthetic(seed=1)
    pipe = Pipeline([("impute", MedianImputer(add_indicator=True)), ("scale", StandardScaler()),
                     ("clf", OrdinalLogistic(labels=["A", "B", "C"]))])
    pipeline = _level_pipeline(pipe, rows, texts, y, tfidf=False)
    compiled = CompiledLevelModel(*compile_level_model(pipeline))
    expected = pipeline.predict_proba(pipeline.frame(rows))  # type: ignore[attr-defined]
    assert np.abs(compiled.predict_proba(rows) - expected).max() <= 1e-9


def test_unsupported_estimator_is_refused() -> None:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from interlang.models.classical import MedianImputer
    from interlang.models.compiling import compile_level_model

    rows, texts, y = _synthetic(seed=2)
    pipe = Pipeline([("impute", MedianImputer()), ("scale", StandardScaler()),
                     ("clf", RandomForestClassifier(n_estimators=5, random_state=0))])
    pipeline = _level_pipeline(pipe, rows, texts, y, tfidf=False)
    with pytest.raises(ModelError, match="RandomForestClassifier is not supported"):
        compile_level_model(pipeline)
    with pytest.raises(ModelError, match="cannot compile"):
        compile_level_model(object())
