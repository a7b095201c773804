"""Texts: validated creation and editing, the analyser's features and stored predictions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interlang.workbench.db.models import STATUSES, Prediction, TextItem, User
from interlang.workbench.errors import Invalid
from interlang.workbench.service.common import (
    META_FIELDS,
    REVIEWERS,
    audit,
    check_level,
    check_version,
    commit_versioned,
    filtered,
    get_text,
    require,
)


def compute_features(text: str, language: str | None) -> tuple[str | None, dict[str, Any] | None, dict[str, Any]]:
    """The analyser's features of ``text``: (language, flat feature values, analysis summary).

    A text the analyser cannot handle (unsupported language, no words) is still stored; its
    summary says why it has no features.
    """
    from interlang.analysis import analyze
    from interlang.errors import InterlangError

    try:
        # The stored prediction is the shipped reading-difficulty model's (the workbench's task).
        result = analyze(text, lang=language, level=False, l1=False)
    except InterlangError as exc:
        return language, None, {"error": str(exc)}
    data = result.to_dict()
    flat: dict[str, Any] = {}
    for values in data["features"].values():
        flat.update(values)
    profile = data.get("vocabulary_profile") or {}
    summary = {
        "lang_source": data["lang_source"],
        "n_tokens": data["n_tokens"],
        "n_words": data["n_words"],
        "n_sentences": data["n_sentences"],
        "groups": {g: sorted(v) for g, v in data["features"].items()},
        "unavailable": data["unavailable"],
        "warnings": data["warnings"],
        "vocabulary_profile": {lv: len(words) for lv, words in profile.items()},
        # Popped by new_text/update_text into a Prediction row (never shown to annotators).
        "_prediction": result.difficulty,
    }
    return result.lang, flat, summary


def _clean_meta(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    limits = {"title": 300, "language": 8, "genre": 100, "topic": 100, "register": 100, "source": 300, "split": 20}
    for key in META_FIELDS:
        if key not in values:
            continue
        value = values[key]
        if key == "level":
            out[key] = check_level(value)
            continue
        if value is not None and not isinstance(value, str):
            value = str(value)
        value = value.strip() if isinstance(value, str) else None
        if key == "language" and value:
            value = value.lower()
            if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,4})?", value):
                raise Invalid(f"language {value!r} is not a language code (de, en, el, …)")
        if value and len(value) > limits[key]:
            raise Invalid(f"{key} is longer than {limits[key]} characters")
        out[key] = value or (None if key != "title" else "")
    return out


def analyse_into(item: TextItem) -> None:
    """Store the analyser's features on ``item``; its shipped-model prediction waits in ``_pending_prediction``."""
    item.language, item.features, analysis = compute_features(item.text, item.language)
    prediction = analysis.pop("_prediction", None)
    item.analysis = analysis
    item._pending_prediction = prediction  # type: ignore[attr-defined]


def store_predictions(db: Session, items: Iterable[TextItem]) -> None:
    """Prediction rows for the shipped-model predictions computed at ingestion (for review and the dashboard)."""
    for item in items:
        pred = getattr(item, "_pending_prediction", None)
        if pred and pred.get("level"):
            db.add(Prediction(text_id=item.id, model=str(pred.get("model") or "shipped")[:200], level=pred["level"],
                              proba=pred.get("probabilities") or {}))
            item._pending_prediction = None  # type: ignore[attr-defined]


def _check_text(text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise Invalid("text is empty")
    if len(text) > 2_000_000:
        raise Invalid("text is longer than 2,000,000 characters")
    return text


def new_text(values: Mapping[str, Any], user: User | None, analyse: bool) -> TextItem:
    """An unsaved text from validated values (features computed when ``analyse``)."""
    body = _check_text(values.get("text"))
    meta = _clean_meta(values)
    item = TextItem(text=body, status="draft", created_by_id=None if user is None else user.id,
                    **{k: meta.get(k) for k in META_FIELDS})
    item.title = meta.get("title") or _default_title(body)
    if analyse:
        analyse_into(item)
    return item


def _default_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first[:60] + ("…" if len(first) > 60 else "")


def create_text(db: Session, actor: User, values: Mapping[str, Any], analyse: bool = True) -> TextItem:
    require(actor, *REVIEWERS)
    item = new_text(values, actor, analyse)
    db.add(item)
    db.flush()
    audit(db, item, actor, "create", None, "draft")
    store_predictions(db, [item])
    db.commit()
    return item


def read_text(db: Session, actor: User, text_id: int) -> TextItem:
    """A text with its level and metadata: reviewers and admins only (annotators work blind)."""
    require(actor, *REVIEWERS)
    return get_text(db, text_id)


def list_texts(db: Session, actor: User, filters: Mapping[str, Any], limit: int = 50, offset: int = 0) -> tuple[int, list[TextItem]]:
    require(actor, *REVIEWERS)
    if filters.get("status") and any(s not in STATUSES for s in str(filters["status"]).split(",")):
        raise Invalid(f"status must be one of {', '.join(STATUSES)}")
    base = filtered(select(TextItem), filters)
    total = db.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = db.scalars(base.order_by(TextItem.id).limit(max(1, min(limit, 500))).offset(max(0, offset)))
    return int(total), list(rows)


def update_text(db: Session, actor: User, text_id: int, values: Mapping[str, Any], version: int | None,
                analyse: bool = True) -> TextItem:
    """Edit a text's content/metadata; a stale ``version`` → 409 and nothing is written."""
    require(actor, *REVIEWERS)
    item = get_text(db, text_id)
    check_version(item, version)
    meta = _clean_meta(values)
    changed: dict[str, Any] = {}
    for key, value in meta.items():
        if getattr(item, key) != value:
            changed[key] = [getattr(item, key), value]
            setattr(item, key, value)
    if "text" in values and values["text"] is not None:
        body = _check_text(values["text"])
        if body != item.text:
            changed["text"] = True
            item.text = body
            if analyse:
                analyse_into(item)
    elif "language" in changed and analyse:
        analyse_into(item)
    if changed:
        audit(db, item, actor, "edit", item.status, item.status, {"changed": sorted(changed)})
    store_predictions(db, [item])
    commit_versioned(db, item)
    return item


def delete_text(db: Session, actor: User, text_id: int) -> None:
    require(actor, "admin")
    item = get_text(db, text_id)
    db.delete(item)
    db.commit()
