"""`interlang train level / evaluate / explain` and the level block of `analyze`."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interlang.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus_and_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("tt", Path(__file__).parent.parent / "tasks" / "test_level_training.py")
    assert spec and spec.loader
    tt = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tt)
    root = tmp_path_factory.mktemp("cli")
    corpus = tt._corpus(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = tt.train_level(str(corpus), "logreg", cache=root / "cache", n_jobs=1, tfidf=False,
                                param_grid={"C": [1.0]}, n_bootstrap=0)
    bundle = result.bundle.save(root / "bundle")
    return corpus, bundle


def test_evaluate_json_has_the_required_keys(corpus_and_bundle: tuple[Path, Path]) -> None:
    corpus, bundle = corpus_and_bundle
    # one record with a level outside the model's label set must be excluded, not crash
    with corpus.open("a", encoding="utf-8") as fh:
        fh.write('z1,"Extraordinarily sophisticated prose.",C2,en\n')
    res = runner.invoke(app, ["evaluate", "--model", str(bundle), "--corpus", str(corpus), "--json", "--bootstrap", "0"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for key in ("n", "accuracy", "macro_f1", "weighted_f1", "adjacent_accuracy", "qwk", "ece", "mce", "brier"):
        assert key in data
    assert data["n"] == 30 and data["excluded"] == {"C2": 1}


def test_explain_prints_reasons(corpus_and_bundle: tuple[Path, Path]) -> None:
    _, bundle = corpus_and_bundle
    res = runner.invoke(app, ["explain", "I like my cat. The sun is hot.", "--model", str(bundle), "--lang", "en", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["reasons"] and data["reason_method"].startswith("linear")


def test_analyze_greek_has_no_level_and_does_not_break() -> None:
    res = runner.invoke(app, ["analyze", "--sample", "el"])
    assert res.exit_code == 0, res.output
    assert "no shipped level model" in res.output
