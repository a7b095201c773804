"""``interlang features``: list the features or compute them for a corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from interlang.cli.render import (
    console,
    err_console,
)
from interlang.cli.root import app
from interlang.errors import InputError


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
    from interlang.corpora import read_corpus
    from interlang.features.corpus import extract_features

    records, report = read_corpus(corpus, data_dir=data_dir)
    if limit is not None:
        records = records[:limit]
    err_console.print(f"read {report.summary()}")
    result = extract_features(records, lang=lang, n_jobs=jobs, progress=True)
    _write_table(result.frame, out)
    console.print(f"wrote {len(result.frame)} rows × {result.frame.shape[1]} columns to {out}", markup=False, soft_wrap=True)
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
