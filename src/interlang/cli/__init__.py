"""The ``interlang`` command: thin wrappers that parse arguments, call the packages, print."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from interlang import __version__
from interlang.errors import EmptyTextError, InputError, InterlangError

app = typer.Typer(
    name="interlang",
    help="Learner-language toolkit: CEFR level, native language, text features.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="Read corpora and describe them.", no_args_is_help=True)
lexicon_app = typer.Typer(help="Build and inspect the CEFR lexicons.", no_args_is_help=True)
train_app = typer.Typer(help="Train models from a corpus.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
app.add_typer(lexicon_app, name="lexicon")
app.add_typer(train_app, name="train")
experiment_app = typer.Typer(help="Run a whole experiment with one command.", no_args_is_help=True)
app.add_typer(experiment_app, name="experiment")

console = Console()
err_console = Console(stderr=True)

#: Uploads/files larger than this are refused before reading them whole.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def read_text_input(source: str, encoding: str = "utf-8") -> str:
    """Read a file (or ``-`` for stdin) and decode it, naming the file and offset on failure."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError("is a directory", source=source)
        if not path.is_file():
            raise InputError("no such file", source=source)
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(
                f"file is {path.stat().st_size:,} bytes; the limit is {MAX_INPUT_BYTES:,}", source=source
            )
        data = path.read_bytes()
        name = source
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input exceeds the limit of {MAX_INPUT_BYTES:,} bytes", source=name)
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file or pass --encoding (e.g. cp1252, latin-1)",
            source=name,
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", source=name) from None
    if not text.strip():
        raise EmptyTextError("the text is empty", source=name)
    return text


def one_line(message: str) -> str:
    """``message`` as ONE physical line: newlines and tabs become spaces (never wrapped)."""
    return " ".join(str(message).split())


def print_error(message: str) -> None:
    """``error: …`` on stderr as one unwrapped line, no markup interpretation of user paths."""
    sys.stderr.write(f"error: {one_line(message)}\n")
    sys.stderr.flush()


def print_warning(message: str, *, stderr: bool = False) -> None:
    """``warning: …`` as one unwrapped line (stdout with the report, or stderr)."""
    stream = sys.stderr if stderr else sys.stdout
    stream.write(f"warning: {one_line(message)}\n")
    stream.flush()


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit in {"count", "words", "sentences", "tokens"} and float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.3f}" if abs(value) < 1000 else f"{value:,.1f}"


