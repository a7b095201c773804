"""The workbench's rules, shared by the REST API and the web UI.

Every function takes a database session and the acting user, checks the user's role, changes
rows and raises a :mod:`interlang.workbench.errors` error (never an HTTP one), so the two front
ends behave identically. Commits happen here; a failed rule leaves the database unchanged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar, cast

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from interlang.labels import CEFR_LEVELS, normalize_cefr
from interlang.workbench import security
from interlang.workbench.db.engine import get_row
from interlang.workbench.db.models import (
    ROLES,
    STATUSES,
    TRANSITIONS,
    Activity,
    ApiToken,
    Assessment,
    Assignment,
    AuditLog,
    Prediction,
    Segment,
    TextItem,
    User,
    WebSession,
    utcnow,
)
from interlang.workbench.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound

REVIEWERS = ("admin", "reviewer")
#: Metadata a segment copies from its parent.
INHERITED = ("language", "genre", "topic", "register", "source", "split", "level", "title")
#: Editable text fields (besides ``text``).
META_FIELDS = ("title", "language", "level", "genre", "topic", "register", "source", "split")
#: Columns of the export/dashboard filters.
FILTERS = ("level", "status", "genre", "register", "topic", "split")


def require(user: User, *roles: str) -> None:
    """Refuse (403) unless ``user`` has one of ``roles``."""
    if user.role not in roles:
        raise Forbidden(f"this needs the role {' or '.join(roles)}; you are {user.role}")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def check_level(value: Any, *, field: str = "level", required: bool = False) -> str | None:
    """A CEFR level A1–C2 (sub-levels map to their level), None when empty and not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid(f"{field} is required (one of {', '.join(CEFR_LEVELS)})")
        return None
    level = normalize_cefr(value)
    if level is None:
        raise Invalid(f"{field} {value!r} is not a CEFR level (use {', '.join(CEFR_LEVELS)})")
    return level


# ------------------------------------------------------------------------------------- users
def create_user(db: Session, username: str, password: str, role: str) -> User:
    """A new active user; usernames are unique, passwords at least 8 characters."""
    username = username.strip()
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not re.fullmatch(r"[A-Za-z0-9_.@\-]{2,80}", username):
        raise Invalid("username: 2–80 letters, digits or _ . @ -")
    if len(password) < 8:
        raise Invalid("password must have at least 8 characters")
    if db.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"user {username!r} exists already")
    user = User(username=username, password_hash=security.hash_password(password), role=role, active=True)
    db.add(user)
    db.commit()
    return user


def authenticate(db: Session, username: str, password: str) -> User:
    """The active user with these credentials, else 401 (same message for both mistakes)."""
    user = db.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not security.verify_password(user.password_hash, password):
        raise NotAuthenticated("wrong username or password")
    return user


def issue_token(db: Session, user: User, name: str = "api") -> str:
    """A new bearer token; only its digest is stored, so it is shown once."""
    token = security.new_token()
    db.add(ApiToken(user_id=user.id, token_hash=security.digest(token), name=name[:80]))
    db.commit()
    return token


def user_for_token(db: Session, token: str) -> User | None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == security.digest(token)))
    if row is None or (row.expires_at is not None and _aware(row.expires_at) < utcnow()):
        return None
    return row.user if row.user.active else None


def revoke_token(db: Session, token: str) -> None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == security.digest(token)))
    if row is not None:
        db.delete(row)
        db.commit()


def open_session(db: Session, user: User, hours: float) -> tuple[str, str]:
    """A web session: (cookie token, CSRF token)."""
    token, csrf = security.new_token(), security.new_token()
    db.add(WebSession(
        user_id=user.id, token_hash=security.digest(token), csrf_token=csrf,
        expires_at=utcnow() + timedelta(hours=hours),
    ))
    db.commit()
    return token, csrf


def session_for_cookie(db: Session, token: str) -> WebSession | None:
    row = db.scalar(select(WebSession).where(WebSession.token_hash == security.digest(token)))
    if row is None or _aware(row.expires_at) < utcnow() or not row.user.active:
        return None
    return row


def close_session(db: Session, token: str) -> None:
    row = db.scalar(select(WebSession).where(WebSession.token_hash == security.digest(token)))
    if row is not None:
        db.delete(row)
        db.commit()


