"""``interlang corpus stats|list`` and ``interlang clean``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from interlang.cli.render import (
    console,
    fmt,
)
from interlang.cli.root import app, corpus_app
from interlang.errors import InputError


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
    console.print(f"wrote {report.n_out} records to {out}", markup=False, soft_wrap=True)


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
                table.add_row(str(k), fmt(v) if isinstance(v, float) else str(v))
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
