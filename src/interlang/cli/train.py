"""``interlang train level`` and ``interlang train l1``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from interlang.cli.inputs import parse_options
from interlang.cli.render import (
    clean_summary,
    console,
)
from interlang.cli.root import train_app
from interlang.errors import InputError, InterlangError

#: Options of the text-reading model families, shared by ``train level`` and ``train l1``.
BaseOption = Annotated[str | None, typer.Option("--base", help="transformer/embeddings: encoder folder or package alias (minilm).")]


PresetOption = Annotated[str | None, typer.Option("--preset", help="transformer: default, fast, accurate or cpu.")]


EndpointOption = Annotated[str | None, typer.Option("--endpoint", help="llm: OpenAI-compatible server URL.")]


GgufOption = Annotated[Path | None, typer.Option("--gguf", help="llm: local GGUF model file.")]


FamilyOptions = Annotated[list[str] | None, typer.Option("--option", help="Family option key=value (repeatable).")]


@train_app.command("level")
def train_level_cmd(
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="Corpus name (merlin-de, icle500, cefr-sp, onestopenglish) or folder.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Bundle directory (or .zip) to write.")],
    model: Annotated[str, typer.Option("--model", "-m", help="rules, rf, gb, svm, xgb, lgbm, logreg or ordinal.")] = "rf",
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the public corpora.")] = None,
    split: Annotated[str, typer.Option("--split", help="auto, stratified, writer, prompt or corpus.")] = "auto",
    tfidf: Annotated[int | None, typer.Option("--tfidf", help="TF-IDF→PCA components (0 = none; default 20 for feature models).")] = None,
    calibrate: Annotated[bool, typer.Option("--calibrate/--no-calibrate", help="Post-hoc calibration on dev (chosen by ECE).")] = True,
    seed: Annotated[int, typer.Option("--seed")] = 13,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.")] = 2,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing bundle.")] = False,
    base: BaseOption = None,
    preset: PresetOption = None,
    endpoint: EndpointOption = None,
    gguf: GgufOption = None,
    option: FamilyOptions = None,
) -> None:
    """Train a CEFR level model, calibrate it on dev, report on test, write a bundle.

    ``--model transformer|embeddings|llm`` trains a text-reading family instead of a feature model.
    """
    from interlang.tasks.families import TRAINERS

    if model in TRAINERS:
        _train_text_family("level", model, corpus, out, data_dir, seed, overwrite, base, preset, endpoint, gguf, option)
        return
    from interlang.tasks.level_training import train_level

    result = train_level(
        corpus, model, data_dir, split=split, calibrate=calibrate, seed=seed, n_jobs=jobs,
        tfidf=None if tfidf is None else tfidf > 0, tfidf_components=tfidf or 20,
    )
    result.bundle.save(out, overwrite=overwrite)
    before, after = result.calibration.get("test_before", {}), result.calibration.get("test_after", {})
    console.print(
        f"split {result.split} {result.sizes}; calibration {result.calibration.get('method', 'none')}: "
        f"test ECE {before.get('ece', float('nan')):.3f} → {after.get('ece', float('nan')):.3f}"
    )
    console.print(result.report.to_markdown())
    console.print(f"wrote {out}", markup=False, soft_wrap=True)


@train_app.command("l1")
def train_l1_cmd(
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="Corpus name (icle500, merlin-de, efcamdat) or file/folder with an L1 column.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Bundle directory (or .zip) to write.")],
    model: Annotated[str, typer.Option("--model", "-m", help="plain, plain-svm, stacked, stacked-full or baseline.")] = "plain-svm",
    min_texts: Annotated[int | None, typer.Option("--min-texts", help="Drop L1s with fewer texts (default 10 for icle500, else 20).")] = None,
    max_features: Annotated[int | None, typer.Option("--max-features", help="Cap on n-grams per feature family (smaller bundle).")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the public corpora.")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing bundle.")] = False,
    base: BaseOption = None,
    preset: PresetOption = None,
    endpoint: EndpointOption = None,
    gguf: GgufOption = None,
    option: FamilyOptions = None,
    seed: Annotated[int, typer.Option("--seed")] = 13,
) -> None:
    """Train a native-language (L1) model: clean, drop rare L1s, fit n-gram model, write a bundle.

    ``--model transformer|embeddings|llm`` trains a text-reading family instead.
    """
    from interlang.tasks.families import TRAINERS
    from interlang.tasks.l1_training import MIN_TEXTS_PER_L1, train_l1, write_ngram_bundle

    if out.exists() and not overwrite:
        raise InputError(f"{out} already exists; pass --overwrite to replace it")
    if model in TRAINERS:
        extra = [f"min_texts={min_texts}"] if min_texts is not None else []
        _train_text_family("l1", model, corpus, out, data_dir, seed, overwrite, base, preset, endpoint, gguf, [*(option or []), *extra])
        return
    if min_texts is None:
        min_texts = 10 if corpus == "icle500" else MIN_TEXTS_PER_L1
    params: dict[str, Any] = {} if max_features is None else {"max_features": max_features}
    try:
        bundle = train_l1(corpus, model=model, min_texts=min_texts, data_dir=str(data_dir) if data_dir else None, **params)
    except ValueError as exc:  # unknown model name or parameter
        if isinstance(exc, InterlangError):
            raise
        raise InputError(str(exc)) from None
    not_compiled = write_ngram_bundle(bundle, out, overwrite=overwrite)
    if not_compiled:
        console.print(f"[dim]no compiled form: {not_compiled}[/dim]")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) if out.is_dir() else out.stat().st_size
    info = bundle.corpora[0]
    console.print(f"{bundle.name}: {len(bundle.labels)} L1s from {info.n_records} texts of {info.name} · model {model}")
    console.print(f"L1s: {', '.join(bundle.labels.labels)}")
    dropped = bundle.extra.get("dropped") or {}
    console.print(f"dropped (< {min_texts} texts or no L1): {', '.join(f'{k} {v}' for k, v in dropped.items()) or 'none'}")
    console.print(f"cleaning: {clean_summary(bundle.extra.get('cleaning') or {})}")
    console.print(f"data use: {bundle.extra.get('data_use')}")
    console.print(f"wrote {out} ({size / 1e6:.2f} MB)", markup=False, soft_wrap=True)


def _train_text_family(
    task: str, family: str, corpus: str, out: Path, data_dir: Path | None, seed: int, overwrite: bool,
    base: str | None, preset: str | None, endpoint: str | None, gguf: Path | None, option: list[str] | None,
) -> None:
    """``interlang train level|l1 --model transformer|embeddings|llm``."""
    from interlang.tasks.families import train_family

    if out.exists() and not overwrite:
        raise InputError(f"{out} already exists; pass --overwrite to replace it")
    options = parse_options(option)
    for key, value in (("base", base), ("preset", preset), ("endpoint", endpoint), ("gguf", str(gguf) if gguf else None)):
        if value is not None:
            options[key] = value
    bundle = train_family(family, task, corpus, data_dir=data_dir, seed=seed, out=out, **options)
    bundle.save(out, overwrite=overwrite)
    console.print(f"{bundle.name}: {family} · {task} · labels {', '.join(bundle.labels.labels)}")
    test = (bundle.metrics or {}).get("test") or bundle.metrics or {}
    shown = {k: v for k, v in test.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    if shown:
        console.print("held-out: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in shown.items()))
    console.print(f"wrote {out}", markup=False, soft_wrap=True)


@train_app.command("difficulty")
def train_difficulty_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Bundle folder to write.")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder holding cefr-sp/ and readme-plusplus/.")] = None,
    name: Annotated[str, typer.Option("--name", help="Bundle name.")] = "difficulty-multi",
    language: Annotated[str | None, typer.Option("--language", help="Language the bundle is for (none: any).")] = None,
    langs: Annotated[str, typer.Option("--langs", help="ReadMe++ languages to train on, comma-separated ('' = CEFR-SP only).")] = "en,ar,fr,hi,ru",
    epochs: Annotated[int, typer.Option("--epochs", help="Fine-tuning epochs.")] = 3,
    policy: Annotated[str, typer.Option("--policy", help="CEFR-SP target: max (the higher annotator label) or both (half on each).")] = "max",
) -> None:
    """Fine-tune the sentence-difficulty model (multilingual e5-small + LoRA) on CEFR-SP and ReadMe++.

    Needs the [transformers] extra for training only; the bundle runs with NumPy. About 20-30
    minutes for 3 epochs on two CPU cores.
    """
    from interlang.tasks.difficulty_training import train_difficulty

    languages = tuple(x.strip() for x in langs.split(",") if x.strip())
    path = train_difficulty(out, data_dir=data_dir, name=name, language=language, languages=languages,
                            epochs=epochs, policy=policy)
    console.print(f"wrote {path}")