def list_users(db: Session, actor: User, role: str | None = None) -> list[User]:
    require(actor, *REVIEWERS)  # reviewers need the annotator list to assign work
    stmt = select(User).order_by(User.id)
    if role is not None:
        stmt = stmt.where(User.role == role)
    return list(db.scalars(stmt))


def update_user(db: Session, actor: User, user_id: int, *, role: str | None = None,
                active: bool | None = None, password: str | None = None) -> User:
    require(actor, "admin")
    user = _fetch(db, User, user_id, "user")
    if role is not None:
        if role not in ROLES:
            raise Invalid(f"role must be one of {', '.join(ROLES)}")
        user.role = role
    if active is not None:
        if user.id == actor.id and not active:
            raise Conflict("you cannot deactivate yourself")
        user.active = active
    if password is not None:
        if len(password) < 8:
            raise Invalid("password must have at least 8 characters")
        user.password_hash = security.hash_password(password)
    db.commit()
    return user


# ------------------------------------------------------------------------------------- texts
def compute_features(text: str, language: str | None) -> tuple[str | None, dict[str, Any] | None, dict[str, Any]]:
    """The analyser's features of ``text``: (language, flat feature values, analysis summary).

    A text the analyser cannot handle (unsupported language, no words) is still stored; its
    summary says why it has no features.
    """
    from interlang.analysis import analyze
    from interlang.errors import InterlangError

    try:
        result = analyze(text, lang=language, level=True)
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
        "_prediction": result.level,
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


def _analyse_into(item: TextItem) -> None:
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


def _audit(db: Session, text: TextItem | None, user: User | None, action: str,
           from_status: str | None = None, to_status: str | None = None, detail: Any = None) -> None:
    db.add(AuditLog(
        text_id=None if text is None else text.id, user_id=None if user is None else user.id, action=action,
        from_status=from_status, to_status=to_status, detail=detail,
    ))


def new_text(values: Mapping[str, Any], user: User | None, analyse: bool) -> TextItem:
    """An unsaved text from validated values (features computed when ``analyse``)."""
    body = _check_text(values.get("text"))
    meta = _clean_meta(values)
    item = TextItem(text=body, status="draft", created_by_id=None if user is None else user.id,
                    **{k: meta.get(k) for k in META_FIELDS})
    item.title = meta.get("title") or _default_title(body)
    if analyse:
        _analyse_into(item)
    return item


def _default_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first[:60] + ("…" if len(first) > 60 else "")


def create_text(db: Session, actor: User, values: Mapping[str, Any], analyse: bool = True) -> TextItem:
    require(actor, *REVIEWERS)
    item = new_text(values, actor, analyse)
    db.add(item)
    db.flush()
    _audit(db, item, actor, "create", None, "draft")
    store_predictions(db, [item])
    db.commit()
    return item


_Row = TypeVar("_Row")


def _fetch(db: Session, model: type[_Row], ident: int, what: str) -> _Row:
    """The row ``ident`` of ``model``, or :class:`NotFound` naming it (404 in the API)."""
    row = get_row(db, model, ident)
    if row is None:
        raise NotFound(f"no {what} {ident}")
    return row


def get_text(db: Session, text_id: int) -> TextItem:
    return _fetch(db, TextItem, text_id, "text")


def read_text(db: Session, actor: User, text_id: int) -> TextItem:
    """A text with its level and metadata: reviewers and admins only (annotators work blind)."""
    require(actor, *REVIEWERS)
    return get_text(db, text_id)


def _filtered(stmt: Any, filters: Mapping[str, Any]) -> Any:
    for key in FILTERS:
        value = filters.get(key)
        if value in (None, ""):
            continue
        column = getattr(TextItem, key)
        values = [v.strip() for v in str(value).split(",") if v.strip()]
        stmt = stmt.where(column.in_(values)) if len(values) > 1 else stmt.where(column == values[0])
    query = filters.get("q")
    if query:
        like = f"%{query}%"
        stmt = stmt.where(TextItem.title.ilike(like) | TextItem.text.ilike(like))
    return stmt


def list_texts(db: Session, actor: User, filters: Mapping[str, Any], limit: int = 50, offset: int = 0) -> tuple[int, list[TextItem]]:
    require(actor, *REVIEWERS)
    if filters.get("status") and any(s not in STATUSES for s in str(filters["status"]).split(",")):
        raise Invalid(f"status must be one of {', '.join(STATUSES)}")
    base = _filtered(select(TextItem), filters)
    total = db.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = db.scalars(base.order_by(TextItem.id).limit(max(1, min(limit, 500))).offset(max(0, offset)))
    return int(total), list(rows)


