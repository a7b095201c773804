"""The answer block of ``interlang analyze``: level, L1 and plain-language reasons, 80 columns."""

from __future__ import annotations

import math
from typing import Any

import typer

#: The default view is readable in a terminal this wide.
WIDTH = 80
LEVEL_LABEL = "proficiency (learner writing)"
L1_LABEL = "L1 (native language)"
DIFFICULTY_LABEL = "reading difficulty"


def _fit(line: str, width: int = WIDTH) -> str:
    """Cut ``line`` to ``width`` characters (with an ellipsis) so the answer never wraps."""
    return line if len(line) <= width else line[: width - 1] + "…"


def _ranked(probabilities: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(probabilities.items(), key=lambda kv: -kv[1])


def level_summary(level: dict[str, Any]) -> tuple[str, float, str | None, float | None]:
    """(level as a reader should see it, confidence, runner-up, its probability) from a level
    prediction dict; a label at an open edge of the trained range reads "B1 or below"."""
    ranked = _ranked(level.get("probabilities") or {})
    runner = next(((k, p) for k, p in ranked if k != level["level"]), (None, None))
    edge = (level.get("range") or {}).get("edge")
    return edge or level["level"], float(level["confidence"]), runner[0], runner[1]


def difficulty_lines(difficulty: dict[str, Any] | None, lang: str) -> list[str]:
    """The reading-difficulty answer: level, expected level, runner-up and the hardest sentence."""
    if difficulty is None:
        return [f"{DIFFICULTY_LABEL}: no difficulty model for {lang!r}"]
    name, conf, runner, p = level_summary(difficulty)
    rest = f" · runner-up {runner} {p:.2f}" if runner is not None and p is not None else ""
    expected = difficulty.get("expected_level")
    scale = f" ({expected:.1f} on A1=1…C2=6)" if isinstance(expected, (int, float)) else ""
    return [f"{DIFFICULTY_LABEL}: {name}{scale}  confidence {conf:.2f}{rest}"]


def _title_value(name: str, value: float | None) -> str:
    from interlang.features import FEATURES

    feature = FEATURES.get(name) if hasattr(FEATURES, "get") else None
    if feature is None:
        shown = "n/a" if value is None else f"{value:.2f}"
        return f"{name.replace('_', ' ')}: {shown}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"{feature.title}: n/a"
    return f"{feature.title}: {feature.format_value(float(value))}"


def reasons(result: Any, limit: int = 5) -> list[str]:
    """3-5 plain-language reasons: the level model's strongest reasons, then telling features."""
    lines: list[str] = []
    level = result.level or {}
    for r in (level.get("reasons") or [])[:4]:
        name = r.get("feature")
        if not name:
            continue
        value = r.get("value")
        side = "for" if r.get("direction", "towards") == "towards" else "against"
        lines.append(f"{_title_value(str(name), value)} ({side} {level['level']})")
    values = dict(result.features.values)
    beyond = [values.get(f"vocab_pct_{lv}") for lv in ("c1", "c2")]
    if all(isinstance(v, float) and not math.isnan(v) for v in beyond):
        lines.append(f"{sum(beyond):.0f} % of words beyond B2")  # type: ignore[arg-type]
    length = values.get("basic_mean_sentence_length")
    if len(lines) < 3 and isinstance(length, float) and not math.isnan(length):
        lines.append(f"sentences: {length:.0f} words on average")
    return lines[:limit]


def print_answer(result: Any) -> None:
    """The first lines of ``analyze``: what the text is, its level, its L1, why (80 columns)."""
    doc = result.doc
    out = [f"{result.lang} · {len(doc.words)} words · {len(doc.sentences)} sentences · "
           f"language {result.lang_source}"]
    out += difficulty_lines(result.difficulty, result.lang)
    if not getattr(result, "learner", True):
        out.append("proficiency and L1: not asked (--reading: not a learner's text)")
    elif result.level is None:
        out.append(f"{LEVEL_LABEL}: no shipped level model for {result.lang!r}; features only")
    else:
        name, conf, runner, p = level_summary(result.level)
        rest = f" · runner-up {runner} {p:.2f}" if runner is not None and p is not None else ""
        out.append(f"{LEVEL_LABEL}: {name}  confidence {conf:.2f}{rest}")
    if result.l1 is not None:
        top = ", ".join(f"{label} {p:.2f}" for label, p in result.l1["top"][:3])
        out.append(f"{L1_LABEL}: {top}")
        if result.l1.get("too_short") and result.l1.get("note"):
            out.append(f"  {result.l1['note']}")
    for line in out:
        typer.echo(_fit(line))
    for warning in result.warnings:
        typer.echo("warning: " + " ".join(str(warning).split()))
    for r in ((result.difficulty or {}).get("hardest") or [])[:1]:
        typer.echo(_fit(f"  hardest sentence ({r['level']}): {' '.join(str(r['text']).split())}"))
    why = reasons(result)
    if why:
        shown = level_summary(result.level)[0] if result.level else ""
        typer.echo(_fit(f"why {shown} (proficiency):" if result.level else "notable:"))
        for line in why:
            typer.echo(_fit(f"  - {line}"))
    typer.echo("(--details: every feature, vocabulary profile, reason weights; --json: all)")


def print_target(report: Any) -> None:
    """``analyze --target B1``: the sentences and words above the target, for a teacher."""
    n = len(report.sentences)
    typer.echo(_fit(f"above {report.target}: {n} of {report.n_sentences} sentences "
                    f"({100 * report.share_above:.0f} % of the text)"))
    for s in report.sentences:
        typer.echo(_fit(f"  [{s['level']}] {' '.join(str(s['text']).split())}"))
    for level, words in report.words.items():
        typer.echo(_fit(f"  words at {level}: {', '.join(words)}"))
    if not n and not report.words:
        typer.echo(f"  nothing above {report.target}")


def quiet_line(result: Any, predictions: list[dict[str, Any]] | None = None) -> str:
    """``analyze --quiet``: ``de  difficulty B1 0.55  level B1 0.62 (runner-up A2 0.30)  L1 ru 0.41, …``."""
    parts = [result.lang]
    if result.difficulty is not None:
        name, conf, _, _ = level_summary(result.difficulty)
        parts.append(f"difficulty {name} {conf:.2f}")
    if result.level is None and getattr(result, "learner", True):
        parts.append("level n/a")
    elif result.level is not None:
        name, conf, runner, p = level_summary(result.level)
        extra = f" (runner-up {runner} {p:.2f})" if runner is not None and p is not None else ""
        parts.append(f"level {name} {conf:.2f}{extra}")
    if result.l1 is not None:
        parts.append("L1 " + ", ".join(f"{label} {p:.2f}" for label, p in result.l1["top"][:3]))
    for pred in predictions or []:
        if "label" in pred:
            parts.append(f"{pred.get('model', pred.get('task'))} {pred['label']}")
    return "  ".join(parts)