@app.command()
def analyze(
    source: Annotated[str | None, typer.Argument(help="Text file to analyse, or - for stdin.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language code (de, en, el); detected when omitted.")] = None,
    sample: Annotated[str | None, typer.Option("--sample", help="Analyse the shipped sample text of this language.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of the input file.")] = "utf-8",
    backend: Annotated[str | None, typer.Option("--backend", help="Text backend (default: the shipped pipeline).")] = None,
    model: Annotated[list[str] | None, typer.Option("--model", "-m", help="A level, L1, transformer, embeddings or LLM bundle (name or path) to use as well; repeatable.")] = None,
    details: Annotated[bool, typer.Option("--details", help="Add the full feature tables, vocabulary profile and reason weights.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="One line for scripts: 'de  level B1 0.62 (runner-up A2 0.30)  L1 ru 0.41, uk 0.22, pl 0.10'.")] = False,
) -> None:
    """Analyse one text: the level and L1 guess first, with plain-language reasons.

    By default: the answer (proficiency level with confidence and runner-up, L1 top-3) and 3-5
    reasons. --details adds every feature group, the vocabulary profile and the reason weights;
    --json prints everything as one object; --quiet prints one line.
    """
    from interlang.analysis import analyze as run_analysis
    from interlang.analysis import sample_text

    if sample is not None:
        if source is not None:
            raise InputError("give either a file or --sample, not both")
        text = sample_text(sample)
        lang = lang or sample
    elif source is None:
        raise InputError("give a file to analyse, - for stdin, or --sample de|en|el")
    else:
        text = read_text_input(source, encoding)
    if quiet and (as_json or details):
        raise InputError("give --quiet alone, not with --json or --details")
    try:
        result = run_analysis(text, lang=lang, backend=backend)
    except InputError as exc:
        if exc.source is not None or source is None:
            raise
        raise InputError(exc.reason, source="<stdin>" if source == "-" else source) from None
    predictions = [_predict_with(name, result) for name in model or []]
    if as_json:
        out = result.to_dict()
        if predictions:
            out["models"] = predictions
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from interlang.cli.view import print_answer, quiet_line

    if quiet:
        for warning in result.warnings:
            print_warning(warning, stderr=True)
        typer.echo(quiet_line(result, predictions))
        return
    print_answer(result)
    if details:
        _print_analysis(result)
    for prediction in predictions:
        _print_model_prediction(prediction)


def _predict_with(name: str, result: Any) -> dict[str, Any]:
    """``analyze --model``: one more model's view of the analysed text (any family)."""
    from interlang.models.bundle import Bundle
    from interlang.models.families import is_text_family, load_text_model
    from interlang.models.shipped import resolve

    bundle = Bundle.load(resolve(name), load_estimator=False)
    if bundle.language and str(bundle.language)[:2] != result.lang[:2]:
        raise InputError(f"model {bundle.name} is for {bundle.language!r}, the text is {result.lang!r}")
    if is_text_family(bundle):
        text_model = load_text_model(bundle)
        proba = text_model.predict_proba([result.text])[0]
        labels = list(bundle.labels.labels)
        order = sorted(range(len(labels)), key=lambda i: -proba[i])
        return {"model": bundle.name, "task": bundle.task, "family": bundle.extra.get("family"),
                "label": labels[order[0]], "probabilities": {labels[i]: float(proba[i]) for i in order}}
    if bundle.task == "l1":
        from interlang.models.l1_predict import load_cached_l1

        guess = load_cached_l1(name).predict_text(result.text, result.lang, k=3, explain=True)
        return {"task": "l1", **guess}
    from interlang.models.predict import load_cached

    level = load_cached(name).predict_features(result.features.values, result.text).to_dict()
    return {"task": "level", **level}


def _print_model_prediction(prediction: dict[str, Any]) -> None:
    console.rule(f"model {prediction.get('model', '')}")
    if "family" in prediction:
        dist = "  ".join(f"{k} {v:.2f}" for k, v in list(prediction["probabilities"].items())[:6])
        console.print(f"[bold]{prediction['task']}[/bold] {prediction['label']} ({prediction['family']}) · {dist}")
    elif prediction["task"] == "l1":
        _print_l1(prediction)
    else:
        _print_level(prediction, "")


def _print_analysis(result: Any) -> None:
    from interlang.features import FEATURES

    doc = result.doc
    console.print(
        f"[bold]Language[/bold] {result.lang} ({result.lang_source}) · backend {doc.backend} · "
        f"{len(doc.words)} words · {len(doc.sentences)} sentences"
    )
    for warning in result.warnings:
        print_warning(warning)
    for group, values in result.features.by_group().items():
        table = Table(title=group.replace("_", " "), title_justify="left", show_header=True)
        table.add_column("feature")
        table.add_column("value", justify="right")
        table.add_column("unit")
        table.add_column("description / why unavailable", overflow="fold")
        for name, value in values.items():
            feature = FEATURES[name]
            reason = result.features.unavailable.get(name)
            table.add_row(
                name,
                _fmt(value, feature.unit),
                feature.unit,
                f"[dim]{reason}[/dim]" if reason else feature.description,
            )
        console.print(table)
    _print_level(result.level, result.lang)
    _print_l1(result.l1)
    if result.vocabulary_profile:
        table = Table(title="vocabulary profile (words per level)", title_justify="left")
        table.add_column("level")
        table.add_column("n", justify="right")
        table.add_column("words", overflow="fold")
        for level, words in result.vocabulary_profile.items():
            shown = ", ".join(sorted(set(words))[:25]) + (" …" if len(set(words)) > 25 else "")
            table.add_row(level, str(len(words)), shown)
        console.print(table)


def _print_level(level: dict[str, Any] | None, lang: str) -> None:
    """The level block of ``analyze``: level, confidence, hint, distribution, reasons."""
    if level is None:
        console.print(f"[dim]Level: no shipped level model for {lang!r}; features only.[/dim]")
        return
    hint = f" · {level['adjacent']}" if level.get("adjacent") else ""
    console.print(
        f"[bold]Level[/bold] {level['level']} (confidence {level['confidence']:.2f}{hint}) · model {level['model']}"
    )
    if level.get("note"):
        console.print(f"[dim]{level['note']}[/dim]")
    dist = "  ".join(f"{k} {v:.2f}" for k, v in level["probabilities"].items())
    console.print(f"  distribution: {dist}")
    reasons = level.get("reasons") or []
    if reasons:
        table = Table(title=f"why {level['level']} (top reasons, {level.get('reason_method')})", title_justify="left")
        for col in ("feature", "value", "contribution"):
            table.add_column(col, justify="left" if col == "feature" else "right")
        for r in reasons:
            contribution = r.get("contribution")
            table.add_row(
                str(r.get("feature")),
                _fmt(r.get("value")) if r.get("value") is not None else str(r.get("level", "n/a")),
                f"{contribution:+.3f}" if isinstance(contribution, float) else str(r.get("detail", "")),
            )
        console.print(table)


def _highlighted(text: str, spans: list[dict[str, Any]], *, context: int | None = 40, limit: int = 5) -> list[str]:
    """Rich-markup lines showing ``spans`` of ``text`` highlighted (in context, or the whole text)."""
    from rich.markup import escape

    if context is None:
        out, last = [], 0
        for span in sorted(spans, key=lambda s: s["start"]):
            if span["start"] < last:
                continue
            out.append(escape(text[last : span["start"]]))
            out.append(f"[reverse]{escape(text[span['start'] : span['end']])}[/reverse]")
            last = span["end"]
        out.append(escape(text[last:]))
        return ["".join(out)]
    lines, seen = [], set()
    for span in spans:
        word = span["span"].lower()
        if word in seen:
            continue
        seen.add(word)
        start, end = span["start"], span["end"]
        left = " ".join(text[max(0, start - context) : start].split())
        right = " ".join(text[end : end + context].split())
        lines.append(f"…{escape(left)} [reverse]{escape(text[start:end])}[/reverse] {escape(right)}… ({span['weight']:+.3f})")
        if len(lines) >= limit:
            break
    return lines


def _print_l1(l1: dict[str, Any] | None) -> None:
    """The L1 block of ``analyze``: top-3 with probabilities, the too-short note, the evidence."""
    if l1 is None:
        return
    top = "  ".join(f"{label} {p:.2f}" for label, p in l1["top"])
    console.print(f"[bold]Native language (L1) guess[/bold] {top} · model {l1.get('model', '')} "
                  "[dim](meaningful for learner texts only)[/dim]")
    if l1.get("too_short"):
        console.print(f"[yellow]  {l1['note']}[/yellow]")
    evidence = l1.get("evidence")
    if evidence and evidence.get("spans"):
        console.print(f"  words that point to {evidence['label']} (text as the model sees it, place names masked):")
        for line in _highlighted(evidence["text"], evidence["spans"]):
            console.print("    " + line, highlight=False)


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
    from interlang.models.families import TRAINERS

    if model in TRAINERS:
        _train_text_family("level", model, corpus, out, data_dir, seed, overwrite, base, preset, endpoint, gguf, option)
        return
    from interlang.models.train import train_level

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
    console.print(f"wrote {out}")


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
    from interlang.models.families import TRAINERS
    from interlang.models.ngram import MIN_TEXTS_PER_L1, compact_estimator, train_l1

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
    compact_estimator(bundle.estimator)
    bundle.save(out, overwrite=overwrite)
    from interlang.errors import ModelError
    from interlang.models.compiled_ngram import add_compiled_ngram

    try:  # the numpy-only form for fast single-text prediction (char/word n-gram models)
        add_compiled_ngram(out, ["A short check text.", "Another one,  with   spacing and punctuation!!"])
    except ModelError as exc:
        console.print(f"[dim]no compiled form: {exc}[/dim]")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) if out.is_dir() else out.stat().st_size
    info = bundle.corpora[0]
    console.print(f"{bundle.name}: {len(bundle.labels)} L1s from {info.n_records} texts of {info.name} · model {model}")
    console.print(f"L1s: {', '.join(bundle.labels.labels)}")
    dropped = bundle.extra.get("dropped") or {}
    console.print(f"dropped (< {min_texts} texts or no L1): {', '.join(f'{k} {v}' for k, v in dropped.items()) or 'none'}")
    console.print(f"cleaning: {_clean_summary(bundle.extra.get('cleaning') or {})}")
    console.print(f"data use: {bundle.extra.get('data_use')}")
    console.print(f"wrote {out} ({size / 1e6:.2f} MB)")


def _parse_options(pairs: list[str] | None) -> dict[str, Any]:
    """``key=value`` pairs → options; numbers and true/false are converted."""
    options: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--option expects key=value, got {pair!r}")
        value: Any = raw
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        else:
            for cast in (int, float):
                try:
                    value = cast(raw)
                    break
                except ValueError:
                    continue
        options[key.strip().replace("-", "_")] = value
    return options


def _train_text_family(
    task: str, family: str, corpus: str, out: Path, data_dir: Path | None, seed: int, overwrite: bool,
    base: str | None, preset: str | None, endpoint: str | None, gguf: Path | None, option: list[str] | None,
) -> None:
    """``interlang train level|l1 --model transformer|embeddings|llm``."""
    from interlang.models.families import train_family

    if out.exists() and not overwrite:
        raise InputError(f"{out} already exists; pass --overwrite to replace it")
    options = _parse_options(option)
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
    console.print(f"wrote {out}")


def _clean_summary(report: dict[str, Any]) -> str:
    dropped = ", ".join(f"{k} {v}" for k, v in sorted((report.get("dropped") or {}).items())) or "none"
    masked = ", ".join(f"{k} {v}" for k, v in sorted((report.get("masked") or {}).items())) or "none"
    return (
        f"{report.get('n_in', 0)} rows in, {report.get('n_out', 0)} out; broken rows dropped: {dropped}; "
        f"duplicates: {report.get('exact_duplicates', 0)} exact, {report.get('near_duplicates', 0)} near; "
        f"masked: {masked} (in {report.get('texts_masked', 0)} texts)"
    )


@app.command("clean")
def clean_cmd(
    corpus: Annotated[str, typer.Argument(help="Corpus name (icle500, merlin-de, efcamdat, …) or file/folder.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Cleaned records as JSONL (one record per line).")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the public corpora.")] = None,
    mask: Annotated[bool, typer.Option("--mask/--no-mask", help="Mask countries, cities, nationalities and language names.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the cleaning report as JSON.")] = False,
) -> None:
    """Clean a corpus for NLI: drop broken rows and duplicates, normalise punctuation, mask give-aways."""
    from interlang.corpora import read_corpus
    from interlang.corpora.clean import clean_records

    if out.suffix.lower() != ".jsonl":
        raise InputError("--out must be a .jsonl file", source=str(out))
    records, read_report = read_corpus(corpus, data_dir=data_dir)
    cleaned, report = clean_records(records, mask=mask)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for r in cleaned:
            row = {k: v for k, v in r.metadata.items() if k not in ("split",)}
            row.update({
                "id": r.id, "text": r.text, "language": r.language, "cefr": r.cefr, "l1": r.l1,
                "writer_id": r.writer_id, "prompt_id": r.prompt_id, "split": r.split,
            })
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    data = report.to_json()
    if as_json:
        typer.echo(json.dumps({**data, "out": str(out), "read_skipped": len(read_report.skipped)}, ensure_ascii=False))
        return
    table = Table(title=f"cleaning {read_report.corpus}", title_justify="left")
    table.add_column("step")
    table.add_column("count", justify="right")
    table.add_row("rows in", str(report.n_in))
    for reason, n in sorted(report.dropped.items()):
        table.add_row(f"dropped: {reason}", str(n))
    table.add_row("exact duplicates dropped", str(report.exact_duplicates))
    table.add_row("near duplicates dropped", str(report.near_duplicates))
    for category, n in sorted(report.masked.items()):
        table.add_row(f"masked: {category}", str(n))
    table.add_row("texts with masking", str(report.texts_masked))
    table.add_row("rows out", str(report.n_out))
    console.print(table)
    if not mask:
        console.print("[yellow]masking off:[/yellow] country, city, nationality and language names are kept")
    if read_report.skipped:
        console.print(f"[yellow]{len(read_report.skipped)} row(s) skipped while reading[/yellow]")
    console.print(f"wrote {report.n_out} records to {out}")


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
    from interlang.evaluation.experiment import nli_experiment

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
    console.print(f"cleaning: {_clean_summary(result.cleaning)}")
    if result.dropped:
        console.print(f"dropped L1s (< {min_texts} texts or no L1): " + ", ".join(f"{k} {v}" for k, v in result.dropped.items()))
    console.print("wrote " + ", ".join(result.files))


@app.command("evaluate")
def evaluate_cmd(
    model: Annotated[str, typer.Option("--model", "-m", help="Shipped model name (level-de, level-en, l1-en, l1-de) or bundle path.")],
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="Corpus name or folder (every split file in it is read).")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the corpora.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for feature extraction.")] = 2,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for the CIs (0 = none).")] = 1000,
) -> None:
    """Score a level or L1 model on a corpus: metrics, per-class scores, confusion matrix, calibration.

    Gold labels outside the model's label set are excluded and counted per label; L1 models add
    top-1/3/5 and top-k per L1.
    """
    from interlang.evaluation.run import evaluate_model

    result = evaluate_model(model, corpus, data_dir, n_jobs=jobs, n_bootstrap=bootstrap)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    console.print(result.to_markdown())


