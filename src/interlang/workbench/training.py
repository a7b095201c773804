"""Admin-triggered training from the approved corpus, run as a background job.

The stored features of approved texts (one language) become a
:class:`~interlang.tasks.level_data.LevelDataset`; :func:`interlang.tasks.level_training.train_level` splits
it (stratified), fits the family, calibrates and evaluates — the same path as
``interlang train level`` — and the bundle is saved under the workbench's models folder, where
``POST /api/predict`` finds it (``ml_model="workbench"`` / the rules model).
"""

from __future__ import annotations

import json
import math
import traceback
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interlang.serialize import jsonable
from interlang.workbench.db.engine import get_row
from interlang.workbench.db.models import TextItem, TrainingJob, User, utcnow
from interlang.workbench.errors import Invalid, NotFound

FAMILIES = ("logreg", "rf", "svm", "gb", "ordinal")
#: Fewer approved texts than this in a level makes a train/dev/test split meaningless.
MIN_PER_LEVEL = 5


def _approved(db: Session, language: str | None) -> tuple[str, list[TextItem]]:
    rows = list(db.scalars(select(TextItem).where(
        TextItem.status == "approved", TextItem.level.is_not(None), TextItem.features.is_not(None))))
    if language is None:
        langs = Counter(r.language for r in rows if r.language)
        if not langs:
            raise Invalid("no approved texts with features to train on")
        language = langs.most_common(1)[0][0]
    return language, [r for r in rows if r.language == language]


def check_params(db: Session, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validated parameters; 422 naming the levels that have too few approved texts."""
    family = str(params.get("family") or "logreg")
    if family not in FAMILIES:
        raise Invalid(f"family must be one of {', '.join(FAMILIES)}")
    min_per_level = int(params.get("min_per_level") or MIN_PER_LEVEL)
    if min_per_level < 3:
        raise Invalid("min_per_level must be at least 3")
    language, rows = _approved(db, params.get("language"))
    counts = Counter(r.level for r in rows)
    short = {lv: n for lv, n in sorted(counts.items()) if n < min_per_level}
    if len(counts) < 2 or short:
        have = ", ".join(f"{lv} {n}" for lv, n in sorted(counts.items())) or "none"
        raise Invalid(
            f"too few approved {language} texts per level to train (have: {have}; need at least "
            f"{min_per_level} per level and two levels)",
            detail={"counts": dict(counts), "min_per_level": min_per_level, "language": language},
        )
    return {"family": family, "language": language, "min_per_level": min_per_level,
            "rules": bool(params.get("rules", True)), "n_texts": len(rows), "counts": dict(sorted(counts.items()))}


def create_job(db: Session, actor: User, params: Mapping[str, Any]) -> TrainingJob:
    from interlang.workbench.service import require

    require(actor, "admin")
    clean = check_params(db, params)
    job = TrainingJob(status="queued", params=clean, created_by_id=actor.id)
    db.add(job)
    db.commit()
    return job


def get_job(db: Session, actor: User, job_id: int) -> TrainingJob:
    from interlang.workbench.service import require

    require(actor, "admin")
    job = get_row(db, TrainingJob, job_id)
    if job is None:
        raise NotFound(f"no training job {job_id}")
    return job


def _dataset(rows: list[TextItem], language: str) -> Any:
    import numpy as np
    import pandas as pd

    from interlang.tasks.level_data import LevelDataset
    from interlang.tasks.policies import label_set_for

    columns = sorted({k for r in rows for k, v in (r.features or {}).items() if isinstance(v, (int, float))})
    data = {c: [_num((r.features or {}).get(c)) for r in rows] for c in columns}
    X = pd.DataFrame(data, columns=columns, dtype=np.float64)
    X = X.loc[:, X.notna().any(axis=0)]
    y = np.asarray([r.level for r in rows], dtype=object)
    records = [{"text": r.text, "language": r.language, "cefr": r.level, "l1": None} for r in rows]
    return LevelDataset(
        corpus="workbench", language=language, X=X, texts=[r.text for r in rows], y=y,
        labels=label_set_for(list(y), "workbench"),
        writers=np.asarray([str(r.id) for r in rows], dtype=object),
        prompts=np.asarray(["" for _ in rows], dtype=object),
        splits=np.asarray(["" for _ in rows], dtype=object), records=records,
    )


def _num(value: Any) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _train_one(ds: Any, family: str, job_id: int, kind: str, models_dir: Path) -> dict[str, Any]:
    from interlang.tasks.level_training import train_level

    name = f"workbench-{ds.language}-{family}-job{job_id}"
    result = train_level("workbench", family, data=ds, split="stratified", tfidf=False, n_jobs=1,
                         n_bootstrap=50, name=name, cache=False)
    folder = models_dir / f"job-{job_id}-{kind}"
    result.bundle.save(folder / "bundle", overwrite=True)
    (folder / "workbench.json").write_text(
        json.dumps({"kind": kind, "job": job_id, "language": ds.language, "family": family}), encoding="utf-8")
    test = result.report.to_json()
    return {
        "name": name, "family": family, "path": str(folder / "bundle"), "sizes": list(result.sizes),
        "train_seconds": round(result.train_seconds, 2), "dev": result.dev_scores,
        "test": {k: test[k] for k in ("accuracy", "macro_f1", "adjacent_accuracy", "qwk") if k in test},
    }


def run_job(factory: Callable[[], Session], job_id: int, models_dir: Path) -> None:
    """Run one queued job to completion; failures are stored on the job, never raised."""
    with factory() as db:
        job = get_row(db, TrainingJob, job_id)
        if job is None or job.status != "queued":
            return
        job.status, job.started_at = "running", utcnow()
        db.commit()
        params = dict(job.params)
        try:
            language, rows = _approved(db, params["language"])
            ds = _dataset(rows, language)
            models_dir.mkdir(parents=True, exist_ok=True)
            out = {"language": language, "n_texts": len(rows), "n_features": int(ds.X.shape[1]),
                   "counts": dict(sorted(Counter(ds.y.tolist()).items())),
                   "ml": _train_one(ds, params["family"], job_id, "ml", models_dir)}
            if params.get("rules", True):
                out["rules"] = _train_one(ds, "rules", job_id, "rules", models_dir)
            job.result, job.status = jsonable(out), "succeeded"
        except Exception as exc:  # a job reports every failure instead of dying silently
            job.status = "failed"
            job.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
        job.finished_at = utcnow()
        db.commit()