def _check_version(item: TextItem, version: int | None) -> None:
    if version is None:
        raise Invalid("version is required (optimistic locking): send the version you edited")
    if version != item.version:
        raise Conflict(
            f"text {item.id} was changed by someone else (your version {version}, current {item.version}); "
            "reload it and apply your change again",
            detail={"current_version": item.version},
        )


def _commit_versioned(db: Session, item: TextItem) -> None:
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        raise Conflict(f"text {item.id} was changed concurrently; reload it and apply your change again") from None


def update_text(db: Session, actor: User, text_id: int, values: Mapping[str, Any], version: int | None,
                analyse: bool = True) -> TextItem:
    """Edit a text's content/metadata; a stale ``version`` → 409 and nothing is written."""
    require(actor, *REVIEWERS)
    item = get_text(db, text_id)
    _check_version(item, version)
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
                _analyse_into(item)
    elif "language" in changed and analyse:
        _analyse_into(item)
    if changed:
        _audit(db, item, actor, "edit", item.status, item.status, {"changed": sorted(changed)})
    store_predictions(db, [item])
    _commit_versioned(db, item)
    return item


def delete_text(db: Session, actor: User, text_id: int) -> None:
    require(actor, "admin")
    item = get_text(db, text_id)
    db.delete(item)
    db.commit()


def transition(db: Session, actor: User, text_id: int, to: str, *, version: int | None = None,
               level: Any = None, comment: str | None = None) -> TextItem:
    """Move a text along draft → pending_review → approved | rejected (rejected → draft).

    Approval sets the final level (``level``, else the text's current level; one is required).
    An illegal move is 409, an unknown status 422; each legal move is written to the audit log.
    """
    require(actor, *REVIEWERS)
    if to not in STATUSES:
        raise Invalid(f"status must be one of {', '.join(STATUSES)}, not {to!r}")
    item = get_text(db, text_id)
    if version is not None:
        _check_version(item, version)
    if to not in TRANSITIONS[item.status]:
        allowed = ", ".join(TRANSITIONS[item.status]) or "none"
        raise Conflict(f"text {item.id} is {item.status}: it cannot become {to} (allowed: {allowed})")
    detail: dict[str, Any] = {}
    if comment:
        detail["comment"] = comment[:2000]
    if to == "approved":
        final = check_level(level, field="final level") or item.level
        if final is None:
            raise Invalid("approval needs the final level (level: A1–C2)")
        detail["final_level"] = final
        detail["assessments"] = {a.annotator.username: a.level for a in assessments_of(db, item.id)}
        item.level = final
    elif level is not None:
        item.level = check_level(level)
    before = item.status
    item.status = to
    _audit(db, item, actor, "status", before, to, detail or None)
    _commit_versioned(db, item)
    return item


def audit_of(db: Session, actor: User, text_id: int) -> list[AuditLog]:
    require(actor, *REVIEWERS)
    get_text(db, text_id)
    return list(db.scalars(select(AuditLog).where(AuditLog.text_id == text_id).order_by(AuditLog.id)))