@app.command("explain")
def explain_cmd(
    source: Annotated[str, typer.Argument(help="A text, or a file to read (- for stdin).")],
    model: Annotated[str | None, typer.Option("--model", "-m", help="Level model name or bundle path (default: the shipped one for the language).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language of the text (default: the model's).")] = None,
    top: Annotated[int, typer.Option("--top", help="Number of reasons.")] = 10,
    method: Annotated[str, typer.Option("--method", help="auto, tree, kernel, linear or occlusion.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Explain one text's predicted level: the features that pushed it there (SHAP or fallback)."""
    from interlang.errors import ModelError
    from interlang.models.predict import LevelPredictor
    from interlang.models.shipped import default_level_model

    text = read_text_input(source) if source == "-" or _is_file(source) else source
    if model is None:
        from interlang.text.langid import detect

        code = lang or detect(text).lang
        model = default_level_model(code) if code else None
        if model is None:
            raise ModelError(f"no shipped level model for {code!r}; pass --model")
    from interlang.models.bundle import Bundle
    from interlang.models.families import is_text_family
    from interlang.models.shipped import resolve

    meta = Bundle.load(resolve(model), load_estimator=False)
    if is_text_family(meta):
        _explain_text_model(meta, text, top, as_json)
        return
    if meta.task == "l1":
        _explain_l1(model, text, lang, top, as_json)
        return
    predictor = LevelPredictor.load(model)
    values = _features_of(text, lang or predictor.language)
    prediction = predictor.predict_features(values, text, top=top, method=method)
    if as_json:
        typer.echo(json.dumps(prediction.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_level(prediction.to_dict(), lang or predictor.language or "")


def _is_file(source: str) -> bool:
    """Whether ``source`` names a file (a long inline text is not a path: no OSError)."""
    try:
        return "\n" not in source and Path(source).is_file()
    except (OSError, ValueError):
        return False


def _explain_l1(model: str, text: str, lang: str | None, top: int, as_json: bool) -> None:
    """``explain --model l1-…``: top-3, the words that point to the top L1, its n-grams."""
    from interlang.explain.ngram import indicative_ngrams
    from interlang.models.l1_predict import L1Predictor

    predictor = L1Predictor.load(model)
    result = predictor.predict_text(text, lang, k=3, explain=True, top_spans=top)
    if predictor.compiled is not None:
        label = result["top"][0][0]
        result["indicative_ngrams"] = indicative_ngrams(predictor.compiled, [label], k=top)[label]
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print_l1(result)
    if result.get("evidence"):
        console.print("  the whole text, strongest evidence highlighted:")
        for line in _highlighted(result["evidence"]["text"], result["evidence"]["spans"], context=None):
            console.print("    " + line, highlight=False)
    if result.get("indicative_ngrams"):
        table = Table(title=f"n-grams that most set {result['top'][0][0]} apart (whole model)", title_justify="left")
        for col in ("family", "n-gram", "weight"):
            table.add_column(col)
        for row in result["indicative_ngrams"]:
            table.add_row(row["family"], repr(row["ngram"]), f"{row['weight']:+.3f}")
        console.print(table)


def _explain_text_model(bundle: Any, text: str, top: int, as_json: bool) -> None:
    """``explain --model BUNDLE`` for transformer / embedding / LLM bundles."""
    from interlang.models.families import load_text_model

    model = load_text_model(bundle)
    proba = model.predict_proba([text])[0]
    labels = list(bundle.labels.labels)
    order = sorted(range(len(labels)), key=lambda i: -proba[i])
    spans = model.explain_text(text, top=top)
    result = {"model": bundle.name, "task": bundle.task, "label": labels[order[0]],
              "probabilities": {labels[i]: float(proba[i]) for i in order}, "evidence": spans}
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    dist = "  ".join(f"{labels[i]} {proba[i]:.2f}" for i in order[:6])
    console.print(f"[bold]{bundle.task}[/bold] {labels[order[0]]} · model {bundle.name} · {dist}")
    if spans:
        console.print(f"  spans that pushed it towards {labels[order[0]]}:")
        for line in _highlighted(text, [s for s in spans if s.get("weight", 0) > 0] or spans):
            console.print("    " + line, highlight=False)


def _features_of(text: str, lang: str | None) -> dict[str, float]:
    from interlang.features import extract
    from interlang.text import parse

    if lang is None:
        raise InputError("pass --lang")
    return dict(extract(parse(text, lang)).values)


@app.command()
def features(
    corpus: Annotated[str | None, typer.Argument(help="Corpus name (e.g. merlin-de) or path to a corpus folder/file.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List every feature with group, unit and description.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output table (.parquet, .csv or .jsonl).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Override the records' language.")] = None,
    group: Annotated[str | None, typer.Option("--group", help="With --list: only this group.")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the public corpora (default: $INTERLANG_DATA or ../shared/data).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N records.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="With --list: print JSON.")] = False,
) -> None:
    """List the features (--list) or compute them for a whole corpus (--out)."""
    if list_:
        _list_features(lang, group, as_json)
        return
    if corpus is None:
        raise InputError("give a corpus name or path, or --list")
    if out is None:
        raise InputError("give --out FILE (.parquet, .csv or .jsonl)")
    from interlang.batch import extract_features
    from interlang.corpora import read_corpus

    records, report = read_corpus(corpus, data_dir=data_dir)
    if limit is not None:
        records = records[:limit]
    err_console.print(f"read {report.summary()}")
    result = extract_features(records, lang=lang, n_jobs=jobs, progress=True)
    _write_table(result.frame, out)
    console.print(f"wrote {len(result.frame)} rows × {result.frame.shape[1]} columns to {out}")
    skipped = list(report.skipped) + list(result.skipped)
    if skipped:
        console.print(f"[yellow]{len(skipped)} skipped[/yellow] ({len(report.skipped)} while reading, {len(result.skipped)} while analysing):")
        for row in skipped[:20]:
            console.print(f"  {row}")
        if len(skipped) > 20:
            console.print(f"  … and {len(skipped) - 20} more")
    else:
        console.print("no rows skipped")


def _list_features(lang: str | None, group: str | None, as_json: bool) -> None:
    from interlang.features import list_features

    feats = list_features(group=group, lang=lang)
    if as_json:
        typer.echo(json.dumps([
            {"name": f.name, "group": f.group, "unit": f.unit, "description": f.description,
             "languages": sorted(f.languages) if f.languages else "all"} for f in feats
        ], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(feats)} features", title_justify="left")
    for col in ("name", "group", "unit", "languages", "description"):
        table.add_column(col, overflow="fold")
    for f in feats:
        table.add_row(f.name, f.group, f.unit, ",".join(sorted(f.languages)) if f.languages else "all", f.description)
    console.print(table)
    console.print("[dim]plus 50 fitted TF-IDF→PCA components (tfidf_pc01…) inside model pipelines[/dim]")


def _write_table(frame: Any, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix == ".parquet":
        frame.to_parquet(out, index=False)
    elif suffix == ".csv":
        frame.to_csv(out, index=False)
    elif suffix == ".jsonl":
        frame.to_json(out, orient="records", lines=True, force_ascii=False)
    else:
        raise InputError(f"unknown output format {suffix!r}; use .parquet, .csv or .jsonl", source=str(out))


@corpus_app.command("stats")
def corpus_stats(
    corpus: Annotated[str, typer.Argument(help="Corpus name (e.g. merlin-de) or path.")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the public corpora.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Counts per language, level, L1 and split; words per level; skipped rows."""
    from interlang.corpora import corpus_stats as compute_stats
    from interlang.corpora import read_corpus

    records, report = read_corpus(corpus, data_dir=data_dir)
    stats = compute_stats(records)
    stats["skipped"] = [str(s) for s in report.skipped]
    if as_json:
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2, default=str))
        return
    console.print(f"[bold]{report.summary()}[/bold]")
    for key, value in stats.items():
        if isinstance(value, dict) and value:
            table = Table(title=key, title_justify="left")
            table.add_column("value")
            table.add_column("count", justify="right")
            for k, v in value.items():
                table.add_row(str(k), _fmt(v) if isinstance(v, float) else str(v))
            console.print(table)
        elif not isinstance(value, (dict, list)):
            console.print(f"{key}: {value}")
    if report.skipped:
        console.print(f"[yellow]{len(report.skipped)} skipped rows[/yellow]")
        for row in report.skipped[:20]:
            console.print(f"  {row}")


@corpus_app.command("list")
def corpus_list() -> None:
    """The corpora interlang can read, with their licences."""
    from interlang.corpora import READERS

    table = Table(title="corpora", title_justify="left")
    for col in ("name", "languages", "description", "licence"):
        table.add_column(col, overflow="fold")
    for name, spec in READERS.items():
        table.add_row(name, ",".join(getattr(spec, "languages", ()) or ()), getattr(spec, "description", ""), getattr(spec, "licence", ""))
    console.print(table)


@lexicon_app.command("build")
def lexicon_build(
    lang: Annotated[str, typer.Option("--lang", "-l", help="de, en or el.")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder with aux-wordlists/.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Where to write the lexicon (default: the package's data folder).")] = None,
) -> None:
    """Build the CEFR lexicon of a language from seed lists and frequency bands."""
    from interlang.lexicon import build

    info = build(lang, data_dir=data_dir, out_dir=out_dir)
    console.print(info)


# ------------------------------------------------------------------------------- workbench
users_app = typer.Typer(help="Workbench user accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@app.command("serve")
def serve_cmd(
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: SQLite workbench.db in the interlang home folder; or postgresql://user:pass@host/db).")] = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Start the CEFR workbench (web UI at /, API at /api, docs at /docs); needs the [web] extra."""
    from interlang.workbench.app import create_app
    from interlang.workbench.config import WorkbenchSettings

    try:
        import uvicorn
    except ImportError:
        from interlang.errors import MissingExtra

        raise MissingExtra("uvicorn", "web") from None
    application = create_app(WorkbenchSettings(db_url=db))
    err_console.print(f"workbench on http://{host}:{port}/ (API docs: /docs)", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="info")


@users_app.command("create")
def users_create_cmd(
    username: Annotated[str, typer.Option("--username", help="Login name.")],
    role: Annotated[str, typer.Option("--role", help="admin, reviewer or annotator.")] = "annotator",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin (first line).")] = False,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: the SQLite workbench.db).")] = None,
) -> None:
    """Create a workbench account (the first one: --role admin)."""
    from interlang.workbench.db.engine import make_engine, session_factory, upgrade
    from interlang.workbench.errors import WorkbenchError
    from interlang.workbench.service import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    engine = make_engine(db)
    upgrade(engine)
    try:
        with session_factory(engine)() as session:
            user = create_user(session, username, password, role)
            typer.echo(f"created {user.role} {user.username!r} (id {user.id})")
    except WorkbenchError as exc:
        raise InputError(exc.message) from None
    finally:
        engine.dispose()


@app.command("score")
def score_cmd(
    source: Annotated[str, typer.Argument(help="Corpus name, or a CSV/TSV/JSONL file, a folder of them, or .txt file(s).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Results file (.jsonl, .csv or .parquet), one row per scored text.")],
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language of every text (default: the records' own, else detected).")] = None,
    runner: Annotated[str, typer.Option("--runner", help="local (process pool) or dask (Dask distributed).")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="With --runner dask: scheduler address (tcp://host:8786); default: a LocalCluster.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (local) or LocalCluster workers (dask); default: all cores.")] = None,
    with_features: Annotated[bool, typer.Option("--features", help="Add every feature value as a column.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N records.")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder of the public corpora.")] = None,
    skipped_out: Annotated[Path | None, typer.Option("--skipped", help="Skip report CSV (default: OUT's name + .skipped.csv when anything is skipped).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Score many texts (CEFR level + L1 top-3) into a results file; bad rows are skipped and reported."""
    import itertools

    from interlang.batch.score import SkippedRecord, iter_inputs, score_records, write_skipped
    from interlang.corpora._io import CorpusReport

    if runner not in ("local", "dask"):
        raise InputError(f"unknown runner {runner!r}; choose local or dask")
    if scheduler is not None and runner != "dask":
        raise InputError("--scheduler needs --runner dask")
    report = CorpusReport(source)
    records = iter_inputs(source, data_dir=data_dir, lang=lang, report=report)
    if limit is not None:
        records = itertools.islice(records, limit)
    result = score_records(records, out=out, runner="dask" if runner == "dask" else "local", n_jobs=jobs, scheduler=scheduler,
                           lang=lang, features=with_features, progress=not as_json)
    skipped = [SkippedRecord(None, s.source, s.row, s.reason, stage="read") for s in report.skipped]
    skipped += result.skipped
    report_path = None
    if skipped:
        report_path = write_skipped(skipped_out or out.with_name(out.name + ".skipped.csv"), skipped)
    summary = {**result.summary(), "n_skipped": len(skipped), "n_skipped_reading": len(report.skipped),
               "skipped_report": str(report_path) if report_path else None,
               "first_skipped": [str(s) for s in skipped[:10]]}
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    console.print(f"scored {result.n_scored} text(s) in {result.seconds:.1f} s "
                  f"({result.texts_per_second:.2f} texts/s, runner {runner}); wrote {out}", soft_wrap=True)
    if result.levels:
        console.print("levels: " + ", ".join(f"{k} {v}" for k, v in result.levels.items()))
    if skipped:
        console.print(f"[yellow]{len(skipped)} skipped[/yellow] ({len(report.skipped)} while reading, "
                      f"{len(result.skipped)} while scoring); report: {report_path}", soft_wrap=True)
        for row in skipped[:10]:
            console.print(f"  {row}", highlight=False, soft_wrap=True)
        if len(skipped) > 10:
            console.print(f"  … and {len(skipped) - 10} more")


@app.command()
def version() -> None:
    """Print the interlang version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user mistakes become one clear line and exit code 2, never a traceback."""
    try:
        app(args=argv, prog_name="interlang")
    except InterlangError as exc:
        print_error(str(exc))
        raise SystemExit(2) from None
