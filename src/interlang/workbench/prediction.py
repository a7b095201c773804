"""``POST /api/predict``: how hard a text is to read, from the shipped and the workbench's models.

The workbench builds a corpus of reading texts labelled with the CEFR level of the reader they
suit (the difficulty task of the CEFR paper), so its answer is a *difficulty* level:

- ``difficulty``: the shipped ``difficulty-<lang>`` model (or ``difficulty-multi``);
- ``ml``: the newest feature model trained by the workbench from its approved corpus
  (``ml_model="workbench"``), or, with ``ml_model="default"``, the shipped *proficiency*
  model ``level-<lang>``, which grades learner writing: it is shown, labelled with its task,
  but never combined into the difficulty answer;
- ``rules``: the newest rules bundle trained by the workbench; none ships with interlang, so
  until an admin has trained one its entry says so instead of guessing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interlang.serialize import jsonable
from interlang.workbench.errors import Invalid


def latest_bundle(models_dir: Path, family: str, language: str | None) -> Path | None:
    """The newest workbench bundle of ``family`` ("ml" or "rules") for ``language``."""
    if not models_dir.is_dir():
        return None
    best: tuple[int, Path] | None = None
    for path in models_dir.iterdir():
        meta = path / "workbench.json"
        if not meta.is_file():
            continue
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if info.get("kind") != family or (language is not None and info.get("language") != language):
            continue
        job = int(info.get("job", 0))
        if best is None or job > best[0]:
            best = (job, path / "bundle")
    return None if best is None else best[1]


#: Model entries trained on the workbench's own difficulty labels (the shipped level model is not).
MODELS = ("difficulty", "ml", "rules")


def _shipped(result: Any, kind: str) -> dict[str, Any]:
    """A shipped model's answer, already computed by ``analyze`` (``kind``: "difficulty" or "level")."""
    answer = result.difficulty if kind == "difficulty" else result.level
    if answer is None:
        what = "proficiency" if kind == "level" else kind
        failed = [w for w in result.warnings if w.startswith(f"{what} model ")]
        return {"available": False, "reason": failed[0] if failed else f"no shipped {kind} model for {result.lang!r}"}
    return {"available": True, **answer}


def _ml(result: Any, text: str, ml_model: str, models_dir: Path) -> dict[str, Any]:
    """The newest workbench-trained feature model, or the shipped proficiency model (labelled so)."""
    if ml_model == "workbench":
        path = latest_bundle(models_dir, "ml", result.lang)
        if path is None:
            return {"available": False, "reason": f"no workbench-trained model for {result.lang!r} yet"}
        return {**_from_bundle(path, result, text), "task": "difficulty"}
    return _shipped(result, "level")


def _from_bundle(path: Path, result: Any, text: str, *, explain: bool = True) -> dict[str, Any]:
    """A workbench bundle through the predictor protocol, fed the features ``analyze`` extracted."""
    from interlang.analysis import load
    from interlang.errors import InterlangError

    try:
        predictor = load(path)
        if predictor.task == "l1":
            return {"available": False, "reason": f"{path} is an L1 model, not a level model"}
        return {"available": True, **predictor.predict_analysed(result.doc, result.features.values, explain=explain).to_dict()}
    except InterlangError as exc:
        return {"available": False, "reason": str(exc)}


def _rules(result: Any, text: str, models_dir: Path) -> dict[str, Any]:
    """The newest workbench rules bundle: its level and the trace of the rules that fired."""
    from interlang.analysis import load
    from interlang.errors import InterlangError

    path = latest_bundle(models_dir, "rules", result.lang)
    if path is None:
        return {"available": False,
                "reason": f"no rule-based model for {result.lang!r}: an admin trains one from the approved corpus "
                          "(POST /api/jobs/train)"}
    out = _from_bundle(path, result, text, explain=False)
    if not out["available"]:
        return out
    out["task"] = "difficulty"
    try:
        pipeline = load(path).model.pipeline
        trace = pipeline.model.explain(pipeline.frame([result.features.values], [text]))
    except InterlangError as exc:
        return {"available": False, "reason": str(exc)}
    return {**out, "trace": trace}


def predict(text: str, language: str | None, *, models: tuple[str, ...] = MODELS,
            ml_model: str = "default", models_dir: Path) -> dict[str, Any]:
    """Reading-difficulty level, probabilities and the full feature breakdown of one text.

    ``level``/``probabilities`` average the available entries of the difficulty task
    (``combined_from`` names them); an entry of another task is reported beside them only.
    """
    from interlang.analysis import analyze
    from interlang.errors import InterlangError

    if not text or not text.strip():
        raise Invalid("text is empty")
    if ml_model not in ("default", "workbench"):
        raise Invalid("ml_model must be 'default' (shipped) or 'workbench' (trained here)")
    unknown = set(models) - set(MODELS)
    if unknown or not models:
        raise Invalid(f"models must be a non-empty subset of {', '.join(MODELS)}")
    try:
        # Shipped models run only when asked for; the L1 model never (the workbench grades levels).
        shipped_level = "ml" in models and ml_model == "default"
        result = analyze(text, lang=language, level=shipped_level, l1=False, difficulty="difficulty" in models)
    except InterlangError as exc:
        raise Invalid(str(exc)) from None
    data = result.to_dict()
    out: dict[str, Any] = {}
    if "difficulty" in models:
        out["difficulty"] = _shipped(result, "difficulty")
    if "ml" in models:
        out["ml"] = _ml(result, text, ml_model, models_dir)
    if "rules" in models:
        out["rules"] = _rules(result, text, models_dir)
    combined = [name for name, p in out.items() if p.get("available") and p.get("task") == "difficulty"]
    dists = [out[name]["probabilities"] for name in combined]
    level = probabilities = None
    if dists:
        labels = [lv for lv in dists[0] if all(lv in d for d in dists)]
        probabilities = {lv: sum(d[lv] for d in dists) / len(dists) for lv in labels}
        total = sum(probabilities.values()) or 1.0
        probabilities = {lv: round(p / total, 4) for lv, p in probabilities.items()}
        level = max(probabilities, key=lambda lv: probabilities[lv])
    return jsonable({
        "language": result.lang,
        "level": level,
        "probabilities": probabilities,
        "task": "difficulty",
        "combined_from": combined,
        "models": out,
        "features": data["features"],
        "feature_info": data["feature_info"],
        "unavailable": data["unavailable"],
        "n_words": data["n_words"],
        "n_sentences": data["n_sentences"],
        "warnings": data["warnings"],
    })