# -------------------------------------------------------------------------------- segments
def _sentences(text: str, language: str | None) -> list[str]:
    from interlang.errors import InterlangError
    from interlang.text import parse

    try:
        doc = parse(text, language or "en")
    except InterlangError as exc:
        raise Invalid(f"cannot split this text into sentences: {exc}") from None
    out = []
    for sent in doc.sentences:
        toks = doc.tokens[sent.start:sent.end]
        out.append("".join(t.text + t.whitespace for t in toks).strip())
    return [s for s in out if s]


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def segment_text(db: Session, actor: User, text_id: int, mode: str = "sentences", size: int = 1,
                 parts: Sequence[str] | None = None, min_words: int = 20) -> list[Segment]:
    """Split an approved text into ordered segments (replacing earlier ones).

    ``sentences``: groups of ``size`` sentences; ``paragraphs``: blank-line separated blocks
    grouped by ``size``; ``manual``: ``parts``, each a piece of the text, in order.
    """
    require(actor, *REVIEWERS)
    item = get_text(db, text_id)
    if item.status != "approved":
        raise Conflict(f"only approved texts are segmented; text {item.id} is {item.status}")
    if _word_count(item.text) < min_words:
        raise Invalid(f"text {item.id} has fewer than {min_words} words: too short to segment")
    if size < 1 or size > 1000:
        raise Invalid("size must be between 1 and 1000")
    if mode == "sentences":
        units = _sentences(item.text, item.language)
    elif mode == "paragraphs":
        units = [p.strip() for p in re.split(r"\n\s*\n", item.text) if p.strip()]
    elif mode == "manual":
        if not parts:
            raise Invalid("manual segmentation needs parts: the pieces of the text, in order")
        pos = 0
        for i, part in enumerate(parts, start=1):
            found = item.text.find(part.strip(), pos)
            if not part.strip() or found < 0:
                raise Invalid(f"part {i} is not a piece of the text after part {i - 1}")
            pos = found + len(part.strip())
        units, size = [p.strip() for p in parts], 1
    else:
        raise Invalid("mode must be sentences, paragraphs or manual")
    chunks = [" ".join(units[i:i + size]) if mode == "sentences" else "\n\n".join(units[i:i + size])
              for i in range(0, len(units), size)]
    inherited = {k: getattr(item, k) for k in INHERITED}
    for old in list(item.segments):
        db.delete(old)
    db.flush()
    segments = [Segment(text_id=item.id, order=i, text=chunk, inherited=inherited, level=None)
                for i, chunk in enumerate(chunks, start=1)]
    db.add_all(segments)
    _audit(db, item, actor, "segment", item.status, item.status, {"mode": mode, "size": size, "n": len(segments)})
    db.commit()
    return segments


def segments_of(db: Session, actor: User, text_id: int) -> list[Segment]:
    require(actor, *REVIEWERS)
    get_text(db, text_id)
    return list(db.scalars(select(Segment).where(Segment.text_id == text_id).order_by(Segment.order)))


def set_segment_level(db: Session, actor: User, segment_id: int, level: Any) -> Segment:
    require(actor, *REVIEWERS)
    seg = _fetch(db, Segment, segment_id, "segment")
    seg.level = check_level(level)
    db.commit()
    return seg


# ------------------------------------------------------------------------------ activities
def create_activity(db: Session, actor: User, values: Mapping[str, Any]) -> Activity:
    require(actor, *REVIEWERS)
    text_id = values.get("text_id")
    if not isinstance(text_id, int):
        raise Invalid("text_id is required")
    get_text(db, text_id)
    title = str(values.get("title") or "").strip()
    if not title:
        raise Invalid("title is required")
    act = Activity(
        text_id=text_id, title=title[:300], kind=str(values.get("kind") or "reading")[:60],
        level=check_level(values.get("level"), required=True), instructions=str(values.get("instructions") or ""),
        created_by_id=actor.id,
    )
    db.add(act)
    db.commit()
    return act


def list_activities(db: Session, actor: User, text_id: int | None = None, level: str | None = None) -> list[Activity]:
    require(actor, *REVIEWERS)
    stmt = select(Activity).order_by(Activity.id)
    if text_id is not None:
        stmt = stmt.where(Activity.text_id == text_id)
    if level:
        stmt = stmt.where(Activity.level == check_level(level))
    return list(db.scalars(stmt))


def get_activity(db: Session, actor: User, activity_id: int) -> Activity:
    require(actor, *REVIEWERS)
    return _fetch(db, Activity, activity_id, "activity")


def update_activity(db: Session, actor: User, activity_id: int, values: Mapping[str, Any]) -> Activity:
    act = get_activity(db, actor, activity_id)
    if "title" in values and values["title"] is not None:
        if not str(values["title"]).strip():
            raise Invalid("title is required")
        act.title = str(values["title"]).strip()[:300]
    if values.get("kind") is not None:
        act.kind = str(values["kind"])[:60]
    if values.get("level") is not None:
        act.level = check_level(values["level"], required=True) or act.level
    if values.get("instructions") is not None:
        act.instructions = str(values["instructions"])
    db.commit()
    return act


def delete_activity(db: Session, actor: User, activity_id: int) -> None:
    act = get_activity(db, actor, activity_id)
    db.delete(act)
    db.commit()


