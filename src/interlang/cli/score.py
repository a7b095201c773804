"""``interlang score``: many texts into a results file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from interlang.cli.render import (
    console,
)
from interlang.cli.root import app
from interlang.errors import InputError


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
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted OUT: skip the rows it holds, append the rest (refused if input, options or models changed).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Any skipped row is a failure: stop, exit 2, remove OUT.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an OUT left by an interrupted run instead of refusing.")] = False,
) -> None:
    """Score many texts (reading difficulty, proficiency level, L1 top-3) into a results file; bad rows are skipped and reported.

    Prints (stderr) where every row went: rows read = scored + skipped.
    """
    import itertools

    from interlang.batch import resume as resuming
    from interlang.batch.rows import check_output_format
    from interlang.batch.score import (
        StrictFailure,
        iter_inputs,
        result_columns,
        score_records,
        write_skipped,
    )
    from interlang.corpora.formats import CorpusReport

    if runner not in ("local", "dask"):
        raise InputError(f"unknown runner {runner!r}; choose local or dask")
    if scheduler is not None and runner != "dask":
        raise InputError("--scheduler needs --runner dask")
    if resume and overwrite:
        raise InputError("--resume and --overwrite contradict each other; pass one")
    check_output_format(out)
    report = CorpusReport(source)
    records = iter_inputs(source, data_dir=data_dir, lang=lang, report=report)
    if limit is not None:
        records = itertools.islice(records, limit)
    columns = result_columns(with_features)
    meta = resuming.run_meta(
        source, data_dir=data_dir, columns=columns,
        options={"lang": lang, "features": with_features, "limit": limit},
        run={"runner": runner, "jobs": jobs, "scheduler": scheduler, "strict": strict},
    )
    done = resuming.prepare(out, meta, resume=resume, overwrite=overwrite)
    append = resume and out.exists()
    out.parent.mkdir(parents=True, exist_ok=True)
    resuming.write_meta(out, meta)
    report_path = skipped_out or out.with_name(out.name + ".skipped.csv")
    try:
        result = score_records(records, out=out, runner="dask" if runner == "dask" else "local", n_jobs=jobs,
                               scheduler=scheduler, lang=lang, features=with_features, progress=not as_json,
                               append=append, skip_ids=done, strict=strict, read_report=report)
    except StrictFailure as failure:
        write_skipped(report_path, failure.skipped)
        resuming.meta_path(out).unlink(missing_ok=True)
        raise InputError(f"{failure}; {out} removed; skip report: {report_path}") from None
    accounting = result.accounting
    resuming.finish(out, meta, accounting.to_dict())
    skipped = accounting.skipped
    if skipped:
        write_skipped(report_path, skipped)
    elif report_path.exists() and skipped_out is None:
        report_path.unlink()  # a resumed run's earlier report would name rows that are now fine
    summary = {**result.summary(), "n_skipped": len(skipped), "n_skipped_reading": len(report.skipped),
               "skipped_report": str(report_path) if skipped else None,
               "first_skipped": [str(s) for s in skipped[:10]]}
    typer.echo(accounting.line(), err=True)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    resumed = f" ({result.n_resumed} already there)" if result.n_resumed else ""
    console.print(f"scored {result.n_scored} text(s) in {result.seconds:.1f} s "
                  f"({result.texts_per_second:.2f} texts/s, runner {runner}); wrote {out}{resumed}", soft_wrap=True)
    if result.levels:
        console.print("levels: " + ", ".join(f"{k} {v}" for k, v in result.levels.items()))
    if skipped:
        console.print(f"[yellow]{len(skipped)} skipped[/yellow] ({len(report.skipped)} while reading, "
                      f"{len(result.skipped)} while scoring); report: {report_path}", soft_wrap=True)
        for row in skipped[:10]:
            console.print(f"  {row}", highlight=False, soft_wrap=True)
        if len(skipped) > 10:
            console.print(f"  … and {len(skipped) - 10} more")
