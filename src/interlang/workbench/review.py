"""The reviewer's view of one text: every assessment, their agreement and the model prediction."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from interlang.serialize import jsonable
from interlang.workbench import service
from interlang.workbench.config import WorkbenchSettings
from interlang.workbench.db.models import Prediction, User


def prediction_for(db: Session, item: Any, settings: WorkbenchSettings) -> dict[str, Any] | None:
    """The newest stored prediction of the text, computed (shipped model) and stored when absent."""
    from interlang.workbench.errors import Invalid
    from interlang.workbench.prediction import predict

    row = db.scalar(select(Prediction).where(Prediction.text_id == item.id).order_by(Prediction.id.desc()).limit(1))
    if row is None or row.created_at < item.updated_at.replace(tzinfo=row.created_at.tzinfo):
        try:
            out = predict(item.text, item.language, models=("difficulty", "rules"), models_dir=settings.models_dir)
        except Invalid as exc:
            return {"available": False, "reason": exc.message}
        if out["level"] is None:
            reasons = [m.get("reason") for m in out["models"].values()]
            return {"available": False, "reason": "; ".join(r for r in reasons if r)}
        model = "+".join(out["models"][m].get("model") or m for m in out["combined_from"])
        row = Prediction(text_id=item.id, model=model[:200], level=out["level"], proba=out["probabilities"])
        db.add(row)
        db.commit()
    return {"available": True, "model": row.model, "level": row.level, "probabilities": row.proba,
            "created_at": row.created_at.isoformat()}


def review_data(db: Session, actor: User, text_id: int, settings: WorkbenchSettings) -> dict[str, Any]:
    service.require(actor, *service.REVIEWERS)
    item = service.get_text(db, text_id)
    rows = service.assessments_of(db, text_id)
    agreement = None
    if rows:
        from interlang.workbench.agreement import summarise

        table = {text_id: {a.annotator.username: a.level for a in rows}}
        summary = summarise(cast(Any, table))
        agreement = jsonable(summary["texts"][0])
    return jsonable({
        "text_id": item.id,
        "status": item.status,
        "version": item.version,
        "level": item.level,
        "assessments": [
            {"annotator": a.annotator.username, "annotator_id": a.annotator_id, "level": a.level,
             "comment": a.comment, "created_at": a.created_at.isoformat()}
            for a in rows
        ],
        "agreement": agreement,
        "prediction": prediction_for(db, item, settings),
    })


def target_view(text: str, language: str | None, target: str) -> dict[str, Any]:
    """What is above ``target`` in the text, for the text view: its pieces, marked, and the words.

    ``pieces`` cover the whole text in order, each ``{"text", "level"}`` with ``level`` set on
    the sentences the difficulty model places above the target (``None`` elsewhere), so the
    template only wraps the marked ones. A text the analyser cannot handle gets ``error``.
    """
    from interlang.analysis import analyze
    from interlang.analysis.target import beyond_target
    from interlang.errors import InterlangError

    try:
        result = analyze(text, lang=language, level=False, l1=False, explain=False)
        report = beyond_target(result, target)
    except InterlangError as exc:
        return {"target": target, "error": str(exc)}
    pieces: list[dict[str, Any]] = []
    at = 0
    for s in report.sentences:
        if s["start"] > at:
            pieces.append({"text": text[at : s["start"]], "level": None})
        pieces.append({"text": text[s["start"] : s["end"]], "level": s["level"]})
        at = s["end"]
    if at < len(text):
        pieces.append({"text": text[at:], "level": None})
    return {"target": report.target, "pieces": pieces, "n_above": len(report.sentences),
            "n_sentences": report.n_sentences, "share_above": round(report.share_above, 3),
            "words": report.words, "model": (result.difficulty or {}).get("model")}