# ----------------------------------------------------------------------------- assignments
def _annotator(db: Session, user_id: int) -> User:
    user = get_row(db, User, user_id)
    if user is None or user.role != "annotator" or not user.active:
        raise Invalid(f"user {user_id} is not an active annotator")
    return user


def _assignable(item: TextItem) -> None:
    if item.status not in ("draft", "pending_review"):
        raise Conflict(f"text {item.id} is {item.status}: only draft or pending texts are annotated")


def assign(db: Session, actor: User, text_id: int, annotator_ids: Sequence[int]) -> list[Assignment]:
    """Manual strategy: the given annotators get the text (already assigned ones are kept)."""
    require(actor, *REVIEWERS)
    item = get_text(db, text_id)
    _assignable(item)
    if not annotator_ids:
        raise Invalid("annotator_ids is empty")
    existing = set(db.scalars(select(Assignment.annotator_id).where(Assignment.text_id == text_id)))
    made = []
    for uid in dict.fromkeys(annotator_ids):
        _annotator(db, uid)
        if uid in existing:
            continue
        made.append(Assignment(text_id=text_id, annotator_id=uid, assigned_by_id=actor.id, strategy="manual"))
    db.add_all(made)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict("the assignments changed concurrently; retry") from None
    return made


def auto_assign(db: Session, actor: User, k: int, text_ids: Sequence[int] | None = None,
                annotator_ids: Sequence[int] | None = None) -> list[Assignment]:
    """Automatic strategy: every target text gets annotators until it has ``k`` of them.

    Targets are ``text_ids`` or every pending-review text. Annotators are chosen by the lowest
    current load (assignments without an assessment yet), ties by id, so work stays balanced.
    """
    require(actor, *REVIEWERS)
    if k < 1:
        raise Invalid("k (annotators per text) must be at least 1")
    pool_stmt = select(User).where(User.role == "annotator", User.active.is_(True)).order_by(User.id)
    pool = list(db.scalars(pool_stmt))
    if annotator_ids:
        wanted = set(annotator_ids)
        pool = [u for u in pool if u.id in wanted]
        missing = wanted - {u.id for u in pool}
        if missing:
            raise Invalid(f"not active annotators: {sorted(missing)}")
    if len(pool) < k:
        raise Invalid(f"k={k} annotators per text, but only {len(pool)} active annotators exist")
    if text_ids:
        texts = [get_text(db, t) for t in dict.fromkeys(text_ids)]
        for item in texts:
            _assignable(item)
    else:
        texts = list(db.scalars(select(TextItem).where(TextItem.status == "pending_review").order_by(TextItem.id)))
    done = set(db.execute(select(Assessment.text_id, Assessment.annotator_id)).all())
    load: Counter[int] = Counter({u.id: 0 for u in pool})
    have: dict[int, set[int]] = {}
    for t_id, a_id in db.execute(select(Assignment.text_id, Assignment.annotator_id)).all():
        have.setdefault(t_id, set()).add(a_id)
        if a_id in load and (t_id, a_id) not in done:
            load[a_id] += 1
    made = []
    for item in texts:
        current = have.setdefault(item.id, set())
        need = k - len(current)
        if need <= 0:
            continue
        candidates = sorted((u.id for u in pool if u.id not in current), key=lambda uid: (load[uid], uid))
        for uid in candidates[:need]:
            made.append(Assignment(text_id=item.id, annotator_id=uid, assigned_by_id=actor.id, strategy="auto"))
            current.add(uid)
            load[uid] += 1
    db.add_all(made)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict("the assignments changed concurrently; retry") from None
    return made


def list_assignments(db: Session, actor: User, text_id: int | None = None, annotator_id: int | None = None) -> list[Assignment]:
    """Reviewers see every assignment; annotators only their own."""
    stmt = select(Assignment).order_by(Assignment.id)
    if actor.role == "annotator":
        stmt = stmt.where(Assignment.annotator_id == actor.id)
    elif annotator_id is not None:
        stmt = stmt.where(Assignment.annotator_id == annotator_id)
    if text_id is not None:
        stmt = stmt.where(Assignment.text_id == text_id)
    return list(db.scalars(stmt))


def delete_assignment(db: Session, actor: User, assignment_id: int) -> None:
    require(actor, *REVIEWERS)
    row = _fetch(db, Assignment, assignment_id, "assignment")
    db.delete(row)
    db.commit()


