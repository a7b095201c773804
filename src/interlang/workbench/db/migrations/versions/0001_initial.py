"""Initial workbench schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        _ts("created_at"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(80), nullable=False),
        _ts("created_at"),
        _ts("expires_at", nullable=True),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "texts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("level", sa.String(2), nullable=True),
        sa.Column("genre", sa.String(100), nullable=True),
        sa.Column("topic", sa.String(100), nullable=True),
        sa.Column("register", sa.String(100), nullable=True),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("split", sa.String(20), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("features", sa.JSON, nullable=True),
        sa.Column("analysis", sa.JSON, nullable=True),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
    )
    op.create_index("ix_texts_status_level", "texts", ["status", "level"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text_id", sa.Integer, sa.ForeignKey("texts.id", ondelete="CASCADE"), nullable=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=True),
        sa.Column("detail", sa.JSON, nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_audit_log_text_id", "audit_log", ["text_id"])
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text_id", sa.Integer, sa.ForeignKey("texts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("order", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("inherited", sa.JSON, nullable=False),
        sa.Column("level", sa.String(2), nullable=True),
        _ts("created_at"),
        sa.UniqueConstraint("text_id", "order", name="uq_segments_text_order"),
    )
    op.create_index("ix_segments_text_id", "segments", ["text_id"])
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text_id", sa.Integer, sa.ForeignKey("texts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("level", sa.String(2), nullable=False),
        sa.Column("instructions", sa.Text, nullable=False),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_activities_text_id", "activities", ["text_id"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text_id", sa.Integer, sa.ForeignKey("texts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("assigned_by_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("strategy", sa.String(20), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("text_id", "annotator_id", name="uq_assignments_text_annotator"),
    )
    op.create_index("ix_assignments_text_id", "assignments", ["text_id"])
    op.create_index("ix_assignments_annotator_id", "assignments", ["annotator_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text_id", sa.Integer, sa.ForeignKey("texts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("level", sa.String(2), nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        _ts("created_at"),
        sa.UniqueConstraint("text_id", "annotator_id", name="uq_assessments_text_annotator"),
    )
    op.create_index("ix_assessments_text_id", "assessments", ["text_id"])
    op.create_index("ix_assessments_annotator_id", "assessments", ["annotator_id"])
    op.create_table(
        "predictions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text_id", sa.Integer, sa.ForeignKey("texts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("level", sa.String(2), nullable=False),
        sa.Column("proba", sa.JSON, nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_predictions_text_id", "predictions", ["text_id"])
    op.create_table(
        "training_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        _ts("created_at"),
        _ts("started_at", nullable=True),
        _ts("finished_at", nullable=True),
    )


def downgrade() -> None:
    for table in (
        "training_jobs", "predictions", "assessments", "assignments", "activities", "segments",
        "audit_log", "texts", "sessions", "api_tokens", "users",
    ):
        op.drop_table(table)
