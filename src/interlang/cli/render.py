"""Output of the commands: plain one-line errors and warnings, rich tables, the detail blocks."""

from __future__ import annotations

import math
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


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


def fmt(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit in {"count", "words", "sentences", "tokens"} and float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.3f}" if abs(value) < 1000 else f"{value:,.1f}"


def print_model_prediction(prediction: dict[str, Any]) -> None:
    console.rule(f"model {prediction.get('model', '')}")
    if "family" in prediction:
        dist = "  ".join(f"{k} {v:.2f}" for k, v in list(prediction["probabilities"].items())[:6])
        console.print(f"[bold]{prediction['task']}[/bold] {prediction['label']} ({prediction['family']}) · {dist}")
    elif prediction["task"] == "l1":
        print_l1(prediction)
    else:
        print_level(prediction, "")


def print_analysis(result: Any) -> None:
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
        table.add_column("description / why unavailable (name in --json)", overflow="fold")
        for name, value in values.items():
            feature = FEATURES[name]
            reason = result.features.unavailable.get(name)
            about = f"[dim]{escape(reason)}[/dim]" if reason else escape(feature.description)
            table.add_row(
                escape(feature.title),
                feature.format_value(value),
                f"{about} [dim]({name})[/dim]",
            )
        console.print(table)
    print_level(result.level, result.lang)
    print_l1(result.l1)
    if result.vocabulary_profile:
        table = Table(title="vocabulary profile (words per level)", title_justify="left")
        table.add_column("level")
        table.add_column("n", justify="right")
        table.add_column("words", overflow="fold")
        for level, words in result.vocabulary_profile.items():
            shown = ", ".join(sorted(set(words))[:25]) + (" …" if len(set(words)) > 25 else "")
            table.add_row(level, str(len(words)), shown)
        console.print(table)


def print_level(level: dict[str, Any] | None, lang: str) -> None:
    """The level block of ``analyze``: level, confidence, hint, distribution, reasons."""
    from interlang.features import FEATURES

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
            name, value = str(r.get("feature")), r.get("value")
            feature = FEATURES.get(name)
            if value is None:
                shown = str(r.get("level", "n/a"))
            else:
                shown = feature.format_value(float(value)) if feature is not None else fmt(value)
            table.add_row(
                escape(feature.title if feature is not None else name),
                shown,
                f"{contribution:+.3f}" if isinstance(contribution, float) else str(r.get("detail", "")),
            )
        console.print(table)


def highlighted(text: str, spans: list[dict[str, Any]], *, context: int | None = 40, limit: int = 5) -> list[str]:
    """Rich-markup lines showing ``spans`` of ``text`` highlighted (in context, or the whole text)."""
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


def print_l1(l1: dict[str, Any] | None) -> None:
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
        for line in highlighted(evidence["text"], evidence["spans"]):
            console.print("    " + line, highlight=False)


def clean_summary(report: dict[str, Any]) -> str:
    dropped = ", ".join(f"{k} {v}" for k, v in sorted((report.get("dropped") or {}).items())) or "none"
    masked = ", ".join(f"{k} {v}" for k, v in sorted((report.get("masked") or {}).items())) or "none"
    return (
        f"{report.get('n_in', 0)} rows in, {report.get('n_out', 0)} out; broken rows dropped: {dropped}; "
        f"duplicates: {report.get('exact_duplicates', 0)} exact, {report.get('near_duplicates', 0)} near; "
        f"masked: {masked} (in {report.get('texts_masked', 0)} texts)"
    )