# ----------------------------------------------------------------------- blind annotation
def blind_view(item: TextItem, mine: Assessment | None) -> dict[str, Any]:
    """What an annotator may see: never the level, the source, predictions or other assessments."""
    analysis = item.analysis or {}
    return {
        "text_id": item.id,
        "title": item.title,
        "text": item.text,
        "language": item.language,
        "genre": item.genre,
        "topic": item.topic,
        "register": item.register,
        "n_words": analysis.get("n_words"),
        "n_sentences": analysis.get("n_sentences"),
        "features": dict(item.features or {}),
        "my_assessment": None if mine is None else {"level": mine.level, "comment": mine.comment},
        "open": item.status in ("draft", "pending_review"),
    }


def my_queue(db: Session, actor: User) -> list[dict[str, Any]]:
    """The annotator's assignments: id, title and whether they assessed it (blind)."""
    require(actor, "annotator")
    rows = db.execute(
        select(Assignment, TextItem).join(TextItem, TextItem.id == Assignment.text_id)
        .where(Assignment.annotator_id == actor.id).order_by(Assignment.id)
    ).all()
    mine = {a.text_id: a for a in db.scalars(select(Assessment).where(Assessment.annotator_id == actor.id))}
    return [
        {"assignment_id": a.id, "text_id": t.id, "title": t.title, "language": t.language,
         "done": t.id in mine, "open": t.status in ("draft", "pending_review")}
        for a, t in rows
    ]


def _assigned_text(db: Session, actor: User, text_id: int) -> TextItem:
    require(actor, "annotator")
    ok = db.scalar(select(Assignment.id).where(Assignment.text_id == text_id, Assignment.annotator_id == actor.id))
    if ok is None:
        # Same answer whether or not the text exists: an annotator learns nothing about others' work.
        raise NotFound(f"text {text_id} is not assigned to you")
    return get_text(db, text_id)


def annotation_view(db: Session, actor: User, text_id: int) -> dict[str, Any]:
    item = _assigned_text(db, actor, text_id)
    mine = db.scalar(select(Assessment).where(Assessment.text_id == text_id, Assessment.annotator_id == actor.id))
    return blind_view(item, mine)


def submit_assessment(db: Session, actor: User, text_id: int, level: Any, comment: str | None = None) -> Assessment:
    """The annotator's level for an assigned open text (re-submitting replaces their own)."""
    item = _assigned_text(db, actor, text_id)
    if item.status not in ("draft", "pending_review"):
        raise Conflict(f"text {text_id} is {item.status}: assessments are closed")
    value = check_level(level, required=True)
    assert value is not None
    row = db.scalar(select(Assessment).where(Assessment.text_id == text_id, Assessment.annotator_id == actor.id))
    if row is None:
        row = Assessment(text_id=text_id, annotator_id=actor.id, level=value, comment=comment or None)
        db.add(row)
    else:
        row.level, row.comment, row.created_at = value, comment or None, utcnow()
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict("you submitted this assessment twice at once; reload") from None
    return row


def assessments_of(db: Session, text_id: int) -> list[Assessment]:
    return list(db.scalars(select(Assessment).where(Assessment.text_id == text_id).order_by(Assessment.id)))


def text_assessments(db: Session, actor: User, text_id: int) -> list[Assessment]:
    require(actor, *REVIEWERS)
    get_text(db, text_id)
    return assessments_of(db, text_id)


# ------------------------------------------------------------------------------- agreement
def assessment_table(db: Session, text_ids: Iterable[int] | None = None) -> dict[int, dict[int, str]]:
    """``{text_id: {annotator_id: level}}`` of every assessment (or of ``text_ids``)."""
    stmt = select(Assessment.text_id, Assessment.annotator_id, Assessment.level)
    if text_ids is not None:
        stmt = stmt.where(Assessment.text_id.in_(list(text_ids)))
    table: dict[int, dict[int, str]] = {}
    for t_id, a_id, level in db.execute(stmt).all():
        table.setdefault(t_id, {})[a_id] = level
    return table


