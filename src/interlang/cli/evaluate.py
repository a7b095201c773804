"""``interlang evaluate`` and ``interlang experiment nli``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from interlang.cli.render import (
    clean_summary,
    console,
)
from interlang.cli.root import app, experiment_app
from interlang.errors import InputError, InterlangError


@experiment_app.command("nli")
def experiment_nli_cmd(
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="efcamdat (under --data-dir), another corpus name, or an EFCAMDAT-format CSV/folder.")] = "efcamdat",
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder holding efcamdat/ (and the other corpora).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for report.json, report.md and the confusion PNGs.")] = Path("nli-experiment"),
    model: Annotated[str, typer.Option("--model", "-m", help="plain, plain-svm, stacked, stacked-full or baseline.")] = "plain-svm",
    min_texts: Annotated[int, typer.Option("--min-texts", help="Drop L1s with fewer texts.")] = 20,
    test_size: Annotated[float, typer.Option("--test-size", help="Share of writers held out for testing.")] = 0.2,
    balance: Annotated[str, typer.Option("--balance", help="downsample (the paper's choice), weights or none.")] = "downsample",
    max_features: Annotated[int | None, typer.Option("--max-features", help="Cap on n-grams per feature family.")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 13,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """The seed NLI experiment: clean → split by writer → n-gram model → report with per-CEFR accuracy."""
    from interlang.tasks.nli_experiment import nli_experiment

    if balance not in ("downsample", "weights", "none"):
        raise InputError(f"--balance must be downsample, weights or none, not {balance!r}")
    try:
        result = nli_experiment(
            corpus, data_dir, out, model=model, min_texts=min_texts, test_size=test_size,
            balance=None if balance == "none" else balance, max_features=max_features, seed=seed,
        )
    except ValueError as exc:  # unknown model name
        if isinstance(exc, InterlangError):
            raise
        raise InputError(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    for line in result.summary_lines():
        console.print(line, highlight=False)
    console.print(f"cleaning: {clean_summary(result.cleaning)}")
    if result.dropped:
        console.print(f"dropped L1s (< {min_texts} texts or no L1): " + ", ".join(f"{k} {v}" for k, v in result.dropped.items()))
    console.print("wrote " + ", ".join(result.files))


@app.command("evaluate")
def evaluate_cmd(
    model: Annotated[str, typer.Option("--model", "-m", help="Shipped model name (difficulty-en, difficulty-de, difficulty-multi, level-de, level-en, l1-en, l1-de) or bundle path.")],
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="Corpus name or folder (every split file in it is read).")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the corpora.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for feature extraction.")] = 2,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for the CIs (0 = none).")] = 1000,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Only the records in this language (multilingual corpora such as readme-plusplus).")] = None,
) -> None:
    """Score a difficulty, proficiency or L1 model on a corpus: metrics, per-class scores, confusion
    matrix, calibration; ordinal tasks add Pearson/Spearman of the expected level.

    Gold labels outside the model's label set are excluded and counted per label; L1 models add
    top-1/3/5 and top-k per L1.
    """
    from interlang.tasks.evaluate import evaluate_model

    result = evaluate_model(model, corpus, data_dir, n_jobs=jobs, n_bootstrap=bootstrap, lang=lang)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    console.print(result.to_markdown())
