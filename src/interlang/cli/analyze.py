"""``interlang analyze`` and ``interlang explain``: one text, its level, L1 and reasons."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from interlang.cli.inputs import is_file, read_text_input
from interlang.cli.render import (
    console,
    highlighted,
    print_analysis,
    print_l1,
    print_level,
    print_model_prediction,
    print_warning,
)
from interlang.cli.root import app
from interlang.errors import InputError


@app.command()
def analyze(
    source: Annotated[str | None, typer.Argument(help="Text file to analyse, or - for stdin.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language code (de, en, el, it, cs); detected when omitted.")] = None,
    sample: Annotated[str | None, typer.Option("--sample", help="Analyse the shipped sample text of this language.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of the input file.")] = "utf-8",
    backend: Annotated[str | None, typer.Option("--backend", help="Text backend (default: the shipped pipeline).")] = None,
    model: Annotated[list[str] | None, typer.Option("--model", "-m", help="A level, L1, transformer, embeddings or LLM bundle (name or path) to use as well; repeatable.")] = None,
    details: Annotated[bool, typer.Option("--details", help="Add the full feature tables, vocabulary profile and reason weights.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="One line for scripts: 'de  difficulty B1 0.55  level B1 0.62 (runner-up A2 0.30)  L1 ru 0.41, uk 0.22, pl 0.10'.")] = False,
    learner: Annotated[bool, typer.Option("--learner/--reading", help="--learner (default): a learner wrote the text, so proficiency and L1 are shown too; --reading: any other text (news, textbook), reading difficulty only.")] = True,
    target: Annotated[str | None, typer.Option("--target", help="Mark the sentences and words above this level (A1-C2), for adapting the text to a reader.")] = None,
) -> None:
    """Analyse one text: how hard it is to read, and (for learner writing) its proficiency level
    and the writer's L1, with plain-language reasons.

    Two questions, always named: reading difficulty (any text) and proficiency (learner
    writing; skipped with --reading). --target B1 lists the sentences and words above B1.
    --details adds every feature group, the vocabulary profile and the reason weights;
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
        result = run_analysis(text, lang=lang, backend=backend, learner=learner)
    except InputError as exc:
        if exc.source is not None or source is None:
            raise
        raise InputError(exc.reason, source="<stdin>" if source == "-" else source) from None
    predictions = [_predict_with(name, result) for name in model or []]
    report = None
    if target is not None:
        from interlang.analysis.target import beyond_target

        report = beyond_target(result, target)
    if as_json:
        out = result.to_dict()
        if predictions:
            out["models"] = predictions
        if report is not None:
            out["target"] = report.to_dict()
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from interlang.cli.view import print_answer, print_target, quiet_line

    if quiet:
        for warning in result.warnings:
            print_warning(warning, stderr=True)
        typer.echo(quiet_line(result, predictions))
        return
    print_answer(result)
    if report is not None:
        print_target(report)
    if details:
        print_analysis(result)
    for prediction in predictions:
        print_model_prediction(prediction)


def _predict_with(name: str, result: Any) -> dict[str, Any]:
    """``analyze --model``: one more model's view of the analysed text (any family, one protocol)."""
    from interlang.analysis.predictors import load

    predictor = load(name)
    if predictor.language and predictor.language not in ("*", "multi") and predictor.language[:2] != result.lang[:2]:
        raise InputError(f"model {predictor.name} is for {predictor.language!r}, the text is {result.lang!r}")
    prediction = predictor.predict_analysed(result.doc, result.features.values, explain=True)
    return {"model": predictor.name, **prediction.to_dict(), "label": prediction.label,
            "wording": prediction.wording}


@app.command("explain")
def explain_cmd(
    source: Annotated[str, typer.Argument(help="A text, or a file to read (- for stdin).")],
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model name or bundle path (default: the shipped proficiency model for the language).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language of the text (default: the model's).")] = None,
    top: Annotated[int, typer.Option("--top", help="Number of reasons.")] = 10,
    method: Annotated[str, typer.Option("--method", help="auto, tree, kernel, linear or occlusion (feature models).")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Explain one text's prediction: the features or the spans of text that pushed it there."""
    from interlang.analysis.predictors import default_name, load
    from interlang.errors import ModelError

    text = read_text_input(source) if source == "-" or is_file(source) else source
    if model is None:
        from interlang.text.langid import detect

        code = lang or detect(text).lang
        model = default_name("level", code) if code else None
        if model is None:
            raise ModelError(f"no shipped level model for {code!r}; pass --model")
    predictor = load(model)
    prediction = predictor.explain(text, lang=lang, top=top, method=method)
    if as_json:
        payload = {"model": predictor.name, **prediction.to_dict(), "label": prediction.label}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    details = dict(prediction.details)
    if "reason_method" in details:  # a feature model: the features and their contributions
        print_level(details, lang or predictor.language or "")
    elif "evidence" in details and isinstance(details["evidence"], dict):  # compiled n-gram L1
        _print_l1_explanation(details)
    else:
        _print_spans(prediction, text)


def _print_l1_explanation(result: dict[str, Any]) -> None:
    print_l1(result)
    if result.get("evidence"):
        console.print("  the whole text, strongest evidence highlighted:")
        for line in highlighted(result["evidence"]["text"], result["evidence"]["spans"], context=None):
            console.print("    " + line, highlight=False)
    if result.get("indicative_ngrams"):
        table = Table(title=f"n-grams that most set {result['top'][0][0]} apart (whole model)", title_justify="left")
        for col in ("family", "n-gram", "weight"):
            table.add_column(col)
        for row in result["indicative_ngrams"]:
            table.add_row(row["family"], repr(row["ngram"]), f"{row['weight']:+.3f}")
        console.print(table)


def _print_spans(prediction: Any, text: str) -> None:
    """Transformer, embedding, LLM and difficulty models: the spans that carry the answer."""
    dist = "  ".join(f"{label} {p:.2f}" for label, p in prediction.top_k)
    console.print(f"[bold]{prediction.task}[/bold] {prediction.wording} · model {prediction.model.name} · {dist}")
    spans = [{"span": r.what, "weight": r.weight, "start": r.start, "end": r.end}
             for r in prediction.reasons if r.kind == "span" and r.start is not None]
    if spans:
        console.print(f"  spans that pushed it towards {prediction.label}:")
        for line in highlighted(text, [s for s in spans if s["weight"] > 0] or spans):
            console.print("    " + line, highlight=False)