def agreement(db: Session, actor: User, text_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Helper B's :func:`~interlang.workbench.agreement.summarise` over the stored assessments."""
    require(actor, *REVIEWERS)
    from interlang.workbench.agreement import summarise

    table = assessment_table(db, text_ids)
    names = dict(db.execute(select(User.id, User.username)).all())
    result = summarise(cast(Any, table))
    return _jsonable({"annotators": {str(k): v for k, v in names.items()}, **result})


def _jsonable(value: Any) -> Any:
    """NaN/inf → None, tuples → lists, non-string keys → strings (JSON has no NaN)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _jsonable(value.item())
    return value


# ------------------------------------------------------------------------ records & stats
def latest_predictions(db: Session, text_ids: Iterable[int] | None = None) -> dict[int, Prediction]:
    stmt = select(Prediction).order_by(Prediction.id)
    if text_ids is not None:
        stmt = stmt.where(Prediction.text_id.in_(list(text_ids)))
    out: dict[int, Prediction] = {}
    for row in db.scalars(stmt):
        out[row.text_id] = row
    return out


def _iso(value: datetime | None) -> str | None:
    return None if value is None else _aware(value).isoformat()


def iter_records(db: Session, filters: Mapping[str, Any], batch: int = 500) -> Iterator[dict[str, Any]]:
    """Export records (helper B's record shape), read in id-ordered batches so memory stays flat."""
    last = 0
    while True:
        stmt = _filtered(select(TextItem), filters).where(TextItem.id > last).order_by(TextItem.id).limit(batch)
        rows = list(db.scalars(stmt))
        if not rows:
            return
        ids = [r.id for r in rows]
        segs: dict[int, list[dict[str, Any]]] = {}
        for s in db.scalars(select(Segment).where(Segment.text_id.in_(ids)).order_by(Segment.text_id, Segment.order)):
            segs.setdefault(s.text_id, []).append({"order": s.order, "text": s.text, "level": s.level})
        counts = dict(db.execute(
            select(Assessment.text_id, func.count()).where(Assessment.text_id.in_(ids)).group_by(Assessment.text_id)
        ).all())
        preds = latest_predictions(db, ids)
        for r in rows:
            record = text_record(r, segs.get(r.id, []), int(counts.get(r.id, 0)))
            pred = preds.get(r.id)
            record["prediction"] = None if pred is None else {"model": pred.model, "level": pred.level, "proba": pred.proba}
            yield record
        last = ids[-1]
        db.expunge_all()


def text_record(r: TextItem, segments: list[dict[str, Any]], n_assessments: int) -> dict[str, Any]:
    return {
        "id": r.id, "title": r.title, "text": r.text, "language": r.language, "level": r.level,
        "status": r.status, "genre": r.genre, "topic": r.topic, "register": r.register, "source": r.source,
        "split": r.split, "created_at": _iso(r.created_at), "updated_at": _iso(r.updated_at),
        "features": dict(r.features or {}), "segments": segments,
        "final_level": r.level if r.status == "approved" else None, "n_assessments": n_assessments,
        "n_words": (r.analysis or {}).get("n_words"), "n_sentences": (r.analysis or {}).get("n_sentences"),
    }


def stats(db: Session, actor: User, filters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Helper B's dashboard statistics over the (filtered) corpus."""
    require(actor, *REVIEWERS)
    from interlang.workbench.dashboard import dashboard_stats

    filters = filters or {}
    chosen = _filtered(select(TextItem.id), filters).scalar_subquery()
    names = dict(db.execute(select(User.id, User.username)).all())
    assessments = [
        {"text_id": t_id, "annotator_id": a_id, "annotator": names.get(a_id), "level": level}
        for t_id, a_id, level in db.execute(
            select(Assessment.text_id, Assessment.annotator_id, Assessment.level).where(Assessment.text_id.in_(chosen))
        )
    ]
    predicted: dict[int, str] = {}
    for t_id, level in db.execute(
        select(Prediction.text_id, Prediction.level).where(Prediction.text_id.in_(chosen)).order_by(Prediction.id)
    ):
        predicted[t_id] = level  # the newest wins
    predictions = [{"text_id": t_id, "level": level} for t_id, level in predicted.items()]

    def slim(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        # Streamed batch by batch; the raw text only where there are no features to count words from.
        for r in records:
            r.pop("segments", None)
            if r.get("features"):
                r.pop("text", None)
            yield r

    return _jsonable(dashboard_stats(slim(iter_records(db, filters)), assessments, predictions))


def counts_by_status(db: Session) -> dict[str, int]:
    return {s: int(n) for s, n in db.execute(select(TextItem.status, func.count()).group_by(TextItem.status)).all()}
